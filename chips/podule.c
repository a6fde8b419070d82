#include "chips/podule.h"

#include <stddef.h>
#include <string.h>

#include "machines/state.h"

void podule_bus_init(podule_bus_t *b, const podule_bus_cfg_t *cfg)
{
    memset(b, 0, sizeof *b);
    b->cfg = *cfg;
    podule_bus_reset(b);
}

void podule_bus_reset(podule_bus_t *b)
{
    /* Linux (mach-rpc, ecard.c) never writes this latch and still takes podule interrupts on
     * IOMD IRQ B bit 5, so it must come up with every slot enabled. */
    b->expmask = 0xff;
    for (int i = 0; i < PODULE_SLOTS; i++)
        if (b->present[i] && b->card[i].reset)
            b->card[i].reset(b->card[i].ctx);
}

int podule_attach(podule_bus_t *b, int slot, const podule_card_t *card)
{
    if (slot < 0 || slot >= PODULE_SLOTS || b->present[slot])
        return -1;
    b->card[slot] = *card;
    b->present[slot] = true;
    return 0;
}

/* Slot 0-7 interrupts are ORed onto IOMD IRQ B bit 5 through the enable latch (Linux
 * ecard.c ecard_probeirqhw / ecard_irqexp_handler); the network slot has its own line. */
static void update(podule_bus_t *b)
{
    bool irq = (b->irq_lines & b->expmask & 0xff) != 0;
    bool fiq = (b->fiq_lines & 0xff) != 0;
    bool net = (b->irq_lines >> PODULE_NETSLOT) & 1;
    if (irq != b->irq_out && b->cfg.irq) b->cfg.irq(b->cfg.ctx, irq);
    if (fiq != b->fiq_out && b->cfg.fiq) b->cfg.fiq(b->cfg.ctx, fiq);
    if (net != b->net_out && b->cfg.netirq) b->cfg.netirq(b->cfg.ctx, net);
    b->irq_out = irq;
    b->fiq_out = fiq;
    b->net_out = net;
}

void podule_set_irq(podule_bus_t *b, int slot, bool level)
{
    if (slot < 0 || slot >= PODULE_SLOTS) return;
    b->irq_lines = (uint16_t)(level ? (b->irq_lines | (1u << slot)) : (b->irq_lines & ~(1u << slot)));
    update(b);
}

void podule_set_fiq(podule_bus_t *b, int slot, bool level)
{
    if (slot < 0 || slot >= PODULE_SLOTS) return;
    b->fiq_lines = (uint16_t)(level ? (b->fiq_lines | (1u << slot)) : (b->fiq_lines & ~(1u << slot)));
    update(b);
}

uint8_t podule_expmask_read(podule_bus_t *b, unsigned reg)
{
    return reg ? b->expmask : (uint8_t)(b->irq_lines & 0xff);
}

void podule_expmask_write(podule_bus_t *b, unsigned reg, uint8_t value)
{
    if (reg) { /* the status register is read-only */
        b->expmask = value;
        update(b);
    }
}

/* Address map (Linux mach-rpc/include/mach/hardware.h, ecard.c):
 *   IOC space  0x03240000 + speed·0x80000 + slot·0x4000 (slots 0-3)
 *              0x03270000 + speed·0x80000 + (slot-4)·0x4000 (slots 4-7)
 *   MEMC space 0x03000000 + slot·0x4000 (slots 0-3), network slot 0x0302b000 (4 KB)
 *   EASI space 0x08000000 + slot·0x01000000 (slots 0-7). */
bool podule_decode(uint32_t addr, int *slot, podule_space_t *space, uint32_t *offset)
{
    if (addr >= 0x08000000 && addr < 0x10000000) {
        *slot = (int)((addr - 0x08000000) >> 24);
        *space = PODULE_EASI;
        *offset = addr & 0x00ffffff;
        return true;
    }
    if (addr >= 0x0302b000 && addr < 0x0302c000) {
        *slot = PODULE_NETSLOT;
        *space = PODULE_MEMC;
        *offset = addr & 0xfff;
        return true;
    }
    if (addr >= 0x03000000 && addr < 0x03010000) {
        *slot = (int)((addr >> 14) & 3);
        *space = PODULE_MEMC;
        *offset = addr & 0x3fff;
        return true;
    }
    if (addr >= 0x03240000 && addr < 0x03400000) {
        uint32_t a = addr & ~0x00180000u; /* drop the speed bits */
        if (a >= 0x03240000 && a < 0x03250000) {
            *slot = (int)((a >> 14) & 3);
        } else if (a >= 0x03270000 && a < 0x03280000) {
            *slot = 4 + (int)((a >> 14) & 3);
        } else {
            return false;
        }
        *space = PODULE_IOC;
        *offset = addr & 0x3fff;
        return true;
    }
    return false;
}

static uint32_t empty(unsigned size) { return size == 4 ? 0xffffffffu : size == 2 ? 0xffffu : 0xffu; }

uint32_t podule_read(podule_bus_t *b, uint32_t addr, unsigned size)
{
    int slot;
    podule_space_t sp;
    uint32_t off;
    if (!podule_decode(addr, &slot, &sp, &off) || !b->present[slot] || !b->card[slot].read)
        return empty(size);
    return b->card[slot].read(b->card[slot].ctx, sp, off, size);
}

uint32_t podule_peek(const podule_bus_t *b, uint32_t addr, unsigned size)
{
    int slot;
    podule_space_t sp;
    uint32_t off;
    if (!podule_decode(addr, &slot, &sp, &off) || !b->present[slot])
        return empty(size);
    return 0; /* card registers may have read side effects: not inspected */
}

void podule_write(podule_bus_t *b, uint32_t addr, uint32_t value, unsigned size)
{
    int slot;
    podule_space_t sp;
    uint32_t off;
    if (podule_decode(addr, &slot, &sp, &off) && b->present[slot] && b->card[slot].write)
        b->card[slot].write(b->card[slot].ctx, sp, off, value, size);
}

/* ---- ROM cards */

static void put24(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); }

size_t podule_rom_build(uint8_t *rom, size_t cap, const podule_id_t *id, const podule_chunk_t *chunks, int n)
{
    size_t dir = 16, data = dir + 8u * (size_t)n + 4;
    size_t total = data;
    for (int i = 0; i < n; i++)
        total += chunks[i].size;
    if (total > cap)
        return 0;
    memset(rom, 0, total);
    /* Byte 0: bit 0 IRQ pending (0), bit 1 "not present" (0 = present), bit 2 FIQ pending,
     * bits 6-3 ID (0 = extended), bit 7 reserved 0. Byte 1: bit 0 chunk directories
     * present, bit 1 interrupt status pointers present, bits 3-2 width (0 = 8-bit). */
    rom[0] = (uint8_t)((id->product_type_bits & 15) << 3);
    rom[1] = (uint8_t)(0x01 | (id->irq_status_present ? 0x02 : 0));
    rom[2] = 0;
    rom[3] = (uint8_t)id->product;
    rom[4] = (uint8_t)(id->product >> 8);
    rom[5] = (uint8_t)id->manufacturer;
    rom[6] = (uint8_t)(id->manufacturer >> 8);
    rom[7] = id->country;
    rom[8] = id->fiq_mask;
    put24(rom + 9, id->fiq_status_ptr);
    rom[12] = id->irq_mask;
    put24(rom + 13, id->irq_status_ptr);
    size_t at = data;
    for (int i = 0; i < n; i++) {
        uint8_t *e = rom + dir + 8u * (size_t)i;
        e[0] = chunks[i].type;
        put24(e + 1, chunks[i].size);
        e[4] = (uint8_t)at;
        e[5] = (uint8_t)(at >> 8);
        e[6] = (uint8_t)(at >> 16);
        e[7] = (uint8_t)(at >> 24);
        memcpy(rom + at, chunks[i].data, chunks[i].size);
        at += chunks[i].size;
    }
    return total;
}

static uint32_t rom_read(void *ctx, podule_space_t sp, uint32_t off, unsigned size)
{
    podule_rom_card_t *rc = ctx;
    if (sp != PODULE_IOC || off >= 0x2000)
        return empty(size);
    size_t i = rc->page * 2048u + (off >> 2);
    uint8_t v = i < rc->size ? rc->rom[i] : 0xff;
    return size == 1 ? v : (empty(size) & ~0xffu) | v;
}

static void rom_write(void *ctx, podule_space_t sp, uint32_t off, uint32_t value, unsigned size)
{
    (void)size;
    podule_rom_card_t *rc = ctx;
    if (sp == PODULE_IOC && off >= 0x2000 && off < 0x3000)
        rc->page = value & 0xff;
}

static void rom_reset(void *ctx) { ((podule_rom_card_t *)ctx)->page = 0; }

static void rom_serialize(void *ctx, ser_t *s)
{
    podule_rom_card_t *rc = ctx;
    SER_MAX(s, rc->page, 0xff);
}

void podule_rom_card(podule_rom_card_t *rc, const uint8_t *rom, size_t size, const char *name, podule_card_t *out)
{
    rc->rom = rom;
    rc->size = size;
    rc->page = 0;
    memset(out, 0, sizeof *out);
    out->name = name;
    out->ctx = rc;
    out->read = rom_read;
    out->write = rom_write;
    out->reset = rom_reset;
    out->serialize = rom_serialize;
}

void podule_bus_serialize(podule_bus_t *b, ser_t *s)
{
    /* the bus's own state, then each card's through its serialize callback; which slots hold
     * a card is configuration, and must be this machine's */
    uint16_t slots = 0;
    for (int i = 0; i < PODULE_SLOTS; i++)
        slots |= (uint16_t)(b->present[i] << i);
    SER_EXPECT(s, slots, "podule slots (bit mask) in use:");
    SER(s, b->irq_lines);
    SER(s, b->fiq_lines);
    SER(s, b->expmask);
    SER(s, b->irq_out);
    SER(s, b->fiq_out);
    SER(s, b->net_out);
    for (int i = 0; i < PODULE_SLOTS; i++)
        if (b->present[i] && b->card[i].serialize)
            b->card[i].serialize(b->card[i].ctx, s);
}
