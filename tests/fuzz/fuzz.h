/* Shared by the libFuzzer targets in tests/fuzz/ (issue 13). Each target defines
 * LLVMFuzzerTestOneInput; `make fuzz` links it with libFuzzer (clang), tests/fuzz/replay.c
 * links it with the sanitized gcc objects so `make test` replays tests/fuzz/regress/ without
 * clang. Targets set themselves up on their first input (no LLVMFuzzerInitialize). */
#ifndef ARCANA_FUZZ_H
#define ARCANA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A path whose content is exactly `data`: an anonymous in-memory file (memfd), reopened
 * through /proc like any file a user names. One per slot, reused for every input. */
static inline const char *fuzz_file(int slot, const void *data, size_t size)
{
    static int fds[4] = {-1, -1, -1, -1};
    static char paths[4][64];
    if (fds[slot] < 0) {
        fds[slot] = memfd_create("arcana-fuzz", 0);
        if (fds[slot] < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d", fds[slot]);
    }
    if (ftruncate(fds[slot], 0) != 0 || (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size)) {
        perror("memfd write");
        abort();
    }
    return paths[slot];
}

/* Reads bytes from the input as a script: 0 once it runs out. */
typedef struct fuzz_in {
    const uint8_t *p;
    size_t n, pos;
} fuzz_in_t;

static inline uint8_t fuzz_u8(fuzz_in_t *in) { return in->pos < in->n ? in->p[in->pos++] : 0; }
static inline uint16_t fuzz_u16(fuzz_in_t *in)
{
    uint16_t lo = fuzz_u8(in);
    return (uint16_t)(lo | fuzz_u8(in) << 8);
}
static inline uint32_t fuzz_u32(fuzz_in_t *in)
{
    uint32_t lo = fuzz_u16(in);
    return lo | (uint32_t)fuzz_u16(in) << 16;
}
static inline int fuzz_left(const fuzz_in_t *in) { return in->pos < in->n; }

#endif
