/* Host input → machine input: SDL scancodes to the USB HID usages machine.h takes (by key
 * position, so UK and US layouts both work), the frontend's Ctrl+Alt hotkeys, mouse buttons
 * (Ctrl+left click as the middle button for two-button hosts: RISC OS's Menu) and game
 * controllers as a joystick. Pure functions of their arguments, so tests can drive them. */
#ifndef ARCANA_INPUT_H
#define ARCANA_INPUT_H

#include <stdbool.h>

#include "machines/machine.h"

/* Which machine's keyboard the host keys stand for: decides the extra keys a PC keyboard
 * lacks (Amiga Help and Amiga keys; RISC OS's Break, Print and Copy are on a PC keyboard). */
typedef enum input_profile {
    INPUT_PROFILE_GENERIC,
    INPUT_PROFILE_AMIGA,
    INPUT_PROFILE_RISCPC,
} input_profile_t;

/* HID usages (USB HID Usage Tables 1.12, §10 Keyboard/Keypad page 0x07) the mapping uses. */
enum {
    HID_END = 0x4D, HID_HOME = 0x4A, HID_PAGE_UP = 0x4B, HID_PAGE_DOWN = 0x4E,
    HID_PAUSE = 0x48, HID_HELP = 0x75, HID_LEFT_GUI = 0xE3, HID_RIGHT_GUI = 0xE7,
    HID_MAX = 0xE7,
};

typedef enum hotkey {
    HOTKEY_NONE,
    HOTKEY_PAUSE,        /* Ctrl+Alt+P */
    HOTKEY_WARP,         /* Ctrl+Alt+W */
    HOTKEY_RESET_SOFT,   /* Ctrl+Alt+R */
    HOTKEY_RESET_HARD,   /* Ctrl+Alt+Shift+R */
    HOTKEY_QUIT,         /* Ctrl+Alt+Q */
    HOTKEY_SCREENSHOT,   /* Ctrl+Alt+S */
    HOTKEY_DRIVE_NEXT,   /* Ctrl+Alt+D: select the next floppy drive (drops go there) */
    HOTKEY_DRIVE_EJECT,  /* Ctrl+Alt+E: eject the selected drive */
    HOTKEY_FULLSCREEN,   /* Ctrl+Alt+F or Ctrl+Alt+Return */
    HOTKEY_RELEASE_MOUSE,/* Ctrl+Alt+M */
    HOTKEY_SMOOTH,       /* Ctrl+Alt+I: integer scaling / smooth scaling */
    HOTKEY_OSD,          /* Ctrl+Alt+O: status line on/off */
    HOTKEY_BREAK,        /* Ctrl+Alt+B: RISC OS Break for keyboards without Pause/Break */
    HOTKEY_HELP,         /* Ctrl+Alt+H: this list on screen */
} hotkey_t;

/* One line per hotkey, for the OSD's help panel; NULL-terminated. */
extern const char *const input_hotkey_help[];

#define INPUT_RELEASE_HINT "Ctrl+Alt+M releases the mouse"

input_profile_t input_profile_for(const char *machine_name);
/* The HID usage to send for an SDL scancode, or -1 when the key means nothing to a machine. */
int input_hid_for_scancode(input_profile_t profile, int scancode);
/* The hotkey for a key press with SDL modifier state `mods`, or HOTKEY_NONE. */
hotkey_t input_hotkey(int scancode, unsigned mods);
/* Machine mouse buttons (MOUSE_*) for SDL's button mask; ctrl_middle turns left into middle. */
unsigned input_mouse_buttons(unsigned sdl_button_mask, bool ctrl_middle);

/* The drive a dropped file goes to, by its name: hard disc images (.hdf .hdi .hdd .vhd),
 * CD images (.iso .cue), else floppy; a compressed image (.gz) by the name inside. */
media_kind_t input_media_kind(const char *path);

/* Joystick directions for machine_joystick (JOY_* in machines/machine.h), from a controller's d-pad and left stick (axes -32768..32767, 30% dead zone). */
unsigned input_joy_directions(bool up, bool down, bool left, bool right, int axis_x, int axis_y);

#endif
