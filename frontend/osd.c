#include "frontend/osd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/font.h"
#include "frontend/menu.h"

#define PANEL OSD_RGBA(0, 0, 0, 170)
#define TEXT OSD_RGBA(235, 235, 235, 255)
#define DIM OSD_RGBA(140, 140, 140, 255)
#define ALERT OSD_RGBA(255, 210, 60, 255)
#define LED_FLOPPY_ON OSD_RGBA(40, 230, 40, 255)
#define LED_HD_ON OSD_RGBA(255, 60, 40, 255)
#define LED_OFF OSD_RGBA(40, 70, 40, 255)
#define PAD 2
#define MENU_BG OSD_RGBA(24, 28, 44, 255)
#define MENU_SEL OSD_RGBA(70, 90, 160, 255)

void osd_init(osd_t *o)
{
    memset(o, 0, sizeof *o);
    o->show_status = true;
    o->drives_seen = 1; /* drive 0 always has an LED */
}

void osd_free(osd_t *o)
{
    free(o->pixels);
    o->pixels = NULL;
    o->cap = 0;
}

void osd_message(osd_t *o, uint32_t now_ms, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->message, sizeof o->message, fmt, ap);
    va_end(ap);
    o->message_until = now_ms + OSD_MESSAGE_MS;
}

int osd_scale_for(int window_h)
{
    int s = window_h / 300;
    return s < 1 ? 1 : s > 4 ? 4 : s;
}

static void fill(osd_t *o, int x, int y, int w, int h, uint32_t rgba)
{
    /* Everything drawn sits on a filled panel, so the panels bound the used area. */
    if (o->used_x1 <= o->used_x0) {
        o->used_x0 = x, o->used_y0 = y, o->used_x1 = x + w, o->used_y1 = y + h;
    } else {
        o->used_x0 = x < o->used_x0 ? x : o->used_x0;
        o->used_y0 = y < o->used_y0 ? y : o->used_y0;
        o->used_x1 = x + w > o->used_x1 ? x + w : o->used_x1;
        o->used_y1 = y + h > o->used_y1 ? y + h : o->used_y1;
    }
    for (int py = y < 0 ? 0 : y; py < y + h && py < o->h; py++)
        for (int px = x < 0 ? 0 : x; px < x + w && px < o->w; px++)
            o->pixels[(size_t)py * o->w + px] = rgba;
}

/* Text on a dark panel whose bottom-left or bottom-right corner is at (x, bottom). */
static int panel_text(osd_t *o, int x, int bottom, bool right_aligned, const char *text,
                      uint32_t color)
{
    int tw = font_text_width(text, 1), th = FONT_GLYPH_H;
    int px = right_aligned ? x - tw - 2 * PAD : x;
    fill(o, px, bottom - th - 2 * PAD, tw + 2 * PAD, th + 2 * PAD, PANEL);
    font_draw(o->pixels, o->w, o->h, o->w, px + PAD, bottom - th - PAD, text, color, 1);
    return px;
}

/* The status line, bottom right: "DF0 ■ DF1 ■ HD ■  100% 50.0fps  WARP". */
static void draw_status(osd_t *o)
{
    char speed[48];
    snprintf(speed, sizeof speed, "%.0f%% %.1ffps", o->speed_percent, o->fps);
    int right = o->w - PAD, bottom = o->h - PAD;
    if (o->paused)
        right = panel_text(o, right, bottom, true, "PAUSED", ALERT) - PAD;
    if (o->warp)
        right = panel_text(o, right, bottom, true, "WARP", ALERT) - PAD;
    right = panel_text(o, right, bottom, true, speed, TEXT) - PAD;
    /* LEDs, right to left: hard discs then floppies, each a label and a lamp. */
    for (int unit = 7; unit >= 0; unit--) {
        if (!(o->drives_seen & (1u << unit)))
            continue;
        bool hd = unit >= OSD_FLOPPIES, on = o->activity & (1u << unit);
        char label[8];
        if (hd)
            snprintf(label, sizeof label, "HD%d", unit - OSD_FLOPPIES);
        else
            snprintf(label, sizeof label, "%s%d", o->floppy_prefix ? o->floppy_prefix : "DF", unit);
        int lamp_w = 7, tw = font_text_width(label, 1);
        int w = tw + PAD + lamp_w + 2 * PAD, x = right - w, top = bottom - FONT_GLYPH_H - 2 * PAD;
        fill(o, x, top, w, FONT_GLYPH_H + 2 * PAD, PANEL);
        uint32_t label_color = !hd && unit == o->selected_drive ? TEXT : DIM;
        font_draw(o->pixels, o->w, o->h, o->w, x + PAD, top + PAD, label, label_color, 1);
        fill(o, x + PAD + tw + PAD, top + PAD + 2, lamp_w, FONT_GLYPH_H - 4,
             on ? (hd ? LED_HD_ON : LED_FLOPPY_ON) : LED_OFF);
        right = x - PAD;
    }
}

/* A panel in the middle of the canvas, one text line per entry. */
static void draw_help(osd_t *o)
{
    int lines = 0, width = 0;
    for (; o->help[lines]; lines++) {
        int tw = font_text_width(o->help[lines], 1);
        width = tw > width ? tw : width;
    }
    const int line_h = FONT_CELL_H + 2;
    int ph = lines * line_h + 4 * PAD, pw = width + 4 * PAD;
    int x = (o->w - pw) / 2, y = (o->h - ph) / 2;
    fill(o, x, y, pw, ph, MENU_BG); /* opaque: text over a busy picture must stay legible */
    for (int i = 0; i < lines; i++)
        font_draw(o->pixels, o->w, o->h, o->w, x + 2 * PAD, y + 2 * PAD + i * line_h, o->help[i],
                  i == 0 ? ALERT : TEXT, 1);
}

/* The menu: an opaque panel in the middle, title, rows (the selected one highlighted,
 * disabled ones dim), a hint line, and on the state pages the selected slot's thumbnail. */
static void draw_menu(osd_t *o)
{
    const menu_t *m = o->menu;
    const int row_h = FONT_CELL_H + 3;
    bool slots = m->page == MENU_PAGE_SAVE || m->page == MENU_PAGE_LOAD;
    int tw = slots ? m->view.thumb_w : 0, th = slots ? m->view.thumb_h : 0;
    int text_w = font_text_width(m->title, 1);
    for (int i = 0; i < m->count; i++) {
        int iw = font_text_width(m->items[i].text, 1);
        text_w = iw > text_w ? iw : text_w;
    }
    int hint_w = font_text_width(m->hint, 1);
    text_w = hint_w > text_w ? hint_w : text_w;
    text_w = text_w < 200 ? 200 : text_w;
    int rows = m->count < MENU_ROWS ? m->count : MENU_ROWS;
    int pw = text_w + 6 * PAD + (tw ? tw + 4 * PAD : 0);
    int list_h = rows * row_h;
    int ph = 4 * PAD + row_h * 2 + (list_h > th ? list_h : th) + row_h;
    if (pw > o->w)
        pw = o->w;
    int x = (o->w - pw) / 2, y = (o->h - ph) / 2;
    y = y < 0 ? 0 : y;
    fill(o, x, y, pw, ph, MENU_BG);
    font_draw(o->pixels, o->w, o->h, o->w, x + 3 * PAD, y + 2 * PAD, m->title, ALERT, 1);
    int ly = y + 2 * PAD + row_h * 2 - row_h / 2;
    o->menu_x0 = x;
    o->menu_x1 = x + pw;
    o->menu_y0 = ly;
    o->menu_row_h = row_h;
    for (int r = 0; r < rows; r++) {
        int i = m->top + r;
        if (i >= m->count)
            break;
        if (i == m->cursor)
            fill(o, x + PAD, ly + r * row_h, text_w + 4 * PAD, row_h, MENU_SEL);
        font_draw(o->pixels, o->w, o->h, o->w, x + 3 * PAD, ly + r * row_h + 2, m->items[i].text,
                  m->items[i].disabled ? DIM : TEXT, 1);
    }
    if (m->count > rows) { /* more above or below: a scroll mark at the right edge */
        char mark[32];
        snprintf(mark, sizeof mark, "%d/%d", m->cursor + 1, m->count);
        font_draw(o->pixels, o->w, o->h, o->w, x + pw - font_text_width(mark, 1) - 2 * PAD, y + 2 * PAD, mark, DIM, 1);
    }
    if (tw && m->cursor < MENU_SLOTS && m->view.thumb[m->cursor]) {
        const uint32_t *t = m->view.thumb[m->cursor];
        int tx = x + text_w + 8 * PAD, ty = ly;
        for (int yy = 0; yy < th && ty + yy < o->h; yy++)
            for (int xx = 0; xx < tw && tx + xx < o->w; xx++)
                o->pixels[(size_t)(ty + yy) * o->w + tx + xx] = t[(size_t)yy * tw + xx] | OSD_RGBA(0, 0, 0, 255);
    }
    font_draw(o->pixels, o->w, o->h, o->w, x + 3 * PAD, y + ph - row_h, m->hint, DIM, 1);
}

bool osd_render(osd_t *o, int w, int h, uint32_t now_ms)
{
    bool message = o->message[0] && (int32_t)(o->message_until - now_ms) > 0;
    char state[sizeof o->drawn];
    snprintf(state, sizeof state, "%dx%d %d %d %x %x %d %.0f %.1f %d %d %p %u|%s", w, h, o->help != NULL, o->show_status,
             o->activity, o->drives_seen, o->selected_drive, o->speed_percent, o->fps,
             o->paused, o->warp, (const void *)o->menu, o->menu_serial, message ? o->message : "");
    if (strcmp(state, o->drawn) == 0 && o->pixels)
        return false;
    size_t need = (size_t)w * h;
    if (need > o->cap) {
        uint32_t *p = realloc(o->pixels, need * sizeof *p);
        if (!p)
            return false;
        o->pixels = p;
        o->cap = need;
    }
    o->w = w;
    o->h = h;
    memset(o->pixels, 0, need * sizeof *o->pixels);
    o->used_x0 = o->used_y0 = o->used_x1 = o->used_y1 = 0;
    if (o->show_status || o->paused || o->warp)
        draw_status(o);
    if (message)
        panel_text(o, PAD, h - PAD - (FONT_GLYPH_H + 3 * PAD), false, o->message, TEXT);
    if (o->help)
        draw_help(o);
    if (o->menu)
        draw_menu(o);
    snprintf(o->drawn, sizeof o->drawn, "%s", state);
    o->used_x0 = o->used_x0 < 0 ? 0 : o->used_x0;
    o->used_y0 = o->used_y0 < 0 ? 0 : o->used_y0;
    o->used_x1 = o->used_x1 > w ? w : o->used_x1;
    o->used_y1 = o->used_y1 > h ? h : o->used_y1;
    return true;
}
