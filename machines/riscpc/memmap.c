/* The RiscPC's physical memory map (IOMD decodes A28-A0; see machines/riscpc.h): ROM, VRAM and
 * DRAM by pointer, and the I/O space through one table of address ranges shared by reads and
 * writes. */
#include <string.h>

#include "machines/riscpc/internal.h"

uint8_t *riscpc_ram_ptr(riscpc_t *m, uint32_t paddr)
{
    /* DRAM: four bank windows of 64 MB at 0x10000000; a bank smaller than its window repeats
     * through it (the SIMM's address lines are not all decoded). */
    uint32_t off = paddr - 0x10000000u;
    unsigned bank = off / RISCPC_BANK_WINDOW;
    if (!m->bank_size[bank])
        return NULL;
    return m->ram + m->bank_off[bank] + ((off % RISCPC_BANK_WINDOW) & (m->bank_size[bank] - 1));
}

uint8_t *riscpc_mem_lookup(riscpc_t *m, uint32_t paddr, bool write)
{
    paddr &= 0x1fffffffu; /* IOMD decodes A28-A0 */
    if (paddr >= 0x10000000u)
        return riscpc_ram_ptr(m, paddr);
    if (paddr < RISCPC_ROM_WINDOW)
        return write ? NULL : m->rom + (paddr & (m->rom_size - 1));
    if (paddr < 0x03000000u)
        return m->vram + (paddr & (m->vram_size - 1));
    return NULL;
}

uint8_t *riscpc_bus_page(void *ctx, uint32_t paddr, bool write) { return riscpc_mem_lookup(ctx, paddr, write); }

const uint8_t *riscpc_dma_ptr(void *ctx, uint32_t addr, uint32_t *avail)
{
    uint8_t *p = riscpc_mem_lookup(ctx, addr, false);
    *avail = p ? 0x1000 - (addr & 0xfff) : 0;
    return p;
}

uint32_t riscpc_phys_read32(machine_t *mm, uint32_t addr)
{
    uint8_t *p = riscpc_mem_lookup((riscpc_t *)mm, addr & ~3u, false);
    if (!p)
        return 0;
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

uint8_t *riscpc_mem_ptr(machine_t *mm, uint32_t paddr, bool write)
{
    return riscpc_mem_lookup((riscpc_t *)mm, paddr, write);
}

/* ---- I/O space (0x03000000-0x0fffffff) ------------------------------------------------------ */

/* Floppy DMA acknowledge: Linux's FIQ handler (mach-rpc floppydma.S) moves each byte through
 * FLOPPYDMA_BASE - 4 and the last one through FLOPPYDMA_BASE (0x0302a000), which also
 * asserts terminal count. */
#define FDC_DACK_TC 0x0302a000u

static uint32_t superio_rd(riscpc_t *m, uint32_t a, unsigned size)
{
    return superio_read(&m->sio, (a - 0x03010000u) >> 2, size);
}
static void superio_wr(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    superio_write(&m->sio, (a - 0x03010000u) >> 2, v, size);
}

static uint32_t dack_rd(riscpc_t *m, uint32_t a, unsigned size)
{
    (void)size;
    return fdc_dack_read(&m->fdc, a >= FDC_DACK_TC);
}
static void dack_wr(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    (void)size;
    fdc_dack_write(&m->fdc, (uint8_t)v, a >= FDC_DACK_TC);
}

static uint32_t iomd_rd(riscpc_t *m, uint32_t a, unsigned size)
{
    uint32_t v = iomd_read(&m->iomd, a & 0xffff);
    riscpc_iomd_rearm(m); /* reading the keyboard data starts the next byte */
    return size == 1 ? v & 0xff : size == 2 ? v & 0xffff : v;
}
static void iomd_wr(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    (void)size;
    iomd_write(&m->iomd, a & 0xffff, v);
    riscpc_iomd_rearm(m);
}

/* Mouse buttons, active low: bit 6 left, 5 middle, 4 right (Linux rpcmouse). */
static uint32_t mouse_buttons_rd(riscpc_t *m, uint32_t a, unsigned size)
{
    (void)a, (void)size;
    unsigned b = m->mouse_buttons, v = 0x70;
    if (b & MOUSE_LEFT) v &= ~0x40u;
    if (b & MOUSE_MIDDLE) v &= ~0x20u;
    if (b & MOUSE_RIGHT) v &= ~0x10u;
    return v;
}

static uint32_t expmask_rd(riscpc_t *m, uint32_t a, unsigned size)
{
    (void)size;
    return podule_expmask_read(&m->pod, (a >> 2) & 1);
}
static void expmask_wr(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    (void)size;
    podule_expmask_write(&m->pod, (a >> 2) & 1, (uint8_t)v);
}

static void vidc_wr(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    (void)a, (void)size;
    vidc20_write(&m->vidc, v);
    riscpc_vidc_written(m);
}

/* Podule spaces (chips/podule.c podule_decode): addresses the decoder does not take, such as
 * the gaps in the IOC window, read as zero. */
static uint32_t podule_rd(riscpc_t *m, uint32_t a, unsigned size)
{
    int slot;
    podule_space_t sp;
    uint32_t off;
    return podule_decode(a, &slot, &sp, &off) ? podule_read(&m->pod, a, size) : 0;
}
static void podule_wr(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    int slot;
    podule_space_t sp;
    uint32_t off;
    if (podule_decode(a, &slot, &sp, &off))
        podule_write(&m->pod, a, v, size);
}

typedef struct io_region {
    uint32_t start, end; /* [start, end) */
    uint32_t (*read)(riscpc_t *m, uint32_t addr, unsigned size);            /* NULL: reads zero */
    void (*write)(riscpc_t *m, uint32_t addr, uint32_t value, unsigned size); /* NULL: ignored */
} io_region_t;

/* In address order, not overlapping. Anything else in the I/O space reads as zero and ignores
 * writes. */
static const io_region_t io_map[] = {
    {0x03000000u, 0x03010000u, podule_rd, podule_wr},        /* podule MEMC space, slots 0-3 */
    {0x03010000u, 0x03012000u, superio_rd, superio_wr},      /* SuperIO: PC I/O port·4 */
    {0x03029000u, 0x0302b000u, dack_rd, dack_wr},            /* floppy DMA acknowledge */
    {0x0302b000u, 0x0302c000u, podule_rd, podule_wr},        /* network slot */
    {0x03200000u, 0x03210000u, iomd_rd, iomd_wr},            /* IOMD */
    {0x03240000u, 0x03310000u, podule_rd, podule_wr},        /* podule IOC space (speed bits in A19-A20) */
    {0x03310000u, 0x03320000u, mouse_buttons_rd, NULL},      /* mouse buttons */
    {0x03320000u, 0x03360000u, podule_rd, podule_wr},
    {0x03360000u, 0x03370000u, expmask_rd, expmask_wr},      /* expansion card interrupt mask latch */
    {0x03370000u, 0x03400000u, podule_rd, podule_wr},
    {0x03400000u, 0x03600000u, NULL, vidc_wr},               /* VIDC20: write-only */
    {0x08000000u, 0x10000000u, podule_rd, podule_wr},        /* EASI podule space */
};

static const io_region_t *io_region(uint32_t a)
{
    for (size_t i = 0; i < sizeof io_map / sizeof io_map[0]; i++)
        if (a >= io_map[i].start && a < io_map[i].end)
            return &io_map[i];
    return NULL;
}

static uint32_t io_read(riscpc_t *m, uint32_t a, unsigned size)
{
    const io_region_t *r = io_region(a);
    return r && r->read ? r->read(m, a, size) : 0;
}

static void io_write(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    const io_region_t *r = io_region(a);
    if (r && r->write)
        r->write(m, a, v, size);
}

/* ---- the CPU's bus ---------------------------------------------------------------------------- */

uint32_t riscpc_bus_read_cb(void *ctx, uint32_t paddr, unsigned size, bool *abort)
{
    riscpc_t *m = ctx;
    (void)abort;
    paddr &= 0x1fffffffu;
    uint8_t *p = riscpc_mem_lookup(m, paddr, false);
    if (p) {
        uint32_t v = 0;
        memcpy(&v, p, size);
        return v;
    }
    riscpc_now(m);
    uint32_t v = (paddr >= 0x03000000u && paddr < 0x10000000u) ? io_read(m, paddr, size) : 0;
    riscpc_check_events(m);
    return v;
}

void riscpc_bus_write_cb(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort)
{
    riscpc_t *m = ctx;
    (void)abort;
    paddr &= 0x1fffffffu;
    uint8_t *p = riscpc_mem_lookup(m, paddr, true);
    if (p) {
        memcpy(p, &value, size);
        return;
    }
    if (paddr < RISCPC_ROM_WINDOW)
        return; /* ROM: writes go nowhere */
    riscpc_now(m);
    if (paddr >= 0x03000000u && paddr < 0x10000000u)
        io_write(m, paddr, value, size);
    riscpc_check_events(m);
}

uint32_t riscpc_bus_read(machine_t *mm, uint32_t addr, unsigned size)
{
    bool abort = false;
    return riscpc_bus_read_cb(mm, addr, size, &abort);
}

void riscpc_bus_write(machine_t *mm, uint32_t addr, uint32_t value, unsigned size)
{
    riscpc_t *m = (riscpc_t *)mm;
    bool abort = false;
    riscpc_bus_write_cb(mm, addr, value, size, &abort);
    if (m->use_jit)
        arm_jit_invalidate(&m->jit, addr, size);
    if (m->replay)
        arm_replay_mem_write(m->replay, addr & 0x1fffffffu, value, size);
}
