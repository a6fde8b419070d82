#include "chips/cia8520.h"
#include "tests/test.h"

typedef struct cia_probe {
    int irq_edges;
    bool irq;
    uint8_t in[2];
    uint8_t out[2];
    int sp_mode_changes;
    bool sp_output;
    uint8_t sent;
    int sent_count;
} cia_probe_t;

static void p_irq(void *ctx, bool on) { cia_probe_t *p = ctx; p->irq = on; p->irq_edges++; }
static uint8_t p_in(void *ctx, int port) { return ((cia_probe_t *)ctx)->in[port]; }
static void p_out(void *ctx, int port, uint8_t v) { ((cia_probe_t *)ctx)->out[port] = v; }
static void p_spmode(void *ctx, bool out) { cia_probe_t *p = ctx; p->sp_output = out; p->sp_mode_changes++; }
static void p_spout(void *ctx, uint8_t b) { cia_probe_t *p = ctx; p->sent = b; p->sent_count++; }

static void setup(cia_t *c, cia_probe_t *p)
{
    *p = (cia_probe_t){.in = {0xFF, 0xFF}};
    cia_init(c, &(cia_cfg_t){.ctx = p, .irq = p_irq, .port_in = p_in, .port_out = p_out,
                             .sp_mode = p_spmode, .sp_out = p_spout});
}

TEST(cia_reset_state)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    CHECK_EQ(cia_peek(&c, CIA_TALO), 0xFF);
    CHECK_EQ(cia_peek(&c, CIA_TAHI), 0xFF);
    CHECK_EQ(cia_peek(&c, CIA_CRA), 0);
    CHECK_EQ(cia_peek(&c, CIA_ICR), 0);
    CHECK_EQ(cia_cycles_to_event(&c), UINT64_MAX);
    CHECK(!p.irq);
}

TEST(cia_ports_ddr)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    p.in[0] = 0x5A;
    cia_write(&c, CIA_DDRA, 0x03);
    cia_write(&c, CIA_PRA, 0x01);
    /* Outputs read back what was written, inputs read the pins. */
    CHECK_EQ(cia_read(&c, CIA_PRA), (0x5A & 0xFC) | 0x01);
    /* Undriven pins float high on the output side. */
    CHECK_EQ(p.out[0], 0xFD);
}

TEST(cia_timer_a_continuous_period)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    cia_write(&c, CIA_TALO, 9);
    cia_write(&c, CIA_TAHI, 0);           /* stopped: loads counter */
    CHECK_EQ(cia_peek(&c, CIA_TALO), 9);
    cia_write(&c, CIA_ICR, CIA_ICR_SC | CIA_ICR_TA);
    cia_write(&c, CIA_CRA, CIA_CR_START);
    CHECK_EQ(cia_cycles_to_event(&c), 2 + 9);  /* two cycles of start delay, then 9 counts */
    cia_advance(&c, 2);
    CHECK_EQ(cia_peek(&c, CIA_TALO), 9);
    cia_advance(&c, 8);
    CHECK_EQ(cia_peek(&c, CIA_TALO), 1);  /* 0 is never seen counting E cycles */
    CHECK(!p.irq);
    cia_advance(&c, 1);                   /* latch 9 -> period 9 */
    CHECK(p.irq);
    CHECK_EQ(cia_peek(&c, CIA_TALO), 9);
    CHECK_EQ(cia_read(&c, CIA_ICR), CIA_ICR_IR | CIA_ICR_TA);
    CHECK(!p.irq);
    CHECK_EQ(cia_read(&c, CIA_ICR), 0);
    cia_advance(&c, 32);                  /* 3 more underflows, 5 cycles into the next */
    CHECK_EQ(cia_peek(&c, CIA_TALO), 4);
    CHECK(cia_peek(&c, CIA_CRA) & CIA_CR_START);
}

TEST(cia_timer_oneshot_starts_on_hi_write)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    cia_write(&c, CIA_CRB, CIA_CR_RUNMODE);
    cia_write(&c, CIA_TBLO, 0x34);
    cia_write(&c, CIA_TBHI, 0x12);
    CHECK(cia_peek(&c, CIA_CRB) & CIA_CR_START);
    cia_advance(&c, 2 + 0x1234 - 1);
    CHECK(cia_peek(&c, CIA_CRB) & CIA_CR_START);
    cia_advance(&c, 1);
    CHECK(!(cia_peek(&c, CIA_CRB) & CIA_CR_START));
    CHECK_EQ(cia_peek(&c, CIA_ICR) & CIA_ICR_TB, CIA_ICR_TB);
    CHECK(!p.irq);                        /* masked */
    CHECK_EQ(cia_peek(&c, CIA_TBHI), 0x12);
    cia_advance(&c, 1000);
    CHECK_EQ(cia_peek(&c, CIA_TBLO), 0x34);
    /* Unmasking a pending source asserts /IRQ at once. */
    cia_write(&c, CIA_ICR, CIA_ICR_SC | CIA_ICR_TB);
    CHECK(p.irq);
}

TEST(cia_force_load_and_masks)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    cia_write(&c, CIA_TALO, 0x10);
    cia_write(&c, CIA_TAHI, 0x00);
    cia_write(&c, CIA_CRA, CIA_CR_START);
    cia_advance(&c, 5);                   /* 2 cycles' start delay, 3 counts */
    cia_write(&c, CIA_TALO, 0x40);
    CHECK_EQ(cia_peek(&c, CIA_TALO), 0x0D);
    cia_write(&c, CIA_CRA, CIA_CR_START | CIA_CR_LOAD);
    CHECK_EQ(cia_peek(&c, CIA_TALO), 0x40);
    CHECK_EQ(cia_peek(&c, CIA_CRA) & CIA_CR_LOAD, 0);   /* strobe, not stored */
    cia_write(&c, CIA_ICR, CIA_ICR_SC | 0x1F);
    cia_write(&c, CIA_ICR, CIA_ICR_TB | CIA_ICR_ALRM); /* clear two mask bits */
    cia_flag(&c);
    CHECK(p.irq);
    CHECK_EQ(cia_read(&c, CIA_ICR), CIA_ICR_IR | CIA_ICR_FLG);
}

TEST(cia_timer_b_counts_ta_underflows)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    cia_write(&c, CIA_TALO, 1);
    cia_write(&c, CIA_TAHI, 0);
    cia_write(&c, CIA_TBLO, 2);
    cia_write(&c, CIA_TBHI, 0);
    cia_write(&c, CIA_CRB, CIA_CR_START | 0x40);
    cia_write(&c, CIA_CRA, CIA_CR_START);
    /* Both start two cycles late; TA latch 1 underflows every cycle, TB latch 2 on the second
       of them: cycle 4. */
    cia_advance(&c, 3);
    CHECK_EQ(cia_peek(&c, CIA_ICR) & CIA_ICR_TB, 0);
    CHECK_EQ(cia_peek(&c, CIA_TBLO), 1);
    cia_advance(&c, 1);
    CHECK_EQ(cia_peek(&c, CIA_ICR) & CIA_ICR_TB, CIA_ICR_TB);
    CHECK_EQ(cia_peek(&c, CIA_TBLO), 2);
}

TEST(cia_tod_latch_alarm_and_stop)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    cia_write(&c, CIA_TODHI, 0x00);
    cia_write(&c, CIA_TODMID, 0x00);
    cia_write(&c, CIA_TODLO, 0xFE);
    cia_write(&c, CIA_CRB, CIA_CRB_ALARM);
    cia_write(&c, CIA_TODHI, 0x00);
    cia_write(&c, CIA_TODMID, 0x01);
    cia_write(&c, CIA_TODLO, 0x01);
    cia_write(&c, CIA_CRB, 0);
    cia_write(&c, CIA_ICR, CIA_ICR_SC | CIA_ICR_ALRM);
    cia_tod_pulse(&c);
    CHECK_EQ(cia_read(&c, CIA_TODHI), 0x00);   /* latches */
    cia_tod_pulse(&c);
    cia_tod_pulse(&c);
    CHECK(p.irq);                               /* 0x000101 reached */
    CHECK_EQ(cia_read(&c, CIA_TODMID), 0x00);  /* still the latched 0x0000FF */
    CHECK_EQ(cia_read(&c, CIA_TODLO), 0xFF);
    CHECK_EQ(cia_read(&c, CIA_TODLO), 0x01);   /* latch released */
    CHECK_EQ(cia_read(&c, CIA_TODMID), 0x01);
    /* Writing TODHI stops counting until TODLO is written. */
    cia_write(&c, CIA_TODHI, 0x00);
    cia_tod_pulse(&c);
    CHECK_EQ(cia_peek(&c, CIA_TODLO), 0x01);
    cia_write(&c, CIA_TODLO, 0x10);
    cia_tod_pulse(&c);
    CHECK_EQ(cia_peek(&c, CIA_TODLO), 0x11);
}

TEST(cia_serial_in_and_out)
{
    cia_t c; cia_probe_t p; setup(&c, &p);
    cia_write(&c, CIA_ICR, CIA_ICR_SC | CIA_ICR_SP);
    cia_serial_in(&c, 0x5A);
    CHECK(p.irq);
    CHECK_EQ(cia_read(&c, CIA_SDR), 0x5A);
    cia_read(&c, CIA_ICR);
    /* Output mode: 16 TA underflows per byte. */
    cia_write(&c, CIA_TALO, 0);
    cia_write(&c, CIA_TAHI, 0);
    cia_write(&c, CIA_CRA, CIA_CR_START | CIA_CRA_SPMODE);
    CHECK(p.sp_output);
    CHECK_EQ(p.sp_mode_changes, 1);
    cia_write(&c, CIA_SDR, 0xC3);
    cia_advance(&c, 17);                  /* start delay 2, then an underflow every cycle */
    CHECK_EQ(p.sent_count, 0);
    cia_advance(&c, 1);
    CHECK_EQ(p.sent_count, 1);
    CHECK_EQ(p.sent, 0xC3);
    CHECK(p.irq);
    cia_write(&c, CIA_CRA, CIA_CR_START);
    CHECK(!p.sp_output);
}
