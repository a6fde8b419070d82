/* Whole-machine lock-step (`--cpu-core lockstep`, DESIGN.md §4 "ARM JIT"): the machine's CPU
 * runs in the JIT on the real bus; a second CPU, the reference, runs the same instructions in
 * the interpreter against a replay bus, and arm_lockstep_run (jit.h) compares the two after
 * every block.
 *
 * Why a replay bus: the JIT side runs a block first and its stores reach memory at once, and
 * reading an I/O register may have side effects (FIFOs, interrupt acknowledges), so the
 * reference can neither share memory nor touch the chips. Instead:
 *   - RAM and VRAM: the reference has its own copy (`shadow`, the same size as the machine's
 *     region `mem`), so both CPUs' stores must agree (compared every ARM_REPLAY_MEM_EVERY blocks
 *     and on arm_replay_check_memory). ROM pages are shared (nobody writes them).
 *   - Everything the machine's bus page callback does not map (I/O, and stores to ROM) is
 *     recorded on the JIT side in order; the reference's reads are answered from that record
 *     and its writes compared with it (address, size and, for writes, value).
 *   - IRQ/FIQ line changes and other masters' stores to RAM (HostFS) are recorded at their
 *     place in that stream and applied to the reference at the same place: after the access
 *     during which they happened, or before the next block when they happened between runs.
 *   - A SWI hook (HostFS) would have to run once and be replayed: not done, so arm_replay_init
 *     refuses a CPU that has one.
 * Cycles that pass outside runs (a halted or masked-spinning CPU) are credited to both. */
#ifndef ARCANA_CPU_ARM_JIT_REPLAY_H
#define ARCANA_CPU_ARM_JIT_REPLAY_H

#include "cpu/arm/jit.h"

#define ARM_REPLAY_LOG 16384            /* entries of one block's record (a block does < 1100) */
#define ARM_REPLAY_MEM_EVERY (1u << 20) /* blocks between memory comparisons */

typedef struct arm_replay_entry {
    uint8_t kind, size, flags;
    uint32_t addr, value;
} arm_replay_entry_t;

typedef struct arm_replay {
    arm_cpu_t *cpu;          /* the machine's CPU, run by the JIT */
    arm_jit_t *jit;
    arm_cpu_t ref;           /* the reference */
    arm_lockstep_t ls;       /* the comparison; ls.report holds the difference */
    arm_bus_t real;          /* the machine's bus */
    uint8_t *mem, *shadow;   /* the machine's RAM/VRAM region and the reference's copy */
    size_t mem_size;
    uint64_t cycles_seen;    /* cpu->cycles when the last run ended */
    uint32_t nlog, pos;      /* entries recorded / consumed by the reference */
    bool full;
    char problem[256];       /* first replay mismatch of the current block */
    arm_replay_entry_t log[ARM_REPLAY_LOG];
} arm_replay_t;

/* Attaches lock-step to `cpu` (already arm_init'ed on the machine's bus, no SWI hook): wraps
 * its bus, initialises the reference and the JIT (arm_jit_init on `jit`, which the caller
 * keeps as for plain JIT use). `mem`/`shadow`: see above. Then call arm_replay_sync.
 * Returns 0, or -1 with a message. */
int arm_replay_init(arm_replay_t *rp, arm_cpu_t *cpu, arm_jit_t *jit, uint8_t *mem, uint8_t *shadow, size_t size,
                    char *err, size_t errlen);
/* Detaches (also destroys the JIT). */
void arm_replay_destroy(arm_replay_t *rp);
/* Makes the reference equal to the machine's CPU and the shadow equal to memory (after a
 * reset, a state load or anything else that changed both behind the CPUs' backs). */
void arm_replay_sync(arm_replay_t *rp);
/* Same contract as arm_run() for the machine's CPU. After a difference rp->ls.diverged is set,
 * rp->ls.report describes it, and the CPU stops at once. */
int64_t arm_replay_run(arm_replay_t *rp, int64_t cycles);
/* The machine's interrupt inputs: use these instead of arm_set_irq/arm_set_fiq. */
void arm_replay_set_irq(arm_replay_t *rp, bool level);
void arm_replay_set_fiq(arm_replay_t *rp, bool level);
/* Another master stored `value` (size 1, 2, 4) at physical `paddr` in RAM/VRAM. */
void arm_replay_mem_write(arm_replay_t *rp, uint32_t paddr, uint32_t value, unsigned size);
/* Compares the two memories now; false (and a report) on a difference. */
bool arm_replay_check_memory(arm_replay_t *rp);

#endif
