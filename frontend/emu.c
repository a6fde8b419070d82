#include "frontend/emu.h"
#include "frontend/flush.h"
#include "frontend/script.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Behind the wall clock by more than this, pacing gives up catching up and starts afresh
 * (a slow host, a stall): running flat out to make up lost time would only stutter. */
#define EMU_RESYNC_NS 100000000LL
/* The longest a machine's frame may run ahead of the wall clock (RiscPC without video DMA
 * returns every 0.2 s of emulated time); anything more means a stale pacing base. */
#define EMU_MAX_AHEAD_NS 300000000LL
/* Longest wait for the audio ring to drain: keeps commands responsive if the device stalls. */
#define EMU_AUDIO_WAIT_NS 200000000LL
#define EMU_STATS_NS 500000000LL
/* Under audio pacing, how far the emulation may get ahead of the wall clock before the
 * device is not believed: a start-up allowance plus a drift rate no real crystal has. */
#define EMU_AUDIO_AHEAD_S 0.25
#define EMU_AUDIO_DRIFT 0.02

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ns(int64_t ns)
{
    if (ns <= 0)
        return;
    struct timespec ts = {(time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL)};
    nanosleep(&ts, NULL);
}

static void set_message(emu_t *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_message(emu_t *e, const char *fmt, ...)
{
    va_list ap;
    SDL_LockMutex(e->lock);
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    e->message_seq++;
    SDL_UnlockMutex(e->lock);
}

/* Copies the machine's current frame into the back slot and swaps it into the middle. In
 * warp, while the main thread has not taken the last one, the copy is skipped (hundreds of
 * frames a second would only cost memory bandwidth); pausing publishes what was skipped. */
static void publish(emu_t *e, bool force)
{
    if (!force && atomic_load(&e->warp) && (atomic_load(&e->middle) & EMU_FRESH)) {
        e->unpublished = true;
        return;
    }
    e->unpublished = false;
    machine_frame_t f;
    machine_get_frame(e->m, &f);
    if (!f.pixels || f.width <= 0 || f.height <= 0)
        return;
    emu_frame_t *s = &e->slots[e->back];
    size_t need = (size_t)f.width * f.height;
    if (need > s->cap) {
        /* Only when the machine changes to a larger mode, never per frame. */
        uint32_t *p = realloc(s->pixels, need * sizeof *p);
        if (!p)
            return;
        s->pixels = p;
        s->cap = need;
    }
    for (int y = 0; y < f.height; y++)
        memcpy(s->pixels + (size_t)y * f.width, f.pixels + (size_t)y * f.stride, f.width * sizeof(uint32_t));
    s->w = f.width;
    s->h = f.height;
    s->aspect = f.pixel_aspect > 0 ? f.pixel_aspect : 1.0;
    s->number = f.number;
    s->seconds = machine_seconds(e->m);
    s->cmds = e->frame_cmds;
    int prev = atomic_exchange(&e->middle, e->back | EMU_FRESH);
    e->back = prev & 3;
    atomic_store(&e->activity, machine_activity(e->m));
    if (e->wake_event != (Uint32)-1 && !atomic_exchange(&e->wake_pending, true)) {
        SDL_Event ev = {.type = e->wake_event};
        SDL_PushEvent(&ev);
    }
}

/* Drains the machine's sound: all of it to the WAV file; to the device (resampled) unless in
 * warp, where real-time sound is meaningless and the ring would only overflow. Returns the
 * number of sample frames the machine gave. */
static size_t feed_audio(emu_t *e)
{
    bool to_device = e->audio && !atomic_load(&e->warp);
    size_t total = 0;
    for (;;) {
        size_t n = machine_drain_audio(e->m, e->drain_buf, EMU_AUDIO_CHUNK);
        if (n == 0)
            break;
        total += n;
        if (e->wav && !e->wav_failed && wav_write(e->wav, e->drain_buf, n) != 0) {
            e->wav_failed = true;
            set_message(e, "%s: write failed", e->wav->path);
        }
        if (to_device) {
            unsigned vol = atomic_load(&e->volume);
            if (vol < 100)
                for (size_t i = 0; i < 2 * n; i++)
                    e->drain_buf[i] = (int16_t)(e->drain_buf[i] * (int)vol / 100);
            size_t made = resampler_process(&e->rs, e->drain_buf, n, e->rs_buf, e->rs_cap);
            ring_write(&e->audio->ring, e->rs_buf, made);
        }
        if (n < EMU_AUDIO_CHUNK)
            break;
    }
    return total;
}

typedef struct pacer {
    int64_t base_wall;  /* wall-clock pacing: emulated time base_emu was due at base_wall */
    double base_emu;
    int64_t audio_wall; /* the same since the last pause or warp, to judge the sound device */
    double audio_emu;
} pacer_t;

static void pacer_rebase(emu_t *e, pacer_t *p)
{
    p->audio_wall = p->base_wall = now_ns();
    p->audio_emu = p->base_emu = machine_seconds(e->m);
}

static void pace_by_wall_clock(emu_t *e, pacer_t *p)
{
    int64_t due = p->base_wall + (int64_t)((machine_seconds(e->m) - p->base_emu) * 1e9);
    int64_t now = now_ns();
    if (due - now > EMU_MAX_AHEAD_NS) {
        p->base_wall = now; /* a frame cannot be this long: the base is stale, not the clock */
        p->base_emu = machine_seconds(e->m);
    } else if (now < due) {
        sleep_ns(due - now);
    } else if (now - due > EMU_RESYNC_NS) {
        p->base_wall = now;
        p->base_emu = machine_seconds(e->m);
    }
}

/* Waits until the emulation is due to run on: by the audio clock while the machine makes
 * sound (keep the ring AUDIO_LATENCY_MS full), else by the wall clock, which then carries on
 * from where the audio clock left it. */
static void pace(emu_t *e, pacer_t *p, bool warp, bool had_audio)
{
    if (warp)
        return;
    if (!e->audio || e->audio_clock_bad || !had_audio) {
        pace_by_wall_clock(e, p);
        return;
    }
    audio_out_t *a = e->audio;
    int64_t start = now_ns();
    /* A device that takes samples much faster than real time (ALSA's null device, a broken
     * driver) is no clock: beyond what crystal drift explains, pace by the wall clock. */
    double elapsed = (start - p->audio_wall) / 1e9, ahead = machine_seconds(e->m) - p->audio_emu - elapsed;
    if (ahead > EMU_AUDIO_AHEAD_S + EMU_AUDIO_DRIFT * elapsed) {
        e->audio_clock_bad = true;
        set_message(e, "Sound device is not keeping time: pacing by the clock");
        pace_by_wall_clock(e, p);
        return;
    }
    for (;;) {
        size_t fill = ring_fill(&a->ring);
        if (fill <= a->target_frames || atomic_load(&e->quit) || now_ns() - start > EMU_AUDIO_WAIT_NS)
            break;
        int64_t ns = (int64_t)(fill - a->target_frames) * 1000000000LL / a->rate;
        sleep_ns(ns < 500000 ? 500000 : ns > 5000000 ? 5000000 : ns);
    }
    p->base_wall = now_ns();
    p->base_emu = machine_seconds(e->m);
}

static void apply(emu_t *e, const emu_cmd_t *c)
{
    char err[MACHINE_ERR_LEN];
    static const char *const kind_names[] = {"floppy", "hard disc", "CD-ROM"};
    switch (c->kind) {
    case EMU_KEY: machine_key(e->m, c->a, c->b); break;
    case EMU_MOUSE: machine_mouse(e->m, c->a, c->b, c->u); break;
    case EMU_JOY: machine_joystick(e->m, c->a, c->u, (unsigned)c->b); break;
    case EMU_RESET:
        machine_reset(e->m, c->a);
        set_message(e, "%s reset", c->a ? "Hard" : "Soft");
        break;
    case EMU_INSERT: {
        const char *base = strrchr(c->path, '/');
        base = base ? base + 1 : c->path;
        if (machine_insert(e->m, (media_kind_t)c->a, c->b, c->path, err, sizeof err) != 0)
            set_message(e, "%s", err);
        else
            set_message(e, "%s %d: %s", kind_names[c->a], c->b, base);
        break;
    }
    case EMU_EJECT:
        if (machine_eject(e->m, (media_kind_t)c->a, c->b, err, sizeof err) != 0)
            set_message(e, "%s", err);
        else
            set_message(e, "%s %d ejected", kind_names[c->a], c->b);
        break;
    case EMU_SYNC: break;
    }
}

/* Runs queued commands in order. Consecutive mouse moves with the same buttons are summed, so
 * a fast mouse costs one machine call per frame, but no button change is ever merged away. */
static void run_commands(emu_t *e)
{
    emu_cmd_t c;
    bool have_mouse = false;
    emu_cmd_t mouse = {.kind = EMU_MOUSE};
    unsigned taken = 0;
    for (;;) {
        SDL_LockMutex(e->lock);
        bool got = e->q_count > 0;
        if (got) {
            c = e->queue[e->q_head];
            e->q_head = (e->q_head + 1) % EMU_QUEUE;
            e->q_count--;
            taken++;
        }
        SDL_UnlockMutex(e->lock);
        if (got && c.kind == EMU_MOUSE && (!have_mouse || mouse.u == c.u)) {
            mouse.a += c.a;
            mouse.b += c.b;
            mouse.u = c.u;
            have_mouse = true;
            continue;
        }
        if (have_mouse) {
            apply(e, &mouse);
            mouse = (emu_cmd_t){.kind = EMU_MOUSE};
            have_mouse = false;
        }
        if (!got) {
            e->cmds_applied += taken; /* all of them applied by now, merged moves included */
            break;
        }
        if (c.kind == EMU_MOUSE) {
            mouse = c;
            have_mouse = true;
        } else {
            apply(e, &c);
        }
    }
}

static void update_stats(emu_t *e, uint64_t frames, int64_t *last_wall, double *last_emu,
                         uint64_t *last_frames)
{
    int64_t now = now_ns();
    if (now - *last_wall < EMU_STATS_NS)
        return;
    double wall = (now - *last_wall) / 1e9, emu = machine_seconds(e->m) - *last_emu;
    atomic_store(&e->speed_x10, (unsigned)(emu / wall * 1000.0 + 0.5));
    atomic_store(&e->fps_x10, (unsigned)((frames - *last_frames) / wall * 10.0 + 0.5));
    *last_wall = now;
    *last_emu = machine_seconds(e->m);
    *last_frames = frames;
}

/* Blocks while paused or finished, until something changes. paused_ack tells the main
 * thread that the machine is stopped, every command posted so far has been applied and the
 * last frame published (what a screenshot of the paused machine needs). */
static void wait_idle(emu_t *e)
{
    SDL_LockMutex(e->lock);
    while (!atomic_load(&e->quit) && e->q_count == 0 &&
           (atomic_load(&e->paused) || atomic_load(&e->finished))) {
        /* Again after every wake-up: pausing once more clears it (emu_set_paused). */
        atomic_store(&e->paused_ack, true);
        SDL_CondWait(e->cond, e->lock);
    }
    SDL_UnlockMutex(e->lock);
}

static int thread_main(void *arg)
{
    emu_t *e = arg;
    pacer_t pacer;
    pacer_rebase(e, &pacer);
    int64_t stats_wall = now_ns();
    double stats_emu = machine_seconds(e->m);
    uint64_t frames = 0, stats_frames = 0;
    bool was_idle = false, was_warp = atomic_load(&e->warp);
    char msg[MACHINE_ERR_LEN];
    long long flushed_ns = 0;
    while (!atomic_load(&e->quit)) {
        run_commands(e);
        if (atomic_load(&e->paused) || atomic_load(&e->finished)) {
            if (e->unpublished)
                publish(e, true);
            wait_idle(e);
            was_idle = true;
            continue;
        }
        atomic_store(&e->paused_ack, false);
        bool warp = atomic_load(&e->warp);
        if (was_idle || warp != was_warp)
            pacer_rebase(e, &pacer);
        was_idle = false;
        was_warp = warp;
        if (e->stop_at > 0 && machine_seconds(e->m) >= e->stop_at) {
            atomic_store(&e->finished, true);
            SDL_Event ev = {.type = SDL_QUIT};
            SDL_PushEvent(&ev);
            continue;
        }
        if (e->script && script_step(e->script, e->m, msg, sizeof msg) != SCRIPT_RUNNING) {
            if (msg[0])
                fprintf(stderr, "arcana: %s\n", msg);
            atomic_store(&e->finished, true);
            SDL_Event ev = {.type = SDL_QUIT};
            SDL_PushEvent(&ev);
            continue;
        }
        e->frame_cmds = e->cmds_applied;
        machine_run_frame(e->m);
        flush_if_due(e->m, &flushed_ns);
        if (e->script)
            script_frame_done(e->script);
        publish(e, false);
        bool had_audio = feed_audio(e) > 0;
        update_stats(e, ++frames, &stats_wall, &stats_emu, &stats_frames);
        pace(e, &pacer, warp, had_audio); /* the same warp state as the rebase above */
    }
    return 0;
}

int emu_init(emu_t *e, machine_t *m, audio_out_t *audio, wav_writer_t *wav, double stop_at, bool warp,
             char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    e->m = m;
    e->audio = audio;
    e->wav = wav;
    /* --seconds counts from the start of this run, also after --load-state (issue 16). */
    e->stop_at = stop_at > 0 ? machine_seconds(m) + stop_at : 0;
    e->wake_event = (Uint32)-1;
    atomic_init(&e->warp, warp);
    atomic_init(&e->volume, 100);
    e->back = 0;
    e->front = 1;
    atomic_init(&e->middle, 2);
    e->lock = SDL_CreateMutex();
    e->cond = SDL_CreateCond();
    e->drain_buf = malloc(EMU_AUDIO_CHUNK * 2 * sizeof(int16_t));
    if (!e->lock || !e->cond || !e->drain_buf) {
        snprintf(err, errlen, "cannot start the emulation thread: %s", SDL_GetError());
        emu_stop(e);
        return -1;
    }
    if (audio && resampler_init(&e->rs, m->audio_rate, audio->rate, err, errlen) != 0) {
        fprintf(stderr, "arcana: %s; running silently\n", err);
        e->audio = audio = NULL;
    }
    if (audio) {
        e->rs_cap = (size_t)((EMU_AUDIO_CHUNK + e->rs.buf_cap) / e->rs.step) + 16;
        e->rs_buf = malloc(e->rs_cap * 2 * sizeof(int16_t));
        if (!e->rs_buf) {
            snprintf(err, errlen, "out of memory for sound");
            emu_stop(e);
            return -1;
        }
    }
    /* The first frame, run here so the window can be sized to it. */
    machine_run_frame(m);
    publish(e, true);
    feed_audio(e);
    emu_take_frame(e);
    return 0;
}

int emu_start(emu_t *e, char *err, size_t errlen)
{
    e->thread = SDL_CreateThread(thread_main, "arcana-emu", e);
    if (!e->thread) {
        snprintf(err, errlen, "cannot start the emulation thread: %s", SDL_GetError());
        return -1;
    }
    return 0;
}

void emu_stop(emu_t *e)
{
    if (e->thread) {
        SDL_LockMutex(e->lock);
        atomic_store(&e->quit, true);
        SDL_CondSignal(e->cond);
        SDL_UnlockMutex(e->lock);
        SDL_WaitThread(e->thread, NULL);
        e->thread = NULL;
    }
    if (e->cond)
        SDL_DestroyCond(e->cond);
    if (e->lock)
        SDL_DestroyMutex(e->lock);
    e->cond = NULL;
    e->lock = NULL;
    for (int i = 0; i < 3; i++) {
        free(e->slots[i].pixels);
        e->slots[i] = (emu_frame_t){0};
    }
    free(e->drain_buf);
    free(e->rs_buf);
    e->drain_buf = e->rs_buf = NULL;
    if (e->rs.block)
        resampler_free(&e->rs);
}

bool emu_post(emu_t *e, const emu_cmd_t *cmd)
{
    if (!e->lock)
        return false;
    SDL_LockMutex(e->lock);
    bool ok = e->q_count < EMU_QUEUE;
    if (ok) {
        e->queue[(e->q_head + e->q_count) % EMU_QUEUE] = *cmd;
        e->q_count++;
        atomic_fetch_add(&e->cmds_posted, 1);
        SDL_CondSignal(e->cond);
    }
    SDL_UnlockMutex(e->lock);
    return ok;
}

static void set_flag(emu_t *e, atomic_bool *flag, bool value)
{
    SDL_LockMutex(e->lock);
    atomic_store(flag, value);
    if (flag == &e->paused && value)
        atomic_store(&e->paused_ack, false);
    SDL_CondSignal(e->cond);
    SDL_UnlockMutex(e->lock);
}

void emu_set_paused(emu_t *e, bool paused) { set_flag(e, &e->paused, paused); }
void emu_set_warp(emu_t *e, bool warp) { set_flag(e, &e->warp, warp); }

const emu_frame_t *emu_take_frame(emu_t *e)
{
    atomic_store(&e->wake_pending, false);
    if (!(atomic_load(&e->middle) & EMU_FRESH))
        return NULL;
    int prev = atomic_exchange(&e->middle, e->front);
    e->front = prev & 3;
    return &e->slots[e->front];
}

const emu_frame_t *emu_front(const emu_t *e) { return &e->slots[e->front]; }

void emu_swap_machine(emu_t *e, machine_t *m)
{
    SDL_LockMutex(e->lock);
    e->m = m;
    SDL_UnlockMutex(e->lock);
    emu_republish(e);
}

void emu_republish(emu_t *e)
{
    publish(e, true);
    atomic_store(&e->activity, machine_activity(e->m));
}

bool emu_pause_sync(emu_t *e, unsigned timeout_ms)
{
    emu_set_paused(e, true);
    if (!e->thread)
        return true;
    for (unsigned waited = 0; !atomic_load(&e->paused_ack); waited++) {
        if (waited >= timeout_ms)
            return false;
        SDL_Delay(1); /* a handshake with the emulation thread, at most a frame's time */
    }
    return true;
}

bool emu_message(emu_t *e, unsigned *seq, char *out, size_t len)
{
    SDL_LockMutex(e->lock);
    bool fresh = e->message_seq != *seq;
    if (fresh) {
        snprintf(out, len, "%s", e->message);
        *seq = e->message_seq;
    }
    SDL_UnlockMutex(e->lock);
    return fresh;
}
