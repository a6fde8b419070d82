/* The machine's interrupt wiring as a 26-bit OS sees it: tests/riscpc/irqtest.s runs on an
 * ARM610, takes IOMD timer 0, VSYNC (VIDC20 timing) and keyboard (KART + PS/2) interrupts for
 * one emulated second and leaves its counts in VRAM. */
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/test.h"

#include <unistd.h>

#define IRQROM "build/tests/riscpc/irqtest.rom"

TEST(riscpc_irq_rom_arm610)
{
    if (access(IRQROM, R_OK) != 0)
        SKIP("%s not built (make build)", IRQROM);
    machine_config_t cfg = {.machine = "riscpc", .cpu = "arm610", .ram_mb = 4, .rom = IRQROM};
    machine_t *m = NULL;
    char err[256];
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    machine_run(m, RISCPC_TICKS_PER_SECOND + RISCPC_TICKS_PER_SECOND / 5);
    const uint32_t res = 0x020e0000;
    CHECK_EQ(riscpc_phys_read32(m, res + 0x40), 0x600d);
    CHECK_EQ(riscpc_phys_read32(m, res + 0), 100);
    /* 25.2 MHz / (800 × 525) = 60 Hz: 60 frames in the second the timer measured */
    uint32_t vs = riscpc_phys_read32(m, res + 4);
    if (vs < 59 || vs > 61)
        test_fail(t, __FILE__, __LINE__, "%u VSYNC interrupts in one second", vs);
    /* the keyboard: power-on self test 0xAA, then ACK and 0xAA for the reset command */
    CHECK_EQ(riscpc_phys_read32(m, res + 8), 3);
    CHECK_EQ(riscpc_phys_read32(m, res + 12), 0xaa);
    CHECK_EQ(riscpc_phys_read32(m, res + 16), 0xfa);
    CHECK_EQ(riscpc_phys_read32(m, res + 20), 0xaa);
    /* the 26-bit CPU is in SVC26 at the end, interrupts off */
    CHECK_EQ(arm_get_cpsr(riscpc_cpu(m)) & 0x1f, ARM_MODE_SVC26);
    machine_destroy(m);
}
