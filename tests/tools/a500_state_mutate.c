/* Mutated A500 save states (issue 16, as state_mutate.c does for the RiscPC):
 * `a500_state_mutate [--seed S] [--count N]` saves an A500 state (AROS booting, a disk in DF0),
 * then loads N copies with random byte changes — mostly in the chips' sections, some in section
 * headers, some in memory — or truncations, checksum recomputed, each bounded in CPU time. A load
 * either succeeds (the machine then runs 1 ms) or is refused with one line naming the file and
 * leaves the machine exactly as it was (checked by saving it again). Run under the sanitized
 * build. Ends with "a500_state_mutate: N passed, N failed". */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "machines/a500.h"
#define MUTATE_PROG "a500_state_mutate"
#include "tests/tools/mutate_lib.h"
#include "machines/state.h"


/* Sections of a state (machines/state.h): where each starts and how long its payload is. */
typedef struct { size_t head, len; bool big; } section_t;

static int sections(const uint8_t *b, size_t len, section_t *out, int max)
{
    size_t pos = 8 + 4 + STATE_NAME_LEN;
    int n = 0;
    while (pos + 16 <= len && n < max && memcmp(b + pos, "END!", 4) != 0) {
        uint64_t l = 0;
        for (int i = 0; i < 8; i++)
            l |= (uint64_t)b[pos + 8 + i] << (8 * i);
        /* memory, the frame buffer and disks are bytes as they are: few checks to reach there */
        out[n++] = (section_t){pos, (size_t)l, l > 100000};
        pos += 16 + (size_t)l;
    }
    return n;
}

static void fix_checksum(uint8_t *b, size_t len)
{
    uint64_t h = ser_fnv(0xcbf29ce484222325ull, b, len - 8);
    for (int i = 0; i < 8; i++)
        b[len - 8 + i] = (uint8_t)(h >> (8 * i));
}

int main(int argc, char **argv)
{
    unsigned long seed = 1;
    int count = 300, check_every = 10;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--count") && i + 1 < argc)
            count = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: a500_state_mutate [--seed S] [--count N]\n");
            return 2;
        }
    }
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    char dir[64];
    snprintf(dir, sizeof dir, "%s/arcana-a500-mutate.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char df0[300], tpl_path[300], mut_path[300], again_path[300];
    snprintf(df0, sizeof df0, "%s/df0.adf", dir);
    snprintf(tpl_path, sizeof tpl_path, "%s/template.state", dir);
    snprintf(mut_path, sizeof mut_path, "%s/mutated.state", dir);
    snprintf(again_path, sizeof again_path, "%s/again.state", dir);
    uint8_t *blank = calloc(1, 901120);
    if (!blank || put(df0, blank, 901120) != 0) {
        fprintf(stderr, "a500_state_mutate: cannot write %s\n", df0);
        return 1;
    }
    free(blank);
    machine_config_t cfg = {.machine = "a500", .floppy = {df0}, .rtc_fixed = true, .rtc_time = 946684800}; /* the clock: the same in every run */
    machine_t *m;
    char err[MACHINE_ERR_LEN];
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "a500_state_mutate: %s\n", err);
        return 1;
    }
    for (int i = 0; i < 20; i++) /* AROS is running, the drive has been probed */
        machine_run_frame(m);
    machine_run(m, 12345); /* mid-frame */
    size_t tpl_len = 0;
    uint8_t *tpl = NULL;
    if (machine_save_state(m, tpl_path, err, sizeof err) != 0 || !(tpl = slurp(tpl_path, &tpl_len))) {
        fprintf(stderr, "a500_state_mutate: template: %s\n", err);
        return 1;
    }
    section_t sec[32];
    int nsec = sections(tpl, tpl_len, sec, 32);
    if (nsec < 10) {
        fprintf(stderr, "a500_state_mutate: template has %d sections\n", nsec);
        return 1;
    }
    uint8_t *work = malloc(tpl_len);
    signal(SIGVTALRM, on_alarm);
    mutate_run_t run = {.m = m, .tpl_path = tpl_path, .mut_path = mut_path, .again_path = again_path, .tpl = tpl,
                        .tpl_len = tpl_len, .run_ticks = A500_TICKS_PER_SECOND / 1000};
    for (int n = 0; n < count; n++) {
        current = n;
        memcpy(work, tpl, tpl_len);
        size_t len = tpl_len;
        unsigned kind = (unsigned)(rng() % 100);
        if (kind < 10)
            len = (size_t)(rng() % tpl_len);
        int edits = 1 + (int)(rng() % 6);
        for (int e = 0; e < edits; e++) {
            unsigned where = (unsigned)(rng() % 100);
            size_t at;
            const section_t *s = &sec[rng() % (unsigned)nsec];
            if (where < 10) { /* the file header or a section header */
                at = where < 3 ? (size_t)(rng() % 28) : s->head + (size_t)(rng() % 16);
            } else if (where < 90) { /* a small section's fields */
                while (s->big || !s->len)
                    s = &sec[rng() % (unsigned)nsec];
                at = s->head + 16 + (size_t)(rng() % s->len);
            } else {
                at = (size_t)(rng() % (tpl_len - 8));
            }
            mutate_byte(&work[at]);
        }
        if (len >= 8 && rng() % 20)
            fix_checksum(work, len);
        if (put(mut_path, work, len) != 0) {
            fprintf(stderr, "a500_state_mutate: cannot write %s\n", mut_path);
            return 1;
        }
        mutate_try(&run, n, n % check_every == 0, err, sizeof err);
    }
    machine_destroy(m);
    free(work);
    free(tpl);
    remove(tpl_path);
    remove(mut_path);
    remove(again_path);
    remove(df0);
    rmdir(dir);
    int bad = run.changed + run.bad_msg + run.failed;
    printf("a500_state_mutate: %d states: %d loaded, %d refused, %d changed the machine, %d bad messages\n", count,
           run.loaded, run.refused, run.changed, run.bad_msg);
    printf("a500_state_mutate: %d passed, %d failed\n", count - bad, bad);
    return bad ? 1 : 0;
}
