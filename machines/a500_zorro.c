/* The A500's Zorro II expansion and its A2065: see a500_zorro.h. */
#include "machines/a500_zorro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 10 Mbit/s: 0.8 µs a byte, plus preamble/SFD (8 bytes), FCS (4) and the inter-frame gap
   (12 byte times). */
static uint64_t wire_ticks(const a500_zorro_t *z, size_t len)
{
    if (len < 60)
        len = 60;
    return (uint64_t)(len + 24) * 8 * z->cfg.ticks_per_second / 10000000u;
}

/* ---- the LANCE's view of the board: its 32 KB buffer RAM, repeating every 32 KB ---- */

static uint16_t lance_dma_read(void *ctx, uint32_t addr)
{
    a500_zorro_t *z = ctx;
    uint32_t o = addr & (A2065_RAM_SIZE - 2);
    return (uint16_t)(z->ram[o] << 8 | z->ram[o + 1]);
}

static void lance_dma_write(void *ctx, uint32_t addr, uint16_t v)
{
    a500_zorro_t *z = ctx;
    uint32_t o = addr & (A2065_RAM_SIZE - 2);
    z->ram[o] = (uint8_t)(v >> 8);
    z->ram[o + 1] = (uint8_t)v;
}

static void lance_irq(void *ctx, bool level)
{
    a500_zorro_t *z = ctx;
    z->int2 = level;
    if (z->cfg.int2)
        z->cfg.int2(z->cfg.ctx, level);
}

static void lance_transmit(void *ctx, const uint8_t *frame, size_t len)
{
    a500_zorro_t *z = ctx;
    net_send(z->backend, frame, len);
}

/* ---- the board as the 68000 sees it ---- */

static uint16_t a2065_peek(void *ctx, uint32_t off, unsigned size)
{
    a500_zorro_t *z = ctx;
    (void)size;
    if (off >= A2065_RAM_OFF) {
        uint32_t o = (off - A2065_RAM_OFF) & ~1u;
        return (uint16_t)(z->ram[o] << 8 | z->ram[o + 1]);
    }
    if (off >= A2065_LANCE_OFF)
        return am7990_peek(&z->lance, (off & 2) ? AM7990_RAP : AM7990_RDP);
    return 0; /* nothing decoded below the LANCE: the bus floats */
}

static uint16_t a2065_read(void *ctx, uint32_t off, unsigned size)
{
    a500_zorro_t *z = ctx;
    if (off >= A2065_LANCE_OFF && off < A2065_RAM_OFF)
        return am7990_read(&z->lance, (off & 2) ? AM7990_RAP : AM7990_RDP);
    return a2065_peek(ctx, off, size);
}

static void a2065_write(void *ctx, uint32_t off, uint16_t v, unsigned size)
{
    a500_zorro_t *z = ctx;
    if (off >= A2065_RAM_OFF) {
        uint32_t o = off - A2065_RAM_OFF;
        if (size == 2) {
            z->ram[o & ~1u] = (uint8_t)(v >> 8);
            z->ram[o | 1u] = (uint8_t)v;
        } else {
            z->ram[o] = (o & 1) ? (uint8_t)v : (uint8_t)(v >> 8);
        }
        return;
    }
    if (off >= A2065_LANCE_OFF) {
        /* The LANCE's registers are 16 bits wide; a byte write drives both halves. */
        am7990_write(&z->lance, (off & 2) ? AM7990_RAP : AM7990_RDP, v);
    }
}

static void a2065_reset(void *ctx)
{
    a500_zorro_t *z = ctx;
    am7990_reset(&z->lance);
}

/* ---- the HostFS board ---- */

static uint32_t hostfs_base(const a500_zorro_t *z) { return z->bus.base[z->hostfs_index]; }

static uint16_t board_hostfs_read(void *ctx, uint32_t off, unsigned size)
{
    a500_zorro_t *z = ctx;
    return a500_hostfs_read(&z->hostfs, hostfs_base(z), off, size);
}

static void board_hostfs_write(void *ctx, uint32_t off, uint16_t v, unsigned size)
{
    a500_zorro_t *z = ctx;
    a500_hostfs_write(&z->hostfs, hostfs_base(z), off, v, size);
}

static uint16_t board_hostfs_peek(void *ctx, uint32_t off, unsigned size)
{
    const a500_zorro_t *z = ctx;
    return a500_hostfs_peek(&z->hostfs, off, size);
}

static void board_hostfs_reset(void *ctx)
{
    a500_zorro_t *z = ctx;
    a500_hostfs_reset(&z->hostfs);
}

static int add_hostfs(a500_zorro_t *z, const a500_zorro_cfg_t *cfg, char *err, size_t errlen)
{
    a500_hostfs_cfg_t hc = {.dir = cfg->hostfs_dir, .readonly = cfg->hostfs_readonly, .boot = cfg->hostfs_boot,
                            .mem = cfg->mem};
    if (a500_hostfs_init(&z->hostfs, &hc, err, errlen) != 0)
        return -1;
    zorro2_board_t b = {.name = "HostFS", .ctx = z, .type = ERT_ZORROII | ERTF_DIAGVALID | ERT_SIZE_64K,
                        .product = A500_HOSTFS_PRODUCT, .flags = 0, .manufacturer = A500_HOSTFS_MANUFACTURER,
                        .serial = 1, .diag_vec = A500_HOSTFS_DIAG_VEC, .read = board_hostfs_read, .write = board_hostfs_write,
                        .peek = board_hostfs_peek, .reset = board_hostfs_reset};
    z->hostfs_index = zorro2_add(&z->bus, &b);
    return 0;
}

/* ---- Zorro II fast RAM ---- */

int a500_zorro_fast_for_ram(int ram_mb, uint32_t *fast_size, char *err, size_t errlen)
{
    int total = ram_mb ? ram_mb : A500_DEFAULT_RAM_MB;
    if (total != 1 && total != 2 && total != 3 && total != 5 && total != 9) {
        snprintf(err, errlen, "--ram: the Amiga 500 takes 1 (512 KB chip + 512 KB slow), 2, 3, 5 or 9 MB "
                              "(1, 2, 4 or 8 MB of Zorro II fast RAM added), not %d", ram_mb);
        return -1;
    }
    *fast_size = (uint32_t)(total - 1) << 20;
    return 0;
}

uint8_t *a500_zorro_fast_at(a500_zorro_t *z, uint32_t addr)
{
    if (z->fast_index < 0 || !z->bus.configured[z->fast_index])
        return NULL;
    uint32_t base = z->bus.base[z->fast_index];
    return addr >= base && addr - base < z->cfg.fast_size ? &z->fast[addr - base] : NULL;
}

static uint16_t fast_read(void *ctx, uint32_t off, unsigned size)
{
    const a500_zorro_t *z = ctx;
    (void)size; /* a byte read sees the whole word on the bus */
    uint32_t o = off & ~1u;
    return (uint16_t)(z->fast[o] << 8 | z->fast[o + 1]);
}

static void fast_write(void *ctx, uint32_t off, uint16_t v, unsigned size)
{
    a500_zorro_t *z = ctx;
    if (size == 2) {
        z->fast[off & ~1u] = (uint8_t)(v >> 8);
        z->fast[off | 1u] = (uint8_t)v;
    } else {
        z->fast[off] = (off & 1) ? (uint8_t)v : (uint8_t)(v >> 8);
    }
}

static int add_fast(a500_zorro_t *z, uint32_t size, char *err, size_t errlen)
{
    uint8_t code = size == (1u << 20) ? ERT_SIZE_1M : size == (2u << 20) ? ERT_SIZE_2M
                 : size == (4u << 20) ? ERT_SIZE_4M : ERT_SIZE_8M;
    z->fast = calloc(1, size);
    if (!z->fast) {
        snprintf(err, errlen, "out of memory for %u MB of fast RAM", size >> 20);
        return -1;
    }
    zorro2_board_t b = {.name = "Fast RAM", .ctx = z, .type = ERT_ZORROII | ERTF_MEMLIST | code,
                        .product = A500_FAST_PRODUCT, .flags = ERFF_MEMSPACE, .manufacturer = A500_FAST_MANUFACTURER,
                        .serial = 2, .read = fast_read, .write = fast_write, .peek = fast_read};
    z->fast_index = zorro2_add(&z->bus, &b);
    return 0;
}

/* ---- the periodic poll on emulated time (as machines/riscpc_net.c) ---- */

static void poll_event(void *ctx, uint64_t when)
{
    a500_zorro_t *z = ctx;
    /* Pace only once the guest has started the LANCE: until then it cannot wait on the net. */
    bool idle = false;
    if (z->cfg.cpu_idle_cycles) {
        idle = (*z->cfg.cpu_idle_cycles - z->idle_seen) * 4 >= z->poll_ticks / 2;
        z->idle_seen = *z->cfg.cpu_idle_cycles;
    }
    if (am7990_csr0(&z->lance) & LE_STRT)
        net_service(z->backend, net_ticks_to_ns(when, z->cfg.ticks_per_second), idle);
    else
        net_poll(z->backend, 0);
    am7990_poll(&z->lance); /* the chip's own transmit ring poll (1.6 ms on the real chip) */
    if (z->wire_free < when)
        z->wire_free = when;
    uint64_t next = when + z->poll_ticks;
    for (;;) {
        size_t len = net_peek_len(z->backend);
        if (!len)
            break;
        if (z->wire_free > when) {
            if (z->wire_free < next)
                next = z->wire_free; /* come back when the wire has carried the last frame */
            break;
        }
        len = net_receive(z->backend, z->frame, sizeof z->frame);
        am7990_receive(&z->lance, z->frame, len);
        z->wire_free = when + wire_ticks(z, len);
    }
    sched_at(z->cfg.sched, &z->poll_ev, next);
}

int a500_zorro_init(a500_zorro_t *z, const a500_zorro_cfg_t *cfg, char *err, size_t errlen)
{
    memset(z, 0, sizeof *z);
    z->cfg = *cfg;
    z->a2065_index = -1;
    z->hostfs_index = -1;
    z->fast_index = -1;
    zorro2_init(&z->bus);
    if (!cfg->net) {
        if (cfg->hostfs_dir && add_hostfs(z, cfg, err, errlen) != 0)
            return -1;
        return cfg->fast_size ? add_fast(z, cfg->fast_size, err, errlen) : 0;
    }
    if (net_open(cfg->net, &z->backend, err, errlen) != 0)
        return -1;
    am7990_init(&z->lance, &(am7990_cfg_t){.ctx = z, .dma_read = lance_dma_read, .dma_write = lance_dma_write,
                                           .irq = lance_irq, .transmit = lance_transmit});
    zorro2_board_t b = {.name = "A2065", .ctx = z, .type = ERT_ZORROII | ERT_SIZE_64K, .product = A2065_PRODUCT,
                        .flags = 0, .manufacturer = A2065_MANUFACTURER, .serial = A2065_SERIAL,
                        .read = a2065_read, .write = a2065_write, .peek = a2065_peek, .reset = a2065_reset};
    z->a2065_index = zorro2_add(&z->bus, &b);
    z->has_a2065 = true;
    z->poll_ticks = cfg->ticks_per_second / 1000;
    sched_event_init(&z->poll_ev, "a2065.net", poll_event, z);
    if ((cfg->hostfs_dir && add_hostfs(z, cfg, err, errlen) != 0) ||
        (cfg->fast_size && add_fast(z, cfg->fast_size, err, errlen) != 0)) {
        net_close(z->backend);
        z->backend = NULL;
        return -1;
    }
    return 0;
}

void a500_zorro_reset(a500_zorro_t *z)
{
    zorro2_reset(&z->bus);
    if (!z->has_a2065)
        return;
    z->wire_free = 0;
    sched_at(z->cfg.sched, &z->poll_ev, z->cfg.sched->now + z->poll_ticks);
}

void a500_zorro_destroy(a500_zorro_t *z)
{
    if (z->hostfs.enabled && z->cfg.verbose)
        fprintf(stderr, "arcana: HostFS: %llu DOS packets, %llu refused as write-protected\n",
                (unsigned long long)z->hostfs.amhfs.packets, (unsigned long long)z->hostfs.amhfs.write_protected);
    a500_hostfs_destroy(&z->hostfs);
    free(z->fast);
    z->fast = NULL;
    if (!z->backend)
        return;
    uint64_t lost = net_dropped(z->backend) + z->lance.frames_missed;
    if (lost)
        fprintf(stderr, "arcana: net: %llu frames dropped (queue full or no receive buffer)\n", (unsigned long long)lost);
    net_close(z->backend);
    z->backend = NULL;
}

uint32_t a500_zorro_a2065_base(const a500_zorro_t *z)
{
    if (z->a2065_index < 0 || !z->bus.configured[z->a2065_index])
        return 0;
    return z->bus.base[z->a2065_index];
}

bool a500_zorro_cycle(a500_zorro_t *z, m68k_bus_cycle_t *c)
{
    unsigned both = M68K_CYC_UDS | M68K_CYC_LDS;
    unsigned size = (c->flags & both) == both ? 2 : 1;
    if (c->flags & M68K_CYC_WRITE)
        return zorro2_write(&z->bus, c->addr, c->data, size);
    return zorro2_read(&z->bus, c->addr, size, &c->data);
}

bool a500_zorro_peek(const a500_zorro_t *z, uint32_t addr, uint16_t *data)
{
    return zorro2_peek(&z->bus, addr, 2, data);
}
