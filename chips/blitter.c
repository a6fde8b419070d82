/* The blitter (HRM 3rd ed. ch. 6). Area mode: per word, fetch A/B/C, mask A with the
 * first/last-word masks, run both barrel shifters (the bits shifted out of the previous word
 * come in, across rows too), apply the minterm, fill, and write D one word later (the D
 * write is pipelined: the first word's D slot writes nothing, the blit ends with an idle
 * cycle and the last D). Cycle pattern per word (HRM ch. 6 table "Blitter cycle timing", as
 * corrected by measurements on real machines and the 1985 HRM errata for fill mode): a slot
 * for A (an idle one if A is off), one for B if B is on, then C and/or D (an idle slot if
 * neither); fill mode with D but no C adds an idle slot after D. Idle slots of the pattern
 * transfer nothing but still wait for a CCK no other DMA uses; the two end cycles and the
 * start-up cycles are described at START_DELAY and in blitter_cck. */
#include "chips/blitter.h"
#include "machines/state.h"

#include <stdio.h>
#include <string.h>

enum {
    REG_BLTCON0 = 0x040, REG_BLTCON1 = 0x042, REG_BLTAFWM = 0x044, REG_BLTALWM = 0x046,
    REG_BLTCPTH = 0x048, REG_BLTCPTL = 0x04A, REG_BLTBPTH = 0x04C, REG_BLTBPTL = 0x04E,
    REG_BLTAPTH = 0x050, REG_BLTAPTL = 0x052, REG_BLTDPTH = 0x054, REG_BLTDPTL = 0x056,
    REG_BLTSIZE = 0x058, REG_BLTCON0L = 0x05A, REG_BLTSIZV = 0x05C, REG_BLTSIZH = 0x05E,
    REG_BLTCMOD = 0x060, REG_BLTBMOD = 0x062, REG_BLTAMOD = 0x064, REG_BLTDMOD = 0x066,
    REG_BLTCDAT = 0x070, REG_BLTBDAT = 0x072, REG_BLTADAT = 0x074
};

enum { CH_A, CH_B, CH_C, CH_D };
/* SLOT_WAIT: an idle cycle that still waits for a CCK no other DMA uses (it is not taken). */
enum { SLOT_IDLE, SLOT_WAIT, SLOT_A, SLOT_B, SLOT_C, SLOT_D };

/* BLTCON0/1 bits (HRM appendix A). */
#define USEA 0x0800
#define USEB 0x0400
#define USEC 0x0200
#define USED 0x0100
#define CON1_LINE 0x0001
#define CON1_DESC 0x0002 /* area mode */
#define CON1_SING 0x0002 /* line mode */
#define CON1_FCI 0x0004
#define CON1_IFE 0x0008
#define CON1_EFE 0x0010
#define CON1_AUL 0x0004
#define CON1_SUL 0x0008
#define CON1_SUD 0x0010
#define CON1_SIGN 0x0040

/* CCKs after the BLTSIZE write before the first cycle of the pattern: one for the register
 * latch, then two start-up cycles that wait for a CCK no other DMA uses. */
#define START_DELAY 3

void blitter_init(blitter_t *b, const blitter_cfg_t *cfg)
{
    memset(b, 0, sizeof *b);
    b->cfg = *cfg;
    blitter_reset(b);
}

void blitter_reset(blitter_t *b)
{
    blitter_cfg_t cfg = b->cfg;
    memset(b, 0, sizeof *b);
    b->cfg = cfg;
    b->afwm = b->alwm = 0xFFFF;
}

bool blitter_owns_reg(const blitter_t *b, unsigned reg)
{
    reg &= 0x1FE;
    if (reg >= REG_BLTCON0 && reg <= REG_BLTSIZE) return true;
    if (reg >= REG_BLTCON0L && reg <= REG_BLTSIZH) return b->cfg.ecs;
    if (reg >= REG_BLTCMOD && reg <= REG_BLTDMOD) return true;
    return reg >= REG_BLTCDAT && reg <= REG_BLTADAT;
}

static inline uint16_t rd16(const blitter_t *b, uint32_t addr)
{
    addr &= b->cfg.chip_mask & ~1u;
    return (uint16_t)(b->cfg.chip_ram[addr] << 8 | b->cfg.chip_ram[addr + 1]);
}

static inline void wr16(blitter_t *b, uint32_t addr, uint16_t v)
{
    addr &= b->cfg.chip_mask & ~1u;
    b->cfg.chip_ram[addr] = (uint8_t)(v >> 8);
    b->cfg.chip_ram[addr + 1] = (uint8_t)v;
}

static uint16_t shift_word(uint16_t now, uint16_t old, unsigned sh, bool desc)
{
    if (desc) return (uint16_t)((((uint32_t)now << 16) | old) >> (16 - sh));
    return (uint16_t)((((uint32_t)old << 16) | now) >> sh);
}

static uint16_t minterm(uint16_t a, uint16_t bb, uint16_t c, unsigned lf)
{
    uint16_t r = 0;
    if (lf & 0x80) r |= a & bb & c;
    if (lf & 0x40) r |= a & bb & ~c;
    if (lf & 0x20) r |= a & ~bb & c;
    if (lf & 0x10) r |= a & ~bb & ~c;
    if (lf & 0x08) r |= ~a & bb & c;
    if (lf & 0x04) r |= ~a & bb & ~c;
    if (lf & 0x02) r |= ~a & ~bb & c;
    if (lf & 0x01) r |= ~a & ~bb & ~c;
    return r;
}

/* Area fill, right to left (bit 0 first) with the carry across the row (HRM ch. 6 "Area
 * fill mode"): inclusive keeps both edges, exclusive drops the left one. */
static uint16_t fill_word(uint16_t d, bool *carry, bool exclusive)
{
    uint16_t out = 0;
    bool c = *carry;
    for (unsigned i = 0; i < 16; i++) {
        bool bit = (d >> i) & 1;
        bool o = exclusive ? (c ^ bit) : (c || bit);
        if (bit) c = !c;
        if (o) out |= (uint16_t)(1u << i);
    }
    *carry = c;
    return out;
}

static void build_pattern(blitter_t *b)
{
    unsigned n = 0;
    uint16_t con0 = b->bltcon0;
    if (b->bltcon1 & CON1_LINE) {
        /* Line mode: 4 CCKs per pixel, C read and D write on the bus, the two others wait
         * for a free CCK without taking it. */
        b->pattern[n++] = SLOT_WAIT;
        b->pattern[n++] = SLOT_C;
        b->pattern[n++] = SLOT_WAIT;
        b->pattern[n++] = SLOT_D;
        b->pattern_len = n;
        return;
    }
    bool fill = b->bltcon1 & (CON1_IFE | CON1_EFE);
    b->pattern[n++] = (con0 & USEA) ? SLOT_A : SLOT_WAIT;
    if (con0 & USEB) b->pattern[n++] = SLOT_B;
    if (con0 & USEC) b->pattern[n++] = SLOT_C;
    if (con0 & USED) b->pattern[n++] = SLOT_D;
    if (!(con0 & (USEC | USED))) b->pattern[n++] = SLOT_WAIT;
    /* Fill mode needs a cycle more when C does not already give one (HRM errata 1985). */
    if ((con0 & USED) && fill && !(con0 & USEC)) b->pattern[n++] = SLOT_WAIT;
    b->pattern_len = n;
}

static void start(blitter_t *b, unsigned w, unsigned h)
{
    b->width = w;
    b->height = h;
    b->x = b->y = 0;
    b->step = 0;
    b->busy = true;
    b->zero = true;
    b->aold = b->bold = 0;
    b->dpending = false;
    b->flushing = false;
    b->fill_carry = b->bltcon1 & CON1_FCI;
    b->line_first = true;
    b->start_delay = START_DELAY;
    build_pattern(b);
}

static uint32_t set_hi(uint32_t p, uint16_t v) { return (p & 0xFFFF) | (uint32_t)(v & 0x1F) << 16; }
static uint32_t set_lo(uint32_t p, uint16_t v) { return (p & 0x1F0000) | (v & 0xFFFE); }

void blitter_write(blitter_t *b, unsigned reg, uint16_t v)
{
    reg &= 0x1FE;
    bool desc = (b->bltcon1 & (CON1_DESC | CON1_LINE)) == CON1_DESC;
    switch (reg) {
    case REG_BLTCON0: b->bltcon0 = v; return;
    case REG_BLTCON0L: b->bltcon0 = (b->bltcon0 & 0xFF00) | (v & 0xFF); return;
    case REG_BLTCON1: b->bltcon1 = v; return;
    case REG_BLTAFWM: b->afwm = v; return;
    case REG_BLTALWM: b->alwm = v; return;
    case REG_BLTCPTH: b->pt[CH_C] = set_hi(b->pt[CH_C], v); return;
    case REG_BLTCPTL: b->pt[CH_C] = set_lo(b->pt[CH_C], v); return;
    case REG_BLTBPTH: b->pt[CH_B] = set_hi(b->pt[CH_B], v); return;
    case REG_BLTBPTL: b->pt[CH_B] = set_lo(b->pt[CH_B], v); return;
    case REG_BLTAPTH: b->pt[CH_A] = set_hi(b->pt[CH_A], v); return;
    /* In line mode the low word of BLTAPT is the error accumulator: odd values are kept. */
    case REG_BLTAPTL: b->pt[CH_A] = (b->pt[CH_A] & 0x1F0000) | v; return;
    case REG_BLTDPTH: b->pt[CH_D] = set_hi(b->pt[CH_D], v); return;
    case REG_BLTDPTL: b->pt[CH_D] = set_lo(b->pt[CH_D], v); return;
    case REG_BLTCMOD: b->mod[CH_C] = (int16_t)(v & 0xFFFE); return;
    case REG_BLTBMOD: b->mod[CH_B] = (int16_t)(v & 0xFFFE); return;
    case REG_BLTAMOD: b->mod[CH_A] = (int16_t)(v & 0xFFFE); return;
    case REG_BLTDMOD: b->mod[CH_D] = (int16_t)(v & 0xFFFE); return;
    case REG_BLTADAT: b->adat = v; return;
    case REG_BLTBDAT:
        /* The B shifter runs when BLTBDAT is loaded (by DMA or by the CPU). */
        b->bdat = v;
        b->bhold = shift_word(v, b->bold, b->bltcon1 >> 12, desc);
        b->bold = v;
        return;
    case REG_BLTCDAT: b->cdat = v; return;
    case REG_BLTSIZE: {
        unsigned h = (v >> 6) & 0x3FF, w = v & 0x3F;
        start(b, w ? w : 64, h ? h : 1024);
        return;
    }
    case REG_BLTSIZV: b->sizv = v & 0x7FFF; return;
    case REG_BLTSIZH: {
        unsigned w = v & 0x7FF, h = b->sizv;
        start(b, w ? w : 2048, h ? h : 32768);
        return;
    }
    default:
        if (!b->logged_unknown) {
            b->logged_unknown = true;
            chip_log(&b->cfg.log, "blitter: write to unemulated register $%03X ignored", reg);
        }
    }
}

uint16_t blitter_peek(const blitter_t *b, unsigned reg)
{
    switch (reg & 0x1FE) {
    case REG_BLTCON0: return b->bltcon0;
    case REG_BLTCON1: return b->bltcon1;
    case REG_BLTAFWM: return b->afwm;
    case REG_BLTALWM: return b->alwm;
    case REG_BLTCPTH: return (uint16_t)(b->pt[CH_C] >> 16);
    case REG_BLTCPTL: return (uint16_t)b->pt[CH_C];
    case REG_BLTBPTH: return (uint16_t)(b->pt[CH_B] >> 16);
    case REG_BLTBPTL: return (uint16_t)b->pt[CH_B];
    case REG_BLTAPTH: return (uint16_t)(b->pt[CH_A] >> 16);
    case REG_BLTAPTL: return (uint16_t)b->pt[CH_A];
    case REG_BLTDPTH: return (uint16_t)(b->pt[CH_D] >> 16);
    case REG_BLTDPTL: return (uint16_t)b->pt[CH_D];
    case REG_BLTCMOD: return (uint16_t)b->mod[CH_C];
    case REG_BLTBMOD: return (uint16_t)b->mod[CH_B];
    case REG_BLTAMOD: return (uint16_t)b->mod[CH_A];
    case REG_BLTDMOD: return (uint16_t)b->mod[CH_D];
    case REG_BLTADAT: return b->adat;
    case REG_BLTBDAT: return b->bdat;
    case REG_BLTCDAT: return b->cdat;
    default: return 0xFFFF;
    }
}

unsigned blitter_status(const blitter_t *b)
{
    return (b->busy ? BLITTER_BUSY : 0) | (b->zero ? BLITTER_ZERO : 0);
}

static void finish(blitter_t *b)
{
    b->busy = false;
    if (b->cfg.done) b->cfg.done(b->cfg.ctx);
}

static inline void ptr_add(blitter_t *b, unsigned ch, int32_t d)
{
    b->pt[ch] = (uint32_t)((int32_t)b->pt[ch] + d) & 0x1FFFFE;
}

/* ---- line mode (HRM ch. 6 "Line mode") --------------------------------------------------- */

static void line_incx(blitter_t *b)
{
    unsigned ash = (b->bltcon0 >> 12) + 1;
    if (ash == 16) { ash = 0; ptr_add(b, CH_C, 2); }
    b->bltcon0 = (uint16_t)((b->bltcon0 & 0x0FFF) | ash << 12);
}

static void line_decx(blitter_t *b)
{
    unsigned ash = b->bltcon0 >> 12;
    if (ash == 0) { ash = 15; ptr_add(b, CH_C, -2); } else ash--;
    b->bltcon0 = (uint16_t)((b->bltcon0 & 0x0FFF) | ash << 12);
}

static void line_y(blitter_t *b, bool up)
{
    ptr_add(b, CH_C, up ? -b->mod[CH_C] : b->mod[CH_C]);
    b->line_first = true;
}

/* One pixel: D = minterm(A mask bit at ASH, texture bit of B, C), written to the C address
 * (SING: only the first pixel of each row), then the Bresenham step. */
static uint16_t line_pixel(blitter_t *b, bool *write)
{
    unsigned ash = b->bltcon0 >> 12, bsh = b->bltcon1 >> 12;
    uint16_t a = (uint16_t)((b->adat & b->afwm) >> ash);
    uint16_t bb = (uint16_t)(((uint32_t)b->bdat >> bsh) | ((uint32_t)b->bdat << (16 - bsh)));
    bsh = (bsh - 1) & 15;
    b->bltcon1 = (uint16_t)((b->bltcon1 & 0x0FFF) | bsh << 12);
    uint16_t d = minterm(a, (bb & 1) ? 0xFFFF : 0, b->cdat, b->bltcon0 & 0xFF);
    bool sing = b->bltcon1 & CON1_SING;
    *write = (b->bltcon0 & USEC) && (!sing || b->line_first);
    /* D goes to BLTDPT, which then follows C: a different BLTDPT moves the first pixel. */
    b->dpt_pending = b->pt[CH_D];
    b->line_first = false;

    bool sign = b->bltcon1 & CON1_SIGN;
    uint16_t c1 = b->bltcon1;
    if (!sign) {
        if (c1 & CON1_SUD) line_y(b, c1 & CON1_SUL);
        else if (c1 & CON1_SUL) line_decx(b);
        else line_incx(b);
    }
    if (c1 & CON1_SUD) {
        if (c1 & CON1_AUL) line_decx(b);
        else line_incx(b);
    } else {
        line_y(b, c1 & CON1_AUL);
    }
    int16_t err = (int16_t)b->pt[CH_A];
    err = (int16_t)(err + (sign ? b->mod[CH_B] : b->mod[CH_A]));
    b->pt[CH_A] = (b->pt[CH_A] & 0x1F0000) | (uint16_t)err;
    if (err < 0) b->bltcon1 |= CON1_SIGN;
    else b->bltcon1 &= (uint16_t)~CON1_SIGN;
    b->pt[CH_D] = b->pt[CH_C];
    if (d) b->zero = false;
    return d;
}

/* ---- area mode --------------------------------------------------------------------------- */

static void area_word(blitter_t *b)
{
    bool desc = b->bltcon1 & CON1_DESC;
    unsigned ash = b->bltcon0 >> 12, bsh = b->bltcon1 >> 12;
    uint16_t mask = 0xFFFF;
    if (b->x == 0) mask &= b->afwm;
    if (b->x == b->width - 1) mask &= b->alwm;
    uint16_t a = b->adat & mask;
    b->ahold = shift_word(a, b->aold, ash, desc);
    b->aold = a;
    if (b->bltcon0 & USEB) {
        b->bhold = shift_word(b->bdat, b->bold, bsh, desc);
        b->bold = b->bdat;
    }
    uint16_t d = minterm(b->ahold, b->bhold, b->cdat, b->bltcon0 & 0xFF);
    if (b->bltcon1 & (CON1_IFE | CON1_EFE))
        d = fill_word(d, &b->fill_carry, (b->bltcon1 & CON1_EFE) && !(b->bltcon1 & CON1_IFE));
    if (d) b->zero = false;
    if (b->bltcon0 & USED) {
        b->dhold = d;
        b->dpt_pending = b->pt[CH_D];
        b->dpending = true;
        ptr_add(b, CH_D, desc ? -2 : 2);
    }
    if (++b->x == b->width) {
        b->x = 0;
        b->y++;
        b->fill_carry = b->bltcon1 & CON1_FCI;
        static const uint16_t use[4] = {USEA, USEB, USEC, USED};
        for (unsigned ch = 0; ch < 4; ch++)
            if (b->bltcon0 & use[ch]) ptr_add(b, ch, desc ? -b->mod[ch] : b->mod[ch]);
    }
}

static void fetch(blitter_t *b, unsigned ch)
{
    bool desc = b->bltcon1 & CON1_DESC;
    uint16_t w = rd16(b, b->pt[ch]);
    if (ch == CH_A) b->adat = w;
    else if (ch == CH_B) b->bdat = w;
    else b->cdat = w;
    ptr_add(b, ch, desc ? -2 : 2);
}

bool blitter_cck(blitter_t *b, bool bus_free)
{
    if (!b->busy) return false;
    if (b->start_delay) {
        if (b->start_delay < START_DELAY && !bus_free) return false;
        b->start_delay--;
        return false;
    }
    bool line = b->bltcon1 & CON1_LINE;
    if (b->flushing) {
        /* After the last word: an idle cycle, then the last D write (if any) and the end. */
        if (b->step == 0) { b->step = 1; return false; }
        if (!b->dpending) { finish(b); return false; }
        if (!bus_free) return false;
        wr16(b, b->dpt_pending, b->dhold);
        b->dpending = false;
        finish(b);
        return true;
    }
    unsigned slot = b->pattern[b->step];
    bool used = false;
    switch (slot) {
    case SLOT_A: case SLOT_B: case SLOT_C:
        if (!bus_free) return false;
        if (line) {
            bool write;
            b->cdat = rd16(b, b->pt[CH_C]);
            b->dhold = line_pixel(b, &write);
            b->dpending = write;
        } else {
            fetch(b, slot == SLOT_A ? CH_A : slot == SLOT_B ? CH_B : CH_C);
        }
        used = true;
        break;
    case SLOT_WAIT:
        if (!bus_free) return false;
        break;
    case SLOT_D:
        /* Area mode: the previous word's D (pipeline); line mode: this pixel's. With no D to
         * write (first word, pixel suppressed by SING) the slot still waits for a free CCK. */
        if (!bus_free) return false;
        if (b->dpending) {
            wr16(b, b->dpt_pending, b->dhold);
            b->dpending = false;
            used = true;
        }
        break;
    default:
        break;
    }
    if (++b->step < b->pattern_len) return used;
    b->step = 0;
    if (line) {
        if (++b->y >= b->height) b->flushing = true;
        return used;
    }
    area_word(b);
    if (b->y >= b->height) {
        b->flushing = true;
        b->step = 0;
    }
    return used;
}

unsigned blitter_finish(blitter_t *b)
{
    unsigned n = 0;
    while (b->busy) {
        blitter_cck(b, true);
        n++;
    }
    return n;
}

/* ---- save states (machines/state.h) ---- */

void blitter_serialize(blitter_t *b, ser_t *s)
{
    SER(s, b->bltcon0);
    SER(s, b->bltcon1);
    SER(s, b->afwm);
    SER(s, b->alwm);
    ser_u32s(s, b->pt, 4);
    for (int i = 0; i < 4; i++)
        SER(s, b->mod[i]);
    SER(s, b->adat);
    SER(s, b->bdat);
    SER(s, b->cdat);
    SER(s, b->sizv);
    SER(s, b->sizh);
    SER(s, b->busy);
    SER(s, b->zero);
    SER_MAX(s, b->width, 1u << 16);
    SER_MAX(s, b->height, 1u << 16);
    SER_MAX(s, b->x, b->width);
    SER_MAX(s, b->y, b->height);
    SER_MAX(s, b->pattern_len, 6);
    SER_MAX(s, b->step, b->pattern_len);
    for (int i = 0; i < 6; i++)
        SER_MAX(s, b->pattern[i], SLOT_D);
    SER_MAX(s, b->start_delay, 64);
    SER(s, b->aold);
    SER(s, b->bold);
    SER(s, b->ahold);
    SER(s, b->bhold);
    SER(s, b->dhold);
    SER(s, b->dpt_pending);
    SER(s, b->dpending);
    SER(s, b->fill_carry);
    SER(s, b->first_word);
    SER(s, b->last_word);
    SER(s, b->flushing);
    SER(s, b->line_first);
    SER(s, b->logged_unknown);
}
