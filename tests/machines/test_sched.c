#include "machines/sched.h"
#include "tests/test.h"

typedef struct log {
    char order[64];
    int n;
    uint64_t times[64];
    sched_t *s;
    sched_event_t *rearm;
    uint64_t rearm_period;
    int rearm_left;
} log_t;



typedef struct tagged {
    log_t *log;
    char tag;
} tagged_t;

static void record(void *ctx, uint64_t when)
{
    tagged_t *t = ctx;
    t->log->order[t->log->n] = t->tag;
    t->log->times[t->log->n++] = when;
}

TEST(sched_empty_queue_reports_never)
{
    sched_t s;
    sched_init(&s);
    CHECK_EQ(sched_next(&s), SCHED_NEVER);
    CHECK_EQ(sched_run_until(&s, 1000), 0);
    CHECK_EQ(s.now, 1000);
}

TEST(sched_runs_events_in_time_order)
{
    sched_t s;
    log_t log = {0};
    tagged_t a = {&log, 'a'}, b = {&log, 'b'}, c = {&log, 'c'};
    sched_event_t ea, eb, ec;
    sched_init(&s);
    sched_event_init(&ea, "a", record, &a);
    sched_event_init(&eb, "b", record, &b);
    sched_event_init(&ec, "c", record, &c);
    sched_at(&s, &ec, 300);
    sched_at(&s, &ea, 100);
    sched_at(&s, &eb, 200);
    CHECK_EQ(sched_next(&s), 100);
    CHECK_EQ(sched_run_until(&s, 250), 2);
    CHECK_EQ(s.now, 250);
    CHECK_EQ(sched_run_until(&s, 300), 1);
    CHECK_STR(log.order, "abc");
    CHECK_EQ(log.times[0], 100);
    CHECK_EQ(log.times[2], 300);
}

TEST(sched_equal_times_run_in_scheduling_order)
{
    sched_t s;
    log_t log = {0};
    tagged_t tags[4] = {{&log, 'w'}, {&log, 'x'}, {&log, 'y'}, {&log, 'z'}};
    sched_event_t e[4];
    sched_init(&s);
    for (int i = 0; i < 4; i++) {
        sched_event_init(&e[i], "e", record, &tags[i]);
        sched_at(&s, &e[i], 50);
    }
    sched_run_until(&s, 50);
    CHECK_STR(log.order, "wxyz");
}

TEST(sched_cancel_removes_event)
{
    sched_t s;
    log_t log = {0};
    tagged_t a = {&log, 'a'}, b = {&log, 'b'};
    sched_event_t ea, eb;
    sched_init(&s);
    sched_event_init(&ea, "a", record, &a);
    sched_event_init(&eb, "b", record, &b);
    sched_at(&s, &ea, 10);
    sched_at(&s, &eb, 20);
    sched_cancel(&s, &ea);
    CHECK(!ea.pending);
    sched_cancel(&s, &ea); /* twice is harmless */
    CHECK_EQ(sched_next(&s), 20);
    sched_run_until(&s, 100);
    CHECK_STR(log.order, "b");
}

TEST(sched_reschedule_moves_event)
{
    sched_t s;
    log_t log = {0};
    tagged_t a = {&log, 'a'}, b = {&log, 'b'};
    sched_event_t ea, eb;
    sched_init(&s);
    sched_event_init(&ea, "a", record, &a);
    sched_event_init(&eb, "b", record, &b);
    sched_at(&s, &ea, 10);
    sched_at(&s, &eb, 20);
    sched_at(&s, &ea, 30); /* re-arming an armed event moves it, never duplicates it */
    CHECK_EQ(sched_run_until(&s, 100), 2);
    CHECK_STR(log.order, "ba");
}

typedef struct periodic {
    sched_t *s;
    sched_event_t ev;
    uint64_t period;
    int fired;
    uint64_t last;
} periodic_t;

static void periodic_fire(void *ctx, uint64_t when)
{
    periodic_t *p = ctx;
    p->fired++;
    p->last = when;
    sched_at(p->s, &p->ev, when + p->period); /* re-arm from inside its own callback */
}

TEST(sched_rearm_from_callback)
{
    sched_t s;
    periodic_t p = {.s = &s, .period = 7};
    sched_init(&s);
    sched_event_init(&p.ev, "tick", periodic_fire, &p);
    sched_at(&s, &p.ev, 7);
    sched_run_until(&s, 70);
    CHECK_EQ(p.fired, 10);
    CHECK_EQ(p.last, 70);
    CHECK(p.ev.pending);
    CHECK_EQ(sched_next(&s), 77);
}

typedef struct chain {
    sched_t *s;
    sched_event_t first, second;
    log_t *log;
    tagged_t tag_second;
} chain_t;

static void schedule_other(void *ctx, uint64_t when)
{
    chain_t *c = ctx;
    c->log->order[c->log->n++] = 'f';
    /* An event scheduled "now" from a callback still runs within the same run_until. */
    sched_at(c->s, &c->second, when);
}

TEST(sched_event_scheduled_inside_callback_runs_same_pass)
{
    sched_t s;
    log_t log = {0};
    chain_t c = {.s = &s, .log = &log, .tag_second = {&log, 's'}};
    sched_init(&s);
    sched_event_init(&c.first, "first", schedule_other, &c);
    sched_event_init(&c.second, "second", record, &c.tag_second);
    sched_at(&s, &c.first, 5);
    CHECK_EQ(sched_run_until(&s, 5), 2);
    CHECK_STR(log.order, "fs");
}

TEST(sched_time_never_goes_backwards)
{
    sched_t s;
    log_t log = {0};
    tagged_t a = {&log, 'a'};
    sched_event_t ea;
    sched_init(&s);
    sched_run_until(&s, 1000);
    sched_event_init(&ea, "late", record, &a);
    sched_at(&s, &ea, 500); /* in the past: runs at the next run_until */
    sched_run_until(&s, 1001);
    CHECK_STR(log.order, "a");
    CHECK_EQ(s.now, 1001);
}

TEST(sched_spans_2_pow_40_ticks_without_overflow)
{
    sched_t s;
    periodic_t p = {.s = &s, .period = 1ull << 38};
    sched_init(&s);
    sched_event_init(&p.ev, "big", periodic_fire, &p);
    s.now = (1ull << 41);
    sched_in(&s, &p.ev, 1ull << 38);
    sched_run_until(&s, (1ull << 41) + (1ull << 40));
    CHECK_EQ(p.fired, 4);
    CHECK_EQ(p.last, (1ull << 41) + (1ull << 40));
    CHECK_EQ(sched_next(&s), (1ull << 41) + (1ull << 40) + (1ull << 38));
}

TEST(sched_sched_in_is_relative_to_now)
{
    sched_t s;
    log_t log = {0};
    tagged_t a = {&log, 'a'};
    sched_event_t ea;
    sched_init(&s);
    sched_run_until(&s, 123);
    sched_event_init(&ea, "a", record, &a);
    sched_in(&s, &ea, 10);
    CHECK_EQ(sched_next(&s), 133);
    CHECK_EQ(sched_run_until(&s, 132), 0);
    CHECK_EQ(sched_run_until(&s, 133), 1);
}
