/* MC68000 core: state, bus, exceptions, run loop. Instructions live in m68k_ops.c. */
#include "cpu/m68k/m68k.h"

#include <string.h>

void m68k_init(m68k_t *cpu, const m68k_cfg_t *cfg)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->bus = cfg->bus;
    cpu->sr = 0x2700;
}

void m68k_map(m68k_t *cpu, uint32_t start, uint32_t size, uint8_t *host, bool writable)
{
    for (uint32_t off = 0; off < size; off += M68K_PAGE_SIZE) {
        unsigned page = ((start + off) & M68K_ADDR_MASK) >> M68K_PAGE_BITS;
        cpu->read_page[page] = host ? host + off : NULL;
        cpu->write_page[page] = host && writable ? host + off : NULL;
    }
}

void m68k_end_run(m68k_t *cpu) { cpu->run_until = 0; }

void m68k_set_ipl(m68k_t *cpu, unsigned level) { cpu->ipl = (uint8_t)(level & 7); }
