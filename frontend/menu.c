#include "frontend/menu.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <minizip/unzip.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Item ids: what choosing an item does. Drive and slot items add their number. */
enum {
    ID_NONE, ID_INSERT = 10, ID_EJECT = 20, ID_RECENT, ID_RESET, ID_HARD_RESET, ID_PAUSE, ID_WARP,
    ID_SAVE, ID_LOAD, ID_SCREENSHOT, ID_SETTINGS, ID_VOLUME, ID_SCALING, ID_MOUSE, ID_QUIT, ID_CLOSE,
    ID_SLOT = 40, ID_RECENT_ITEM = 50,
    ID_RAM = 70, ID_CHIPSET, ID_CPU, ID_ROM, ID_HOSTFS, ID_NET, ID_APPLY, ID_BACK,
    ID_PARENT = 90, ID_ENTRY, ID_USE_FOLDER,
};

static menu_item_t *add(menu_t *m, int id, bool disabled, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static menu_item_t *add(menu_t *m, int id, bool disabled, const char *fmt, ...)
{
    if (m->count >= MENU_MAX_ITEMS)
        return NULL;
    menu_item_t *it = &m->items[m->count++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->text, sizeof it->text, fmt, ap);
    va_end(ap);
    it->disabled = disabled;
    it->is_dir = false;
    it->id = id;
    return it;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

bool menu_is_image(const char *name, const char *exts)
{
    char inner[256];
    snprintf(inner, sizeof inner, "%s", name);
    if (ends_with(inner, ".gz"))
        inner[strlen(inner) - 3] = 0;
    for (const char *e = exts; e && *e == '.';) {
        const char *next = strchr(e + 1, '.');
        size_t len = next ? (size_t)(next - e) : strlen(e);
        size_t n = strlen(inner);
        if (n > len && strncasecmp(inner + n - len, e, len) == 0)
            return true;
        e += len;
    }
    return false;
}

static const char *drive_name(const menu_t *m) { return m->view.drive_name ? m->view.drive_name : "DF"; }

static void build_main(menu_t *m)
{
    const menu_view_t *v = &m->view;
    snprintf(m->title, sizeof m->title, "Arcana menu");
    snprintf(m->hint, sizeof m->hint, "Up/Down, Return chooses, Esc or F12 closes");
    for (int d = 0; d < v->drives && d < MENU_DRIVES; d++)
        add(m, ID_INSERT + d, false, "%s%d: %s", drive_name(m), d, v->disk[d][0] ? v->disk[d] : "(empty) - insert a disk...");
    for (int d = 0; d < v->drives && d < MENU_DRIVES; d++)
        add(m, ID_EJECT + d, !v->disk[d][0], "Eject %s%d", drive_name(m), d);
    add(m, ID_RECENT, v->recent_count == 0, "Recent images...");
    add(m, ID_RESET, false, "Reset");
    add(m, ID_HARD_RESET, false, "Hard reset (power cycle)");
    add(m, ID_PAUSE, false, "Pause: %s", v->paused ? "on" : "off");
    add(m, ID_WARP, false, "Warp speed: %s", v->warp ? "on" : "off");
    if (v->states) {
        add(m, ID_SAVE, false, "Save state...");
        add(m, ID_LOAD, false, "Load state...");
    } else {
        add(m, ID_SAVE, true, "Save state (%s)", v->no_states);
        add(m, ID_LOAD, true, "Load state (%s)", v->no_states);
    }
    add(m, ID_SCREENSHOT, false, "Screenshot");
    add(m, ID_SETTINGS, false, "Machine settings...");
    add(m, ID_VOLUME, false, "Volume: %d%% (Left/Right)", v->volume);
    add(m, ID_SCALING, false, "Scaling: %s", v->smooth ? "smooth" : "integer (sharp pixels)");
    add(m, ID_MOUSE, false, "Mouse: %s", v->follow_mouse ? "follows the host pointer" : "captured on click");
    add(m, ID_QUIT, false, "Quit Arcana");
    add(m, ID_CLOSE, false, "Close menu");
}

static void build_slots(menu_t *m, bool save)
{
    snprintf(m->title, sizeof m->title, "%s state", save ? "Save" : "Load");
    snprintf(m->hint, sizeof m->hint, "Return %s the slot, Esc goes back", save ? "saves into" : "loads");
    for (int i = 0; i < MENU_SLOTS; i++)
        add(m, ID_SLOT + i, !save && !m->view.slot_used[i], "Slot %d: %s", i + 1,
            m->view.slot_used[i] ? m->view.slot_when[i] : "empty");
    add(m, ID_BACK, false, "Back");
}

static void build_recent(menu_t *m)
{
    snprintf(m->title, sizeof m->title, "Recent images (into %s%d)", drive_name(m), m->drive);
    snprintf(m->hint, sizeof m->hint, "Return inserts, Esc goes back");
    for (int i = 0; i < m->view.recent_count; i++)
        add(m, ID_RECENT_ITEM + i, false, "%s", base_name(m->view.recent[i]));
    add(m, ID_BACK, false, "Back");
}

static void build_settings(menu_t *m)
{
    const menu_settings_t *s = &m->set;
    snprintf(m->title, sizeof m->title, "Machine settings (apply on reset)");
    snprintf(m->hint, sizeof m->hint, "Left/Right or Return changes, Esc goes back");
    if (s->ram_count)
        add(m, ID_RAM, false, "RAM: %d MB", s->ram_mb);
    else
        add(m, ID_RAM, true, "RAM: fixed on this machine");
    if (s->chipset_count)
        add(m, ID_CHIPSET, false, "Chipset: %s", s->chipset ? s->chipset : s->chipset_choices[0]);
    if (s->cpu_count)
        add(m, ID_CPU, false, "CPU: %s", s->cpu ? s->cpu : s->cpu_choices[0]);
    add(m, ID_ROM, false, "ROM: %s", s->rom[0] ? base_name(s->rom) : "default");
    add(m, ID_HOSTFS, false, "Shared folder (HostFS): %s", s->hostfs[0] ? s->hostfs : "none");
    if (s->takes_net)
        add(m, ID_NET, false, "Network: %s", s->net ? "on (user mode, slirp)" : "off");
    add(m, ID_APPLY, false, "Apply and reset");
    add(m, ID_BACK, false, "Back");
}

static int entry_cmp(const void *a, const void *b)
{
    const menu_item_t *x = a, *y = b;
    if (x->is_dir != y->is_dir)
        return x->is_dir ? -1 : 1;
    return strcasecmp(x->text, y->text);
}

static void build_zip(menu_t *m)
{
    snprintf(m->title, sizeof m->title, "%.80s (%s%d)", base_name(m->dir), drive_name(m), m->drive);
    add(m, ID_PARENT, false, "../")->is_dir = true;
    unzFile z = unzOpen64(m->dir);
    if (!z) {
        add(m, ID_NONE, true, "(not a readable zip archive)");
        return;
    }
    int first = m->count;
    for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z)) {
        char name[256];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(z, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            break;
        if (name[0] && name[strlen(name) - 1] != '/' && menu_is_image(name, m->view.image_exts))
            add(m, ID_ENTRY, false, "%s", name);
    }
    unzClose(z);
    qsort(m->items + first, (size_t)(m->count - first), sizeof m->items[0], entry_cmp);
    if (m->count == first)
        add(m, ID_NONE, true, "(no disk images inside)");
}

static void build_browser(menu_t *m)
{
    snprintf(m->hint, sizeof m->hint, "Return opens, Backspace goes up, type to jump, Esc goes back");
    if (m->in_zip) {
        build_zip(m);
        return;
    }
    const char *what = m->pick == MENU_PICK_ROM ? "ROM" : m->pick == MENU_PICK_FOLDER ? "shared folder" : NULL;
    if (what)
        snprintf(m->title, sizeof m->title, "Choose the %s: %.60s", what, m->dir);
    else
        snprintf(m->title, sizeof m->title, "%s%d: %.70s", drive_name(m), m->drive, m->dir);
    if (m->pick == MENU_PICK_FOLDER)
        add(m, ID_USE_FOLDER, false, "[Use this folder]");
    if (strcmp(m->dir, "/") != 0)
        add(m, ID_PARENT, false, "../")->is_dir = true;
    DIR *d = opendir(m->dir);
    if (!d) {
        add(m, ID_NONE, true, "(cannot read this folder)");
        return;
    }
    int first = m->count;
    struct dirent *e;
    while ((e = readdir(d)) && m->count < MENU_MAX_ITEMS) {
        if (e->d_name[0] == '.')
            continue;
        char path[MENU_PATH + 256];
        snprintf(path, sizeof path, "%s/%s", m->dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        bool dir = S_ISDIR(st.st_mode);
        bool zip = !dir && m->pick == MENU_PICK_DISK && ends_with(e->d_name, ".zip");
        bool shown = dir || zip || m->pick == MENU_PICK_ROM ||
                     (m->pick == MENU_PICK_DISK && menu_is_image(e->d_name, m->view.image_exts));
        if (!shown)
            continue;
        menu_item_t *it = add(m, ID_ENTRY, false, "%s%s", e->d_name, dir || zip ? "/" : "");
        if (it)
            it->is_dir = dir || zip;
    }
    closedir(d);
    qsort(m->items + first, (size_t)(m->count - first), sizeof m->items[0], entry_cmp);
}

static void rebuild(menu_t *m)
{
    m->count = 0;
    switch (m->page) {
    case MENU_PAGE_MAIN: build_main(m); break;
    case MENU_PAGE_BROWSE: build_browser(m); break;
    case MENU_PAGE_RECENT: build_recent(m); break;
    case MENU_PAGE_SAVE: build_slots(m, true); break;
    case MENU_PAGE_LOAD: build_slots(m, false); break;
    case MENU_PAGE_SETTINGS: build_settings(m); break;
    }
    if (m->cursor >= m->count)
        m->cursor = m->count ? m->count - 1 : 0;
    if (m->cursor < 0)
        m->cursor = 0;
    if (m->cursor < m->top)
        m->top = m->cursor;
    if (m->cursor >= m->top + MENU_ROWS)
        m->top = m->cursor - MENU_ROWS + 1;
}

static void go(menu_t *m, menu_page_t page, int cursor)
{
    m->page = page;
    m->cursor = cursor;
    m->top = 0;
    m->typed[0] = 0;
    rebuild(m);
}

void menu_init(menu_t *m, const char *start_dir)
{
    memset(m, 0, sizeof *m);
    char *real = start_dir ? realpath(start_dir, NULL) : NULL;
    snprintf(m->dir, sizeof m->dir, "%s", real ? real : "/");
    free(real);
}

void menu_open(menu_t *m, const menu_view_t *view, const menu_settings_t *set)
{
    m->view = *view;
    m->set = *set;
    m->open = true;
    go(m, MENU_PAGE_MAIN, 0);
}

void menu_refresh(menu_t *m, const menu_view_t *view)
{
    m->view = *view;
    if (m->page != MENU_PAGE_BROWSE) /* the browser lists the disk, not the view */
        rebuild(m);
}

void menu_browse(menu_t *m, const char *dir, int drive)
{
    char *real = realpath(dir, NULL);
    if (real) {
        snprintf(m->dir, sizeof m->dir, "%s", real);
        free(real);
    }
    m->pick = MENU_PICK_DISK;
    m->drive = drive;
    m->in_zip = false;
    go(m, MENU_PAGE_BROWSE, 0);
}

static void up_a_folder(menu_t *m)
{
    char old[MENU_PATH];
    snprintf(old, sizeof old, "%s", base_name(m->dir));
    if (m->in_zip) {
        m->in_zip = false;
    } else if (strcmp(m->dir, "/") == 0) {
        return;
    }
    char *slash = strrchr(m->dir, '/');
    if (slash == m->dir)
        m->dir[1] = 0;
    else if (slash)
        *slash = 0;
    go(m, MENU_PAGE_BROWSE, 0);
    /* Land on the folder just left, as file managers do. */
    for (int i = 0; i < m->count; i++)
        if (m->items[i].is_dir && strncmp(m->items[i].text, old, strlen(old)) == 0 && m->items[i].text[strlen(old)] == '/') {
            m->cursor = i;
            rebuild(m);
            break;
        }
}

static void cycle_int(int *value, const int *choices, int count, int dir)
{
    int i = 0;
    while (i < count && choices[i] != *value)
        i++;
    i = i == count ? 0 : (i + dir + count) % count;
    *value = choices[i];
}

static void cycle_str(const char **value, const char *const *choices, int count, int dir)
{
    int i = 0;
    while (i < count && (!*value || strcmp(choices[i], *value) != 0))
        i++;
    i = i == count ? 0 : (i + dir + count) % count;
    *value = choices[i];
}

/* Left/Right (dir -1/+1) or Return (+1) on a settings item or the volume. */
static menu_result_t change(menu_t *m, int id, int dir)
{
    menu_result_t r = {.action = MENU_NONE};
    menu_settings_t *s = &m->set;
    switch (id) {
    case ID_VOLUME:
        r.action = MENU_VOLUME;
        r.value = m->view.volume + 10 * dir;
        r.value = r.value < 0 ? 0 : r.value > 100 ? 100 : r.value;
        m->view.volume = r.value;
        break;
    case ID_RAM: cycle_int(&s->ram_mb, s->ram_choices, s->ram_count, dir); break;
    case ID_CHIPSET: cycle_str(&s->chipset, s->chipset_choices, s->chipset_count, dir); break;
    case ID_CPU: cycle_str(&s->cpu, s->cpu_choices, s->cpu_count, dir); break;
    case ID_NET: s->net = !s->net; break;
    default: return r;
    }
    rebuild(m);
    return r;
}

static menu_result_t choose(menu_t *m)
{
    menu_result_t r = {.action = MENU_NONE};
    if (m->cursor >= m->count || m->items[m->cursor].disabled)
        return r;
    const menu_item_t *it = &m->items[m->cursor];
    int id = it->id;
    if (id >= ID_INSERT && id < ID_INSERT + MENU_DRIVES) {
        m->pick = MENU_PICK_DISK;
        m->drive = id - ID_INSERT;
        go(m, MENU_PAGE_BROWSE, 0);
        return r;
    }
    if (id >= ID_EJECT && id < ID_EJECT + MENU_DRIVES) {
        r.action = MENU_EJECT;
        r.drive = id - ID_EJECT;
        return r;
    }
    if (id >= ID_SLOT && id < ID_SLOT + MENU_SLOTS) {
        r.action = m->page == MENU_PAGE_SAVE ? MENU_SAVE_STATE : MENU_LOAD_STATE;
        r.slot = id - ID_SLOT;
        return r;
    }
    if (id >= ID_RECENT_ITEM && id < ID_RECENT_ITEM + MENU_RECENT) {
        r.action = MENU_INSERT;
        r.drive = m->drive;
        snprintf(r.path, sizeof r.path, "%s", m->view.recent[id - ID_RECENT_ITEM]);
        return r;
    }
    switch (id) {
    case ID_RECENT: m->drive = 0; go(m, MENU_PAGE_RECENT, 0); break;
    case ID_RESET: r.action = MENU_RESET; break;
    case ID_HARD_RESET: r.action = MENU_HARD_RESET; break;
    case ID_PAUSE: r.action = MENU_PAUSE; break;
    case ID_WARP: r.action = MENU_WARP; break;
    case ID_SAVE: go(m, MENU_PAGE_SAVE, 0); break;
    case ID_LOAD: go(m, MENU_PAGE_LOAD, 0); break;
    case ID_SCREENSHOT: r.action = MENU_SCREENSHOT; break;
    case ID_SETTINGS: go(m, MENU_PAGE_SETTINGS, 0); break;
    case ID_VOLUME: return change(m, id, 1);
    case ID_SCALING: r.action = MENU_SCALING; break;
    case ID_MOUSE: r.action = MENU_MOUSE_MODE; break;
    case ID_QUIT: r.action = MENU_QUIT; break;
    case ID_CLOSE: r.action = MENU_CLOSE; break;
    case ID_RAM: case ID_CHIPSET: case ID_CPU: case ID_NET: return change(m, id, 1);
    case ID_ROM: m->pick = MENU_PICK_ROM; go(m, MENU_PAGE_BROWSE, 0); break;
    case ID_HOSTFS: m->pick = MENU_PICK_FOLDER; go(m, MENU_PAGE_BROWSE, 0); break;
    case ID_APPLY: r.action = MENU_APPLY; break;
    case ID_BACK: go(m, MENU_PAGE_MAIN, 0); break;
    case ID_PARENT: up_a_folder(m); break;
    case ID_USE_FOLDER:
        snprintf(m->set.hostfs, sizeof m->set.hostfs, "%s", m->dir);
        go(m, MENU_PAGE_SETTINGS, 0);
        break;
    case ID_ENTRY: {
        char name[MENU_TEXT];
        snprintf(name, sizeof name, "%s", it->text);
        size_t n = strlen(name);
        if (it->is_dir && n && name[n - 1] == '/')
            name[n - 1] = 0;
        char path[MENU_PATH];
        if (m->in_zip) {
            r.action = MENU_INSERT;
            r.drive = m->drive;
            snprintf(r.path, sizeof r.path, "%s", m->dir);
            snprintf(r.member, sizeof r.member, "%s", name);
            break;
        }
        if ((size_t)snprintf(path, sizeof path, "%s%s%s", m->dir, strcmp(m->dir, "/") ? "/" : "", name) >= sizeof path)
            break;
        if (it->is_dir) {
            snprintf(m->dir, sizeof m->dir, "%s", path);
            m->in_zip = ends_with(name, ".zip");
            struct stat st;
            if (m->in_zip && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
                m->in_zip = false; /* a folder named *.zip */
            go(m, MENU_PAGE_BROWSE, 0);
        } else if (m->pick == MENU_PICK_ROM) {
            snprintf(m->set.rom, sizeof m->set.rom, "%s", path);
            go(m, MENU_PAGE_SETTINGS, 0);
        } else {
            r.action = MENU_INSERT;
            r.drive = m->drive;
            snprintf(r.path, sizeof r.path, "%s", path);
        }
        break;
    }
    default: break;
    }
    return r;
}

static menu_page_t back_page(const menu_t *m)
{
    if (m->page == MENU_PAGE_BROWSE && m->pick != MENU_PICK_DISK)
        return MENU_PAGE_SETTINGS;
    return MENU_PAGE_MAIN;
}

static void move(menu_t *m, int delta)
{
    m->typed[0] = 0;
    int c = m->cursor + delta;
    m->cursor = c < 0 ? 0 : c >= m->count ? m->count - 1 : c;
    rebuild(m);
}

menu_result_t menu_key(menu_t *m, menu_key_t key)
{
    menu_result_t r = {.action = MENU_NONE};
    int id = m->cursor < m->count ? m->items[m->cursor].id : ID_NONE;
    switch (key) {
    case MENU_KEY_UP: move(m, -1); break;
    case MENU_KEY_DOWN: move(m, 1); break;
    case MENU_KEY_PAGE_UP: move(m, -MENU_ROWS); break;
    case MENU_KEY_PAGE_DOWN: move(m, MENU_ROWS); break;
    case MENU_KEY_HOME: move(m, -m->count); break;
    case MENU_KEY_END: move(m, m->count); break;
    case MENU_KEY_LEFT: return change(m, id, -1);
    case MENU_KEY_RIGHT: return change(m, id, 1);
    case MENU_KEY_ENTER: m->typed[0] = 0; return choose(m);
    case MENU_KEY_BACK:
        if (m->page == MENU_PAGE_BROWSE && m->typed[0]) {
            m->typed[strlen(m->typed) - 1] = 0;
        } else if (m->page == MENU_PAGE_BROWSE) {
            up_a_folder(m);
        } else if (m->page != MENU_PAGE_MAIN) {
            go(m, back_page(m), 0);
        }
        break;
    case MENU_KEY_ESCAPE:
        if (m->page == MENU_PAGE_MAIN)
            r.action = MENU_CLOSE;
        else
            go(m, back_page(m), 0);
        break;
    }
    return r;
}

menu_result_t menu_char(menu_t *m, char c)
{
    menu_result_t r = {.action = MENU_NONE};
    size_t n = strlen(m->typed);
    if (!isprint((unsigned char)c) || n + 1 >= sizeof m->typed)
        return r;
    m->typed[n] = c;
    m->typed[n + 1] = 0;
    /* Type-ahead: the first item whose text starts with what was typed. */
    for (int i = 0; i < m->count; i++)
        if (!m->items[i].disabled && m->items[i].id != ID_PARENT &&
            strncasecmp(m->items[i].text, m->typed, n + 1) == 0) {
            m->cursor = i;
            break;
        }
    rebuild(m);
    return r;
}

menu_result_t menu_click(menu_t *m, int row)
{
    menu_result_t r = {.action = MENU_NONE};
    int i = m->top + row;
    if (row < 0 || row >= MENU_ROWS || i >= m->count)
        return r;
    m->cursor = i;
    m->typed[0] = 0;
    return choose(m);
}
