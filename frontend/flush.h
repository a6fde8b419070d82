/* The frontends' cadence for machine_flush (issue 18): what the guest wrote reaches the user's
 * files within about a second of host time (floppy tracks still being written wait up to three intervals: chips/amiga_floppy.h), however fast or slow the emulation runs. */
#ifndef ARCANA_FLUSH_H
#define ARCANA_FLUSH_H

#include <stdio.h>
#include <time.h>

#include "machines/machine.h"

#define FLUSH_INTERVAL_NS 500000000ll

/* Call once a frame; `last_ns` starts at 0. Errors are reported, not fatal: the data stays in
 * memory and the next call tries again. */
static inline void flush_if_due(machine_t *m, long long *last_ns)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long now = (long long)ts.tv_sec * 1000000000ll + ts.tv_nsec;
    if (*last_ns && now - *last_ns < FLUSH_INTERVAL_NS)
        return;
    *last_ns = now;
    char err[MACHINE_ERR_LEN];
    if (machine_flush(m, err, sizeof err) != 0)
        fprintf(stderr, "arcana: %s\n", err);
}

#endif
