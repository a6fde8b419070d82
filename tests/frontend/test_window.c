/* Where the frame goes in the window (frontend/window.h's layout, no display needed). */
#include "frontend/window.h"
#include "tests/test.h"

TEST(layout_integer_square_pixels)
{
    window_rect_t r = window_layout(1000, 800, 320, 256, 1.0, false);
    CHECK_EQ(r.w, 960);
    CHECK_EQ(r.h, 768);
    CHECK_EQ(r.x, 20);
    CHECK_EQ(r.y, 16);
}

TEST(layout_integer_wide_pixels)
{
    /* Amiga lores on a 1:1 display: pixels twice as wide as tall. Rows are whole multiples. */
    window_rect_t r = window_layout(1280, 1024, 360, 288, 2.0, false);
    CHECK_EQ(r.h, 288);
    CHECK_EQ(r.w, 720);
    r = window_layout(1920, 1080, 360, 288, 2.0, false);
    CHECK_EQ(r.h, 576);
    CHECK_EQ(r.w, 1440);
}

TEST(layout_integer_tall_pixels)
{
    /* RiscPC 640×256 modes: pixels twice as tall as wide. Columns are whole multiples. */
    window_rect_t r = window_layout(1400, 1100, 640, 256, 0.5, false);
    CHECK_EQ(r.w, 1280);
    CHECK_EQ(r.h, 1024);
    CHECK_EQ(r.x, 60);
}

TEST(layout_smooth_and_too_small)
{
    window_rect_t r = window_layout(1000, 800, 320, 256, 1.0, true);
    CHECK_EQ(r.w, 1000);
    CHECK_EQ(r.h, 800);
    /* Smaller than ×1: fit with the aspect kept, even in integer mode. */
    r = window_layout(400, 400, 640, 512, 1.0, false);
    CHECK_EQ(r.w, 400);
    CHECK_EQ(r.h, 320);
    CHECK_EQ(r.y, 40);
}

TEST(initial_window_size)
{
    window_rect_t r = window_initial_size(320, 256, 1.0, 1536, 864);
    CHECK_EQ(r.w, 960);
    CHECK_EQ(r.h, 768);
    r = window_initial_size(720, 576, 1.0, 640, 480); /* never below ×1 */
    CHECK_EQ(r.w, 720);
    r = window_initial_size(640, 256, 0.5, 1536, 864);
    CHECK_EQ(r.w, 640);
    CHECK_EQ(r.h, 512);
}
