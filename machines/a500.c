/* The Amiga 500: memory map, chip wiring and the chip-bus catch-up (DESIGN.md §4).
 * Memory map: Amiga Hardware Reference Manual 3rd ed., appendix F/K ("Memory map");
 * CIA wiring: HRM appendix F; interrupt wiring: HRM ch. 7. */
#include "machines/a500.h"
#include "machines/a500_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chips/agnus.h"
#include "chips/amiga_floppy.h"
#include "chips/amiga_keyboard.h"
#include "chips/blitter.h"
#include "chips/cia8520.h"
#include "chips/denise.h"
#include "chips/paula.h"
#include "cpu/m68k/m68k.h"
#include "machines/a500_zorro.h"
#include "machines/sched.h"
#include "roms/romfile.h"


static uint64_t cpu_ticks(const a500_t *m) { return m->cpu.cycles * TICKS_PER_CPU; }

/* ---- events ---- */

/* Arms an event; when it falls inside the CPU's current run, the run stops there. */
static void arm(a500_t *m, sched_event_t *ev, uint64_t when)
{
    if (when == UINT64_MAX) {
        sched_cancel(&m->sched, ev);
        return;
    }
    if (when < m->sched.now)
        when = m->sched.now;
    sched_at(&m->sched, ev, when);
    if (when / TICKS_PER_CPU < m->run_target)
        m68k_end_run(&m->cpu);
}

static void cias_catch_up(a500_t *m, uint64_t tick)
{
    uint64_t e = tick / TICKS_PER_E;
    if (e > m->cia_e) {
        cia_advance(&m->ciaa, e - m->cia_e);
        cia_advance(&m->ciab, e - m->cia_e);
        m->cia_e = e;
    }
}

static void rearm_cias(a500_t *m)
{
    uint64_t a = cia_cycles_to_event(&m->ciaa), b = cia_cycles_to_event(&m->ciab);
    uint64_t n = a < b ? a : b;
    arm(m, &m->ev_cia, n == UINT64_MAX ? UINT64_MAX : (m->cia_e + n) * TICKS_PER_E);
}

static void ev_cia(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    cias_catch_up(m, when);
    rearm_cias(m);
}

static void paula_to(a500_t *m, uint64_t tick)
{
    paula_advance(&m->paula, tick);
}

static void rearm_paula(a500_t *m) { arm(m, &m->ev_paula, paula_next_event(&m->paula)); }

static void ev_paula(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    paula_to(m, when);
    rearm_paula(m);
}

static void ev_kbd(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    kbd_advance(&m->kbd, when);
    arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
}

/* The index hole passes every revolution; CIA-B /FLAG sees it from a selected, spinning drive. */
static void ev_index(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    for (int i = 0; i < 4; i++) {
        if (m->df[i].selected && floppy_spinning(&m->df[i])) {
            cias_catch_up(m, when);
            cia_flag(&m->ciab);
            break;
        }
    }
    uint64_t rev = (uint64_t)FLOPPY_TRACK_WORDS * PAULA_DISK_WORD_TICKS;
    arm(m, &m->ev_index, (when / rev + 1) * rev);
}

/* ---- memory map ---- */

static void set_overlay(a500_t *m, bool on)
{
    m->overlay = on;
    /* With OVL the ROM also appears at 0 (reads; writes still reach chip RAM). */
    m68k_map(&m->cpu, 0, ROM_SIZE, on ? m->rom : NULL, false);
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

static bool hostfs_mem_read(void *ctx, uint32_t addr, void *dst, uint32_t len)
{
    return hostfs_mem_copy(ctx, addr, dst, len, false);
}

static bool hostfs_mem_write(void *ctx, uint32_t addr, const void *src, uint32_t len)
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

static void build_owner_table(a500_t *m)
{
    for (unsigned i = 0; i < 256; i++) {
        unsigned reg = 2 * i;
        m->owner[i] = (uint8_t)((blitter_owns_reg(&m->blitter, reg) ? OWN_BLITTER : 0) |
                                (agnus_owns_reg(&m->agnus, reg) ? OWN_AGNUS : 0) |
                                (denise_owns_reg(reg) ? OWN_DENISE : 0) | (paula_reg(reg) ? OWN_PAULA : 0));
    }
}

static void custom_write(a500_t *m, unsigned reg, uint16_t v)
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
            paula_to(m, agnus_now(&m->agnus));
            paula_set_dmacon(&m->paula, d);
            rearm_paula(m);
        }
    }
    if (own & OWN_DENISE)
        denise_write(&m->denise, reg, v);
    if (own & OWN_PAULA) {
        paula_to(m, agnus_now(&m->agnus));
        paula_write(&m->paula, reg, v);
        rearm_paula(m);
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

static uint16_t custom_read(a500_t *m, unsigned reg)
{
    reg &= 0x1FE;
    unsigned own = m->owner[reg >> 1];
    if (own & OWN_PAULA) {
        paula_to(m, agnus_now(&m->agnus));
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

static unsigned bus_access(void *ctx, m68k_bus_cycle_t *c)
{
    a500_t *m = ctx;
    uint32_t addr = c->addr & M68K_ADDR_MASK;
    bool write = c->flags & M68K_CYC_WRITE;
    uint64_t t = c->time * TICKS_PER_CPU;

    if (c->flags & M68K_CYC_IACK) {
        /* The A500 answers interrupt acknowledge (A23-A4 all ones) as a plain ROM read, not with
           VPA: the vector number is the low byte of the ROM word at $FFFFF0 + 2 * level, which
           every Kickstart (and AROS, DiagROM) fills with $0018-$001F. FS-UAE does the same. */
        const uint8_t *r = rom_at(m, addr & ~1u);
        c->data = r ? r[1] : 0;
        return 0;
    }
    if (addr >= 0xA00000 && addr < 0xC00000) {
        uint64_t end = e_cycle_end(c->time);
        cias_catch_up(m, end * TICKS_PER_CPU);
        if (write)
            cia_bus_write(m, addr, c->data);
        else
            c->data = cia_bus_read(m, addr);
        rearm_cias(m);
        return (unsigned)(end - c->time - 4);
    }
    bool chip = addr < 0x200000;
    bool slow = addr >= A500_SLOW_BASE && addr < A500_SLOW_BASE + A500_SLOW_SIZE;
    bool custom = addr >= 0xDF0000 && addr < 0xE00000;
    if (chip || slow || custom) {
        /* Chip RAM, the A500's "slow" RAM and the custom registers are on Agnus's bus. */
        uint64_t slot = agnus_cpu_slot(&m->agnus, t);
        unsigned wait = wait_until(c, slot);
        if (custom) {
            if (write)
                custom_write(m, addr, c->data);
            else
                c->data = custom_read(m, addr);
            return wait;
        }
        if (!write && chip && m->overlay && addr < ROM_SIZE) {
            c->data = (uint16_t)(m->rom[addr & ~1u] << 8 | m->rom[addr | 1]);
            return wait;
        }
        uint8_t *p = ram_at(m, addr & ~1u);
        if (write) {
            if (c->flags & M68K_CYC_UDS)
                p[0] = (uint8_t)(c->data >> 8);
            if (c->flags & M68K_CYC_LDS)
                p[1] = (uint8_t)c->data;
        } else {
            c->data = (uint16_t)(p[0] << 8 | p[1]);
        }
        return wait;
    }
    const uint8_t *r = rom_at(m, addr & ~1u);
    if (!write && r) {
        c->data = (uint16_t)(r[0] << 8 | r[1]);
        return 0;
    }
    if (a500_zorro_cycle(&m->zorro, c))
        return 0;
    /* Nothing answers: reads see 0 (so autoconfig space finds no boards), writes vanish. */
    if (!write)
        c->data = 0;
    return 0;
}

/* ---- chip wiring ---- */

/* Paula's interrupt level reaches the 68000 4 colour clocks after INTREQ/INTENA change: the
   latency FS-UAE's cycle-exact A500 shows from a copper INTREQ write to the CPU leaving STOP
   (tests/amiga/rom/beamcpu.s; its WinUAE core models 3 in Paula plus the 68000's IPL sampling). */
#define IPL_DELAY_TICKS (4u * 8u)

static void w_ipl(void *ctx, unsigned level)
{
    a500_t *m = ctx;
    m->ipl_next = (uint8_t)level;
    arm(m, &m->ev_ipl, agnus_now(&m->agnus) + IPL_DELAY_TICKS);
}

static void ev_ipl(void *ctx, uint64_t when)
{
    (void)when;
    a500_t *m = ctx;
    m68k_set_ipl(&m->cpu, m->ipl_next);
    if (m->ipl_next)
        m68k_end_run(&m->cpu);
}

static void w_ciaa_irq(void *ctx, bool on) { a500_t *m = ctx; paula_set_ext(&m->paula, INT_PORTS, on || a500_zorro_int2(&m->zorro)); }
static void w_zorro_int2(void *ctx, bool on) { a500_t *m = ctx; paula_set_ext(&m->paula, INT_PORTS, on || m->ciaa.irq); }
static void w_ciab_irq(void *ctx, bool on) { paula_set_ext(&((a500_t *)ctx)->paula, INT_EXTER, on); }

static uint8_t w_ciaa_in(void *ctx, int port)
{
    a500_t *m = ctx;
    if (port == 1)
        return 0xFF; /* parallel port data: nothing connected */
    uint8_t v = 0xFF;
    uint64_t now = cpu_ticks(m);
    for (int i = 0; i < 4; i++)
        v &= floppy_status(&m->df[i], now);
    if (m->fire[0])
        v &= (uint8_t)~0x40; /* /FIR0: left mouse button */
    if (m->fire[1])
        v &= (uint8_t)~0x80;
    return v;
}

static void w_ciaa_out(void *ctx, int port, uint8_t v)
{
    a500_t *m = ctx;
    if (port != 0)
        return;
    if (((v & 1) != 0) != m->overlay)
        set_overlay(m, v & 1);
    paula_set_led_filter(&m->paula, !(v & 2));
}

static void w_ciaa_spmode(void *ctx, bool output)
{
    a500_t *m = ctx;
    kbd_advance(&m->kbd, cpu_ticks(m));
    kbd_kdat(&m->kbd, output);
    arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
}

static void w_ciab_out(void *ctx, int port, uint8_t v)
{
    a500_t *m = ctx;
    if (port != 1)
        return;
    for (int i = 0; i < 4; i++)
        floppy_control(&m->df[i], v, cpu_ticks(m));
}

static void w_kbd_send(void *ctx, uint8_t v)
{
    a500_t *m = ctx;
    cias_catch_up(m, m->kbd.now);
    cia_serial_in(&m->ciaa, v);
}

static void w_kbd_reset(void *ctx)
{
    a500_t *m = ctx;
    m->reset_pending = true;
    m68k_end_run(&m->cpu);
}

static amiga_floppy_t *selected_drive(a500_t *m)
{
    for (int i = 0; i < 4; i++)
        if (m->df[i].selected && m->df[i].connected)
            return &m->df[i];
    return NULL;
}

static uint16_t w_disk_read(void *ctx, uint64_t slot)
{
    amiga_floppy_t *f = selected_drive(ctx);
    return f ? floppy_read_word(f, slot) : 0;
}

static void w_disk_write(void *ctx, uint64_t slot, uint16_t w)
{
    amiga_floppy_t *f = selected_drive(ctx);
    if (f)
        floppy_write_word(f, slot, w);
}

static void w_disk_write_end(void *ctx)
{
    amiga_floppy_t *f = selected_drive(ctx);
    if (f)
        floppy_write_end(f);
}

static void w_serial_out(void *ctx, uint8_t b)
{
    a500_t *m = ctx;
    if (m->serial) {
        fputc(b, m->serial);
        if (b == '\n')
            fflush(m->serial);
    }
    if (m->serial_tap)
        m->serial_tap(m->serial_tap_ctx, b);
}

/* Agnus's callbacks. */
static void w_reg_write(void *ctx, unsigned reg, uint16_t v) { custom_write(ctx, reg, v); }
static void w_cck(void *ctx) { denise_cck(&((a500_t *)ctx)->denise); }

static void w_hsync(void *ctx, unsigned vpos, bool vdiw, unsigned line_len)
{
    a500_t *m = ctx;
    denise_hsync(&m->denise, vpos, vdiw, line_len);
    cia_tod_pulse(&m->ciab); /* CIA-B TOD counts horizontal sync */
    paula_hsync(&m->paula);
}

static void w_vsync(void *ctx, bool lof, bool lace)
{
    a500_t *m = ctx;
    denise_vsync(&m->denise, lof, lace);
    cia_tod_pulse(&m->ciaa); /* CIA-A TOD counts vertical sync (50 Hz) */
    m->frame_done = true;
}

static void w_irq(void *ctx, uint16_t bits) { paula_raise(&((a500_t *)ctx)->paula, bits); }

static int w_disk_slot(void *ctx, uint16_t mem_word, uint16_t *out)
{
    a500_t *m = ctx;
    paula_to(m, agnus_now(&m->agnus));
    int r = paula_disk_slot(&m->paula, mem_word, out);
    return r == PAULA_DISK_TO_MEM ? AGNUS_DISK_TO_MEM : r == PAULA_DISK_FROM_MEM ? AGNUS_DISK_FROM_MEM : AGNUS_DISK_IDLE;
}

static unsigned w_audio_slot(void *ctx, unsigned ch)
{
    a500_t *m = ctx;
    paula_to(m, agnus_now(&m->agnus));
    unsigned r = paula_audio_slot(&m->paula, ch);
    return ((r & PAULA_AUD_FETCH) ? AGNUS_AUD_FETCH : 0u) | ((r & PAULA_AUD_RELOAD) ? AGNUS_AUD_RELOAD : 0u);
}

static void w_audio_data(void *ctx, unsigned ch, uint16_t w)
{
    a500_t *m = ctx;
    paula_audio_data(&m->paula, ch, w);
    rearm_paula(m);
}

static bool w_blit_cck(void *ctx, bool bus_free) { return blitter_cck(&((a500_t *)ctx)->blitter, bus_free); }
static unsigned w_blit_status(void *ctx) { return blitter_status(&((a500_t *)ctx)->blitter); }
static void w_blit_done(void *ctx) { paula_raise(&((a500_t *)ctx)->paula, INT_BLIT); }
/* The chips' messages (chips/chip_log.h): one line each on stderr. */
static void w_chip_log(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s\n", msg);
}

/* ---- reset and run ---- */

/* What the /RESET line reaches: every chip but the CPU (and the keyboard, which has its own). */
static void reset_chips(a500_t *m)
{
    uint64_t now = cpu_ticks(m);
    agnus_run_until(&m->agnus, now);
    /* Agnus's reset clears its registers; its CCK count is the chipset's clock and must keep
       running with the CPU's. */
    uint64_t cck = m->agnus.cck, frames = m->agnus.frame;
    agnus_reset(&m->agnus);
    m->agnus.cck = cck;
    m->agnus.frame = frames;
    denise_reset(&m->denise);
    blitter_reset(&m->blitter);
    paula_to(m, now);
    paula_reset(&m->paula);
    cias_catch_up(m, now);
    cia_reset(&m->ciaa);
    cia_reset(&m->ciab);
    set_overlay(m, true);
    a500_zorro_reset(&m->zorro);
    rearm_cias(m);
    rearm_paula(m);
}

static void w_cpu_reset(void *ctx, uint64_t time)
{
    (void)time;
    reset_chips(ctx);
}

static void a500_reset(machine_t *mm, bool hard)
{
    a500_t *m = (a500_t *)mm;
    if (hard) {
        memset(m->chip, 0, sizeof m->chip);
        memset(m->slow, 0, sizeof m->slow);
        kbd_reset(&m->kbd, cpu_ticks(m));
        arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
    }
    reset_chips(m);
    m68k_reset(&m->cpu);
}

/* A CPU in STOP makes no bus cycles: the chipset may run ahead of it, one colour clock at a
   time, so that an interrupt Agnus raises (a copper write to INTREQ, reaching the IPL pins
   through ev_ipl) wakes the CPU at that colour clock rather than at the end of the CPU's run.
   Moves the CPU's clock to the cycle returned. */
static uint64_t stopped_until(a500_t *m, uint64_t now_cpu, uint64_t target)
{
    uint64_t t = now_cpu;
    while (t < target) {
        t = (t + 2) & ~(uint64_t)1;
        if (t > target)
            t = target;
        agnus_run_until(&m->agnus, t * TICKS_PER_CPU);
        uint64_t ev = sched_next(&m->sched); /* e.g. the IPL change Agnus just caused */
        uint64_t ev_cpu = ev == SCHED_NEVER ? UINT64_MAX : (ev + TICKS_PER_CPU - 1) / TICKS_PER_CPU;
        if (ev_cpu < t) {
            t = ev_cpu > now_cpu ? ev_cpu : now_cpu + 1;
            break;
        }
    }
    /* the CPU idled up to t: the interrupt, if one came, is taken from there */
    m->cpu.stopped_cycles += t - now_cpu;
    m->cpu.cycles = t;
    return t;
}

static void run_ticks(a500_t *m, uint64_t until, bool stop_at_frame)
{
    while (cpu_ticks(m) < until) {
        if (m->reset_pending) {
            m->reset_pending = false;
            a500_reset(&m->base, false);
        }
        uint64_t now_cpu = m->cpu.cycles;
        uint64_t target = (until + TICKS_PER_CPU - 1) / TICKS_PER_CPU;
        uint64_t next = sched_next(&m->sched);
        if (next != SCHED_NEVER && next / TICKS_PER_CPU < target)
            target = next / TICKS_PER_CPU;
        if (target > now_cpu + SLICE_CPU)
            target = now_cpu + SLICE_CPU;
        if (target <= now_cpu)
            target = now_cpu + 1;
        if (m->cpu.stopped && m->cpu.ipl <= ((m->cpu.sr >> 8) & 7u))
            target = stopped_until(m, now_cpu, target);
        m->run_target = target;
        m68k_run(&m->cpu, target);
        uint64_t now = cpu_ticks(m);
        agnus_run_until(&m->agnus, now);
        sched_run_until(&m->sched, now);
        m->base.ticks = now;
        if (stop_at_frame && m->frame_done)
            break;
    }
    m->base.ticks = cpu_ticks(m);
}

/* One CPU cycle's worth of run: the 68000 finishes the instruction it starts (STOP waits a cycle). */
void a500_debug_step(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    run_ticks(m, cpu_ticks(m) + 1, false);
}

static void a500_run(machine_t *mm, uint64_t ticks)
{
    a500_t *m = (a500_t *)mm;
    run_ticks(m, cpu_ticks(m) + ticks, false);
}

static void a500_run_frame(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    m->frame_done = false;
    /* A frame is at most 313 lines; allow two in case the first vsync was just missed. */
    uint64_t limit = (uint64_t)2 * AGNUS_PAL_LINES_LONG * AGNUS_CCKS_PER_LINE * AGNUS_TICKS_PER_CCK;
    run_ticks(m, cpu_ticks(m) + limit, true);
}

static void a500_get_frame(machine_t *mm, machine_frame_t *out)
{
    a500_t *m = (a500_t *)mm;
    out->pixels = denise_visible(&m->denise);
    out->width = DENISE_VIS_W;
    out->height = DENISE_VIS_H;
    out->stride = DENISE_FB_W;
    out->pixel_aspect = DENISE_PIXEL_ASPECT;
    out->number = m->agnus.frame;
}

static size_t a500_drain_audio(machine_t *mm, int16_t *out, size_t max_frames)
{
    a500_t *m = (a500_t *)mm;
    paula_to(m, cpu_ticks(m));
    return paula_drain_audio(&m->paula, out, max_frames);
}

static void a500_key(machine_t *mm, int hid, bool down)
{
    a500_t *m = (a500_t *)mm;
    uint8_t raw = kbd_hid_to_raw(hid);
    if (raw == KBD_NO_KEY)
        return;
    kbd_advance(&m->kbd, cpu_ticks(m));
    kbd_key(&m->kbd, raw, down);
    arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
}

static void a500_mouse(machine_t *mm, int dx, int dy, unsigned buttons)
{
    a500_t *m = (a500_t *)mm;
    /* The mouse's quadrature counters wrap at 8 bits; software takes differences. */
    m->mouse_x = (uint8_t)(m->mouse_x + dx);
    m->mouse_y = (uint8_t)(m->mouse_y + dy);
    m->fire[0] = buttons & MOUSE_LEFT;
    /* The right button pulls port 0's POTY pin (DATLY) low, a middle button POTX (DATLX). */
    paula_set_pot_pins_low(&m->paula, (uint16_t)(((buttons & MOUSE_RIGHT) ? 0x0400 : 0) |
                                                 ((buttons & MOUSE_MIDDLE) ? 0x0100 : 0)));
}

static void a500_joystick(machine_t *mm, int port, unsigned dir, unsigned buttons)
{
    a500_t *m = (a500_t *)mm;
    if (port != 1) {
        m->fire[0] = buttons & 1;
        return;
    }
    /* JOYxDAT: right = bit 1, left = bit 9, down = bit 0 ^ bit 1, up = bit 8 ^ bit 9 (HRM ch. 8). */
    unsigned right = !!(dir & A500_JOY_RIGHT), left = !!(dir & A500_JOY_LEFT);
    unsigned down = !!(dir & A500_JOY_DOWN), up = !!(dir & A500_JOY_UP);
    m->joy1 = (uint16_t)(right << 1 | (down ^ right) | left << 9 | (up ^ left) << 8);
    m->fire[1] = buttons & 1;
}

static int a500_insert(machine_t *mm, media_kind_t kind, int unit, const char *path, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 3) {
        snprintf(err, errlen, "the a500 takes floppy disks in DF0-DF3 only");
        return -1;
    }
    return floppy_insert(&m->df[unit], path, err, errlen);
}

static int a500_eject(machine_t *mm, media_kind_t kind, int unit, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 3) {
        snprintf(err, errlen, "the a500 takes floppy disks in DF0-DF3 only");
        return -1;
    }
    return floppy_eject(&m->df[unit], err, errlen);
}

static unsigned a500_activity(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    unsigned bits = 0;
    for (int i = 0; i < 4; i++)
        if (m->df[i].motor && m->df[i].connected)
            bits |= 1u << i;
    return bits;
}

static int a500_flush(machine_t *mm, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    int rc = 0;
    for (int i = 0; i < 4; i++)
        if (floppy_sync(&m->df[i], err, errlen) != 0)
            rc = -1;
    return rc;
}

static void a500_destroy(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    for (int i = 0; i < 4; i++) {
        char err[MACHINE_ERR_LEN];
        if (floppy_flush(&m->df[i], err, sizeof err) != 0)
            fprintf(stderr, "arcana: %s\n", err);
    }
    a500_zorro_destroy(&m->zorro);
    if (m->serial_owned)
        fclose(m->serial);
    else if (m->serial)
        fflush(m->serial);
    free(m);
}

static const machine_ops_t a500_ops = {
    .destroy = a500_destroy,
    .reset = a500_reset,
    .run = a500_run,
    .run_frame = a500_run_frame,
    .get_frame = a500_get_frame,
    .drain_audio = a500_drain_audio,
    .key = a500_key,
    .mouse = a500_mouse,
    .joystick = a500_joystick,
    .insert = a500_insert,
    .eject = a500_eject,
    .activity = a500_activity,
    .debug = &a500_debug_ops,
    .flush = a500_flush,
    .save_state = a500_save_state,
    .load_state = a500_load_state,
};

static int load_roms(a500_t *m, const machine_config_t *cfg, char *err, size_t errlen)
{
    rom_set_t set;
    memset(&set, 0, sizeof set);
    if (cfg->rom) {
        if (rom_load(cfg->rom, &set.main, err, errlen) != 0)
            return -1;
    } else if (rom_find_default("a500", &set, err, errlen) != 0) {
        return -1;
    }
    size_t size = set.main.size;
    if (size != 256u << 10 && size != 512u << 10) {
        snprintf(err, errlen, "%s: an Amiga 500 ROM is 256 KB or 512 KB, this one is %zu bytes", set.main.source, size);
        rom_set_free(&set);
        return -1;
    }
    if (cfg->rom && !set.main.info && cfg->verbose)
        fprintf(stderr, "arcana: %s: not a ROM in the catalogue, running it anyway\n", set.main.source);
    /* A 256 KB Kickstart appears twice in the 512 KB ROM space (F80000 and FC0000). */
    for (size_t off = 0; off < ROM_SIZE; off += size)
        memcpy(m->rom + off, set.main.data, size);
    if (set.ext.size) {
        if (set.ext.size != ROM_SIZE) {
            snprintf(err, errlen, "%s: the extension ROM must be 512 KB (%zu bytes)", set.ext.source, set.ext.size);
            rom_set_free(&set);
            return -1;
        }
        memcpy(m->ext, set.ext.data, ROM_SIZE);
        m->has_ext = true;
    }
    rom_set_free(&set);
    return 0;
}

static int a500_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen);

static const machine_type_t a500_type = {
    .name = "a500",
    .description = "Amiga 500 (PAL, 68000, OCS/ECS, 512 KB chip + 512 KB slow + 2 MB fast RAM; --ram 1: no fast)",
    .create = a500_create,
    .takes = MACHINE_TAKES_FLOPPY23 | MACHINE_TAKES_CHIPSET | MACHINE_TAKES_HOSTFS_BOOT | MACHINE_TAKES_RAM |
             MACHINE_TAKES_STATES,
};

static int a500_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen)
{
    *out = NULL;
    bool ecs = false;
    if (cfg->chipset) {
        if (strcmp(cfg->chipset, "ecs") == 0)
            ecs = true;
        else if (strcmp(cfg->chipset, "ocs") != 0) {
            snprintf(err, errlen, "unknown Amiga chipset '%s' (ocs or ecs)", cfg->chipset);
            return -1;
        }
    }
    uint32_t fast_size;
    if (a500_zorro_fast_for_ram(cfg->ram_mb, &fast_size, err, errlen) != 0)
        return -1;
    a500_t *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory creating the a500");
        return -1;
    }
    m->base.type = &a500_type;
    m->base.ops = &a500_ops;
    m->base.ticks_per_second = A500_TICKS_PER_SECOND;
    m->base.audio_rate = PAULA_AUDIO_RATE;
    m->verbose = cfg->verbose;
    m->state_disks = cfg->state_disks;
    if (load_roms(m, cfg, err, errlen) != 0) {
        free(m);
        return -1;
    }
    sched_init(&m->sched);
    sched_event_init(&m->ev_cia, "cia", ev_cia, m);
    sched_event_init(&m->ev_paula, "paula", ev_paula, m);
    sched_event_init(&m->ev_kbd, "keyboard", ev_kbd, m);
    sched_event_init(&m->ev_index, "index", ev_index, m);
    sched_event_init(&m->ev_ipl, "ipl", ev_ipl, m);

    m68k_init(&m->cpu, &(m68k_cfg_t){.bus = {.ctx = m, .access = bus_access, .reset = w_cpu_reset}});
    m68k_map(&m->cpu, 0xF80000, ROM_SIZE, m->rom, false);
    if (m->has_ext)
        m68k_map(&m->cpu, 0xE00000, ROM_SIZE, m->ext, false);
    agnus_init(&m->agnus, &(agnus_cfg_t){
        .model = ecs ? AGNUS_ECS_8372A : AGNUS_OCS_8371, .chip_ram = m->chip, .chip_mask = A500_CHIP_SIZE - 1,
        .ctx = m, .reg_write = w_reg_write, .cck = w_cck, .hsync = w_hsync, .vsync = w_vsync, .irq = w_irq,
        .disk_slot = w_disk_slot, .audio_slot = w_audio_slot, .audio_data = w_audio_data,
        .blit_cck = w_blit_cck, .blit_status = w_blit_status, .log = {w_chip_log, m}});
    /* ARCANA_SLOW_CHIPSET=1: the chips' general per-pixel paths only (differential tests of
     * their fast paths, tests/suites/59-a500-fastpath.sh). */
    const char *slow = getenv("ARCANA_SLOW_CHIPSET");
    bool slow_path = slow && *slow && strcmp(slow, "0") != 0;
    denise_init(&m->denise, &(denise_cfg_t){.log = {w_chip_log, m}, .slow_path = slow_path});
    blitter_init(&m->blitter, &(blitter_cfg_t){.ecs = ecs, .chip_ram = m->chip, .chip_mask = A500_CHIP_SIZE - 1,
                                               .ctx = m, .done = w_blit_done, .log = {w_chip_log, m}});
    paula_init(&m->paula, &(paula_cfg_t){.ctx = m, .ticks_per_second = A500_TICKS_PER_SECOND, .ipl = w_ipl,
                                         .disk_read = w_disk_read, .disk_write = w_disk_write,
                                         .disk_write_end = w_disk_write_end,
                                         .serial_out = w_serial_out});
    cia_init(&m->ciaa, &(cia_cfg_t){.ctx = m, .irq = w_ciaa_irq, .port_in = w_ciaa_in, .port_out = w_ciaa_out,
                                    .sp_mode = w_ciaa_spmode});
    cia_init(&m->ciab, &(cia_cfg_t){.ctx = m, .irq = w_ciab_irq, .port_out = w_ciab_out});
    build_owner_table(m);
    kbd_init(&m->kbd, &(amiga_kbd_cfg_t){.ctx = m, .ticks_per_second = A500_TICKS_PER_SECOND,
                                          .send = w_kbd_send, .reset = w_kbd_reset});
    for (int i = 0; i < 4; i++) {
        floppy_init(&m->df[i], i, i == 0 || (cfg->floppy[i] != NULL), A500_TICKS_PER_SECOND);
        m->df[i].log = (chip_log_t){w_chip_log, m};
    }
    for (int i = 0; i < MACHINE_MAX_FLOPPIES && i < 4; i++) {
        if (cfg->floppy[i] && floppy_insert(&m->df[i], cfg->floppy[i], err, errlen) != 0) {
            free(m);
            return -1;
        }
    }
    m->serial_tap = cfg->serial_tap;
    m->serial_tap_ctx = cfg->serial_tap_ctx;
    if (cfg->serial) {
        if (strcmp(cfg->serial, "stdout") == 0) {
            m->serial = stdout;
        } else {
            m->serial = fopen(cfg->serial, "wb");
            if (!m->serial) {
                snprintf(err, errlen, "%s: cannot open for the serial port output", cfg->serial);
                free(m);
                return -1;
            }
            m->serial_owned = true;
        }
    }
    if (a500_zorro_init(&m->zorro, &(a500_zorro_cfg_t){.net = cfg->net, .sched = &m->sched, .ticks_per_second = A500_TICKS_PER_SECOND, .cpu_idle_cycles = &m->cpu.stopped_cycles, .ctx = m, .int2 = w_zorro_int2, .hostfs_dir = cfg->hostfs_dir, .hostfs_readonly = cfg->hostfs_readonly, .hostfs_boot = cfg->hostfs_boot, .verbose = cfg->verbose, .mem = {.ctx = m, .read = hostfs_mem_read, .write = hostfs_mem_write}, .fast_size = fast_size}, err, errlen) != 0) {
        if (m->serial_owned)
            fclose(m->serial);
        free(m);
        return -1;
    }
    a500_reset(&m->base, true);
    arm(m, &m->ev_index, (uint64_t)FLOPPY_TRACK_WORDS * PAULA_DISK_WORD_TICKS);
    *out = &m->base;
    return 0;
}

MACHINE_REGISTER(a500_type)
