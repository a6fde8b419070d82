/* a500run: boots the A500 (default ROM: AROS) with a disk in DF0 for S emulated seconds, then
 * prints N 32-bit words of guest memory from ADDR, one "ADDR: VALUE" line each (hex).
 * Used by tests/suites/50-a500.sh for test disks that leave their results in memory.
 * With --insert-at T the disk goes in only after T emulated seconds (disk change detection);
 * --hash also prints the last frame's hash ("hash: X", as arcana's screenshots carry it);
 * --hash-every prints every frame's ("frame N: X"; differential tests of the chips' fast paths).
 * Usage: a500run [--rom FILE] [--floppy ADF] [--insert-at T] --seconds S [--peek ADDR[,N]]
 *                [--hash] [--hash-every] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/png.h"
#include "machines/a500.h"

int main(int argc, char **argv)
{
    machine_config_t cfg = {.machine = "a500", .ram_mb = 1, .rtc_fixed = true, .rtc_time = 946684800}; /* (2000-01-01) FS-UAE's oracle A500: 512 KB chip + 512 KB slow */
    double seconds = 10, insert_at = 0;
    const char *floppy = NULL;
    unsigned long addr = 0, count = 1;
    bool peek = false, hash = false, hash_every = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--hash") == 0) {
            hash = true;
            continue;
        }
        if (strcmp(a, "--hash-every") == 0) {
            hash_every = true;
            continue;
        }
        if (!v) {
            fprintf(stderr, "a500run: %s needs a value\n", a);
            return 2;
        }
        if (strcmp(a, "--rom") == 0)
            cfg.rom = v;
        else if (strcmp(a, "--floppy") == 0)
            floppy = v;
        else if (strcmp(a, "--insert-at") == 0)
            insert_at = atof(v);
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
    if (insert_at <= 0)
        cfg.floppy[0] = floppy;
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "a500run: %s\n", err);
        return 1;
    }
    uint64_t end = (uint64_t)(seconds * (double)m->ticks_per_second);
    uint64_t insert = (uint64_t)(insert_at * (double)m->ticks_per_second);
    bool pending = floppy && insert_at > 0;
    while (m->ticks < end) {
        if (pending && m->ticks >= insert) {
            if (machine_insert(m, MEDIA_FLOPPY, 0, floppy, err, sizeof err) != 0) {
                fprintf(stderr, "a500run: %s\n", err);
                machine_destroy(m);
                return 1;
            }
            pending = false;
        }
        machine_run_frame(m);
        if (hash_every) {
            machine_frame_t f;
            machine_get_frame(m, &f);
            printf("frame %llu: %016llx\n", (unsigned long long)f.number,
                   (unsigned long long)frame_hash(&f));
        }
    }
    if (hash) {
        machine_frame_t f;
        machine_get_frame(m, &f);
        printf("hash: %016llx\n", (unsigned long long)frame_hash(&f));
    }
    for (unsigned long i = 0; peek && i < count; i++)
        printf("%06lx: %08x\n", addr + 4 * i, a500_peek32(m, (uint32_t)(addr + 4 * i)));
    machine_destroy(m);
    return 0;
}
