/* Writing a user's disk image back without ever losing it (issue 18).
 *
 * The changed bytes go into the file itself, in place, so the file the user gave keeps what
 * makes it theirs: a symlink keeps pointing at it (the real file is written), its mode and
 * owner stay, and so do its hard links. To stay crash-safe the bytes first go to a journal
 * beside the real file ("NAME.arcana-journal", fsynced, closed by a checksum); only then is the
 * image written and fsynced, and the journal removed. A journal found later (a kill, a power
 * cut) is replayed when the image is next opened, or, if it was cut short itself, discarded:
 * the image is then either all old or all new, never torn. */
#ifndef ARCANA_SAFEWRITE_H
#define ARCANA_SAFEWRITE_H

#include <stddef.h>
#include <stdint.h>

typedef struct safewrite_range {
    uint64_t offset;
    const uint8_t *data;
    size_t len;
} safewrite_range_t;

#define SAFEWRITE_JOURNAL_SUFFIX ".arcana-journal"

#define SAFEWRITE_KEEP_SIZE UINT64_MAX

/* Writes the ranges into the existing regular file `path` as described above, then makes the
 * file `size` bytes long (SAFEWRITE_KEEP_SIZE: as it is). 0, or -1 with a one-line message
 * naming the file (the image is then unchanged or completed by recovery). */
int safewrite_ranges(const char *path, const safewrite_range_t *ranges, int count, uint64_t size, char *err,
                     size_t errlen);

/* Before an image is read: completes or discards a journal an interrupted write-back left, and
 * removes the temp files earlier versions of Arcana left beside it (NAME.tmp, NAME.tmp-PID of
 * a process that is gone). Returns 0 with `note` empty or one line saying what was done, or -1
 * with a message. */
int safewrite_recover(const char *path, char *note, size_t notelen, char *err, size_t errlen);

/* For output paths (screenshots, save states, sound, reports): refuses, with one line, a path
 * that exists and is not a regular file (a device, FIFO or folder is never replaced). */
int safewrite_check_output(const char *option, const char *path, char *err, size_t errlen);

#endif
