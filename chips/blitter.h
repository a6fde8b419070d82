/* The blitter (inside Agnus, HRM ch. 6): four DMA channels A, B, C (sources) and D
 * (destination), any of the 256 minterms, barrel shifts of A and B, first/last-word masks on
 * A, ascending and descending modes, inclusive/exclusive area fill, line mode (with SING) and
 * the real bus-cycle pattern of every channel combination.
 *
 * The machine routes the blitter's custom registers to blitter_write (BLTCON0 $040 ..
 * BLTSIZE $058, BLTxMOD $060..$066, BLTxDAT $070..$074, BLTxPT $048..$056, ECS BLTCON0L $05A,
 * BLTSIZV $05C, BLTSIZH $05E). Agnus steps it once per colour clock while DMAEN+BLTEN are set
 * (agnus cfg.blit_cck -> blitter_cck): with bus_free the blitter may take that CCK for one of
 * its DMA cycles (idle steps of its pattern also wait for a free CCK but leave it to the CPU;
 * the end cycle after the last word needs none). bus_free is false while a CPU that has
 * waited 2 CCKs gets priority (DMACON BLTPRI clear). When the last word has
 * been written, BBUSY clears and cfg.done(ctx) is called (the machine raises INTREQ BLIT).
 * blitter_status() gives DMACONR's BBUSY (bit 14) and BZERO (bit 13) as AGNUS_BLIT_* bits. */
#ifndef ARCANA_BLITTER_H
#define ARCANA_BLITTER_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/chip_log.h"

enum { BLITTER_BUSY = 1, BLITTER_ZERO = 2 }; /* same values as agnus.h AGNUS_BLIT_* */

typedef struct blitter_cfg {
    bool ecs;           /* 8372A: BLTSIZV/BLTSIZH/BLTCON0L, 15-bit height, 11-bit width */
    uint8_t *chip_ram;
    uint32_t chip_mask;
    void *ctx;
    void (*done)(void *ctx);
    chip_log_t log;     /* "register not emulated" messages */
} blitter_cfg_t;

typedef struct blitter {
    blitter_cfg_t cfg;
    /* registers */
    uint16_t bltcon0, bltcon1, afwm, alwm;
    uint32_t pt[4];          /* A, B, C, D */
    int16_t mod[4];
    uint16_t adat, bdat, cdat;
    uint16_t sizv, sizh;     /* height in lines, width in words */
    /* operation state */
    bool busy, zero;
    unsigned width, height;  /* of the running blit */
    unsigned x, y;           /* word / line being processed */
    unsigned step;           /* position in the per-word cycle pattern */
    uint8_t pattern[6];      /* per-word cycle pattern: BLIT_A/B/C/D/IDLE */
    unsigned pattern_len;
    unsigned start_delay;    /* CCKs from BLTSIZE to the first cycle */
    uint16_t aold, bold;     /* previous A / B words for the barrel shifter */
    uint16_t ahold, bhold;   /* shifted A / B */
    uint16_t dhold;          /* D result waiting to be written (pipeline) */
    uint32_t dpt_pending;    /* address of dhold */
    bool dpending;           /* dhold has to be written */
    bool fill_carry;
    bool first_word, last_word;
    bool flushing;           /* all words done: the last D write is still to come */
    bool line_first;         /* line mode: first pixel on this row (SING) */
    bool logged_unknown;
} blitter_t;

void blitter_init(blitter_t *b, const blitter_cfg_t *cfg);
void blitter_reset(blitter_t *b);
void blitter_write(blitter_t *b, unsigned reg, uint16_t value);
uint16_t blitter_peek(const blitter_t *b, unsigned reg);
/* True for register offsets the blitter implements. */
bool blitter_owns_reg(const blitter_t *b, unsigned reg);
/* One colour clock; returns true if the blitter used the bus. */
bool blitter_cck(blitter_t *b, bool bus_free);
unsigned blitter_status(const blitter_t *b);
/* Runs the current blit to its end with the bus always free (tests, debuggers). */
unsigned blitter_finish(blitter_t *b);

typedef struct ser ser_t;
/* The blitter's registers and the blit in progress, for a save state (machines/state.h). */
void blitter_serialize(blitter_t *b, ser_t *s);

#endif
