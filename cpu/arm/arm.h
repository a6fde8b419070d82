/* ARM CPU core: ARM610 / ARM710 (architecture v3) and StrongARM SA-110 (v4), ARM state only,
 * with CP15, the MMU and both 26-bit and 32-bit modes (DESIGN.md §4).
 *
 * One arm_cpu_t per emulated CPU, no globals. The machine supplies an arm_bus_t: a page
 * callback that maps a physical 4 KB page to host memory (RAM/ROM, the fast path) and
 * read/write callbacks for everything else (I/O, unmapped space). The core keeps its own
 * virtually-indexed cache of host pointers (arm_vcache_t) in front of the MMU; the
 * interpreter and the JIT both use it. It is flushed on TLB flushes, DACR and control
 * register writes and arm_flush_mappings().
 *
 * Register-file conventions (shared with the JIT, do not reorder):
 *   r[0..15]  the registers of the current mode. Between instructions r[15] holds the
 *             address of the next instruction to execute (word aligned, no PSR bits even in
 *             26-bit modes). During execution the interpreter reads "PC" as that + 8.
 *   cpsr      the architectural CPSR, flags NZCV in bits 31..28, I bit 7, F bit 6, mode
 *             in bits 4..0. In 26-bit modes the mode field holds 0..3 and R15's PSR
 *             bits are composed from cpsr on demand (arm_get_r15_26).
 *   bank      banked copies of the registers of the modes that are NOT current.
 */
#ifndef ARCANA_CPU_ARM_H
#define ARCANA_CPU_ARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum arm_model {
    ARM_MODEL_ARM610, /* v3, MMU, 4 KB unified cache, no write-buffer control beyond W */
    ARM_MODEL_ARM710, /* v3, MMU, 8 KB unified cache */
    ARM_MODEL_SA110,  /* v4, StrongARM: split caches, long multiplies, 26-bit modes kept for RISC OS
                       * but PROG32/DATA32 fixed at 1 (exceptions always enter 32-bit modes) */
} arm_model_t;

/* Processor modes (CPSR[4:0]). All three cores have the 26-bit modes; SYS is v4 only. */
enum {
    ARM_MODE_USR26 = 0x00, ARM_MODE_FIQ26 = 0x01, ARM_MODE_IRQ26 = 0x02, ARM_MODE_SVC26 = 0x03,
    ARM_MODE_USR = 0x10, ARM_MODE_FIQ = 0x11, ARM_MODE_IRQ = 0x12, ARM_MODE_SVC = 0x13,
    ARM_MODE_ABT = 0x17, ARM_MODE_UND = 0x1B, ARM_MODE_SYS = 0x1F,
};

/* CPSR bits. */
#define ARM_PSR_N 0x80000000u
#define ARM_PSR_Z 0x40000000u
#define ARM_PSR_C 0x20000000u
#define ARM_PSR_V 0x10000000u
#define ARM_PSR_I 0x00000080u
#define ARM_PSR_F 0x00000040u
#define ARM_PSR_MODE 0x0000001Fu
/* 26-bit R15 layout: N Z C V I F in bits 31..26, PC in 25..2, mode in 1..0. */
#define ARM_R15_26_PC 0x03FFFFFCu

/* Register banks, an index into bank_r13/bank_r14/spsr. */
enum { ARM_BANK_USR, ARM_BANK_FIQ, ARM_BANK_IRQ, ARM_BANK_SVC, ARM_BANK_ABT, ARM_BANK_UND, ARM_BANK_COUNT };

/* Exception vectors (offsets from the vector base). */
enum {
    ARM_VEC_RESET = 0x00, ARM_VEC_UND = 0x04, ARM_VEC_SWI = 0x08, ARM_VEC_PABT = 0x0C,
    ARM_VEC_DABT = 0x10, ARM_VEC_ADDREXC = 0x14, ARM_VEC_IRQ = 0x18, ARM_VEC_FIQ = 0x1C,
};

/* CP15 control register (c1) bits, ARM610/710 datasheets §"MMU control" and SA-110 TRM §5.2.3. */
enum {
    ARM_CR_M = 1u << 0,  /* MMU enable */
    ARM_CR_A = 1u << 1,  /* alignment fault enable */
    ARM_CR_C = 1u << 2,  /* (data) cache enable */
    ARM_CR_W = 1u << 3,  /* write buffer enable */
    ARM_CR_P = 1u << 4,  /* PROG32: exceptions and code in 32-bit space (reads 1 on SA-110) */
    ARM_CR_D = 1u << 5,  /* DATA32: no address exceptions (reads 1 on SA-110) */
    ARM_CR_L = 1u << 6,  /* late abort timing (ARM710 / reads 1 on SA-110) */
    ARM_CR_B = 1u << 7,  /* big-endian (not emulated: stays 0) */
    ARM_CR_S = 1u << 8,  /* system protection */
    ARM_CR_R = 1u << 9,  /* ROM protection */
    ARM_CR_I = 1u << 12, /* SA-110 instruction cache enable */
};

/* ---- Bus ----------------------------------------------------------------------------------- */

/* Slow-path access sizes. */
enum { ARM_SIZE_BYTE = 1, ARM_SIZE_HALF = 2, ARM_SIZE_WORD = 4 };

typedef struct arm_bus {
    void *ctx;
    /* Returns the host address of the 4 KB physical page starting at `paddr` (page aligned)
     * if it is plain memory the core may access directly, else NULL (then read/write below
     * are used). With write=true return NULL for pages that must not be written directly
     * (ROM, pages the machine watches). Host memory is little-endian, as is the guest.
     * May be NULL (no fast path). */
    uint8_t *(*page)(void *ctx, uint32_t paddr, bool write);
    /* Slow path: physical address (naturally aligned for the size), value in the low bits.
     * Set *abort to signal an external abort (the core then takes a data or prefetch abort). */
    uint32_t (*read)(void *ctx, uint32_t paddr, unsigned size, bool *abort);
    void (*write)(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort);
    /* SA-110 wait-for-interrupt (CP15 c15 op): the core halts until IRQ/FIQ is raised; this
     * tells the machine it may idle. May be NULL. */
    void (*idle)(void *ctx);
    /* SA-110 clock switching (CP15 c15 "enable/disable clock switching"). May be NULL. */
    void (*clock_switch)(void *ctx, bool enable);
    /* One-line notices about guest use of something the core does not emulate (each kind is
     * reported once per reset), e.g. big-endian mode or a reserved CP15 register. May be NULL. */
    void (*log)(void *ctx, const char *msg);
} arm_bus_t;

/* Virtual-address cache of host pointers (the fast path; layout shared with the JIT).
 * Entry i covers virtual page (va >> 12) with ((va >> 12) & (ARM_VC_SIZE-1)) == i.
 * rtag/wtag hold the page's virtual base if reads/writes may go straight to host memory,
 * ARM_VC_INVALID otherwise; host + va is the host address of va (uintptr_t arithmetic).
 * Word accesses compare against (va & 0xFFFFF003) so unaligned words take the slow path. */
#define ARM_VC_BITS 12
#define ARM_VC_SIZE (1u << ARM_VC_BITS)
#define ARM_VC_INVALID 0x00000FFFu
typedef struct arm_vc_entry {
    uint32_t rtag, wtag;
    uintptr_t host;
} arm_vc_entry_t;
/* What a vcache flush covered: the 1 MB region around an address (a TLB entry flush), all of
 * it (TLB flush, page tables, domains, control), or all and the physical memory map too
 * (arm_flush_mappings: host pages may now back other addresses). */
enum { ARM_VC_FLUSH_REGION, ARM_VC_FLUSH_ALL, ARM_VC_FLUSH_MAPPINGS };
typedef struct arm_vcache {
    arm_vc_entry_t e[ARM_VC_SIZE];
} arm_vcache_t;

/* ---- CP15 ---------------------------------------------------------------------------------- */

typedef struct arm_cp15 {
    uint32_t id;      /* c0: main ID (read-only) */
    uint32_t control; /* c1 */
    uint32_t ttb;     /* c2: translation table base (16 KB aligned) */
    uint32_t dacr;    /* c3: domain access control */
    uint32_t fsr;     /* c5: fault status (domain in 7..4, status in 3..0) */
    uint32_t far;     /* c6: fault address */
    bool clock_switching; /* SA-110 c15 state */
} arm_cp15_t;

/* ---- The CPU ------------------------------------------------------------------------------- */

/* Cycle costs per instruction class for one core (filled by arm_init from the model and the
 * configured wait states). ARM6/7: datasheet "instruction cycle times" in S/N/I cycles;
 * SA-110: TRM §"instruction timing" (caches assumed to hit). */
typedef struct arm_timing {
    uint8_t dp, dp_regshift, dp_pc;   /* data processing; + register shift; writing the PC */
    uint8_t branch, swi_und;          /* B/BL; exception entry (SWI, undefined) */
    uint8_t ldr, ldr_pc, str;         /* single transfers */
    uint8_t ldm_base, stm_base, xfer_per_reg; /* block transfers: base + per register */
    uint8_t mul_base, mul_per_2bits;  /* multiply: base + per 2 (ARM6/7) / 12 (SA-110) bits of Rs */
    uint8_t swp, cp;                  /* SWP; coprocessor register transfer */
} arm_timing_t;

typedef struct arm_cfg {
    arm_model_t model;
    arm_bus_t bus;
    /* CPU cycles of one non-sequential / sequential access to fast-path memory beyond the
     * instruction's own cycle (0 = the memory keeps up with the core, as with SA-110's caches).
     * The slow path may add more with arm_stall(). */
    unsigned n_wait, s_wait;
} arm_cfg_t;

typedef struct arm_cpu arm_cpu_t;
struct arm_cpu {
    /* Hot state first (the JIT addresses these by offset). */
    uint32_t r[16];
    uint32_t cpsr;
    uint32_t irq_pending;   /* non-zero: an unmasked IRQ/FIQ is waiting (recomputed by core) */
    int64_t cycles_left;    /* budget of the current arm_run; may go negative by one insn */
    int64_t stop_credit;    /* budget given back by arm_stop */
    arm_vcache_t *vc;       /* the cache for the current privilege (points into vcache[]) */
    uint32_t pc_mask;       /* 0x03FFFFFC in 26-bit modes, 0xFFFFFFFC in 32-bit modes */
    uint32_t tag_mask32;    /* vcache tag mask for word accesses: 0xFFFFF000, or 0xFFFFF003
                             * with alignment faults on (unaligned then takes the slow path) */
    uint32_t tag_mask16;    /* the same for halfwords */
    uint32_t fetch_va;      /* virtual page of the instruction-fetch cache (ARM_VC_INVALID: none) */
    uintptr_t fetch_host;   /* host + va for that page */

    /* Banked registers. bank_r8_12[0] = USR/SYS & all non-FIQ modes, [1] = FIQ: hold the
     * copies NOT currently in r[]. */
    uint32_t bank_r8_12[2][5];
    uint32_t bank_r13[ARM_BANK_COUNT], bank_r14[ARM_BANK_COUNT];
    uint32_t spsr[ARM_BANK_COUNT]; /* [ARM_BANK_USR] unused (user modes have no SPSR) */
    int bank;                      /* the bank of the current mode */

    arm_model_t model;
    bool v4;                /* SA-110: v4 instructions, P/D/L fixed, base-restored aborts */
    bool halted;            /* waiting for interrupt (SA-110 c15) */
    bool irq_line, fiq_line;
    bool stop;              /* arm_stop(): leave arm_run at the next instruction */
    uint32_t vector_base;
    arm_cp15_t cp15;
    arm_bus_t bus;
    unsigned n_wait, s_wait;
    arm_timing_t timing;
    /* Counts flushes of the vcache (any mapping change): the JIT's cross-page chains check it. */
    uint32_t vc_epoch;
    /* Told of every vcache flush (ARM_VC_FLUSH_*; va: the region's): the JIT's fastmem
     * windows follow the vcache. NULL = none. */
    void (*vc_flush_hook)(void *ctx, uint32_t va, int kind);
    void *vc_flush_ctx;
    /* Run-loop hook: when set (by the JIT, cpu/arm/jit.h), arm_run() hands it the budget. */
    int64_t (*run_hook)(void *ctx, int64_t cycles);
    void *run_hook_ctx;
    /* SWI interception (e.g. the ArcEm HostFS SWI, DESIGN.md §7): called with the comment field
     * before the exception is taken; returning true means handled, execution goes on at the next
     * instruction with the registers the hook left (it must not change r[15]). NULL = none. */
    bool (*swi_hook)(void *ctx, uint32_t comment);
    void *swi_hook_ctx;

    uint64_t cycles;        /* total CPU cycles since reset */
    uint64_t insns;         /* total instructions executed since reset */

    /* The address of the last data abort (for debuggers and tests). */
    uint32_t last_abort_addr;
    uint32_t logged;        /* ARM_LOG_* kinds already reported through bus.log */

    arm_vcache_t vcache[2]; /* [0] privileged, [1] user (and LDRT/STRT) */
};

/* Initialises `cpu` for cfg->model and resets it. Returns 0, or -1 with a message. */
int arm_init(arm_cpu_t *cpu, const arm_cfg_t *cfg, char *err, size_t errlen);
/* Hardware reset: SVC mode (SVC26 on v3 cores: P=D=0 after reset), IRQ/FIQ masked, PC at the
 * reset vector, MMU off, CP15 registers at their reset values. */
void arm_reset(arm_cpu_t *cpu);
/* Executes instructions until `cycles` CPU cycles are used up (or arm_stop). Returns the
 * cycles actually used (may exceed `cycles` by the last instruction; a halted CPU uses them all). */
int64_t arm_run(arm_cpu_t *cpu, int64_t cycles);
/* Executes exactly one instruction (or takes one pending exception). Returns its cycles. */
int arm_step(arm_cpu_t *cpu);
/* Ends the current arm_run after the instruction in progress (callable from bus callbacks). */
static inline void arm_stop(arm_cpu_t *cpu)
{
    cpu->stop = true;
    if (cpu->cycles_left > 0) { cpu->stop_credit += cpu->cycles_left; cpu->cycles_left = 0; }
}
/* Adds wait states from a slow-path access (callable from bus callbacks). */
static inline void arm_stall(arm_cpu_t *cpu, unsigned cycles) { cpu->cycles_left -= cycles; }

/* Interrupt inputs, level sensitive, active high here (the pins are active low). */
void arm_set_irq(arm_cpu_t *cpu, bool level);
void arm_set_fiq(arm_cpu_t *cpu, bool level);

/* Register access for machines, debuggers and tests. */
uint32_t arm_get_cpsr(const arm_cpu_t *cpu);
/* Sets the whole CPSR exactly (switching register banks as the mode field says), for
 * machines, debuggers and state restore. Note for ARM610/710: with CP15 PROG32 clear (as after
 * reset) the guest's own CPSR writes (MSR, exception returns) select the 26-bit twin of a
 * 32-bit mode, so a machine handing over to 32-bit code (direct Linux boot) sets CP15 P and D
 * first, as the real boot loader leaves them. */
void arm_set_cpsr(arm_cpu_t *cpu, uint32_t value);
/* Register n (0..15) of `mode`, banked or current. r15 = next instruction address. */
uint32_t arm_get_reg(const arm_cpu_t *cpu, unsigned mode, unsigned n);
void arm_set_reg(arm_cpu_t *cpu, unsigned mode, unsigned n, uint32_t value);
uint32_t arm_get_spsr(const arm_cpu_t *cpu, unsigned mode);
void arm_set_spsr(arm_cpu_t *cpu, unsigned mode, uint32_t value);
/* R15 as a 26-bit mode sees it: PSR flags, I, F, mode and the PC of the next instruction. */
uint32_t arm_get_r15_26(const arm_cpu_t *cpu);
static inline bool arm_mode_is_26(uint32_t cpsr) { return (cpsr & 0x10) == 0; }

/* CP15 for machines that boot an OS directly (e.g. Linux sets no state itself before the
 * MMU is on) and for tests: same effect as MCR p15 to register `reg` (0..15). */
void arm_cp15_write(arm_cpu_t *cpu, unsigned reg, uint32_t value);
uint32_t arm_cp15_read(const arm_cpu_t *cpu, unsigned reg);

/* Save states (machines/state.h): the registers of every mode, CPSR and SPSRs, CP15, the
 * interrupt inputs, halt and the cycle counts; call between instructions. What follows from them
 * (bank in use, PC mask, mapping caches) is rebuilt on load; a JIT's translations are the
 * machine's to flush. A loaded mode this core lacks, or a register a CP15 write could not
 * leave, fails the load. */
typedef struct ser ser_t;
void arm_serialize(arm_cpu_t *cpu, ser_t *s);

/* Drops every cached virtual→host mapping: call when the machine changes its physical
 * memory map (page callback answers change). */
void arm_flush_mappings(arm_cpu_t *cpu);

/* Side-effect-free translation through the MMU (no FSR/FAR update). Returns true and sets
 * *paddr if `va` is accessible for the given access kind, false on a translation,
 * domain or permission fault (then *fsr gets the status that would be reported, if non-NULL). */
bool arm_translate(const arm_cpu_t *cpu, uint32_t va, bool write, bool user, uint32_t *paddr, uint32_t *fsr);
/* Debugger/test memory read through the MMU without side effects (I/O is not read: returns
 * false for addresses that are not fast-path memory). */
bool arm_peek32(const arm_cpu_t *cpu, uint32_t va, uint32_t *value);

/* Disassembles one ARM instruction at `addr` into buf (e.g. "addne r0, r1, r2, lsl #3").
 * Returns the length of the text. Models the v4 instruction set; v3 cores treat the v4-only
 * forms as undefined. */
int arm_disasm(uint32_t addr, uint32_t insn, char *buf, size_t len);

/* Name of a model ("arm610", "arm710", "sa110") and the inverse (false if unknown). */
const char *arm_model_name(arm_model_t model);
bool arm_model_from_name(const char *name, arm_model_t *out);

/* ---- Flat memory helper for tests and cpurun ------------------------------------------------
 * RAM of `size` bytes at physical 0; accesses beyond it are external aborts (as an unmapped
 * Unicorn region). An optional window [slow_base, slow_base+slow_size) is kept off the fast
 * path: reads return the RAM contents, writes store to RAM and call on_write. */
typedef struct arm_flat {
    uint8_t *ram;
    uint32_t size;
    uint32_t slow_base, slow_size;
    void (*on_write)(void *ctx, uint32_t addr, uint32_t value, unsigned size);
    void *on_write_ctx;
    unsigned aborts; /* external aborts signalled */
} arm_flat_t;
/* Fills *bus with callbacks that use *flat (which must outlive the CPU). */
void arm_flat_bus(arm_flat_t *flat, arm_bus_t *bus);

#endif
