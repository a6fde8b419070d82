/* arm_diff: the Unicorn side. One engine for the whole run, memory mapped once from a host
 * buffer (restored by the caller), state written per case.
 *
 * Unicorn 2.0.1 does not enter ARM exceptions itself: it stops and reports them (SWI through
 * the interrupt hook with PC = SWI + 4, undefined instructions as UC_ERR_INSN_INVALID, unmapped
 * data accesses as UC_ERR_{READ,WRITE}_UNMAPPED and unmapped fetches as UC_ERR_FETCH_UNMAPPED,
 * each with PC at the instruction). Here that report becomes the architectural exception entry
 * (ARM ARM A2.6), applied to the state Unicorn stopped in; the comparison then checks that our
 * core took the same exception at the same point with the same return link. */
#include "tests/tools/arm_diff/diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

struct ad_uc {
    uc_engine *uc;
    uint8_t *mem;
    uc_hook h_intr, h_code, h_read;
    int intr;                /* last interrupt number reported, -1 none */
    unsigned icount;         /* instructions started in this run */
    uint64_t last_read_addr; /* first data read, for the unaligned-LDR correction */
    int last_read_size;
};

static const int uc_lo_regs[13] = {
    UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4, UC_ARM_REG_R5,
    UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11,
    UC_ARM_REG_R12,
};

static void on_intr(uc_engine *uc, uint32_t intno, void *user)
{
    ad_uc_t *u = user;
    u->intr = (int)intno;
    uc_emu_stop(uc);
}

static void on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    (void)uc, (void)addr, (void)size;
    ((ad_uc_t *)user)->icount++;
}

static bool on_read(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *user)
{
    (void)uc, (void)type, (void)value;
    ad_uc_t *u = user;
    /* Only the first: QEMU splits an access that crosses one of its 1 KB pages into two
     * aligned ones and reports those too. */
    if (u->last_read_size == 0) {
        u->last_read_addr = addr;
        u->last_read_size = size;
    }
    return true;
}

ad_uc_t *ad_uc_open(uint8_t **mem, char *err, unsigned errlen)
{
    ad_uc_t *u = calloc(1, sizeof *u);
    uc_err e;
    if (!u) { snprintf(err, errlen, "unicorn: out of memory"); return NULL; }
    u->mem = aligned_alloc(4096, AD_MEM_SIZE);
    if (!u->mem) { free(u); snprintf(err, errlen, "unicorn: out of memory"); return NULL; }
    memset(u->mem, 0, AD_MEM_SIZE);
    if ((e = uc_open(UC_ARCH_ARM, UC_MODE_ARM, &u->uc)) != UC_ERR_OK) goto fail;
    if ((e = uc_ctl_set_cpu_model(u->uc, UC_CPU_ARM_SA1110)) != UC_ERR_OK) goto fail;
    if ((e = uc_mem_map_ptr(u->uc, 0, AD_MEM_SIZE, UC_PROT_ALL, u->mem)) != UC_ERR_OK) goto fail;
    if ((e = uc_hook_add(u->uc, &u->h_intr, UC_HOOK_INTR, (void *)on_intr, u, 1, 0)) != UC_ERR_OK) goto fail;
    if ((e = uc_hook_add(u->uc, &u->h_code, UC_HOOK_CODE, (void *)on_code, u, 1, 0)) != UC_ERR_OK) goto fail;
    if ((e = uc_hook_add(u->uc, &u->h_read, UC_HOOK_MEM_READ, (void *)on_read, u, 1, 0)) != UC_ERR_OK) goto fail;
    *mem = u->mem;
    return u;
fail:
    snprintf(err, errlen, "unicorn: %s", uc_strerror(e));
    if (u->uc) uc_close(u->uc);
    free(u->mem);
    free(u);
    return NULL;
}

void ad_uc_close(ad_uc_t *u)
{
    if (!u) return;
    uc_close(u->uc);
    free(u->mem);
    free(u);
}

static const uint32_t bank_modes[5] = {0x11, 0x12, 0x13, 0x17, 0x1B};

static void wr(ad_uc_t *u, int reg, uint32_t v) { uc_reg_write(u->uc, reg, &v); }
static uint32_t rd(ad_uc_t *u, int reg)
{
    uint32_t v = 0;
    uc_reg_read(u->uc, reg, &v);
    return v;
}

/* Register banking follows CPSR writes (QEMU's cpsr_write switches banks), so each bank is
 * written while its mode is current; the real CPSR goes last. */
static void put_state(ad_uc_t *u, const ad_state_t *st)
{
    for (int b = 0; b < 5; b++) {
        uint32_t m = bank_modes[b];
        wr(u, UC_ARM_REG_CPSR, 0xD0u | m);
        if (m == 0x11)
            for (int i = 8; i < 13; i++) wr(u, uc_lo_regs[i], st->s[ad_slot(m, (unsigned)i)]);
        wr(u, UC_ARM_REG_SP, st->s[ad_slot(m, 13)]);
        wr(u, UC_ARM_REG_LR, st->s[ad_slot(m, 14)]);
        wr(u, UC_ARM_REG_SPSR, st->s[ad_spsr_slot(m)]);
    }
    wr(u, UC_ARM_REG_CPSR, 0xD0u | 0x1F);
    for (int i = 0; i < 13; i++) wr(u, uc_lo_regs[i], st->s[i]);
    wr(u, UC_ARM_REG_SP, st->s[AD_R13_USR]);
    wr(u, UC_ARM_REG_LR, st->s[AD_R14_USR]);
    wr(u, UC_ARM_REG_CPSR, st->s[AD_CPSR]);
}

static void get_state(ad_uc_t *u, ad_state_t *st)
{
    uint32_t cpsr = rd(u, UC_ARM_REG_CPSR);
    st->s[AD_PC] = rd(u, UC_ARM_REG_PC);
    st->s[AD_CPSR] = cpsr;
    for (int i = 0; i < 8; i++) st->s[i] = rd(u, uc_lo_regs[i]);
    for (int b = 0; b < 5; b++) {
        uint32_t m = bank_modes[b];
        wr(u, UC_ARM_REG_CPSR, (cpsr & ~0x1Fu) | m);
        if (m == 0x11)
            for (int i = 8; i < 13; i++) st->s[ad_slot(m, (unsigned)i)] = rd(u, uc_lo_regs[i]);
        st->s[ad_slot(m, 13)] = rd(u, UC_ARM_REG_SP);
        st->s[ad_slot(m, 14)] = rd(u, UC_ARM_REG_LR);
        st->s[ad_spsr_slot(m)] = rd(u, UC_ARM_REG_SPSR);
    }
    wr(u, UC_ARM_REG_CPSR, (cpsr & ~0x1Fu) | 0x1F);
    for (int i = 8; i < 13; i++) st->s[i] = rd(u, uc_lo_regs[i]);
    st->s[AD_R13_USR] = rd(u, UC_ARM_REG_SP);
    st->s[AD_R14_USR] = rd(u, UC_ARM_REG_LR);
}

static uint32_t ror32(uint32_t v, unsigned n) { n &= 31; return n ? (v >> n) | (v << (32 - n)) : v; }

/* QEMU aborts with the base untouched, which is the SA-110's "base restored" model. For the
 * ARM6/7 "base updated" models the written-back base of the aborted transfer is put in. */
static void abort_writeback(ad_state_t *st, uint32_t insn, int model)
{
    uint32_t mode = st->s[AD_CPSR] & 0x1F, rnv, off;
    unsigned rn = (insn >> 16) & 15, up = (insn >> 23) & 1;
    bool block = (insn & 0x0E000000u) == 0x08000000u;
    if (model == AD_ABORT_RESTORED || (model == AD_ABORT_EARLY && !block) || rn == 15) return;
    rnv = st->s[ad_slot(mode, rn)];
    if (block) {
        if (!(insn & (1u << 21))) return;
        off = 4u * (uint32_t)__builtin_popcount(insn & 0xFFFF);
    } else if ((insn & 0x0C000000u) == 0x04000000u) { /* LDR/STR */
        if ((insn & (1u << 24)) && !(insn & (1u << 21))) return;
        if (!(insn & (1u << 25))) off = insn & 0xFFF;
        else {
            uint32_t v = st->s[ad_slot(mode, insn & 15)], amt = (insn >> 7) & 31;
            bool carry = (st->s[AD_CPSR] >> 29) & 1;
            switch ((insn >> 5) & 3) {
            case 0: off = v << amt; break;
            case 1: off = amt ? v >> amt : 0; break;
            case 2: off = (uint32_t)((int32_t)v >> (amt ? amt : 31)); break;
            default: off = amt ? ror32(v, amt) : (v >> 1) | ((uint32_t)carry << 31); break;
            }
        }
    } else if ((insn & 0x0E000090u) == 0x00000090u && (insn & 0x60)) { /* LDRH and co. */
        if ((insn & (1u << 24)) && !(insn & (1u << 21))) return;
        off = (insn & (1u << 22)) ? ((insn >> 4) & 0xF0) | (insn & 0xF) : st->s[ad_slot(mode, insn & 15)];
    } else {
        return; /* SWP: no base update */
    }
    st->s[ad_slot(mode, rn)] = up ? rnv + off : rnv - off;
}

int ad_uc_run(ad_uc_t *u, const ad_case_t *c, ad_state_t *out, char *err, unsigned errlen)
{
    /* The word after the code too: Unicorn bakes the stop address into the blocks it
     * translates, so a block cached there by an earlier case would run on. */
    uc_ctl_remove_cache(u->uc, c->addr, c->addr + 4u * (uint32_t)c->ncode + 4);
    put_state(u, &c->init);
    u->intr = -1;
    u->icount = 0;
    u->last_read_size = 0;
    uint32_t until = c->to_end ? c->addr + 4u * (uint32_t)c->ncode : 0xFFFFFFF0u;
    uc_err e = uc_emu_start(u->uc, c->addr, until, 0, (size_t)c->steps);
    get_state(u, out);
    uint32_t pc = out->s[AD_PC];
    switch (e) {
    case UC_ERR_OK:
        break;
    case UC_ERR_INSN_INVALID:
        ad_enter_exception(out, 0x1B, pc + 4, 0x04);
        return 0;
    case UC_ERR_READ_UNMAPPED:
    case UC_ERR_WRITE_UNMAPPED:
        if (pc >= c->addr && pc < c->addr + 4u * (uint32_t)c->ncode)
            abort_writeback(out, c->code[(pc - c->addr) / 4], c->abort_model);
        ad_enter_exception(out, 0x17, pc + 8, 0x10);
        return 0;
    case UC_ERR_FETCH_UNMAPPED:
        /* Unicorn translates the block at the next PC before it notices the instruction count
         * is used up; only a fetch the program actually needed is a prefetch abort. */
        if (u->icount < (unsigned)c->steps) ad_enter_exception(out, 0x17, pc + 4, 0x0C);
        return 0;
    default:
        snprintf(err, errlen, "unicorn stopped: %s (pc %08x)", uc_strerror(e), pc);
        return -1;
    }
    if (u->intr == 2) { /* EXCP_SWI: PC already past the SWI */
        ad_enter_exception(out, 0x13, pc, 0x08);
        return 0;
    }
    if (u->intr >= 0) {
        snprintf(err, errlen, "unicorn raised exception %d at pc %08x (a generator exclusion failed)",
                 u->intr, pc);
        return -1;
    }
    /* QEMU loads an unaligned LDR's four bytes; the SA-110 (ARM ARM A4.1.23) loads the aligned
     * word rotated right by 8 * address[1:0]. Single-instruction cases only: there the read
     * hook's last access is the LDR's own. */
    uint32_t insn = c->code[0];
    if (c->steps == 1 && (insn & 0x0C500000u) == 0x04100000u && u->last_read_size == 4 &&
        (u->last_read_addr & 3) && u->last_read_addr < AD_MEM_SIZE) {
        unsigned rd_n = (insn >> 12) & 15;
        uint32_t a = (uint32_t)u->last_read_addr & ~3u, w;
        memcpy(&w, u->mem + a, 4);
        if (rd_n != 15) out->s[ad_slot(out->s[AD_CPSR] & 0x1F, rd_n)] = ror32(w, 8 * (u->last_read_addr & 3));
    }
    return 0;
}
