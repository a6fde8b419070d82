/* A tiny machine for frontend tests only (never registered in the product): a moving test
 * pattern (colour bars with a white square travelling across them) and a sine tone, with
 * every input it receives recorded so tests can see what the frontend sent. Header-only
 * (static inline) so both the unit tests and the fe_uidemo tool can use it. */
#ifndef ARCANA_TESTMACHINE_H
#define ARCANA_TESTMACHINE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machines/machine.h"

#define TM_MAX_W 640
#define TM_MAX_H 512
#define TM_RATE 44100
#define TM_FPS 50
#define TM_TICKS_PER_SECOND 1000000
#define TM_SQUARE 48
#define TM_SQUARE_STEP 8 /* pixels per frame: frames one apart differ in 2×8×48 pixels */

typedef struct test_machine {
    machine_t base;
    int w, h;
    double aspect, tone_hz;
    uint64_t frames;
    double phase;
    int16_t audio[2 * (TM_RATE / TM_FPS + 1)];
    size_t audio_len, audio_pos;
    int last_key, key_events;
    bool last_key_down;
    int mouse_dx, mouse_dy;
    unsigned mouse_buttons, joy_dirs, joy_buttons;
    int joy_port, resets, hard_resets;
    char inserted[256];
    uint32_t pixels[TM_MAX_W * TM_MAX_H];
} test_machine_t;

static inline uint32_t tm_rgb(unsigned r, unsigned g, unsigned b) { return r | g << 8 | b << 16 | 0xFFu << 24; }

/* Colour bars, a grey ramp at the bottom and a white square whose x follows the frame count. */
static inline void tm_draw(test_machine_t *t)
{
    static const uint32_t bars[8] = {0xFFC0C0C0, 0xFF00C0C0, 0xFFC0C000, 0xFF00C000,
                                     0xFFC000C0, 0xFF0000C0, 0xFFC00000, 0xFF400000};
    int sq_x = (int)((t->frames * TM_SQUARE_STEP) % (uint64_t)(t->w - TM_SQUARE)), sq_y = t->h / 3;
    for (int y = 0; y < t->h; y++)
        for (int x = 0; x < t->w; x++) {
            uint32_t c = y < t->h * 3 / 4 ? bars[x * 8 / t->w] : tm_rgb(x * 255u / t->w, x * 255u / t->w, 64);
            if (x >= sq_x && x < sq_x + TM_SQUARE && y >= sq_y && y < sq_y + TM_SQUARE)
                c = tm_rgb(255, 255, 255);
            t->pixels[y * t->w + x] = c;
        }
    /* Input state for end-to-end tests, as 8×8 cells at the top left: row 0 the last key's
     * HID usage (bit 0 first, white = 1) then whether it is down (green); row 1 the mouse
     * buttons (left, right, middle); row 2 the joystick: up, down, left, right, fire, fire 2,
     * then whether it came on the joystick port (1, "port 2" on an Amiga); row 3 the floppy unit a disk was last inserted in. */
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 9 * 8; x++) {
            int cell = x / 8;
            unsigned joy = t->joy_dirs | t->joy_buttons << 4 | (t->joy_port == 1) << 6;
            bool on = y < 8    ? (cell < 8 ? (t->last_key >> cell) & 1 : t->last_key_down)
                      : y < 16 ? cell < 3 && (t->mouse_buttons >> cell) & 1
                      : y < 24 ? cell < 7 && (joy >> cell) & 1
                               : cell < 4 && t->inserted[0] - '0' == cell;
            t->pixels[y * t->w + x] = !on ? tm_rgb(0, 0, 0) : cell == 8 ? tm_rgb(0, 255, 0) : tm_rgb(255, 255, 255);
        }
}

static inline void tm_run_frame(machine_t *m)
{
    test_machine_t *t = (test_machine_t *)m;
    t->frames++;
    m->ticks += TM_TICKS_PER_SECOND / TM_FPS;
    tm_draw(t);
    /* One frame of tone; samples left undrained are replaced (a real machine's buffer would
     * overflow too: the frontend must drain every frame). */
    size_t n = t->tone_hz > 0 ? TM_RATE / TM_FPS : 0; /* tone 0: a machine with its sound off */
    for (size_t i = 0; i < n; i++) {
        int16_t s = (int16_t)lrint(8000.0 * sin(t->phase));
        t->audio[2 * i] = s;
        t->audio[2 * i + 1] = (int16_t)(s / 2);
        t->phase += 2.0 * M_PI * t->tone_hz / TM_RATE;
        if (t->phase > 2.0 * M_PI)
            t->phase -= 2.0 * M_PI;
    }
    t->audio_len = n;
    t->audio_pos = 0;
}

static inline void tm_run(machine_t *m, uint64_t ticks)
{
    for (uint64_t done = 0; done < ticks; done += TM_TICKS_PER_SECOND / TM_FPS)
        tm_run_frame(m);
}

static inline void tm_get_frame(machine_t *m, machine_frame_t *f)
{
    test_machine_t *t = (test_machine_t *)m;
    *f = (machine_frame_t){t->pixels, t->w, t->h, t->w, t->aspect, t->frames};
}

static inline size_t tm_drain_audio(machine_t *m, int16_t *out, size_t max_frames)
{
    test_machine_t *t = (test_machine_t *)m;
    size_t n = t->audio_len - t->audio_pos;
    if (n > max_frames)
        n = max_frames;
    memcpy(out, t->audio + 2 * t->audio_pos, n * 2 * sizeof(int16_t));
    t->audio_pos += n;
    return n;
}

static inline void tm_key(machine_t *m, int hid, bool down)
{
    test_machine_t *t = (test_machine_t *)m;
    t->last_key = hid;
    t->last_key_down = down;
    t->key_events++;
}

static inline void tm_mouse(machine_t *m, int dx, int dy, unsigned buttons)
{
    test_machine_t *t = (test_machine_t *)m;
    t->mouse_dx += dx;
    t->mouse_dy += dy;
    t->mouse_buttons = buttons;
}

static inline void tm_joystick(machine_t *m, int port, unsigned dirs, unsigned buttons)
{
    test_machine_t *t = (test_machine_t *)m;
    t->joy_port = port;
    t->joy_dirs = dirs;
    t->joy_buttons = buttons;
}

static inline void tm_reset(machine_t *m, bool hard)
{
    test_machine_t *t = (test_machine_t *)m;
    t->resets++;
    t->hard_resets += hard;
}

static inline int tm_insert(machine_t *m, media_kind_t kind, int unit, const char *path, char *err, size_t errlen)
{
    test_machine_t *t = (test_machine_t *)m;
    if (kind != MEDIA_FLOPPY) {
        snprintf(err, errlen, "%s: the test machine has floppy drives only", path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    fclose(f);
    snprintf(t->inserted, sizeof t->inserted, "%d:%s", unit, path);
    return 0;
}

static inline unsigned tm_activity(machine_t *m)
{
    test_machine_t *t = (test_machine_t *)m;
    return ((t->frames / 25) % 2 ? 1u : 0u) | ((t->frames / 50) % 3 == 0 ? 1u << 4 : 0u);
}

static inline void tm_destroy(machine_t *m) { free(m); }

static const machine_ops_t tm_ops = {
    .destroy = tm_destroy,
    .reset = tm_reset,
    .run = tm_run,
    .run_frame = tm_run_frame,
    .get_frame = tm_get_frame,
    .drain_audio = tm_drain_audio,
    .key = tm_key,
    .mouse = tm_mouse,
    .joystick = tm_joystick,
    .insert = tm_insert,
    .activity = tm_activity,
};

static const machine_type_t tm_type = {"testpattern", "Frontend test pattern", NULL, 0};

/* A w × h (at most TM_MAX_W × TM_MAX_H) pattern with the given pixel aspect and tone. */
static inline test_machine_t *tm_create(int w, int h, double aspect, double tone_hz)
{
    if (w < 2 * TM_SQUARE || h < 8 || w > TM_MAX_W || h > TM_MAX_H)
        return NULL;
    test_machine_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->base = (machine_t){&tm_type, &tm_ops, TM_TICKS_PER_SECOND, 0, TM_RATE, NULL};
    t->w = w;
    t->h = h;
    t->aspect = aspect;
    t->tone_hz = tone_hz;
    tm_draw(t);
    return t;
}

#endif
