#include "chips/fdc82077.h"
#include "tests/test.h"

#include <stdlib.h>

static int f_irq, f_drq;
static void t_irq(void *c, bool l) { (void)c; f_irq = l; }
static void t_drq(void *c, bool l) { (void)c; f_drq = l; }

static fdc82077_t *make(void)
{
    static fdc82077_t f;
    fdc_init(&f, &(fdc_cfg_t){.irq = t_irq, .drq = t_drq});
    return &f;
}

static void cmd_(test_ctx_t *t, fdc82077_t *f, const uint8_t *b, int n)
{
    for (int i = 0; i < n; i++) {
        CHECK_EQ(fdc_read(f, 4) & 0xc0, 0x80); /* RQM, CPU to FDC */
        fdc_write(f, 5, b[i]);
    }
}

static int results(fdc82077_t *f, uint8_t *r)
{
    int n = 0;
    while ((fdc_read(f, 4) & 0xc0) == 0xc0 && n < 10)
        r[n++] = fdc_read(f, 5);
    return n;
}

TEST(fdc_reset_interrupt_and_version)
{
    fdc82077_t *f = make();
    uint8_t r[10];
    fdc_write(f, 2, 0x00);
    fdc_write(f, 2, 0x0c); /* leave reset with DMA/IRQ enabled */
    CHECK_EQ(f_irq, 1);
    for (int i = 0; i < 4; i++) {
        cmd_(t, f, (uint8_t[]){0x08}, 1);
        CHECK_EQ(results(f, r), 2);
        CHECK_EQ(r[0], 0xc0 | i);
    }
    CHECK_EQ(f_irq, 0);
    cmd_(t, f, (uint8_t[]){0x08}, 1); /* nothing pending: invalid */
    CHECK_EQ(results(f, r), 1);
    CHECK_EQ(r[0], 0x80);
    cmd_(t, f, (uint8_t[]){0x10}, 1);
    CHECK_EQ(results(f, r), 1);
    CHECK_EQ(r[0], 0x90);
    cmd_(t, f, (uint8_t[]){0x0e}, 1);
    CHECK_EQ(results(f, r), 10);
    cmd_(t, f, (uint8_t[]){0x94}, 1); /* LOCK */
    CHECK_EQ(results(f, r), 1);
    CHECK_EQ(r[0], 0x10);
    cmd_(t, f, (uint8_t[]){0x18}, 1); /* PARTID: not an 82077AA command */
    CHECK_EQ(results(f, r), 1);
    CHECK_EQ(r[0], 0x80);
}

TEST(fdc_seek_and_dma_read)
{
    fdc82077_t *f = make();
    uint8_t r[10], err[200];
    static uint8_t img[1474560];
    for (size_t i = 0; i < sizeof img; i += 512) { img[i] = (uint8_t)(i / 512); img[i + 1] = (uint8_t)(i / 512 >> 8); }
    REQUIRE(fdc_insert(f, 0, img, sizeof img, false, (char *)err, sizeof err) == 0);
    fdc_write(f, 2, 0x1c); /* drive 0, motor on, out of reset, DMA */
    for (int i = 0; i < 4; i++) { cmd_(t, f, (uint8_t[]){0x08}, 1); results(f, r); }
    cmd_(t, f, (uint8_t[]){0x03, 0xdf, 0x02}, 3); /* SPECIFY: DMA mode */
    CHECK_EQ(fdc_read(f, 7) & 0x80, 0x80); /* disc changed */
    cmd_(t, f, (uint8_t[]){0x0f, 0x00, 5}, 3); /* SEEK to 5 */
    CHECK_EQ(f_irq, 1);
    cmd_(t, f, (uint8_t[]){0x08}, 1);
    CHECK_EQ(results(f, r), 2);
    CHECK_EQ(r[0], 0x20);
    CHECK_EQ(r[1], 5);
    CHECK_EQ(fdc_read(f, 7) & 0x80, 0);
    /* HD disc at 250 kbps: no address mark */
    fdc_write(f, 7, 2);
    cmd_(t, f, (uint8_t[]){0x4a, 0x00}, 2);
    CHECK_EQ(results(f, r), 7);
    CHECK_EQ(r[0] & 0xc0, 0x40);
    CHECK_EQ(r[1], 0x01);
    fdc_write(f, 7, 0);
    cmd_(t, f, (uint8_t[]){0x4a, 0x04}, 2); /* READ ID head 1 */
    CHECK_EQ(results(f, r), 7);
    CHECK_EQ(r[0], 0x04);
    CHECK_EQ(r[3], 5);
    CHECK_EQ(r[6], 2);
    /* READ DATA C5 H1 R3..R4 (MFM, MT) with DMA */
    cmd_(t, f, (uint8_t[]){0xc6, 0x04, 5, 1, 3, 2, 4, 0x1b, 0xff}, 9);
    CHECK_EQ(f_drq, 1);
    CHECK_EQ(fdc_read(f, 4) & 0x80, 0); /* DMA mode: no RQM during execution */
    uint32_t lba = (5 * 2 + 1) * 18 + 2;
    CHECK_EQ(fdc_dack_read(f, false), lba & 0xff);
    for (int i = 1; i < 512; i++) fdc_dack_read(f, false);
    CHECK_EQ(fdc_dack_read(f, false), (lba + 1) & 0xff); /* next sector */
    for (int i = 1; i < 511; i++) fdc_dack_read(f, false);
    CHECK_EQ(f_irq, 0);
    fdc_dack_read(f, true); /* terminal count on the last byte */
    CHECK_EQ(f_drq, 0);
    CHECK_EQ(f_irq, 1);
    CHECK_EQ(results(f, r), 7);
    CHECK_EQ(r[0], 0x00);
    CHECK_EQ(r[1], 0);
    /* ended on EOT of head 1 with MT: C+1, H complemented to 0, R = 1 (82077AA result table) */
    CHECK_EQ(r[3], 6);
    CHECK_EQ(r[4], 0);
    CHECK_EQ(r[5], 1);
    CHECK_EQ(f_irq, 0);
}

TEST(fdc_pio_write_and_protect)
{
    fdc82077_t *f = make();
    uint8_t r[10], err[200];
    static uint8_t img[819200];
    REQUIRE(fdc_insert(f, 1, img, sizeof img, false, (char *)err, sizeof err) == 0);
    fdc_write(f, 2, 0x2d);
    for (int i = 0; i < 4; i++) { cmd_(t, f, (uint8_t[]){0x08}, 1); results(f, r); }
    cmd_(t, f, (uint8_t[]){0x03, 0xdf, 0x03}, 3); /* non-DMA */
    fdc_write(f, 4, 2); /* 250 kbps: ADFS E is double density */
    cmd_(t, f, (uint8_t[]){0x07, 0x01}, 2);
    cmd_(t, f, (uint8_t[]){0x08}, 1);
    results(f, r);
    /* WRITE DATA C0 H0 R0 N3 (1024 bytes, ADFS sectors count from 0) */
    cmd_(t, f, (uint8_t[]){0x45, 0x01, 0, 0, 0, 3, 0, 0x1b, 0xff}, 9);
    for (int i = 0; i < 1024; i++) {
        CHECK_EQ(fdc_read(f, 4) & 0xe0, 0xa0); /* RQM, non-DMA, CPU to FDC */
        fdc_write(f, 5, (uint8_t)(i * 7));
    }
    CHECK_EQ(results(f, r), 7);
    CHECK_EQ(r[0] & 0xc0, 0x40); /* ran to EOT without TC: abnormal, end of cylinder */
    CHECK_EQ(r[1], 0x80);
    CHECK_EQ(f->drive[1].data[3], 21);
    CHECK(f->drive[1].dirty);
    REQUIRE(fdc_insert(f, 1, img, sizeof img, true, (char *)err, sizeof err) == 0);
    cmd_(t, f, (uint8_t[]){0x45, 0x01, 0, 0, 0, 3, 0, 0x1b, 0xff}, 9);
    CHECK_EQ(results(f, r), 7);
    CHECK_EQ(r[1], 0x02); /* not writable */
    CHECK(fdc_insert(f, 0, img, 1000, false, (char *)err, sizeof err) != 0);
}
