/* ARM JIT unit tests: the x86-64 emitter, random programs in lock-step with the interpreter
 * (every instruction class, 32-bit and 26-bit modes, conditions, flags), self-modifying code,
 * data next to code, the cycle budget and interrupts between runs. */
#include "tests/test.h"
#include "cpu/arm/jit.h"
#include "cpu/arm/jit_x86.h"
#include "tests/arm/jit_gen.h"

#include <stdlib.h>
#include <sys/mman.h>

/* ---- the emitter ----------------------------------------------------------------------------- */

typedef uint64_t (*fn3_t)(uint64_t, uint64_t, uint64_t);

static uint8_t *exec_buf(void)
{
    void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

static fn3_t as_fn(uint8_t *p)
{
    fn3_t f;
    memcpy(&f, &p, sizeof f);
    return f;
}

TEST(jit_x86_encodings)
{
    uint8_t buf[64];
    jx_t e;
    /* Known encodings (checked with GNU as): the special bases RSP/R12 (SIB) and RBP/R13
     * (disp8 0), byte registers needing REX, 64-bit immediates. */
    jx_init(&e, buf, sizeof buf);
    jx_load(&e, 4, false, JX_RAX, JX_M(JX_R12, 0)); /* mov eax,[r12] = 41 8b 04 24 */
    CHECK_EQ(jx_used(&e), 4);
    CHECK(!memcmp(buf, "\x41\x8b\x04\x24", 4));
    jx_init(&e, buf, sizeof buf);
    jx_load(&e, 4, false, JX_RCX, JX_M(JX_R13, 0)); /* mov ecx,[r13+0] = 41 8b 4d 00 */
    CHECK(!memcmp(buf, "\x41\x8b\x4d\x00", 4));
    jx_init(&e, buf, sizeof buf);
    jx_setcc(&e, JX_CC_E, JX_RSI); /* sete sil = 40 0f 94 c6 */
    CHECK(!memcmp(buf, "\x40\x0f\x94\xc6", 4));
    jx_init(&e, buf, sizeof buf);
    jx_store(&e, 1, JX_MI(JX_R9, JX_RDX, 1, 0), JX_RCX); /* mov [r9+rdx],cl = 41 88 0c 11 */
    CHECK(!memcmp(buf, "\x41\x88\x0c\x11", 4));
    jx_init(&e, buf, sizeof buf);
    jx_lea(&e, 4, JX_R8, JX_MI(-1, JX_R8, 8, 0)); /* lea r8d,[r8*8+0] = 46 8d 04 c5 00 00 00 00 */
    CHECK(!memcmp(buf, "\x46\x8d\x04\xc5\x00\x00\x00\x00", 8));
    jx_init(&e, buf, sizeof buf);
    jx_alu_mi(&e, JX_SUB, 8, JX_M(JX_RBX, 72), 5); /* sub qword [rbx+72],5 = 48 83 6b 48 05 */
    CHECK(!memcmp(buf, "\x48\x83\x6b\x48\x05", 5));
    /* Overflow is reported, not written past the end. */
    jx_init(&e, buf, 8);
    jx_mov64_ri(&e, JX_RAX, 0x123456789ABCDEFull);
    CHECK(e.overflow);
}

TEST(jit_x86_runs)
{
    uint8_t *mem = exec_buf();
    REQUIRE(mem);
    jx_t e;
    /* f(a, b, c) = ((a + b) ror 8) ^ c, with 32-bit wrap-around */
    jx_init(&e, mem, 4096);
    jx_mov_rr(&e, 4, JX_RAX, JX_RDI);
    jx_alu_rr(&e, JX_ADD, 4, JX_RAX, JX_RSI);
    jx_shift_ri(&e, JX_ROR, 4, JX_RAX, 8);
    jx_alu_rr(&e, JX_XOR, 4, JX_RAX, JX_RDX);
    jx_ret(&e);
    CHECK_EQ(as_fn(mem)(0xFFFFFFF0u, 0x20, 0), 0x10000000u);
    CHECK_EQ(as_fn(mem)(0x12345678u, 0, 0xFF), 0x78123400u ^ 0xFF ^ 0x56u);
    /* g(p, i, 0) = 16-bit load at p + i, sign-extended; branches and cmov */
    uint8_t *g = e.p;
    jx_load(&e, 2, true, JX_RAX, JX_MI(JX_RDI, JX_RSI, 1, 0));
    jx_test_rr(&e, 4, JX_RAX, JX_RAX);
    uint8_t *pos = jx_jcc8_fwd(&e, JX_CC_NS);
    jx_mov_ri(&e, JX_RCX, 7);
    jx_cmov(&e, JX_CC_S, 4, JX_RAX, JX_RCX);
    CHECK(jx_patch8(pos, e.p));
    jx_ret(&e);
    int16_t data[2] = {1234, -5};
    CHECK_EQ(as_fn(g)((uint64_t)(uintptr_t)data, 0, 0), 1234);
    CHECK_EQ(as_fn(g)((uint64_t)(uintptr_t)data, 2, 0), 7);
    /* h(a, b, 0) = carry out of a + b as 0/1 (setc), high half of a 64-bit multiply */
    uint8_t *h = e.p;
    jx_mov_rr(&e, 4, JX_RAX, JX_RDI);
    jx_alu_rr(&e, JX_ADD, 4, JX_RAX, JX_RSI);
    jx_mov_ri(&e, JX_RAX, 0);
    jx_setcc(&e, JX_CC_B, JX_RAX);
    jx_ret(&e);
    CHECK_EQ(as_fn(h)(0xFFFFFFFFu, 1, 0), 1);
    CHECK_EQ(as_fn(h)(0x7FFFFFFFu, 1, 0), 0);
    CHECK(!e.overflow);
    munmap(mem, 4096);
}

/* ---- a JIT CPU and an interpreter CPU side by side ------------------------------------------ */

#define RAM_SIZE (64u << 10)
#define CODE_AT 0x1000u
#define DATA_AT 0x8000u
#define IO_AT 0xF000u /* kept off the fast path */

typedef struct pair {
    arm_cpu_t cpu, ref;
    arm_flat_t flat, ref_flat;
    _Alignas(4096) uint8_t ram[RAM_SIZE]; /* (on host pages: the JIT's fastmem maps them) */
    uint8_t ref_ram[RAM_SIZE];
    arm_jit_t jit;
    arm_lockstep_t ls;
} pair_t;

static pair_t *pair_new(test_ctx_t *t, arm_model_t model)
{
    pair_t *p = aligned_alloc(4096, (sizeof *p + 4095) & ~(size_t)4095);
    char err[160];
    if (!p) return NULL;
    memset(p, 0, sizeof *p);
    p->flat = (arm_flat_t){.ram = p->ram, .size = RAM_SIZE, .slow_base = IO_AT, .slow_size = 0x1000};
    p->ref_flat = (arm_flat_t){.ram = p->ref_ram, .size = RAM_SIZE, .slow_base = IO_AT, .slow_size = 0x1000};
    arm_cfg_t cfg = {.model = model}, rcfg = {.model = model};
    arm_flat_bus(&p->flat, &cfg.bus);
    arm_flat_bus(&p->ref_flat, &rcfg.bus);
    if (arm_init(&p->cpu, &cfg, err, sizeof err) || arm_init(&p->ref, &rcfg, err, sizeof err) ||
        arm_jit_init(&p->jit, &p->cpu, err, sizeof err) ||
        arm_jit_fastmem_region(&p->jit, p->ram, RAM_SIZE, err, sizeof err)) {
        test_fail(t, __FILE__, __LINE__, "init: %s", err);
        free(p);
        return NULL;
    }
    p->ls = (arm_lockstep_t){.jit = &p->jit, .ref = &p->ref, .mem = p->ram, .ref_mem = p->ref_ram,
                             .mem_size = RAM_SIZE, .mem_every = 1};
    return p;
}

static void pair_free(pair_t *p)
{
    if (!p) return;
    arm_jit_destroy(&p->jit);
    free(p);
}

/* Same registers and CPSR in both. */
static void pair_set(pair_t *p, uint32_t cpsr, const uint32_t regs[16])
{
    arm_set_cpsr(&p->cpu, cpsr);
    arm_set_cpsr(&p->ref, cpsr);
    for (unsigned i = 0; i < 16; i++) {
        arm_set_reg(&p->cpu, cpsr & 0x1F, i, regs[i]);
        arm_set_reg(&p->ref, cpsr & 0x1F, i, regs[i]);
    }
}

/* Writes code into both memories, as another bus master would: the JIT is told. */
static void pair_load(pair_t *p, uint32_t at, const uint32_t *words, size_t n)
{
    memcpy(p->ram + at, words, n * 4);
    memcpy(p->ref_ram + at, words, n * 4);
    arm_jit_invalidate(&p->jit, at, (uint32_t)(n * 4));
}

/* Runs both in lock-step for `cycles`; fails the test with the report on a difference. */
static bool pair_run(test_ctx_t *t, pair_t *p, int64_t cycles, const char *what)
{
    arm_lockstep_run(&p->ls, cycles);
    if (!p->ls.diverged)
        arm_lockstep_check_memory(&p->ls);
    if (p->ls.diverged) {
        test_fail(t, __FILE__, __LINE__, "%s: JIT and interpreter differ", what);
        fputs(p->ls.report, stdout);
        return false;
    }
    return true;
}

/* ---- random programs -------------------------------------------------------------------------- */

static void random_programs(test_ctx_t *t, arm_model_t model, bool mode26, int programs, uint64_t seed, int only_cls)
{
    pair_t *p = pair_new(t, model);
    REQUIRE(p);
    uint64_t s = seed;
    for (int prog = 0; prog < programs && !p->ls.diverged; prog++) {
        uint32_t code[48];
        int n = 40;
        for (int i = 0; i < n; i++) {
            code[i] = gen_mixed(&s, only_cls);
        }
        code[n] = 0xEAFFFFFEu; /* b . */
        /* Fresh memory (random data area), fresh state. */
        for (uint32_t a = DATA_AT - 0x400; a < DATA_AT + 0x800; a += 4) {
            uint32_t v = rng(&s);
            memcpy(p->ram + a, &v, 4);
            memcpy(p->ref_ram + a, &v, 4);
        }
        pair_load(p, CODE_AT, code, (size_t)n + 1);
        arm_jit_flush(&p->jit);
        uint32_t regs[16];
        for (int i = 0; i < 16; i++)
            regs[i] = (rng(&s) & 3) ? rng(&s) : rng(&s) & 0x3F;
        regs[10] = DATA_AT + (rng(&s) & 0x1FF);
        regs[11] = DATA_AT + (rng(&s) & 0x1FC);
        regs[12] = rng(&s) & 0x3F;
        regs[15] = CODE_AT;
        uint32_t mode = mode26 ? ARM_MODE_SVC26 : ((rng(&s) & 1) ? ARM_MODE_SVC : ARM_MODE_USR);
        pair_set(p, (rng(&s) & 0xF0000000u) | ARM_PSR_I | ARM_PSR_F | mode, regs);
        p->cpu.insns = p->ref.insns = 0;
        p->cpu.cycles = p->ref.cycles = 0;
        char what[64];
        snprintf(what, sizeof what, "program %d (seed %llu)", prog, (unsigned long long)seed);
        if (!pair_run(t, p, 600, what))
            break;
    }
    pair_free(p);
}

TEST(jit_random_dp_sa110) { random_programs(t, ARM_MODEL_SA110, false, 600, 1, 0); }
TEST(jit_random_mem_sa110) { random_programs(t, ARM_MODEL_SA110, false, 200, 2, 1); }
TEST(jit_random_mixed_sa110) { random_programs(t, ARM_MODEL_SA110, false, 800, 3, -1); }
TEST(jit_random_mixed_arm710) { random_programs(t, ARM_MODEL_ARM710, false, 200, 4, -1); }
TEST(jit_random_mixed_arm610_26bit) { random_programs(t, ARM_MODEL_ARM610, true, 300, 5, -1); }
TEST(jit_random_mul_half_sa110)
{
    random_programs(t, ARM_MODEL_SA110, false, 100, 6, 3);
    random_programs(t, ARM_MODEL_SA110, false, 100, 7, 4);
}
TEST(jit_random_block_transfers)
{
    random_programs(t, ARM_MODEL_SA110, false, 200, 8, 5);
    random_programs(t, ARM_MODEL_ARM610, true, 200, 9, 5);
}

/* ---- self-modifying code, data next to code -------------------------------------------------- */

TEST(jit_self_modifying_code)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    /* The loop rewrites the immediate of its own "add r0, r0, #imm" (at patch:) each time
     * round with the loop counter, in the block that is running: each store must
     * invalidate it and the new instruction must run. */
    static const uint32_t code[] = {
        0xE3A00000u, /* 1000: mov r0, #0 */
        0xE3A01005u, /* 1004: mov r1, #5 */
        0xE59F201Cu, /* 1008: loop: ldr r2, [pc, #28]  (the template at 102c) */
        0xE1822001u, /* 100c: orr r2, r2, r1          (add r0, r0, #r1) */
        0xE58F2004u, /* 1010: str r2, [pc, #4]        (-> patch at 101c) */
        0xE1A00000u, /* 1014: nop */
        0xE1A00000u, /* 1018: nop */
        0xE2800000u, /* 101c: patch: add r0, r0, #0 (rewritten) */
        0xE2511001u, /* 1020: subs r1, r1, #1 */
        0x1AFFFFF7u, /* 1024: bne loop */
        0xEAFFFFFEu, /* 1028: b . */
        0xE2800000u, /* 102c: template: add r0, r0, #0 */
    };
    pair_load(p, CODE_AT, code, sizeof code / 4);
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    pair_run(t, p, 400, "self-modifying loop");
    CHECK_EQ(p->cpu.r[0], 5 + 4 + 3 + 2 + 1);
    CHECK_EQ(p->cpu.r[15], 0x1028);
    CHECK(p->jit.stats.invalidations >= 4);
    pair_free(p);
}

TEST(jit_data_next_to_code_stays_translated)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    /* A counter in the same page as the loop (and in the same 64-byte chunk's neighbour): the
     * stores must never invalidate the loop (the block stores PC-relative to the literal it
     * loads, so the load is not folded into a constant). */
    static const uint32_t code[] = {
        0xE3A01C01u, /* 1000: mov r1, #256 */
        0xE59F0010u, /* 1004: loop: ldr r0, [pc, #16]  (counter at 101c) */
        0xE2800001u, /* 1008: add r0, r0, #1 */
        0xE58F0008u, /* 100c: str r0, [pc, #8] */
        0xE2511001u, /* 1010: subs r1, r1, #1 */
        0x1AFFFFFAu, /* 1014: bne loop */
        0xEAFFFFFEu, /* 1018: b . */
        0x00000000u, /* 101c: counter */
    };
    pair_load(p, CODE_AT, code, sizeof code / 4);
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    pair_run(t, p, 4000, "data next to code");
    uint32_t counter;
    memcpy(&counter, p->ram + 0x101c, 4);
    CHECK_EQ(counter, 256);
    CHECK_EQ(p->jit.stats.invalidations, 0);
    CHECK(p->jit.stats.blocks_translated < 8);
    /* And without lock-step (chained blocks): same result. */
    memset(p->ram + 0x101c, 0, 4);
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    arm_jit_run(&p->jit, 4000);
    memcpy(&counter, p->ram + 0x101c, 4);
    CHECK_EQ(counter, 256);
    CHECK_EQ(p->jit.stats.invalidations, 0);
    pair_free(p);
}

/* A conditional branch inside a block leaves it when taken: the flags of an earlier
 * instruction that a later one of the block overwrites must be in the CPSR at that exit. */
TEST(jit_branch_inside_block_leaves_exact_flags)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    static const uint32_t code[] = {
        0xE3B00000u, /* 1000: movs r0, #0   (N = 0, Z = 1; C, V kept) */
        0x6A000001u, /* 1004: bvs 1010      (reads only V: taken) */
        0xE3B01001u, /* 1008: movs r1, #1   (would overwrite N, Z) */
        0xEAFFFFFEu, /* 100c: b . */
        0xEAFFFFFEu, /* 1010: b . */
    };
    pair_load(p, CODE_AT, code, sizeof code / 4);
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    for (int run = 0; run < 2; run++) { /* lock-step, then free-running (chained) */
        pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F | ARM_PSR_N | ARM_PSR_V, regs);
        if (run == 0)
            CHECK(pair_run(t, p, 40, "branch inside a block"));
        else
            arm_jit_run(&p->jit, 40);
        CHECK_EQ(p->cpu.r[15], 0x1010);
        CHECK_EQ(p->cpu.cpsr & 0xF0000000u, ARM_PSR_Z | ARM_PSR_V);
    }
    pair_free(p);
}

TEST(jit_external_write_invalidates)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    static const uint32_t code[] = {0xE3A00001u /* mov r0, #1 */, 0xEAFFFFFEu /* b . */};
    pair_load(p, CODE_AT, code, 2);
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    arm_jit_run(&p->jit, 50);
    CHECK_EQ(p->cpu.r[0], 1);
    /* DMA-like write by another master: mov r0, #2 */
    uint32_t w = 0xE3A00002u;
    memcpy(p->ram + CODE_AT, &w, 4);
    arm_jit_invalidate(&p->jit, CODE_AT, 4);
    regs[0] = 0;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    arm_jit_run(&p->jit, 50);
    CHECK_EQ(p->cpu.r[0], 2);
    pair_free(p);
}

/* ---- cycle budget and interrupts -------------------------------------------------------------- */

TEST(jit_budget_and_irq)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    /* Vectors: IRQ at 0x18 -> "add r5, r5, #1; subs pc, lr, #4" at 0x100; main: count in r0
     * with interrupts enabled; the IRQ handler lowers nothing (the line is cleared by us). */
    static const uint32_t irqv[] = {0xEA000038u}; /* 0x18: b 0x100 */
    static const uint32_t handler[] = {0xE2855001u, 0xE25EF004u};
    static const uint32_t code[] = {
        0xE2800001u, /* loop: add r0, r0, #1 */
        0xE2811002u, /*       add r1, r1, #2 */
        0xEAFFFFFCu, /*       b loop */
    };
    pair_load(p, 0x18, irqv, 1);
    pair_load(p, 0x100, handler, 2);
    pair_load(p, CODE_AT, code, 3);
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_F, regs);
    for (int round = 0; round < 20 && !p->ls.diverged; round++) {
        if (!pair_run(t, p, 37 + round, "budget"))
            break;
        bool level = round % 3 == 1;
        arm_set_irq(&p->cpu, level);
        arm_set_irq(&p->ref, level);
    }
    CHECK(p->cpu.r[5] > 0);
    /* Without lock-step: a run uses at least its budget and at most one block more. */
    int64_t used = arm_jit_run(&p->jit, 100);
    CHECK(used >= 100);
    CHECK(used < 100 + 3 * 4);
    pair_free(p);
}

TEST(jit_memory_fast_path)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    /* Sum and rewrite 64 words of a data page: after the first touch of the page (which the
     * interpreter's slow path maps), every load and store must stay in translated code. */
    static const uint32_t code[] = {
        0xE3A0A902u, /* 1000: mov r10, #0x8000 */
        0xE3A01040u, /* 1004: mov r1, #64 */
        0xE3A00000u, /* 1008: mov r0, #0 */
        0xE49A2004u, /* 100c: loop: ldr r2, [r10], #4 */
        0xE0800002u, /* 1010: add r0, r0, r2 */
        0xE50A0004u, /* 1014: str r0, [r10, #-4] */
        0xE5DA3000u, /* 1018: ldrb r3, [r10] */
        0xE2511001u, /* 101c: subs r1, r1, #1 */
        0x1AFFFFF9u, /* 1020: bne loop */
        0xEAFFFFFEu, /* 1024: b . */
    };
    pair_load(p, CODE_AT, code, sizeof code / 4);
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t v = i * 3;
        memcpy(p->ram + DATA_AT + 4 * i, &v, 4);
        memcpy(p->ref_ram + DATA_AT + 4 * i, &v, 4);
    }
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    arm_jit_run(&p->jit, 2000);
    CHECK_EQ(p->cpu.r[0], 3 * 63 * 64 / 2);
    CHECK_EQ(p->cpu.r[15], 0x1024);
    CHECK(p->jit.stats.helper_steps <= 3);
    pair_free(p);
}

/* ---- MMU: the same virtual address remapped must not run the old translation ---------------- */

static void put32(pair_t *p, uint32_t pa, uint32_t v)
{
    memcpy(p->ram + pa, &v, 4);
    memcpy(p->ref_ram + pa, &v, 4);
}

TEST(jit_remapped_code_is_retranslated)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    /* L1 at 0x4000: VA 0-1 MB a section onto PA 0 (AP 11, domain 0); VA 1-2 MB a coarse table
     * at 0x8000 whose first small page maps VA 0x100000 onto PA 0x1000 (code A), later 0x2000
     * (code B). The program calls 0x100000 three times, remapping it (A, B, A) and flushing
     * the TLB (MCR c8) in between; the third call goes through an exit chained during the
     * second. */
    put32(p, 0x4000, 0x00000C12u);
    put32(p, 0x4004, 0x00008011u);
    put32(p, 0x8000, 0x00001FF2u);
    static const uint32_t code_a[] = {0xE2800001u /* add r0, r0, #1 */, 0xE1A0F00Eu /* mov pc, lr */};
    static const uint32_t code_b[] = {0xE280000Au /* add r0, r0, #10 */, 0xE1A0F00Eu};
    static const uint32_t main_code[] = {
        0xE3A00000u, /* 3000: mov r0, #0 */
        0xE3A03003u, /* 3004: mov r3, #3 */
        0xE3A02902u, /* 3008: mov r2, #0x8000 */
        0xE5921000u, /* 300c: ldr r1, [r2]       (the L2 entry: PA 0x1000) */
        0xEB03F3FAu, /* 3010: loop: bl 0x100000  (this exit gets chained, then goes stale) */
        0xE2211A03u, /* 3014: eor r1, r1, #0x3000 (PA 0x1000 <-> 0x2000) */
        0xE5821000u, /* 3018: str r1, [r2] */
        0xEE080F17u, /* 301c: mcr p15, 0, r0, c8, c7, 0  (flush TLBs) */
        0xE2533001u, /* 3020: subs r3, r3, #1 */
        0x1AFFFFF9u, /* 3024: bne loop */
        0xEAFFFFFEu, /* 3028: b . */
    };
    pair_load(p, 0x1000, code_a, 2);
    pair_load(p, 0x2000, code_b, 2);
    pair_load(p, 0x3000, main_code, sizeof main_code / 4);
    arm_cpu_t *cpus[2] = {&p->cpu, &p->ref};
    for (int i = 0; i < 2; i++) {
        arm_cp15_write(cpus[i], 2, 0x4000);
        arm_cp15_write(cpus[i], 3, 3); /* domain 0: manager */
        arm_cp15_write(cpus[i], 1, arm_cp15_read(cpus[i], 1) | ARM_CR_M);
    }
    uint32_t regs[16] = {0};
    regs[15] = 0x3000;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    pair_run(t, p, 200, "remap");
    CHECK_EQ(p->cpu.r[0], 1 + 10 + 1);
    CHECK_EQ(p->cpu.r[15], 0x3028);
    /* The same without lock-step. */
    put32(p, 0x8000, 0x00001FF2u);
    arm_flush_mappings(&p->cpu);
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    arm_jit_run(&p->jit, 200);
    CHECK_EQ(p->cpu.r[0], 1 + 10 + 1);
    pair_free(p);
}

/* ---- arm_run through the hook, single steps through translated code -------------------------- */

TEST(jit_arm_run_hook_and_single_steps)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    uint64_t s = 99;
    for (int prog = 0; prog < 60; prog++) {
        uint32_t code[33];
        for (int i = 0; i < 32; i++)
            code[i] = gen_any(&s, (int)(rng(&s) % 6));
        code[32] = 0xEAFFFFFEu;
        pair_load(p, CODE_AT, code, 33);
        uint32_t regs[16];
        for (int i = 0; i < 16; i++)
            regs[i] = rng(&s);
        regs[10] = DATA_AT + (rng(&s) & 0x1FF);
        regs[11] = DATA_AT + (rng(&s) & 0x1FC);
        regs[12] = rng(&s) & 0x3F;
        regs[15] = CODE_AT;
        pair_set(p, (rng(&s) & 0xF0000000u) | ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC, regs);
        for (int step = 0; step < 40; step++) {
            regs[15] = p->ref.r[15];
            int a = arm_jit_step(&p->jit), b = arm_step(&p->ref);
            if (a != b || memcmp(p->cpu.r, p->ref.r, sizeof p->cpu.r) || p->cpu.cpsr != p->ref.cpsr ||
                p->cpu.insns != p->ref.insns || memcmp(p->ram, p->ref_ram, RAM_SIZE)) {
                char d[96];
                uint32_t w = 0;
                arm_peek32(&p->ref, regs[15], &w);
                arm_disasm(0, w, d, sizeof d);
                printf("  insn %08x %s\n", w, d);
                test_fail(t, __FILE__, __LINE__, "program %d step %d: jit step differs (pc %08x vs %08x, %d vs %d cycles)",
                          prog, step, p->cpu.r[15], p->ref.r[15], a, b);
                prog = 1000;
                break;
            }
        }
    }
    /* arm_run() on the JIT's CPU runs the JIT. */
    uint64_t before = p->jit.stats.dispatches;
    static const uint32_t loop[] = {0xE2800001u, 0xEAFFFFFDu}; /* add r0, r0, #1; b loop */
    pair_load(p, CODE_AT, loop, 2);
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    arm_run(&p->cpu, 300);
    arm_run(&p->ref, 300);
    CHECK(p->jit.stats.dispatches > before);
    CHECK_EQ(p->cpu.r[0], p->ref.r[0]);
    CHECK_EQ(p->cpu.cycles, p->ref.cycles);
    pair_free(p);
}

/* Runs stop on exactly the interpreter's instruction, whatever the budget: random programs
 * run in slices of random length under both cores (no lock-step), compared after each. */
TEST(jit_runs_stop_where_the_interpreter_stops)
{
    uint64_t s = 1234;
    arm_model_t models[2] = {ARM_MODEL_SA110, ARM_MODEL_ARM610};
    for (int m = 0; m < 2; m++) {
        pair_t *p = pair_new(t, models[m]);
        REQUIRE(p);
        for (int prog = 0; prog < 40; prog++) {
            uint32_t code[49];
            for (int i = 0; i < 48; i++)
                code[i] = gen_any(&s, (int)(rng(&s) % 6));
            code[48] = 0xEAFFFFD0u; /* b CODE_AT: round again */
            pair_load(p, CODE_AT, code, 49);
            uint32_t regs[16];
            for (int i = 0; i < 16; i++)
                regs[i] = rng(&s) & 0xFF;
            regs[10] = DATA_AT + (rng(&s) & 0x1FF);
            regs[11] = DATA_AT + (rng(&s) & 0x1FC);
            regs[15] = CODE_AT;
            pair_set(p, ARM_PSR_I | ARM_PSR_F | (m ? ARM_MODE_SVC26 : ARM_MODE_SVC), regs);
            for (int slice = 0; slice < 30; slice++) {
                int64_t budget = 1 + (int64_t)(rng(&s) % 40);
                int64_t a = arm_run(&p->cpu, budget), b = arm_run(&p->ref, budget);
                if (a != b || p->cpu.cycles != p->ref.cycles || p->cpu.insns != p->ref.insns ||
                    memcmp(p->cpu.r, p->ref.r, sizeof p->cpu.r) || p->cpu.cpsr != p->ref.cpsr) {
                    test_fail(t, __FILE__, __LINE__, "%s program %d slice %d (budget %lld): used %lld vs %lld, "
                              "pc %08x vs %08x, insns %llu vs %llu", arm_model_name(models[m]), prog, slice,
                              (long long)budget, (long long)a, (long long)b, p->cpu.r[15], p->ref.r[15],
                              (unsigned long long)p->cpu.insns, (unsigned long long)p->ref.insns);
                    prog = 1000;
                    break;
                }
            }
        }
        pair_free(p);
    }
}

/* More blocks than the cache holds: it is flushed (from inside the dispatcher, with a chain
 * pending) and everything still runs as the interpreter does. */
TEST(jit_cache_flushes_when_full)
{
    enum { SIZE = 1u << 20 };
    uint8_t *ram = calloc(1, SIZE), *ref_ram = calloc(1, SIZE);
    arm_cpu_t *cpu = calloc(1, sizeof *cpu), *ref = calloc(1, sizeof *ref);
    arm_jit_t *jit = calloc(1, sizeof *jit);
    REQUIRE(ram && ref_ram && cpu && ref && jit);
    /* 40000 blocks of "add r0, r0, #1; b next" over 320 KB, then back to the start. */
    uint32_t n = 40000, a = 0x1000;
    for (uint32_t i = 0; i < n; i++, a += 8) {
        uint32_t w[2] = {0xE2800001u, 0xEAFFFFFFu}; /* add r0, r0, #1; b next */
        memcpy(ram + a, w, 8);
    }
    uint32_t back = 0xEA000000u | (((0x1000u - (a + 8)) >> 2) & 0xFFFFFFu);
    memcpy(ram + a, &back, 4);
    memcpy(ref_ram, ram, SIZE);
    arm_flat_t f = {.ram = ram, .size = SIZE}, rf = {.ram = ref_ram, .size = SIZE};
    arm_cfg_t cfg = {.model = ARM_MODEL_SA110}, rcfg = cfg;
    arm_flat_bus(&f, &cfg.bus);
    arm_flat_bus(&rf, &rcfg.bus);
    char err[160];
    REQUIRE(!arm_init(cpu, &cfg, err, sizeof err) && !arm_init(ref, &rcfg, err, sizeof err));
    REQUIRE(!arm_jit_init(jit, cpu, err, sizeof err));
    arm_set_reg(cpu, ARM_MODE_SVC, 15, 0x1000);
    arm_set_reg(ref, ARM_MODE_SVC, 15, 0x1000);
    for (int slice = 0; slice < 40; slice++) {
        arm_run(cpu, 7919);
        arm_run(ref, 7919);
    }
    CHECK(jit->stats.flushes >= 2);
    CHECK_EQ(cpu->r[0], ref->r[0]);
    CHECK_EQ(cpu->r[15], ref->r[15]);
    CHECK_EQ(cpu->cycles, ref->cycles);
    arm_jit_destroy(jit);
    free(jit); free(cpu); free(ref); free(ram); free(ref_ram);
}
/* Data next to code with the MMU on: the JIT's shortcut for such stores must notice a change
 * of permissions (the section made privileged read-only, TLB flushed): the next store aborts
 * under both cores. Page 0 holds the code, its data, the vectors and the section entry, so
 * every store of the program goes to a code page. */
/* A switch's jump table (CMP r1, #3; LDRLS PC, [PC, R1, LSL #2]; B default; 4 words): the
 * JIT jumps through a host table of chained exits. Indexes 0-7 in turn, then the LDRLS entered
 * directly with LS true from a MOVS and r1 = 5 (the word after the table). Lock-step against
 * the interpreter, then both free-running, with the expected sum. */
TEST(jit_jump_tables)
{
    static const uint32_t code[] = {
        0xE3510003u, /* 1000: cmp r1, #3 */
        0x979FF101u, /* 1004: ldrls pc, [pc, r1, lsl #2] */
        0xEA000008u, /* 1008: b 1030 (default) */
        0x00001024u, 0x00001028u, 0x0000102Cu, 0x00001024u, /* 100c: the table */
        0x00001028u, 0x0000102Cu, /* 101c: two more words */
        0xE2822001u, /* 1024: add r2, r2, #1 */
        0xE2822010u, /* 1028: add r2, r2, #16 */
        0xE2822C01u, /* 102c: add r2, r2, #256 */
        0xE2822A01u, /* 1030: add r2, r2, #4096 (default) */
        0xE2833001u, /* 1034: add r3, r3, #1 */
        0xE2031007u, /* 1038: and r1, r3, #7 */
        0xE3530028u, /* 103c: cmp r3, #40 */
        0xBAFFFFEEu, /* 1040: blt 1000 */
        0xE3530029u, /* 1044: cmp r3, #41 */
        0xAA000002u, /* 1048: bge 1058 */
        0xE3B04000u, /* 104c: movs r4, #0 */
        0xE3A01005u, /* 1050: mov r1, #5 */
        0xEAFFFFEAu, /* 1054: b 1004 */
        0xEAFFFFFEu, /* 1058: b . */
    };
    /* Per 8 indexes 4369 + 4368 + 4352 + 4369 + 4 * 4096, five times, then 256 + 4096. */
    const uint32_t want_r2 = 5 * 33842 + 4352, want_r3 = 41;
    for (int free_run = 0; free_run < 2; free_run++) {
        pair_t *p = pair_new(t, ARM_MODEL_SA110);
        REQUIRE(p);
        pair_load(p, CODE_AT, code, sizeof code / 4);
        uint32_t regs[16] = {0};
        regs[15] = CODE_AT;
        pair_set(p, ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC, regs);
        if (free_run) {
            arm_run(&p->cpu, 20000);
            arm_run(&p->ref, 20000);
        } else if (!pair_run(t, p, 20000, "jump table")) {
            pair_free(p);
            return;
        }
        CHECK_EQ(p->cpu.r[2], want_r2);
        CHECK_EQ(p->cpu.r[3], want_r3);
        CHECK_EQ(p->ref.r[2], want_r2);
        CHECK_EQ(p->cpu.insns, p->ref.insns);
        CHECK_EQ(p->cpu.cycles, p->ref.cycles);
        if (free_run) { /* the table rewritten (index 0 to the default): the new target counts */
            static const uint32_t to_default = 0x00001030u;
            pair_load(p, CODE_AT + 0xC, &to_default, 1);
            pair_set(p, ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC, regs);
            arm_run(&p->cpu, 20000);
            CHECK_EQ(p->cpu.r[2], want_r2 - 5 * 273);
        }
        pair_free(p);
    }
}

/* Fastmem retires under a guest that flushes the TLB all the time (every flush revalidates the
 * window pages): the run goes on through the vcache and ends as the interpreter's does,
 * unaligned loads (which fastmem left to EFLAGS.AC, gone with it) rotated. */
TEST(jit_fastmem_retires_under_tlb_flushes)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    static const uint32_t code[] = {
        0xE3A01702u, /* 1000: mov r1, #0x80000 (past the first review at 2^22 instructions) */
        0xE3A03902u, /* 1004: mov r3, #0x8000 */
        0xE2822001u, /* 1008: loop: add r2, r2, #1 */
        0xE5832000u, /* 100c: str r2, [r3] */
        0xE5832A00u, /* 1010: str r2, [r3, #0xa00] */
        0xE5934400u, /* 1014: ldr r4, [r3, #0x400] */
        0xE0855004u, /* 1018: add r5, r5, r4 */
        0xE5936401u, /* 101c: ldr r6, [r3, #0x401] (unaligned: the word at 0x8400 rotated) */
        0xE0855006u, /* 1020: add r5, r5, r6 */
        0xE311003Fu, /* 1024: tst r1, #63 */
        0x0E080F17u, /* 1028: mcreq p15, 0, r0, c8, c7, 0 (flush the TLBs every 64th time) */
        0xE2511001u, /* 102c: subs r1, r1, #1 */
        0x1AFFFFF4u, /* 1030: bne loop */
        0xEAFFFFFEu, /* 1034: b . */
    };
    pair_load(p, CODE_AT, code, sizeof code / 4);
    put32(p, 0xC000, 0x00000C12u); /* section 0 onto PA 0, AP 11, domain 0 */
    put32(p, 0x8400, 7);
    arm_cpu_t *cpus[2] = {&p->cpu, &p->ref};
    for (int i = 0; i < 2; i++) {
        arm_cp15_write(cpus[i], 2, 0xC000);
        arm_cp15_write(cpus[i], 3, 1);
        arm_cp15_write(cpus[i], 1, arm_cp15_read(cpus[i], 1) | ARM_CR_M);
    }
    uint32_t regs[16] = {0};
    regs[15] = CODE_AT;
    pair_set(p, ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC, regs);
    for (int k = 0; k < 40 && p->cpu.r[15] != CODE_AT + 0x34; k++)
        arm_run(&p->cpu, 1 << 20);
    for (int k = 0; k < 40 && p->ref.r[15] != CODE_AT + 0x34; k++)
        arm_run(&p->ref, 1 << 20);
    CHECK_EQ(p->cpu.r[2], 0x80000);
    CHECK_EQ(p->cpu.r[5], (uint32_t)(0x07000007u * 0x80000u));
    CHECK_EQ(p->cpu.r[5], p->ref.r[5]);
    CHECK_EQ(p->cpu.insns, p->ref.insns);
    CHECK_EQ(p->cpu.cycles, p->ref.cycles);
    CHECK(!memcmp(p->ram, p->ref_ram, RAM_SIZE));
    CHECK(p->jit.fm.retired || !p->jit.fm.on); /* (sanitizer builds run without fastmem) */
    pair_free(p);
}

TEST(jit_code_page_store_respects_permissions)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    static const uint32_t vec[] = {0xE3A05055u /* 10: mov r5, #0x55 */, 0xEAFFFFFEu /* b . */};
    static const uint32_t code[] = {
        0xE3A01003u, /* 100: mov r1, #3 */
        0xE59F00F4u, /* 104: loop: ldr r0, [pc, #0xf4]  (counter at 200) */
        0xE2800001u, /* 108: add r0, r0, #1 */
        0xE58F00ECu, /* 10c: str r0, [pc, #0xec] */
        0xE2511001u, /* 110: subs r1, r1, #1 */
        0x1AFFFFFAu, /* 114: bne loop */
        0xE59F20E4u, /* 118: ldr r2, [pc, #0xe4]  (section entry with AP 00, at 204) */
        0xE3A03000u, /* 11c: mov r3, #0 */
        0xE5832000u, /* 120: str r2, [r3]   (the section entry: TTB = 0) */
        0xEE080F17u, /* 124: mcr p15, 0, r0, c8, c7, 0 */
        0xE59F00D0u, /* 128: ldr r0, [pc, #0xd0] */
        0xE2800001u, /* 12c: add r0, r0, #1 */
        0xE58F00C8u, /* 130: str r0, [pc, #0xc8]  -> permission fault */
        0xE3A05077u, /* 134: mov r5, #0x77 (not reached) */
        0xEAFFFFFEu, /* 138: b . */
    };
    static const uint32_t data[] = {0x00000000u /* 200: counter */, 0x00000012u /* 204: AP 00, S: priv. RO */};
    for (int run = 0; run < 2; run++) {
        pair_load(p, 0x10, vec, 2);
        pair_load(p, 0x100, code, sizeof code / 4);
        pair_load(p, 0x200, data, 2);
        put32(p, 0x0, 0x00000C12u); /* section 0 onto PA 0, AP 11, domain 0 */
        arm_cpu_t *cpus[2] = {&p->cpu, &p->ref};
        for (int i = 0; i < 2; i++) {
            arm_cp15_write(cpus[i], 2, 0x0);
            arm_cp15_write(cpus[i], 3, 1); /* domain 0: client */
            arm_cp15_write(cpus[i], 1, arm_cp15_read(cpus[i], 1) | ARM_CR_M | ARM_CR_S);
        }
        uint32_t regs[16] = {0};
        regs[15] = 0x100;
        pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
        if (run == 0)
            pair_run(t, p, 300, "permissions");
        else
            arm_run(&p->cpu, 300);
        uint32_t counter;
        memcpy(&counter, p->ram + 0x200, 4);
        CHECK_EQ(counter, 3);
        CHECK_EQ(p->cpu.r[5], 0x55);
        CHECK_EQ(p->cpu.cpsr & ARM_PSR_MODE, ARM_MODE_ABT);
    }
    CHECK(p->jit.stats.code_writes >= 2);
    pair_free(p);
}

/* The same shortcut remembers the privilege its page was checked for: privileged stores to a
 * code page (section 0: AP 01, privileged read/write, no user access) fill it; then user code
 * (running from an alias of the same memory at 0x100000, AP 11) stores to that page: a
 * permission fault under both cores, not a write. */
TEST(jit_code_page_store_keeps_privileges_apart)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    static const uint32_t vec[] = {0xE3A05055u /* 10: mov r5, #0x55 */, 0xEAFFFFFEu /* b . */};
    static const uint32_t code[] = {
        0xE3A01003u, /* 100: mov r1, #3 */
        0xE3A03C02u, /* 104: mov r3, #0x200 */
        0xE2800001u, /* 108: loop: add r0, r0, #1 */
        0xE5830000u, /* 10c: str r0, [r3] */
        0xE2511001u, /* 110: subs r1, r1, #1 */
        0x1AFFFFFBu, /* 114: bne loop */
        0xE3A04601u, /* 118: mov r4, #0x100000 */
        0xE3844E14u, /* 11c: orr r4, r4, #0x140 */
        0xE361F0D0u, /* 120: msr spsr_c, #0xd0 (USR) */
        0xE1B0F004u, /* 124: movs pc, r4  (to user mode: page 0 is no place for its fetches) */
    };
    static const uint32_t user[] = {
        0xE3A01003u, /* 140: mov r1, #3 */
        0xE2511001u, /* 144: wait: subs r1, r1, #1  (a loop: translated) */
        0x1AFFFFFDu, /* 148: bne wait */
        0xE2800001u, /* 14c: add r0, r0, #1 */
        0xE5830000u, /* 150: str r0, [r3]  -> permission fault */
        0xE3A05077u, /* 154: mov r5, #0x77 (not reached) */
        0xEAFFFFFEu, /* 158: b . */
    };
    for (int run = 0; run < 2; run++) {
        pair_load(p, 0x10, vec, 2);
        pair_load(p, 0x100, code, sizeof code / 4);
        pair_load(p, 0x140, user, sizeof user / 4);
        put32(p, 0x200, 0);
        put32(p, 0x0, 0x00000412u); /* section 0 onto PA 0, AP 01, domain 0 */
        put32(p, 0x4, 0x00000C12u); /* section 1 onto PA 0, AP 11 */
        arm_cpu_t *cpus[2] = {&p->cpu, &p->ref};
        for (int i = 0; i < 2; i++) {
            arm_cp15_write(cpus[i], 2, 0x0);
            arm_cp15_write(cpus[i], 3, 1); /* domain 0: client */
            arm_cp15_write(cpus[i], 1, arm_cp15_read(cpus[i], 1) | ARM_CR_M);
        }
        uint32_t regs[16] = {0};
        regs[15] = 0x100;
        pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
        if (run == 0)
            pair_run(t, p, 300, "privileges");
        else
            arm_run(&p->cpu, 300);
        uint32_t counter;
        memcpy(&counter, p->ram + 0x200, 4);
        CHECK_EQ(counter, 3);
        CHECK_EQ(p->cpu.r[0], 4); /* (the user code ran up to its store) */
        CHECK_EQ(p->cpu.r[5], 0x55);
        CHECK_EQ(p->cpu.cpsr & ARM_PSR_MODE, ARM_MODE_ABT);
    }
    CHECK(p->jit.stats.code_writes >= 2);
    pair_free(p);
}

/* Regression: an ASR #32 operand (SAR by 31 on x86) clobbers the host flags that a carry-using
 * instruction would otherwise take the ARM carry from. */
TEST(jit_carry_after_shift_by_32)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    static const uint32_t code[] = {
        0xE1700001u, /* cmn r0, r1            (C = 1) */
        0xE0A32044u, /* adc r2, r3, r4, asr #32 */
        0xE1700001u, /* cmn r0, r1 */
        0xE0C35024u, /* sbc r5, r3, r4, lsr #32 */
        0xE1700001u, /* cmn r0, r1 */
        0xE0A36064u, /* adc r6, r3, r4, rrx */
        0xE1B07044u, /* movs r7, r4, asr #32   (C = bit 31) */
        0xE0A38004u, /* adc r8, r3, r4 */
        0xEAFFFFFEu, /* b . */
    };
    pair_load(p, CODE_AT, code, sizeof code / 4);
    uint32_t regs[16] = {0xFFFFFFFFu, 1, 0, 100, 0x80000000u};
    regs[15] = CODE_AT;
    pair_set(p, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F, regs);
    pair_run(t, p, 40, "carry after shift by 32");
    CHECK_EQ(p->cpu.r[2], 100 + 0xFFFFFFFFu + 1);
    CHECK_EQ(p->cpu.r[5], 100);
    CHECK_EQ(p->cpu.r[8], 100 + 0x80000000u + 1);
    pair_free(p);
}

/* ---- page groups: loads through one base register sharing a page check ---------------------- */

/* LDR/LDRB [r10, #±imm12] or LDRH/LDRSH/LDRSB [r10, #±imm8], mostly unconditional, into a
 * register other than r10 (rarely r10 itself, which ends the group). */
static uint32_t group_load(uint64_t *s)
{
    uint32_t cond = rng(s) % 6 ? 0xEu << 28 : (rng(s) % 14u) << 28, up = rng(s) & 1;
    uint32_t rd = rng(s) % 24 ? rreg(s) : 10;
    uint32_t off = rng(s) % 4 ? rng(s) % 48 : rng(s) % 0x100;
    if (rng(s) % 3)
        off &= ~3u; /* mostly congruent offsets: the groups the JIT forms */
    switch (rng(s) % 5) {
    case 0: case 1: /* LDR */
        if (rng(s) % 8 == 0) off = 0x7C0 + (rng(s) % 0x80); /* spans near and over a page */
        return cond | 0x05900000u | up << 23 | 10u << 16 | rd << 12 | off;
    case 2: return cond | 0x05D00000u | up << 23 | 10u << 16 | rd << 12 | off; /* LDRB */
    default: { /* LDRH, LDRSB, LDRSH */
        static const uint32_t sh[] = {0xB0, 0xD0, 0xF0};
        return cond | 0x01500000u | up << 23 | 10u << 16 | rd << 12 | sh[rng(s) % 3] | (off & 0xF0) << 4 | (off & 0xF);
    }
    }
}

/* Loops of such loads between data processing (which rarely writes r10) and other loads and
 * stores, through a base next to a page boundary (also the ends of RAM, beyond which reads
 * abort), sometimes unaligned; run freely in lock-step with the interpreter. A member whose
 * page is not the leader's, or that runs after a cold path without its own check, reads the
 * wrong memory or misses the abort. */
TEST(jit_page_groups)
{
    pair_t *p = pair_new(t, ARM_MODEL_SA110);
    REQUIRE(p);
    p->flat.slow_size = p->ref_flat.slow_size = 0; /* all of RAM on the fast path, aborts beyond */
    p->ls.free_run = true;
    uint64_t s = 0x5EED9A6Eull;
    for (int prog = 0; prog < 1500 && !p->ls.diverged; prog++) {
        uint32_t code[16];
        for (int i = 0; i < 13; i++) {
            unsigned c = rng(&s) % 20;
            uint32_t insn;
            if (c < 10) {
                insn = group_load(&s);
            } else if (c < 17) {
                do insn = gen_dp(&s);
                while ((((insn >> 12) & 15) == 10 && rng(&s) % 4) || ((insn >> 12) & 15) == 15);
            } else {
                insn = rng(&s) & 1 ? gen_mem(&s) : gen_half(&s);
                if (((insn >> 12) & 15) == 15) insn &= ~0xF000u;
            }
            code[i] = insn;
        }
        code[13] = 0xE25EE001u; /* subs r14, r14, #1 */
        code[14] = 0x1AFFFFF2u; /* bne start */
        code[15] = 0xEAFFFFFEu; /* b . */
        for (uint32_t a = DATA_AT; a < RAM_SIZE; a += 4) {
            uint32_t v = rng(&s);
            memcpy(p->ram + a, &v, 4);
            memcpy(p->ref_ram + a, &v, 4);
        }
        pair_load(p, CODE_AT, code, 16);
        arm_jit_flush(&p->jit);
        uint32_t regs[16];
        for (int i = 0; i < 16; i++)
            regs[i] = rng(&s) & 0x3F;
        /* Next to a page boundary in RAM, the end of RAM or address 0 (below: 0xFFFFFxxx);
         * in a quarter of the programs 2 KB away, where the far offsets reach the edge. */
        static const uint32_t edges[] = {0x9000u, 0xA000u, RAM_SIZE, 0};
        uint32_t edge = edges[rng(&s) % 4], d = rng(&s) % 0x40 + (rng(&s) % 4 == 0 ? 0x800 : 0);
        uint32_t base = rng(&s) % 5 == 0 ? DATA_AT + 0x200 + (rng(&s) & 0x7FC) : edge ? edge - d : d;
        regs[10] = rng(&s) % 5 ? base & ~3u : base;
        regs[11] = DATA_AT + (rng(&s) & 0x3FC);
        regs[12] = rng(&s) & 0x3F;
        regs[14] = 1 + rng(&s) % 6;
        regs[15] = CODE_AT;
        pair_set(p, (rng(&s) & 0xF0000000u) | ARM_PSR_I | ARM_PSR_F | (rng(&s) & 1 ? ARM_MODE_SVC : ARM_MODE_USR), regs);
        p->cpu.insns = p->ref.insns = 0;
        p->cpu.cycles = p->ref.cycles = 0;
        char what[64];
        snprintf(what, sizeof what, "page group program %d", prog);
        if (!pair_run(t, p, 400 + (int64_t)(rng(&s) % 400), what))
            break;
    }
    pair_free(p);
}
