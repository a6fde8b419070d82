/* Am7990 LANCE: see am7990.h. Section names refer to the Am7990 data sheet. */
#include "chips/am7990.h"

#include <string.h>

#define W1C_BITS (LE_BABL | LE_CERR | LE_MISS | LE_MERR | LE_RINT | LE_TINT | LE_IDON)
#define MAX_CHAIN 128
#define MIN_FRAME 60 /* a frame on the wire is padded to 60 bytes plus FCS */

/* CRC-32 of IEEE 802.3, bit-reversed (LSB first, as the serial CRC generator sees the bits). */
static uint32_t crc32_le(uint32_t crc, const uint8_t *p, size_t n)
{
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return crc;
}

uint16_t am7990_csr0(const am7990_t *l)
{
    uint16_t v = l->csr0;
    /* ERR: BABL|CERR|MISS|MERR; INTR: any interrupting condition (CERR does not interrupt). */
    if (v & (LE_BABL | LE_CERR | LE_MISS | LE_MERR))
        v |= LE_ERR;
    if (v & (LE_BABL | LE_MISS | LE_MERR | LE_RINT | LE_TINT | LE_IDON))
        v |= LE_INTR;
    return v;
}

static void update_irq(am7990_t *l)
{
    uint16_t v = am7990_csr0(l);
    bool on = (v & LE_INTR) && (v & LE_INEA);
    if (on != l->irq_out) {
        l->irq_out = on;
        if (l->cfg.irq)
            l->cfg.irq(l->cfg.ctx, on);
    }
}

/* ---- memory ---- */

static uint16_t rd16(am7990_t *l, uint32_t addr) { return l->cfg.dma_read(l->cfg.ctx, addr & 0xFFFFFE); }
static void wr16(am7990_t *l, uint32_t addr, uint16_t v) { l->cfg.dma_write(l->cfg.ctx, addr & 0xFFFFFE, v); }

/* Which half of the data bus a buffer byte travels on (CSR3 BSWP). */
static unsigned byte_shift(const am7990_t *l, uint32_t addr)
{
    bool even = !(addr & 1);
    return ((l->csr3 & LE_BSWP) ? even : !even) ? 8 : 0;
}

static uint8_t rd8(am7990_t *l, uint32_t addr) { return (uint8_t)(rd16(l, addr) >> byte_shift(l, addr)); }

static void wr8(am7990_t *l, uint32_t addr, uint8_t v)
{
    unsigned s = byte_shift(l, addr);
    uint16_t w = rd16(l, addr);
    wr16(l, addr, (uint16_t)((w & ~(0xFFu << s)) | (unsigned)v << s));
}

/* A descriptor: RMD0/TMD0 buffer address 15-0, RMD1/TMD1 status + address 23-16, RMD2/TMD2
 * BCNT (two's complement, bits 15-12 ones), RMD3 MCNT / TMD3 errors. */
static uint32_t desc_addr(uint32_t ring, unsigned idx) { return (ring + 8u * idx) & 0xFFFFFF; }
static uint32_t desc_buf(am7990_t *l, uint32_t d) { return (rd16(l, d) | (uint32_t)(rd16(l, d + 2) & 0xFF) << 16); }
static unsigned desc_bcnt(am7990_t *l, uint32_t d)
{
    unsigned n = (0x10000u - (rd16(l, d + 4) | 0xF000u)) & 0xFFFF;
    return n ? n : 4096;
}

/* ---- registers ---- */

static void stop(am7990_t *l)
{
    /* STOP: everything else in CSR0 clears and CSR3 returns to its reset value (data sheet,
       CSR0 STOP; Linux atarilance.c notes the chip falls back to little-endian). */
    l->csr0 = LE_STOP;
    l->csr3 = 0;
    update_irq(l);
}

void am7990_reset(am7990_t *l)
{
    l->rap = 0;
    l->iadr = 0;
    l->rx_idx = l->tx_idx = 0;
    stop(l);
}

void am7990_init(am7990_t *l, const am7990_cfg_t *cfg)
{
    memset(l, 0, sizeof *l);
    l->cfg = *cfg;
    l->rlen = l->tlen = 1;
    am7990_reset(l);
}

/* INIT: the chip reads the 12-word initialization block at IADR (data sheet, "Initialization
   Block"). The rings start again at their first entry. */
static void read_init_block(am7990_t *l)
{
    uint32_t a = l->iadr;
    uint16_t w[12];
    for (int i = 0; i < 12; i++)
        w[i] = rd16(l, a + 2u * (unsigned)i);
    l->mode = w[0];
    for (int i = 0; i < 6; i++)
        l->padr[i] = (uint8_t)(w[1 + i / 2] >> (8 * (i & 1))); /* PADR bits 7-0 = first byte */
    for (int i = 0; i < 4; i++)
        l->ladrf[i] = w[4 + i];
    l->rdra = (w[8] | (uint32_t)(w[9] & 0xFF) << 16) & 0xFFFFF8; /* quadword aligned */
    l->rlen = 1u << (w[9] >> 13);
    l->tdra = (w[10] | (uint32_t)(w[11] & 0xFF) << 16) & 0xFFFFF8;
    l->tlen = 1u << (w[11] >> 13);
    l->rx_idx = l->tx_idx = 0;
}

static void transmit_ring(am7990_t *l);

static void csr0_write(am7990_t *l, uint16_t v)
{
    if (v & LE_STOP) {
        stop(l);
        return;
    }
    l->csr0 &= (uint16_t)~(v & W1C_BITS);
    l->csr0 = (uint16_t)((l->csr0 & ~LE_INEA) | (v & LE_INEA));
    if ((v & LE_INIT) && !(l->csr0 & LE_INIT)) {
        l->csr0 = (uint16_t)((l->csr0 & ~LE_STOP) | LE_INIT);
        read_init_block(l);
        l->csr0 |= LE_IDON;
    }
    if ((v & LE_STRT) && !(l->csr0 & LE_STRT)) {
        l->csr0 = (uint16_t)((l->csr0 & ~LE_STOP) | LE_STRT);
        if (!(l->mode & LE_MODE_DTX))
            l->csr0 |= LE_TXON;
        if (!(l->mode & LE_MODE_DRX))
            l->csr0 |= LE_RXON;
    }
    update_irq(l);
    if ((v & LE_TDMD) && (l->csr0 & LE_TXON)) {
        /* TDMD: poll the transmit ring now instead of at the next 1.6 ms poll; the chip clears
           it once it has looked. */
        transmit_ring(l);
    }
}

uint16_t am7990_peek(const am7990_t *l, unsigned reg)
{
    if (reg == AM7990_RAP)
        return l->rap;
    switch (l->rap) {
    case 0: return am7990_csr0(l);
    case 1: return (uint16_t)(l->iadr & 0xFFFE);
    case 2: return (uint16_t)(l->iadr >> 16);
    default: return l->csr3;
    }
}

uint16_t am7990_read(am7990_t *l, unsigned reg) { return am7990_peek(l, reg); }

void am7990_write(am7990_t *l, unsigned reg, uint16_t v)
{
    if (reg == AM7990_RAP) {
        l->rap = v & 3;
        return;
    }
    if (l->rap == 0) {
        csr0_write(l, v);
        return;
    }
    /* CSR1-3 are accessible only while STOP is set (data sheet, "Register Access"). */
    if (!(l->csr0 & LE_STOP))
        return;
    if (l->rap == 1)
        l->iadr = (l->iadr & 0xFF0000) | (v & 0xFFFE);
    else if (l->rap == 2)
        l->iadr = (l->iadr & 0xFFFF) | (uint32_t)(v & 0xFF) << 16;
    else
        l->csr3 = v & (LE_BSWP | LE_ACON | LE_BCON);
}

/* ---- receive ---- */

static bool address_match(const am7990_t *l, const uint8_t *dst)
{
    if (l->mode & LE_MODE_PROM)
        return true;
    if (!(dst[0] & 1))
        return memcmp(dst, l->padr, 6) == 0;
    static const uint8_t bcast[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    if (memcmp(dst, bcast, 6) == 0)
        return true;
    /* Logical (multicast) address filter: the top 6 bits of the CRC of the destination
       address select one of the 64 LADRF bits (data sheet, "LADRF"). */
    unsigned h = crc32_le(0xFFFFFFFFu, dst, 6) >> 26;
    return (l->ladrf[h >> 4] >> (h & 15)) & 1;
}

/* Stores buf[0..total) into the ring from rx_idx on, chaining descriptors. */
static bool store_frame(am7990_t *l, unsigned total)
{
    unsigned chain[MAX_CHAIN];
    unsigned n = 0, off = 0, idx = l->rx_idx;
    uint16_t last_status = 0;
    for (;;) {
        uint32_t d = desc_addr(l->rdra, idx);
        uint32_t buf = desc_buf(l, d);
        unsigned cnt = desc_bcnt(l, d);
        if (cnt > total - off)
            cnt = total - off;
        for (unsigned i = 0; i < cnt; i++)
            wr8(l, buf + i, l->buf[off + i]);
        off += cnt;
        chain[n++] = idx;
        if (off == total) {
            last_status = LE_D_ENP;
            wr16(l, d + 6, (uint16_t)total); /* MCNT, only in the ENP descriptor */
            break;
        }
        unsigned next = (idx + 1) % l->rlen;
        if (n == l->rlen || next == l->rx_idx || !(rd16(l, desc_addr(l->rdra, next) + 2) & LE_D_OWN)) {
            /* The next buffer is the host's: BUFF, and the rest of the frame overflows. */
            last_status = LE_D_ERR | LE_R_BUFF | LE_R_OFLO;
            break;
        }
        idx = next;
    }
    /* Hand the buffers back, the first (STP) one last so the host never sees a half frame. */
    for (unsigned i = n; i-- > 0;) {
        uint32_t d = desc_addr(l->rdra, chain[i]);
        uint16_t st = (uint16_t)(rd16(l, d + 2) & 0xFF);
        if (i == 0)
            st |= LE_D_STP;
        if (i == n - 1)
            st |= last_status;
        wr16(l, d + 2, st);
    }
    l->rx_idx = (chain[n - 1] + 1) % l->rlen;
    l->csr0 |= LE_RINT;
    return !(last_status & LE_D_ERR);
}

static bool receive(am7990_t *l, const uint8_t *frame, size_t len)
{
    if (len < 14 || len > AM7990_MAX_FRAME)
        return false;
    if (!address_match(l, frame))
        return false;
    if (!(rd16(l, desc_addr(l->rdra, l->rx_idx) + 2) & LE_D_OWN)) {
        l->csr0 |= LE_MISS; /* no receive buffer: the frame is lost (CSR0 MISS) */
        l->frames_missed++;
        update_irq(l);
        return false;
    }
    memcpy(l->buf, frame, len);
    size_t n = len;
    if (n < MIN_FRAME) {
        memset(l->buf + n, 0, MIN_FRAME - n);
        n = MIN_FRAME;
    }
    uint32_t fcs = ~crc32_le(0xFFFFFFFFu, l->buf, n);
    for (int i = 0; i < 4; i++)
        l->buf[n + (size_t)i] = (uint8_t)(fcs >> (8 * i));
    bool ok = store_frame(l, (unsigned)n + 4);
    if (ok)
        l->frames_rx++;
    update_irq(l);
    return ok;
}

bool am7990_receive(am7990_t *l, const uint8_t *frame, size_t len)
{
    /* In loopback the receiver hears only the chip's own transmissions. */
    if (!(l->csr0 & LE_RXON) || (l->mode & LE_MODE_LOOP))
        return false;
    return receive(l, frame, len);
}

/* ---- transmit ---- */

/* Sends the frame starting at tx_idx (which the chip owns). Returns false if the ring has
   no complete frame for the chip. */
static bool transmit_one(am7990_t *l)
{
    unsigned chain[MAX_CHAIN];
    unsigned n = 0, len = 0, idx = l->tx_idx;
    uint16_t err3 = 0;
    bool babble = false;
    for (;;) {
        uint32_t d = desc_addr(l->tdra, idx);
        uint32_t buf = desc_buf(l, d);
        unsigned cnt = desc_bcnt(l, d);
        for (unsigned i = 0; i < cnt; i++) {
            if (len < sizeof l->buf)
                l->buf[len++] = rd8(l, buf + i);
            else
                babble = true;
        }
        chain[n++] = idx;
        if (rd16(l, d + 2) & LE_D_ENP)
            break;
        unsigned next = (idx + 1) % l->tlen;
        if (n == l->tlen || next == l->tx_idx || !(rd16(l, desc_addr(l->tdra, next) + 2) & LE_D_OWN)) {
            /* The host had not handed over the rest of the frame: BUFF and UFLO, and the
               transmitter turns off (data sheet, TMD3 BUFF/UFLO). */
            err3 = LE_T3_BUFF | LE_T3_UFLO;
            break;
        }
        idx = next;
    }
    if (!err3) {
        size_t out = len;
        if ((l->mode & LE_MODE_DTCR) && out >= 4)
            out -= 4; /* the host supplied the FCS itself */
        if (out > AM7990_MAX_FRAME) {
            babble = true;
            out = AM7990_MAX_FRAME;
        }
        if (l->mode & LE_MODE_LOOP) {
            if (!(l->mode & LE_MODE_DRX))
                receive(l, l->buf, out);
        } else if (l->cfg.transmit) {
            l->cfg.transmit(l->cfg.ctx, l->buf, out);
        }
        l->frames_tx++;
    }
    for (unsigned i = n; i-- > 0;) {
        uint32_t d = desc_addr(l->tdra, chain[i]);
        uint16_t st = (uint16_t)(rd16(l, d + 2) & (0xFF | LE_D_STP | LE_D_ENP));
        if (i == n - 1 && err3) {
            st |= LE_D_ERR;
            wr16(l, d + 6, err3);
        } else {
            wr16(l, d + 6, 0);
        }
        wr16(l, d + 2, st);
    }
    l->tx_idx = (chain[n - 1] + 1) % l->tlen;
    l->csr0 |= LE_TINT;
    if (babble)
        l->csr0 |= LE_BABL;
    if (err3)
        l->csr0 &= (uint16_t)~LE_TXON;
    return true;
}

static void transmit_ring(am7990_t *l)
{
    /* A full ring at most per poll: the chip keeps transmitting while it owns descriptors. */
    for (unsigned k = 0; k < l->tlen && (l->csr0 & LE_TXON); k++) {
        if (!(rd16(l, desc_addr(l->tdra, l->tx_idx) + 2) & LE_D_OWN))
            break;
        transmit_one(l);
    }
    l->csr0 &= (uint16_t)~LE_TDMD;
    update_irq(l);
}

void am7990_poll(am7990_t *l)
{
    if (l->csr0 & LE_TXON)
        transmit_ring(l);
}
