/* Chips never print: what a chip has to tell the user (a write to a register the emulation
 * does not cover, a disk image recovered from an interrupted write) goes to the log callback
 * its machine set in the chip's configuration, one complete message per call; the machine
 * decides where it goes (machines print it on stderr as one line). No callback: dropped, as a
 * chip tested on its own has nobody to tell. */
#ifndef ARCANA_CHIP_LOG_H
#define ARCANA_CHIP_LOG_H

#include <stdarg.h>
#include <stdio.h>

typedef struct chip_log {
    void (*fn)(void *ctx, const char *msg); /* msg: one line, no newline */
    void *ctx;
} chip_log_t;

__attribute__((format(printf, 2, 3))) static inline void chip_log(const chip_log_t *log, const char *fmt, ...)
{
    if (!log->fn)
        return;
    char msg[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log->fn(log->ctx, msg);
}

#endif
