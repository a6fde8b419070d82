#include "chips/iomd.h"

#include "machines/state.h"

#include <stdio.h>
#include <stddef.h>
#include <string.h>

#define TIMER_HZ 2000000u
/* PS/2 frames are 11 bits (start, 8 data, parity, stop); keyboards clock at 10-16.7 kHz. */
#define KART_BIT_HZ 12500u

static void update_irq(iomd_t *io)
{
    bool irq = (io->irqa_stat & io->irqa_mask) || (io->irqb_stat & io->irqb_mask) ||
               (io->dma_stat & io->dma_mask);
    bool fiq = (io->fiq_stat & io->fiq_mask) != 0;
    if (irq != io->irq_out) {
        io->irq_out = irq;
        if (io->cfg.irq)
            io->cfg.irq(io->cfg.ctx, irq);
    }
    if (fiq != io->fiq_out) {
        io->fiq_out = fiq;
        if (io->cfg.fiq)
            io->cfg.fiq(io->cfg.ctx, fiq);
    }
}

/* ---- Timers: count down at 2 MHz from the latch; on passing zero they reload and set their
 * IRQ A bit (IOMD data sheet "Timers"; Linux RPC_CLOCK_FREQ). Counting is derived from the
 * time of the last GO, so nothing runs while nobody looks; an event is only queued while the
 * timer's interrupt bit is clear, since a wrap with the bit already set changes nothing. */

static uint64_t timer_period(const iomd_t *io, const iomd_timer_t *t)
{
    return ((uint64_t)t->latch + 1) * io->timer_ticks;
}

static uint16_t timer_count(const iomd_t *io, const iomd_timer_t *t, uint64_t now)
{
    uint64_t elapsed = (now - t->go) / io->timer_ticks;
    return (uint16_t)(t->latch - elapsed % ((uint64_t)t->latch + 1));
}

static uint64_t now(const iomd_t *io) { return *io->cfg.clock; }

static void due_at(iomd_deadline_t *d, uint64_t when)
{
    d->pending = true;
    d->when = when;
}

static void timer_schedule(iomd_t *io, int n)
{
    iomd_timer_t *t = &io->timer[n];
    uint8_t bit = n ? IOMD_IRQA_T1 : IOMD_IRQA_T0;
    if (io->irqa_stat & bit) {
        t->wrap.pending = false;
        return;
    }
    uint64_t period = timer_period(io, t);
    uint64_t k = (now(io) - t->go) / period + 1;
    due_at(&t->wrap, t->go + k * period);
}

static void timer_fire(iomd_t *io, int n)
{
    io->irqa_stat |= n ? IOMD_IRQA_T1 : IOMD_IRQA_T0;
    update_irq(io);
}

/* ---- KART: the keyboard serial port. TX: a written byte shifts out for one frame time, then
 * the device gets it and TX empty returns. RX: when the receive register is free the port
 * accepts the device's next byte, which arrives one frame time later. */

static void kart_poll(iomd_t *io);

static void ktx_done(iomd_t *io)
{
    io->ktx_busy = false;
    io->irqb_stat |= IOMD_IRQB_KTX;
    update_irq(io);
    if (io->cfg.kbd_tx)
        io->cfg.kbd_tx(io->cfg.ctx, io->ktx);
    kart_poll(io);
}

static void krx_done(iomd_t *io)
{
    io->krx_busy = false;
    if (!(io->kctrl & 0x08))
        return;
    io->krx = io->kshift_in;
    io->krx_full = true;
    io->irqb_stat |= IOMD_IRQB_KRX;
    update_irq(io);
}

static void kart_poll(iomd_t *io)
{
    /* The host inhibits the device (clock held low) while the port is disabled, while it
     * transmits and while the receive register is full. */
    if (!(io->kctrl & 0x08) || io->krx_full || io->krx_busy || io->ktx_busy || !io->cfg.kbd_rx)
        return;
    int b = io->cfg.kbd_rx(io->cfg.ctx);
    if (b < 0)
        return;
    io->kshift_in = (uint8_t)b;
    io->krx_busy = true;
    due_at(&io->krx_done, now(io) + io->kart_ticks);
}

void iomd_kbd_poll(iomd_t *io) { kart_poll(io); }

static void kart_enable(iomd_t *io, uint8_t val)
{
    bool was = io->kctrl & 0x08;
    io->kctrl = val & 0x0f;
    if (!(val & 0x08)) {
        /* Disabled: the port is held in reset, both registers empty, no interrupts. */
        io->ktx_done.pending = io->krx_done.pending = false;
        io->ktx_busy = io->krx_busy = io->krx_full = false;
        io->irqb_stat &= (uint8_t)~(IOMD_IRQB_KTX | IOMD_IRQB_KRX);
    } else if (!was) {
        io->irqb_stat |= IOMD_IRQB_KTX;
        kart_poll(io);
    }
    update_irq(io);
}

static uint8_t kctrl_read(const iomd_t *io)
{
    uint8_t v = io->kctrl & 0x08;
    if (!(io->kctrl & 0x01)) v |= 0x01; /* data line level: high unless forced low */
    if (!(io->kctrl & 0x02)) v |= 0x02; /* clock line level */
    if (io->krx_busy) v |= 0x10;
    if (io->krx_full) v |= 0x20;
    if (io->ktx_busy) v |= 0x40;
    if ((io->kctrl & 0x08) && !io->ktx_busy) v |= 0x80;
    /* RXP (bit 2): odd parity of the received byte, as sent by the device */
    if (io->krx_full && !__builtin_parity(io->krx)) v |= 0x04;
    return v;
}

/* ---- Sound DMA (IOMD data sheet "Sound DMA"; the protocol Linux mach-rpc/dma.c drives):
 * two buffers A and B; writing ENDx makes buffer x valid. ST.AB names the buffer in use,
 * ST.INT says one buffer is free for the CPU, ST.OFL that both ran dry. */

static uint8_t dma_status(const iomd_dma_t *d)
{
    int cur = d->st & IOMD_DMA_ST_AB;
    uint8_t st = (uint8_t)cur;
    if (!d->valid[cur]) st |= IOMD_DMA_ST_OFL | IOMD_DMA_ST_INT;
    else if (!d->valid[cur ^ 1]) st |= IOMD_DMA_ST_INT;
    return st;
}

static void sound_update_irq(iomd_t *io)
{
    for (int ch = 0; ch < 2; ch++) {
        uint8_t bit = ch ? IOMD_DMA_SD1 : IOMD_DMA_SD0;
        iomd_dma_t *d = &io->sd[ch];
        d->st = dma_status(d);
        bool req = (d->cr & IOMD_DMA_CR_E) && (d->st & IOMD_DMA_ST_INT);
        io->dma_stat = req ? (io->dma_stat | bit) : (io->dma_stat & (uint8_t)~bit);
    }
    update_irq(io);
}

bool iomd_sound_enabled(const iomd_t *io, int ch) { return (io->sd[ch & 1].cr & IOMD_DMA_CR_E) != 0; }

uint32_t iomd_sound_fetch(iomd_t *io, int ch, uint8_t *dst, uint32_t n)
{
    iomd_dma_t *d = &io->sd[ch & 1];
    uint32_t done = 0;
    if (!(d->cr & IOMD_DMA_CR_E))
        return 0;
    while (done + 16 <= n) {
        int cur = d->st & IOMD_DMA_ST_AB;
        if (!d->valid[cur])
            break;
        uint32_t avail = 0;
        const uint8_t *src = io->cfg.dma_ptr ? io->cfg.dma_ptr(io->cfg.ctx, d->cur[cur] & 0x1ffffff0u, &avail) : NULL;
        if (src && avail >= 16)
            memcpy(dst + done, src, 16);
        else
            memset(dst + done, 0, 16);
        done += 16;
        /* The buffer ends with the quad word at END's page offset (END holds bits 11:4). */
        if ((d->cur[cur] & 0xff0) == (d->end[cur] & 0xff0)) {
            d->valid[cur] = false;
            d->st ^= IOMD_DMA_ST_AB;
            sound_update_irq(io);
        } else {
            d->cur[cur] += 16;
        }
    }
    return done;
}

static uint32_t dma_read(const iomd_dma_t *d, uint32_t reg)
{
    switch (reg) {
    case IOMD_DMA_CURA: return d->cur[0];
    case IOMD_DMA_ENDA: return d->end[0];
    case IOMD_DMA_CURB: return d->cur[1];
    case IOMD_DMA_ENDB: return d->end[1];
    case IOMD_DMA_CR: return d->cr;
    case IOMD_DMA_ST: return dma_status(d);
    default: return 0;
    }
}

static void dma_write(iomd_dma_t *d, uint32_t reg, uint32_t v)
{
    switch (reg) {
    case IOMD_DMA_CURA: d->cur[0] = v & 0x1fffffffu; break;
    case IOMD_DMA_ENDA: d->end[0] = v & 0xc0000fffu; d->valid[0] = true; break;
    case IOMD_DMA_CURB: d->cur[1] = v & 0x1fffffffu; break;
    case IOMD_DMA_ENDB: d->end[1] = v & 0xc0000fffu; d->valid[1] = true; break;
    case IOMD_DMA_CR:
        if (v & IOMD_DMA_CR_C) { /* clear: both buffers invalid, back to buffer A */
            d->valid[0] = d->valid[1] = false;
            d->st = 0;
        }
        d->cr = (uint8_t)(v & 0x7f);
        break;
    default: break;
    }
    d->st = dma_status(d);
}

/* ---- Lifecycle */

void iomd_init(iomd_t *io, const iomd_cfg_t *cfg)
{
    memset(io, 0, sizeof *io);
    io->cfg = *cfg;
    if (!io->cfg.id)
        io->cfg.id = 0xd4e7;
    io->timer_ticks = cfg->ticks_per_second / TIMER_HZ;
    if (!io->timer_ticks)
        io->timer_ticks = 1;
    io->kart_ticks = cfg->ticks_per_second * 11 / KART_BIT_HZ;
    iomd_reset(io);
}

/* Reset values: masks clear, power-on-reset bit set, force bits set (IOMD data sheet). */
void iomd_reset(iomd_t *io)
{
    for (int i = 0; i < 2; i++) {
        io->timer[i].wrap.pending = false;
        io->timer[i].latch = 0;
        io->timer[i].readback = 0;
        io->timer[i].go = now(io);
    }
    io->ktx_done.pending = io->krx_done.pending = false;
    io->iocr = 0xff;
    io->irqa_stat = IOMD_IRQA_POR | IOMD_IRQA_FORCE | (io->irqa_level & 3);
    io->irqb_stat &= (uint8_t)~(IOMD_IRQB_KTX | IOMD_IRQB_KRX);
    io->fiq_stat = (io->fiq_stat & 0x7f) | IOMD_FIQ_FORCE;
    io->irqa_mask = io->irqb_mask = io->fiq_mask = io->dma_mask = 0;
    io->dma_stat &= 0x0f;
    io->kctrl = 0;
    io->ktx_busy = io->krx_busy = io->krx_full = false;
    io->romcr[0] = io->romcr[1] = 0x40; /* slowest ROM access timing, 32-bit */
    io->dramcr = io->vrefcr = io->fsize = 0;
    io->dmatcr = io->iotcr = io->ectcr = io->dmaext = io->clkctl = 0;
    io->mousex = io->mousey = 0;
    memset(io->io, 0, sizeof io->io);
    memset(io->sd, 0, sizeof io->sd);
    for (int i = 0; i < 2; i++)
        io->sd[i].st = dma_status(&io->sd[i]);
    io->curscur = io->cursinit = io->vidcur = io->vidend = io->vidstart = io->vidinit = io->vidcr = 0;
    io->suspended = io->stopped = false;
    timer_schedule(io, 0);
    timer_schedule(io, 1);
    update_irq(io);
}

/* ---- Inputs */

void iomd_irqa_pulse(iomd_t *io, uint8_t bits)
{
    io->irqa_stat |= bits & 0x7c;
    update_irq(io);
}

void iomd_irqa_level(iomd_t *io, uint8_t bit, bool level)
{
    bit &= 3;
    io->irqa_level = level ? (io->irqa_level | bit) : (io->irqa_level & (uint8_t)~bit);
    io->irqa_stat = (uint8_t)((io->irqa_stat & ~3) | io->irqa_level);
    update_irq(io);
}

void iomd_irqb_level(iomd_t *io, uint8_t bit, bool level)
{
    bit &= 0x3f; /* bits 6-7 belong to KART */
    io->irqb_stat = level ? (io->irqb_stat | bit) : (io->irqb_stat & (uint8_t)~bit);
    update_irq(io);
}

void iomd_fiq_level(iomd_t *io, uint8_t bit, bool level)
{
    bit &= 0x7f;
    io->fiq_stat = level ? (io->fiq_stat | bit) : (io->fiq_stat & (uint8_t)~bit);
    update_irq(io);
}

void iomd_dma_level(iomd_t *io, uint8_t bit, bool level)
{
    bit &= 0x0f;
    io->dma_stat = level ? (io->dma_stat | bit) : (io->dma_stat & (uint8_t)~bit);
    update_irq(io);
}

void iomd_set_flyback(iomd_t *io, bool flyback) { io->flyback = flyback; }

void iomd_mouse_move(iomd_t *io, int dx, int dy)
{
    io->mousex = (uint16_t)(io->mousex + dx);
    io->mousey = (uint16_t)(io->mousey + dy);
}

/* ---- Register file */

static uint32_t iocr_read(const iomd_t *io)
{
    /* Bits 0-1: the I²C lines as seen on the bus; 2-5 read back; 6 reads high; 7 flyback. */
    unsigned lines = io->iocr & 3;
    if (io->cfg.i2c)
        lines = io->cfg.i2c(io->cfg.ctx, io->iocr & 2, io->iocr & 1) & 3;
    return (uint32_t)((io->iocr & 0x3c) | 0x40 | (io->flyback ? 0x80 : 0) | lines);
}

uint32_t iomd_peek(const iomd_t *io, uint32_t off)
{
    off &= 0x1fc;
    if (off >= IOMD_IO0CURA && off < IOMD_SD0CURA)
        return dma_read(&io->io[(off - IOMD_IO0CURA) >> 5], off & 0x1f);
    if (off >= IOMD_SD0CURA && off < IOMD_CURSCUR)
        return dma_read(&io->sd[(off - IOMD_SD0CURA) >> 5], off & 0x1f);
    switch (off) {
    case IOMD_IOCR: return iocr_read(io);
    case IOMD_KBDDAT: return io->krx;
    case IOMD_KBDCR: return kctrl_read(io);
    case IOMD_IOLINES: return 0xff;
    case IOMD_IRQSTATA: return io->irqa_stat;
    case IOMD_IRQREQA: return io->irqa_stat & io->irqa_mask;
    case IOMD_IRQMASKA: return io->irqa_mask;
    case IOMD_IRQSTATB: return io->irqb_stat;
    case IOMD_IRQREQB: return io->irqb_stat & io->irqb_mask;
    case IOMD_IRQMASKB: return io->irqb_mask;
    case IOMD_FIQSTAT: return io->fiq_stat;
    case IOMD_FIQREQ: return io->fiq_stat & io->fiq_mask;
    case IOMD_FIQMASK: return io->fiq_mask;
    case IOMD_CLKCTL: return io->clkctl;
    case IOMD_T0CNTL: return io->timer[0].readback & 0xff;
    case IOMD_T0CNTH: return io->timer[0].readback >> 8;
    case IOMD_T1CNTL: return io->timer[1].readback & 0xff;
    case IOMD_T1CNTH: return io->timer[1].readback >> 8;
    case IOMD_ROMCR0: return io->romcr[0];
    case IOMD_ROMCR1: return io->romcr[1];
    case IOMD_DRAMCR: return io->dramcr;
    case IOMD_VREFCR: return io->vrefcr;
    case IOMD_FSIZE: return io->fsize;
    case IOMD_ID0: return io->cfg.id & 0xff;
    case IOMD_ID1: return io->cfg.id >> 8;
    case IOMD_VERSION: return io->cfg.version;
    case IOMD_MOUSEX: return io->mousex;
    case IOMD_MOUSEY: return io->mousey;
    case IOMD_DMATCR: return io->dmatcr;
    case IOMD_IOTCR: return io->iotcr;
    case IOMD_ECTCR: return io->ectcr;
    case IOMD_DMAEXT: return io->dmaext;
    case IOMD_CURSCUR: return io->curscur;
    case IOMD_CURSINIT: return io->cursinit;
    case IOMD_VIDCUR: return io->vidcur;
    case IOMD_VIDEND: return io->vidend;
    case IOMD_VIDSTART: return io->vidstart;
    case IOMD_VIDINIT: return io->vidinit;
    case IOMD_VIDCR: return io->vidcr;
    case IOMD_DMASTAT: return io->dma_stat;
    case IOMD_DMAREQ: return io->dma_stat & io->dma_mask;
    case IOMD_DMAMASK: return io->dma_mask;
    default: return 0;
    }
}

uint32_t iomd_read(iomd_t *io, uint32_t off)
{
    off &= 0x1fc;
    uint32_t v = iomd_peek(io, off);
    if (off == IOMD_KBDDAT && io->krx_full) {
        io->krx_full = false;
        io->irqb_stat &= (uint8_t)~IOMD_IRQB_KRX;
        update_irq(io);
        kart_poll(io);
    }
    return v;
}

void iomd_write(iomd_t *io, uint32_t off, uint32_t v)
{
    off &= 0x1fc;
    uint64_t t = now(io);
    if (off >= IOMD_IO0CURA && off < IOMD_SD0CURA) {
        dma_write(&io->io[(off - IOMD_IO0CURA) >> 5], off & 0x1f, v);
        return;
    }
    if (off >= IOMD_SD0CURA && off < IOMD_CURSCUR) {
        dma_write(&io->sd[(off - IOMD_SD0CURA) >> 5], off & 0x1f, v);
        sound_update_irq(io);
        return;
    }
    switch (off) {
    case IOMD_IOCR:
        io->iocr = (uint8_t)v;
        if (io->cfg.i2c)
            io->cfg.i2c(io->cfg.ctx, v & 2, v & 1);
        break;
    case IOMD_KBDDAT:
        if (!(io->kctrl & 0x08) || io->ktx_busy)
            break; /* a write while busy or disabled is lost */
        io->ktx = (uint8_t)v;
        io->ktx_busy = true;
        io->irqb_stat &= (uint8_t)~IOMD_IRQB_KTX;
        /* Transmitting pre-empts a byte the device had only started to send: the device
         * retries it after the command (PS/2 host-inhibit rule). */
        update_irq(io);
        due_at(&io->ktx_done, t + io->kart_ticks);
        break;
    case IOMD_KBDCR: kart_enable(io, (uint8_t)v); break;
    case IOMD_IRQREQA: /* IRQCLRA: write 1 to clear latched bits */
        io->irqa_stat &= (uint8_t)~(v & 0x7c);
        update_irq(io);
        if (v & IOMD_IRQA_T0) timer_schedule(io, 0);
        if (v & IOMD_IRQA_T1) timer_schedule(io, 1);
        break;
    case IOMD_IRQMASKA: io->irqa_mask = (uint8_t)v; update_irq(io); break;
    case IOMD_IRQMASKB: io->irqb_mask = (uint8_t)v; update_irq(io); break;
    case IOMD_FIQMASK: io->fiq_mask = (uint8_t)v; update_irq(io); break;
    case IOMD_DMAMASK: io->dma_mask = (uint8_t)v & 0x3f; update_irq(io); break;
    case IOMD_SUSPEND: io->suspended = true; break;
    case IOMD_STOP: io->stopped = true; break;
    case IOMD_CLKCTL: io->clkctl = v & 0xff; break;
    case IOMD_T0CNTL: io->timer[0].latch = (uint16_t)((io->timer[0].latch & 0xff00) | (v & 0xff)); break;
    case IOMD_T0CNTH: io->timer[0].latch = (uint16_t)((io->timer[0].latch & 0x00ff) | ((v & 0xff) << 8)); break;
    case IOMD_T1CNTL: io->timer[1].latch = (uint16_t)((io->timer[1].latch & 0xff00) | (v & 0xff)); break;
    case IOMD_T1CNTH: io->timer[1].latch = (uint16_t)((io->timer[1].latch & 0x00ff) | ((v & 0xff) << 8)); break;
    case IOMD_T0GO:
    case IOMD_T1GO: {
        int n = off == IOMD_T1GO;
        io->timer[n].go = t;
        timer_schedule(io, n);
        break;
    }
    case IOMD_T0LATCH:
    case IOMD_T1LATCH: {
        int n = off == IOMD_T1LATCH;
        io->timer[n].readback = timer_count(io, &io->timer[n], t);
        break;
    }
    case IOMD_ROMCR0: io->romcr[0] = v & 0xff; break;
    case IOMD_ROMCR1: io->romcr[1] = v & 0xff; break;
    case IOMD_DRAMCR: io->dramcr = v & 0xff; break;
    case IOMD_VREFCR: io->vrefcr = v & 0x0f; break;
    case IOMD_FSIZE: io->fsize = v & 0xff; break;
    case IOMD_MOUSEX: io->mousex = (uint16_t)v; break;
    case IOMD_MOUSEY: io->mousey = (uint16_t)v; break;
    case IOMD_DMATCR: io->dmatcr = v & 0xff; break;
    case IOMD_IOTCR: io->iotcr = v & 0xff; break;
    case IOMD_ECTCR: io->ectcr = v & 0xff; break;
    case IOMD_DMAEXT: io->dmaext = v & 0xff; break;
    case IOMD_CURSINIT: io->cursinit = v & 0x1ffffff0u; break;
    case IOMD_VIDEND: io->vidend = v & 0x1ffffff0u; break;
    case IOMD_VIDSTART: io->vidstart = v & 0x1ffffff0u; break;
    case IOMD_VIDINIT: io->vidinit = v & 0x1ffffff0u; break;
    case IOMD_VIDCR: io->vidcr = v & 0x7f; break;
    case IOMD_IRQSTATA: case IOMD_IRQSTATB: case IOMD_IRQREQB: case IOMD_FIQSTAT: case IOMD_FIQREQ:
    case IOMD_ID0: case IOMD_ID1: case IOMD_VERSION: case IOMD_DMASTAT: case IOMD_DMAREQ:
    case IOMD_CURSCUR: case IOMD_VIDCUR:
        break; /* read-only */
    default:
        if (!io->logged_unknown) {
            io->logged_unknown = true;
            chip_log(&io->cfg.log, "iomd: write to unemulated register 0x%03x ignored (logged once)", off);
        }
        break;
    }
}

/* ---- Video and cursor DMA */

void iomd_video_frame_start(iomd_t *io)
{
    io->vidcur = io->vidinit;
    io->curscur = io->cursinit;
}

static void copy_phys(iomd_t *io, uint32_t addr, uint8_t *dst, uint32_t n)
{
    while (n) {
        uint32_t avail = 0;
        const uint8_t *src = io->cfg.dma_ptr ? io->cfg.dma_ptr(io->cfg.ctx, addr, &avail) : NULL;
        if (!src || !avail) {
            memset(dst, 0, n);
            return;
        }
        uint32_t k = avail < n ? avail : n;
        memcpy(dst, src, k);
        dst += k;
        addr += k;
        n -= k;
    }
}

bool iomd_video_fetch(iomd_t *io, uint8_t *dst, uint32_t n)
{
    if (!(io->vidcr & IOMD_VIDCR_EN))
        return false;
    /* The buffer's last transfer block starts at VIDEND: 16 bytes from DRAM, a half SAM
     * (VIDCR bits 0-4 × 256 bytes) from VRAM (Linux acornfb programs END = start+size-block). */
    uint32_t block = (io->vidcr & IOMD_VIDCR_DRAM) ? 16 : ((io->vidcr & 0x1f) ? (io->vidcr & 0x1f) * 256u : 16);
    uint32_t limit = io->vidend + block;
    if (io->vidstart >= limit) { /* degenerate programming: no wrap possible */
        copy_phys(io, io->vidcur, dst, n);
        io->vidcur += n;
        return true;
    }
    while (n) {
        if (io->vidcur >= limit || io->vidcur < io->vidstart)
            io->vidcur = io->vidstart;
        uint32_t k = limit - io->vidcur;
        if (k > n)
            k = n;
        copy_phys(io, io->vidcur, dst, k);
        io->vidcur += k;
        dst += k;
        n -= k;
    }
    return true;
}

void iomd_cursor_fetch(iomd_t *io, uint8_t *dst, uint32_t n)
{
    copy_phys(io, io->curscur, dst, n);
    io->curscur += n;
}

/* ---- Timed work */

uint64_t iomd_next_event(const iomd_t *io)
{
    const iomd_deadline_t *d[4] = {&io->timer[0].wrap, &io->timer[1].wrap, &io->ktx_done, &io->krx_done};
    uint64_t next = UINT64_MAX;
    for (int i = 0; i < 4; i++)
        if (d[i]->pending && d[i]->when < next)
            next = d[i]->when;
    return next;
}

/* Each piece of work clears its deadline before it runs (it may set it again). Equal times run
 * in a fixed order: timer 0, timer 1, keyboard TX, keyboard RX. */
void iomd_run_due(iomd_t *io, uint64_t now)
{
    for (uint64_t next; (next = iomd_next_event(io)) <= now;) {
        if (io->timer[0].wrap.pending && io->timer[0].wrap.when == next) {
            io->timer[0].wrap.pending = false;
            timer_fire(io, 0);
        } else if (io->timer[1].wrap.pending && io->timer[1].wrap.when == next) {
            io->timer[1].wrap.pending = false;
            timer_fire(io, 1);
        } else if (io->ktx_done.pending && io->ktx_done.when == next) {
            io->ktx_done.pending = false;
            ktx_done(io);
        } else {
            io->krx_done.pending = false;
            krx_done(io);
        }
    }
}

static void dma_serialize(iomd_dma_t *d, ser_t *s)
{
    ser_u32s(s, d->cur, 2);
    ser_u32s(s, d->end, 2);
    SER(s, d->cr);
    SER(s, d->st);
    ser_bools(s, d->valid, 2);
}

void iomd_serialize(iomd_t *io, ser_t *s)
{
    /* Work read back must be due within a second: the longest IOMD waits is a timer period of
     * 65536 ticks at 2 MHz. */
    uint64_t t = now(io), sec = io->cfg.ticks_per_second;
    SER(s, io->iocr);
    SER(s, io->flyback);
    SER(s, io->irqa_stat);
    SER(s, io->irqa_mask);
    SER(s, io->irqb_stat);
    SER(s, io->irqb_mask);
    SER(s, io->fiq_stat);
    SER(s, io->fiq_mask);
    SER(s, io->dma_stat);
    SER(s, io->dma_mask);
    SER(s, io->irqa_level);
    SER(s, io->irq_out);
    SER(s, io->fiq_out);
    for (int i = 0; i < 2; i++) {
        iomd_timer_t *tm = &io->timer[i];
        SER(s, tm->latch);
        SER(s, tm->readback);
        SER_MAX(s, tm->go, t); /* started no later than now */
        ser_deadline(s, &tm->wrap.pending, &tm->wrap.when, t, sec);
    }
    SER(s, io->kctrl);
    SER(s, io->ktx);
    SER(s, io->krx);
    SER(s, io->kshift_in);
    SER(s, io->ktx_busy);
    SER(s, io->krx_full);
    SER(s, io->krx_busy);
    ser_deadline(s, &io->ktx_done.pending, &io->ktx_done.when, t, sec);
    ser_deadline(s, &io->krx_done.pending, &io->krx_done.when, t, sec);
    ser_u32s(s, io->romcr, 2);
    SER(s, io->dramcr);
    SER(s, io->vrefcr);
    SER(s, io->fsize);
    SER(s, io->dmatcr);
    SER(s, io->iotcr);
    SER(s, io->ectcr);
    SER(s, io->dmaext);
    SER(s, io->clkctl);
    SER(s, io->mousex);
    SER(s, io->mousey);
    for (int i = 0; i < 4; i++)
        dma_serialize(&io->io[i], s);
    for (int i = 0; i < 2; i++)
        dma_serialize(&io->sd[i], s);
    SER(s, io->curscur);
    SER(s, io->cursinit);
    SER(s, io->vidcur);
    SER(s, io->vidend);
    SER(s, io->vidstart);
    SER(s, io->vidinit);
    SER(s, io->vidcr);
    SER(s, io->suspended);
    SER(s, io->stopped);
    SER(s, io->logged_unknown);
}
