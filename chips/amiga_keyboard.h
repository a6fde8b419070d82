/* Amiga 500 keyboard (6570 keyboard processor) as seen from the computer: raw key codes sent
 * serially on KCLK/KDAT into CIA-A's shift register, with the handshake and power-up sequence of
 * the Amiga Hardware Reference Manual 3rd ed., appendix H ("Keyboard"):
 *  - each byte is sent bit 6..0 then bit 7 (the key code rotated left by one), active low, so
 *    CIA-A's SDR receives ~rol(code); software undoes it with NOT and ROR;
 *  - after a byte the computer pulls KDAT low (CIA-A serial port to output) as a handshake;
 *    the keyboard sends nothing else until the handshake ends;
 *  - without a handshake within 143 ms the keyboard has lost sync: it clocks out single 1 bits
 *    every 143 ms until it gets a handshake, then sends $F9 ("last code bad") and the code again;
 *  - power-up: after its self test the keyboard sends $FD (initiate power-up key stream), the
 *    keys held down, then $FE (terminate key stream);
 *  - Ctrl + both Amiga keys: reset warning $78, then the reset request (cfg.reset).
 *
 * Time: master ticks; the machine calls kbd_advance(now) before kbd_* input calls and at
 * kbd_next_event(). */
#ifndef ARCANA_AMIGA_KEYBOARD_H
#define ARCANA_AMIGA_KEYBOARD_H

#include <stdbool.h>
#include <stdint.h>

#define KBD_QUEUE 16
#define KBD_NO_KEY 0xFF

/* Special codes (HRM appendix H, table H-2). */
enum {
    KBD_RESET_WARNING = 0x78, KBD_LOST_SYNC = 0xF9, KBD_OVERFLOW = 0xFA, KBD_SELFTEST_FAIL = 0xFC,
    KBD_POWERUP_START = 0xFD, KBD_POWERUP_END = 0xFE,
};

/* A few raw codes. */
enum { KBD_CAPS = 0x62, KBD_CTRL = 0x63, KBD_LAMIGA = 0x66, KBD_RAMIGA = 0x67 };

typedef struct amiga_kbd_cfg {
    void *ctx;
    uint64_t ticks_per_second;
    /* A byte has been shifted into CIA-A (the value SDR receives, already inverted/rotated). */
    void (*send)(void *ctx, uint8_t sdr_value);
    /* Ctrl-Amiga-Amiga: the keyboard resets the computer (pulls KCLK low). Optional. */
    void (*reset)(void *ctx);
} amiga_kbd_cfg_t;

typedef enum { KBD_SELFTEST, KBD_IDLE, KBD_SENDING, KBD_WAIT_HANDSHAKE, KBD_LOST } kbd_state_t;

typedef struct amiga_kbd {
    amiga_kbd_cfg_t cfg;
    uint64_t now;
    kbd_state_t state;
    uint64_t next;          /* tick of the next state change (SCHED_NEVER-like UINT64_MAX) */
    uint8_t queue[KBD_QUEUE];
    unsigned q_head, q_count;
    uint8_t current;        /* code being sent / awaiting handshake */
    bool resend_after_sync; /* send $F9 then `current` once sync is back */
    uint8_t lost_bits;      /* 1 bits clocked out while out of sync */
    bool kdat_low;          /* the computer holds KDAT low */
    bool caps_on;
    uint8_t down[16];       /* bitmap of keys held (raw codes 0..0x67) */
    bool reset_sent;
} amiga_kbd_t;

void kbd_init(amiga_kbd_t *k, const amiga_kbd_cfg_t *cfg);
/* Power-on: self test, then the power-up key stream. */
void kbd_reset(amiga_kbd_t *k, uint64_t now);
void kbd_advance(amiga_kbd_t *k, uint64_t now);
uint64_t kbd_next_event(const amiga_kbd_t *k);
/* A key changed (raw code 0x00..0x67). */
void kbd_key(amiga_kbd_t *k, uint8_t raw, bool down);
/* KDAT driven low (true) or released by the computer (CIA-A serial port direction). */
void kbd_kdat(amiga_kbd_t *k, bool low);
/* USB HID usage (page 7) -> Amiga raw key code, KBD_NO_KEY if none. */
uint8_t kbd_hid_to_raw(int hid_usage);
/* The value CIA-A's SDR receives for a transmitted code (HRM appendix H). */
static inline uint8_t kbd_line_value(uint8_t code) { return (uint8_t)~((code << 1) | (code >> 7)); }

typedef struct ser ser_t;
/* The keyboard's protocol state, queue and held keys, for a save state (machines/state.h). */
void kbd_serialize(amiga_kbd_t *k, ser_t *s);

#endif
