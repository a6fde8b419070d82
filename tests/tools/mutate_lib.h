/* Shared by the save-state mutation tools (state_mutate.c for the RiscPC, a500_state_mutate.c
 * for the A500): the seeded generator, the hang guard, file helpers, the byte mutations and the
 * load-and-judge step. Each tool sets MUTATE_PROG before including this and decides itself
 * where in its machine's state format to mutate. */
#ifndef ARCANA_TESTS_MUTATE_LIB_H
#define ARCANA_TESTS_MUTATE_LIB_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "machines/machine.h"

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* The state being tried, for the hang message (10 s of CPU time on one state is a hang). */
static volatile sig_atomic_t current;
static void on_alarm(int sig)
{
    (void)sig;
    char msg[120];
    int n = snprintf(msg, sizeof msg, MUTATE_PROG ": HANG in state %d\n" MUTATE_PROG ": 0 passed, 1 failed\n",
                     (int)current);
    if (write(2, msg, (size_t)n) < 0) {}
    _exit(1);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*len ? *len : 1);
    if (b && fread(b, 1, *len, f) != *len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

static int put(const char *path, const uint8_t *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(b, 1, len, f);
    return fclose(f) == 0 && n == len ? 0 : -1;
}

/* One byte changed: a random value, a small value, all ones or one bit flipped. */
static void mutate_byte(uint8_t *p)
{
    uint8_t v = (uint8_t)rng();
    switch (rng() % 4) {
    case 0: *p = v; break;
    case 1: *p = v & 3; break;
    case 2: *p = 0xff; break;
    default: *p ^= (uint8_t)(1u << (v & 7)); break;
    }
}

/* A run over many mutated states of one template. */
typedef struct mutate_run {
    machine_t *m;
    const char *tpl_path, *mut_path, *again_path;
    const uint8_t *tpl;
    size_t tpl_len;
    uint64_t run_ticks; /* how long a loaded state runs */
    bool dirty;         /* the machine moved on from the template */
    int loaded, refused, changed, bad_msg, failed;
} mutate_run_t;

/* Loads the mutated state n (written to r->mut_path): it either loads and runs, or is refused
 * with one line naming the file and — checked every few states, against the template loaded
 * again — leaves the machine exactly as it was (it saves the template's bytes). err gets the
 * refusal. Runs under the hang guard. */
static void mutate_try(mutate_run_t *r, int n, bool check, char *err, size_t errlen)
{
    struct itimerval limit = {.it_value = {.tv_sec = 10}}, off = {0};
    setitimer(ITIMER_VIRTUAL, &limit, NULL);
    if (check && r->dirty) {
        if (machine_load_state(r->m, r->tpl_path, err, errlen) != 0) {
            fprintf(stderr, MUTATE_PROG ": state %d: the template no longer loads: %s\n", n, err);
            r->failed++;
        }
        r->dirty = false;
    }
    err[0] = 0;
    if (machine_load_state(r->m, r->mut_path, err, errlen) == 0) {
        r->loaded++;
        machine_run(r->m, r->run_ticks);
        r->dirty = true;
    } else {
        r->refused++;
        if (!err[0] || strchr(err, '\n') || !strstr(err, r->mut_path)) {
            fprintf(stderr, MUTATE_PROG ": state %d: refusal not one line naming the file: '%s'\n", n, err);
            r->bad_msg++;
        }
        if (check) {
            uint8_t *again = NULL;
            size_t again_len = 0;
            char why[512];
            snprintf(why, sizeof why, "%s", err);
            if (machine_save_state(r->m, r->again_path, err, errlen) != 0 || !(again = slurp(r->again_path, &again_len)) ||
                again_len != r->tpl_len || memcmp(again, r->tpl, r->tpl_len) != 0) {
                size_t at = 0;
                while (again && at < r->tpl_len && at < again_len && again[at] == r->tpl[at])
                    at++;
                fprintf(stderr, MUTATE_PROG ": state %d: refused (%s), but the machine changed (first at byte %zu)\n",
                        n, why, at);
                r->changed++;
                machine_load_state(r->m, r->tpl_path, err, errlen);
            }
            free(again);
            memcpy(err, why, errlen < sizeof why ? errlen : sizeof why);
            err[errlen - 1] = 0;
        }
    }
    setitimer(ITIMER_VIRTUAL, &off, NULL);
}

#endif
