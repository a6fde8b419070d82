#include "chips/vidc20.h"
#include "tests/test.h"

/* A fake video DMA: a linear framebuffer and a cursor image. */
typedef struct { const uint8_t *fb; uint32_t pos; const uint8_t *cur; uint32_t cpos; } dma_t;
static void d_start(void *c) { ((dma_t *)c)->pos = 0; ((dma_t *)c)->cpos = 0; }
static bool d_fetch(void *c, uint8_t *dst, uint32_t n) { dma_t *d = c; memcpy(dst, d->fb + d->pos, n); d->pos += n; return true; }
static void d_cursor(void *c, uint8_t *dst, uint32_t n) { dma_t *d = c; memcpy(dst, d->cur + d->cpos, n); d->cpos += n; }

/* Programs a mode as Linux acornfb does (acornfb_set_timing): 640×480-style margins. */
static void program(vidc20_t *v, int w, int h, unsigned depth_code)
{
    int hsync = 96, left = 48, right = 16, vsync = 2, upper = 33, lower = 10;
    int hsw = hsync - 8, hbs = hsw + left + 8 - 12, hds = hbs + 12 - 18, hde = hds + w, hbe = hde + 18 - 12;
    int hcr = hbe + right + 12 - 8;
    int vsw = vsync - 1, vbs = vsw + upper, vds = vbs, vde = vds + h, vbe = vde, vcr = vbe + lower - 1;
    vidc20_write(v, 0xe0000000u | (depth_code << 5));
    vidc20_write(v, 0x80000000u | (uint32_t)hcr);
    vidc20_write(v, 0x81000000u | (uint32_t)hsw);
    vidc20_write(v, 0x82000000u | (uint32_t)hbs);
    vidc20_write(v, 0x83000000u | (uint32_t)hds);
    vidc20_write(v, 0x84000000u | (uint32_t)hde);
    vidc20_write(v, 0x85000000u | (uint32_t)hbe);
    vidc20_write(v, 0x90000000u | (uint32_t)vcr);
    vidc20_write(v, 0x91000000u | (uint32_t)vsw);
    vidc20_write(v, 0x92000000u | (uint32_t)vbs);
    vidc20_write(v, 0x93000000u | (uint32_t)vds);
    vidc20_write(v, 0x94000000u | (uint32_t)vde);
    vidc20_write(v, 0x95000000u | (uint32_t)vbe);
}

static vidc20_t vidc;
static uint32_t fbout[64 * 1024];

TEST(vidc20_mode_decoding_all_depths)
{
    static const int depth[] = {1, 2, 4, 8, 16, 0, 32};
    for (unsigned code = 0; code < 7; code++) {
        if (!depth[code]) continue;
        vidc20_init(&vidc, &(vidc20_cfg_t){.vclk_hz = 24000000, .rclk_hz = 32000000});
        program(&vidc, 640, 480, code);
        vidc20_mode_t m;
        vidc20_mode(&vidc, &m);
        CHECK(m.valid);
        CHECK_EQ(m.bpp, depth[code]);
        CHECK_EQ(m.width, 640);
        CHECK_EQ(m.height, 480);
        CHECK_EQ(m.htotal, 800);
        CHECK_EQ(m.vtotal, 525);
    }
}

TEST(vidc20_pixel_clock_and_frame_rate)
{
    vidc20_init(&vidc, &(vidc20_cfg_t){.vclk_hz = 24000000, .rclk_hz = 32000000});
    program(&vidc, 640, 480, 2);
    /* 25.2 MHz from the synthesiser: 24 × 21/20 (V-1 = 20, R-1 = 19) */
    vidc20_write(&vidc, 0xd0000000u | (20 << 8) | 19);
    vidc20_mode_t m;
    vidc20_mode(&vidc, &m);
    CHECK_EQ(m.pixel_hz, 25200000);
    uint64_t tps = 2400000000ull;
    CHECK_EQ(vidc20_frame_ticks(&vidc, tps), 800ull * 525 * tps / 25200000);
    /* RCLK with divider 2 (control bits 4-2 = 1) */
    vidc20_write(&vidc, 0xe0000000u | (2 << 5) | (1 << 2) | 2);
    vidc20_mode(&vidc, &m);
    CHECK_EQ(m.pixel_hz, 16000000);
}

TEST(vidc20_render_4bpp_palette)
{
    vidc20_init(&vidc, &(vidc20_cfg_t){0});
    static uint8_t fb[64 * 16];
    dma_t d = {.fb = fb};
    vidc.cfg.ctx = &d; vidc.cfg.frame_start = d_start; vidc.cfg.fetch = d_fetch;
    program(&vidc, 64, 16, 2);
    vidc20_write(&vidc, 0x10000000u); /* palette index 0, auto-increment */
    for (uint32_t i = 0; i < 16; i++)
        vidc20_write(&vidc, i * 0x00100f01u);
    CHECK_EQ(vidc20_palette(&vidc, 3), 3 * 0x00100f01u);
    fb[0] = 0x21; /* pixel 0 = 1, pixel 1 = 2 (low nibble first) */
    fb[32] = 0x0f; /* second line, pixel 0 = 15 */
    int w, h;
    CHECK(vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h));
    CHECK_EQ(w, 64);
    CHECK_EQ(h, 16);
    CHECK_EQ(fbout[0], 0xff000000u | 0x00100f01u);
    CHECK_EQ(fbout[1], 0xff000000u | 0x00201e02u);
    CHECK_EQ(fbout[2], 0xff000000u);
    CHECK_EQ(fbout[64], 0xff000000u | (15 * 0x00100f01u));
}

TEST(vidc20_render_1_2_8_16_32bpp)
{
    static uint8_t fb[64 * 4 * 4];
    dma_t d = {.fb = fb};
    int w, h;
    vidc20_init(&vidc, &(vidc20_cfg_t){.ctx = &d, .frame_start = d_start, .fetch = d_fetch});
    for (uint32_t i = 0; i < 256; i++)
        vidc20_write(&vidc, (i << 16) | (i << 8) | i); /* grey ramp */
    memset(fb, 0, sizeof fb);
    fb[0] = 0x02; /* 1 bpp: pixel 1 set */
    program(&vidc, 64, 4, 0);
    vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
    CHECK_EQ(fbout[0] & 0xffffff, 0);
    CHECK_EQ(fbout[1] & 0xffffff, 0x010101);
    fb[0] = 0x0c; /* 2 bpp: pixel 1 = 3 */
    program(&vidc, 64, 4, 1);
    vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
    CHECK_EQ(fbout[1] & 0xffffff, 0x030303);
    fb[0] = 0x80; fb[1] = 0x7f; /* 8 bpp */
    program(&vidc, 64, 4, 3);
    vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
    CHECK_EQ(fbout[0] & 0xffffff, 0x808080);
    CHECK_EQ(fbout[1] & 0xffffff, 0x7f7f7f);
    fb[0] = 0x1f; fb[1] = 0x7c; /* 16 bpp: red 31, green 0, blue 31 */
    program(&vidc, 64, 4, 4);
    vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
    CHECK_EQ(fbout[0] & 0xffffff, 0xff00ff);
    fb[0] = 0x11; fb[1] = 0x22; fb[2] = 0x33; fb[3] = 0; /* 32 bpp */
    program(&vidc, 64, 4, 6);
    vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
    CHECK_EQ(fbout[0] & 0xffffff, 0x332211);
}

TEST(vidc20_cursor)
{
    static uint8_t fb[64 * 40], cur[8 * 4];
    dma_t d = {.fb = fb, .cur = cur};
    int w, h;
    vidc20_init(&vidc, &(vidc20_cfg_t){.ctx = &d, .frame_start = d_start, .fetch = d_fetch, .cursor_fetch = d_cursor});
    program(&vidc, 64, 40, 3);
    memset(fb, 0, sizeof fb);
    vidc20_write(&vidc, 0x50000000u | 0x0000ff); /* cursor colour 1 red */
    vidc20_write(&vidc, 0x60000000u | 0x00ff00);
    vidc20_write(&vidc, 0x70000000u | 0xff0000);
    memset(cur, 0, sizeof cur);
    cur[0] = 0x39;  /* row 0: pixels 0..3 = 1, 2, 3, 0 */
    cur[8 + 7] = 0xc0; /* row 1: pixel 31 = 3 */
    /* place it at display x 10, line 5 (relative to the display start) */
    vidc20_mode_t m;
    vidc20_mode(&vidc, &m);
    vidc20_write(&vidc, 0x86000000u | (uint32_t)(m.hdisp + 10 - 18));
    vidc20_write(&vidc, 0x96000000u | (uint32_t)(m.vdisp - 1 + 5));
    vidc20_write(&vidc, 0x97000000u | (uint32_t)(m.vdisp - 1 + 9)); /* 4 lines */
    vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
    CHECK_EQ(fbout[5 * 64 + 10], 0xff0000ffu);
    CHECK_EQ(fbout[5 * 64 + 11], 0xff00ff00u);
    CHECK_EQ(fbout[5 * 64 + 12], 0xffff0000u);
    CHECK_EQ(fbout[5 * 64 + 13], 0xff000000u); /* transparent: the (black) picture */
    CHECK_EQ(fbout[6 * 64 + 41], 0xffff0000u);
    CHECK_EQ(d.cpos, 32); /* 4 lines × 8 bytes fetched */
}

TEST(vidc20_border)
{
    static uint8_t fb[16 * 8];
    dma_t d = {.fb = fb};
    int w, h;
    vidc20_init(&vidc, &(vidc20_cfg_t){.ctx = &d, .frame_start = d_start, .fetch = d_fetch});
    program(&vidc, 32, 8, 2);
    /* widen the border by 4 pixels each side and 2 lines above and below */
    vidc20_write(&vidc, 0x82000000u | (vidc.h[VIDC20_HBSR] - 4));
    vidc20_write(&vidc, 0x85000000u | (vidc.h[VIDC20_HBER] + 4));
    vidc20_write(&vidc, 0x92000000u | (vidc.v[VIDC20_VBSR] - 2));
    vidc20_write(&vidc, 0x95000000u | (vidc.v[VIDC20_VBER] + 2));
    vidc20_write(&vidc, 0x40000000u | 0x123456);
    vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
    CHECK_EQ(w, 40);
    CHECK_EQ(h, 12);
    CHECK_EQ(fbout[0], 0xff123456u);
    CHECK_EQ(fbout[2 * 64 + 4], 0xff000000u); /* palette 0 = black, display starts here */
    CHECK_EQ(fbout[2 * 64 + 3], 0xff123456u);
}

TEST(vidc20_invalid_mode_is_black)
{
    int w, h;
    vidc20_init(&vidc, &(vidc20_cfg_t){0});
    CHECK(!vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h));
    CHECK_EQ(fbout[0], 0xff000000u);
}

TEST(vidc20_sound_formats)
{
    vidc20_init(&vidc, &(vidc20_cfg_t){0});
    vidc20_write(&vidc, 0xb0000000u | 20); /* 1 MHz / 22 */
    CHECK_EQ(vidc20_sound_rate(&vidc), 45454);
    vidc20_write(&vidc, 0xb1000000u | 2);
    CHECK(vidc20_sound_16bit(&vidc));
    uint8_t s16[4] = {0x34, 0x12, 0xff, 0xff};
    int16_t out[16];
    CHECK_EQ(vidc20_sound_convert(&vidc, s16, 4, out), 1);
    CHECK_EQ(out[0], 0x1234);
    CHECK_EQ(out[1], -1);
    vidc20_write(&vidc, 0xb1000000u);
    vidc20_write(&vidc, 0xa0000000u | 1); /* channel 0 full left */
    vidc20_write(&vidc, 0xa1000000u | 7); /* channel 1 full right */
    uint8_t s8[2] = {0xfe, 0xff}; /* loudest positive, loudest negative */
    CHECK_EQ(vidc20_sound_convert(&vidc, s8, 2, out), 2);
    CHECK(out[0] > 30000);
    CHECK_EQ(out[1], 0);
    CHECK_EQ(out[2], 0);
    CHECK(out[3] < -30000);
}

/* The line cache (vidc20_cfg_t.line_cache) leaves unchanged lines alone: frame after frame,
 * with bytes, palette entries, the cursor and the depth changing in between, the picture
 * equals that of a VIDC20 without the cache. */
TEST(vidc20_line_cache_matches_full_render)
{
    static vidc20_t plain;
    static uint8_t fb[64 * 40 * 4], cur[8 * 8], cache[64 * 40 * 4];
    static uint32_t fbref[64 * 1024];
    dma_t d = {.fb = fb, .cur = cur}, dr = {.fb = fb, .cur = cur};
    vidc20_init(&vidc, &(vidc20_cfg_t){.ctx = &d, .frame_start = d_start, .fetch = d_fetch, .cursor_fetch = d_cursor,
                                       .line_cache = cache, .line_cache_size = sizeof cache});
    vidc20_init(&plain, &(vidc20_cfg_t){.ctx = &dr, .frame_start = d_start, .fetch = d_fetch, .cursor_fetch = d_cursor});
    vidc20_t *both[2] = {&vidc, &plain};
    uint32_t s = 12345;
    for (int i = 0; i < (int)sizeof fb; i++)
        fb[i] = (uint8_t)((s = s * 1103515245u + 12345u) >> 16);
    memset(cur, 0x55, sizeof cur);
    for (int frame = 0; frame < 200; frame++) {
        uint32_t r = (s = s * 1103515245u + 12345u) >> 8;
        for (int k = 0; k < 2; k++) {
            vidc20_t *v = both[k];
            if (frame == 0 || r % 50 == 0)
                program(v, 64, 40, (r >> 8) % 2 ? 3 : 4); /* 8 or 16 bpp */
            if (r % 7 == 0) { /* a palette entry */
                vidc20_write(v, 0x10000000u | ((r >> 4) & 0xff));
                vidc20_write(v, r & 0xffffff);
            }
            if (r % 5 == 0) { /* the cursor on (2 lines somewhere) or off */
                unsigned y = (r >> 12) % 40;
                vidc20_write(v, 0x50000000u | 0x00ff00); /* colour 1 green */
                vidc20_write(v, 0x86000000u | (126 + ((r >> 6) & 31))); /* inside the display */
                vidc20_write(v, 0x96000000u | (34 + y));
                vidc20_write(v, 0x97000000u | (34 + y + ((r >> 3) & 1) * 2));
            }
        }
        if (r % 3 == 0) /* a few bytes of the picture */
            fb[(r >> 10) % sizeof fb] ^= (uint8_t)(1 + (r & 0x7f));
        int w, h, wr, hr;
        vidc20_render(&vidc, fbout, 64, 64, 64, &w, &h);
        vidc20_render(&plain, fbref, 64, 64, 64, &wr, &hr);
        CHECK_EQ(w, wr);
        CHECK_EQ(h, hr);
        bool same = true;
        for (int y = 0; y < h && same; y++)
            same = !memcmp(fbout + y * 64, fbref + y * 64, (size_t)w * 4);
        CHECK(same);
        if (!same)
            break;
    }
}
