/* Philips PCF8583 clock/calendar with 240 bytes of static RAM on an I²C bus (PCF8583 data
 * sheet, 1997). The RiscPC keeps its CMOS settings in the RAM (0x10-0xff) and the clock in
 * registers 0x01-0x06; the bus is bit-banged by IOMD's control register. The clock is derived
 * from emulated time (cfg.now_cs) plus an offset, so it runs exactly with the machine. */
#ifndef ARCANA_PCF8583_H
#define ARCANA_PCF8583_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct pcf8583_cfg {
    void *ctx;
    uint64_t (*now_cs)(void *ctx);  /* emulated time in 1/100 s */
    uint8_t address;                /* 7-bit slave address: 0x50 (A0 low) or 0x51 */
    int64_t start_time;             /* Unix time (UTC) the clock shows when now_cs() is 0 */
} pcf8583_cfg_t;

typedef struct pcf8583 {
    pcf8583_cfg_t cfg;
    uint8_t ram[256];          /* registers 0x00-0x0f and RAM 0x10-0xff; 0x01-0x06 see below */
    int64_t base_cs;           /* clock value in 1/100 s since 1970 when now_cs() == 0 */
    bool hold;                 /* control bit 6 "hold last count": registers frozen */
    int64_t held_cs;
    /* I²C bus interface state */
    bool scl, sda;             /* line levels last seen */
    bool sda_out;              /* the chip pulls SDA low when false */
    enum { PCF_IDLE, PCF_ADDR, PCF_ACK_ADDR, PCF_WORD, PCF_ACK_WORD, PCF_WDATA, PCF_ACK_W,
           PCF_RDATA, PCF_ACK_R } state;
    uint8_t shift;
    int bits;
    bool read_mode, have_word;
    uint8_t ptr;
    uint8_t latched[7];        /* time registers latched at the start of a read */
} pcf8583_t;

void pcf8583_init(pcf8583_t *p, const pcf8583_cfg_t *cfg);
void pcf8583_reset(pcf8583_t *p);
/* Drives the bus lines as seen at the chip; returns the SDA level the chip leaves on the bus
 * (false = it pulls SDA low). Wired-AND with the master: bus SDA = master SDA && return. */
bool pcf8583_bus(pcf8583_t *p, bool scl, bool sda);
typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void pcf8583_serialize(pcf8583_t *p, ser_t *s);
/* Side-effect-free register read (current clock for 0x01-0x06). */
uint8_t pcf8583_peek(const pcf8583_t *p, uint8_t addr);
/* Direct access for the machine's persistence of CMOS RAM. */
uint8_t *pcf8583_ram(pcf8583_t *p);

#endif
