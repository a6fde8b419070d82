/* The windowed frontend's state, shared by ui.c (events, loop) and ui_menu.c (the F12 menu and
 * what it acts on). Main thread only. */
#ifndef ARCANA_UI_STATE_H
#define ARCANA_UI_STATE_H

#include <SDL.h>
#include <stdbool.h>

#include "frontend/audio.h"
#include "frontend/emu.h"
#include "frontend/input.h"
#include "frontend/osd.h"
#include "frontend/testhook.h"
#include "frontend/ui.h"
#include "frontend/wav.h"
#include "frontend/window.h"

#define UI_MAX_PADS 4

typedef struct ui_menu ui_menu_t;

typedef struct ui {
    machine_t *m;
    const ui_options_t *opts;
    emu_t emu;
    window_t win;
    osd_t osd;
    audio_out_t audio;
    wav_writer_t wav;
    bool have_audio, have_wav;
    input_profile_t profile;
    bool running, paused, warp, captured, snapshot_pending;
    bool follow_mouse;        /* the machine's pointer follows the host's, no capture */
    bool keys_down[HID_MAX + 1];
    bool consumed[SDL_NUM_SCANCODES]; /* hotkey letters: their release is not the machine's */
    bool ctrl_click;                  /* the left button is down as a Ctrl+click middle button */
    unsigned buttons;
    int selected_drive;
    SDL_GameController *pads[UI_MAX_PADS];
    unsigned joy_dirs, joy_buttons;
    unsigned message_seq;
    uint32_t last_osd;
    bool frame_dirty;
    testhook_t hook;
    ui_menu_t *menu;          /* the F12 menu and what it works with (ui_menu.c) */
    bool announced;           /* "ready" said on the hook */
    bool snapshot_waiting;    /* a snapshot waits for a frame showing every command before it */
    unsigned snapshot_cmds;   /* ... namely this many (emu_t.cmds_posted when asked) */
    long hook_second;         /* the last whole emulated second said on the hook */
} ui_t;

void ui_post(ui_t *u, emu_cmd_kind_t kind, int a, int b, unsigned v);
void ui_update_title(ui_t *u);
void ui_capture_mouse(ui_t *u, bool on);
void ui_release_keys(ui_t *u);
void ui_set_paused(ui_t *u, bool paused);
/* A screenshot into the pictures folder under a name never used before; the path in `path`. */
int ui_screenshot(ui_t *u, char *path, size_t len);

/* ui_menu.c */
int ui_menu_init(ui_t *u, char *err, size_t errlen);
void ui_menu_free(ui_t *u);
bool ui_menu_is_open(const ui_t *u);
void ui_menu_toggle(ui_t *u);
/* Inserts an image into a floppy drive (remembered for the menu, recent images, a reset with
 * new settings). */
void ui_menu_insert(ui_t *u, int drive, const char *path);
void ui_menu_ejected(ui_t *u, int drive);
/* Keys and mouse while the menu is open; true when the event was the menu's. */
bool ui_menu_event(ui_t *u, const SDL_Event *ev);

#endif
