#include "chips/ps2.h"
#include "tests/test.h"

static int drain(ps2_t *p, uint8_t *out, int max)
{
    int n = 0, b;
    while (n < max && (b = ps2_pop(p)) >= 0)
        out[n++] = (uint8_t)b;
    return n;
}

TEST(ps2_keyboard_reset_and_id)
{
    ps2_t k;
    ps2_init(&k, &(ps2_cfg_t){.kind = PS2_KEYBOARD});
    uint8_t o[8];
    ps2_write(&k, 0xff);
    CHECK_EQ(drain(&k, o, 8), 2);
    CHECK_EQ(o[0], 0xfa);
    CHECK_EQ(o[1], 0xaa);
    ps2_write(&k, 0xf2);
    CHECK_EQ(drain(&k, o, 8), 3);
    CHECK_EQ(o[1], 0xab);
    CHECK_EQ(o[2], 0x83);
    ps2_write(&k, 0xed); /* set LEDs: ACK, then ACK for the argument */
    CHECK_EQ(drain(&k, o, 8), 1);
    ps2_write(&k, 0x07);
    CHECK_EQ(drain(&k, o, 8), 1);
    CHECK_EQ(k.leds, 7);
    ps2_write(&k, 0xf0);
    ps2_write(&k, 0x00);
    CHECK_EQ(drain(&k, o, 8), 3);
    CHECK_EQ(o[2], 2); /* scan code set 2 */
    ps2_write(&k, 0xee);
    CHECK_EQ(drain(&k, o, 8), 1);
    CHECK_EQ(o[0], 0xee);
}

TEST(ps2_keyboard_scancodes)
{
    ps2_t k;
    ps2_init(&k, &(ps2_cfg_t){.kind = PS2_KEYBOARD});
    uint8_t o[8];
    ps2_key(&k, 0x04, true);  /* A */
    ps2_key(&k, 0x04, false);
    CHECK_EQ(drain(&k, o, 8), 3);
    CHECK_EQ(o[0], 0x1c); CHECK_EQ(o[1], 0xf0); CHECK_EQ(o[2], 0x1c);
    ps2_key(&k, 0x52, true);  /* Up: extended */
    ps2_key(&k, 0x52, false);
    CHECK_EQ(drain(&k, o, 8), 5);
    CHECK_EQ(o[0], 0xe0); CHECK_EQ(o[1], 0x75); CHECK_EQ(o[2], 0xe0); CHECK_EQ(o[3], 0xf0); CHECK_EQ(o[4], 0x75);
    ps2_write(&k, 0xf5); /* disable scanning */
    drain(&k, o, 8);
    ps2_key(&k, 0x04, true);
    CHECK(!ps2_has_data(&k));
}

TEST(ps2_mouse_stream)
{
    ps2_t m;
    ps2_init(&m, &(ps2_cfg_t){.kind = PS2_MOUSE});
    uint8_t o[8];
    ps2_mouse(&m, 5, 5, 0);
    CHECK(!ps2_has_data(&m)); /* reporting off until F4 */
    ps2_write(&m, 0xf2);
    CHECK_EQ(drain(&m, o, 8), 2);
    CHECK_EQ(o[1], 0x00);
    ps2_write(&m, 0xf4);
    drain(&m, o, 8);
    ps2_mouse(&m, -3, 2, 1);
    CHECK_EQ(drain(&m, o, 8), 3);
    CHECK_EQ(o[0], 0x08 | 0x10 | 1);
    CHECK_EQ(o[1], 0xfd);
    CHECK_EQ(o[2], 0x02);
}

TEST(ps2_held_keys_reported_after_reset)
{
    ps2_t k;
    ps2_init(&k, &(ps2_cfg_t){.kind = PS2_KEYBOARD});
    uint8_t o[8];
    ps2_key(&k, 0x4c, true); /* Delete held while the machine powers on */
    drain(&k, o, 8);
    ps2_power_on(&k);
    CHECK_EQ(drain(&k, o, 8), 3);
    CHECK_EQ(o[0], 0xaa);
    CHECK_EQ(o[1], 0xe0);
    CHECK_EQ(o[2], 0x71);
    ps2_write(&k, 0xff); /* the OS resets the keyboard: the key is still down */
    CHECK_EQ(drain(&k, o, 8), 4);
    CHECK_EQ(o[0], 0xfa);
    CHECK_EQ(o[1], 0xaa);
    CHECK_EQ(o[3], 0x71);
    ps2_key(&k, 0x4c, false);
    CHECK_EQ(drain(&k, o, 8), 3); /* E0 F0 71 */
    ps2_write(&k, 0xff);
    CHECK_EQ(drain(&k, o, 8), 2);
}
