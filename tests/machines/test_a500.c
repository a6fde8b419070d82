#include <stdlib.h>
#include <unistd.h>

#include "machines/a500.h"
#include "tests/test.h"

/* Our own ROM (tests/amiga/rom/maptest.s, built by make into $BUILD/amiga/maptest.rom). */
static const char *rom_path(char *buf, size_t len)
{
    const char *b = getenv("BUILD");
    snprintf(buf, len, "%s/amiga/maptest.rom", b && *b ? b : "build");
    return buf;
}

TEST(a500_memory_map_cias_and_interrupts_own_rom)
{
    char path[512];
    if (access(rom_path(path, sizeof path), R_OK) != 0)
        SKIP("the test ROM is not built (make builds it into $BUILD/amiga)");
    machine_config_t cfg = {.machine = "a500", .rom = path, .rtc_fixed = true, .rtc_time = 946684800};
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    /* 0.2 s: the test needs three frames. */
    machine_run(m, A500_TICKS_PER_SECOND / 5);
    CHECK_EQ(a500_peek32(m, 0xfc), 0xc0de0010);
    CHECK_EQ(a500_peek32(m, 0x100), 0x0007fff0);  /* overlay: ROM at 0 */
    CHECK_EQ(a500_peek32(m, 0x104), 0x0007fff0);  /* write went underneath */
    CHECK_EQ(a500_peek32(m, 0x108), 0x12345678);  /* OVL off: chip RAM */
    CHECK_EQ(a500_peek32(m, 0x10c), 0x12345678);  /* chip RAM mirror at $80000 */
    CHECK_EQ(a500_peek32(m, 0x110), 0xcafebabe);  /* slow RAM at $C00000 */
    CHECK_EQ(a500_peek32(m, 0x114), 0x1234);      /* CIA-B timer A on even bytes */
    CHECK_EQ(a500_peek32(m, 0x118), 0x4020);      /* INTENAR */
    CHECK_EQ(a500_peek32(m, 0x120), 1);           /* level 2 handler ran */
    CHECK_EQ(a500_peek32(m, 0x124), 0x81);        /* ICR: IR | TA */
    CHECK(a500_peek32(m, 0x130) >= 3);            /* vertical blanks at level 3 */
    machine_destroy(m);
}

TEST(a500_rejects_bad_rom_sizes)
{
    char path[] = "/tmp/arcana-a500-rom-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    static const char junk[1000];
    REQUIRE(write(fd, junk, sizeof junk) == (ssize_t)sizeof junk);
    close(fd);
    machine_config_t cfg = {.machine = "a500", .rom = path, .rtc_fixed = true, .rtc_time = 946684800};
    char err[MACHINE_ERR_LEN] = "";
    machine_t *m = NULL;
    CHECK(machine_create(&cfg, &m, err, sizeof err) != 0);
    CHECK(m == NULL);
    CHECK(strstr(err, "256 KB or 512 KB") != NULL);
    cfg.rom = NULL;
    cfg.chipset = "aga";
    CHECK(machine_create(&cfg, &m, err, sizeof err) != 0);
    CHECK(strstr(err, "chipset") != NULL);
    unlink(path);
}

TEST(a500_keyboard_through_cia_serial_own_rom)
{
    const char *b = getenv("BUILD");
    char path[512];
    snprintf(path, sizeof path, "%s/amiga/kbdtest.rom", b && *b ? b : "build");
    if (access(path, R_OK) != 0)
        SKIP("the keyboard test ROM is not built (make builds it into $BUILD/amiga)");
    machine_config_t cfg = {.machine = "a500", .rom = path, .rtc_fixed = true, .rtc_time = 946684800};
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    /* Self test (200 ms), then out of sync until a handshake: eight 1 bits 143 ms apart make a
       byte ($FF once decoded); after its handshake, the power-up stream $FD $FE. */
    machine_run(m, A500_TICKS_PER_SECOND * 3 / 2);
    CHECK_EQ(a500_peek32(m, 0xfc), 0xc0de0011);
    machine_key(m, 0x04, true);   /* HID A */
    machine_run(m, A500_TICKS_PER_SECOND / 50);
    machine_key(m, 0x04, false);
    machine_run(m, A500_TICKS_PER_SECOND / 50);
    REQUIRE(a500_peek32(m, 0x1fc) == 5);
    CHECK_EQ(a500_peek8(m, 0x200), 0xFF);
    CHECK_EQ(a500_peek8(m, 0x201), 0xFD);
    CHECK_EQ(a500_peek8(m, 0x202), 0xFE);
    CHECK_EQ(a500_peek8(m, 0x203), 0x20); /* raw code of A, down */
    CHECK_EQ(a500_peek8(m, 0x204), 0xA0); /* up */
    machine_destroy(m);
}

TEST(a500_media_errors)
{
    char path[512];
    if (access(rom_path(path, sizeof path), R_OK) != 0)
        SKIP("the test ROM is not built (make builds it into $BUILD/amiga)");
    machine_config_t cfg = {.machine = "a500", .rom = path, .rtc_fixed = true, .rtc_time = 946684800};
    char err[MACHINE_ERR_LEN] = "";
    machine_t *m;
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    CHECK(machine_insert(m, MEDIA_FLOPPY, 0, "/nonexistent/disk.adf", err, sizeof err) != 0);
    CHECK(strstr(err, "/nonexistent/disk.adf") != NULL);
    CHECK(machine_insert(m, MEDIA_HD, 0, path, err, sizeof err) != 0);
    CHECK(strstr(err, "DF0-DF3") != NULL);
    CHECK(machine_insert(m, MEDIA_FLOPPY, 1, path, err, sizeof err) != 0); /* no DF1 fitted */
    CHECK(strstr(err, "DF1") != NULL);
    CHECK(machine_insert(m, MEDIA_FLOPPY, 0, path, err, sizeof err) != 0); /* a ROM is no ADF */
    CHECK(strstr(err, "not an Amiga DD disk image") != NULL);
    CHECK_EQ(machine_eject(m, MEDIA_FLOPPY, 0, err, sizeof err), 0);
    /* save states exist (issue 16); a path that cannot be written or read is one message */
    CHECK(machine_save_state(m, "/nonexistent/dir/x.state", err, sizeof err) != 0);
    CHECK(strstr(err, "/nonexistent/dir/x.state") != NULL);
    CHECK(machine_load_state(m, "/nonexistent/x.state", err, sizeof err) != 0);
    CHECK(strstr(err, "/nonexistent/x.state") != NULL);
    machine_destroy(m);
}
