#include "chips/etherh.h"

#include "machines/state.h"

#include <stdio.h>
#include <string.h>

enum {
    ETHERH_MANUFACTURER = 0x0046, /* i3 (Linux ecard.h MANU_I3) */
    ETHERH_PRODUCT = 0x00ec,      /* EtherLan 600 (PROD_I3_ETHERLAN600) */
    REG_BASE = 0x800,             /* MEMC offsets, etherh.c: ETHERH600 layout */
    DATA_PORT = 0x840,
    CONTROL = 0xa00,
    CTRL_IE = 0x01,
    MEDIA_REG = 0x0b,             /* page-0 reserved register: media status on this card */
    MEDIA_LINK_10BASET = 0x04,
};

static void update_irq(etherh_t *card)
{
    bool level = dp8390_irq(&card->nic) && (card->control & CTRL_IE);
    if (level != card->irq_out) {
        card->irq_out = level;
        if (card->cfg.irq)
            card->cfg.irq(card->cfg.ctx, level);
    }
}

static void nic_irq(void *ctx, bool level)
{
    (void)level;
    update_irq(ctx);
}

static void nic_transmit(void *ctx, const uint8_t *frame, size_t len)
{
    etherh_t *card = ctx;
    if (card->cfg.transmit)
        card->cfg.transmit(card->cfg.ctx, frame, len);
}

void etherh_init(etherh_t *card, const etherh_cfg_t *cfg)
{
    memset(card, 0, sizeof *card);
    card->cfg = *cfg;
    dp8390_cfg_t nc = {.ctx = card, .irq = nic_irq, .transmit = nic_transmit};
    memcpy(nc.mac, cfg->mac, 6);
    dp8390_init(&card->nic, &nc);

    char desc[64];
    const uint8_t *m = cfg->mac;
    int n = snprintf(desc, sizeof desc, "EtherLan 600 (%02x:%02x:%02x:%02x:%02x:%02x)", m[0], m[1], m[2], m[3],
                     m[4], m[5]);
    podule_id_t id = {.manufacturer = ETHERH_MANUFACTURER, .product = ETHERH_PRODUCT};
    /* The description chunk includes its terminating NUL, as the driver copies `length` bytes. */
    podule_chunk_t chunk = {.type = 0xf5, .data = (const uint8_t *)desc, .size = (uint32_t)n + 1};
    card->rom_size = podule_rom_build(card->rom, sizeof card->rom, &id, &chunk, 1);
    etherh_reset(card);
}

void etherh_reset(etherh_t *card)
{
    card->control = 0;
    dp8390_reset(&card->nic);
    update_irq(card);
}

uint32_t etherh_peek(const etherh_t *card, podule_space_t space, uint32_t offset)
{
    if (space == PODULE_IOC) {
        size_t i = (offset & 0x3fff) >> 2;
        uint8_t v = i < card->rom_size ? card->rom[i] : 0xff;
        if (i == 0 && card->irq_out)
            v |= 0x01; /* interrupt request status */
        return v;
    }
    if (space == PODULE_MEMC && offset == CONTROL)
        return card->control;
    if (space == PODULE_MEMC && offset >= REG_BASE && offset < REG_BASE + 0x40 && !(offset & 3))
        return dp8390_peek(&card->nic, card->nic.cr >> 6, (offset - REG_BASE) >> 2);
    return 0xff;
}

uint32_t etherh_read(etherh_t *card, podule_space_t space, uint32_t offset, unsigned size)
{
    uint32_t floating = size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffffu;
    if (space == PODULE_MEMC && offset == DATA_PORT) {
        if (size == 1)
            return dp8390_data_read(&card->nic, false);
        /* A word transfer: the 16 data lines carry the word, the upper bus half floats. */
        uint32_t w = dp8390_data_read(&card->nic, true);
        update_irq(card);
        return size == 4 ? (floating & 0xffff0000u) | w : w;
    }
    if (space == PODULE_MEMC && offset >= REG_BASE && offset < REG_BASE + 0x40 && !(offset & 3)) {
        unsigned reg = (offset - REG_BASE) >> 2;
        uint8_t v;
        if (reg == MEDIA_REG && (card->nic.cr >> 6) == 0)
            v = MEDIA_LINK_10BASET; /* the card's media status: 10BaseT link good */
        else
            v = dp8390_read(&card->nic, reg);
        update_irq(card);
        return size == 1 ? v : (floating & ~0xffu) | v;
    }
    if (space == PODULE_IOC || (space == PODULE_MEMC && offset == CONTROL)) {
        uint32_t v = etherh_peek(card, space, offset);
        return size == 1 ? v : (floating & ~0xffu) | v;
    }
    return floating; /* EASI space and unused MEMC: bit 1 set says "not an EASI card" */
}

void etherh_write(etherh_t *card, podule_space_t space, uint32_t offset, uint32_t value, unsigned size)
{
    if (space != PODULE_MEMC)
        return;
    if (offset == DATA_PORT) {
        dp8390_data_write(&card->nic, (uint16_t)value, size != 1);
    } else if (offset == CONTROL) {
        card->control = (uint8_t)value;
    } else if (offset >= REG_BASE && offset < REG_BASE + 0x40 && !(offset & 3)) {
        dp8390_write(&card->nic, (offset - REG_BASE) >> 2, (uint8_t)value);
    }
    update_irq(card);
}

bool etherh_receive(etherh_t *card, const uint8_t *frame, size_t len)
{
    bool taken = dp8390_receive(&card->nic, frame, len);
    update_irq(card);
    return taken;
}

static uint32_t card_read(void *ctx, podule_space_t space, uint32_t offset, unsigned size)
{
    return etherh_read(ctx, space, offset, size);
}

static void card_write(void *ctx, podule_space_t space, uint32_t offset, uint32_t value, unsigned size)
{
    etherh_write(ctx, space, offset, value, size);
}

static void card_reset(void *ctx) { etherh_reset(ctx); }

void etherh_serialize(etherh_t *card, ser_t *s)
{
    dp8390_serialize(&card->nic, s);
    SER(s, card->control);
    SER(s, card->irq_out);
}

static void card_serialize(void *ctx, ser_t *s) { etherh_serialize(ctx, s); }

void etherh_card(etherh_t *card, podule_card_t *out)
{
    *out = (podule_card_t){.name = "i3 EtherLan 600", .ctx = card, .read = card_read, .write = card_write,
                           .reset = card_reset, .serialize = card_serialize};
}
