/* Input recording and replay (machines/input_log.h). */
#include "machines/input_log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostfs/net.h"
#include "machines/machine.h"

struct input_log {
    FILE *f;
    bool replay;
    bool write_error;
    char path[200];
    int line;
    /* replay: the next event, read ahead */
    bool have_next;
    uint64_t tick;
    char kind[8];
    long a, b, c;
    char err[MACHINE_ERR_LEN];
    /* network frames (replay): a second reader of the same file, taking only "net" lines */
    FILE *netf;
    int net_line;
    bool net_have, net_started;
    uint64_t net_tick;
    size_t net_len;
    uint8_t net_frame[NET_MAX_FRAME];
    /* sent frames (replay): a third reader, taking only "out" lines, and the first mismatch */
    FILE *outf;
    int out_line;
    uint64_t diverged; /* tick of the first sent frame that differs from the recording, 0 = none */
    /* a replay resumed after --load-state: events before this tick happened before the save */
    uint64_t resume_tick;
};

/* Reads the next event of a replay; false at the end (or on a bad line, kept in err). */
static bool read_next(input_log_t *l)
{
    char buf[2 * NET_MAX_FRAME + 64]; /* a whole "net" line */
    l->have_next = false;
    while (fgets(buf, sizeof buf, l->f)) {
        l->line++;
        if (buf[0] == '\n' || buf[0] == '#')
            continue;
        char extra, kind[8];
        if (sscanf(buf, "%*s %7s", kind) == 1 && (!strcmp(kind, "net") || !strcmp(kind, "out")))
            continue; /* the network readers' (input_log_net_due, input_log_net_sent) */
        int n = sscanf(buf, "%" SCNu64 " %7s %ld %ld %ld %c", &l->tick, l->kind, &l->a, &l->b, &l->c, &extra);
        bool ok = (n == 5 && (!strcmp(l->kind, "mouse") || !strcmp(l->kind, "joy"))) ||
                  (n == 4 && !strcmp(l->kind, "key"));
        if (ok && !strcmp(l->kind, "key"))
            ok = l->a >= 0 && l->a < 256 && (l->b == 0 || l->b == 1);
        else if (ok && !strcmp(l->kind, "mouse"))
            ok = labs(l->a) <= 65536 && labs(l->b) <= 65536 && l->c >= 0 && l->c < 8;
        else if (ok)
            ok = l->a >= 0 && l->a < 4 && l->b >= 0 && l->b < 16 && l->c >= 0 && l->c < 4;
        if (!ok) {
            snprintf(l->err, sizeof l->err, "%.200s:%d: not an input event", l->path, l->line);
            return false;
        }
        l->have_next = true;
        return true;
    }
    return false;
}

static input_log_t *open_log(machine_t *m, const char *path, bool replay, char *err, size_t errlen)
{
    if (m->input_log) {
        snprintf(err, errlen, "%s: already recording or replaying input", path);
        return NULL;
    }
    input_log_t *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    snprintf(l->path, sizeof l->path, "%s", path);
    l->replay = replay;
    l->f = fopen(path, replay ? "r" : "w");
    if (!l->f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        free(l);
        return NULL;
    }
    return l;
}

int machine_record(machine_t *m, const char *path, char *err, size_t errlen)
{
    input_log_t *l = open_log(m, path, false, err, errlen);
    if (!l)
        return -1;
    fprintf(l->f, "arcana-input 1 %s %" PRIu64 "\n", m->type->name, m->ticks);
    m->input_log = l;
    return 0;
}

int machine_replay(machine_t *m, const char *path, char *err, size_t errlen)
{
    input_log_t *l = open_log(m, path, true, err, errlen);
    if (!l)
        return -1;
    char name[32], nl;
    uint64_t start;
    int version;
    char buf[256];
    const char *problem = NULL;
    if (!fgets(buf, sizeof buf, l->f) || sscanf(buf, "arcana-input %d %31s %" SCNu64 "%c", &version, name, &start, &nl) != 4 ||
        nl != '\n')
        problem = "not an Arcana input recording";
    else if (version != 1)
        problem = "made by another version of Arcana";
    else if (strcmp(name, m->type->name) != 0)
        problem = "recorded on another machine type";
    else if (start > m->ticks)
        problem = "recorded from a later starting point (start from the state it was recorded from)";
    l->line = 1;
    l->resume_tick = m->ticks; /* later than start: resumed from a state saved during a replay */
    while (!problem && read_next(l) && l->tick < l->resume_tick) {
    }
    if (!problem && !l->have_next && l->err[0]) {
        snprintf(err, errlen, "--replay: %s", l->err);
        fclose(l->f);
        free(l);
        return -1;
    }
    if (problem) {
        snprintf(err, errlen, "--replay: %s: %s", path, problem);
        fclose(l->f);
        free(l);
        return -1;
    }
    l->netf = fopen(path, "r");
    l->outf = l->netf ? fopen(path, "r") : NULL;
    if (!l->outf) {
        snprintf(err, errlen, "--replay: %s: %s", path, strerror(errno));
        if (l->netf)
            fclose(l->netf);
        fclose(l->f);
        free(l);
        return -1;
    }
    m->input_log = l;
    return 0;
}

void machine_input_due(machine_t *m)
{
    input_log_t *l = m->input_log;
    if (!l || !l->replay)
        return;
    while (l->have_next && l->tick <= m->ticks) {
        if (!strcmp(l->kind, "key"))
            m->ops->key ? m->ops->key(m, (int)l->a, l->b != 0) : (void)0;
        else if (!strcmp(l->kind, "mouse"))
            m->ops->mouse ? m->ops->mouse(m, (int)l->a, (int)l->b, (unsigned)l->c) : (void)0;
        else
            m->ops->joystick ? m->ops->joystick(m, (int)l->a, (unsigned)l->b, (unsigned)l->c) : (void)0;
        if (!read_next(l) && l->err[0])
            fprintf(stderr, "arcana: --replay: %s; the rest is not replayed\n", l->err);
    }
}

/* Called by machine_key/mouse/joystick: records, or (during a replay) says to drop live input. */
bool machine_input_live(machine_t *m, const char *kind, long a, long b, long c)
{
    input_log_t *l = m->input_log;
    if (!l)
        return true;
    if (l->replay)
        return false;
    int n = !strcmp(kind, "key") ? fprintf(l->f, "%" PRIu64 " key %ld %ld\n", m->ticks, a, b)
                                 : fprintf(l->f, "%" PRIu64 " %s %ld %ld %ld\n", m->ticks, kind, a, b, c);
    if (n < 0)
        l->write_error = true;
    return true;
}

int machine_input_close(machine_t *m, char *err, size_t errlen)
{
    input_log_t *l = m->input_log;
    if (!l)
        return 0;
    m->input_log = NULL;
    if (l->netf)
        fclose(l->netf);
    if (l->outf)
        fclose(l->outf);
    bool bad = (fclose(l->f) != 0 || l->write_error) && !l->replay;
    if (bad && err)
        snprintf(err, errlen, "--record: %s: write failed", l->path);
    free(l);
    return bad ? -1 : 0;
}

void input_log_net_record(input_log_t *l, uint64_t tick, const uint8_t *frame, size_t len)
{
    if (!l || l->replay)
        return;
    if (fprintf(l->f, "%" PRIu64 " net ", tick) < 0)
        l->write_error = true;
    for (size_t i = 0; i < len; i++)
        if (fprintf(l->f, "%02x", frame[i]) < 0)
            l->write_error = true;
    if (fputc('\n', l->f) == EOF)
        l->write_error = true;
}

bool input_log_net_replaying(const input_log_t *l) { return l && l->replay; }

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Reads the next "net" line of a replay into net_frame; false at the end or on a bad line
 * (reported once, the rest of the network replay is dropped). */
static bool net_read_next(input_log_t *l)
{
    char buf[2 * NET_MAX_FRAME + 64];
    l->net_have = false;
    while (fgets(buf, sizeof buf, l->netf)) {
        l->net_line++;
        char kind[8];
        int pos = 0;
        if (sscanf(buf, "%" SCNu64 " %7s %n", &l->net_tick, kind, &pos) != 2 || strcmp(kind, "net") != 0 || !pos)
            continue; /* the header, comments and input events are the other reader's */
        size_t n = 0;
        const char *p = buf + pos;
        int hi, lo;
        while (n < NET_MAX_FRAME && (hi = hex_digit(p[0])) >= 0 && (lo = hex_digit(p[1])) >= 0) {
            l->net_frame[n++] = (uint8_t)(hi << 4 | lo);
            p += 2;
        }
        if (n < 14 || (*p != '\n' && *p != '\0')) {
            fprintf(stderr, "arcana: --replay: %.200s:%d: not a network frame; the rest is not replayed\n", l->path,
                    l->net_line);
            return false;
        }
        l->net_len = n;
        l->net_have = true;
        return true;
    }
    return false;
}

size_t input_log_net_due(input_log_t *l, uint64_t tick)
{
    if (!l || !l->replay)
        return 0;
    if (!l->net_started) {
        /* Frames of a resumed replay recorded before the card's first poll were delivered
         * before the state was saved (a fresh replay has none: the first poll is 1 ms in). */
        l->net_started = true;
        while (net_read_next(l) && l->net_tick < tick) {
        }
    }
    return l->net_have && l->net_tick <= tick ? l->net_len : 0;
}

size_t input_log_net_take(input_log_t *l, uint8_t *buf, size_t max)
{
    if (!l || !l->net_have)
        return 0;
    size_t len = l->net_len <= max ? l->net_len : max;
    memcpy(buf, l->net_frame, len);
    net_read_next(l);
    return len;
}

static uint64_t frame_hash(const uint8_t *frame, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ frame[i]) * 0x100000001b3ull;
    return h;
}

/* The next "out" line of a replay at or after the resume tick; false at the end. */
static bool out_read_next(input_log_t *l, uint64_t *tick, uint64_t *hash)
{
    char buf[2 * NET_MAX_FRAME + 64];
    while (fgets(buf, sizeof buf, l->outf)) {
        l->out_line++;
        char kind[8];
        if (sscanf(buf, "%" SCNu64 " %7s %" SCNx64, tick, kind, hash) == 3 && !strcmp(kind, "out") &&
            *tick >= l->resume_tick)
            return true;
    }
    return false;
}

void input_log_net_sent(input_log_t *l, uint64_t tick, const uint8_t *frame, size_t len)
{
    if (!l)
        return;
    uint64_t h = frame_hash(frame, len);
    if (!l->replay) {
        if (fprintf(l->f, "%" PRIu64 " out %016" PRIx64 "\n", tick, h) < 0)
            l->write_error = true;
        return;
    }
    if (l->diverged)
        return;
    uint64_t want_tick = 0, want_hash = 0;
    bool more = out_read_next(l, &want_tick, &want_hash);
    /* Frames are compared in order; ticks only say where (under the JIT the tick an I/O write
     * sees is coarser, and depends on where runs were cut). */
    if (!more || want_hash != h) {
        l->diverged = tick ? tick : 1;
        char recorded[80] = "nothing";
        if (more)
            snprintf(recorded, sizeof recorded, "another frame at tick %" PRIu64, want_tick);
        fprintf(stderr,
                "arcana: --replay: %.200s: the machine sent a frame at tick %" PRIu64 " where the recording has %s"
                " (another machine, CPU core or command line?): the replay no longer follows it\n",
                l->path, tick, recorded);
    }
}

uint64_t input_log_net_diverged(const input_log_t *l) { return l ? l->diverged : 0; }
