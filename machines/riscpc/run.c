/* The RiscPC's time: the CPU runs in slices between scheduled events (chips/ and the machine's
 * own), I/O accesses bring the clock up to the instruction that made them; reset. */
#include <stdlib.h>
#include <string.h>

#include "machines/riscpc/internal.h"

uint64_t riscpc_now(riscpc_t *m)
{
    if (m->in_slice) {
        int64_t used = m->slice_budget - m->cpu.cycles_left - m->cpu.stop_credit;
        if (used < 0)
            used = 0;
        uint64_t t = m->slice_start + (uint64_t)used * m->tpc;
        if (t > m->sched.now)
            m->sched.now = t;
    }
    return m->sched.now;
}

/* After an I/O access a chip may have scheduled an event inside the current slice: end the
 * slice there so the event runs on time. */
void riscpc_check_events(riscpc_t *m)
{
    if (m->in_slice && sched_next(&m->sched) < m->slice_end)
        arm_stop(&m->cpu);
}

/* --cpu-core lockstep: a difference between the JIT and the interpreter ends the program with
 * the report (there is no way to go on: which of the two is right is what the user must find). */
static int64_t lockstep_run(riscpc_t *m, int64_t budget)
{
    int64_t used = arm_replay_run(m->replay, budget);
    if (m->replay->ls.diverged) {
        fflush(m->serial);
        fprintf(stderr, "riscpc: --cpu-core lockstep: the JIT and the interpreter differ at %.6f s\n%s",
                (double)riscpc_now(m) / RISCPC_TICKS_PER_SECOND, m->replay->ls.report);
        exit(3);
    }
    return used;
}

/* The CPU spins on `b .` with interrupts masked (Linux machine_halt): nothing it does can be
 * observed, so time passes without interpreting the loop. */
bool riscpc_spinning_masked(riscpc_t *m)
{
    uint32_t cpsr = arm_get_cpsr(&m->cpu);
    if (!(cpsr & ARM_PSR_I) || (!(cpsr & ARM_PSR_F) && m->cpu.fiq_line))
        return false;
    uint32_t insn;
    return arm_peek32(&m->cpu, m->cpu.r[15], &insn) && insn == 0xeafffffeu;
}

void riscpc_run_until(riscpc_t *m, uint64_t target)
{
    while (m->sched.now < target) {
        uint64_t next = sched_next(&m->sched);
        if (next > target)
            next = target;
        if (next > m->sched.now) {
            if (!m->cpu.halted && !riscpc_spinning_masked(m)) {
                int64_t budget = (int64_t)((next - m->sched.now + m->tpc - 1) / m->tpc);
                m->slice_start = m->sched.now;
                m->slice_end = next;
                m->slice_budget = budget;
                m->in_slice = true;
                int64_t used = m->replay    ? lockstep_run(m, budget)
                               : m->use_jit && !m->debug_stepping ? arm_jit_run(&m->jit, budget)
                                            : arm_run(&m->cpu, budget);
                m->in_slice = false;
                /* The last instruction may overshoot the slice: time follows the CPU. */
                uint64_t end = m->slice_start + (uint64_t)used * m->tpc;
                if (end < m->sched.now)
                    end = m->sched.now;
                next = end;
            } else {
                m->cpu.cycles += (next - m->sched.now) / m->tpc;
                if (m->cpu.halted)
                    m->idle_ticks += next - m->sched.now;
            }
        }
        sched_run_until(&m->sched, next);
    }
    m->base.ticks = m->sched.now;
}

void riscpc_run(machine_t *mm, uint64_t ticks)
{
    riscpc_t *m = (riscpc_t *)mm;
    riscpc_run_until(m, m->sched.now + ticks);
    riscpc_cmos_save(m);
}

void riscpc_run_frame(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    m->frame_done = false;
    riscpc_serial_poll_input(m);
    uint64_t limit = m->sched.now + RISCPC_TICKS_PER_SECOND / 5;
    while (!m->frame_done && m->sched.now < limit)
        riscpc_run_until(m, m->sched.now + RISCPC_TICKS_PER_SECOND / 1000);
    if (m->frame_no % 50 == 0)
        riscpc_cmos_save(m);
}

/* Translated blocks cannot stop between instructions, so a debugger's step is the
 * interpreter's (it shares the JIT's CPU state); a waiting CPU lets time pass to the next event. */
void riscpc_debug_step(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    uint64_t target = m->sched.now + m->tpc;
    if (m->cpu.halted || riscpc_spinning_masked(m)) {
        uint64_t next = sched_next(&m->sched);
        if (next != SCHED_NEVER && next > target)
            target = next;
    }
    m->debug_stepping = true;
    riscpc_run_until(m, target);
    m->debug_stepping = false;
}

/* hard: power cycle (memory contents lost, IOMD reports power-on reset, the keyboard runs its
 * self test). Soft: the reset button (memory kept, IRQ A's power-on bit clear, so an OS can
 * tell the two apart). The PCF8583 is battery backed and has no reset input: it carries on. */
void riscpc_reset(machine_t *mm, bool hard)
{
    riscpc_t *m = (riscpc_t *)mm;
    if (hard && m->loaded) {
        memset(m->ram, 0, m->ram_size);
        memset(m->vram, 0, m->vram_size);
    }
    arm_reset(&m->cpu);
    iomd_reset(&m->iomd);
    if (!hard)
        iomd_write(&m->iomd, IOMD_IRQREQA, IOMD_IRQA_POR);
    riscpc_iomd_rearm(m);
    vidc20_reset(&m->vidc);
    riscpc_video_reset(m);
    superio_reset(&m->sio);
    uart16550_reset(&m->uart[0]);
    uart16550_reset(&m->uart[1]);
    if (hard)
        ps2_reset(&m->kbd);
    if (!m->linux_boot && hard) {
        /* A RISC OS ROM meeting a CMOS that no OS has written yet: the user would hold Delete
         * while switching on, which makes RISC OS reset the CMOS to its defaults. */
        if (m->riscos && !m->cmos_loaded && !m->delete_ev.pending) {
            ps2_key(&m->kbd, 0x4c, true);
            sched_at(&m->sched, &m->delete_ev, m->sched.now + 8 * RISCPC_TICKS_PER_SECOND);
        }
        ps2_power_on(&m->kbd); /* the keyboard's self-test result (and held keys) */
    }
    podule_bus_reset(&m->pod);
    riscpc_net_reset(&m->net);
    riscpc_hostfs_reset(&m->hostfs);
    ide_reset(&m->ide);
    fdc_reset(&m->fdc);
    m->frame_unprogrammed = true;
    sched_at(&m->sched, &m->frame_ev, m->sched.now + RISCPC_DEFAULT_FRAME_TICKS);
    sched_at(&m->sched, &m->index_ev, m->sched.now + RISCPC_TICKS_PER_SECOND / 5);
    sched_at(&m->sched, &m->sound_ev, m->sched.now + RISCPC_TICKS_PER_SECOND / 1000);
    if (m->linux_boot && m->loaded) {
        char err[MACHINE_ERR_LEN];
        if (riscpc_linux_load(m, err, sizeof err) != 0)
            fprintf(stderr, "%s\n", err);
    }
    if (m->use_jit)
        arm_jit_flush(&m->jit); /* memory was rewritten behind the CPU's back */
    if (m->linux_boot)
        riscpc_linux_enter(m);
    if (m->replay)
        arm_replay_sync(m->replay);
}
