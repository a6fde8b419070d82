/* National Semiconductor DP8390 Network Interface Controller (NIC), the Ethernet chip of the
 * i3 EtherLan 600 (EtherH) podule and of NE2000-class cards. Source: DP8390D/NS32490D NIC
 * data sheet (National, 1996) §6 (registers), §8 (buffer management), §10 (remote DMA); the
 * Linux driver's use of it is listed in shared/testdata/linux-rpc-net/README.md §5.6.
 * The card model (podule) maps the 16 registers and the data port onto its bus and gates the
 * interrupt; this file is the chip alone with its local buffer RAM. */
#ifndef ARCANA_DP8390_H
#define ARCANA_DP8390_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DP8390_MEM_SIZE 0x8000  /* local buffer RAM, pages 0x00-0x7F (EtherH) */
#define DP8390_MIN_FRAME 60     /* frames shorter than this are padded on receive */
#define DP8390_MAX_FRAME 1518

/* Register offsets (page 0 unless noted). */
enum {
    DP_CR = 0x00,
    DP_PSTART = 0x01, DP_CLDA0 = 0x01, DP_PAR0 = 0x01, /* page 1: PAR0-5 at 1-6 */
    DP_PSTOP = 0x02, DP_CLDA1 = 0x02,
    DP_BNRY = 0x03,
    DP_TPSR = 0x04, DP_TSR = 0x04,
    DP_TBCR0 = 0x05, DP_NCR = 0x05,
    DP_TBCR1 = 0x06, DP_FIFO = 0x06,
    DP_ISR = 0x07, DP_CURR = 0x07, /* page 1 */
    DP_RSAR0 = 0x08, DP_CRDA0 = 0x08, DP_MAR0 = 0x08, /* page 1: MAR0-7 at 8-15 */
    DP_RSAR1 = 0x09, DP_CRDA1 = 0x09,
    DP_RBCR0 = 0x0A,
    DP_RBCR1 = 0x0B,
    DP_RCR = 0x0C, DP_RSR = 0x0C,
    DP_TCR = 0x0D, DP_CNTR0 = 0x0D,
    DP_DCR = 0x0E, DP_CNTR1 = 0x0E,
    DP_IMR = 0x0F, DP_CNTR2 = 0x0F,
};

/* CR bits */
enum { CR_STP = 0x01, CR_STA = 0x02, CR_TXP = 0x04, CR_RD_MASK = 0x38, CR_RD_READ = 0x08, CR_RD_WRITE = 0x10,
       CR_RD_SEND = 0x18, CR_RD_ABORT = 0x20, CR_PS_MASK = 0xC0 };
/* ISR / IMR bits */
enum { ISR_PRX = 0x01, ISR_PTX = 0x02, ISR_RXE = 0x04, ISR_TXE = 0x08, ISR_OVW = 0x10, ISR_CNT = 0x20,
       ISR_RDC = 0x40, ISR_RST = 0x80 };
/* RCR bits */
enum { RCR_SEP = 0x01, RCR_AR = 0x02, RCR_AB = 0x04, RCR_AM = 0x08, RCR_PRO = 0x10, RCR_MON = 0x20 };
/* RSR bits */
enum { RSR_PRX = 0x01, RSR_MPA = 0x10, RSR_PHY = 0x20 };
/* TCR loopback bits; DCR word-transfer bit */
enum { TCR_LB_MASK = 0x06, DCR_WTS = 0x01 };

typedef struct dp8390_cfg {
    uint8_t mac[6];                  /* not loaded into PAR by the chip: drivers write PAR */
    void *ctx;
    void (*irq)(void *ctx, bool asserted);                       /* INT pin changed */
    void (*transmit)(void *ctx, const uint8_t *frame, size_t len); /* a frame for the wire */
} dp8390_cfg_t;

typedef struct dp8390 {
    dp8390_cfg_t cfg;
    uint8_t cr, isr, imr, dcr, tcr, rcr, tsr, rsr, ncr;
    uint8_t pstart, pstop, bnry, curr, tpsr;
    uint16_t tbcr, rbcr, rsar, crda;  /* crda: current remote DMA address */
    uint8_t par[6], mar[8];
    uint8_t cntr[3];                  /* tally counters: frame alignment, CRC, missed packets */
    bool irq_out;
    uint64_t frames_sent, frames_received, frames_dropped;
    uint8_t mem[DP8390_MEM_SIZE];
} dp8390_t;

void dp8390_init(dp8390_t *nic, const dp8390_cfg_t *cfg);
void dp8390_reset(dp8390_t *nic);                /* the RESET pin: stopped, ISR.RST */
uint8_t dp8390_read(dp8390_t *nic, unsigned reg); /* reg 0..15 in the page CR selects */
void dp8390_write(dp8390_t *nic, unsigned reg, uint8_t value);
uint8_t dp8390_peek(const dp8390_t *nic, unsigned page, unsigned reg); /* no side effects */
/* The data port: one remote-DMA transfer of a word (16-bit mode, DCR.WTS) or a byte. */
uint16_t dp8390_data_read(dp8390_t *nic, bool word);
void dp8390_data_write(dp8390_t *nic, uint16_t value, bool word);
/* A frame from the wire (without CRC). Returns false when it was not taken (stopped, not
 * addressed to us, or no room in the ring: then counted as missed). */
bool dp8390_receive(dp8390_t *nic, const uint8_t *frame, size_t len);
bool dp8390_irq(const dp8390_t *nic);
/* Would a frame of `len` bytes be stored now (started, ring has room)? Lets the card leave
 * frames queued upstream instead of dropping them. */
bool dp8390_can_receive(const dp8390_t *nic, size_t len);

typedef struct ser ser_t;
/* Save states (machines/state.h): registers, counters and the buffer RAM; not the configuration. */
void dp8390_serialize(dp8390_t *nic, ser_t *s);

#endif
