/* Intel 82077AA-class floppy disc controller (82077AA data sheet; the FDC of the SMC
 * FDC37C665GT) with two 3.5" drives holding sector images. Formats by image size:
 * 720K (80×2×9×512, DD), 1.44M (80×2×18×512, HD), ADFS D/E 800K (80×2×5×1024, sectors
 * numbered from 0, DD), ADFS F 1.6M (80×2×10×1024, HD), ADFS L 640K (80×2×16×256, DD).
 * The controller checks the programmed data rate against the medium's density as the
 * hardware does (a DD disc read at 500 kbps finds no address marks).
 * Data moves in DMA mode through DRQ/DACK/TC (on the RiscPC: DRQ is IOMD FIQ bit 0 and the
 * FIQ handler reads/writes the DACK addresses, Linux mach-rpc floppydma.S) or, with SPECIFY's
 * ND bit, through the FIFO register with an interrupt per byte. Commands complete without
 * mechanical delays: seeks and index searches take no emulated time. */
#ifndef ARCANA_FDC82077_H
#define ARCANA_FDC82077_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDC_MAX_IMAGE (1680u * 1024u)

typedef struct fdc_drive {
    bool present;              /* a disc is inserted */
    bool readonly, dirty, changed;
    uint8_t tracks, heads, spt, n, first;  /* geometry; n = size code (128 << n bytes) */
    bool hd;                   /* high density medium */
    uint8_t pcn;               /* head position (present cylinder) */
    uint32_t size;
    uint8_t data[FDC_MAX_IMAGE];
} fdc_drive_t;

typedef struct fdc_cfg {
    void *ctx;
    void (*irq)(void *ctx, bool level);
    void (*drq)(void *ctx, bool level);
} fdc_cfg_t;

typedef struct fdc82077 {
    fdc_cfg_t cfg;
    fdc_drive_t drive[2];
    uint8_t dor, rate, specify[2], config, precomp;
    bool lock, perpendicular;
    enum { FDC_CMD, FDC_EXEC, FDC_RESULT } phase;
    uint8_t cmd[9];
    int cmd_len, cmd_pos;
    uint8_t res[10];
    int res_len, res_pos;
    /* interrupt and sense-interrupt bookkeeping */
    bool int_pending, irq_out, drq_out;
    int reset_sense;           /* sense-interrupt replies owed after a reset (4 drives) */
    uint8_t seek_st0[4];       /* per-drive completion status of seeks, 0 = none */
    bool seek_done[4];
    /* execution phase */
    bool writing, formatting;
    int unit;
    uint8_t c, h, r, n, eot;
    uint32_t pos, end;         /* byte offsets in the image of the current sector */
    uint8_t fmt_id[4];
    int fmt_pos, fmt_count;
    uint8_t st0, st1, st2;
} fdc82077_t;

void fdc_init(fdc82077_t *f, const fdc_cfg_t *cfg);
void fdc_reset(fdc82077_t *f);
/* Registers 0-7 of the 0x3f0 block: 2 DOR, 4 MSR/DSR, 5 FIFO, 7 DIR/CCR. */
uint8_t fdc_read(fdc82077_t *f, unsigned reg);
void fdc_write(fdc82077_t *f, unsigned reg, uint8_t value);
uint8_t fdc_peek(const fdc82077_t *f, unsigned reg);
typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void fdc_serialize(fdc82077_t *f, ser_t *s);
/* DMA acknowledge cycles (tc = terminal count on this cycle). */
uint8_t fdc_dack_read(fdc82077_t *f, bool tc);
void fdc_dack_write(fdc82077_t *f, uint8_t value, bool tc);
/* Media: the image bytes are copied in; returns -1 with a message for unknown sizes. */
int fdc_insert(fdc82077_t *f, int unit, const uint8_t *data, size_t size, bool readonly, char *err, size_t errlen);
void fdc_eject(fdc82077_t *f, int unit);
bool fdc_busy(const fdc82077_t *f, int unit);
/* The selected drive's index line would pulse now: motor on (DOR bits 4-7) and a disc in. */
bool fdc_index_active(const fdc82077_t *f);

#endif
