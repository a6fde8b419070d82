/* The A500's expansion: a Zorro II AUTOCONFIG chain (chips/zorro2) on the side expansion
 * connector, holding a Commodore A2065 Ethernet board when --net is given (a stock A500 has
 * none, and its configuration space then floats).
 *
 * A2065 (Linux drivers/net/ethernet/amd/a2065.{c,h}; zorro_ids.h): manufacturer 514 ($0202,
 * Commodore West Chester), product 112 ($70), a 64 KB Zorro II I/O board: the Am7990 LANCE's
 * RDP at +$4000 and RAP at +$4002, 32 KB of buffer RAM at +$8000 that the LANCE sees at its
 * addresses $8000-$FFFF (the board decodes A14-A0 for the RAM), the LANCE interrupt on INT2
 * (PORTS). The MAC address is 00:80:10 followed by the low 24 bits of the board's AUTOCONFIG
 * serial number, which is how drivers derive it.
 * With --ram above 1 MB the chain's last board is Zorro II fast RAM (1, 2, 4 or 8 MB, er_Type
 * MEMLIST so expansion.library adds it to the free memory; no wait states, no DMA contention).
 * With --hostfs the chain also holds our HostFS board (machines/a500_hostfs.h) after it. Frames from the host backend reach the LANCE
 * at the rate a 10 Mbit/s wire can carry them, checked once per emulated millisecond; when
 * the ring has no free descriptor the frame is missed (CSR0 MISS), as on the real card. */
#ifndef ARCANA_A500_ZORRO_H
#define ARCANA_A500_ZORRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chips/am7990.h"
#include "chips/zorro2.h"
#include "cpu/m68k/m68k.h"
#include "hostfs/net.h"
#include "machines/a500_hostfs.h"
#include "machines/sched.h"

#define A2065_MANUFACTURER 0x0202
#define A2065_PRODUCT 0x70
#define A2065_SERIAL 0x00A50001u /* MAC 00:80:10:A5:00:01 */
#define A2065_LANCE_OFF 0x4000u
#define A2065_RAM_OFF 0x8000u
#define A2065_RAM_SIZE 0x8000u

typedef struct a500_zorro_cfg {
    const char *net;                  /* --net value, NULL = no network card */
    sched_t *sched;
    uint64_t ticks_per_second;
    const uint64_t *cpu_idle_cycles;  /* the 68000's clocks in STOP (4 ticks each): paces the net */
    void *ctx;
    void (*int2)(void *ctx, bool level); /* the expansion bus's /INT2 line */
    const char *hostfs_dir;           /* --hostfs: the HostFS board (machines/a500_hostfs.h) */
    bool hostfs_readonly, hostfs_boot;
    bool verbose;                     /* --verbose: HostFS statistics at exit */
    amhfs_mem_t mem;                  /* the A500's RAM, for the HostFS board */
    uint32_t fast_size;               /* Zorro II fast RAM in bytes (0 = no board) */
} a500_zorro_cfg_t;

typedef struct a500_zorro {
    a500_zorro_cfg_t cfg;
    zorro2_t bus;
    bool has_a2065;
    int a2065_index;
    am7990_t lance;
    net_backend_t *backend;
    sched_event_t poll_ev;
    uint64_t poll_ticks;
    uint64_t idle_seen;   /* *cfg.cpu_idle_cycles at the last poll */
    uint64_t wire_free;   /* tick from which the wire can deliver the next frame */
    bool int2;
    uint8_t frame[NET_MAX_FRAME];
    uint8_t ram[A2065_RAM_SIZE]; /* big-endian, as the 68000 sees it */
    int hostfs_index;            /* the HostFS board in the chain, -1 = none */
    a500_hostfs_t hostfs;
    uint8_t *fast;               /* cfg.fast_size bytes, big-endian; NULL = no fast RAM board */
    int fast_index;
} a500_zorro_t;

#define A500_FAST_MANUFACTURER A500_HOSTFS_MANUFACTURER
#define A500_FAST_PRODUCT 0xA6
#define A500_DEFAULT_RAM_MB 3 /* 512 KB chip + 512 KB slow + 2 MB fast: AROS's shell needs more than 1 MB */

/* --ram N (total megabytes, 0 = A500_DEFAULT_RAM_MB) to fast RAM bytes: 1 is the classic
 * 512 KB chip + 512 KB slow with no board, 2, 3, 5 and 9 add 1, 2, 4 or 8 MB of fast RAM.
 * 0, or -1 with a message for any other value. */
/* The fast RAM byte at a CPU address, or NULL (no board, not configured, outside it). */
uint8_t *a500_zorro_fast_at(a500_zorro_t *z, uint32_t addr);
int a500_zorro_fast_for_ram(int ram_mb, uint32_t *fast_size, char *err, size_t errlen);

int a500_zorro_init(a500_zorro_t *z, const a500_zorro_cfg_t *cfg, char *err, size_t errlen);
void a500_zorro_reset(a500_zorro_t *z);
void a500_zorro_destroy(a500_zorro_t *z);
/* A CPU bus cycle the rest of the A500 does not decode: returns true if a board answered
 * (c->data filled on reads). Zorro II boards here run without wait states. */
bool a500_zorro_cycle(a500_zorro_t *z, m68k_bus_cycle_t *c);
bool a500_zorro_peek(const a500_zorro_t *z, uint32_t addr, uint16_t *data);
/* The level the boards drive on /INT2. */
static inline bool a500_zorro_int2(const a500_zorro_t *z) { return z->int2; }
/* The expansion of an A500 created through machines/machine.h (defined in a500.c). */
struct machine;
a500_zorro_t *a500_expansion(struct machine *m);
/* The A2065's base address as the OS configured it (0 if absent or unconfigured). */
uint32_t a500_zorro_a2065_base(const a500_zorro_t *z);

#endif
