/* The F12 menu's glue (frontend/menu.h is the model): what it shows comes from the window's
 * state, what it chooses is done here — inserting (zip members through a cache copy), states
 * in slots with thumbnails, settings applied on a freshly created machine, the first-run hint.
 * The machine is paused while the menu is open, so states and machine swaps happen here on the
 * main thread with the emulation thread idle (emu_pause_sync). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "frontend/menu.h"
#include "frontend/png.h"
#include "frontend/ui_state.h"
#include "frontend/uiprefs.h"
#include "roms/archive.h"

#define THUMB_W 160
#define THUMB_MAX_H 128
#define HINT_LINES 6

struct ui_menu {
    menu_t menu;
    char disk[MENU_DRIVES][MENU_PATH];  /* what each drive holds ("" = empty) */
    char recent[MENU_RECENT][MENU_PATH];
    int recent_count;
    char recent_file[4096], state_dir[4096], cache_dir[4096];
    uint32_t *thumb[MENU_SLOTS];
    int thumb_w[MENU_SLOTS], thumb_h[MENU_SLOTS];
    menu_settings_t applied;            /* the settings the running machine was made with */
    bool was_paused;
    int volume;
    char hint_buf[HINT_LINES][120];
    const char *hint[HINT_LINES + 1];
    bool hint_shown;
    char reported_dir[MENU_PATH];       /* the folder whose items the test hook has listed */
};

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static const char *machine_name(const ui_t *u) { return u->m->type ? u->m->type->name : "machine"; }

static void data_home(char *out, size_t len, const char *what)
{
    const char *xdg = getenv(what[0] == 'c' ? "XDG_CACHE_HOME" : "XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(out, len, "%s/arcana/%s", xdg, what);
    else if (home && *home)
        snprintf(out, len, "%s/%s/arcana/%s", home, what[0] == 'c' ? ".cache" : ".local/share", what);
    else
        snprintf(out, len, "./arcana-%s", what);
}

static void slot_path(const ui_t *u, int slot, const char *ext, char *out, size_t len)
{
    snprintf(out, len, "%s/%s-slot%d.%s", u->menu->state_dir, machine_name(u), slot + 1, ext);
}

static void load_thumb(ui_t *u, int slot)
{
    ui_menu_t *mm = u->menu;
    char path[4200], err[256];
    free(mm->thumb[slot]);
    mm->thumb[slot] = NULL;
    slot_path(u, slot, "png", path, sizeof path);
    if (access(path, F_OK) == 0 &&
        png_read_rgba(path, THUMB_W, THUMB_MAX_H, &mm->thumb[slot], &mm->thumb_w[slot], &mm->thumb_h[slot], err, sizeof err) != 0)
        fprintf(stderr, "arcana: state thumbnail: %s\n", err);
}

/* ---- recent images: one path a line in $XDG_CONFIG_HOME/arcana/recent.txt ---- */

static void load_recent(ui_menu_t *mm)
{
    FILE *f = mm->recent_file[0] ? fopen(mm->recent_file, "r") : NULL;
    char line[MENU_PATH];
    while (f && mm->recent_count < MENU_RECENT && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '/')
            snprintf(mm->recent[mm->recent_count++], MENU_PATH, "%s", line);
    }
    if (f)
        fclose(f);
}

static void save_recent(ui_menu_t *mm)
{
    if (!mm->recent_file[0])
        return;
    char tmp[4200], dir[4096];
    snprintf(dir, sizeof dir, "%s", mm->recent_file);
    *strrchr(dir, '/') = 0;
    uiprefs_make_dirs(dir);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", mm->recent_file, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    for (int i = 0; i < mm->recent_count; i++)
        fprintf(f, "%s\n", mm->recent[i]);
    if (fclose(f) != 0 || rename(tmp, mm->recent_file) != 0) {
        fprintf(stderr, "arcana: %s: cannot write: %s\n", mm->recent_file, strerror(errno));
        unlink(tmp);
    }
}

static void add_recent(ui_menu_t *mm, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return;
    int i = 0;
    while (i < mm->recent_count && strcmp(mm->recent[i], real) != 0)
        i++;
    if (i == mm->recent_count && mm->recent_count < MENU_RECENT)
        mm->recent_count++;
    if (i == MENU_RECENT)
        i = MENU_RECENT - 1;
    memmove(mm->recent[1], mm->recent[0], (size_t)i * MENU_PATH);
    snprintf(mm->recent[0], MENU_PATH, "%s", real);
    free(real);
    save_recent(mm);
}

/* ---- what the menu shows ---- */

static int default_ram(const ui_t *u) { return !strcmp(machine_name(u), "a500") ? 3 : 32; }

static void initial_settings(ui_t *u, menu_settings_t *s)
{
    const machine_config_t *c = u->opts->machine_config;
    unsigned takes = u->m->type ? u->m->type->takes : 0;
    memset(s, 0, sizeof *s);
    if (!c)
        return;
    s->ram_mb = c->ram_mb ? c->ram_mb : default_ram(u);
    if (takes & MACHINE_TAKES_RAM) {
        static const int a500[] = {1, 2, 3, 5, 9}, riscpc[] = {4, 8, 16, 32, 64, 128, 256};
        bool amiga = !strcmp(machine_name(u), "a500");
        const int *list = amiga ? a500 : riscpc;
        s->ram_count = amiga ? 5 : 7;
        memcpy(s->ram_choices, list, (size_t)s->ram_count * sizeof *list);
    }
    if (takes & MACHINE_TAKES_CHIPSET) {
        s->chipset_choices[0] = "ocs";
        s->chipset_choices[1] = "ecs";
        s->chipset_count = 2;
        s->chipset = c->chipset ? c->chipset : "ocs";
    }
    if (takes & MACHINE_TAKES_CPU) {
        s->cpu_choices[0] = "arm610";
        s->cpu_choices[1] = "arm710";
        s->cpu_choices[2] = "sa110";
        s->cpu_count = 3;
        s->cpu = c->cpu ? c->cpu : "arm710";
    }
    snprintf(s->rom, sizeof s->rom, "%s", c->rom ? c->rom : "");
    snprintf(s->hostfs, sizeof s->hostfs, "%s", c->hostfs_dir ? c->hostfs_dir : "");
    s->net = c->net && strcmp(c->net, "none") != 0;
    s->takes_net = true;
}

static void view_of(ui_t *u, menu_view_t *v)
{
    ui_menu_t *mm = u->menu;
    memset(v, 0, sizeof *v);
    v->drives = MENU_DRIVES;
    v->drive_name = u->profile == INPUT_PROFILE_RISCPC ? "Floppy " : "DF";
    for (int d = 0; d < MENU_DRIVES; d++)
        snprintf(v->disk[d], sizeof v->disk[d], "%s", mm->disk[d][0] ? base_name(mm->disk[d]) : "");
    v->paused = mm->was_paused;
    v->warp = u->warp;
    v->smooth = u->win.smooth;
    v->follow_mouse = u->follow_mouse;
    v->volume = mm->volume;
    v->states = u->m->type && (u->m->type->takes & MACHINE_TAKES_STATES);
    snprintf(v->no_states, sizeof v->no_states, "the %s has no save states yet", machine_name(u));
    for (int i = 0; i < MENU_SLOTS; i++) {
        char path[4200];
        struct stat st;
        slot_path(u, i, "state", path, sizeof path);
        v->slot_used[i] = stat(path, &st) == 0;
        if (v->slot_used[i]) {
            struct tm tm;
            localtime_r(&st.st_mtime, &tm);
            strftime(v->slot_when[i], sizeof v->slot_when[i], "saved %Y-%m-%d %H:%M:%S", &tm);
        }
        v->thumb[i] = mm->thumb[i];
    }
    /* All slots' thumbnails share one size (the machine's frame scaled the same way). */
    for (int i = 0; i < MENU_SLOTS; i++)
        if (mm->thumb[i]) {
            v->thumb_w = mm->thumb_w[i];
            v->thumb_h = mm->thumb_h[i];
            for (int j = 0; j < MENU_SLOTS; j++)
                if (mm->thumb[j] && (mm->thumb_w[j] != v->thumb_w || mm->thumb_h[j] != v->thumb_h))
                    v->thumb[j] = NULL;
            break;
        }
    memcpy(v->recent, mm->recent, sizeof v->recent);
    v->recent_count = mm->recent_count;
    v->image_exts = u->profile == INPUT_PROFILE_RISCPC ? ".adf.adl.img.ima.hdf.iso" : ".adf.adz.hdf.dms.ipf";
}

/* ---- actions ---- */

void ui_menu_insert(ui_t *u, int drive, const char *path)
{
    ui_menu_t *mm = u->menu;
    emu_cmd_t c = {.kind = EMU_INSERT, .a = input_media_kind(path)};
    c.b = c.a == MEDIA_FLOPPY ? drive : 0;
    if (strlen(path) >= sizeof c.path) {
        osd_message(&u->osd, SDL_GetTicks(), "Path too long: %s", path);
        return;
    }
    snprintf(c.path, sizeof c.path, "%s", path);
    emu_post(&u->emu, &c);
    if (c.a != MEDIA_FLOPPY)
        return;
    u->osd.drives_seen |= 1u << c.b;
    if (c.b < MENU_DRIVES)
        snprintf(mm->disk[c.b], MENU_PATH, "%s", path);
    add_recent(mm, path);
    if (u->osd.help == (const char *const *)mm->hint)
        u->osd.help = NULL; /* the first-run hint has done its job */
}

void ui_menu_ejected(ui_t *u, int drive)
{
    if (drive >= 0 && drive < MENU_DRIVES)
        u->menu->disk[drive][0] = 0;
}

/* A zip member chosen in the browser: unpacked into the cache folder (the zip stays as it
 * is; the guest writes to the copy). */
static int unpack_member(ui_t *u, const char *zip, const char *member, char *out, size_t len)
{
    uint8_t *data;
    size_t size;
    char err[MACHINE_ERR_LEN], tmp[4300];
    if (archive_read(zip, member, NULL, NULL, 64u << 20, &data, &size, NULL, 0, err, sizeof err) != 0) {
        osd_message(&u->osd, SDL_GetTicks(), "%s", err);
        return -1;
    }
    uiprefs_make_dirs(u->menu->cache_dir);
    if ((size_t)snprintf(out, len, "%s/%s", u->menu->cache_dir, base_name(member)) >= len ||
        (size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", out, (long)getpid()) >= sizeof tmp) {
        free(data);
        osd_message(&u->osd, SDL_GetTicks(), "%s: path too long", member);
        return -1;
    }
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(data, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = false;
    free(data);
    if (!ok || rename(tmp, out) != 0) {
        osd_message(&u->osd, SDL_GetTicks(), "%s: cannot write: %s", out, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static void make_thumb(ui_t *u, int slot)
{
    const emu_frame_t *f = emu_front(&u->emu);
    if (!f->pixels || f->w <= 0 || f->h <= 0)
        return;
    /* Scaled to THUMB_W wide at the frame's shown aspect, nearest pixel. */
    double shown_w = f->w * f->aspect;
    int tw = THUMB_W, th = (int)(THUMB_W * f->h / shown_w + 0.5);
    th = th < 1 ? 1 : th > THUMB_MAX_H ? THUMB_MAX_H : th;
    uint32_t *t = malloc((size_t)tw * th * sizeof *t);
    if (!t)
        return;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw; x++)
            t[(size_t)y * tw + x] = f->pixels[(size_t)(y * f->h / th) * f->w + (size_t)(x * f->w / tw)];
    machine_frame_t mf = {t, tw, th, tw, 1.0, f->number};
    char path[4200], err[MACHINE_ERR_LEN];
    slot_path(u, slot, "png", path, sizeof path);
    if (png_write_frame(path, &mf, NULL, NULL, 0, err, sizeof err) != 0)
        fprintf(stderr, "arcana: state thumbnail: %s\n", err);
    free(t);
    load_thumb(u, slot);
}

static void state_slot(ui_t *u, int slot, bool save)
{
    char path[4200], err[MACHINE_ERR_LEN];
    slot_path(u, slot, "state", path, sizeof path);
    if (!emu_pause_sync(&u->emu, 2000)) {
        osd_message(&u->osd, SDL_GetTicks(), "The machine did not stop: state not %s", save ? "saved" : "loaded");
        return;
    }
    if (save && uiprefs_make_dirs(u->menu->state_dir) != 0) {
        osd_message(&u->osd, SDL_GetTicks(), "%s: %s", u->menu->state_dir, strerror(errno));
        return;
    }
    int rc = save ? machine_save_state(u->m, path, err, sizeof err) : machine_load_state(u->m, path, err, sizeof err);
    if (rc != 0) {
        osd_message(&u->osd, SDL_GetTicks(), "%s", err);
        fprintf(stderr, "arcana: %s\n", err);
        return;
    }
    if (save) {
        make_thumb(u, slot);
    } else {
        /* The machine's picture is redrawn by its next frame; a snapshot waits for that one. */
        ui_post(u, EMU_SYNC, 0, 0, 0);
    }
    osd_message(&u->osd, SDL_GetTicks(), "State %s slot %d", save ? "saved to" : "loaded from", slot + 1);
    testhook_say(&u->hook, "state %s %d", save ? "saved" : "loaded", slot + 1);
}

/* A new machine from the settings (and the disks in the drives), replacing the running one:
 * what "apply on reset" means, since memory and chips are fixed when a machine is made. */
static void apply_settings(ui_t *u)
{
    ui_menu_t *mm = u->menu;
    const menu_settings_t *s = &mm->menu.set;
    machine_config_t c = *u->opts->machine_config;
    char err[MACHINE_ERR_LEN];
    c.ram_mb = s->ram_count ? s->ram_mb : c.ram_mb;
    c.chipset = s->chipset_count ? s->chipset : c.chipset;
    c.cpu = s->cpu_count ? s->cpu : c.cpu;
    c.rom = s->rom[0] ? s->rom : NULL;
    c.hostfs_dir = s->hostfs[0] ? s->hostfs : NULL;
    c.net = s->net ? "slirp" : NULL;
    if (!s->net && u->opts->machine_config->net && strcmp(u->opts->machine_config->net, "none") != 0)
        c.net = "none";
    for (int d = 0; d < MACHINE_MAX_FLOPPIES; d++)
        c.floppy[d] = d < MENU_DRIVES && mm->disk[d][0] ? mm->disk[d] : NULL;
    machine_t *fresh;
    if (machine_check_config(&c, NULL, err, sizeof err) != 0 || machine_create(&c, &fresh, err, sizeof err) != 0) {
        osd_message(&u->osd, SDL_GetTicks(), "Settings not applied: %s", err);
        fprintf(stderr, "arcana: settings not applied: %s\n", err);
        return;
    }
    if (!emu_pause_sync(&u->emu, 2000)) {
        machine_destroy(fresh);
        osd_message(&u->osd, SDL_GetTicks(), "The machine did not stop: settings not applied");
        return;
    }
    machine_t *old = u->m;
    char flush_err[MACHINE_ERR_LEN];
    if (machine_flush(old, flush_err, sizeof flush_err) != 0)
        fprintf(stderr, "arcana: %s\n", flush_err);
    emu_swap_machine(&u->emu, fresh);
    u->m = fresh;
    machine_destroy(old);
    mm->applied = *s;
    u->hook_second = 0; /* the new machine's time starts again */
    osd_message(&u->osd, SDL_GetTicks(), "New settings: machine reset");
    testhook_say(&u->hook, "settings applied ram %d", c.ram_mb);
}

static void close_menu(ui_t *u)
{
    ui_menu_t *mm = u->menu;
    mm->menu.open = false;
    u->osd.menu = NULL;
    ui_set_paused(u, mm->was_paused);
    u->frame_dirty = true;
}

static void act(ui_t *u, const menu_result_t *r)
{
    ui_menu_t *mm = u->menu;
    char path[4200];
    switch (r->action) {
    case MENU_NONE: return;
    case MENU_CLOSE: close_menu(u); break;
    case MENU_INSERT:
        if (r->member[0]) {
            if (unpack_member(u, r->path, r->member, path, sizeof path) == 0)
                ui_menu_insert(u, r->drive, path);
        } else {
            ui_menu_insert(u, r->drive, r->path);
        }
        close_menu(u);
        break;
    case MENU_EJECT:
        ui_post(u, EMU_EJECT, MEDIA_FLOPPY, r->drive, 0);
        ui_menu_ejected(u, r->drive);
        break;
    case MENU_RESET: ui_post(u, EMU_RESET, 0, 0, 0); close_menu(u); break;
    case MENU_HARD_RESET: ui_post(u, EMU_RESET, 1, 0, 0); close_menu(u); break;
    case MENU_PAUSE: mm->was_paused = !mm->was_paused; break;
    case MENU_WARP:
        u->warp = !u->warp;
        emu_set_warp(&u->emu, u->warp);
        u->osd.warp = u->warp;
        break;
    case MENU_SAVE_STATE: state_slot(u, r->slot, true); break;
    case MENU_LOAD_STATE: state_slot(u, r->slot, false); close_menu(u); break;
    case MENU_SCREENSHOT:
        /* Of the machine's picture: the menu is the OSD's, not in the frame. */
        ui_screenshot(u, path, sizeof path);
        break;
    case MENU_APPLY: apply_settings(u); close_menu(u); break;
    case MENU_SCALING: u->win.smooth = !u->win.smooth; break;
    case MENU_MOUSE_MODE:
        u->follow_mouse = !u->follow_mouse;
        if (u->follow_mouse)
            ui_capture_mouse(u, false);
        ui_update_title(u);
        break;
    case MENU_VOLUME:
        mm->volume = r->value;
        atomic_store(&u->emu.volume, (unsigned)r->value);
        break;
    case MENU_SHARED_FOLDER: break;
    case MENU_QUIT: u->running = false; break;
    }
    if (mm->menu.open) {
        menu_view_t v;
        view_of(u, &v);
        menu_refresh(&mm->menu, &v);
    }
}

/* ---- the window's entry points ---- */

int ui_menu_init(ui_t *u, char *err, size_t errlen)
{
    ui_menu_t *mm = calloc(1, sizeof *mm);
    if (!mm) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    u->menu = mm;
    mm->volume = 100;
    const char *folder = u->opts->disk_folder;
    menu_init(&mm->menu, folder && *folder ? folder : ".");
    char prefs_dir[4000] = "";
    if (u->opts->prefs_path) {
        snprintf(prefs_dir, sizeof prefs_dir, "%s", u->opts->prefs_path);
        char *slash = strrchr(prefs_dir, '/');
        if (slash)
            *slash = 0;
        snprintf(mm->recent_file, sizeof mm->recent_file, "%s/recent.txt", prefs_dir);
    }
    data_home(mm->state_dir, sizeof mm->state_dir, "states");
    data_home(mm->cache_dir, sizeof mm->cache_dir, "cache");
    load_recent(mm);
    const machine_config_t *c = u->opts->machine_config;
    for (int d = 0; c && d < MENU_DRIVES; d++)
        if (c->floppy[d])
            snprintf(mm->disk[d], MENU_PATH, "%s", c->floppy[d]);
    for (int i = 0; i < MENU_SLOTS; i++)
        load_thumb(u, i);
    initial_settings(u, &mm->applied);
    /* First run of an Amiga with nothing to boot: AROS would only wait for media. */
    if (c && !c->floppy[0] && !c->hostfs_boot && u->profile == INPUT_PROFILE_AMIGA) {
        snprintf(mm->hint_buf[0], 120, "No disk in DF0: the machine waits for one");
        snprintf(mm->hint_buf[1], 120, "F12 opens the menu: disks, states, settings");
        snprintf(mm->hint_buf[2], 120, "or drag and drop a disk image onto this window");
        snprintf(mm->hint_buf[3], 120, "Disks to try: F12, then Return, browses");
        snprintf(mm->hint_buf[4], 120, "  %.100s", mm->menu.dir);
        snprintf(mm->hint_buf[5], 120, "Ctrl+Alt+H lists the hotkeys");
        for (int i = 0; i < HINT_LINES; i++)
            mm->hint[i] = mm->hint_buf[i];
        mm->hint[HINT_LINES] = NULL;
        u->osd.help = mm->hint;
        mm->hint_shown = true;
    }
    if (u->profile == INPUT_PROFILE_RISCPC)
        u->osd.floppy_prefix = ":"; /* RISC OS calls its floppy drives :0 and :1 */
    osd_message(&u->osd, SDL_GetTicks(), "F12: menu");
    return 0;
}

void ui_menu_free(ui_t *u)
{
    if (!u->menu)
        return;
    for (int i = 0; i < MENU_SLOTS; i++)
        free(u->menu->thumb[i]);
    free(u->menu);
    u->menu = NULL;
}

bool ui_menu_is_open(const ui_t *u) { return u->menu && u->menu->menu.open; }

void ui_menu_toggle(ui_t *u)
{
    ui_menu_t *mm = u->menu;
    if (mm->menu.open) {
        close_menu(u);
        return;
    }
    if (u->osd.help == (const char *const *)mm->hint)
        u->osd.help = NULL;
    mm->was_paused = u->paused;
    ui_release_keys(u);
    ui_capture_mouse(u, false);
    ui_set_paused(u, true);
    menu_view_t v;
    view_of(u, &v);
    menu_settings_t s = mm->applied;
    menu_open(&mm->menu, &v, &s);
    u->osd.menu = &mm->menu;
}

static bool map_key(SDL_Keycode sym, menu_key_t *k)
{
    switch (sym) {
    case SDLK_UP: *k = MENU_KEY_UP; return true;
    case SDLK_DOWN: *k = MENU_KEY_DOWN; return true;
    case SDLK_LEFT: *k = MENU_KEY_LEFT; return true;
    case SDLK_RIGHT: *k = MENU_KEY_RIGHT; return true;
    case SDLK_PAGEUP: *k = MENU_KEY_PAGE_UP; return true;
    case SDLK_PAGEDOWN: *k = MENU_KEY_PAGE_DOWN; return true;
    case SDLK_HOME: *k = MENU_KEY_HOME; return true;
    case SDLK_END: *k = MENU_KEY_END; return true;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE: *k = MENU_KEY_ENTER; return true;
    case SDLK_BACKSPACE: *k = MENU_KEY_BACK; return true;
    case SDLK_ESCAPE: *k = MENU_KEY_ESCAPE; return true;
    default: return false;
    }
}

static const char *const page_names[] = {"main", "browse", "recent", "save", "load", "settings"};

/* The test hook's view: every item when a page is entered, then the selection. */
static void report(ui_t *u, menu_page_t before, bool was_open)
{
    const menu_t *m = &u->menu->menu;
    if (!testhook_on(&u->hook))
        return;
    if (!m->open) {
        testhook_say(&u->hook, "menu closed");
        return;
    }
    bool new_folder = m->page == MENU_PAGE_BROWSE && strcmp(u->menu->reported_dir, m->dir) != 0;
    snprintf(u->menu->reported_dir, sizeof u->menu->reported_dir, "%s", m->page == MENU_PAGE_BROWSE ? m->dir : "");
    if (!was_open || m->page != before || new_folder)
        for (int i = 0; i < m->count; i++)
            testhook_say(&u->hook, "item %d%s %s", i, m->items[i].disabled ? " disabled" : "", m->items[i].text);
    testhook_say(&u->hook, "menu %s %d %s", page_names[m->page], m->cursor,
                 m->cursor < m->count ? m->items[m->cursor].text : "");
}

bool ui_menu_event(ui_t *u, const SDL_Event *ev)
{
    ui_menu_t *mm = u->menu;
    if (!mm)
        return false;
    menu_page_t before = mm->menu.page;
    bool was_open = mm->menu.open;
    if (ev->type == SDL_KEYDOWN && ev->key.keysym.scancode == SDL_SCANCODE_F12 && !(ev->key.keysym.mod & KMOD_ALT)) {
        if (!ev->key.repeat) {
            ui_menu_toggle(u);
            u->osd.menu_serial++;
            report(u, before, was_open);
        }
        return true; /* F12 is the menu's (Alt+F12 reaches the machine) */
    }
    if (ev->type == SDL_KEYUP && ev->key.keysym.scancode == SDL_SCANCODE_F12 && !(ev->key.keysym.mod & KMOD_ALT))
        return true;
    if (!mm->menu.open)
        return false;
    menu_result_t r = {.action = MENU_NONE};
    bool handled = false;
    if (ev->type == SDL_KEYDOWN) {
        menu_key_t k;
        SDL_Keycode sym = ev->key.keysym.sym;
        if (map_key(sym, &k)) {
            r = menu_key(&mm->menu, k);
            handled = true;
        } else if (sym >= 32 && sym < 127) {
            r = menu_char(&mm->menu, (char)sym);
            handled = true;
        }
    } else if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.button == SDL_BUTTON_LEFT) {
        int ww, wh, ow, oh;
        SDL_GetWindowSize(u->win.sdl_window, &ww, &wh);
        window_output_size(&u->win, &ow, &oh);
        int scale = osd_scale_for(oh);
        int x = ww ? ev->button.x * ow / ww / scale : 0, y = wh ? ev->button.y * oh / wh / scale : 0;
        if (u->osd.menu_row_h > 0 && x >= u->osd.menu_x0 && x < u->osd.menu_x1 && y >= u->osd.menu_y0)
            r = menu_click(&mm->menu, (y - u->osd.menu_y0) / u->osd.menu_row_h);
        handled = true;
    } else if (ev->type == SDL_MOUSEWHEEL) {
        r = menu_key(&mm->menu, ev->wheel.y > 0 ? MENU_KEY_UP : MENU_KEY_DOWN);
        handled = true;
    } else if (ev->type == SDL_KEYUP || ev->type == SDL_MOUSEBUTTONUP || ev->type == SDL_MOUSEMOTION) {
        return true; /* the menu's, not the machine's */
    }
    if (!handled)
        return false;
    act(u, &r);
    u->osd.menu_serial++;
    u->frame_dirty = true;
    report(u, before, was_open);
    return true;
}
