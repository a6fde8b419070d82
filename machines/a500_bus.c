/* The A500's memory map, custom register and CIA decoding, and the 68000's bus cycles with
 * their chip-bus timing (DESIGN.md §4). Memory map: Amiga Hardware Reference Manual 3rd ed.,
 * appendix F/K ("Memory map"); CIA wiring: HRM appendix F. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machines/a500_internal.h"

/* ---- memory map ---- */

void a500_set_overlay(a500_t *m, bool on)
{
    m->overlay = on;
    /* With OVL the ROM also appears at 0 (reads; writes still reach chip RAM). */
    m68k_map(&m->cpu, 0, ROM_SIZE, on ? m->rom : NULL, false);
}

enum { ZORRO_MEM_BASE = 0x200000, ZORRO_MEM_END = 0xA00000 }; /* Zorro II memory space */

/* Configured Zorro II fast RAM is plain RAM with no wait states: the CPU's fast path maps it
   (what a500_zorro_cycle would do, without the call). Called whenever the AUTOCONFIG chain may
   have changed (a write to its configuration space, reset, state load). */
void a500_map_fast(a500_t *m)
{
    m68k_map(&m->cpu, ZORRO_MEM_BASE, ZORRO_MEM_END - ZORRO_MEM_BASE, NULL, false);
    a500_zorro_t *z = &m->zorro;
    if (m->slow_chipset || !z->fast)
        return;
    uint32_t base = z->bus.base[z->fast_index];
    if (a500_zorro_fast_at(z, base) && base >= ZORRO_MEM_BASE && base % M68K_PAGE_SIZE == 0 &&
        z->cfg.fast_size <= ZORRO_MEM_END - base)
        m68k_map(&m->cpu, base, z->cfg.fast_size, z->fast, true);
}

static uint8_t *ram_at(a500_t *m, uint32_t addr)
{
    if (addr < 0x200000)
        return &m->chip[addr & (A500_CHIP_SIZE - 1)]; /* chip RAM repeats up to 1FFFFF */
    if (addr >= A500_SLOW_BASE && addr < A500_SLOW_BASE + A500_SLOW_SIZE)
        return &m->slow[addr - A500_SLOW_BASE];
    return a500_zorro_fast_at(&m->zorro, addr);
}

static const uint8_t *rom_at(const a500_t *m, uint32_t addr)
{
    if (addr >= 0xF80000)
        return &m->rom[addr - 0xF80000];
    if (addr >= 0xE00000 && addr < 0xE80000 && m->has_ext)
        return &m->ext[addr - 0xE00000];
    if (addr < ROM_SIZE && m->overlay)
        return &m->rom[addr];
    return NULL;
}

/* The RAM the HostFS board reads and writes for the host (amhfs_mem_t): chip, slow and fast RAM. */
static bool hostfs_mem_copy(a500_t *m, uint32_t addr, uint8_t *buf, uint32_t len, bool to_guest)
{
    for (uint32_t i = 0; i < len; i++) {
        uint32_t a = addr + i;
        uint8_t *p = a <= M68K_ADDR_MASK ? ram_at(m, a) : NULL;
        if (!p)
            return false;
        if (to_guest)
            *p = buf[i];
        else
            buf[i] = *p;
    }
    return true;
}

bool a500_hostfs_mem_read(void *ctx, uint32_t addr, void *dst, uint32_t len)
{
    return hostfs_mem_copy(ctx, addr, dst, len, false);
}

bool a500_hostfs_mem_write(void *ctx, uint32_t addr, const void *src, uint32_t len)
{
    return hostfs_mem_copy(ctx, addr, (uint8_t *)src, len, true);
}

uint8_t a500_peek8(machine_t *mm, uint32_t addr)
{
    a500_t *m = (a500_t *)mm;
    addr &= M68K_ADDR_MASK;
    const uint8_t *r = rom_at(m, addr);
    if (r)
        return *r;
    uint8_t *p = ram_at(m, addr);
    return p ? *p : 0;
}

uint32_t a500_peek32(machine_t *m, uint32_t addr)
{
    return (uint32_t)a500_peek8(m, addr) << 24 | (uint32_t)a500_peek8(m, addr + 1) << 16 |
           (uint32_t)a500_peek8(m, addr + 2) << 8 | a500_peek8(m, addr + 3);
}

uint32_t a500_cpu_pc(machine_t *mm) { return ((a500_t *)mm)->cpu.pc; }
struct m68k *a500_cpu(machine_t *mm) { return &((a500_t *)mm)->cpu; }
uint8_t *a500_ram_ptr(machine_t *mm, uint32_t addr) { return ram_at((a500_t *)mm, addr & M68K_ADDR_MASK); }
const uint8_t *a500_rom_ptr(machine_t *mm, uint32_t addr) { return rom_at((a500_t *)mm, addr & M68K_ADDR_MASK); }
a500_zorro_t *a500_expansion(machine_t *mm) { return &((a500_t *)mm)->zorro; }

/* ---- custom registers ---- */

enum { REG_JOY0DAT = 0x00A, REG_JOY1DAT = 0x00C, REG_JOYTEST = 0x036, REG_DMACON = 0x096 };

/* Registers the A500's chips do not have, which AROS writes while probing the chipset: ECS/AGA
   Denise's DENISEID ($07C) and BPLCON3/4 ($106/$10C), ECS Agnus's DIWHIGH ($1E4) on an 8371,
   AGA's FMODE ($1FC), and NO-OP ($1FE). Writes to them do nothing on the real machine either. */
static bool absent_reg(unsigned reg)
{
    return reg == 0x07C || reg == 0x106 || reg == 0x10C || reg == 0x1E4 || reg == 0x1FC || reg == 0x1FE;
}

static bool paula_reg(unsigned reg)
{
    switch (reg) {
    case PAULA_ADKCONR: case PAULA_POT0DAT: case PAULA_POT1DAT: case PAULA_POTGOR:
    case PAULA_SERDATR: case PAULA_DSKBYTR: case PAULA_INTENAR: case PAULA_INTREQR:
    case PAULA_DSKLEN: case PAULA_DSKDAT: case PAULA_SERDAT: case PAULA_SERPER: case PAULA_POTGO:
    case PAULA_DSKSYNC: case PAULA_INTENA: case PAULA_INTREQ: case PAULA_ADKCON:
        return true;
    default:
        /* AUDxLEN/PER/VOL/DAT (the location registers are Agnus's) */
        return reg >= PAULA_AUD0 && reg < PAULA_AUD0 + 0x40 && (reg & 0xF) >= 4;
    }
}

/* Which chips answer each register, worked out once (the chips' *_owns_reg are the authority). */
enum { OWN_BLITTER = 1, OWN_AGNUS = 2, OWN_DENISE = 4, OWN_PAULA = 8 };

void a500_build_owner_table(a500_t *m)
{
    for (unsigned i = 0; i < 256; i++) {
        unsigned reg = 2 * i;
        m->owner[i] = (uint8_t)((blitter_owns_reg(&m->blitter, reg) ? OWN_BLITTER : 0) |
                                (agnus_owns_reg(&m->agnus, reg) ? OWN_AGNUS : 0) |
                                (denise_owns_reg(reg) ? OWN_DENISE : 0) | (paula_reg(reg) ? OWN_PAULA : 0));
    }
}

void a500_custom_write(a500_t *m, unsigned reg, uint16_t v)
{
    reg &= 0x1FE;
    unsigned own = m->owner[reg >> 1];
    if (own & OWN_BLITTER)
        blitter_write(&m->blitter, reg, v);
    if (own & OWN_AGNUS) {
        agnus_write(&m->agnus, reg, v);
        if (reg == REG_DMACON) {
            /* Paula sees the new enables at once (Agnus may apply its own copy later). */
            uint16_t d = m->paula.dmacon;
            d = (v & 0x8000) ? (uint16_t)(d | (v & 0x7FFF)) : (uint16_t)(d & ~v);
            a500_paula_to(m, agnus_now(&m->agnus));
            paula_set_dmacon(&m->paula, d);
            a500_rearm_paula(m);
        }
    }
    if (own & OWN_DENISE)
        denise_write(&m->denise, reg, v);
    if (own & OWN_PAULA) {
        a500_paula_to(m, agnus_now(&m->agnus));
        paula_write(&m->paula, reg, v);
        a500_rearm_paula(m);
    }
    if (reg == REG_JOYTEST && !own) {
        /* JOYTEST loads the upper six bits of both counters of both ports (HRM appendix A). */
        m->mouse_y = (uint8_t)((m->mouse_y & 3) | ((v >> 8) & 0xFC));
        m->mouse_x = (uint8_t)((m->mouse_x & 3) | (v & 0xFC));
    } else if (!own && !absent_reg(reg) && !m->logged_unknown_reg) {
        m->logged_unknown_reg = true;
        if (m->verbose)
            fprintf(stderr, "arcana: a500: custom register $%03X is not emulated; writes to it are ignored\n", reg);
    }
}

/* The registers a read reaches: $000-$01E (HRM appendix A, the "R" registers). */
static bool cpu_readable(unsigned reg) { return reg <= 0x01E; }

static uint16_t custom_read(a500_t *m, unsigned reg)
{
    reg &= 0x1FE;
    if (!cpu_readable(reg)) {
        /* Nothing drives the chip bus for a write-only address: the register addressed
           latches what the bus last held, the CPU's last word there, so a read writes it
           (a strobe such as COPJMP1 fires) and the CPU reads all ones. The read half of a
           68000 CLR does this (FS-UAE, tests/amiga/rom/beamcpu.s: COLOR00 shows the
           prefetched opcode until CLR's write). */
        a500_custom_write(m, reg, m->cpu.bus_data);
        return 0xFFFF;
    }
    unsigned own = m->owner[reg >> 1];
    if (own & OWN_PAULA) {
        a500_paula_to(m, agnus_now(&m->agnus));
        return paula_read(&m->paula, reg);
    }
    if (own & OWN_AGNUS)
        return agnus_read(&m->agnus, reg);
    if (own & OWN_DENISE)
        return denise_read(&m->denise, reg);
    if (reg == REG_JOY0DAT)
        return (uint16_t)(m->mouse_y << 8 | m->mouse_x);
    if (reg == REG_JOY1DAT)
        return m->joy1;
    return 0xFFFF; /* write-only or unused: the bus floats high */
}

/* ---- CIAs ---- */

static uint8_t cia_reg_of(uint32_t addr) { return (uint8_t)((addr >> 8) & 0xF); }

static uint16_t cia_bus_read(a500_t *m, uint32_t addr)
{
    uint16_t v = 0xFFFF;
    /* CIA-A: A12 low, data on D7-D0; CIA-B: A13 low, data on D15-D8 (HRM appendix F). */
    if (!(addr & 0x1000))
        v = (uint16_t)((v & 0xFF00) | cia_read(&m->ciaa, cia_reg_of(addr)));
    if (!(addr & 0x2000))
        v = (uint16_t)((v & 0x00FF) | cia_read(&m->ciab, cia_reg_of(addr)) << 8);
    return v;
}

static void cia_bus_write(a500_t *m, uint32_t addr, uint16_t data)
{
    if (!(addr & 0x1000))
        cia_write(&m->ciaa, cia_reg_of(addr), (uint8_t)data);
    if (!(addr & 0x2000))
        cia_write(&m->ciab, cia_reg_of(addr), (uint8_t)(data >> 8));
}

/* A 68000 cycle with VPA: the transfer is synchronised to the E clock and ends with the next
   full E cycle (10 CPU clocks), so it lasts 10 to 19 clocks (MC68000 UM §5.4.1 / fig. 5-13). */
static uint64_t e_cycle_end(uint64_t cpu_time)
{
    uint64_t e0 = (cpu_time + CPU_PER_E - 1) / CPU_PER_E * CPU_PER_E;
    return e0 + CPU_PER_E;
}

/* ---- the CPU's bus ---- */

static unsigned wait_until(const m68k_bus_cycle_t *c, uint64_t tick)
{
    uint64_t start = tick / TICKS_PER_CPU;
    return start > c->time ? (unsigned)(start - c->time) : 0;
}

/* The chip bus as the 68000 sees it: the CCK Agnus gives a cycle wanted at CPU clock `time`,
   as wait clocks. Chip and slow RAM are contended pages of the CPU (a500_map_chip_bus), so most
   of their cycles come here; the CPU moves the data itself (and keeps the bus latch). */
unsigned a500_chip_contend(void *ctx, uint64_t time)
{
    a500_t *m = ctx;
    uint64_t start = agnus_cpu_slot(&m->agnus, time * TICKS_PER_CPU) / TICKS_PER_CPU;
    return start > time ? (unsigned)(start - time) : 0;
}

void a500_map_chip_bus(a500_t *m)
{
    if (m->slow_chipset)
        return; /* every cycle through a500_bus_access */
    for (uint32_t a = 0; a < 0x200000; a += A500_CHIP_SIZE) /* chip RAM repeats up to $1FFFFF */
        m68k_map_contended(&m->cpu, a, A500_CHIP_SIZE, m->chip);
    m68k_map_contended(&m->cpu, A500_SLOW_BASE, A500_SLOW_SIZE, m->slow);
}

/* Chip RAM ($000000-$1FFFFF, 512 KB repeating) and the A500's "slow" RAM ($C00000) are on
   Agnus's bus: the cycle waits for the CCK Agnus gives the CPU. The commonest slow-path cycle
   (code and data in chip RAM), so it is decoded first. */
static inline __attribute__((always_inline)) unsigned ram_cycle(a500_t *m, m68k_bus_cycle_t *c, uint32_t addr, uint8_t *p)
{
    unsigned wait = wait_until(c, agnus_cpu_slot(&m->agnus, c->time * TICKS_PER_CPU));
    if (c->flags & M68K_CYC_WRITE) {
        if (c->flags & M68K_CYC_UDS)
            p[0] = (uint8_t)(c->data >> 8);
        if (c->flags & M68K_CYC_LDS)
            p[1] = (uint8_t)c->data;
    } else if (m->overlay && addr < ROM_SIZE) {
        c->data = (uint16_t)(m->rom[addr & ~1u] << 8 | m->rom[addr | 1]);
        return wait; /* OVL: the ROM answers reads at 0 (not a chip bus transfer) */
    } else {
        c->data = (uint16_t)(p[0] << 8 | p[1]);
    }
    m->cpu.bus_data = c->data; /* the chip bus's latch */
    return wait;
}

/* Every other cycle: interrupt acknowledge, CIAs, custom registers, ROM, clock, expansion. */
static __attribute__((noinline)) unsigned other_cycle(a500_t *m, m68k_bus_cycle_t *c, uint32_t addr)
{
    bool write = c->flags & M68K_CYC_WRITE;

    if (c->flags & M68K_CYC_IACK) {
        /* The A500 answers interrupt acknowledge (A23-A4 all ones) as a plain ROM read, not with
           VPA: the vector number is the low byte of the ROM word at $FFFFF0 + 2 * level, which
           every Kickstart (and AROS, DiagROM) fills with $0018-$001F. FS-UAE does the same. */
        const uint8_t *r = rom_at(m, addr & ~1u);
        c->data = r ? r[1] : 0;
        return 0;
    }
    if (addr >= 0xA00000 && addr < 0xC00000) {
        a500_agnus_to_slice_end(m); /* a CIA interrupt reaches the CPU timed by Agnus's clock */
        a500_forget_quiet(m);
        uint64_t end = e_cycle_end(c->time);
        a500_cias_catch_up(m, end * TICKS_PER_CPU);
        if (write)
            cia_bus_write(m, addr, c->data);
        else
            c->data = cia_bus_read(m, addr);
        a500_rearm_cias(m);
        return (unsigned)(end - c->time - 4);
    }
    if (addr >= 0xDF0000 && addr < 0xE00000) {
        /* the custom registers, on Agnus's bus too */
        unsigned wait = wait_until(c, agnus_cpu_slot(&m->agnus, c->time * TICKS_PER_CPU));
        a500_forget_quiet(m);
        if (write)
            a500_custom_write(m, addr, c->data);
        else
            c->data = custom_read(m, addr);
        m->cpu.bus_data = c->data; /* the chip bus's latch */
        return wait;
    }
    const uint8_t *r = rom_at(m, addr & ~1u);
    if (!write && r) {
        c->data = (uint16_t)(r[0] << 8 | r[1]);
        return 0;
    }
    if (addr >= 0xDC0000 && addr < 0xDD0000) {
        /* The A501's MSM6242B: register n at $DC0000 + 4n + 3 (mirrored through the 64 KB),
           four bits on D0-D3, so only the odd byte (LDS) reaches it; the even one floats. */
        unsigned reg = (addr >> 2) & 15;
        if (write) {
            if (c->flags & M68K_CYC_LDS)
                msm6242b_write(&m->rtc, reg, (uint8_t)c->data);
        } else {
            c->data = c->flags & M68K_CYC_LDS ? msm6242b_read(&m->rtc, reg) : 0;
        }
        return 0;
    }
    a500_agnus_to_slice_end(m); /* a board's interrupt reaches the CPU timed by Agnus's clock */
    m->cpu.soft_until = 0; /* a board may schedule an event */
    if (a500_zorro_cycle(&m->zorro, c)) {
        if (write && addr - ZORRO2_CONFIG_BASE < ZORRO2_CONFIG_SIZE)
            a500_map_fast(m);
        return 0;
    }
    /* Nothing answers: reads see 0 (so autoconfig space finds no boards), writes vanish. */
    if (!write)
        c->data = 0;
    return 0;
}

unsigned a500_bus_access(void *ctx, m68k_bus_cycle_t *c)
{
    a500_t *m = ctx;
    uint32_t addr = c->addr & M68K_ADDR_MASK;
    if (addr < 0x200000) /* an IACK cycle's address is $FFFFFx: never here */
        return ram_cycle(m, c, addr, &m->chip[addr & (A500_CHIP_SIZE - 2)]);
    if (addr - A500_SLOW_BASE < A500_SLOW_SIZE)
        return ram_cycle(m, c, addr, &m->slow[(addr - A500_SLOW_BASE) & ~1u]);
    return other_cycle(m, c, addr);
}

