/* Chip state read back from a (hostile) save state: out-of-range fields are refused by the
 * chip's serialize with a line naming the problem (issue 13: an FDC image size past its buffer,
 * a PS/2 queue index of 0x40000000, a bool holding 255), and a state as saved loads. */
#include <stddef.h>
#include <stdlib.h>

#include "chips/dp8390.h"
#include "chips/fdc82077.h"
#include "chips/ide.h"
#include "chips/ps2.h"
#include "chips/uart16550.h"
#include "chips/vidc20.h"
#include "machines/state.h"
#include "tests/test.h"

/* The bytes a chip saves; the caller frees ser.buf. */
#define SAVE(out, fn, chip)                                                                       \
    do {                                                                                          \
        ser_init(&(out), SER_SAVE);                                                               \
        fn(chip, &(out));                                                                         \
    } while (0)

/* Loads buf into chip: NULL when it loads, else the message. */
#define LOAD(fn, chip, buf, len, msg)                                                             \
    do {                                                                                          \
        ser_t in_;                                                                                \
        ser_init_load(&in_, buf, len);                                                            \
        fn(chip, &in_);                                                                           \
        if (ser_ok(&in_) && in_.pos != (len))                                                     \
            ser_fail(&in_, "%zu bytes left", (size_t)(len) - in_.pos);                            \
        snprintf(msg, sizeof msg, "%s", ser_ok(&in_) ? "" : in_.err);                             \
    } while (0)

/* Offset of a field in the saved bytes: they follow the struct's order from `first`, packed. */
static size_t find_u32(const uint8_t *b, size_t len, uint32_t v)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (b[i] == (uint8_t)v && b[i + 1] == (uint8_t)(v >> 8) && b[i + 2] == (uint8_t)(v >> 16) &&
            b[i + 3] == (uint8_t)(v >> 24))
            return i;
    return len;
}

TEST(state_ps2_queue_index_and_bool_refused)
{
    ps2_cfg_t cfg = {.kind = PS2_KEYBOARD};
    ps2_t p, q;
    ps2_init(&p, &cfg);
    p.q_head = 0x2a2a2a2a & 0x3f; /* 42: easy to find after the 64 queue bytes */
    ser_t out;
    SAVE(out, ps2_serialize, &p);
    REQUIRE(ser_ok(&out));
    char msg[256];
    q = p;
    LOAD(ps2_serialize, &q, out.buf, out.len, msg);
    CHECK_STR(msg, "");
    size_t at = PS2_QUEUE; /* q_head follows the queue */
    REQUIRE(out.buf[at] == 42);
    out.buf[at + 3] = 0x40; /* 0x4000002a */
    LOAD(ps2_serialize, &q, out.buf, out.len, msg);
    CHECK(strstr(msg, "q_head") != NULL);
    out.buf[at + 3] = 0;
    size_t scanning = PS2_QUEUE + 4 + 4 + 4; /* q_head, q_count, pending command */
    out.buf[scanning] = 255;
    LOAD(ps2_serialize, &q, out.buf, out.len, msg);
    CHECK(strstr(msg, "0 or 1") != NULL);
    ser_free(&out);
}

TEST(state_fdc_image_size_refused)
{
    fdc_cfg_t cfg = {0};
    fdc82077_t *f = calloc(2, sizeof *f);
    REQUIRE(f);
    fdc_init(f, &cfg);
    uint8_t *img = calloc(1, 737280);
    char err[128], msg[256];
    REQUIRE(fdc_insert(f, 0, img, 737280, false, err, sizeof err) == 0);
    ser_t out;
    SAVE(out, fdc_serialize, f);
    REQUIRE(ser_ok(&out));
    LOAD(fdc_serialize, &f[1], out.buf, out.len, msg);
    CHECK_STR(msg, "");
    CHECK_EQ(f[1].drive[0].size, 737280u);
    size_t at = find_u32(out.buf, 64, 737280); /* drive 0's size, among its first fields */
    REQUIRE(at < 64);
    uint32_t huge = 0x7fffffffu;
    memcpy(out.buf + at, &huge, 4);
    LOAD(fdc_serialize, &f[1], out.buf, out.len, msg);
    CHECK(strstr(msg, "size") != NULL);
    uint32_t other = 1474560; /* fits the buffer, but not the geometry saved with it */
    memcpy(out.buf + at, &other, 4);
    LOAD(fdc_serialize, &f[1], out.buf, out.len, msg);
    CHECK(strstr(msg, "geometry") != NULL);
    ser_free(&out);
    free(img);
    free(f);
}

TEST(state_uart_vidc_ide_ranges_refused)
{
    char msg[256];
    uart16550_cfg_t ucfg = {0};
    uart16550_t u, u2;
    uart16550_init(&u, &ucfg);
    ser_t out;
    SAVE(out, uart16550_serialize, &u);
    out.buf[7 + 2 + UART16550_FIFO] = UART16550_FIFO; /* rx_head past the FIFO */
    LOAD(uart16550_serialize, &u2, out.buf, out.len, msg);
    CHECK(strstr(msg, "rx_head") != NULL);
    ser_free(&out);

    vidc20_cfg_t vcfg = {.vclk_hz = 24000000, .rclk_hz = 32000000};
    vidc20_t *v = calloc(2, sizeof *v);
    REQUIRE(v);
    vidc20_init(v, &vcfg);
    SAVE(out, vidc20_serialize, v);
    LOAD(vidc20_serialize, &v[1], out.buf, out.len, msg);
    CHECK_STR(msg, "");
    out.buf[out.len - 2] = 8; /* the last stereo image index, past its table */
    LOAD(vidc20_serialize, &v[1], out.buf, out.len, msg);
    CHECK(strstr(msg, "sir") != NULL);
    ser_free(&out);
    free(v);

    ide_cfg_t icfg = {0};
    ide_t *d = calloc(2, sizeof *d);
    REQUIRE(d);
    ide_init(d, &icfg);
    SAVE(out, ide_serialize, d);
    LOAD(ide_serialize, &d[1], out.buf, out.len, msg);
    CHECK_STR(msg, "");
    /* a transfer in progress with no disc attached: `left`, before the last bool */
    uint32_t left = 5;
    memcpy(out.buf + out.len - 5, &left, 4);
    LOAD(ide_serialize, &d[1], out.buf, out.len, msg);
    CHECK(strstr(msg, "does not fit the disc") != NULL);
    ser_free(&out);
    free(d);
}

TEST(state_dp8390_round_trip)
{
    dp8390_cfg_t cfg = {0};
    dp8390_t *n = calloc(2, sizeof *n);
    REQUIRE(n);
    dp8390_init(n, &cfg);
    n->pstart = 0x46;
    n->mem[0x1234] = 0x5a;
    ser_t out;
    SAVE(out, dp8390_serialize, n);
    CHECK(out.len < 4096 + 200); /* one page of the buffer RAM is used: the others cost a byte */
    char msg[256];
    LOAD(dp8390_serialize, &n[1], out.buf, out.len, msg);
    CHECK_STR(msg, "");
    CHECK_EQ(n[1].pstart, 0x46);
    CHECK_EQ(n[1].mem[0x1234], 0x5a);
    CHECK(memcmp(n[0].mem, n[1].mem, sizeof n->mem) == 0);
    ser_free(&out);
    free(n);
}
