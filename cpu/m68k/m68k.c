/* MC68000 core: state, bus, exceptions, run loop. Instructions live in m68k_ops*.c.
 * Exception processing follows the M68000 User's Manual §6 (frames, priorities) with the bus
 * order of each sequence as the chip runs it. */
#include "cpu/m68k/m68k_internal.h"
#include "machines/state.h"

#include <pthread.h>
#include <setjmp.h>
#include <string.h>

static pthread_once_t optab_once = PTHREAD_ONCE_INIT;

void m68k_init(m68k_t *cpu, const m68k_cfg_t *cfg)
{
    pthread_once(&optab_once, m68k_build_optab);
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

void m68k_map_contended(m68k_t *cpu, uint32_t start, uint32_t size, uint8_t *host)
{
    for (uint32_t off = 0; off < size; off += M68K_PAGE_SIZE)
        cpu->contended_page[((start + off) & M68K_ADDR_MASK) >> M68K_PAGE_BITS] = host ? host + off : NULL;
}

void m68k_end_run(m68k_t *cpu) { cpu->run_until = 0; cpu->soft_until = 0; }

void m68k_set_ipl(m68k_t *cpu, unsigned level)
{
    level &= 7;
    /* Level 7 is edge sensitive (User's Manual §6.3.2): a new NMI needs a transition to 7. */
    if (level == 7 && cpu->ipl != 7)
        cpu->nmi_edge = true;
    cpu->ipl = (uint8_t)level;
    m68k_update_attention(cpu);
}

void m68k_set_sr_internal(m68k_t *c, uint16_t sr)
{
    sr &= SR_MASK;
    if ((sr ^ c->sr) & SR_S) {
        if (sr & SR_S) { c->usp = c->a[7]; c->a[7] = c->ssp; }
        else { c->ssp = c->a[7]; c->a[7] = c->usp; }
    }
    c->sr = sr;
    m68k_update_attention(c);
}
void m68k_set_sr(m68k_t *cpu, uint16_t sr) { m68k_set_sr_internal(cpu, sr); }
uint32_t m68k_get_usp(const m68k_t *cpu) { return (cpu->sr & SR_S) ? cpu->usp : cpu->a[7]; }
uint32_t m68k_get_ssp(const m68k_t *cpu) { return (cpu->sr & SR_S) ? cpu->a[7] : cpu->ssp; }

/* ---- slow path bus cycles ---- */

static _Noreturn void group0_fault(m68k_t *c, unsigned vec, uint32_t addr, unsigned fc, bool write)
{
    c->fault_vec = (uint8_t)vec;
    c->fault_addr = addr;
    /* Special status word: R/W (bit 4), I/N (bit 3), FC2..0. The upper bits are not defined by
       Motorola; the chip leaves the opcode's upper bits there. */
    c->fault_ssw = (uint16_t)((c->ir & 0xFFE0) | (write ? 0 : 0x10) | fc);
    c->fault_pc = c->pc - 2 + (uint32_t)c->fault_adj;
    longjmp(*(jmp_buf *)c->jmp, 1);
}

uint16_t m68k_slow_read(m68k_t *c, uint32_t addr, unsigned fc, unsigned flags)
{
    uint8_t *p = c->contended_page[(addr & M68K_ADDR_MASK) >> M68K_PAGE_BITS];
    if (p && !(flags & M68K_CYC_RMW)) {
        c->cycles += 4 + c->bus.contend(c->bus.ctx, c->cycles);
        p += addr & (M68K_PAGE_SIZE - 2);
        c->bus_data = (uint16_t)(p[0] << 8 | p[1]);
        return c->bus_data;
    }
    if ((fc & 3) == 2) flags |= M68K_CYC_PROG; /* user or supervisor program space */
    m68k_bus_cycle_t cyc = { .time = c->cycles, .addr = addr, .data = 0, .fc = (uint16_t)fc,
                             .flags = (uint16_t)flags };
    unsigned wait = c->bus.access(c->bus.ctx, &cyc);
    c->cycles += 4 + wait;
    /* BERR instead of DTACK: bus error exception (User's Manual §5.5, §6.3.9) */
    if (UNLIKELY(cyc.flags & M68K_CYC_BERR)) group0_fault(c, VEC_BUS_ERROR, addr, fc, false);
    return cyc.data;
}

void m68k_slow_write(m68k_t *c, uint32_t addr, uint16_t data, unsigned fc, unsigned flags)
{
    uint8_t *p = c->contended_page[(addr & M68K_ADDR_MASK) >> M68K_PAGE_BITS];
    if (p && !(flags & M68K_CYC_RMW)) {
        c->cycles += 4 + c->bus.contend(c->bus.ctx, c->cycles);
        p += addr & (M68K_PAGE_SIZE - 2);
        if (flags & M68K_CYC_UDS)
            p[0] = (uint8_t)(data >> 8);
        if (flags & M68K_CYC_LDS)
            p[1] = (uint8_t)data;
        c->bus_data = data;
        return;
    }
    m68k_bus_cycle_t cyc = { .time = c->cycles, .addr = addr, .data = data, .fc = (uint16_t)fc,
                             .flags = (uint16_t)(flags | M68K_CYC_WRITE) };
    unsigned wait = c->bus.access(c->bus.ctx, &cyc);
    c->cycles += 4 + wait;
    if (UNLIKELY(cyc.flags & M68K_CYC_BERR)) group0_fault(c, VEC_BUS_ERROR, addr, fc, true);
}

/* ---- group 0: address error and bus error (User's Manual §6.3.9) ---- */

_Noreturn void m68k_address_error(m68k_t *c, uint32_t addr, unsigned fc, bool write)
{
    /* The cycle is aborted before AS: it still occupies its 4 clocks. Report it for tracing. */
    m68k_bus_cycle_t cyc = { .time = c->cycles, .addr = addr & M68K_ADDR_MASK, .fc = (uint16_t)fc,
                             .flags = (uint16_t)(M68K_CYC_ADDRERR | M68K_CYC_UDS | M68K_CYC_LDS |
                                                 (write ? M68K_CYC_WRITE : 0)) };
    if (c->bus.fault) c->bus.fault(c->bus.ctx, &cyc);
    c->cycles += 4;
    group0_fault(c, VEC_ADDR_ERROR, addr, fc, write);
}

static void group0(m68k_t *c)
{
    if (c->fault_in_exc) {
        /* A fault while taking a group 0 exception: double bus fault, the CPU halts (§6.3.9). */
        c->halted = true;
        m68k_update_attention(c);
        return;
    }
    c->fault_in_exc = true;
    c->trace_pending = false; /* group 0 outranks trace (§6.3.8) */
    uint16_t old_sr = c->sr;
    m68k_set_sr_internal(c, (uint16_t)((c->sr | SR_S) & ~SR_T));
    c->stopped = false;
    idle(c, 8);
    uint32_t sp = c->a[7], pc = c->fault_pc;
    wr16(c, sp - 2, pc);
    wr16(c, sp - 6, old_sr);
    wr16(c, sp - 4, pc >> 16);
    wr16(c, sp - 8, c->ir);
    wr16(c, sp - 10, c->fault_addr);
    wr16(c, sp - 14, c->fault_ssw);
    wr16(c, sp - 12, c->fault_addr >> 16);
    c->a[7] = sp - 14;
    uint32_t target = rd32(c, c->fault_vec * 4u);
    c->fault_in_exc = false;
    c->pc = target;
    if (target & 1) m68k_address_error(c, target, fc_prog(c), false);
    c->ir = bus_rw(c, target, fc_prog(c));
    idle(c, 2);
    c->irc = bus_rw(c, target + 2, fc_prog(c));
    c->pc = target + 4;
}

/* ---- groups 1 and 2 (§6.3.3-6.3.8): 3-word frame ---- */

void m68k_exception(m68k_t *c, unsigned vec, uint32_t pc, unsigned idle_clocks)
{
    uint16_t old_sr = c->sr;
    m68k_set_sr_internal(c, (uint16_t)((c->sr | SR_S) & ~SR_T));
    idle(c, idle_clocks);
    uint32_t sp = c->a[7];
    c->pc = pc + 2; /* an address error while stacking reports this (pc - 2 = pushed pc) */
    wr16(c, sp - 2, pc);
    wr16(c, sp - 6, old_sr);
    wr16(c, sp - 4, pc >> 16);
    c->a[7] = sp - 6;
    uint32_t target = rd32(c, vec * 4);
    c->pc = target;
    if (target & 1) m68k_address_error(c, target, fc_prog(c), false);
    c->ir = bus_rw(c, target, fc_prog(c));
    idle(c, 2);
    c->irc = bus_rw(c, target + 2, fc_prog(c));
    c->pc = target + 4;
}

static void interrupt(m68k_t *c, unsigned level)
{
    uint16_t old_sr = c->sr;
    /* after STOP the queue still holds STOP and its operand: return past them */
    uint32_t pc = c->stopped ? c->pc : c->pc - 4;
    m68k_set_sr_internal(c, (uint16_t)(((c->sr | SR_S) & ~SR_T & ~0x0700u) | level << 8));
    c->stopped = false;
    idle(c, 6);
    uint32_t sp = c->a[7];
    wr16(c, sp - 2, pc);
    /* Interrupt acknowledge: CPU space, A3..A1 = level, vector read on D7..D0 (§5.1.4). */
    m68k_bus_cycle_t cyc = { .time = c->cycles, .addr = 0xFFFFF1u | level << 1, .fc = M68K_FC_CPU_SPACE,
                             .flags = M68K_CYC_IACK | M68K_CYC_LDS };
    unsigned wait = c->bus.access(c->bus.ctx, &cyc);
    c->cycles += 4 + wait;
    unsigned vec = (cyc.flags & M68K_CYC_BERR) ? VEC_SPURIOUS
                   : (cyc.flags & M68K_CYC_AUTOVEC) ? VEC_AUTOVECTOR + level : (cyc.data & 0xFF);
    idle(c, 4);
    wr16(c, sp - 6, old_sr);
    wr16(c, sp - 4, pc >> 16);
    c->a[7] = sp - 6;
    uint32_t target = rd32(c, vec * 4);
    c->pc = target;
    if (target & 1) m68k_address_error(c, target, fc_prog(c), false);
    c->ir = bus_rw(c, target, fc_prog(c));
    idle(c, 2);
    c->irc = bus_rw(c, target + 2, fc_prog(c));
    c->pc = target + 4;
}

void m68k_reset(m68k_t *c)
{
    jmp_buf jb;
    void *volatile saved = c->jmp;
    c->jmp = &jb;
    if (!(c->sr & SR_S)) c->usp = c->a[7];
    c->halted = c->stopped = c->trace_pending = c->nmi_edge = false;
    c->fault_in_exc = true; /* a fault while loading the vectors halts */
    c->sr = 0x2700;
    if (setjmp(jb)) {
        c->halted = true;
    } else {
        idle(c, 16);
        c->a[7] = rd32(c, 0);
        c->ssp = c->a[7];
        uint32_t pc = rd32(c, 4);
        jump_refill(c, pc);
    }
    c->fault_in_exc = false;
    c->jmp = saved;
    m68k_update_attention(c);
}

/* The slow path between instructions: trace, interrupts, STOP and halt, then the instruction
   with its trace bookkeeping. */
static void exec_attention(m68k_t *c)
{
    unsigned mask = (c->sr >> 8) & 7;
    if (c->trace_pending) {
        /* Trace is taken after the traced instruction, before any interrupt (§6.3.8); the
           pushed PC is the next instruction's. */
        c->trace_pending = false;
        m68k_exception(c, VEC_TRACE, c->pc - 4, 4);
    } else if (c->halted) {
        c->cycles = c->run_until > c->cycles ? c->run_until : c->cycles + 4;
    } else if (c->ipl == 7 && c->nmi_edge) {
        c->nmi_edge = false;
        interrupt(c, 7);
    } else if (c->ipl > mask) {
        c->nmi_edge = false;
        interrupt(c, c->ipl);
    } else if (c->stopped) {
        /* STOP: the CPU idles until an interrupt (or reset) arrives. */
        c->nmi_edge = false;
        uint64_t until = c->run_until > c->cycles ? c->run_until : c->cycles + 4;
        c->stopped_cycles += until - c->cycles;
        c->cycles = until;
    } else {
        c->nmi_edge = false;
        /* set before the instruction: illegal/privileged ones, which never execute, clear it */
        c->trace_pending = (c->sr & SR_T) != 0;
        uint16_t op = c->ir;
        m68k_optab[op](c, op);
        c->insns++;
    }
    m68k_update_attention(c);
}

/* One instruction, or one exception, without the unwinding set-up (the caller holds it). */
static inline __attribute__((always_inline)) void exec_one(m68k_t *c)
{
    if (UNLIKELY(c->attention)) { exec_attention(c); return; }
    uint16_t op = c->ir;
    m68k_optab[op](c, op);
    c->insns++;
}

unsigned m68k_step(m68k_t *c)
{
    uint64_t start = c->cycles;
    jmp_buf jb;
    void *volatile saved = c->jmp;
    c->jmp = &jb;
    if (c->run_until < c->cycles) c->run_until = c->cycles;
    m68k_update_attention(c); /* the caller may have set registers directly */
    if (setjmp(jb)) {
        group0(c);
        m68k_update_attention(c);
    } else {
        exec_one(c);
    }
    c->jmp = saved;
    return (unsigned)(c->cycles - start);
}

uint64_t m68k_run(m68k_t *c, uint64_t until)
{
    uint64_t start = c->cycles;
    jmp_buf jb;
    c->jmp = &jb;
    c->run_until = until;
    m68k_update_attention(c);
    if (setjmp(jb)) { group0(c); m68k_update_attention(c); }
    for (;;) {
        while (c->cycles < c->run_until) exec_one(c);
        if (c->cycles < c->soft_until && !c->stopped) {
            c->soft_last = c->cycles;
            c->run_until = c->cycles + c->soft_len;
            continue;
        }
        uint64_t next = c->bus.slice_end ? c->bus.slice_end(c->bus.ctx) : 0;
        if (!next) break;
        c->run_until = next;
    }
    return c->cycles - start;
}

/* ---- save states (machines/state.h) ---- */

/* Between instructions (where a machine saves) the core's state is its registers, prefetch
 * queue, clocks and interrupt/trace/fault latches; the page tables belong to the machine. */
void m68k_serialize(m68k_t *c, ser_t *s)
{
    ser_u32s(s, c->r, 16);
    SER(s, c->usp);
    SER(s, c->ssp);
    SER(s, c->pc);
    SER(s, c->sr);
    SER(s, c->ir);
    SER(s, c->irc);
    SER(s, c->cycles);
    SER(s, c->insns);
    SER(s, c->stopped_cycles);
    SER_MAX(s, c->ipl, 7);
    SER_MAX(s, c->ipl_prev, 7);
    SER(s, c->stopped);
    SER(s, c->halted);
    SER(s, c->nmi_edge);
    SER(s, c->trace_pending);
    SER(s, c->fault_in_exc);
    SER(s, c->fault_vec);
    SER(s, c->fault_addr);
    SER(s, c->fault_ssw);
    SER(s, c->fault_pc);
    SER(s, c->attention);
    SER(s, c->fault_adj);
}
