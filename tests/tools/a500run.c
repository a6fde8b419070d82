/* a500run: boots the A500 (default ROM: AROS) with a disk in DF0 for S emulated seconds, then
 * prints N 32-bit words of guest memory from ADDR, one "ADDR: VALUE" line each (hex).
 * Used by tests/suites/50-a500.sh for test disks that leave their results in memory.
 * Usage: a500run [--rom FILE] --floppy ADF --seconds S --peek ADDR[,N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machines/a500.h"

int main(int argc, char **argv)
{
    machine_config_t cfg = {.machine = "a500"};
    double seconds = 10;
    unsigned long addr = 0, count = 1;
    bool peek = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "a500run: %s needs a value\n", a);
            return 2;
        }
        if (strcmp(a, "--rom") == 0)
            cfg.rom = v;
        else if (strcmp(a, "--floppy") == 0)
            cfg.floppy[0] = v;
        else if (strcmp(a, "--seconds") == 0)
            seconds = atof(v);
        else if (strcmp(a, "--peek") == 0) {
            char *end;
            addr = strtoul(v, &end, 16);
            if (*end == ',')
                count = strtoul(end + 1, NULL, 0);
            peek = true;
        } else {
            fprintf(stderr, "a500run: unknown option '%s'\n", a);
            return 2;
        }
        i++;
    }
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "a500run: %s\n", err);
        return 1;
    }
    uint64_t end = (uint64_t)(seconds * (double)m->ticks_per_second);
    while (m->ticks < end)
        machine_run_frame(m);
    for (unsigned long i = 0; peek && i < count; i++)
        printf("%06lx: %08x\n", addr + 4 * i, a500_peek32(m, (uint32_t)(addr + 4 * i)));
    machine_destroy(m);
    return 0;
}
