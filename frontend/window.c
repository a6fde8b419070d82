#include "frontend/window.h"

#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

window_rect_t window_layout(int win_w, int win_h, int fw, int fh, double aspect, bool smooth)
{
    window_rect_t r = {0, 0, win_w, win_h};
    if (fw <= 0 || fh <= 0 || win_w <= 0 || win_h <= 0)
        return r;
    if (aspect <= 0.0)
        aspect = 1.0;
    /* The frame's shape on the real display, in units of one pixel's height. */
    double disp_w = fw * aspect, disp_h = fh;
    int k = 0;
    if (!smooth) {
        if (aspect >= 1.0) /* wide pixels: whole multiples of rows */
            k = (int)fmin(win_h / fh, floor(win_w / disp_w + 1e-9));
        else               /* tall pixels: whole multiples of columns */
            k = (int)fmin(win_w / fw, floor(win_h * aspect / fh + 1e-9));
    }
    if (k >= 1) {
        if (aspect >= 1.0) {
            r.h = fh * k;
            r.w = (int)lround(disp_w * k);
        } else {
            r.w = fw * k;
            r.h = (int)lround(fh / aspect * k);
        }
    } else {
        double s = fmin(win_w / disp_w, win_h / disp_h);
        r.w = (int)lround(disp_w * s);
        r.h = (int)lround(disp_h * s);
    }
    if (r.w > win_w)
        r.w = win_w;
    if (r.h > win_h)
        r.h = win_h;
    r.x = (win_w - r.w) / 2;
    r.y = (win_h - r.h) / 2;
    return r;
}

window_rect_t window_initial_size(int fw, int fh, double aspect, int max_w, int max_h)
{
    if (aspect <= 0.0)
        aspect = 1.0;
    if (fw <= 0 || fh <= 0)
        return (window_rect_t){0, 0, 640, 480};
    /* The size at factor 1 (the denser axis one window pixel per frame pixel), then the
     * largest whole factor that fits. */
    double base_w = aspect >= 1.0 ? fw * aspect : fw, base_h = aspect >= 1.0 ? fh : fh / aspect;
    int k = (int)fmin(max_w / base_w, max_h / base_h);
    if (k < 1)
        k = 1;
    window_rect_t r = {0, 0, (int)lround(base_w * k), (int)lround(base_h * k)};
    return r;
}

int window_open(window_t *w, const char *title, int width, int height, bool vsync,
                bool fullscreen, bool smooth, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    w->smooth = smooth;
    w->windowed_w = width;
    w->windowed_h = height;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_Window *win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                       width, height, flags);
    if (!win) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return -1;
    }
    w->sdl_window = win;
    w->fullscreen = fullscreen;
    Uint32 rflags = SDL_RENDERER_ACCELERATED | (vsync ? SDL_RENDERER_PRESENTVSYNC : 0);
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, rflags);
    if (!r) /* no GPU: SDL's software renderer still presents every frame */
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!r) {
        snprintf(err, errlen, "cannot create a renderer: %s", SDL_GetError());
        window_close(w);
        return -1;
    }
    w->renderer = r;
    SDL_SetWindowMinimumSize(win, 160, 120);
    return 0;
}

void window_close(window_t *w)
{
    if (w->frame_tex)
        SDL_DestroyTexture(w->frame_tex);
    if (w->osd_tex)
        SDL_DestroyTexture(w->osd_tex);
    if (w->renderer)
        SDL_DestroyRenderer(w->renderer);
    if (w->sdl_window)
        SDL_DestroyWindow(w->sdl_window);
    memset(w, 0, sizeof *w);
}

void window_set_title(window_t *w, const char *title) { SDL_SetWindowTitle(w->sdl_window, title); }

void window_toggle_fullscreen(window_t *w)
{
    w->fullscreen = !w->fullscreen;
    SDL_SetWindowFullscreen(w->sdl_window, w->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    /* Back in a window, ask for the remembered size outright: without a window manager X11
     * restores the window but SDL can keep the fullscreen size as the drawable's. */
    if (!w->fullscreen)
        SDL_SetWindowSize(w->sdl_window, w->windowed_w, w->windowed_h);
}

void window_resized(window_t *w)
{
    Uint32 flags = SDL_GetWindowFlags(w->sdl_window);
    if (flags & (SDL_WINDOW_FULLSCREEN | SDL_WINDOW_MAXIMIZED))
        return;
    SDL_GetWindowSize(w->sdl_window, &w->windowed_w, &w->windowed_h);
}

void window_output_size(window_t *w, int *width, int *height)
{
    if (SDL_GetRendererOutputSize(w->renderer, width, height) != 0)
        SDL_GetWindowSize(w->sdl_window, width, height);
}

/* A streaming texture of the given size, replacing *tex if its size differs. */
static int ensure_texture(window_t *w, void **tex, int *tw, int *th, int width, int height,
                          bool blend)
{
    if (*tex && *tw == width && *th == height)
        return 0;
    if (*tex)
        SDL_DestroyTexture(*tex);
    *tex = SDL_CreateTexture(w->renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING,
                             width, height);
    if (!*tex)
        return -1;
    *tw = width;
    *th = height;
    SDL_SetTextureBlendMode(*tex, blend ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
    return 0;
}

int window_upload_frame(window_t *w, const uint32_t *pixels, int fw, int fh, int stride)
{
    if (ensure_texture(w, &w->frame_tex, &w->tex_w, &w->tex_h, fw, fh, false) != 0)
        return -1;
    return SDL_UpdateTexture(w->frame_tex, NULL, pixels, stride * 4);
}

int window_upload_osd(window_t *w, const uint32_t *pixels, int ow, int oh, window_rect_t used)
{
    w->osd_used = used;
    if (ensure_texture(w, &w->osd_tex, &w->osd_w, &w->osd_h, ow, oh, true) != 0)
        return -1;
    /* OSD pixels are whole blocks when scaled by an integer: keep them sharp. */
    SDL_SetTextureScaleMode(w->osd_tex, SDL_ScaleModeNearest);
    return SDL_UpdateTexture(w->osd_tex, NULL, pixels, ow * 4);
}

void window_present(window_t *w, double aspect)
{
    int ow, oh;
    window_output_size(w, &ow, &oh);
    SDL_SetRenderDrawColor(w->renderer, 0, 0, 0, 255);
    SDL_RenderClear(w->renderer);
    if (w->frame_tex) {
        w->shown = window_layout(ow, oh, w->tex_w, w->tex_h, aspect, w->smooth);
        /* Integer scaling wants nearest-neighbour; the smooth option wants bilinear. */
        SDL_SetTextureScaleMode(w->frame_tex, w->smooth ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
        SDL_Rect dst = {w->shown.x, w->shown.y, w->shown.w, w->shown.h};
        SDL_RenderCopy(w->renderer, w->frame_tex, NULL, &dst);
    }
    if (w->osd_tex && w->osd_used.w > 0 && w->osd_used.h > 0) {
        /* Blend only the drawn part: with a software renderer blending the whole window
         * every frame would cost more than the rest of the presentation. */
        int sx = ow / w->osd_w, sy = oh / w->osd_h;
        SDL_Rect src = {w->osd_used.x, w->osd_used.y, w->osd_used.w, w->osd_used.h};
        SDL_Rect dst = {src.x * sx, src.y * sy, src.w * sx, src.h * sy};
        SDL_RenderCopy(w->renderer, w->osd_tex, &src, &dst);
    }
    SDL_RenderPresent(w->renderer);
}
