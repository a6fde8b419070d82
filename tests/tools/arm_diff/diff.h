/* arm_diff: differential test of the ARM core against Unicorn (QEMU's SA-1110 model).
 * A case is a random machine state plus one instruction (or a short sequence) at a random
 * address; both engines run it from identical memory and the results are compared slot by slot
 * (every banked register, every SPSR, CPSR, PC) and byte by byte (memory).
 *
 * Memory map used by both sides (physical, MMU off):
 *   0x00000..0x07FFF  vectors and filler      0x08000..0x0FFFF  code
 *   0x10000..0x1FFFF  data                     >= 0x20000        unmapped: external abort */
#ifndef ARCANA_ARM_DIFF_H
#define ARCANA_ARM_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#define AD_MEM_SIZE 0x20000u
#define AD_CODE_LO 0x8000u
#define AD_CODE_HI 0x10000u
#define AD_DATA_LO 0x10000u
#define AD_DATA_HI 0x20000u
#define AD_MAX_CODE 8

/* Canonical register file: every architectural register once, independent of the current mode. */
enum {
    AD_R0 = 0,           /* r0..r7: shared by all modes */
    AD_R8_USR = 8,       /* r8..r12 of every mode but FIQ */
    AD_R13_USR = 13, AD_R14_USR = 14,
    AD_R8_FIQ = 15,      /* r8..r12 of FIQ */
    AD_R13_FIQ = 20, AD_R14_FIQ = 21,
    AD_R13_IRQ = 22, AD_R14_IRQ = 23,
    AD_R13_SVC = 24, AD_R14_SVC = 25,
    AD_R13_ABT = 26, AD_R14_ABT = 27,
    AD_R13_UND = 28, AD_R14_UND = 29,
    AD_SPSR_FIQ = 30, AD_SPSR_IRQ, AD_SPSR_SVC, AD_SPSR_ABT, AD_SPSR_UND,
    AD_CPSR = 35,
    AD_PC = 36,          /* address of the next instruction to execute */
    AD_NSLOTS = 37
};

typedef struct ad_state {
    uint32_t s[AD_NSLOTS];
} ad_state_t;

enum {
    AD_CLASS_DP, AD_CLASS_MUL, AD_CLASS_LDST, AD_CLASS_LDSTH, AD_CLASS_LDM, AD_CLASS_SWP,
    AD_CLASS_SWI, AD_CLASS_PSR, AD_CLASS_COP, AD_CLASS_UNDEF, AD_CLASS_BRANCH, AD_CLASS_ABORT,
    AD_CLASS_SEQ, AD_CLASS_LOOP, AD_CLASS_M26, AD_NCLASSES
};
extern const char *const ad_class_names[AD_NCLASSES];

typedef struct ad_case {
    int cls;
    ad_state_t init;
    uint32_t addr;               /* address of code[0] */
    uint32_t code[AD_MAX_CODE];
    int ncode;                   /* words of code written */
    int steps;                   /* instructions to execute (stops early at an exception) */
    bool to_end;                 /* also stop when the PC reaches the end of the code */
    uint64_t ignore;             /* slots not compared (ARM ARM: UNPREDICTABLE results) */
    uint32_t ignore_cpsr;        /* CPSR bits not compared (e.g. C after MULS on v4) */
    bool ignore_mem;             /* memory not compared (stores before an abort in STM) */
    const char *note;            /* why something is ignored, for the mismatch report */
    bool v3;                     /* generated for an ARM610/710 (no System mode, no v4 forms) */
    int abort_model;             /* what a data abort does to the base (AD_ABORT_*) */
    bool mode26;                 /* our core runs it in the 26-bit twin of the CPSR's mode */
} ad_case_t;

/* Data abort models (ARM ARM "Data Abort"; ARM DUI 0203G 6.11): SA-110 restores the base of
 * every transfer; ARM710 (and ARM610 with late aborts) leave it updated; ARM610 with early
 * aborts restores it for LDR/STR and updates it for LDM/STM. */
enum { AD_ABORT_RESTORED, AD_ABORT_UPDATED, AD_ABORT_EARLY };

/* Small deterministic generator (splitmix64). */
typedef struct ad_rng {
    uint64_t s;
} ad_rng_t;
static inline uint32_t ad_rand(ad_rng_t *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (uint32_t)((z ^ (z >> 31)) >> 16);
}
/* The generator of case `index` of run `seed`: independent streams for nearby seeds/indices. */
static inline ad_rng_t ad_rng_for(uint64_t seed, uint64_t index)
{
    ad_rng_t r = {seed};
    uint64_t a = ad_rand(&r), b = ad_rand(&r);
    r.s = ((a << 32) | b) ^ (index * 0xD1B54A32D192ED03ull);
    uint64_t c = ad_rand(&r), d = ad_rand(&r);
    r.s = (c << 32) | d;
    return r;
}
static inline uint32_t ad_below(ad_rng_t *r, uint32_t n) { return (uint32_t)(((uint64_t)ad_rand(r) * n) >> 32); }
static inline bool ad_chance(ad_rng_t *r, unsigned percent) { return ad_below(r, 100) < percent; }

/* Modes and the canonical slot of register n as `mode` sees it. */
bool ad_mode_valid32(uint32_t mode);
bool ad_mode_has_spsr(uint32_t mode);
int ad_slot(uint32_t mode, unsigned n);
int ad_spsr_slot(uint32_t mode);
static inline uint32_t ad_get(const ad_state_t *st, unsigned n) { return st->s[ad_slot(st->s[AD_CPSR] & 0x1F, n)]; }
static inline void ad_set(ad_state_t *st, unsigned n, uint32_t v) { st->s[ad_slot(st->s[AD_CPSR] & 0x1F, n)] = v; }
const char *ad_slot_name(int slot);
/* Exception entry as the ARM ARM (A2.6) describes it for 32-bit modes. */
void ad_enter_exception(ad_state_t *st, uint32_t mode, uint32_t lr, uint32_t vector);

/* Generator (gen.c): fills `c` for class `cls` from `rng`; v3: only what ARM610/710 share with
 * the SA-110 in 32-bit modes (no System mode, no halfword transfers, no long multiplies). */
void ad_generate(ad_case_t *c, int cls, ad_rng_t *rng, bool v3);

/* The two engines. mem is AD_MEM_SIZE bytes at physical 0, already holding the case's code.
 * Each returns 0 and the final state, or -1 with a message in err (engine problem). */
typedef struct ad_uc ad_uc_t;
ad_uc_t *ad_uc_open(uint8_t **mem, char *err, unsigned errlen);
int ad_uc_run(ad_uc_t *u, const ad_case_t *c, ad_state_t *out, char *err, unsigned errlen);
void ad_uc_close(ad_uc_t *u);

typedef struct ad_core ad_core_t;
ad_core_t *ad_core_open(const char *core, const char *model, uint8_t **mem, char *err, unsigned errlen);
bool ad_core_is_v3(const ad_core_t *k);
int ad_core_abort_model(const ad_core_t *k);
int ad_core_run(ad_core_t *k, const ad_case_t *c, ad_state_t *out, char *err, unsigned errlen);
void ad_core_close(ad_core_t *k);

#endif
