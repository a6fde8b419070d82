#include "chips/msm6242b.h"

#include "machines/state.h"

#include <string.h>
#include <time.h>

static bool stopped(const msm6242b_t *c) { return c->cf & (MSM_CF_STOP | MSM_CF_REST); }

static uint64_t now_ticks(const msm6242b_t *c) { return c->cfg.now_ticks ? c->cfg.now_ticks(c->cfg.ctx) : 0; }

static int64_t day_of(int64_t t) { return t >= 0 ? t / 86400 : (t - 86399) / 86400; }

/* The time digit[] stands for, in seconds since 1970. Years are two digits: 78-99 stand for
 * 1978-1999 and 00-77 for 2000-2077 (how Amiga software reads them). */
static int64_t digits_time(const msm6242b_t *c)
{
    const uint8_t *d = c->digit;
    int hour = (d[MSM_H10] & 3) * 10 + d[MSM_H1];
    if (!(c->cf & MSM_CF_24H))
        hour = (d[MSM_H10] & 1) * 10 + d[MSM_H1] + (d[MSM_H10] & MSM_H10_PM ? 12 : 0);
    int year = d[MSM_Y10] * 10 + d[MSM_Y1];
    struct tm tm = {
        .tm_sec = d[MSM_S10] * 10 + d[MSM_S1],
        .tm_min = d[MSM_MI10] * 10 + d[MSM_MI1],
        .tm_hour = hour,
        .tm_mday = d[MSM_D10] * 10 + d[MSM_D1],
        .tm_mon = d[MSM_MO10] * 10 + d[MSM_MO1] - 1,
        .tm_year = year < 78 ? year + 100 : year,
    };
    return (int64_t)timegm(&tm);
}

static int64_t elapsed_seconds(const msm6242b_t *c, uint64_t now)
{
    if (stopped(c) || !c->cfg.ticks_per_second || now <= c->ref)
        return 0;
    return (int64_t)((now - c->ref) / c->cfg.ticks_per_second); /* < 2^64 / ticks a second */
}

/* The registers S1-W for the time t, W counted on from weekday w0 at time t0. */
static void render(const msm6242b_t *c, int64_t t, int64_t t0, unsigned w0, uint8_t d[13])
{
    struct tm tm = {.tm_mday = 1, .tm_year = 100}; /* kept if t is beyond what gmtime takes */
    time_t s = (time_t)t;
    gmtime_r(&s, &tm);
    unsigned hour = (unsigned)tm.tm_hour, year = (unsigned)(tm.tm_year % 100);
    if (!(c->cf & MSM_CF_24H))
        hour %= 12;
    d[MSM_S1] = (uint8_t)(tm.tm_sec % 10);
    d[MSM_S10] = (uint8_t)(tm.tm_sec / 10);
    d[MSM_MI1] = (uint8_t)(tm.tm_min % 10);
    d[MSM_MI10] = (uint8_t)(tm.tm_min / 10);
    d[MSM_H1] = (uint8_t)(hour % 10);
    d[MSM_H10] = (uint8_t)(hour / 10 | (!(c->cf & MSM_CF_24H) && tm.tm_hour >= 12 ? MSM_H10_PM : 0));
    d[MSM_D1] = (uint8_t)(tm.tm_mday % 10);
    d[MSM_D10] = (uint8_t)(tm.tm_mday / 10);
    d[MSM_MO1] = (uint8_t)((tm.tm_mon + 1) % 10);
    d[MSM_MO10] = (uint8_t)((tm.tm_mon + 1) / 10);
    d[MSM_Y1] = (uint8_t)(year % 10);
    d[MSM_Y10] = (uint8_t)(year / 10);
    d[MSM_W] = (uint8_t)(((int64_t)w0 + (day_of(t) - day_of(t0)) % 7 + 7) % 7);
}

/* The registers as they read now. Digits not yet counted from stay exactly as written. */
static void current(const msm6242b_t *c, uint8_t d[13])
{
    int64_t run = elapsed_seconds(c, now_ticks(c));
    if (!run) {
        memcpy(d, c->digit, 13);
        return;
    }
    int64_t t0 = digits_time(c);
    render(c, t0 + run, t0, c->digit[MSM_W] % 7, d);
}

/* Makes the registers as they read now the new reference (before a write). */
static void rebase(msm6242b_t *c)
{
    uint8_t d[13];
    current(c, d);
    memcpy(c->digit, d, 13);
    c->ref = now_ticks(c);
}

void msm6242b_init(msm6242b_t *c, const msm6242b_cfg_t *cfg)
{
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
    msm6242b_reset(c);
}

void msm6242b_reset(msm6242b_t *c)
{
    c->cd = c->ce = 0;
    c->cf = MSM_CF_24H;
    int64_t t = c->cfg.start_time;
    render(c, t, 0, 4, c->digit); /* 1970-01-01 was a Thursday (4) */
    c->ref = 0;                   /* start_time is the time at tick 0 */
}

uint8_t msm6242b_peek(const msm6242b_t *c, unsigned reg)
{
    reg &= 15;
    if (reg == MSM_CD)
        return c->cd & MSM_CD_HOLD; /* BUSY and IRQ FLAG read 0: no update under way, no timer */
    if (reg == MSM_CE)
        return c->ce;
    if (reg == MSM_CF)
        return c->cf;
    uint8_t d[13];
    current(c, d);
    return d[reg];
}

uint8_t msm6242b_read(msm6242b_t *c, unsigned reg) { return msm6242b_peek(c, reg); }

void msm6242b_write(msm6242b_t *c, unsigned reg, uint8_t value)
{
    reg &= 15;
    value &= 15;
    rebase(c);
    if (reg <= MSM_W) {
        c->digit[reg] = value;
    } else if (reg == MSM_CD) {
        /* IRQ FLAG can only be cleared (it never sets here); 30-s ADJ rounds to the minute. */
        if (value & MSM_CD_ADJ30) {
            int64_t t = digits_time(c);
            int64_t s = t % 60;
            render(c, t + (s >= 30 ? 60 - s : -s), t, c->digit[MSM_W] % 7, c->digit);
        }
        c->cd = value & MSM_CD_HOLD;
    } else if (reg == MSM_CE) {
        c->ce = value;
    } else {
        /* STOP / REST freeze the count (released, it restarts from there); a change of the
           24/12 bit shows the same time the other way. */
        int64_t t = digits_time(c);
        bool mode_change = (value ^ c->cf) & MSM_CF_24H;
        c->cf = value;
        if (mode_change)
            render(c, t, t, c->digit[MSM_W] % 7, c->digit);
    }
}

void msm6242b_serialize(msm6242b_t *c, ser_t *s)
{
    ser_bytes(s, c->digit, sizeof c->digit);
    SER(s, c->ref);
    SER_MAX(s, c->cd, 15);
    SER_MAX(s, c->ce, 15);
    SER_MAX(s, c->cf, 15);
    for (unsigned i = 0; i < 13 && ser_loading(s) && ser_ok(s); i++)
        if (c->digit[i] > 15)
            ser_fail(s, "the clock's register %u is %u (four bits)", i, c->digit[i]);
}
