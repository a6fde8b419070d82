#include "chips/dp8390.h"

#include "machines/state.h"

#include <string.h>

static void update_irq(dp8390_t *nic)
{
    bool level = (nic->isr & nic->imr & 0x7F) != 0;
    if (level != nic->irq_out) {
        nic->irq_out = level;
        if (nic->cfg.irq)
            nic->cfg.irq(nic->cfg.ctx, level);
    }
}

void dp8390_init(dp8390_t *nic, const dp8390_cfg_t *cfg)
{
    memset(nic, 0, sizeof *nic);
    nic->cfg = *cfg;
    dp8390_reset(nic);
}

void dp8390_reset(dp8390_t *nic)
{
    /* Data sheet §6: after RESET the NIC is stopped (CR = 0x21: STP, remote DMA aborted, page 0),
     * ISR.RST is set and the interrupt mask is cleared; TCR takes loopback mode 1. */
    nic->cr = CR_STP | CR_RD_ABORT;
    nic->isr = ISR_RST;
    nic->imr = 0;
    nic->tcr = 0x02;
    nic->dcr = 0;
    nic->rcr = 0;
    nic->rbcr = nic->tbcr = 0;
    nic->irq_out = false;
    update_irq(nic);
}

bool dp8390_irq(const dp8390_t *nic) { return nic->irq_out; }

/* Advances a remote-DMA address; reads wrap from PSTOP to PSTART as the ring does (§10). */
static uint16_t next_dma_addr(const dp8390_t *nic, uint16_t addr)
{
    addr++;
    if (nic->pstop && nic->pstop > nic->pstart && addr == (uint16_t)(nic->pstop << 8))
        addr = (uint16_t)(nic->pstart << 8);
    return addr;
}

static uint8_t mem_get(const dp8390_t *nic, uint16_t addr)
{
    /* The EtherH maps 32 KB at local addresses 0-0x7FFF; above that reads float high. */
    return addr < DP8390_MEM_SIZE ? nic->mem[addr] : 0xFF;
}

static void mem_put(dp8390_t *nic, uint16_t addr, uint8_t v)
{
    if (addr < DP8390_MEM_SIZE)
        nic->mem[addr] = v;
}

static void remote_dma_step(dp8390_t *nic, unsigned bytes)
{
    for (unsigned i = 0; i < bytes && nic->rbcr; i++) {
        nic->crda = next_dma_addr(nic, nic->crda);
        nic->rbcr--;
    }
    if (nic->rbcr == 0 && (nic->cr & CR_RD_MASK) != CR_RD_ABORT) {
        nic->isr |= ISR_RDC;
        update_irq(nic);
    }
}

uint16_t dp8390_data_read(dp8390_t *nic, bool word)
{
    if ((nic->cr & CR_RD_MASK) != CR_RD_READ || nic->rbcr == 0)
        return word ? 0xFFFF : 0xFF; /* no remote read in progress: the bus floats */
    uint16_t v = mem_get(nic, nic->crda);
    remote_dma_step(nic, 1);
    if (word && (nic->dcr & DCR_WTS)) {
        /* Little-endian word mode (DCR.BOS = 0): first byte in bits 0-7. */
        v |= (uint16_t)(mem_get(nic, nic->crda) << 8);
        remote_dma_step(nic, 1);
    }
    return v;
}

void dp8390_data_write(dp8390_t *nic, uint16_t value, bool word)
{
    if ((nic->cr & CR_RD_MASK) != CR_RD_WRITE || nic->rbcr == 0)
        return;
    mem_put(nic, nic->crda, (uint8_t)value);
    remote_dma_step(nic, 1);
    if (word && (nic->dcr & DCR_WTS) && nic->rbcr) {
        mem_put(nic, nic->crda, (uint8_t)(value >> 8));
        remote_dma_step(nic, 1);
    }
}

static void transmit(dp8390_t *nic)
{
    uint16_t start = (uint16_t)(nic->tpsr << 8);
    size_t len = nic->tbcr;
    if (len > DP8390_MAX_FRAME)
        len = DP8390_MAX_FRAME;
    if (start + len > DP8390_MEM_SIZE)
        len = start < DP8390_MEM_SIZE ? DP8390_MEM_SIZE - start : 0;
    if (nic->tcr & TCR_LB_MASK) {
        /* Loopback: the frame comes straight back to the receiver, never onto the wire. */
        dp8390_receive(nic, nic->mem + start, len);
    } else if (nic->cfg.transmit && len) {
        nic->cfg.transmit(nic->cfg.ctx, nic->mem + start, len);
    }
    nic->frames_sent++;
    nic->tsr = 0x01; /* PTX: sent without error (no collisions on an emulated wire) */
    nic->cr &= (uint8_t)~CR_TXP;
    nic->isr |= ISR_PTX;
    update_irq(nic);
}

static void write_cr(dp8390_t *nic, uint8_t v)
{
    /* STP and STA: setting one clears the other; writing neither keeps the state (the Linux
     * driver writes 0x20/0x60 to change page only). */
    uint8_t run = nic->cr & (CR_STP | CR_STA);
    if (v & CR_STP)
        run = CR_STP;
    else if (v & CR_STA)
        run = CR_STA;
    nic->cr = (uint8_t)((v & (CR_PS_MASK | CR_RD_MASK)) | run | (nic->cr & CR_TXP));
    if (run & CR_STP)
        nic->isr |= ISR_RST;
    else
        nic->isr &= (uint8_t)~ISR_RST;
    unsigned rd = v & CR_RD_MASK;
    if (rd == CR_RD_READ || rd == CR_RD_WRITE) {
        nic->crda = nic->rsar;
        if (nic->rbcr == 0) {
            nic->isr |= ISR_RDC;
        }
    }
    if ((v & CR_TXP) && (run & CR_STA))
        transmit(nic);
    update_irq(nic);
}

uint8_t dp8390_peek(const dp8390_t *nic, unsigned page, unsigned reg)
{
    reg &= 15;
    if (reg == DP_CR)
        return nic->cr;
    if (page == 1) {
        if (reg <= 6) return nic->par[reg - 1];
        if (reg == DP_CURR) return nic->curr;
        return nic->mar[reg - 8];
    }
    if (page == 2) {
        switch (reg) {
        case 1: return nic->pstart;
        case 2: return nic->pstop;
        case 4: return nic->tpsr;
        case 0xC: return nic->rcr | 0xC0;
        case 0xD: return nic->tcr | 0xE0;
        case 0xE: return nic->dcr | 0x80;
        case 0xF: return nic->imr | 0x80;
        default: return 0xFF;
        }
    }
    switch (reg) {
    case DP_CLDA0: return (uint8_t)nic->crda;
    case DP_CLDA1: return (uint8_t)(nic->crda >> 8);
    case DP_BNRY: return nic->bnry;
    case DP_TSR: return nic->tsr;
    case DP_NCR: return nic->ncr;
    case DP_FIFO: return 0;
    case DP_ISR: return nic->isr;
    case DP_CRDA0: return (uint8_t)nic->crda;
    case DP_CRDA1: return (uint8_t)(nic->crda >> 8);
    case DP_RSR: return nic->rsr;
    case DP_CNTR0: return nic->cntr[0];
    case DP_CNTR1: return nic->cntr[1];
    case DP_CNTR2: return nic->cntr[2];
    default: return 0xFF; /* 0x0A, 0x0B: reserved */
    }
}

uint8_t dp8390_read(dp8390_t *nic, unsigned reg)
{
    unsigned page = nic->cr >> 6;
    uint8_t v = dp8390_peek(nic, page, reg);
    /* Tally counters clear when read (§6.3). */
    if (page == 0 && reg >= DP_CNTR0 && reg <= DP_CNTR2) {
        nic->cntr[reg - DP_CNTR0] = 0;
        if (!nic->cntr[0] && !nic->cntr[1] && !nic->cntr[2] && (nic->isr & ISR_CNT)) {
            nic->isr &= (uint8_t)~ISR_CNT;
            update_irq(nic);
        }
    }
    return v;
}

void dp8390_write(dp8390_t *nic, unsigned reg, uint8_t v)
{
    reg &= 15;
    if (reg == DP_CR) {
        write_cr(nic, v);
        return;
    }
    unsigned page = nic->cr >> 6;
    if (page == 1) {
        if (reg <= 6) nic->par[reg - 1] = v;
        else if (reg == DP_CURR) nic->curr = v;
        else nic->mar[reg - 8] = v;
        return;
    }
    if (page != 0)
        return; /* page 2 is read-only, page 3 reserved */
    switch (reg) {
    case DP_PSTART: nic->pstart = v; break;
    case DP_PSTOP: nic->pstop = v; break;
    case DP_BNRY: nic->bnry = v; break;
    case DP_TPSR: nic->tpsr = v; break;
    case DP_TBCR0: nic->tbcr = (uint16_t)((nic->tbcr & 0xFF00) | v); break;
    case DP_TBCR1: nic->tbcr = (uint16_t)((nic->tbcr & 0x00FF) | v << 8); break;
    case DP_ISR:
        /* Writing 1 clears a status bit; RST follows the stop state and cannot be cleared. */
        nic->isr &= (uint8_t)~(v & 0x7F);
        update_irq(nic);
        break;
    case DP_RSAR0: nic->rsar = (uint16_t)((nic->rsar & 0xFF00) | v); break;
    case DP_RSAR1: nic->rsar = (uint16_t)((nic->rsar & 0x00FF) | v << 8); break;
    case DP_RBCR0: nic->rbcr = (uint16_t)((nic->rbcr & 0xFF00) | v); break;
    case DP_RBCR1: nic->rbcr = (uint16_t)((nic->rbcr & 0x00FF) | v << 8); break;
    case DP_RCR: nic->rcr = v & 0x3F; break;
    case DP_TCR: nic->tcr = v & 0x1F; break;
    case DP_DCR: nic->dcr = v & 0x7F; break;
    case DP_IMR:
        nic->imr = v & 0x7F;
        update_irq(nic);
        break;
    }
}

/* Ethernet CRC-32 of a destination address: its top 6 bits index the multicast filter (§8.2). */
static unsigned multicast_bit(const uint8_t *addr)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (int i = 0; i < 6; i++) {
        uint8_t b = addr[i];
        for (int k = 0; k < 8; k++, b >>= 1)
            crc = (crc << 1) ^ (((crc >> 31) ^ (b & 1)) ? 0x04C11DB7u : 0);
    }
    return crc >> 26;
}

static bool address_accepted(const dp8390_t *nic, const uint8_t *dst, uint8_t *rsr)
{
    static const uint8_t broadcast[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    if (nic->rcr & RCR_PRO)
        return true;
    if (memcmp(dst, broadcast, 6) == 0) {
        *rsr |= RSR_PHY;
        return (nic->rcr & RCR_AB) != 0;
    }
    if (dst[0] & 1) {
        unsigned bit = multicast_bit(dst);
        *rsr |= RSR_PHY;
        return (nic->rcr & RCR_AM) && (nic->mar[bit >> 3] & (1u << (bit & 7)));
    }
    return memcmp(dst, nic->par, 6) == 0;
}

static unsigned ring_pages(const dp8390_t *nic)
{
    return nic->pstop > nic->pstart ? (unsigned)(nic->pstop - nic->pstart) : 0;
}

/* Free pages from CURR up to (not including) the page at BNRY. */
static unsigned free_pages(const dp8390_t *nic)
{
    int ring = (int)ring_pages(nic);
    return ring ? (unsigned)((nic->bnry - nic->curr + ring) % ring) : 0;
}

static unsigned pages_for(size_t len)
{
    size_t padded = len < DP8390_MIN_FRAME ? DP8390_MIN_FRAME : len;
    return (unsigned)((padded + 4 + 255) / 256);
}

bool dp8390_can_receive(const dp8390_t *nic, size_t len)
{
    return !(nic->cr & CR_STP) && ring_pages(nic) && pages_for(len) <= free_pages(nic);
}

bool dp8390_receive(dp8390_t *nic, const uint8_t *frame, size_t len)
{
    uint8_t rsr = RSR_PRX;
    if ((nic->cr & CR_STP) || len < 14 || len > DP8390_MAX_FRAME)
        return false;
    if (!address_accepted(nic, frame, &rsr))
        return false;
    if (nic->rcr & RCR_MON) {
        nic->rsr = rsr | RSR_MPA; /* monitor mode: checked and counted, not stored */
        return false;
    }
    unsigned ring = ring_pages(nic);
    if (!ring || nic->curr < nic->pstart || nic->curr >= nic->pstop)
        return false;
    size_t padded = len < DP8390_MIN_FRAME ? DP8390_MIN_FRAME : len;
    unsigned count = (unsigned)padded + 4; /* the 4-byte header counts, as on the chip */
    unsigned pages = pages_for(len);
    if (pages > free_pages(nic)) {
        nic->frames_dropped++;
        nic->rsr = RSR_MPA;
        if (++nic->cntr[2] == 0xC0) /* counter half full: ISR.CNT (§6.3) */
            nic->isr |= ISR_CNT;
        update_irq(nic);
        return false;
    }
    unsigned next = nic->curr + pages;
    if (next >= nic->pstop)
        next -= ring;
    uint16_t addr = (uint16_t)(nic->curr << 8);
    uint8_t header[4] = {rsr, (uint8_t)next, (uint8_t)count, (uint8_t)(count >> 8)};
    for (unsigned i = 0; i < count; i++) {
        uint8_t b = i < 4 ? header[i] : (i - 4 < len ? frame[i - 4] : 0);
        mem_put(nic, addr, b);
        addr = next_dma_addr(nic, addr);
    }
    nic->curr = (uint8_t)next;
    nic->rsr = rsr;
    nic->frames_received++;
    nic->isr |= ISR_PRX;
    update_irq(nic);
    return true;
}

void dp8390_serialize(dp8390_t *nic, ser_t *s)
{
    /* every register value is one the chip can hold: its memory accesses are bounded anyway */
    SER(s, nic->cr);
    SER(s, nic->isr);
    SER(s, nic->imr);
    SER(s, nic->dcr);
    SER(s, nic->tcr);
    SER(s, nic->rcr);
    SER(s, nic->tsr);
    SER(s, nic->rsr);
    SER(s, nic->ncr);
    SER(s, nic->pstart);
    SER(s, nic->pstop);
    SER(s, nic->bnry);
    SER(s, nic->curr);
    SER(s, nic->tpsr);
    SER(s, nic->tbcr);
    SER(s, nic->rbcr);
    SER(s, nic->rsar);
    SER(s, nic->crda);
    ser_bytes(s, nic->par, sizeof nic->par);
    ser_bytes(s, nic->mar, sizeof nic->mar);
    ser_bytes(s, nic->cntr, sizeof nic->cntr);
    SER(s, nic->irq_out);
    SER(s, nic->frames_sent);
    SER(s, nic->frames_received);
    SER(s, nic->frames_dropped);
    ser_memory(s, nic->mem, sizeof nic->mem);
}
