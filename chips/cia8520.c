#include "chips/cia8520.h"
#include "machines/state.h"

#include <string.h>

static void update_irq(cia_t *c)
{
    bool on = (c->icr_data & c->icr_mask & 0x1F) != 0;
    if (on != c->irq) {
        c->irq = on;
        if (c->cfg.irq)
            c->cfg.irq(c->cfg.ctx, on);
    }
}

static void set_icr(cia_t *c, uint8_t bits)
{
    c->icr_data |= bits;
    update_irq(c);
}

static uint8_t port_value(const cia_t *c, int port)
{
    uint8_t pr = port ? c->prb : c->pra, ddr = port ? c->ddrb : c->ddra;
    uint8_t in = c->cfg.port_in ? c->cfg.port_in(c->cfg.ctx, port) : 0xFF;
    uint8_t v = (uint8_t)((pr & ddr) | (in & ~ddr));
    if (port == 1) {
        /* PBON: PB6 (timer A) / PB7 (timer B) become timer outputs (data sheet, CRA bit 1). */
        if (c->ta.cr & CIA_CR_PBON) {
            bool hi = (c->ta.cr & CIA_CR_OUTMODE) ? (c->pb67_toggle & 0x40) : (c->pb67_pulse & 0x40);
            v = (uint8_t)((v & ~0x40) | (hi ? 0x40 : 0));
        }
        if (c->tb.cr & CIA_CR_PBON) {
            bool hi = (c->tb.cr & CIA_CR_OUTMODE) ? (c->pb67_toggle & 0x80) : (c->pb67_pulse & 0x80);
            v = (uint8_t)((v & ~0x80) | (hi ? 0x80 : 0));
        }
    }
    return v;
}

static void port_changed(cia_t *c, int port)
{
    if (!c->cfg.port_out)
        return;
    uint8_t pr = port ? c->prb : c->pra, ddr = port ? c->ddrb : c->ddra;
    c->cfg.port_out(c->cfg.ctx, port, (uint8_t)((pr & ddr) | ~ddr));
}

void cia_init(cia_t *c, const cia_cfg_t *cfg)
{
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
    cia_reset(c);
}

void cia_reset(cia_t *c)
{
    bool was_irq = c->irq;
    c->pra = c->prb = c->ddra = c->ddrb = 0;
    c->ta = (cia_timer_t){.latch = 0xFFFF, .counter = 0xFFFF, .cr = 0};
    c->tb = c->ta;
    c->tod = 0;
    c->alarm = 0;
    c->tod_latch = 0;
    c->tod_latched = false;
    c->tod_stopped = false;
    c->sdr = 0;
    c->sr_shift = 0;
    c->sr_halfbits = 0;
    c->sdr_pending = false;
    c->icr_data = c->icr_mask = 0;
    c->pb67_toggle = 0xC0; /* toggle outputs start high (data sheet: set by START) */
    c->pb67_pulse = 0;
    c->irq = was_irq;
    update_irq(c);
    port_changed(c, 0);
    port_changed(c, 1);
}

/* Serial output: in output mode timer A's underflows clock SP, one bit per two underflows
   (CNT toggles on each), MSB first (data sheet "Serial port"). */
static void serial_ta_underflow(cia_t *c)
{
    if (!(c->ta.cr & CIA_CRA_SPMODE) || !c->sr_halfbits)
        return;
    if (--c->sr_halfbits)
        return;
    if (c->cfg.sp_out)
        c->cfg.sp_out(c->cfg.ctx, c->sr_shift);
    set_icr(c, CIA_ICR_SP);
    if (c->sdr_pending) {
        c->sdr_pending = false;
        c->sr_shift = c->sdr;
        c->sr_halfbits = 16;
    }
}

/* One underflow of timer t (0 = A, 1 = B): reload, stop in one-shot mode, raise ICR bit,
   drive PB6/PB7. */
static void underflow(cia_t *c, int t)
{
    cia_timer_t *tm = t ? &c->tb : &c->ta;
    tm->counter = tm->latch;
    if (tm->cr & CIA_CR_RUNMODE)
        tm->cr &= (uint8_t)~CIA_CR_START;
    uint8_t pb = t ? 0x80 : 0x40;
    c->pb67_toggle ^= pb;
    c->pb67_pulse |= pb;
    set_icr(c, t ? CIA_ICR_TB : CIA_ICR_TA);
}

static bool tb_counts_ta(const cia_t *c)
{
    /* INMODE 10: TA underflows; 11: TA underflows while CNT is high. CNT is pulled up on both
       Amiga CIAs when nothing clocks it, so both count. */
    return (c->tb.cr & CIA_CR_START) && (c->tb.cr & 0x40);
}

/* A count that finds the counter at 1 (or 0) underflows instead of showing 0. */
static bool counts_to_underflow(const cia_timer_t *tm) { return tm->counter <= 1; }

static void ta_underflow(cia_t *c)
{
    underflow(c, 0);
    serial_ta_underflow(c);
    if (tb_counts_ta(c) && !c->tb.delay) {
        if (counts_to_underflow(&c->tb))
            underflow(c, 1);
        else
            c->tb.counter--;
    }
}

static bool counts_phi2(const cia_timer_t *tm, bool is_b)
{
    if (!(tm->cr & CIA_CR_START))
        return false;
    return is_b ? (tm->cr & CIA_CRB_INMODE) == 0 : (tm->cr & CIA_CRA_INMODE) == 0;
}

/* E cycles from now to the count that underflows a timer counting E cycles. */
static uint64_t to_underflow(const cia_timer_t *tm)
{
    return (uint64_t)tm->delay + (tm->counter > 1 ? tm->counter : 1);
}

/* One E cycle, for the cycles in which a timer is still in its start delay. */
static void single_cycle(cia_t *c)
{
    bool a = counts_phi2(&c->ta, false), b = counts_phi2(&c->tb, true);
    bool tb_started = (c->tb.cr & CIA_CR_START) != 0;
    if (c->ta.delay) {
        c->ta.delay--;
    } else if (a) {
        if (counts_to_underflow(&c->ta))
            ta_underflow(c);
        else
            c->ta.counter--;
    }
    if (c->tb.delay) {
        if (tb_started)
            c->tb.delay--;
    } else if (b) {
        if (counts_to_underflow(&c->tb))
            underflow(c, 1);
        else
            c->tb.counter--;
    }
}

void cia_advance(cia_t *c, uint64_t n)
{
    if (n && c->pb67_pulse)
        c->pb67_pulse = 0;
    c->ecycles += n;
    uint64_t left = n;
    while (left) {
        if (c->ta.delay || c->tb.delay) {
            single_cycle(c);
            left--;
            continue;
        }
        bool a = counts_phi2(&c->ta, false), b = counts_phi2(&c->tb, true);
        if (!a && !b)
            return;
        uint64_t step = left;
        if (a && to_underflow(&c->ta) < step)
            step = to_underflow(&c->ta);
        if (b && to_underflow(&c->tb) < step)
            step = to_underflow(&c->tb);
        /* Count `step` cycles; a timer whose count reaches its underflow does so at the end. */
        bool ua = a && step == to_underflow(&c->ta);
        bool ub = b && step == to_underflow(&c->tb);
        if (a && !ua)
            c->ta.counter = (uint16_t)(c->ta.counter - step);
        if (b && !ub)
            c->tb.counter = (uint16_t)(c->tb.counter - step);
        if (ua)
            ta_underflow(c);
        if (ub)
            underflow(c, 1);
        left -= step;
    }
}

uint64_t cia_cycles_to_event(const cia_t *c)
{
    uint64_t best = UINT64_MAX;
    if (counts_phi2(&c->ta, false))
        best = to_underflow(&c->ta);
    if (counts_phi2(&c->tb, true) && to_underflow(&c->tb) < best)
        best = to_underflow(&c->tb);
    return best;
}

void cia_tod_pulse(cia_t *c)
{
    if (c->tod_stopped)
        return;
    c->tod = (c->tod + 1) & 0xFFFFFF;
    if (c->tod == c->alarm)
        set_icr(c, CIA_ICR_ALRM);
}

void cia_flag(cia_t *c) { set_icr(c, CIA_ICR_FLG); }

void cia_serial_in(cia_t *c, uint8_t byte)
{
    if (c->ta.cr & CIA_CRA_SPMODE)
        return; /* in output mode SP is driven by the CIA itself */
    c->sdr = byte;
    set_icr(c, CIA_ICR_SP);
}

static uint8_t tod_byte(uint32_t v, unsigned reg) { return (uint8_t)(v >> (8 * (reg - CIA_TODLO))); }

uint8_t cia_peek(const cia_t *c, unsigned reg)
{
    switch (reg & 15) {
    case CIA_PRA: return port_value(c, 0);
    case CIA_PRB: return port_value(c, 1);
    case CIA_DDRA: return c->ddra;
    case CIA_DDRB: return c->ddrb;
    case CIA_TALO: return (uint8_t)c->ta.counter;
    case CIA_TAHI: return (uint8_t)(c->ta.counter >> 8);
    case CIA_TBLO: return (uint8_t)c->tb.counter;
    case CIA_TBHI: return (uint8_t)(c->tb.counter >> 8);
    case CIA_TODLO: case CIA_TODMID: case CIA_TODHI:
        return tod_byte(c->tod_latched ? c->tod_latch : c->tod, reg & 15);
    case CIA_UNUSED: return 0xFF;
    case CIA_SDR: return c->sdr;
    case CIA_ICR: return (uint8_t)(c->icr_data | (c->irq ? CIA_ICR_IR : 0));
    case CIA_CRA: return c->ta.cr;
    default: return c->tb.cr;
    }
}

uint8_t cia_read(cia_t *c, unsigned reg)
{
    reg &= 15;
    uint8_t v = cia_peek(c, reg);
    switch (reg) {
    case CIA_TODHI:
        /* Reading the high byte latches the count until the low byte is read (HRM F). */
        if (!c->tod_latched) {
            c->tod_latch = c->tod;
            c->tod_latched = true;
        }
        break;
    case CIA_TODLO:
        c->tod_latched = false;
        break;
    case CIA_ICR:
        c->icr_data = 0;
        update_irq(c);
        break;
    default:
        break;
    }
    return v;
}

static void write_cr(cia_t *c, int t, uint8_t v)
{
    cia_timer_t *tm = t ? &c->tb : &c->ta;
    uint8_t old = tm->cr;
    if (v & CIA_CR_LOAD)
        tm->counter = tm->latch; /* force load strobe; the bit itself is not stored */
    if ((v & CIA_CR_START) && !(old & CIA_CR_START)) {
        c->pb67_toggle |= (uint8_t)(t ? 0x80 : 0x40); /* START sets the toggle output high */
        tm->delay = 2;                                  /* counting begins two cycles later */
    }
    if (!(v & CIA_CR_START))
        tm->delay = 0;
    tm->cr = v & (uint8_t)~CIA_CR_LOAD;
    if (t == 0 && ((old ^ v) & CIA_CRA_SPMODE)) {
        /* Switching direction abandons a byte in progress. */
        c->sr_halfbits = 0;
        c->sdr_pending = false;
        if (c->cfg.sp_mode)
            c->cfg.sp_mode(c->cfg.ctx, (v & CIA_CRA_SPMODE) != 0);
    }
}

static void write_timer_hi(cia_t *c, int t, uint8_t v)
{
    cia_timer_t *tm = t ? &c->tb : &c->ta;
    tm->latch = (uint16_t)((tm->latch & 0x00FF) | (v << 8));
    /* Writing the high byte of a stopped timer loads the counter; in one-shot mode it also
       starts the timer (HRM F, "Timer A/B" register descriptions). */
    if (!(tm->cr & CIA_CR_START))
        tm->counter = tm->latch;
    if (tm->cr & CIA_CR_RUNMODE) {
        tm->counter = tm->latch;
        write_cr(c, t, (uint8_t)(tm->cr | CIA_CR_START));
    }
}

void cia_write(cia_t *c, unsigned reg, uint8_t v)
{
    switch (reg & 15) {
    case CIA_PRA: c->pra = v; port_changed(c, 0); break;
    case CIA_PRB: c->prb = v; port_changed(c, 1); break;
    case CIA_DDRA: c->ddra = v; port_changed(c, 0); break;
    case CIA_DDRB: c->ddrb = v; port_changed(c, 1); break;
    case CIA_TALO: c->ta.latch = (uint16_t)((c->ta.latch & 0xFF00) | v); break;
    case CIA_TAHI: write_timer_hi(c, 0, v); break;
    case CIA_TBLO: c->tb.latch = (uint16_t)((c->tb.latch & 0xFF00) | v); break;
    case CIA_TBHI: write_timer_hi(c, 1, v); break;
    case CIA_TODLO: case CIA_TODMID: case CIA_TODHI: {
        unsigned shift = 8 * ((reg & 15) - CIA_TODLO);
        uint32_t *dst = (c->tb.cr & CIA_CRB_ALARM) ? &c->alarm : &c->tod;
        *dst = (*dst & ~(0xFFu << shift)) | ((uint32_t)v << shift);
        if (dst == &c->tod) {
            /* Writing TODHI stops the counter until TODLO is written (HRM F). */
            if ((reg & 15) == CIA_TODHI)
                c->tod_stopped = true;
            else if ((reg & 15) == CIA_TODLO)
                c->tod_stopped = false;
        }
        break;
    }
    case CIA_UNUSED: break;
    case CIA_SDR:
        c->sdr = v;
        if (c->ta.cr & CIA_CRA_SPMODE) {
            if (c->sr_halfbits)
                c->sdr_pending = true;
            else {
                c->sr_shift = v;
                c->sr_halfbits = 16;
            }
        }
        break;
    case CIA_ICR:
        if (v & CIA_ICR_SC)
            c->icr_mask |= v & 0x1F;
        else
            c->icr_mask &= (uint8_t)~(v & 0x1F);
        update_irq(c);
        break;
    case CIA_CRA: write_cr(c, 0, v); break;
    default: write_cr(c, 1, v); break;
    }
}

/* ---- save states (machines/state.h) ---- */

static void timer_serialize(cia_timer_t *t, ser_t *s)
{
    SER(s, t->latch);
    SER(s, t->counter);
    SER(s, t->cr);
    SER_MAX(s, t->delay, 8);
}

void cia_serialize(cia_t *c, ser_t *s)
{
    SER(s, c->pra);
    SER(s, c->prb);
    SER(s, c->ddra);
    SER(s, c->ddrb);
    timer_serialize(&c->ta, s);
    timer_serialize(&c->tb, s);
    SER_MAX(s, c->tod, 0xFFFFFF);
    SER_MAX(s, c->alarm, 0xFFFFFF);
    SER_MAX(s, c->tod_latch, 0xFFFFFF);
    SER(s, c->tod_latched);
    SER(s, c->tod_stopped);
    SER(s, c->sdr);
    SER(s, c->sr_shift);
    SER_MAX(s, c->sr_halfbits, 16);
    SER(s, c->sdr_pending);
    SER(s, c->icr_data);
    SER(s, c->icr_mask);
    SER(s, c->irq);
    SER(s, c->pb67_toggle);
    SER(s, c->pb67_pulse);
    SER(s, c->ecycles);
}
