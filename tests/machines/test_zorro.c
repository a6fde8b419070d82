/* Zorro II AUTOCONFIG: the configuration space as expansion.library reads and writes it
 * (HRM appendix K), chain order, shut-up, mapping; and the A500 with --net, whose A2065 the
 * AROS ROM finds and configures. */
#include <stdlib.h>

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
    machine_config_t cfg = {.machine = "a500"};
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
