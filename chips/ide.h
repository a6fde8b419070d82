/* ATA/IDE interface (one channel, master and slave) as behind the FDC37C665GT's IDE decode:
 * the task-file registers (ATA-4 §7: data, error/features, sector count, LBA low/mid/high,
 * device/head, status/command; device control and alternate status at 0x3f6) and hard-disc
 * image files of raw 512-byte sectors, addressed by CHS (with the IDENTIFY geometry or one
 * set by INITIALIZE DEVICE PARAMETERS) or LBA28. PIO only: commands complete at once, so the
 * device asserts DRQ/INTRQ as soon as a command is written. A selected device that is not
 * present reads as an undriven bus: 0x7f (DD7 pulled down, as ATA requires of hosts), so
 * software sees BSY clear and the task file not reading back, and finds no device. */
#ifndef ARCANA_IDE_H
#define ARCANA_IDE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ide_drive {
    FILE *f;
    bool present, readonly;
    bool unsynced;                 /* written since the last fdatasync (host side, not saved) */
    uint32_t sectors;              /* capacity */
    uint16_t cyls, heads, spt;     /* default (IDENTIFY) geometry */
    uint16_t cur_heads, cur_spt;   /* current translation (INITIALIZE DEVICE PARAMETERS) */
    uint8_t multiple;              /* sectors per DRQ block for READ/WRITE MULTIPLE */
    char model[41], serial[21];
} ide_drive_t;

typedef struct ide_cfg {
    void *ctx;
    void (*irq)(void *ctx, bool level);
} ide_cfg_t;

typedef struct ide {
    ide_cfg_t cfg;
    ide_drive_t drive[2];
    /* task file (written registers are latched by both devices, as on a real cable) */
    uint8_t feature, nsect, lbal, lbam, lbah, dev, ctl;
    uint8_t status, error;
    bool irq_pending, irq_out;
    /* PIO transfer state */
    uint8_t cmd;
    uint8_t buf[512 * 16];
    uint32_t buf_pos, buf_len;     /* bytes */
    uint32_t lba;                  /* next sector of the running command */
    uint32_t left;                 /* sectors still to transfer, including the buffered block */
    bool writing;
    char err_msg[160];             /* last host I/O error (for the machine's log) */
} ide_t;

enum { IDE_DATA, IDE_ERROR, IDE_NSECT, IDE_LBAL, IDE_LBAM, IDE_LBAH, IDE_DEVICE, IDE_STATUS };
enum { IDE_ST_ERR = 0x01, IDE_ST_DRQ = 0x08, IDE_ST_DSC = 0x10, IDE_ST_DF = 0x20, IDE_ST_DRDY = 0x40,
       IDE_ST_BSY = 0x80 };

void ide_init(ide_t *d, const ide_cfg_t *cfg);
/* Attaches a raw image as drive 0 (master) or 1 (slave). Returns -1 with a message. */
int ide_attach(ide_t *d, int unit, const char *path, bool readonly, char *err, size_t errlen);
void ide_detach(ide_t *d, int unit);
void ide_reset(ide_t *d);
/* Makes every write so far durable (fdatasync) on drives written since the last sync: called
 * by the machine's periodic flush; FLUSH CACHE does the same for its drive. Returns -1 with a
 * message naming the image. */
int ide_sync(ide_t *d, char *err, size_t errlen);
typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void ide_serialize(ide_t *d, ser_t *s);
/* Command block register reg (0-7); data transfers are 16 bits whatever `size` is. */
uint32_t ide_read(ide_t *d, unsigned reg, unsigned size);
void ide_write(ide_t *d, unsigned reg, uint32_t value, unsigned size);
/* Control block: alternate status (read) / device control (write). */
uint8_t ide_read_alt(ide_t *d);
void ide_write_ctl(ide_t *d, uint8_t value);
uint8_t ide_peek(const ide_t *d, unsigned reg);
bool ide_busy(const ide_t *d);   /* a drive is transferring (activity light) */

#endif
