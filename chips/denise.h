/* Denise (MOS 8362, OCS): bitplane shifters (1-6 planes lores, 1-4 hires, HAM6, EHB, dual
 * playfield with priorities, BPLCON1 scrolling), 8 sprites (attached pairs), collision
 * detection (CLXCON/CLXDAT), the display window border and the 32 colour registers.
 * HRM ch. 3 (playfields), 4 (sprites), 7 (priorities, collisions), appendix A.
 *
 * Register writes latch like the hardware: BPLCON2, DIWSTRT/STOP one CCK later, BPLCON1 three
 * lores pixels later,
 * sprite POS/CTL 3 and DATA/DATB 2 lores pixels later; colours and BPLCON0 at once.
 *
 * Timing: Agnus calls denise_cck() once per colour clock, after that CCK's DMA (so a register
 * written by the copper, the CPU or bitplane DMA during CCK n is seen by CCK n's pixels), and
 * denise_hsync() at the start of every line, denise_vsync() at the start of every frame.
 * Drawing lags behind: denise_cck() and denise_ccks() only count colour clocks, which are
 * drawn together (a fetch unit's 16-pixel word at a time) when something arrives that they
 * must not see: a register write, the end of a CCK that wrote BPL1DAT (drawn with the CCKs
 * before it, then it copies BPLxDAT), a CLXDAT read, hsync, vsync, a save state or
 * denise_visible().
 * denise_sync() draws what is due; the fields of denise_t (hpos, the shifters, CLXDAT, the
 * framebuffer) are those of the colour clocks drawn so far.
 * Denise's horizontal counter runs at the lores pixel rate: during CCK hpos it shows lores
 * pixels h = 2*hpos and 2*hpos+1 (the DIWSTRT/DIWSTOP and sprite coordinate system); with
 * DDFSTRT $38 the first lores bitplane pixel lands on h = $81, the standard DIWSTRT.
 *
 * Framebuffer: RGBA8888 (bytes R,G,B,A), DENISE_FB_W x DENISE_FB_H hires pixels: one column
 * per hires pixel (4 per CCK), a row per interlaced line (2 per raster line: a non-interlaced
 * frame draws each line into both rows; in interlace the long frame fills the even rows, the
 * short frame the odd ones). A row starts at CCK $12 (the start of horizontal blanking,
 * Agnus schematics); the CCKs $00..$11 of a line are the end of the previous row.
 * Column x of row 2*v shows Denise position h = x/2 + $24 of line v.
 * The full-overscan visible part is DENISE_VIS_*: 736 x 574 (lines 26..312, all of PAL's
 * non-blanked lines). Pixel aspect (width/height of one framebuffer pixel on a PAL display):
 * 14.75 MHz square-pixel rate / 14.1875 MHz hires rate = 1.0396. */
#ifndef ARCANA_DENISE_H
#define ARCANA_DENISE_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/chip_log.h"

#define DENISE_FB_W 912          /* 4 * 228 (NTSC long line); PAL uses 908 */
#define DENISE_FB_H 626          /* 2 * 313 */
#define DENISE_ROW_START_CCK 0x12
#define DENISE_VIS_X 136
#define DENISE_VIS_Y 52
#define DENISE_VIS_W 736
#define DENISE_VIS_H 574
#define DENISE_PIXEL_ASPECT 1.0396

typedef struct denise_cfg {
    chip_log_t log;          /* "register not emulated" messages */
    bool slow_path;          /* draw every lores pixel through the general pipeline (no fast
                                path): for differential tests of the fast path */
} denise_cfg_t;

typedef struct denise_sprite {
    uint16_t pos, ctl, data, datb;
    uint16_t hstart;         /* 9-bit lores position (SH8..SH0) */
    bool armed;              /* SPRxDATA written since SPRxCTL */
    uint16_t sha, shb;       /* shift registers */
    unsigned shift_left;     /* lores pixels still to shift out */
} denise_sprite_t;

/* A register write waiting for its latch delay (in lores pixels). */
typedef struct denise_pending {
    uint16_t reg, value;
    uint8_t delay;
} denise_pending_t;
#define DENISE_PENDING 16

typedef struct denise {
    denise_cfg_t cfg;
    uint16_t bplcon0, bplcon1, bplcon2;
    uint16_t diwstrt, diwstop;
    uint16_t hstart, hstop;  /* 9-bit horizontal window comparators */
    uint16_t clxcon, clxdat;
    uint16_t color[32];      /* 12-bit RGB as written */
    uint32_t rgba[32];       /* the same as framebuffer pixels */
    uint64_t rgba2[32];      /* each rgba twice (a lores pixel's two pixels); follows rgba, not saved */
    uint16_t bpldat[6];      /* holding registers, written by DMA (BPLxDAT) */
    uint16_t pipe[6];        /* copied on BPL1DAT: what the next shifter load takes */
    uint16_t shift[6];       /* playfield shift registers */
    unsigned last_pf;        /* lores: the pixel's bits are shown twice */
    bool bpl1_written;       /* BPL1DAT written in this CCK: arm at its end */
    bool armed_odd, armed_even;
    /* BPL1DAT's copy of BPLxDAT, taken at the end of its CCK, reaches the load latches at
     * the next lores pixel (after a load due there); age: lores pixels since then. */
    uint16_t pipe_next[6];
    bool copy_pending;
    uint8_t age_odd, age_even;
    bool sprites_on;         /* first BPL1DAT of the line seen: sprites may show */
    denise_sprite_t spr[8];
    uint8_t spr_busy;        /* sprites armed or shifting (bit per sprite) */
    denise_pending_t pending[DENISE_PENDING];
    unsigned npending;
    uint16_t ham_rgb;        /* HAM: colour of the previous pixel */
    uint16_t dpf_key;        /* BPLCON2 that dpf_idx was built for (0xFFFF: none); a cache of */
    uint8_t dpf_idx[64];     /* dual playfield colour registers by playfield value, not saved */
    unsigned lag;            /* colour clocks received (denise_cck/ccks) but not drawn yet: they
                                start at hpos; 0 whenever a state is saved or loaded */
    bool hdiw;               /* horizontal display window flip-flop */
    bool vdiw;               /* Agnus's vertical window for this line (informational: lines
                                outside it get no bitplane data and so show COLOR00) */
    unsigned hpos, vpos;     /* CCK of the next denise_cck, its line */
    unsigned line_len, prev_line_len;
    unsigned row, prev_row;  /* framebuffer rows of this line and of the previous one */
    bool lof, lace;
    uint64_t frames;
    bool logged_unknown;
    uint32_t fb[DENISE_FB_H][DENISE_FB_W];
} denise_t;

void denise_init(denise_t *d, const denise_cfg_t *cfg);
void denise_reset(denise_t *d);
bool denise_owns_reg(unsigned reg);
void denise_write(denise_t *d, unsigned reg, uint16_t value);
/* Draws the colour clocks received so far (see "Drawing lags behind" above). */
void denise_draw_lag(denise_t *d);
static inline void denise_sync(denise_t *d)
{
    if (d->lag) denise_draw_lag(d);
}
/* BPLxDAT (x = plane + 1), as denise_write(d, BPL1DAT + 2 * plane, value) does it: bitplane DMA.
 * The holding registers only matter when BPL1DAT's CCK ends (denise_cck copies them), so they
 * need no drawing first: a fetch unit's colour clocks are drawn together at its BPL1DAT. */
static inline void denise_bpldat(denise_t *d, unsigned plane, uint16_t value)
{
    d->bpldat[plane] = value;
    if (plane == 0) d->bpl1_written = true;
}
uint16_t denise_read(denise_t *d, unsigned reg);   /* CLXDAT clears on read */
/* As drawn so far (denise_sync() first for the CLXDAT of now); denise_read() syncs. */
uint16_t denise_peek(const denise_t *d, unsigned reg);
/* One colour clock of pixels (4 hires pixels). */
void denise_cck_draw(denise_t *d);
static inline void denise_cck(denise_t *d)
{
    d->lag++;
    if (d->bpl1_written || d->cfg.slow_path) denise_cck_draw(d);
}
/* n colour clocks in a row, the same as n calls of denise_cck() (no register is written in
 * them). */
static inline void denise_ccks(denise_t *d, unsigned n)
{
    if (d->bpl1_written && n) {
        denise_cck(d);   /* the BPL1DAT copy comes at the end of the first */
        n--;
    }
    d->lag += n;
    if (d->cfg.slow_path) denise_draw_lag(d);
}
/* Start of line vpos; vdiw: Agnus's vertical display window; line_len: CCKs of the line. */
void denise_hsync(denise_t *d, unsigned vpos, bool vdiw, unsigned line_len);
/* Start of a frame; lof: the new frame is long; lace: BPLCON0 LACE. The framebuffer holds
 * the finished frame until drawing of the new frame reaches its first visible line. */
void denise_vsync(denise_t *d, bool lof, bool lace);
/* The finished frame's visible part (what is drawn so far of a frame in progress). */
static inline const uint32_t *denise_visible(denise_t *d)
{
    denise_sync(d);
    return &d->fb[DENISE_VIS_Y][DENISE_VIS_X];
}
/* RGBA8888 of a 12-bit Amiga colour. */
uint32_t denise_rgb12_to_rgba(uint16_t rgb12);

typedef struct ser ser_t;
/* Denise's registers, shifters and the frame being drawn, for a save state (machines/state.h). */
void denise_serialize(denise_t *d, ser_t *s);

#endif
