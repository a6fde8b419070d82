/* Shared by the save-state fuzz targets (fuzz_state.c: RiscPC, fuzz_a500_state.c: A500). */
#ifndef ARCANA_FUZZ_STATE_LIB_H
#define ARCANA_FUZZ_STATE_LIB_H

#include "machines/machine.h"
#include "tests/fuzz/fuzz.h"

/* A whole file read into a new buffer (NULL if it cannot be read or is empty). */
static inline uint8_t *fuzz_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = n > 0 ? malloc((size_t)n) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = b ? (size_t)n : 0;
    return b;
}

/* Writes n seed inputs (lens[i] bytes of seeds[i]) as DIR/seed0.. for FUZZ_WRITE_SEED. */
static inline void fuzz_write_seeds(const char *dir, const uint8_t (*seeds)[10], const size_t *lens, int n)
{
    char path[4200];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/seed%d", dir, i);
        FILE *s = fopen(path, "wb");
        if (s) {
            fwrite(seeds[i], 1, lens[i], s);
            fclose(s);
        }
    }
}

/* Loads the changed state; if the machine takes it, runs `ticks` and goes back to the
 * template (which it must always take) for the next input. */
static inline void fuzz_load_state(machine_t *m, const uint8_t *work, size_t len, const uint8_t *tpl,
                                   size_t tpl_len, uint64_t ticks, const char *name)
{
    char err[MACHINE_ERR_LEN];
    if (machine_load_state(m, fuzz_file(0, work, len), err, sizeof err) != 0)
        return;
    machine_run(m, ticks);
    if (machine_load_state(m, fuzz_file(0, tpl, tpl_len), err, sizeof err) != 0) {
        fprintf(stderr, "%s: template refused: %s\n", name, err);
        abort();
    }
}

#endif
