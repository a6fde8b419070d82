/* Zorro II AUTOCONFIG: the configuration space as expansion.library reads and writes it
 * (HRM appendix K), chain order, shut-up, mapping; and the A500 with --net, whose A2065 the
 * AROS ROM finds and configures. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chips/zorro2.h"
#include "machines/a500.h"
#include "machines/a500_zorro.h"
#include "tests/test.h"

typedef struct fake {
    uint16_t mem[8];
    int resets;
    uint32_t last_off;
} fake_t;

static uint16_t f_read(void *ctx, uint32_t off, unsigned size)
{
    fake_t *f = ctx;
    (void)size;
    f->last_off = off;
    return f->mem[(off >> 1) & 7];
}
static void f_write(void *ctx, uint32_t off, uint16_t v, unsigned size)
{
    fake_t *f = ctx;
    (void)size;
    f->last_off = off;
    f->mem[(off >> 1) & 7] = v;
}
static void f_reset(void *ctx) { ((fake_t *)ctx)->resets++; }

/* ReadExpansionByte: high nibble at 4n, low at 4n+2, each in the top of the even byte. */
static int read_exp_byte(zorro2_t *z, unsigned n)
{
    uint16_t hi, lo;
    if (!zorro2_read(z, ZORRO2_CONFIG_BASE + 4 * n, 1, &hi) || !zorro2_read(z, ZORRO2_CONFIG_BASE + 4 * n + 2, 1, &lo))
        return -1;
    return (hi >> 8 & 0xF0) | (lo >> 12 & 0x0F);
}

/* ReadExpansionRom: everything but er_Type comes inverted. */
typedef struct exprom {
    uint8_t type, product, flags, reserved03;
    uint16_t manufacturer;
    uint32_t serial;
} exprom_t;

static bool read_rom(zorro2_t *z, exprom_t *r)
{
    int b[12];
    for (unsigned n = 0; n < 12; n++)
        if ((b[n] = read_exp_byte(z, n)) < 0)
            return false;
    r->type = (uint8_t)b[0];
    r->product = (uint8_t)~b[1];
    r->flags = (uint8_t)~b[2];
    r->reserved03 = (uint8_t)~b[3];
    r->manufacturer = (uint16_t)((uint8_t)~b[4] << 8 | (uint8_t)~b[5]);
    r->serial = (uint32_t)(uint8_t)~b[6] << 24 | (uint32_t)(uint8_t)~b[7] << 16 | (uint32_t)(uint8_t)~b[8] << 8 |
                (uint8_t)~b[9];
    return true;
}

/* WriteExpansionByte(ec_BaseAddress): low nibble to $4A first, then the high one to $48. */
static void set_base(zorro2_t *z, uint32_t base)
{
    uint8_t v = (uint8_t)(base >> 16);
    zorro2_write(z, ZORRO2_CONFIG_BASE + ZORRO2_EC_BASE_LO, (uint16_t)((v << 4) * 0x101), 1);
    zorro2_write(z, ZORRO2_CONFIG_BASE + ZORRO2_EC_BASE_HI, (uint16_t)(v * 0x101), 1);
}

static bool two_boards(zorro2_t *z, fake_t *mem, fake_t *io)
{
    zorro2_init(z);
    zorro2_board_t a = {.name = "mem", .ctx = mem, .type = ERT_ZORROII | ERTF_MEMLIST | ERT_SIZE_512K, .product = 0x0A,
                        .flags = ERFF_MEMSPACE, .manufacturer = 0x0801, .serial = 0x12345678,
                        .read = f_read, .write = f_write, .peek = f_read, .reset = f_reset};
    zorro2_board_t b = {.name = "io", .ctx = io, .type = ERT_ZORROII | ERT_SIZE_64K, .product = A2065_PRODUCT,
                        .manufacturer = A2065_MANUFACTURER, .serial = A2065_SERIAL,
                        .read = f_read, .write = f_write, .peek = f_read, .reset = f_reset};
    return zorro2_add(z, &a) == 0 && zorro2_add(z, &b) == 1;
}

TEST(zorro_empty_chain_floats)
{
    zorro2_t z;
    zorro2_init(&z);
    uint16_t v = 0x5555;
    CHECK(!zorro2_read(&z, ZORRO2_CONFIG_BASE, 2, &v));
    CHECK(!zorro2_write(&z, ZORRO2_CONFIG_BASE + ZORRO2_EC_BASE_HI, 0xE900, 2));
    CHECK(!zorro2_read(&z, 0xE90000, 2, &v));
    CHECK_EQ(zorro2_config_board(&z), -1);
}

TEST(zorro_reads_expansion_rom_inverted)
{
    zorro2_t z;
    fake_t mem = {0}, io = {0};
    REQUIRE(two_boards(&z, &mem, &io));
    uint16_t raw;
    /* er_Type is not inverted: $E4 = Zorro II, memory list, 512 KB */
    REQUIRE(zorro2_read(&z, ZORRO2_CONFIG_BASE, 2, &raw));
    CHECK_EQ(raw, 0xE000);
    REQUIRE(zorro2_read(&z, ZORRO2_CONFIG_BASE + 2, 2, &raw));
    CHECK_EQ(raw, 0x4000);
    /* er_Product $0A reads ~$0 / ~$A */
    REQUIRE(zorro2_read(&z, ZORRO2_CONFIG_BASE + 4, 1, &raw));
    CHECK_EQ(raw >> 12, 0xF);
    REQUIRE(zorro2_read(&z, ZORRO2_CONFIG_BASE + 6, 1, &raw));
    CHECK_EQ(raw >> 12, 0x5);
    exprom_t r;
    REQUIRE(read_rom(&z, &r));
    CHECK_EQ(r.type, 0xE4);
    CHECK_EQ(r.product, 0x0A);
    CHECK_EQ(r.flags, ERFF_MEMSPACE);
    CHECK_EQ(r.reserved03, 0); /* expansion.library rejects a board where this is not 0 */
    CHECK_EQ(r.manufacturer, 0x0801);
    CHECK_EQ(r.serial, 0x12345678u);
    /* registers repeat every 128 bytes */
    CHECK_EQ(read_exp_byte(&z, 0x20), 0xE4);
}

TEST(zorro_configures_in_chain_order)
{
    zorro2_t z;
    fake_t mem = {0}, io = {0};
    REQUIRE(two_boards(&z, &mem, &io));
    CHECK_EQ(zorro2_config_board(&z), 0);
    /* the half-written base does not map the board */
    zorro2_write(&z, ZORRO2_CONFIG_BASE + ZORRO2_EC_BASE_LO, 0x0000, 2);
    CHECK_EQ(zorro2_config_board(&z), 0);
    set_base(&z, 0x200000);
    CHECK_EQ(z.base[0], 0x200000u);
    /* now the second board answers at $E80000 */
    CHECK_EQ(zorro2_config_board(&z), 1);
    exprom_t r;
    REQUIRE(read_rom(&z, &r));
    CHECK_EQ(r.type, 0xC1);
    CHECK_EQ(r.product, 112);
    CHECK_EQ(r.manufacturer, 514);
    CHECK_EQ(r.serial, A2065_SERIAL);
    set_base(&z, 0xE90000);
    CHECK_EQ(zorro2_config_board(&z), -1);
    uint16_t v;
    CHECK(!zorro2_read(&z, ZORRO2_CONFIG_BASE, 2, &v));
    /* both boards answer in their windows, with offsets from their bases */
    CHECK(zorro2_write(&z, 0x27FFFE, 0xBEEF, 2));
    CHECK_EQ(mem.last_off, 0x7FFFEu);
    CHECK(zorro2_write(&z, 0xE94002, 0x0003, 2));
    CHECK_EQ(io.last_off, 0x4002u);
    CHECK(zorro2_read(&z, 0xE94002, 2, &v));
    CHECK_EQ(v, 3);
    CHECK(!zorro2_read(&z, 0x280000, 2, &v)); /* past the 512 KB board */
    CHECK(!zorro2_read(&z, 0xEA0000, 2, &v));
    /* /RESET: unconfigured again, the first board answers */
    zorro2_reset(&z);
    CHECK_EQ(mem.resets, 1);
    CHECK_EQ(io.resets, 1);
    CHECK(!zorro2_read(&z, 0xE94002, 2, &v));
    CHECK_EQ(read_exp_byte(&z, 0), 0xE4);
}

TEST(zorro_shutup)
{
    zorro2_t z;
    fake_t mem = {0}, io = {0};
    REQUIRE(two_boards(&z, &mem, &io));
    /* no room for the memory board: the OS shuts it up and moves on */
    zorro2_write(&z, ZORRO2_CONFIG_BASE + ZORRO2_EC_SHUTUP, 0, 1);
    CHECK_EQ(zorro2_config_board(&z), 1);
    CHECK_EQ(read_exp_byte(&z, 0), 0xC1);
    uint16_t v;
    CHECK(!zorro2_read(&z, 0x200000, 2, &v));
    /* a board with ERFF_NOSHUTUP ignores it */
    z.board[1].flags = ERFF_NOSHUTUP;
    zorro2_write(&z, ZORRO2_CONFIG_BASE + ZORRO2_EC_SHUTUP, 0, 1);
    CHECK_EQ(zorro2_config_board(&z), 1);
    /* odd-byte writes do not reach the registers (D7-D0) */
    zorro2_write(&z, ZORRO2_CONFIG_BASE + ZORRO2_EC_BASE_HI + 1, 0xE9, 1);
    CHECK_EQ(zorro2_config_board(&z), 1);
}

TEST(a500_a2065_only_with_net)
{
    machine_config_t cfg = {.machine = "a500", .ram_mb = 1};
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0)
        SKIP("no A500 ROM (AROS in fs-uae.dat or roms/)");
    CHECK(!a500_expansion(m)->has_a2065);
    CHECK_EQ(a500_expansion(m)->bus.count, 0);
    machine_destroy(m);
    cfg.net = "none";
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    a500_zorro_t *z = a500_expansion(m);
    CHECK(z->has_a2065);
    CHECK_EQ(zorro2_config_board(&z->bus), 0);
    CHECK_EQ(a500_zorro_a2065_base(z), 0u);
    machine_destroy(m);
    cfg.net = "bogus";
    CHECK(machine_create(&cfg, &m, err, sizeof err) != 0);
}

TEST(a500_aros_configures_the_a2065)
{
    machine_config_t cfg = {.machine = "a500", .net = "none"};
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0)
        SKIP("no A500 ROM (AROS in fs-uae.dat or roms/)");
    a500_zorro_t *z = a500_expansion(m);
    /* AROS configures the chain about 6 emulated seconds into its boot, at $E90000 (the
       first 64 KB slot of the I/O space) */
    int i = 0;
    for (; i < 100 && !a500_zorro_a2065_base(z); i++)
        machine_run(m, A500_TICKS_PER_SECOND / 10);
    uint32_t base = a500_zorro_a2065_base(z);
    CHECK(base >= 0xE90000 && base < 0xF00000);
    CHECK_EQ(base & 0xFFFF, 0u);
    CHECK_EQ(zorro2_config_board(&z->bus), -1);
    machine_destroy(m);
}

/* The default A500 has 2 MB of Zorro II fast RAM: AROS configures the board and adds it to
 * exec's memory list (ExecBase->MemList at +$142, MemHeader: mh_Attributes +14, mh_Lower +20,
 * mh_Upper +24; exec/memory.h) as MEMF_FAST. --ram 1 is the classic A500 with no board; other
 * sizes than 1, 2, 3, 5, 9 MB are refused. */
TEST(a500_default_fast_ram_in_execs_memory_list)
{
    machine_config_t cfg = {.machine = "a500"};
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0)
        SKIP("no A500 ROM (AROS in fs-uae.dat or roms/)");
    a500_zorro_t *z = a500_expansion(m);
    CHECK_EQ(z->bus.count, 1);
    CHECK_EQ(z->cfg.fast_size, 2u << 20);
    for (int i = 0; i < 100 && !z->bus.configured[z->fast_index]; i++)
        machine_run(m, A500_TICKS_PER_SECOND / 10);
    REQUIRE(z->bus.configured[z->fast_index]);
    uint32_t base = z->bus.base[z->fast_index];
    CHECK(base >= 0x200000 && base + (2u << 20) <= 0xA00000);
    machine_run(m, A500_TICKS_PER_SECOND); /* exec adds the board's memory after configuring it */
    uint32_t exec = a500_peek32(m, 4), node = a500_peek32(m, exec + 0x142);
    bool found = false;
    for (int n = 0; n < 16 && node && a500_peek32(m, node); n++, node = a500_peek32(m, node)) {
        uint32_t lower = a500_peek32(m, node + 20), upper = a500_peek32(m, node + 24);
        uint16_t attrs = (uint16_t)(a500_peek8(m, node + 14) << 8 | a500_peek8(m, node + 15));
        if (lower >= base && upper <= base + (2u << 20) && upper - lower > (2u << 20) - 4096 && (attrs & 4))
            found = true;
    }
    CHECK(found);
    machine_destroy(m);

    cfg.ram_mb = 1;
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    CHECK_EQ(a500_expansion(m)->bus.count, 0);
    machine_destroy(m);
    cfg.ram_mb = 9;
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    CHECK_EQ(a500_expansion(m)->cfg.fast_size, 8u << 20);
    machine_destroy(m);
    cfg.ram_mb = 4;
    CHECK(machine_create(&cfg, &m, err, sizeof err) != 0);
    CHECK(strstr(err, "1 (512 KB chip + 512 KB slow), 2, 3, 5 or 9 MB") != NULL);
}

/* ---- the A2065 on the expansion bus, driven as Linux's a2065.c does ---- */

typedef struct host {
    a500_zorro_t z;
    sched_t sched;
    int int2_changes;
    bool int2;
} host_t;

static void on_int2(void *ctx, bool level)
{
    host_t *h = ctx;
    h->int2 = level;
    h->int2_changes++;
}

static void bus_w16(host_t *h, uint32_t a, uint16_t v) { zorro2_write(&h->z.bus, a, v, 2); }
static uint16_t bus_r16(host_t *h, uint32_t a)
{
    uint16_t v = 0;
    zorro2_read(&h->z.bus, a, 2, &v);
    return v;
}

#define BASE 0xE90000u
#define RDP (BASE + A2065_LANCE_OFF)
#define RAP (BASE + A2065_LANCE_OFF + 2)
#define RAM (BASE + A2065_RAM_OFF)
/* the LANCE sees the RAM at $8000: init block at 0, rings at $40/$80, buffers from $100 */
#define L_IB 0x0000u
#define L_RXR 0x0040u
#define L_TXR 0x0080u
#define L_RXB(i) (0x0100u + (unsigned)(i) * 0x600u)
#define L_TXB(i) (0x3100u + (unsigned)(i) * 0x600u)

static bool host_open(host_t *h, const char *net)
{
    char err[256];
    memset(h, 0, sizeof *h);
    sched_init(&h->sched);
    a500_zorro_cfg_t cfg = {.net = net, .sched = &h->sched, .ticks_per_second = A500_TICKS_PER_SECOND, .ctx = h,
                            .int2 = on_int2};
    if (a500_zorro_init(&h->z, &cfg, err, sizeof err) != 0)
        return false;
    a500_zorro_reset(&h->z);
    set_base(&h->z.bus, BASE);
    return a500_zorro_a2065_base(&h->z) == BASE;
}

/* The MAC from the serial number, the init block and rings in board RAM, then INIT/STRT. */
static void driver_open(host_t *h, uint8_t mac[6])
{
    uint32_t serial = h->z.bus.board[h->z.a2065_index].serial;
    const uint8_t m[6] = {0x00, 0x80, 0x10, (uint8_t)(serial >> 16), (uint8_t)(serial >> 8), (uint8_t)serial};
    memcpy(mac, m, 6);
    bus_w16(h, RAP, 0);
    bus_w16(h, RDP, LE_STOP);
    bus_w16(h, RAP, 1);
    bus_w16(h, RDP, (uint16_t)(0x8000 + L_IB));
    bus_w16(h, RAP, 2);
    bus_w16(h, RDP, 0);
    bus_w16(h, RAP, 3);
    bus_w16(h, RDP, LE_BSWP);
    bus_w16(h, RAP, 0);
    bus_w16(h, RAM + L_IB, 0);
    for (int i = 0; i < 6; i += 2)
        bus_w16(h, RAM + L_IB + 2 + (unsigned)i, (uint16_t)(m[i + 1] << 8 | m[i]));
    bus_w16(h, RAM + L_IB + 16, (uint16_t)(0x8000 + L_RXR));
    bus_w16(h, RAM + L_IB + 18, 3 << 13); /* 8 receive descriptors */
    bus_w16(h, RAM + L_IB + 20, (uint16_t)(0x8000 + L_TXR));
    bus_w16(h, RAM + L_IB + 22, 1 << 13); /* 2 transmit descriptors */
    for (int i = 0; i < 8; i++) {
        uint32_t d = RAM + L_RXR + 8u * (unsigned)i;
        bus_w16(h, d, (uint16_t)(0x8000 + L_RXB(i)));
        bus_w16(h, d + 2, LE_D_OWN);
        bus_w16(h, d + 4, (uint16_t)(-1536 | 0xF000));
        bus_w16(h, d + 6, 0);
    }
    bus_w16(h, RDP, LE_INIT);
    bus_w16(h, RDP, LE_IDON);
    bus_w16(h, RDP, LE_INEA | LE_STRT);
}

static void driver_send(host_t *h, int slot, const uint8_t *f, size_t len)
{
    for (size_t i = 0; i < len; i += 2)
        bus_w16(h, RAM + L_TXB(slot) + (uint32_t)i, (uint16_t)(f[i] << 8 | (i + 1 < len ? f[i + 1] : 0)));
    uint32_t d = RAM + L_TXR + 8u * (unsigned)slot;
    bus_w16(h, d, (uint16_t)(0x8000 + L_TXB(slot)));
    bus_w16(h, d + 4, (uint16_t)(-(int)len | 0xF000));
    bus_w16(h, d + 6, 0);
    bus_w16(h, d + 2, LE_D_OWN | LE_D_STP | LE_D_ENP);
    bus_w16(h, RDP, LE_INEA | LE_TDMD);
}

TEST(a2065_registers_ram_and_int2_on_the_bus)
{
    static host_t h;
    REQUIRE(host_open(&h, "none"));
    uint8_t mac[6];
    driver_open(&h, mac);
    CHECK_EQ(bus_r16(&h, RDP), LE_INEA | LE_RXON | LE_TXON | LE_STRT | LE_INIT);
    CHECK_EQ(h.z.lance.padr[3], 0xA5); /* MAC 00:80:10:A5:00:01 from serial $00A50001 */
    CHECK_EQ(h.z.lance.padr[5], 0x01);
    /* RAM is byte- and word-addressable from the 68000 */
    zorro2_write(&h.z.bus, RAM + 0x7000, 0x1200, 1);
    zorro2_write(&h.z.bus, RAM + 0x7001, 0x3434, 1);
    CHECK_EQ(bus_r16(&h, RAM + 0x7000), 0x1234);
    /* a frame goes out (to nothing) and TINT raises INT2 through INEA */
    uint8_t f[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    memcpy(f + 6, mac, 6);
    driver_send(&h, 0, f, sizeof f);
    CHECK_EQ(h.z.lance.frames_tx, 1u);
    CHECK(h.int2);
    CHECK(a500_zorro_int2(&h.z));
    CHECK(!(bus_r16(&h, RAM + L_TXR + 2) & LE_D_OWN));
    uint16_t c0 = bus_r16(&h, RDP);
    CHECK(c0 & LE_TINT);
    bus_w16(&h, RDP, (uint16_t)(c0 & ~(LE_INEA | LE_TDMD | LE_STOP | LE_STRT | LE_INIT)));
    CHECK(!h.int2);
    /* /RESET: the board is unconfigured and the LANCE stopped */
    a500_zorro_reset(&h.z);
    CHECK_EQ(a500_zorro_a2065_base(&h.z), 0u);
    CHECK_EQ(h.z.lance.csr0, LE_STOP);
    a500_zorro_destroy(&h.z);
}

TEST(a2065_slirp_arp_round_trip)
{
    static host_t h;
    if (!host_open(&h, "slirp"))
        SKIP("slirp backend unavailable");
    uint8_t mac[6];
    driver_open(&h, mac);
    /* ARP: who has 10.0.2.2? tell 10.0.2.15 */
    uint8_t f[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    memcpy(f + 6, mac, 6);
    static const uint8_t arp[] = {0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01};
    memcpy(f + 12, arp, sizeof arp);
    memcpy(f + 22, mac, 6);
    memcpy(f + 28, "\x0a\x00\x02\x0f", 4);
    memcpy(f + 38, "\x0a\x00\x02\x02", 4);
    driver_send(&h, 0, f, sizeof f);
    bus_w16(&h, RDP, LE_TINT | LE_INEA);
    /* the reply comes in on the next emulated-millisecond polls */
    uint64_t ms = A500_TICKS_PER_SECOND / 1000;
    for (int i = 0; i < 200 && (bus_r16(&h, RAM + L_RXR + 2) & LE_D_OWN); i++)
        sched_run_until(&h.sched, h.sched.now + ms);
    uint16_t st = bus_r16(&h, RAM + L_RXR + 2);
    CHECK_EQ(st & 0xFF00, LE_D_STP | LE_D_ENP);
    /* MCNT: the reply (42 bytes, which slirp pads to 64) at least 60, plus the FCS */
    uint16_t mcnt = bus_r16(&h, RAM + L_RXR + 6);
    CHECK(mcnt >= 64 && mcnt <= 68);
    uint8_t got[42];
    for (int i = 0; i < 42; i += 2) {
        uint16_t w = bus_r16(&h, RAM + L_RXB(0) + (uint32_t)i);
        got[i] = (uint8_t)(w >> 8);
        got[i + 1] = (uint8_t)w;
    }
    CHECK(memcmp(got, mac, 6) == 0);
    CHECK_EQ(got[21], 2); /* ARP reply */
    CHECK(memcmp(got + 28, "\x0a\x00\x02\x02", 4) == 0);
    CHECK(h.int2);
    CHECK(bus_r16(&h, RDP) & LE_RINT);
    a500_zorro_destroy(&h.z);
}

/* tests/zorro/a2065net.s under AROS with --net slirp: the guest finds the board through
   expansion.library and exchanges ARP with slirp through the LANCE. */
TEST(a500_aros_guest_a2065_arp_through_slirp)
{
    char adf[512];
    const char *b = getenv("BUILD");
    snprintf(adf, sizeof adf, "%s/zorro/a2065net.adf", b && *b ? b : "build");
    if (access(adf, R_OK) != 0)
        SKIP("the test disk is not built (make builds it into $BUILD/zorro)");
    machine_config_t cfg = {.machine = "a500", .net = "slirp", .floppy = {adf}};
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0)
        SKIP("no A500 ROM or no slirp");
    const uint32_t res = 0x7fe00;
    for (int i = 0; i < 40 && a500_peek32(m, res + 36) != 0xc0de00aa; i++)
        machine_run(m, A500_TICKS_PER_SECOND / 2);
    REQUIRE(a500_peek32(m, res + 36) == 0xc0de00aa);
    CHECK(a500_peek32(m, res + 0) != 0);                  /* expansion.library */
    CHECK(a500_peek32(m, res + 4) != 0);                  /* its ConfigDev for 514/112 */
    CHECK_EQ(a500_peek32(m, res + 8), 0xE90000u);         /* cd_BoardAddr */
    CHECK_EQ(a500_peek32(m, res + 12), A2065_SERIAL);     /* er_SerialNumber, un-inverted */
    uint16_t run = (uint16_t)(a500_peek32(m, res + 16) >> 16), tx = (uint16_t)a500_peek32(m, res + 16);
    CHECK_EQ(run, LE_INEA | LE_RXON | LE_TXON | LE_STRT | LE_INIT);
    CHECK_EQ(tx, LE_TINT | LE_INTR | LE_INEA | LE_RXON | LE_TXON | LE_STRT | LE_INIT);
    uint16_t rx = (uint16_t)(a500_peek32(m, res + 20) >> 16), rmd1 = (uint16_t)a500_peek32(m, res + 20);
    CHECK_EQ(rx, LE_RINT | LE_INTR | LE_INEA | LE_RXON | LE_TXON | LE_STRT | LE_INIT);
    CHECK_EQ(rmd1 & 0xFF00, LE_D_STP | LE_D_ENP);
    uint16_t mcnt = (uint16_t)(a500_peek32(m, res + 24) >> 16), intreq = (uint16_t)a500_peek32(m, res + 24);
    CHECK(mcnt >= 64 && mcnt <= 68);
    CHECK(intreq & 0x0008);                               /* INT2 (PORTS) from the LANCE */
    CHECK_EQ(a500_peek32(m, res + 28) >> 16, 2u);         /* ARP reply */
    CHECK_EQ((a500_peek32(m, res + 28) << 16) | (a500_peek32(m, res + 32) >> 16), 0x0a000202u);
    /* the guest cleared RINT writing INEA 0: CSR0 INEA is plain read/write */
    CHECK_EQ(a500_peek32(m, res + 32) & 0xFFFF, (uint32_t)(LE_RXON | LE_TXON | LE_STRT | LE_INIT));
    machine_destroy(m);
}
