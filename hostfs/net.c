/* Network backends: the frame queue shared by all, and the "none" and TAP backends.
 * libslirp's is in hostfs/net_slirp.c. */
#include "hostfs/net.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "hostfs/net_internal.h"

int64_t net_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void net_queue_push(net_backend_t *nb, const uint8_t *frame, size_t len)
{
    if (len == 0 || len > NET_MAX_FRAME || nb->queue_count == NET_QUEUE_FRAMES) {
        nb->dropped++;
        return;
    }
    unsigned slot = (nb->queue_head + nb->queue_count) % NET_QUEUE_FRAMES;
    memcpy(nb->queue[slot].data, frame, len);
    nb->queue[slot].len = (uint16_t)len;
    nb->queue_count++;
}

size_t net_receive(net_backend_t *nb, uint8_t *buf, size_t max)
{
    if (!nb || nb->queue_count == 0)
        return 0;
    net_frame_t *f = &nb->queue[nb->queue_head];
    size_t len = f->len <= max ? f->len : max;
    memcpy(buf, f->data, len);
    nb->queue_head = (nb->queue_head + 1) % NET_QUEUE_FRAMES;
    nb->queue_count--;
    return len;
}

size_t net_peek_len(const net_backend_t *nb)
{
    return nb && nb->queue_count ? nb->queue[nb->queue_head].len : 0;
}

bool net_link_up(const net_backend_t *nb) { return nb && nb->kind != NET_NONE; }
uint64_t net_dropped(const net_backend_t *nb) { return nb ? nb->dropped : 0; }

const char *net_kind(const net_backend_t *nb)
{
    static const char *const names[] = {"none", "slirp", "tap"};
    return names[nb->kind];
}

static int tap_open(net_backend_t *nb, const char *ifname, char *err, size_t errlen)
{
    struct ifreq ifr = {0};
    if (strlen(ifname) >= IFNAMSIZ) {
        snprintf(err, errlen, "--net tap:%s: interface name too long", ifname);
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "--net tap:%s: cannot open /dev/net/tun: %s", ifname, strerror(errno));
        return -1;
    }
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        snprintf(err, errlen, "--net tap:%s: cannot attach: %s", ifname, strerror(errno));
        close(fd);
        return -1;
    }
    nb->tap_fd = fd;
    return 0;
}

int net_open(const char *spec, net_backend_t **out, char *err, size_t errlen)
{
    *out = NULL;
    net_backend_t *nb = calloc(1, sizeof *nb);
    if (!nb) {
        snprintf(err, errlen, "--net: out of memory");
        return -1;
    }
    nb->tap_fd = -1;
    /* A host peer closing its end of a connection makes libslirp's next send() raise SIGPIPE,
     * whose default action would end the whole emulator: the error return is enough. */
    signal(SIGPIPE, SIG_IGN);
    int rc;
    if (!spec || !strcmp(spec, "none")) {
        nb->kind = NET_NONE;
        rc = 0;
    } else if (!strncmp(spec, "tap:", 4)) {
        nb->kind = NET_TAP;
        rc = tap_open(nb, spec + 4, err, errlen);
    } else if (!strcmp(spec, "slirp") || !strncmp(spec, "slirp,", 6)) {
        nb->kind = NET_SLIRP;
        rc = net_slirp_open(nb, spec[5] ? spec + 6 : "", err, errlen);
    } else {
        snprintf(err, errlen, "--net: '%s' is not slirp[,hostfwd=...], tap:IF or none", spec);
        rc = -1;
    }
    if (rc != 0) {
        net_close(nb);
        return -1;
    }
    *out = nb;
    return 0;
}

int net_check_spec(const char *spec, char *err, size_t errlen)
{
    if (!strcmp(spec, "none") || !strcmp(spec, "slirp") || (!strncmp(spec, "tap:", 4) && spec[4]))
        return 0;
    if (!strncmp(spec, "slirp,", 6))
        return net_slirp_check(spec + 6, err, errlen);
    snprintf(err, errlen, "--net: '%s' is not slirp[,hostfwd=...], tap:IF or none", spec);
    return -1;
}

void net_close(net_backend_t *nb)
{
    if (!nb)
        return;
    if (nb->kind == NET_SLIRP)
        net_slirp_close(nb);
    if (nb->tap_fd >= 0)
        close(nb->tap_fd);
    free(nb);
}

int net_send(net_backend_t *nb, const uint8_t *frame, size_t len)
{
    if (!nb || len < 14 || len > NET_MAX_FRAME)
        return -1;
    switch (nb->kind) {
    case NET_SLIRP: return net_slirp_send(nb, frame, len);
    case NET_TAP: return write(nb->tap_fd, frame, len) == (ssize_t)len ? 0 : -1;
    default: return -1;
    }
}

int net_pace_wait_ms(net_pace_t *p, uint64_t emu_ns, int64_t host_ns, bool hold)
{
    if (!p->anchored || emu_ns < p->emu_ns) {
        *p = (net_pace_t){.anchored = true, .emu_ns = emu_ns, .host_ns = host_ns};
        return 0;
    }
    int64_t lead = (int64_t)(emu_ns - p->emu_ns) - (host_ns - p->host_ns);
    if (lead < 0) {
        p->host_ns -= lead; /* behind the host: start afresh from here */
        lead = 0;
    }
    if (lead <= NET_PACE_SLICE_NS)
        return 0;
    if (!hold) {
        p->host_ns -= lead - NET_PACE_SLICE_NS; /* ran ahead while nobody waited: forget it */
        return 0;
    }
    return (int)((lead - NET_PACE_SLICE_NS + 999999) / 1000000);
}

/* Could the far side be waiting on the guest, or the guest on it? Open connections (slirp
 * sockets besides the hostfwd listeners) or frames not yet taken. A TAP interface's far side
 * is a real network that is always there. */
static bool net_in_flight(const net_backend_t *nb)
{
    if (nb->queue_count)
        return true;
    return nb->kind == NET_TAP || (nb->kind == NET_SLIRP && nb->npollfds > nb->listeners);
}

void net_service(net_backend_t *nb, uint64_t emu_ns, bool guest_idle)
{
    if (!nb || nb->kind == NET_NONE)
        return; /* an unplugged cable: nothing to wait for */
    net_poll(nb, 0);
    bool hold = guest_idle || net_in_flight(nb);
    /* Wait for host time to catch up, returning early when a frame for the guest arrives:
     * the guest must run to answer it. Every wait re-measures the lead, so a descriptor that
     * keeps polling ready cannot let emulated time escape. */
    for (int wait; nb->queue_count == 0 && (wait = net_pace_wait_ms(&nb->pace, emu_ns, net_host_ns(), hold)) > 0;)
        net_poll(nb, wait);
}

void net_poll(net_backend_t *nb, int timeout_ms)
{
    if (!nb)
        return;
    if (nb->kind == NET_SLIRP) {
        net_slirp_poll(nb, timeout_ms);
    } else if (nb->kind == NET_TAP) {
        struct pollfd p = {.fd = nb->tap_fd, .events = POLLIN};
        if (poll(&p, 1, timeout_ms) > 0) {
            uint8_t buf[2048];
            ssize_t n;
            while ((n = read(nb->tap_fd, buf, sizeof buf)) > 0)
                net_queue_push(nb, buf, (size_t)n);
        }
    }
}
