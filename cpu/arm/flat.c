/* Flat-memory bus for tests and cpurun (see arm.h): RAM at physical 0, external aborts beyond. */
#include "cpu/arm/arm.h"

#include <string.h>

static bool flat_in_slow(const arm_flat_t *f, uint32_t paddr)
{
    return f->slow_size && paddr - f->slow_base < f->slow_size;
}

static uint8_t *flat_page(void *ctx, uint32_t paddr, bool write)
{
    arm_flat_t *f = ctx;
    (void)write;
    if (paddr >= f->size || f->size - paddr < 4096)
        return NULL;
    /* A page overlapping the watched window stays on the slow path. */
    if (f->slow_size && paddr < f->slow_base + f->slow_size && f->slow_base < paddr + 4096)
        return NULL;
    return f->ram + paddr;
}

static uint32_t flat_read(void *ctx, uint32_t paddr, unsigned size, bool *abort)
{
    arm_flat_t *f = ctx;
    if (paddr >= f->size || f->size - paddr < size) {
        f->aborts++;
        *abort = true;
        return 0;
    }
    const uint8_t *p = f->ram + paddr;
    switch (size) {
    case 1: return p[0];
    case 2: return (uint32_t)p[0] | (uint32_t)p[1] << 8;
    default: { uint32_t v; memcpy(&v, p, 4); return v; }
    }
}

static void flat_write(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort)
{
    arm_flat_t *f = ctx;
    if (paddr >= f->size || f->size - paddr < size) {
        f->aborts++;
        *abort = true;
        return;
    }
    uint8_t *p = f->ram + paddr;
    switch (size) {
    case 1: p[0] = (uint8_t)value; break;
    case 2: p[0] = (uint8_t)value; p[1] = (uint8_t)(value >> 8); break;
    default: memcpy(p, &value, 4); break;
    }
    if (f->on_write && flat_in_slow(f, paddr))
        f->on_write(f->on_write_ctx, paddr, value, size);
}

void arm_flat_bus(arm_flat_t *flat, arm_bus_t *bus)
{
    memset(bus, 0, sizeof *bus);
    bus->ctx = flat;
    bus->page = flat_page;
    bus->read = flat_read;
    bus->write = flat_write;
}
