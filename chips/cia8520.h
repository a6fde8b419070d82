/* MOS 8520 Complex Interface Adapter, as used twice in the Amiga (CIA-A at BFE001, odd bytes;
 * CIA-B at BFD000, even bytes). References: MOS 8520 data sheet (rev. 1985); Amiga Hardware
 * Reference Manual 3rd ed., appendix F ("8520 Complex Interface Adapters").
 *
 * Time: the chip runs on the E clock (CPU clock / 10 = 709 379 Hz on a PAL Amiga). The machine
 * advances it lazily with cia_advance(n E cycles) before every register access and at the time
 * cia_cycles_to_event() asks for (the next timer underflow), so an idle CIA costs nothing.
 *
 * Timer model (data sheet "Interval timers"; the cycle behaviour as measured on the 6526 the 8520
 * derives from, W. Lorenz "A Software Model of the CIA6526"): counting starts two cycles after
 * START is set; a counter counting E cycles shows N, N-1, ... 1 and underflows on the count that
 * would reach 0, reloading the latch at once, so a latch of N gives a period of N E cycles (a
 * latch of 0 underflows every cycle). Timer B counting timer A's underflows does the same per
 * underflow.
 * TOD is the 8520's 24-bit binary event counter, counting pulses on its TOD pin (CIA-A: vsync,
 * CIA-B: hsync) given through cia_tod_pulse(). */
#ifndef ARCANA_CIA8520_H
#define ARCANA_CIA8520_H

#include <stdbool.h>
#include <stdint.h>

/* Register numbers (HRM appendix F, table F-1). */
enum {
    CIA_PRA, CIA_PRB, CIA_DDRA, CIA_DDRB, CIA_TALO, CIA_TAHI, CIA_TBLO, CIA_TBHI,
    CIA_TODLO, CIA_TODMID, CIA_TODHI, CIA_UNUSED, CIA_SDR, CIA_ICR, CIA_CRA, CIA_CRB,
};

/* ICR bits. */
enum {
    CIA_ICR_TA = 0x01, CIA_ICR_TB = 0x02, CIA_ICR_ALRM = 0x04, CIA_ICR_SP = 0x08,
    CIA_ICR_FLG = 0x10, CIA_ICR_IR = 0x80, CIA_ICR_SC = 0x80,
};

/* CRA/CRB bits (CRB uses 0x60 for INMODE, 0x80 for ALARM). */
enum {
    CIA_CR_START = 0x01, CIA_CR_PBON = 0x02, CIA_CR_OUTMODE = 0x04, CIA_CR_RUNMODE = 0x08,
    CIA_CR_LOAD = 0x10, CIA_CRA_INMODE = 0x20, CIA_CRA_SPMODE = 0x40,
    CIA_CRB_INMODE = 0x60, CIA_CRB_ALARM = 0x80,
};

typedef struct cia_cfg {
    void *ctx;
    /* /IRQ output changed (true = asserted). */
    void (*irq)(void *ctx, bool asserted);
    /* Pin levels of port 0 (A) or 1 (B) where the DDR makes them inputs. NULL = all high. */
    uint8_t (*port_in)(void *ctx, int port);
    /* Port output changed: value = (PR & DDR) | (~DDR & 0xFF) (undriven pins float high). */
    void (*port_out)(void *ctx, int port, uint8_t value);
    /* The serial port direction changed (CRA SPMODE): output drives SP (the keyboard's KDAT
       handshake on CIA-A). Optional. */
    void (*sp_mode)(void *ctx, bool output);
    /* A byte finished shifting out in output mode. Optional. */
    void (*sp_out)(void *ctx, uint8_t byte);
} cia_cfg_t;

typedef struct cia_timer {
    uint16_t latch;
    uint16_t counter;
    uint8_t cr;
    uint8_t delay;             /* E cycles before a just-started timer counts */
} cia_timer_t;

typedef struct cia {
    cia_cfg_t cfg;
    uint8_t pra, prb, ddra, ddrb;
    cia_timer_t ta, tb;
    uint32_t tod, alarm;       /* 24 bits */
    uint32_t tod_latch;        /* read latch (held from a TODHI read until TODLO is read) */
    bool tod_latched;
    bool tod_stopped;          /* a TODHI write stops the count until TODLO is written */
    uint8_t sdr;
    uint8_t sr_shift;          /* output shift register */
    uint8_t sr_halfbits;       /* TA underflows left in the current output byte (16 per byte) */
    bool sdr_pending;          /* SDR written while a byte was shifting out */
    uint8_t icr_data, icr_mask;
    bool irq;
    uint8_t pb67_toggle;       /* PB6/PB7 toggle-mode flip-flops (bit 6, bit 7) */
    uint8_t pb67_pulse;        /* PB6/PB7 pulse-mode outputs, high for the cycle after underflow */
    uint64_t ecycles;          /* E cycles run since init */
} cia_t;

void cia_init(cia_t *c, const cia_cfg_t *cfg);
/* /RES: registers to their data-sheet reset values (ports inputs, timers latches FFFF, stopped,
   interrupts masked and clear). */
void cia_reset(cia_t *c);
uint8_t cia_read(cia_t *c, unsigned reg);
void cia_write(cia_t *c, unsigned reg, uint8_t value);
/* What cia_read would return, without clearing ICR or latching TOD. */
uint8_t cia_peek(const cia_t *c, unsigned reg);
/* Runs n E cycles. */
void cia_advance(cia_t *c, uint64_t n);
/* E cycles until the next timer underflow (UINT64_MAX when no timer counts E cycles). */
uint64_t cia_cycles_to_event(const cia_t *c);
/* One pulse on the TOD pin. */
void cia_tod_pulse(cia_t *c);
/* A falling edge on /FLAG (CIA-B: disk index; CIA-A: parallel /ACK). */
void cia_flag(cia_t *c);
/* A byte shifted in on SP by an external clock on CNT (input mode): lands in SDR and sets SP. */
void cia_serial_in(cia_t *c, uint8_t byte);

typedef struct ser ser_t;
/* A CIA's registers, timers, TOD and serial port, for a save state (machines/state.h). */
void cia_serialize(cia_t *c, ser_t *s);

#endif
