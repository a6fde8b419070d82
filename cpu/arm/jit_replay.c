/* Whole-machine lock-step: the JIT side's bus record and the reference's replay bus
 * (jit_replay.h). */
#include "cpu/arm/jit_replay.h"

#include <stdio.h>
#include <string.h>

/* Record entries. Sync entries are bus accesses both CPUs make (the reference must meet them
 * in the same order); async entries happened to the machine's CPU from outside and are applied
 * to the reference where it has reached the same point of the stream. */
enum { RP_READ = 1, RP_WRITE, RP_IRQ, RP_FIQ, RP_MEM };
enum { RP_ABORT = 1, RP_RAISED = 2 };

static bool is_async(const arm_replay_entry_t *e) { return e->kind >= RP_IRQ; }

static arm_replay_entry_t *append(arm_replay_t *rp, uint8_t kind)
{
    if (rp->nlog >= ARM_REPLAY_LOG) {
        rp->full = true;
        return NULL;
    }
    arm_replay_entry_t *e = &rp->log[rp->nlog++];
    *e = (arm_replay_entry_t){.kind = kind};
    return e;
}

/* Host address of physical `paddr` for the reference: the shadow for the machine's RAM/VRAM,
 * shared ROM for reads, NULL for everything the machine does not map (replayed). */
static uint8_t *ref_host(arm_replay_t *rp, uint32_t paddr, bool write)
{
    uint8_t *p = rp->real.page(rp->real.ctx, paddr & ~0xFFFu, write);
    if (!p)
        return NULL;
    if (p >= rp->mem && p < rp->mem + rp->mem_size)
        return rp->shadow + (p - rp->mem) + (paddr & 0xFFFu);
    return write ? NULL : p + (paddr & 0xFFFu);
}

/* ---- the machine's CPU: record ------------------------------------------------------------- */

static bool unmapped(arm_replay_t *rp, uint32_t paddr, bool write)
{
    return !rp->real.page(rp->real.ctx, paddr & ~0xFFFu, write);
}

static uint8_t *rec_page(void *ctx, uint32_t paddr, bool write)
{
    arm_replay_t *rp = ctx;
    return rp->real.page(rp->real.ctx, paddr, write);
}

static uint32_t rec_read(void *ctx, uint32_t paddr, unsigned size, bool *abort)
{
    arm_replay_t *rp = ctx;
    if (!unmapped(rp, paddr, false))
        return rp->real.read(rp->real.ctx, paddr, size, abort);
    /* The entry goes in first: line changes the read causes come after it. */
    arm_replay_entry_t *e = append(rp, RP_READ);
    uint32_t v = rp->real.read(rp->real.ctx, paddr, size, abort);
    if (e)
        *e = (arm_replay_entry_t){.kind = RP_READ, .size = (uint8_t)size, .flags = *abort ? RP_ABORT : 0,
                                  .addr = paddr, .value = v};
    return v;
}

static void rec_write(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort)
{
    arm_replay_t *rp = ctx;
    if (!unmapped(rp, paddr, true)) {
        rp->real.write(rp->real.ctx, paddr, value, size, abort);
        return;
    }
    arm_replay_entry_t *e = append(rp, RP_WRITE);
    if (e)
        *e = (arm_replay_entry_t){.kind = RP_WRITE, .size = (uint8_t)size, .addr = paddr, .value = value};
    rp->real.write(rp->real.ctx, paddr, value, size, abort);
    if (e && *abort)
        e->flags = RP_ABORT;
}

static void rec_idle(void *ctx)
{
    arm_replay_t *rp = ctx;
    if (rp->real.idle)
        rp->real.idle(rp->real.ctx);
}

static void rec_clock_switch(void *ctx, bool enable)
{
    arm_replay_t *rp = ctx;
    if (rp->real.clock_switch)
        rp->real.clock_switch(rp->real.ctx, enable);
}

static void rec_log(void *ctx, const char *msg)
{
    arm_replay_t *rp = ctx;
    rp->real.log(rp->real.ctx, msg);
}

/* A line change. Between two sync entries only the last level of each line matters, plus
 * whether it was raised at all (raising ends a wait for interrupt): a CPU spinning with
 * interrupts masked while timers toggle the lines must not fill the record. */
static void record_line(arm_replay_t *rp, uint8_t kind, bool level)
{
    for (uint32_t i = rp->nlog; i > rp->pos && is_async(&rp->log[i - 1]); i--) {
        arm_replay_entry_t *e = &rp->log[i - 1];
        if (e->kind == kind) {
            e->value = level;
            e->flags |= level ? RP_RAISED : 0;
            return;
        }
    }
    arm_replay_entry_t *e = append(rp, kind);
    if (e) {
        e->value = level;
        e->flags = level ? RP_RAISED : 0;
    }
}

void arm_replay_set_irq(arm_replay_t *rp, bool level)
{
    arm_set_irq(rp->cpu, level);
    record_line(rp, RP_IRQ, level);
}

void arm_replay_set_fiq(arm_replay_t *rp, bool level)
{
    arm_set_fiq(rp->cpu, level);
    record_line(rp, RP_FIQ, level);
}

void arm_replay_mem_write(arm_replay_t *rp, uint32_t paddr, uint32_t value, unsigned size)
{
    arm_replay_entry_t *e = append(rp, RP_MEM);
    if (e) {
        e->addr = paddr;
        e->value = value;
        e->size = (uint8_t)size;
    }
}

/* ---- the reference: replay ----------------------------------------------------------------- */

/* Applies the async entries at the head of what the reference has not consumed yet. */
static void apply_async(arm_replay_t *rp)
{
    arm_cpu_t *ref = &rp->ref;
    for (; rp->pos < rp->nlog && is_async(&rp->log[rp->pos]); rp->pos++) {
        const arm_replay_entry_t *e = &rp->log[rp->pos];
        switch (e->kind) {
        case RP_IRQ:
            if (e->flags & RP_RAISED)
                arm_set_irq(ref, true);
            arm_set_irq(ref, e->value != 0);
            break;
        case RP_FIQ:
            if (e->flags & RP_RAISED)
                arm_set_fiq(ref, true);
            arm_set_fiq(ref, e->value != 0);
            break;
        default: { /* RP_MEM */
            uint8_t *p = ref_host(rp, e->addr, true);
            if (p)
                memcpy(p, &e->value, e->size);
            break;
        }
        }
    }
}

static void describe(char *buf, size_t len, const char *who, uint8_t kind, uint32_t addr, unsigned size, uint32_t value)
{
    if (kind == RP_WRITE)
        snprintf(buf, len, "the %s wrote %08x (%u bytes) to %08x", who, value, size, addr);
    else
        snprintf(buf, len, "the %s read %u bytes at %08x", who, size, addr);
}

/* The next sync entry must be this access; returns it (consumed), or NULL and a problem. */
static const arm_replay_entry_t *expect(arm_replay_t *rp, uint8_t kind, uint32_t addr, unsigned size, uint32_t value)
{
    if (rp->problem[0])
        return NULL;
    const arm_replay_entry_t *e = rp->pos < rp->nlog ? &rp->log[rp->pos] : NULL;
    if (e && e->kind == kind && e->addr == addr && e->size == size && (kind != RP_WRITE || e->value == value)) {
        rp->pos++;
        return e;
    }
    char mine[96], theirs[96] = "the JIT made no further access in this block";
    describe(mine, sizeof mine, "interpreter", kind, addr, size, value);
    if (e)
        describe(theirs, sizeof theirs, "JIT", e->kind, e->addr, e->size, e->value);
    snprintf(rp->problem, sizeof rp->problem, "I/O accesses (%s; %s)", mine, theirs);
    return NULL;
}

static uint8_t *ref_page(void *ctx, uint32_t paddr, bool write) { return ref_host(ctx, paddr, write); }

static uint32_t ref_read(void *ctx, uint32_t paddr, unsigned size, bool *abort)
{
    arm_replay_t *rp = ctx;
    uint8_t *p = ref_host(rp, paddr, false);
    if (p) {
        uint32_t v = 0;
        memcpy(&v, p, size);
        return v;
    }
    const arm_replay_entry_t *e = expect(rp, RP_READ, paddr, size, 0);
    if (!e)
        return 0;
    *abort = (e->flags & RP_ABORT) != 0;
    uint32_t v = e->value;
    apply_async(rp);
    return v;
}

static void ref_write(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort)
{
    arm_replay_t *rp = ctx;
    uint8_t *p = ref_host(rp, paddr, true);
    if (p) {
        memcpy(p, &value, size); /* little-endian host and guest */
        return;
    }
    const arm_replay_entry_t *e = expect(rp, RP_WRITE, paddr, size, value);
    if (!e)
        return;
    *abort = (e->flags & RP_ABORT) != 0;
    apply_async(rp);
}

/* Before the reference follows a block: what happened between blocks (line changes from the
 * machine's events) comes first. */
static void ref_begin(void *ctx) { apply_async(ctx); }

/* After: every recorded access must have been replayed. The record starts afresh. */
static const char *ref_end(void *ctx)
{
    arm_replay_t *rp = ctx;
    apply_async(rp);
    if (!rp->problem[0] && rp->full)
        snprintf(rp->problem, sizeof rp->problem, "I/O records (more than %d in one block)", ARM_REPLAY_LOG);
    if (!rp->problem[0] && rp->pos < rp->nlog) {
        const arm_replay_entry_t *e = &rp->log[rp->pos];
        char theirs[96];
        describe(theirs, sizeof theirs, "JIT", e->kind, e->addr, e->size, e->value);
        snprintf(rp->problem, sizeof rp->problem, "I/O accesses (%s; the interpreter did not)", theirs);
    }
    rp->nlog = rp->pos = 0;
    rp->full = false;
    return rp->problem[0] ? rp->problem : NULL;
}

/* ---- set-up and running -------------------------------------------------------------------- */

int arm_replay_init(arm_replay_t *rp, arm_cpu_t *cpu, arm_jit_t *jit, uint8_t *mem, uint8_t *shadow, size_t size,
                    char *err, size_t errlen)
{
    if (cpu->swi_hook) {
        snprintf(err, errlen, "lockstep: the CPU has a SWI hook (HostFS), which lock-step cannot replay");
        return -1;
    }
    memset(rp, 0, sizeof *rp);
    rp->cpu = cpu;
    rp->jit = jit;
    rp->real = cpu->bus;
    rp->mem = mem;
    rp->shadow = shadow;
    rp->mem_size = size;
    arm_cfg_t cfg = {.model = cpu->model, .n_wait = cpu->n_wait, .s_wait = cpu->s_wait,
                     .bus = {.ctx = rp, .page = ref_page, .read = ref_read, .write = ref_write}};
    if (arm_init(&rp->ref, &cfg, err, errlen) != 0)
        return -1;
    cpu->bus = (arm_bus_t){.ctx = rp, .page = rec_page, .read = rec_read, .write = rec_write, .idle = rec_idle,
                           .clock_switch = rec_clock_switch, .log = rp->real.log ? rec_log : NULL};
    if (arm_jit_init(jit, cpu, err, errlen) != 0) {
        cpu->bus = rp->real;
        return -1;
    }
    rp->ls = (arm_lockstep_t){.jit = jit, .ref = &rp->ref, .mem = mem, .ref_mem = shadow, .mem_size = size,
                              .mem_every = ARM_REPLAY_MEM_EVERY, .ref_begin = ref_begin, .ref_end = ref_end,
                              .hook_ctx = rp};
    arm_replay_sync(rp);
    return 0;
}

void arm_replay_destroy(arm_replay_t *rp)
{
    if (!rp->cpu)
        return;
    arm_jit_destroy(rp->jit);
    rp->cpu->bus = rp->real;
    rp->cpu = NULL;
}

void arm_replay_sync(arm_replay_t *rp)
{
    arm_cpu_t *ref = &rp->ref, *cpu = rp->cpu;
    arm_bus_t bus = ref->bus;
    /* Everything up to the caches is state (jit.h keeps the hot fields first); the bus, hooks
     * and cache pointers stay the reference's own. */
    memcpy(ref, cpu, offsetof(arm_cpu_t, vcache));
    ref->bus = bus;
    ref->run_hook = NULL;
    ref->run_hook_ctx = NULL;
    ref->swi_hook = NULL;
    ref->swi_hook_ctx = NULL;
    ref->vc = &ref->vcache[cpu->vc - cpu->vcache];
    ref->stop = false;
    ref->cycles_left = ref->stop_credit = 0;
    arm_flush_mappings(ref);
    memcpy(rp->shadow, rp->mem, rp->mem_size);
    rp->nlog = rp->pos = 0;
    rp->full = false;
    rp->problem[0] = 0;
    rp->cycles_seen = cpu->cycles;
}

int64_t arm_replay_run(arm_replay_t *rp, int64_t cycles)
{
    arm_cpu_t *cpu = rp->cpu;
    if (rp->ls.diverged)
        return cycles; /* stopped for good: time passes without it */
    /* Cycles the machine credited while the CPU waited (halted, or spinning masked). */
    rp->ref.cycles += cpu->cycles - rp->cycles_seen;
    int64_t used = arm_lockstep_run(&rp->ls, cycles);
    rp->cycles_seen = cpu->cycles;
    return used;
}

bool arm_replay_check_memory(arm_replay_t *rp)
{
    return !rp->ls.diverged && arm_lockstep_check_memory(&rp->ls);
}
