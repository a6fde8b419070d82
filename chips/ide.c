#include "chips/ide.h"

#include "machines/state.h"
#include "roms/infile.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/* An undriven bus: DD7 has the host's pull-down (ATA-4 §"Host requirements"), the rest float high. */
#define IDE_FLOAT 0x7f

static ide_drive_t *cur(ide_t *d) { return &d->drive[(d->dev >> 4) & 1]; }
static const ide_drive_t *ccur(const ide_t *d) { return &d->drive[(d->dev >> 4) & 1]; }

static void update_irq(ide_t *d)
{
    /* INTRQ is driven by the selected device, and only while nIEN (control bit 1) is clear. */
    bool level = d->irq_pending && !(d->ctl & 0x02) && ccur(d)->present;
    if (level != d->irq_out) {
        d->irq_out = level;
        if (d->cfg.irq)
            d->cfg.irq(d->cfg.ctx, level);
    }
}

static void raise(ide_t *d)
{
    d->irq_pending = true;
    update_irq(d);
}

void ide_init(ide_t *d, const ide_cfg_t *cfg)
{
    memset(d, 0, sizeof *d);
    d->cfg = *cfg;
    ide_reset(d);
}

/* After reset a device shows the ATA signature (ATA-4 §9.1): count 1, sector 1, cylinder 0,
 * error 1 (diagnostics passed), status DRDY|DSC. */
static void signature(ide_t *d)
{
    d->nsect = 1;
    d->lbal = 1;
    d->lbam = d->lbah = 0;
    d->dev = 0;
    d->error = 1;
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    d->buf_pos = d->buf_len = 0;
    d->left = 0;
}

void ide_reset(ide_t *d)
{
    d->ctl = 0;
    d->feature = 0;
    d->irq_pending = false;
    for (int i = 0; i < 2; i++) {
        d->drive[i].cur_heads = d->drive[i].heads;
        d->drive[i].cur_spt = d->drive[i].spt;
        d->drive[i].multiple = 0;
    }
    signature(d);
    update_irq(d);
}

int ide_attach(ide_t *d, int unit, const char *path, bool readonly, char *err, size_t errlen)
{
    ide_drive_t *dr = &d->drive[unit & 1];
    ide_detach(d, unit);
    uint64_t len = 0;
    FILE *f = readonly ? NULL : infile_fopen(path, "r+b", &len, err, errlen);
    if (!f) {
        f = infile_fopen(path, "rb", &len, err, errlen);
        readonly = true;
    }
    if (!f)
        return -1;
    if (len < 512 * 16 || len % 512) {
        fclose(f);
        snprintf(err, errlen, "%s: %llu bytes is not a hard disc image (a multiple of 512, at least 8 KB)", path,
                 (unsigned long long)len);
        return -1;
    }
    if (len / 512 > 0x0fffffffull) {
        fclose(f);
        snprintf(err, errlen, "%s: larger than the 128 GB LBA28 limit", path);
        return -1;
    }
    memset(dr, 0, sizeof *dr);
    dr->f = f;
    dr->present = true;
    dr->readonly = readonly;
    dr->sectors = (uint32_t)(len / 512);
    /* Default geometry: 16 heads, 63 sectors (the usual translation), cylinders to fit. */
    dr->heads = 16;
    dr->spt = 63;
    uint32_t c = dr->sectors / (16 * 63);
    if (c < 1) {
        dr->heads = 1;
        dr->spt = 16;
        c = dr->sectors / 16;
    }
    dr->cyls = (uint16_t)(c > 16383 ? 16383 : c);
    dr->cur_heads = dr->heads;
    dr->cur_spt = dr->spt;
    snprintf(dr->model, sizeof dr->model, "Arcana hard disc image");
    snprintf(dr->serial, sizeof dr->serial, "ARC%08X", dr->sectors);
    return 0;
}

void ide_detach(ide_t *d, int unit)
{
    ide_drive_t *dr = &d->drive[unit & 1];
    if (dr->f)
        fclose(dr->f);
    memset(dr, 0, sizeof *dr);
}

bool ide_busy(const ide_t *d) { return d->left != 0; }

static void put_str(uint8_t *w, int words, const char *s)
{
    /* ATA strings: two characters per word, the first in the high byte, space padded. */
    for (int i = 0; i < words * 2; i++) {
        char c = *s ? *s++ : ' ';
        w[i ^ 1] = (uint8_t)c;
    }
}

static void put16(uint8_t *b, int word, uint16_t v) { b[2 * word] = (uint8_t)v; b[2 * word + 1] = (uint8_t)(v >> 8); }

static void identify(ide_t *d, const ide_drive_t *dr)
{
    uint8_t *b = d->buf;
    memset(b, 0, 512);
    put16(b, 0, 0x0040);                       /* fixed device */
    put16(b, 1, dr->cyls);
    put16(b, 3, dr->heads);
    put16(b, 6, dr->spt);
    put_str(b + 20, 10, dr->serial);
    put_str(b + 46, 4, "1.0");
    put_str(b + 54, 20, dr->model);
    put16(b, 47, 0x8010);                      /* READ/WRITE MULTIPLE up to 16 sectors */
    put16(b, 49, 0x0200);                      /* LBA supported */
    put16(b, 51, 0x0200);                      /* PIO timing mode 2 */
    put16(b, 53, 0x0003);                      /* words 54-58 and 64-70 valid */
    uint32_t chs = (uint32_t)dr->cur_heads * dr->cur_spt;
    uint32_t ccyl = chs ? dr->sectors / chs : 0;
    put16(b, 54, (uint16_t)(ccyl > 65535 ? 65535 : ccyl));
    put16(b, 55, dr->cur_heads);
    put16(b, 56, dr->cur_spt);
    uint32_t ccap = ccyl * chs;
    put16(b, 57, (uint16_t)ccap);
    put16(b, 58, (uint16_t)(ccap >> 16));
    put16(b, 59, dr->multiple ? (uint16_t)(0x100 | dr->multiple) : 0);
    put16(b, 60, (uint16_t)dr->sectors);
    put16(b, 61, (uint16_t)(dr->sectors >> 16));
    put16(b, 64, 0x0003);                      /* PIO modes 3 and 4 */
    put16(b, 67, 120);
    put16(b, 68, 120);
    put16(b, 80, 0x001e);                      /* ATA-1 to ATA-4 */
    put16(b, 82, 0x4000);
    put16(b, 83, 0x4000);
    put16(b, 84, 0x4000);
}

/* Current command's sector address: LBA28, or CHS through the current translation. */
static bool start_lba(ide_t *d, const ide_drive_t *dr, uint32_t *lba)
{
    if (d->dev & 0x40) {
        *lba = ((uint32_t)(d->dev & 15) << 24) | ((uint32_t)d->lbah << 16) | ((uint32_t)d->lbam << 8) | d->lbal;
    } else {
        uint32_t c = ((uint32_t)d->lbah << 8) | d->lbam, h = d->dev & 15, s = d->lbal;
        if (!s || s > dr->cur_spt || h >= dr->cur_heads)
            return false;
        *lba = (c * dr->cur_heads + h) * dr->cur_spt + (s - 1);
    }
    return *lba < dr->sectors;
}

/* Task file after a transfer: the address of the last sector handled (ATA-4 §8). */
static void set_position(ide_t *d, const ide_drive_t *dr, uint32_t lba)
{
    if (d->dev & 0x40) {
        d->lbal = (uint8_t)lba;
        d->lbam = (uint8_t)(lba >> 8);
        d->lbah = (uint8_t)(lba >> 16);
        d->dev = (uint8_t)((d->dev & 0xf0) | ((lba >> 24) & 15));
    } else if (dr->cur_heads && dr->cur_spt) {
        uint32_t s = lba % dr->cur_spt + 1, t = lba / dr->cur_spt, h = t % dr->cur_heads, c = t / dr->cur_heads;
        d->lbal = (uint8_t)s;
        d->lbam = (uint8_t)c;
        d->lbah = (uint8_t)(c >> 8);
        d->dev = (uint8_t)((d->dev & 0xf0) | h);
    }
}

static void abort_cmd(ide_t *d)
{
    d->error = 0x04; /* ABRT */
    d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_ERR;
    d->left = 0;
    d->buf_len = d->buf_pos = 0;
    raise(d);
}

int ide_sync(ide_t *d, char *err, size_t errlen)
{
    for (int u = 0; u < 2; u++) {
        ide_drive_t *dr = &d->drive[u];
        if (!dr->f || !dr->unsynced)
            continue;
        if (fdatasync(fileno(dr->f)) != 0) {
            snprintf(err, errlen, "ide drive %d: cannot sync the image: %s", u, strerror(errno));
            return -1;
        }
        dr->unsynced = false;
    }
    return 0;
}

static void io_error(ide_t *d, const char *what)
{
    snprintf(d->err_msg, sizeof d->err_msg, "ide: %s failed: %s", what, strerror(errno));
    d->error = 0x40; /* UNC */
    d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_ERR;
    d->left = 0;
    d->buf_len = d->buf_pos = 0;
    raise(d);
}

static unsigned block_sectors(const ide_t *d, const ide_drive_t *dr)
{
    unsigned n = (d->cmd == 0xc4 || d->cmd == 0xc5) ? dr->multiple : 1;
    if (!n) n = 1;
    return n < d->left ? n : d->left;
}

/* Loads the next DRQ block of a read. */
static void read_block(ide_t *d)
{
    ide_drive_t *dr = cur(d);
    unsigned n = block_sectors(d, dr);
    if (fseek(dr->f, (long)d->lba * 512, SEEK_SET) != 0 || fread(d->buf, 512, n, dr->f) != n) {
        io_error(d, "read");
        return;
    }
    set_position(d, dr, d->lba + n - 1);
    d->lba += n;
    d->buf_pos = 0;
    d->buf_len = n * 512;
    d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ;
    raise(d);
}

static void write_block_done(ide_t *d)
{
    ide_drive_t *dr = cur(d);
    unsigned n = d->buf_len / 512;
    if (fseek(dr->f, (long)d->lba * 512, SEEK_SET) != 0 || fwrite(d->buf, 512, n, dr->f) != n || fflush(dr->f) != 0) {
        io_error(d, "write");
        return;
    }
    dr->unsynced = true;
    set_position(d, dr, d->lba + n - 1);
    d->lba += n;
    d->left -= n;
    d->buf_pos = 0;
    if (d->left) {
        d->buf_len = block_sectors(d, dr) * 512;
        d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ;
    } else {
        d->buf_len = 0;
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
    }
    raise(d);
}

static void command(ide_t *d, uint8_t cmd)
{
    ide_drive_t *dr = cur(d);
    if (!dr->present)
        return; /* nobody listens */
    d->cmd = cmd;
    d->error = 0;
    d->irq_pending = false;
    uint32_t count = d->nsect ? d->nsect : 256;
    switch (cmd) {
    case 0xec: /* IDENTIFY DEVICE */
        identify(d, dr);
        d->buf_pos = 0;
        d->buf_len = 512;
        d->left = 1;
        d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ;
        raise(d);
        break;
    case 0x20: case 0x21: case 0xc4: /* READ SECTORS (with/without retry), READ MULTIPLE */
        if (cmd == 0xc4 && !dr->multiple) {
            abort_cmd(d);
            return;
        }
        if (!start_lba(d, dr, &d->lba) || d->lba + count > dr->sectors) {
            abort_cmd(d);
            d->error = 0x10; /* IDNF: no such sector */
            return;
        }
        d->left = count;
        d->writing = false;
        read_block(d);
        break;
    case 0x30: case 0x31: case 0xc5: /* WRITE SECTORS, WRITE MULTIPLE */
        if (cmd == 0xc5 && !dr->multiple) {
            abort_cmd(d);
            return;
        }
        if (!start_lba(d, dr, &d->lba) || d->lba + count > dr->sectors) {
            abort_cmd(d);
            d->error = 0x10;
            return;
        }
        if (dr->readonly) {
            abort_cmd(d);
            return;
        }
        d->left = count;
        d->writing = true;
        d->buf_pos = 0;
        d->buf_len = block_sectors(d, dr) * 512;
        d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ; /* no interrupt before the first block */
        break;
    case 0x40: case 0x41: /* READ VERIFY SECTORS */
        if (!start_lba(d, dr, &d->lba) || d->lba + count > dr->sectors) {
            abort_cmd(d);
            d->error = 0x10;
            return;
        }
        set_position(d, dr, d->lba + count - 1);
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        raise(d);
        break;
    case 0x91: /* INITIALIZE DEVICE PARAMETERS */
        dr->cur_spt = d->nsect;
        dr->cur_heads = (uint16_t)((d->dev & 15) + 1);
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        raise(d);
        break;
    case 0xc6: /* SET MULTIPLE MODE */
        if (d->nsect > 16 || (d->nsect & (d->nsect - 1))) {
            abort_cmd(d);
            return;
        }
        dr->multiple = d->nsect;
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        raise(d);
        break;
    case 0x90: /* EXECUTE DEVICE DIAGNOSTIC */
        signature(d);
        raise(d);
        break;
    case 0xe7: case 0xea: /* FLUSH CACHE (ATA-4 §8.11): the writes are on the medium when it ends */
        if (cur(d)->unsynced && fdatasync(fileno(cur(d)->f)) != 0) {
            io_error(d, "flush");
            break;
        }
        cur(d)->unsynced = false;
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        raise(d);
        break;
    case 0xef: /* SET FEATURES: transfer mode, caches, ... accepted */
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: case 0x94: case 0x95: case 0x96: case 0x97: /* power */
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        raise(d);
        break;
    case 0xe5: case 0x98: /* CHECK POWER MODE: active */
        d->nsect = 0xff;
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        raise(d);
        break;
    case 0xf8: /* READ NATIVE MAX ADDRESS */
        set_position(d, dr, dr->sectors - 1);
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        raise(d);
        break;
    default:
        if ((cmd & 0xf0) == 0x10 || (cmd & 0xf0) == 0x70) { /* RECALIBRATE, SEEK */
            d->status = IDE_ST_DRDY | IDE_ST_DSC;
            raise(d);
            break;
        }
        abort_cmd(d); /* IDENTIFY PACKET, DEVICE RESET, DMA commands...: not a packet/DMA device */
        break;
    }
}

static uint16_t data_in(ide_t *d)
{
    if (!(d->status & IDE_ST_DRQ) || d->writing || d->buf_pos >= d->buf_len)
        return 0xffff;
    uint16_t v = (uint16_t)(d->buf[d->buf_pos] | (d->buf[d->buf_pos + 1] << 8));
    d->buf_pos += 2;
    if (d->buf_pos >= d->buf_len) {
        unsigned n = d->buf_len / 512;
        d->left = d->left > n ? d->left - n : 0;
        if (d->left && d->cmd != 0xec)
            read_block(d);
        else { /* the transfer is over: an empty buffer (a state saved now must load) */
            d->status = IDE_ST_DRDY | IDE_ST_DSC;
            d->buf_len = d->buf_pos = 0;
        }
    }
    return v;
}

static void data_out(ide_t *d, uint16_t v)
{
    if (!(d->status & IDE_ST_DRQ) || !d->writing || d->buf_pos >= d->buf_len)
        return;
    d->buf[d->buf_pos] = (uint8_t)v;
    d->buf[d->buf_pos + 1] = (uint8_t)(v >> 8);
    d->buf_pos += 2;
    if (d->buf_pos >= d->buf_len)
        write_block_done(d);
}

uint8_t ide_peek(const ide_t *d, unsigned reg)
{
    if (!ccur(d)->present)
        return IDE_FLOAT;
    switch (reg & 7) {
    case IDE_ERROR: return d->error;
    case IDE_NSECT: return d->nsect;
    case IDE_LBAL: return d->lbal;
    case IDE_LBAM: return d->lbam;
    case IDE_LBAH: return d->lbah;
    case IDE_DEVICE: return d->dev | 0xa0;
    case IDE_STATUS: return d->status;
    default: return 0xff;
    }
}

uint32_t ide_read(ide_t *d, unsigned reg, unsigned size)
{
    (void)size;
    reg &= 7;
    if (!cur(d)->present)
        return reg == IDE_DATA ? 0xff00u | IDE_FLOAT : IDE_FLOAT;
    if (reg == IDE_DATA)
        return data_in(d);
    uint8_t v = ide_peek(d, reg);
    if (reg == IDE_STATUS) { /* reading status acknowledges the interrupt */
        d->irq_pending = false;
        update_irq(d);
    }
    return v;
}

void ide_write(ide_t *d, unsigned reg, uint32_t value, unsigned size)
{
    (void)size;
    uint8_t v = (uint8_t)value;
    switch (reg & 7) {
    case IDE_DATA: if (cur(d)->present) data_out(d, (uint16_t)value); return;
    case IDE_ERROR: d->feature = v; break;
    case IDE_NSECT: d->nsect = v; break;
    case IDE_LBAL: d->lbal = v; break;
    case IDE_LBAM: d->lbam = v; break;
    case IDE_LBAH: d->lbah = v; break;
    case IDE_DEVICE: d->dev = v & 0x5f; update_irq(d); break;
    default: command(d, v); break;
    }
}

uint8_t ide_read_alt(ide_t *d) { return ccur(d)->present ? d->status : IDE_FLOAT; }

void ide_write_ctl(ide_t *d, uint8_t v)
{
    bool srst = v & 0x04, was = d->ctl & 0x04;
    d->ctl = v & 0x06;
    if (srst && !was) {
        d->status = IDE_ST_BSY;
        d->left = 0;
        d->buf_len = d->buf_pos = 0;
        d->irq_pending = false;
    } else if (!srst && was) {
        for (int i = 0; i < 2; i++) {
            d->drive[i].cur_heads = d->drive[i].heads;
            d->drive[i].cur_spt = d->drive[i].spt;
        }
        signature(d);
    }
    update_irq(d);
}

/* Fields read back from a state, checked against the images attached now (a state does not
 * carry the discs). */
void ide_serialize(ide_t *d, ser_t *s)
{
    for (int i = 0; i < 2; i++) { /* the image files stay attached: their size must match */
        ide_drive_t *dr = &d->drive[i];
        SER_EXPECT(s, dr->present, i ? "a disc on IDE 1:" : "a disc on IDE 0:");
        SER_EXPECT(s, dr->sectors, i ? "IDE 1 sectors:" : "IDE 0 sectors:");
        SER_MAX(s, dr->cur_heads, 16);
        SER_MAX(s, dr->cur_spt, 255);
        SER_MAX(s, dr->multiple, 16);
        if (ser_loading(s) && ser_ok(s) && (dr->multiple & (dr->multiple - 1)))
            ser_fail(s, "READ MULTIPLE's block is %u sectors (a power of two)", dr->multiple);
    }
    SER(s, d->feature);
    SER(s, d->nsect);
    SER(s, d->lbal);
    SER(s, d->lbam);
    SER(s, d->lbah);
    SER(s, d->dev);
    SER(s, d->ctl);
    SER(s, d->status);
    SER(s, d->error);
    SER(s, d->irq_pending);
    SER(s, d->irq_out);
    SER(s, d->cmd);
    SER_MAX(s, d->buf_len, sizeof d->buf);
    SER_MAX(s, d->buf_pos, d->buf_len);
    if (ser_loading(s) && ser_ok(s) && (d->buf_len % 512 || (d->buf_pos & 1)))
        ser_fail(s, "the sector buffer holds %u bytes, at %u", d->buf_len, d->buf_pos);
    if (ser_ok(s))
        ser_bytes(s, d->buf, d->buf_len); /* the block being transferred */
    SER(s, d->lba);
    SER_MAX(s, d->left, 256);
    SER(s, d->writing);
    if (!ser_loading(s) || !ser_ok(s))
        return;
    /* A transfer in progress (sectors left, or a block in the buffer) needs its disc, inside its
     * sectors, writable when writing, and a buffered block no larger than what is left (the
     * count is decremented by it). */
    const ide_drive_t *dr = ccur(d);
    if ((d->left || d->buf_len) &&
        (!dr->present || d->lba > dr->sectors || dr->sectors - d->lba < d->left || d->buf_len / 512 > d->left ||
         (d->writing && dr->readonly)))
        ser_fail(s, "a transfer of %u sectors at %u does not fit the disc", d->left, d->lba);
}
