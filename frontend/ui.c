/* The windowed frontend's main thread (DESIGN.md §5): SDL events → machine input and hotkeys,
 * newest emulated frame + OSD → window. The machine itself runs on the emulation thread
 * (emu.c); this file never calls the machine once that thread has started. */
#include "frontend/ui.h"

#include <SDL.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/audio.h"
#include "frontend/emu.h"
#include "frontend/input.h"
#include "frontend/osd.h"
#include "frontend/png.h"
#include "frontend/testhook.h"
#include "frontend/ui_state.h"
#include "frontend/uiprefs.h"
#include "frontend/wav.h"
#include "frontend/window.h"

#define UI_JOY_PORT 1 /* the Amiga's joystick port ("2" on the case; machine.h counts from 0) */
#define UI_OSD_REFRESH_MS 250
#define UI_WARP_PRESENT_MS 40

/* Signals are process-wide by nature: these only record that one arrived; the main loop acts.
 * SIGINT/SIGTERM quit cleanly (media flushed by the caller); SIGUSR1 pauses and saves a
 * screenshot of exactly the frame on screen, printing where it is shown (tests use this). */
static volatile sig_atomic_t ui_sig_quit, ui_sig_snapshot;

static void on_quit_signal(int sig)
{
    (void)sig;
    ui_sig_quit = 1;
}

static void on_snapshot_signal(int sig)
{
    (void)sig;
    ui_sig_snapshot = 1;
}


void ui_post(ui_t *u, emu_cmd_kind_t kind, int a, int b, unsigned v)
{
    emu_cmd_t c = {.kind = kind, .a = a, .b = b, .u = v};
    emu_post(&u->emu, &c);
}

void ui_update_title(ui_t *u)
{
    char title[256];
    if (!u->win.sdl_window)
        return;
    const char *name = u->m->type ? u->m->type->description : "machine";
    snprintf(title, sizeof title, "Arcana - %s%s - F12: menu - %s", name, u->paused ? " (paused)" : "",
             u->follow_mouse ? "mouse follows the pointer"
             : u->captured   ? INPUT_RELEASE_HINT
                             : "click to capture the mouse");
    window_set_title(&u->win, title);
}

void ui_capture_mouse(ui_t *u, bool on)
{
    if (u->captured == on)
        return;
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    u->captured = on;
    if (on)
        osd_message(&u->osd, SDL_GetTicks(), "Mouse captured: " INPUT_RELEASE_HINT);
    if (!on && u->buttons) {
        u->buttons = 0;
        ui_post(u, EMU_MOUSE, 0, 0, 0);
    }
    ui_update_title(u);
}

/* Every key the machine thinks is held goes up (focus lost: the host keeps the releases). */
void ui_release_keys(ui_t *u)
{
    for (int k = 0; k <= HID_MAX; k++)
        if (u->keys_down[k]) {
            u->keys_down[k] = false;
            ui_post(u, EMU_KEY, k, 0, 0);
        }
}

/* A free name in the screenshot folder: MACHINE-NNNN.png, never an existing file. */
int ui_screenshot(ui_t *u, char *path, size_t len)
{
    const emu_frame_t *f = emu_front(&u->emu);
    const char *dir = u->opts->screenshot_dir ? u->opts->screenshot_dir : ".";
    if (uiprefs_make_dirs(dir) != 0) {
        osd_message(&u->osd, SDL_GetTicks(), "Screenshot failed: %s: %s", dir, strerror(errno));
        fprintf(stderr, "arcana: screenshot: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    const char *name = u->m->type ? u->m->type->name : "arcana";
    char err[MACHINE_ERR_LEN] = "no frame yet", when[32], hash[32];
    machine_frame_t mf = {f->pixels, f->w, f->h, f->w, f->aspect, f->number};
    snprintf(when, sizeof when, "%.3f s", f->seconds);
    snprintf(hash, sizeof hash, "%016llx", f->pixels ? (unsigned long long)frame_hash(&mf) : 0ULL);
    const char *keys[] = {"Software", "Machine", "Emulated time", "Frame hash", NULL};
    const char *values[] = {"Arcana", name, when, hash, NULL};
    for (int n = 1; f->pixels && n < 10000; n++) {
        snprintf(path, len, "%s/%s-%04d.png", dir, name, n);
        if (access(path, F_OK) == 0)
            continue;
        if (png_write_frame(path, &mf, keys, values, 1, err, sizeof err) == 0) {
            osd_message(&u->osd, SDL_GetTicks(), "Screenshot %s", path);
            return 0;
        }
        break;
    }
    osd_message(&u->osd, SDL_GetTicks(), "Screenshot failed: %s", err);
    fprintf(stderr, "arcana: screenshot: %s\n", err);
    return -1;
}

static void finish_snapshot(ui_t *u)
{
    char path[4096];
    u->snapshot_pending = false;
    emu_take_frame(&u->emu);
    const emu_frame_t *f = emu_front(&u->emu);
    window_upload_frame(&u->win, f->pixels, f->w, f->h, f->w);
    window_present(&u->win, f->aspect);
    if (ui_screenshot(u, path, sizeof path) == 0) {
        int wx, wy;
        SDL_GetWindowPosition(u->win.sdl_window, &wx, &wy);
        char line[4400];
        snprintf(line, sizeof line, "snapshot %s frame %dx%d shown at %d,%d size %dx%d screen %d,%d", path, f->w,
                 f->h, u->win.shown.x, u->win.shown.y, u->win.shown.w, u->win.shown.h, wx + u->win.shown.x,
                 wy + u->win.shown.y);
        printf("arcana: %s\n", line);
        fflush(stdout);
        if (testhook_on(&u->hook)) {
            testhook_sync_display(u->win.sdl_window); /* the capture a test takes next shows it */
            testhook_say(&u->hook, "%s", line);
        }
    }
    u->frame_dirty = true;
}

void ui_set_paused(ui_t *u, bool paused)
{
    u->paused = paused;
    emu_set_paused(&u->emu, paused);
    u->osd.paused = paused;
    ui_update_title(u);
}

static const char *const hotkey_names[] = {
    [HOTKEY_NONE] = "none", [HOTKEY_PAUSE] = "pause", [HOTKEY_WARP] = "warp",
    [HOTKEY_RESET_SOFT] = "reset", [HOTKEY_RESET_HARD] = "hard-reset", [HOTKEY_QUIT] = "quit",
    [HOTKEY_SCREENSHOT] = "screenshot", [HOTKEY_DRIVE_NEXT] = "drive-next",
    [HOTKEY_DRIVE_EJECT] = "eject", [HOTKEY_FULLSCREEN] = "fullscreen",
    [HOTKEY_RELEASE_MOUSE] = "release-mouse", [HOTKEY_SMOOTH] = "smooth", [HOTKEY_OSD] = "osd",
    [HOTKEY_BREAK] = "break", [HOTKEY_HELP] = "help",
};

static void hotkey(ui_t *u, hotkey_t h)
{
    char path[4096];
    switch (h) {
    case HOTKEY_PAUSE: ui_set_paused(u, !u->paused); break;
    case HOTKEY_WARP:
        u->warp = !u->warp;
        emu_set_warp(&u->emu, u->warp);
        u->osd.warp = u->warp;
        break;
    case HOTKEY_RESET_SOFT: ui_post(u, EMU_RESET, 0, 0, 0); break;
    case HOTKEY_RESET_HARD: ui_post(u, EMU_RESET, 1, 0, 0); break;
    case HOTKEY_QUIT: u->running = false; break;
    case HOTKEY_SCREENSHOT: ui_screenshot(u, path, sizeof path); break;
    case HOTKEY_DRIVE_NEXT:
        u->selected_drive = (u->selected_drive + 1) % OSD_FLOPPIES;
        u->osd.selected_drive = u->selected_drive;
        u->osd.drives_seen |= 1u << u->selected_drive;
        osd_message(&u->osd, SDL_GetTicks(), "Drive %d selected: drop a disk image to insert", u->selected_drive);
        break;
    case HOTKEY_DRIVE_EJECT:
        ui_post(u, EMU_EJECT, MEDIA_FLOPPY, u->selected_drive, 0);
        ui_menu_ejected(u, u->selected_drive);
        break;
    case HOTKEY_FULLSCREEN: window_toggle_fullscreen(&u->win); break;
    case HOTKEY_RELEASE_MOUSE: ui_capture_mouse(u, false); break;
    case HOTKEY_SMOOTH:
        u->win.smooth = !u->win.smooth;
        osd_message(&u->osd, SDL_GetTicks(), "%s scaling", u->win.smooth ? "Smooth" : "Integer");
        break;
    case HOTKEY_OSD: u->osd.show_status = !u->osd.show_status; break;
    case HOTKEY_BREAK:
        ui_post(u, EMU_KEY, HID_PAUSE, 1, 0);
        ui_post(u, EMU_KEY, HID_PAUSE, 0, 0);
        break;
    case HOTKEY_HELP: u->osd.help = u->osd.help ? NULL : input_hotkey_help; break;
    case HOTKEY_NONE: break;
    }
    u->frame_dirty = true;
    testhook_say(&u->hook, "hotkey %s", hotkey_names[h]);
}

static void on_key(ui_t *u, const SDL_KeyboardEvent *k)
{
    int sc = k->keysym.scancode;
    bool down = k->type == SDL_KEYDOWN;
    if (down && k->repeat)
        return; /* the machine's keyboard makes its own repeats */
    if (down) {
        hotkey_t h = input_hotkey(sc, k->keysym.mod);
        if (h != HOTKEY_NONE) {
            u->consumed[sc] = true;
            hotkey(u, h);
            return;
        }
    } else if (u->consumed[sc]) {
        u->consumed[sc] = false;
        return;
    }
    int hid = input_hid_for_scancode(u->profile, sc);
    if (hid < 0 || u->keys_down[hid] == down)
        return;
    u->keys_down[hid] = down;
    ui_post(u, EMU_KEY, hid, down, 0);
}

static void on_button(ui_t *u, const SDL_MouseButtonEvent *b)
{
    if (!u->captured && !u->follow_mouse) {
        /* The click that captures the mouse is the host's, not the machine's. */
        if (b->type == SDL_MOUSEBUTTONDOWN && b->button == SDL_BUTTON_LEFT)
            ui_capture_mouse(u, true);
        return;
    }
    if (b->type == SDL_MOUSEBUTTONDOWN && b->button == SDL_BUTTON_LEFT)
        u->ctrl_click = (SDL_GetModState() & KMOD_CTRL) != 0;
    unsigned mask = SDL_GetMouseState(NULL, NULL);
    unsigned buttons = input_mouse_buttons(mask, u->ctrl_click);
    if (!(mask & SDL_BUTTON_LMASK))
        u->ctrl_click = false;
    if (buttons != u->buttons) {
        u->buttons = buttons;
        ui_post(u, EMU_MOUSE, 0, 0, buttons);
    }
}

static void update_joystick(ui_t *u)
{
    unsigned dirs = 0, buttons = 0;
    for (int i = 0; i < UI_MAX_PADS; i++) {
        SDL_GameController *p = u->pads[i];
        if (!p)
            continue;
        dirs |= input_joy_directions(SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_DPAD_UP),
                                     SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_DPAD_DOWN),
                                     SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_DPAD_LEFT),
                                     SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_DPAD_RIGHT),
                                     SDL_GameControllerGetAxis(p, SDL_CONTROLLER_AXIS_LEFTX),
                                     SDL_GameControllerGetAxis(p, SDL_CONTROLLER_AXIS_LEFTY));
        if (SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_A) ||
            SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_X))
            buttons |= JOY_FIRE;
        if (SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_B) ||
            SDL_GameControllerGetButton(p, SDL_CONTROLLER_BUTTON_Y))
            buttons |= JOY_FIRE2;
    }
    if (dirs != u->joy_dirs || buttons != u->joy_buttons) {
        u->joy_dirs = dirs;
        u->joy_buttons = buttons;
        ui_post(u, EMU_JOY, UI_JOY_PORT, (int)buttons, dirs);
    }
}

static void on_pad_added(ui_t *u, int device_index)
{
    if (!SDL_IsGameController(device_index))
        return;
    /* Already open (present at start and announced again)? */
    SDL_JoystickID id = SDL_JoystickGetDeviceInstanceID(device_index);
    for (int i = 0; i < UI_MAX_PADS; i++)
        if (u->pads[i] && SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(u->pads[i])) == id)
            return;
    for (int i = 0; i < UI_MAX_PADS; i++)
        if (!u->pads[i]) {
            u->pads[i] = SDL_GameControllerOpen(device_index);
            if (u->pads[i])
                osd_message(&u->osd, SDL_GetTicks(), "Joystick: %s", SDL_GameControllerName(u->pads[i]));
            return;
        }
}

static void on_pad_removed(ui_t *u, SDL_JoystickID id)
{
    for (int i = 0; i < UI_MAX_PADS; i++)
        if (u->pads[i] && SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(u->pads[i])) == id) {
            SDL_GameControllerClose(u->pads[i]);
            u->pads[i] = NULL;
        }
    update_joystick(u);
}

/* The test hook's line for an input or window event, once it has been acted on. */
static void report_event(ui_t *u, const SDL_Event *ev)
{
    if (!testhook_on(&u->hook))
        return;
    switch (ev->type) {
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        if (!ev->key.repeat)
            testhook_say(&u->hook, "key %s %d", ev->type == SDL_KEYDOWN ? "down" : "up", ev->key.keysym.scancode);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        testhook_say(&u->hook, "button %s %d%s", ev->type == SDL_MOUSEBUTTONDOWN ? "down" : "up", ev->button.button,
                     u->captured ? " captured" : "");
        break;
    case SDL_MOUSEMOTION: testhook_say(&u->hook, "motion %d %d", ev->motion.x, ev->motion.y); break;
    case SDL_CONTROLLERBUTTONDOWN:
    case SDL_CONTROLLERBUTTONUP:
    case SDL_CONTROLLERAXISMOTION:
        testhook_say(&u->hook, "pad dirs %x buttons %x", u->joy_dirs, u->joy_buttons);
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            testhook_say(&u->hook, "window size %dx%d", ev->window.data1, ev->window.data2);
        break;
    default: break;
    }
}

static void on_event(ui_t *u, SDL_Event *ev)
{
    if (ui_menu_event(u, ev)) {
        if (ev->type == SDL_DROPFILE)
            SDL_free(ev->drop.file);
        return;
    }
    switch (ev->type) {
    case SDL_QUIT: u->running = false; break;
    case SDL_KEYDOWN:
    case SDL_KEYUP: on_key(u, &ev->key); break;
    case SDL_MOUSEMOTION:
        if (u->captured || u->follow_mouse)
            ui_post(u, EMU_MOUSE, ev->motion.xrel, ev->motion.yrel, u->buttons);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: on_button(u, &ev->button); break;
    case SDL_DROPFILE:
        ui_menu_insert(u, u->selected_drive, ev->drop.file);
        testhook_say(&u->hook, "drop %s", ev->drop.file);
        SDL_free(ev->drop.file);
        break;
    case SDL_CONTROLLERDEVICEADDED: on_pad_added(u, ev->cdevice.which); break;
    case SDL_CONTROLLERDEVICEREMOVED: on_pad_removed(u, ev->cdevice.which); break;
    case SDL_CONTROLLERBUTTONDOWN:
    case SDL_CONTROLLERBUTTONUP:
    case SDL_CONTROLLERAXISMOTION: update_joystick(u); break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            window_resized(&u->win);
        if (ev->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
            ui_release_keys(u);
            ui_capture_mouse(u, false);
        }
        u->frame_dirty = true;
        break;
    default: break;
    }
    report_event(u, ev);
}

/* Refreshes the OSD's inputs from the emulation and redraws/uploads it when it changed. */
static void update_osd(ui_t *u, uint32_t now)
{
    char msg[160];
    if (emu_message(&u->emu, &u->message_seq, msg, sizeof msg))
        osd_message(&u->osd, now, "%s", msg);
    unsigned act = atomic_load(&u->emu.activity);
    u->osd.activity = act;
    u->osd.drives_seen |= act;
    if (now - u->last_osd >= UI_OSD_REFRESH_MS) {
        u->osd.speed_percent = atomic_load(&u->emu.speed_x10) / 10.0;
        u->osd.fps = atomic_load(&u->emu.fps_x10) / 10.0;
        u->last_osd = now;
    }
    int ow, oh;
    window_output_size(&u->win, &ow, &oh);
    int scale = osd_scale_for(oh);
    if (osd_render(&u->osd, ow / scale, oh / scale, now)) {
        window_rect_t used = {u->osd.used_x0, u->osd.used_y0, u->osd.used_x1 - u->osd.used_x0,
                              u->osd.used_y1 - u->osd.used_y0};
        window_upload_osd(&u->win, u->osd.pixels, u->osd.w, u->osd.h, used);
        u->frame_dirty = true;
    }
}

/* The display's refresh period in ms: no point presenting more often (in warp the emulation
 * makes frames far faster, and drawing them all would take CPU time from it). */
static uint32_t refresh_ms(ui_t *u)
{
    SDL_DisplayMode mode;
    int index = SDL_GetWindowDisplayIndex(u->win.sdl_window);
    int hz = index >= 0 && SDL_GetCurrentDisplayMode(index, &mode) == 0 && mode.refresh_rate > 0 ? mode.refresh_rate : 60;
    return 1000u / (uint32_t)hz;
}

static void main_loop(ui_t *u)
{
    Uint32 wake = u->emu.wake_event, refresh = refresh_ms(u), last_present = 0;
    while (u->running) {
        SDL_Event ev;
        /* In warp, a few pictures a second show progress; the CPU time goes to emulation. */
        Uint32 period = u->warp ? UI_WARP_PRESENT_MS : refresh;
        /* Sleep until an event or a frame arrives, or a pending present is due. */
        Uint32 since = SDL_GetTicks() - last_present;
        int timeout = u->frame_dirty ? (since >= period ? 0 : (int)(period - since)) : 50;
        if (SDL_WaitEventTimeout(&ev, timeout)) {
            do {
                if (ev.type != wake)
                    on_event(u, &ev);
            } while (u->running && SDL_PollEvent(&ev));
        }
        if (ui_sig_quit)
            u->running = false;
        if (ui_sig_snapshot) {
            ui_sig_snapshot = 0;
            /* A running machine first shows the effect of every input sent before the signal:
             * the snapshot waits for a frame that ran after all of them. */
            u->snapshot_cmds = atomic_load(&u->emu.cmds_posted);
            u->snapshot_waiting = !u->paused;
            if (u->paused)
                u->snapshot_pending = true;
        }
        if (u->snapshot_waiting && (int)(emu_front(&u->emu)->cmds - u->snapshot_cmds) >= 0) {
            u->snapshot_waiting = false;
            ui_set_paused(u, true);
            u->snapshot_pending = true;
        }
        if (u->snapshot_pending && atomic_load(&u->emu.paused_ack))
            finish_snapshot(u);
        Uint32 now = SDL_GetTicks();
        if (now - last_present < period)
            continue;
        const emu_frame_t *f = emu_take_frame(&u->emu);
        if (f) {
            window_upload_frame(&u->win, f->pixels, f->w, f->h, f->w);
            u->frame_dirty = true;
            /* Emulated time for tests that wait for the machine to get somewhere. */
            while (testhook_on(&u->hook) && (long)f->seconds > u->hook_second) /* each second, none skipped */
                testhook_say(&u->hook, "time %ld", ++u->hook_second);
        }
        update_osd(u, now);
        if (u->frame_dirty) {
            window_present(&u->win, emu_front(&u->emu)->aspect);
            u->frame_dirty = false;
            last_present = now;
            if (!u->announced && testhook_on(&u->hook)) {
                testhook_sync_display(u->win.sdl_window);
                testhook_say(&u->hook, "ready %dx%d", u->win.shown.w, u->win.shown.h);
                u->announced = true;
            }
        }
    }
}

/* The window size: given, remembered in the config, or the frame's at the largest whole
 * factor that fits 80% of the desktop. */
static void initial_size(ui_t *u, int *w, int *h)
{
    const emu_frame_t *f = emu_front(&u->emu);
    *w = u->opts->window_width;
    *h = u->opts->window_height;
    if (*w > 0 && *h > 0)
        return;
    if (u->opts->prefs_path && uiprefs_load_window(u->opts->prefs_path, w, h) == 0)
        return;
    SDL_DisplayMode mode;
    int max_w = 1280, max_h = 960;
    if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
        max_w = mode.w * 4 / 5;
        max_h = mode.h * 4 / 5;
    }
    if (f->w <= 0 || f->h <= 0) { /* no picture yet: a VGA-sized window until one comes */
        *w = 640;
        *h = 480;
        return;
    }
    window_rect_t r = window_initial_size(f->w, f->h, f->aspect, max_w, max_h);
    *w = r.w;
    *h = r.h;
}

/* Sound: to the WAV file if asked, else to the device unless disabled; no device is one line
 * on stderr and silent running paced by the wall clock. */
static int open_sound(ui_t *u, char *err, size_t errlen)
{
    if (u->m->audio_rate <= 0) {
        if (u->opts->audio_out) {
            snprintf(err, errlen, "--audio-out: the %s machine produces no sound yet",
                     u->m->type ? u->m->type->name : "");
            return -1;
        }
        return 0;
    }
    if (u->opts->audio_out) {
        if (wav_open(&u->wav, u->opts->audio_out, u->m->audio_rate, err, errlen) != 0)
            return -1;
        u->have_wav = true;
        return 0;
    }
    if (u->opts->no_sound)
        return 0;
    char why[256];
    if (audio_open(&u->audio, why, sizeof why) == 0)
        u->have_audio = true;
    else
        fprintf(stderr, "arcana: %s; running silently\n", why);
    return 0;
}

/* SDL_Init(VIDEO) for a window a user can see. With only $DISPLAY set, SDL is pointed at X11
 * (its Wayland probe would print a libwayland error line first), with neither at the Linux
 * console's KMS. SDL's invisible "offscreen" and "dummy" drivers count as no display unless
 * asked for by name in $SDL_VIDEODRIVER. */
static int init_video(char *err, size_t errlen)
{
    const char *asked = getenv("SDL_VIDEODRIVER"), *x11 = getenv("DISPLAY");
    if (!asked && !getenv("WAYLAND_DISPLAY")) /* X11, or the Linux console's KMS */
        SDL_SetHint(SDL_HINT_VIDEODRIVER, x11 && *x11 ? "x11" : "kmsdrm");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "no display (%s); use --headless", SDL_GetError());
        return -1;
    }
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) && !(asked && strstr(asked, driver))) {
        snprintf(err, errlen, "no display (DISPLAY and WAYLAND_DISPLAY are not set); use --headless");
        SDL_Quit();
        return -1;
    }
    return 0;
}

/* `--has-window`: can a window be opened here? */
static int probe(char *err, size_t errlen)
{
    if (init_video(err, errlen) != 0)
        return -1;
    SDL_Window *w = SDL_CreateWindow("arcana", 0, 0, 64, 64, SDL_WINDOW_HIDDEN);
    if (!w)
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
    else
        SDL_DestroyWindow(w);
    SDL_Quit();
    return w ? 0 : -1;
}

static int run(ui_t *u, char *err, size_t errlen)
{
    if (open_sound(u, err, errlen) != 0)
        return -1;
    if (emu_init(&u->emu, u->m, u->have_audio ? &u->audio : NULL, u->have_wav ? &u->wav : NULL,
                 u->opts->seconds, u->opts->warp, err, errlen) != 0)
        return -1;
    u->emu.wake_event = SDL_RegisterEvents(1);
    u->emu.script = u->opts->script;
    int w, h;
    initial_size(u, &w, &h);
    if (window_open(&u->win, "Arcana", w, h, u->opts->vsync, u->opts->fullscreen, u->opts->smooth, err, errlen))
        return -1;
    ui_update_title(u);
    const emu_frame_t *f = emu_front(&u->emu);
    window_upload_frame(&u->win, f->pixels, f->w, f->h, f->w);
    u->warp = u->osd.warp = u->opts->warp;
    if (emu_start(&u->emu, err, errlen) != 0)
        return -1;
    for (int i = 0; i < SDL_NumJoysticks(); i++)
        on_pad_added(u, i);
    update_joystick(u);
    u->running = true;
    u->frame_dirty = true;
    main_loop(u);
    return 0;
}

int ui_run(machine_t **mp, const ui_options_t *opts, char *err, size_t errlen)
{
    if (!mp)
        return probe(err, errlen);
    machine_t *m = *mp;
    if (init_video(err, errlen) != 0)
        return -1;
    SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER); /* optional: no controllers is fine */
    ui_t *u = calloc(1, sizeof *u);
    if (!u) {
        snprintf(err, errlen, "out of memory");
        SDL_Quit();
        return -1;
    }
    u->m = m;
    u->opts = opts;
    u->profile = input_profile_for(m->type ? m->type->name : NULL);
    osd_init(&u->osd);
    testhook_open(&u->hook);
    if (ui_menu_init(u, err, errlen) != 0) {
        free(u);
        SDL_Quit();
        return -1;
    }
    struct sigaction quit_sa = {.sa_handler = on_quit_signal}, snap_sa = {.sa_handler = on_snapshot_signal};
    struct sigaction old_int, old_term, old_usr1;
    ui_sig_quit = ui_sig_snapshot = 0;
    sigaction(SIGINT, &quit_sa, &old_int);
    sigaction(SIGTERM, &quit_sa, &old_term);
    sigaction(SIGUSR1, &snap_sa, &old_usr1);

    int rc = run(u, err, errlen);

    ui_capture_mouse(u, false);
    emu_stop(&u->emu); /* the machine is idle from here: the caller may flush and destroy it */
    if (rc == 0 && opts->prefs_path && u->win.sdl_window && !u->win.fullscreen) {
        char why[256];
        if (uiprefs_save_window(opts->prefs_path, u->win.windowed_w, u->win.windowed_h, why, sizeof why) != 0)
            fprintf(stderr, "arcana: window size not saved: %s\n", why);
    }
    if (u->have_wav) {
        char why[MACHINE_ERR_LEN];
        if (wav_close(&u->wav, why, sizeof why) != 0 && rc == 0) {
            snprintf(err, errlen, "--audio-out: %s", why);
            rc = -1;
        }
    }
    if (u->have_audio)
        audio_close(&u->audio);
    for (int i = 0; i < UI_MAX_PADS; i++)
        if (u->pads[i])
            SDL_GameControllerClose(u->pads[i]);
    osd_free(&u->osd);
    ui_menu_free(u);
    *mp = u->m;
    window_close(&u->win);
    testhook_close(&u->hook);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGUSR1, &old_usr1, NULL);
    free(u);
    SDL_Quit();
    return rc;
}
