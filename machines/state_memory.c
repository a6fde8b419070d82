/* Memory in save states (machines/state.h, ser_memory): a page map and the literal pages as
 * one zstd frame; zero pages, copies of earlier pages and pages of a file the machine loaded
 * cost a few bytes each. */
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "machines/state.h"
#include "machines/state_internal.h"

static void put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static bool all_zero(const uint8_t *p, size_t n)
{
    /* Word at a time: the scan runs over megabytes at every save. */
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w)
            return false;
    }
    for (; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* ---- memory ---- */

enum { PAGE_ZERO, PAGE_LITERAL, PAGE_COPY, PAGE_FILE, PAGE_KINDS };

/* zstd level 1: a mid-boot RiscPC state's 8.6 MB of literal pages (the unpacked Linux kernel,
 * the kernel's own data) take ~19 ms and come to 4.4 MB (level 2: 24 ms, 4.2 MB; level 3:
 * 35 ms, 4.0 MB; lz4: 5.5 MB; zlib level 1: 6 MB, 50 ms). Save's budget is 50 ms in all. */
#define ZSTD_LEVEL 1
/* Loads refuse frames needing a window above 16 MB (memory stays bounded on hostile input). */
#define ZSTD_WINDOW_LOG_MAX 24
/* Files are indexed every FILE_STRIDE bytes; a page copied from a file at any 4-byte aligned
 * offset holds one of those positions within its first FILE_STRIDE bytes. */
#define FILE_STRIDE 64u

typedef struct page_map {
    uint8_t *kind;
    uint32_t *arg;  /* PAGE_COPY: the earlier page; PAGE_FILE: offset in the file */
    uint8_t *file;  /* PAGE_FILE: which of s->files */
    size_t pages, literal_pages, literal_bytes;
} page_map_t;

static bool map_alloc(page_map_t *m, size_t pages)
{
    m->pages = pages;
    m->literal_pages = m->literal_bytes = 0;
    m->kind = malloc(pages ? pages : 1);
    m->arg = malloc((pages ? pages : 1) * sizeof *m->arg);
    m->file = malloc(pages ? pages : 1);
    return m->kind && m->arg && m->file;
}

static void map_free(page_map_t *m)
{
    free(m->kind);
    free(m->arg);
    free(m->file);
}

static uint64_t load8(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

/* Where each FILE_STRIDE position of the files starts: keyed by its 8 bytes, first one kept. */
typedef struct file_slot {
    uint64_t key;
    uint32_t off;
    uint8_t file, used;
} file_slot_t;

typedef struct file_index {
    file_slot_t *slot;
    size_t mask;
} file_index_t;

static void file_index_build(file_index_t *ix, const ser_file_t *files, unsigned nfiles)
{
    size_t entries = 0;
    for (unsigned f = 0; f < nfiles; f++)
        entries += files[f].size / FILE_STRIDE;
    ix->slot = NULL;
    ix->mask = 0;
    if (!entries)
        return;
    size_t cap = 1024;
    while (cap < 2 * entries)
        cap *= 2;
    ix->slot = calloc(cap, sizeof *ix->slot);
    if (!ix->slot)
        return; /* no references: a bigger state, not a wrong one */
    ix->mask = cap - 1;
    for (unsigned f = 0; f < nfiles; f++) {
        const ser_file_t *fl = &files[f];
        for (size_t off = 0; off + SER_PAGE <= fl->size && off <= UINT32_MAX; off += FILE_STRIDE) {
            uint64_t key = load8(fl->data + off);
            if (!key)
                continue;
            size_t h = mix64(key) & ix->mask;
            while (ix->slot[h].used && ix->slot[h].key != key)
                h = (h + 1) & ix->mask;
            if (!ix->slot[h].used)
                ix->slot[h] = (file_slot_t){.key = key, .off = (uint32_t)off, .file = (uint8_t)f, .used = 1};
        }
    }
}

/* A file offset holding the page's 4096 bytes; the last match's successor is tried first. */
static bool file_find(const file_index_t *ix, const ser_file_t *files, const uint8_t *page,
                      unsigned *last_file, size_t *last_off)
{
    if (!ix->slot)
        return false;
    if (*last_file != UINT32_MAX) {
        const ser_file_t *f = &files[*last_file];
        size_t off = *last_off + SER_PAGE;
        if (off + SER_PAGE <= f->size && memcmp(page, f->data + off, SER_PAGE) == 0) {
            *last_off = off;
            return true;
        }
    }
    for (unsigned k = 0; k < FILE_STRIDE; k += 4) {
        uint64_t key = load8(page + k);
        if (!key)
            continue;
        size_t h = mix64(key) & ix->mask;
        while (ix->slot[h].used && ix->slot[h].key != key)
            h = (h + 1) & ix->mask;
        if (!ix->slot[h].used || ix->slot[h].off < k)
            continue;
        const ser_file_t *f = &files[ix->slot[h].file];
        size_t off = ix->slot[h].off - k;
        if (off + SER_PAGE <= f->size && memcmp(page, f->data + off, SER_PAGE) == 0) {
            *last_file = ix->slot[h].file;
            *last_off = off;
            return true;
        }
    }
    return false;
}

/* A hash of 32 words spread over the page: equal pages hash equal, and a compare confirms
 * every match (hashing whole pages would cost a few ms of a save's budget). */
static uint64_t page_sample_hash(const uint8_t *q, size_t len)
{
    uint64_t h = len;
    size_t step = len / 32 & ~(size_t)7;
    if (!step)
        return ser_fnv(h, q, len);
    for (size_t i = 0; i + 8 <= len; i += step)
        h = mix64(h ^ load8(q + i)) + i;
    return h;
}

/* Classifies every page for a save: zero, a page of a file, a copy of an earlier page (by
 * content hash, confirmed by a compare), else literal. */
static bool map_build(page_map_t *m, const ser_t *s, const uint8_t *p, size_t n)
{
    size_t pages = (n + SER_PAGE - 1) / SER_PAGE;
    if (!map_alloc(m, pages))
        return false;
    size_t cap = 64;
    while (cap < 2 * pages)
        cap *= 2;
    uint64_t *seen_hash = malloc(cap * sizeof *seen_hash);
    uint32_t *seen_page = malloc(cap * sizeof *seen_page); /* page + 1; 0: empty */
    if (!seen_hash || !seen_page) {
        free(seen_hash);
        free(seen_page);
        return false;
    }
    memset(seen_page, 0, cap * sizeof *seen_page);
    file_index_t ix;
    file_index_build(&ix, s->files, s->nfiles);
    unsigned last_file = UINT32_MAX;
    size_t last_off = 0;
    for (size_t i = 0; i < pages; i++) {
        size_t off = i * SER_PAGE, len = n - off < SER_PAGE ? n - off : SER_PAGE;
        const uint8_t *q = p + off;
        m->kind[i] = PAGE_LITERAL;
        m->arg[i] = 0;
        m->file[i] = 0;
        if (all_zero(q, len)) {
            m->kind[i] = PAGE_ZERO;
            continue;
        }
        size_t foff;
        if (len == SER_PAGE && (foff = last_off, file_find(&ix, s->files, q, &last_file, &foff))) {
            last_off = foff;
            m->kind[i] = PAGE_FILE;
            m->file[i] = (uint8_t)last_file;
            m->arg[i] = (uint32_t)foff;
            continue;
        }
        last_file = UINT32_MAX;
        uint64_t h = page_sample_hash(q, len);
        size_t slot = mix64(h) & (cap - 1);
        for (; seen_page[slot]; slot = (slot + 1) & (cap - 1)) {
            size_t j = seen_page[slot] - 1;
            if (seen_hash[slot] == h && memcmp(p + j * SER_PAGE, q, len) == 0) {
                m->kind[i] = PAGE_COPY;
                m->arg[i] = (uint32_t)j;
                break;
            }
        }
        if (m->kind[i] == PAGE_COPY)
            continue;
        seen_hash[slot] = h;
        seen_page[slot] = (uint32_t)i + 1;
        m->literal_pages++;
        m->literal_bytes += len;
    }
    free(ix.slot);
    free(seen_hash);
    free(seen_page);
    return true;
}

static void map_visit(ser_t *s, page_map_t *m, size_t n)
{
    for (size_t i = 0; i < m->pages && ser_ok(s); i++) {
        size_t len = n - i * SER_PAGE < SER_PAGE ? n - i * SER_PAGE : SER_PAGE;
        ser_u8(s, &m->kind[i]);
        if (!ser_ok(s))
            return;
        switch (m->kind[i]) {
        case PAGE_ZERO:
            break;
        case PAGE_LITERAL:
            if (ser_loading(s)) {
                m->literal_pages++;
                m->literal_bytes += len;
            }
            break;
        case PAGE_COPY:
            ser_u32(s, &m->arg[i]);
            if (ser_loading(s) && ser_ok(s) && m->arg[i] >= i)
                ser_fail(s, "memory page %zu is a copy of page %u, not an earlier one", i, m->arg[i]);
            break;
        case PAGE_FILE: {
            ser_u8(s, &m->file[i]);
            ser_u32(s, &m->arg[i]);
            if (!ser_loading(s) || !ser_ok(s))
                break;
            if (m->file[i] >= s->nfiles)
                ser_fail(s, "memory page %zu refers to file %u; the state names %u", i, m->file[i], s->nfiles);
            else if (len != SER_PAGE || (uint64_t)m->arg[i] + SER_PAGE > s->files[m->file[i]].size)
                ser_fail(s, "memory page %zu refers to bytes beyond the end of its file", i);
            break;
        }
        default:
            ser_fail(s, "memory page %zu has kind %u (0 to %u)", i, m->kind[i], PAGE_KINDS - 1);
        }
    }
}

static void memory_save(ser_t *s, const uint8_t *p, size_t n)
{
    page_map_t m;
    if (!map_build(&m, s, p, n)) {
        map_free(&m);
        ser_fail(s, "out of memory");
        return;
    }
    map_visit(s, &m, n);
    uint32_t count = (uint32_t)m.literal_pages;
    ser_u32(s, &count);
    size_t bound = ZSTD_compressBound(m.literal_bytes);
    uint64_t clen = 0;
    size_t len_at = s->len;
    ser_u64(s, &clen);
    if (!ser_ok(s) || !m.literal_pages || !ser_grow(s, bound)) {
        map_free(&m);
        return;
    }
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    if (!cc) {
        map_free(&m);
        ser_fail(s, "out of memory");
        return;
    }
    ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, ZSTD_LEVEL);
    ZSTD_CCtx_setPledgedSrcSize(cc, m.literal_bytes);
    ZSTD_outBuffer out = {s->buf + s->len, bound, 0};
    size_t r = 0;
    for (size_t i = 0; i < m.pages && !ZSTD_isError(r); i++) {
        if (m.kind[i] != PAGE_LITERAL)
            continue;
        size_t off = i * SER_PAGE;
        ZSTD_inBuffer in = {p + off, n - off < SER_PAGE ? n - off : SER_PAGE, 0};
        while (in.pos < in.size && !ZSTD_isError(r))
            r = ZSTD_compressStream2(cc, &out, &in, ZSTD_e_continue);
    }
    ZSTD_inBuffer none = {NULL, 0, 0};
    do
        r = ZSTD_isError(r) ? r : ZSTD_compressStream2(cc, &out, &none, ZSTD_e_end);
    while (r && !ZSTD_isError(r));
    ZSTD_freeCCtx(cc);
    map_free(&m);
    if (ZSTD_isError(r)) {
        ser_fail(s, "compressing memory: %s", ZSTD_getErrorName(r));
        return;
    }
    s->len += out.pos;
    s->pos = s->len;
    put_u64(s->buf + len_at, out.pos);
}

/* Decompresses the next `len` bytes of the frame into dst (a scratch page when checking). */
static bool inflate_page(ser_t *s, ZSTD_DCtx *dc, ZSTD_inBuffer *in, uint8_t *dst, size_t len, size_t page,
                         size_t *last)
{
    ZSTD_outBuffer out = {dst, len, 0};
    while (out.pos < out.size) {
        size_t before_in = in->pos, before_out = out.pos;
        size_t r = *last = ZSTD_decompressStream(dc, &out, in);
        if (ZSTD_isError(r)) {
            ser_fail(s, "memory page %zu: %s", page, ZSTD_getErrorName(r));
            return false;
        }
        if (out.pos < out.size && ((r == 0) || (in->pos == before_in && out.pos == before_out))) {
            ser_fail(s, "memory page %zu: the compressed pages end early", page);
            return false;
        }
    }
    return true;
}

static void memory_load(ser_t *s, uint8_t *p, size_t n)
{
    page_map_t m;
    if (!map_alloc(&m, (n + SER_PAGE - 1) / SER_PAGE)) {
        map_free(&m);
        ser_fail(s, "out of memory");
        return;
    }
    map_visit(s, &m, n);
    uint32_t count = 0;
    uint64_t clen = 0;
    ser_u32(s, &count);
    ser_u64(s, &clen);
    const uint8_t *src = ser_peek(s, 0);
    size_t end = s->tag[0] ? s->section_start : s->len;
    if (ser_ok(s) && count != m.literal_pages)
        ser_fail(s, "%u compressed memory pages; the page map has %zu", count, m.literal_pages);
    else if (ser_ok(s) && (clen > end - s->pos || (!count && clen)))
        ser_fail(s, "compressed memory of %llu bytes; the section holds %zu",
                 (unsigned long long)clen, end - s->pos);
    ZSTD_DCtx *dc = NULL;
    if (ser_ok(s) && count && !(dc = ZSTD_createDCtx()))
        ser_fail(s, "out of memory");
    if (dc)
        ZSTD_DCtx_setParameter(dc, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX);
    ZSTD_inBuffer in = {src, ser_ok(s) ? (size_t)clen : 0, 0};
    uint8_t scratch[SER_PAGE];
    size_t last = 0; /* zstd's last answer: 0 once the frame has ended */
    for (size_t i = 0; i < m.pages && ser_ok(s); i++) {
        size_t off = i * SER_PAGE, len = n - off < SER_PAGE ? n - off : SER_PAGE;
        uint8_t *dst = p ? p + off : scratch;
        switch (m.kind[i]) {
        case PAGE_ZERO:
            if (p && !all_zero(dst, len))
                memset(dst, 0, len); /* a page already zero stays untouched (and unfaulted) */
            break;
        case PAGE_LITERAL:
            inflate_page(s, dc, &in, dst, len, i, &last);
            break;
        case PAGE_COPY:
            if (p)
                memcpy(dst, p + (size_t)m.arg[i] * SER_PAGE, len);
            break;
        case PAGE_FILE:
            if (p)
                memcpy(dst, s->files[m.file[i]].data + m.arg[i], len);
            break;
        }
    }
    if (ser_ok(s) && count) { /* the frame must end with the last page */
        uint8_t extra;
        ZSTD_outBuffer out = {&extra, 1, 0};
        size_t r = last ? ZSTD_decompressStream(dc, &out, &in) : 0;
        if (ZSTD_isError(r) || r != 0 || out.pos || in.pos != in.size)
            ser_fail(s, "the compressed memory does not end with its last page");
    }
    ZSTD_freeDCtx(dc);
    map_free(&m);
    if (ser_ok(s))
        s->pos += (size_t)clen;
}

void ser_memory(ser_t *s, uint8_t *p, size_t n)
{
    if (s->failed)
        return;
    switch (s->mode) {
    case SER_SAVE:
        memory_save(s, p, n);
        break;
    case SER_LOAD:
        memory_load(s, p, n);
        break;
    case SER_SIZE: /* at most: the map with the largest entries and the frame's bound */
        s->pos += ((n + SER_PAGE - 1) / SER_PAGE) * 6 + 12 + ZSTD_compressBound(n);
        break;
    case SER_HASH:
        ser_bytes(s, p, n);
        break;
    }
}
