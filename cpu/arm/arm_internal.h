/* ARM core internals shared by arm.c (state, exceptions), mmu.c (CP15, translation, slow-path
 * memory) and interp.c (the interpreter). Not for use outside cpu/arm. */
#ifndef ARCANA_CPU_ARM_INTERNAL_H
#define ARCANA_CPU_ARM_INTERNAL_H

#include "cpu/arm/arm.h"

#include <string.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the ARM core's fast path assumes a little-endian host"
#endif

#define ARM_LIKELY(x) __builtin_expect(!!(x), 1)
#define ARM_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* CPSR bits the core stores: NZCV, I, F and the mode (no Q/T/E on these cores). */
#define ARM_PSR_STORED 0xF00000DFu
/* 26-bit R15 PSR fields. */
#define ARM_R15_26_FLAGS 0xF0000000u
#define ARM_R15_26_IF 0x0C000000u
#define ARM_R15_26_MODE 0x00000003u

/* Kinds of memory access for the slow path. */
enum { ARM_ACC_READ = 0, ARM_ACC_WRITE = 1, ARM_ACC_FETCH = 2 };

/* Fault status codes (ARM ARM B3 "Fault address and fault status registers"). */
enum {
    ARM_FS_ALIGN = 0x1, ARM_FS_EXT_SECTION = 0x8, ARM_FS_EXT_PAGE = 0xA,
    ARM_FS_TRANS_SECTION = 0x5, ARM_FS_TRANS_PAGE = 0x7, ARM_FS_DOMAIN_SECTION = 0x9,
    ARM_FS_DOMAIN_PAGE = 0xB, ARM_FS_PERM_SECTION = 0xD, ARM_FS_PERM_PAGE = 0xF,
    ARM_FS_EXT_L1 = 0xC, ARM_FS_EXT_L2 = 0xE,
};

/* Result of a failed access (returned by the slow path). */
enum { ARM_MEM_OK = 0, ARM_MEM_ABORT = 1, ARM_MEM_ADDREXC = 2 };

static inline int arm_bank_of(uint32_t mode)
{
    static const int8_t bank[16] = {
        ARM_BANK_USR, ARM_BANK_FIQ, ARM_BANK_IRQ, ARM_BANK_SVC, -1, -1, -1, ARM_BANK_ABT,
        -1, -1, -1, ARM_BANK_UND, -1, -1, -1, ARM_BANK_USR,
    };
    return bank[mode & 15];
}

/* Is `mode` one this core can be in? */
static inline bool arm_mode_valid(const arm_cpu_t *cpu, uint32_t mode)
{
    mode &= 0x1f;
    if (mode < 4) /* the SA-110 keeps the 26-bit modes (RISC OS 3.7/4 run in them) */
        return true;
    if (mode == ARM_MODE_SYS)
        return cpu->v4;
    return mode == ARM_MODE_USR || mode == ARM_MODE_FIQ || mode == ARM_MODE_IRQ ||
           mode == ARM_MODE_SVC || mode == ARM_MODE_ABT || mode == ARM_MODE_UND;
}

static inline bool arm_privileged(const arm_cpu_t *cpu) { return (cpu->cpsr & 0xf) != 0; }

static inline void arm_update_irq(arm_cpu_t *cpu)
{
    cpu->irq_pending = (cpu->irq_line && !(cpu->cpsr & ARM_PSR_I)) ||
                       (cpu->fiq_line && !(cpu->cpsr & ARM_PSR_F));
}

/* Kinds of notices given once through bus.log. */
enum { ARM_LOG_BIGENDIAN = 1u << 0, ARM_LOG_CP15_RESERVED = 1u << 1 };
void arm_log_once(arm_cpu_t *cpu, uint32_t kind, const char *msg);

/* arm.c */
void arm_write_cpsr(arm_cpu_t *cpu, uint32_t value); /* full write incl. bank switch */
void arm_exception(arm_cpu_t *cpu, uint32_t vector, uint32_t return_addr);
/* Writes R15 in a 26-bit mode from a 32-bit value holding PC and PSR; `psr` selects whether
 * the PSR bits are taken (privileged: all, user: NZCV only). */
void arm_write_r15_26(arm_cpu_t *cpu, uint32_t value, bool psr);
void arm_take_data_abort(arm_cpu_t *cpu, uint32_t insn_addr, int kind);
/* Moves the data between r[] and the bank for a change from the current mode to `mode`. */
void arm_switch_bank(arm_cpu_t *cpu, uint32_t mode);

/* mmu.c */
void arm_flush_vcache(arm_cpu_t *cpu);
/* The control register (CP15 c1) as writing v leaves it on this core. */
uint32_t arm_control_value(const arm_cpu_t *cpu, uint32_t v);
/* Slow-path accesses by virtual address. `user` selects user permissions (user mode, T forms).
 * Word reads are of the aligned word (va & ~3); the caller rotates. Return ARM_MEM_*. */
int arm_read_slow(arm_cpu_t *cpu, uint32_t va, unsigned size, bool user, uint32_t *out);
int arm_write_slow(arm_cpu_t *cpu, uint32_t va, unsigned size, bool user, uint32_t value);
/* Refills the instruction-fetch cache for pc; returns false (prefetch abort) if pc cannot be
 * fetched. On a slow-path page (I/O) *insn receives the word and fetch cache stays empty. */
bool arm_fetch_slow(arm_cpu_t *cpu, uint32_t pc, uint32_t *insn);
/* Fills the vcache entry of va's page as the slow path would for such an access, with no
 * other effect (page tables read from host pages only, no fault recorded): true if the walk
 * allowed the access (the entry may still refuse it: I/O, a code page, mixed subpages). */
bool arm_vcache_prefill(arm_cpu_t *cpu, uint32_t va, bool user, bool write);
/* A fresh walk for va's page with no side effects (page tables from host pages only): its
 * physical page and rights (bit 0 read, bit 1 write). False where the vcache could not hold
 * it (translation or domain fault, mixed subpages, 26-bit data above 64 MB). */
bool arm_walk_peek(arm_cpu_t *cpu, uint32_t va, bool user, uint32_t *pa, unsigned *rights);
/* Coprocessor 15 register transfer; returns false if the instruction is undefined. */
bool arm_cp15_mcr(arm_cpu_t *cpu, uint32_t insn, uint32_t value);
bool arm_cp15_mrc(arm_cpu_t *cpu, uint32_t insn, uint32_t *value);

/* Fast-path memory by virtual address (inline; fall back to the slow path). */
static inline int arm_ld32(arm_cpu_t *cpu, arm_vcache_t *vc, uint32_t va, bool user, uint32_t *out)
{
    const arm_vc_entry_t *e = &vc->e[(va >> 12) & (ARM_VC_SIZE - 1)];
    if (ARM_LIKELY(e->rtag == (va & cpu->tag_mask32))) {
        memcpy(out, (const void *)(e->host + (va & ~3u)), 4);
        return ARM_MEM_OK;
    }
    return arm_read_slow(cpu, va, 4, user, out);
}
static inline int arm_ld16(arm_cpu_t *cpu, arm_vcache_t *vc, uint32_t va, bool user, uint32_t *out)
{
    const arm_vc_entry_t *e = &vc->e[(va >> 12) & (ARM_VC_SIZE - 1)];
    if (ARM_LIKELY(e->rtag == (va & cpu->tag_mask16))) {
        uint16_t h;
        memcpy(&h, (const void *)(e->host + (va & ~1u)), 2);
        *out = h;
        return ARM_MEM_OK;
    }
    return arm_read_slow(cpu, va, 2, user, out);
}
static inline int arm_ld8(arm_cpu_t *cpu, arm_vcache_t *vc, uint32_t va, bool user, uint32_t *out)
{
    const arm_vc_entry_t *e = &vc->e[(va >> 12) & (ARM_VC_SIZE - 1)];
    if (ARM_LIKELY(e->rtag == (va & 0xFFFFF000u))) {
        *out = *(const uint8_t *)(e->host + va);
        return ARM_MEM_OK;
    }
    return arm_read_slow(cpu, va, 1, user, out);
}
static inline int arm_st32(arm_cpu_t *cpu, arm_vcache_t *vc, uint32_t va, bool user, uint32_t v)
{
    const arm_vc_entry_t *e = &vc->e[(va >> 12) & (ARM_VC_SIZE - 1)];
    if (ARM_LIKELY(e->wtag == (va & cpu->tag_mask32))) {
        memcpy((void *)(e->host + (va & ~3u)), &v, 4);
        return ARM_MEM_OK;
    }
    return arm_write_slow(cpu, va, 4, user, v);
}
static inline int arm_st16(arm_cpu_t *cpu, arm_vcache_t *vc, uint32_t va, bool user, uint32_t v)
{
    const arm_vc_entry_t *e = &vc->e[(va >> 12) & (ARM_VC_SIZE - 1)];
    if (ARM_LIKELY(e->wtag == (va & cpu->tag_mask16))) {
        uint16_t h = (uint16_t)v;
        memcpy((void *)(e->host + (va & ~1u)), &h, 2);
        return ARM_MEM_OK;
    }
    return arm_write_slow(cpu, va, 2, user, v);
}
static inline int arm_st8(arm_cpu_t *cpu, arm_vcache_t *vc, uint32_t va, bool user, uint32_t v)
{
    const arm_vc_entry_t *e = &vc->e[(va >> 12) & (ARM_VC_SIZE - 1)];
    if (ARM_LIKELY(e->wtag == (va & 0xFFFFF000u))) {
        *(uint8_t *)(e->host + va) = (uint8_t)v;
        return ARM_MEM_OK;
    }
    return arm_write_slow(cpu, va, 1, user, v);
}

#endif
