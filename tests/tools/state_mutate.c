/* Mutated save states (issue 13 acceptance): `state_mutate [--seed S] [--count N]` saves a
 * RiscPC state (our boot ROM's screen, a floppy and a hard disc attached), then loads N copies
 * with random byte changes — in the file and section headers, the machine's and CPU's fields,
 * the chips' and discs' sections, RAM and VRAM — and truncations, checksum recomputed, each
 * bounded in time. A load
 * either succeeds (the machine then runs 1 ms) or is refused with one line and leaves the
 * machine exactly as it was (checked by saving it again). Run under the sanitized build, any
 * out-of-range field shows up as a report. Ends with "state_mutate: N passed, N failed". */
#include <signal.h>
#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MUTATE_PROG "state_mutate"
#include "tests/tools/mutate_lib.h"
#include "machines/riscpc.h"
#include "tests/fuzz/riscpc_state.h"


static int make_image(const char *path, size_t size, uint8_t fill)
{
    uint8_t *b = malloc(size);
    if (!b)
        return -1;
    memset(b, fill, size);
    int rc = put(path, b, size);
    free(b);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned long seed = 1;
    int count = 1000, check_every = 10;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--count") && i + 1 < argc)
            count = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--check-every") && i + 1 < argc)
            check_every = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: state_mutate [--seed S] [--count N]\n");
            return 2;
        }
    }
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    /* tmpfs when there is one: each state is several MB written and read back */
    char dir[64];
    snprintf(dir, sizeof dir, "%s/arcana-state-mutate.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char fd0[300], hd0[300], tpl_path[300], mut_path[300], again_path[300];
    snprintf(fd0, sizeof fd0, "%s/fd0.adf", dir);
    snprintf(hd0, sizeof hd0, "%s/hd0.img", dir);
    snprintf(tpl_path, sizeof tpl_path, "%s/template.state", dir);
    snprintf(mut_path, sizeof mut_path, "%s/mutated.state", dir);
    snprintf(again_path, sizeof again_path, "%s/again.state", dir);
    if (make_image(fd0, 819200, 0xe5) || make_image(hd0, 65536, 0)) {
        fprintf(stderr, "state_mutate: cannot write images in %s\n", dir);
        return 1;
    }
    machine_config_t cfg = {.machine = "riscpc", .ram_mb = 4, .data_dir = dir, .floppy = {fd0}, .hd = {hd0}};
    machine_t *m;
    char err[MACHINE_ERR_LEN];
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "state_mutate: %s\n", err);
        return 1;
    }
    for (int i = 0; i < 3; i++)
        machine_run_frame(m);
    size_t tpl_len = 0;
    uint8_t *tpl = NULL;
    rpc_section_t sec[64];
    int nsec = 0;
    if (machine_save_state(m, tpl_path, err, sizeof err) != 0 || !(tpl = slurp(tpl_path, &tpl_len)) ||
        (nsec = rpc_state_sections(tpl, tpl_len, sec, 64)) < 10) {
        fprintf(stderr, "state_mutate: template: %s\n", err);
        return 1;
    }
    /* the sections with structure (not RAM or VRAM, not empty), and where the chips start */
    int small[64], nsmall = 0, chips = 0;
    for (int i = 0; i < nsec; i++) {
        if (!sec[i].memory && sec[i].len)
            small[nsmall++] = i;
        if (!memcmp(sec[i].tag, "VRAM", 4))
            chips = nsmall;
    }
    size_t tail = sec[chips < nsmall ? small[chips] : 0].head; /* the chips' part of the file */
    uint8_t *work = malloc(tpl_len);
    /* a hang is 10 s of CPU time on one state (not wall time: the machine may be busy) */
    signal(SIGVTALRM, on_alarm);
    mutate_run_t run = {.m = m, .tpl_path = tpl_path, .mut_path = mut_path, .again_path = again_path, .tpl = tpl,
                        .tpl_len = tpl_len, .run_ticks = RISCPC_TICKS_PER_SECOND / 1000};
    for (int n = 0; n < count; n++) {
        current = n;
        memcpy(work, tpl, tpl_len);
        size_t len = tpl_len;
        unsigned kind = (unsigned)(rng() % 100);
        if (kind < 15) { /* truncated: anywhere, mostly in the chips' part */
            len = kind < 5 ? (size_t)(rng() % tpl_len) : tail + (size_t)(rng() % (tpl_len - tail));
        }
        int edits = 1 + (int)(rng() % 8);
        for (int e = 0; e < edits; e++) {
            unsigned where = (unsigned)(rng() % 100);
            size_t off;
            const rpc_section_t *sc;
            if (where < 5) { /* the file header or a section header */
                sc = &sec[rng() % (unsigned)nsec];
                off = where < 2 ? (size_t)(rng() % RPC_STATE_HEADER) : sc->head + (size_t)(rng() % RPC_SECTION_HEAD);
            } else if (where < 35) { /* the configuration, the machine's own fields, the CPU */
                sc = &sec[small[rng() % (unsigned)chips]];
                off = sc->head + RPC_SECTION_HEAD + (size_t)(rng() % sc->len);
            } else if (where < 95) { /* the chips, the discs */
                sc = &sec[small[chips + (int)(rng() % (unsigned)(nsmall - chips))]];
                off = sc->head + RPC_SECTION_HEAD + (size_t)(rng() % sc->len);
            } else { /* RAM and VRAM: page maps and compressed pages */
                do
                    sc = &sec[rng() % (unsigned)nsec];
                while (!sc->memory);
                off = sc->head + RPC_SECTION_HEAD + (size_t)(rng() % sc->len);
            }
            mutate_byte(&work[off]);
        }
        if (len >= 8)
            rpc_state_fix_checksum(work, len);
        if (put(mut_path, work, len) != 0) {
            fprintf(stderr, "state_mutate: cannot write %s\n", mut_path);
            return 1;
        }
        mutate_try(&run, n, n % check_every == 0, err, sizeof err);
        if (n < 3 || n % 250 == 0)
            fprintf(stderr, "state_mutate: state %d: %s\n", n, err[0] ? err : "loaded");
    }
    machine_destroy(m);
    free(tpl);
    free(work);
    remove(tpl_path); remove(mut_path); remove(again_path); remove(fd0); remove(hd0);
    char cmos[320];
    snprintf(cmos, sizeof cmos, "%s/riscpc.cmos", dir);
    remove(cmos);
    rmdir(dir);
    int failed = run.failed + run.changed + run.bad_msg;
    printf("state_mutate: %d states, seed %lu: %d loaded and ran, %d refused (%d left the machine changed, %d bad "
           "messages), 0 hangs\n", count, seed, run.loaded, run.refused, run.changed, run.bad_msg);
    printf("state_mutate: %d passed, %d failed\n", count - failed, failed);
    return failed ? 1 : 0;
}
