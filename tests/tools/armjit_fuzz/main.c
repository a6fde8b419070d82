/* armjit_fuzz --seed S --count N [--model sa110|arm710|arm610] [--mode26] [--class C]
 * Random ARM programs (tests/arm/jit_gen.h: 40 instructions of one class or a mix, then a
 * branch to itself) from random states, each run in lock-step: the JIT against the
 * interpreter, compared after every block (registers of all banks, CPSR, SPSRs, instruction
 * and cycle counts) and memory after the run. Prints the first differences with the block's
 * disassembly and ends with "armjit_fuzz: N passed, N failed". Classes: dp mem branch mul
 * half block psr mull swp any loop (default: a mix). `loop`: a loop of 12 instructions counted
 * down in R14 (one block that branches back to itself), run freely by the JIT (chained, its
 * registers kept in host registers across iterations) and compared with the interpreter at
 * the end of the same budget. `lit`: such loops with PC-relative loads (LDR, LDRB, LDRH, LDRSB,
 * LDRSH) from a literal pool after them, which stores through r10 overwrite in half of the
 * programs (the JIT folds literals into constants). `flags`: such loops of flag setters and
 * readers (tests/arm/jit_gen.h gen_flags_body), loads and stores to the slow area and beyond
 * RAM among them (the JIT defers flags: cold paths and exits must see them); every other
 * program enters its loop again and again from outside (flags carried round a loop must not
 * outlive it). In a third of the programs the IRQ line is high
 * (masked at the start): an MSR that clears I must let the interrupt in on the same instruction
 * under both cores; the handler returns with I and F set. */
#include "cpu/arm/jit.h"
#include "tests/arm/jit_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAM_SIZE (64u << 10)
#define CODE_AT 0x1000u
#define DATA_AT 0x8000u

static const char *const class_names[JG_CLASSES] = {"dp", "mem", "branch", "mul", "half", "block", "psr", "mull",
                                                     "swp", "any", "loop", "lit", "flags"};

typedef struct fuzz {
    arm_cpu_t cpu, ref;
    arm_flat_t flat, ref_flat;
    _Alignas(4096) uint8_t ram[RAM_SIZE]; /* (on host pages: the JIT's fastmem maps them) */
    uint8_t ref_ram[RAM_SIZE];
    arm_jit_t jit;
} fuzz_t;

static int usage(void)
{
    fprintf(stderr, "usage: armjit_fuzz --seed S --count N [--model sa110|arm710|arm610] [--mode26] "
                    "[--class dp|mem|branch|mul|half|block|psr|mull|swp|any|loop|lit|flags]\n");
    return 2;
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    long count = 1000;
    int cls = -1;
    bool mode26 = false;
    arm_model_t model = ARM_MODEL_SA110;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--mode26")) { mode26 = true; continue; }
        if (!v) return usage();
        i++;
        if (!strcmp(a, "--seed")) seed = strtoull(v, NULL, 0);
        else if (!strcmp(a, "--count")) count = strtol(v, NULL, 0);
        else if (!strcmp(a, "--model")) { if (!arm_model_from_name(v, &model)) return usage(); }
        else if (!strcmp(a, "--class")) {
            for (cls = 0; cls < JG_CLASSES && strcmp(v, class_names[cls]); cls++) {}
            if (cls == JG_CLASSES) return usage();
        } else return usage();
    }
    if (mode26 && model == ARM_MODEL_SA110) {
        fprintf(stderr, "armjit_fuzz: the SA-110 has no 26-bit modes (--model arm610 or arm710)\n");
        return 2;
    }
    fuzz_t *f = aligned_alloc(4096, (sizeof *f + 4095) & ~(size_t)4095);
    char err[160];
    if (!f) { fprintf(stderr, "armjit_fuzz: out of memory\n"); return 2; }
    memset(f, 0, sizeof *f);
    f->flat = (arm_flat_t){.ram = f->ram, .size = RAM_SIZE, .slow_base = 0xF000, .slow_size = 0x1000};
    f->ref_flat = (arm_flat_t){.ram = f->ref_ram, .size = RAM_SIZE, .slow_base = 0xF000, .slow_size = 0x1000};
    arm_cfg_t cfg = {.model = model}, rcfg = {.model = model};
    arm_flat_bus(&f->flat, &cfg.bus);
    arm_flat_bus(&f->ref_flat, &rcfg.bus);
    if (arm_init(&f->cpu, &cfg, err, sizeof err) || arm_init(&f->ref, &rcfg, err, sizeof err) ||
        arm_jit_init(&f->jit, &f->cpu, err, sizeof err) || arm_jit_fastmem_region(&f->jit, f->ram, RAM_SIZE, err, sizeof err)) {
        fprintf(stderr, "armjit_fuzz: %s\n", err);
        return 2;
    }
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    long passed = 0, failed = 0;
    for (long n = 0; n < count; n++) {
        uint32_t code[41];
        bool loop = cls == JG_LOOP || cls == JG_LIT || cls == JG_FLAGS;
        if (loop) { /* body; subs r14, r14, #1; bne start; b .; pool */
            for (int i = 0; i < 12; i++) {
                code[i] = cls == JG_FLAGS ? gen_flags_body(&s) : gen_loop_body(&s);
                if (cls == JG_LIT && rng(&s) % 3 == 0) { /* a load from the pool at words 15..40 */
                    static const uint32_t forms[] = {0x05900000u, 0x05D00000u, 0x015000B0u, 0x015000D0u, 0x015000F0u};
                    unsigned f = rng(&s) % 5;
                    uint32_t target = CODE_AT + 60 + (rng(&s) % 100), at = CODE_AT + 4u * (unsigned)i + 8;
                    target &= f == 0 ? ~3u : f >= 2 ? ~1u : ~0u;
                    if (rng(&s) % 8 == 0)
                        target = CODE_AT + 4u * (rng(&s) % 14); /* the loop's own instructions */
                    uint32_t off = target - at, up = 1;
                    if ((int32_t)off < 0) { off = 0u - off; up = 0; }
                    uint32_t insn = rcond(&s) | forms[f] | up << 23 | 15u << 16 | rreg(&s) << 12;
                    code[i] = f < 2 ? insn | off : insn | (off & 0xF0) << 4 | (off & 0xF);
                }
            }
            code[12] = 0xE25EE001u;
            code[13] = 0x1AFFFFF2u;
            if (cls == JG_FLAGS && (rng(&s) & 1)) { /* the flags of a CMP (deferred) go round the loop */
                code[11] = 0xE24EE001u; /* sub r14, r14, #1 */
                code[12] = 0xE35E0000u; /* cmp r14, #0 */
            }
            code[14] = 0xEAFFFFFEu;
            for (int i = 15; i < 41; i++)
                code[i] = cls == JG_LIT ? rng(&s) : 0xEAFFFFFEu;
            if (cls == JG_FLAGS && (n & 1)) { /* entered again from outside: mov r14, #k; b start */
                code[14] = 0xE3A0E000u | (1u + (unsigned)n % 5);
                code[15] = 0xEAFFFFEFu;
            }
        } else {
            for (int i = 0; i < 40; i++)
                code[i] = gen_mixed(&s, cls);
            code[40] = 0xEAFFFFFEu; /* b . */
        }
        memset(f->ram, 0, RAM_SIZE);
        memcpy(f->ram + CODE_AT, code, sizeof code);
        /* IRQ vector: b 0x800; there: mrs r8, spsr; orr r8, r8, #0xC0; msr spsr_c, r8; subs pc, lr, #4 */
        static const uint32_t vec = 0xEA0001F8u, handler[] = {0xE14F8000u, 0xE38880C0u, 0xE161F008u, 0xE25EF004u};
        memcpy(f->ram + 0x18, &vec, 4);
        memcpy(f->ram + 0x800, handler, sizeof handler);
        bool irq = rng(&s) % 3 == 0;
        for (uint32_t a = DATA_AT - 0x400; a < DATA_AT + 0x800; a += 4) {
            uint32_t v = rng(&s);
            memcpy(f->ram + a, &v, 4);
        }
        memcpy(f->ref_ram, f->ram, RAM_SIZE);
        arm_jit_invalidate(&f->jit, 0, RAM_SIZE);
        arm_cpu_t *cpus[2] = {&f->cpu, &f->ref};
        uint32_t regs[16];
        for (int i = 0; i < 16; i++)
            regs[i] = (rng(&s) & 3) ? rng(&s) : rng(&s) & 0x3F;
        regs[10] = DATA_AT + (rng(&s) & 0x1FF);
        regs[11] = DATA_AT + (rng(&s) & 0x1FC);
        regs[12] = rng(&s) & 0x3F;
        regs[15] = CODE_AT;
        if (loop)
            regs[14] = 1 + rng(&s) % 24;
        if (cls == JG_FLAGS) { /* loads and stores: to the interpreter (slow area) or aborts */
            if (rng(&s) & 1)
                regs[11] = f->flat.slow_base + (rng(&s) & 0x1FC);
            if (rng(&s) % 4 == 0)
                regs[10] = RAM_SIZE + (rng(&s) & 0x1FC);
        }
        if (cls == JG_LIT && (rng(&s) & 1)) /* stores through r10 hit the literal pool */
            regs[10] = CODE_AT + 60 + (rng(&s) & 0x3F);
        uint32_t mode = mode26 ? ARM_MODE_SVC26 : ((rng(&s) & 1) ? ARM_MODE_SVC : ARM_MODE_USR);
        uint32_t cpsr = (rng(&s) & 0xF0000000u) | ARM_PSR_I | ARM_PSR_F | mode;
        for (int c = 0; c < 2; c++) {
            arm_reset(cpus[c]);
            if (mode26) /* reset leaves the v3 cores in the 26-bit configuration */
                arm_cp15_write(cpus[c], 1, arm_cp15_read(cpus[c], 1) & ~(uint32_t)(ARM_CR_P | ARM_CR_D));
            else if (model != ARM_MODEL_SA110)
                arm_cp15_write(cpus[c], 1, arm_cp15_read(cpus[c], 1) | ARM_CR_P | ARM_CR_D);
            arm_set_cpsr(cpus[c], cpsr);
            for (unsigned r = 0; r < 16; r++)
                arm_set_reg(cpus[c], mode, r, regs[r]);
            arm_set_irq(cpus[c], irq);
        }
        arm_lockstep_t ls = {.jit = &f->jit, .ref = &f->ref, .mem = f->ram, .ref_mem = f->ref_ram,
                             .mem_size = RAM_SIZE, .mem_every = 1, .free_run = loop};
        arm_lockstep_run(&ls, loop ? 1000 + rng(&s) % 2000 : 600);
        if (!ls.diverged)
            arm_lockstep_check_memory(&ls);
        if (ls.diverged) {
            if (++failed <= 5)
                printf("program %ld (seed %llu):\n%s", n, (unsigned long long)seed, ls.report);
        } else {
            passed++;
        }
    }
    printf("armjit_fuzz: %ld passed, %ld failed\n", passed, failed);
    arm_jit_destroy(&f->jit);
    free(f);
    return failed ? 1 : 0;
}
