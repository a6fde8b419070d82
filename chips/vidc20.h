/* Acorn VIDC20 video and sound controller (VIDC20 data sheet; the register use of Linux
 * drivers/video/fbdev/acornfb.[ch]). Every write is a 32-bit word whose top bits select
 * the register: 0x0 palette data (auto-increment), 0x1 palette index, 0x4 border colour,
 * 0x5-0x7 cursor colours 1-3, 0x80-0x87 horizontal and 0x90-0x97 vertical timing,
 * 0x30-0x31 LCD offsets, 0xa0-0xa7 stereo image, 0xb0 sound frequency, 0xb1 sound control, 0xc0 external control,
 * 0xd0 frequency synthesiser, 0xe0 control, 0xf0 data control. The chip is write-only.
 * Rendering takes the framebuffer bytes from IOMD's video DMA through callbacks. */
#ifndef ARCANA_VIDC20_H
#define ARCANA_VIDC20_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chips/chip_log.h"

enum { VIDC20_HCR, VIDC20_HSWR, VIDC20_HBSR, VIDC20_HDSR, VIDC20_HDER, VIDC20_HBER, VIDC20_HCSR, VIDC20_HIR };
enum { VIDC20_VCR, VIDC20_VSWR, VIDC20_VBSR, VIDC20_VDSR, VIDC20_VDER, VIDC20_VBER, VIDC20_VCSR, VIDC20_VCER };

#define VIDC20_MAX_W 2048
#define VIDC20_MAX_H 1536

typedef struct vidc20_cfg {
    uint32_t vclk_hz;   /* VCLK input (RiscPC: 24 MHz, also the synthesiser reference) */
    uint32_t hclk_hz;   /* HCLK input (0 = not fitted) */
    uint32_t rclk_hz;   /* RCLK input (RiscPC: 32 MHz) */
    void *ctx;
    /* Video DMA: start of frame, then n bytes for each display line (false: DMA off). */
    void (*frame_start)(void *ctx);
    bool (*fetch)(void *ctx, uint8_t *dst, uint32_t n);
    void (*cursor_fetch)(void *ctx, uint8_t *dst, uint32_t n);
    /* Optional (NULL: every line is rendered every frame): room for one frame of DMA data.
     * A display line whose bytes, palette and geometry are those of the last frame is not
     * rendered again: the framebuffer still holds it. The caller must not write the
     * framebuffer between frames. */
    uint8_t *line_cache;
    size_t line_cache_size;
    chip_log_t log;     /* "register not emulated" messages */
} vidc20_cfg_t;

/* The mode the registers describe. Positions are in pixels/lines from the start of sync. */
typedef struct vidc20_mode {
    int bpp;                    /* 1, 2, 4, 8, 16, 32 */
    int width, height;          /* display area */
    int htotal, vtotal;         /* pixels per line, lines per frame */
    int hdisp, vdisp;           /* display start */
    int hborder0, hborder1, vborder0, vborder1; /* border area (start, end) */
    uint32_t pixel_hz;          /* pixel rate after clock select and divider */
    bool valid;                 /* the timing registers describe a displayable mode */
} vidc20_mode_t;

/* What the cached lines were rendered with (vidc20_render). */
typedef struct vidc20_cache_key {
    uint32_t *fb;
    int stride, bpp, width, height, dx, dy, dx1, dy1;
} vidc20_cache_key_t;

typedef struct vidc20 {
    vidc20_cfg_t cfg;
    /* Line cache state (derived, not saved: a load, reset or palette write makes it stale). */
    bool cache_stale;
    vidc20_cache_key_t cache_key;
    uint8_t cache_ok[VIDC20_MAX_H];     /* line y of the display was rendered from line_cache */
    uint32_t palette[256];      /* 0x00BBGGRR as written (bits 24-27: supremacy, ignored) */
    uint8_t pal_index;
    uint32_t border, cursor[3];
    uint16_t h[8], v[8];
    uint32_t control, ext, pll, dctl;
    uint32_t lcd_offset[2];     /* 0x30, 0x31: LCD panel offsets (stored; the RiscPC drives a CRT) */
    uint8_t sfr, scr, sir[8];
    bool logged_unknown;
    uint8_t line[VIDC20_MAX_W * 4];     /* one line of DMA data */
    uint32_t pixels[VIDC20_MAX_W];      /* one rendered line when the picture clips it */
} vidc20_t;

void vidc20_init(vidc20_t *v, const vidc20_cfg_t *cfg);
void vidc20_reset(vidc20_t *v);
void vidc20_write(vidc20_t *v, uint32_t value);
/* Side-effect-free look at a register by its selector byte (e.g. 0x80 = HCR, 0xe0 control,
 * 0x00 + index for palette entries through vidc20_palette). */
uint32_t vidc20_peek(const vidc20_t *v, uint8_t reg);
uint32_t vidc20_palette(const vidc20_t *v, uint8_t index);
typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void vidc20_serialize(vidc20_t *v, ser_t *s);
void vidc20_mode(const vidc20_t *v, vidc20_mode_t *m);
/* Master-clock ticks of one frame (ticks_per_second given), 0 if the mode is not valid. */
uint64_t vidc20_frame_ticks(const vidc20_t *v, uint64_t ticks_per_second);
/* Ticks from the start of the frame (vsync) to the end of the display area. */
uint64_t vidc20_display_end_ticks(const vidc20_t *v, uint64_t ticks_per_second);
/* Renders one frame: the border area with the display inside it, the cursor on top,
 * as RGBA8888 into fb (stride in pixels). Sets *w, *h; returns false if nothing displayable
 * (fb then holds a black w×h area). */
bool vidc20_render(vidc20_t *v, uint32_t *fb, int stride, int max_w, int max_h, int *w, int *h);
/* Sound: output sample rate in Hz for the programmed frequency register, and whether the
 * 16-bit (serial) mode is selected. */
uint32_t vidc20_sound_rate(const vidc20_t *v);
bool vidc20_sound_16bit(const vidc20_t *v);
/* Converts n bytes of sound DMA data to stereo int16 frames; returns frames written. */
uint32_t vidc20_sound_convert(const vidc20_t *v, const uint8_t *src, uint32_t n, int16_t *out);

#endif
