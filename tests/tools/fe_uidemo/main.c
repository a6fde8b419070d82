/* fe_uidemo: the windowed frontend (frontend/ui.c) driving the frontend test machine
 * (tests/frontend/testmachine.h), so the window, sound, OSD and hotkeys can be tried and
 * tested without a real machine. `--headless N` instead runs N frames flat out and prints the
 * frame rate (the bench's baseline).
 *   fe_uidemo [--seconds S] [--warp] [--no-sound] [--audio-out F.wav] [--config F]
 *             [--shots DIR] [--smooth] [--size WxH] [--frame WxH] [--aspect A] [--tone HZ]
 *             [--headless N] [--virtual-pad]
 * --virtual-pad attaches an SDL virtual game controller that, 1.5 s after start, holds the
 * d-pad up, the left stick right and button A (the suite checks they reach the machine). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "frontend/ui.h"
#include "tests/frontend/testmachine.h"

static Uint32 press_pad(Uint32 interval, void *js)
{
    (void)interval;
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_DPAD_UP, 1);
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_A, 1);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_LEFTX, 32767);
    return 0;
}

/* A virtual controller (SDL's own, no device needed) and a timer that moves it. */
static SDL_Joystick *virtual_pad(void)
{
    if (SDL_Init(SDL_INIT_GAMECONTROLLER | SDL_INIT_TIMER) != 0)
        return NULL;
    int index = SDL_JoystickAttachVirtual(SDL_JOYSTICK_TYPE_GAMECONTROLLER, SDL_CONTROLLER_AXIS_MAX,
                                          SDL_CONTROLLER_BUTTON_MAX, 0);
    SDL_Joystick *js = index >= 0 ? SDL_JoystickOpen(index) : NULL;
    if (js)
        SDL_AddTimer(1500, press_pad, js);
    return js;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    ui_options_t o = {.vsync = true};
    int fw = 320, fh = 256;
    double aspect = 1.0, tone = 1000.0;
    long headless = 0;
    bool pad = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--warp"))
            o.warp = true;
        else if (!strcmp(a, "--no-sound"))
            o.no_sound = true;
        else if (!strcmp(a, "--virtual-pad"))
            pad = true;
        else if (!strcmp(a, "--smooth"))
            o.smooth = true;
        else if (!strcmp(a, "--no-vsync"))
            o.vsync = false;
        else if (v && !strcmp(a, "--seconds"))
            o.seconds = atof(argv[++i]);
        else if (v && !strcmp(a, "--audio-out"))
            o.audio_out = argv[++i];
        else if (v && !strcmp(a, "--config"))
            o.prefs_path = argv[++i];
        else if (v && !strcmp(a, "--shots"))
            o.screenshot_dir = argv[++i];
        else if (v && !strcmp(a, "--size") && sscanf(v, "%dx%d", &o.window_width, &o.window_height) == 2)
            i++;
        else if (v && !strcmp(a, "--frame") && sscanf(v, "%dx%d", &fw, &fh) == 2)
            i++;
        else if (v && !strcmp(a, "--aspect"))
            aspect = atof(argv[++i]);
        else if (v && !strcmp(a, "--tone"))
            tone = atof(argv[++i]);
        else if (v && !strcmp(a, "--headless"))
            headless = atol(argv[++i]);
        else {
            fprintf(stderr, "fe_uidemo: bad argument '%s'\n", a);
            return 2;
        }
    }
    test_machine_t *t = tm_create(fw, fh, aspect, tone);
    if (!t) {
        fprintf(stderr, "fe_uidemo: bad frame size %dx%d\n", fw, fh);
        return 2;
    }
    machine_t *m = &t->base;
    int rc = 0;
    if (headless) {
        int16_t buf[2 * 4096];
        double start = now_s();
        for (long n = 0; n < headless; n++) {
            machine_run_frame(m);
            while (machine_drain_audio(m, buf, 4096))
                ;
        }
        printf("fe_uidemo: %ld frames headless in %.3f s\n", headless, now_s() - start);
    } else {
        char err[MACHINE_ERR_LEN];
        if (pad && !virtual_pad()) {
            fprintf(stderr, "fe_uidemo: no virtual game controller: %s\n", SDL_GetError());
            return 1;
        }
        double start = now_s();
        if (ui_run(&m, &o, err, sizeof err) != 0) {
            fprintf(stderr, "fe_uidemo: %s\n", err);
            rc = 1;
        }
        printf("fe_uidemo: %llu frames windowed in %.3f s\n", (unsigned long long)t->frames, now_s() - start);
    }
    machine_destroy(m);
    return rc;
}
