/* On-screen display: a transparent RGBA canvas laid over the machine's picture with drive
 * LEDs (from machine_activity), emulation speed and frame rate, pause/warp indicators and
 * short messages. Drawn with the built-in font (font.h); the window scales the canvas up by
 * osd_scale_for() so it stays legible on large windows. */
#ifndef ARCANA_OSD_H
#define ARCANA_OSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OSD_MESSAGE_MS 3000

struct menu;
#define OSD_FLOPPIES 4

/* A pixel value as stored in an RGBA8888 buffer (bytes R, G, B, A in memory). */
#define OSD_RGBA(r, g, b, a)                                                                  \
    ((uint32_t)(r) | (uint32_t)(g) << 8 | (uint32_t)(b) << 16 | (uint32_t)(a) << 24)

typedef struct osd {
    uint32_t *pixels;       /* w × h canvas */
    int w, h;
    size_t cap;             /* pixels allocated */
    /* What to show: the ui sets these. */
    unsigned activity;      /* machine_activity(): bit per floppy unit, bit 4+ per hard disc */
    unsigned drives_seen;   /* floppies and hard discs that have shown activity or media */
    int selected_drive;     /* the floppy drag-and-drop inserts into */
    const char *floppy_prefix; /* the LEDs' label before the unit: "DF" (default), ":" (RISC OS) */
    double speed_percent, fps;
    bool paused, warp, show_status;
    const char *const *help; /* lines of a centred help panel, or NULL */
    const struct menu *menu; /* the open menu (frontend/menu.h), or NULL */
    unsigned menu_serial;    /* bumped by the ui whenever the menu changes: redraw */
    /* Where the menu's rows were drawn (canvas pixels), for mouse clicks. */
    int menu_x0, menu_y0, menu_x1, menu_row_h;
    char message[120];
    uint32_t message_until; /* SDL ticks (ms) */
    char drawn[256];        /* what the canvas shows now, to skip redundant redraws */
    int used_x0, used_y0, used_x1, used_y1; /* the drawn part of the canvas (x1/y1 exclusive;
                                               empty when x1 <= x0): all the window blends */
} osd_t;

void osd_init(osd_t *o);
void osd_free(osd_t *o);
void osd_message(osd_t *o, uint32_t now_ms, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Integer scale of the OSD canvas for a window of this height. */
int osd_scale_for(int window_h);
/* Redraws the canvas at w × h if its content changed; returns true when it did (the caller
 * uploads it then). Returns false, with the canvas untouched, when nothing changed or memory
 * for a larger canvas cannot be had. */
bool osd_render(osd_t *o, int w, int h, uint32_t now_ms);

#endif
