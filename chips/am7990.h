/* AMD Am7990 LANCE (Local Area Network Controller for Ethernet), as the Am7990 data sheet
 * (AMD pub. 05698) describes it: two registers seen by the host, RDP (register data port) and
 * RAP (register address port, bits 1-0 select CSR0-CSR3); the initialization block the chip
 * reads at INIT (MODE, PADR, LADRF, RDRA/RLEN, TDRA/TLEN); receive and transmit descriptor
 * rings of four 16-bit words per entry (address, OWN/ERR/STP/ENP status, two's complement
 * buffer byte count, message byte count / transmit error bits) in the memory the chip masters.
 *
 * Memory is reached through a 16-bit word callback (24-bit LANCE address, even): on the A2065
 * the LANCE sees only the card's 32 KB buffer RAM. With CSR3 BSWP set (big-endian hosts) the
 * byte at an even address of a buffer travels on DAL15-8, otherwise on DAL7-0; descriptor and
 * initialization block words are never swapped (data sheet, CSR3 BSWP).
 *
 * Frames to and from the network carry no FCS: the chip appends the CRC on transmit (unless
 * MODE DTCR) and, as the real receiver does, stores the frame's 4 FCS bytes after the data
 * (MCNT includes them). */
#ifndef ARCANA_AM7990_H
#define ARCANA_AM7990_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { AM7990_RDP = 0, AM7990_RAP = 1 };

/* CSR0 (data sheet, "CSR0 - LANCE Controller Status") */
enum {
    LE_ERR = 0x8000, LE_BABL = 0x4000, LE_CERR = 0x2000, LE_MISS = 0x1000, LE_MERR = 0x0800,
    LE_RINT = 0x0400, LE_TINT = 0x0200, LE_IDON = 0x0100, LE_INTR = 0x0080, LE_INEA = 0x0040,
    LE_RXON = 0x0020, LE_TXON = 0x0010, LE_TDMD = 0x0008, LE_STOP = 0x0004, LE_STRT = 0x0002,
    LE_INIT = 0x0001,
};
/* CSR3 */
enum { LE_BSWP = 0x4, LE_ACON = 0x2, LE_BCON = 0x1 };
/* MODE (initialization block word 0) */
enum {
    LE_MODE_PROM = 0x8000, LE_MODE_INTL = 0x0040, LE_MODE_DRTY = 0x0020, LE_MODE_COLL = 0x0010,
    LE_MODE_DTCR = 0x0008, LE_MODE_LOOP = 0x0004, LE_MODE_DTX = 0x0002, LE_MODE_DRX = 0x0001,
};
/* RMD1 / TMD1 status (high byte; the low byte is the buffer address bits 23-16) */
enum {
    LE_D_OWN = 0x8000, LE_D_ERR = 0x4000, LE_R_FRAM = 0x2000, LE_R_OFLO = 0x1000, LE_R_CRC = 0x0800,
    LE_R_BUFF = 0x0400, LE_T_MORE = 0x1000, LE_T_ONE = 0x0800, LE_T_DEF = 0x0400,
    LE_D_STP = 0x0200, LE_D_ENP = 0x0100,
};
/* TMD3 */
enum { LE_T3_BUFF = 0x8000, LE_T3_UFLO = 0x4000, LE_T3_LCOL = 0x1000, LE_T3_LCAR = 0x0800, LE_T3_RTRY = 0x0400 };

#define AM7990_MAX_FRAME 1518 /* without FCS; longer transmissions are babble */

typedef struct am7990_cfg {
    void *ctx;
    uint16_t (*dma_read)(void *ctx, uint32_t addr);           /* addr: 24-bit, even */
    void (*dma_write)(void *ctx, uint32_t addr, uint16_t value);
    void (*irq)(void *ctx, bool level);                       /* /INTR pin, true = asserted */
    void (*transmit)(void *ctx, const uint8_t *frame, size_t len); /* without FCS */
} am7990_cfg_t;

typedef struct am7990 {
    am7990_cfg_t cfg;
    uint16_t csr0, rap;
    uint32_t iadr;          /* CSR2:CSR1 */
    uint16_t csr3;
    /* from the initialization block */
    uint16_t mode;
    uint8_t padr[6];
    uint16_t ladrf[4];
    uint32_t rdra, tdra;
    unsigned rlen, tlen;    /* ring entries (1-128) */
    unsigned rx_idx, tx_idx;
    bool irq_out;
    uint64_t frames_rx, frames_tx, frames_missed;
    uint8_t buf[AM7990_MAX_FRAME + 4 + 64];
} am7990_t;

void am7990_init(am7990_t *l, const am7990_cfg_t *cfg);
/* The /RESET pin: STOP set, CSR3 cleared (data sheet, "RESET"). */
void am7990_reset(am7990_t *l);
uint16_t am7990_read(am7990_t *l, unsigned reg);
void am7990_write(am7990_t *l, unsigned reg, uint16_t value);
uint16_t am7990_peek(const am7990_t *l, unsigned reg);
/* A frame from the network (no FCS). Returns true if it was stored in the receive ring;
 * false if the receiver is off, the address filter rejected it, or it was missed (no free
 * descriptor: MISS). */
bool am7990_receive(am7990_t *l, const uint8_t *frame, size_t len);
/* The transmit ring poll the chip makes every 1.6 ms while TXON (data sheet, "Transmit
 * Descriptor Ring"): the machine calls it from an emulated-time event. */
void am7990_poll(am7990_t *l);
/* Read CSR0 as the host would, without side effects (same as am7990_peek(l, RDP) with RAP 0). */
uint16_t am7990_csr0(const am7990_t *l);

#endif
