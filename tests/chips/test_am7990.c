/* Am7990 LANCE: the sequences a big-endian driver (Linux a2065.c style, CSR3 BSWP) makes:
 * STOP, IADR and CSR3, INIT/IDON, STRT; rings with OWN handover; transmit, receive with
 * chaining and wraparound, MISS, interrupts with INEA. */
#include "chips/am7990.h"
#include "tests/test.h"

typedef struct lan {
    am7990_t l;
    uint8_t mem[0x10000]; /* the LANCE's memory, big-endian as the 68000 sees it */
    uint8_t last[2048];
    size_t last_len;
    int sent, irq_changes;
    bool irq;
} lan_t;

static uint16_t m_rd(void *ctx, uint32_t a)
{
    lan_t *w = ctx;
    a &= 0xFFFE;
    return (uint16_t)(w->mem[a] << 8 | w->mem[a + 1]);
}
static void m_wr(void *ctx, uint32_t a, uint16_t v)
{
    lan_t *w = ctx;
    a &= 0xFFFE;
    w->mem[a] = (uint8_t)(v >> 8);
    w->mem[a + 1] = (uint8_t)v;
}
static void on_irq(void *ctx, bool level)
{
    lan_t *w = ctx;
    w->irq = level;
    w->irq_changes++;
}
static void on_tx(void *ctx, const uint8_t *f, size_t len)
{
    lan_t *w = ctx;
    memcpy(w->last, f, len);
    w->last_len = len;
    w->sent++;
}

static uint16_t get16(lan_t *w, uint32_t a) { return m_rd(w, a); }
static void put16(lan_t *w, uint32_t a, uint16_t v) { m_wr(w, a, v); }

static const uint8_t mac[6] = {0x00, 0x80, 0x10, 0xA5, 0x00, 0x01};

/* Layout: init block at 0x100, RX ring at 0x200, TX ring at 0x300, RX buffers at 0x1000 +
   i*0x600, TX buffers at 0x8000 + i*0x600. */
#define IB 0x100
#define RXR 0x200
#define TXR 0x300
#define RXB(i) (0x1000u + (unsigned)(i) * 0x600u)
#define TXB(i) (0x8000u + (unsigned)(i) * 0x600u)

static void rx_desc(lan_t *w, int i, uint16_t size, bool own)
{
    uint32_t d = RXR + 8u * (unsigned)i;
    put16(w, d, (uint16_t)RXB(i));
    put16(w, d + 2, own ? LE_D_OWN : 0);
    put16(w, d + 4, (uint16_t)(-size | 0xF000));
    put16(w, d + 6, 0);
}

static void setup(lan_t *w, int log_rx, int log_tx, uint16_t mode, uint16_t rxsize)
{
    memset(w, 0, sizeof *w);
    am7990_init(&w->l, &(am7990_cfg_t){.ctx = w, .dma_read = m_rd, .dma_write = m_wr, .irq = on_irq, .transmit = on_tx});
    put16(w, IB + 0, mode);
    /* PADR as a2065.c stores it: bytes swapped within each word on a big-endian host */
    for (int i = 0; i < 6; i += 2)
        put16(w, IB + 2 + (unsigned)i, (uint16_t)(mac[i + 1] << 8 | mac[i]));
    put16(w, IB + 16, RXR);
    put16(w, IB + 18, (uint16_t)(log_rx << 13));
    put16(w, IB + 20, TXR);
    put16(w, IB + 22, (uint16_t)(log_tx << 13));
    for (int i = 0; i < (1 << log_rx); i++)
        rx_desc(w, i, rxsize, true);
    for (int i = 0; i < (1 << log_tx); i++) {
        uint32_t d = TXR + 8u * (unsigned)i;
        put16(w, d, (uint16_t)TXB(i));
        put16(w, d + 2, 0);
        put16(w, d + 4, 0xF000);
        put16(w, d + 6, 0);
    }
}

static void lance_open(lan_t *w)
{
    am7990_t *l = &w->l;
    am7990_write(l, AM7990_RAP, 0);
    am7990_write(l, AM7990_RDP, LE_STOP);
    am7990_write(l, AM7990_RAP, 1);
    am7990_write(l, AM7990_RDP, IB);
    am7990_write(l, AM7990_RAP, 2);
    am7990_write(l, AM7990_RDP, 0);
    am7990_write(l, AM7990_RAP, 3);
    am7990_write(l, AM7990_RDP, LE_BSWP);
    am7990_write(l, AM7990_RAP, 0);
    am7990_write(l, AM7990_RDP, LE_INIT);
}

static void lance_start(lan_t *w)
{
    am7990_write(&w->l, AM7990_RDP, LE_IDON);
    am7990_write(&w->l, AM7990_RDP, LE_INEA | LE_STRT);
}

static size_t make_frame(uint8_t *f, const uint8_t *dst, size_t len, uint8_t seed)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, "\x52\x54\x00\x12\x34\x56", 6);
    f[12] = 0x08;
    f[13] = 0x00;
    for (size_t i = 14; i < len; i++)
        f[i] = (uint8_t)(seed + i * 7);
    return len;
}

TEST(am7990_reset_state)
{
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 2, 2, 0, 1536);
    CHECK_EQ(am7990_read(&w->l, AM7990_RDP), LE_STOP);
    CHECK(!w->irq);
    /* CSR1-3 are reachable while stopped; IADR bit 0 does not exist */
    am7990_write(&w->l, AM7990_RAP, 1);
    am7990_write(&w->l, AM7990_RDP, 0x1235);
    CHECK_EQ(am7990_read(&w->l, AM7990_RDP), 0x1234);
    CHECK_EQ(am7990_read(&w->l, AM7990_RAP), 1);
    am7990_write(&w->l, AM7990_RAP, 3);
    am7990_write(&w->l, AM7990_RDP, 0xFFFF);
    CHECK_EQ(am7990_read(&w->l, AM7990_RDP), 7);
    /* STOP clears CSR3 (the chip drops back to little-endian) */
    am7990_write(&w->l, AM7990_RAP, 0);
    am7990_write(&w->l, AM7990_RDP, LE_STOP);
    am7990_write(&w->l, AM7990_RAP, 3);
    CHECK_EQ(am7990_read(&w->l, AM7990_RDP), 0);
}

TEST(am7990_init_block)
{
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 3, 1, LE_MODE_DTCR, 1536);
    put16(w, IB + 8, 0x0001);
    put16(w, IB + 14, 0x8000);
    lance_open(w);
    uint16_t c0 = am7990_read(&w->l, AM7990_RDP);
    CHECK_EQ(c0, LE_INIT | LE_IDON | LE_INTR);
    CHECK(!w->irq); /* INEA off */
    CHECK_EQ(w->l.mode, LE_MODE_DTCR);
    for (int i = 0; i < 6; i++)
        CHECK_EQ(w->l.padr[i], mac[i]);
    CHECK_EQ(w->l.ladrf[0], 1);
    CHECK_EQ(w->l.ladrf[3], 0x8000);
    CHECK_EQ(w->l.rdra, RXR);
    CHECK_EQ(w->l.rlen, 8u);
    CHECK_EQ(w->l.tdra, TXR);
    CHECK_EQ(w->l.tlen, 2u);
    /* IDON with INEA interrupts; clearing IDON (write 1) drops it */
    am7990_write(&w->l, AM7990_RDP, LE_INEA);
    CHECK(w->irq);
    lance_start(w);
    CHECK(!w->irq);
    c0 = am7990_read(&w->l, AM7990_RDP);
    CHECK_EQ(c0, LE_INIT | LE_STRT | LE_INEA | LE_RXON | LE_TXON);
    /* CSR1-3 are not writable while running */
    am7990_write(&w->l, AM7990_RAP, 3);
    am7990_write(&w->l, AM7990_RDP, 0);
    CHECK_EQ(am7990_read(&w->l, AM7990_RDP), LE_BSWP);
}

TEST(am7990_transmit)
{
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 2, 2, 0, 1536);
    lance_open(w);
    lance_start(w);
    uint8_t f[100];
    size_t n = make_frame(f, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 100, 3);
    /* Chained over two buffers: 40 + 60 bytes, the second at an odd address */
    memcpy(&w->mem[TXB(0)], f, 40);
    memcpy(&w->mem[TXB(1) + 1], f + 40, 60);
    put16(w, TXR + 8, (uint16_t)(TXB(1) + 1));
    put16(w, TXR + 4, (uint16_t)(-40 | 0xF000));
    put16(w, TXR + 12, (uint16_t)(-60 | 0xF000));
    put16(w, TXR + 10, LE_D_OWN | LE_D_ENP);
    /* Nothing goes until the host hands over the first descriptor */
    am7990_write(&w->l, AM7990_RDP, LE_INEA | LE_TDMD);
    CHECK_EQ(w->sent, 0);
    put16(w, TXR + 2, LE_D_OWN | LE_D_STP);
    am7990_poll(&w->l);
    REQUIRE(w->sent == 1);
    CHECK_EQ(w->last_len, n);
    CHECK(memcmp(w->last, f, n) == 0);
    CHECK_EQ(get16(w, TXR + 2), LE_D_STP);
    CHECK_EQ(get16(w, TXR + 10), LE_D_ENP);
    uint16_t c0 = am7990_read(&w->l, AM7990_RDP);
    CHECK(c0 & LE_TINT);
    CHECK(!(c0 & LE_TDMD));
    CHECK(w->irq);
    am7990_write(&w->l, AM7990_RDP, LE_TINT | LE_INEA);
    CHECK(!w->irq);
    /* Next frame goes from descriptor 2 after TDMD, with wraparound to 0 for the third */
    memcpy(&w->mem[TXB(2)], f, 64);
    put16(w, TXR + 20, (uint16_t)(-64 | 0xF000));
    put16(w, TXR + 18, LE_D_OWN | LE_D_STP | LE_D_ENP);
    memcpy(&w->mem[TXB(3)], f, 70);
    put16(w, TXR + 28, (uint16_t)(-70 | 0xF000));
    put16(w, TXR + 26, LE_D_OWN | LE_D_STP | LE_D_ENP);
    put16(w, TXR + 4, (uint16_t)(-61 | 0xF000));
    put16(w, TXR + 2, LE_D_OWN | LE_D_STP | LE_D_ENP);
    am7990_write(&w->l, AM7990_RDP, LE_INEA | LE_TDMD);
    CHECK_EQ(w->sent, 4);
    CHECK_EQ(w->last_len, 61u);
    CHECK_EQ(w->l.tx_idx, 1u);
}

TEST(am7990_transmit_buffer_error)
{
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 2, 2, 0, 1536);
    lance_open(w);
    lance_start(w);
    /* STP without ENP and the next descriptor still the host's: BUFF|UFLO, TXON off */
    put16(w, TXR + 4, (uint16_t)(-64 | 0xF000));
    put16(w, TXR + 2, LE_D_OWN | LE_D_STP);
    am7990_write(&w->l, AM7990_RDP, LE_INEA | LE_TDMD);
    CHECK_EQ(w->sent, 0);
    CHECK_EQ(get16(w, TXR + 2), LE_D_ERR | LE_D_STP);
    CHECK_EQ(get16(w, TXR + 6), LE_T3_BUFF | LE_T3_UFLO);
    uint16_t c0 = am7990_read(&w->l, AM7990_RDP);
    CHECK(!(c0 & LE_TXON));
    CHECK(c0 & LE_RXON);
}

TEST(am7990_dtcr_and_loopback)
{
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 2, 2, LE_MODE_LOOP | LE_MODE_DTCR, 1536);
    lance_open(w);
    lance_start(w);
    uint8_t f[68];
    make_frame(f, mac, 68, 9);
    memcpy(&w->mem[TXB(0)], f, 68);
    put16(w, TXR + 4, (uint16_t)(-68 | 0xF000));
    put16(w, TXR + 2, LE_D_OWN | LE_D_STP | LE_D_ENP);
    am7990_write(&w->l, AM7990_RDP, LE_INEA | LE_TDMD);
    CHECK_EQ(w->sent, 0); /* looped back, not on the wire */
    /* 64 bytes of data (DTCR: the last 4 were the host's FCS) + the receiver's FCS */
    CHECK_EQ(get16(w, RXR + 2), LE_D_STP | LE_D_ENP);
    CHECK_EQ(get16(w, RXR + 6), 68);
    CHECK(memcmp(&w->mem[RXB(0)], f, 64) == 0);
    /* frames from outside are not heard in loopback */
    CHECK(!am7990_receive(&w->l, f, 64));
}

TEST(am7990_receive_fcs_and_filter)
{
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 2, 2, 0, 1536);
    lance_open(w);
    /* receiver off until STRT */
    uint8_t f[1600];
    make_frame(f, mac, 42, 1);
    CHECK(!am7990_receive(&w->l, f, 42));
    lance_start(w);
    REQUIRE(am7990_receive(&w->l, f, 42));
    /* padded to 60, plus the FCS: the CRC-32 residue of the whole stored frame is the magic */
    CHECK_EQ(get16(w, RXR + 6), 64);
    CHECK_EQ(get16(w, RXR + 2), LE_D_STP | LE_D_ENP);
    CHECK(memcmp(&w->mem[RXB(0)], f, 42) == 0);
    CHECK_EQ(w->mem[RXB(0) + 50], 0);
    uint32_t crc = 0xFFFFFFFFu;
    for (int i = 0; i < 64; i++) {
        crc ^= w->mem[RXB(0) + (unsigned)i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    CHECK_EQ(crc, 0xDEBB20E3u);
    CHECK(w->irq);
    CHECK(am7990_read(&w->l, AM7990_RDP) & LE_RINT);
    /* another station's unicast and an unlisted multicast are filtered; broadcast is not */
    make_frame(f, (const uint8_t *)"\x00\x80\x10\xA5\x00\x02", 60, 1);
    CHECK(!am7990_receive(&w->l, f, 60));
    make_frame(f, (const uint8_t *)"\x01\x00\x5e\x00\x00\x01", 60, 1);
    CHECK(!am7990_receive(&w->l, f, 60));
    make_frame(f, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 60, 1);
    CHECK(am7990_receive(&w->l, f, 60));
    CHECK_EQ(w->l.rx_idx, 2u);
}

TEST(am7990_multicast_filter)
{
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 2, 2, 0, 1536);
    /* 01:00:5e:00:00:01 hashes (ether_crc_le >> 26) to bit 0x3e... set all LADRF bits of
       word 3 and 2 and check the address is heard, then only a wrong word */
    uint8_t f[64];
    const uint8_t *grp = (const uint8_t *)"\x01\x00\x5e\x00\x00\x01";
    uint32_t crc = 0xFFFFFFFFu;
    for (int i = 0; i < 6; i++) {
        crc ^= grp[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    unsigned h = crc >> 26;
    put16(w, IB + 8 + 2 * (h >> 4), (uint16_t)(1u << (h & 15)));
    lance_open(w);
    lance_start(w);
    make_frame(f, grp, 60, 2);
    CHECK(am7990_receive(&w->l, f, 60));
    make_frame(f, (const uint8_t *)"\x01\x00\x5e\x00\x00\x02", 60, 2);
    /* a different group hits another bit unless the hashes collide */
    uint32_t c2 = 0xFFFFFFFFu;
    for (int i = 0; i < 6; i++) {
        c2 ^= f[i];
        for (int k = 0; k < 8; k++)
            c2 = (c2 >> 1) ^ (0xEDB88320u & (0u - (c2 & 1)));
    }
    CHECK_EQ(am7990_receive(&w->l, f, 60), (c2 >> 26) == h);
}

TEST(am7990_receive_chain_wrap_and_miss)
{
    static lan_t lan;
    lan_t *w = &lan;
    /* four 256-byte buffers: a 600-byte frame takes three */
    setup(w, 2, 2, LE_MODE_PROM, 256);
    lance_open(w);
    lance_start(w);
    uint8_t f[1600];
    make_frame(f, mac, 100, 4);
    REQUIRE(am7990_receive(&w->l, f, 100)); /* descriptor 0 */
    make_frame(f, mac, 600, 5);
    REQUIRE(am7990_receive(&w->l, f, 600)); /* 1, 2, 3 */
    CHECK_EQ(get16(w, RXR + 10), LE_D_STP);
    CHECK_EQ(get16(w, RXR + 18), 0);
    CHECK_EQ(get16(w, RXR + 26), LE_D_ENP);
    CHECK_EQ(get16(w, RXR + 30), 604);
    CHECK(memcmp(&w->mem[RXB(1)], f, 256) == 0);
    CHECK(memcmp(&w->mem[RXB(2)], f + 256, 256) == 0);
    CHECK(memcmp(&w->mem[RXB(3)], f + 512, 88) == 0);
    CHECK_EQ(w->l.rx_idx, 0u);
    /* ring full: the next frame is missed, MISS interrupts with INEA */
    am7990_write(&w->l, AM7990_RDP, LE_RINT | LE_INEA);
    CHECK(!w->irq);
    CHECK(!am7990_receive(&w->l, f, 100));
    uint16_t c0 = am7990_read(&w->l, AM7990_RDP);
    CHECK(c0 & LE_MISS);
    CHECK(c0 & LE_ERR);
    CHECK(w->irq);
    CHECK_EQ(w->l.frames_missed, 1u);
    am7990_write(&w->l, AM7990_RDP, LE_MISS | LE_INEA);
    CHECK(!(am7990_read(&w->l, AM7990_RDP) & LE_ERR));
    CHECK(!w->irq);
    /* the host returns descriptor 0 only: a 300-byte frame wraps 0 -> 1 but 1 is the host's */
    rx_desc(w, 0, 256, true);
    make_frame(f, mac, 300, 6);
    CHECK(!am7990_receive(&w->l, f, 300));
    CHECK_EQ(get16(w, RXR + 2), LE_D_STP | LE_D_ERR | LE_R_BUFF | LE_R_OFLO);
    CHECK_EQ(w->l.rx_idx, 1u);
    /* the host returns everything: reception goes on from 1 */
    for (int i = 0; i < 4; i++)
        rx_desc(w, i, 256, true);
    make_frame(f, mac, 200, 7);
    CHECK(am7990_receive(&w->l, f, 200));
    CHECK_EQ(get16(w, RXR + 10), LE_D_STP | LE_D_ENP);
    CHECK(memcmp(&w->mem[RXB(1)], f, 200) == 0);
}

TEST(am7990_byte_order)
{
    /* Without BSWP the bytes of each buffer word travel swapped (little-endian order) */
    static lan_t lan;
    lan_t *w = &lan;
    setup(w, 2, 2, LE_MODE_PROM, 1536);
    lance_open(w);
    am7990_write(&w->l, AM7990_RDP, LE_STOP);
    am7990_write(&w->l, AM7990_RAP, 1);
    am7990_write(&w->l, AM7990_RDP, IB);
    am7990_write(&w->l, AM7990_RAP, 0);
    am7990_write(&w->l, AM7990_RDP, LE_INIT | LE_STRT);
    uint8_t f[64];
    make_frame(f, mac, 60, 8);
    REQUIRE(am7990_receive(&w->l, f, 60));
    CHECK_EQ(w->mem[RXB(0)], f[1]);
    CHECK_EQ(w->mem[RXB(0) + 1], f[0]);
    CHECK_EQ(w->mem[RXB(0) + 6], f[7]);
}
