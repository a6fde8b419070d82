/* Host → machine input mapping (frontend/input.h). */
#include <SDL.h>

#include "frontend/input.h"
#include "machines/machine.h"
#include "tests/test.h"

TEST(input_keys_map_by_position_to_hid)
{
    /* Same physical key on UK and US layouts: scancodes are positions. */
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_A), 0x04);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_NONUSBACKSLASH), 0x64);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_NONUSHASH), 0x32);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_ESCAPE), 0x29);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_RGUI), 0xE7);
    /* Keys no emulated keyboard has. */
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_AUDIOPLAY), -1);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_GENERIC, SDL_SCANCODE_UNKNOWN), -1);
}

TEST(input_riscos_break_print_copy_are_pc_keys)
{
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_PAUSE), HID_PAUSE);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_PRINTSCREEN), 0x46);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_END), HID_END); /* Copy */
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_F12), 0x45);
}

TEST(input_amiga_extra_keys)
{
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_PAGEUP), HID_HELP);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_HOME), HID_LEFT_GUI);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_END), HID_RIGHT_GUI);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_PAGEDOWN), HID_RIGHT_GUI);
    /* The machine's own keyboard table maps these (F11 → Help, Num Lock → keypad '('). */
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_F11), 0x44);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_NUMLOCKCLEAR), 0x53);
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_AMIGA, SDL_SCANCODE_APPLICATION), 0x65);
    /* RISC OS keeps Page Up and Home. */
    CHECK_EQ(input_hid_for_scancode(INPUT_PROFILE_RISCPC, SDL_SCANCODE_PAGEUP), 0x4B);
    CHECK_EQ(input_profile_for("a500"), INPUT_PROFILE_AMIGA);
    CHECK_EQ(input_profile_for("riscpc"), INPUT_PROFILE_RISCPC);
    CHECK_EQ(input_profile_for(NULL), INPUT_PROFILE_GENERIC);
}

TEST(input_hotkeys_need_ctrl_and_alt)
{
    CHECK_EQ(input_hotkey(SDL_SCANCODE_P, KMOD_LCTRL | KMOD_LALT), HOTKEY_PAUSE);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_P, KMOD_RCTRL | KMOD_RALT), HOTKEY_PAUSE);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_P, KMOD_LCTRL), HOTKEY_NONE);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_P, KMOD_NONE), HOTKEY_NONE);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_R, KMOD_CTRL | KMOD_ALT), HOTKEY_RESET_SOFT);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_R, KMOD_CTRL | KMOD_ALT | KMOD_LSHIFT), HOTKEY_RESET_HARD);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_M, KMOD_CTRL | KMOD_ALT), HOTKEY_RELEASE_MOUSE);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_RETURN, KMOD_CTRL | KMOD_ALT), HOTKEY_FULLSCREEN);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_H, KMOD_CTRL | KMOD_ALT), HOTKEY_HELP);
    CHECK_EQ(input_hotkey(SDL_SCANCODE_Z, KMOD_CTRL | KMOD_ALT), HOTKEY_NONE);
    /* Every hotkey letter the help lists is one input_hotkey knows. */
    int listed = 0;
    for (int i = 1; input_hotkey_help[i]; i++)
        for (const char *p = input_hotkey_help[i]; *p; p++)
            if (p[0] >= 'A' && p[0] <= 'Z' && p[1] == ' ' && p[2] == ' ' && (p == input_hotkey_help[i] || p[-1] == ' ')) {
                CHECK(input_hotkey(SDL_SCANCODE_A + (p[0] - 'A'), KMOD_CTRL | KMOD_ALT) != HOTKEY_NONE);
                listed++;
            }
    CHECK_EQ(listed, 13);
}

TEST(input_mouse_buttons_and_ctrl_click)
{
    CHECK_EQ(input_mouse_buttons(SDL_BUTTON_LMASK, false), MOUSE_LEFT);
    CHECK_EQ(input_mouse_buttons(SDL_BUTTON_LMASK, true), MOUSE_MIDDLE);
    CHECK_EQ(input_mouse_buttons(SDL_BUTTON_MMASK | SDL_BUTTON_RMASK, false), MOUSE_MIDDLE | MOUSE_RIGHT);
    CHECK_EQ(input_mouse_buttons(0, true), 0);
}

TEST(input_joystick_directions)
{
    CHECK_EQ(input_joy_directions(true, false, false, true, 0, 0), JOY_UP | JOY_RIGHT);
    CHECK_EQ(input_joy_directions(false, false, false, false, -32768, 32767), JOY_LEFT | JOY_DOWN);
    CHECK_EQ(input_joy_directions(false, false, false, false, 9000, -9000), 0); /* dead zone */
    CHECK_EQ(input_joy_directions(true, true, true, false, 0, 0), JOY_LEFT);   /* no up+down */
}

TEST(input_dropped_file_kinds)
{
    CHECK_EQ(input_media_kind("/games/Lemmings.adf"), MEDIA_FLOPPY);
    CHECK_EQ(input_media_kind("disk.ADZ"), MEDIA_FLOPPY);
    CHECK_EQ(input_media_kind("disk.zip"), MEDIA_FLOPPY);
    CHECK_EQ(input_media_kind("work.HDF"), MEDIA_HD);
    CHECK_EQ(input_media_kind("work.hdf.gz"), MEDIA_HD);
    CHECK_EQ(input_media_kind("/x/riscos.hdd"), MEDIA_HD);
    CHECK_EQ(input_media_kind("linux.iso"), MEDIA_CDROM);
    CHECK_EQ(input_media_kind("gz"), MEDIA_FLOPPY);
    CHECK_EQ(input_media_kind(""), MEDIA_FLOPPY);
}
