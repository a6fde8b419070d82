#include "chips/pcf8583.h"
#include "tests/test.h"

/* A bit-banging I²C master like Linux i2c-algo-bit over IOMD's control register. */
typedef struct { pcf8583_t *p; bool scl, sda; uint64_t cs; } bus_t;
static uint64_t now_cs(void *c) { return ((bus_t *)c)->cs; }
static bool line(bus_t *b, bool scl, bool sda)
{
    b->scl = scl;
    b->sda = sda;
    bool dev = pcf8583_bus(b->p, scl, sda);
    return sda && dev; /* wired-AND */
}
static void start(bus_t *b) { line(b, true, true); line(b, true, false); line(b, false, false); }
static void stop(bus_t *b) { line(b, false, false); line(b, true, false); line(b, true, true); }
static bool put(bus_t *b, uint8_t v)
{
    for (int i = 7; i >= 0; i--) { bool bit = (v >> i) & 1; line(b, false, bit); line(b, true, bit); line(b, false, bit); }
    line(b, false, true);
    bool ack = !line(b, true, true);
    line(b, false, true);
    return ack;
}
static uint8_t get(bus_t *b, bool ack)
{
    uint8_t v = 0;
    line(b, false, true);
    for (int i = 0; i < 8; i++) { v = (uint8_t)(v << 1 | line(b, true, true)); line(b, false, true); }
    line(b, false, !ack); line(b, true, !ack); line(b, false, !ack);
    return v;
}

static void setup(pcf8583_t *p, bus_t *b, int64_t t)
{
    memset(b, 0, sizeof *b);
    b->p = p;
    pcf8583_init(p, &(pcf8583_cfg_t){.ctx = b, .now_cs = now_cs, .address = 0x50, .start_time = t});
}

TEST(pcf8583_ram_write_read)
{
    pcf8583_t p; bus_t b; setup(&p, &b, 0);
    start(&b);
    CHECK(put(&b, 0xa0));
    CHECK(put(&b, 0x40));
    CHECK(put(&b, 0x12));
    CHECK(put(&b, 0x34));
    stop(&b);
    CHECK_EQ(pcf8583_peek(&p, 0x40), 0x12);
    CHECK_EQ(pcf8583_peek(&p, 0x41), 0x34);
    /* random read: write the word address, repeated START, read with auto-increment */
    start(&b);
    CHECK(put(&b, 0xa0));
    CHECK(put(&b, 0x40));
    start(&b);
    CHECK(put(&b, 0xa1));
    CHECK_EQ(get(&b, true), 0x12);
    CHECK_EQ(get(&b, false), 0x34);
    stop(&b);
}

TEST(pcf8583_other_address_ignored)
{
    pcf8583_t p; bus_t b; setup(&p, &b, 0);
    start(&b);
    CHECK(!put(&b, 0xa2)); /* 0x51: nobody acknowledges */
    stop(&b);
}

TEST(pcf8583_clock_counts)
{
    pcf8583_t p; bus_t b;
    setup(&p, &b, 1700000000); /* 2023-11-14 22:13:20 UTC, a Tuesday */
    CHECK_EQ(pcf8583_peek(&p, 2), 0x20);
    CHECK_EQ(pcf8583_peek(&p, 3), 0x13);
    CHECK_EQ(pcf8583_peek(&p, 4), 0x22);
    CHECK_EQ(pcf8583_peek(&p, 5), (3 << 6) | 0x14); /* 2023 & 3 = 3, date 14 */
    CHECK_EQ(pcf8583_peek(&p, 6), (2 << 5) | 0x11); /* weekday 2, month 11 */
    b.cs = 4025; /* 40.25 s later */
    CHECK_EQ(pcf8583_peek(&p, 1), 0x25);
    CHECK_EQ(pcf8583_peek(&p, 3), 0x14);
    CHECK_EQ(pcf8583_peek(&p, 2), 0x00);
    /* read through the bus from register 1 */
    start(&b); put(&b, 0xa0); put(&b, 0x01); start(&b); put(&b, 0xa1);
    CHECK_EQ(get(&b, true), 0x25);
    CHECK_EQ(get(&b, true), 0x00);
    CHECK_EQ(get(&b, false), 0x14);
    stop(&b);
}

TEST(pcf8583_set_minutes)
{
    pcf8583_t p; bus_t b; setup(&p, &b, 1700000000);
    start(&b); put(&b, 0xa0); put(&b, 0x03); put(&b, 0x45); stop(&b);
    CHECK_EQ(pcf8583_peek(&p, 3), 0x45);
    CHECK_EQ(pcf8583_peek(&p, 4), 0x22);
    b.cs = 6000;
    CHECK_EQ(pcf8583_peek(&p, 3), 0x46);
}
