#include "chips/amiga_floppy.h"

#include "hostfs/safewrite.h"
#include "machines/state.h"
#include "roms/sha1.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "roms/archive.h"

#define SYNC_WORD 0x4489
#define SPINUP_MS 100u /* motor on to /RDY low */

void floppy_init(amiga_floppy_t *f, int unit, bool connected, uint64_t ticks_per_second)
{
    memset(f, 0, sizeof *f);
    f->unit = unit;
    f->connected = connected;
    f->ticks_per_second = ticks_per_second ? ticks_per_second : 28375160;
    f->changed = true;
    f->mfm_track = -1;
    f->last_prb = 0xFF;
}

/* ---- MFM codec (AmigaDOS track format) ---- */

typedef struct enc {
    uint16_t *out;
    unsigned n;
    uint16_t prev;
} enc_t;

/* Adds clock bits to a word whose data bits sit in the 0x5555 positions: a clock bit is 1 only
   between two 0 data bits (MFM). */
static void put_data(enc_t *e, uint16_t d)
{
    d &= 0x5555;
    uint16_t clocks = (uint16_t)(~((d << 1) | (d >> 1) | ((e->prev & 1) << 15)) & 0xAAAA);
    e->prev = (uint16_t)(d | clocks);
    e->out[e->n++] = e->prev;
}

static void put_raw(enc_t *e, uint16_t w)
{
    e->prev = w;
    e->out[e->n++] = w;
}

static void put_long_data(enc_t *e, uint32_t l)
{
    put_data(e, (uint16_t)(l >> 16));
    put_data(e, (uint16_t)l);
}

static uint32_t get_be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/* Odd bits of each long first, then even bits (AmigaDOS "odd/even" split). */
static uint32_t put_split(enc_t *e, const uint32_t *longs, unsigned count)
{
    uint32_t sum = 0;
    for (unsigned i = 0; i < count; i++) {
        uint32_t o = (longs[i] >> 1) & 0x55555555u;
        sum ^= o;
        put_long_data(e, o);
    }
    for (unsigned i = 0; i < count; i++) {
        uint32_t ev = longs[i] & 0x55555555u;
        sum ^= ev;
        put_long_data(e, ev);
    }
    return sum;
}

void floppy_encode_track(const uint8_t *adf, unsigned track, uint16_t *mfm)
{
    enc_t e = {.out = mfm, .n = 0, .prev = 0xAAAA};
    for (unsigned s = 0; s < FLOPPY_SECTORS; s++) {
        const uint8_t *src = adf + ((size_t)track * FLOPPY_SECTORS + s) * 512;
        put_data(&e, 0);
        put_data(&e, 0);
        put_raw(&e, SYNC_WORD);
        put_raw(&e, SYNC_WORD);
        uint32_t hdr[5] = {0xFF000000u | track << 16 | s << 8 | (FLOPPY_SECTORS - s), 0, 0, 0, 0};
        /* info (1 long) and label (4 longs) are split separately; one checksum covers both. */
        uint32_t hsum = put_split(&e, hdr, 1);
        hsum ^= put_split(&e, hdr + 1, 4);
        uint32_t data[128];
        uint32_t dsum = 0;
        for (unsigned i = 0; i < 128; i++) {
            data[i] = get_be32(src + 4 * i);
            dsum ^= ((data[i] >> 1) ^ data[i]) & 0x55555555u;
        }
        put_split(&e, &hsum, 1);
        put_split(&e, &dsum, 1);
        put_split(&e, data, 128);
    }
    while (e.n < FLOPPY_TRACK_WORDS)
        put_data(&e, 0);
}

static uint32_t mfm_long(const uint16_t *mfm, unsigned pos)
{
    return (uint32_t)mfm[pos % FLOPPY_TRACK_WORDS] << 16 | mfm[(pos + 1) % FLOPPY_TRACK_WORDS];
}

/* Decodes the odd/even pair of longs at word pos (odd) and pos + 2*stride (even). */
static uint32_t decode_pair(const uint16_t *mfm, unsigned pos, unsigned stride)
{
    uint32_t o = mfm_long(mfm, pos) & 0x55555555u, ev = mfm_long(mfm, pos + 2 * stride) & 0x55555555u;
    return o << 1 | ev;
}

static uint32_t xor_range(const uint16_t *mfm, unsigned pos, unsigned longs)
{
    uint32_t sum = 0;
    for (unsigned i = 0; i < longs; i++)
        sum ^= mfm_long(mfm, pos + 2 * i) & 0x55555555u;
    return sum;
}

int floppy_decode_track(const uint16_t *mfm, unsigned track, uint8_t *adf)
{
    int found = 0;
    for (unsigned i = 0; i < FLOPPY_TRACK_WORDS; i++) {
        if (mfm[i] != SYNC_WORD || mfm[(i + 1) % FLOPPY_TRACK_WORDS] == SYNC_WORD)
            continue;
        unsigned p = i + 1; /* first word after the sync mark */
        uint32_t info = decode_pair(mfm, p, 1);
        unsigned sector = (info >> 8) & 0xFF;
        if ((info >> 24) != 0xFF || ((info >> 16) & 0xFF) != track || sector >= FLOPPY_SECTORS)
            continue;
        uint32_t hsum = xor_range(mfm, p, 2) ^ xor_range(mfm, p + 4, 8);
        if (decode_pair(mfm, p + 20, 1) != hsum)
            continue;
        uint32_t dsum = decode_pair(mfm, p + 24, 1);
        if (xor_range(mfm, p + 28, 256) != dsum)
            continue;
        uint8_t *dst = adf + ((size_t)track * FLOPPY_SECTORS + sector) * 512;
        for (unsigned k = 0; k < 128; k++) {
            uint32_t v = decode_pair(mfm, p + 28 + 2 * k, 128);
            dst[4 * k] = (uint8_t)(v >> 24);
            dst[4 * k + 1] = (uint8_t)(v >> 16);
            dst[4 * k + 2] = (uint8_t)(v >> 8);
            dst[4 * k + 3] = (uint8_t)v;
        }
        found++;
    }
    return found;
}

/* ---- the track under the head ---- */

static unsigned head_track(const amiga_floppy_t *f) { return f->cyl * 2 + (f->upper ? 1 : 0); }

/* Decodes what was written to the track under the head into the image. Only sectors whose
 * header and data checksums hold are taken, so a sector the DMA is still writing keeps its old
 * contents: the image never holds a torn sector. The MFM buffer stays loaded. */
static void commit_track(amiga_floppy_t *f)
{
    if (f->mfm_track >= 0 && f->mfm_written) {
        floppy_decode_track(f->mfm, (unsigned)f->mfm_track, f->adf);
        f->sha1_valid = false;
        f->image_dirty = true;
        f->track_dirty[f->mfm_track] = true;
    }
    f->mfm_written = false;
}

static void leave_track(amiga_floppy_t *f)
{
    commit_track(f);
    f->mfm_track = -1;
}

static void load_track(amiga_floppy_t *f)
{
    unsigned t = head_track(f);
    if (f->mfm_track == (int)t)
        return;
    leave_track(f);
    if (t < FLOPPY_CYLS * 2)
        floppy_encode_track(f->adf, t, f->mfm);
    else
        memset(f->mfm, 0, sizeof f->mfm); /* beyond the formatted area: no flux */
    f->mfm_track = (int)t;
}

bool floppy_spinning(const amiga_floppy_t *f) { return f->connected && f->motor && f->inserted; }

uint16_t floppy_read_word(amiga_floppy_t *f, uint64_t slot)
{
    if (!floppy_spinning(f))
        return 0;
    load_track(f);
    return f->mfm[slot % FLOPPY_TRACK_WORDS];
}

void floppy_write_word(amiga_floppy_t *f, uint64_t slot, uint16_t word)
{
    if (!floppy_spinning(f) || f->write_protected)
        return;
    load_track(f);
    f->mfm[slot % FLOPPY_TRACK_WORDS] = word;
    f->mfm_written = true;
    f->written_since_sync = true;
}

/* ---- mechanics (HRM ch. 8 "Disk subsystem", appendix E) ---- */

void floppy_control(amiga_floppy_t *f, uint8_t prb, uint64_t now)
{
    uint8_t old = f->last_prb;
    f->last_prb = prb;
    bool sel = !(prb & (FLOPPY_SEL0 << f->unit));
    if (sel && !f->selected) {
        /* The motor line is latched when the drive is selected. */
        bool motor = !(prb & FLOPPY_MTR);
        if (motor && !f->motor)
            f->motor_on_at = now;
        f->motor = motor;
    }
    f->selected = sel;
    bool upper = !(prb & FLOPPY_SIDE);
    if (upper != f->upper) {
        leave_track(f);
        f->upper = upper;
    }
    /* A step pulse (falling /STEP) moves the selected drive's head: DIR high = outwards. */
    if (sel && f->connected && (old & FLOPPY_STEP) && !(prb & FLOPPY_STEP)) {
        leave_track(f);
        if (prb & FLOPPY_DIR) {
            if (f->cyl > 0)
                f->cyl--;
        } else if (f->cyl < FLOPPY_CYLS + 1) {
            f->cyl++;
        }
        if (f->inserted)
            f->changed = false; /* /CHNG resets on a step with a disk in */
    }
}

uint8_t floppy_status(const amiga_floppy_t *f, uint64_t now)
{
    if (!f->selected || !f->connected)
        return 0xFF;
    uint8_t v = 0xFF;
    /* Motor off: /RDY shows the drive ID bits, all ones (low) for a 3.5" DD drive (HRM ch. 8,
       "Drive identification"). Motor on: low once up to speed. */
    uint64_t spin = (uint64_t)SPINUP_MS * f->ticks_per_second / 1000;
    if (!f->motor || now - f->motor_on_at >= spin)
        v &= (uint8_t)~FLOPPY_RDY;
    if (f->cyl == 0)
        v &= (uint8_t)~FLOPPY_TK0;
    if (!f->inserted || f->write_protected)
        v &= (uint8_t)~FLOPPY_WPRO;
    if (f->changed)
        v &= (uint8_t)~FLOPPY_CHNG;
    return v;
}

/* ---- media ---- */

static bool adf_member(const char *name, uint64_t size, void *ctx)
{
    (void)ctx;
    size_t n = strlen(name);
    return size > 0 && n >= 4 && strcasecmp(name + n - 4, ".adf") == 0;
}

int floppy_insert(amiga_floppy_t *f, const char *path, char *err, size_t errlen)
{
    if (!f->connected) {
        snprintf(err, errlen, "%s: drive DF%d is not connected", path, f->unit);
        return -1;
    }
    uint8_t *data = NULL;
    size_t size = 0;
    char note[1200];
    if (safewrite_recover(path, note, sizeof note, err, errlen) != 0)
        return -1;
    if (note[0])
        chip_log(&f->log, "arcana: %s", note);
    if (archive_read(path, NULL, adf_member, NULL, 4u << 20, &data, &size, NULL, 0, err, errlen) != 0)
        return -1;
    if (size != FLOPPY_ADF_SIZE) {
        if (size == 2 * FLOPPY_ADF_SIZE)
            snprintf(err, errlen, "%s: high-density disk image (1760 KB); the A500's drive reads DD (880 KB) only", path);
        else
            snprintf(err, errlen, "%s: not an Amiga DD disk image (%zu bytes, expected %u)", path, size,
                     FLOPPY_ADF_SIZE);
        free(data);
        return -1;
    }
    if (f->inserted && floppy_eject(f, err, errlen) != 0) {
        free(data);
        return -1;
    }
    memcpy(f->adf, data, FLOPPY_ADF_SIZE);
    f->sha1_valid = false;
    free(data);
    snprintf(f->path, sizeof f->path, "%s", path);
    f->writable_file = !archive_is_container(path) && access(path, W_OK) == 0;
    f->write_protected = !f->writable_file;
    f->inserted = true;
    f->image_dirty = false;
    memset(f->track_dirty, 0, sizeof f->track_dirty);
    f->mfm_track = -1;
    f->mfm_written = false;
    return 0;
}

static int write_back(amiga_floppy_t *f, char *err, size_t errlen)
{
    if (!f->inserted || !f->image_dirty || !f->writable_file)
        return 0;
    enum { TRACKS = FLOPPY_ADF_SIZE / FLOPPY_TRACK_BYTES };
    safewrite_range_t r[TRACKS];
    int n = 0;
    for (int t = 0; t < TRACKS; t++)
        if (f->track_dirty[t])
            r[n++] = (safewrite_range_t){.offset = (uint64_t)t * FLOPPY_TRACK_BYTES,
                                         .data = f->adf + (size_t)t * FLOPPY_TRACK_BYTES, .len = FLOPPY_TRACK_BYTES};
    if (n && safewrite_ranges(f->path, r, n, SAFEWRITE_KEEP_SIZE, err, errlen) != 0)
        return -1;
    memset(f->track_dirty, 0, sizeof f->track_dirty);
    f->image_dirty = false;
    return 0;
}

int floppy_flush(amiga_floppy_t *f, char *err, size_t errlen)
{
    leave_track(f);
    return write_back(f, err, errlen);
}

void floppy_write_end(amiga_floppy_t *f) { commit_track(f); }

int floppy_sync(amiga_floppy_t *f, char *err, size_t errlen)
{
    /* While writes go on (a file system writes a file's blocks in a burst, on several tracks),
     * the image waits one interval: then its files are whole. The write-back comes at the
     * second busy interval at the latest, so a write reaches the file within about a second
     * however long the burst. */
    if (f->image_dirty && f->written_since_sync && ++f->busy_syncs < 2) {
        f->written_since_sync = false;
        return 0;
    }
    /* A write the DMA did not finish (aborted DSKLEN): taken once the track is quiet, only
     * its whole sectors (checksums hold). */
    if (!f->written_since_sync)
        commit_track(f);
    f->written_since_sync = false;
    f->busy_syncs = 0;
    return write_back(f, err, errlen);
}

int floppy_eject(amiga_floppy_t *f, char *err, size_t errlen)
{
    int rc = floppy_flush(f, err, errlen);
    f->inserted = false;
    f->changed = true;
    f->mfm_track = -1;
    return rc;
}

/* ---- save states (machines/state.h) ---- */

void floppy_sha1(amiga_floppy_t *f, uint8_t digest[20])
{
    if (!(f->mfm_track >= 0 && f->mfm_written)) {
        if (!f->sha1_valid) {
            sha1(f->adf, FLOPPY_ADF_SIZE, f->sha1);
            f->sha1_valid = true;
        }
        memcpy(digest, f->sha1, 20);
        return;
    }
    uint8_t *copy = malloc(FLOPPY_ADF_SIZE);
    if (!copy) {
        memset(digest, 0, 20);
        return;
    }
    memcpy(copy, f->adf, FLOPPY_ADF_SIZE);
    floppy_decode_track(f->mfm, (unsigned)f->mfm_track, copy);
    sha1(copy, FLOPPY_ADF_SIZE, digest);
    free(copy);
}

void floppy_serialize(amiga_floppy_t *f, ser_t *s, bool state_disks)
{
    SER_EXPECT(s, f->connected, "a drive connected as DF");
    SER(s, f->selected);
    SER(s, f->motor);
    SER(s, f->motor_on_at);
    SER_MAX(s, f->cyl, FLOPPY_CYLS + 1);
    SER(s, f->upper);
    SER(s, f->last_prb);
    SER(s, f->changed);
    bool inserted = f->inserted;
    SER(s, inserted);
    if (!ser_ok(s))
        return;
    if (ser_loading(s) && inserted != f->inserted) {
        ser_fail(s, inserted ? "saved with a disk in DF%d, which is empty now; insert it"
                             : "saved with DF%d empty; a disk is in it now", f->unit);
        return;
    }
    if (!inserted)
        return;
    /* The disk: by path (for the message) and content hash, and its contents (which replace
     * the inserted disk's only with --state-disks). */
    char path[sizeof f->path];
    snprintf(path, sizeof path, "%s", f->path);
    uint16_t plen = (uint16_t)strlen(path);
    SER_MAX(s, plen, sizeof path - 1);
    if (!ser_ok(s))
        return;
    ser_bytes(s, path, plen);
    path[plen] = 0;
    uint8_t saved[20], now[20];
    floppy_sha1(f, now);
    memcpy(saved, now, 20);
    ser_bytes(s, saved, 20);
    bool replaced = ser_loading(s) && ser_ok(s) && memcmp(saved, now, 20) != 0;
    if (replaced && !state_disks) {
        bool same_path = strcmp(path, f->path) == 0;
        ser_fail(s, "the disk in DF%d is not the one saved with the state (or has changed since)%s%s%s; insert that disk, "
                 "or give --state-disks to let the state's copy replace it", f->unit, same_path ? "" : " (saved with ",
                 same_path ? "" : path, same_path ? "" : ")");
        return;
    }
    /* The contents must be the ones the hash names: unchanged from the inserted disk (the usual
     * case, a compare), else hashed once loaded. */
    const uint8_t *next = ser_peek(s, 1 + FLOPPY_ADF_SIZE / FLOPPY_TRACK_BYTES + FLOPPY_ADF_SIZE);
    bool verify = ser_loading(s) && (!next || memcmp(next + 1 + FLOPPY_ADF_SIZE / FLOPPY_TRACK_BYTES, f->adf, FLOPPY_ADF_SIZE) != 0);
    SER(s, f->image_dirty);
    ser_bools(s, f->track_dirty, FLOPPY_ADF_SIZE / FLOPPY_TRACK_BYTES);
    ser_memory(s, f->adf, FLOPPY_ADF_SIZE);
    if (ser_loading(s))
        f->sha1_valid = false;
    int32_t track = f->mfm_track;
    SER(s, track);
    if (ser_loading(s) && ser_ok(s) && (track < -1 || track >= FLOPPY_CYLS * 2))
        ser_fail(s, "DF%d's track under the head is %d", f->unit, (int)track);
    f->mfm_track = track;
    SER(s, f->mfm_written);
    ser_u16s(s, f->mfm, FLOPPY_TRACK_WORDS);
    if (ser_loading(s) && ser_ok(s) && (verify || f->mfm_written)) {
        floppy_sha1(f, now);
        if (memcmp(saved, now, 20) != 0)
            ser_fail(s, "DF%d's contents do not match their hash (damaged)", f->unit);
    }
    if (ser_loading(s) && ser_ok(s) && replaced) { /* --state-disks: back to the inserted file */
        f->image_dirty = true;
        memset(f->track_dirty, 1, sizeof f->track_dirty);
    }
}
