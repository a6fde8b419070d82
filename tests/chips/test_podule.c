#include "chips/podule.h"
#include "tests/test.h"

static int irq_level;
static void p_irq(void *c, bool l) { (void)c; irq_level = l; }

TEST(podule_empty_slots_read_high)
{
    podule_bus_t b;
    podule_bus_init(&b, &(podule_bus_cfg_t){0});
    for (int slot = 0; slot < 4; slot++) {
        uint32_t ioc = 0x03240000u + (uint32_t)slot * 0x4000u;
        CHECK_EQ(podule_read(&b, ioc, 1), 0xff); /* ID byte 0 bit 1 set: no card */
        CHECK_EQ(podule_read(&b, 0x08000000u + (uint32_t)slot * 0x01000000u, 1), 0xff);
    }
    CHECK_EQ(podule_read(&b, 0x03270000u, 4), 0xffffffffu); /* slot 4 */
    CHECK_EQ(podule_read(&b, 0x0302b000u, 1), 0xff);         /* network slot */
}

TEST(podule_decode_spaces)
{
    int slot;
    podule_space_t sp;
    uint32_t off;
    CHECK(podule_decode(0x03244010u, &slot, &sp, &off));
    CHECK_EQ(slot, 1); CHECK_EQ(sp, PODULE_IOC); CHECK_EQ(off, 0x10);
    CHECK(podule_decode(0x032cc004u, &slot, &sp, &off)); /* speed 1 (fast) alias, slot 3 */
    CHECK_EQ(slot, 3); CHECK_EQ(sp, PODULE_IOC); CHECK_EQ(off, 4);
    CHECK(podule_decode(0x0327c000u, &slot, &sp, &off));
    CHECK_EQ(slot, 7);
    CHECK(podule_decode(0x03008000u, &slot, &sp, &off));
    CHECK_EQ(slot, 2); CHECK_EQ(sp, PODULE_MEMC);
    CHECK(podule_decode(0x0d000123u, &slot, &sp, &off));
    CHECK_EQ(slot, 5); CHECK_EQ(sp, PODULE_EASI); CHECK_EQ(off, 0x123);
    CHECK(!podule_decode(0x03200000u, &slot, &sp, &off)); /* IOMD */
}

TEST(podule_rom_card_id_and_chunks)
{
    static uint8_t rom[256];
    static const uint8_t desc[] = "Arcana test card";
    podule_chunk_t ch = {.type = 0xf5, .data = desc, .size = sizeof desc};
    podule_id_t id = {.manufacturer = 0x0053, .product = 0x00cb};
    size_t n = podule_rom_build(rom, sizeof rom, &id, &ch, 1);
    CHECK_EQ(n, 16 + 8 + 4 + sizeof desc);
    podule_bus_t b;
    podule_bus_init(&b, &(podule_bus_cfg_t){.irq = p_irq});
    podule_rom_card_t rc;
    podule_card_t card;
    podule_rom_card(&rc, rom, n, "test", &card);
    CHECK_EQ(podule_attach(&b, 2, &card), 0);
    CHECK_EQ(podule_attach(&b, 2, &card), -1);
    uint32_t base = 0x03248000u;
    /* ECID byte 0: present (bit 1 clear), extended ID; byte 1 bit 0: chunk directory */
    CHECK_EQ(podule_read(&b, base, 1) & 0x02, 0);
    CHECK_EQ(podule_read(&b, base + 4, 1) & 1, 1);
    CHECK_EQ(podule_read(&b, base + 3 * 4, 1), 0xcb); /* product low */
    CHECK_EQ(podule_read(&b, base + 5 * 4, 1), 0x53); /* manufacturer low */
    /* chunk directory entry at byte 16: type, size, start */
    CHECK_EQ(podule_read(&b, base + 16 * 4, 1), 0xf5);
    CHECK_EQ(podule_read(&b, base + 17 * 4, 1), sizeof desc);
    uint32_t start = podule_read(&b, base + 20 * 4, 1);
    CHECK_EQ(start, 28);
    CHECK_EQ(podule_read(&b, base + start * 4, 1), 'A');
    CHECK(!podule_rom_build(rom, 20, &id, &ch, 1)); /* too small */
}

TEST(podule_interrupt_latch)
{
    podule_bus_t b;
    irq_level = 0;
    podule_bus_init(&b, &(podule_bus_cfg_t){.irq = p_irq});
    podule_set_irq(&b, 1, true);
    CHECK_EQ(podule_expmask_read(&b, 0), 0x02);
    CHECK_EQ(irq_level, 1); /* the latch comes up enabled: Linux never writes it */
    podule_expmask_write(&b, 1, 0x00);
    CHECK_EQ(irq_level, 0); /* masked by the enable latch */
    podule_expmask_write(&b, 1, 0x02);
    CHECK_EQ(irq_level, 1);
    podule_set_irq(&b, 1, false);
    CHECK_EQ(irq_level, 0);
}
