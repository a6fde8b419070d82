#include "machines/riscpc_net.h"

#include <stdio.h>
#include <string.h>

#include "machines/input_log.h"

static void card_irq(void *ctx, bool level)
{
    riscpc_net_t *n = ctx;
    podule_set_irq(n->bus, RISCPC_NET_SLOT, level);
}

static void card_transmit(void *ctx, const uint8_t *frame, size_t len)
{
    riscpc_net_t *n = ctx;
    for (size_t i = 0; i < len; i++) /* FNV-1a: what a replay compares instead of sending */
        n->out_hash = (n->out_hash ^ frame[i]) * 0x100000001b3ull;
    n->out_frames++;
    input_log_net_sent(*n->log, n->sched->now, frame, len);
    if (!input_log_net_replaying(*n->log))
        net_send(n->backend, frame, len);
}

/* A replay (machines/input_log.h): the recorded frames at their ticks, no network at all. */
static void replay_frames(riscpc_net_t *n, uint64_t when)
{
    for (size_t len; (len = input_log_net_due(*n->log, when)) && dp8390_can_receive(&n->card.nic, len);) {
        len = input_log_net_take(*n->log, n->frame, sizeof n->frame);
        etherh_receive(&n->card, n->frame, len);
    }
}

static void poll_event(void *ctx, uint64_t when)
{
    riscpc_net_t *n = ctx;
    /* Pace only once the guest has started the card: until then it cannot wait on the network. */
    bool idle = *n->idle_ticks - n->idle_seen >= n->poll_ticks / 2;
    n->idle_seen = *n->idle_ticks;
    if (input_log_net_replaying(*n->log)) {
        replay_frames(n, when);
        sched_at(n->sched, &n->poll_ev, when + n->poll_ticks);
        return;
    }
    if (n->card.nic.cr & CR_STP) {
        net_poll(n->backend, 0);
    } else {
        net_service(n->backend, net_ticks_to_ns(when, n->poll_ticks * 1000), idle);
    }
    /* Hand over queued frames while the card's ring has room; the rest wait for later. */
    for (;;) {
        size_t len = net_peek_len(n->backend);
        if (!len || !dp8390_can_receive(&n->card.nic, len))
            break;
        len = net_receive(n->backend, n->frame, sizeof n->frame);
        input_log_net_record(*n->log, when, n->frame, len);
        etherh_receive(&n->card, n->frame, len);
    }
    sched_at(n->sched, &n->poll_ev, when + n->poll_ticks);
}

int riscpc_net_init(riscpc_net_t *n, const char *spec, podule_bus_t *bus, sched_t *sched, uint64_t ticks_per_ms,
                    const uint64_t *idle_ticks, struct input_log *const *log, char *err, size_t errlen)
{
    memset(n, 0, sizeof *n);
    n->idle_ticks = idle_ticks;
    n->log = log;
    n->out_hash = RISCPC_NET_HASH_START;
    n->bus = bus;
    n->sched = sched;
    n->poll_ticks = ticks_per_ms;
    if (net_open(spec ? spec : "slirp", &n->backend, err, errlen) != 0)
        return -1;
    /* 00:00:A4 is Acorn's OUI, as the EtherM's derived address uses (README §5.3). */
    etherh_cfg_t cfg = {.mac = {0x00, 0x00, 0xa4, 0x10, 0x00, 0x01}, .ctx = n, .irq = card_irq,
                        .transmit = card_transmit};
    etherh_init(&n->card, &cfg);
    podule_card_t c;
    etherh_card(&n->card, &c);
    if (podule_attach(bus, RISCPC_NET_SLOT, &c) != 0) {
        snprintf(err, errlen, "--net: podule slot %d is taken", RISCPC_NET_SLOT);
        net_close(n->backend);
        n->backend = NULL;
        return -1;
    }
    sched_event_init(&n->poll_ev, "riscpc.net", poll_event, n);
    return 0;
}

void riscpc_net_reset(riscpc_net_t *n)
{
    if (!n->backend)
        return;
    etherh_reset(&n->card);
    sched_at(n->sched, &n->poll_ev, n->sched->now + n->poll_ticks);
}

void riscpc_net_destroy(riscpc_net_t *n)
{
    if (!n->backend)
        return;
    uint64_t lost = net_dropped(n->backend) + n->card.nic.frames_dropped;
    if (lost)
        fprintf(stderr, "arcana: net: %llu frames dropped (queue or receive ring full)\n", (unsigned long long)lost);
    net_close(n->backend);
    n->backend = NULL;
}
