/* The emulation thread (frontend/emu.h) with the frontend test machine: frames handed over,
 * commands applied in order, pause, the stop time, wall-clock pacing, sound to a WAV file. */
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "frontend/emu.h"
#include "frontend/wav.h"
#include "tests/frontend/testmachine.h"
#include "tests/test.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Polls `flag` for up to `seconds`. */
static bool wait_flag(atomic_bool *flag, double seconds)
{
    double end = now_s() + seconds;
    while (!atomic_load(flag) && now_s() < end)
        SDL_Delay(1);
    return atomic_load(flag);
}

TEST(emu_frames_commands_and_pause)
{
    test_machine_t *tm = tm_create(320, 256, 1.0, 1000.0);
    REQUIRE(tm);
    emu_t *e = calloc(1, sizeof *e);
    char err[256];
    REQUIRE(emu_init(e, &tm->base, NULL, NULL, 0, true, err, sizeof err) == 0);
    CHECK_EQ(emu_front(e)->number, 1); /* the first frame is there before the thread starts */
    CHECK_EQ(emu_front(e)->w, 320);
    REQUIRE(emu_start(e, err, sizeof err) == 0);
    uint64_t seen = 0;
    for (double end = now_s() + 5; seen < 20 && now_s() < end; SDL_Delay(1)) {
        const emu_frame_t *f = emu_take_frame(e);
        if (f) {
            CHECK(f->number > seen);
            seen = f->number;
        }
    }
    CHECK(seen >= 20);

    emu_cmd_t c = {.kind = EMU_KEY, .a = 0x04, .b = 1};
    emu_post(e, &c);
    c = (emu_cmd_t){.kind = EMU_MOUSE, .a = 3, .b = 4};
    emu_post(e, &c);
    c.a = 5, c.b = 6;
    emu_post(e, &c);
    c = (emu_cmd_t){.kind = EMU_MOUSE, .u = MOUSE_LEFT};
    emu_post(e, &c);
    c = (emu_cmd_t){.kind = EMU_JOY, .a = 1, .b = JOY_FIRE, .u = JOY_UP};
    emu_post(e, &c);
    c = (emu_cmd_t){.kind = EMU_RESET, .a = 1};
    emu_post(e, &c);
    c = (emu_cmd_t){.kind = EMU_INSERT, .a = MEDIA_FLOPPY, .b = 1, .path = "/dev/null"};
    emu_post(e, &c);
    emu_set_paused(e, true);
    REQUIRE(wait_flag(&e->paused_ack, 5));
    CHECK_EQ(tm->last_key, 0x04);
    CHECK_EQ(tm->key_events, 1);
    CHECK_EQ(tm->mouse_dx, 8);
    CHECK_EQ(tm->mouse_dy, 10);
    CHECK_EQ(tm->mouse_buttons, MOUSE_LEFT);
    CHECK_EQ(tm->joy_port, 1);
    CHECK_EQ(tm->joy_dirs, JOY_UP);
    CHECK_EQ(tm->joy_buttons, JOY_FIRE);
    CHECK_EQ(tm->hard_resets, 1);
    CHECK_STR(tm->inserted, "1:/dev/null");
    unsigned seq = 0;
    char msg[160];
    CHECK(emu_message(e, &seq, msg, sizeof msg));
    CHECK_STR(msg, "floppy 1: null");

    /* Paused: the newest frame is the machine's frame, and no more come. */
    const emu_frame_t *f = emu_take_frame(e);
    uint64_t paused_at = f ? f->number : emu_front(e)->number;
    CHECK_EQ(paused_at, tm->frames);
    SDL_Delay(50);
    CHECK(emu_take_frame(e) == NULL);
    /* Pausing again while paused is acknowledged again (a second screenshot request). */
    emu_set_paused(e, true);
    CHECK(wait_flag(&e->paused_ack, 5));
    emu_set_paused(e, false);
    SDL_Delay(50);
    f = emu_take_frame(e);
    CHECK(f && f->number > paused_at);
    emu_stop(e);
    free(e);
    machine_destroy(&tm->base);
}

TEST(emu_stops_at_the_time_and_paces_by_the_wall_clock)
{
    test_machine_t *tm = tm_create(320, 256, 1.0, 1000.0);
    REQUIRE(tm);
    emu_t *e = calloc(1, sizeof *e);
    char err[256];
    REQUIRE(emu_init(e, &tm->base, NULL, NULL, 1.0, false, err, sizeof err) == 0);
    double start = now_s();
    REQUIRE(emu_start(e, err, sizeof err) == 0);
    REQUIRE(wait_flag(&e->finished, 10));
    double wall = now_s() - start;
    /* 1 emulated second takes at least ~1 real second (no audio: wall-clock pacing). */
    CHECK(wall > 0.94);
    CHECK(wall < 8.0);
    CHECK_EQ(tm->frames, 50);
    /* The OSD's figures: at most real speed and 50 frames a second, and measured. */
    unsigned speed = atomic_load(&e->speed_x10), fps = atomic_load(&e->fps_x10);
    CHECK(speed > 0 && speed <= 1100);
    CHECK(fps > 0 && fps <= 550);
    emu_stop(e);
    free(e);
    machine_destroy(&tm->base);
}

TEST(emu_writes_all_sound_to_wav)
{
    test_machine_t *tm = tm_create(320, 256, 1.0, 1000.0);
    REQUIRE(tm);
    char path[] = "/tmp/arcana-emu-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    wav_writer_t wav = {0};
    char err[256];
    REQUIRE(wav_open(&wav, path, TM_RATE, err, sizeof err) == 0);
    emu_t *e = calloc(1, sizeof *e);
    REQUIRE(emu_init(e, &tm->base, NULL, &wav, 1.0, true, err, sizeof err) == 0);
    REQUIRE(emu_start(e, err, sizeof err) == 0);
    REQUIRE(wait_flag(&e->finished, 10));
    emu_stop(e);
    CHECK_EQ(wav.frames, tm->frames * (TM_RATE / TM_FPS));
    REQUIRE(wav_close(&wav, err, sizeof err) == 0);
    FILE *f = fopen(path, "rb");
    REQUIRE(f);
    int16_t s[2 * 100];
    fseek(f, 44, SEEK_SET);
    REQUIRE(fread(s, 4, 100, f) == 100);
    fclose(f);
    int bad = 0;
    for (int i = 0; i < 100; i++)
        bad += abs(s[2 * i] - (int)lrint(8000.0 * sin(2 * M_PI * 1000.0 * i / TM_RATE))) > 1;
    CHECK_EQ(bad, 0);
    unlink(path);
    free(e);
    machine_destroy(&tm->base);
}

/* A sound device stand-in: takes 10 ms of samples every 10 ms of wall time from the ring, as
 * PortAudio's callback would, and keeps them for analysis. */
typedef struct fake_device {
    audio_out_t *a;
    atomic_bool stop;
    int16_t *got;
    size_t got_n, cap, underruns;
} fake_device_t;

static int fake_device_main(void *arg)
{
    fake_device_t *d = arg;
    size_t chunk = (size_t)d->a->rate / 100;
    double next = now_s();
    while (!atomic_load(&d->stop)) {
        next += 0.01;
        double wait = next - now_s();
        if (wait > 0)
            SDL_Delay((Uint32)(wait * 1000));
        size_t room = d->cap - d->got_n, want = chunk < room ? chunk : room;
        size_t n = ring_read(&d->a->ring, d->got + 2 * d->got_n, want);
        d->underruns += n < want && d->got_n > 0;
        d->got_n += n;
    }
    return 0;
}

TEST(emu_paces_by_the_audio_clock_and_resamples)
{
    test_machine_t *tm = tm_create(320, 256, 1.0, 1000.0);
    REQUIRE(tm);
    audio_out_t *a = calloc(1, sizeof *a);
    a->rate = 48000;
    a->target_frames = (size_t)a->rate * AUDIO_LATENCY_MS / 1000;
    size_t cap = ring_capacity_for(a->target_frames * 4);
    a->storage = calloc(cap * 2, sizeof(int16_t));
    ring_init(&a->ring, a->storage, cap);
    fake_device_t d = {.a = a, .cap = 3 * 48000};
    d.got = calloc(d.cap * 2, sizeof(int16_t));
    emu_t *e = calloc(1, sizeof *e);
    char err[256];
    REQUIRE(emu_init(e, &tm->base, a, NULL, 1.5, false, err, sizeof err) == 0);
    SDL_Thread *dev = SDL_CreateThread(fake_device_main, "fake-device", &d);
    double start = now_s();
    REQUIRE(emu_start(e, err, sizeof err) == 0);
    REQUIRE(wait_flag(&e->finished, 10));
    double wall = now_s() - start;
    atomic_store(&d.stop, true);
    SDL_WaitThread(dev, NULL);
    emu_stop(e);
    /* 1.5 emulated seconds took about 1.5 s of the device's clock (less the ring's 40 ms). */
    CHECK(wall > 1.35);
    CHECK(wall < 8.0);
    CHECK(!e->audio_clock_bad);
    CHECK(d.underruns <= 3); /* a loaded host may starve the emulation a moment */
    /* What the device played is the machine's 1 kHz tone at the device's rate. */
    REQUIRE(d.got_n > 48000);
    double first = -1, last = -1;
    long crossings = 0;
    for (size_t i = 1000; i < d.got_n; i++) {
        int16_t p = d.got[2 * (i - 1)], q = d.got[2 * i];
        if (p < 0 && q >= 0) {
            double t = i - 1 + (double)-p / (q - p);
            if (first < 0)
                first = t;
            last = t;
            crossings++;
        }
    }
    double hz = (crossings - 1) * 48000.0 / (last - first);
    CHECK(fabs(hz - 1000.0) < 10.0);
    free(d.got);
    free(a->storage);
    free(a);
    free(e);
    machine_destroy(&tm->base);
}

TEST(emu_leaving_warp_runs_on_at_real_speed)
{
    test_machine_t *tm = tm_create(320, 256, 1.0, 1000.0);
    REQUIRE(tm);
    emu_t *e = calloc(1, sizeof *e);
    char err[256];
    REQUIRE(emu_init(e, &tm->base, NULL, NULL, 0, true, err, sizeof err) == 0);
    REQUIRE(emu_start(e, err, sizeof err) == 0);
    SDL_Delay(300);
    /* Toggle a few times: whatever frame the toggle lands in, pacing must start afresh. */
    for (int i = 0; i < 5; i++) {
        emu_set_warp(e, false);
        SDL_Delay(7);
        emu_set_warp(e, true);
        SDL_Delay(11);
    }
    emu_set_warp(e, false);
    SDL_Delay(100);
    emu_take_frame(e);
    uint64_t before = emu_front(e)->number;
    SDL_Delay(600);
    emu_take_frame(e);
    uint64_t ran = emu_front(e)->number - before;
    emu_stop(e);
    CHECK(ran >= 8);  /* ~30 at 50 frames a second; a stale pacing base would give ~0 */
    CHECK(ran <= 40); /* and not warp any more */
    free(e);
    machine_destroy(&tm->base);
}

TEST(emu_machine_without_sound_is_paced_by_the_wall_clock)
{
    /* A sound device is open but the machine makes no sound (its sound DMA is off): the ring
     * stays empty, so only the wall clock can pace, and the device is not to blame. */
    test_machine_t *tm = tm_create(320, 256, 1.0, 0.0);
    REQUIRE(tm);
    audio_out_t *a = calloc(1, sizeof *a);
    a->rate = 48000;
    a->target_frames = 1920;
    a->storage = calloc(8192 * 2, sizeof(int16_t));
    ring_init(&a->ring, a->storage, 8192);
    emu_t *e = calloc(1, sizeof *e);
    char err[256];
    REQUIRE(emu_init(e, &tm->base, a, NULL, 1.0, false, err, sizeof err) == 0);
    double start = now_s();
    REQUIRE(emu_start(e, err, sizeof err) == 0);
    REQUIRE(wait_flag(&e->finished, 10));
    double wall = now_s() - start;
    emu_stop(e);
    CHECK(wall > 0.94);
    CHECK(!e->audio_clock_bad);
    free(a->storage);
    free(a);
    free(e);
    machine_destroy(&tm->base);
}
