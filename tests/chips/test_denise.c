/* Denise: colours (EHB, HAM6), dual playfield priority, collisions, and the pixel positions
 * of bitplanes, sprites and copper colour changes driven by Agnus. */
#include "tests/test.h"

#include "chips/agnus.h"
#include "chips/denise.h"

#include <stdlib.h>
#include <string.h>

/* ---- Denise alone: one line, BPLxDAT written in CCK $20 --------------------------------- */

#define LINE 0x40
#define ROW (2 * LINE)
/* BPLxDAT are written in CCK $27 (h = $4E), as DMA does at the end of a fetch unit: the
 * first load is at h = $51 (lores and hires, no scroll). */
#define COL_H(h) (2 * ((h) - 0x24))

static denise_t *new_denise(void)
{
    denise_t *d = calloc(1, sizeof *d);
    denise_cfg_t cfg = {0};
    denise_init(d, &cfg);
    denise_write(d, 0x08E, 0x2C20);   /* DIWSTRT H = $20 */
    denise_write(d, 0x090, 0x2CC1);
    return d;
}

typedef struct spr_setup { unsigned n; uint16_t hstart, data, datb; } spr_setup_t;

static void draw_line(denise_t *d, uint16_t bplcon0, const uint16_t planes[6],
                      const spr_setup_t *spr, unsigned nspr)
{
    denise_write(d, 0x100, bplcon0);
    denise_hsync(d, LINE, true, 227);
    for (unsigned h = 0; h < 227; h++) {
        if (h == 2) {
            for (unsigned i = 0; i < nspr; i++) {
                unsigned base = 0x140 + 8 * spr[i].n;
                denise_write(d, base, (uint16_t)(0x4000 | (spr[i].hstart >> 1)));
                denise_write(d, base + 2, (uint16_t)(0x5000 | (spr[i].hstart & 1)));
                denise_write(d, base + 6, spr[i].datb);
                denise_write(d, base + 4, spr[i].data);
            }
        }
        if (h == 0x27)
            for (int p = 5; p >= 0; p--) denise_write(d, 0x110 + 2 * (unsigned)p, planes[p]);
        denise_cck(d);
    }
    denise_hsync(d, LINE + 1, true, 227);
    for (unsigned h = 0; h < 0x12; h++) denise_cck(d);   /* finish the row */
    denise_sync(d);
}

static uint32_t px(denise_t *d, unsigned col)
{
    denise_sync(d);
    return d->fb[ROW][col];
}

TEST(denise_rgb_conversion)
{
    uint32_t v = denise_rgb12_to_rgba(0x0F80);
    const uint8_t *b = (const uint8_t *)&v;
    CHECK_EQ(b[0], 0xFF);
    CHECK_EQ(b[1], 0x88);
    CHECK_EQ(b[2], 0x00);
    CHECK_EQ(b[3], 0xFF);
}

TEST(denise_lores_pixel_position_and_scroll)
{
    denise_t *d = new_denise();
    denise_write(d, 0x180, 0x000);
    denise_write(d, 0x182, 0xFFF);
    uint16_t planes[6] = {0x8000};
    draw_line(d, 0x1200, planes, NULL, 0);
    uint32_t white = denise_rgb12_to_rgba(0xFFF), black = denise_rgb12_to_rgba(0);
    CHECK_EQ(px(d, COL_H(0x51) - 1), black);
    CHECK_EQ(px(d, COL_H(0x51)), white);
    CHECK_EQ(px(d, COL_H(0x51) + 1), white);
    CHECK_EQ(px(d, COL_H(0x51) + 2), black);
    /* the non-interlaced line also fills the odd row */
    CHECK_EQ(d->fb[ROW + 1][COL_H(0x51)], white);
    /* BPLCON1 PF1 delay 3: three lores pixels later */
    denise_write(d, 0x102, 0x0003);
    draw_line(d, 0x1200, planes, NULL, 0);
    CHECK_EQ(px(d, COL_H(0x54) - 1), black);
    CHECK_EQ(px(d, COL_H(0x54)), white);
    free(d);
}

TEST(denise_hires_pixels)
{
    denise_t *d = new_denise();
    denise_write(d, 0x182, 0xFFF);
    uint16_t planes[6] = {0xA000};   /* hires pixels 0 and 2 */
    draw_line(d, 0x9200, planes, NULL, 0);
    uint32_t white = denise_rgb12_to_rgba(0xFFF), black = denise_rgb12_to_rgba(0);
    CHECK_EQ(px(d, COL_H(0x51) - 1), black);
    CHECK_EQ(px(d, COL_H(0x51)), white);
    CHECK_EQ(px(d, COL_H(0x51) + 1), black);
    CHECK_EQ(px(d, COL_H(0x51) + 2), white);
    CHECK_EQ(px(d, COL_H(0x51) + 3), black);
    /* hires delay 2 (BPLCON1 counts lores pixels in bits 0-2 on OCS): one lores pixel */
    denise_write(d, 0x102, 0x0001);
    draw_line(d, 0x9200, planes, NULL, 0);
    CHECK_EQ(px(d, COL_H(0x52)), white);
    CHECK_EQ(px(d, COL_H(0x52) - 1), black);
    free(d);
}

TEST(denise_ehb)
{
    denise_t *d = new_denise();
    denise_write(d, 0x182, 0xEEE);
    denise_write(d, 0x184, 0x0F2);
    uint16_t planes[6] = {0x8000, 0x4000, 0, 0, 0, 0xC000};   /* 33, 34 */
    draw_line(d, 0x6200, planes, NULL, 0);
    CHECK_EQ(px(d, COL_H(0x51)), denise_rgb12_to_rgba(0x777));
    CHECK_EQ(px(d, COL_H(0x52)), denise_rgb12_to_rgba(0x071));
    free(d);
}

TEST(denise_ham6)
{
    denise_t *d = new_denise();
    denise_write(d, 0x186, 0x123);
    /* pixels: set COLOR03; modify blue to 5; modify red to $A; modify green to $F */
    uint16_t planes[6] = {0xC000 | 0x1000, 0xA000 | 0x1000, 0x4000 | 0x1000, 0x2000 | 0x1000,
                          0x4000 | 0x1000, 0x2000 | 0x1000};
    draw_line(d, 0x6A00, planes, NULL, 0);
    CHECK_EQ(px(d, COL_H(0x51)), denise_rgb12_to_rgba(0x123));
    CHECK_EQ(px(d, COL_H(0x52)), denise_rgb12_to_rgba(0x125));
    CHECK_EQ(px(d, COL_H(0x53)), denise_rgb12_to_rgba(0xA25));
    CHECK_EQ(px(d, COL_H(0x54)), denise_rgb12_to_rgba(0xAF5));
    /* the modification holds the colour of the previous pixel */
    CHECK_EQ(px(d, COL_H(0x55)), denise_rgb12_to_rgba(0x000));
    /* a sprite over pixel 1 does not disturb the hold register */
    denise_write(d, 0x1A2, 0xFFF);
    denise_write(d, 0x104, 0x0024);
    spr_setup_t s0 = {0, 0x51, 0x8000, 0};
    draw_line(d, 0x6A00, planes, &s0, 1);
    CHECK_EQ(px(d, COL_H(0x52)), denise_rgb12_to_rgba(0xFFF));
    CHECK_EQ(px(d, COL_H(0x53)), denise_rgb12_to_rgba(0xA25));
    free(d);
}

TEST(denise_dual_playfield_priority)
{
    denise_t *d = new_denise();
    denise_write(d, 0x182, 0xF00);   /* PF1 colour 1 */
    denise_write(d, 0x192, 0x0F0);   /* PF2 colour 1 = COLOR09 */
    uint16_t planes[6] = {0xC000, 0xA000};   /* pixel 0 both, pixel 1 PF1, pixel 2 PF2 */
    draw_line(d, 0x2600, planes, NULL, 0);
    CHECK_EQ(px(d, COL_H(0x51)), denise_rgb12_to_rgba(0xF00));
    CHECK_EQ(px(d, COL_H(0x52)), denise_rgb12_to_rgba(0xF00));
    CHECK_EQ(px(d, COL_H(0x53)), denise_rgb12_to_rgba(0x0F0));
    denise_write(d, 0x104, 0x0040);  /* PF2PRI */
    draw_line(d, 0x2600, planes, NULL, 0);
    CHECK_EQ(px(d, COL_H(0x51)), denise_rgb12_to_rgba(0x0F0));
    free(d);
}

TEST(denise_sprites_priority_attach)
{
    denise_t *d = new_denise();
    denise_write(d, 0x182, 0x00F);
    denise_write(d, 0x1A2, 0xF00);   /* COLOR17: sprite 0/1 colour 1 */
    denise_write(d, 0x1A6, 0x0F0);   /* COLOR19 */
    denise_write(d, 0x1BE, 0xFF0);   /* COLOR31 */
    uint16_t planes[6] = {0xFFFF};
    /* sprite 0 at HSTART $54: visible from h = $55 (one lores pixel after the compare) */
    spr_setup_t s0 = {0, 0x54, 0xC000, 0x4000};
    draw_line(d, 0x1200, planes, &s0, 1);
    /* BPLCON2 = 0: the playfield is in front of all sprites */
    CHECK_EQ(px(d, COL_H(0x55)), denise_rgb12_to_rgba(0x00F));
    denise_write(d, 0x104, 0x0024);  /* PF2P = 4: sprites in front */
    draw_line(d, 0x1200, planes, &s0, 1);
    CHECK_EQ(px(d, COL_H(0x54)), denise_rgb12_to_rgba(0x00F));
    /* SPRxDATA gives colour bit 0, SPRxDATB bit 1 (HRM ch. 4) */
    CHECK_EQ(px(d, COL_H(0x55)), denise_rgb12_to_rgba(0xF00));   /* DATA 1, DATB 0: colour 1 */
    CHECK_EQ(px(d, COL_H(0x56)), denise_rgb12_to_rgba(0x0F0));   /* 1, 1: colour 3 */
    CHECK_EQ(px(d, COL_H(0x57)), denise_rgb12_to_rgba(0x00F));
    /* attached pair: sprite 1 (ATT) adds bits 2-3 */
    denise_hsync(d, LINE, true, 227);
    for (unsigned h = 0; h < 227; h++) {
        if (h == 2) {
            denise_write(d, 0x140, 0x402A); denise_write(d, 0x142, 0x5000);
            denise_write(d, 0x146, 0x8000); denise_write(d, 0x144, 0x8000);
            denise_write(d, 0x148, 0x402A); denise_write(d, 0x14A, 0x5080);
            denise_write(d, 0x14E, 0x8000); denise_write(d, 0x14C, 0x8000);
        }
        if (h == 0x27) denise_write(d, 0x110, 0xFFFF);
        denise_cck(d);
    }
    CHECK_EQ(px(d, COL_H(0x55)), denise_rgb12_to_rgba(0xFF0));     /* colour 15 -> COLOR31 */
    free(d);
}

TEST(denise_dual_playfield_sprite_priorities)
{
    denise_t *d = new_denise();
    denise_write(d, 0x182, 0xF00);   /* PF1 colour 1 */
    denise_write(d, 0x1A2, 0x0F0);   /* sprite 0/1 colour 1 */
    denise_write(d, 0x1B2, 0x00F);   /* sprite 4/5 colour 1 (COLOR25) */
    denise_write(d, 0x104, 0x0002);  /* PF1P = 2: PF1 behind pairs 0,1, in front of 2,3 */
    uint16_t planes[6] = {0xFFFF};
    spr_setup_t s[2] = {{0, 0x54, 0x8000, 0}, {4, 0x58, 0x8000, 0}};
    draw_line(d, 0x2600, planes, s, 2);
    CHECK_EQ(px(d, COL_H(0x55)), denise_rgb12_to_rgba(0x0F0));   /* sprite 0 in front */
    CHECK_EQ(px(d, COL_H(0x59)), denise_rgb12_to_rgba(0xF00));   /* PF1 hides sprite 4 */
    /* where PF1 is transparent, sprite 4 shows */
    uint16_t none[6] = {0};
    draw_line(d, 0x2600, none, s, 2);
    CHECK_EQ(px(d, COL_H(0x59)), denise_rgb12_to_rgba(0x00F));
    free(d);
}

TEST(denise_interlace_rows)
{
    denise_t *d = new_denise();
    denise_write(d, 0x182, 0xFFF);
    uint16_t planes[6] = {0x8000};
    denise_vsync(d, false, true);    /* short interlaced frame: odd rows */
    draw_line(d, 0x1204, planes, NULL, 0);
    CHECK_EQ(d->fb[ROW + 1][COL_H(0x51)], denise_rgb12_to_rgba(0xFFF));
    CHECK_EQ(d->fb[ROW][COL_H(0x51)], 0u);           /* the even row is left alone */
    denise_vsync(d, true, true);     /* long frame: even rows */
    draw_line(d, 0x1204, planes, NULL, 0);
    CHECK_EQ(d->fb[ROW][COL_H(0x51)], denise_rgb12_to_rgba(0xFFF));
    free(d);
}

TEST(denise_collisions)
{
    denise_t *d = new_denise();
    uint16_t planes[6] = {0xFFFF};
    denise_write(d, 0x098, 0x0041);            /* ENBP1, MVBP1 = 1 */
    spr_setup_t s[2] = {{0, 0x58, 0x8000, 0}, {2, 0x58, 0x8000, 0}};
    draw_line(d, 0x1200, planes, s, 2);
    uint16_t c = denise_read(d, 0x00E);
    CHECK(c & (1u << 1));                       /* odd playfield vs sprite 0 */
    CHECK(c & (1u << 2));                       /* odd playfield vs sprite 2 */
    CHECK(c & (1u << 9));                       /* sprite 0 vs sprite 2 */
    /* even playfield: no even plane enabled, so it always matches */
    CHECK(c & (1u << 5));
    CHECK_EQ(denise_read(d, 0x00E) & 0x7FFF, 0); /* read clears */
    /* match value 0 for plane 1: no playfield collision where plane 1 is set */
    denise_write(d, 0x098, 0x0040);
    spr_setup_t s0 = {0, 0x58, 0x8000, 0};
    draw_line(d, 0x1200, planes, &s0, 1);
    CHECK(!(denise_read(d, 0x00E) & (1u << 1)));
    free(d);
}

/* ---- with Agnus: the standard display window ---------------------------------------------- */

#define FRAME ((uint64_t)312 * 227 * 8) /* non-interlaced PAL: short frames */

typedef struct sys {
    agnus_t a;
    denise_t d;
    uint8_t ram[0x80000];
} sys_t;

static void sys_write(void *ctx, unsigned reg, uint16_t v)
{
    sys_t *s = ctx;
    if (agnus_owns_reg(&s->a, reg)) agnus_write(&s->a, reg, v);
    if (denise_owns_reg(reg)) denise_write(&s->d, reg, v);
}
static void sys_cck(void *ctx) { denise_cck(&((sys_t *)ctx)->d); }
static void sys_hsync(void *ctx, unsigned v, bool vdiw, unsigned len) { denise_hsync(&((sys_t *)ctx)->d, v, vdiw, len); }
static void sys_vsync(void *ctx, bool lof, bool lace) { denise_vsync(&((sys_t *)ctx)->d, lof, lace); }

static sys_t *new_sys(void)
{
    sys_t *s = calloc(1, sizeof *s);
    agnus_cfg_t ac = {.model = AGNUS_OCS_8371, .chip_ram = s->ram, .chip_mask = 0x7FFFF, .ctx = s,
                      .reg_write = sys_write, .cck = sys_cck, .hsync = sys_hsync, .vsync = sys_vsync};
    agnus_init(&s->a, &ac);
    denise_cfg_t dc = {0};
    denise_init(&s->d, &dc);
    sys_write(s, 0x08E, 0x2C81);
    sys_write(s, 0x090, 0x2CC1);
    sys_write(s, 0x092, 0x38);
    sys_write(s, 0x094, 0xD0);
    sys_write(s, 0x100, 0x1200);
    sys_write(s, 0x0E0, 0);
    sys_write(s, 0x0E2, 0x1000);
    sys_write(s, 0x108, (uint16_t)-40);       /* same line every time */
    sys_write(s, 0x180, 0x000);
    sys_write(s, 0x182, 0xFFF);
    s->ram[0x1000] = 0x80;                    /* leftmost pixel */
    s->ram[0x1000 + 39] = 0x01;               /* rightmost pixel */
    sys_write(s, 0x096, 0x8300);
    /* registers take effect a few CCKs after the write: tests look at the second frame */
    agnus_run_until(&s->a, FRAME);
    return s;
}

TEST(denise_standard_window_position)
{
    sys_t *s = new_sys();
    agnus_run_until(&s->a, FRAME + (uint64_t)(0x2D * 227 + 0x20) * 8);
    uint32_t white = denise_rgb12_to_rgba(0xFFF), black = denise_rgb12_to_rgba(0);
    const uint32_t *row = s->d.fb[2 * 0x2C];
    /* DDFSTRT $38 + DIWSTRT $81: the first pixel of the line is at h = $81 */
    CHECK_EQ(row[COL_H(0x81) - 1], black);
    CHECK_EQ(row[COL_H(0x81)], white);
    CHECK_EQ(row[COL_H(0x81) + 1], white);
    CHECK_EQ(row[COL_H(0x82)], black);
    /* 320 pixels later: the last one at h = $1C0, DIWSTOP $1C1 */
    CHECK_EQ(row[COL_H(0x1C0)], white);
    CHECK_EQ(row[COL_H(0x1BF)], black);
    /* the line above the window is border */
    CHECK_EQ(s->d.fb[2 * 0x2B][COL_H(0x81)], black);
    free(s);
}

TEST(denise_copper_colour_change_position)
{
    sys_t *s = new_sys();
    /* copper: WAIT ($50,$60); MOVE COLOR00 $F00 */
    uint8_t list[] = {0x50, 0x61, 0xFF, 0xFE, 0x01, 0x80, 0x0F, 0x00, 0xFF, 0xFF, 0xFF, 0xFE};
    memcpy(s->ram + 0x3000, list, sizeof list);
    sys_write(s, 0x080, 0);
    sys_write(s, 0x082, 0x3000);
    sys_write(s, 0x096, 0x8280);
    agnus_run_until(&s->a, FRAME + (uint64_t)(0x51 * 227 + 0x20) * 8);
    const uint32_t *row = s->d.fb[2 * 0x50];
    /* the MOVE is written in CCK $62: its four hires pixels are the first red ones */
    unsigned col = 4 * (0x62 - DENISE_ROW_START_CCK);
    CHECK_EQ(row[col - 1], denise_rgb12_to_rgba(0x000));
    CHECK_EQ(row[col], denise_rgb12_to_rgba(0xF00));
    free(s);
}

TEST(denise_sprite_aligns_with_bitplane)
{
    sys_t *s = new_sys();
    /* sprite 0 at HSTART $80 covers the first bitplane pixel ($81) */
    uint8_t spr[] = {0x40, 0x40, 0x60, 0x00, 0x80, 0x00, 0x00, 0x00, 0, 0, 0, 0};
    memcpy(s->ram + 0x4000, spr, sizeof spr);
    sys_write(s, 0x120, 0);
    sys_write(s, 0x122, 0x4000);
    sys_write(s, 0x1A2, 0x0F0);
    sys_write(s, 0x104, 0x0024);
    sys_write(s, 0x108, 0);
    for (int i = 0; i < 40 * 0x40; i++) s->ram[0x1000 + i] = 0;
    sys_write(s, 0x096, 0x8220);
    agnus_run_until(&s->a, FRAME + (uint64_t)(0x41 * 227 + 0x20) * 8);
    const uint32_t *row = s->d.fb[2 * 0x40];
    CHECK_EQ(row[COL_H(0x81) - 1], denise_rgb12_to_rgba(0x000));
    CHECK_EQ(row[COL_H(0x81)], denise_rgb12_to_rgba(0x0F0));
    CHECK_EQ(row[COL_H(0x82)], denise_rgb12_to_rgba(0x000));
    free(s);
}

/* A random value for a register, kept to what these tests mean to vary: BPLCON0's mode bits
 * only, the window's vertical start and stop at line $2C (their horizontal parts random). */
static uint16_t usable_value(unsigned reg, uint16_t v)
{
    if (reg == 0x100) return v & 0xFC00;
    if (reg == 0x08E || reg == 0x090) return (uint16_t)(0x2C00 | (v & 0xFF));
    return v;
}

/* A Denise on the fast paths and one on the slow per-pixel path, to be compared. */
static void new_fast_slow_pair(denise_t **fast, denise_t **slow)
{
    *fast = calloc(1, sizeof **fast);
    *slow = calloc(1, sizeof **slow);
    denise_init(*fast, &(denise_cfg_t){0});
    denise_init(*slow, &(denise_cfg_t){.slow_path = true});
}

/* denise_ccks draws runs of COLOR00 (border, or an open window over empty shifters) at once:
 * it must equal denise_cck called as often, in the slow per-pixel path. Random modes, windows,
 * collision settings and colours; bitplane words (BPL1DAT last) now and then, runs of random
 * length as Agnus hands them over (never across CCK 0); a CLXDAT read clears the collisions. */
TEST(denise_ccks_match_every_cck)
{
    denise_t *fast, *slow;
    new_fast_slow_pair(&fast, &slow);
    uint32_t x = 99;
#define RND() (x = x * 1103515245u + 12345u, x >> 8)
    static const uint16_t regs[] = {0x100, 0x102, 0x104, 0x098, 0x08E, 0x090, 0x180, 0x182, 0x19E, 0x1A0};
    unsigned bad = 0, line = 0x2C;
    for (int i = 0; i < 20000 && !bad; i++) {
        if (fast->hpos == 0 || fast->hpos >= 227) {
            denise_hsync(fast, line, true, 227);
            denise_hsync(slow, line, true, 227);
            line = line >= 0x120 ? 0x2C : line + 1;
        }
        unsigned r = RND() % 16;
        if (r < 3) {
            unsigned reg = regs[RND() % (sizeof regs / sizeof regs[0])];
            uint16_t v = usable_value(reg, (uint16_t)RND());
            denise_write(fast, reg, v);
            denise_write(slow, reg, v);
        } else if (r < 5) {
            for (int p = 5; p >= 0; p--) {
                uint16_t v = (uint16_t)RND();
                denise_write(fast, 0x110 + 2 * (unsigned)p, v);
                denise_write(slow, 0x110 + 2 * (unsigned)p, v);
            }
        } else if (r == 5) {
            CHECK_EQ(denise_read(fast, 0x00E), denise_read(slow, 0x00E));
        }
        unsigned n = 1 + RND() % 40;
        if (fast->hpos + fast->lag + n > 227) n = 227 - fast->hpos - fast->lag;
        denise_ccks(fast, n);
        for (unsigned k = 0; k < n; k++) denise_cck(slow);
        denise_sync(fast);
        if (fast->hpos != slow->hpos || fast->hdiw != slow->hdiw || fast->clxdat != slow->clxdat ||
            fast->ham_rgb != slow->ham_rgb || fast->last_pf != slow->last_pf ||
            memcmp(fast->shift, slow->shift, sizeof fast->shift))
            bad = (unsigned)i + 1;
    }
#undef RND
    CHECK_EQ(bad, 0);
    CHECK(memcmp(fast->fb, slow->fb, sizeof fast->fb) == 0);
    free(fast);
    free(slow);
}

/* The lagging drawing (word runs, border runs, the per-pixel pipeline where a write falls due,
 * a sprite starts or shifts, the window edge passes) must equal the slow per-pixel path CCK by
 * CCK. Lines with bitplane words arriving as DMA brings them (BPL1DAT last in every fetch unit
 * of 8 or 4 CCKs) or at random CCKs; random writes to BPLCON0-2 (planes, hires, HAM, DPF,
 * scroll delays, priorities), CLXCON, the window, sprite registers (starts anywhere, attached
 * pairs) and colours; CLXDAT reads; idle runs handed over at once (denise_ccks); the state is
 * compared at random moments after denise_sync. */
TEST(denise_runs_match_every_cck)
{
    denise_t *fast, *slow;
    new_fast_slow_pair(&fast, &slow);
    uint32_t x = 4242;
#define RND() (x = x * 1103515245u + 12345u, x >> 8)
    static const uint16_t regs[] = {
        0x100, 0x100, 0x102, 0x102, 0x102, 0x104, 0x098, 0x08E, 0x090, 0x180, 0x182, 0x184,
        0x19E, 0x1A2, 0x1B6, 0x140, 0x142, 0x144, 0x146, 0x148, 0x14A, 0x14C, 0x14E, 0x178,
        0x17A, 0x17C, 0x17E,
    };
    unsigned bad = 0, line = 0x2C, h = 227, unit = 8, first = 0x1C;
    bool dma = false, blank = false;
    for (int i = 0; i < 300000 && !bad; i++) {
        if (h >= 227) {
            denise_hsync(fast, line, true, 227);
            denise_hsync(slow, line, true, 227);
            line = line >= 0x120 ? 0x2C : line + 1;
            h = 0;
            dma = RND() % 4 != 0;
            unit = RND() % 3 ? 8 : 4;
            first = 0x18 + RND() % 16;
            blank = RND() % 4 == 0;   /* empty bitplane words (word_run's all-zero case) */
        }
        unsigned r = RND() % 64;
        if (r < 3) {
            unsigned reg = regs[RND() % (sizeof regs / sizeof regs[0])];
            uint16_t v = usable_value(reg, (uint16_t)RND());
            if (reg == 0x098 && RND() % 2) v &= 0xF000;    /* mostly "always match" */
            denise_write(fast, reg, v);
            denise_write(slow, reg, v);
        } else if (r == 3) {
            CHECK_EQ(denise_read(fast, 0x00E), denise_read(slow, 0x00E));
        } else if (r == 4 || (dma && h >= first && h < 0xE0 && (h - first) % unit == unit - 1)) {
            for (int p = 5; p >= 0; p--) {
                uint16_t v = blank ? 0 : (uint16_t)RND();
                denise_write(fast, 0x110 + 2 * (unsigned)p, v);
                denise_write(slow, 0x110 + 2 * (unsigned)p, v);
            }
        }
        denise_cck(fast);
        denise_cck(slow);
        h++;
        if (RND() % 8 == 0 && h < 227) {
            unsigned n = 1 + RND() % 30;
            if (h + n > 227) n = 227 - h;
            denise_ccks(fast, n);
            for (unsigned k = 0; k < n; k++) denise_cck(slow);
            h += n;
        }
        if (RND() % 16 == 0) {
            denise_sync(fast);
            if (fast->hpos != slow->hpos || fast->hdiw != slow->hdiw || fast->clxdat != slow->clxdat ||
                fast->ham_rgb != slow->ham_rgb || fast->last_pf != slow->last_pf ||
                fast->armed_odd != slow->armed_odd || fast->armed_even != slow->armed_even ||
                fast->age_odd != slow->age_odd || fast->age_even != slow->age_even ||
                fast->copy_pending != slow->copy_pending || fast->spr_busy != slow->spr_busy ||
                memcmp(fast->shift, slow->shift, sizeof fast->shift) ||
                memcmp(fast->pipe, slow->pipe, sizeof fast->pipe))
                bad = (unsigned)i + 1;
        }
    }
#undef RND
    denise_sync(fast);
    CHECK_EQ(bad, 0);
    CHECK(memcmp(fast->fb, slow->fb, sizeof fast->fb) == 0);
    free(fast);
    free(slow);
}
