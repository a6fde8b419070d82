#include "machines/sched.h"

#include <stddef.h>

void sched_init(sched_t *s)
{
    s->now = 0;
    s->head = NULL;
}

void sched_event_init(sched_event_t *e, const char *name, sched_fn fn, void *ctx)
{
    e->when = SCHED_NEVER;
    e->fn = fn;
    e->ctx = ctx;
    e->name = name;
    e->next = NULL;
    e->pending = false;
}

void sched_cancel(sched_t *s, sched_event_t *e)
{
    if (!e->pending)
        return;
    for (sched_event_t **p = &s->head; *p; p = &(*p)->next) {
        if (*p == e) {
            *p = e->next;
            break;
        }
    }
    e->next = NULL;
    e->pending = false;
}

void sched_at(sched_t *s, sched_event_t *e, uint64_t when)
{
    sched_cancel(s, e);
    e->when = when;
    /* After every event due at the same time: equal times run in scheduling order. */
    sched_event_t **p = &s->head;
    while (*p && (*p)->when <= when)
        p = &(*p)->next;
    e->next = *p;
    *p = e;
    e->pending = true;
}

unsigned sched_run_until(sched_t *s, uint64_t until)
{
    unsigned ran = 0;
    while (s->head && s->head->when <= until) {
        sched_event_t *e = s->head;
        s->head = e->next;
        e->next = NULL;
        e->pending = false;
        if (e->when > s->now)
            s->now = e->when;
        e->fn(e->ctx, e->when);
        ran++;
    }
    if (until > s->now)
        s->now = until;
    return ran;
}
