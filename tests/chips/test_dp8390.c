/* DP8390: the Linux lib8390 sequences (init, open, transmit upload, receive ring) on the chip. */
#include "chips/dp8390.h"
#include "tests/test.h"

typedef struct wire {
    uint8_t last[1600];
    size_t last_len;
    int sent, irq_changes;
    bool irq;
} wire_t;

static void on_irq(void *ctx, bool level)
{
    wire_t *w = ctx;
    w->irq = level;
    w->irq_changes++;
}

static void on_tx(void *ctx, const uint8_t *frame, size_t len)
{
    wire_t *w = ctx;
    memcpy(w->last, frame, len);
    w->last_len = len;
    w->sent++;
}

static const uint8_t mac[6] = {0x00, 0x00, 0xa4, 0x12, 0x34, 0x56};

/* __NS8390_init + ei_open as lib8390.c does them (README §5.6). */
static void linux_init(dp8390_t *nic, wire_t *w)
{
    dp8390_cfg_t cfg = {.ctx = w, .irq = on_irq, .transmit = on_tx};
    memcpy(cfg.mac, mac, 6);
    dp8390_init(nic, &cfg);
    dp8390_write(nic, DP_CR, 0x21);
    dp8390_write(nic, DP_DCR, 0x49);
    dp8390_write(nic, DP_RBCR0, 0);
    dp8390_write(nic, DP_RBCR1, 0);
    dp8390_write(nic, DP_RCR, 0x20);
    dp8390_write(nic, DP_TCR, 0x02);
    dp8390_write(nic, DP_TPSR, 1);
    dp8390_write(nic, DP_PSTART, 13);
    dp8390_write(nic, DP_BNRY, 126);
    dp8390_write(nic, DP_PSTOP, 127);
    dp8390_write(nic, DP_ISR, 0xff);
    dp8390_write(nic, DP_IMR, 0);
    dp8390_write(nic, DP_CR, 0x61);
    for (int i = 0; i < 6; i++)
        dp8390_write(nic, DP_PAR0 + i, mac[i]);
    dp8390_write(nic, DP_CURR, 13);
    dp8390_write(nic, DP_CR, 0x21);
    /* open */
    dp8390_write(nic, DP_ISR, 0xff);
    dp8390_write(nic, DP_IMR, 0x3f);
    dp8390_write(nic, DP_CR, 0x22);
    dp8390_write(nic, DP_TCR, 0x00);
    dp8390_write(nic, DP_RCR, 0x04);
}

static void make_frame(uint8_t *f, size_t len, const uint8_t *dst, uint8_t seed)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, "\x52\x55\x0a\x00\x02\x02", 6);
    f[12] = 0x08, f[13] = 0x00;
    for (size_t i = 14; i < len; i++)
        f[i] = (uint8_t)(i * 7 + seed);
}

/* The driver's receive path: header at BNRY+1, then the frame by remote DMA in word mode. */
static size_t linux_receive(dp8390_t *nic, uint8_t *out, uint8_t *status)
{
    dp8390_write(nic, DP_CR, 0x62);
    uint8_t curr = dp8390_read(nic, DP_CURR);
    dp8390_write(nic, DP_CR, 0x22);
    uint8_t bnry = dp8390_read(nic, DP_BNRY);
    uint8_t this = (uint8_t)(bnry + 1);
    if (this >= 127)
        this = 13;
    if (this == curr)
        return 0;
    dp8390_write(nic, DP_RSAR0, 0);
    dp8390_write(nic, DP_RSAR1, this);
    dp8390_write(nic, DP_RBCR0, 4);
    dp8390_write(nic, DP_RBCR1, 0);
    dp8390_write(nic, DP_CR, 0x0a);
    uint16_t w0 = dp8390_data_read(nic, true), w1 = dp8390_data_read(nic, true);
    dp8390_write(nic, DP_ISR, 0x40);
    *status = (uint8_t)w0;
    uint8_t next = (uint8_t)(w0 >> 8);
    unsigned count = w1;
    size_t len = count - 4;
    dp8390_write(nic, DP_RSAR0, 4);
    dp8390_write(nic, DP_RSAR1, this);
    dp8390_write(nic, DP_RBCR0, (uint8_t)len);
    dp8390_write(nic, DP_RBCR1, (uint8_t)(len >> 8));
    dp8390_write(nic, DP_CR, 0x0a);
    for (size_t i = 0; i + 1 < len; i += 2) {
        uint16_t w = dp8390_data_read(nic, true);
        out[i] = (uint8_t)w, out[i + 1] = (uint8_t)(w >> 8);
    }
    if (len & 1)
        out[len - 1] = (uint8_t)dp8390_data_read(nic, false);
    dp8390_write(nic, DP_ISR, 0x40);
    uint8_t new_bnry = next == 13 ? 126 : (uint8_t)(next - 1);
    dp8390_write(nic, DP_BNRY, new_bnry);
    dp8390_write(nic, DP_ISR, 0x05);
    return len;
}

TEST(dp8390_reset_state)
{
    dp8390_t nic;
    wire_t w = {0};
    dp8390_cfg_t cfg = {.ctx = &w, .irq = on_irq};
    dp8390_init(&nic, &cfg);
    CHECK_EQ(dp8390_read(&nic, DP_CR), 0x21);
    CHECK_EQ(dp8390_read(&nic, DP_ISR) & ISR_RST, ISR_RST);
    CHECK(!dp8390_irq(&nic));
}

TEST(dp8390_page_select_keeps_running_state)
{
    dp8390_t nic;
    wire_t w = {0};
    linux_init(&nic, &w);
    dp8390_write(&nic, DP_CR, 0x60); /* page 1, no STA/STP */
    CHECK_EQ(dp8390_read(&nic, DP_CR) & 0x03, CR_STA);
    CHECK_EQ(dp8390_read(&nic, DP_CURR), 13);
    CHECK_EQ(dp8390_read(&nic, DP_PAR0 + 3), 0x12);
    dp8390_write(&nic, DP_MAR0 + 2, 0x5a); /* the driver reads MAR back */
    CHECK_EQ(dp8390_read(&nic, DP_MAR0 + 2), 0x5a);
    dp8390_write(&nic, DP_CR, 0x20);
    CHECK_EQ(dp8390_read(&nic, DP_ISR) & ISR_RST, 0);
}

TEST(dp8390_transmit_upload_and_send)
{
    dp8390_t nic;
    wire_t w = {0};
    uint8_t frame[100];
    linux_init(&nic, &w);
    make_frame(frame, sizeof frame, (const uint8_t *)"\x52\x55\x0a\x00\x02\x02", 3);
    /* dummy read, then the remote write of the frame in words (README §5.6) */
    dp8390_write(&nic, DP_RBCR0, 0x42);
    dp8390_write(&nic, DP_RBCR1, 0);
    dp8390_write(&nic, DP_RSAR0, 0x42);
    dp8390_write(&nic, DP_RSAR1, 0);
    dp8390_write(&nic, DP_CR, 0x0a);
    dp8390_write(&nic, DP_ISR, 0x40);
    dp8390_write(&nic, DP_RBCR0, sizeof frame);
    dp8390_write(&nic, DP_RBCR1, 0);
    dp8390_write(&nic, DP_RSAR0, 0);
    dp8390_write(&nic, DP_RSAR1, 1);
    dp8390_write(&nic, DP_CR, 0x12);
    for (size_t i = 0; i < sizeof frame; i += 2) {
        CHECK_EQ(dp8390_read(&nic, DP_ISR) & ISR_RDC, 0);
        dp8390_data_write(&nic, (uint16_t)(frame[i] | frame[i + 1] << 8), true);
    }
    CHECK_EQ(dp8390_read(&nic, DP_ISR) & ISR_RDC, ISR_RDC); /* polled by the driver */
    dp8390_write(&nic, DP_ISR, 0x40);
    dp8390_write(&nic, DP_TBCR0, sizeof frame);
    dp8390_write(&nic, DP_TBCR1, 0);
    dp8390_write(&nic, DP_TPSR, 1);
    dp8390_write(&nic, DP_CR, 0x26);
    CHECK_EQ(w.sent, 1);
    CHECK_EQ(w.last_len, sizeof frame);
    CHECK(memcmp(w.last, frame, sizeof frame) == 0);
    CHECK_EQ(dp8390_read(&nic, DP_CR) & CR_TXP, 0);
    CHECK_EQ(dp8390_read(&nic, DP_TSR), 0x01);
    CHECK_EQ(dp8390_read(&nic, DP_ISR) & ISR_PTX, ISR_PTX);
    CHECK(w.irq);
    dp8390_write(&nic, DP_ISR, ISR_PTX);
    CHECK(!w.irq);
}

TEST(dp8390_receive_pads_and_fills_header)
{
    dp8390_t nic;
    wire_t w = {0};
    uint8_t arp[42], out[1600], status;
    linux_init(&nic, &w);
    make_frame(arp, sizeof arp, mac, 1);
    CHECK(dp8390_receive(&nic, arp, sizeof arp));
    CHECK(w.irq);
    CHECK_EQ(nic.curr, 14);
    size_t len = linux_receive(&nic, out, &status);
    CHECK_EQ(len, 60); /* padded to the minimum, as the driver requires */
    CHECK_EQ(status & 0x0f, 0x01);
    CHECK(memcmp(out, arp, sizeof arp) == 0);
    CHECK_EQ(out[50], 0);
    CHECK(!w.irq);
}

TEST(dp8390_address_filter)
{
    dp8390_t nic;
    wire_t w = {0};
    uint8_t f[64];
    linux_init(&nic, &w);
    make_frame(f, sizeof f, (const uint8_t *)"\x00\x11\x22\x33\x44\x55", 0);
    CHECK(!dp8390_receive(&nic, f, sizeof f)); /* someone else's */
    make_frame(f, sizeof f, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 0);
    CHECK(dp8390_receive(&nic, f, sizeof f)); /* broadcast with RCR.AB */
    make_frame(f, sizeof f, (const uint8_t *)"\x33\x33\x00\x00\x00\x01", 0);
    CHECK(!dp8390_receive(&nic, f, sizeof f)); /* multicast: AM off */
    dp8390_write(&nic, DP_RCR, 0x0c);
    dp8390_write(&nic, DP_CR, 0x62);
    for (int i = 0; i < 8; i++)
        dp8390_write(&nic, DP_MAR0 + i, 0xff);
    dp8390_write(&nic, DP_CR, 0x22);
    CHECK(dp8390_receive(&nic, f, sizeof f));
    dp8390_write(&nic, DP_RCR, 0x14); /* promiscuous */
    make_frame(f, sizeof f, (const uint8_t *)"\x00\x11\x22\x33\x44\x55", 0);
    CHECK(dp8390_receive(&nic, f, sizeof f));
}

TEST(dp8390_ring_wraps_and_remote_dma_wraps)
{
    dp8390_t nic;
    wire_t w = {0};
    uint8_t f[1514], out[1600], status;
    linux_init(&nic, &w);
    /* Many full-size frames: each takes 6 pages, so the ring (114 pages) wraps. */
    for (int n = 0; n < 60; n++) {
        make_frame(f, sizeof f, mac, (uint8_t)n);
        REQUIRE(dp8390_receive(&nic, f, sizeof f));
        size_t len = linux_receive(&nic, out, &status);
        REQUIRE(len == sizeof f);
        if (memcmp(out, f, sizeof f) != 0)
            test_fail(t, __FILE__, __LINE__, "frame %d corrupted across the ring end", n);
    }
}

TEST(dp8390_full_ring_drops_and_counts)
{
    dp8390_t nic;
    wire_t w = {0};
    uint8_t f[1514];
    linux_init(&nic, &w);
    make_frame(f, sizeof f, mac, 9);
    int taken = 0;
    for (int n = 0; n < 30; n++)
        taken += dp8390_receive(&nic, f, sizeof f);
    CHECK_EQ(taken, 113 / 6); /* never writes into the page at BNRY */
    CHECK_EQ(nic.frames_dropped, 30 - taken);
    CHECK_EQ(dp8390_read(&nic, DP_CNTR2), 30 - taken);
    CHECK_EQ(dp8390_read(&nic, DP_CNTR2), 0); /* cleared by reading */
    /* The frames that were kept are intact: the first one is still at page 13. */
    CHECK_EQ(nic.mem[13 * 256 + 4 + 20], f[20]);
}

TEST(dp8390_stopped_or_monitor_receives_nothing)
{
    dp8390_t nic;
    wire_t w = {0};
    uint8_t f[64];
    linux_init(&nic, &w);
    make_frame(f, sizeof f, mac, 0);
    dp8390_write(&nic, DP_RCR, 0x24);
    CHECK(!dp8390_receive(&nic, f, sizeof f));
    CHECK_EQ(nic.curr, 13);
    dp8390_write(&nic, DP_RCR, 0x04);
    dp8390_write(&nic, DP_CR, 0x21);
    CHECK(!dp8390_receive(&nic, f, sizeof f));
    CHECK_EQ(dp8390_read(&nic, DP_ISR) & ISR_RST, ISR_RST);
}

TEST(dp8390_loopback_does_not_reach_the_wire)
{
    dp8390_t nic;
    wire_t w = {0};
    linux_init(&nic, &w);
    dp8390_write(&nic, DP_TCR, 0x02);
    dp8390_write(&nic, DP_TBCR0, 60);
    dp8390_write(&nic, DP_TBCR1, 0);
    dp8390_write(&nic, DP_CR, 0x26);
    CHECK_EQ(w.sent, 0);
    CHECK_EQ(dp8390_read(&nic, DP_ISR) & ISR_PTX, ISR_PTX);
}

TEST(dp8390_interrupt_follows_mask)
{
    dp8390_t nic;
    wire_t w = {0};
    uint8_t f[64];
    linux_init(&nic, &w);
    dp8390_write(&nic, DP_IMR, 0x00);
    make_frame(f, sizeof f, mac, 0);
    CHECK(dp8390_receive(&nic, f, sizeof f));
    CHECK(!w.irq);
    dp8390_write(&nic, DP_IMR, 0x3f);
    CHECK(w.irq);
    dp8390_write(&nic, DP_ISR, 0x01);
    CHECK(!w.irq);
}
