/* --script FILE (issue 17): a run driven by a list of commands, one a line, `#` comments.
 *
 *   wait S                      emulated seconds
 *   wait-frames N
 *   wait-serial "TEXT" T        until TEXT appears on the serial port (at most T emulated s)
 *   wait-screen SHA1 T          until the frame's raw RGB bytes have this SHA-1
 *   type "TEXT"                 keys pressed and released at keyboard speed (\n is Return)
 *   key NAME down|up|press      NAME: a..z 0..9 return space escape f1..f12 left shift ...
 *   mouse DX DY [BUTTONS]       BUTTONS: none or l, r, m joined by '+' (l+r)
 *   joystick PORT DIRS BUTTONS  DIRS: none or up, down, left, right joined by '+';
 *                               BUTTONS: none, fire, fire2, fire+fire2
 *   screenshot FILE   insert DRIVE FILE   eject DRIVE   save-state FILE   exit N
 *
 * DRIVE: df0..df3 (floppy units) or hd0, hd1. A wait that times out ends the run with status
 * SCRIPT_TIMEOUT and one line naming the script line. Time is the machine's emulated time, so
 * a script runs the same way headless, windowed, warped or not. The script reads the serial
 * port through machine_config_t.serial_tap (script_serial_tap). */
#ifndef ARCANA_SCRIPT_H
#define ARCANA_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machines/machine.h"

#define SCRIPT_TIMEOUT 3
#define SCRIPT_RUNNING (-1)
#define SCRIPT_KEY_SECONDS 0.04 /* how long a typed key is held, and the gap after it */

typedef struct script_cmd script_cmd_t;

typedef struct script {
    char path[1024];
    script_cmd_t *cmds;
    int count, pc;
    /* the command in progress */
    bool started;
    double t0;            /* emulated seconds when it started */
    uint64_t f0;          /* frames done when it started */
    double key_until;     /* type/press: the next key event is due then */
    size_t sub;           /* type: characters done; press: 0 down, 1 up */
    int held, held_shift; /* type/press: the usages down now (0 = none) */
    uint64_t frames;      /* frames run so far */
    /* serial text received, and how much of it earlier waits have used */
    char *serial;
    size_t serial_len, serial_cap, serial_used;
    const char *software; /* for screenshots' tEXt chunk */
    int result;           /* the exit status once the script has ended, else SCRIPT_RUNNING */
} script_t;

/* Reads and checks the whole script. On error returns -1 with "FILE:LINE: problem". */
int script_load(script_t *s, const char *path, char *err, size_t errlen);
void script_free(script_t *s);
/* For machine_config_t.serial_tap (ctx = the script). */
void script_serial_tap(void *ctx, uint8_t byte);
/* Runs the script's commands that are due, before the next frame. Returns SCRIPT_RUNNING
 * while the machine should run on, or the exit status (with a one-line message in err when it
 * is not a plain `exit` or the end of the script, which gives 0). */
int script_step(script_t *s, machine_t *m, char *err, size_t errlen);
/* Call after each frame the machine runs. */
static inline void script_frame_done(script_t *s) { s->frames++; }
/* Is a wait in progress? (A run limit reached then counts as that wait timing out.) */
bool script_waiting(const script_t *s);
/* The run stopped for another reason (--seconds, --frames, the user): sets `result` to
 * SCRIPT_TIMEOUT with a message if a wait was in progress, else 0 (unless already ended). */
int script_run_ended(script_t *s, char *err, size_t errlen);
/* HID usage for a key name ("a", "return", "f1", "lshift", ...), or -1. */
int script_key_usage(const char *name);

#endif
