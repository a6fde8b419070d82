/* The RiscPC as a debugger sees it (machine_debug_ops_t): the ARM's registers as GDB's
 * "org.gnu.gdb.arm.core" names them (r0-r15 numbered 0-15 and cpsr 25, the layout GDB has used
 * since its FPA days), then every banked register and SPSR; memory by virtual address through
 * the MMU with privileged rights, RAM/ROM/VRAM only. */
#include <stddef.h>

#include "machines/riscpc.h"

/* Banked registers after cpsr: {mode, register}, register 16 meaning that mode's SPSR. */
static const struct {
    unsigned mode, reg;
} banked[] = {
    {ARM_MODE_USR, 8},  {ARM_MODE_USR, 9},  {ARM_MODE_USR, 10}, {ARM_MODE_USR, 11}, {ARM_MODE_USR, 12},
    {ARM_MODE_USR, 13}, {ARM_MODE_USR, 14}, {ARM_MODE_FIQ, 8},  {ARM_MODE_FIQ, 9},  {ARM_MODE_FIQ, 10},
    {ARM_MODE_FIQ, 11}, {ARM_MODE_FIQ, 12}, {ARM_MODE_FIQ, 13}, {ARM_MODE_FIQ, 14}, {ARM_MODE_IRQ, 13},
    {ARM_MODE_IRQ, 14}, {ARM_MODE_SVC, 13}, {ARM_MODE_SVC, 14}, {ARM_MODE_ABT, 13}, {ARM_MODE_ABT, 14},
    {ARM_MODE_UND, 13}, {ARM_MODE_UND, 14}, {ARM_MODE_FIQ, 16}, {ARM_MODE_IRQ, 16}, {ARM_MODE_SVC, 16},
    {ARM_MODE_ABT, 16}, {ARM_MODE_UND, 16},
};
#define CPSR_NUM 25
#define BANKED_FIRST 26
#define BANKED_COUNT ((int)(sizeof banked / sizeof banked[0]))

static const char target_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target><architecture>arm</architecture>"
    "<feature name=\"org.gnu.gdb.arm.core\">"
    "<reg name=\"r0\" bitsize=\"32\" regnum=\"0\"/><reg name=\"r1\" bitsize=\"32\"/>"
    "<reg name=\"r2\" bitsize=\"32\"/><reg name=\"r3\" bitsize=\"32\"/><reg name=\"r4\" bitsize=\"32\"/>"
    "<reg name=\"r5\" bitsize=\"32\"/><reg name=\"r6\" bitsize=\"32\"/><reg name=\"r7\" bitsize=\"32\"/>"
    "<reg name=\"r8\" bitsize=\"32\"/><reg name=\"r9\" bitsize=\"32\"/><reg name=\"r10\" bitsize=\"32\"/>"
    "<reg name=\"r11\" bitsize=\"32\"/><reg name=\"r12\" bitsize=\"32\"/>"
    "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/><reg name=\"lr\" bitsize=\"32\"/>"
    "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
    "<reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/></feature>"
    "<feature name=\"org.arcana.arm.banked\">"
    "<reg name=\"r8_usr\" bitsize=\"32\" regnum=\"26\" group=\"banked\"/>"
    "<reg name=\"r9_usr\" bitsize=\"32\" group=\"banked\"/><reg name=\"r10_usr\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r11_usr\" bitsize=\"32\" group=\"banked\"/><reg name=\"r12_usr\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r13_usr\" bitsize=\"32\" group=\"banked\"/><reg name=\"r14_usr\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r8_fiq\" bitsize=\"32\" group=\"banked\"/><reg name=\"r9_fiq\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r10_fiq\" bitsize=\"32\" group=\"banked\"/><reg name=\"r11_fiq\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r12_fiq\" bitsize=\"32\" group=\"banked\"/><reg name=\"r13_fiq\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r14_fiq\" bitsize=\"32\" group=\"banked\"/><reg name=\"r13_irq\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r14_irq\" bitsize=\"32\" group=\"banked\"/><reg name=\"r13_svc\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r14_svc\" bitsize=\"32\" group=\"banked\"/><reg name=\"r13_abt\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r14_abt\" bitsize=\"32\" group=\"banked\"/><reg name=\"r13_und\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"r14_und\" bitsize=\"32\" group=\"banked\"/><reg name=\"spsr_fiq\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"spsr_irq\" bitsize=\"32\" group=\"banked\"/><reg name=\"spsr_svc\" bitsize=\"32\" group=\"banked\"/>"
    "<reg name=\"spsr_abt\" bitsize=\"32\" group=\"banked\"/><reg name=\"spsr_und\" bitsize=\"32\" group=\"banked\"/>"
    "</feature></target>";

static unsigned current_mode(const arm_cpu_t *cpu) { return arm_get_cpsr(cpu) & 0x1f; }

static bool get_reg(machine_t *m, int n, uint32_t *value)
{
    arm_cpu_t *cpu = riscpc_cpu(m);
    if (n >= 0 && n < 16)
        *value = arm_get_reg(cpu, current_mode(cpu), (unsigned)n);
    else if (n == CPSR_NUM)
        *value = arm_get_cpsr(cpu);
    else if (n >= BANKED_FIRST && n < BANKED_FIRST + BANKED_COUNT) {
        unsigned mode = banked[n - BANKED_FIRST].mode, reg = banked[n - BANKED_FIRST].reg;
        *value = reg == 16 ? arm_get_spsr(cpu, mode) : arm_get_reg(cpu, mode, reg);
    } else
        return false;
    return true;
}

static bool set_reg(machine_t *m, int n, uint32_t value)
{
    arm_cpu_t *cpu = riscpc_cpu(m);
    if (n >= 0 && n < 16)
        arm_set_reg(cpu, current_mode(cpu), (unsigned)n, n == 15 ? value & ~3u : value);
    else if (n == CPSR_NUM)
        arm_set_cpsr(cpu, value);
    else if (n >= BANKED_FIRST && n < BANKED_FIRST + BANKED_COUNT) {
        unsigned mode = banked[n - BANKED_FIRST].mode, reg = banked[n - BANKED_FIRST].reg;
        if (reg == 16)
            arm_set_spsr(cpu, mode, value);
        else
            arm_set_reg(cpu, mode, reg, value);
    } else
        return false;
    return true;
}

static bool translate(machine_t *m, uint32_t va, bool write, uint32_t *pa)
{
    uint32_t fsr;
    return arm_translate(riscpc_cpu(m), va, write, false, pa, &fsr);
}

static bool read_mem(machine_t *m, uint32_t addr, uint8_t *value)
{
    uint32_t pa;
    const uint8_t *p = translate(m, addr, false, &pa) ? riscpc_mem_ptr(m, pa, false) : NULL;
    if (!p)
        return false;
    *value = *p;
    return true;
}

static bool write_mem(machine_t *m, uint32_t addr, uint8_t value)
{
    uint32_t pa;
    if (!translate(m, addr, true, &pa) || !riscpc_mem_ptr(m, pa, true))
        return false;
    riscpc_bus_write(m, pa, value, 1); /* RAM only here; invalidates translated code */
    return true;
}

static uint32_t get_pc(machine_t *m) { return riscpc_cpu(m)->r[15]; }

const machine_debug_ops_t riscpc_debug_ops = {
    .target_xml = target_xml,
    .big_endian = false,
    .reg_count = BANKED_FIRST + BANKED_COUNT,
    .get_reg = get_reg,
    .set_reg = set_reg,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .get_pc = get_pc,
    .step = riscpc_debug_step,
};
