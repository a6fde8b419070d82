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
    /* run in 50 ms steps, draining the audio as a frontend would */
    static int16_t audio[2 * 4096];
    size_t frames = 0, loud = 0;
    for (int i = 0; i < 24; i++) {
        machine_run(m, RISCPC_TICKS_PER_SECOND / 20);
        size_t n;
        while ((n = machine_drain_audio(m, audio, 4096)) > 0) {
            for (size_t k = 0; k < n; k++)
                if (audio[2 * k] == 0x4000 && audio[2 * k + 1] == 0x2000)
                    loud++;
            frames += n;
        }
    }
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
    /* sound: 41.7 kHz / 1024 frames a buffer = 40.7 buffers a second, each refilled from the
     * DMA interrupt; the 44.1 kHz output carries the samples for about that second */
    uint32_t bufs = riscpc_phys_read32(m, res + 0x44);
    if (bufs < 39 || bufs > 44)
        test_fail(t, __FILE__, __LINE__, "%u sound buffers refilled in one second", bufs);
    CHECK(frames >= 44100 && frames <= 44100 * 13 / 10);
    if (loud < 40000 || loud > 48000)
        test_fail(t, __FILE__, __LINE__, "%zu output frames carry the DMA'd samples", loud);
    /* the 26-bit CPU is in SVC26 at the end, interrupts off */
    CHECK_EQ(arm_get_cpsr(riscpc_cpu(m)) & 0x1f, ARM_MODE_SVC26);
    machine_destroy(m);
}
