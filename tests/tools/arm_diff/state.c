/* arm_diff: the canonical register file and exception entry. */
#include "tests/tools/arm_diff/diff.h"

#include <stdio.h>

const char *const ad_class_names[AD_NCLASSES] = {
    "dp", "mul", "ldst", "ldsth", "ldm", "swp", "swi", "psr", "cop", "undef", "branch", "abort", "seq", "loop",
    "m26",
};

bool ad_mode_valid32(uint32_t mode)
{
    switch (mode) {
    case 0x10: case 0x11: case 0x12: case 0x13: case 0x17: case 0x1B: case 0x1F: return true;
    default: return false;
    }
}

bool ad_mode_has_spsr(uint32_t mode) { return mode != 0x10 && mode != 0x1F; }

int ad_spsr_slot(uint32_t mode)
{
    switch (mode) {
    case 0x11: return AD_SPSR_FIQ;
    case 0x12: return AD_SPSR_IRQ;
    case 0x13: return AD_SPSR_SVC;
    case 0x17: return AD_SPSR_ABT;
    case 0x1B: return AD_SPSR_UND;
    default: return -1;
    }
}

int ad_slot(uint32_t mode, unsigned n)
{
    if (n < 8) return (int)n;
    if (n == 15) return AD_PC;
    if (mode == 0x11) return AD_R8_FIQ + (int)(n - 8);
    if (n < 13) return (int)n;
    int base;
    switch (mode) {
    case 0x12: base = AD_R13_IRQ; break;
    case 0x13: base = AD_R13_SVC; break;
    case 0x17: base = AD_R13_ABT; break;
    case 0x1B: base = AD_R13_UND; break;
    default: base = AD_R13_USR; break;
    }
    return base + (int)(n - 13);
}

const char *ad_slot_name(int slot)
{
    static const char *const names[AD_NSLOTS] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12",
        "r13_usr", "r14_usr", "r8_fiq", "r9_fiq", "r10_fiq", "r11_fiq", "r12_fiq", "r13_fiq",
        "r14_fiq", "r13_irq", "r14_irq", "r13_svc", "r14_svc", "r13_abt", "r14_abt", "r13_und",
        "r14_und", "spsr_fiq", "spsr_irq", "spsr_svc", "spsr_abt", "spsr_und", "cpsr", "pc",
    };
    return slot >= 0 && slot < AD_NSLOTS ? names[slot] : "?";
}

/* ARM ARM A2.6: R14_<exc> = return link, SPSR_<exc> = CPSR, CPSR[4:0] = mode, T = 0, I = 1
 * (F is set only for FIQ and reset, neither of which arm_diff produces), PC = vector. */
void ad_enter_exception(ad_state_t *st, uint32_t mode, uint32_t lr, uint32_t vector)
{
    uint32_t old = st->s[AD_CPSR];
    int spsr = ad_spsr_slot(mode);
    if (spsr < 0) return; /* not an exception mode: a caller bug */
    st->s[spsr] = old;
    st->s[ad_slot(mode, 14)] = lr;
    st->s[AD_CPSR] = (old & ~0x3Fu) | 0x80u | mode;
    st->s[AD_PC] = vector;
}
