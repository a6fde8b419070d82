/* The A500 as a debugger sees it (machine_debug_ops_t): the 68000's registers as GDB's
 * "org.gnu.gdb.m68k.core" names them (d0-d7, a0-a5, fp = a6, sp = a7, ps = SR, pc), big-endian
 * on the wire; memory is chip RAM, slow RAM and ROM as the CPU addresses them. */
#include "cpu/m68k/m68k.h"
#include "machines/a500.h"

static const char target_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target><architecture>m68k</architecture><feature name=\"org.gnu.gdb.m68k.core\">"
    "<reg name=\"d0\" bitsize=\"32\" regnum=\"0\"/><reg name=\"d1\" bitsize=\"32\"/><reg name=\"d2\" bitsize=\"32\"/>"
    "<reg name=\"d3\" bitsize=\"32\"/><reg name=\"d4\" bitsize=\"32\"/><reg name=\"d5\" bitsize=\"32\"/>"
    "<reg name=\"d6\" bitsize=\"32\"/><reg name=\"d7\" bitsize=\"32\"/>"
    "<reg name=\"a0\" bitsize=\"32\" type=\"data_ptr\"/><reg name=\"a1\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"a2\" bitsize=\"32\" type=\"data_ptr\"/><reg name=\"a3\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"a4\" bitsize=\"32\" type=\"data_ptr\"/><reg name=\"a5\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"fp\" bitsize=\"32\" type=\"data_ptr\"/><reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"ps\" bitsize=\"32\"/><reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
    "</feature></target>";

enum { REG_PS = 16, REG_PC = 17, REG_COUNT = 18 };

/* The core's pc is the next prefetch address; the instruction about to run starts 4 before. */
static uint32_t get_pc(machine_t *m) { return (a500_cpu(m)->pc - 4) & M68K_ADDR_MASK; }

static uint16_t peek16(machine_t *m, uint32_t addr)
{
    return (uint16_t)(a500_peek8(m, addr) << 8 | a500_peek8(m, addr + 1));
}

static bool get_reg(machine_t *m, int n, uint32_t *value)
{
    m68k_t *c = a500_cpu(m);
    if (n >= 0 && n < 16)
        *value = c->r[n];
    else if (n == REG_PS)
        *value = c->sr;
    else if (n == REG_PC)
        *value = get_pc(m);
    else
        return false;
    return true;
}

static bool set_reg(machine_t *m, int n, uint32_t value)
{
    m68k_t *c = a500_cpu(m);
    if (n >= 0 && n < 16) {
        c->r[n] = value;
    } else if (n == REG_PS) {
        m68k_set_sr(c, (uint16_t)value); /* swaps the stack pointers when S changes */
    } else if (n == REG_PC) {
        /* Refill the prefetch queue from the new address, as a jump does. */
        value &= M68K_ADDR_MASK & ~1u;
        c->ir = peek16(m, value);
        c->irc = peek16(m, value + 2);
        c->pc = value + 4;
        c->stopped = false;
    } else {
        return false;
    }
    return true;
}

static bool read_mem(machine_t *m, uint32_t addr, uint8_t *value)
{
    const uint8_t *p = a500_rom_ptr(m, addr);
    if (!p)
        p = a500_ram_ptr(m, addr);
    if (!p)
        return false;
    *value = *p;
    return true;
}

static bool write_mem(machine_t *m, uint32_t addr, uint8_t value)
{
    uint8_t *p = a500_rom_ptr(m, addr) ? NULL : a500_ram_ptr(m, addr);
    if (!p)
        return false;
    *p = value;
    return true;
}

const machine_debug_ops_t a500_debug_ops = {
    .target_xml = target_xml,
    .big_endian = true,
    .elf_machine = 4, /* EM_68K */
    .reg_count = REG_COUNT,
    .get_reg = get_reg,
    .set_reg = set_reg,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .get_pc = get_pc,
    .step = a500_debug_step,
};
