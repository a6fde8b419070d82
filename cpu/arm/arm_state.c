/* The ARM core's save state (cpu/arm/arm.h arm_serialize). */
#include "cpu/arm/arm_internal.h"
#include "machines/state.h"

/* A PSR as the core keeps it: only the stored bits, and a mode this core has. */
static void ser_psr(arm_cpu_t *cpu, ser_t *s, uint32_t *psr, const char *what)
{
    SER(s, *psr);
    if (ser_loading(s) && ser_ok(s) && ((*psr & ~ARM_PSR_STORED) || !arm_mode_valid(cpu, *psr)))
        ser_fail(s, "the %s holds %#x (not a PSR of this processor)", what, *psr);
}

void arm_serialize(arm_cpu_t *cpu, ser_t *s)
{
    SER_EXPECT(s, cpu->cp15.id, "processor ID");
    /* r[] holds the current mode's registers, the banks the others' (see arm_cpu_t) */
    ser_u32s(s, cpu->r, 16);
    if (ser_loading(s) && ser_ok(s) && (cpu->r[15] & 3))
        ser_fail(s, "the PC %#x is not word aligned", cpu->r[15]);
    uint32_t cpsr = cpu->cpsr;
    ser_psr(cpu, s, &cpsr, "CPSR");
    ser_u32s(s, cpu->bank_r8_12[0], 5);
    ser_u32s(s, cpu->bank_r8_12[1], 5);
    ser_u32s(s, cpu->bank_r13, ARM_BANK_COUNT);
    ser_u32s(s, cpu->bank_r14, ARM_BANK_COUNT);
    for (int b = 0; b < ARM_BANK_COUNT; b++) {
        SER(s, cpu->spsr[b]);
        if (ser_loading(s) && ser_ok(s) && (cpu->spsr[b] & ~ARM_PSR_STORED))
            ser_fail(s, "an SPSR holds %#x", cpu->spsr[b]);
    }
    uint32_t control = cpu->cp15.control;
    SER(s, control);
    if (ser_loading(s) && ser_ok(s) && arm_control_value(cpu, control) != control)
        ser_fail(s, "CP15 control holds %#x, which this processor cannot", control);
    SER(s, cpu->cp15.ttb);
    if (ser_loading(s) && ser_ok(s) && (cpu->cp15.ttb & 0x3fff))
        ser_fail(s, "the translation table base %#x is not 16 KB aligned", cpu->cp15.ttb);
    SER(s, cpu->cp15.dacr);
    SER_MAX(s, cpu->cp15.fsr, 0xff);
    SER(s, cpu->cp15.far);
    SER(s, cpu->cp15.clock_switching);
    SER(s, cpu->halted);
    SER(s, cpu->irq_line);
    SER(s, cpu->fiq_line);
    SER(s, cpu->cycles);
    SER(s, cpu->insns);
    SER(s, cpu->last_abort_addr);
    SER(s, cpu->logged);
    if (!ser_loading(s) || !ser_ok(s))
        return;
    /* what follows from the loaded registers */
    cpu->cpsr = cpsr;
    cpu->cp15.control = control;
    cpu->bank = arm_bank_of(cpsr);
    cpu->vc = &cpu->vcache[(cpsr & 0xf) == 0 ? 1 : 0]; /* USR26 and USR: the user-permission cache */
    cpu->pc_mask = arm_mode_is_26(cpsr) ? 0x03FFFFFCu : 0xFFFFFFFCu;
    cpu->vector_base = 0;
    cpu->stop = false;
    arm_flush_vcache(cpu);
    arm_update_irq(cpu);
}
