#include "chips/vidc20.h"

#include "machines/state.h"

#include <stdio.h>
#include <stddef.h>
#include <string.h>

/* Offsets between a timing register and the pixel or line it names, as Linux acornfb
 * programs them (acornfb_set_timing: HSWR = sync-8, HBSR = ... -12, HDSR = ... -18,
 * HCR = total-8; vertically every register names its line minus one (VSWR = vsync_len-1)
 * and VCR = total-2). */
enum { H_TOTAL_ADJ = 8, H_BORDER_ADJ = 12, H_DISPLAY_ADJ = 18, H_CURSOR_ADJ = 18, V_ADJ = 1, V_TOTAL_ADJ = 2 };

static uint32_t rgba(uint32_t bgr) { return (bgr & 0x00ffffffu) | 0xff000000u; }

void vidc20_init(vidc20_t *v, const vidc20_cfg_t *cfg)
{
    memset(v, 0, sizeof *v);
    v->cfg = *cfg;
    if (!v->cfg.vclk_hz)
        v->cfg.vclk_hz = 24000000;
    if (!v->cfg.rclk_hz)
        v->cfg.rclk_hz = 32000000;
    vidc20_reset(v);
}

/* The VIDC20 has no reset pin for its registers: they power up undefined. We start with
 * everything zero (no valid mode: the screen shows nothing until software programs it). */
void vidc20_reset(vidc20_t *v)
{
    memset(v->palette, 0, sizeof v->palette);
    v->pal_index = 0;
    v->border = 0;
    memset(v->cursor, 0, sizeof v->cursor);
    memset(v->h, 0, sizeof v->h);
    memset(v->v, 0, sizeof v->v);
    v->control = v->ext = v->pll = v->dctl = 0;
    v->lcd_offset[0] = v->lcd_offset[1] = 0;
    v->sfr = v->scr = 0;
    memset(v->sir, 0, sizeof v->sir);
    v->cache_stale = true;
}

void vidc20_write(vidc20_t *v, uint32_t val)
{
    uint8_t sel = (uint8_t)(val >> 24);
    switch (sel >> 4) {
    case 0x0: v->palette[v->pal_index++] = val & 0x0fffffffu; v->cache_stale = true; return;
    case 0x1: v->pal_index = (uint8_t)val; return;
    case 0x3: v->lcd_offset[sel & 1] = val & 0x00ffffffu; return; /* LCD offsets: no LCD fitted */
    case 0x4: v->border = val & 0x0fffffffu; return;
    case 0x5: case 0x6: case 0x7: v->cursor[(sel >> 4) - 5] = val & 0x0fffffffu; return;
    case 0x8: if (sel & 8) break; v->h[sel & 7] = (uint16_t)(val & 0x3fff); return;
    case 0x9: if (sel & 8) break; v->v[sel & 7] = (uint16_t)(val & 0x1fff); return;
    case 0xa: if (sel & 8) break; v->sir[sel & 7] = (uint8_t)(val & 7); return;
    case 0xb:
        if (sel == 0xb0) { v->sfr = (uint8_t)val; return; }
        if (sel == 0xb1) { v->scr = (uint8_t)val; return; }
        break;
    case 0xc: v->ext = val & 0x00ffffffu; return;
    case 0xd: v->pll = val & 0x00ffffffu; return;
    case 0xe: v->control = val & 0x00ffffffu; return;
    case 0xf: v->dctl = val & 0x00ffffffu; return;
    default: break;
    }
    if (!v->logged_unknown) {
        v->logged_unknown = true;
        chip_log(&v->cfg.log, "vidc20: write 0x%08x to an unassigned register ignored (logged once)", val);
    }
}

uint32_t vidc20_palette(const vidc20_t *v, uint8_t index) { return v->palette[index]; }

uint32_t vidc20_peek(const vidc20_t *v, uint8_t reg)
{
    switch (reg >> 4) {
    case 0x1: return v->pal_index;
    case 0x4: return v->border;
    case 0x5: case 0x6: case 0x7: return v->cursor[(reg >> 4) - 5];
    case 0x8: return v->h[reg & 7];
    case 0x9: return v->v[reg & 7];
    case 0xa: return v->sir[reg & 7];
    case 0xb: return reg == 0xb0 ? v->sfr : v->scr;
    case 0xc: return v->ext;
    case 0xd: return v->pll;
    case 0xe: return v->control;
    case 0xf: return v->dctl;
    default: return 0;
    }
}

/* Control register: bits 1-0 clock source (VCLK, HCLK, RCLK), 4-2 divider (n+1),
 * 7-5 depth (0 1bpp, 1 2bpp, 2 4bpp, 3 8bpp, 4 16bpp, 6 32bpp). With VCLK selected the
 * frequency synthesiser (register 0xd0: R in bits 5-0, V in bits 13-8) gives
 * VCLK × (V+1)/(R+1), the relation acornfb_vidc20_find_pll uses with a 24 MHz reference. */
static uint32_t pixel_hz(const vidc20_t *v)
{
    uint64_t f;
    switch (v->control & 3) {
    case 0:
        f = v->cfg.vclk_hz;
        if (v->pll)
            f = f * (((v->pll >> 8) & 0x3f) + 1) / ((v->pll & 0x3f) + 1);
        break;
    case 1: f = v->cfg.hclk_hz ? v->cfg.hclk_hz : v->cfg.vclk_hz; break;
    default: f = v->cfg.rclk_hz; break;
    }
    return (uint32_t)(f / (((v->control >> 2) & 7) + 1));
}

void vidc20_mode(const vidc20_t *v, vidc20_mode_t *m)
{
    static const int depth[8] = {1, 2, 4, 8, 16, 0, 32, 0};
    memset(m, 0, sizeof *m);
    m->bpp = depth[(v->control >> 5) & 7];
    m->htotal = v->h[VIDC20_HCR] + H_TOTAL_ADJ;
    m->vtotal = v->v[VIDC20_VCR] + V_TOTAL_ADJ;
    m->hdisp = v->h[VIDC20_HDSR] + H_DISPLAY_ADJ;
    m->vdisp = v->v[VIDC20_VDSR] + V_ADJ;
    m->width = (int)v->h[VIDC20_HDER] - (int)v->h[VIDC20_HDSR];
    m->height = (int)v->v[VIDC20_VDER] - (int)v->v[VIDC20_VDSR];
    m->hborder0 = v->h[VIDC20_HBSR] + H_BORDER_ADJ;
    m->hborder1 = v->h[VIDC20_HBER] + H_BORDER_ADJ;
    m->vborder0 = v->v[VIDC20_VBSR] + V_ADJ;
    m->vborder1 = v->v[VIDC20_VBER] + V_ADJ;
    m->pixel_hz = pixel_hz(v);
    m->valid = m->bpp && m->width > 0 && m->height > 0 && m->width <= VIDC20_MAX_W &&
               m->height <= VIDC20_MAX_H && m->htotal > 16 && m->vtotal > 1 && m->pixel_hz &&
               (m->width * m->bpp) % 8 == 0;
}

uint64_t vidc20_frame_ticks(const vidc20_t *v, uint64_t tps)
{
    vidc20_mode_t m;
    vidc20_mode(v, &m);
    if (!m.pixel_hz || m.htotal <= 16 || m.vtotal <= 1)
        return 0;
    return (uint64_t)m.htotal * (uint64_t)m.vtotal * tps / m.pixel_hz;
}

uint64_t vidc20_display_end_ticks(const vidc20_t *v, uint64_t tps)
{
    vidc20_mode_t m;
    vidc20_mode(v, &m);
    if (!m.pixel_hz || m.htotal <= 16)
        return 0;
    int end = v->v[VIDC20_VDER] + V_ADJ < m.vtotal ? v->v[VIDC20_VDER] + V_ADJ : m.vtotal;
    return (uint64_t)m.htotal * (uint64_t)end * tps / m.pixel_hz;
}

/* 16 bpp: red bits 4-0, green 9-5, blue 14-10; 32 bpp: red, green, blue bytes 0-2. In these
 * modes the palette acts as three gamma tables, one per component (VIDC20 data sheet,
 * "True colour"). A 5-bit field indexes the table with its top bits repeated below. */
static uint32_t true_colour(const vidc20_t *v, unsigned r, unsigned g, unsigned b)
{
    return 0xff000000u | (v->palette[r] & 0xff) | (v->palette[g] & 0xff00) | (v->palette[b] & 0xff0000);
}

/* Palette-indexed depths: pixels are packed from the least significant bits of each byte
 * (VIDC20 data sheet, "Pixel data format"). `w` is a multiple of the pixels per byte. */
static void render_line(const vidc20_t *v, int bpp, const uint8_t *src, uint32_t *dst, int w)
{
    uint32_t pal[256];
    switch (bpp) {
    case 1:
        for (int i = 0; i < 2; i++) pal[i] = rgba(v->palette[i]);
        for (int x = 0; x < w; x += 8) {
            unsigned b = *src++;
            for (int k = 0; k < 8; k++)
                dst[x + k] = pal[(b >> k) & 1];
        }
        break;
    case 2:
        for (int i = 0; i < 4; i++) pal[i] = rgba(v->palette[i]);
        for (int x = 0; x < w; x += 4) {
            unsigned b = *src++;
            dst[x] = pal[b & 3];
            dst[x + 1] = pal[(b >> 2) & 3];
            dst[x + 2] = pal[(b >> 4) & 3];
            dst[x + 3] = pal[b >> 6];
        }
        break;
    case 4:
        for (int i = 0; i < 16; i++) pal[i] = rgba(v->palette[i]);
        for (int x = 0; x < w; x += 2) {
            unsigned b = *src++;
            dst[x] = pal[b & 15];
            dst[x + 1] = pal[b >> 4];
        }
        break;
    case 8:
        for (int i = 0; i < 256; i++) pal[i] = rgba(v->palette[i]);
        for (int x = 0; x < w; x++)
            dst[x] = pal[src[x]];
        break;
    case 16:
        for (int x = 0; x < w; x++) {
            unsigned p = (unsigned)src[2 * x] | ((unsigned)src[2 * x + 1] << 8);
            unsigned r = p & 31, g = (p >> 5) & 31, b = (p >> 10) & 31;
            dst[x] = true_colour(v, (r << 3) | (r >> 2), (g << 3) | (g >> 2), (b << 3) | (b >> 2));
        }
        break;
    case 32:
        for (int x = 0; x < w; x++)
            dst[x] = true_colour(v, src[4 * x], src[4 * x + 1], src[4 * x + 2]);
        break;
    default: break;
    }
}

static void fill(uint32_t *fb, int stride, int x0, int y0, int x1, int y1, uint32_t c)
{
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            fb[y * stride + x] = c;
}

bool vidc20_render(vidc20_t *v, uint32_t *fb, int stride, int max_w, int max_h, int *pw, int *ph)
{
    vidc20_mode_t m;
    vidc20_mode(v, &m);
    if (!m.valid) {
        v->cache_stale = true;
        int w = max_w < 640 ? max_w : 640, h = max_h < 480 ? max_h : 480;
        fill(fb, stride, 0, 0, w, h, 0xff000000u);
        *pw = w;
        *ph = h;
        return false;
    }
    /* The visible picture: the border area, or just the display if no border is programmed. */
    int x0 = m.hdisp, x1 = m.hdisp + m.width, y0 = m.vdisp, y1 = m.vdisp + m.height;
    if (m.hborder1 > m.hborder0 && m.vborder1 > m.vborder0) {
        if (m.hborder0 < x0) x0 = m.hborder0;
        if (m.hborder1 > x1) x1 = m.hborder1;
        if (m.vborder0 < y0) y0 = m.vborder0;
        if (m.vborder1 > y1) y1 = m.vborder1;
    }
    int w = x1 - x0, h = y1 - y0;
    if (w > max_w) w = max_w;
    if (h > max_h) h = max_h;
    int dx = m.hdisp - x0, dy = m.vdisp - y0;
    /* Display rectangle inside the picture; the border colour everywhere else. */
    int dx1 = dx + m.width < w ? dx + m.width : w, dy1 = dy + m.height < h ? dy + m.height : h;
    uint32_t border = rgba(v->border);
    fill(fb, stride, 0, 0, w, dy, border);
    fill(fb, stride, 0, dy1, w, h, border);
    fill(fb, stride, 0, dy, dx, dy1, border);
    fill(fb, stride, dx1, dy, w, dy1, border);
    if (v->cfg.frame_start)
        v->cfg.frame_start(v->cfg.ctx);
    uint32_t line_bytes = (uint32_t)(m.width * m.bpp / 8);
    bool direct = dx1 - dx == m.width;
    uint32_t *tmp = v->pixels;
    /* Lines unchanged since the last frame are left as they are (vidc20_cfg_t.line_cache). */
    bool cache = v->cfg.line_cache && (size_t)line_bytes * (size_t)m.height <= v->cfg.line_cache_size;
    vidc20_cache_key_t key = {fb, stride, m.bpp, m.width, m.height, dx, dy, dx1, dy1};
    if (cache && (v->cache_stale || memcmp(&key, &v->cache_key, sizeof key))) {
        memset(v->cache_ok, 0, sizeof v->cache_ok);
        v->cache_key = key;
        v->cache_stale = false;
    }
    for (int y = 0; y < m.height; y++) {
        if (!v->cfg.fetch || !v->cfg.fetch(v->cfg.ctx, v->line, line_bytes)) {
            fill(fb, stride, dx, dy + y, dx1, dy1, 0xff000000u); /* DMA off: no pixels */
            v->cache_stale = true;
            break;
        }
        int oy = y + dy;
        if (oy < 0 || oy >= h || dx1 <= dx)
            continue;
        if (cache) {
            uint8_t *old = v->cfg.line_cache + (size_t)y * line_bytes;
            if (v->cache_ok[y] && !memcmp(old, v->line, line_bytes))
                continue;
            memcpy(old, v->line, line_bytes);
            v->cache_ok[y] = 1;
        }
        if (direct) {
            render_line(v, m.bpp, v->line, fb + oy * stride + dx, m.width);
        } else {
            render_line(v, m.bpp, v->line, tmp, m.width);
            memcpy(fb + oy * stride + dx, tmp, (size_t)(dx1 - dx) * 4);
        }
    }
    /* Hardware cursor: 32 pixels wide, 2 bpp (0 transparent, 1-3 cursor colours), lines
     * VCSR..VCER-1, fetched by IOMD cursor DMA at 8 bytes a line. */
    int ch = (int)v->v[VIDC20_VCER] - (int)v->v[VIDC20_VCSR];
    if (ch > 0 && v->cfg.cursor_fetch) {
        int cx = v->h[VIDC20_HCSR] + H_CURSOR_ADJ - x0, cy = v->v[VIDC20_VCSR] + V_ADJ - y0;
        for (int y = 0; y < ch; y++) {
            uint8_t row[8];
            v->cfg.cursor_fetch(v->cfg.ctx, row, 8);
            int oy = cy + y;
            if (oy < 0 || oy >= h)
                continue;
            if (oy >= dy && oy - dy < m.height)
                v->cache_ok[oy - dy] = 0; /* drawn over: rendered again next frame */
            for (int x = 0; x < 32; x++) {
                unsigned c = (row[x >> 2] >> ((x & 3) * 2)) & 3;
                int ox = cx + x;
                if (c && ox >= 0 && ox < w)
                    fb[oy * stride + ox] = rgba(v->cursor[c - 1]);
            }
        }
    }
    *pw = w;
    *ph = h;
    return true;
}

/* Sound frequency register: the sample period is (SFR+2) µs (VIDC20 data sheet "Sound"). */
uint32_t vidc20_sound_rate(const vidc20_t *v) { return 1000000u / ((uint32_t)v->sfr + 2u); }
/* Sound control bit 1 selects the 16-bit serial output instead of the internal 8-bit
 * logarithmic DACs. */
bool vidc20_sound_16bit(const vidc20_t *v) { return (v->scr & 0x02) != 0; }

/* 8-bit logarithmic (µ-law-like) sample: bit 0 sign, bits 7-5 chord, bits 4-1 step. */
static int log_to_linear(uint8_t b)
{
    int chord = b >> 5, step = (b >> 1) & 15;
    int mag = (((step << 1) + 33) << chord) - 33;
    return (b & 1) ? -mag : mag;
}

uint32_t vidc20_sound_convert(const vidc20_t *v, const uint8_t *src, uint32_t n, int16_t *out)
{
    uint32_t frames = 0;
    if (vidc20_sound_16bit(v)) {
        for (uint32_t i = 0; i + 4 <= n; i += 4) { /* word: left in bits 15-0, right in 31-16 */
            out[2 * frames] = (int16_t)(src[i] | (src[i + 1] << 8));
            out[2 * frames + 1] = (int16_t)(src[i + 2] | (src[i + 3] << 8));
            frames++;
        }
        return frames;
    }
    /* Stereo image positions 1 (left) .. 7 (right), one per byte slot of 8 channels. */
    static const int left[8] = {3, 6, 5, 4, 3, 2, 1, 0}, right[8] = {3, 0, 1, 2, 3, 4, 5, 6};
    for (uint32_t i = 0; i < n; i++) {
        int s = log_to_linear(src[i]) * 4; /* 8031 full scale → about ±32k */
        int img = v->sir[i & 7];
        out[2 * frames] = (int16_t)(s * left[img] / 6);
        out[2 * frames + 1] = (int16_t)(s * right[img] / 6);
        frames++;
    }
    return frames;
}

/* Registers read back from a state hold only the bits vidc20_write can set. */
/* A 28-bit palette-style value (bits 24-27 supremacy), a 24-bit register value. */
static void ser_bits(ser_t *s, uint32_t *v, unsigned bits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        SER(s, v[i]);
        if (ser_loading(s) && ser_ok(s) && (v[i] >> bits))
            ser_fail(s, "a register holds %#x, wider than its %u bits", v[i], bits);
    }
}

void vidc20_serialize(vidc20_t *v, ser_t *s)
{
    /* the line buffers are filled and used within one display line: not state */
    ser_bits(s, v->palette, 28, 256);
    SER(s, v->pal_index);
    ser_bits(s, &v->border, 28, 1);
    ser_bits(s, v->cursor, 28, 3);
    for (int i = 0; i < 8; i++) {
        SER_MAX(s, v->h[i], 0x3fff);
        SER_MAX(s, v->v[i], 0x1fff);
    }
    ser_bits(s, &v->control, 24, 1);
    ser_bits(s, &v->ext, 24, 1);
    ser_bits(s, &v->pll, 24, 1);
    ser_bits(s, &v->dctl, 24, 1);
    ser_bits(s, v->lcd_offset, 24, 2);
    SER(s, v->sfr);
    SER(s, v->scr);
    for (int i = 0; i < 8; i++)
        SER_MAX(s, v->sir[i], 7);
    SER(s, v->logged_unknown);
    if (ser_loading(s))
        v->cache_stale = true;
}
