/* The emulation thread of the windowed frontend (DESIGN.md §5): runs the machine frame by
 * frame, hands finished frames to the main thread through a lock-free triple buffer, feeds
 * sound to the audio ring (resampled) or to a WAV file, and paces itself by the audio clock
 * (the ring's fill) or, without sound, by the wall clock; warp mode drops pacing. The main
 * thread talks to it only through emu_post (commands in order) and the atomics below. */
#ifndef ARCANA_EMU_H
#define ARCANA_EMU_H

#include <SDL.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "frontend/audio.h"
#include "frontend/resample.h"
#include "frontend/wav.h"
#include "machines/machine.h"

#define EMU_QUEUE 256
#define EMU_AUDIO_CHUNK 4096
#define EMU_PATH_MAX 1024

typedef enum emu_cmd_kind {
    EMU_KEY,    /* a = HID usage, b = down */
    EMU_MOUSE,  /* a = dx, b = dy, u = buttons */
    EMU_JOY,    /* a = port, u = directions, b = buttons */
    EMU_RESET,  /* a = hard */
    EMU_INSERT, /* a = media kind, b = unit, path */
    EMU_EJECT,  /* a = media kind, b = unit */
    EMU_SYNC,   /* nothing: the frame after it shows everything done before it (a loaded state) */
} emu_cmd_kind_t;

typedef struct emu_cmd {
    emu_cmd_kind_t kind;
    int a, b;
    unsigned u;
    char path[EMU_PATH_MAX];
} emu_cmd_t;

/* One published frame (a copy of the machine's, so the machine can run on). */
typedef struct emu_frame {
    uint32_t *pixels;
    size_t cap;
    int w, h;
    double aspect;
    uint64_t number;
    double seconds;     /* emulated time when it was finished */
    unsigned cmds;      /* commands applied before this frame ran (see emu_t.cmds_posted) */
} emu_frame_t;

struct script;

typedef struct emu {
    machine_t *m;
    struct script *script;  /* --script: stepped before each frame, on this thread */
    double stop_at;         /* machine_seconds at which to ask for quit: the run's start + --seconds (0 = never) */
    Uint32 wake_event;      /* SDL user event pushed when a frame is ready */

    /* Triple buffer: the emulation owns slots[back], the main thread slots[front]; `middle`
     * holds the third index, with EMU_FRESH set when it is newer than front. */
    emu_frame_t slots[3];
    int back, front;
    atomic_int middle;
    bool unpublished;       /* warp skipped publishing the machine's latest frame */
    atomic_bool wake_pending;

    SDL_mutex *lock;        /* guards queue, message */
    SDL_cond *cond;         /* signalled on commands, pause changes and quit */
    emu_cmd_t queue[EMU_QUEUE];
    int q_head, q_count;
    char message[160];      /* last message for the OSD (inserted, reset, errors) */
    unsigned message_seq;

    atomic_bool quit, paused, paused_ack, warp, finished;
    atomic_uint activity;
    atomic_uint speed_x10, fps_x10; /* emulation speed in 0.1 % and frames per 10 s */
    /* Commands queued so far (main thread) and applied so far (emulation thread): a frame
     * whose `cmds` reaches a count taken from cmds_posted shows every command before it. */
    atomic_uint cmds_posted;
    atomic_uint volume;     /* sound to the device, in % (the WAV file gets it unscaled) */
    unsigned cmds_applied, frame_cmds;

    /* Sound: to the device through the resampler, or to a WAV file. */
    audio_out_t *audio;     /* NULL = no device */
    resampler_t rs;
    wav_writer_t *wav;      /* NULL = no WAV */
    bool wav_failed;
    bool audio_clock_bad;   /* the device consumes faster than real time: wall-clock pacing */
    int16_t *drain_buf, *rs_buf;
    size_t rs_cap;

    SDL_Thread *thread;
} emu_t;

#define EMU_FRESH 4

/* Prepares the emulation (one frame is run and published so the window knows its size);
 * audio and wav may be NULL. 0, or -1 with a message. */
int emu_init(emu_t *e, machine_t *m, audio_out_t *audio, wav_writer_t *wav, double stop_at,
             bool warp, char *err, size_t errlen);
int emu_start(emu_t *e, char *err, size_t errlen);
/* Stops the thread (after the frame in progress) and frees everything emu_init made. */
void emu_stop(emu_t *e);
/* Queues a command; false when the queue is full (the command is dropped). */
bool emu_post(emu_t *e, const emu_cmd_t *cmd);
void emu_set_paused(emu_t *e, bool paused);
void emu_set_warp(emu_t *e, bool warp);
/* Main thread: takes the newest published frame if there is one; returns it or NULL. */
const emu_frame_t *emu_take_frame(emu_t *e);
/* The frame the main thread holds (the last taken). */
const emu_frame_t *emu_front(const emu_t *e);
/* Main thread, with the emulation paused and acknowledged (paused_ack): replaces the machine
 * (settings applied on reset) and publishes its frame. The old one is the caller's to free. */
void emu_swap_machine(emu_t *e, machine_t *m);
/* Main thread, paused and acknowledged: publishes the machine's current frame (after a state
 * was loaded into it). */
void emu_republish(emu_t *e);
/* Main thread: pauses and waits until the emulation has acknowledged (at most timeout_ms);
 * false when it did not in time. */
bool emu_pause_sync(emu_t *e, unsigned timeout_ms);
/* Copies a new message if one arrived since *seq; returns true then. */
bool emu_message(emu_t *e, unsigned *seq, char *out, size_t len);

#endif
