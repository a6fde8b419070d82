#include "frontend/gdbstub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PACKET_MAX 4096
#define MAX_BREAKS 64
#define MAX_WATCHES 8
#define STEPS_BETWEEN_POLLS 4096

typedef struct watch {
    uint32_t addr, len;
    uint8_t old[8];
} watch_t;

typedef struct gdb {
    machine_t *m;
    const machine_debug_ops_t *d;
    int fd;
    bool no_ack;
    uint8_t in[PACKET_MAX];
    size_t in_len, in_pos;
    uint32_t breaks[MAX_BREAKS];
    int nbreaks;
    watch_t watches[MAX_WATCHES];
    int nwatches;
    char exec_path[64]; /* the header-only ELF offered as the executable, "" if none */
} gdb_t;

static const char hexdigits[] = "0123456789abcdef";

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads one byte from the debugger; -1 when it has gone. */
static int get_byte(gdb_t *g)
{
    if (g->in_pos == g->in_len) {
        ssize_t n;
        do
            n = recv(g->fd, g->in, sizeof g->in, 0);
        while (n < 0 && errno == EINTR);
        if (n <= 0)
            return -1;
        g->in_len = (size_t)n;
        g->in_pos = 0;
    }
    return g->in[g->in_pos++];
}

static bool send_all(gdb_t *g, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = send(g->fd, buf, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

static bool put_packet(gdb_t *g, const char *data)
{
    static char frame[PACKET_MAX * 2 + 8];
    size_t n = strlen(data);
    if (n > PACKET_MAX * 2)
        n = PACKET_MAX * 2;
    unsigned sum = 0;
    frame[0] = '$';
    for (size_t i = 0; i < n; i++) {
        frame[1 + i] = data[i];
        sum += (unsigned char)data[i];
    }
    snprintf(frame + 1 + n, 4, "#%02x", sum & 0xff);
    for (int tries = 0; tries < 8; tries++) {
        if (!send_all(g, frame, n + 4))
            return false;
        if (g->no_ack)
            return true;
        int c;
        do
            c = get_byte(g);
        while (c >= 0 && c != '+' && c != '-');
        if (c == '+')
            return true;
        if (c < 0)
            return false;
    }
    return false;
}

/* Reads the next packet's payload (NUL-terminated). Returns its length, -1 when the debugger
 * has gone, or -2 for a lone ^C (0x03) outside a packet. */
static int get_packet(gdb_t *g, char *out, size_t max)
{
    for (;;) {
        int c;
        do {
            c = get_byte(g);
            if (c == 0x03)
                return -2;
        } while (c >= 0 && c != '$');
        if (c < 0)
            return -1;
        size_t n = 0;
        unsigned sum = 0;
        while ((c = get_byte(g)) >= 0 && c != '#') {
            sum += (unsigned)c;
            if (n + 1 < max)
                out[n++] = (char)c;
        }
        int h = c < 0 ? -1 : get_byte(g), l = h < 0 ? -1 : get_byte(g);
        if (l < 0)
            return -1;
        out[n] = 0;
        bool good = hexval(h) >= 0 && hexval(l) >= 0 && (unsigned)(hexval(h) << 4 | hexval(l)) == (sum & 0xff);
        if (!g->no_ack && !send_all(g, good ? "+" : "-", 1))
            return -1;
        if (good)
            return (int)n;
    }
}

static void put_hex32(const gdb_t *g, char *out, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        uint8_t b = (uint8_t)(g->d->big_endian ? v >> (24 - 8 * i) : v >> (8 * i));
        out[2 * i] = hexdigits[b >> 4];
        out[2 * i + 1] = hexdigits[b & 15];
    }
    out[8] = 0;
}

static bool get_hex32(const gdb_t *g, const char *in, uint32_t *v)
{
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(in[2 * i]), l = h < 0 ? -1 : hexval(in[2 * i + 1]);
        if (l < 0)
            return false;
        uint32_t b = (uint32_t)(h << 4 | l);
        r |= g->d->big_endian ? b << (24 - 8 * i) : b << (8 * i);
    }
    *v = r;
    return true;
}

/* "addr,len" (hex) at s; returns the character after or NULL. */
static const char *parse_addr_len(const char *s, uint32_t *addr, uint32_t *len)
{
    char *end;
    unsigned long a = strtoul(s, &end, 16);
    if (end == s || *end != ',')
        return NULL;
    s = end + 1;
    unsigned long l = strtoul(s, &end, 16);
    if (end == s)
        return NULL;
    *addr = (uint32_t)a;
    *len = (uint32_t)l;
    return end;
}

static void watch_snapshot(gdb_t *g, watch_t *w)
{
    for (uint32_t i = 0; i < w->len; i++)
        if (!g->d->read_mem(g->m, w->addr + i, &w->old[i]))
            w->old[i] = 0;
}

/* After an instruction: a watched range that changed, or -1. */
static int watch_hit(gdb_t *g)
{
    for (int i = 0; i < g->nwatches; i++) {
        watch_t *w = &g->watches[i];
        for (uint32_t j = 0; j < w->len; j++) {
            uint8_t now;
            if (g->d->read_mem(g->m, w->addr + j, &now) && now != w->old[j]) {
                watch_snapshot(g, w);
                return i;
            }
        }
    }
    return -1;
}

static bool break_at(const gdb_t *g, uint32_t pc)
{
    for (int i = 0; i < g->nbreaks; i++)
        if (g->breaks[i] == pc)
            return true;
    return false;
}

/* Is a ^C waiting from the debugger (without blocking)? */
static bool interrupt_pending(gdb_t *g)
{
    if (g->in_pos < g->in_len)
        return g->in[g->in_pos] == 0x03 ? (g->in_pos++, true) : false;
    struct pollfd p = {.fd = g->fd, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0)
        return false;
    int c = get_byte(g);
    return c == 0x03 || c < 0;
}

/* Runs (or steps once) and writes the stop reply. Returns GDB_LIMIT when time ran out. */
static int resume(gdb_t *g, bool step, uint64_t end_tick, volatile int *stop, char *reply)
{
    for (;;) {
        for (int i = 0; i < STEPS_BETWEEN_POLLS; i++) {
            g->d->step(g->m);
            int w = g->nwatches ? watch_hit(g) : -1;
            if (w >= 0) {
                sprintf(reply, "T05watch:%x;", g->watches[w].addr);
                return 0;
            }
            if (step) {
                strcpy(reply, "S05");
                return 0;
            }
            if (break_at(g, g->d->get_pc(g->m))) {
                strcpy(reply, "T05swbreak:;");
                return 0;
            }
            if (end_tick && g->m->ticks >= end_tick) {
                strcpy(reply, "W00");
                return GDB_LIMIT;
            }
        }
        if (interrupt_pending(g) || (stop && *stop)) {
            strcpy(reply, "S02");
            return 0;
        }
    }
}

static void read_registers(gdb_t *g, char *out)
{
    *out = 0;
    for (int n = 0; n < g->d->reg_count; n++) {
        uint32_t v;
        if (g->d->get_reg(g->m, n, &v))
            put_hex32(g, out + strlen(out), v);
    }
}

static bool write_registers(gdb_t *g, const char *in)
{
    for (int n = 0; n < g->d->reg_count; n++) {
        uint32_t v;
        if (!g->d->get_reg(g->m, n, &v))
            continue;
        if (!get_hex32(g, in, &v))
            return false;
        g->d->set_reg(g->m, n, v);
        in += 8;
    }
    return true;
}

static void read_memory(gdb_t *g, const char *args, char *reply)
{
    uint32_t addr, len;
    if (!parse_addr_len(args, &addr, &len) || len > PACKET_MAX / 2 - 8) {
        strcpy(reply, "E01");
        return;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < len; i++) {
        uint8_t b;
        if (!g->d->read_mem(g->m, addr + i, &b))
            break;
        reply[n++] = hexdigits[b >> 4];
        reply[n++] = hexdigits[b & 15];
    }
    reply[n] = 0;
    if (n == 0 && len)
        strcpy(reply, "E01");
}

static void write_memory(gdb_t *g, const char *args, char *reply)
{
    uint32_t addr, len;
    const char *p = parse_addr_len(args, &addr, &len);
    if (!p || *p != ':' || strlen(p + 1) < 2 * (size_t)len) {
        strcpy(reply, "E01");
        return;
    }
    p++;
    for (uint32_t i = 0; i < len; i++) {
        int h = hexval(p[2 * i]), l = hexval(p[2 * i + 1]);
        if (h < 0 || l < 0 || !g->d->write_mem(g->m, addr + i, (uint8_t)(h << 4 | l))) {
            strcpy(reply, "E01");
            return;
        }
    }
    for (int i = 0; i < g->nwatches; i++) /* the debugger's own writes do not trigger */
        watch_snapshot(g, &g->watches[i]);
    strcpy(reply, "OK");
}

/* Z/z packets: 0 and 1 breakpoints, 2 write watchpoints. */
static void breakpoint(gdb_t *g, const char *pkt, char *reply)
{
    bool insert = pkt[0] == 'Z';
    int type = pkt[1] - '0';
    uint32_t addr, len;
    if (pkt[2] != ',' || !parse_addr_len(pkt + 3, &addr, &len)) {
        strcpy(reply, "E01");
        return;
    }
    if (type == 0 || type == 1) {
        for (int i = 0; i < g->nbreaks; i++)
            if (g->breaks[i] == addr) {
                if (!insert)
                    g->breaks[i] = g->breaks[--g->nbreaks];
                strcpy(reply, "OK");
                return;
            }
        if (insert && g->nbreaks == MAX_BREAKS) {
            strcpy(reply, "E02");
            return;
        }
        if (insert)
            g->breaks[g->nbreaks++] = addr;
        strcpy(reply, "OK");
    } else if (type == 2) {
        if (len == 0 || len > 8) {
            strcpy(reply, "E01");
            return;
        }
        for (int i = 0; i < g->nwatches; i++)
            if (g->watches[i].addr == addr && g->watches[i].len == len) {
                if (!insert)
                    g->watches[i] = g->watches[--g->nwatches];
                strcpy(reply, "OK");
                return;
            }
        if (insert && g->nwatches == MAX_WATCHES) {
            strcpy(reply, "E02");
            return;
        }
        if (insert) {
            watch_t *w = &g->watches[g->nwatches++];
            w->addr = addr;
            w->len = len;
            watch_snapshot(g, w);
        }
        strcpy(reply, "OK");
    } else {
        reply[0] = 0; /* read and access watchpoints: not supported */
    }
}

static void features(gdb_t *g, const char *args, char *reply)
{
    /* "target.xml:OFFSET,LENGTH" */
    uint32_t off, len;
    const char *xml = g->d->target_xml;
    if (strncmp(args, "target.xml:", 11) || !parse_addr_len(args + 11, &off, &len)) {
        strcpy(reply, "E00");
        return;
    }
    size_t total = strlen(xml);
    if (len > PACKET_MAX - 16)
        len = PACKET_MAX - 16;
    if (off >= total) {
        strcpy(reply, "l");
        return;
    }
    size_t n = total - off < len ? total - off : len;
    reply[0] = off + n >= total ? 'l' : 'm';
    memcpy(reply + 1, xml + off, n);
    reply[1 + n] = 0;
}

/* A header-only ELF32 executable for the target's CPU and byte order (System V ABI, ELF
 * header; no sections, no segments), written to a temporary file that GDB reads through
 * qXfer:exec-file:read. Loading it is how GDB learns the target is big-endian. */
static void write_exec_file(gdb_t *g)
{
    g->exec_path[0] = 0;
    if (!g->d->big_endian || !g->d->elf_machine)
        return;
    const char *tmp = getenv("TMPDIR");
    char path[sizeof g->exec_path];
    if (snprintf(path, sizeof path, "%s/arcana-gdb-XXXXXX", tmp && *tmp ? tmp : "/tmp") >= (int)sizeof path)
        snprintf(path, sizeof path, "/tmp/arcana-gdb-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return; /* GDB then needs `set endian big`, as the README says */
    uint8_t h[52] = {0x7f, 'E', 'L', 'F', 1 /* 32-bit */, 2 /* big-endian */, 1 /* version */};
    uint32_t entry = g->d->get_pc(g->m);
    h[16] = 0, h[17] = 2;                                                   /* e_type: EXEC */
    h[18] = (uint8_t)(g->d->elf_machine >> 8), h[19] = (uint8_t)g->d->elf_machine; /* e_machine */
    h[23] = 1;                                                              /* e_version */
    for (int i = 0; i < 4; i++)
        h[24 + i] = (uint8_t)(entry >> (24 - 8 * i));                       /* e_entry */
    h[41] = 52;                                                             /* e_ehsize */
    bool ok = write(fd, h, sizeof h) == (ssize_t)sizeof h;
    close(fd);
    if (ok)
        memcpy(g->exec_path, path, sizeof path);
    else
        unlink(path);
}

/* "qXfer:exec-file:read:ANNEX:OFFSET,LENGTH": the path of the file written above. */
static void exec_file(gdb_t *g, const char *args, char *reply)
{
    const char *colon = strchr(args, ':');
    uint32_t off, len;
    if (!g->exec_path[0] || !colon || !parse_addr_len(colon + 1, &off, &len)) {
        strcpy(reply, "E00");
        return;
    }
    size_t total = strlen(g->exec_path);
    size_t n = off >= total ? 0 : (total - off < len ? total - off : len);
    reply[0] = off + n >= total ? 'l' : 'm';
    memcpy(reply + 1, g->exec_path + (off < total ? off : total), n);
    reply[1 + n] = 0;
}

static int open_listener(int port, char *err, size_t errlen)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 1) != 0) {
        snprintf(err, errlen, "--gdb: cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int gdb_serve(machine_t *m, int port, uint64_t end_tick, volatile int *stop, char *err, size_t errlen)
{
    static gdb_t g;
    static char pkt[PACKET_MAX], reply[PACKET_MAX * 2];
    memset(&g, 0, sizeof g);
    g.m = m;
    g.d = m->ops->debug;
    if (!g.d) {
        snprintf(err, errlen, "--gdb: the %s machine has no debugger support", m->type->name);
        return GDB_ERROR;
    }
    int lfd = open_listener(port, err, errlen);
    if (lfd < 0)
        return GDB_ERROR;
    fprintf(stderr, "arcana: --gdb: waiting for GDB on 127.0.0.1:%d\n", port);
    /* Wait in slices so that ^C or SIGTERM on the host ends the wait (signals restart accept). */
    g.fd = -1;
    while (g.fd < 0 && !(stop && *stop)) {
        struct pollfd p = {.fd = lfd, .events = POLLIN};
        if (poll(&p, 1, 200) > 0)
            g.fd = accept(lfd, NULL, NULL);
    }
    close(lfd);
    if (g.fd < 0) {
        snprintf(err, errlen, "--gdb: stopped before a debugger connected");
        return GDB_ERROR;
    }
    int result = GDB_DETACHED;
    write_exec_file(&g);
    for (;;) {
        int n = get_packet(&g, pkt, sizeof pkt);
        if (n == -2) {
            put_packet(&g, "S02"); /* ^C while stopped: say where we are */
            continue;
        }
        if (n < 0)
            break; /* the debugger went away: as a detach */
        reply[0] = 0;
        uint32_t v;
        switch (pkt[0]) {
        case '?': strcpy(reply, "S05"); break;
        case 'g': read_registers(&g, reply); break;
        case 'G': strcpy(reply, write_registers(&g, pkt + 1) ? "OK" : "E01"); break;
        case 'p': {
            int r = (int)strtol(pkt + 1, NULL, 16);
            if (g.d->get_reg(m, r, &v))
                put_hex32(&g, reply, v);
            else
                strcpy(reply, "E01");
            break;
        }
        case 'P': {
            char *eq;
            int r = (int)strtol(pkt + 1, &eq, 16);
            strcpy(reply, *eq == '=' && get_hex32(&g, eq + 1, &v) && g.d->set_reg(m, r, v) ? "OK" : "E01");
            break;
        }
        case 'm': read_memory(&g, pkt + 1, reply); break;
        case 'M': write_memory(&g, pkt + 1, reply); break;
        case 'c':
        case 's': {
            /* "c ADDR"/"s ADDR" (resume elsewhere) is not sent by current GDBs: ADDR is ignored. */
            if (resume(&g, pkt[0] == 's', end_tick, stop, reply) == GDB_LIMIT) {
                put_packet(&g, reply);
                result = GDB_LIMIT;
                goto done;
            }
            break;
        }
        case 'Z':
        case 'z': breakpoint(&g, pkt, reply); break;
        case 'H': strcpy(reply, "OK"); break;
        case 'T': strcpy(reply, "OK"); break;
        case 'D':
            put_packet(&g, "OK");
            result = GDB_DETACHED;
            goto done;
        case 'k': result = GDB_KILLED; goto done;
        case 'q':
            if (!strncmp(pkt, "qSupported", 10))
                snprintf(reply, sizeof reply, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+%s",
                         PACKET_MAX, g.exec_path[0] ? ";qXfer:exec-file:read+" : "");
            else if (!strncmp(pkt, "qXfer:features:read:", 20))
                features(&g, pkt + 20, reply);
            else if (!strncmp(pkt, "qXfer:exec-file:read:", 21))
                exec_file(&g, pkt + 21, reply);
            else if (!strcmp(pkt, "qAttached"))
                strcpy(reply, "1");
            else if (!strcmp(pkt, "qC"))
                strcpy(reply, "QC1");
            else if (!strcmp(pkt, "qfThreadInfo"))
                strcpy(reply, "m1");
            else if (!strcmp(pkt, "qsThreadInfo"))
                strcpy(reply, "l");
            else if (!strncmp(pkt, "qSymbol", 7))
                strcpy(reply, "OK");
            break;
        case 'Q':
            if (!strcmp(pkt, "QStartNoAckMode")) {
                put_packet(&g, "OK");
                g.no_ack = true;
                continue;
            }
            break;
        case 'v':
            if (!strcmp(pkt, "vKill;1") || !strncmp(pkt, "vKill", 5)) {
                put_packet(&g, "OK");
                result = GDB_KILLED;
                goto done;
            }
            break; /* vCont? and others: empty = not supported, GDB falls back to c and s */
        default: break;
        }
        if (!put_packet(&g, reply))
            break;
    }
done:
    close(g.fd);
    if (g.exec_path[0])
        unlink(g.exec_path);
    return result;
}
