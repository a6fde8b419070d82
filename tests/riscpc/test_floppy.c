/* Floppy drive as the machine wires it: index pulses reach IOMD IRQ A bit 2 only while the
 * selected drive's motor turns with a disc in; media insert/eject through the machine API. */
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/test.h"

#include <stdlib.h>
#include <unistd.h>

#define PCIO(port) (0x03010000u + (port) * 4u)
#define IRQSTATA 0x03200010u
#define IRQREQA 0x03200014u

TEST(riscpc_floppy_index_and_media)
{
    char path[] = "/tmp/arcana-fd-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(ftruncate(fd, 1474560) == 0);
    close(fd);
    setenv("XDG_DATA_HOME", "/nonexistent-arcana-test", 1);
    machine_config_t cfg = {.machine = "riscpc", .ram_mb = 4, .floppy = {path}};
    machine_t *m = NULL;
    char err[256];
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    riscpc_bus_write(m, PCIO(0x3f2), 0x1c, 1); /* drive 0, motor on, out of reset, DMA */
    riscpc_bus_write(m, IRQREQA, 0x04, 1);
    machine_run(m, RISCPC_TICKS_PER_SECOND / 4);
    CHECK_EQ(riscpc_bus_read(m, IRQSTATA, 1) & 0x04, 0x04);
    riscpc_bus_write(m, PCIO(0x3f2), 0x0c, 1); /* motor off */
    riscpc_bus_write(m, IRQREQA, 0x04, 1);
    machine_run(m, RISCPC_TICKS_PER_SECOND / 4);
    CHECK_EQ(riscpc_bus_read(m, IRQSTATA, 1) & 0x04, 0);
    CHECK_EQ(machine_eject(m, MEDIA_FLOPPY, 0, err, sizeof err), 0);
    riscpc_bus_write(m, PCIO(0x3f2), 0x1c, 1);
    riscpc_bus_write(m, IRQREQA, 0x04, 1);
    machine_run(m, RISCPC_TICKS_PER_SECOND / 4);
    CHECK_EQ(riscpc_bus_read(m, IRQSTATA, 1) & 0x04, 0); /* no disc: no index */
    CHECK(machine_eject(m, MEDIA_FLOPPY, 0, err, sizeof err) != 0);
    CHECK_EQ(machine_insert(m, MEDIA_FLOPPY, 0, path, err, sizeof err), 0);
    CHECK(machine_insert(m, MEDIA_FLOPPY, 0, "/nonexistent.adf", err, sizeof err) != 0);
    CHECK(strstr(err, "/nonexistent.adf") != NULL);
    CHECK_EQ(riscpc_bus_read(m, PCIO(0x3f7), 1) & 0x80, 0x80); /* disc changed */
    machine_destroy(m);
    unlink(path);
}
