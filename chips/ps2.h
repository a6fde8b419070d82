/* PS/2 keyboard (scan code set 2) and PS/2 mouse, device side of the port: the host sends
 * command bytes, the device answers with ACK (0xFA) and data, and queues key or movement
 * reports. Commands and replies follow the IBM PS/2 Hardware Technical Reference (keyboard
 * and auxiliary device chapters). The byte transport (clock, timing, inhibit) belongs to the
 * host controller (IOMD's KART); it pulls bytes with ps2_pop. */
#ifndef ARCANA_PS2_H
#define ARCANA_PS2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PS2_QUEUE 64

typedef enum { PS2_KEYBOARD, PS2_MOUSE } ps2_kind_t;

typedef struct ps2_cfg {
    ps2_kind_t kind;
    void *ctx;
    void (*notify)(void *ctx);   /* called when the device has a byte to send */
} ps2_cfg_t;

typedef struct ps2 {
    ps2_cfg_t cfg;
    uint8_t q[PS2_QUEUE];
    unsigned q_head, q_count;
    int pending_cmd;             /* command awaiting its argument byte, -1 none */
    bool scanning;               /* keyboard: scanning enabled; mouse: data reporting */
    uint8_t leds, typematic, scanset;
    uint8_t rate, resolution, scaling;
    bool remote, wrap;
    int dx, dy;
    unsigned buttons;
    uint32_t held[8];            /* keyboard: HID usages currently down */
} ps2_t;

void ps2_init(ps2_t *p, const ps2_cfg_t *cfg);
void ps2_reset(ps2_t *p);
/* Power-on self test: queues 0xAA (mouse: 0xAA 0x00) and, for a keyboard, held keys. */
void ps2_power_on(ps2_t *p);
typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void ps2_serialize(ps2_t *p, ser_t *s);
/* Host to device: one byte (a command or its argument). */
void ps2_write(ps2_t *p, uint8_t byte);
/* Device to host: next byte, or -1 if none. ps2_peek does not remove it. */
int ps2_pop(ps2_t *p);
int ps2_peek(const ps2_t *p);
bool ps2_has_data(const ps2_t *p);
/* Keyboard: a key change as a USB HID usage (page 7); unknown usages are ignored. */
void ps2_key(ps2_t *p, int hid_usage, bool down);
/* Mouse: movement (dy positive = up, as PS/2 reports it) and buttons (bit0 L, bit1 R, bit2 M). */
void ps2_mouse(ps2_t *p, int dx, int dy, unsigned buttons);
/* Set 2 make code for a HID usage: returns length (0 unknown), bytes in out (E0 prefix). */
int ps2_set2_make(int hid_usage, uint8_t out[2]);

#endif
