/* Test machine for the 68000 unit tests: 1 MB of RAM at 0 behind the slow-path bus callback
 * (every cycle is seen and logged), optional wait states, an interrupt controller answering
 * IACK with a vector or an autovector, and a RESET-line callback. */
#ifndef ARCANA_TESTS_M68K_HARNESS_H
#define ARCANA_TESTS_M68K_HARNESS_H

#include "cpu/m68k/m68k.h"

#include <stdlib.h>
#include <string.h>

#define TM_RAM (1u << 20)
#define TM_LOG 256

typedef struct tmach {
    m68k_t cpu;
    uint8_t ram[TM_RAM];
    m68k_bus_cycle_t log[TM_LOG];
    unsigned nlog;
    int iack_vector;          /* -1: autovector (VPA) */
    unsigned wait_ram;        /* wait clocks added to every RAM cycle */
    uint64_t slot;            /* if non-zero: cycles to 0x80000.. may only start at multiples */
    unsigned resets;
    uint64_t reset_time;
    uint32_t berr_addr;       /* a read or write here answers BERR (0 = never) */
} tmach_t;

static inline unsigned tm_access(void *ctx, m68k_bus_cycle_t *c)
{
    tmach_t *m = ctx;
    if (m->nlog < TM_LOG) m->log[m->nlog++] = *c;
    if (c->flags & M68K_CYC_IACK) {
        if (m->iack_vector < 0) c->flags |= M68K_CYC_AUTOVEC;
        else c->data = (uint16_t)m->iack_vector;
        return 0;
    }
    uint32_t a = c->addr & (TM_RAM - 2);
    if (m->berr_addr && (c->addr & ~1u) == m->berr_addr) { c->flags |= M68K_CYC_BERR; return 0; }
    unsigned wait = m->wait_ram;
    /* "chip RAM": a cycle may only start on a multiple of `slot` clocks */
    if (m->slot && c->addr >= 0x80000 && c->time % m->slot) wait += (unsigned)(m->slot - c->time % m->slot);
    if (c->flags & M68K_CYC_WRITE) {
        if (c->flags & M68K_CYC_UDS) m->ram[a] = (uint8_t)(c->data >> 8);
        if (c->flags & M68K_CYC_LDS) m->ram[a + 1] = (uint8_t)c->data;
    } else {
        c->data = (uint16_t)(m->ram[a] << 8 | m->ram[a + 1]);
    }
    return wait;
}

static inline void tm_reset_line(void *ctx, uint64_t time)
{
    tmach_t *m = ctx;
    m->resets++;
    m->reset_time = time;
}

static inline void tm_w16(tmach_t *m, uint32_t a, uint16_t v) { m->ram[a] = (uint8_t)(v >> 8); m->ram[a + 1] = (uint8_t)v; }
static inline void tm_w32(tmach_t *m, uint32_t a, uint32_t v) { tm_w16(m, a, (uint16_t)(v >> 16)); tm_w16(m, a + 2, (uint16_t)v); }
static inline uint16_t tm_r16(const tmach_t *m, uint32_t a) { return (uint16_t)(m->ram[a] << 8 | m->ram[a + 1]); }
static inline uint32_t tm_r32(const tmach_t *m, uint32_t a) { return (uint32_t)tm_r16(m, a) << 16 | tm_r16(m, a + 2); }

/* A machine whose reset vectors point SSP at 0x8000 and PC at 0x1000, with `code` there. */
static inline tmach_t *tm_new(const uint16_t *code, unsigned nwords)
{
    tmach_t *m = calloc(1, sizeof *m);
    if (!m) abort();
    m->iack_vector = -1;
    m68k_cfg_t cfg = { .bus = { .ctx = m, .access = tm_access, .reset = tm_reset_line } };
    m68k_init(&m->cpu, &cfg);
    tm_w32(m, 0, 0x8000);
    tm_w32(m, 4, 0x1000);
    for (unsigned i = 0; i < nwords; i++) tm_w16(m, 0x1000 + 2 * i, code[i]);
    m68k_reset(&m->cpu);
    m->nlog = 0;
    return m;
}

#endif
