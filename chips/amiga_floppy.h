/* Amiga 3.5" double-density floppy drive (DF0-DF3) with its disk as an ADF image.
 * References: Amiga Hardware Reference Manual 3rd ed. (HRM) ch. 8 "Disk subsystem" and
 * appendix E (CIA-A/CIA-B disk signals); the AmigaDOS track format from the AmigaDOS Technical
 * Reference Manual ("Disk format": 11 sectors of 0xAAAA 0xAAAA 0x4489 0x4489, odd/even-split info
 * long, 16-byte label, header and data checksums, 512 data bytes).
 *
 * Rotation: 300 rpm. A track is word slots of 16 MFM cells (Paula's PAULA_DISK_WORD_TICKS);
 * FLOPPY_TRACK_WORDS of them make one 200 ms revolution, the index hole at word 0.
 * All drives rotate in phase with the master clock (slot = tick / word time), which is as good
 * as any phase a real drive would have.
 *
 * The drive sees CIA-B port B (/MTR, /SEL0-3, /SIDE, DIR, /STEP) through floppy_control() and
 * drives CIA-A port A's /RDY, /TK0, /WPRO, /CHNG (floppy_status()) while selected. Tracks are
 * MFM-encoded from the ADF when the head reaches them, and decoded back into the image when the
 * head leaves a track that was written; the image goes back to its file (temp + rename) on
 * floppy_flush()/floppy_eject(). Images inside zip or gzip (.adz) are write-protected. */
#ifndef ARCANA_AMIGA_FLOPPY_H
#define ARCANA_AMIGA_FLOPPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chips/chip_log.h"

#define FLOPPY_CYLS 80
#define FLOPPY_SECTORS 11
#define FLOPPY_ADF_SIZE (FLOPPY_CYLS * 2 * FLOPPY_SECTORS * 512) /* 901120 */
#define FLOPPY_TRACK_BYTES (FLOPPY_SECTORS * 512)    /* one side of a cylinder in the ADF */
#define FLOPPY_TRACK_WORDS 6334u      /* 200 ms / (16 cells of 1.97 us): 12668 bytes */
#define FLOPPY_SECTOR_WORDS 544u      /* 1088 bytes per sector */

/* CIA-A PRA bits the drive drives (active low). */
enum { FLOPPY_CHNG = 0x04, FLOPPY_WPRO = 0x08, FLOPPY_TK0 = 0x10, FLOPPY_RDY = 0x20 };
/* CIA-B PRB bits. */
enum { FLOPPY_STEP = 0x01, FLOPPY_DIR = 0x02, FLOPPY_SIDE = 0x04, FLOPPY_SEL0 = 0x08, FLOPPY_MTR = 0x80 };

typedef struct amiga_floppy {
    int unit;                /* 0..3: which /SELx selects it */
    bool connected;
    uint64_t ticks_per_second;
    chip_log_t log;          /* set by the machine after floppy_init: recovered-image notes */
    /* mechanics */
    bool selected, motor;
    uint64_t motor_on_at;
    unsigned cyl;
    bool upper;              /* /SIDE low: upper head (side 1) */
    uint8_t last_prb;
    bool changed;            /* /CHNG latched low: no disk since the last step */
    /* medium */
    bool inserted, write_protected, writable_file, image_dirty;
    bool track_dirty[FLOPPY_ADF_SIZE / FLOPPY_TRACK_BYTES]; /* tracks changed since the last write-back */
    char path[1024];
    uint8_t adf[FLOPPY_ADF_SIZE];
    bool sha1_valid;         /* sha1 is adf's SHA-1 (save states; cleared when adf changes) */
    uint8_t sha1[20];
    /* the track under the head, MFM */
    int mfm_track;           /* cyl*2+side encoded in mfm[], -1 none */
    bool mfm_written;
    /* Host-side write-back pacing (not machine state): the disk was written since the last
     * floppy_sync, and how many syncs in a row have found it still being written. */
    bool written_since_sync;
    uint8_t busy_syncs;
    uint16_t mfm[FLOPPY_TRACK_WORDS];
} amiga_floppy_t;

void floppy_init(amiga_floppy_t *f, int unit, bool connected, uint64_t ticks_per_second);
/* Loads an ADF (plain, .adz/.gz, or the single .adf inside a zip). 0, or -1 with a message. */
int floppy_insert(amiga_floppy_t *f, const char *path, char *err, size_t errlen);
/* Writes back (when written) and removes the disk. */
int floppy_eject(amiga_floppy_t *f, char *err, size_t errlen);
/* Writes the changed tracks back to the image file, in place and crash-safe
 * (hostfs/safewrite.h), including the track under the head. */
int floppy_flush(amiga_floppy_t *f, char *err, size_t errlen);
/* A write DMA ended (Paula): what it wrote is decoded into the image in memory. */
void floppy_write_end(amiga_floppy_t *f);
/* The same as floppy_flush while the machine runs, called every FLUSH_INTERVAL of host time:
 * changed tracks go to the file once an interval passed without writes (the file system's
 * burst is over, so its files are whole), or at the second busy interval at the latest. */
int floppy_sync(amiga_floppy_t *f, char *err, size_t errlen);
/* CIA-B port B changed (its output levels). */
void floppy_control(amiga_floppy_t *f, uint8_t prb, uint64_t now);
/* CIA-A port A levels of the disk lines (bits FLOPPY_*, others 1): all high unless selected. */
uint8_t floppy_status(const amiga_floppy_t *f, uint64_t now);
/* Spinning with a disk: an index pulse at every revolution. */
bool floppy_spinning(const amiga_floppy_t *f);
uint16_t floppy_read_word(amiga_floppy_t *f, uint64_t slot);
void floppy_write_word(amiga_floppy_t *f, uint64_t slot, uint16_t word);

/* Track codec (also used by tests and tools). `track` = cyl*2 + side. */
void floppy_encode_track(const uint8_t *adf, unsigned track, uint16_t *mfm);
/* Decodes every good sector of `track` found in mfm into adf; returns how many. */
int floppy_decode_track(const uint16_t *mfm, unsigned track, uint8_t *adf);

typedef struct ser ser_t;
/* A drive and its disk for a save state (machines/state.h). The disk is kept by path and SHA-1
 * with its contents: a load over another disk (or the same one changed) fails, unless
 * state_disks (--state-disks), when the state's contents replace it and are written back. */
void floppy_serialize(amiga_floppy_t *f, ser_t *s, bool state_disks);
/* SHA-1 of the disk as it will reach its file: the ADF with the track under the head decoded
 * if the drive wrote to it (what floppy_flush would write); cached while the ADF is unchanged. */
void floppy_sha1(amiga_floppy_t *f, uint8_t digest[20]);

#endif
