/* ARM JIT: translates basic blocks of ARM code to x86-64 (DESIGN.md §4 "ARM JIT").
 *
 * Blocks are keyed by (virtual PC, CPSR mode) and validated on every dispatch against the host
 * address the PC maps to now, so a change of MMU context (page tables, TTB, domains, physical
 * memory map) can never run stale code. A chained jump inside one virtual page needs no check
 * (the mapping is the one the running block was validated with); one to another page checks
 * that no vcache flush (cpu->vc_epoch) happened since the chain was made. Jumps to computed
 * addresses (returns, jump tables) go through a small jump cache with the same epoch check.
 *
 * Translated code has the architectural state in arm_cpu_t (registers in r[], flags in cpsr)
 * wherever anything but the block itself may look (a C call, a cold path, an exit, except a
 * chained exit into a block that overwrites the flags unread), so the
 * interpreter can execute any single instruction in the middle of a block: everything the translator does not handle, and every
 * memory access that misses the host-pointer cache (I/O, unmapped, faults, code pages), goes
 * through arm_step() and the block carries on or exits if the PC, mode or interrupt state
 * changed. Aborts and interrupts therefore happen exactly where the interpreter has them.
 * (The seven registers a block uses most are held in host registers and written back to r[]
 * at those points; a chain between blocks goes through a trampoline that moves only what
 * the two hold differently; a block goes on past a conditional B, leaving when it is taken;
 * loads and stores take the fast path only for aligned addresses; a PC-relative load from the
 * block's own page is folded into a constant, the block then covering the literal's bytes for
 * invalidation, until a write shows the literal is data, or if the block stores to it. See
 * jit_translate.c.)
 *
 * Translated: data processing (every shifter form and flag), MUL/MLA, UMULL/UMLAL/SMULL/SMLAL
 * (SA-110), B/BL, LDR/STR/LDRB/STRB and the v4 halfword forms, SWP/SWPB, LDM/STM without ^
 * (also LDM into PC), jumps by MOV/ADD/LDR PC, MRS, MSR to the SPSR and MSR to the CPSR that
 * keeps the mode (an I/F change that leaves an interrupt pending ends the block there; a mode
 * change goes to the interpreter and ends it). Interpreted one instruction at a time: SWI,
 * coprocessors, LDRT/STRT, LDM/STM ^, STM of PC, data processing with S into PC, R15 operands
 * that carry the PSR (26-bit modes), the undefined encodings.
 *
 * Self-modifying code: the JIT wraps the CPU's bus so that physical pages holding translated
 * code are never given out as writable host pointers; writes to them come to the JIT, which
 * performs them and invalidates only the blocks whose bytes were written (byte precision), so
 * data next to code costs a slow-path store, not a retranslation.
 *
 * Cycle budget: translated code counts the interpreter's cycles. A block is entered only if
 * the budget exceeds the most its instructions but the last can take, and an instruction
 * handed to the interpreter ends the block if the budget ran out; near the end of a budget
 * the interpreter runs instruction by instruction. So a run stops on exactly the
 * instruction where the interpreter would stop, and interrupts and timers arrive on the same
 * instruction under both cores (at worst one block late, as the design allows, if a block's
 * cost were misjudged — lock-step compares the cycle counts).
 *
 * Fastmem (jit_fastmem.c): where the machine registered its RAM (arm_jit_fastmem_region), a
 * load or store is one host access into a 4 GB window per privilege, mapped from that RAM as
 * the vcache allows and kept in step with the vcache's flushes; whatever the window cannot do
 * (I/O, code pages, aborts, unaligned accesses with EFLAGS.AC) faults over to the same cold
 * stub a vcache miss takes, and a site that keeps faulting is patched to look the vcache up.
 *
 * Memory: one arm_jit_t per CPU (the caller allocates it, e.g. inside its machine struct) plus
 * one executable mapping for the code made by arm_jit_init, and with fastmem its windows and
 * tables. Nothing is allocated afterwards.
 * Other writers of guest RAM (DMA, HostFS) must call arm_jit_invalidate() for what they write,
 * and arm_jit_flush() after replacing memory wholesale (loading a state). The machine must not
 * replace cpu->bus after arm_jit_init (nor arm_init the CPU again without the JIT again). */
#ifndef ARCANA_CPU_ARM_JIT_H
#define ARCANA_CPU_ARM_JIT_H

#include "cpu/arm/arm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARM_JIT_MAX_INSNS 64        /* guest instructions per block */
#define ARM_JIT_BLOCKS 16384        /* blocks alive at once (the cache is flushed when full) */
#define ARM_JIT_HASH 32768          /* buckets of the (pc, mode) table; power of two */
#define ARM_JIT_EXITS 65536         /* chainable exits alive at once */
#define ARM_JIT_PAGES 4096          /* physical pages holding code; power of two */
#define ARM_JIT_CODE_SIZE (32u << 20) /* bytes of x86-64 code */
#define ARM_JIT_JC 4096             /* jump cache entries; power of two */
#define ARM_JIT_DATA_BYTES (ARM_JIT_BLOCKS * 4u) /* translated code's data words, at the code buffer's top */

typedef struct arm_jit_block {
    uint32_t pc, mode;       /* key: virtual address of the first instruction, CPSR[4:0] */
    uint32_t pa;             /* physical address of the first instruction */
    uint32_t end_pa;         /* physical address after the last instruction */
    uintptr_t host;          /* host address of the first instruction when translated */
    uint8_t *code;           /* entry point */
    uint8_t *loop_entry;     /* entry for the block's own exits (budget checked there, registers
                              * still held): past the entry's loads */
    uint8_t *dead_stub;      /* where a dead block's entry jumps (exit to the dispatcher) */
    int32_t hash_next;       /* next block in the same hash bucket, -1 = none */
    int32_t page_next;       /* next block of the same physical code page, -1 = none */
    int32_t in_exits;        /* chained exits that jump here, -1 = none */
    uint32_t need;           /* the block runs only with more budget than this (see below) */
    uint16_t ninsns;
    uint16_t lit_lo, lit_hi; /* page offsets of literals read at translation (none: lit_hi 0) */
    int8_t held[15];         /* host register (x86 number) holding guest register r, or -1 */
    bool live;               /* in the hash table (false: invalidated or replaced) */
    bool flags_dead;         /* overwrites NZCV before anything reads them (jit_translate.c) */
} arm_jit_block_t;

/* An exit of a block to a statically known PC; chained (patched to jump straight to the
 * target block) once the target exists. An exit to another virtual page first compares
 * cpu->vc_epoch with the epoch the chain was made in (the mapping may have changed since). */
typedef struct arm_jit_exit {
    uint8_t *patch;          /* rel32 of the exit's jmp */
    bool cross;              /* to another virtual page: checks `epoch` first */
    uint32_t epoch;          /* cross-page: the vcache epoch the chain is valid in */
    uint8_t *stub;           /* the unchained target of that jmp */
    int32_t block;           /* the block the exit belongs to */
    int32_t target;          /* the block it is chained to, -1 = none */
    int32_t next_in;         /* next exit chained to the same target */
    uint32_t target_pc;
    /* An exit that leaves deferred flags: rel32 of the jmp before their store (`mat`), which
     * a chain to a block with flags_dead points past it (`skip`); NULL if none. */
    uint8_t *pre, *mat, *skip;
} arm_jit_exit_t;

typedef struct arm_jit_page {
    uint32_t ppage;          /* physical page number + 1 (0 = empty slot) */
    int32_t blocks;          /* first block in this page, -1 = none */
    uint64_t chunks;         /* bit i: some block covers bytes [64i, 64i+64) */
    uint64_t lit_written;    /* bit i: a literal read there at translation was written since */
} arm_jit_page_t;

/* Jump cache: where translated code goes after a jump whose target it computes (returns,
 * jump tables, interpreted PC writes) without the dispatcher. An entry holds a block the
 * dispatcher validated in vcache epoch `epoch`; it is used only in that epoch and mode. */
typedef struct arm_jit_jc {
    uint32_t pc, mode, epoch, unused;
    uint8_t *code;
} arm_jit_jc_t;

typedef struct arm_jit_stats {
    uint64_t blocks_translated, insns_translated, flushes, invalidations, chains;
    uint64_t dispatches, interp_steps, helper_steps, code_writes;
} arm_jit_stats_t;

/* Fastmem (jit_fastmem.c): a load or store site of translated code addresses guest memory as
 * one host access into a 4 GB window per privilege (the guest address is the offset), where
 * pages the vcache allows are mapped from the machine's RAM (registered with
 * arm_jit_fastmem_region) on first touch; anything else faults and goes to the site's cold
 * stub, as a vcache miss does. */
typedef struct arm_jit_site {
    uint32_t access;         /* code offset of the access instruction (the faulting RIP) */
    uint32_t stub;           /* code offset of its cold stub */
    uint32_t movabs;         /* code offset of the MOVABS of the window base before it */
    uint32_t vc;             /* code offset of its way through the vcache (what the MOVABS
                              * is patched to jump to when the window keeps failing it) */
    uint32_t gen;            /* valid while equal to arm_jit_fastmem_t.gen */
    uint16_t faults;         /* faults the window could not serve (I/O, code page, abort) */
    uint16_t maps;           /* faults that mapped a page in */
    uint8_t view, write;
} arm_jit_site_t;

#define ARM_JIT_SITES (1u << 17) /* site table entries; power of two, filled to half at most */
#define ARM_JIT_FM_REGIONS 4
#define ARM_JIT_FM_MAPPED 4096  /* window pages tracked (and revalidated at vcache flushes) */

typedef struct arm_jit_fastmem {
    bool on;
    /* Alignment checking by the host (EFLAGS.AC while translated code runs): an unaligned
     * word or halfword access faults (SIGBUS) over to the cold stub like an unmapped page, so
     * sites need no alignment test. Set when a probe at start-up saw the fault arrive. */
    bool ac;
    /* Off for new translations (arm_jit_fastmem_review): the guest kept the windows busy
     * faulting pages in and revalidating them (an OS booting, remapping at a high rate), which
     * costs more than the vcache would. Translations made before keep working. */
    bool retired;
    uint64_t review_at, events_at; /* cpu->insns of the next review; events then */
    uint8_t *win[2];         /* [0] privileged, [1] user view: 4 GB + a guard page each */
    struct {
        uint8_t *lo;         /* page-aligned host range backed by memfd `fd` from offset 0 */
        size_t size;
        int fd;
    } region[ARM_JIT_FM_REGIONS];
    int nregions;
    /* The pages mapped into the windows (at most ARM_JIT_FM_MAPPED; then all are unmapped),
     * and a bit per page and view saying it is in the list. */
    struct arm_jit_fm_page {
        uint32_t vpage, ppage;   /* virtual page; the physical page the walk gave */
        uint8_t view, writable, rights;
        uint8_t *host;
    } *mapped;
    uint32_t nmapped;
    uint64_t *in_list;       /* [2][1 << 20] bits */
    uint64_t *ever;          /* the same for pages mapped at any time: a page mapped again
                              * (after a flush or remapping) costs, a first touch does not */
    arm_jit_site_t *sites;
    uint32_t nsites, gen;
    uint64_t maps, remaps, redirects, patches, flushes, kept, dropped;
} arm_jit_fastmem_t;

/* Every ARM_JIT_FM_REVIEW instructions arm_jit_run looks at what keeping the windows in step
 * with the guest's mappings cost (pages mapped again after they went, pages revalidated at TLB
 * flushes; not first touches, nor faults it could not serve: sites stop those themselves): a
 * fault costs about what 2^15 instructions of translated code take, so more than REVIEW >> 20
 * of them (64 revalidated pages counting as one) mean a few per cent of the time: an OS that
 * flushes or remaps at such a rate is better served by the vcache, and fastmem retires. */
#define ARM_JIT_FM_REVIEW (1ull << 22)

typedef struct arm_jit arm_jit_t;
struct arm_jit {
    arm_cpu_t *cpu;
    arm_bus_t bus;           /* the machine's bus (the CPU's is wrapped: see above) */
    uint8_t *code, *code_end, *code_free; /* executable buffer */
    uint8_t *prologue, *epilogue, *lookup, *code_start;
    /* Words translated code reads and writes RIP-relative (jit_translate.c: flags carried
     * round a loop, one per block at most), in the code mapping's last pages, a page away from
     * code (stores there must not come near code the host may have decoded). */
    uint32_t *data, *data_free, *data_end;
    uint8_t *(*enter)(arm_cpu_t *cpu, uint8_t *code); /* = prologue */
    bool exit_request;       /* set by the bus wrappers: leave the current block */
    bool single_block;       /* lock-step: no chaining, return after every block */
    bool single_insn;        /* arm_jit_step: blocks of one instruction */
    bool disabled;           /* run everything in the interpreter (for comparisons) */
    int32_t nblocks, nexits, free_exit;
    int32_t hash[ARM_JIT_HASH];
    arm_jit_block_t blocks[ARM_JIT_BLOCKS];
    arm_jit_exit_t exits[ARM_JIT_EXITS];
    arm_jit_page_t pages[ARM_JIT_PAGES];
    arm_jit_jc_t jc[ARM_JIT_JC];
    int32_t npages;
    /* arm_jit_helper_store's last page: virtual, physical, host, and when it was valid */
    uint32_t sw_va, sw_pa, sw_epoch;
    bool sw_user;
    uint8_t *sw_host;
    /* The same for translated code's store-miss stubs (jit_translate.c): sw_key[user] is sw_va
     * while sw_host is valid for that privilege and the page holds code (sw_page), else 0xFFF
     * (no address masked to its page and alignment bits matches); sw_bias = sw_host - sw_va.
     * Filled only with CP15 D set: a change of D flushes the vcache (new epoch). */
    uint32_t sw_key[2];
    uintptr_t sw_bias;
    arm_jit_page_t *sw_page;
    arm_jit_stats_t stats;
    /* NZCV (CPSR[31:28] in bits 7..4) from LAHF's AH with bit 3 = V (add, sub: C = not CF) or
     * the shifter's carry (logical): see emit_dp. Used if the host has LAHF in 64-bit mode. */
    uint8_t flag_tab[3][256];
    /* NZCV for add (0) and sub (1) indexed by AX after LAHF and SETO AL (AH = the x86 flags,
     * AL = V): one MOVZX of AX instead of combining the two. */
    uint8_t flag_tab_ax[2][65536];
    bool lahf;
    bool bmi2;               /* RORX: the vcache index in one instruction */
    FILE *perf_map;          /* --jit-perf-map: /tmp/perf-PID.map, one line per block, or NULL */
    arm_jit_fastmem_t fm;
};

/* Maps the code buffer and attaches to `cpu` (already initialised): wraps cpu->bus and sets
 * cpu->run_hook so that arm_run() runs the JIT. Returns 0, or -1 with a message. */
int arm_jit_init(arm_jit_t *jit, arm_cpu_t *cpu, char *err, size_t errlen);
/* Names translated blocks for `perf report`: from now on every block made is appended to
 * /tmp/perf-PID.map (Linux perf's JIT symbol convention) as "arm_PC_MODE". Returns 0, or -1
 * with a message. Closed by arm_jit_destroy. */
int arm_jit_perf_map(arm_jit_t *jit, char *err, size_t errlen);
/* Lets translated code reach host memory [host, host+size) (guest RAM, VRAM, ROM that the bus
 * hands out as host pages) through the fastmem windows: its whole pages are moved, contents
 * kept and at the same address, onto shared memory the windows can map. Call after
 * arm_jit_init, before running; the memory must stay allocated while the JIT lives. Does
 * nothing where fastmem is off (ARCANA_JIT_FASTMEM=0, sanitizer builds, no memfd). Returns 0,
 * or -1 with a message (the memory is then unchanged and reached through the vcache). */
int arm_jit_fastmem_region(arm_jit_t *jit, void *host, size_t size, char *err, size_t errlen);
/* Restores the CPU's bus and run loop and unmaps the code buffer. */
void arm_jit_destroy(arm_jit_t *jit);
/* Same contract as arm_run(): executes until `cycles` are used up (or arm_stop). Once
 * attached, arm_run() on the CPU comes here too (cpu->run_hook). */
int64_t arm_jit_run(arm_jit_t *jit, int64_t cycles);
/* arm_step() through translated code: exactly one instruction (or one exception entry), for
 * single-instruction comparisons (arm_diff --core jit). Returns its cycles. */
int arm_jit_step(arm_jit_t *jit);
/* Drops every translation (e.g. after the machine rewrote memory wholesale). Not from a bus
 * callback (translated code may be running): use arm_jit_invalidate there. */
void arm_jit_flush(arm_jit_t *jit);
/* Another master wrote guest RAM at physical [pa, pa+len): drop translations of it. Safe from
 * bus callbacks: a block that loses its translation stops after the current instruction. */
void arm_jit_invalidate(arm_jit_t *jit, uint32_t pa, uint32_t len);
/* Disassembly of the block that starts at `pc` in the current mode, for lock-step reports;
 * returns the length written. */
int arm_jit_describe_block(const arm_jit_t *jit, uint32_t pc, char *buf, size_t len);

/* ---- Lock-step (`--cpu-core lockstep`) ------------------------------------------------------
 * Runs the JIT's CPU one block at a time and a second CPU `ref` (same model, same starting
 * state, its own copy of memory) in the interpreter for the same instructions, comparing the
 * architectural state (registers of every bank, CPSR, SPSRs, CP15/MMU registers, instruction and
 * cycle counts) after every block and, if given, the two memories every `mem_every` blocks. At the first
 * difference it stops both (arm_stop) and writes a report: the block's disassembly and both
 * states. */
typedef struct arm_lockstep {
    arm_jit_t *jit;
    arm_cpu_t *ref;
    const uint8_t *mem, *ref_mem; /* optional: memories to compare */
    size_t mem_size;
    uint64_t mem_every;           /* blocks between memory comparisons (0 = only at the end) */
    uint64_t blocks;
    bool diverged;
    /* Optional, for whole machines (jit_replay.h): called after each JIT block before the
     * reference follows it, and after it has; `ref_end` returns what went wrong in the
     * reference's view of the bus, or NULL. */
    void (*ref_begin)(void *ctx);
    const char *(*ref_end)(void *ctx);
    void *hook_ctx;
    /* Test knob proving the comparison can fail: once the JIT's CPU has executed corrupt_at
     * instructions (0 = never), bit 0 of its r[corrupt_reg] is flipped. */
    uint64_t corrupt_at;
    unsigned corrupt_reg;
    /* Free-running comparison: the JIT runs the whole budget as it normally does (chained
     * blocks, loops), then the reference the same budget; compared once at the end. */
    bool free_run;
    char report[8192];
} arm_lockstep_t;

/* Same contract as arm_run(), for the JIT's CPU; the reference follows it. */
int64_t arm_lockstep_run(arm_lockstep_t *ls, int64_t cycles);
/* Final memory comparison (call when the run is over); false (and a report) on a difference. */
bool arm_lockstep_check_memory(arm_lockstep_t *ls);

#endif
