/* Network backends: the frame queue, and libslirp's NAT for real (ARP, UDP out through NAT to a
 * host socket on 127.0.0.1, UDP in through a hostfwd rule). Loopback only. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hostfs/net.h"
#include "hostfs/net_internal.h"
#include "tests/test.h"

static const uint8_t guest_mac[6] = {0x00, 0x00, 0xa4, 0x12, 0x34, 0x56};

static size_t arp_request(uint8_t *f)
{
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    memcpy(f, bcast, 6);
    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08, f[13] = 0x06;
    static const uint8_t hdr[8] = {0, 1, 8, 0, 6, 4, 0, 1};
    memcpy(f + 14, hdr, 8);
    memcpy(f + 22, guest_mac, 6);
    memcpy(f + 28, "\x0a\x00\x02\x0f", 4); /* 10.0.2.15 */
    memset(f + 32, 0, 6);
    memcpy(f + 38, "\x0a\x00\x02\x02", 4); /* who has 10.0.2.2 */
    return 42;
}

static uint16_t ip_checksum(const uint8_t *p, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i < n; i += 2)
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static size_t udp_frame(uint8_t *f, const uint8_t *dst_mac, uint16_t dport, const char *payload)
{
    size_t plen = strlen(payload), iplen = 20 + 8 + plen;
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08, f[13] = 0x00;
    uint8_t *ip = f + 14;
    memset(ip, 0, 20);
    ip[0] = 0x45, ip[2] = (uint8_t)(iplen >> 8), ip[3] = (uint8_t)iplen, ip[8] = 64, ip[9] = 17;
    memcpy(ip + 12, "\x0a\x00\x02\x0f", 4);
    memcpy(ip + 16, "\x0a\x00\x02\x02", 4);
    uint16_t c = ip_checksum(ip, 20);
    ip[10] = (uint8_t)(c >> 8), ip[11] = (uint8_t)c;
    uint8_t *udp = ip + 20;
    udp[0] = 0x30, udp[1] = 0x39; /* source port 12345 */
    udp[2] = (uint8_t)(dport >> 8), udp[3] = (uint8_t)dport;
    udp[4] = (uint8_t)((8 + plen) >> 8), udp[5] = (uint8_t)(8 + plen);
    udp[6] = udp[7] = 0; /* no checksum (allowed for IPv4) */
    memcpy(udp + 8, payload, plen);
    return 14 + iplen;
}

static int udp_socket(uint16_t *port)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(s, (struct sockaddr *)&a, &len) != 0)
        return -1;
    *port = ntohs(a.sin_port);
    return s;
}

TEST(net_none_backend)
{
    net_backend_t *nb;
    char err[256];
    uint8_t f[64] = {0}, buf[64];
    REQUIRE(net_open("none", &nb, err, sizeof err) == 0);
    CHECK_STR(net_kind(nb), "none");
    CHECK(!net_link_up(nb));
    CHECK_EQ(net_send(nb, f, sizeof f), -1);
    net_poll(nb, 0);
    CHECK_EQ(net_receive(nb, buf, sizeof buf), 0);
    net_close(nb);
}

TEST(net_queue_drops_when_full_and_counts)
{
    net_backend_t *nb;
    char err[256];
    uint8_t f[100], buf[200];
    REQUIRE(net_open("none", &nb, err, sizeof err) == 0);
    for (int i = 0; i < NET_QUEUE_FRAMES + 10; i++) {
        f[0] = (uint8_t)i;
        net_queue_push(nb, f, sizeof f);
    }
    CHECK_EQ(net_dropped(nb), 10);
    CHECK_EQ(net_receive(nb, buf, sizeof buf), sizeof f);
    CHECK_EQ(buf[0], 0); /* oldest first */
    net_queue_push(nb, f, NET_MAX_FRAME + 1);
    CHECK_EQ(net_dropped(nb), 11);
    net_close(nb);
}

TEST(net_bad_specs_are_one_line_errors)
{
    net_backend_t *nb;
    char err[256] = "";
    CHECK_EQ(net_open("ethernet", &nb, err, sizeof err), -1);
    CHECK(strstr(err, "ethernet") != NULL);
    CHECK_EQ(net_open("slirp,hostfwd=tcp:1.2.3.4", &nb, err, sizeof err), -1);
    CHECK(strstr(err, "hostfwd") != NULL);
    CHECK_EQ(net_open("slirp,colour=blue", &nb, err, sizeof err), -1);
    CHECK_EQ(net_open("tap:this-name-is-much-too-long-for-linux", &nb, err, sizeof err), -1);
    CHECK(strchr(err, '\n') == NULL);
}

/* Polls until a frame arrives (at most ~2 s); returns its length. */
static size_t wait_frame(net_backend_t *nb, uint8_t *buf, size_t max, uint16_t ethertype)
{
    for (int i = 0; i < 200; i++) {
        net_poll(nb, 10);
        size_t n;
        while ((n = net_receive(nb, buf, max)) > 0)
            if (n >= 14 && (buf[12] << 8 | buf[13]) == ethertype)
                return n;
    }
    return 0;
}

TEST(net_slirp_answers_arp_for_the_gateway)
{
    net_backend_t *nb;
    char err[256];
    uint8_t f[64], buf[NET_MAX_FRAME];
    REQUIRE(net_open("slirp", &nb, err, sizeof err) == 0);
    CHECK(net_link_up(nb));
    CHECK_EQ(net_send(nb, f, arp_request(f)), 0);
    size_t n = wait_frame(nb, buf, sizeof buf, 0x0806);
    REQUIRE(n >= 42);
    CHECK(memcmp(buf, guest_mac, 6) == 0);        /* to us */
    CHECK_EQ(buf[21], 2);                          /* ARP reply */
    CHECK(memcmp(buf + 28, "\x0a\x00\x02\x02", 4) == 0);
    net_close(nb);
}

TEST(net_slirp_udp_out_reaches_host_loopback)
{
    net_backend_t *nb;
    char err[256];
    uint8_t f[128], buf[NET_MAX_FRAME];
    uint16_t port;
    int s = udp_socket(&port);
    REQUIRE(s >= 0);
    REQUIRE(net_open("slirp", &nb, err, sizeof err) == 0);
    net_send(nb, f, arp_request(f));
    size_t n = wait_frame(nb, buf, sizeof buf, 0x0806);
    REQUIRE(n >= 42);
    uint8_t gw_mac[6];
    memcpy(gw_mac, buf + 22, 6);
    CHECK_EQ(net_send(nb, f, udp_frame(f, gw_mac, port, "hello host")), 0);
    char got[64] = "";
    for (int i = 0; i < 100 && !got[0]; i++) {
        net_poll(nb, 10);
        ssize_t r = recv(s, got, sizeof got - 1, MSG_DONTWAIT);
        if (r > 0)
            got[r] = 0;
    }
    CHECK_STR(got, "hello host");
    close(s);
    net_close(nb);
}

TEST(net_slirp_hostfwd_udp_in_reaches_guest)
{
    net_backend_t *nb;
    char err[256], spec[96];
    uint8_t f[128], buf[NET_MAX_FRAME];
    uint16_t port;
    int probe = udp_socket(&port); /* find a free port, then hand it to slirp */
    REQUIRE(probe >= 0);
    close(probe);
    snprintf(spec, sizeof spec, "slirp,hostfwd=udp:127.0.0.1:%u-:7777", port);
    REQUIRE(net_open(spec, &nb, err, sizeof err) == 0);
    net_send(nb, f, arp_request(f)); /* slirp learns the guest's MAC */
    REQUIRE(wait_frame(nb, buf, sizeof buf, 0x0806) >= 42);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    REQUIRE(sendto(s, "inbound!", 8, 0, (struct sockaddr *)&to, sizeof to) == 8);
    size_t n = wait_frame(nb, buf, sizeof buf, 0x0800);
    REQUIRE(n >= 14 + 20 + 8 + 8);
    CHECK_EQ(buf[14 + 9], 17);                                /* UDP */
    CHECK(memcmp(buf + 14 + 16, "\x0a\x00\x02\x0f", 4) == 0); /* to 10.0.2.15 */
    CHECK_EQ(buf[14 + 20 + 2] << 8 | buf[14 + 20 + 3], 7777);
    CHECK(memcmp(buf + 14 + 28, "inbound!", 8) == 0);
    close(s);
    net_close(nb);
}

/* Pacing (issue 13): the lead of emulated over host time stays within one slice while the
 * guest may be waiting on the network, and costs nothing otherwise. */
TEST(net_pace_bounds_lead_only_when_held)
{
    const int64_t ms = 1000000;
    net_pace_t p = {0};
    CHECK_EQ(net_pace_wait_ms(&p, 0, 5000 * ms, true), 0); /* anchors */
    /* Emulation 50 ms ahead of the host while the guest waits: wait 40 ms (lead − slice). */
    CHECK_EQ(net_pace_wait_ms(&p, 50 * ms, 5000 * ms, true), 40);
    /* After the host caught up by 40 ms: nothing more to wait. */
    CHECK_EQ(net_pace_wait_ms(&p, 50 * ms, 5040 * ms, true), 0);
    /* A busy guest with nothing in flight runs 1 s ahead without waiting ... */
    CHECK_EQ(net_pace_wait_ms(&p, 1050 * ms, 5040 * ms, false), 0);
    /* ... and is not made to pay for that later: only the new lead counts. */
    CHECK_EQ(net_pace_wait_ms(&p, 1050 * ms, 5040 * ms, true), 0);
    CHECK_EQ(net_pace_wait_ms(&p, 1055 * ms, 5040 * ms, true), 5);
    /* Emulation slower than the host (500 ms behind) is not made up by running free later. */
    CHECK_EQ(net_pace_wait_ms(&p, 1060 * ms, 5600 * ms, true), 0);
    CHECK_EQ(net_pace_wait_ms(&p, 1080 * ms, 5600 * ms, true), 10);
    /* Rounding is up: 10.5 ms of excess waits 11 ms. */
    net_pace_t q = {0};
    net_pace_wait_ms(&q, 0, 0, true);
    CHECK_EQ(net_pace_wait_ms(&q, 20 * ms + ms / 2, 0, true), 11);
    /* A reset machine (time going back) re-anchors. */
    CHECK_EQ(net_pace_wait_ms(&q, 0, 10 * ms, true), 0);
    CHECK_EQ(net_pace_wait_ms(&q, 15 * ms, 10 * ms, true), 5);
    CHECK_EQ(net_ticks_to_ns(2400000000ull * 3600 * 5 + 1200000000ull, 2400000000ull), 18000500000000ull);
}
