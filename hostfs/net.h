/* Host networking backends (DESIGN.md §7): what an emulated network card talks to.
 * "slirp[,hostfwd=tcp:ADDR:PORT-:PORT]..." — user-mode NAT through libslirp: guest 10.0.2.15/24,
 *     gateway 10.0.2.2 (the host's 127.0.0.1 as seen from the guest), DNS 10.0.2.3; no root.
 * "tap:IFNAME" — a host TAP interface (needs permission to open it).
 * "none" — a cable plugged into nothing: frames sent vanish, none arrive.
 * The emulation thread calls net_service (or net_poll) at emulated-time intervals and takes
 * frames with net_receive when the card can accept them, so frames arrive at deterministic
 * points of emulated time; frames that find the queue full are dropped and counted, never stored.
 *
 * Pacing: headless emulation runs far ahead of real time, but the far side of the network (host
 * peers, slirp's own timers) moves at real time. net_service therefore keeps emulated time at
 * most NET_PACE_SLICE_NS ahead of host time whenever the guest may be waiting on the network
 * (its CPU sat idle, or connections are open), blocking in poll() on the backend's descriptors
 * meanwhile; a busy guest with nothing in flight runs at full speed. */
#ifndef ARCANA_NET_H
#define ARCANA_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_MAX_FRAME 1518
#define NET_QUEUE_FRAMES 128

typedef struct net_backend net_backend_t;

#define NET_PACE_SLICE_NS 10000000 /* how far emulated time may run ahead of the host: 10 ms */

/* The pair of instants (emulated, host) from which the lead of emulated time is measured. */
typedef struct net_pace {
    bool anchored;
    uint64_t emu_ns;
    int64_t host_ns;
} net_pace_t;

/* How long to wait (ms, rounded up) before emulated time `emu_ns` may go on, at host time
 * `host_ns`. `hold`: the guest may be waiting on the network, so its lead over the host is
 * bounded by waiting; otherwise the anchor moves so that a later wait starts from at most one
 * slice of lead. Emulation slower than the host is never made up for later. */
int net_pace_wait_ms(net_pace_t *p, uint64_t emu_ns, int64_t host_ns, bool hold);

int net_open(const char *spec, net_backend_t **out, char *err, size_t errlen);
/* Checks a --net value's syntax (hostfwd rules included) without opening anything, so a bad
 * value is reported where it was written (the config file's line). 0, or -1 with a message. */
int net_check_spec(const char *spec, char *err, size_t errlen);
void net_close(net_backend_t *nb);
/* A frame from the guest to the network. Returns 0, or -1 if it was dropped. */
int net_send(net_backend_t *nb, const uint8_t *frame, size_t len);
/* Services host sockets and timers, waiting at most timeout_ms for activity. */
void net_poll(net_backend_t *nb, int timeout_ms);
/* The cards' periodic service: polls the backend and paces emulated time (see above).
 * `emu_ns`: emulated time; `guest_idle`: the guest's CPU sat idle since the last call. */
void net_service(net_backend_t *nb, uint64_t emu_ns, bool guest_idle);
/* A machine's clock ticks as nanoseconds, without overflow for any run length. */
static inline uint64_t net_ticks_to_ns(uint64_t ticks, uint64_t per_second)
{
    return ticks / per_second * 1000000000u + ticks % per_second * 1000000000u / per_second;
}
/* Takes the oldest queued frame for the guest; 0 when none. */
size_t net_receive(net_backend_t *nb, uint8_t *buf, size_t max);
/* Length of the frame net_receive would return next; 0 when none. */
size_t net_peek_len(const net_backend_t *nb);
bool net_link_up(const net_backend_t *nb);
uint64_t net_dropped(const net_backend_t *nb);
const char *net_kind(const net_backend_t *nb); /* "slirp", "tap", "none" */

#endif
