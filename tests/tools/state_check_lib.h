/* Shared by the save-state round-trip tools (a500_state_check.c, riscpc_state_check.c): a run
 * in chunks that end mid-frame, with the sound drained and hashed, and the CPU time spent. Each
 * tool defines STATE_CHECK_CHUNK (ticks per chunk) before including this. */
#ifndef ARCANA_TESTS_STATE_CHECK_LIB_H
#define ARCANA_TESTS_STATE_CHECK_LIB_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "machines/machine.h"

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t audio_hash = 0xcbf29ce484222325ull;
static uint64_t audio_frames;

/* The sound made so far; `keep`: hashed and counted (the part runs are compared on). */
static void drain(machine_t *m, bool keep)
{
    int16_t buf[4096 * 2];
    size_t n;
    while ((n = machine_drain_audio(m, buf, 4096)) > 0)
        if (keep) {
            audio_hash = fnv(audio_hash, buf, n * 4);
            audio_frames += n;
        }
}

static void run(machine_t *m, uint64_t ticks, bool keep)
{
    for (uint64_t done = 0; done < ticks;) {
        uint64_t step = ticks - done < STATE_CHECK_CHUNK ? ticks - done : STATE_CHECK_CHUNK;
        uint64_t t0 = m->ticks;
        machine_run(m, step);
        done += m->ticks - t0;
        drain(m, keep);
    }
}

/* CPU time of this process: the machine is shared, so wall time measures the neighbours. */
static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

#endif
