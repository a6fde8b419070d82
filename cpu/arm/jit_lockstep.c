/* ARM JIT lock-step mode: the JIT's CPU against the interpreter, block by block (jit.h). */
#include "cpu/arm/jit_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void say(arm_lockstep_t *ls, const char *fmt, ...)
{
    size_t n = strlen(ls->report);
    if (n + 1 >= sizeof ls->report)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ls->report + n, sizeof ls->report - n, fmt, ap);
    va_end(ap);
}

static void dump_state(arm_lockstep_t *ls, const char *who, const arm_cpu_t *c)
{
    say(ls, "%s: cpsr %08x  insns %llu  cycles %llu\n", who, c->cpsr, (unsigned long long)c->insns,
        (unsigned long long)c->cycles);
    for (int i = 0; i < 16; i++)
        say(ls, " r%-2d %08x%s", i, c->r[i], i % 4 == 3 ? "\n" : "");
    say(ls, " banked r8-r12 %08x %08x %08x %08x %08x / %08x %08x %08x %08x %08x\n", c->bank_r8_12[0][0],
        c->bank_r8_12[0][1], c->bank_r8_12[0][2], c->bank_r8_12[0][3], c->bank_r8_12[0][4], c->bank_r8_12[1][0],
        c->bank_r8_12[1][1], c->bank_r8_12[1][2], c->bank_r8_12[1][3], c->bank_r8_12[1][4]);
    for (int b = 0; b < ARM_BANK_COUNT; b++)
        say(ls, " bank%d r13 %08x r14 %08x spsr %08x\n", b, c->bank_r13[b], c->bank_r14[b], c->spsr[b]);
    say(ls, " cp15 control %08x ttb %08x dacr %08x fsr %08x far %08x  vectors %08x  irq %d fiq %d halted %d\n",
        c->cp15.control, c->cp15.ttb, c->cp15.dacr, c->cp15.fsr, c->cp15.far, c->vector_base, c->irq_line,
        c->fiq_line, c->halted);
}

/* Name of the first differing field, or NULL. */
static const char *differs(const arm_cpu_t *a, const arm_cpu_t *b)
{
    if (memcmp(a->r, b->r, sizeof a->r)) return "registers";
    if (a->cpsr != b->cpsr) return "cpsr";
    if (memcmp(a->bank_r8_12, b->bank_r8_12, sizeof a->bank_r8_12)) return "banked r8-r12";
    if (memcmp(a->bank_r13, b->bank_r13, sizeof a->bank_r13)) return "banked r13";
    if (memcmp(a->bank_r14, b->bank_r14, sizeof a->bank_r14)) return "banked r14";
    if (memcmp(a->spsr, b->spsr, sizeof a->spsr)) return "spsr";
    if (a->insns != b->insns) return "instruction count";
    if (a->cycles != b->cycles) return "cycle count";
    if (a->halted != b->halted) return "halted";
    if (a->cp15.control != b->cp15.control || a->cp15.ttb != b->cp15.ttb || a->cp15.dacr != b->cp15.dacr ||
        a->cp15.fsr != b->cp15.fsr || a->cp15.far != b->cp15.far || a->cp15.clock_switching != b->cp15.clock_switching ||
        a->vector_base != b->vector_base)
        return "CP15 (MMU) state";
    if (a->irq_line != b->irq_line || a->fiq_line != b->fiq_line) return "interrupt lines";
    return NULL;
}

bool arm_lockstep_check_memory(arm_lockstep_t *ls)
{
    if (!ls->mem || !ls->ref_mem || !memcmp(ls->mem, ls->ref_mem, ls->mem_size))
        return true;
    size_t i = 0;
    while (ls->mem[i] == ls->ref_mem[i])
        i++;
    say(ls, "lockstep: memory differs at byte %08zx of the compared region after %llu blocks: jit %02x, interpreter %02x\n", i,
        (unsigned long long)ls->blocks, ls->mem[i], ls->ref_mem[i]);
    ls->diverged = true;
    return false;
}

int64_t arm_lockstep_run(arm_lockstep_t *ls, int64_t cycles)
{
    arm_jit_t *jit = ls->jit;
    arm_cpu_t *cpu = jit->cpu, *ref = ls->ref;
    int64_t total = 0;
    if (ls->free_run) {
        total = arm_jit_run(jit, cycles);
        arm_run(ref, cycles);
        const char *what = differs(cpu, ref);
        if (!what && !arm_lockstep_check_memory(ls))
            what = "memory";
        if (what) {
            ls->diverged = true;
            say(ls, "lockstep (free run of %lld cycles): %s differ\n", (long long)cycles, what);
            dump_state(ls, "jit", cpu);
            dump_state(ls, "interpreter", ref);
        }
        return total;
    }
    jit->single_block = true;
    while (total < cycles && !ls->diverged) {
        uint32_t pc = cpu->r[15], mode = cpu->cpsr & ARM_PSR_MODE;
        /* An interrupt entry executes no instruction: the reference takes it by itself. */
        bool irq = cpu->irq_pending && !cpu->halted;
        total += arm_jit_run(jit, cycles - total);
        bool stopped = cpu->stop;
        if (ls->corrupt_at && cpu->insns >= ls->corrupt_at) {
            cpu->r[ls->corrupt_reg & 15] ^= 1;
            ls->corrupt_at = 0;
        }
        if (ls->ref_begin)
            ls->ref_begin(ls->hook_ctx);
        if (irq && ref->irq_pending)
            arm_step(ref);
        while (ref->insns < cpu->insns && !ref->halted)
            arm_step(ref);
        /* Waiting for an interrupt, a run passes its whole budget idle; arm_step does not. */
        if (cpu->halted && ref->halted && ref->insns == cpu->insns)
            ref->cycles = cpu->cycles;
        ls->blocks++;
        const char *what = ls->ref_end ? ls->ref_end(ls->hook_ctx) : NULL;
        if (!what)
            what = differs(cpu, ref);
        if (!what && ls->mem_every && ls->blocks % ls->mem_every == 0 && !arm_lockstep_check_memory(ls))
            what = "memory";
        if (what) {
            ls->diverged = true;
            say(ls, "lockstep: %s differ after block %llu at %08x (mode %02x):\n", what,
                (unsigned long long)ls->blocks, pc, mode);
            char dis[4096];
            arm_jit_describe_block(jit, pc, dis, sizeof dis);
            say(ls, "%s", dis);
            dump_state(ls, "jit", cpu);
            dump_state(ls, "interpreter", ref);
        }
        if (stopped || ls->diverged) {
            arm_stop(cpu);
            break;
        }
    }
    jit->single_block = false;
    return total;
}
