/* Event scheduler (DESIGN.md §3): a machine's timed events in integer ticks of its master
 * clock. Events are intrusive (owned by the chip that schedules them), so nothing is
 * allocated; the queue is a list sorted by time, with equal times kept in the order they were
 * scheduled. A handful of events are pending at once, so a list beats a heap here. */
#ifndef ARCANA_SCHED_H
#define ARCANA_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_NEVER UINT64_MAX

typedef struct sched sched_t;
typedef void (*sched_fn)(void *ctx, uint64_t when);

typedef struct sched_event {
    uint64_t when;
    sched_fn fn;
    void *ctx;
    const char *name; /* for debugging and save-state listings */
    struct sched_event *next;
    bool pending;
} sched_event_t;

struct sched {
    uint64_t now;        /* the current time: the time of the event being run, or of run_until */
    sched_event_t *head; /* pending events, soonest first */
};

void sched_init(sched_t *s);
void sched_event_init(sched_event_t *e, const char *name, sched_fn fn, void *ctx);
/* Schedules (or re-schedules) e at absolute time `when`; a time in the past runs at the next
 * run_until. Safe to call from inside any event callback, including e's own. */
void sched_at(sched_t *s, sched_event_t *e, uint64_t when);
static inline void sched_in(sched_t *s, sched_event_t *e, uint64_t delay) { sched_at(s, e, s->now + delay); }
void sched_cancel(sched_t *s, sched_event_t *e);
/* Time of the soonest pending event, SCHED_NEVER if none. */
static inline uint64_t sched_next(const sched_t *s) { return s->head ? s->head->when : SCHED_NEVER; }
/* Runs every event due at or before `until` in time order (now = event time while it runs),
 * then sets now = until. Returns the number of events run. */
unsigned sched_run_until(sched_t *s, uint64_t until);

#endif
