/* The save-state visitor and file format (machines/state.h). */
#include "machines/state.h"
#include "machines/state_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#define FNV_BASIS 0xcbf29ce484222325ull
#define TRAILER_TAG "END!"
#define HEADER_SIZE (8 + 4 + STATE_NAME_LEN)
#define SECTION_HEAD (4 + 4 + 8)
#define TRAILER_SIZE (SECTION_HEAD + 8)

/* FNV-1a 64 taken eight bytes (little-endian) a step, the tail byte by byte: the whole-file
 * checksum. A step per byte would cost ~15 ms on a 4 MB state; this is a few. */
uint64_t ser_fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = 0;
        for (int k = 0; k < 8; k++)
            w |= (uint64_t)b[i + k] << (8 * k);
        h ^= w;
        h *= 0x100000001b3ull;
    }
    for (; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

void ser_init(ser_t *s, ser_mode_t mode)
{
    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->hash = FNV_BASIS;
}

void ser_init_load(ser_t *s, const uint8_t *buf, size_t len)
{
    ser_init(s, SER_LOAD);
    s->buf = (uint8_t *)buf;
    s->len = len;
}

void ser_free(ser_t *s)
{
    if (s->mode == SER_SAVE)
        free(s->buf);
    s->buf = NULL;
}

void ser_fail(ser_t *s, const char *fmt, ...)
{
    if (s->failed)
        return;
    s->failed = true;
    char msg[224];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (s->tag[0])
        snprintf(s->err, sizeof s->err, "section %s: %s", s->tag, msg);
    else
        snprintf(s->err, sizeof s->err, "%s", msg);
}

bool ser_grow(ser_t *s, size_t n)
{
    if (s->len + n <= s->cap)
        return true;
    size_t cap = s->cap ? s->cap : 1u << 16;
    while (cap < s->len + n)
        cap *= 2;
    uint8_t *b = realloc(s->buf, cap);
    if (!b) {
        ser_fail(s, "out of memory");
        return false;
    }
    s->buf = b;
    s->cap = cap;
    return true;
}

void ser_reserve(ser_t *s, size_t n)
{
    if (s->mode == SER_SAVE && !s->failed && s->len + n > s->cap) {
        uint8_t *b = realloc(s->buf, s->len + n);
        if (!b) {
            ser_fail(s, "out of memory");
            return;
        }
        s->buf = b;
        s->cap = s->len + n;
    }
}

/* Raw bytes in file order: the one place every mode meets the data. */
static void raw(ser_t *s, uint8_t *p, size_t n)
{
    if (s->failed)
        return;
    switch (s->mode) {
    case SER_SAVE:
        if (ser_grow(s, n)) {
            memcpy(s->buf + s->len, p, n);
            s->len += n;
            s->pos = s->len;
        }
        break;
    case SER_LOAD: {
        size_t end = s->tag[0] ? s->section_start : s->len;
        if (n > end - s->pos) {
            ser_fail(s, "truncated");
            return;
        }
        memcpy(p, s->buf + s->pos, n);
        s->pos += n;
        break;
    }
    case SER_SIZE:
        s->pos += n;
        break;
    case SER_HASH:
        s->hash = ser_fnv(s->hash, p, n);
        s->pos += n;
        break;
    }
}

void ser_bytes(ser_t *s, void *p, size_t n) { raw(s, p, n); }

const uint8_t *ser_peek(const ser_t *s, size_t n)
{
    if (s->mode != SER_LOAD || s->failed)
        return NULL;
    size_t end = s->tag[0] ? s->section_start : s->len;
    return n <= end - s->pos ? s->buf + s->pos : NULL;
}

void ser_u8(ser_t *s, uint8_t *v) { raw(s, v, 1); }

void ser_u16(ser_t *s, uint16_t *v)
{
    uint8_t b[2] = {(uint8_t)*v, (uint8_t)(*v >> 8)};
    raw(s, b, 2);
    if (s->mode == SER_LOAD && !s->failed)
        *v = (uint16_t)(b[0] | b[1] << 8);
}

void ser_u32(ser_t *s, uint32_t *v)
{
    uint8_t b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(*v >> (8 * i));
    raw(s, b, 4);
    if (s->mode == SER_LOAD && !s->failed) {
        uint32_t x = 0;
        for (int i = 0; i < 4; i++)
            x |= (uint32_t)b[i] << (8 * i);
        *v = x;
    }
}

void ser_u64(ser_t *s, uint64_t *v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(*v >> (8 * i));
    raw(s, b, 8);
    if (s->mode == SER_LOAD && !s->failed) {
        uint64_t x = 0;
        for (int i = 0; i < 8; i++)
            x |= (uint64_t)b[i] << (8 * i);
        *v = x;
    }
}

void ser_bool(ser_t *s, bool *v)
{
    uint8_t b = 0;
    if (s->mode != SER_LOAD)
        b = *v ? 1 : 0;
    raw(s, &b, 1);
    if (s->mode == SER_LOAD && !s->failed) {
        if (b > 1)
            ser_fail(s, "a flag holds %u (0 or 1)", b);
        else
            *v = b;
    }
}

void ser_float(ser_t *s, float *v)
{
    uint32_t bits;
    memcpy(&bits, v, 4);
    ser_u32(s, &bits);
    if (s->mode == SER_LOAD && !s->failed) {
        float f;
        memcpy(&f, &bits, 4);
        if (!isfinite(f))
            ser_fail(s, "a filter value is not a finite number");
        else
            *v = f;
    }
}

/* Arrays go through as one block on a little-endian host (the file's byte order). */
#define HOST_LE (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

void ser_u16s(ser_t *s, uint16_t *v, size_t n)
{
    if (HOST_LE) {
        raw(s, (uint8_t *)v, n * 2);
        return;
    }
    for (size_t i = 0; i < n && !s->failed; i++)
        ser_u16(s, &v[i]);
}

void ser_u32s(ser_t *s, uint32_t *v, size_t n)
{
    if (HOST_LE) {
        raw(s, (uint8_t *)v, n * 4);
        return;
    }
    for (size_t i = 0; i < n && !s->failed; i++)
        ser_u32(s, &v[i]);
}

void ser_bools(ser_t *s, bool *v, size_t n)
{
    for (size_t i = 0; i < n && !s->failed; i++)
        ser_bool(s, &v[i]);
}

void ser_deadline(ser_t *s, bool *pending, uint64_t *when, uint64_t now, uint64_t max_ahead)
{
    bool p = *pending;
    uint64_t w = p ? *when : 0;
    ser_bool(s, &p);
    ser_u64(s, &w);
    if (s->mode != SER_LOAD || s->failed)
        return;
    if (p && (w <= now ? now - w : w - now) > max_ahead) {
        ser_fail(s, "a deadline is %llu ticks from now (at most %llu)",
                 (unsigned long long)(w <= now ? now - w : w - now), (unsigned long long)max_ahead);
        return;
    }
    *pending = p;
    *when = w;
}

/* ---- sections ---- */

static void put_u32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put_u64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint32_t get_u32(const uint8_t *p) { uint32_t v = 0; for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i); return v; }
static uint64_t get_u64(const uint8_t *p) { uint64_t v = 0; for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i); return v; }

static void printable_tag(char out[5], const uint8_t *t)
{
    for (int i = 0; i < 4; i++)
        out[i] = (t[i] >= 0x20 && t[i] < 0x7F) ? (char)t[i] : '?';
    out[4] = 0;
}

void ser_begin(ser_t *s, const char tag[4], uint32_t version)
{
    if (s->failed)
        return;
    uint8_t head[SECTION_HEAD];
    memcpy(head, tag, 4);
    put_u32(head + 4, version);
    put_u64(head + 8, 0);
    switch (s->mode) {
    case SER_SAVE:
        s->section_start = s->len;
        raw(s, head, sizeof head);
        break;
    case SER_SIZE:
    case SER_HASH:
        raw(s, head, sizeof head);
        break;
    case SER_LOAD: {
        char want[5];
        memcpy(want, tag, 4);
        want[4] = 0;
        if (s->len - s->pos < SECTION_HEAD) {
            ser_fail(s, "truncated before section %s", want);
            return;
        }
        const uint8_t *h = s->buf + s->pos;
        if (memcmp(h, tag, 4) != 0) {
            char got[5];
            printable_tag(got, h);
            ser_fail(s, "section %s found where %s belongs (another build, or damaged)", got, want);
            return;
        }
        uint32_t v = get_u32(h + 4);
        uint64_t n = get_u64(h + 8);
        s->pos += SECTION_HEAD;
        if (v < 1 || v > version) {
            ser_fail(s, "section %s has version %u; this build reads 1 to %u", want, v, version);
            return;
        }
        if (n > s->len - s->pos) {
            ser_fail(s, "section %s is %llu bytes, more than the file holds", want, (unsigned long long)n);
            return;
        }
        s->section_version = v;
        s->section_start = s->pos + (size_t)n;
        break;
    }
    }
    memcpy(s->tag, tag, 4);
    s->tag[4] = 0;
    for (int i = 3; i > 0 && s->tag[i] == ' '; i--)
        s->tag[i] = 0;
}

void ser_end(ser_t *s)
{
    if (!s->failed) {
        if (s->mode == SER_SAVE)
            put_u64(s->buf + s->section_start + 8, s->len - s->section_start - SECTION_HEAD);
        else if (s->mode == SER_LOAD && s->pos != s->section_start)
            ser_fail(s, "%zu bytes left over (another build, or damaged)", s->section_start - s->pos);
    }
    s->tag[0] = 0;
}

/* ---- scheduler ---- */

void ser_sched(ser_t *s, sched_t *q, sched_event_t *const *events, unsigned n, uint64_t max_ahead)
{
    SER(s, q->now);
    uint32_t count = 0;
    uint8_t order[64];
    uint64_t when[64];
    if (n > 64) {
        ser_fail(s, "too many events");
        return;
    }
    if (s->mode != SER_LOAD) {
        for (const sched_event_t *e = q->head; e; e = e->next) {
            unsigned i = 0;
            while (i < n && events[i] != e)
                i++;
            if (i == n) {
                ser_fail(s, "event %s is not in the machine's list", e->name);
                return;
            }
            order[count] = (uint8_t)i;
            when[count++] = e->when;
        }
    }
    SER_MAX(s, count, n);
    for (uint32_t k = 0; k < count && !s->failed; k++) {
        SER_MAX(s, order[k], n - 1);
        SER(s, when[k]);
    }
    if (s->mode != SER_LOAD || s->failed)
        return;
    bool seen[64] = {false};
    for (uint32_t k = 0; k < count; k++) {
        if (seen[order[k]]) {
            ser_fail(s, "event %s is queued twice", events[order[k]]->name);
            return;
        }
        seen[order[k]] = true;
        uint64_t d = when[k] > q->now ? when[k] - q->now : q->now - when[k];
        if (d > max_ahead) {
            ser_fail(s, "event %s is due %llu ticks from now (at most %llu)", events[order[k]]->name,
                     (unsigned long long)d, (unsigned long long)max_ahead);
            return;
        }
        if (k && when[k] < when[k - 1]) {
            ser_fail(s, "the event queue is out of order");
            return;
        }
    }
    /* Rebuild: sched_at keeps equal times in the order they are scheduled. */
    q->head = NULL;
    for (unsigned i = 0; i < n; i++) {
        events[i]->pending = false;
        events[i]->next = NULL;
    }
    for (uint32_t k = 0; k < count; k++)
        sched_at(q, events[order[k]], when[k]);
}

/* ---- files ---- */

void ser_file_begin(ser_t *s, const char *machine_name)
{
    uint8_t h[HEADER_SIZE] = {0};
    memcpy(h, STATE_MAGIC, 8);
    put_u32(h + 8, STATE_FORMAT_VERSION);
    strncpy((char *)h + 12, machine_name, STATE_NAME_LEN - 1);
    if (s->mode == SER_LOAD)
        s->pos = HEADER_SIZE; /* checked by ser_file_check */
    else
        raw(s, h, sizeof h);
}

void ser_file_end(ser_t *s)
{
    if (s->failed)
        return;
    if (s->mode == SER_LOAD) {
        if (s->pos != s->len - TRAILER_SIZE)
            ser_fail(s, "%zu bytes after the last section (another build, or damaged)", s->len - TRAILER_SIZE - s->pos);
        return;
    }
    uint8_t t[TRAILER_SIZE];
    memcpy(t, TRAILER_TAG, 4);
    put_u32(t + 4, 0);
    put_u64(t + 8, 8);
    raw(s, t, SECTION_HEAD);
    uint64_t sum = s->mode == SER_SAVE ? ser_fnv(FNV_BASIS, s->buf, s->len) : 0;
    put_u64(t, sum);
    raw(s, t, 8);
}

bool ser_file_check(ser_t *s, const char *machine_name)
{
    if (s->len < HEADER_SIZE + TRAILER_SIZE || memcmp(s->buf, STATE_MAGIC, 8) != 0) {
        /* The RiscPC's older format starts with its own magic. */
        ser_fail(s, "not an Arcana save state (or not one this machine reads)");
        return false;
    }
    uint32_t v = get_u32(s->buf + 8);
    if (v != STATE_FORMAT_VERSION) {
        ser_fail(s, "state format version %u; this build reads version %u", v, STATE_FORMAT_VERSION);
        return false;
    }
    char name[STATE_NAME_LEN + 1];
    memcpy(name, s->buf + 12, STATE_NAME_LEN);
    name[STATE_NAME_LEN] = 0;
    for (int i = 0; name[i]; i++)
        if (name[i] < 0x20 || name[i] >= 0x7F)
            name[i] = '?';
    if (strcmp(name, machine_name) != 0) {
        ser_fail(s, "a state of the %s machine, not of the %s", name, machine_name);
        return false;
    }
    const uint8_t *t = s->buf + s->len - TRAILER_SIZE;
    if (memcmp(t, TRAILER_TAG, 4) != 0 || get_u64(t + 8) != 8) {
        ser_fail(s, "truncated (no end marker)");
        return false;
    }
    if (ser_fnv(FNV_BASIS, s->buf, s->len - 8) != get_u64(t + SECTION_HEAD)) {
        ser_fail(s, "corrupt (checksum mismatch)");
        return false;
    }
    return true;
}

int ser_write_file(const ser_t *s, const char *path, char *err, size_t errlen)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        snprintf(err, errlen, "save state %s: path too long", path);
        return -1;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errlen, "save state %s: %s", path, strerror(errno));
        return -1;
    }
    bool ok = fwrite(s->buf, 1, s->len, f) == s->len;
    ok = (fflush(f) == 0) && ok;
    if (fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errlen, "save state %s: write failed: %s", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

int ser_finish_save(ser_t *s, const char *path, char *err, size_t errlen)
{
    int rc;
    if (!ser_ok(s)) {
        snprintf(err, errlen, "save state %s: %s", path, s->err);
        rc = -1;
    } else {
        rc = ser_write_file(s, path, err, errlen);
    }
    ser_free(s);
    return rc;
}
