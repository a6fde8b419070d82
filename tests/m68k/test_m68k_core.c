/* 68000 core: reset, timing of a small loop, interrupts (autovector, vectored, mask, NMI
 * edge), RESET callback, STOP, trace, group 0 frames, wait states and the fast path. Clock
 * counts are from the M68000 User's Manual §8 and §6. */
#include "tests/m68k/m68k_harness.h"
#include "tests/test.h"

TEST(m68k_reset_loads_vectors)
{
    static const uint16_t code[] = { 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 2);
    CHECK_EQ(m->cpu.a[7], 0x8000);
    CHECK_EQ(m->cpu.pc, 0x1004);
    CHECK_EQ(m->cpu.ir, 0x4E71);
    CHECK_EQ(m->cpu.sr, 0x2700);
    CHECK_EQ(m->cpu.cycles, 40); /* reset exception: 40 clocks (§8, table 8-14) */
    free(m);
}

TEST(m68k_loop_timing)
{
    /* moveq #3,d0 / loop: addq.l #1,d1 / dbra d0,loop / nop */
    static const uint16_t code[] = { 0x7003, 0x5281, 0x51C8, 0xFFFC, 0x4E71 };
    tmach_t *m = tm_new(code, 5);
    uint64_t t0 = m->cpu.cycles;
    for (int i = 0; i < 9; i++) m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.d[1], 4);
    CHECK_EQ(m->cpu.d[0] & 0xFFFF, 0xFFFF);
    /* 4 + 4 * 8 (addq.l) + 3 * 10 (dbra taken) + 14 (dbra expired) */
    CHECK_EQ(m->cpu.cycles - t0, 4 + 32 + 30 + 14);
    CHECK_EQ(m->cpu.ir, 0x4E71);
    CHECK_EQ(m->cpu.insns, 9);
    free(m);
}

static tmach_t *irq_machine(void)
{
    static const uint16_t code[] = { 0x4E71, 0x4E71, 0x4E71, 0x4E71 };
    tmach_t *m = tm_new(code, 4);
    m68k_set_sr(&m->cpu, 0x2000);
    tm_w32(m, 0x6C, 0x2000);  /* level 3 autovector (27) */
    tm_w32(m, 0x7C, 0x2100);  /* level 7 autovector (31) */
    tm_w32(m, 0x100, 0x3000); /* vector 0x40 */
    for (uint32_t a = 0x2000; a < 0x3100; a += 2) tm_w16(m, a, 0x4E71);
    return m;
}

TEST(m68k_interrupt_autovector)
{
    tmach_t *m = irq_machine();
    m68k_set_ipl(&m->cpu, 3);
    m->nlog = 0;
    unsigned clocks = m68k_step(&m->cpu);
    CHECK_EQ(clocks, 44); /* interrupt: 44 clocks (§8, table 8-14) */
    CHECK_EQ(m->cpu.pc, 0x2004);
    CHECK_EQ(m->cpu.sr, 0x2300);
    CHECK_EQ(m->cpu.a[7], 0x8000 - 6);
    CHECK_EQ(tm_r16(m, 0x8000 - 6), 0x2000);
    CHECK_EQ(tm_r32(m, 0x8000 - 4), 0x1000);
    bool seen = false;
    for (unsigned i = 0; i < m->nlog; i++)
        if (m->log[i].flags & M68K_CYC_IACK) {
            seen = true;
            CHECK_EQ(m->log[i].fc, M68K_FC_CPU_SPACE);
            CHECK_EQ(m->log[i].addr, 0xFFFFF7);
        }
    CHECK(seen);
    /* same level again is masked now */
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2006);
    free(m);
}

TEST(m68k_interrupt_vectored_and_masked)
{
    tmach_t *m = irq_machine();
    m68k_set_sr(&m->cpu, 0x2300);
    m68k_set_ipl(&m->cpu, 3);
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x1006); /* masked: the NOP ran */
    m->iack_vector = 0x40;
    m68k_set_ipl(&m->cpu, 5);
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x3004);
    CHECK_EQ(m->cpu.sr, 0x2500);
    free(m);
}

TEST(m68k_nmi_is_edge_triggered)
{
    tmach_t *m = irq_machine();
    m68k_set_sr(&m->cpu, 0x2700);
    m68k_set_ipl(&m->cpu, 7);
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2104);
    m68k_step(&m->cpu); /* level held at 7: no new interrupt */
    CHECK_EQ(m->cpu.pc, 0x2106);
    m68k_set_ipl(&m->cpu, 0);
    m68k_set_ipl(&m->cpu, 7);
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2104);
    CHECK_EQ(m->cpu.a[7], 0x8000 - 12);
    free(m);
}

TEST(m68k_reset_instruction_callback)
{
    static const uint16_t code[] = { 0x4E70, 0x4E71, 0x4E70, 0x4E71 };
    tmach_t *m = tm_new(code, 4);
    uint64_t t0 = m->cpu.cycles;
    unsigned clocks = m68k_step(&m->cpu);
    CHECK_EQ(clocks, 132); /* RESET: 132 clocks, RESET asserted 124 of them */
    CHECK_EQ(m->resets, 1);
    CHECK(m->reset_time >= t0 && m->reset_time < t0 + 8);
    CHECK_EQ(m->cpu.pc, 0x1006);
    /* in user mode it is a privilege violation and the line stays quiet */
    tm_w32(m, 0x20, 0x2000);
    tm_w16(m, 0x2000, 0x4E71);
    m68k_step(&m->cpu); /* the NOP at 0x1002 */
    m68k_set_sr(&m->cpu, 0x0000);
    m68k_step(&m->cpu);
    CHECK_EQ(m->resets, 1);
    CHECK_EQ(m->cpu.pc, 0x2004);
    CHECK_EQ(tm_r32(m, m->cpu.a[7] + 2), 0x1004);
    free(m);
}

TEST(m68k_stop_waits_for_interrupt)
{
    static const uint16_t code[] = { 0x4E72, 0x2000, 0x4E71, 0x4E71 };
    tmach_t *m = irq_machine();
    for (unsigned i = 0; i < 4; i++) tm_w16(m, 0x1000 + 2 * i, code[i]);
    m68k_set_sr(&m->cpu, 0x2700);
    m->cpu.pc = 0x1000;
    m->cpu.ir = 0x4E72;
    m->cpu.irc = 0x2000;
    m->cpu.pc = 0x1004;
    m68k_step(&m->cpu);
    CHECK(m->cpu.stopped);
    CHECK_EQ(m->cpu.sr, 0x2000);
    uint64_t t1 = m->cpu.cycles;
    m68k_run(&m->cpu, t1 + 1000);
    CHECK(m->cpu.stopped);
    CHECK(m->cpu.cycles >= t1 + 1000);
    m68k_set_ipl(&m->cpu, 3);
    m68k_step(&m->cpu);
    CHECK(!m->cpu.stopped);
    CHECK_EQ(m->cpu.pc, 0x2004);
    CHECK_EQ(tm_r32(m, m->cpu.a[7] + 2), 0x1004); /* returns after the STOP */
    free(m);
}

TEST(m68k_trace_after_instruction)
{
    tmach_t *m = irq_machine();
    tm_w32(m, 0x24, 0x2000);
    m68k_set_sr(&m->cpu, 0xA000);
    m68k_step(&m->cpu); /* NOP at 0x1000, traced */
    CHECK_EQ(m->cpu.pc, 0x1006);
    unsigned clocks = m68k_step(&m->cpu);
    CHECK_EQ(clocks, 34);
    CHECK_EQ(m->cpu.pc, 0x2004);
    CHECK_EQ(m->cpu.sr, 0x2000);
    CHECK_EQ(tm_r16(m, m->cpu.a[7]), 0xA000);
    CHECK_EQ(tm_r32(m, m->cpu.a[7] + 2), 0x1002);
    free(m);
}

TEST(m68k_address_error_frame)
{
    /* move.w (a0),d0 with a0 odd */
    static const uint16_t code[] = { 0x3010, 0x4E71 };
    tmach_t *m = tm_new(code, 2);
    tm_w32(m, 0x0C, 0x2000);
    tm_w16(m, 0x2000, 0x4E71);
    m->cpu.a[0] = 0x4001;
    m->nlog = 0;
    uint64_t t0 = m->cpu.cycles;
    unsigned clocks = m68k_step(&m->cpu);
    /* the aborted read never reaches the bus: the first cycle is the stacking, 12 clocks in */
    REQUIRE(m->nlog > 0);
    CHECK(m->log[0].flags & M68K_CYC_WRITE);
    CHECK_EQ(m->log[0].time, t0 + 12);
    CHECK_EQ(clocks, 58); /* 4 (aborted read) + 8 + 7 writes + 2 vector reads + 4 + 2 + 4 */
    CHECK_EQ(m->cpu.pc, 0x2004);
    uint32_t sp = m->cpu.a[7];
    CHECK_EQ(sp, 0x8000 - 14);
    CHECK_EQ(tm_r16(m, sp) & 0x1F, 0x15); /* read, data, supervisor data */
    CHECK_EQ(tm_r32(m, sp + 2), 0x4001);
    CHECK_EQ(tm_r16(m, sp + 6), 0x3010);
    CHECK_EQ(tm_r16(m, sp + 8), 0x2700);
    free(m);
}

TEST(m68k_bus_error_and_double_fault)
{
    static const uint16_t code[] = { 0x3010, 0x4E71 };
    tmach_t *m = tm_new(code, 2);
    tm_w32(m, 0x08, 0x2000);
    tm_w16(m, 0x2000, 0x4E71);
    m->cpu.a[0] = 0x4000;
    m->berr_addr = 0x4000;
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2004);
    CHECK_EQ(tm_r32(m, m->cpu.a[7] + 2), 0x4000);
    CHECK(!m->cpu.halted);
    /* a bus error while stacking a bus error frame halts the CPU */
    m->cpu.a[0] = (m->cpu.a[7] - 2) & ~1u;
    m->berr_addr = m->cpu.a[0];
    m->cpu.pc = 0x2004; m->cpu.ir = 0x3010;
    m68k_step(&m->cpu);
    CHECK(m->cpu.halted);
    free(m);
}

TEST(m68k_illegal_lineA_privilege)
{
    static const uint16_t code[] = { 0x4AFC, 0xA123, 0xF000, 0x46FC, 0x2000 };
    tmach_t *m = tm_new(code, 5);
    tm_w32(m, 0x10, 0x2000);
    tm_w32(m, 0x28, 0x2100);
    tm_w32(m, 0x2C, 0x2200);
    tm_w32(m, 0x20, 0x2300);
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2004);
    CHECK_EQ(tm_r32(m, m->cpu.a[7] + 2), 0x1000); /* pushed PC = the illegal opcode */
    m->cpu.pc = 0x1006; m->cpu.ir = 0xA123; m->cpu.irc = 0xF000;
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2104);
    m->cpu.pc = 0x1008; m->cpu.ir = 0xF000; m->cpu.irc = 0x46FC;
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2204);
    m68k_set_sr(&m->cpu, 0x0000);
    m->cpu.pc = 0x100A; m->cpu.ir = 0x46FC; m->cpu.irc = 0x2000;
    m68k_step(&m->cpu); /* move #,sr in user mode */
    CHECK_EQ(m->cpu.pc, 0x2304);
    CHECK(m->cpu.sr & 0x2000);
    free(m);
}

TEST(m68k_trace_not_after_illegal)
{
    /* a traced ILLEGAL takes the illegal-instruction exception only */
    static const uint16_t code[] = { 0x4AFC, 0x4E71 };
    tmach_t *m = tm_new(code, 2);
    tm_w32(m, 0x10, 0x2000);
    tm_w32(m, 0x24, 0x2100);
    tm_w16(m, 0x2000, 0x4E71);
    m68k_set_sr(&m->cpu, 0xA700);
    m68k_step(&m->cpu);
    CHECK_EQ(m->cpu.pc, 0x2004);
    m68k_step(&m->cpu); /* the handler's NOP runs untraced (T cleared by the exception) */
    CHECK_EQ(m->cpu.pc, 0x2006);
    free(m);
}

TEST(m68k_reset_with_odd_pc_halts)
{
    static const uint16_t code[] = { 0x4E71 };
    tmach_t *m = tm_new(code, 1);
    tm_w32(m, 4, 0x1001);
    m68k_reset(&m->cpu);
    CHECK(m->cpu.halted);
    uint64_t t1 = m->cpu.cycles;
    m68k_run(&m->cpu, t1 + 500); /* a halted CPU only lets time pass */
    CHECK_EQ(m->cpu.cycles, t1 + 500);
    CHECK_EQ(m->cpu.insns, 0);
    tm_w32(m, 4, 0x1000);
    m68k_reset(&m->cpu);
    CHECK(!m->cpu.halted);
    CHECK_EQ(m->cpu.pc, 0x1004);
    free(m);
}
