/* The RiscPC's network: an i3 EtherLan 600 podule (chips/etherh) in slot 0 wired to a host
 * backend (hostfs/net: slirp by default). Frames from the network are taken once per
 * emulated millisecond, and only when the card's receive ring has room, so they wait in the
 * backend's queue (dropped and counted only when that is full) rather than being lost. */
#ifndef ARCANA_RISCPC_NET_H
#define ARCANA_RISCPC_NET_H

#include <stddef.h>
#include <stdint.h>

#include "chips/etherh.h"
#include "chips/podule.h"
#include "hostfs/net.h"
#include "machines/sched.h"

#define RISCPC_NET_SLOT 0
#define RISCPC_NET_HASH_START 0xcbf29ce484222325ull /* FNV-1a offset basis */

struct input_log;

typedef struct riscpc_net {
    etherh_t card;
    net_backend_t *backend;
    podule_bus_t *bus;
    sched_t *sched;
    sched_event_t poll_ev;
    uint64_t poll_ticks;
    const uint64_t *idle_ticks;  /* the machine's count of ticks its CPU sat halted */
    uint64_t idle_seen;          /* its value at the last poll */
    struct input_log *const *log; /* the machine's --record/--replay log (frames in, or from it) */
    uint64_t out_hash;           /* FNV-1a of every frame sent (not in states: a tool's check) */
    uint64_t out_frames;
    uint8_t frame[NET_MAX_FRAME];
} riscpc_net_t;

/* spec: the --net value (NULL = "slirp"). ticks_per_ms: the machine's clock. idle_ticks: a
 * counter of halted CPU time the machine keeps, so the backend can pace an idle guest. log:
 * where the machine keeps its input log; a recording logs the frames handed to the card, and
 * during a replay they come from the log instead of the backend (machines/input_log.h). */
int riscpc_net_init(riscpc_net_t *n, const char *spec, podule_bus_t *bus, sched_t *sched, uint64_t ticks_per_ms,
                    const uint64_t *idle_ticks, struct input_log *const *log, char *err, size_t errlen);
void riscpc_net_reset(riscpc_net_t *n);
void riscpc_net_destroy(riscpc_net_t *n);

#endif
