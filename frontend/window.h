/* The SDL2 window: shows the machine's frame at its true pixel aspect, integer-scaled by
 * default (sharp pixels) or smoothly scaled to fit, letterboxed in a resizable window, with
 * the OSD canvas on top. Main thread only. */
#ifndef ARCANA_WINDOW_H
#define ARCANA_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct window_rect { int x, y, w, h; } window_rect_t;

/* Where a fw × fh frame of pixel aspect `aspect` (width/height of one pixel) goes in a
 * win_w × win_h window. Integer mode scales the frame's denser axis by the largest whole
 * factor that fits and the other axis by the aspect (so square pixels stay exact multiples);
 * if even ×1 does not fit, or in smooth mode, it fits the window keeping the aspect. */
window_rect_t window_layout(int win_w, int win_h, int fw, int fh, double aspect, bool smooth);
/* A window size showing the frame at the largest whole factor fitting max_w × max_h. */
window_rect_t window_initial_size(int fw, int fh, double aspect, int max_w, int max_h);

typedef struct window {
    void *sdl_window, *renderer, *frame_tex, *osd_tex; /* SDL_Window, SDL_Renderer, SDL_Textures */
    int tex_w, tex_h, osd_w, osd_h;
    window_rect_t osd_used;        /* the OSD canvas's non-transparent part */
    bool smooth, fullscreen;
    int windowed_w, windowed_h;    /* size to remember, whatever fullscreen does */
    window_rect_t shown;           /* where the frame went last present */
} window_t;

/* Opens a resizable window (SDL video must be initialised). 0, or -1 with a message. */
int window_open(window_t *w, const char *title, int width, int height, bool vsync,
                bool fullscreen, bool smooth, char *err, size_t errlen);
void window_close(window_t *w);
void window_set_title(window_t *w, const char *title);
void window_toggle_fullscreen(window_t *w);
/* Call on SDL_WINDOWEVENT_SIZE_CHANGED: remembers the windowed size. */
void window_resized(window_t *w);
/* Uploads a new frame (pixels RGBA8888, stride in pixels); 0 or -1 on an SDL failure. */
int window_upload_frame(window_t *w, const uint32_t *pixels, int fw, int fh, int stride);
/* Uploads a new OSD canvas (ow × oh, tightly packed) of which only `used` is drawn on. */
int window_upload_osd(window_t *w, const uint32_t *pixels, int ow, int oh, window_rect_t used);
/* Draws frame (aspect as given) and OSD and presents. */
void window_present(window_t *w, double aspect);
/* Output size in pixels (may differ from the window size on high-DPI displays). */
void window_output_size(window_t *w, int *width, int *height);

#endif
