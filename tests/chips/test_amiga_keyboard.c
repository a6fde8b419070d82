#include "chips/amiga_keyboard.h"
#include "tests/test.h"

#define TPS 28375160ull
#define MS(n) ((uint64_t)(n) * TPS / 1000)

typedef struct kbd_probe {
    uint8_t got[32];
    int n;
    int resets;
} kbd_probe_t;

static void kp_send(void *ctx, uint8_t v)
{
    kbd_probe_t *p = ctx;
    if (p->n < 32)
        p->got[p->n++] = v;
}
static void kp_reset(void *ctx) { ((kbd_probe_t *)ctx)->resets++; }

/* What software does with the SDR value: NOT, ROR #1 (HRM appendix H). */
static uint8_t decode(uint8_t sdr)
{
    uint8_t v = (uint8_t)~sdr;
    return (uint8_t)((v >> 1) | (v << 7));
}

static void handshake(amiga_kbd_t *k, uint64_t *t)
{
    kbd_kdat(k, true);
    *t += MS(1) / 10;
    kbd_advance(k, *t);
    kbd_kdat(k, false);
}

TEST(kbd_line_encoding)
{
    CHECK_EQ(decode(kbd_line_value(0x45)), 0x45);
    CHECK_EQ(decode(kbd_line_value(0xC5)), 0xC5);
    CHECK_EQ(kbd_line_value(0xFF), 0x00);
}

TEST(kbd_powerup_sequence_with_sync)
{
    kbd_probe_t p = {0};
    amiga_kbd_t k;
    kbd_init(&k, &(amiga_kbd_cfg_t){.ctx = &p, .ticks_per_second = TPS, .send = kp_send, .reset = kp_reset});
    uint64_t now = MS(100);
    kbd_advance(&k, now);
    CHECK_EQ(p.n, 0);                           /* self test */
    /* Out of sync after the self test: 1 bits every 143 ms, a byte after 8 of them. */
    now = MS(200 + 143 * 8 + 1);
    kbd_advance(&k, now);
    REQUIRE(p.n == 1);
    CHECK_EQ(decode(p.got[0]), 0xFF);
    handshake(&k, &now);
    now += MS(1);
    kbd_advance(&k, now);
    REQUIRE(p.n == 2);
    CHECK_EQ(decode(p.got[1]), KBD_POWERUP_START);
    kbd_advance(&k, now + MS(5));
    CHECK_EQ(p.n, 2);                           /* waits for the handshake */
    now += MS(5);
    handshake(&k, &now);
    now += MS(1);
    kbd_advance(&k, now);
    REQUIRE(p.n == 3);
    CHECK_EQ(decode(p.got[2]), KBD_POWERUP_END);
}

TEST(kbd_keys_and_lost_sync_retransmit)
{
    kbd_probe_t p = {0};
    amiga_kbd_t k;
    kbd_init(&k, &(amiga_kbd_cfg_t){.ctx = &p, .ticks_per_second = TPS, .send = kp_send});
    uint64_t now = MS(400);
    kbd_advance(&k, now);
    handshake(&k, &now);                          /* sync */
    for (int i = 0; i < 2; i++) {               /* $FD, $FE */
        now += MS(1);
        kbd_advance(&k, now);
        handshake(&k, &now);
    }
    p.n = 0;
    kbd_key(&k, kbd_hid_to_raw(0x04), true);    /* A */
    kbd_key(&k, kbd_hid_to_raw(0x04), false);
    now += MS(1);
    kbd_advance(&k, now);
    REQUIRE(p.n == 1);
    CHECK_EQ(decode(p.got[0]), 0x20);
    /* No handshake: after 143 ms the keyboard resyncs, then sends $F9 and the code again. */
    now += MS(150);
    kbd_advance(&k, now);
    handshake(&k, &now);
    now += MS(1);
    kbd_advance(&k, now);
    REQUIRE(p.n == 2);
    CHECK_EQ(decode(p.got[1]), KBD_LOST_SYNC);
    handshake(&k, &now);
    now += MS(1);
    kbd_advance(&k, now);
    REQUIRE(p.n == 3);
    CHECK_EQ(decode(p.got[2]), 0x20);
    handshake(&k, &now);
    now += MS(1);
    kbd_advance(&k, now);
    REQUIRE(p.n == 4);
    CHECK_EQ(decode(p.got[3]), 0xA0);           /* key up */
}

TEST(kbd_hid_map)
{
    CHECK_EQ(kbd_hid_to_raw(0x29), 0x45);       /* Escape */
    CHECK_EQ(kbd_hid_to_raw(0x2C), 0x40);       /* Space */
    CHECK_EQ(kbd_hid_to_raw(0x1D), 0x31);       /* Z */
    CHECK_EQ(kbd_hid_to_raw(0x35), 0x00);       /* ` */
    CHECK_EQ(kbd_hid_to_raw(0xE3), KBD_LAMIGA);
    CHECK_EQ(kbd_hid_to_raw(0x3A), 0x50);       /* F1 */
    CHECK_EQ(kbd_hid_to_raw(0x00), KBD_NO_KEY);
    CHECK_EQ(kbd_hid_to_raw(0x1000), KBD_NO_KEY);
}

TEST(kbd_reset_combination)
{
    kbd_probe_t p = {0};
    amiga_kbd_t k;
    kbd_init(&k, &(amiga_kbd_cfg_t){.ctx = &p, .ticks_per_second = TPS, .send = kp_send, .reset = kp_reset});
    uint64_t now = MS(400);
    kbd_advance(&k, now);
    handshake(&k, &now);
    for (int i = 0; i < 2; i++) {
        now += MS(1);
        kbd_advance(&k, now);
        handshake(&k, &now);
    }
    kbd_key(&k, KBD_CTRL, true);
    kbd_key(&k, KBD_LAMIGA, true);
    kbd_key(&k, KBD_RAMIGA, true);
    for (int i = 0; i < 4; i++) {
        now += MS(1);
        kbd_advance(&k, now);
        handshake(&k, &now);
    }
    CHECK_EQ(decode(p.got[p.n - 1]), KBD_RESET_WARNING);
    CHECK_EQ(p.resets, 1);
}
