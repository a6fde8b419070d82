/* MC68000 core, bus-cycle exact (M68000 User's Manual, M68000UM/AD rev. 8; MC68000 Programmer's
 * Reference Manual, M68000PM/AD).
 *
 * Time is counted in CPU clocks (`m68k_t.cycles`, 64-bit, never wraps). Every bus cycle the CPU
 * runs is a nominal 4 clocks (S0..S7); internal (idle) clocks only advance `cycles`, so the start
 * time of the next bus cycle always accounts for them and the gap between two bus cycles is the
 * idle time between them.
 *
 * Memory access takes one of three paths:
 *  - fast path: a 64 KB page whose host pointer is set in `read_page` / `write_page` is accessed
 *    directly, with no callback and no wait states (plain RAM/ROM off the contended bus);
 *  - contended path: a page set in `contended_page` (RAM another bus master shares, e.g. the
 *    Amiga's chip RAM) asks `bus.contend` only for the cycle's wait clocks, then the core moves
 *    the data itself;
 *  - slow path: any other page goes to `bus.access`, which sees the full cycle (time, address,
 *    data lanes, UDS/LDS, function code, read/write, RMW) and returns how many wait clocks to
 *    stretch it by. To make a cycle start no earlier than time T the machine returns
 *    T - c->time (when positive): the CPU then sees the data/ack that much later, exactly as a
 *    late DTACK does on the real chip.
 *
 * Host pages hold guest bytes in 68000 (big-endian) order: host[a & 0xFFFF] is the byte at a.
 */
#ifndef ARCANA_M68K_H
#define ARCANA_M68K_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define M68K_PAGE_BITS 16
#define M68K_PAGE_SIZE (1u << M68K_PAGE_BITS)
#define M68K_NPAGES (1u << (24 - M68K_PAGE_BITS))
#define M68K_ADDR_MASK 0x00FFFFFFu

/* Function codes FC2..FC0 (User's Manual §3.7, table 3-2). */
enum {
    M68K_FC_USER_DATA = 1,
    M68K_FC_USER_PROG = 2,
    M68K_FC_SUPER_DATA = 5,
    M68K_FC_SUPER_PROG = 6,
    M68K_FC_CPU_SPACE = 7, /* interrupt acknowledge */
};

/* m68k_bus_cycle_t.flags */
enum {
    M68K_CYC_WRITE = 1u << 0,   /* R/W low */
    M68K_CYC_UDS = 1u << 1,     /* upper data strobe: D15..D8, even byte */
    M68K_CYC_LDS = 1u << 2,     /* lower data strobe: D7..D0, odd byte */
    M68K_CYC_RMW = 1u << 3,     /* part of TAS's indivisible read-modify-write (AS held) */
    M68K_CYC_IACK = 1u << 4,    /* interrupt acknowledge (fc 7); addr bits 3..1 = level */
    M68K_CYC_PROG = 1u << 5,    /* program space read (fc 2/6): opcode, extension word, or
                                   a PC-relative operand */
    /* set by the machine on return: */
    M68K_CYC_AUTOVEC = 1u << 6, /* IACK answered with VPA: use autovector 24 + level */
    M68K_CYC_BERR = 1u << 7,    /* bus error: the CPU takes a group 0 exception */
    /* an access the CPU aborted with an address error before asserting AS (odd word address):
       only ever passed to bus.fault (tracing), never to bus.access */
    M68K_CYC_ADDRERR = 1u << 8,
};

typedef struct m68k_bus_cycle {
    uint64_t time;  /* CPU clock at which the cycle starts (S0) */
    uint32_t addr;  /* 24-bit byte address (A0 given for byte cycles; even for words) */
    uint16_t data;  /* write: the 16-bit data bus (a byte is driven on both halves);
                       read: the machine returns the 16-bit bus; the CPU takes the strobed half.
                       IACK: the machine returns the vector number in bits 7..0 */
    uint16_t fc;    /* function code */
    uint16_t flags; /* M68K_CYC_* */
} m68k_bus_cycle_t;

typedef struct m68k m68k_t;

typedef struct m68k_bus {
    void *ctx;
    /* Every slow-path bus cycle. Returns the number of wait clocks to add (0 = a 4-clock cycle).
       The machine may call m68k_end_run() or m68k_set_ipl() from here. Required.
       Interrupt acknowledge comes here too (M68K_CYC_IACK, fc 7): answer with the vector in
       data, or set M68K_CYC_AUTOVEC (VPA); an autovectored acknowledge is synchronised to the
       E clock on the real chip, so the machine returns those extra clocks as wait states
       (User's Manual §5.1.4, §6.3.2). TAS's two cycles carry M68K_CYC_RMW: the machine must
       not put another bus master between them (on plain fast-path RAM they are done inline). */
    unsigned (*access)(void *ctx, m68k_bus_cycle_t *c);
    /* The RESET instruction asserted the RESET line for 124 clocks starting at `time`
       (User's Manual §5.2 / PRM RESET). Optional. */
    void (*reset)(void *ctx, uint64_t time);
    /* An access aborted by an address error (odd word/long address): AS is never asserted, so
       nothing on the bus sees it; it still takes its 4 clocks. For tracers and tests. Optional. */
    void (*fault)(void *ctx, const m68k_bus_cycle_t *c);
    /* m68k_run reached its target (cycles >= target, between instructions; also after
       m68k_end_run). Returns the next target to run on to without leaving m68k_run (the
       machine's work between CPU slices costs no return and no new unwinding set-up), or 0 to
       return. Optional: without it m68k_run returns at its target. */
    uint64_t (*slice_end)(void *ctx);
    /* A cycle on a contended page (m68k_map_contended): returns its wait clocks, as access
       would; the core then moves the data itself. Required if any page is contended. */
    unsigned (*contend)(void *ctx, uint64_t time);
} m68k_bus_t;

typedef struct m68k_cfg {
    m68k_bus_t bus;
} m68k_cfg_t;

/* Instance state. Registers are plain fields: a debugger may read them directly. */
struct m68k {
    union {
        uint32_t r[16];             /* r[0..7] = D0..D7, r[8..15] = A0..A7 */
        struct {
            uint32_t d[8];
            uint32_t a[8];          /* a[7] is the active stack pointer (SSP if S=1, else USP) */
        };
    };
    uint32_t usp, ssp;  /* the inactive stack pointer is kept here; the active one is a[7] */
    uint32_t pc;        /* address of the next prefetch (as in the single-step suite):
                           the current instruction starts at pc - 4 */
    uint16_t sr;        /* T . S . . I2 I1 I0 . . . X N Z V C */
    uint16_t ir, irc;   /* prefetch queue: opcode being executed / word after it */
    uint64_t cycles;    /* CPU clocks since power-on */
    uint64_t insns;     /* instructions executed */
    uint64_t stopped_cycles; /* clocks spent idle in STOP (lets a machine see an idle guest) */

    uint8_t ipl;        /* current level on IPL2..0 (0 none .. 7 NMI) */
    uint8_t ipl_prev;   /* level at the previous sample (level 7 is edge triggered) */
    bool stopped;       /* STOP: waiting for an interrupt or trace */
    bool halted;        /* double bus fault: only reset leaves this */

    m68k_bus_t bus;
    /* Slice ends the core takes by itself (m68k_run with bus.slice_end): at a slice end with
       cycles < soft_until and the CPU not in STOP, the next slice ends soft_len clocks later
       without calling slice_end, and soft_last = cycles records it. The machine sets soft_until
       (0 = none; m68k_end_run clears it) and reads soft_last (0 = none since it last cleared
       it). */
    uint64_t soft_until, soft_last;
    uint32_t soft_len;
    uint8_t *read_page[M68K_NPAGES];  /* fast path; NULL = go through bus.access */
    uint8_t *write_page[M68K_NPAGES];
    /* Contended RAM (shared with other bus masters, e.g. the Amiga's chip RAM): where the fast
       path has no page, a page set here is read and written directly once bus.contend has
       said when the cycle gets the bus; no bus.access call (TAS's RMW cycles still make one). */
    uint8_t *contended_page[M68K_NPAGES];
    uint16_t bus_data;  /* the last word moved on a contended page (a byte written: on both
                           halves; a byte read: the whole word) */

    /* private to the core */
    uint64_t run_until;
    void *jmp;              /* group 0 exception unwinding (jmp_buf *) during m68k_step */
    bool nmi_edge;          /* level 7 arrived since the last NMI was taken */
    bool trace_pending;     /* the instruction just run started with T set: trace comes next */
    bool fault_in_exc;      /* a group 0 fault now is a double fault (I/N = 1) */
    uint8_t fault_vec;      /* 2 bus error, 3 address error */
    uint32_t fault_addr;    /* address error / bus error being taken */
    uint16_t fault_ssw;     /* its special status word (User's Manual §6.3.9.1) */
    uint32_t fault_pc;
    bool attention;         /* something other than the next instruction may be due: an
                               unmasked interrupt, NMI edge, STOP, halt or trace */
    int32_t fault_adj;      /* pushed PC of a data fault = pc - 2 + fault_adj (set per EA) */
};

void m68k_init(m68k_t *cpu, const m68k_cfg_t *cfg);
/* The RESET exception (User's Manual §6.3.1): loads SSP from 0 and PC from 4 through the bus,
   S=1, T=0, I=7, fills the prefetch queue. */
void m68k_reset(m68k_t *cpu);
/* Maps [start, start+size) (64 KB aligned) to host memory for the fast path; host==NULL unmaps.
   `writable` false maps reads only (ROM: writes go to bus.access). */
void m68k_map(m68k_t *cpu, uint32_t start, uint32_t size, uint8_t *host, bool writable);
/* Maps [start, start+size) (64 KB aligned) as contended RAM; host==NULL unmaps. */
void m68k_map_contended(m68k_t *cpu, uint32_t start, uint32_t size, uint8_t *host);

/* Runs instructions until cpu->cycles >= until (an instruction is never split; the overshoot is
   at most one instruction/exception), then, with bus.slice_end, on to each target it returns.
   Returns the clocks used. */
uint64_t m68k_run(m68k_t *cpu, uint64_t until);
/* Executes one instruction (or one exception / one STOP idle slice). Returns the clocks used. */
unsigned m68k_step(m68k_t *cpu);
/* Called from a bus callback: return from m68k_run after the current instruction. */
void m68k_end_run(m68k_t *cpu);

/* Interrupt priority level input (0 = none, 1..6 maskable, 7 = non-maskable, edge triggered).
   Sampled between instructions; acknowledged through bus.access with M68K_CYC_IACK. */
void m68k_set_ipl(m68k_t *cpu, unsigned level);

/* Register helpers (SR writes switch stack pointers as the hardware does). */
void m68k_set_sr(m68k_t *cpu, uint16_t sr);
uint32_t m68k_get_usp(const m68k_t *cpu);
uint32_t m68k_get_ssp(const m68k_t *cpu);

/* Disassembles the instruction at `pc`, reading words through `peek` (side-effect free).
   Writes text to buf and returns the instruction length in bytes (≥ 2). */
typedef uint16_t (*m68k_peek_fn)(void *ctx, uint32_t addr);
unsigned m68k_disasm(uint32_t pc, m68k_peek_fn peek, void *ctx, char *buf, size_t len);

typedef struct ser ser_t;
/* The 68000's state for a save state (machines/state.h); call between instructions. */
void m68k_serialize(m68k_t *c, ser_t *s);

#endif
