#include "chips/ide.h"
#include "machines/state.h"
#include "tests/test.h"

#include <stdlib.h>
#include <unistd.h>

static int ide_irq_level;
static void t_irq(void *c, bool l) { (void)c; ide_irq_level = l; }

/* A 1 MB image whose sector n starts with the bytes n (LE32). */
static const char *make_image(char *path)
{
    strcpy(path, "/tmp/arcana-ide-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    static uint8_t sec[512];
    for (uint32_t n = 0; n < 2048; n++) {
        memset(sec, 0, sizeof sec);
        memcpy(sec, &n, 4);
        if (write(fd, sec, 512) != 512) { close(fd); return NULL; }
    }
    close(fd);
    return path;
}

static uint32_t read_sector_tag(ide_t *d)
{
    uint32_t lo = ide_read(d, IDE_DATA, 2), hi = ide_read(d, IDE_DATA, 2);
    for (int i = 2; i < 256; i++) ide_read(d, IDE_DATA, 2);
    return lo | (hi << 16);
}

TEST(ide_identify_read_write)
{
    char path[64], err[200];
    REQUIRE(make_image(path));
    static ide_t d;
    ide_init(&d, &(ide_cfg_t){.irq = t_irq});
    REQUIRE(ide_attach(&d, 0, path, false, err, sizeof err) == 0);
    ide_reset(&d);
    CHECK_EQ(ide_read(&d, IDE_NSECT, 1), 1); /* signature */
    CHECK_EQ(ide_read(&d, IDE_LBAL, 1), 1);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1), 0x50);
    ide_write(&d, IDE_STATUS, 0xec, 1);
    CHECK_EQ(ide_irq_level, 1);
    CHECK_EQ(ide_read_alt(&d) & IDE_ST_DRQ, IDE_ST_DRQ);
    uint16_t id[256];
    for (int i = 0; i < 256; i++) id[i] = (uint16_t)ide_read(&d, IDE_DATA, 2);
    CHECK_EQ(id[60] | (id[61] << 16), 2048);
    CHECK_EQ(id[3], 16); /* 16 heads, 63 sectors per track, 2 cylinders */
    CHECK_EQ(id[6], 63);
    CHECK_EQ(id[1], 2);
    CHECK_EQ(id[49] & 0x200, 0x200);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1), 0x50);
    CHECK_EQ(ide_irq_level, 0);
    /* LBA read of 2 sectors from 100 */
    ide_write(&d, IDE_NSECT, 2, 1);
    ide_write(&d, IDE_LBAL, 100, 1);
    ide_write(&d, IDE_LBAM, 0, 1);
    ide_write(&d, IDE_LBAH, 0, 1);
    ide_write(&d, IDE_DEVICE, 0xe0, 1);
    ide_write(&d, IDE_STATUS, 0x20, 1);
    CHECK_EQ(read_sector_tag(&d), 100);
    CHECK_EQ(read_sector_tag(&d), 101);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1), 0x50);
    CHECK_EQ(ide_read(&d, IDE_LBAL, 1), 101);
    /* CHS read: cylinder 1, head 2, sector 5 = LBA (1*16+2)*63+4 = 1138 */
    ide_write(&d, IDE_NSECT, 1, 1);
    ide_write(&d, IDE_LBAL, 5, 1);
    ide_write(&d, IDE_LBAM, 1, 1);
    ide_write(&d, IDE_DEVICE, 0xa2, 1);
    ide_write(&d, IDE_STATUS, 0x20, 1);
    CHECK_EQ(read_sector_tag(&d), 1138);
    CHECK_EQ(ide_read(&d, IDE_LBAL, 1), 5);
    CHECK_EQ(ide_read(&d, IDE_DEVICE, 1), 0xa2);
    /* write one sector at LBA 7 and read it back */
    ide_write(&d, IDE_NSECT, 1, 1);
    ide_write(&d, IDE_LBAL, 7, 1);
    ide_write(&d, IDE_LBAM, 0, 1);
    ide_write(&d, IDE_DEVICE, 0xe0, 1);
    ide_write(&d, IDE_STATUS, 0x30, 1);
    CHECK_EQ(ide_read_alt(&d) & IDE_ST_DRQ, IDE_ST_DRQ);
    ide_write(&d, IDE_DATA, 0xbeef, 2);
    ide_write(&d, IDE_DATA, 0xdead, 2);
    for (int i = 2; i < 256; i++) ide_write(&d, IDE_DATA, 0, 2);
    CHECK_EQ(ide_irq_level, 1);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1), 0x50);
    ide_write(&d, IDE_NSECT, 1, 1);
    ide_write(&d, IDE_LBAL, 7, 1);
    ide_write(&d, IDE_STATUS, 0x20, 1);
    CHECK_EQ(read_sector_tag(&d), 0xdeadbeef);
    /* beyond the end: IDNF */
    ide_write(&d, IDE_LBAM, 0x10, 1);
    ide_write(&d, IDE_STATUS, 0x20, 1);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1) & IDE_ST_ERR, IDE_ST_ERR);
    CHECK_EQ(ide_read(&d, IDE_ERROR, 1), 0x10);
    /* an unknown command aborts */
    ide_write(&d, IDE_STATUS, 0xa1, 1);
    CHECK_EQ(ide_read(&d, IDE_ERROR, 1), 0x04);
    /* the absent slave: an undriven bus with DD7 pulled down */
    ide_write(&d, IDE_DEVICE, 0xb0, 1);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1), 0x7f);
    ide_write(&d, IDE_NSECT, 0x55, 1);
    CHECK_EQ(ide_read(&d, IDE_NSECT, 1), 0x7f);
    ide_detach(&d, 0);
    unlink(path);
}

TEST(ide_soft_reset_and_nien)
{
    char path[64], err[200];
    REQUIRE(make_image(path));
    static ide_t d;
    ide_init(&d, &(ide_cfg_t){.irq = t_irq});
    REQUIRE(ide_attach(&d, 0, path, true, err, sizeof err) == 0);
    ide_write_ctl(&d, 0x02); /* nIEN */
    ide_write(&d, IDE_STATUS, 0xec, 1);
    CHECK_EQ(ide_irq_level, 0);
    ide_write_ctl(&d, 0x00);
    CHECK_EQ(ide_irq_level, 1);
    ide_write_ctl(&d, 0x04); /* SRST */
    CHECK_EQ(ide_read_alt(&d), IDE_ST_BSY);
    ide_write_ctl(&d, 0x00);
    CHECK_EQ(ide_read_alt(&d), 0x50);
    CHECK_EQ(ide_read(&d, IDE_ERROR, 1), 1);
    /* read-only image: writes abort */
    ide_write(&d, IDE_NSECT, 1, 1);
    ide_write(&d, IDE_DEVICE, 0xe0, 1);
    ide_write(&d, IDE_STATUS, 0x30, 1);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1) & IDE_ST_ERR, IDE_ST_ERR);
    ide_detach(&d, 0);
    CHECK(ide_attach(&d, 0, "/nonexistent/disc.img", false, err, sizeof err) != 0);
    CHECK(strstr(err, "/nonexistent/disc.img") != NULL);
    unlink(path);
}

/* A state saved after a finished PIO read loads again (the buffer position was left past the
 * emptied buffer, which the loader rightly refuses). */

TEST(ide_state_after_finished_read_loads)
{
    char path[64], err[200];
    REQUIRE(make_image(path));
    static ide_t d, e;
    ide_init(&d, &(ide_cfg_t){.irq = t_irq});
    ide_init(&e, &(ide_cfg_t){.irq = t_irq});
    REQUIRE(ide_attach(&d, 0, path, false, err, sizeof err) == 0);
    REQUIRE(ide_attach(&e, 0, path, false, err, sizeof err) == 0);
    ide_reset(&d);
    ide_write(&d, IDE_NSECT, 1, 1);
    ide_write(&d, IDE_LBAL, 7, 1);
    ide_write(&d, IDE_LBAM, 0, 1);
    ide_write(&d, IDE_LBAH, 0, 1);
    ide_write(&d, IDE_DEVICE, 0xe0, 1);
    ide_write(&d, IDE_STATUS, 0x20, 1);
    CHECK_EQ(read_sector_tag(&d), 7);
    CHECK_EQ(ide_read(&d, IDE_STATUS, 1) & IDE_ST_DRQ, 0);
    ser_t out, in;
    ser_init(&out, SER_SAVE);
    ide_serialize(&d, &out);
    REQUIRE(ser_ok(&out));
    ser_init_load(&in, out.buf, out.len);
    ide_serialize(&e, &in);
    CHECK(ser_ok(&in));
    CHECK_EQ(in.pos, out.len);
    ser_free(&out);
    ide_detach(&d, 0);
    ide_detach(&e, 0);
    unlink(path);
}
