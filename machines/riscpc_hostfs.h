/* HostFS on the RiscPC (DESIGN.md §7): a host folder (--hostfs DIR[:ro]) served to RISC OS
 * through SWI ArcEm_HostFS, which the CPU hands to us before taking the SWI exception, and our
 * HostFS module (hostfs/riscos_module) in an expansion-card ROM in podule slot 1, so RISC OS
 * loads it at boot. Guest pointers in the SWI's registers are virtual: they go through the MMU. */
#ifndef ARCANA_RISCPC_HOSTFS_H
#define ARCANA_RISCPC_HOSTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chips/podule.h"
#include "cpu/arm/arm.h"
#include "hostfs/hostfs.h"
#include "hostfs/riscos_hostfs.h"
#include "machines/state.h"

#define RISCPC_HOSTFS_SLOT 1
/* Expansion card identity of our card: manufacturer 0 is Acorn's development code; product
 * 0x0FAC is not allocated to any real card. */
#define RISCPC_HOSTFS_MANUFACTURER 0x0000
#define RISCPC_HOSTFS_PRODUCT 0x0FAC
#define RISCPC_HOSTFS_ROM_MAX 8192

typedef struct riscpc_hostfs {
    bool enabled;
    arm_cpu_t *cpu;
    hostfs_t fs;
    rohfs_t ro;
    podule_rom_card_t card;
    size_t rom_size;
    uint8_t rom[RISCPC_HOSTFS_ROM_MAX];
} riscpc_hostfs_t;

/* Opens the folder, plugs the ROM card into slot 1 and installs the CPU's SWI hook. */
int riscpc_hostfs_init(riscpc_hostfs_t *hf, const char *dir, bool readonly, arm_cpu_t *cpu, podule_bus_t *bus,
                       char *err, size_t errlen);
/* Machine reset: the guest's open files die with it (pending writes are completed). */
void riscpc_hostfs_reset(riscpc_hostfs_t *hf);
/* Completes pending writes and closes the folder (safe on a zeroed, never-initialised struct). */
void riscpc_hostfs_destroy(riscpc_hostfs_t *hf);
/* The expansion-card ROM: extended ID, chunk directory (the module, type 0x81, and a
 * description, type 0xF5), the data. Returns its size (0 if cap is too small). */
size_t riscpc_hostfs_build_rom(uint8_t *rom, size_t cap);
/* Save states: registration and open files (path, mode, position); a load reopens them in
 * the same handles, or fails with one line. check_only: look the files up, touch nothing. */
void riscpc_hostfs_serialize(riscpc_hostfs_t *hf, ser_t *s, bool check_only);
/* The CPU's SWI hook: handles ArcEm_HostFS (with or without the X bit). */
bool riscpc_hostfs_swi(void *ctx, uint32_t comment);

#endif
