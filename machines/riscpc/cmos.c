/* The PCF8583's battery-backed RAM (the RiscPC's CMOS) kept in DATA_DIR/riscpc.cmos: read at
 * creation, written back (temp file + rename) whenever an OS has changed it. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "machines/riscpc/internal.h"
#include "roms/infile.h"

/* A CMOS that was never written by an OS: all zero except the year RISC OS and Linux keep
 * beside the clock (physical 0xc0 = two-digit year, 0xc1 = century: the PCF8583 itself only
 * counts years modulo 4; Linux rtc-pcf8583 CMOS_YEAR) and the RISC OS checksum at 0x3f
 * (sum of the other 239 bytes plus one, in RISC OS's logical byte order). */
static void cmos_defaults(riscpc_t *m, int64_t now)
{
    uint8_t *ram = pcf8583_ram(&m->rtc);
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    int year = tm.tm_year + 1900;
    memset(ram + 16, 0, 240);
    ram[0xc0] = (uint8_t)(year % 100);
    ram[0xc1] = (uint8_t)(year / 100);
    unsigned sum = 1;
    for (int a = 0x10; a < 0x100; a++)
        if (a != 0x3f)
            sum += ram[a];
    ram[0x3f] = (uint8_t)sum;
}

static void cmos_load(riscpc_t *m)
{
    if (!m->cmos_path[0])
        return;
    uint8_t buf[256];
    size_t n = 0;
    char msg[MACHINE_ERR_LEN];
    if (access(m->cmos_path, F_OK) != 0)
        return;
    if (infile_read_into(m->cmos_path, buf, sizeof buf, &n, msg, sizeof msg) != 0)
        fprintf(stderr, "riscpc: CMOS %s; ignored\n", msg);
    else if (n == 256) {
        memcpy(pcf8583_ram(&m->rtc) + 16, buf + 16, 240);
        m->cmos_loaded = true;
    } else
        fprintf(stderr, "riscpc: %s: short CMOS file ignored\n", m->cmos_path);
    memcpy(m->cmos_saved, pcf8583_ram(&m->rtc), 256);
}

/* Defaults (the year of the clock's start), then the file in data_dir if there is one (NULL:
 * the CMOS is not kept). */
void riscpc_cmos_setup(riscpc_t *m, const char *data_dir, int64_t rtc_start)
{
    cmos_defaults(m, rtc_start);
    memcpy(m->cmos_saved, pcf8583_ram(&m->rtc), 256);
    if (data_dir) {
        snprintf(m->cmos_path, sizeof m->cmos_path, "%s/riscpc.cmos", data_dir);
        cmos_load(m);
    }
}

void riscpc_cmos_save(riscpc_t *m)
{
    uint8_t *ram = pcf8583_ram(&m->rtc);
    if (!m->cmos_path[0] || memcmp(ram + 16, m->cmos_saved + 16, 240) == 0)
        return;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", m->cmos_path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(ram, 1, 256, f) == 256 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, m->cmos_path) != 0) {
        fprintf(stderr, "riscpc: %s: cannot save CMOS: %s\n", m->cmos_path, strerror(errno));
        remove(tmp);
        return;
    }
    memcpy(m->cmos_saved, ram, 256);
}
