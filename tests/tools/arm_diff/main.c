/* arm_diff --seed S --count N [--class C] [--core interp|jit] [--verbose] [--case I] [--max-report K]
 *          [--model sa110|arm710|arm610]
 *
 * Runs N random cases (all classes in a fixed mix, or only class C) on Unicorn's SA-1110 and on
 * our core (SA-110 by default; ARM610/710 in their 32-bit configuration with what v3 shares with
 * v4) and compares every register of every bank, every SPSR, CPSR, PC and all of memory.
 * Case I of a run is reproducible on its own with the same --seed (and --class) plus --case I.
 * Ends with "arm_diff: N passed, N failed"; exit status 0 only when nothing failed. */
#include "tests/tools/arm_diff/diff.h"
#include "cpu/arm/arm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The mix for "all classes": weights roughly follow how much state each class can reach. */
static const int mix[] = {
    AD_CLASS_DP, AD_CLASS_DP, AD_CLASS_DP, AD_CLASS_MUL, AD_CLASS_LDST, AD_CLASS_LDST, AD_CLASS_LDSTH,
    AD_CLASS_LDM, AD_CLASS_LDM, AD_CLASS_SWP, AD_CLASS_SWI, AD_CLASS_PSR, AD_CLASS_COP, AD_CLASS_UNDEF,
    AD_CLASS_BRANCH, AD_CLASS_ABORT, AD_CLASS_SEQ, AD_CLASS_SEQ, AD_CLASS_LOOP, AD_CLASS_M26, AD_CLASS_M26,
};
#define MIX_LEN (int)(sizeof mix / sizeof mix[0])

typedef struct opts {
    uint64_t seed;
    long count;
    int cls; /* -1: all */
    const char *core, *model;
    bool verbose;
    long only_case; /* -1: all */
    long max_report;
} opts_t;

/* Used until the core provides its disassembler (a weak stand-in, overridden by cpu/arm). */
__attribute__((weak)) int arm_disasm(uint32_t addr, uint32_t insn, char *buf, size_t len)
{
    (void)addr, (void)insn;
    return snprintf(buf, len, "(no disassembler)");
}

static int usage(void)
{
    fprintf(stderr, "usage: arm_diff --seed S --count N [--class C] [--core interp|jit] [--verbose]\n"
                    "                [--case I] [--max-report K] [--model sa110|arm710|arm610]\nclasses:");
    for (int i = 0; i < AD_NCLASSES; i++) fprintf(stderr, " %s", ad_class_names[i]);
    fprintf(stderr, "\n");
    return 2;
}

static void print_code(const ad_case_t *c)
{
    for (int i = 0; i < c->ncode; i++) {
        char dis[128];
        uint32_t a = c->addr + 4u * (uint32_t)i;
        arm_disasm(a, c->code[i], dis, sizeof dis);
        printf("    %08x: %08x  %s\n", a, c->code[i], dis);
    }
}

static void print_state(const char *what, const ad_state_t *st)
{
    uint32_t mode = st->s[AD_CPSR] & 0x1F;
    printf("    %s: cpsr %08x", what, st->s[AD_CPSR]);
    if (ad_mode_has_spsr(mode)) printf(" spsr %08x", st->s[ad_spsr_slot(mode)]);
    for (unsigned n = 0; n < 15; n++) printf("%s r%u=%08x", n % 8 == 0 ? "\n     " : "", n, st->s[ad_slot(mode, n)]);
    printf("\n");
}

/* Returns the number of differences (printing them if `report`). */
static int compare(const ad_case_t *c, const ad_state_t *want, const ad_state_t *got, const uint8_t *umem,
                   const uint8_t *kmem, bool report)
{
    int diffs = 0;
    for (int i = 0; i < AD_NSLOTS; i++) {
        if (c->ignore >> i & 1) continue;
        uint32_t mask = i == AD_CPSR ? ~c->ignore_cpsr : 0xFFFFFFFFu;
        if ((want->s[i] ^ got->s[i]) & mask) {
            if (report) printf("    %-9s unicorn %08x  arcana %08x\n", ad_slot_name(i), want->s[i], got->s[i]);
            diffs++;
        }
    }
    if (!c->ignore_mem && memcmp(umem, kmem, AD_MEM_SIZE) != 0) {
        int shown = 0;
        for (uint32_t a = 0; a < AD_MEM_SIZE; a += 4) {
            uint32_t w1, w2;
            memcpy(&w1, umem + a, 4);
            memcpy(&w2, kmem + a, 4);
            if (w1 == w2) continue;
            if (report && shown++ < 8) printf("    mem[%05x] unicorn %08x  arcana %08x\n", a, w1, w2);
            diffs++;
        }
    }
    return diffs;
}

static int parse(int argc, char **argv, opts_t *o)
{
    *o = (opts_t){.seed = 1, .count = 1000, .cls = -1, .only_case = -1, .max_report = 20};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--verbose")) { o->verbose = true; continue; }
        if (!v) return -1;
        if (!strcmp(a, "--seed")) o->seed = strtoull(v, NULL, 0);
        else if (!strcmp(a, "--count")) o->count = strtol(v, NULL, 0);
        else if (!strcmp(a, "--core")) o->core = v;
        else if (!strcmp(a, "--model")) o->model = v;
        else if (!strcmp(a, "--case")) o->only_case = strtol(v, NULL, 0);
        else if (!strcmp(a, "--max-report")) o->max_report = strtol(v, NULL, 0);
        else if (!strcmp(a, "--class")) {
            o->cls = -2;
            for (int k = 0; k < AD_NCLASSES; k++)
                if (!strcmp(v, ad_class_names[k])) o->cls = k;
            if (o->cls == -2 && strcmp(v, "all") == 0) o->cls = -1;
            if (o->cls == -2) { fprintf(stderr, "arm_diff: unknown class '%s'\n", v); return -1; }
        } else return -1;
        i++;
    }
    return o->count < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    opts_t o;
    if (parse(argc, argv, &o) != 0) return usage();
    char err[256];
    uint8_t *umem, *kmem;
    ad_uc_t *u = ad_uc_open(&umem, err, sizeof err);
    if (!u) { fprintf(stderr, "arm_diff: %s\n", err); return 2; }
    ad_core_t *k = ad_core_open(o.core, o.model, &kmem, err, sizeof err);
    if (!k) { fprintf(stderr, "arm_diff: %s\n", err); ad_uc_close(u); return 2; }

    /* Memory image shared by every case of the run (random words, so loads see varied data
     * and stray fetches see varied instructions). */
    static uint8_t image[AD_MEM_SIZE];
    ad_rng_t mr = {o.seed ^ 0xA5A5A5A5DEADBEEFull};
    for (uint32_t a = 0; a < AD_MEM_SIZE; a += 4) {
        uint32_t w = ad_rand(&mr);
        memcpy(image + a, &w, 4);
    }

    long pass[AD_NCLASSES] = {0}, fail[AD_NCLASSES] = {0}, reported = 0;
    bool v3 = ad_core_is_v3(k);
    if (v3 && o.cls == AD_CLASS_LDSTH) {
        fprintf(stderr, "arm_diff: class %s is not comparable on a v3 core\n", ad_class_names[o.cls]);
        return 2;
    }
    long first = o.only_case >= 0 ? o.only_case : 0, last = o.only_case >= 0 ? o.only_case + 1 : o.count;
    for (long i = first; i < last; i++) {
        int cls = o.cls >= 0 ? o.cls : mix[i % MIX_LEN];
        /* v3 cores: halfword transfers are undefined there (tests/arm/models.s); their share
         * goes to LDR/STR. */
        if (v3 && cls == AD_CLASS_LDSTH) cls = AD_CLASS_LDST;
        ad_rng_t r = ad_rng_for(o.seed, (uint64_t)i);
        ad_case_t c;
        ad_generate(&c, cls, &r, v3);
        c.abort_model = ad_core_abort_model(k);
        memcpy(umem, image, AD_MEM_SIZE);
        memcpy(kmem, image, AD_MEM_SIZE);
        memcpy(umem + c.addr, c.code, 4u * (uint32_t)c.ncode);
        memcpy(kmem + c.addr, c.code, 4u * (uint32_t)c.ncode);

        ad_state_t want, got;
        int bad = 0;
        bool report = o.verbose || reported < o.max_report;
        if (ad_uc_run(u, &c, &want, err, sizeof err) != 0) {
            if (report) { printf("HARNESS case %ld (%s): %s\n", i, ad_class_names[cls], err); print_code(&c); }
            bad = 1;
        } else if (ad_core_run(k, &c, &got, err, sizeof err) != 0) {
            if (report) printf("CORE case %ld (%s): %s\n", i, ad_class_names[cls], err);
            bad = 1;
        } else if (compare(&c, &want, &got, umem, kmem, false) != 0) {
            bad = 1;
            if (report) {
                printf("FAIL case %ld (%s), --seed %llu --case %ld%s%s\n", i, ad_class_names[cls],
                       (unsigned long long)o.seed, i, o.cls >= 0 ? " --class " : "", o.cls >= 0 ? ad_class_names[cls] : "");
                print_code(&c);
                print_state("before", &c.init);
                compare(&c, &want, &got, umem, kmem, true);
                if (c.note) printf("    (%s)\n", c.note);
            }
        } else if (o.verbose) {
            printf("ok case %ld (%s)\n", i, ad_class_names[cls]);
            print_code(&c);
        }
        if (bad) { fail[cls]++; if (report) reported++; }
        else pass[cls]++;
    }

    long tp = 0, tf = 0;
    for (int cls = 0; cls < AD_NCLASSES; cls++) {
        if (!pass[cls] && !fail[cls]) continue;
        printf("  %-7s %8ld passed, %6ld failed\n", ad_class_names[cls], pass[cls], fail[cls]);
        tp += pass[cls];
        tf += fail[cls];
    }
    printf("arm_diff: %ld passed, %ld failed\n", tp, tf);
    ad_core_close(k);
    ad_uc_close(u);
    return tf ? 1 : 0;
}
