/* Machine-level tests of the RiscPC: Arcana's boot ROM screen (framebuffer hash) and the
 * machine's configuration handling. */
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/test.h"

#include <stdlib.h>

/* FNV-1a over the visible pixels, row by row. */
static uint64_t frame_hash(const machine_frame_t *f)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int y = 0; y < f->height; y++)
        for (int x = 0; x < f->width; x++) {
            uint32_t p = f->pixels[y * f->stride + x];
            for (int i = 0; i < 4; i++) {
                h ^= (p >> (8 * i)) & 0xff;
                h *= 0x100000001b3ull;
            }
        }
    return h;
}

/* Keeps the ROM search away from any RISC OS ROM the developer may have installed. */
static machine_t *boot_rom_machine(test_ctx_t *t, const char *cpu, int ram)
{
    setenv("XDG_DATA_HOME", "/nonexistent-arcana-test", 1);
    machine_config_t cfg = {.machine = "riscpc", .cpu = cpu, .ram_mb = ram,
                            .rom = NULL};
    machine_t *m = NULL;
    char err[256];
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        test_fail(t, __FILE__, __LINE__, "create: %s", err);
        return NULL;
    }
    return m;
}

/* The expected hash of frame 100 of the boot ROM screen (SA-110, 32 MB, 2 MB VRAM): shows
 * "Arcana", the CPU, RAM, VRAM and "RAM test: passed (32 MB)". Update it only after looking at
 * the screenshot (arcana --machine riscpc --headless --frames 100 --screenshot out.png). */
#define BOOTROM_HASH 0x261ad476beed9095ull

TEST(riscpc_bootrom_screen_hash)
{
    machine_t *m = boot_rom_machine(t, "sa110", 32);
    REQUIRE(m);
    for (int i = 0; i < 100; i++)
        machine_run_frame(m);
    machine_frame_t f;
    machine_get_frame(m, &f);
    CHECK_EQ(f.width, 640);
    CHECK_EQ(f.height, 480);
    uint64_t h = frame_hash(&f);
    if (h != BOOTROM_HASH)
        printf("  riscpc boot ROM frame hash: 0x%016llxull\n", (unsigned long long)h);
    CHECK_EQ(h, BOOTROM_HASH);
    /* the background is the boot ROM's dark blue, the title gold */
    CHECK_EQ(f.pixels[0], 0xff502010u);
    machine_destroy(m);
}

TEST(riscpc_bootrom_finds_memory)
{
    machine_t *m = boot_rom_machine(t, "arm710", 12);
    REQUIRE(m);
    for (int i = 0; i < 30; i++)
        machine_run_frame(m);
    /* The ROM writes the bank sizes it found at VRAM + 0xe8000 (its BANKS table): 12 MB
     * is an 8 MB bank followed by a 4 MB bank. */
    CHECK_EQ(riscpc_phys_read32(m, 0x020e8000), 8u << 20);
    CHECK_EQ(riscpc_phys_read32(m, 0x020e8004), 4u << 20);
    CHECK_EQ(riscpc_phys_read32(m, 0x020e8008), 0);
    machine_destroy(m);
}

TEST(riscpc_config_errors)
{
    machine_t *m = NULL;
    char err[256];
    machine_config_t c1 = {.machine = "riscpc", .ram_mb = 3};
    CHECK(machine_create(&c1, &m, err, sizeof err) != 0);
    CHECK(strstr(err, "--ram") != NULL);
    machine_config_t c2 = {.machine = "riscpc", .cpu = "z80"};
    CHECK(machine_create(&c2, &m, err, sizeof err) != 0);
    CHECK(strstr(err, "z80") != NULL);
    machine_config_t c3 = {.machine = "riscpc", .kernel = "/nonexistent/zImage"};
    CHECK(machine_create(&c3, &m, err, sizeof err) != 0);
    CHECK(strstr(err, "/nonexistent/zImage") != NULL);
    machine_config_t c4 = {.machine = "riscpc", .append = "x"};
    CHECK(machine_create(&c4, &m, err, sizeof err) != 0);
}

/* A podule plugged in through the machine API is visible in IOC space at its slot. */
TEST(riscpc_podule_attach)
{
    machine_t *m = boot_rom_machine(t, "sa110", 8);
    REQUIRE(m);
    static uint8_t rom[64];
    podule_id_t id = {.manufacturer = 0x1234, .product = 0x5678};
    size_t n = podule_rom_build(rom, sizeof rom, &id, NULL, 0);
    REQUIRE(n);
    static podule_rom_card_t rc;
    podule_card_t card;
    podule_rom_card(&rc, rom, n, "test", &card);
    /* Slot 0 holds the EtherLan 600 (machines/riscpc_net.c); slot 1 is free. */
    CHECK_EQ(riscpc_attach_podule(m, 1, &card), 0);
    CHECK_EQ(riscpc_attach_podule(m, 1, &card), -1);
    CHECK_EQ(riscpc_attach_podule(m, 0, &card), -1);
    CHECK_EQ(riscpc_bus_read(m, 0x03244000u, 1) & 0x02, 0);        /* slot 1: present */
    CHECK_EQ(riscpc_bus_read(m, 0x03244000u + 5 * 4, 1), 0x34);    /* manufacturer low */
    CHECK_EQ(riscpc_bus_read(m, 0x03248000u, 1), 0xff);            /* slot 2: empty */
    CHECK_EQ(riscpc_bus_read(m, 0x03200094u, 1), 0xe7);            /* IOMD ID0 */
    CHECK(riscpc_sched(m) != NULL);
    machine_destroy(m);
}

/* Power-on versus the reset button: IOMD's power-on-reset bit tells them apart. */
TEST(riscpc_hard_and_soft_reset)
{
    machine_t *m = boot_rom_machine(t, "sa110", 4);
    REQUIRE(m);
    CHECK_EQ(riscpc_bus_read(m, 0x03200010u, 1) & 0x10, 0x10); /* created: power-on */
    for (int i = 0; i < 5; i++)
        machine_run_frame(m);
    CHECK_EQ(riscpc_phys_read32(m, 0x10000000u), 0);            /* tested, then cleared */
    riscpc_bus_write(m, 0x10000000u, 0x5a5a1234u, 4);
    machine_reset(m, false);
    CHECK_EQ(riscpc_bus_read(m, 0x03200010u, 1) & 0x10, 0);
    CHECK_EQ(riscpc_phys_read32(m, 0x10000000u), 0x5a5a1234u);  /* the reset button keeps memory */
    machine_reset(m, true);
    CHECK_EQ(riscpc_bus_read(m, 0x03200010u, 1) & 0x10, 0x10);
    CHECK_EQ(riscpc_phys_read32(m, 0x10000000u), 0);            /* power cycle: memory gone */
    for (int i = 0; i < 100; i++)
        machine_run_frame(m);
    machine_frame_t f;
    machine_get_frame(m, &f);
    CHECK_EQ(f.width, 640);
    machine_destroy(m);
}

/* IOMD control register bit 7 shows vertical flyback: for the boot ROM's 640×480 mode
 * (525 lines) that is 45 lines of every frame. */
TEST(riscpc_flyback_fraction)
{
    machine_t *m = boot_rom_machine(t, "sa110", 4);
    REQUIRE(m);
    for (int i = 0; i < 10; i++)
        machine_run_frame(m);
    int fly = 0, n = 5250;
    uint64_t frame = RISCPC_TICKS_PER_SECOND * 800 * 525 / 25200000;
    for (int i = 0; i < n; i++) {
        machine_run(m, frame * 10 / (uint64_t)n);
        fly += (riscpc_bus_read(m, 0x03200000u, 1) & 0x80) != 0;
    }
    /* 10 frames sampled 525 times each: 450 samples in flyback, give or take a few */
    if (fly < 440 || fly > 460)
        test_fail(t, __FILE__, __LINE__, "%d of %d samples in flyback", fly, n);
    machine_destroy(m);
}
