#include "chips/ps2.h"

#include "machines/state.h"

#include <stddef.h>
#include <string.h>

static void report_held(ps2_t *p);

static void push(ps2_t *p, uint8_t b)
{
    if (p->q_count == PS2_QUEUE)
        return; /* buffer overrun: a real keyboard sends 0x00 and drops keys; drop quietly */
    p->q[(p->q_head + p->q_count) % PS2_QUEUE] = b;
    p->q_count++;
    if (p->cfg.notify)
        p->cfg.notify(p->cfg.ctx);
}

void ps2_init(ps2_t *p, const ps2_cfg_t *cfg)
{
    memset(p, 0, sizeof *p);
    p->cfg = *cfg;
    ps2_reset(p);
}

static void defaults(ps2_t *p)
{
    p->pending_cmd = -1;
    p->leds = 0;
    p->typematic = 0x2b;
    p->scanset = 2;
    p->rate = 100;
    p->resolution = 2;
    p->scaling = 1;
    p->remote = false;
    p->wrap = false;
    p->dx = p->dy = 0;
    p->scanning = p->cfg.kind == PS2_KEYBOARD; /* a keyboard scans after power-on, a mouse waits for F4 */
}

/* Power-on: the keyboard runs its self test and announces it (0xAA) without being asked,
 * then reports any keys held down. */
void ps2_reset(ps2_t *p)
{
    p->q_head = p->q_count = 0;
    defaults(p);
    p->buttons = 0;
}

void ps2_power_on(ps2_t *p)
{
    ps2_reset(p);
    push(p, 0xaa);
    if (p->cfg.kind == PS2_MOUSE)
        push(p, 0x00);
    else
        report_held(p);
}

int ps2_peek(const ps2_t *p) { return p->q_count ? p->q[p->q_head] : -1; }
bool ps2_has_data(const ps2_t *p) { return p->q_count != 0; }

int ps2_pop(ps2_t *p)
{
    if (!p->q_count)
        return -1;
    int b = p->q[p->q_head];
    p->q_head = (p->q_head + 1) % PS2_QUEUE;
    p->q_count--;
    return b;
}

static void mouse_packet(ps2_t *p)
{
    int dx = p->dx, dy = p->dy;
    if (dx > 255) dx = 255;
    if (dx < -256) dx = -256;
    if (dy > 255) dy = 255;
    if (dy < -256) dy = -256;
    uint8_t b0 = (uint8_t)(0x08 | (p->buttons & 1) | ((p->buttons & 2) ? 2 : 0) | ((p->buttons & 4) ? 4 : 0));
    if (dx < 0) b0 |= 0x10;
    if (dy < 0) b0 |= 0x20;
    push(p, b0);
    push(p, (uint8_t)dx);
    push(p, (uint8_t)dy);
    p->dx = p->dy = 0;
}

static void send_make(ps2_t *p, int usage)
{
    uint8_t code[2];
    int n = ps2_set2_make(usage, code);
    for (int i = 0; i < n; i++)
        push(p, code[i]);
}

/* Keys held down while the keyboard (re)starts scanning are reported as new presses. */
static void report_held(ps2_t *p)
{
    for (int u = 0; u < 256; u++)
        if (p->held[u >> 5] & (1u << (u & 31)))
            send_make(p, u);
}

static void keyboard_cmd(ps2_t *p, uint8_t b)
{
    if (p->pending_cmd >= 0) {
        int cmd = p->pending_cmd;
        p->pending_cmd = -1;
        switch (cmd) {
        case 0xed: p->leds = b & 7; push(p, 0xfa); return;
        case 0xf3: p->typematic = b & 0x7f; push(p, 0xfa); return;
        case 0xf0:
            push(p, 0xfa);
            if (b == 0)
                push(p, p->scanset);
            else if (b <= 3)
                p->scanset = b;
            return;
        default: break;
        }
    }
    switch (b) {
    case 0xed: case 0xf3: case 0xf0:
        p->pending_cmd = b;
        push(p, 0xfa);
        break;
    case 0xee: push(p, 0xee); break;                       /* echo */
    case 0xf2: push(p, 0xfa); push(p, 0xab); push(p, 0x83); break; /* read ID: MF2 keyboard */
    case 0xf4:
        push(p, 0xfa);
        if (!p->scanning) {
            p->scanning = true;
            report_held(p);
        }
        break;
    case 0xf5: defaults(p); p->scanning = false; push(p, 0xfa); break;
    case 0xf6: defaults(p); push(p, 0xfa); break;
    case 0xf7: case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xfd:
        push(p, 0xfa); break; /* set-3 key type commands: acknowledged */
    case 0xfe: push(p, 0xfa); break; /* resend: nothing outstanding to resend */
    case 0xff:
        p->q_head = p->q_count = 0;
        defaults(p);
        push(p, 0xfa);
        push(p, 0xaa); /* basic assurance test passed */
        report_held(p); /* the matrix scan after the test finds keys already down */
        break;
    default: push(p, 0xfe); break; /* unknown command: resend request */
    }
}

static void mouse_cmd(ps2_t *p, uint8_t b)
{
    if (p->wrap && b != 0xec && b != 0xff) {
        push(p, b);
        return;
    }
    if (b != 0xfe)
        p->dx = p->dy = 0; /* any command but Resend clears the movement counters */
    if (p->pending_cmd >= 0) {
        int cmd = p->pending_cmd;
        p->pending_cmd = -1;
        push(p, 0xfa);
        if (cmd == 0xe8)
            p->resolution = b & 3;
        else if (cmd == 0xf3)
            p->rate = b;
        return;
    }
    switch (b) {
    case 0xe6: p->scaling = 1; push(p, 0xfa); break;
    case 0xe7: p->scaling = 2; push(p, 0xfa); break;
    case 0xe8: case 0xf3: p->pending_cmd = b; push(p, 0xfa); break;
    case 0xe9: /* status request */
        push(p, 0xfa);
        push(p, (uint8_t)((p->remote ? 0x40 : 0) | (p->scanning ? 0x20 : 0) | (p->scaling == 2 ? 0x10 : 0) |
                          (p->buttons & 1 ? 4 : 0) | (p->buttons & 4 ? 2 : 0) | (p->buttons & 2 ? 1 : 0)));
        push(p, p->resolution);
        push(p, p->rate);
        break;
    case 0xea: p->remote = false; push(p, 0xfa); break;
    case 0xeb: push(p, 0xfa); mouse_packet(p); break;
    case 0xec: p->wrap = false; push(p, 0xfa); break;
    case 0xee: p->wrap = true; push(p, 0xfa); break;
    case 0xf0: p->remote = true; push(p, 0xfa); break;
    case 0xf2: push(p, 0xfa); push(p, 0x00); break; /* standard PS/2 mouse ID */
    case 0xf4: p->scanning = true; push(p, 0xfa); break;
    case 0xf5: p->scanning = false; push(p, 0xfa); break;
    case 0xf6: defaults(p); push(p, 0xfa); break;
    case 0xfe: push(p, 0xfa); break;
    case 0xff:
        p->q_head = p->q_count = 0;
        defaults(p);
        push(p, 0xfa);
        push(p, 0xaa);
        push(p, 0x00);
        break;
    default: push(p, 0xfe); break;
    }
}

void ps2_write(ps2_t *p, uint8_t b)
{
    if (p->cfg.kind == PS2_KEYBOARD)
        keyboard_cmd(p, b);
    else
        mouse_cmd(p, b);
}

/* Set 2 make codes indexed by HID usage 0x04..0x65 (IBM PS/2 Technical Reference, keyboard
 * scan code set 2 table; HID Usage Tables §10). 0xE0xx = extended. */
static const uint16_t set2[0x66] = {
    [0x04] = 0x1c, [0x05] = 0x32, [0x06] = 0x21, [0x07] = 0x23, [0x08] = 0x24, [0x09] = 0x2b,
    [0x0a] = 0x34, [0x0b] = 0x33, [0x0c] = 0x43, [0x0d] = 0x3b, [0x0e] = 0x42, [0x0f] = 0x4b,
    [0x10] = 0x3a, [0x11] = 0x31, [0x12] = 0x44, [0x13] = 0x4d, [0x14] = 0x15, [0x15] = 0x2d,
    [0x16] = 0x1b, [0x17] = 0x2c, [0x18] = 0x3c, [0x19] = 0x2a, [0x1a] = 0x1d, [0x1b] = 0x22,
    [0x1c] = 0x35, [0x1d] = 0x1a, [0x1e] = 0x16, [0x1f] = 0x1e, [0x20] = 0x26, [0x21] = 0x25,
    [0x22] = 0x2e, [0x23] = 0x36, [0x24] = 0x3d, [0x25] = 0x3e, [0x26] = 0x46, [0x27] = 0x45,
    [0x28] = 0x5a, [0x29] = 0x76, [0x2a] = 0x66, [0x2b] = 0x0d, [0x2c] = 0x29, [0x2d] = 0x4e,
    [0x2e] = 0x55, [0x2f] = 0x54, [0x30] = 0x5b, [0x31] = 0x5d, [0x32] = 0x5d, [0x33] = 0x4c,
    [0x34] = 0x52, [0x35] = 0x0e, [0x36] = 0x41, [0x37] = 0x49, [0x38] = 0x4a, [0x39] = 0x58,
    [0x3a] = 0x05, [0x3b] = 0x06, [0x3c] = 0x04, [0x3d] = 0x0c, [0x3e] = 0x03, [0x3f] = 0x0b,
    [0x40] = 0x83, [0x41] = 0x0a, [0x42] = 0x01, [0x43] = 0x09, [0x44] = 0x78, [0x45] = 0x07,
    [0x47] = 0x7e, [0x49] = 0xe070, [0x4a] = 0xe06c, [0x4b] = 0xe07d, [0x4c] = 0xe071,
    [0x4d] = 0xe069, [0x4e] = 0xe07a, [0x4f] = 0xe074, [0x50] = 0xe06b, [0x51] = 0xe072,
    [0x52] = 0xe075, [0x53] = 0x77, [0x54] = 0xe04a, [0x55] = 0x7c, [0x56] = 0x7b, [0x57] = 0x79,
    [0x58] = 0xe05a, [0x59] = 0x69, [0x5a] = 0x72, [0x5b] = 0x7a, [0x5c] = 0x6b, [0x5d] = 0x73,
    [0x5e] = 0x74, [0x5f] = 0x6c, [0x60] = 0x75, [0x61] = 0x7d, [0x62] = 0x70, [0x63] = 0x71,
    [0x64] = 0x61, [0x65] = 0xe02f,
};
/* Modifiers, HID 0xE0-0xE7: LCtrl LShift LAlt LGUI RCtrl RShift RAlt RGUI. */
static const uint16_t set2_mod[8] = {0x14, 0x12, 0x11, 0xe01f, 0xe014, 0x59, 0xe011, 0xe027};

int ps2_set2_make(int usage, uint8_t out[2])
{
    uint16_t c = 0;
    if (usage >= 0 && usage < 0x66)
        c = set2[usage];
    else if (usage >= 0xe0 && usage <= 0xe7)
        c = set2_mod[usage - 0xe0];
    if (!c)
        return 0;
    if (c >> 8) {
        out[0] = 0xe0;
        out[1] = (uint8_t)c;
        return 2;
    }
    out[0] = (uint8_t)c;
    return 1;
}

void ps2_key(ps2_t *p, int usage, bool down)
{
    if (p->cfg.kind != PS2_KEYBOARD || usage < 0 || usage > 255)
        return;
    uint32_t bit = 1u << (usage & 31);
    p->held[usage >> 5] = down ? (p->held[usage >> 5] | bit) : (p->held[usage >> 5] & ~bit);
    if (!p->scanning)
        return;
    if (usage == 0x48) { /* Pause: make-only sequence E1 14 77 E1 F0 14 F0 77 */
        if (down) {
            static const uint8_t seq[8] = {0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77};
            for (int i = 0; i < 8; i++)
                push(p, seq[i]);
        }
        return;
    }
    if (usage == 0x46) { /* Print Screen: E0 12 E0 7C / E0 F0 7C E0 F0 12 */
        static const uint8_t mk[4] = {0xe0, 0x12, 0xe0, 0x7c}, br[6] = {0xe0, 0xf0, 0x7c, 0xe0, 0xf0, 0x12};
        const uint8_t *s = down ? mk : br;
        for (int i = 0; i < (down ? 4 : 6); i++)
            push(p, s[i]);
        return;
    }
    uint8_t code[2];
    int n = ps2_set2_make(usage, code);
    if (!n)
        return;
    if (n == 2)
        push(p, code[0]);
    if (!down)
        push(p, 0xf0);
    push(p, code[n - 1]);
}

void ps2_mouse(ps2_t *p, int dx, int dy, unsigned buttons)
{
    if (p->cfg.kind != PS2_MOUSE)
        return;
    bool changed = buttons != p->buttons || dx || dy;
    if (!p->scanning && !p->remote)
        dx = dy = 0; /* stream mode with reporting off: the mouse does not count */
    p->dx += dx;
    p->dy += dy;
    p->buttons = buttons & 7;
    if (changed && p->scanning && !p->remote)
        mouse_packet(p);
}

/* A signed field within ±lim. */
static void ser_within(ser_t *s, int *v, int lim, const char *what)
{
    int32_t x = *v;
    SER(s, x);
    if (ser_loading(s) && ser_ok(s) && (x < -lim || x > lim))
        ser_fail(s, "%s is %d", what, (int)x);
    else
        *v = x;
}

void ps2_serialize(ps2_t *p, ser_t *s)
{
    ser_bytes(s, p->q, sizeof p->q);
    SER_MAX(s, p->q_head, PS2_QUEUE - 1);
    SER_MAX(s, p->q_count, PS2_QUEUE);
    /* the command awaiting its argument byte, or -1 */
    int cmd = p->pending_cmd + 1;
    ser_within(s, &cmd, 0x100, "the pending command");
    if (ser_loading(s) && ser_ok(s) && cmd < 0)
        ser_fail(s, "the pending command is %d", cmd - 1);
    p->pending_cmd = cmd - 1;
    SER(s, p->scanning);
    SER(s, p->leds);
    SER(s, p->typematic);
    SER(s, p->scanset);
    SER(s, p->rate);
    SER(s, p->resolution);
    SER(s, p->scaling);
    SER(s, p->remote);
    SER(s, p->wrap);
    /* motion is clamped when sent but summed on every move: keep it far from overflow */
    ser_within(s, &p->dx, 1 << 28, "the mouse's x motion");
    ser_within(s, &p->dy, 1 << 28, "the mouse's y motion");
    SER_MAX(s, p->buttons, 7);
    ser_u32s(s, p->held, 8);
}
