/* The on-screen menu (F12, as the Amiga emulators have it): a model of pages of items, driven by
 * keys and mouse clicks, that the OSD draws (osd_t.menu) and whose chosen actions the window
 * carries out (frontend/ui.c). Pages: the main menu, a file browser (folders, disk images, the
 * members of a zip), recent images, save/load state slots with thumbnails and the machine
 * settings that apply on reset. No SDL here: tests drive it directly. */
#ifndef ARCANA_MENU_H
#define ARCANA_MENU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MENU_MAX_ITEMS 512
#define MENU_TEXT 96
#define MENU_PATH 1024
#define MENU_DRIVES 2
#define MENU_SLOTS 4
#define MENU_RECENT 8
#define MENU_CHOICES 8

typedef enum menu_page {
    MENU_PAGE_MAIN,
    MENU_PAGE_BROWSE,   /* a folder (or a zip's members) */
    MENU_PAGE_RECENT,
    MENU_PAGE_SAVE,     /* state slots */
    MENU_PAGE_LOAD,
    MENU_PAGE_SETTINGS,
} menu_page_t;

/* What the browser was opened for. */
typedef enum menu_pick { MENU_PICK_DISK, MENU_PICK_ROM, MENU_PICK_FOLDER } menu_pick_t;

typedef enum menu_action {
    MENU_NONE,
    MENU_CLOSE,
    MENU_INSERT,        /* drive, path */
    MENU_EJECT,         /* drive */
    MENU_RESET,
    MENU_HARD_RESET,
    MENU_PAUSE,
    MENU_WARP,
    MENU_SAVE_STATE,    /* slot */
    MENU_LOAD_STATE,    /* slot */
    MENU_SCREENSHOT,
    MENU_APPLY,         /* the settings (menu_t.set) on a fresh machine */
    MENU_SCALING,
    MENU_MOUSE_MODE,
    MENU_VOLUME,        /* value: the new volume in % */
    MENU_SHARED_FOLDER, /* path: use it as the HostFS folder (applies on reset) */
    MENU_QUIT,
} menu_action_t;

typedef struct menu_result {
    menu_action_t action;
    int drive, slot, value;
    char path[MENU_PATH];
    char member[256];                   /* MENU_INSERT from inside a zip: the member chosen */
} menu_result_t;

/* What the machine can be set to: the window fills this in from the machine type. */
typedef struct menu_settings {
    int ram_mb;                         /* 0 = the machine's default */
    int ram_choices[MENU_CHOICES], ram_count;   /* none = fixed */
    const char *chipset, *chipset_choices[MENU_CHOICES];
    int chipset_count;
    const char *cpu, *cpu_choices[MENU_CHOICES];
    int cpu_count;
    char rom[MENU_PATH];                /* "" = the default ROM */
    char hostfs[MENU_PATH];             /* "" = none */
    bool net;                           /* slirp user networking on */
    bool takes_net;
} menu_settings_t;

/* The state the main menu shows: refreshed by the window before each key and draw. */
typedef struct menu_view {
    int drives;                         /* floppy drives offered */
    const char *drive_name;             /* "DF" (Amiga) or "Floppy " (RiscPC): + the unit */
    char disk[MENU_DRIVES][MENU_TEXT];  /* file name in each, "" = empty */
    bool paused, warp, smooth, follow_mouse;
    int volume;                         /* % */
    bool states;                        /* the machine has save states */
    char no_states[MENU_TEXT];          /* why not, when it has none */
    bool slot_used[MENU_SLOTS];
    char slot_when[MENU_SLOTS][32];     /* "" or the time the slot was saved */
    const uint32_t *thumb[MENU_SLOTS];  /* RGBA thumbnail of each slot, or NULL */
    int thumb_w, thumb_h;
    char recent[MENU_RECENT][MENU_PATH];
    int recent_count;
    const char *image_exts;             /* the browser's image types: ".adf.adz.dms..." */
} menu_view_t;

typedef struct menu_item {
    char text[MENU_TEXT];
    bool disabled, is_dir;
    int id;                             /* what choosing it does (menu.c's item ids) */
} menu_item_t;

typedef struct menu {
    bool open;
    menu_page_t page;
    int cursor, top;                    /* selected item, first item shown */
    menu_item_t items[MENU_MAX_ITEMS];
    int count;
    char title[MENU_TEXT];
    char hint[MENU_TEXT];               /* the line under the items */
    /* browser */
    menu_pick_t pick;
    int drive;                          /* the drive the browser inserts into */
    char dir[MENU_PATH];                /* folder shown (or the zip whose members are shown) */
    bool in_zip;
    char typed[32];                     /* type-ahead prefix */
    /* settings being edited, applied with "Apply and reset" */
    menu_settings_t set;
    menu_view_t view;
} menu_t;

/* Keys the menu understands (the window maps SDL keys onto these; printable characters go to
 * menu_char). */
typedef enum menu_key {
    MENU_KEY_UP, MENU_KEY_DOWN, MENU_KEY_LEFT, MENU_KEY_RIGHT, MENU_KEY_PAGE_UP, MENU_KEY_PAGE_DOWN,
    MENU_KEY_HOME, MENU_KEY_END, MENU_KEY_ENTER, MENU_KEY_BACK, MENU_KEY_ESCAPE,
} menu_key_t;

void menu_init(menu_t *m, const char *start_dir);
/* Opens on the main menu (view and settings as given). */
void menu_open(menu_t *m, const menu_view_t *view, const menu_settings_t *set);
/* Refreshes what the current page shows from a new view (keeps the cursor). */
void menu_refresh(menu_t *m, const menu_view_t *view);
menu_result_t menu_key(menu_t *m, menu_key_t key);
menu_result_t menu_char(menu_t *m, char c);
/* A click on visible row `row` (0 = the first item shown): selects it and activates it. */
menu_result_t menu_click(menu_t *m, int row);
/* Rows shown at once. */
#define MENU_ROWS 16
/* Opens the browser at `dir` for drive `drive` (the first-run hint's "shared folder"). */
void menu_browse(menu_t *m, const char *dir, int drive);
/* Does the file name end in one of the types in `exts` (".adf.adz" style, case-insensitive,
 * ".gz" looked through to the name inside)? */
bool menu_is_image(const char *name, const char *exts);

#endif
