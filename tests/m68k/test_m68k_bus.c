/* 68000 bus interface: wait states stretch cycles, a machine can hold a cycle until a slot,
 * idle clocks show up as gaps between cycle start times, and the fast path (host pages)
 * gives the same results and timing as the callback path when there are no wait states. */
#include "tests/m68k/m68k_harness.h"
#include "tests/test.h"

/* A little program: sum the words of a table, store the sum, with a subroutine call.
     lea $1100,a0 / moveq #7,d0 / moveq #0,d1
   l: add.w (a0)+,d1 / dbra d0,l / bsr.s s / move.l d1,$1200 / nop
   s: not.l d1 / rts */
static const uint16_t prog[] = { 0x41F8, 0x1100, 0x7007, 0x7200, 0xD258, 0x51C8, 0xFFFC,
                                 0x6108, 0x23C1, 0x0000, 0x1200, 0x4E71, 0x4681, 0x4E75 };

static tmach_t *prog_machine(void)
{
    tmach_t *m = tm_new(prog, sizeof prog / 2);
    for (unsigned i = 0; i < 8; i++) tm_w16(m, 0x1100 + 2 * i, (uint16_t)(0x1111 * (i + 1)));
    return m;
}

static void run_prog(tmach_t *m)
{
    for (int i = 0; i < 3 + 16 + 4; i++) m68k_step(&m->cpu); /* up to the move.l */
}

TEST(m68k_bus_wait_states_stretch_cycles)
{
    tmach_t *a = prog_machine(), *b = prog_machine();
    b->wait_ram = 2;
    uint64_t ta = a->cpu.cycles, tb = b->cpu.cycles;
    a->nlog = b->nlog = 0;
    run_prog(a);
    run_prog(b);
    CHECK_EQ(tm_r32(a, 0x1200), 0xFFFF999Bu); /* ~(0x1111 * 36 & 0xFFFF) */
    CHECK_EQ(tm_r32(a, 0x1200), tm_r32(b, 0x1200));
    /* every bus cycle got 2 extra clocks, internal clocks are unchanged */
    uint64_t cycles_a = a->cpu.cycles - ta, cycles_b = b->cpu.cycles - tb;
    REQUIRE(a->nlog > 0 && a->nlog < TM_LOG);
    CHECK_EQ(b->nlog, a->nlog);
    CHECK_EQ(cycles_b - cycles_a, 2 * a->nlog);
    free(a);
    free(b);
}

TEST(m68k_bus_cycles_start_after_idle)
{
    /* exg d0,d1 (np + 2 internal clocks) then nop: the nop's prefetch starts 2 clocks after
       the exg's prefetch cycle ended */
    static const uint16_t code[] = { 0xC141, 0x4E71, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 4);
    m->nlog = 0;
    uint64_t t0 = m->cpu.cycles;
    m68k_step(&m->cpu);
    m68k_step(&m->cpu);
    REQUIRE(m->nlog == 2);
    CHECK_EQ(m->log[0].time, t0);
    CHECK_EQ(m->log[0].fc, M68K_FC_SUPER_PROG);
    CHECK_EQ(m->log[0].addr, 0x1004);
    CHECK_EQ(m->log[1].time, t0 + 4 + 2);
    CHECK_EQ(m->cpu.cycles, t0 + 6 + 4);
    free(m);
}

TEST(m68k_bus_slot_alignment)
{
    /* code in "chip RAM" at 0x80000 where a cycle may only start on a multiple of 8 clocks */
    tmach_t *m = tm_new(NULL, 0);
    static const uint16_t code[] = { 0x4E71, 0x4E71, 0x4E71, 0x4E71, 0x4E71 };
    for (unsigned i = 0; i < 5; i++) tm_w16(m, 0x80000 + 2 * i, code[i]);
    m->slot = 8;
    m->cpu.pc = 0x80004; m->cpu.ir = 0x4E71; m->cpu.irc = 0x4E71;
    m->cpu.cycles = 3;
    m->nlog = 0;
    for (int i = 0; i < 3; i++) m68k_step(&m->cpu);
    REQUIRE(m->nlog == 3);
    /* the first cycle is requested at 3, granted at 8; each NOP then takes a full slot */
    CHECK_EQ(m->log[0].time, 3);
    CHECK_EQ(m->cpu.cycles, 8 + 8 + 8 + 4);
    CHECK_EQ(m->log[1].time, 12);
    CHECK_EQ(m->log[2].time, 20);
    free(m);
}

TEST(m68k_bus_fast_path_matches_slow_path)
{
    tmach_t *a = prog_machine(), *b = prog_machine();
    m68k_map(&b->cpu, 0, TM_RAM, b->ram, true);
    uint64_t ta = a->cpu.cycles, tb = b->cpu.cycles;
    b->nlog = 0;
    run_prog(a);
    run_prog(b);
    CHECK_EQ(b->nlog, 0); /* nothing went through the callback */
    CHECK_EQ(a->cpu.cycles - ta, b->cpu.cycles - tb);
    CHECK_EQ(a->cpu.pc, b->cpu.pc);
    CHECK_EQ(a->cpu.d[1], b->cpu.d[1]);
    CHECK_EQ(tm_r32(b, 0x1200), tm_r32(a, 0x1200));
    /* read-only mapping: reads fast, writes through the callback */
    tmach_t *c = prog_machine();
    m68k_map(&c->cpu, 0, TM_RAM, c->ram, false);
    c->nlog = 0;
    run_prog(c);
    CHECK(c->nlog > 0);
    for (unsigned i = 0; i < c->nlog; i++) CHECK(c->log[i].flags & M68K_CYC_WRITE);
    CHECK_EQ(tm_r32(c, 0x1200), tm_r32(a, 0x1200));
    free(a);
    free(b);
    free(c);
}

TEST(m68k_bus_byte_lanes)
{
    /* move.b d0,(a0) at even then odd address: UDS then LDS, byte on both halves */
    static const uint16_t code[] = { 0x1080, 0x1080, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 4);
    m->cpu.d[0] = 0x5A;
    m->cpu.a[0] = 0x4000;
    m->nlog = 0;
    m68k_step(&m->cpu);
    m->cpu.a[0] = 0x4001;
    m68k_step(&m->cpu);
    REQUIRE(m->nlog == 4);
    CHECK(m->log[0].flags & M68K_CYC_WRITE);
    CHECK_EQ(m->log[0].flags & (M68K_CYC_UDS | M68K_CYC_LDS), M68K_CYC_UDS);
    CHECK_EQ(m->log[0].data, 0x5A5A);
    CHECK_EQ(m->log[2].flags & (M68K_CYC_UDS | M68K_CYC_LDS), M68K_CYC_LDS);
    CHECK_EQ(m->log[2].fc, M68K_FC_SUPER_DATA);
    CHECK_EQ(tm_r16(m, 0x4000), 0x5A5A);
    free(m);
}

TEST(m68k_bus_tas_is_read_modify_write)
{
    /* tas (a0): both cycles flagged RMW, 2 internal clocks between them */
    static const uint16_t code[] = { 0x4AD0, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 3);
    m->cpu.a[0] = 0x4001;
    m->ram[0x4001] = 0x00;
    m->nlog = 0;
    uint64_t t0 = m->cpu.cycles;
    m68k_step(&m->cpu);
    REQUIRE(m->nlog == 3);
    CHECK_EQ(m->log[0].flags & (M68K_CYC_RMW | M68K_CYC_WRITE | M68K_CYC_LDS), M68K_CYC_RMW | M68K_CYC_LDS);
    CHECK_EQ(m->log[1].flags & (M68K_CYC_RMW | M68K_CYC_WRITE), M68K_CYC_RMW | M68K_CYC_WRITE);
    CHECK_EQ(m->log[1].time, t0 + 6);
    CHECK_EQ(m->ram[0x4001], 0x80);
    CHECK(m->cpu.sr & 0x0004); /* Z from the value read */
    CHECK_EQ(m->cpu.cycles - t0, 14);
    free(m);
}

/* An interrupt controller that holds the autovector acknowledge for 6 extra clocks, as the
   E-clock synchronisation of VPA does. */
static unsigned slow_iack(void *ctx, m68k_bus_cycle_t *c)
{
    unsigned w = tm_access(ctx, c);
    return (c->flags & M68K_CYC_IACK) ? 6 : w;
}

TEST(m68k_bus_iack_wait_states)
{
    static const uint16_t code[] = { 0x4E71, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 3);
    m->cpu.bus.access = slow_iack;
    tm_w32(m, 0x68, 0x2000); /* level 2 autovector */
    tm_w16(m, 0x2000, 0x4E71);
    m68k_set_sr(&m->cpu, 0x2000);
    m68k_set_ipl(&m->cpu, 2);
    CHECK_EQ(m68k_step(&m->cpu), 44 + 6);
    CHECK_EQ(m->cpu.pc, 0x2004);
    free(m);
}

/* A device at 0x4000: a write there ends the run and raises IPL 4, as a machine's chip would
   from inside a bus cycle. */
static unsigned device_access(void *ctx, m68k_bus_cycle_t *c)
{
    tmach_t *m = ctx;
    unsigned w = tm_access(ctx, c);
    if ((c->flags & M68K_CYC_WRITE) && (c->addr & ~1u) == 0x4000) {
        m68k_set_ipl(&m->cpu, 4);
        m68k_end_run(&m->cpu);
    }
    return w;
}

TEST(m68k_bus_end_run_and_ipl_from_callback)
{
    /* move.w d0,(a0) / nop / nop ...: the run stops after the store, the interrupt comes next */
    static const uint16_t code[] = { 0x3080, 0x4E71, 0x4E71, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 5);
    m->cpu.bus.access = device_access;
    tm_w32(m, 0x70, 0x2000); /* level 4 autovector */
    tm_w16(m, 0x2000, 0x4E71);
    m68k_set_sr(&m->cpu, 0x2000);
    m->cpu.a[0] = 0x4000;
    uint64_t t0 = m->cpu.cycles;
    m68k_run(&m->cpu, t0 + 100000);
    CHECK_EQ(m->cpu.insns, 1);
    CHECK_EQ(m->cpu.cycles, t0 + 8);
    m68k_run(&m->cpu, m->cpu.cycles + 1);
    CHECK_EQ(m->cpu.pc, 0x2004);
    CHECK_EQ(tm_r32(m, m->cpu.a[7] + 2), 0x1002);
    CHECK_EQ(m->cpu.insns, 1);
    free(m);
}

TEST(m68k_bus_program_space_flag)
{
    static const uint16_t code[] = { 0x4E71, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 3);
    m->nlog = 0;
    m68k_step(&m->cpu);
    REQUIRE(m->nlog == 1);
    CHECK(m->log[0].flags & M68K_CYC_PROG);
    CHECK_EQ(m->log[0].fc, M68K_FC_SUPER_PROG);
    free(m);
}

/* Contended pages: the same cycles as the callback path with the same wait states, but the
   machine only answers "when" (bus.contend) and the core moves the data. */
static unsigned contend_2(void *ctx, uint64_t time)
{
    (void)time;
    tmach_t *m = ctx;
    m->resets++; /* counts the contended cycles */
    return 2;
}

TEST(m68k_bus_contended_pages_match_slow_path)
{
    tmach_t *a = prog_machine(), *b = prog_machine();
    a->wait_ram = 2;
    b->cpu.bus.contend = contend_2;
    m68k_map_contended(&b->cpu, 0, TM_RAM, b->ram);
    uint64_t ta = a->cpu.cycles, tb = b->cpu.cycles;
    a->nlog = b->nlog = 0;
    run_prog(a);
    run_prog(b);
    CHECK_EQ(b->nlog, 0); /* nothing went through bus.access */
    CHECK_EQ(b->resets, a->nlog);
    CHECK_EQ(a->cpu.cycles - ta, b->cpu.cycles - tb);
    CHECK_EQ(tm_r32(b, 0x1200), tm_r32(a, 0x1200));
    /* the last word moved: move.w d0,(a0) puts d0 there; a byte write drives both halves */
    static const uint16_t code[] = { 0x3080, 0x1080, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 4);
    m->cpu.bus.contend = contend_2;
    m68k_map_contended(&m->cpu, 0x10000, 0x10000, m->ram + 0x10000); /* data, not code */
    m->cpu.d[0] = 0x1234;
    m->cpu.a[0] = 0x10000;
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.bus_data, 0x1234);
    CHECK_EQ(tm_r16(m, 0x10000), 0x1234);
    m->cpu.a[0] = 0x10001;
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.bus_data, 0x3434);
    CHECK_EQ(tm_r16(m, 0x10000), 0x1234); /* the odd byte was 0x34 already */
    /* TAS's read-modify-write cycles still go to bus.access, flagged RMW */
    static const uint16_t tas[] = { 0x4AD0, 0x4E71, 0x4E71 };
    tmach_t *w = tm_new(tas, 3);
    w->cpu.bus.contend = contend_2;
    m68k_map_contended(&w->cpu, 0x10000, 0x10000, w->ram + 0x10000);
    w->cpu.a[0] = 0x10001;
    w->nlog = 0;
    m68k_step(&w->cpu);
    REQUIRE(w->nlog == 3);
    CHECK(w->log[0].flags & M68K_CYC_RMW);
    CHECK_EQ(w->ram[0x10001], 0x80);
    free(a);
    free(b);
    free(m);
    free(w);
}

/* slice_end: m68k_run goes on to each target the machine returns; with soft_until the core
   takes the slice ends before it by itself, in the same chain. */
typedef struct slicer {
    tmach_t *m;
    uint64_t ends[64];
    unsigned n, max;
} slicer_t;

static slicer_t *slicer_of; /* the test's one slicer (tmach_t has no spare context) */

static uint64_t slice_every_10(void *ctx)
{
    (void)ctx;
    slicer_t *s = slicer_of;
    if (s->n < 64) s->ends[s->n] = s->m->cpu.cycles;
    return ++s->n >= s->max ? 0 : s->m->cpu.cycles + 10;
}

TEST(m68k_bus_slice_end_chain_and_soft_slices)
{
    /* moveq, addq.l, exg, bra.s back: instructions of 4, 8, 6 and 10 clocks */
    static const uint16_t code[] = { 0x7001, 0x5280, 0xC141, 0x60F8 };
    tmach_t *a = tm_new(code, 4);
    a->cpu.bus.slice_end = slice_every_10;
    slicer_t sa = { .m = a, .max = 20 };
    slicer_of = &sa;
    uint64_t t0 = a->cpu.cycles;
    m68k_run(&a->cpu, t0 + 10);
    REQUIRE(sa.n == 20);
    for (unsigned i = 1; i < 20; i++) CHECK(sa.ends[i] >= sa.ends[i - 1] + 10);
    CHECK_EQ(a->cpu.cycles, sa.ends[19]);
    /* the same with the core taking the ends before ends[12] itself: the hook first sees
       ends[12], the core recorded ends[11] */
    tmach_t *b = tm_new(code, 4);
    b->cpu.bus.slice_end = slice_every_10;
    b->cpu.soft_len = 10;
    b->cpu.soft_until = sa.ends[11] + 1;
    slicer_t sb = { .m = b, .max = 8 };
    slicer_of = &sb;
    m68k_run(&b->cpu, b->cpu.cycles + 10);
    REQUIRE(sb.n == 8);
    CHECK_EQ(b->cpu.soft_last, sa.ends[11]);
    for (unsigned i = 0; i < 8; i++) CHECK_EQ(sb.ends[i], sa.ends[12 + i]);
    CHECK_EQ(b->cpu.d[0], a->cpu.d[0]);
    /* m68k_end_run forgets soft_until */
    b->cpu.soft_until = 1u << 30;
    m68k_end_run(&b->cpu);
    CHECK_EQ(b->cpu.soft_until, 0);
    slicer_of = NULL;
    free(a);
    free(b);
}
