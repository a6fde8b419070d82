/* OKI MSM6242B real-time clock (MSM6242B data sheet): 16 four-bit registers, seconds to years
 * in BCD digits, day of week and the control registers D, E and F. On the A500 it sits on the
 * A501 trapdoor board with the 512 KB slow RAM, at $DC0000: register n at $DC0000 + 4n + 3,
 * data on D0-D3 (Amiga Hardware Reference Manual, memory map; Kickstart's and AROS's
 * battclock.resource find it by reading register F's 24/12 bit). The time is derived from
 * emulated time (cfg.now_ticks) plus an offset, so the clock runs exactly with the machine and
 * two runs from the same start time read the same values. */
#ifndef ARCANA_MSM6242B_H
#define ARCANA_MSM6242B_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    MSM_S1, MSM_S10, MSM_MI1, MSM_MI10, MSM_H1, MSM_H10, MSM_D1, MSM_D10,
    MSM_MO1, MSM_MO10, MSM_Y1, MSM_Y10, MSM_W, MSM_CD, MSM_CE, MSM_CF,
};
/* Control bits (data sheet, "Control registers"). */
enum { MSM_CD_HOLD = 1, MSM_CD_BUSY = 2, MSM_CD_IRQ = 4, MSM_CD_ADJ30 = 8 };
enum { MSM_CF_REST = 1, MSM_CF_STOP = 2, MSM_CF_24H = 4, MSM_CF_TEST = 8 };
enum { MSM_H10_PM = 4 }; /* 12-hour mode: H10 bit 2 is AM (0) / PM (1) */

typedef struct msm6242b_cfg {
    void *ctx;
    uint64_t (*now_ticks)(void *ctx); /* emulated time in ticks */
    uint64_t ticks_per_second;
    int64_t start_time;               /* Unix time (UTC) the clock shows when now_ticks() is 0 */
} msm6242b_cfg_t;

typedef struct msm6242b {
    msm6242b_cfg_t cfg;
    uint8_t digit[13];  /* registers S1-W as they were at tick ref (kept as written: a date
                           set digit by digit may pass through invalid ones) */
    uint64_t ref;       /* while running the clock shows digit[] plus the time since ref */
    uint8_t cd, ce, cf; /* control registers D, E, F */
} msm6242b_t;

void msm6242b_init(msm6242b_t *c, const msm6242b_cfg_t *cfg);
/* Power-on of the board: the clock is battery backed, so only the chip's state after a battery
 * change is set here (24-hour mode, running). */
void msm6242b_reset(msm6242b_t *c);
uint8_t msm6242b_read(msm6242b_t *c, unsigned reg);
void msm6242b_write(msm6242b_t *c, unsigned reg, uint8_t value);
uint8_t msm6242b_peek(const msm6242b_t *c, unsigned reg);
/* Save states (DESIGN.md §9): every field once, range-checked on load. */
struct ser;
void msm6242b_serialize(msm6242b_t *c, struct ser *s);

#endif
