/* The A500's machine struct, shared by the files of machines/a500*.c (not a public interface:
 * frontends use machines/machine.h). */
#ifndef ARCANA_A500_INTERNAL_H
#define ARCANA_A500_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "chips/agnus.h"
#include "chips/amiga_floppy.h"
#include "chips/amiga_keyboard.h"
#include "chips/blitter.h"
#include "chips/cia8520.h"
#include "chips/denise.h"
#include "chips/msm6242b.h"
#include "chips/paula.h"
#include "cpu/m68k/m68k.h"
#include "machines/a500.h"
#include "machines/a500_zorro.h"
#include "machines/sched.h"

#define TICKS_PER_CPU 4u
#define CPU_PER_E 10u /* the E clock is the CPU clock / 10 */
#define TICKS_PER_E (TICKS_PER_CPU * CPU_PER_E)
#define SLICE_CPU 16u /* longest CPU run between chipset catch-ups: interrupts Agnus raises reach
                          the CPU within a few instructions even when it runs from ROM */
#define ROM_SIZE (512u << 10)

typedef struct a500 {
    machine_t base;
    m68k_t cpu;
    agnus_t agnus;
    denise_t denise;
    blitter_t blitter;
    paula_t paula;
    cia_t ciaa, ciab;
    amiga_kbd_t kbd;
    amiga_floppy_t df[4];
    msm6242b_t rtc;           /* the A501 trapdoor board's clock at $DC0000 (with the slow RAM) */
    sched_t sched;
    sched_event_t ev_cia, ev_paula, ev_kbd, ev_index, ev_ipl;
    uint8_t ipl_next;         /* Paula's interrupt level, reaching the CPU at ev_ipl */
    uint64_t cia_e;           /* E cycles the CIAs have run */
    uint64_t run_target;      /* CPU cycle the current CPU slice aims at */
    uint64_t run_until;       /* tick the current a500_run_ticks runs to */
    bool run_stop_at_frame;   /* ... or until the frame is done */
    bool slow_chipset;        /* ARCANA_SLOW_CHIPSET: no lazy catch-up either */
    uint64_t agnus_quiet_cck; /* Agnus's CCKs before this one only draw pixels: a CPU slice end
                                 needs no catch-up before it (a500_wiring.c; 0 = unknown, not
                                 saved: worked out again at the next slice end) */
    uint64_t agnus_lazy_to;   /* the last slice end whose catch-up was left (0 = none) */
    unsigned quiet_next_line; /* the line the quiet window may extend into (0 = none) */
    bool overlay;
    bool frame_done;
    bool reset_pending;
    bool verbose, logged_unknown_reg;
    uint8_t owner[256];       /* OWN_* bits per custom register (offset / 2) */
    uint8_t mouse_x, mouse_y; /* JOY0DAT counters */
    uint16_t joy1;            /* JOY1DAT */
    bool fire[2];
    FILE *serial;
    bool serial_owned;
    void (*serial_tap)(void *ctx, uint8_t byte); /* machine_config_t.serial_tap */
    void *serial_tap_ctx;
    uint8_t chip[A500_CHIP_SIZE];
    uint8_t slow[A500_SLOW_SIZE];
    uint8_t rom[ROM_SIZE];
    uint8_t ext[ROM_SIZE];
    bool has_ext;
    a500_zorro_t zorro;
    bool state_disks;         /* --state-disks */
} a500_t;

static inline uint64_t cpu_ticks(const a500_t *m) { return m->cpu.cycles * TICKS_PER_CPU; }

/* machines/a500_bus.c */
void a500_set_overlay(a500_t *m, bool on);
void a500_map_fast(a500_t *m);
void a500_map_chip_bus(a500_t *m);
unsigned a500_chip_contend(void *ctx, uint64_t time);
/* The slice ends the CPU took by itself since (m68k_t.soft_last, a500_wiring.c): recorded as
   slice_end's lazy path records its own. Before anything reads the scheduler's time, the run's
   target or the lazy catch-up's point. */
static inline void a500_soft_sync(a500_t *m)
{
    uint64_t last = m->cpu.soft_last;
    if (last) {
        uint64_t now = last * TICKS_PER_CPU;
        m->cpu.soft_last = 0;
        if (now > m->sched.now)
            m->sched.now = now;
        m->base.ticks = now;
        m->agnus_lazy_to = now;
        m->run_target = last + SLICE_CPU;
    }
}
/* Something the CPU did may make Agnus do more than draw, or may change the next event. */
static inline void a500_forget_quiet(a500_t *m)
{
    m->agnus_quiet_cck = 0;
    m->quiet_next_line = 0;
    m->cpu.soft_until = 0;
}
/* Agnus as far as the CPU's slice ends have taken it (lazy catch-up, a500_wiring.c). */
static inline void a500_agnus_to_slice_end(a500_t *m)
{
    a500_soft_sync(m);
    if (m->agnus_lazy_to) {
        agnus_run_until(&m->agnus, m->agnus_lazy_to);
        m->agnus_lazy_to = 0;
    }
}
unsigned a500_bus_access(void *ctx, m68k_bus_cycle_t *c);
void a500_build_owner_table(a500_t *m);
void a500_custom_write(a500_t *m, unsigned reg, uint16_t v);
bool a500_hostfs_mem_read(void *ctx, uint32_t addr, void *dst, uint32_t len);
bool a500_hostfs_mem_write(void *ctx, uint32_t addr, const void *src, uint32_t len);

/* machines/a500_wiring.c */
void a500_wire(a500_t *m, bool ecs, const machine_config_t *cfg);
void a500_arm(a500_t *m, sched_event_t *ev, uint64_t when);
void a500_cias_catch_up(a500_t *m, uint64_t tick);
void a500_rearm_cias(a500_t *m);
void a500_paula_to(a500_t *m, uint64_t tick);
void a500_rearm_paula(a500_t *m);
void a500_reset(machine_t *mm, bool hard);
void a500_run_ticks(a500_t *m, uint64_t until, bool stop_at_frame);
void a500_zorro_int2_wire(void *ctx, bool on); /* the Zorro cards' INT2 line into Paula */

/* Save states (machines/a500_state.c). */
int a500_save_state(machine_t *m, const char *path, char *err, size_t errlen);
int a500_load_state(machine_t *m, const char *path, char *err, size_t errlen);

#endif
