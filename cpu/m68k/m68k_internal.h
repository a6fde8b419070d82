/* Private to cpu/m68k: bus primitives, prefetch, flags, exceptions shared by the core files. */
#ifndef ARCANA_M68K_INTERNAL_H
#define ARCANA_M68K_INTERNAL_H

#include "cpu/m68k/m68k.h"

#define SR_C 0x0001u
#define SR_V 0x0002u
#define SR_Z 0x0004u
#define SR_N 0x0008u
#define SR_X 0x0010u
#define SR_S 0x2000u
#define SR_T 0x8000u
#define SR_MASK 0xA71Fu /* bits that exist on the 68000 */

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Exception vectors (User's Manual table 6-2). */
enum {
    VEC_BUS_ERROR = 2, VEC_ADDR_ERROR = 3, VEC_ILLEGAL = 4, VEC_ZERO_DIVIDE = 5, VEC_CHK = 6,
    VEC_TRAPV = 7, VEC_PRIVILEGE = 8, VEC_TRACE = 9, VEC_LINE_A = 10, VEC_LINE_F = 11,
    VEC_SPURIOUS = 24, VEC_AUTOVECTOR = 24, VEC_TRAP = 32,
};

typedef void (*m68k_handler)(m68k_t *c, uint16_t op);
extern m68k_handler m68k_optab[65536]; /* built once by m68k_init, read-only afterwards */
void m68k_build_optab(void);
/* false for encodings the 68000 traps as illegal / line A / line F */
bool m68k_opcode_valid(uint16_t op);

uint16_t m68k_slow_read(m68k_t *c, uint32_t addr, unsigned fc, unsigned flags);
void m68k_slow_write(m68k_t *c, uint32_t addr, uint16_t data, unsigned fc, unsigned flags);
_Noreturn void m68k_address_error(m68k_t *c, uint32_t addr, unsigned fc, bool write);
void m68k_exception(m68k_t *c, unsigned vec, uint32_t pc, unsigned idle);
void m68k_set_sr_internal(m68k_t *c, uint16_t sr);

/* Recomputes m68k_t.attention; called wherever SR, IPL or the run state change. */
static inline void m68k_update_attention(m68k_t *c)
{
    c->attention = c->ipl > ((c->sr >> 8) & 7) || c->nmi_edge || c->stopped || c->halted ||
                   (c->sr & SR_T) || c->trace_pending;
}

static inline unsigned fc_data(const m68k_t *c) { return (c->sr & SR_S) ? M68K_FC_SUPER_DATA : M68K_FC_USER_DATA; }
static inline unsigned fc_prog(const m68k_t *c) { return (c->sr & SR_S) ? M68K_FC_SUPER_PROG : M68K_FC_USER_PROG; }

/* Raw word access at an even address (no alignment check). */
static inline __attribute__((always_inline)) uint16_t bus_rw(m68k_t *c, uint32_t addr, unsigned fc)
{
    addr &= M68K_ADDR_MASK;
    const uint8_t *p = c->read_page[addr >> M68K_PAGE_BITS];
    if (LIKELY(p != NULL)) {
        c->cycles += 4;
        p += addr & (M68K_PAGE_SIZE - 1);
        return (uint16_t)(p[0] << 8 | p[1]);
    }
    return m68k_slow_read(c, addr, fc, M68K_CYC_UDS | M68K_CYC_LDS);
}
static inline __attribute__((always_inline)) uint8_t bus_rb(m68k_t *c, uint32_t addr, unsigned fc)
{
    addr &= M68K_ADDR_MASK;
    const uint8_t *p = c->read_page[addr >> M68K_PAGE_BITS];
    if (LIKELY(p != NULL)) {
        c->cycles += 4;
        return p[addr & (M68K_PAGE_SIZE - 1)];
    }
    uint16_t w = m68k_slow_read(c, addr, fc, (addr & 1) ? M68K_CYC_LDS : M68K_CYC_UDS);
    return (uint8_t)((addr & 1) ? w : w >> 8);
}
static inline __attribute__((always_inline)) void bus_ww(m68k_t *c, uint32_t addr, uint16_t v, unsigned fc)
{
    addr &= M68K_ADDR_MASK;
    uint8_t *p = c->write_page[addr >> M68K_PAGE_BITS];
    if (LIKELY(p != NULL)) {
        c->cycles += 4;
        p += addr & (M68K_PAGE_SIZE - 1);
        p[0] = (uint8_t)(v >> 8);
        p[1] = (uint8_t)v;
        return;
    }
    m68k_slow_write(c, addr, v, fc, M68K_CYC_UDS | M68K_CYC_LDS);
}
static inline __attribute__((always_inline)) void bus_wb(m68k_t *c, uint32_t addr, uint8_t v, unsigned fc)
{
    addr &= M68K_ADDR_MASK;
    uint8_t *p = c->write_page[addr >> M68K_PAGE_BITS];
    if (LIKELY(p != NULL)) {
        c->cycles += 4;
        p[addr & (M68K_PAGE_SIZE - 1)] = v;
        return;
    }
    /* The 68000 drives a byte on both halves of the data bus (User's Manual §3.1). */
    m68k_slow_write(c, addr, (uint16_t)(v << 8 | v), fc, (addr & 1) ? M68K_CYC_LDS : M68K_CYC_UDS);
}

/* Checked data access: word/long at an odd address is an address error. */
static inline __attribute__((always_inline)) uint32_t rd8(m68k_t *c, uint32_t a) { return bus_rb(c, a, fc_data(c)); }
static inline __attribute__((always_inline)) uint32_t rd16(m68k_t *c, uint32_t a)
{
    if (UNLIKELY(a & 1)) m68k_address_error(c, a, fc_data(c), false);
    return bus_rw(c, a, fc_data(c));
}
static inline __attribute__((always_inline)) uint32_t rd32(m68k_t *c, uint32_t a)
{
    if (UNLIKELY(a & 1)) m68k_address_error(c, a, fc_data(c), false);
    uint32_t hi = bus_rw(c, a, fc_data(c));
    return hi << 16 | bus_rw(c, a + 2, fc_data(c));
}
static inline __attribute__((always_inline)) void wr8(m68k_t *c, uint32_t a, uint32_t v) { bus_wb(c, a, (uint8_t)v, fc_data(c)); }
static inline __attribute__((always_inline)) void wr16(m68k_t *c, uint32_t a, uint32_t v)
{
    if (UNLIKELY(a & 1)) m68k_address_error(c, a, fc_data(c), true);
    bus_ww(c, a, (uint16_t)v, fc_data(c));
}
/* Long write, high word first. */
static inline __attribute__((always_inline)) void wr32(m68k_t *c, uint32_t a, uint32_t v)
{
    if (UNLIKELY(a & 1)) m68k_address_error(c, a, fc_data(c), true);
    bus_ww(c, a, (uint16_t)(v >> 16), fc_data(c));
    bus_ww(c, a + 2, (uint16_t)v, fc_data(c));
}
/* Long write, low word first (read-modify-write instructions and -(An) destinations). */
static inline __attribute__((always_inline)) void wr32_lo_first(m68k_t *c, uint32_t a, uint32_t v)
{
    if (UNLIKELY(a & 1)) m68k_address_error(c, a, fc_data(c), true);
    bus_ww(c, a + 2, (uint16_t)v, fc_data(c));
    bus_ww(c, a, (uint16_t)(v >> 16), fc_data(c));
}

/* Prefetch queue (User's Manual §8, "np"): take IRC and refill it from PC. */
static inline __attribute__((always_inline)) uint32_t fetch_ext(m68k_t *c)
{
    uint32_t v = c->irc;
    c->irc = bus_rw(c, c->pc, fc_prog(c));
    c->pc += 2;
    return v;
}
static inline __attribute__((always_inline)) uint32_t fetch_ext32(m68k_t *c)
{
    uint32_t hi = fetch_ext(c);
    return hi << 16 | fetch_ext(c);
}
/* The closing prefetch of an instruction: IRC becomes IR, IRC refills. */
static inline __attribute__((always_inline)) void prefetch(m68k_t *c)
{
    c->ir = c->irc;
    c->irc = bus_rw(c, c->pc, fc_prog(c));
    c->pc += 2;
}
/* After a jump: refill both words at the new PC (IR first). An odd target faults on the fetch. */
static inline __attribute__((always_inline)) void jump_refill(m68k_t *c, uint32_t target)
{
    if (UNLIKELY(target & 1)) { c->fault_adj = 0; m68k_address_error(c, target, fc_prog(c), false); }
    c->pc = target;
    c->ir = bus_rw(c, target, fc_prog(c));
    c->irc = bus_rw(c, target + 2, fc_prog(c));
    c->pc = target + 4;
}

static inline __attribute__((always_inline)) void idle(m68k_t *c, unsigned n) { c->cycles += n; }

#endif
