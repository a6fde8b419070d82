/* Acorn RiscPC machine (issue 6): ARM610/ARM710/SA-110, IOMD, VIDC20, FDC37C665GT SuperIO
 * (16550 UARTs, parallel port, floppy, IDE), PCF8583 CMOS/RTC on I²C, PS/2 keyboard,
 * quadrature mouse, podule bus. Registers itself as machine "riscpc". Physical map:
 *   0x00000000 ROM (aliased over 32 MB)       0x02000000 VRAM (aliased over 16 MB)
 *   0x03000000 podule MEMC space, PC I/O (0x03010000 + port·4), floppy DMA 0x0302a000,
 *              network slot 0x0302b000, IOMD 0x03200000, podule IOC space 0x03240000,
 *              mouse buttons 0x03310000, expansion IRQ latch 0x03360000, VIDC20 0x03400000
 *   0x08000000 EASI podule space              0x10000000 DRAM, four 64 MB bank windows
 * Linux direct boot writes ATAGs at 0x10000100 and enters the kernel at 0x10008000. */
#ifndef ARCANA_RISCPC_H
#define ARCANA_RISCPC_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/podule.h"
#include "cpu/arm/arm.h"
#include "machines/machine.h"
#include "machines/sched.h"

/* Master clock: 2.4 GHz ticks divide the 2 MHz timer (1200), VCLK 24 MHz (100), RCLK 32 MHz
 * (75) and the CPU clocks (SA-110 200 MHz: 12, ARM710 40 MHz: 60, ARM610 30 MHz: 80). */
#define RISCPC_TICKS_PER_SECOND 2400000000ull

#define RISCPC_ATAG_ADDR 0x10000100u
#define RISCPC_KERNEL_ADDR 0x10008000u

/* Expansion cards (HostFS podule, EtherH, ...): plugs `card` into slot 0-7 or the network
 * slot (8). The card raises its interrupt with riscpc_podule_irq; cards that need timed
 * events schedule them on riscpc_sched (master-clock ticks, RISCPC_TICKS_PER_SECOND). */
int riscpc_attach_podule(machine_t *m, int slot, const podule_card_t *card);
void riscpc_podule_irq(machine_t *m, int slot, bool level);
void riscpc_podule_fiq(machine_t *m, int slot, bool level);
sched_t *riscpc_sched(machine_t *m);
/* The CPU, for debuggers and tests. */
arm_cpu_t *riscpc_cpu(machine_t *m);

/* For tests: serial output captured so far (NUL-terminated, most recent 64 KB). */
const char *riscpc_serial_log(machine_t *m);
/* For tests and tools: physical memory read (0 where not memory). */
uint32_t riscpc_phys_read32(machine_t *m, uint32_t addr);
/* For tests and debuggers: a CPU-side bus read of any physical address (I/O included, with
 * the side effects a CPU read has). */
uint32_t riscpc_bus_read(machine_t *m, uint32_t addr, unsigned size);
void riscpc_bus_write(machine_t *m, uint32_t addr, uint32_t value, unsigned size);
/* For debuggers: the host pointer to RAM/ROM/VRAM at a physical address (NULL for I/O or,
 * when `write`, ROM), and one instruction run by the interpreter (machine_debug_ops_t.step). */
uint8_t *riscpc_mem_ptr(machine_t *m, uint32_t paddr, bool write);
void riscpc_debug_step(machine_t *m);
extern const machine_debug_ops_t riscpc_debug_ops; /* machines/riscpc/debug.c */

#endif
