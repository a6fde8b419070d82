#include "chips/amiga_keyboard.h"
#include "machines/state.h"

#include <string.h>

/* HRM appendix H: a bit is ~20 us data setup, 20 us KCLK low, 20 us high. */
#define BIT_US 60u
#define HANDSHAKE_TIMEOUT_US 143000u
#define SELFTEST_US 200000u

static uint64_t us(const amiga_kbd_t *k, uint64_t n) { return n * k->cfg.ticks_per_second / 1000000u; }

void kbd_init(amiga_kbd_t *k, const amiga_kbd_cfg_t *cfg)
{
    memset(k, 0, sizeof *k);
    k->cfg = *cfg;
    if (!k->cfg.ticks_per_second)
        k->cfg.ticks_per_second = 28375160;
    kbd_reset(k, 0);
}

static void push(amiga_kbd_t *k, uint8_t code)
{
    if (k->q_count == KBD_QUEUE) {
        /* Buffer full: the last entry becomes the overflow code. */
        k->queue[(k->q_head + KBD_QUEUE - 1) % KBD_QUEUE] = KBD_OVERFLOW;
        return;
    }
    k->queue[(k->q_head + k->q_count++) % KBD_QUEUE] = code;
}

static void push_front(amiga_kbd_t *k, uint8_t code)
{
    if (k->q_count == KBD_QUEUE)
        k->q_count--;
    k->q_head = (k->q_head + KBD_QUEUE - 1) % KBD_QUEUE;
    k->queue[k->q_head] = code;
    k->q_count++;
}

static bool is_down(const amiga_kbd_t *k, uint8_t raw) { return k->down[raw >> 3] & (1u << (raw & 7)); }

void kbd_reset(amiga_kbd_t *k, uint64_t now)
{
    k->now = now;
    k->q_head = k->q_count = 0;
    k->state = KBD_SELFTEST;
    k->next = now + us(k, SELFTEST_US);
    k->resend_after_sync = false;
    k->lost_bits = 0;
    k->reset_sent = false;
    /* The power-up key stream: keys already held are reported between $FD and $FE. */
    push(k, KBD_POWERUP_START);
    for (uint8_t raw = 0; raw < 0x68; raw++)
        if (is_down(k, raw) && raw != KBD_CAPS)
            push(k, raw);
    if (k->caps_on)
        push(k, KBD_CAPS);
    push(k, KBD_POWERUP_END);
}

static void start_next(amiga_kbd_t *k)
{
    if (!k->q_count) {
        k->state = KBD_IDLE;
        k->next = UINT64_MAX;
        return;
    }
    k->current = k->queue[k->q_head];
    k->q_head = (k->q_head + 1) % KBD_QUEUE;
    k->q_count--;
    k->state = KBD_SENDING;
    k->next = k->now + us(k, 8 * BIT_US);
}

static void event(amiga_kbd_t *k)
{
    switch (k->state) {
    case KBD_SELFTEST:
        /* After the self test the keyboard first gets in sync with the computer. */
        k->state = KBD_LOST;
        k->next = k->now + us(k, HANDSHAKE_TIMEOUT_US);
        break;
    case KBD_IDLE:
        start_next(k);
        break;
    case KBD_SENDING:
        if (k->cfg.send)
            k->cfg.send(k->cfg.ctx, kbd_line_value(k->current));
        if (k->current == KBD_RESET_WARNING && k->cfg.reset)
            k->cfg.reset(k->cfg.ctx);
        k->state = KBD_WAIT_HANDSHAKE;
        k->next = k->now + us(k, HANDSHAKE_TIMEOUT_US);
        break;
    case KBD_WAIT_HANDSHAKE:
        k->state = KBD_LOST;
        k->resend_after_sync = true;
        k->lost_bits = 0;
        k->next = k->now + us(k, HANDSHAKE_TIMEOUT_US);
        break;
    case KBD_LOST:
        /* One 1 bit (KDAT low) per 143 ms; eight of them make a byte in the shift register. */
        if (++k->lost_bits == 8) {
            k->lost_bits = 0;
            if (k->cfg.send)
                k->cfg.send(k->cfg.ctx, kbd_line_value(0xFF));
        }
        k->next = k->now + us(k, HANDSHAKE_TIMEOUT_US);
        break;
    }
}

void kbd_advance(amiga_kbd_t *k, uint64_t now)
{
    while (k->next <= now) {
        k->now = k->next;
        event(k);
    }
    if (now > k->now)
        k->now = now;
}

uint64_t kbd_next_event(const amiga_kbd_t *k) { return k->next; }

void kbd_kdat(amiga_kbd_t *k, bool low)
{
    bool was_low = k->kdat_low;
    k->kdat_low = low;
    if (!was_low || low)
        return;
    /* End of a handshake pulse. */
    if (k->state == KBD_WAIT_HANDSHAKE || k->state == KBD_LOST) {
        if (k->state == KBD_LOST && k->resend_after_sync) {
            push_front(k, k->current);
            push_front(k, KBD_LOST_SYNC);
            k->resend_after_sync = false;
        }
        k->lost_bits = 0;
        k->state = KBD_IDLE;
        k->next = k->now + us(k, BIT_US);
    }
}

void kbd_key(amiga_kbd_t *k, uint8_t raw, bool down)
{
    if (raw >= 0x68)
        return;
    if (raw == KBD_CAPS) {
        /* Caps Lock latches: down toggles it, the code's up/down bit is the latch state. */
        if (!down)
            return;
        k->caps_on = !k->caps_on;
        push(k, (uint8_t)(KBD_CAPS | (k->caps_on ? 0 : 0x80)));
    } else {
        if (down == is_down(k, raw))
            return;
        if (down)
            k->down[raw >> 3] |= (uint8_t)(1u << (raw & 7));
        else
            k->down[raw >> 3] &= (uint8_t)~(1u << (raw & 7));
        push(k, (uint8_t)(raw | (down ? 0 : 0x80)));
    }
    if (is_down(k, KBD_CTRL) && is_down(k, KBD_LAMIGA) && is_down(k, KBD_RAMIGA)) {
        if (!k->reset_sent)
            push(k, KBD_RESET_WARNING);
        k->reset_sent = true;
    } else {
        k->reset_sent = false;
    }
    if (k->state == KBD_IDLE && k->next == UINT64_MAX)
        k->next = k->now;
}

/* USB HID keyboard page (HID Usage Tables 1.12, ch. 10) to Amiga raw codes (HRM appendix H,
   figure H-1, US layout positions). */
static const uint8_t hid_map[0xE8] = {
    [0x04] = 0x20, [0x05] = 0x35, [0x06] = 0x33, [0x07] = 0x22, [0x08] = 0x12, [0x09] = 0x23,
    [0x0A] = 0x24, [0x0B] = 0x25, [0x0C] = 0x17, [0x0D] = 0x26, [0x0E] = 0x27, [0x0F] = 0x28,
    [0x10] = 0x37, [0x11] = 0x36, [0x12] = 0x18, [0x13] = 0x19, [0x14] = 0x10, [0x15] = 0x13,
    [0x16] = 0x21, [0x17] = 0x14, [0x18] = 0x16, [0x19] = 0x34, [0x1A] = 0x11, [0x1B] = 0x32,
    [0x1C] = 0x15, [0x1D] = 0x31,
    [0x1E] = 0x01, [0x1F] = 0x02, [0x20] = 0x03, [0x21] = 0x04, [0x22] = 0x05, [0x23] = 0x06,
    [0x24] = 0x07, [0x25] = 0x08, [0x26] = 0x09, [0x27] = 0x0A,
    [0x28] = 0x44, [0x29] = 0x45, [0x2A] = 0x41, [0x2B] = 0x42, [0x2C] = 0x40, [0x2D] = 0x0B,
    [0x2E] = 0x0C, [0x2F] = 0x1A, [0x30] = 0x1B, [0x31] = 0x0D, [0x32] = 0x2B, [0x33] = 0x29,
    [0x34] = 0x2A, [0x35] = 0x00, [0x36] = 0x38, [0x37] = 0x39, [0x38] = 0x3A, [0x39] = 0x62,
    [0x3A] = 0x50, [0x3B] = 0x51, [0x3C] = 0x52, [0x3D] = 0x53, [0x3E] = 0x54, [0x3F] = 0x55,
    [0x40] = 0x56, [0x41] = 0x57, [0x42] = 0x58, [0x43] = 0x59,
    [0x44] = 0x5F,                 /* F11 -> Help */
    [0x75] = 0x5F,                 /* Help (the frontend sends it for Page Up) */
    [0x4C] = 0x46,                 /* Delete */
    [0x4F] = 0x4E, [0x50] = 0x4F, [0x51] = 0x4D, [0x52] = 0x4C,
    [0x53] = 0x5A, [0x54] = 0x5C, [0x55] = 0x5D, [0x56] = 0x4A, [0x57] = 0x5E, [0x58] = 0x43,
    [0x59] = 0x1D, [0x5A] = 0x1E, [0x5B] = 0x1F, [0x5C] = 0x2D, [0x5D] = 0x2E, [0x5E] = 0x2F,
    [0x5F] = 0x3D, [0x60] = 0x3E, [0x61] = 0x3F, [0x62] = 0x0F, [0x63] = 0x3C,
    [0x47] = 0x5B,                 /* Scroll Lock -> keypad ')' (NumLock is keypad '(') */
    [0x64] = 0x30,                 /* the ISO key left of Z */
    [0x65] = 0x67,                 /* Menu -> right Amiga */
    [0xE0] = 0x63, [0xE1] = 0x60, [0xE2] = 0x64, [0xE3] = 0x66,
    [0xE4] = 0x63, [0xE5] = 0x61, [0xE6] = 0x65, [0xE7] = 0x67,
};

uint8_t kbd_hid_to_raw(int hid)
{
    if (hid == 0x35)
        return 0x00; /* grave: raw code 0 is a real key */
    if (hid < 0 || hid >= (int)sizeof hid_map || !hid_map[hid])
        return KBD_NO_KEY;
    return hid_map[hid];
}

/* ---- save states (machines/state.h) ---- */

void kbd_serialize(amiga_kbd_t *k, ser_t *s)
{
    SER(s, k->now);
    SER_ENUM(s, k->state, KBD_LOST);
    SER(s, k->next);
    ser_bytes(s, k->queue, KBD_QUEUE);
    SER_MAX(s, k->q_head, KBD_QUEUE - 1);
    SER_MAX(s, k->q_count, KBD_QUEUE);
    SER(s, k->current);
    SER(s, k->resend_after_sync);
    SER(s, k->lost_bits);
    SER(s, k->kdat_low);
    SER(s, k->caps_on);
    ser_bytes(s, k->down, sizeof k->down);
    SER(s, k->reset_sent);
}
