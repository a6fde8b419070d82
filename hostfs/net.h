/* Host networking backends (DESIGN.md §7): what an emulated network card talks to.
 * "slirp[,hostfwd=tcp:ADDR:PORT-:PORT]..." — user-mode NAT through libslirp: guest 10.0.2.15/24,
 *     gateway 10.0.2.2 (the host's 127.0.0.1 as seen from the guest), DNS 10.0.2.3; no root.
 * "tap:IFNAME" — a host TAP interface (needs permission to open it).
 * "none" — a cable plugged into nothing: frames sent vanish, none arrive.
 * The emulation thread calls net_poll at emulated-time intervals and takes frames with
 * net_receive when the card can accept them, so frames arrive at deterministic points of
 * emulated time; frames that find the queue full are dropped and counted, never stored. */
#ifndef ARCANA_NET_H
#define ARCANA_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_MAX_FRAME 1518
#define NET_QUEUE_FRAMES 128

typedef struct net_backend net_backend_t;

int net_open(const char *spec, net_backend_t **out, char *err, size_t errlen);
void net_close(net_backend_t *nb);
/* A frame from the guest to the network. Returns 0, or -1 if it was dropped. */
int net_send(net_backend_t *nb, const uint8_t *frame, size_t len);
/* Services host sockets and timers, waiting at most timeout_ms for activity. */
void net_poll(net_backend_t *nb, int timeout_ms);
/* Takes the oldest queued frame for the guest; 0 when none. */
size_t net_receive(net_backend_t *nb, uint8_t *buf, size_t max);
/* Length of the frame net_receive would return next; 0 when none. */
size_t net_peek_len(const net_backend_t *nb);
bool net_link_up(const net_backend_t *nb);
uint64_t net_dropped(const net_backend_t *nb);
const char *net_kind(const net_backend_t *nb); /* "slirp", "tap", "none" */

#endif
