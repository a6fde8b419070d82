/* i3 EtherLan 600 ("EtherH") expansion card: a DP8390 NIC with 32 KB of buffer RAM behind the
 * RiscPC podule bus, as Linux's etherh driver knows it (drivers/net/ethernet/8390/etherh.c;
 * the facts used are collected in shared/testdata/linux-rpc-net/README.md §5):
 * - IOC space: the expansion-card ID ROM, one byte per word: extended ID (manufacturer 0x0046
 *   i3, product 0x00ec EtherLan 600), chunk directory with the 0xF5 description chunk
 *   "EtherLan 600 (xx:xx:xx:xx:xx:xx)" the driver takes the MAC address from. Byte 0 bit 0
 *   reads 1 while the card requests an interrupt (the kernel's IRQ status test).
 * - MEMC space: DP8390 register n at 0x800 + 4n, the remote-DMA data port at 0x840
 *   (32-bit accesses carry a 16-bit word in bits 0-15; a byte access moves one byte), the
 *   control register at 0xA00 (bit 0: interrupt enable).
 * - EASI space reads 0xFF (bit 1 set: "not an EASI card").
 * The interrupt to the podule bus is (NIC interrupt) AND control.IE. This is a card model
 * built from the DP8390 chip, so it includes that chip's header. */
#ifndef ARCANA_ETHERH_H
#define ARCANA_ETHERH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chips/dp8390.h"
#include "chips/podule.h"

#define ETHERH_ROM_SIZE 256

typedef struct etherh_cfg {
    uint8_t mac[6];
    void *ctx;
    void (*irq)(void *ctx, bool level);                           /* podule IRQ line */
    void (*transmit)(void *ctx, const uint8_t *frame, size_t len); /* to the network backend */
} etherh_cfg_t;

typedef struct etherh {
    etherh_cfg_t cfg;
    dp8390_t nic;
    uint8_t control;       /* bit 0 IE */
    bool irq_out;
    size_t rom_size;
    uint8_t rom[ETHERH_ROM_SIZE];
} etherh_t;

void etherh_init(etherh_t *card, const etherh_cfg_t *cfg);
void etherh_reset(etherh_t *card);
/* The podule_card_t to plug into a slot (0-3: the card needs MEMC space). */
void etherh_card(etherh_t *card, podule_card_t *out);
uint32_t etherh_read(etherh_t *card, podule_space_t space, uint32_t offset, unsigned size);
void etherh_write(etherh_t *card, podule_space_t space, uint32_t offset, uint32_t value, unsigned size);
uint32_t etherh_peek(const etherh_t *card, podule_space_t space, uint32_t offset);
/* A frame from the network; false when the NIC did not take it (dropped, counted). */
bool etherh_receive(etherh_t *card, const uint8_t *frame, size_t len);
/* Save states (machines/state.h): the card's registers and its NIC's; the network behind it is
 * the host's and is not saved. */
void etherh_serialize(etherh_t *card, ser_t *s);

#endif
