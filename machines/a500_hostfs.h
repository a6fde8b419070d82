/* The A500's HostFS board (DESIGN.md §7): a Zorro II AUTOCONFIG board of our own that puts a
 * host folder (--hostfs DIR[:ro]) on the Amiga as the DOS device HOST:, bootable with
 * --hostfs-boot. A 64 KB I/O board (no memory added to the free pool):
 *
 *   $0000-$3FFF  boot ROM (hostfs/amiga_module): DiagArea at $10, BootPoint, the DOS handler
 *   $4000 long   write: run the DosPacket at this address on the host
 *   $4004 long   write: the handler process's message port
 *   $4008 word   read: what the handler does next (amhfs_next_t)
 *   $400C long   write: the volume node the handler made (0: none)
 *   $4010 word   read: boot priority (127, the highest, with --hostfs-boot; else -128)
 *   $4100        the DOS device name, C string; $4140 the volume name, C string
 *   $8000-$CFFF  the lock area: struct FileLock slots owned by the host (hostfs/amiga_hostfs.h)
 *
 * A long register is written by the 68000 as two word cycles; the action runs once both halves
 * have arrived. Packets run at once on the host (the handler waits for nothing).
 *
 * Identity: manufacturer 2011 ($07DB), the number Commodore left for hobbyist and prototype
 * boards; product $A5. */
#ifndef ARCANA_A500_HOSTFS_H
#define ARCANA_A500_HOSTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hostfs/amiga_hostfs.h"

#define A500_HOSTFS_MANUFACTURER 0x07DB
#define A500_HOSTFS_PRODUCT 0xA5
#define A500_HOSTFS_DIAG_VEC 0x0010
#define A500_HOSTFS_ROM_SIZE 0x4000u
#define A500_HOSTFS_DEVICE "HOST"
#define A500_HOSTFS_BOOT_PRI 127
#define A500_HOSTFS_NO_BOOT_PRI (-128)

enum {
    A500_HOSTFS_REG_PACKET = 0x4000, A500_HOSTFS_REG_PORT = 0x4004, A500_HOSTFS_REG_NEXT = 0x4008,
    A500_HOSTFS_REG_VOLUME = 0x400C, A500_HOSTFS_REG_BOOTPRI = 0x4010, A500_HOSTFS_DOSNAME = 0x4100,
    A500_HOSTFS_VOLNAME = 0x4140, A500_HOSTFS_NAME_SIZE = 0x40, A500_HOSTFS_LOCKS = 0x8000,
};

typedef struct a500_hostfs_cfg {
    const char *dir;
    bool readonly, boot;
    amhfs_mem_t mem;                /* the A500's RAM as the host may touch it */
} a500_hostfs_cfg_t;

typedef struct a500_hostfs {
    bool enabled;
    int16_t boot_pri;
    uint32_t base;                  /* the board's address once configured */
    uint16_t hi[3], lo[3];          /* halves of the long registers PACKET, PORT, VOLUME */
    uint8_t halves[3];              /* bit 0 high half written, bit 1 low half */
    uint8_t rom[A500_HOSTFS_ROM_SIZE];
    amhfs_t amhfs;
} a500_hostfs_t;

int a500_hostfs_init(a500_hostfs_t *h, const a500_hostfs_cfg_t *cfg, char *err, size_t errlen);
void a500_hostfs_reset(a500_hostfs_t *h);
void a500_hostfs_destroy(a500_hostfs_t *h);
/* The board's window (offset from its base; size 1 or 2; 16-bit data bus values as zorro2.h). */
uint16_t a500_hostfs_read(a500_hostfs_t *h, uint32_t base, uint32_t off, unsigned size);
void a500_hostfs_write(a500_hostfs_t *h, uint32_t base, uint32_t off, uint16_t value, unsigned size);
uint16_t a500_hostfs_peek(const a500_hostfs_t *h, uint32_t off, unsigned size);

#endif
