/* Denise 8362 (OCS). Pixels are produced in time order, one lores pixel (two hires pixels)
 * at a time, so register writes land exactly where the hardware shows them.
 *  - Playfield shifters: BPL1DAT (written last in every fetch unit) copies all BPLxDAT into
 *    the shifters' load latches and arms them; the odd and even shifters load at the next
 *    lores position where the horizontal counter matches their BPLCON1 delay (HRM ch. 3
 *    "Smooth scrolling"): lores (h - 1 - delay) % 16 == 0, hires (h - 1 - delay%8) % 8 == 0.
 *    So DDFSTRT $38 gives the first pixel at h = $81 (HRM ch. 3 "Display window").
 *  - Sprites: SPRxDATA arms, SPRxCTL disarms; an armed sprite starts when the counter equals
 *    its HSTART, showing from the next lores pixel (HRM ch. 4). Sprites show only after the
 *    line's first BPL1DAT write (Denise enables its sprite output with the playfield data).
 *  - Priorities and collisions: HRM ch. 7. Colours: 12-bit, HAM6 and EHB (HRM ch. 3). */
#include "chips/denise.h"
#include "machines/state.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum {
    REG_CLXDAT = 0x00E, REG_DIWSTRT = 0x08E, REG_DIWSTOP = 0x090, REG_CLXCON = 0x098,
    REG_BPLCON0 = 0x100, REG_BPLCON1 = 0x102, REG_BPLCON2 = 0x104, REG_BPLCON3 = 0x106,
    REG_BPL1DAT = 0x110, REG_SPR0POS = 0x140, REG_COLOR00 = 0x180, REG_DENISEID = 0x07C,
    REG_DIWHIGH = 0x1E4
};

#define BPLCON0_HIRES 0x8000
#define BPLCON0_HAM 0x0800
#define BPLCON0_DPF 0x0400
#define BPLCON2_PF2PRI 0x0040

uint32_t denise_rgb12_to_rgba(uint16_t c)
{
    uint32_t r = ((c >> 8) & 15) * 17, g = ((c >> 4) & 15) * 17, b = (c & 15) * 17;
    /* bytes R, G, B, A in memory */
    uint8_t px[4] = {(uint8_t)r, (uint8_t)g, (uint8_t)b, 0xFF};
    uint32_t v;
    memcpy(&v, px, 4);
    return v;
}

/* Colour register i's framebuffer pixel (and its lores pair) for 12-bit colour c. */
static void set_rgba(denise_t *d, unsigned i, uint16_t c)
{
    d->rgba[i] = denise_rgb12_to_rgba(c);
    d->rgba2[i] = (uint64_t)d->rgba[i] << 32 | d->rgba[i];
}

void denise_init(denise_t *d, const denise_cfg_t *cfg)
{
    memset(d, 0, sizeof *d);
    d->cfg = *cfg;
    denise_reset(d);
}

void denise_reset(denise_t *d)
{
    denise_cfg_t cfg = d->cfg;
    memset(d, 0, offsetof(denise_t, fb));
    d->cfg = cfg;
    d->line_len = 227;
    for (unsigned i = 0; i < 32; i++) set_rgba(d, i, 0);
    d->prev_line_len = 227;
    d->dpf_key = 0xFFFF;
    d->row = 0;
    d->prev_row = DENISE_FB_H - 2;
}

bool denise_owns_reg(unsigned reg)
{
    reg &= 0x1FE;
    switch (reg) {
    case REG_CLXDAT: case REG_DIWSTRT: case REG_DIWSTOP: case REG_CLXCON: case REG_BPLCON0:
    case REG_BPLCON1: case REG_BPLCON2:
        return true;
    default:
        break;
    }
    if (reg >= REG_BPL1DAT && reg < REG_BPL1DAT + 12) return true;
    if (reg >= REG_SPR0POS && reg < REG_SPR0POS + 64) return true;
    return reg >= REG_COLOR00 && reg < REG_COLOR00 + 64;
}

uint16_t denise_peek(const denise_t *d, unsigned reg)
{
    reg &= 0x1FE;
    if (reg == REG_CLXDAT) return d->clxdat | 0x8000; /* bit 15 is unused and reads as 1 */
    if (reg >= REG_COLOR00 && reg < REG_COLOR00 + 64) return d->color[(reg - REG_COLOR00) >> 1];
    switch (reg) {
    case REG_BPLCON0: return d->bplcon0;
    case REG_BPLCON1: return d->bplcon1;
    case REG_BPLCON2: return d->bplcon2;
    case REG_CLXCON: return d->clxcon;
    case REG_DIWSTRT: return d->diwstrt;
    case REG_DIWSTOP: return d->diwstop;
    default: return 0xFFFF; /* write-only; the 8362 has no DENISEID (open bus) */
    }
}

uint16_t denise_read(denise_t *d, unsigned reg)
{
    denise_sync(d);
    uint16_t v = denise_peek(d, reg);
    if ((reg & 0x1FE) == REG_CLXDAT) d->clxdat = 0; /* cleared by reading (HRM ch. 7) */
    return v;
}

static void sprite_reg(denise_t *d, unsigned n, unsigned which, uint16_t v)
{
    denise_sprite_t *s = &d->spr[n];
    switch (which) {
    case 0: s->pos = v; break;
    case 1: s->ctl = v; s->armed = false; break;
    case 2: s->data = v; s->armed = true; break;
    default: s->datb = v; break;
    }
    if (s->armed) d->spr_busy |= (uint8_t)(1u << n);
    s->hstart = (uint16_t)((s->pos & 0xFF) << 1 | (s->ctl & 1));
}

static void apply_write(denise_t *d, unsigned reg, uint16_t v)
{
    if (reg >= REG_SPR0POS && reg < REG_SPR0POS + 64) {
        sprite_reg(d, (reg - REG_SPR0POS) >> 3, (reg >> 1) & 3, v);
        return;
    }
    switch (reg) {
    case REG_DIWSTRT:
        d->diwstrt = v;
        d->hstart = v & 0xFF; /* H8 = 0 */
        return;
    case REG_DIWSTOP:
        d->diwstop = v;
        d->hstop = (v & 0xFF) | 0x100; /* H8 = 1 */
        return;
    case REG_BPLCON1: d->bplcon1 = v & 0xFF; return;
    case REG_BPLCON2: d->bplcon2 = v & 0x7F; return;
    case REG_BPLCON0: d->bplcon0 = v; return; /* its DPF bit, delayed (denise_write) */
    default: return;
    }
}

/* Lores pixels from the start of the writing CCK to the write's effect: sprite POS/CTL 3,
 * DATA/DATB 2 (the sprite latches), BPLCON1/BPLCON2/DIW 2 (one CCK). */
static unsigned write_delay(unsigned reg)
{
    if (reg >= REG_SPR0POS && reg < REG_SPR0POS + 64) return ((reg >> 1) & 3) < 2 ? 3 : 2;
    switch (reg) {
    case REG_DIWSTRT: case REG_DIWSTOP: case REG_BPLCON2: return 2;
    /* BPLCON1 one lores pixel later still: a mid-line delay change then lands on the same
     * words as in FS-UAE (tests/amiga/rom/scrolltest.s and variants; the HRM gives no figure). */
    case REG_BPLCON1: return 3;
    default: return 0;
    }
}

/* A write that takes effect `delay` lores pixels from now (the queue has room). */
static void queue_write(denise_t *d, unsigned reg, uint16_t v, unsigned delay)
{
    denise_pending_t *p = &d->pending[d->npending++];
    p->reg = (uint16_t)reg;
    p->value = v;
    p->delay = (uint8_t)delay;
    /* keep the order of writes made in the same CCK */
    if (d->npending > 1 && p->delay < d->pending[d->npending - 2].delay)
        p->delay = d->pending[d->npending - 2].delay;
}

void denise_write(denise_t *d, unsigned reg, uint16_t v)
{
    reg &= 0x1FE;
    if (reg >= REG_BPL1DAT && reg < REG_BPL1DAT + 12) {
        denise_bpldat(d, (reg - REG_BPL1DAT) >> 1, v);
        return;
    }
    denise_sync(d);   /* the colour clocks before this one are drawn with the old value */
    if (reg >= REG_COLOR00 && reg < REG_COLOR00 + 64) {
        unsigned i = (reg - REG_COLOR00) >> 1;
        d->color[i] = v & 0x0FFF;
        set_rgba(d, i, v);
        return;
    }
    if (reg == REG_BPLCON0 && ((v ^ d->bplcon0) & BPLCON0_DPF) && d->npending < DENISE_PENDING) {
        /* The dual playfield bit takes effect one CCK (2 lores pixels) after the rest of
           BPLCON0, as BPLCON2 does (FS-UAE, tests/amiga/rom/dpfmid.s band 2): the other
           bits now, the whole value with it later. */
        d->bplcon0 = (uint16_t)((v & ~BPLCON0_DPF) | (d->bplcon0 & BPLCON0_DPF));
        queue_write(d, reg, v, 2);
        return;
    }
    unsigned delay = write_delay(reg);
    if (delay) {
        if (d->npending < DENISE_PENDING)
            queue_write(d, reg, v, delay);
        else
            apply_write(d, reg, v);
        return;
    }
    switch (reg) {
    case REG_CLXDAT: return; /* read-only */
    case REG_CLXCON: d->clxcon = v; return;
    case REG_BPLCON0: d->bplcon0 = v; return;
    default:
        if (!d->logged_unknown) {
            d->logged_unknown = true;
            chip_log(&d->cfg.log, "denise: write to unemulated register $%03X ignored", reg);
        }
    }
}

/* ---- pixel pipeline ---------------------------------------------------------------------- */

static unsigned bpu(const denise_t *d)
{
    unsigned n = (d->bplcon0 >> 12) & 7;
    return n > 6 ? 6 : n;
}

static void load_shifters(denise_t *d, bool odd)
{
    for (unsigned i = odd ? 0 : 1; i < 6; i += 2) d->shift[i] = d->pipe[i];
}

/* Playfield bits of the next hires (hires mode) or lores pixel, shifting the registers. */
static unsigned shift_out(denise_t *d)
{
    unsigned v = 0, n = bpu(d);
    for (unsigned i = 0; i < n; i++) {
        v |= (unsigned)(d->shift[i] >> 15) << i;
        d->shift[i] = (uint16_t)(d->shift[i] << 1);
    }
    return v;
}

static unsigned pf_priority_code(unsigned bits)
{
    return bits; /* 0..4: playfield in front of sprite pairs >= code; 5..7 invalid */
}

/* Sprite colour index (16..31) at this lores pixel, 0 if transparent; *pair gets the pair. */
static unsigned sprite_pixel(denise_t *d, unsigned *pair, unsigned *pairs_mask, unsigned sval[8])
{
    unsigned result = 0;
    *pairs_mask = 0;
    for (int p = 3; p >= 0; p--) {
        unsigned e = sval[2 * p], o = sval[2 * p + 1];
        unsigned col = 0;
        if (d->spr[2 * p + 1].ctl & 0x80) {
            /* attached: a 4-bit colour from both sprites (HRM ch. 4 "Attached sprites") */
            unsigned c = o << 2 | e;
            if (c) col = 16 + c;
        } else if (e) {
            col = 16 + 4 * (unsigned)p + e;
        } else if (o) {
            col = 16 + 4 * (unsigned)p + o;
        }
        if (e || o) *pairs_mask |= 1u << p;
        if (col) { result = col; *pair = (unsigned)p; }
    }
    return result;
}

static void collisions(denise_t *d, unsigned pf, unsigned sval[8])
{
    uint16_t con = d->clxcon;
    unsigned en = (con >> 6) & 0x3F, mv = con & 0x3F;
    /* A playfield "matches" when every enabled plane has its match value (HRM ch. 7). */
    bool odd = ((pf ^ mv) & en & 0x15) == 0;
    bool even = ((pf ^ mv) & en & 0x2A) == 0;
    unsigned sp[4];
    for (unsigned p = 0; p < 4; p++) {
        bool with_odd = con & (0x1000u << p);
        sp[p] = sval[2 * p] || (with_odd && sval[2 * p + 1]);
    }
    uint16_t c = 0;
    if (odd && even) c |= 1;
    for (unsigned p = 0; p < 4; p++) {
        if (sp[p] && odd) c |= (uint16_t)(2u << p);
        if (sp[p] && even) c |= (uint16_t)(0x20u << p);
    }
    if (sp[0] && sp[1]) c |= 1u << 9;
    if (sp[0] && sp[2]) c |= 1u << 10;
    if (sp[0] && sp[3]) c |= 1u << 11;
    if (sp[1] && sp[2]) c |= 1u << 12;
    if (sp[1] && sp[3]) c |= 1u << 13;
    if (sp[2] && sp[3]) c |= 1u << 14;
    d->clxdat |= c;
}

/* Final colour of one hires pixel from playfield bits pf and the sprite colour. */
/* Dual playfield: the colour register of playfield value pf (0 = transparent), and in
 * *pf_code the priority of the visible playfield against sprites (HRM ch. 7). */
static unsigned dpf_index(uint16_t con2, unsigned pf, unsigned *pf_code)
{
    unsigned pf1p = pf_priority_code(con2 & 7), pf2p = pf_priority_code((con2 >> 3) & 7);
    unsigned p1 = (pf & 1) | ((pf >> 1) & 2) | ((pf >> 2) & 4);
    unsigned p2 = ((pf >> 1) & 1) | ((pf >> 2) & 2) | ((pf >> 3) & 4);
    if (pf1p > 4) p1 = 0; /* invalid priority: that playfield is transparent */
    if (pf2p > 4) p2 = 0;
    bool pf2_front = con2 & BPLCON2_PF2PRI;
    if (p1 && (!p2 || !pf2_front)) { *pf_code = pf1p; return p1; }
    if (p2) { *pf_code = pf2p; return p2 + 8; }
    *pf_code = 0;
    return 0;
}

static uint32_t colour(denise_t *d, unsigned pf, unsigned spr_col, unsigned spr_pair)
{
    uint16_t con0 = d->bplcon0, con2 = d->bplcon2;
    unsigned pf2p = pf_priority_code((con2 >> 3) & 7);
    unsigned idx;       /* playfield colour register, or 0 = transparent */
    unsigned pf_code;   /* priority of the visible playfield pixel against sprites */
    bool ham = (con0 & BPLCON0_HAM) && !(con0 & BPLCON0_HIRES) && !(con0 & BPLCON0_DPF);
    if (con0 & BPLCON0_DPF) {
        idx = dpf_index(con2, pf, &pf_code);
    } else {
        /* Single playfield: PF2P sets the priority; an invalid one (5-7) makes plane 5
         * hide planes 1-4 where it is set (not in HAM). */
        if (pf2p > 4 && !ham && (pf & 0x10)) pf &= 0x30;
        idx = pf;
        pf_code = pf2p;
    }
    bool sprite = spr_col && (idx == 0 || spr_pair < pf_code);
    if (ham) {
        /* The hold register follows the playfield even under a sprite (sprites are laid
         * over the HAM output). */
        unsigned v = pf & 15;
        uint16_t c = d->ham_rgb;
        switch ((pf >> 4) & 3) {
        case 0: c = d->color[v]; break;
        case 1: c = (uint16_t)((c & 0xFF0) | v); break;      /* blue */
        case 2: c = (uint16_t)((c & 0x0FF) | v << 8); break; /* red */
        default: c = (uint16_t)((c & 0xF0F) | v << 4); break; /* green */
        }
        d->ham_rgb = c;
        return sprite ? d->rgba[spr_col] : denise_rgb12_to_rgba(c);
    }
    if (sprite) return d->rgba[spr_col];
    if (idx >= 32) {
        /* Extra half-brite: plane 6 halves colour idx-32 (HRM ch. 3). */
        uint16_t c = d->color[idx - 32];
        return denise_rgb12_to_rgba((uint16_t)((c >> 1) & 0x777));
    }
    return d->rgba[idx];
}

static void apply_pending(denise_t *d)
{
    unsigned k = 0;
    for (unsigned i = 0; i < d->npending; i++) {
        denise_pending_t *p = &d->pending[i];
        if (p->delay == 0) apply_write(d, p->reg, p->value);
        else { p->delay--; d->pending[k++] = *p; }
    }
    d->npending = k;
}

/* BPL1DAT copies all BPLxDAT into the load latches one lores pixel after its CCK (with
 * the usual fetch phase, CCK $3F: at $80), and a group loads its shifters at the next
 * lores position matching its BPLCON1 delay, at the earliest one pixel after the copy: delay
 * 0 at $81 ... the largest delay (15 lores, 7 hires) at $90/$88, where it takes the old
 * word just before the next copy replaces it (HRM ch. 3 "Specifying amount of delay": each
 * step moves the playfield one pixel right). A word whose load has not happened when the
 * next copy comes (a delay made smaller mid-line) is lost. FS-UAE agrees on both. */
static inline void shifter_loads(denise_t *d, unsigned h, bool hires)
{
    unsigned mask = hires ? 7 : 15;
    unsigned so = d->bplcon1 & 15, se = (d->bplcon1 >> 4) & 15;
    if (hires) { so &= 7; se &= 7; }
    if (d->armed_odd && d->age_odd && ((h - 1 - so) & mask) == 0) { load_shifters(d, true); d->armed_odd = false; }
    if (d->armed_even && d->age_even && ((h - 1 - se) & mask) == 0) { load_shifters(d, false); d->armed_even = false; }
    if (d->copy_pending) {
        memcpy(d->pipe, d->pipe_next, sizeof d->pipe);
        d->armed_odd = d->armed_even = true;
        d->age_odd = d->age_even = 0;
        d->copy_pending = false;
    }
    if (d->armed_odd && d->age_odd < 255) d->age_odd++;
    if (d->armed_even && d->age_even < 255) d->age_even++;
}

static void lores_pixel(denise_t *d, unsigned h, uint32_t *out)
{
    if (d->npending) apply_pending(d);
    if (h == d->hstart) d->hdiw = true;
    if (h == d->hstop) d->hdiw = false;

    bool hires = d->bplcon0 & BPLCON0_HIRES;
    shifter_loads(d, h, hires);

    /* Sprite shifters: one bit per lores pixel. spr_busy has a bit per sprite that is
     * armed or still shifting, so idle sprites cost nothing. */
    unsigned sval[8];
    bool any = false;
    if (d->spr_busy) {
        uint8_t busy = 0;
        for (unsigned i = 0; i < 8; i++) {
            denise_sprite_t *s = &d->spr[i];
            sval[i] = 0;
            if (!(d->spr_busy & (1u << i))) continue;
            if (s->shift_left) {
                sval[i] = (unsigned)(s->sha >> 15) | (unsigned)(s->shb >> 15) << 1;
                s->sha = (uint16_t)(s->sha << 1);
                s->shb = (uint16_t)(s->shb << 1);
                s->shift_left--;
                any |= sval[i] != 0;
            }
            if (s->armed && h == s->hstart) {
                s->sha = s->data;
                s->shb = s->datb;
                s->shift_left = 16;
            }
            if (s->armed || s->shift_left) busy |= (uint8_t)(1u << i);
        }
        d->spr_busy = busy;
    }
    if (!d->sprites_on) any = false;
    unsigned pair = 0, pairs = 0, spr_col = 0;
    if (any) spr_col = sprite_pixel(d, &pair, &pairs, sval);

    /* Border: outside the horizontal window. Lines outside the vertical window have no
     * bitplane data (Agnus fetches none) and no sprites, so they show COLOR00 as well. */
    bool window = d->hdiw;
    for (unsigned k = 0; k < 2; k++) {
        unsigned pf;
        if (hires || k == 0) pf = shift_out(d);
        else pf = d->last_pf;
        d->last_pf = pf;
        if (!window) {
            out[k] = d->rgba[0];
            continue;
        }
        if (any) {
            collisions(d, pf, sval);
        } else if ((((pf ^ d->clxcon) & (d->clxcon >> 6)) & 0x3F) == 0) {
            d->clxdat |= 1; /* both playfields match: the only collision without sprites */
        }
        if (!spr_col && pf < 32 && !(d->bplcon0 & (BPLCON0_HAM | BPLCON0_DPF)) &&
            ((d->bplcon2 >> 3) & 7) <= 4)
            out[k] = d->rgba[pf]; /* plain single playfield pixel */
        else
            out[k] = colour(d, pf, spr_col, pair);
    }
    if (!window) d->ham_rgb = d->color[0];
}

/* ---- drawing ------------------------------------------------------------------------------
 * The colour clocks received since the last drawing (d->lag) are drawn in runs:
 *  - border runs: only COLOR00, nothing to change in the pipeline but the shift (border_stretch);
 *  - word runs: up to one shifter word (16 lores pixels: 8 CCKs lores, 4 hires; CCK 0, where
 *    the counter wraps, alone) in which no latched write falls due and no sprite starts or
 *    shifts (the window flip-flop may change: a mask says which pixels are inside).
 *    The playfield shifters then only shift, with at most one load per group (odd and even
 *    planes, each at its BPLCON1 delay) and a BPL1DAT copy at the run's first pixel, so each
 *    plane's bits for the run are a 32-bit stream of its register followed by its load latch;
 *    a table turns 8 bits of every plane into 8 pixel values at once (planar to chunky, as the
 *    shifters do), and the pixel values into colours;
 *  - any other colour clock goes through the general per-pixel pipeline (lores_pixel), which is
 *    all that ARCANA_SLOW_CHIPSET=1 (cfg.slow_path) uses.
 * The result is identical to lores_pixel()'s everywhere (tests/suites/59-a500-fastpath.sh
 * compares the two on busy disks frame by frame, test_denise's denise_runs_match_every_cck on
 * random writes, sprites and scroll values). */

/* The framebuffer place of CCK hpos's 4 pixels in the row and, without interlace, the row
 * below (o2 == o1 in interlace); NULL if they fall outside the framebuffer. */
static uint32_t *cck_out(denise_t *d, unsigned hpos, uint32_t **o2)
{
    unsigned row, col;
    if (hpos >= DENISE_ROW_START_CCK) {
        row = d->row;
        col = 4 * (hpos - DENISE_ROW_START_CCK);
    } else {
        row = d->prev_row;
        col = 4 * (hpos + d->prev_line_len - DENISE_ROW_START_CCK);
    }
    *o2 = NULL;
    if (col + 4 > DENISE_FB_W) return NULL;
    uint32_t *o1 = &d->fb[row][col];
    *o2 = !d->lace && row + 1 < DENISE_FB_H ? &d->fb[row + 1][col] : o1;
    return o1;
}

/* Stores one hires pixel in both rows (o2 == o1 in interlace). */
static inline void put2(uint32_t *o1, uint32_t *o2, unsigned k, uint32_t v)
{
    o1[k] = v;
    o2[k] = v;
}

/* One CCK through the general per-pixel pipeline. */
static void draw_cck_slow(denise_t *d)
{
    unsigned hpos = d->hpos;
    /* Denise's counter: h = 2*hpos (the CCK 0 pixels are $1C6/$1C7 of the previous line's
     * count, the counter restarts at 2 in CCK 1). */
    unsigned h = hpos ? 2 * hpos : 2 * d->prev_line_len;
    uint32_t px[4], *o2, *o1 = cck_out(d, hpos, &o2);
    lores_pixel(d, h, px);
    lores_pixel(d, h + 1, px + 2);
    if (o1)
        for (unsigned k = 0; k < 4; k++) put2(o1, o2, k, px[k]);
    d->hpos++;
}

/* Colour of one playfield value inside the window, no sprite (as lores_pixel() does). */
static inline uint32_t pf_colour(denise_t *d, unsigned pf, bool plain)
{
    return plain && pf < 32 ? d->rgba[pf] : colour(d, pf, 0, 0);
}

/* dpf_index() of every playfield value for the current BPLCON2 (d->dpf_idx is a cache:
 * dpf_key is the BPLCON2 it was built for, 0xFFFF none). */
static const uint8_t *dpf_table(denise_t *d)
{
    if (d->dpf_key != d->bplcon2) {
        unsigned code;
        for (unsigned pf = 0; pf < 64; pf++) d->dpf_idx[pf] = (uint8_t)dpf_index(d->bplcon2, pf, &code);
        d->dpf_key = d->bplcon2;
    }
    return d->dpf_idx;
}

/* Planar to chunky: byte j (in memory order) of c2p(b) is bit 7 - j of b, a shifter's pixel j
 * of the byte; shifted left by a plane number (< 8) it stays within the bytes. */
#define C2P(b) {(b) >> 7 & 1, (b) >> 6 & 1, (b) >> 5 & 1, (b) >> 4 & 1, \
                (b) >> 3 & 1, (b) >> 2 & 1, (b) >> 1 & 1, (b) & 1}
#define C2P4(b) C2P(b), C2P((b) + 1), C2P((b) + 2), C2P((b) + 3)
#define C2P16(b) C2P4(b), C2P4((b) + 4), C2P4((b) + 8), C2P4((b) + 12)
#define C2P64(b) C2P16(b), C2P16((b) + 16), C2P16((b) + 32), C2P16((b) + 48)
static const uint8_t c2p_bytes[256][8] = {C2P64(0), C2P64(64), C2P64(128), C2P64(192)};

static inline uint64_t c2p(unsigned b)
{
    uint64_t v;
    memcpy(&v, c2p_bytes[b], 8);
    return v;
}

/* Stores a lores pixel's colour as its two hires pixels. */
static inline void put_lores(uint32_t *o, unsigned j, uint32_t c)
{
    uint64_t v = (uint64_t)c << 32 | c;
    memcpy(o + 2 * j, &v, 8);
}

/* Fills k CCKs (4k pixels) of both rows with colour c (o2 == o1 in interlace). */
static inline void fill_ccks(uint32_t *o1, uint32_t *o2, unsigned k, uint32_t c)
{
    uint32_t q[4] = {c, c, c, c};
    uint32_t *e = o1 + 4 * k;
    for (; o1 + 8 <= e; o1 += 8, o2 += 8) {
        memcpy(o1, q, 16);
        memcpy(o1 + 4, q, 16);
        memcpy(o2, q, 16);
        memcpy(o2 + 4, q, 16);
    }
    if (o1 < e) {
        memcpy(o1, q, 16);
        memcpy(o2, q, 16);
    }
}

/* Denise's lores position at the start of CCK hpos: h = 2 * hpos, but CCK 0 shows $1C6/$1C7 of
 * the previous line's count (the counter restarts at 2 in CCK 1), see draw_cck_slow(). */
static inline unsigned cck_h(const denise_t *d, unsigned hpos)
{
    return hpos ? 2 * hpos : 2 * d->prev_line_len;
}

/* k, or the CCKs before the one showing lores position h if that is among the 2 * k from h0. */
static inline unsigned cut_at(unsigned k, unsigned h0, unsigned h)
{
    return h - h0 < 2 * k ? (h - h0) / 2 : k;
}

/* CCKs from the current one on (at most n) that word_run() can draw, 0 if none: no latched
 * write, within the row and one shifter word, CCK 0 (where the counter wraps) alone, and with
 * every busy sprite armed but not shifting and starting after the run. The window flip-flop
 * may change inside the run. */
static unsigned word_stretch(const denise_t *d, unsigned n)
{
    unsigned hpos = d->hpos;
    if (d->npending) return 0;
    unsigned max = hpos == 0 ? 1 : d->bplcon0 & BPLCON0_HIRES ? 4 : 8;
    unsigned end = hpos + (n < max ? n : max);
    if (hpos < DENISE_ROW_START_CCK && end > DENISE_ROW_START_CCK) end = DENISE_ROW_START_CCK;
    unsigned col = hpos >= DENISE_ROW_START_CCK ? 4 * (hpos - DENISE_ROW_START_CCK)
                                                : 4 * (hpos + d->prev_line_len - DENISE_ROW_START_CCK);
    if (col + 4 * (end - hpos) > DENISE_FB_W) return 0;
    unsigned h0 = cck_h(d, hpos), k = end - hpos;
    for (unsigned busy = d->spr_busy, i = 0; busy; busy >>= 1, i++) {
        if (!(busy & 1)) continue;
        const denise_sprite_t *s = &d->spr[i];
        if (!s->armed || s->shift_left) return 0;
        k = cut_at(k, h0, s->hstart);
    }
    return k;
}

/* All shift registers and load latches hold 0: loads and shifts leave them so (an empty
 * fetch, as on most of a blank screen's lines). */
static inline bool planes_empty(const denise_t *d)
{
    uint64_t s, p;
    uint32_t s2, p2;
    memcpy(&s, d->shift, 8);
    memcpy(&s2, d->shift + 4, 4);
    memcpy(&p, d->pipe, 8);
    memcpy(&p2, d->pipe + 4, 4);
    return (s | p | s2 | p2) == 0;
}

/* An armed group over a run of lores_px pixels whose load falls at pixel j (none if j >=
 * lores_px): it disarms there, and its age counts the pixels it stays armed. */
static inline void arm_run(bool *armed, uint8_t *age, unsigned *load_at, unsigned j,
                           unsigned lores_px, unsigned per)
{
    unsigned inc = lores_px;
    if (j < lores_px) {
        *load_at = j * per;
        *armed = false;
        inc = j;
    }
    *age = (uint8_t)(*age + inc > 255 ? 255 : *age + inc);
}

/* Draws k CCKs found by word_stretch(). */
static void word_run(denise_t *d, unsigned k)
{
    bool hires = d->bplcon0 & BPLCON0_HIRES;
    unsigned n = bpu(d), h0 = cck_h(d, d->hpos), lores_px = 2 * k;
    unsigned per = hires ? 2 : 1;          /* shifter bits (output pixels) per lores pixel */
    unsigned units = per * lores_px;       /* output pixels of the run, at most 16 */
    unsigned mask = hires ? 7 : 15;
    unsigned delay[2] = {d->bplcon1 & mask, (d->bplcon1 >> 4) & mask};
    /* The first lores pixel, as shifter_loads(): its loads from the latches as they are, then
     * a BPL1DAT copy. */
    if (d->armed_odd && d->age_odd && ((h0 - 1 - delay[0]) & mask) == 0) {
        load_shifters(d, true);
        d->armed_odd = false;
    }
    if (d->armed_even && d->age_even && ((h0 - 1 - delay[1]) & mask) == 0) {
        load_shifters(d, false);
        d->armed_even = false;
    }
    if (d->copy_pending) {
        memcpy(d->pipe, d->pipe_next, sizeof d->pipe);
        d->armed_odd = d->armed_even = true;
        d->age_odd = d->age_even = 0;
        d->copy_pending = false;
    }
    /* An armed group (old enough from now on) loads at the first lores pixel j >= 1 with
     * h0 + j - 1 - delay a multiple of 16 (hires 8): at most once in the run. Its age counts
     * the pixels it stays armed. */
    unsigned load_at[2] = {units, units};  /* output pixel of each group's load (units: none) */
    if (d->armed_odd) arm_run(&d->armed_odd, &d->age_odd, &load_at[0], 1 + ((delay[0] - h0) & mask), lores_px, per);
    if (d->armed_even) arm_run(&d->armed_even, &d->age_even, &load_at[1], 1 + ((delay[1] - h0) & mask), lores_px, per);
    /* Each shown plane's bits, first pixel in the top bit: the register, then the latch from
     * its load on; 8 of them at a time become 8 pixel values (a byte each, in memory order). */
    uint64_t lo = 0, hi = 0;
    if (!planes_empty(d)) {
        for (unsigned i = 0; i < n; i++) {
            unsigned t = load_at[i & 1];
            uint32_t s = (uint32_t)d->shift[i] << 16;
            if (t < units) s = (s & ~(0xFFFFFFFFu >> t)) | (uint32_t)d->pipe[i] << (16 - t);
            d->shift[i] = (uint16_t)(s >> (16 - units));
            lo |= c2p(s >> 24) << i;
            hi |= c2p((s >> 16) & 0xFF) << i;
        }
        /* the planes not shown only take loads */
        for (unsigned g = 0; g < 2; g++) {
            if (load_at[g] >= units) continue;
            for (unsigned i = n + ((n ^ g) & 1); i < 6; i += 2) d->shift[i] = d->pipe[i];
        }
    }
    uint8_t pf[16];
    memcpy(pf, &lo, 8);
    memcpy(pf + 8, &hi, 8);
    d->last_pf = pf[units - 1];

    uint32_t *o2, *o1 = cck_out(d, d->hpos, &o2);
    d->hpos += k;
    /* The window flip-flop at each lores pixel (as lores_pixel() sets it); win: a bit per output
     * pixel inside the window. */
    unsigned ds = d->hstart - h0, de = d->hstop - h0, all = (1u << units) - 1, win;
    if (ds >= lores_px && de >= lores_px) {
        if (!d->hdiw) {
            fill_ccks(o1, o2, k, d->rgba[0]);
            d->ham_rgb = d->color[0];
            return;
        }
        win = all;
    } else {
        bool w = d->hdiw;
        win = 0;
        for (unsigned j = 0; j < lores_px; j++) {
            if (j == ds) w = true;
            if (j == de) w = false;
            if (w) win |= ((1u << per) - 1) << (j * per);
        }
        d->hdiw = w;
    }
    if ((lo | hi) == 0) {
        /* playfield value 0 throughout: COLOR00 in every mode (colour()), HAM's hold register
         * takes it, and in the window both playfields may match (as border_run()) */
        fill_ccks(o1, o2, k, d->rgba[0]);
        if (win && ((d->clxcon & 0x3F) & (d->clxcon >> 6)) == 0) d->clxdat |= 1;
        uint16_t con0 = d->bplcon0;
        if (win != all || ((con0 & BPLCON0_HAM) && !(con0 & (BPLCON0_HIRES | BPLCON0_DPF))))
            d->ham_rgb = d->color[0];
        return;
    }
    if (win != all) {
        if (d->bplcon0 & BPLCON0_HAM) {
            /* HAM's hold register takes COLOR00 in the border: colour() in pixel order */
            for (unsigned u = 0; u < units; u++) {
                uint32_t c = d->rgba[0];
                if (win >> u & 1) {
                    if ((((pf[u] ^ d->clxcon) & (d->clxcon >> 6)) & 0x3F) == 0) d->clxdat |= 1;
                    c = colour(d, pf[u], 0, 0);
                } else {
                    d->ham_rgb = d->color[0];
                }
                if (hires) o1[u] = c;
                else put_lores(o1, u, c);
            }
            if (o2 != o1) memcpy(o2, o1, 16 * k);
            return;
        }
        if (win != all) d->ham_rgb = d->color[0];
    }
    if (!(d->clxdat & 1)) {
        /* without sprites the only collision: both playfields match (CLXDAT bit 0) */
        unsigned en = (d->clxcon >> 6) & 0x3F, mv = d->clxcon & 0x3F;
        for (unsigned j = 0; j < units; j++) {
            if ((win >> j & 1) && ((pf[j] ^ mv) & en) == 0) {
                d->clxdat |= 1;
                break;
            }
        }
    }
    /* The colours go to the first row, then to the second (without interlace). */
    bool plain = !(d->bplcon0 & (BPLCON0_HAM | BPLCON0_DPF)) && ((d->bplcon2 >> 3) & 7) <= 4;
    if (plain && n <= 5) {
        /* a colour register per value (below 32 with up to 5 planes) */
        if (hires) {
            for (unsigned j = 0; j < units; j++) o1[j] = d->rgba[pf[j]];
        } else {
            for (unsigned j = 0; j < units; j++) memcpy(o1 + 2 * j, &d->rgba2[pf[j]], 8);
        }
    } else if (d->bplcon0 & BPLCON0_DPF) {
        /* dual playfield without sprites: colour() gives rgba[dpf_index()] (never HAM) */
        const uint8_t *t = dpf_table(d);
        if (hires) {
            for (unsigned j = 0; j < units; j++) o1[j] = d->rgba[t[pf[j] & 0x3F]];
        } else {
            for (unsigned j = 0; j < units; j++) memcpy(o1 + 2 * j, &d->rgba2[t[pf[j] & 0x3F]], 8);
        }
    } else {
        /* HAM, EHB, an invalid PF2P: colour() in pixel order (HAM's hold register) */
        for (unsigned j = 0; j < units; j++) {
            uint32_t c = pf_colour(d, pf[j], plain);
            if (hires) o1[j] = c;
            else put_lores(o1, j, c);
        }
    }
    if (win != all) {
        /* the border part of a run across a window edge */
        for (unsigned u = 0; u < units; u++) {
            if (win >> u & 1) continue;
            if (hires) o1[u] = d->rgba[0];
            else put_lores(o1, u, d->rgba[0]);
        }
    }
    if (o2 != o1) memcpy(o2, o1, 16 * k);
}

/* CCKs from the current one on (at most n) that show only COLOR00 with nothing to change in
 * the pipeline: no latched write, no sprite busy, no shifter load armed or copy due, within
 * one framebuffer row, and either border (window closed and not opening) or an open window
 * (not closing) over empty shifters, where every mode shows COLOR00 for playfield value 0.
 * They only shift the playfield registers, as lores_pixel() does there. */
static unsigned border_stretch(const denise_t *d, unsigned n)
{
    unsigned hpos = d->hpos;
    if (d->npending || d->spr_busy || d->copy_pending || d->armed_odd || d->armed_even)
        return 0;
    if (d->hdiw) {
        for (unsigned i = 0, np = bpu(d); i < np; i++)
            if (d->shift[i]) return 0;
    }
    unsigned end = hpos + (hpos == 0 ? 1 : n);   /* CCK 0 (the counter wraps) alone */
    if (hpos < DENISE_ROW_START_CCK && end > DENISE_ROW_START_CCK) end = DENISE_ROW_START_CCK;
    unsigned col = hpos >= DENISE_ROW_START_CCK ? 4 * (hpos - DENISE_ROW_START_CCK)
                                                : 4 * (hpos + d->prev_line_len - DENISE_ROW_START_CCK);
    if (col + 4 * (end - hpos) > DENISE_FB_W) return 0;
    /* the window opens (closes) in the CCK showing h = hstart (hstop) */
    unsigned h0 = cck_h(d, hpos), k = cut_at(end - hpos, h0, d->hstart);
    return d->hdiw ? cut_at(k, h0, d->hstop) : k;
}

static void border_run(denise_t *d, unsigned k)
{
    uint32_t *o2, *o1 = cck_out(d, d->hpos, &o2);
    fill_ccks(o1, o2, k, d->rgba[0]);
    /* Every shown bit leaves its register; last_pf holds the last pixel's, which was bit
     * 16 - bits of the register at the start. */
    unsigned bits = (d->bplcon0 & BPLCON0_HIRES ? 4 : 2) * k, n = bpu(d), pf = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t s = d->shift[i];
        if (bits <= 16) pf |= ((s >> (16 - bits)) & 1) << i;
        d->shift[i] = bits >= 16 ? 0 : (uint16_t)(s << bits);
    }
    d->last_pf = pf;
    if (d->hdiw) {
        /* playfield value 0 in the window: the both-playfields-match collision, and HAM's
         * hold register takes COLOR00 (colour()) */
        if (((d->clxcon & 0x3F) & (d->clxcon >> 6)) == 0) d->clxdat |= 1;
        uint16_t con0 = d->bplcon0;
        if ((con0 & BPLCON0_HAM) && !(con0 & (BPLCON0_HIRES | BPLCON0_DPF))) d->ham_rgb = d->color[0];
    } else {
        d->ham_rgb = d->color[0];
    }
    d->hpos += k;
}

/* Draws CCKs hpos .. hpos + n - 1. */
static void draw(denise_t *d, unsigned n)
{
    while (n) {
        unsigned k = 0;
        if (!d->cfg.slow_path) {
            k = border_stretch(d, n);
            if (k) border_run(d, k);
            else if ((k = word_stretch(d, n)) != 0) word_run(d, k);
        }
        if (!k) {
            draw_cck_slow(d);
            k = 1;
        }
        n -= k;
    }
}

void denise_draw_lag(denise_t *d)
{
    unsigned n = d->lag;
    d->lag = 0;
    draw(d, n);
}

void denise_cck_draw(denise_t *d)
{
    denise_draw_lag(d);
    if (d->bpl1_written) {
        /* The BPL1DAT write of this CCK arms the shifters for the next match. */
        memcpy(d->pipe_next, d->bpldat, sizeof d->pipe_next);
        d->copy_pending = true;
        d->bpl1_written = false;
        d->sprites_on = true;
    }
}

static unsigned row_of(const denise_t *d, unsigned vpos)
{
    unsigned r = 2 * vpos + (d->lace && !d->lof ? 1 : 0);
    return r < DENISE_FB_H ? r : DENISE_FB_H - 2;
}

void denise_hsync(denise_t *d, unsigned vpos, bool vdiw, unsigned line_len)
{
    denise_sync(d);
    d->prev_line_len = d->hpos ? d->hpos : line_len;
    d->prev_row = d->row;
    d->vpos = vpos;
    d->vdiw = vdiw;
    d->hpos = 0;
    d->line_len = line_len;
    d->row = row_of(d, vpos);
    d->sprites_on = false;
}

void denise_vsync(denise_t *d, bool lof, bool lace)
{
    denise_sync(d);
    d->lof = lof;
    d->lace = lace;
    d->frames++;
}

/* ---- save states (machines/state.h) ---- */

void denise_serialize(denise_t *d, ser_t *s)
{
    denise_sync(d);   /* a state holds no lag (after loading one, none is left either) */
    SER(s, d->bplcon0);
    SER(s, d->bplcon1);
    SER(s, d->bplcon2);
    SER(s, d->diwstrt);
    SER(s, d->diwstop);
    SER(s, d->hstart);
    SER(s, d->hstop);
    SER(s, d->clxcon);
    SER(s, d->clxdat);
    ser_u16s(s, d->color, 32);
    ser_u32s(s, d->rgba, 32);
    for (unsigned i = 0; i < 32; i++) d->rgba2[i] = (uint64_t)d->rgba[i] << 32 | d->rgba[i];
    ser_u16s(s, d->bpldat, 6);
    ser_u16s(s, d->pipe, 6);
    ser_u16s(s, d->shift, 6);
    SER_MAX(s, d->last_pf, 0xFF);
    SER(s, d->bpl1_written);
    SER(s, d->armed_odd);
    SER(s, d->armed_even);
    ser_u16s(s, d->pipe_next, 6);
    SER(s, d->copy_pending);
    SER(s, d->age_odd);
    SER(s, d->age_even);
    SER(s, d->sprites_on);
    for (int i = 0; i < 8 && ser_ok(s); i++) {
        denise_sprite_t *p = &d->spr[i];
        SER(s, p->pos);
        SER(s, p->ctl);
        SER(s, p->data);
        SER(s, p->datb);
        SER_MAX(s, p->hstart, 0x1FF);
        SER(s, p->armed);
        SER(s, p->sha);
        SER(s, p->shb);
        SER_MAX(s, p->shift_left, 64);
    }
    SER(s, d->spr_busy);
    SER_MAX(s, d->npending, DENISE_PENDING);
    for (unsigned i = 0; i < d->npending && ser_ok(s); i++) {
        SER_MAX(s, d->pending[i].reg, 0x1FE);
        SER(s, d->pending[i].value);
        SER(s, d->pending[i].delay);
    }
    SER(s, d->ham_rgb);
    SER(s, d->hdiw);
    SER(s, d->vdiw);
    SER_MAX(s, d->line_len, 228);
    SER_MAX(s, d->prev_line_len, 228);
    SER_MAX(s, d->hpos, 228);
    SER_MAX(s, d->vpos, 0x7FF);
    SER_MAX(s, d->row, DENISE_FB_H - 1);
    SER_MAX(s, d->prev_row, DENISE_FB_H - 1);
    SER(s, d->lof);
    SER(s, d->lace);
    SER(s, d->frames);
    SER(s, d->logged_unknown);
    /* The frame drawn so far: a state saved mid-frame shows the same picture when loaded.
     * Compressed as memory (2.2 MB of pixels -> a few KB); pixel words are little-endian in the
     * file, which is the host's order on every host Arcana builds for. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    ser_memory(s, (uint8_t *)d->fb, sizeof d->fb);
#else
    for (int y = 0; y < DENISE_FB_H && ser_ok(s); y++)
        ser_u32s(s, d->fb[y], DENISE_FB_W);
#endif
}
