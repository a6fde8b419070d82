/* The OSD font and canvas (frontend/font.h, frontend/osd.h). */
#include <stdlib.h>

#include "frontend/font.h"
#include "frontend/menu.h"
#include "frontend/osd.h"
#include "tests/test.h"

#define INK 0xFF00FF00u

static int count(const uint32_t *p, int w, int x0, int y0, int x1, int y1, uint32_t v)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            n += p[y * w + x] == v;
    return n;
}

TEST(font_glyphs)
{
    const uint8_t *i = font_glyph('I');
    CHECK_EQ(i[0], 0x0E);
    CHECK_EQ(i[3], 0x04);
    CHECK(font_glyph('\x01') == font_glyph('?'));
    CHECK(font_glyph((char)0xE9) == font_glyph('?'));
    /* Every printable glyph but space has ink, and stays within 5 columns. */
    for (int c = 0x21; c < 0x7F; c++) {
        const uint8_t *g = font_glyph((char)c);
        int ink = 0, wide = 0;
        for (int r = 0; r < FONT_GLYPH_H; r++) {
            ink += g[r] != 0;
            wide |= g[r] & ~0x1F;
        }
        CHECK(ink > 0);
        CHECK_EQ(wide, 0);
    }
    CHECK_EQ(font_text_width("", 1), 0);
    CHECK_EQ(font_text_width("AB", 1), 11);
    CHECK_EQ(font_text_width("AB", 3), 33);
}

TEST(font_draws_the_glyph_pixels)
{
    uint32_t buf[16 * 16] = {0};
    font_draw(buf, 16, 16, 16, 2, 1, "T", INK, 2);
    /* 'T': top row full (5 pixels × 2), then the stem in column 2. */
    CHECK_EQ(count(buf, 16, 2, 1, 12, 3, INK), 20);
    CHECK_EQ(buf[3 * 16 + 6], INK);
    CHECK_EQ(buf[3 * 16 + 2], 0);
    CHECK_EQ(count(buf, 16, 0, 0, 16, 16, INK), (5 + 6) * 4);
}

TEST(font_clips_to_the_buffer)
{
    /* Guard cells around a 10×10 buffer must stay untouched whatever the position. */
    uint32_t mem[12 * 12];
    for (int i = 0; i < 144; i++)
        mem[i] = 0xDEADBEEF;
    uint32_t *buf = mem + 13; /* 10×10 at (1,1) of a 12-wide block, stride 12 */
    for (int y = 0; y < 10; y++)
        for (int x = 0; x < 10; x++)
            buf[y * 12 + x] = 0;
    font_draw(buf, 10, 10, 12, -3, -4, "WM", INK, 1);
    font_draw(buf, 10, 10, 12, 7, 6, "##", INK, 2);
    for (int i = 0; i < 12; i++) {
        CHECK_EQ(mem[i], 0xDEADBEEF);
        CHECK_EQ(mem[132 + i], 0xDEADBEEF);
        CHECK_EQ(mem[i * 12], 0xDEADBEEF);
        CHECK_EQ(mem[i * 12 + 11], 0xDEADBEEF);
    }
    CHECK(count(buf, 12, 0, 0, 10, 10, INK) > 0);
}

TEST(osd_status_message_and_redraw)
{
    osd_t o;
    osd_init(&o);
    o.speed_percent = 100;
    o.fps = 50;
    REQUIRE(osd_render(&o, 320, 200, 1000));
    /* The status line sits bottom right; the top half is untouched (transparent). */
    int right = 0, top = 0;
    for (int y = 0; y < 200; y++)
        for (int x = 0; x < 320; x++) {
            uint32_t a = o.pixels[y * 320 + x] >> 24;
            if (y < 100)
                top += a != 0;
            else if (x > 200)
                right += a != 0;
        }
    CHECK_EQ(top, 0);
    CHECK(right > 200);
    /* The used area bounds every drawn pixel and stays inside the canvas. */
    CHECK(o.used_x0 > 200 && o.used_y0 > 150 && o.used_x1 <= 320 && o.used_y1 <= 200);
    int outside = 0;
    for (int y = 0; y < 200; y++)
        for (int x = 0; x < 320; x++)
            outside += o.pixels[y * 320 + x] >> 24 && (x < o.used_x0 || x >= o.used_x1 || y < o.used_y0 || y >= o.used_y1);
    CHECK_EQ(outside, 0);
    CHECK(!osd_render(&o, 320, 200, 1100)); /* nothing changed */
    osd_message(&o, 1200, "Disk inserted");
    CHECK(osd_render(&o, 320, 200, 1300));
    int left = 0;
    for (int y = 150; y < 200; y++)
        for (int x = 0; x < 100; x++)
            left += o.pixels[y * 320 + x] >> 24 != 0;
    CHECK(left > 100);
    /* The message goes after OSD_MESSAGE_MS. */
    CHECK(osd_render(&o, 320, 200, 1200 + OSD_MESSAGE_MS + 1));
    left = 0;
    for (int y = 150; y < 200; y++)
        for (int x = 0; x < 100; x++)
            left += o.pixels[y * 320 + x] >> 24 != 0;
    CHECK_EQ(left, 0);
    /* Drive LEDs light with activity. */
    uint32_t on = OSD_RGBA(40, 230, 40, 255);
    int lit_before = count(o.pixels, 320, 0, 0, 320, 200, on);
    o.activity = 1;
    CHECK(osd_render(&o, 320, 200, 9000));
    CHECK_EQ(lit_before, 0);
    CHECK(count(o.pixels, 320, 0, 0, 320, 200, on) > 0);
    CHECK_EQ(osd_scale_for(200), 1);
    CHECK_EQ(osd_scale_for(1080), 3);
    osd_free(&o);
}

TEST(osd_help_panel_is_centred)
{
    static const char *const help[] = {"Hotkeys", "P  pause", NULL};
    osd_t o;
    osd_init(&o);
    o.show_status = false;
    o.help = help;
    REQUIRE(osd_render(&o, 400, 300, 0));
    /* Bounds of the drawn panel: centred on the canvas. */
    CHECK(o.used_x1 > o.used_x0 && o.used_y1 > o.used_y0);
    CHECK(abs((o.used_x0 + o.used_x1) / 2 - 200) <= 1);
    CHECK(abs((o.used_y0 + o.used_y1) / 2 - 150) <= 1);
    CHECK(count(o.pixels, 400, 0, 0, 400, 300, OSD_RGBA(255, 210, 60, 255)) > 0); /* the title */
    CHECK_EQ(o.pixels[o.used_y0 * 400 + o.used_x0] >> 24, 255u); /* opaque, not see-through */
    o.help = NULL;
    CHECK(osd_render(&o, 400, 300, 0));
    CHECK_EQ(o.used_x1 - o.used_x0, 0);
    osd_free(&o);
}

/* The menu: an opaque panel with the selected row highlighted, rows where the ui's mouse
 * mapping expects them, redrawn when menu_serial changes. */
TEST(osd_menu_panel_rows)
{
    static menu_t m;
    menu_view_t v = {.drives = 2, .volume = 100, .image_exts = ".adf"};
    menu_settings_t s = {0};
    menu_init(&m, "/");
    menu_open(&m, &v, &s);
    osd_t o;
    osd_init(&o);
    o.show_status = false;
    o.menu = &m;
    REQUIRE(osd_render(&o, 640, 400, 0));
    CHECK(o.menu_row_h > 0 && o.menu_x1 > o.menu_x0);
    uint32_t sel = OSD_RGBA(70, 90, 160, 255);
    int y0 = o.menu_y0, h = o.menu_row_h;
    CHECK(count(o.pixels, 640, o.menu_x0, y0, o.menu_x1, y0 + h, sel) > 100); /* row 0 selected */
    CHECK_EQ(count(o.pixels, 640, o.menu_x0, y0 + h, o.menu_x1, y0 + 2 * h, sel), 0);
    CHECK(!osd_render(&o, 640, 400, 0));
    menu_key(&m, MENU_KEY_DOWN);
    o.menu_serial++;
    REQUIRE(osd_render(&o, 640, 400, 0));
    CHECK_EQ(count(o.pixels, 640, o.menu_x0, y0, o.menu_x1, y0 + h, sel), 0);
    CHECK(count(o.pixels, 640, o.menu_x0, y0 + h, o.menu_x1, y0 + 2 * h, sel) > 100);
    osd_free(&o);
}
