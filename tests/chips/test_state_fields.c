/* Chip state read back from a (hostile) save state: out-of-range fields are refused by the
 * chip's serialize (issue 13: an FDC image size past its buffer, a PS/2 queue index of
 * 0x40000000, a bool holding 255). */
#include <stddef.h>
#include <stdlib.h>

#include "chips/fdc82077.h"
#include "chips/ide.h"
#include "chips/ps2.h"
#include "chips/uart16550.h"
#include "chips/vidc20.h"
#include "tests/test.h"

typedef struct mem_io {
    uint8_t *buf;
    size_t len, cap, pos;
    bool loading;
} mem_io_t;

static void mem_field(void *ctx, void *data, size_t size)
{
    mem_io_t *io = ctx;
    if (io->loading) {
        if (io->pos + size <= io->len)
            memcpy(data, io->buf + io->pos, size);
        io->pos += size;
    } else {
        if (io->len + size > io->cap) {
            io->cap = (io->len + size) * 2;
            io->buf = realloc(io->buf, io->cap);
        }
        memcpy(io->buf + io->len, data, size);
        io->len += size;
    }
}

/* Bytes of a struct field within a chip's state: the version word, then the fields from `first` on. */
#define AT(type, first, field) (4 + offsetof(type, field) - offsetof(type, first))

TEST(state_ps2_queue_index_and_bool_refused)
{
    ps2_cfg_t cfg = {.kind = PS2_KEYBOARD};
    ps2_t p;
    ps2_init(&p, &cfg);
    mem_io_t io = {0};
    REQUIRE(ps2_serialize(&p, mem_field, &io, false));
    ps2_t q = p;
    io.loading = true;
    CHECK(ps2_serialize(&q, mem_field, &io, true)); /* as saved: fine */
    uint32_t bad = 0x40000000u;
    memcpy(io.buf + AT(ps2_t, q, q_head), &bad, 4);
    io.pos = 0;
    CHECK(!ps2_serialize(&q, mem_field, &io, true));
    memcpy(io.buf + AT(ps2_t, q, q_head), &p.q_head, 4);
    io.buf[AT(ps2_t, q, scanning)] = 255;
    io.pos = 0;
    CHECK(!ps2_serialize(&q, mem_field, &io, true));
    free(io.buf);
}

TEST(state_fdc_image_size_refused)
{
    fdc_cfg_t cfg = {0};
    fdc82077_t *f = calloc(2, sizeof *f);
    REQUIRE(f);
    fdc_init(f, &cfg);
    uint8_t *img = calloc(1, 737280);
    char err[128];
    REQUIRE(fdc_insert(f, 0, img, 737280, false, err, sizeof err) == 0);
    mem_io_t io = {0};
    REQUIRE(fdc_serialize(f, mem_field, &io, false));
    io.loading = true;
    CHECK(fdc_serialize(&f[1], mem_field, &io, true));
    /* drive 0's size: first in the state after the version, at its offset in fdc_drive_t */
    uint32_t huge = 0x7fffffffu;
    memcpy(io.buf + 4 + offsetof(fdc_drive_t, size), &huge, 4);
    io.pos = 0;
    CHECK(!fdc_serialize(&f[1], mem_field, &io, true));
    uint32_t other = 1474560; /* fits the buffer, but not the geometry saved with it */
    memcpy(io.buf + 4 + offsetof(fdc_drive_t, size), &other, 4);
    io.pos = 0;
    CHECK(!fdc_serialize(&f[1], mem_field, &io, true));
    free(io.buf);
    free(img);
    free(f);
}

TEST(state_uart_vidc_ide_ranges_refused)
{
    uart16550_cfg_t ucfg = {0};
    uart16550_t u, u2;
    uart16550_init(&u, &ucfg);
    mem_io_t io = {0};
    REQUIRE(uart16550_serialize(&u, mem_field, &io, false));
    io.buf[AT(uart16550_t, ier, rx_head)] = 16;
    io.loading = true;
    CHECK(!uart16550_serialize(&u2, mem_field, &io, true));
    free(io.buf);

    vidc20_cfg_t vcfg = {.vclk_hz = 24000000, .rclk_hz = 32000000};
    vidc20_t *v = calloc(2, sizeof *v);
    REQUIRE(v);
    vidc20_init(v, &vcfg);
    io = (mem_io_t){0};
    REQUIRE(vidc20_serialize(v, mem_field, &io, false));
    io.buf[AT(vidc20_t, palette, sir)] = 8; /* stereo image index past its table */
    io.loading = true;
    CHECK(!vidc20_serialize(&v[1], mem_field, &io, true));
    free(io.buf);
    free(v);

    ide_cfg_t icfg = {0};
    ide_t *d = calloc(2, sizeof *d);
    REQUIRE(d);
    ide_init(d, &icfg);
    io = (mem_io_t){0};
    REQUIRE(ide_serialize(d, mem_field, &io, false));
    io.loading = true;
    CHECK(ide_serialize(&d[1], mem_field, &io, true));
    /* a transfer in progress with no disc attached */
    uint32_t left = 5;
    size_t drives = 2 * (2 + 2 + 1); /* cur_heads, cur_spt, multiple per drive */
    memcpy(io.buf + 4 + drives + offsetof(ide_t, left) - offsetof(ide_t, feature), &left, 4);
    io.pos = 0;
    CHECK(!ide_serialize(&d[1], mem_field, &io, true));
    free(io.buf);
    free(d);
}
