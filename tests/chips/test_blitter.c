/* Blitter: results against hand-computed bitmaps, and the cycle patterns. */
#include "tests/test.h"

#include "chips/blitter.h"

#include <stdlib.h>

#define RAM 0x10000

typedef struct blt_rig {
    blitter_t b;
    uint8_t ram[RAM];
    int done;
} blt_rig_t;

static void on_done(void *ctx) { ((blt_rig_t *)ctx)->done++; }

static blt_rig_t *rig(void)
{
    blt_rig_t *r = calloc(1, sizeof *r);
    blitter_cfg_t cfg = {.ecs = false, .chip_ram = r->ram, .chip_mask = RAM - 1, .ctx = r, .done = on_done};
    blitter_init(&r->b, &cfg);
    return r;
}

static void put(blt_rig_t *r, unsigned a, uint16_t w) { r->ram[a] = (uint8_t)(w >> 8); r->ram[a + 1] = (uint8_t)w; }
static uint16_t get(blt_rig_t *r, unsigned a) { return (uint16_t)(r->ram[a] << 8 | r->ram[a + 1]); }
static void wr(blt_rig_t *r, unsigned reg, uint16_t v) { blitter_write(&r->b, reg, v); }
static void ptr(blt_rig_t *r, unsigned reg, uint32_t a) { wr(r, reg, (uint16_t)(a >> 16)); wr(r, reg + 2, (uint16_t)a); }

enum { CON0 = 0x40, CON1 = 0x42, AFWM = 0x44, ALWM = 0x46, CPT = 0x48, BPT = 0x4C, APT = 0x50,
       DPT = 0x54, SIZE = 0x58, CMOD = 0x60, BMOD = 0x62, AMOD = 0x64, DMOD = 0x66, CDAT = 0x70,
       BDAT = 0x72, ADAT = 0x74 };

TEST(blitter_copy_with_shift_carries_across_rows)
{
    blt_rig_t *r = rig();
    put(r, 0x1000, 0x1234); put(r, 0x1002, 0x5678);
    put(r, 0x1004, 0xABCD); put(r, 0x1006, 0xEF01);
    wr(r, CON0, 0x49F0);            /* ASH=4, A and D, D = A */
    wr(r, CON1, 0);
    wr(r, AFWM, 0xFFFF); wr(r, ALWM, 0xFFFF);
    ptr(r, APT, 0x1000); ptr(r, DPT, 0x2000);
    wr(r, AMOD, 0); wr(r, DMOD, 0);
    wr(r, SIZE, 2 << 6 | 2);
    CHECK(blitter_status(&r->b) & BLITTER_BUSY);
    blitter_finish(&r->b);
    CHECK_EQ(get(r, 0x2000), 0x0123);
    CHECK_EQ(get(r, 0x2002), 0x4567);
    CHECK_EQ(get(r, 0x2004), 0x8ABC);   /* the low bits of the previous row come in */
    CHECK_EQ(get(r, 0x2006), 0xDEF0);
    CHECK_EQ(r->done, 1);
    CHECK(!(blitter_status(&r->b) & BLITTER_BUSY));
    CHECK(!(blitter_status(&r->b) & BLITTER_ZERO));
    free(r);
}

TEST(blitter_first_last_word_masks_and_modulo)
{
    blt_rig_t *r = rig();
    for (unsigned i = 0; i < 8; i++) put(r, 0x1000 + 2 * i, 0xFFFF);
    wr(r, CON0, 0x09F0);
    wr(r, CON1, 0);
    wr(r, AFWM, 0x0FFF); wr(r, ALWM, 0xFFF0);
    ptr(r, APT, 0x1000); ptr(r, DPT, 0x2000);
    wr(r, AMOD, 2); wr(r, DMOD, 4);   /* A: 3 words + 2 bytes, D: 3 words + 4 bytes */
    wr(r, SIZE, 2 << 6 | 3);
    blitter_finish(&r->b);
    CHECK_EQ(get(r, 0x2000), 0x0FFF);
    CHECK_EQ(get(r, 0x2002), 0xFFFF);
    CHECK_EQ(get(r, 0x2004), 0xFFF0);
    CHECK_EQ(get(r, 0x2006), 0x0000);
    CHECK_EQ(get(r, 0x200A), 0x0FFF);
    CHECK_EQ(get(r, 0x200E), 0xFFF0);
    /* single-word rows get both masks */
    wr(r, AFWM, 0x0FF0); wr(r, ALWM, 0xFF00);
    ptr(r, APT, 0x1000); ptr(r, DPT, 0x3000);
    wr(r, SIZE, 1 << 6 | 1);
    blitter_finish(&r->b);
    CHECK_EQ(get(r, 0x3000), 0x0F00);
    free(r);
}

TEST(blitter_all_minterms)
{
    blt_rig_t *r = rig();
    const uint16_t a = 0xFF00, b = 0xF0F0, c = 0xCCCC;
    int bad = 0;
    for (unsigned lf = 0; lf < 256; lf++) {
        wr(r, CON0, (uint16_t)(0x0100 | lf));   /* D only; A, B, C from their data registers */
        wr(r, CON1, 0);
        wr(r, AFWM, 0xFFFF); wr(r, ALWM, 0xFFFF);
        wr(r, ADAT, a); wr(r, BDAT, b); wr(r, CDAT, c);
        ptr(r, DPT, 0x4000);
        wr(r, SIZE, 1 << 6 | 1);
        blitter_finish(&r->b);
        uint16_t want = 0;
        for (unsigned i = 0; i < 16; i++) {
            unsigned idx = ((a >> i) & 1) << 2 | ((b >> i) & 1) << 1 | ((c >> i) & 1);
            want |= (uint16_t)(((lf >> idx) & 1) << i);
        }
        if (get(r, 0x4000) != want) bad++;
        if (((blitter_status(&r->b) & BLITTER_ZERO) != 0) != (want == 0)) bad++;
    }
    CHECK_EQ(bad, 0);
    free(r);
}

TEST(blitter_b_shift_and_abc)
{
    blt_rig_t *r = rig();
    put(r, 0x1000, 0xFFFF); put(r, 0x1002, 0x0000);   /* A: mask */
    put(r, 0x1100, 0x00FF); put(r, 0x1102, 0xFF00);   /* B: data, shifted by 8 */
    put(r, 0x1200, 0xAAAA); put(r, 0x1202, 0xAAAA);   /* C: background */
    wr(r, CON0, 0x0FCA);      /* D = AB + !A C (cookie cut) */
    wr(r, CON1, 0x8000);      /* BSH = 8 */
    wr(r, AFWM, 0xFFFF); wr(r, ALWM, 0xFFFF);
    ptr(r, APT, 0x1000); ptr(r, BPT, 0x1100); ptr(r, CPT, 0x1200); ptr(r, DPT, 0x1300);
    wr(r, SIZE, 1 << 6 | 2);
    blitter_finish(&r->b);
    CHECK_EQ(get(r, 0x1300), 0x0000);   /* B shifted: (0 << 16 | 0x00FF) >> 8 = 0x0000 */
    CHECK_EQ(get(r, 0x1302), 0xAAAA);   /* A = 0: C passes */
    free(r);
}

TEST(blitter_descending_overlapping_copy)
{
    blt_rig_t *r = rig();
    for (unsigned i = 0; i < 4; i++) put(r, 0x100 + 2 * i, (uint16_t)(i + 1));
    wr(r, CON0, 0x09F0);
    wr(r, CON1, 0x0002);           /* DESC */
    wr(r, AFWM, 0xFFFF); wr(r, ALWM, 0xFFFF);
    ptr(r, APT, 0x106); ptr(r, DPT, 0x108);
    wr(r, AMOD, 0); wr(r, DMOD, 0);
    wr(r, SIZE, 1 << 6 | 4);
    blitter_finish(&r->b);
    CHECK_EQ(get(r, 0x100), 1);
    CHECK_EQ(get(r, 0x102), 1);
    CHECK_EQ(get(r, 0x104), 2);
    CHECK_EQ(get(r, 0x106), 3);
    CHECK_EQ(get(r, 0x108), 4);
    /* descending shifts left: ASH=4 moves bits up */
    put(r, 0x200, 0x0000); put(r, 0x202, 0x1234);
    wr(r, CON0, 0x49F0);
    ptr(r, APT, 0x202); ptr(r, DPT, 0x302);
    wr(r, SIZE, 1 << 6 | 2);
    blitter_finish(&r->b);
    CHECK_EQ(get(r, 0x302), 0x2340);
    CHECK_EQ(get(r, 0x300), 0x0001);
    free(r);
}

static void fill_blit(blt_rig_t *r, uint16_t con1)
{
    wr(r, CON0, 0x09F0);
    wr(r, CON1, con1);
    wr(r, AFWM, 0xFFFF); wr(r, ALWM, 0xFFFF);
    ptr(r, APT, 0x1002); ptr(r, DPT, 0x2002);   /* descending: last word of the row */
    wr(r, AMOD, 0); wr(r, DMOD, 0);
    wr(r, SIZE, 1 << 6 | 2);
    blitter_finish(&r->b);
}

TEST(blitter_area_fill_inclusive_exclusive)
{
    blt_rig_t *r = rig();
    put(r, 0x1000, 0x0800); put(r, 0x1002, 0x0010);   /* edges at x=4 and x=27 */
    fill_blit(r, 0x000A);                             /* DESC + IFE */
    CHECK_EQ(get(r, 0x2000), 0x0FFF);
    CHECK_EQ(get(r, 0x2002), 0xFFF0);
    fill_blit(r, 0x0012);                             /* DESC + EFE: left edge bit dropped */
    CHECK_EQ(get(r, 0x2000), 0x07FF);
    CHECK_EQ(get(r, 0x2002), 0xFFF0);
    fill_blit(r, 0x000E);                             /* IFE + FCI: filling starts "on" */
    CHECK_EQ(get(r, 0x2002), 0x001F);
    CHECK_EQ(get(r, 0x2000), 0xF800);
    free(r);
}

static void line(blt_rig_t *r, bool sing)
{
    /* (0,0) to (7,3) in a 4-byte-wide bitmap at $3000 (HRM ch. 6 "Line mode" setup):
     * dx = 7, dy = 3: x is the major axis, octant bits SUD=1 SUL=0 AUL=0. */
    int dx = 7, dy = 3;
    int16_t err = (int16_t)(4 * dy - 2 * dx);
    wr(r, CON0, 0x0BCA);                                 /* ASH 0, A C D, D = AB + !A C */
    wr(r, CON1, (uint16_t)(0x0011 | (err < 0 ? 0x40 : 0) | (sing ? 2 : 0)));
    wr(r, ADAT, 0x8000); wr(r, BDAT, 0xFFFF);
    wr(r, AFWM, 0xFFFF); wr(r, ALWM, 0xFFFF);
    wr(r, APT + 2, (uint16_t)err);
    wr(r, AMOD, (uint16_t)(4 * (dy - dx)));
    wr(r, BMOD, (uint16_t)(4 * dy));
    ptr(r, CPT, 0x3000); ptr(r, DPT, 0x3000);
    wr(r, CMOD, 4); wr(r, DMOD, 4);
    wr(r, SIZE, (uint16_t)((dx + 1) << 6 | 2));
    blitter_finish(&r->b);
}

TEST(blitter_line_mode)
{
    blt_rig_t *r = rig();
    line(r, false);
    CHECK_EQ(get(r, 0x3000), 0xC000);
    CHECK_EQ(get(r, 0x3004), 0x3000);
    CHECK_EQ(get(r, 0x3008), 0x0C00);
    CHECK_EQ(get(r, 0x300C), 0x0300);
    CHECK_EQ(get(r, 0x3010), 0x0000);
    CHECK_EQ(r->done, 1);
    for (unsigned i = 0; i < 0x20; i++) r->ram[0x3000 + i] = 0;
    line(r, true);                                 /* SING: one pixel per row */
    CHECK_EQ(get(r, 0x3000), 0x8000);
    CHECK_EQ(get(r, 0x3004), 0x2000);
    CHECK_EQ(get(r, 0x3008), 0x0800);
    CHECK_EQ(get(r, 0x300C), 0x0200);
    free(r);
}

/* Counts CCKs and bus cycles of a blit with the bus always free. */
static void count(blt_rig_t *r, unsigned *ccks, unsigned *bus)
{
    *ccks = *bus = 0;
    while (blitter_status(&r->b) & BLITTER_BUSY) {
        if (blitter_cck(&r->b, true)) (*bus)++;
        (*ccks)++;
    }
}

TEST(blitter_cycle_patterns)
{
    blt_rig_t *r = rig();
    unsigned ccks, bus;
    wr(r, CON1, 0);
    /* A D: "A0 -- A1 D0 ... -- Dn" (2 per word, +3 start, +2 for the last D) */
    wr(r, CON0, 0x09F0); wr(r, SIZE, 2 << 6 | 4);
    count(r, &ccks, &bus);
    CHECK_EQ(ccks, 3 + 8 * 2 + 2);
    CHECK_EQ(bus, 16);
    /* A B C D: 4 per word */
    wr(r, CON0, 0x0FF0); wr(r, SIZE, 2 << 6 | 4);
    count(r, &ccks, &bus);
    CHECK_EQ(ccks, 3 + 8 * 4 + 2);
    CHECK_EQ(bus, 32);
    /* A B C (no D): 3 per word, the two end cycles without a D */
    wr(r, CON0, 0x0EF0); wr(r, SIZE, 1 << 6 | 4);
    count(r, &ccks, &bus);
    CHECK_EQ(ccks, 3 + 4 * 3 + 2);
    CHECK_EQ(bus, 12);
    /* nothing enabled: two idle cycles per word */
    wr(r, CON0, 0x00F0); wr(r, SIZE, 1 << 6 | 4);
    count(r, &ccks, &bus);
    CHECK_EQ(ccks, 3 + 4 * 2 + 2);
    CHECK_EQ(bus, 0);
    /* fill mode with A D: an extra idle cycle per word */
    wr(r, CON0, 0x09F0); wr(r, CON1, 0x000A); wr(r, SIZE, 1 << 6 | 4);
    count(r, &ccks, &bus);
    CHECK_EQ(ccks, 3 + 4 * 3 + 2);
    CHECK_EQ(bus, 8);
    free(r);
}

TEST(blitter_idle_cycles_wait_for_a_free_bus)
{
    /* "A -": the idle slot after each A fetch needs a free CCK (not taken) */
    blt_rig_t *r = rig();
    wr(r, CON0, 0x08F0); wr(r, CON1, 0); wr(r, SIZE, 1 << 6 | 2);
    bool free_pattern[] = {true, true, true, true, false, false, true, true, true, true, true, true};
    unsigned bus = 0, i = 0;
    while ((blitter_status(&r->b) & BLITTER_BUSY) && i < 12) {
        bus += blitter_cck(&r->b, free_pattern[i]);
        i++;
    }
    CHECK_EQ(bus, 2);
    /* 3 start + A + (2 blocked) idle + A + idle + 2 end */
    CHECK_EQ(i, 3 + 1 + 2 + 1 + 1 + 1 + 2);
    free(r);
}

TEST(blitter_line_timing)
{
    blt_rig_t *r = rig();
    unsigned ccks, bus;
    wr(r, CON0, 0x0BCA); wr(r, CON1, 0x0011);
    wr(r, ADAT, 0x8000); wr(r, BDAT, 0xFFFF);
    ptr(r, CPT, 0x3000); ptr(r, DPT, 0x3000);
    wr(r, SIZE, 8 << 6 | 2);
    count(r, &ccks, &bus);
    /* 3 start, 4 per pixel (C read, D write), 2 at the end */
    CHECK_EQ(ccks, 3 + 8 * 4 + 2);
    CHECK_EQ(bus, 16);
    free(r);
}

TEST(blitter_waits_for_bus)
{
    blt_rig_t *r = rig();
    wr(r, CON0, 0x09F0); wr(r, CON1, 0); wr(r, SIZE, 1 << 6 | 1);
    unsigned n = 0;
    for (unsigned i = 0; i < 50; i++) n += blitter_cck(&r->b, false);
    CHECK_EQ(n, 0);
    CHECK(blitter_status(&r->b) & BLITTER_BUSY);
    unsigned ccks, bus;
    count(r, &ccks, &bus);
    CHECK_EQ(bus, 2);
    CHECK_EQ(r->done, 1);
    free(r);
}
