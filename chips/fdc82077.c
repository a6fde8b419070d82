#include "chips/fdc82077.h"

#include "machines/state.h"

#include <stdio.h>
#include <stddef.h>
#include <string.h>

enum { MSR_RQM = 0x80, MSR_DIO = 0x40, MSR_NDMA = 0x20, MSR_CB = 0x10 };
enum { ST0_IC_ABNORMAL = 0x40, ST0_IC_INVALID = 0x80, ST0_IC_POLL = 0xc0, ST0_SE = 0x20 };
enum { ST1_MA = 0x01, ST1_NW = 0x02, ST1_ND = 0x04, ST1_EN = 0x80 };
enum { ST2_WC = 0x10 };

/* Command byte counts (82077AA data sheet, Table "Command set"), by low 5 bits. */
static int cmd_length(uint8_t c)
{
    switch (c & 0x1f) {
    case 0x02: case 0x05: case 0x06: case 0x09: case 0x0c: case 0x11: case 0x19: case 0x1d: return 9;
    case 0x03: return 3;
    case 0x04: return 2;
    case 0x07: return 2;
    case 0x08: return 1;
    case 0x0a: return 2;
    case 0x0d: return 6;
    case 0x0e: return 1;
    case 0x0f: return 3;
    case 0x10: return 1;
    case 0x12: return 2;
    case 0x13: return 4;
    case 0x14: return 1;
    case 0x18: return 1;
    default: return 1;
    }
}

static bool dma_mode(const fdc82077_t *f) { return !(f->specify[1] & 1); }

static void update_lines(fdc82077_t *f)
{
    /* In PC-AT mode the INT and DRQ pins are only driven while DOR bit 3 is set. */
    bool en = f->dor & 0x08;
    bool irq = en && f->int_pending;
    bool drq = en && f->phase == FDC_EXEC && dma_mode(f);
    if (irq != f->irq_out) {
        f->irq_out = irq;
        if (f->cfg.irq) f->cfg.irq(f->cfg.ctx, irq);
    }
    if (drq != f->drq_out) {
        f->drq_out = drq;
        if (f->cfg.drq) f->cfg.drq(f->cfg.ctx, drq);
    }
}

void fdc_init(fdc82077_t *f, const fdc_cfg_t *cfg)
{
    memset(f, 0, sizeof *f);
    f->cfg = *cfg;
    fdc_reset(f);
}

static void controller_reset(fdc82077_t *f)
{
    f->phase = FDC_CMD;
    f->cmd_pos = f->res_pos = f->res_len = 0;
    f->int_pending = false;
    f->reset_sense = 0;
    memset(f->seek_done, 0, sizeof f->seek_done);
    if (!f->lock) {
        f->config = 0x20; /* FIFO disabled... EFIFO=1 after reset, threshold 0 (data sheet §5.2) */
        f->precomp = 0;
    }
    f->perpendicular = false;
}

void fdc_reset(fdc82077_t *f)
{
    f->dor = 0;
    f->rate = 2; /* 250 kbps */
    f->specify[0] = f->specify[1] = 0;
    f->lock = false;
    controller_reset(f);
    update_lines(f);
}

static void result(fdc82077_t *f, const uint8_t *r, int n, bool irq)
{
    if (n)
        memcpy(f->res, r, (size_t)n);
    f->res_len = n;
    f->res_pos = 0;
    f->phase = n ? FDC_RESULT : FDC_CMD;
    if (irq)
        f->int_pending = true;
    update_lines(f);
}

static uint8_t st0_for(const fdc82077_t *f, uint8_t ic) { return (uint8_t)(ic | (f->h << 2) | f->unit); }

static void exec_result(fdc82077_t *f)
{
    uint8_t r[7] = {f->st0, f->st1, f->st2, f->c, f->h, f->r, f->n};
    result(f, r, 7, true);
}

static void exec_error(fdc82077_t *f, uint8_t st1, uint8_t st2)
{
    f->st0 = st0_for(f, ST0_IC_ABNORMAL);
    f->st1 = st1;
    f->st2 = st2;
    exec_result(f);
}

static bool rate_matches(const fdc82077_t *f, const fdc_drive_t *d)
{
    /* CCR/DSR rate: 0 = 500 kbps (HD), 1 = 300, 2 = 250 (DD), 3 = 1 Mbps (ED). */
    return d->hd ? f->rate == 0 : (f->rate == 2 || f->rate == 1);
}

/* Locates sector (c, h, r) of size n on the current track; false with status on failure. */
static bool find_sector(fdc82077_t *f)
{
    fdc_drive_t *d = &f->drive[f->unit];
    if (!d->present || !rate_matches(f, d) || f->h >= d->heads) {
        exec_error(f, ST1_MA, 0);
        return false;
    }
    if (f->c != d->pcn) {
        exec_error(f, ST1_ND, ST2_WC);
        return false;
    }
    if (f->n != d->n || f->r < d->first || f->r >= d->first + d->spt || d->pcn >= d->tracks) {
        exec_error(f, ST1_ND, 0);
        return false;
    }
    uint32_t bytes = 128u << d->n;
    uint32_t lba = ((uint32_t)d->pcn * d->heads + f->h) * d->spt + (f->r - d->first);
    f->pos = lba * bytes;
    f->end = f->pos + bytes;
    return true;
}

/* After a sector: next one, or terminate at EOT (82077AA §"Data transfer termination"). */
static void next_sector(fdc82077_t *f, bool tc)
{
    fdc_drive_t *d = &f->drive[f->unit];
    bool mt = f->cmd[0] & 0x80;
    bool at_eot = f->r >= f->eot;
    if (at_eot) {
        if (mt && f->h == 0 && d->heads > 1) {
            f->h = 1;
            f->r = d->first;
        } else {
            f->c++;
            f->r = d->first;
            if (mt) f->h = 0;
            if (!tc) { /* ran off the end of the cylinder without TC */
                f->st0 = st0_for(f, ST0_IC_ABNORMAL);
                f->st1 = ST1_EN;
                f->st2 = 0;
                exec_result(f);
                return;
            }
        }
    } else {
        f->r++;
    }
    if (tc) {
        f->st0 = st0_for(f, 0);
        f->st1 = f->st2 = 0;
        exec_result(f);
        return;
    }
    find_sector(f);
}

static void start_rw(fdc82077_t *f, bool write)
{
    f->unit = f->cmd[1] & 1;
    f->h = (f->cmd[1] >> 2) & 1;
    f->c = f->cmd[2];
    f->h = f->cmd[3] & 1;
    f->r = f->cmd[4];
    f->n = f->cmd[5];
    f->eot = f->cmd[6];
    f->writing = write;
    f->formatting = false;
    f->st0 = f->st1 = f->st2 = 0;
    fdc_drive_t *d = &f->drive[f->unit];
    if (write && d->present && d->readonly) {
        exec_error(f, ST1_NW, 0);
        return;
    }
    if (!find_sector(f))
        return;
    f->phase = FDC_EXEC;
    update_lines(f);
}

static void command(fdc82077_t *f)
{
    uint8_t op = f->cmd[0];
    int unit = f->cmd[1] & 1;
    fdc_drive_t *d = &f->drive[unit];
    switch (op & 0x1f) {
    case 0x06: case 0x0c: case 0x02: start_rw(f, false); return;  /* READ DATA / DELETED / TRACK */
    case 0x05: case 0x09: start_rw(f, true); return;              /* WRITE DATA / DELETED */
    case 0x03: /* SPECIFY */
        f->specify[0] = f->cmd[1];
        f->specify[1] = f->cmd[2];
        result(f, NULL, 0, false);
        return;
    case 0x04: { /* SENSE DRIVE STATUS: ST3 */
        uint8_t st3 = (uint8_t)(0x20 | (f->cmd[1] & 7)); /* ready */
        if (d->present && d->readonly) st3 |= 0x40;
        if (d->pcn == 0) st3 |= 0x10;
        if (d->heads > 1) st3 |= 0x08;
        result(f, &st3, 1, false);
        return;
    }
    case 0x07: /* RECALIBRATE */
        d->pcn = 0;
        f->seek_st0[unit] = (uint8_t)(ST0_SE | unit);
        f->seek_done[unit] = true;
        result(f, NULL, 0, true);
        return;
    case 0x0f: /* SEEK (bit 7: relative seek) */
        if (op & 0x80) {
            int t = d->pcn + ((op & 0x40) ? -(int)f->cmd[2] : (int)f->cmd[2]);
            d->pcn = (uint8_t)(t < 0 ? 0 : t > 255 ? 255 : t);
        } else {
            d->pcn = f->cmd[2];
        }
        if (d->present) d->changed = false; /* stepping with a disc in clears disc change */
        f->seek_st0[unit] = (uint8_t)(ST0_SE | ((f->cmd[1] >> 2) & 1) << 2 | unit);
        f->seek_done[unit] = true;
        result(f, NULL, 0, true);
        return;
    case 0x08: { /* SENSE INTERRUPT STATUS */
        f->int_pending = false;
        if (f->reset_sense) {
            int n = 4 - f->reset_sense--;
            uint8_t r[2] = {(uint8_t)(ST0_IC_POLL | n), n < 2 ? f->drive[n].pcn : 0};
            result(f, r, 2, false);
            return;
        }
        for (int i = 0; i < 2; i++)
            if (f->seek_done[i]) {
                f->seek_done[i] = false;
                uint8_t r[2] = {f->seek_st0[i], f->drive[i].pcn};
                result(f, r, 2, false);
                return;
            }
        uint8_t inv = ST0_IC_INVALID;
        result(f, &inv, 1, false);
        return;
    }
    case 0x0a: { /* READ ID: the ID field of the next sector under the head */
        f->unit = unit;
        f->h = (f->cmd[1] >> 2) & 1;
        if (!d->present || !rate_matches(f, d) || f->h >= d->heads) {
            f->c = d->pcn;
            f->r = 0;
            f->n = 0;
            exec_error(f, ST1_MA, 0);
            return;
        }
        f->c = d->pcn;
        f->r = d->first;
        f->n = d->n;
        f->st0 = st0_for(f, 0);
        f->st1 = f->st2 = 0;
        exec_result(f);
        return;
    }
    case 0x0d: /* FORMAT TRACK: N, SC, GPL, D; then C H R N per sector by DMA */
        f->unit = unit;
        f->h = (f->cmd[1] >> 2) & 1;
        f->n = f->cmd[2];
        f->fmt_count = f->cmd[3];
        f->fmt_pos = 0;
        f->st0 = f->st1 = f->st2 = 0;
        if (!d->present || !rate_matches(f, d) || f->h >= d->heads) {
            exec_error(f, ST1_MA, 0);
            return;
        }
        if (d->readonly) {
            exec_error(f, ST1_NW, 0);
            return;
        }
        f->formatting = true;
        f->writing = true;
        f->phase = FDC_EXEC;
        update_lines(f);
        return;
    case 0x0e: { /* DUMPREGS */
        uint8_t r[10] = {f->drive[0].pcn, f->drive[1].pcn, 0, 0, f->specify[0], f->specify[1], 0,
                         (uint8_t)((f->lock ? 0x80 : 0) | (f->perpendicular ? 0x02 : 0)), f->config, f->precomp};
        result(f, r, 10, false);
        return;
    }
    case 0x10: { /* VERSION: 0x90 = 82077 enhanced controller */
        uint8_t v = 0x90;
        result(f, &v, 1, false);
        return;
    }
    case 0x12: f->perpendicular = f->cmd[1] & 3; result(f, NULL, 0, false); return;
    case 0x13: f->config = f->cmd[2]; f->precomp = f->cmd[3]; result(f, NULL, 0, false); return;
    case 0x14: { /* LOCK (bit 7 set) / UNLOCK */
        f->lock = op & 0x80;
        uint8_t v = f->lock ? 0x10 : 0x00;
        result(f, &v, 1, false);
        return;
    }
    default: { /* invalid (including PARTID, which the 82077AA does not have) */
        uint8_t inv = ST0_IC_INVALID;
        result(f, &inv, 1, false);
        return;
    }
    }
}

static void write_cmd_byte(fdc82077_t *f, uint8_t v)
{
    if (f->cmd_pos == 0) {
        f->int_pending = false; /* a new command acknowledges a pending result interrupt */
        f->cmd_len = cmd_length(v);
        if ((v & 0x7f) == 0x14) f->cmd_len = 1; /* LOCK/UNLOCK */
    }
    f->cmd[f->cmd_pos++] = v;
    if (f->cmd_pos >= f->cmd_len) {
        f->cmd_pos = 0;
        command(f);
    }
    update_lines(f);
}

static uint8_t exec_read_byte(fdc82077_t *f, bool tc)
{
    fdc_drive_t *d = &f->drive[f->unit];
    if (f->phase != FDC_EXEC || f->writing)
        return 0xff;
    uint8_t v = d->data[f->pos++];
    if (f->pos >= f->end)
        next_sector(f, tc);
    else if (tc) { /* TC mid-sector: the rest of the sector is skipped, the command ends */
        f->st0 = st0_for(f, 0);
        f->st1 = f->st2 = 0;
        f->r++;
        exec_result(f);
    }
    return v;
}

static void exec_write_byte(fdc82077_t *f, uint8_t v, bool tc)
{
    fdc_drive_t *d = &f->drive[f->unit];
    if (f->phase != FDC_EXEC || !f->writing)
        return;
    if (f->formatting) {
        f->fmt_id[f->fmt_pos++ & 3] = v;
        if ((f->fmt_pos & 3) == 0) {
            /* one sector's ID: fill its data with the filler byte when it fits the image */
            uint8_t c = f->fmt_id[0], h = f->fmt_id[1], r = f->fmt_id[2], n = f->fmt_id[3];
            if (c == d->pcn && c < d->tracks && h == f->h && h < d->heads && n == d->n && r >= d->first &&
                r < d->first + d->spt) {
                uint32_t bytes = 128u << n;
                uint32_t lba = ((uint32_t)c * d->heads + h) * d->spt + (r - d->first);
                memset(d->data + lba * bytes, f->cmd[5], bytes);
                d->dirty = true;
            }
            if (f->fmt_pos / 4 >= f->fmt_count || tc) {
                f->st0 = st0_for(f, 0);
                f->c = c; f->r = r; f->n = n;
                exec_result(f);
            }
        }
        return;
    }
    d->data[f->pos++] = v;
    d->dirty = true;
    if (f->pos >= f->end)
        next_sector(f, tc);
    else if (tc) {
        f->st0 = st0_for(f, 0);
        f->r++;
        exec_result(f);
    }
}

uint8_t fdc_dack_read(fdc82077_t *f, bool tc)
{
    if (!dma_mode(f)) return 0xff;
    uint8_t v = exec_read_byte(f, tc);
    update_lines(f);
    return v;
}

void fdc_dack_write(fdc82077_t *f, uint8_t v, bool tc)
{
    if (!dma_mode(f)) return;
    exec_write_byte(f, v, tc);
    update_lines(f);
}

static uint8_t msr(const fdc82077_t *f)
{
    switch (f->phase) {
    case FDC_CMD: return (uint8_t)(MSR_RQM | (f->cmd_pos ? MSR_CB : 0));
    case FDC_RESULT: return MSR_RQM | MSR_DIO | MSR_CB;
    default:
        if (dma_mode(f)) return MSR_CB;
        return (uint8_t)(MSR_RQM | MSR_NDMA | MSR_CB | (f->writing ? 0 : MSR_DIO));
    }
}

uint8_t fdc_peek(const fdc82077_t *f, unsigned reg)
{
    switch (reg & 7) {
    case 2: return f->dor;
    case 4: return msr(f);
    case 5: return f->phase == FDC_RESULT ? f->res[f->res_pos] : 0xff;
    case 7: { /* DIR: bit 7 disc changed of the selected drive */
        const fdc_drive_t *d = &f->drive[f->dor & 1];
        return (uint8_t)(((!d->present || d->changed) ? 0x80 : 0) | 0x78);
    }
    default: return 0xff;
    }
}

uint8_t fdc_read(fdc82077_t *f, unsigned reg)
{
    uint8_t v = fdc_peek(f, reg);
    if ((reg & 7) == 5) {
        if (f->phase == FDC_RESULT) {
            f->int_pending = false;
            if (++f->res_pos >= f->res_len)
                f->phase = FDC_CMD;
        } else if (f->phase == FDC_EXEC && !dma_mode(f)) {
            v = exec_read_byte(f, false);
        }
        update_lines(f);
    }
    return v;
}

void fdc_write(fdc82077_t *f, unsigned reg, uint8_t v)
{
    switch (reg & 7) {
    case 2: { /* DOR: drive select, nRESET, DMA/INT enable, motors */
        bool was_reset = !(f->dor & 0x04);
        f->dor = v;
        if (!(v & 0x04)) {
            controller_reset(f);
        } else if (was_reset) {
            /* leaving reset: interrupt, with a status for each of the four drives to poll */
            f->reset_sense = 4;
            f->int_pending = true;
        }
        update_lines(f);
        break;
    }
    case 4: /* DSR: data rate, software reset */
        f->rate = v & 3;
        if (v & 0x80) {
            controller_reset(f);
            f->reset_sense = 4;
            f->int_pending = true;
            update_lines(f);
        }
        break;
    case 5:
        if (f->phase == FDC_CMD)
            write_cmd_byte(f, v);
        else if (f->phase == FDC_EXEC && !dma_mode(f)) {
            exec_write_byte(f, v, false);
            update_lines(f);
        }
        break;
    case 7: f->rate = v & 3; break; /* CCR */
    default: break;
    }
}

static const struct { uint32_t size; uint8_t spt, n, first; bool hd; } fmt[] = {
    {737280, 9, 2, 1, false},   /* PC 720K */
    {1474560, 18, 2, 1, true},  /* PC 1.44M */
    {819200, 5, 3, 0, false},   /* ADFS D/E 800K */
    {1638400, 10, 3, 0, true},  /* ADFS F 1.6M */
    {655360, 16, 1, 0, false},  /* ADFS L 640K */
};

int fdc_insert(fdc82077_t *f, int unit, const uint8_t *data, size_t size, bool readonly, char *err, size_t errlen)
{
    fdc_drive_t *d = &f->drive[unit & 1];
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        if (fmt[i].size != size)
            continue;
        d->present = true;
        d->readonly = readonly;
        d->dirty = false;
        d->changed = true;
        d->tracks = 80;
        d->heads = 2;
        d->spt = fmt[i].spt;
        d->n = fmt[i].n;
        d->first = fmt[i].first;
        d->hd = fmt[i].hd;
        d->size = (uint32_t)size;
        memcpy(d->data, data, size);
        return 0;
    }
    snprintf(err, errlen, "%zu bytes is not a floppy image size the RiscPC drive knows "
             "(720K, 1.44M, ADFS 640K/800K/1.6M)", size);
    return -1;
}

void fdc_eject(fdc82077_t *f, int unit)
{
    fdc_drive_t *d = &f->drive[unit & 1];
    d->present = false;
    d->dirty = false;
    d->changed = true;
    d->size = 0;
}

bool fdc_busy(const fdc82077_t *f, int unit) { return f->phase == FDC_EXEC && f->unit == unit; }

bool fdc_index_active(const fdc82077_t *f)
{
    int unit = f->dor & 3;
    return unit < 2 && (f->dor & (0x10 << unit)) && f->drive[unit].present;
}

/* A drive read back from a state: a geometry fdc_insert would have set up, or none. */
static bool geometry_ok(const fdc_drive_t *d)
{
    if (!d->present)
        return true;
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++)
        if (fmt[i].size == d->size && d->tracks == 80 && d->heads == 2 && d->spt == fmt[i].spt &&
            d->n == fmt[i].n && d->first == fmt[i].first && d->hd == fmt[i].hd)
            return true;
    return false;
}

static void drive_serialize(fdc_drive_t *d, ser_t *s)
{
    SER(s, d->present);
    SER(s, d->readonly);
    SER(s, d->dirty);
    SER(s, d->changed);
    SER(s, d->tracks);
    SER(s, d->heads);
    SER(s, d->spt);
    SER(s, d->n);
    SER(s, d->first);
    SER(s, d->hd);
    SER(s, d->pcn);
    SER_MAX(s, d->size, FDC_MAX_IMAGE);
    if (ser_loading(s) && ser_ok(s) && !geometry_ok(d))
        ser_fail(s, "a disc of %u bytes with a geometry no disc has", d->size);
    if (ser_ok(s) && d->present)
        ser_memory(s, d->data, d->size); /* as much image data as the disc holds */
}

/* An int field within 0..max. */
static void ser_int(ser_t *s, int *v, int max)
{
    uint32_t x = (uint32_t)*v;
    SER_MAX(s, x, (uint32_t)max);
    if (ser_ok(s))
        *v = (int)x;
}

void fdc_serialize(fdc82077_t *f, ser_t *s)
{
    drive_serialize(&f->drive[0], s);
    drive_serialize(&f->drive[1], s);
    SER(s, f->dor);
    SER_MAX(s, f->rate, 3);
    ser_bytes(s, f->specify, sizeof f->specify);
    SER(s, f->config);
    SER(s, f->precomp);
    SER(s, f->lock);
    SER(s, f->perpendicular);
    SER_ENUM(s, f->phase, FDC_RESULT);
    ser_bytes(s, f->cmd, sizeof f->cmd);
    ser_int(s, &f->cmd_len, (int)sizeof f->cmd);
    ser_int(s, &f->cmd_pos, f->cmd_len ? f->cmd_len - 1 : 0);
    ser_bytes(s, f->res, sizeof f->res);
    ser_int(s, &f->res_len, (int)sizeof f->res);
    ser_int(s, &f->res_pos, f->res_len);
    SER(s, f->int_pending);
    SER(s, f->irq_out);
    SER(s, f->drq_out);
    ser_int(s, &f->reset_sense, 4);
    ser_bytes(s, f->seek_st0, sizeof f->seek_st0);
    ser_bools(s, f->seek_done, 4);
    SER(s, f->writing);
    SER(s, f->formatting);
    ser_int(s, &f->unit, 1);
    SER(s, f->c);
    SER(s, f->h);
    SER(s, f->r);
    SER(s, f->n);
    SER(s, f->eot);
    SER(s, f->pos);
    SER(s, f->end);
    ser_bytes(s, f->fmt_id, sizeof f->fmt_id);
    ser_int(s, &f->fmt_pos, INT32_MAX);
    ser_int(s, &f->fmt_count, 255);
    SER(s, f->st0);
    SER(s, f->st1);
    SER(s, f->st2);
    if (!ser_loading(s) || !ser_ok(s))
        return;
    /* a result being read has bytes left; a transfer in progress stays inside its drive's image */
    const fdc_drive_t *d = &f->drive[f->unit];
    if (f->phase == FDC_RESULT && f->res_pos >= f->res_len)
        ser_fail(s, "result phase with no result bytes left");
    else if (f->phase == FDC_EXEC && !d->present)
        ser_fail(s, "a transfer on drive %d, which has no disc", f->unit);
    else if (f->phase == FDC_EXEC && !f->formatting && (f->pos >= f->end || f->end > d->size))
        ser_fail(s, "a transfer from byte %u to %u of a %u-byte disc", f->pos, f->end, d->size);
}
