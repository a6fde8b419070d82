/* Amiga 500 (PAL, OCS/ECS): 68000 at 7.09379 MHz, 512 KB chip RAM, 512 KB slow RAM at C00000,
 * Kickstart (or AROS) ROM at F80000 with the extension ROM at E00000, two 8520 CIAs, Agnus,
 * Denise, Paula, the internal DF0 and up to three external drives. Created through
 * machines/machine.h (machine name "a500"); this header only adds what tests and debuggers need.
 *
 * Joystick directions (machine_joystick): bit 0 up, 1 down, 2 left, 3 right; button bit 0 fire.
 * Port 0 is the mouse port, port 1 the joystick port. */
#ifndef ARCANA_A500_H
#define ARCANA_A500_H

#include <stdbool.h>
#include <stdint.h>

#include "machines/machine.h"

#define A500_TICKS_PER_SECOND 28375160u /* PAL master clock */
#define A500_CHIP_SIZE (512u << 10)
#define A500_SLOW_SIZE (512u << 10)
#define A500_SLOW_BASE 0xC00000u

enum { A500_JOY_UP = 1, A500_JOY_DOWN = 2, A500_JOY_LEFT = 4, A500_JOY_RIGHT = 8 };

/* A side-effect-free look at guest memory as the CPU sees it (RAM and ROM; other areas read 0). */
uint8_t a500_peek8(machine_t *m, uint32_t addr);
uint32_t a500_peek32(machine_t *m, uint32_t addr);
/* The CPU's program counter (tests that wait for a program to finish). */
uint32_t a500_cpu_pc(machine_t *m);
/* For debuggers: the 68000, the host byte of RAM at a CPU address (NULL elsewhere), ROM's
 * (NULL elsewhere), and one instruction with the chipset brought along (machine_debug_ops_t). */
struct m68k *a500_cpu(machine_t *m);
uint8_t *a500_ram_ptr(machine_t *m, uint32_t addr);
const uint8_t *a500_rom_ptr(machine_t *m, uint32_t addr);
void a500_debug_step(machine_t *m);
extern const machine_debug_ops_t a500_debug_ops; /* machines/a500_debug.c */

#endif
