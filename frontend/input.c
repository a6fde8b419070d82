#include "frontend/input.h"

#include <SDL.h>
#include <string.h>
#include <strings.h>

#include "machines/machine.h"

const char *const input_hotkey_help[] = {
    "Hotkeys: hold Ctrl+Alt and press",
    "P  pause / resume        W  warp on / off",
    "R  soft reset            Shift+R  hard reset",
    "S  screenshot            Q  quit",
    "D  select next drive     E  eject selected drive",
    "F  fullscreen            I  integer / smooth scaling",
    "M  release the mouse     O  status line on / off",
    "B  Break (RISC OS)       H  this help",
    "F12 opens the menu: disks, states, settings (Alt+F12: F12 to the machine)",
    "Drop a disk image on the window to insert it.",
    "Amiga: F11/Page Up = Help, Home = Left Amiga, End/Menu = Right Amiga",
    NULL,
};

input_profile_t input_profile_for(const char *machine_name)
{
    if (machine_name && strcmp(machine_name, "a500") == 0)
        return INPUT_PROFILE_AMIGA;
    if (machine_name && strcmp(machine_name, "riscpc") == 0)
        return INPUT_PROFILE_RISCPC;
    return INPUT_PROFILE_GENERIC;
}

/* The Amiga keyboard's keys that a PC keyboard has no key for, on the navigation block above
 * the cursor keys, where the A500 has Del and Help: Page Up → Help; Home → Left Amiga;
 * End, Page Down → Right Amiga. Keys the machine maps itself (F11 as Help, Num Lock and
 * Scroll Lock as the keypad's ( and ), Menu and the Windows keys as the Amiga keys: see
 * chips/amiga_keyboard.c) pass through unchanged. */
static int amiga_extra(int hid)
{
    switch (hid) {
    case HID_PAGE_UP: return HID_HELP;
    case HID_HOME: return HID_LEFT_GUI;
    case HID_END:
    case HID_PAGE_DOWN: return HID_RIGHT_GUI;
    default: return hid;
    }
}

int input_hid_for_scancode(input_profile_t profile, int scancode)
{
    /* SDL scancodes 4..231 are defined as the HID keyboard page's usage IDs (SDL_scancode.h);
     * above that are SDL's own (media keys), which no emulated keyboard has. The RiscPC's
     * keyboard is a PS/2 PC keyboard, so its Break (Pause), Print and Copy (End) keys are
     * the PC's by position and the identity mapping is right. */
    if (scancode < SDL_SCANCODE_A || scancode > HID_MAX)
        return -1;
    if (profile == INPUT_PROFILE_AMIGA)
        return amiga_extra(scancode);
    return scancode;
}

hotkey_t input_hotkey(int scancode, unsigned mods)
{
    if (!(mods & KMOD_CTRL) || !(mods & KMOD_ALT))
        return HOTKEY_NONE;
    switch (scancode) {
    case SDL_SCANCODE_P: return HOTKEY_PAUSE;
    case SDL_SCANCODE_W: return HOTKEY_WARP;
    case SDL_SCANCODE_R: return (mods & KMOD_SHIFT) ? HOTKEY_RESET_HARD : HOTKEY_RESET_SOFT;
    case SDL_SCANCODE_Q: return HOTKEY_QUIT;
    case SDL_SCANCODE_S: return HOTKEY_SCREENSHOT;
    case SDL_SCANCODE_D: return HOTKEY_DRIVE_NEXT;
    case SDL_SCANCODE_E: return HOTKEY_DRIVE_EJECT;
    case SDL_SCANCODE_F:
    case SDL_SCANCODE_RETURN: return HOTKEY_FULLSCREEN;
    case SDL_SCANCODE_M: return HOTKEY_RELEASE_MOUSE;
    case SDL_SCANCODE_I: return HOTKEY_SMOOTH;
    case SDL_SCANCODE_O: return HOTKEY_OSD;
    case SDL_SCANCODE_B: return HOTKEY_BREAK;
    case SDL_SCANCODE_H: return HOTKEY_HELP;
    default: return HOTKEY_NONE;
    }
}

unsigned input_mouse_buttons(unsigned sdl_button_mask, bool ctrl_middle)
{
    unsigned b = 0;
    if (sdl_button_mask & SDL_BUTTON_LMASK)
        b |= ctrl_middle ? MOUSE_MIDDLE : MOUSE_LEFT;
    if (sdl_button_mask & SDL_BUTTON_MMASK)
        b |= MOUSE_MIDDLE;
    if (sdl_button_mask & SDL_BUTTON_RMASK)
        b |= MOUSE_RIGHT;
    return b;
}

unsigned input_joy_directions(bool up, bool down, bool left, bool right, int axis_x, int axis_y)
{
    const int dead = 32767 * 3 / 10;
    up |= axis_y < -dead;
    down |= axis_y > dead;
    left |= axis_x < -dead;
    right |= axis_x > dead;
    /* A real stick cannot close opposite switches at once; games can misbehave if both are. */
    if (up && down)
        up = down = false;
    if (left && right)
        left = right = false;
    return (up ? JOY_UP : 0) | (down ? JOY_DOWN : 0) | (left ? JOY_LEFT : 0) |
           (right ? JOY_RIGHT : 0);
}

/* True if `name` (of length len) ends in `ext`, ignoring case. */
static bool ends_with(const char *name, size_t len, const char *ext)
{
    size_t n = strlen(ext);
    return len >= n && strncasecmp(name + len - n, ext, n) == 0;
}

media_kind_t input_media_kind(const char *path)
{
    size_t len = strlen(path);
    if (ends_with(path, len, ".gz"))
        len -= 3;
    static const char *const hd[] = {".hdf", ".hdi", ".hdd", ".vhd"}, *const cd[] = {".iso", ".cue"};
    for (size_t i = 0; i < sizeof hd / sizeof *hd; i++)
        if (ends_with(path, len, hd[i]))
            return MEDIA_HD;
    for (size_t i = 0; i < sizeof cd / sizeof *cd; i++)
        if (ends_with(path, len, cd[i]))
            return MEDIA_CDROM;
    return MEDIA_FLOPPY;
}
