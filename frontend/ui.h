/* The windowed frontend (SDL2 window and input, PortAudio sound, OSD). frontend/main.c calls
 * ui_run when not --headless; it returns when the user quits. */
#ifndef ARCANA_UI_H
#define ARCANA_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "machines/machine.h"

typedef struct ui_options {
    bool fullscreen;
    bool smooth;            /* linear filtering instead of integer scaling */
    bool vsync;
    bool warp;              /* start in warp mode */
    bool no_sound;
    int window_width, window_height; /* 0 = from the machine's frame size */
    const char *audio_out;  /* WAV file to write the machine's sound to (instead of the device) */
    const char *prefs_path;  /* the frontend's own prefs file: window size (NULL = none) */
    const char *screenshot_dir; /* where the screenshot hotkey writes PNGs */
    double seconds;         /* quit after this much emulated time (0 = run until closed) */
    struct script *script;  /* --script: run by the emulation thread before each frame */
    /* What the machine was made from: the menu's settings start from it and "apply on reset"
     * makes a new machine from it (NULL = no settings page, as for test machines). */
    const machine_config_t *machine_config;
    const char *disk_folder; /* where the menu's disk browser starts (NULL = the current folder) */
} ui_options_t;

/* Runs *m in the window until the user quits. The menu may replace the machine (new settings
 * apply on a new one): *m is the one running at the end, the caller's to destroy. m == NULL
 * only checks that a window can be opened. Returns 0 on a normal quit, or -1 with a one-line
 * message (e.g. no display). */
int ui_run(machine_t **m, const ui_options_t *opts, char *err, size_t errlen);

#endif
