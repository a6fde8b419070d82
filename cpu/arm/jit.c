/* ARM JIT: block cache, dispatcher, chaining, self-modifying-code tracking (see jit.h). */
#include "cpu/arm/jit_internal.h"

#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- code pages and invalidation ------------------------------------------------------------ */

static arm_jit_page_t *find_page(arm_jit_t *jit, uint32_t ppage)
{
    uint32_t key = ppage + 1;
    for (uint32_t i = (ppage * 0x9E3779B1u) >> 20, n = 0; n < ARM_JIT_PAGES; n++, i++) {
        arm_jit_page_t *p = &jit->pages[i & (ARM_JIT_PAGES - 1)];
        if (p->ppage == key)
            return p;
        if (p->ppage == 0)
            return NULL;
    }
    return NULL;
}

/* Stops the CPU's fast path writing `ppage` directly: drops vcache write tags that point at
 * its host memory (the bus wrapper refuses new ones). */
static void protect_page(arm_jit_t *jit, uint32_t ppage)
{
    uint8_t *host = jit->bus.page(jit->bus.ctx, ppage << 12, true);
    if (!host)
        return;
    arm_cpu_t *cpu = jit->cpu;
    for (int c = 0; c < 2; c++)
        for (unsigned i = 0; i < ARM_VC_SIZE; i++) {
            arm_vc_entry_t *e = &cpu->vcache[c].e[i];
            if (e->wtag != ARM_VC_INVALID && e->host + e->wtag == (uintptr_t)host)
                e->wtag = ARM_VC_INVALID;
        }
    arm_jit_fastmem_code_page(jit, host); /* (and its fastmem window pages) */
}

static arm_jit_page_t *add_page(arm_jit_t *jit, uint32_t ppage)
{
    arm_jit_page_t *p = find_page(jit, ppage);
    if (p)
        return p;
    if (jit->npages >= ARM_JIT_PAGES * 3 / 4)
        return NULL;
    for (uint32_t i = (ppage * 0x9E3779B1u) >> 20;; i++) {
        p = &jit->pages[i & (ARM_JIT_PAGES - 1)];
        if (p->ppage == 0)
            break;
    }
    *p = (arm_jit_page_t){.ppage = ppage + 1, .blocks = -1, .chunks = 0};
    jit->npages++;
    protect_page(jit, ppage);
    return p;
}

static uint64_t chunk_mask(uint32_t start, uint32_t end) /* byte offsets within a page */
{
    unsigned a = start >> 6, b = (end - 1) >> 6;
    uint64_t hi = b >= 63 ? ~0ull : (2ull << b) - 1;
    return hi & ~((1ull << a) - 1);
}

/* The chunks of a block's literals (arm_jit_block_t.lit_lo/lit_hi), 0 if none. */
static uint64_t block_lit_chunks(const arm_jit_block_t *b)
{
    return b->lit_lo < b->lit_hi ? chunk_mask(b->lit_lo, b->lit_hi) : 0;
}

static void unlink_exit(arm_jit_t *jit, arm_jit_exit_t *x)
{
    jx_patch32(x->patch, x->stub);
    if (x->pre)
        jx_patch32(x->pre, x->mat);
    x->target = -1;
    (void)jit;
}

/* Makes block bi unreachable: out of the hash, entry redirected to its exit stub, chained
 * exits into it restored to their stubs, out of its page's list. */
static void kill_block(arm_jit_t *jit, int32_t bi)
{
    arm_jit_block_t *b = &jit->blocks[bi];
    if (b->live) {
        uint32_t h = ((b->pc >> 2) ^ (b->mode * 0x9E37u)) & (ARM_JIT_HASH - 1);
        for (int32_t *pp = &jit->hash[h]; *pp >= 0; pp = &jit->blocks[*pp].hash_next)
            if (*pp == bi) {
                *pp = b->hash_next;
                break;
            }
        b->live = false;
    }
    arm_jit_jc_t *jc = &jit->jc[(b->pc >> 2) & (ARM_JIT_JC - 1)];
    if (jc->code == b->code)
        jc->pc = 1;
    b->code[0] = 0xE9; /* jmp rel32 */
    jx_patch32(b->code + 1, b->dead_stub);
    for (int32_t x = b->in_exits; x >= 0; x = jit->exits[x].next_in)
        unlink_exit(jit, &jit->exits[x]);
    b->in_exits = -1;
    jit->stats.invalidations++;
}

void arm_jit_invalidate(arm_jit_t *jit, uint32_t pa, uint32_t len)
{
    uint32_t end = pa + len;
    if (len == 0 || end < pa)
        end = 0xFFFFFFFFu;
    for (uint32_t page = pa >> 12; page <= (end - 1) >> 12; page++) {
        arm_jit_page_t *p = find_page(jit, page);
        if (p) {
            uint32_t s = page == pa >> 12 ? pa & 0xFFF : 0;
            uint32_t e = page == (end - 1) >> 12 ? ((end - 1) & 0xFFF) + 1 : 0x1000;
            if (p->chunks & chunk_mask(s, e)) {
                uint64_t chunks = 0;
                for (int32_t *pp = &p->blocks; *pp >= 0;) {
                    arm_jit_block_t *b = &jit->blocks[*pp];
                    uint32_t bs = b->pa & 0xFFF, be = bs + (b->end_pa - b->pa);
                    bool lit = b->lit_lo < e && s < b->lit_hi;
                    if ((bs < e && s < be) || lit) {
                        if (lit) /* data after all: not folded into constants again */
                            p->lit_written |= chunk_mask(s > b->lit_lo ? s : b->lit_lo, e < b->lit_hi ? e : b->lit_hi);
                        kill_block(jit, *pp);
                        *pp = b->page_next;
                        jit->exit_request = true;
                    } else {
                        chunks |= chunk_mask(bs, be) | block_lit_chunks(b);
                        pp = &b->page_next;
                    }
                }
                p->chunks = chunks;
            }
        }
        if (page == 0xFFFFFu)
            break;
    }
}

/* ---- bus wrappers --------------------------------------------------------------------------- */

static uint8_t *jit_bus_page(void *ctx, uint32_t paddr, bool write)
{
    arm_jit_t *jit = ctx;
    if (write && find_page(jit, paddr >> 12))
        return NULL; /* code page: writes come to jit_bus_write */
    return jit->bus.page(jit->bus.ctx, paddr, write);
}

static uint32_t jit_bus_read(void *ctx, uint32_t paddr, unsigned size, bool *abort)
{
    arm_jit_t *jit = ctx;
    return jit->bus.read(jit->bus.ctx, paddr, size, abort);
}

static void jit_bus_write(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort)
{
    arm_jit_t *jit = ctx;
    if (find_page(jit, paddr >> 12)) {
        jit->stats.code_writes++;
        uint8_t *host = jit->bus.page(jit->bus.ctx, paddr & ~0xFFFu, true);
        if (host) {
            uint8_t *p = host + (paddr & 0xFFF);
            for (unsigned i = 0; i < size; i++)
                p[i] = (uint8_t)(value >> (8 * i)); /* little-endian guest */
        } else {
            jit->bus.write(jit->bus.ctx, paddr, value, size, abort);
            jit->exit_request = true;
        }
        arm_jit_invalidate(jit, paddr, size);
        return;
    }
    jit->bus.write(jit->bus.ctx, paddr, value, size, abort);
    /* I/O may raise interrupts or remap memory: let the dispatcher look again. */
    jit->exit_request = true;
}

static void jit_bus_idle(void *ctx)
{
    arm_jit_t *jit = ctx;
    if (jit->bus.idle)
        jit->bus.idle(jit->bus.ctx);
}

static void jit_bus_clock_switch(void *ctx, bool enable)
{
    arm_jit_t *jit = ctx;
    if (jit->bus.clock_switch)
        jit->bus.clock_switch(jit->bus.ctx, enable);
}

/* ---- cache management ----------------------------------------------------------------------- */

void arm_jit_flush(arm_jit_t *jit)
{
    for (int i = 0; i < ARM_JIT_HASH; i++)
        jit->hash[i] = -1;
    for (int i = 0; i < ARM_JIT_JC; i++)
        jit->jc[i] = (arm_jit_jc_t){.pc = 1}; /* matches no PC */
    memset(jit->pages, 0, sizeof jit->pages);
    jit->npages = 0;
    jit->sw_host = NULL;
    jit->sw_key[0] = jit->sw_key[1] = 0xFFF;
    jit->nblocks = 0;
    jit->nexits = 0;
    jit->code_free = jit->code_start;
    jit->data_free = jit->data;
    arm_jit_fastmem_code_flushed(jit);
    jit->stats.flushes++;
}

bool arm_jit_literal_ok(arm_jit_t *jit, uint32_t pa, unsigned size)
{
    arm_jit_page_t *p = find_page(jit, pa >> 12);
    if (p && (p->lit_written & chunk_mask(pa & 0xFFF, (pa & 0xFFF) + size)))
        return false;
    return true;
}

int32_t arm_jit_new_exit(arm_jit_t *jit)
{
    if (jit->nexits >= ARM_JIT_EXITS)
        return -1;
    return jit->nexits++;
}

static int32_t lookup(arm_jit_t *jit, uint32_t pc, uint32_t mode)
{
    uint32_t h = ((pc >> 2) ^ (mode * 0x9E37u)) & (ARM_JIT_HASH - 1);
    for (int32_t i = jit->hash[h]; i >= 0; i = jit->blocks[i].hash_next)
        if (jit->blocks[i].pc == pc && jit->blocks[i].mode == mode)
            return i;
    return -1;
}

/* Registers a block made by the translator: hash table and its code page. */
static bool register_block(arm_jit_t *jit, int32_t bi)
{
    arm_jit_block_t *b = &jit->blocks[bi];
    arm_jit_page_t *p = add_page(jit, b->pa >> 12);
    if (!p)
        return false;
    b->page_next = p->blocks;
    p->blocks = bi;
    p->chunks |= chunk_mask(b->pa & 0xFFF, (b->pa & 0xFFF) + (b->end_pa - b->pa)) | block_lit_chunks(b);
    uint32_t h = ((b->pc >> 2) ^ (b->mode * 0x9E37u)) & (ARM_JIT_HASH - 1);
    int32_t old = lookup(jit, b->pc, b->mode);
    if (old >= 0)
        kill_block(jit, old); /* translated under another mapping */
    b->hash_next = jit->hash[h];
    jit->hash[h] = bi;
    b->live = true;
    return true;
}

/* The block for the current PC and mode, valid for the current mapping; -1 if the
 * instruction must go to the interpreter (no host memory behind the PC, prefetch abort).
 * `from` (or NULL): the exit that led here, whose block's register holding a new block
 * follows where it can (arm_jit_translate). */
static int32_t find_block(arm_jit_t *jit, const arm_jit_exit_t *from)
{
    arm_cpu_t *cpu = jit->cpu;
    uint32_t pc = cpu->r[15], mode = cpu->cpsr & ARM_PSR_MODE;
    if ((pc & ~0xFFFu) != cpu->fetch_va) {
        uint32_t insn;
        if (!arm_fetch_slow(cpu, pc, &insn) || (pc & ~0xFFFu) != cpu->fetch_va)
            return -1;
    }
    uintptr_t host = cpu->fetch_host + pc;
    int32_t bi = lookup(jit, pc, mode);
    if (bi >= 0 && jit->blocks[bi].host == host)
        return bi;
    uint32_t pa;
    if (!arm_translate(cpu, pc, false, (cpu->cpsr & 0xF) == 0, &pa, NULL))
        return -1;
    int8_t hint[15];
    bool hinted = from && jit->blocks[from->block].live;
    if (hinted)
        memcpy(hint, jit->blocks[from->block].held, sizeof hint); /* (a flush may take the block) */
    for (int attempt = 0; attempt < 2; attempt++) {
        bi = arm_jit_translate(jit, pc, mode, host, pa, hinted ? hint : NULL);
        if (bi >= 0 && register_block(jit, bi)) {
            jit->stats.blocks_translated++;
            if (jit->perf_map) {
                const arm_jit_block_t *b = &jit->blocks[bi];
                uint8_t *end = bi + 1 < jit->nblocks ? jit->blocks[bi + 1].code : jit->code_free;
                fprintf(jit->perf_map, "%lx %lx arm_%08x_%02x\n", (unsigned long)(uintptr_t)b->code,
                        (unsigned long)(end - b->code), b->pc, b->mode);
            }
            return bi;
        }
        arm_jit_flush(jit);
    }
    return -1;
}

/* ---- running -------------------------------------------------------------------------------- */

void arm_jit_interp_step(arm_jit_t *jit)
{
    arm_cpu_t *cpu = jit->cpu;
    int64_t left = cpu->cycles_left;
    int c = arm_step(cpu); /* zeroes cycles_left and adds to cycles: undo, the run counts */
    cpu->cycles -= (uint64_t)c;
    cpu->cycles_left = left - c;
    if (cpu->halted && cpu->cycles_left > 0)
        cpu->cycles_left = 0; /* wait for interrupt: the rest of the budget passes idle */
    if (cpu->stop && cpu->cycles_left > 0) {
        cpu->stop_credit += cpu->cycles_left;
        cpu->cycles_left = 0;
    }
    jit->stats.interp_steps++;
}

uint32_t arm_jit_helper_step(arm_cpu_t *cpu, uint32_t pc, uint32_t refund)
{
    arm_jit_t *jit = cpu->bus.ctx;
    uint32_t mode = cpu->cpsr & ARM_PSR_MODE;
    cpu->r[15] = pc;
    jit->exit_request = false; /* what this step's bus accesses ask for */
    cpu->cycles_left += refund & 0xFFFF;
    cpu->insns -= (refund >> 16) & 1;
    arm_jit_interp_step(jit);
    jit->stats.helper_steps++;
    return cpu->r[15] != ((pc + 4) & cpu->pc_mask) || cpu->irq_pending || cpu->stop || cpu->halted ||
           (cpu->cpsr & ARM_PSR_MODE) != mode || jit->exit_request || cpu->cycles_left <= (int64_t)(refund >> 17);
}

void arm_jit_helper_pc_s(arm_cpu_t *cpu, uint32_t value)
{
    /* interp.c dp_write_pc with S: 26-bit modes take the PSR bits of the result (privileged:
     * all, user: NZCV), 32-bit modes the SPSR (none in USR/SYS); then the jump. */
    if (arm_mode_is_26(cpu->cpsr)) {
        arm_write_r15_26(cpu, value, true);
    } else {
        if (cpu->bank != ARM_BANK_USR)
            arm_write_cpsr(cpu, cpu->spsr[cpu->bank]);
        cpu->r[15] = value & cpu->pc_mask;
    }
}

/* Removes exit x from the incoming list of the block it is chained to. */
static void unchain(arm_jit_t *jit, arm_jit_exit_t *x)
{
    int32_t xi = (int32_t)(x - jit->exits);
    for (int32_t *pp = &jit->blocks[x->target].in_exits; *pp >= 0; pp = &jit->exits[*pp].next_in)
        if (*pp == xi) {
            *pp = x->next_in;
            break;
        }
    unlink_exit(jit, x);
}

void arm_jit_emit_budget_cmp(jx_t *e, uint32_t need)
{
    int64_t v = ((int64_t)need << ARM_JIT_INSN_BITS) | ((1 << ARM_JIT_INSN_BITS) - 1);
    if (v == (int32_t)v) {
        jx_alu_ri(e, JX_CMP, 8, JX_R14, (int32_t)v);
    } else {
        jx_mov64_ri(e, JX_RCX, (uint64_t)v);
        jx_alu_rr(e, JX_CMP, 8, JX_R14, JX_RCX);
    }
}

void arm_jit_emit_budget_out(jx_t *e, int tmp)
{
    jx_mov_rr(e, 4, tmp, JX_R14);
    jx_alu_ri(e, JX_AND, 4, tmp, (1 << ARM_JIT_INSN_BITS) - 1);
    jx_alu_mr(e, JX_ADD, 8, JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, insns)), tmp);
    jx_shift_ri(e, JX_SAR, 8, JX_R14, ARM_JIT_INSN_BITS);
    jx_store(e, 8, JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, cycles_left)), JX_R14);
}

void arm_jit_emit_ac(jx_t *e, bool on)
{
    jx_pushf(e);
    if (on)
        jx_alu_mi(e, JX_OR, 4, JX_M(JX_RSP, 0), 1 << 18);
    else
        jx_alu_mi(e, JX_AND, 4, JX_M(JX_RSP, 0), ~(1 << 18));
    jx_popf(e);
}

void arm_jit_emit_budget_in(jx_t *e)
{
    jx_load(e, 8, false, JX_R14, JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, cycles_left)));
    jx_shift_ri(e, JX_SHL, 8, JX_R14, ARM_JIT_INSN_BITS);
}

/* Code between two blocks for a chained exit: the budget check of the target's entry, then the
 * registers the exit's block holds (all of them, valid: jit_translate.c) written back where
 * the target holds them elsewhere or not at all, and the target's loaded where they differ;
 * then the target past its own loads. NULL if the code buffer is full. */
static uint8_t *make_trampoline(arm_jit_t *jit, const arm_jit_exit_t *x, const arm_jit_block_t *to)
{
    const arm_jit_block_t *from = &jit->blocks[x->block];
    jx_t e;
    jx_init(&e, jit->code_free, (size_t)(jit->code_end - jit->code_free));
    uint8_t *start = e.p;
    arm_jit_emit_budget_cmp(&e, to->need);
    jx_jcc_to(&e, JX_CC_LE, x->stub); /* (the stub writes the registers back) */
    /* Written back: what only the exit's block holds (the target writes back what it holds,
     * all of which counts as changed from its loop_entry on). Moved host register to host
     * register: what both hold in different places (a parallel move; a cycle goes through
     * RAX, free here). Loaded: what only the target holds. */
    for (unsigned r = 0; r < 15; r++)
        if (from->held[r] >= 0 && to->held[r] < 0)
            jx_store(&e, 4, JCPU_R(r), from->held[r]);
    int8_t src_of[16]; /* host register -> the host register its value comes from, or -1 */
    memset(src_of, -1, sizeof src_of);
    for (unsigned r = 0; r < 15; r++)
        if (from->held[r] >= 0 && to->held[r] >= 0 && from->held[r] != to->held[r])
            src_of[to->held[r]] = from->held[r];
    for (bool moved = true; moved;) {
        moved = false;
        for (int d = 0; d < 16; d++) { /* a destination no pending move still reads */
            if (src_of[d] < 0)
                continue;
            bool read = false;
            for (int k = 0; k < 16; k++)
                read |= src_of[k] == d;
            if (!read) {
                jx_mov_rr(&e, 4, d, src_of[d]);
                src_of[d] = -1;
                moved = true;
            }
        }
        if (moved)
            continue;
        for (int d = 0; d < 16; d++) { /* only cycles left: open one through RAX */
            if (src_of[d] < 0)
                continue;
            jx_mov_rr(&e, 4, JX_RAX, d);
            for (int k = 0; k < 16; k++)
                if (src_of[k] == d)
                    src_of[k] = JX_RAX;
            moved = true;
            break;
        }
    }
    for (unsigned r = 0; r < 15; r++)
        if (to->held[r] >= 0 && from->held[r] < 0)
            jx_load(&e, 4, false, to->held[r], JCPU_R(r));
    jx_jmp_to(&e, to->loop_entry);
    if (e.overflow)
        return NULL;
    jit->code_free = e.p;
    return start;
}

static void chain(arm_jit_t *jit, arm_jit_exit_t *x, int32_t bi)
{
    arm_jit_block_t *b = &jit->blocks[bi];
    uint32_t epoch = jit->cpu->vc_epoch;
    if (x->cross) /* cross-page: valid in this epoch only */
        x->epoch = epoch;
    if (x->target == bi)
        return; /* came back through a failed epoch check: re-armed above */
    if (x->target >= 0)
        unchain(jit, x);
    /* An exit of the block to its own start keeps the registers the block holds in host
     * registers (jit_translate.c): it skips the entry's loads. */
    uint8_t *to = x->block == bi ? b->loop_entry : make_trampoline(jit, x, b);
    if (!to || !jx_patch32(x->patch, to))
        return;
    if (x->pre) /* deferred flags left unstored if the target overwrites them first */
        jx_patch32(x->pre, b->flags_dead ? x->skip : x->mat);
    x->target = bi;
    x->next_in = b->in_exits;
    b->in_exits = (int32_t)(x - jit->exits);
    jit->stats.chains++;
}

uint32_t arm_jit_helper_store(arm_cpu_t *cpu, uint32_t va, uint32_t value, uint32_t size)
{
    arm_jit_t *jit = cpu->bus.ctx;
    /* Only what the interpreter's slow path (mmu.c) would do without a fault: no 26-bit
     * data configuration, no alignment fault, a translation with write permission. */
    if (!(cpu->cp15.control & ARM_CR_D) || ((cpu->cp15.control & ARM_CR_A) && (va & (size - 1))))
        return 1;
    /* The last page written here, while no vcache flush (mapping or permission change) and
     * no privilege change happened since: no translation needed. */
    uint32_t vpage = va & ~0xFFFu;
    bool user = (cpu->cpsr & 0xF) == 0;
    if (!jit->sw_host || jit->sw_va != vpage || jit->sw_epoch != cpu->vc_epoch || jit->sw_user != user) {
        uint32_t pa;
        jit->sw_host = NULL;
        jit->sw_key[0] = jit->sw_key[1] = 0xFFF;
        if (!arm_translate(cpu, va, true, user, &pa, NULL))
            return 1;
        uint8_t *host = jit->bus.page(jit->bus.ctx, pa & ~0xFFFu, true);
        if (!host)
            return 1;
        jit->sw_va = vpage;
        jit->sw_pa = pa & ~0xFFFu;
        jit->sw_epoch = cpu->vc_epoch;
        jit->sw_user = user;
        jit->sw_host = host;
    }
    uint32_t off = (va & 0xFFF) & ~(size - 1);
    arm_jit_page_t *p = find_page(jit, jit->sw_pa >> 12);
    jit->sw_page = p;
    jit->sw_key[user] = p ? vpage : 0xFFF;
    jit->sw_key[!user] = 0xFFF;
    jit->sw_bias = (uintptr_t)jit->sw_host - vpage;
    if (!p || (p->chunks & chunk_mask(off, off + size)))
        return 1; /* not a code page (the interpreter maps it), or near code: precise path */
    for (unsigned i = 0; i < size; i++)
        jit->sw_host[off + i] = (uint8_t)(value >> (8 * i));
    jit->stats.code_writes++;
    return 0;
}

static void emit_entry_exit(arm_jit_t *jit);

int64_t arm_jit_run(arm_jit_t *jit, int64_t cycles)
{
    arm_cpu_t *cpu = jit->cpu;
    if (jit->single_insn && !jit->single_block) { /* back from arm_jit_step: whole blocks */
        arm_jit_flush(jit);
        jit->single_insn = false;
    }
    cpu->cycles_left = cycles;
    cpu->stop_credit = 0;
    cpu->stop = false;
    if (cpu->halted)
        cpu->cycles_left = 0;
    arm_jit_exit_t *from = NULL;
    arm_jit_t *outer = arm_jit_fastmem_enter(jit);
    while (cpu->cycles_left > 0) {
        jit->stats.dispatches++;
        if (cpu->insns >= jit->fm.review_at && jit->fm.on && arm_jit_fastmem_review(jit)) {
            emit_entry_exit(jit);
            arm_jit_flush(jit);
            from = NULL;
        }
        int32_t bi = -1;
        uint64_t flushes = jit->stats.flushes;
        if (!cpu->irq_pending && !jit->disabled)
            bi = find_block(jit, from);
        if (jit->stats.flushes != flushes)
            from = NULL; /* the exit record went with the flush */
        if (bi >= 0 && cpu->cycles_left <= jit->blocks[bi].need)
            bi = -1; /* the budget ends inside this block: instruction by instruction */
        if (bi < 0) {
            arm_jit_interp_step(jit);
            from = NULL;
        } else {
            arm_jit_block_t *b = &jit->blocks[bi];
            /* Chain the exit we came through straight to this block (see jit.h). */
            if (from && !jit->single_block && jit->blocks[from->block].live && from->target_pc == b->pc)
                chain(jit, from, bi);
            if (!jit->single_block)
                jit->jc[(b->pc >> 2) & (ARM_JIT_JC - 1)] =
                    (arm_jit_jc_t){.pc = b->pc, .mode = b->mode, .epoch = cpu->vc_epoch, .code = b->code};
            jit->exit_request = false;
            /* (at most ARM_JIT_MAX_STINT cycles at a time: see jit_internal.h) */
            int64_t held_back = cpu->cycles_left > ARM_JIT_MAX_STINT ? cpu->cycles_left - ARM_JIT_MAX_STINT : 0;
            cpu->cycles_left -= held_back;
            from = (arm_jit_exit_t *)jit->enter(cpu, b->code);
            if (cpu->stop)
                cpu->stop_credit += held_back; /* (arm_stop gave back the rest of the stint) */
            else
                cpu->cycles_left += held_back;
        }
        if (jit->single_block)
            break;
    }
    arm_jit_fastmem_leave(outer);
    int64_t used = cycles - cpu->cycles_left - cpu->stop_credit;
    cpu->cycles += (uint64_t)used;
    cpu->stop_credit = 0;
    return used;
}

int arm_jit_step(arm_jit_t *jit)
{
    if (!jit->single_insn) { /* blocks of one instruction from now on */
        arm_jit_flush(jit);
        jit->single_insn = true;
    }
    bool single = jit->single_block;
    jit->single_block = true;
    int64_t used = arm_jit_run(jit, 1);
    jit->single_block = single;
    return (int)used;
}

static int64_t run_hook(void *ctx, int64_t cycles) { return arm_jit_run(ctx, cycles); }

/* ---- set-up --------------------------------------------------------------------------------- */

/* Entry: uint8_t *enter(arm_cpu_t *cpu, uint8_t *code) saves the callee-saved registers the
 * translated code uses, points RBX at the cpu, loads the budget (R14) and jumps to the
 * block (the instruction count stays in the cpu); blocks leave through the epilogue, which
 * stores the budget back,
 * with RAX = the arm_jit_exit_t to chain, or 0. */
static void emit_entry_exit(arm_jit_t *jit)
{
    static const int saved[] = {JX_RBX, JX_RBP, JX_R12, JX_R13, JX_R14, JX_R15};
    jx_t e;
    jx_init(&e, jit->code, 256);
    memset(e.start, 0xCC, 256);
    jit->prologue = e.p;
    for (int i = 0; i < 6; i++)
        jx_push(&e, saved[i]);
    jx_alu_ri(&e, JX_SUB, 8, JX_RSP, 8); /* 16-byte aligned stack for helper calls */
    jx_mov_rr(&e, 8, JX_RBX, JX_RDI);
    arm_jit_emit_budget_in(&e);
    if (jit->fm.ac)
        arm_jit_emit_ac(&e, true);
    jx_jmp_r(&e, JX_RSI);
    jit->epilogue = e.p;
    arm_jit_emit_budget_out(&e, JX_RCX); /* (RAX: the exit to chain) */
    if (jit->fm.ac)
        arm_jit_emit_ac(&e, false);
    jx_alu_ri(&e, JX_ADD, 8, JX_RSP, 8);
    for (int i = 5; i >= 0; i--)
        jx_pop(&e, saved[i]);
    jx_ret(&e);
    /* Jump-cache lookup for exits to a run-time PC (arm_jit_jc_t): same PC, mode and vcache
     * epoch, no interrupt pending, not single-block mode; else the dispatcher. */
    jit->lookup = e.p;
    int32_t r15 = (int32_t)offsetof(arm_cpu_t, r) + 60;
    jx_load(&e, 4, false, JX_RAX, JX_M(JX_RBX, r15));
    jx_mov_rr(&e, 4, JX_RCX, JX_RAX);
    jx_shift_ri(&e, JX_SHR, 4, JX_RCX, 2);
    jx_alu_ri(&e, JX_AND, 4, JX_RCX, ARM_JIT_JC - 1);
    jx_lea(&e, 8, JX_RCX, JX_MI(JX_RCX, JX_RCX, 2, 0)); /* 24-byte entries: index * 3 * 8 */
    jx_mov64_ri(&e, JX_RDX, (uint64_t)(uintptr_t)jit->jc);
    jx_alu_rm(&e, JX_CMP, 4, JX_RAX, JX_MI(JX_RDX, JX_RCX, 8, offsetof(arm_jit_jc_t, pc)));
    uint8_t *miss1 = jx_jcc8_fwd(&e, JX_CC_NE);
    jx_load(&e, 4, false, JX_RSI, JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, cpsr)));
    jx_alu_ri(&e, JX_AND, 4, JX_RSI, ARM_PSR_MODE);
    jx_alu_rm(&e, JX_CMP, 4, JX_RSI, JX_MI(JX_RDX, JX_RCX, 8, offsetof(arm_jit_jc_t, mode)));
    uint8_t *miss2 = jx_jcc8_fwd(&e, JX_CC_NE);
    jx_load(&e, 4, false, JX_RSI, JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, vc_epoch)));
    jx_alu_rm(&e, JX_CMP, 4, JX_RSI, JX_MI(JX_RDX, JX_RCX, 8, offsetof(arm_jit_jc_t, epoch)));
    uint8_t *miss3 = jx_jcc8_fwd(&e, JX_CC_NE);
    jx_alu_mi(&e, JX_CMP, 4, JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, irq_pending)), 0);
    uint8_t *miss4 = jx_jcc8_fwd(&e, JX_CC_NE);
    jx_alu_mi(&e, JX_CMP, 1, JX_M(JX_RDX, (int32_t)offsetof(arm_jit_t, single_block) - (int32_t)offsetof(arm_jit_t, jc)), 0);
    uint8_t *miss5 = jx_jcc8_fwd(&e, JX_CC_NE);
    jx_jmp_m(&e, JX_MI(JX_RDX, JX_RCX, 8, offsetof(arm_jit_jc_t, code)));
    jx_patch8(miss1, e.p);
    jx_patch8(miss2, e.p);
    jx_patch8(miss3, e.p);
    jx_patch8(miss4, e.p);
    jx_patch8(miss5, e.p);
    jx_alu_rr(&e, JX_XOR, 4, JX_RAX, JX_RAX);
    jx_jmp_to(&e, jit->epilogue);
    jit->code_start = jit->code + 256;
    if (e.overflow || e.p > jit->code_start)
        abort(); /* (a programming error: the entry code outgrew its space) */
    memcpy(&jit->enter, &jit->prologue, sizeof jit->enter); /* object to function pointer */
}

int arm_jit_init(arm_jit_t *jit, arm_cpu_t *cpu, char *err, size_t errlen)
{
    memset(jit, 0, sizeof *jit);
    void *mem = mmap(NULL, ARM_JIT_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        snprintf(err, errlen, "arm jit: cannot map %u MB of executable memory", ARM_JIT_CODE_SIZE >> 20);
        return -1;
    }
    jit->cpu = cpu;
    jit->code = mem;
    unsigned a, b, c = 0, d;
    jit->lahf = __get_cpuid(0x80000001u, &a, &b, &c, &d) && (c & 1); /* LAHF-SAHF in 64-bit mode */
    jit->bmi2 = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 8));
    for (unsigned i = 0; i < 256; i++) {
        unsigned nz = i & 0xC0, cf = i & 1, x = (i >> 3) & 1;
        jit->flag_tab[0][i] = (uint8_t)(nz | (cf ? JF_C : 0) | (x ? JF_V : 0));
        jit->flag_tab[1][i] = (uint8_t)(nz | (cf ? 0 : JF_C) | (x ? JF_V : 0));
        jit->flag_tab[2][i] = (uint8_t)(nz | (x ? JF_C : 0));
        for (unsigned v = 0; v < 2; v++) {
            jit->flag_tab_ax[0][i << 8 | v] = (uint8_t)(nz | (cf ? JF_C : 0) | (v ? JF_V : 0));
            jit->flag_tab_ax[1][i << 8 | v] = (uint8_t)(nz | (cf ? 0 : JF_C) | (v ? JF_V : 0));
        }
    }
    /* Code below, a free page, then translated code's data words (jit.h). */
    jit->data = (uint32_t *)(jit->code + ARM_JIT_CODE_SIZE - ARM_JIT_DATA_BYTES);
    jit->data_end = jit->data + ARM_JIT_DATA_BYTES / 4;
    jit->code_end = jit->code + ARM_JIT_CODE_SIZE - ARM_JIT_DATA_BYTES - 4096;
    arm_jit_fastmem_init(jit); /* (before the entry code: it sets EFLAGS.AC for fastmem) */
    emit_entry_exit(jit);
    arm_jit_flush(jit);
    jit->stats.flushes = 0;
    jit->bus = cpu->bus;
    cpu->bus.ctx = jit;
    cpu->bus.page = jit_bus_page;
    cpu->bus.read = jit_bus_read;
    cpu->bus.write = jit_bus_write;
    cpu->bus.idle = jit_bus_idle;
    cpu->bus.clock_switch = jit_bus_clock_switch;
    cpu->run_hook = run_hook;
    cpu->run_hook_ctx = jit;
    return 0;
}

int arm_jit_perf_map(arm_jit_t *jit, char *err, size_t errlen)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
    if (!jit->perf_map)
        jit->perf_map = fopen(path, "a");
    if (!jit->perf_map) {
        snprintf(err, errlen, "arm jit: cannot write %s", path);
        return -1;
    }
    return 0;
}

void arm_jit_destroy(arm_jit_t *jit)
{
    if (jit->perf_map)
        fclose(jit->perf_map);
    jit->perf_map = NULL;
    arm_jit_fastmem_destroy(jit);
    if (jit->cpu) {
        jit->cpu->bus = jit->bus;
        jit->cpu->run_hook = NULL;
        jit->cpu->run_hook_ctx = NULL;
    }
    if (jit->code)
        munmap(jit->code, ARM_JIT_CODE_SIZE);
    jit->code = NULL;
    jit->cpu = NULL;
}

int arm_jit_describe_block(const arm_jit_t *jit, uint32_t pc, char *buf, size_t len)
{
    const arm_cpu_t *cpu = jit->cpu;
    size_t n = 0;
    if (len)
        buf[0] = 0;
    for (int i = 0; i < ARM_JIT_MAX_INSNS && n + 1 < len; i++) {
        uint32_t a = pc + 4u * (unsigned)i, insn;
        if (i && (a & 0xFFF) == 0)
            break;
        if (!arm_peek32(cpu, a, &insn))
            break;
        char text[96];
        arm_disasm(a, insn, text, sizeof text);
        int w = snprintf(buf + n, len - n, "  %08x: %08x  %s\n", a, insn, text);
        if (w < 0)
            break;
        n += (size_t)w < len - n ? (size_t)w : len - n - 1;
        /* Stop where the translator would: branches, PC writes (not MSR: its bits 15..12 are
         * ones), SWI, coprocessor. */
        bool msr = (insn & 0x0DB00000u) == 0x01200000u;
        if ((insn & 0x0E000000u) == 0x0A000000u || (insn & 0x0F000000u) == 0x0F000000u ||
            (insn & 0x0C000000u) == 0x0C000000u || (((insn >> 12) & 15) == 15 && !msr))
            break;
    }
    return (int)n;
}
