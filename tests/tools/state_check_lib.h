/* Shared by the save-state round-trip tools (a500_state_check.c, riscpc_state_check.c): a run
 * in chunks that end mid-frame, with the sound drained and hashed, and the CPU time spent. Each
 * tool defines STATE_CHECK_CHUNK (ticks per chunk) before including this. */
#ifndef ARCANA_TESTS_STATE_CHECK_LIB_H
#define ARCANA_TESTS_STATE_CHECK_LIB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
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

/* Loads a state, printing "loaded in N ms"; -1 after printing PROG: the error. */
static int load_timed(machine_t *m, const char *prog, const char *path)
{
    char err[MACHINE_ERR_LEN];
    struct timespec t0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    if (machine_load_state(m, path, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return -1;
    }
    printf("loaded in %.1f ms\n", ms_since(&t0));
    return 0;
}

/* Saves a state, printing "saved N bytes in N ms (WHERE)"; -1 after printing PROG: the error. */
static int save_timed(machine_t *m, const char *prog, const char *path, const char *where)
{
    char err[MACHINE_ERR_LEN];
    struct timespec t0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    if (machine_save_state(m, path, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return -1;
    }
    double ms = ms_since(&t0);
    FILE *f = fopen(path, "rb");
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (f)
        fclose(f);
    printf("saved %ld bytes in %.1f ms (%s)\n", size, ms, where);
    return 0;
}

/* FNV-1a of the visible frame's pixels; *number gets the frame's number. */
static uint64_t frame_hash(machine_t *m, uint64_t *number)
{
    machine_frame_t f;
    machine_get_frame(m, &f);
    uint64_t h = 0xcbf29ce484222325ull;
    for (int y = 0; y < f.height; y++)
        h = fnv(h, f.pixels + (size_t)y * f.stride, (size_t)f.width * 4);
    *number = f.number;
    return h;
}

#endif
