/* Save states (issue 16): one visitor, ser_t, walks a machine's state for every purpose —
 * saving it to a buffer, loading it back, measuring its size and hashing it — so what is saved,
 * what is loaded and what is compared can never drift apart.
 *
 * A chip offers `x_serialize(x_t *, ser_t *)` and calls ser_* on each field that is state (not
 * configuration, not pointers). On load every value is checked as it is read: bools must be 0
 * or 1, indexes and counts must fit the arrays they index (SER_MAX), enums their range; the
 * first problem stops the load with one line naming the section and the field. Loads go into a
 * scratch copy of the machine first (the machine's own business), so a refused state leaves the
 * running machine unchanged.
 *
 * File format (all integers little-endian):
 *   "ARCSTATE"  u32 format version  u8[16] machine name (NUL-padded)
 *   sections:   u8[4] tag  u32 section version  u64 payload length  payload
 *   trailer:    "END!"  u32 0  u64 8  u64 FNV-1a 64 of every byte before this value */
#ifndef ARCANA_STATE_H
#define ARCANA_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machines/sched.h"

/* 2: memory as a page map (zero, literal, duplicate, a page of a file the machine loaded) and
 * the literal pages zstd-compressed. */
#define STATE_FORMAT_VERSION 2u
#define STATE_MAGIC "ARCSTATE"
#define STATE_NAME_LEN 16

typedef enum ser_mode {
    SER_SAVE,   /* values are appended to buf */
    SER_LOAD,   /* values are read from buf and checked */
    SER_SIZE,   /* only pos advances: the size a save would have */
    SER_HASH,   /* values are hashed (FNV-1a 64) without being stored */
} ser_mode_t;

/* A file the machine loaded into its memory (a kernel, an initrd): a memory page equal to a
 * page of it is saved as a reference (the machine names the file by path and hash in a section
 * of its own, and refuses a state whose file changed). */
typedef struct ser_file {
    const uint8_t *data;
    size_t size;
} ser_file_t;
#define SER_MAX_FILES 4

typedef struct ser {
    ser_mode_t mode;
    const ser_file_t *files; /* borrowed, nfiles of them (none: no references) */
    unsigned nfiles;
    uint8_t *buf;            /* SER_SAVE: owned, grows; SER_LOAD: borrowed input */
    size_t cap, len, pos;
    uint64_t hash;
    bool failed;
    char err[256];
    char tag[5];             /* section being visited, for messages */
    size_t section_start;    /* SER_SAVE: where the length field is; SER_LOAD: payload end */
    uint32_t section_version;
} ser_t;

void ser_init(ser_t *s, ser_mode_t mode);
/* Reads from `len` bytes at buf (borrowed). */
void ser_init_load(ser_t *s, const uint8_t *buf, size_t len);
void ser_free(ser_t *s);
/* SER_SAVE: room for n more bytes at once (an upper bound of the state's size saves growing the
 * buffer by copies; pages never written are never touched). */
void ser_reserve(ser_t *s, size_t n);
static inline bool ser_loading(const ser_t *s) { return s->mode == SER_LOAD; }
static inline bool ser_ok(const ser_t *s) { return !s->failed; }
/* Marks the visit failed with a one-line reason (the first failure is kept). */
void ser_fail(ser_t *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void ser_bytes(ser_t *s, void *p, size_t n);
/* Memory (RAM, disk contents): a map with a byte per page of SER_PAGE bytes, what the page is
 * (zero; literal; a copy of an earlier page, u32 index; a page of s->files, u8 file, u32
 * offset), then the literal pages as one zstd frame (u32 count, u64 length, bytes). The unused
 * part of a machine's memory costs a byte per page, a loaded kernel's untouched pages 6 bytes.
 * Loading with p NULL checks the encoding and decompresses without storing (a validating pass
 * that must not touch the running machine's memory); the output is bounded by n either way. */
#define SER_PAGE 4096u
void ser_memory(ser_t *s, uint8_t *p, size_t n);
/* SER_LOAD: the next n bytes of the input, not consumed (NULL if there are fewer). */
const uint8_t *ser_peek(const ser_t *s, size_t n);
void ser_u8(ser_t *s, uint8_t *v);
void ser_u16(ser_t *s, uint16_t *v);
void ser_u32(ser_t *s, uint32_t *v);
void ser_u64(ser_t *s, uint64_t *v);
/* A bool is one byte, 0 or 1 (anything else fails the load, without ever loading a bad bool). */
void ser_bool(ser_t *s, bool *v);
static inline void ser_i8(ser_t *s, int8_t *v) { ser_u8(s, (uint8_t *)v); }
static inline void ser_i16(ser_t *s, int16_t *v) { ser_u16(s, (uint16_t *)v); }
static inline void ser_i32(ser_t *s, int32_t *v) { ser_u32(s, (uint32_t *)v); }
static inline void ser_i64(ser_t *s, int64_t *v) { ser_u64(s, (uint64_t *)v); }
void ser_float(ser_t *s, float *v); /* as its bits; NaN and infinities fail the load */
void ser_u16s(ser_t *s, uint16_t *v, size_t n);
void ser_u32s(ser_t *s, uint32_t *v, size_t n);
void ser_bools(ser_t *s, bool *v, size_t n);

/* Any integer or bool field by its type. */
#define SER(s, x)                                                                               \
    _Generic((x), bool: ser_bool, uint8_t: ser_u8, int8_t: ser_i8, uint16_t: ser_u16,           \
             int16_t: ser_i16, uint32_t: ser_u32, int32_t: ser_i32, uint64_t: ser_u64,          \
             int64_t: ser_i64, float: ser_float)(s, &(x))
/* An unsigned field that indexes or counts: a loaded value above max fails the load. */
#define SER_MAX(s, x, max)                                                                      \
    do {                                                                                        \
        SER(s, x);                                                                              \
        if ((s)->mode == SER_LOAD && !(s)->failed && (uint64_t)(x) > (uint64_t)(max))           \
            ser_fail(s, "%s is %llu, at most %llu", #x, (unsigned long long)(x),                \
                     (unsigned long long)(max));                                                \
    } while (0)
/* An enum field (stored as u32) whose values run 0..max. */
#define SER_ENUM(s, x, max)                                                                     \
    do {                                                                                        \
        uint32_t ser_e_ = (uint32_t)(x);                                                        \
        ser_u32(s, &ser_e_);                                                                    \
        if ((s)->mode == SER_LOAD && !(s)->failed) {                                            \
            if (ser_e_ > (uint32_t)(max))                                                       \
                ser_fail(s, "%s is %u, at most %u", #x, ser_e_, (unsigned)(max));               \
            else                                                                                \
                (x) = (__typeof__(x))ser_e_;                                                    \
        }                                                                                       \
    } while (0)
/* A loaded value must equal what this machine's configuration says. */
#define SER_EXPECT(s, x, what)                                                                  \
    do {                                                                                        \
        __typeof__(x) ser_x_ = (x);                                                             \
        SER(s, ser_x_);                                                                         \
        if ((s)->mode == SER_LOAD && !(s)->failed && ser_x_ != (x))                             \
            ser_fail(s, "saved with %s %llu, this machine has %llu", what,                      \
                     (unsigned long long)ser_x_, (unsigned long long)(x));                      \
    } while (0)

/* A chip's own deadline (not a scheduler event): a pending flag, then the time (0 when not
 * pending, so that equal machines save equal bytes). A loaded pending time must lie within
 * max_ahead ticks of now, either way: far ahead would stall the chip, far behind would have a
 * periodic one catch up a period at a time. */
void ser_deadline(ser_t *s, bool *pending, uint64_t *when, uint64_t now, uint64_t max_ahead);

/* Sections: everything between ser_begin and ser_end is one tagged, versioned, sized record.
 * On load the tag must be the one expected and the version one this build reads
 * (1..max_version; the version read is left in s->section_version). */
void ser_begin(ser_t *s, const char tag[4], uint32_t version);
void ser_end(ser_t *s);

/* A machine's scheduler: its time and its pending events in queue order (equal times keep
 * their order). `events` lists every event the machine owns, in a fixed order; on load the
 * queue is rebuilt from them. Pending events must fall within max_ahead ticks of the time. */
void ser_sched(ser_t *s, sched_t *q, sched_event_t *const *events, unsigned n, uint64_t max_ahead);

/* Whole files. The header names the machine type; the trailer carries the checksum. */
void ser_file_begin(ser_t *s, const char *machine_name);
void ser_file_end(ser_t *s);
/* Checks magic, format version, machine name and checksum of a file read whole into buf
 * (before any section is visited); false with s->err set. */
bool ser_file_check(ser_t *s, const char *machine_name);
/* Writes s->buf to path through a temp file and rename; 0 or -1 with a line in err. */
int ser_write_file(const ser_t *s, const char *path, char *err, size_t errlen);
/* Ends a save visit: writes the file if the visit succeeded, else puts its error in err as
 * "save state PATH: ..."; frees s either way. 0 or -1. */
int ser_finish_save(ser_t *s, const char *path, char *err, size_t errlen);
uint64_t ser_fnv(uint64_t h, const void *p, size_t n);

#endif
