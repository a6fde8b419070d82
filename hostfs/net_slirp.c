/* The libslirp backend: user-mode NAT as QEMU's "-net user" (libslirp 4.x API). */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <slirp/libslirp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "hostfs/net_internal.h"

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    net_queue_push(opaque, buf, len);
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    (void)opaque;
    fprintf(stderr, "arcana: net: guest error: %s\n", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
    (void)opaque;
    return net_host_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    net_backend_t *nb = opaque;
    for (int i = 0; i < NET_MAX_TIMERS; i++)
        if (!nb->timers[i].used) {
            nb->timers[i] = (net_timer_t){.used = true, .cb = cb, .cb_opaque = cb_opaque};
            return &nb->timers[i];
        }
    fprintf(stderr, "arcana: net: more than %d slirp timers\n", NET_MAX_TIMERS);
    return NULL;
}

static void cb_timer_free(void *timer, void *opaque)
{
    (void)opaque;
    if (timer)
        *(net_timer_t *)timer = (net_timer_t){0};
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    if (timer) {
        ((net_timer_t *)timer)->expire_ms = expire_ms;
        ((net_timer_t *)timer)->armed = true;
    }
}

static void cb_register_poll_fd(int fd, void *opaque) { (void)fd, (void)opaque; }
static void cb_unregister_poll_fd(int fd, void *opaque) { (void)fd, (void)opaque; }
static void cb_notify(void *opaque) { (void)opaque; }

static const SlirpCb callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
};

/* "hostfwd=tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT" (as QEMU writes it). */
typedef struct hostfwd {
    bool udp;
    struct in_addr host, guest;
    int hport, gport;
} hostfwd_t;

static int parse_hostfwd(const char *rule, hostfwd_t *h, char *err, size_t errlen)
{
    char proto[8], haddr[64] = "", gaddr[64] = "";
    int consumed = 0;
    const char *colon = strchr(rule, ':');
    if (!colon || (size_t)(colon - rule) >= sizeof proto)
        goto bad;
    memcpy(proto, rule, (size_t)(colon - rule));
    proto[colon - rule] = 0;
    if (strcmp(proto, "tcp") && strcmp(proto, "udp"))
        goto bad;
    h->udp = !strcmp(proto, "udp");
    if (sscanf(colon + 1, "%63[0-9.]:%d-%63[0-9.]:%d%n", haddr, &h->hport, gaddr, &h->gport, &consumed) != 4 &&
        sscanf(colon + 1, ":%d-%63[0-9.]:%d%n", &h->hport, gaddr, &h->gport, &consumed) != 3 &&
        sscanf(colon + 1, "%63[0-9.]:%d-:%d%n", haddr, &h->hport, &h->gport, &consumed) != 3 &&
        sscanf(colon + 1, ":%d-:%d%n", &h->hport, &h->gport, &consumed) != 2)
        goto bad;
    if (colon[1 + consumed] || h->hport < 1 || h->hport > 65535 || h->gport < 1 || h->gport > 65535)
        goto bad;
    h->host.s_addr = htonl(INADDR_ANY);
    inet_pton(AF_INET, "10.0.2.15", &h->guest);
    if ((haddr[0] && inet_pton(AF_INET, haddr, &h->host) != 1) || (gaddr[0] && inet_pton(AF_INET, gaddr, &h->guest) != 1))
        goto bad;
    return 0;
bad:
    snprintf(err, errlen, "--net: bad hostfwd rule '%s' (tcp:[ADDR]:PORT-[ADDR]:PORT)", rule);
    return -1;
}

/* Each comma-separated slirp option, checked (and, with nb, applied). */
static int slirp_options(net_backend_t *nb, const char *options, char *err, size_t errlen)
{
    char opts[1024];
    snprintf(opts, sizeof opts, "%s", options);
    char *save = NULL;
    for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        hostfwd_t h;
        if (strncmp(o, "hostfwd=", 8) != 0) {
            snprintf(err, errlen, "--net slirp: unknown option '%s' (hostfwd=...)", o);
            return -1;
        }
        if (parse_hostfwd(o + 8, &h, err, errlen) != 0)
            return -1;
        if (!nb)
            continue;
        if (slirp_add_hostfwd(nb->slirp, h.udp, h.host, h.hport, h.guest, h.gport) < 0) {
            snprintf(err, errlen, "--net: hostfwd=%s: cannot listen on host port %d (in use?)", o + 8, h.hport);
            return -1;
        }
        nb->listeners++;
    }
    return 0;
}

int net_slirp_check(const char *options, char *err, size_t errlen) { return slirp_options(NULL, options, err, errlen); }

int net_slirp_open(net_backend_t *nb, const char *options, char *err, size_t errlen)
{
    SlirpConfig cfg = {.version = 1, .in_enabled = true};
    inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
    inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
    inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
    inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
    inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
    cfg.vhostname = "arcana";
    nb->pollfds = nb->pollfd_store;
    nb->slirp = slirp_new(&cfg, &callbacks, nb);
    if (!nb->slirp) {
        snprintf(err, errlen, "--net slirp: libslirp could not start");
        return -1;
    }
    return slirp_options(nb, options, err, errlen);
}

void net_slirp_close(net_backend_t *nb)
{
    if (nb->slirp)
        slirp_cleanup(nb->slirp);
    nb->slirp = NULL;
}

int net_slirp_send(net_backend_t *nb, const uint8_t *frame, size_t len)
{
    slirp_input(nb->slirp, frame, (int)len);
    return 0;
}

static int cb_add_poll(int fd, int events, void *opaque)
{
    net_backend_t *nb = opaque;
    if (nb->npollfds == NET_MAX_POLLFDS)
        return -1;
    short ev = 0;
    if (events & SLIRP_POLL_IN) ev |= POLLIN;
    if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
    nb->pollfds[nb->npollfds] = (struct pollfd){.fd = fd, .events = ev};
    return nb->npollfds++;
}

static int cb_get_revents(int idx, void *opaque)
{
    net_backend_t *nb = opaque;
    if (idx < 0 || idx >= nb->npollfds)
        return 0;
    short r = nb->pollfds[idx].revents;
    int ev = 0;
    if (r & POLLIN) ev |= SLIRP_POLL_IN;
    if (r & POLLOUT) ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI) ev |= SLIRP_POLL_PRI;
    if (r & POLLERR) ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP) ev |= SLIRP_POLL_HUP;
    return ev;
}

void net_slirp_poll(net_backend_t *nb, int timeout_ms)
{
    int64_t now_ms = net_host_ns() / 1000000;
    for (int i = 0; i < NET_MAX_TIMERS; i++) {
        net_timer_t *t = &nb->timers[i];
        if (t->used && t->armed && t->expire_ms <= now_ms) {
            t->armed = false;
            t->cb(t->cb_opaque);
        }
    }
    uint32_t timeout = timeout_ms < 0 ? 0 : (uint32_t)timeout_ms;
    nb->npollfds = 0;
    slirp_pollfds_fill(nb->slirp, &timeout, cb_add_poll, nb);
    int rc = poll(nb->pollfds, (nfds_t)nb->npollfds, (int)timeout);
    slirp_pollfds_poll(nb->slirp, rc < 0, cb_get_revents, nb);
}
