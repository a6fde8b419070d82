/* Agnus: beam counters and the colour-clock DMA sequencer (see agnus.h for the contract).
 * Slot map: HRM 3rd ed. fig. 6-9 "DMA time slot allocation"; bitplane fetch units and the
 * DDFSTRT/DDFSTOP logic: HRM ch. 3 "Data fetch" and the Agnus (8361/8370/8371) schematics as
 * measured by test programs on real machines (a fetch unit starts on DDFSTRT, DDFSTOP ends the
 * fetch after the unit in progress plus one more unit, which also adds the modulos). */
#include "chips/agnus.h"
#include "machines/state.h"

#include <stdio.h>
#include <string.h>

enum {
    REG_DMACONR = 0x002, REG_VPOSR = 0x004, REG_VHPOSR = 0x006, REG_DSKPTH = 0x020,
    REG_DSKPTL = 0x022, REG_REFPTR = 0x028, REG_VPOSW = 0x02A, REG_VHPOSW = 0x02C,
    REG_COPCON = 0x02E, REG_COP1LCH = 0x080, REG_COP1LCL = 0x082, REG_COP2LCH = 0x084,
    REG_COP2LCL = 0x086, REG_COPJMP1 = 0x088, REG_COPJMP2 = 0x08A, REG_COPINS = 0x08C,
    REG_DIWSTRT = 0x08E, REG_DIWSTOP = 0x090, REG_DDFSTRT = 0x092, REG_DDFSTOP = 0x094,
    REG_DMACON = 0x096, REG_AUD0LCH = 0x0A0, REG_BPL1PTH = 0x0E0, REG_BPLCON0 = 0x100,
    REG_BPL1MOD = 0x108, REG_BPL2MOD = 0x10A, REG_BPL1DAT = 0x110, REG_SPR0PTH = 0x120,
    REG_SPR0POS = 0x140, REG_SPR0DATA = 0x144, REG_BEAMCON0 = 0x1DC, REG_DIWHIGH = 0x1E4,
    REG_BMAPEN = 0x1FF /* internal: the fetch logic's copy of BPLEN */
};

/* Refresh slots and the fixed disk/audio/sprite slots (HRM fig. 6-9). */
#define SLOT_DISK0 0x07
#define SLOT_AUD0 0x0D
#define SLOT_SPR0 0x15
#define SHW_POS 0x18   /* start of the hardware fetch window */
#define RHW_POS 0xD8   /* end of the hardware fetch window */
#define FRAME_DONE_CCK 0x12
#define VBLANK_LAST_PAL 25
#define VBLANK_LAST_NTSC 20

/* Bitplane fetched at each position of a fetch unit (0 = none), HRM fig. 6-9. */
static const uint8_t lores_plane[8] = {0, 4, 6, 2, 0, 3, 5, 1};
static const uint8_t hires_plane[4] = {4, 2, 3, 1};

static inline uint16_t rd16(const agnus_t *a, uint32_t addr)
{
    addr &= a->addr_mask & ~1u;
    return (uint16_t)(a->cfg.chip_ram[addr] << 8 | a->cfg.chip_ram[addr + 1]);
}

static inline void wr16(agnus_t *a, uint32_t addr, uint16_t v)
{
    addr &= a->addr_mask & ~1u;
    a->cfg.chip_ram[addr] = (uint8_t)(v >> 8);
    a->cfg.chip_ram[addr + 1] = (uint8_t)v;
}

/* NTSC timing: the 8371/8370 are fixed by type (cfg.ntsc); the 8372A follows BEAMCON0's PAL
 * bit (bit 5), which resets to the jumper setting (HRM ECS addendum "BEAMCON0"). */
static inline bool ntsc(const agnus_t *a)
{
    if (a->cfg.model == AGNUS_ECS_8372A) return !(a->beamcon0 & 0x20);
    return a->cfg.ntsc;
}

static inline bool dma_on(const agnus_t *a, uint16_t bit)
{
    return (a->dmacon & DMAF_MASTER) && (a->dmacon & bit);
}

/* BBUSY (read straight from the blitter when cfg.blit_busy says where). */
static inline bool blit_busy_now(const agnus_t *a)
{
    if (a->cfg.blit_busy) return *a->cfg.blit_busy;
    return a->cfg.blit_status && (a->cfg.blit_status(a->cfg.ctx) & AGNUS_BLIT_BUSY);
}

unsigned agnus_frame_lines(const agnus_t *a)
{
    unsigned lines = ntsc(a) ? AGNUS_NTSC_LINES_LONG : AGNUS_PAL_LINES_LONG;
    return a->lof ? lines : lines - 1;
}

static unsigned vblank_last(const agnus_t *a)
{
    return ntsc(a) ? VBLANK_LAST_NTSC : VBLANK_LAST_PAL;
}

void agnus_init(agnus_t *a, const agnus_cfg_t *cfg)
{
    memset(a, 0, sizeof *a);
    a->cfg = *cfg;
    agnus_reset(a);
}

void agnus_reset(agnus_t *a)
{
    agnus_cfg_t cfg = a->cfg;
    memset(a, 0, sizeof *a);
    a->cfg = cfg;
    /* 8371: 19 address lines (512 KB); 8372A: 20 (1 MB). */
    uint32_t reach = cfg.model == AGNUS_ECS_8372A ? 0xFFFFF : 0x7FFFF;
    a->addr_mask = reach & cfg.chip_mask;
    /* The LOF flip-flop only toggles while BPLCON0 LACE is set (HRM appendix A, VPOSR: "auto
     * toggle control bit in BPLCON0"); it comes out of reset clear, so non-interlaced frames are
     * short (PAL 312 lines) and VPOSR reads $00xx on an 8371 (DiagROM's Agnus detection relies
     * on this; FS-UAE agrees). */
    a->lof = false;
    a->line_len = AGNUS_CCKS_PER_LINE;
    a->bprun_up = 0xFFFF;
    a->beamcon0 = cfg.ntsc ? 0 : 0x20;
    copper_init(&a->copper, cfg.model == AGNUS_ECS_8372A);
}

bool agnus_owns_reg(const agnus_t *a, unsigned reg)
{
    reg &= 0x1FE;
    switch (reg) {
    case REG_DMACONR: case REG_VPOSR: case REG_VHPOSR: case REG_DSKPTH: case REG_DSKPTL:
    case REG_REFPTR: case REG_VPOSW: case REG_VHPOSW: case REG_COPCON: case REG_DIWSTRT:
    case REG_DIWSTOP: case REG_DDFSTRT: case REG_DDFSTOP: case REG_DMACON: case REG_BPLCON0:
    case REG_BPL1MOD: case REG_BPL2MOD:
        return true;
    case REG_BEAMCON0: case REG_DIWHIGH:
        return a->cfg.model == AGNUS_ECS_8372A;
    default:
        break;
    }
    if (reg >= REG_COP1LCH && reg <= REG_COPINS) return true;
    if (reg >= REG_AUD0LCH && reg < 0x0E0 && (reg & 0xF) < 4) return true;
    if (reg >= REG_BPL1PTH && reg < REG_BPL1PTH + 24) return true;
    if (reg >= REG_SPR0PTH && reg < REG_SPR0PTH + 32) return true;
    if (reg >= REG_SPR0POS && reg < REG_SPR0POS + 64 && (reg & 7) < 4) return true;
    return false;
}

static uint16_t agnus_id(const agnus_t *a)
{
    /* VPOSR bits 14-8 (HRM appendix A, ECS addendum): 8371 PAL $00, 8370 NTSC $10,
     * 8372A PAL $20, NTSC $30. */
    uint16_t id = a->cfg.model == AGNUS_ECS_8372A ? 0x20 : 0x00;
    if (a->cfg.ntsc) id |= 0x10;
    return (uint16_t)(id << 8);
}

/* The beam position the CPU sees: VPOSR/VHPOSR return the counters 5 CCKs after the CCK of
 * the read (the latch is ahead of the DMA slot; measured on real machines). */
static void read_beam(const agnus_t *a, unsigned *v, unsigned *h)
{
    /* (hpos, vpos) is the CCK of the access (render pending) or the next one to run. */
    long hn = (long)a->hpos + 5;
    unsigned vn = a->vpos;
    if (hn >= (long)a->line_len) {
        hn -= a->line_len;
        if (hn > 1) vn = (vn + 1 >= agnus_frame_lines(a)) ? 0 : vn + 1;
    }
    *v = vn;
    *h = (unsigned)hn;
}

uint16_t agnus_peek(const agnus_t *a, unsigned reg)
{
    unsigned v, h;
    switch (reg & 0x1FE) {
    case REG_DMACONR: {
        unsigned st = a->cfg.blit_status ? a->cfg.blit_status(a->cfg.ctx) : 0;
        return (uint16_t)((a->dmacon & 0x07FF) | ((st & AGNUS_BLIT_BUSY) ? DMAF_BLTDONE : 0) |
                          ((st & AGNUS_BLIT_ZERO) ? DMAF_BLTNZERO : 0));
    }
    case REG_VPOSR:
        read_beam(a, &v, &h);
        return (uint16_t)((a->lof ? 0x8000 : 0) | agnus_id(a) | (a->lol ? 0x80 : 0) |
                          ((v >> 8) & (a->cfg.model == AGNUS_ECS_8372A ? 7 : 1)));
    case REG_VHPOSR:
        read_beam(a, &v, &h);
        return (uint16_t)((v & 0xFF) << 8 | (h & 0xFF));
    default:
        return 0xFFFF; /* write-only registers read as the last bus value; all ones here */
    }
}

uint16_t agnus_read(agnus_t *a, unsigned reg)
{
    /* COPJMP1/COPJMP2 are strobes (HRM appendix A: "S" registers; ch. 2 "Jump strobe"): the
     * access itself restarts the copper, so a read (e.g. TST.W COPJMP1) jumps as a write does. */
    reg &= 0x1FE;
    if (reg == REG_COPJMP1 || reg == REG_COPJMP2) {
        copper_jump(&a->copper, reg == REG_COPJMP1 ? 1 : 2);
        return 0xFFFF;
    }
    return agnus_peek(a, reg);
}

static uint32_t set_hi(uint32_t ptr, uint16_t v) { return (ptr & 0xFFFF) | (uint32_t)(v & 0x1F) << 16; }
static uint32_t set_lo(uint32_t ptr, uint16_t v) { return (ptr & 0x1F0000) | (v & 0xFFFE); }

static void update_sprite_vpos(agnus_t *a, unsigned n, bool ctl)
{
    /* SPRxPOS bits 15-8 = VSTART7-0, SPRxCTL bit 2 = VSTART8, 15-8 = VSTOP7-0, bit 1 =
     * VSTOP8 (HRM ch. 4 "Sprite control registers"). VSTOP changes only with SPRxCTL. */
    a->spr_vstart[n] = (uint16_t)((a->sprpos[n] >> 8) | ((a->sprctl[n] & 4) << 6));
    if (ctl) a->spr_vstop[n] = (uint16_t)((a->sprctl[n] >> 8) | ((a->sprctl[n] & 2) << 7));
}

static void apply_write(agnus_t *a, unsigned reg, uint16_t v);
static unsigned diw_vstart(const agnus_t *a);
static unsigned diw_vstop(const agnus_t *a);

/* CCKs between the bus cycle of a write and the register's effect (measured on real
 * machines; the Agnus latches most registers through its internal pipeline). */
static unsigned write_delay(unsigned reg)
{
    switch (reg) {
    case REG_DMACON: case REG_BPL1MOD: case REG_BPL2MOD: case REG_DSKPTH: case REG_DSKPTL:
        return 2;
    case REG_BPLCON0: case REG_DIWSTRT: case REG_DIWSTOP: case REG_DIWHIGH: case REG_DDFSTRT:
        return 4;
    case REG_DDFSTOP:
        /* One CCK later than DDFSTRT: a stop written to land on the CCK where the old stop
           matches no longer cancels that match (FS-UAE, tests/amiga/rom/dpfmid.s band 8). */
        return 5;
    default:
        break;
    }
    if (reg >= REG_AUD0LCH && reg < 0x0E0 && (reg & 0xF) < 4) return 2;
    if (reg >= REG_BPL1PTH && reg < REG_SPR0POS) return 2; /* BPLxPT, SPRxPT */
    if (reg >= REG_SPR0POS && reg < REG_SPR0POS + 64 && (reg & 7) < 4) return 2;
    return 0;
}

void agnus_write(agnus_t *a, unsigned reg, uint16_t v)
{
    reg &= 0x1FE;
    a->stretch_key = 0;
    unsigned delay = write_delay(reg);
    if (delay && a->npending < AGNUS_PENDING) {
        /* Counted from the CCK of the write (a->cck: the CCK being executed, or the CPU's
         * granted one, or the next one when written from outside a bus cycle). */
        a->pending[a->npending].due = a->cck + delay;
        a->pending[a->npending].reg = (uint16_t)reg;
        a->pending[a->npending].value = v;
        a->npending++;
        return;
    }
    apply_write(a, reg, v);
}

static void apply_pending(agnus_t *a)
{
    unsigned k = 0;
    for (unsigned i = 0; i < a->npending; i++) {
        if (a->pending[i].due <= a->cck) apply_write(a, a->pending[i].reg, a->pending[i].value);
        else a->pending[k++] = a->pending[i];
    }
    a->npending = k;
}

static void apply_write(agnus_t *a, unsigned reg, uint16_t v)
{
    switch (reg) {
    case REG_DSKPTH: a->dskpt = set_hi(a->dskpt, v); return;
    case REG_DSKPTL: a->dskpt = set_lo(a->dskpt, v); return;
    case REG_REFPTR: return; /* refresh counter: no visible effect on static chip RAM models */
    case REG_DMACONR: case REG_VPOSR: case REG_VHPOSR: return; /* read-only */
    case REG_VPOSW:
        a->lof = v & 0x8000;
        a->vpos = (a->vpos & 0xFF) | (v & (a->cfg.model == AGNUS_ECS_8372A ? 7 : 1)) << 8;
        if (a->vpos >= agnus_frame_lines(a)) a->vpos = agnus_frame_lines(a) - 1;
        return;
    case REG_VHPOSW:
        a->vpos = (a->vpos & ~0xFFu) | (v >> 8);
        if (a->vpos >= agnus_frame_lines(a)) a->vpos = agnus_frame_lines(a) - 1;
        if ((v & 0xFF) < a->line_len) a->hpos = v & 0xFF;
        return;
    case REG_COPCON: a->copper.cdang = v & 2; return;
    case REG_COP1LCH: a->copper.cop1lc = set_hi(a->copper.cop1lc, v); return;
    case REG_COP1LCL: a->copper.cop1lc = set_lo(a->copper.cop1lc, v); return;
    case REG_COP2LCH: a->copper.cop2lc = set_hi(a->copper.cop2lc, v); return;
    case REG_COP2LCL: a->copper.cop2lc = set_lo(a->copper.cop2lc, v); return;
    case REG_COPJMP1: copper_jump(&a->copper, 1); return;
    case REG_COPJMP2: copper_jump(&a->copper, 2); return;
    case REG_COPINS: return; /* the copper's instruction latch: no effect when written */
    case REG_DIWSTRT:
    case REG_DIWSTOP:
        if (reg == REG_DIWSTRT) a->diwstrt = v;
        else a->diwstop = v;
        a->diwhigh_valid = false; /* ECS: DIWSTRT/STOP writes bring back the OCS rule */
        /* on the start line itself the window opens at once */
        if (a->vpos == diw_vstart(a) && a->vpos != diw_vstop(a)) a->vdiw = true;
        if (a->vpos == diw_vstop(a)) a->vdiw = false;
        return;
    case REG_DIWHIGH:
        a->diwhigh = v;
        a->diwhigh_valid = true;
        return;
    case REG_DDFSTRT: a->ddfstrt = v & (a->cfg.model == AGNUS_ECS_8372A ? 0xFE : 0xFC); return;
    case REG_DDFSTOP: a->ddfstop = v & (a->cfg.model == AGNUS_ECS_8372A ? 0xFE : 0xFC); return;
    case REG_DMACON: {
        bool was = dma_on(a, DMAF_RASTER);
        if (v & DMAF_SETCLR) a->dmacon |= v & 0x07FF;
        else a->dmacon &= ~(v & 0x07FF);
        bool now = dma_on(a, DMAF_RASTER);
        /* The fetch logic sees BPLEN three CCKs later still. */
        if (was != now && a->npending < AGNUS_PENDING) {
            a->pending[a->npending].due = a->cck + 3;
            a->pending[a->npending].reg = REG_BMAPEN;
            a->pending[a->npending].value = now;
            a->npending++;
        } else if (was != now) {
            a->bmapen = now;
        }
        return;
    }
    case REG_BMAPEN:
        a->bmapen = v;
        if (!v) { a->bprun = false; a->fcnt = 0; }
        return;
    case REG_BPLCON0: a->bplcon0 = v; return;
    case REG_BPL1MOD: a->bpl1mod = (int16_t)(v & 0xFFFE); return;
    case REG_BPL2MOD: a->bpl2mod = (int16_t)(v & 0xFFFE); return;
    case REG_BEAMCON0: a->beamcon0 = v; return;
    default:
        break;
    }
    if (reg >= REG_AUD0LCH && reg < 0x0E0 && (reg & 0xF) < 4) {
        unsigned ch = (reg - REG_AUD0LCH) >> 4;
        a->audlc[ch] = (reg & 2) ? set_lo(a->audlc[ch], v) : set_hi(a->audlc[ch], v);
        return;
    }
    if (reg >= REG_BPL1PTH && reg < REG_BPL1PTH + 24) {
        unsigned n = (reg - REG_BPL1PTH) >> 2;
        a->bplpt[n] = (reg & 2) ? set_lo(a->bplpt[n], v) : set_hi(a->bplpt[n], v);
        return;
    }
    if (reg >= REG_SPR0PTH && reg < REG_SPR0PTH + 32) {
        unsigned n = (reg - REG_SPR0PTH) >> 2;
        a->sprpt[n] = (reg & 2) ? set_lo(a->sprpt[n], v) : set_hi(a->sprpt[n], v);
        return;
    }
    if (reg >= REG_SPR0POS && reg < REG_SPR0POS + 64 && (reg & 7) < 4) {
        unsigned n = (reg - REG_SPR0POS) >> 3;
        if (reg & 2) a->sprctl[n] = v;
        else a->sprpos[n] = v;
        update_sprite_vpos(a, n, reg & 2);
        return;
    }
    if (!a->logged_unknown) {
        a->logged_unknown = true;
        chip_log(&a->cfg.log, "agnus: write to unemulated register $%03X ignored", reg);
    }
}

void agnus_audio_reload(agnus_t *a, unsigned ch) { a->audpt[ch & 3] = a->audlc[ch & 3]; }

/* ---- line and frame changes ------------------------------------------------------------ */

static unsigned diw_vstart(const agnus_t *a)
{
    unsigned v = a->diwstrt >> 8;
    /* ECS DIWHIGH (HRM ECS addendum): V10-V8 of start in bits 2-0, of stop in 10-8 */
    if (a->diwhigh_valid) v |= (a->diwhigh & 7) << 8;
    return v;
}

static unsigned diw_vstop(const agnus_t *a)
{
    /* DIWSTOP V8 is the complement of V7 (HRM ch. 3 "Display window stop"). */
    unsigned v = (a->diwstop >> 8) | ((a->diwstop & 0x8000) ? 0 : 0x100);
    if (a->diwhigh_valid) v = (a->diwstop >> 8) | ((a->diwhigh >> 8) & 7) << 8;
    return v;
}

static void start_line(agnus_t *a)
{
    unsigned v = a->vpos;
    unsigned last = agnus_frame_lines(a) - 1;
    if (v == 0) {
        if (a->cfg.irq) a->cfg.irq(a->cfg.ctx, AGNUS_INT_VERTB);
        copper_vblank(&a->copper);
    }
    /* Vertical window flip-flop: off on the DIWSTOP line and on the last line of the frame,
     * on at the DIWSTRT line. */
    if (v == diw_vstop(a) || v == last) a->vdiw = false;
    else if (v == diw_vstart(a)) a->vdiw = true;
    if (!a->vdiw) { a->bprun = false; a->fcnt = 0; }
    a->stopreq = false;
    a->bprun_up = a->bprun ? 0 : 0xFFFF;

    /* Sprite DMA (HRM ch. 4 "Sprite DMA"): on the line after vertical blank every sprite
     * fetches its control words; later lines fetch data between VSTART and VSTOP. */
    unsigned vb = vblank_last(a);
    if (v == vb && dma_on(a, DMAF_SPRITE)) {
        for (unsigned i = 0; i < 8; i++) a->spr_vstop[i] = (uint16_t)vb;
    } else if (v == last) {
        for (unsigned i = 0; i < 8; i++) a->spr_dma[i] = false;
    } else if (v > vb) {
        for (unsigned i = 0; i < 8; i++) {
            if (v == a->spr_vstart[i]) a->spr_dma[i] = true;
            if (v == a->spr_vstop[i]) a->spr_dma[i] = false;
        }
    }
    if (a->cfg.hsync) a->cfg.hsync(a->cfg.ctx, v, a->vdiw, a->line_len);
}

static void end_line(agnus_t *a)
{
    a->stretch_key = 0;
    a->hpos = 0;
    a->vpos++;
    if (a->vpos >= agnus_frame_lines(a)) {
        a->vpos = 0;
        a->frame++;
        if (a->bplcon0 & 4) a->lof = !a->lof; /* LACE: long and short frames alternate */
    }
    a->lol = ntsc(a) && !a->lol;
    a->line_len = a->lol ? AGNUS_CCKS_PER_LINE + 1 : AGNUS_CCKS_PER_LINE;
}

/* ---- bitplane fetch -------------------------------------------------------------------- */

static unsigned planes(const agnus_t *a, bool hires)
{
    unsigned bpu = (a->bplcon0 >> 12) & 7;
    if (hires) return bpu > 4 ? 0 : bpu; /* 5-7 hires planes: no fetch at all */
    return bpu > 6 ? 4 : bpu;             /* BPU=7 lores fetches 4 planes */
}

/* Advances the DDF logic for CCK h and returns the plane (1-6) to fetch, 0 for none;
 * *mod tells whether the modulo is added after the fetch. */
static unsigned bitplane_slot(agnus_t *a, unsigned h, bool *mod)
{
    /* Idle: not fetching, no stop or last unit under way and no comparator matching here:
     * nothing below would change (the common case outside the fetch window). */
    if (!a->bprun && !a->stopreq && !a->lastfu && h != a->ddfstrt && h != a->ddfstop &&
        h != SHW_POS && h != RHW_POS) {
        a->fcnt = 0;
        return 0;
    }
    bool ecs = a->cfg.model == AGNUS_ECS_8372A;
    bool enabled = a->bmapen;
    bool start = h == a->ddfstrt, stop = h == a->ddfstop;
    if (h == SHW_POS) {
        a->shw = true;
        if (ecs && !a->bprun && a->ddfstrt < SHW_POS && a->ddfstop >= SHW_POS && a->vdiw && enabled)
            a->bprun = true;
    }
    if (h == RHW_POS) a->stopreq |= a->bprun;
    if (start && !(stop && a->bprun)) a->bprun = (a->bprun || a->shw) && a->vdiw && enabled;
    if (stop) a->stopreq |= a->bprun;

    unsigned counter = a->fcnt << 1 | (h & 1);
    if (counter == 0) {
        if (a->lastfu) {
            a->bprun = false;
            a->lastfu = false;
            if (!ecs) a->shw = false;
        }
        if (a->stopreq) {
            a->stopreq = false;
            a->lastfu = true;
        }
    }
    if (!a->bprun) {
        a->fcnt = 0;
        return 0;
    }
    if (a->bprun_up == 0xFFFF) a->bprun_up = h;
    if (h & 1) a->fcnt = (a->fcnt + 1) & 3;
    bool hires = a->bplcon0 & 0x8000;
    unsigned plane = hires ? hires_plane[counter & 3] : lores_plane[counter];
    if (plane > planes(a, hires)) return 0;
    /* The last unit adds the modulos after each plane's final fetch (hires: the last unit
     * spans 8 CCKs, two 4-CCK units; only the second one adds them). */
    *mod = a->lastfu && (!hires || counter >= 4);
    return plane;
}

/* ---- sprites ----------------------------------------------------------------------------- */

static bool sprite_slot(agnus_t *a, unsigned h, bool bus_free)
{
    unsigned n = (h - SLOT_SPR0) >> 2;
    bool second = ((h - SLOT_SPR0) >> 1) & 1;
    if (a->vpos < vblank_last(a)) return false; /* no sprite DMA in vertical blank */
    bool at_stop = a->vpos == a->spr_vstop[n];
    if (!at_stop && !a->spr_dma[n]) return false;
    if (at_stop) a->spr_dma[n] = false;
    /* OCS: a sprite slot is lost once the bitplane fetch of this line is running (from the
     * CCK before its start on, ECS from its start). */
    bool ocs = a->cfg.model != AGNUS_ECS_8372A;
    if (a->bprun_up != 0xFFFF && a->bprun_up <= h + (ocs ? 1 : 0)) return false;
    if (ocs && a->ddfstrt == h + 1 && h + 1 >= SHW_POS && a->vdiw && a->bmapen) return false;
    if (!bus_free || !dma_on(a, DMAF_SPRITE)) return false;
    uint16_t w = rd16(a, a->sprpt[n]);
    a->sprpt[n] = (a->sprpt[n] + 2) & 0x1FFFFE;
    unsigned reg;
    if (at_stop) {
        reg = REG_SPR0POS + 8 * n + (second ? 2 : 0);
        if (second) a->sprctl[n] = w;
        else a->sprpos[n] = w;
        update_sprite_vpos(a, n, second);
    } else {
        reg = REG_SPR0DATA + 8 * n + (second ? 2 : 0);
    }
    a->cfg.reg_write(a->cfg.ctx, reg, w);
    return true;
}

/* ---- one colour clock -------------------------------------------------------------------- */

static agnus_owner_t fixed_slot(agnus_t *a, unsigned h)
{
    if (h > SLOT_AUD0 + 6 && h != a->line_len - 1) return AGNUS_FREE; /* past the fixed slots */
    if (h == 0x01 || h == 0x03 || h == 0x05 || h == a->line_len - 1) return AGNUS_REFRESH;
    if (h >= SLOT_DISK0 && h <= SLOT_DISK0 + 4 && (h & 1)) {
        if (!dma_on(a, DMAF_DISK) || !a->cfg.disk_slot) return AGNUS_FREE;
        uint16_t out = 0, mem = rd16(a, a->dskpt);
        int r = a->cfg.disk_slot(a->cfg.ctx, mem, &out);
        if (r == AGNUS_DISK_IDLE) return AGNUS_FREE;
        if (r == AGNUS_DISK_TO_MEM) wr16(a, a->dskpt, out);
        a->dskpt = (a->dskpt + 2) & 0x1FFFFE;
        return AGNUS_DISK;
    }
    if (h >= SLOT_AUD0 && h <= SLOT_AUD0 + 6 && (h & 1)) {
        unsigned ch = (h - SLOT_AUD0) >> 1;
        if (!dma_on(a, (uint16_t)(DMAF_AUD0 << ch)) || !a->cfg.audio_slot) return AGNUS_FREE;
        unsigned r = a->cfg.audio_slot(a->cfg.ctx, ch);
        if (r & AGNUS_AUD_RELOAD) a->audpt[ch] = a->audlc[ch];
        if (!(r & AGNUS_AUD_FETCH)) return AGNUS_FREE;
        uint16_t w = rd16(a, a->audpt[ch]);
        a->audpt[ch] = (a->audpt[ch] + 2) & 0x1FFFFE;
        if (a->cfg.audio_data) a->cfg.audio_data(a->cfg.ctx, ch, w);
        return AGNUS_AUDIO;
    }
    return AGNUS_FREE;
}

/* Denise draws n CCKs at once (any data for the first came before it, none in the others). */
static inline __attribute__((always_inline)) void draw_ccks(agnus_t *a, unsigned n)
{
    if (a->cfg.ccks) {
        a->cfg.ccks(a->cfg.ctx, n);
    } else if (a->cfg.cck) {
        for (unsigned i = 0; i < n; i++) a->cfg.cck(a->cfg.ctx);
    }
}

/* Denise catches up with the CCKs Agnus ran without drawing them (a->undrawn). */
static inline void draw_undrawn(agnus_t *a)
{
    if (a->undrawn) {
        draw_ccks(a, a->undrawn);
        a->undrawn = 0;
    }
}

static void step_cck(agnus_t *a)
{
    draw_undrawn(a);
    unsigned h = a->hpos;
    a->stretch_key = 0;
    if (a->npending) apply_pending(a);
    if (h == 0) start_line(a);
    /* The frame is complete once the last line's row is (Denise's rows end at CCK $12). */
    if (h == FRAME_DONE_CCK && a->vpos == 0 && a->cfg.vsync)
        a->cfg.vsync(a->cfg.ctx, a->lof, a->bplcon0 & 4);

    agnus_owner_t owner = fixed_slot(a, h);
    bool mod = false;
    unsigned plane = bitplane_slot(a, h, &mod);
    if (owner == AGNUS_FREE && plane) {
        unsigned i = plane - 1;
        uint16_t w = rd16(a, a->bplpt[i]);
        a->bplpt[i] = (a->bplpt[i] + 2) & 0x1FFFFE;
        if (mod) a->bplpt[i] = (a->bplpt[i] + (uint32_t)(int32_t)((i & 1) ? a->bpl2mod : a->bpl1mod)) & 0x1FFFFE;
        if (a->cfg.bpl_data) a->cfg.bpl_data(a->cfg.ctx, i, w);
        else a->cfg.reg_write(a->cfg.ctx, REG_BPL1DAT + 2 * i, w);
        owner = AGNUS_BITPLANE;
    }
    if (h >= SLOT_SPR0 && h < SLOT_SPR0 + 32 && (h & 1) && sprite_slot(a, h, owner == AGNUS_FREE))
        owner = AGNUS_SPRITE;

    /* Copper: stepped every CCK (its WAIT comparator runs regardless of the bus). */
    bool blit_busy = blit_busy_now(a);
    unsigned prev_h = h ? h - 1 : a->line_len - 1;
    bool blit_ended = a->blit_busy_prev && !blit_busy && !(prev_h & 1);
    a->blit_busy_prev = blit_busy;
    int cop = COPPER_IDLE;
    bool cop_bus = owner == AGNUS_FREE && dma_on(a, DMAF_COPPER);
    if (a->cfg.slow_path || !copper_quiet_cck(&a->copper, a->vpos, h, cop_bus, blit_busy)) {
        copper_env_t env = {
            .ram = a->cfg.chip_ram, .mask = a->addr_mask, .vpos = a->vpos, .hpos = h,
            .line_len = a->line_len, .bus_free = cop_bus,
            .blitter_busy = blit_busy, .blitter_ended = blit_ended, .ctx = a->cfg.ctx,
            .move = a->cfg.reg_write,
        };
        cop = copper_cck(&a->copper, &env);
    }
    bool blocked = false;
    if (cop == COPPER_USED) owner = AGNUS_COPPER;
    else if (cop == COPPER_BLOCKED) blocked = true;

    /* Blitter versus CPU (HRM ch. 6 "Blitter operations and system DMA", BLTPRI): unless
     * BLTPRI, a CPU that has been unsatisfied for 3 consecutive memory cycles gets the next free
     * one, so a busy blitter leaves the CPU every fourth free cycle (010.blit_speed's bands
     * then equal FS-UAE's with 2-5 planes fetched). */
    bool free = owner == AGNUS_FREE && !blocked;
    bool cpu_first = a->cpu_request && !(a->dmacon & DMAF_BLITHOG) && a->cpu_wait >= 3;
    /* An idle blitter does nothing in blit_cck; only a copper MOVE in this CCK (to BLTSIZE)
     * can have started one since blit_status was asked. */
    bool blit_may_run = blit_busy || cop == COPPER_USED || !a->cfg.blit_status || a->cfg.slow_path;
    if (dma_on(a, DMAF_BLITTER) && a->cfg.blit_cck && blit_may_run) {
        if (a->cfg.blit_cck(a->cfg.ctx, free && !cpu_first)) owner = AGNUS_BLITTER;
    }
    if (a->cpu_request) {
        if (owner == AGNUS_FREE && !blocked) {
            owner = AGNUS_CPU;
            a->cpu_granted = true;
        } else {
            a->cpu_wait++;
        }
    }
    if (h < sizeof a->slot_owner) a->slot_owner[h] = (uint8_t)owner;
}

/* The end of a stepped CCK: Denise draws it (step_cck drew those before it). */
static inline void finish_cck(agnus_t *a)
{
    if (a->cfg.cck) a->cfg.cck(a->cfg.ctx);
    a->cck++;
    if (++a->hpos >= a->line_len) end_line(a);
}

/* The CPU's CCK, left for after its access: drawn with the CCKs that follow it. */
static inline void flush_pending(agnus_t *a)
{
    if (!a->render_pending) return;
    a->render_pending = false;
    if (a->cfg.slow_path) {
        finish_cck(a);
        return;
    }
    a->undrawn++;
    a->cck++;
    if (++a->hpos >= a->line_len) end_line(a);
}

/* ---- stretches -----------------------------------------------------------------------------
 * Most CCKs need much less than step_cck: no register write falls due, no DDF or hardware-window
 * comparator matches (an idle stretch passes them where no fetch can start: outside the vertical
 * window or with BPLEN off), the copper is quiet (copper_quiet_until) and the bitplane fetch
 * either is idle (after CCK 0 of a line, with no sprite fetch; on line 0 not CCK $12 where the
 * frame ends) or runs steadily past the sprite slots (with a stop under way, up to the end of the
 * fetch unit). There a CCK's slot belongs to refresh, to disk or audio DMA (fixed_slot, asked CCK
 * by CCK), to a plane or to nobody, and then, as in step_cck, to the blitter if it is busy and to
 * the CPU if it asks: run_stretch does just that in a short loop, and hands the CCKs without
 * bitplane data to Denise as one call (cfg.ccks). A stretch ends with the CCK in which the blitter
 * finishes (the copper's blitter-finished wait looks at the next one). The unit test
 * agnus_idle_stretches_match_every_cck compares this with stepping every CCK (cfg.slow_path). */

static bool sprites_idle_line(const agnus_t *a)
{
    if (a->vpos < vblank_last(a)) return true;
    for (unsigned n = 0; n < 8; n++)
        if (a->spr_dma[n] || a->vpos == a->spr_vstop[n]) return false;
    return true;
}

static inline unsigned min_from(unsigned end, unsigned h, unsigned pos)
{
    return pos >= h && pos < end ? pos : end;
}

/* The end every stretch shares: before the next DDF or hardware-window comparator match, as
 * far as the copper stays quiet (not in the CCK after the blitter ended); the CCKs from h, 0 if
 * none. */
static unsigned stretch_end(agnus_t *a, unsigned h, unsigned end, bool comparators)
{
    if (comparators) {
        end = min_from(end, h, a->ddfstrt);
        end = min_from(end, h, a->ddfstop);
        end = min_from(end, h, SHW_POS);
        end = min_from(end, h, RHW_POS);
    }
    if (end <= h) return 0;
    if (a->cfg.blit_cck && !a->cfg.blit_status) return 0;
    bool busy = blit_busy_now(a);
    if (a->blit_busy_prev && !busy) return 0;
    end = copper_quiet_until(&a->copper, a->vpos, h, end, dma_on(a, DMAF_COPPER), busy);
    return end > h ? end - h : 0;
}

/* Number of CCKs of an idle stretch from the current one on, at most max (0: none). */
static unsigned idle_stretch(agnus_t *a, uint64_t max)
{
    unsigned h = a->hpos;
    if (h == 0 || a->npending || a->bprun || a->stopreq || a->lastfu) return 0;
    unsigned end = a->line_len; /* CCK 0 of the next line starts it (start_line) */
    if (max < end - h) end = h + (unsigned)max;
    a->stretch_slots = false;
    if (h <= SLOT_AUD0 + 6) {
        /* the fixed slots: with disk or audio DMA on, run_stretch asks fixed_slot CCK by CCK
         * up to the last audio slot */
        if ((dma_on(a, DMAF_DISK) && a->cfg.disk_slot) ||
            (a->cfg.audio_slot && (a->dmacon & DMAF_MASTER) && (a->dmacon & 0xF))) {
            a->stretch_slots = true;
            end = min_from(end, h, SLOT_AUD0 + 7);
        }
        if (a->vpos == 0 && a->cfg.vsync) end = min_from(end, h, FRAME_DONE_CCK);
    }
    if (h < SLOT_SPR0 + 32 && !sprites_idle_line(a))
        end = min_from(end, h, h < SLOT_SPR0 ? SLOT_SPR0 : h | 1);
    /* Outside the vertical window or with BPLEN off, no comparator match can start a fetch:
     * the stretch runs past them (run_idle and run_stretch set SHW at its CCK). */
    return stretch_end(a, h, end, a->vdiw && a->bmapen);
}

/* Number of CCKs of a fetch stretch from the current one on, at most max (0: none). */
static unsigned fetch_stretch(agnus_t *a, uint64_t max)
{
    unsigned h = a->hpos;
    if (!a->bprun || a->npending || h < SLOT_SPR0 + 32 || a->bprun_up == 0xFFFF)
        return 0;
    unsigned end = a->line_len - 1; /* the refresh slot */
    if (a->stopreq || a->lastfu) {
        /* a stop under way: bitplane_slot changes state only in the CCK of counter 0 */
        unsigned counter = a->fcnt << 1 | (h & 1);
        if (counter == 0) return 0;
        if (h + 8 - counter < end) end = h + 8 - counter;
    }
    if (h >= end) return 0;
    if (max < end - h) end = h + (unsigned)max;
    return stretch_end(a, h, end, true);
}

#define ASK_NEVER 0xFFFFu

/* k CCKs of an idle stretch in which neither the blitter nor the CPU wants the bus: only
 * refresh takes it. */
static void run_idle(agnus_t *a, unsigned k)
{
    unsigned h = a->hpos;
    memset(&a->slot_owner[h], AGNUS_FREE, k);
    if (h <= 5) {
        for (unsigned r = 1; r <= 5; r += 2)
            if (r >= h && r < h + k) a->slot_owner[r] = AGNUS_REFRESH;
    }
    if (h + k == a->line_len) a->slot_owner[h + k - 1] = AGNUS_REFRESH;
    if (h <= SHW_POS && SHW_POS < h + k) a->shw = true;
    a->cck += k;
    a->hpos += k;
    a->undrawn += k;
}

/* Bitplane DMA in CCK h of a fetch stretch (stretch_plane: the plane of each position of the
 * fetch unit, with STRETCH_MOD where the last unit adds the modulo): FETCH_NONE if no plane
 * took the slot, FETCH_DRAW if Denise must draw this CCK on its own (BPL1DAT), FETCH_HELD if
 * the word only went to a holding register (cfg.bpl_data, planes 2-6): then the CCKs before
 * it need not be drawn first and the CCK can be drawn with those after it. */
#define STRETCH_MOD 0x80u
enum { FETCH_NONE, FETCH_HELD, FETCH_DRAW };
static inline int fetch_cck(agnus_t *a, unsigned h)
{
    unsigned plane = a->stretch_plane[a->fcnt << 1 | (h & 1)];
    if (h & 1) a->fcnt = (a->fcnt + 1) & 3;
    if (!plane) return FETCH_NONE;
    unsigned i = (plane & 7) - 1;
    bool held = i && a->cfg.bpl_data;
    if (!held) draw_undrawn(a);
    uint16_t w = rd16(a, a->bplpt[i]);
    a->bplpt[i] = (a->bplpt[i] + 2) & 0x1FFFFE;
    if (plane & STRETCH_MOD)
        a->bplpt[i] = (a->bplpt[i] + (uint32_t)(int32_t)((i & 1) ? a->bpl2mod : a->bpl1mod)) & 0x1FFFFE;
    if (a->cfg.bpl_data) a->cfg.bpl_data(a->cfg.ctx, i, w);
    else a->cfg.reg_write(a->cfg.ctx, REG_BPL1DAT + 2 * i, w);
    return held ? FETCH_HELD : FETCH_DRAW;
}

/* k CCKs of a fetch stretch in which neither the blitter nor the CPU wants the bus. */
static void run_fetch(agnus_t *a, unsigned k)
{
    for (; k; k--) {
        unsigned h = a->hpos;
        int data = fetch_cck(a, h);
        a->slot_owner[h] = data ? AGNUS_BITPLANE : AGNUS_FREE;
        a->hpos++;
        a->cck++;
        if (data == FETCH_DRAW && a->cfg.cck) a->cfg.cck(a->cfg.ctx); /* BPL1DAT's CCK on its own */
        else a->undrawn++;
    }
}

/* Up to n CCKs of the stretch found by try_stretch; the CPU asks for the bus from the CCK
 * `ask` CCKs on (ASK_NEVER: not in this stretch) unless it already does. It gets the first
 * CCK nobody else takes: that CCK is then left unfinished, as step_cck leaves it
 * (agnus_cpu_slot). Denise draws later, several CCKs at once (a->undrawn): before each word
 * of bitplane data, when step_cck runs and before Agnus returns. */
static void run_stretch(agnus_t *a, unsigned n, bool busy, unsigned ask)
{
    bool fetching = a->stretch_fetch, blit = a->stretch_blit;
    a->blit_busy_prev = busy;
    if (!fetching) a->fcnt = 0;
    if (!blit && !a->cpu_request && !a->stretch_slots) {
        unsigned k = n < ask ? n : ask;
        if (fetching) run_fetch(a, k);
        else run_idle(a, k);
        n -= k;
        ask -= k;
    }
    for (; n; n--) {
        if (ask == 0) {
            if (!a->cpu_request) {
                a->cpu_request = true;
                a->cpu_wait = 0;
            }
        } else {
            ask--;
        }
        unsigned h = a->hpos;
        agnus_owner_t owner = AGNUS_FREE;
        int data = FETCH_NONE;
        if (fetching) {
            data = fetch_cck(a, h);
            if (data) owner = AGNUS_BITPLANE;
        } else if (a->stretch_slots) {
            owner = fixed_slot(a, h);
        } else if (h == 0x01 || h == 0x03 || h == 0x05 || h == a->line_len - 1) {
            owner = AGNUS_REFRESH;
        } else if (h == SHW_POS) {
            a->shw = true; /* as bitplane_slot does (no fetch can start in this stretch) */
        }
        if (blit) {
            bool cpu_first = a->cpu_request && !(a->dmacon & DMAF_BLITHOG) && a->cpu_wait >= 3;
            if (a->cfg.blit_cck(a->cfg.ctx, owner == AGNUS_FREE && !cpu_first)) owner = AGNUS_BLITTER;
            if (!blit_busy_now(a)) n = 1; /* it ended: this is the stretch's last CCK */
        }
        if (a->cpu_request) {
            if (owner == AGNUS_FREE) {
                a->slot_owner[h] = AGNUS_CPU;
                a->cpu_granted = true;
                return;
            }
            a->cpu_wait++;
        }
        a->slot_owner[h] = (uint8_t)owner;
        a->cck++;
        a->hpos++;
        if (data == FETCH_DRAW && a->cfg.cck) a->cfg.cck(a->cfg.ctx);
        else a->undrawn++;
    }
    if (a->hpos >= a->line_len) end_line(a);
}

/* Finds the stretch from the current CCK (kept in stretch_*); false if there is none. */
static bool find_stretch(agnus_t *a, unsigned key, bool busy)
{
    unsigned h = a->hpos;
    a->stretch_key = 0;
    bool fetching = false;
    unsigned n = idle_stretch(a, a->line_len);
    if (!n) {
        a->stretch_slots = false;
        n = fetch_stretch(a, a->line_len);
        fetching = true;
    }
    if (!n) return false;
    a->stretch_key = (uint8_t)key;
    a->stretch_to = (uint16_t)(h + n);
    a->stretch_fetch = fetching;
    a->stretch_blit = busy && dma_on(a, DMAF_BLITTER) && a->cfg.blit_cck;
    if (fetching) {
        bool hires = a->bplcon0 & 0x8000;
        unsigned np = planes(a, hires);
        for (unsigned c = 0; c < 8; c++) {
            unsigned p = hires ? hires_plane[c & 3] : lores_plane[c];
            bool mod = a->lastfu && (!hires || c >= 4); /* as bitplane_slot's *mod */
            a->stretch_plane[c] = (uint8_t)(p <= np && p ? p | (mod ? STRETCH_MOD : 0) : 0);
        }
    }
    return true;
}

/* Runs a stretch from the current CCK if there is one (at most max CCKs, the CPU asking from
 * `ask` CCKs on); false if there is none. The stretch found is kept for the next calls (the
 * CPU asks for a slot every bus cycle). */
static bool try_stretch(agnus_t *a, uint64_t max, unsigned ask)
{
    if (a->cfg.slow_path) return false;
    bool busy = blit_busy_now(a);
    unsigned key = 1u | (unsigned)busy << 1 | (unsigned)a->blit_busy_prev << 2;
    if ((a->stretch_key != key || a->hpos >= a->stretch_to) && !find_stretch(a, key, busy))
        return false;
    unsigned n = a->stretch_to - a->hpos;
    if (max < n) n = (unsigned)max;
    run_stretch(a, n, busy, ask);
    return true;
}

void agnus_run_until(agnus_t *a, uint64_t t)
{
    flush_pending(a);
    while (a->cck * AGNUS_TICKS_PER_CCK < t) {
        uint64_t left = (t + AGNUS_TICKS_PER_CCK - 1) / AGNUS_TICKS_PER_CCK - a->cck;
        if (try_stretch(a, left, ASK_NEVER)) continue;
        step_cck(a);
        finish_cck(a);
    }
    draw_undrawn(a);
}

uint64_t agnus_cpu_slot(agnus_t *a, uint64_t t)
{
    /* The CCKs starting before tick t run first, as agnus_run_until(t) runs them; from the
     * next one on the CPU asks for the bus. */
    uint64_t first = (t + AGNUS_TICKS_PER_CCK - 1) / AGNUS_TICKS_PER_CCK;
    flush_pending(a);
    a->cpu_granted = false;
    for (;;) {
        if (!a->cpu_request && a->cck >= first) {
            a->cpu_request = true;
            a->cpu_wait = 0;
        }
        unsigned ask = a->cpu_request ? 0 : first - a->cck < ASK_NEVER ? (unsigned)(first - a->cck) : ASK_NEVER;
        if (try_stretch(a, a->line_len, ask)) {
            if (a->cpu_granted) break;
            continue;
        }
        step_cck(a);
        if (a->cpu_granted) break;
        finish_cck(a);
    }
    draw_undrawn(a);
    a->cpu_request = false;
    a->cpu_cck = a->cck;
    /* The CCK's pixels are drawn after the CPU's access, so a colour written now shows in it. */
    a->render_pending = true;
    return a->cpu_cck * AGNUS_TICKS_PER_CCK;
}

/* ---- save states (machines/state.h) ---- */

void agnus_serialize(agnus_t *a, ser_t *s)
{
    a->stretch_key = 0; /* found again after a load */
    SER(s, a->cck);
    SER_MAX(s, a->line_len, 228);
    SER_MAX(s, a->hpos, a->line_len);
    SER_MAX(s, a->vpos, AGNUS_PAL_LINES_LONG + 10);
    SER(s, a->lof);
    SER(s, a->lol);
    SER(s, a->frame);
    SER(s, a->dmacon);
    SER(s, a->bplcon0);
    SER(s, a->ddfstrt);
    SER(s, a->ddfstop);
    SER(s, a->diwstrt);
    SER(s, a->diwstop);
    SER(s, a->diwhigh);
    SER(s, a->beamcon0);
    SER(s, a->diwhigh_valid);
    SER(s, a->bpl1mod);
    SER(s, a->bpl2mod);
    ser_u32s(s, a->bplpt, 6);
    ser_u32s(s, a->sprpt, 8);
    ser_u32s(s, a->audpt, 4);
    ser_u32s(s, a->audlc, 4);
    SER(s, a->dskpt);
    ser_u16s(s, a->sprpos, 8);
    ser_u16s(s, a->sprctl, 8);
    SER(s, a->vdiw);
    SER(s, a->bprun);
    SER(s, a->shw);
    SER(s, a->stopreq);
    SER(s, a->lastfu);
    SER_MAX(s, a->fcnt, 3);
    SER_MAX(s, a->bprun_up, 0xFFFF);
    ser_u16s(s, a->spr_vstart, 8);
    ser_u16s(s, a->spr_vstop, 8);
    ser_bools(s, a->spr_dma, 8);
    SER(s, a->cpu_wait);
    SER(s, a->cpu_request);
    SER(s, a->cpu_granted);
    SER(s, a->cpu_cck);
    SER(s, a->render_pending);
    SER(s, a->bmapen);
    SER(s, a->blit_busy_prev);
    SER_MAX(s, a->npending, AGNUS_PENDING);
    for (unsigned i = 0; i < a->npending && ser_ok(s); i++) {
        SER(s, a->pending[i].due);
        SER_MAX(s, a->pending[i].reg, 0x1FE);
        SER(s, a->pending[i].value);
    }
    copper_serialize(&a->copper, s);
    for (unsigned i = 0; i < 228 && ser_ok(s); i++)
        SER_MAX(s, a->slot_owner[i], AGNUS_CPU);
    SER(s, a->logged_unknown);
}
