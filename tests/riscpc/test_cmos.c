/* CMOS RAM on the IOMD I²C bus: bit-banged through the control register exactly as Linux
 * i2c-acorn and RISC OS do, and kept across machines in <data_dir>/riscpc.cmos. */
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/test.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define IOCR 0x03200000u

static machine_t *mach;
static void lines(bool scl, bool sda) { riscpc_bus_write(mach, IOCR, 0xdc | (scl ? 2 : 0) | (sda ? 1 : 0), 1); }
static bool sda_in(void) { return riscpc_bus_read(mach, IOCR, 1) & 1; }
static void start(void) { lines(1, 1); lines(1, 0); lines(0, 0); }
static void stop(void) { lines(0, 0); lines(1, 0); lines(1, 1); }
static bool put(uint8_t v)
{
    for (int i = 7; i >= 0; i--) { bool b = (v >> i) & 1; lines(0, b); lines(1, b); lines(0, b); }
    lines(0, 1);
    lines(1, 1);
    bool ack = !sda_in();
    lines(0, 1);
    return ack;
}
static uint8_t get(bool ack)
{
    uint8_t v = 0;
    for (int i = 0; i < 8; i++) { lines(0, 1); lines(1, 1); v = (uint8_t)(v << 1 | sda_in()); }
    lines(0, !ack); lines(1, !ack); lines(0, 1);
    return v;
}

static machine_t *make(test_ctx_t *t, const char *dir)
{
    setenv("XDG_DATA_HOME", "/nonexistent-arcana-test", 1);
    machine_config_t cfg = {.machine = "riscpc", .ram_mb = 4, .data_dir = dir};
    machine_t *m = NULL;
    char err[256];
    if (machine_create(&cfg, &m, err, sizeof err) != 0)
        test_fail(t, __FILE__, __LINE__, "create: %s", err);
    return m;
}

TEST(riscpc_cmos_i2c_and_persistence)
{
    char dir[] = "/tmp/arcana-cmos-XXXXXX";
    REQUIRE(mkdtemp(dir));
    char file[64];
    snprintf(file, sizeof file, "%s/riscpc.cmos", dir);
    mach = make(t, dir);
    REQUIRE(mach);
    /* a fresh CMOS: the year (two digits, century) is kept at 0xc0/0xc1 */
    start();
    CHECK(put(0xa0));
    CHECK(put(0xc1));
    start();
    CHECK(put(0xa1));
    CHECK_EQ(get(false), 20);
    stop();
    /* write 0x77, 0x88 at 0x40 */
    start();
    CHECK(put(0xa0));
    CHECK(put(0x40));
    CHECK(put(0x77));
    CHECK(put(0x88));
    stop();
    machine_destroy(mach);
    struct stat st;
    REQUIRE(stat(file, &st) == 0);
    CHECK_EQ(st.st_size, 256);
    /* a new machine finds it */
    mach = make(t, dir);
    REQUIRE(mach);
    start();
    CHECK(put(0xa0));
    CHECK(put(0x40));
    start();
    CHECK(put(0xa1));
    CHECK_EQ(get(true), 0x77);
    CHECK_EQ(get(false), 0x88);
    stop();
    machine_destroy(mach);
    unlink(file);
    rmdir(dir);
}
