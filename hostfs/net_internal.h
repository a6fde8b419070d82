/* Shared between the network backends (hostfs/net.c, hostfs/net_slirp.c); not for cards. */
#ifndef ARCANA_NET_INTERNAL_H
#define ARCANA_NET_INTERNAL_H

#include <poll.h>

#include "hostfs/net.h"

#define NET_MAX_TIMERS 16
#define NET_MAX_POLLFDS 256

typedef enum { NET_NONE, NET_SLIRP, NET_TAP } net_kind_t;

typedef struct net_frame {
    uint16_t len;
    uint8_t data[NET_MAX_FRAME];
} net_frame_t;

typedef struct net_timer {
    bool used, armed;
    int64_t expire_ms;
    void (*cb)(void *opaque);
    void *cb_opaque;
} net_timer_t;

struct net_backend {
    net_kind_t kind;
    int tap_fd;
    void *slirp;                    /* Slirp * */
    net_timer_t timers[NET_MAX_TIMERS];
    struct pollfd *pollfds;
    int npollfds;                   /* descriptors slirp asked for at the last poll */
    int listeners;                  /* of those, hostfwd listening sockets */
    net_pace_t pace;
    struct pollfd pollfd_store[NET_MAX_POLLFDS];
    uint64_t dropped;
    unsigned queue_head, queue_count;
    net_frame_t queue[NET_QUEUE_FRAMES];
};

void net_queue_push(net_backend_t *nb, const uint8_t *frame, size_t len);
int net_slirp_open(net_backend_t *nb, const char *options, char *err, size_t errlen);
int net_slirp_check(const char *options, char *err, size_t errlen);
void net_slirp_close(net_backend_t *nb);
int net_slirp_send(net_backend_t *nb, const uint8_t *frame, size_t len);
void net_slirp_poll(net_backend_t *nb, int timeout_ms);
int64_t net_host_ns(void);

#endif
