/* The HostFS expansion card as RISC OS's expansion card manager reads it (Acorn "Expansion card
 * specification"; PRM "Expansion cards and extension ROMs"): byte-wide at word stride in the
 * slot's IOC space, 2 KB pages selected through the page register, extended ECID, then the
 * chunk directory of 8-byte entries (OS identity byte, 24-bit size, 32-bit start) up to a zero
 * byte; the RISC OS module chunk (0x81) must be our relocatable module. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machines/machine.h"
#include "machines/riscpc.h"
#include "machines/riscpc_hostfs.h"
#include "tests/test.h"

extern const uint8_t riscos_hostfs_module[], riscos_hostfs_module_end[];

#define SLOT1_IOC 0x03244000u  /* slot 1, IOC space, slow speed */

/* One ROM byte as the loader fetches it: page register at IOC offset 0x2000, then byte n of
 * the page at offset n*4. */
static uint8_t card_byte(machine_t *m, uint32_t addr)
{
    riscpc_bus_write(m, SLOT1_IOC + 0x2000, addr >> 11, 1);
    return (uint8_t)riscpc_bus_read(m, SLOT1_IOC + (addr & 2047) * 4, 1);
}

static uint32_t card_le(machine_t *m, uint32_t addr, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint32_t)card_byte(m, addr + (uint32_t)i) << (8 * i);
    return v;
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

TEST(riscpc_hostfs_podule_reads_as_riscos_does)
{
    char dir[] = "/tmp/arcana-hfspod-XXXXXX";
    REQUIRE(mkdtemp(dir));
    machine_config_t cfg = {.machine = "riscpc", .cpu = "sa110", .ram_mb = 8, .hostfs_dir = dir};
    machine_t *m = NULL;
    char err[256];
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);

    /* ECID byte 0: bit 1 clear (card present), bits 6-3 = 0 (extended identity). */
    uint8_t b0 = card_byte(m, 0);
    CHECK_EQ(b0 & 0x02, 0);
    CHECK_EQ((b0 >> 3) & 15, 0);
    /* Byte 1: chunk directory present, 8-bit wide. */
    uint8_t b1 = card_byte(m, 1);
    CHECK_EQ(b1 & 1, 1);
    CHECK_EQ((b1 >> 2) & 3, 0);
    CHECK_EQ(card_le(m, 3, 2), RISCPC_HOSTFS_PRODUCT);
    CHECK_EQ(card_le(m, 5, 2), RISCPC_HOSTFS_MANUFACTURER);

    /* The chunk directory starts after the 16-byte extended identity. */
    size_t mod_len = (size_t)(riscos_hostfs_module_end - riscos_hostfs_module);
    int found_module = 0, found_desc = 0, entries = 0;
    for (uint32_t e = 16; entries < 16; e += 8, entries++) {
        uint8_t type = card_byte(m, e);
        if (!type)
            break;
        uint32_t size = card_le(m, e + 1, 3), start = card_le(m, e + 4, 4);
        REQUIRE(size < 65536 && start < 65536);
        uint8_t *data = malloc(size + 1);
        REQUIRE(data);
        for (uint32_t i = 0; i < size; i++)
            data[i] = card_byte(m, start + i);
        data[size] = 0;
        if (type == 0x81) {
            found_module++;
            CHECK_EQ(size, mod_len);
            CHECK(size == mod_len && memcmp(data, riscos_hostfs_module, size) == 0);
            /* Relocatable module header: init/final/service/title/help inside the module,
             * title "ArcanaHostFS", flags word "32-bit compatible". */
            for (int w = 1; w <= 6; w++)
                CHECK(le32(data + 4 * w) < size);
            CHECK_STR((const char *)data + le32(data + 16), "ArcanaHostFS");
            CHECK(strncmp((const char *)data + le32(data + 20), "Arcana HostFS\t", 14) == 0);
            CHECK_EQ(le32(data + 28), 0); /* no SWI chunk of its own */
            CHECK_EQ(le32(data + le32(data + 48)) & 1, 1);
        } else if (type == 0xF5) {
            found_desc++;
            CHECK(strstr((const char *)data, "HostFS") != NULL);
        }
        free(data);
    }
    CHECK_EQ(found_module, 1);
    CHECK_EQ(found_desc, 1);
    CHECK(entries < 16); /* terminated */
    machine_destroy(m);
    rmdir(dir);
}

TEST(riscpc_hostfs_slot_empty_without_option)
{
    machine_config_t cfg = {.machine = "riscpc", .cpu = "sa110", .ram_mb = 8};
    machine_t *m = NULL;
    char err[256];
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    CHECK_EQ(riscpc_bus_read(m, SLOT1_IOC, 1), 0xff);
    machine_destroy(m);
}

TEST(riscpc_hostfs_bad_folder_is_an_error)
{
    machine_config_t cfg = {.machine = "riscpc", .cpu = "sa110", .ram_mb = 8, .hostfs_dir = "/nonexistent/arcana"};
    machine_t *m = NULL;
    char err[256] = "";
    CHECK(machine_create(&cfg, &m, err, sizeof err) != 0);
    CHECK(err[0] != 0);
}
