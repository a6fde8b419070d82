#include "chips/paula.h"
#include "machines/state.h"

#include <math.h>
#include <string.h>

enum {
    ADK_WORDSYNC = 1 << 10,
    SERDATR_OVRUN = 1 << 15, SERDATR_RBF = 1 << 14, SERDATR_TBE = 1 << 13,
    SERDATR_TSRE = 1 << 12, SERDATR_RXD = 1 << 11,
    DSKLEN_DMAEN = 1 << 15, DSKLEN_WRITE = 1 << 14,
};

#define TICKS_PER_CC 8u

/* ---- interrupts (HRM ch. 7, "Interrupt priorities") ---- */

static unsigned level_of(uint16_t active)
{
    static const uint16_t masks[7] = {0, 0x0007, 0x0008, 0x0070, 0x0780, 0x1800, 0x2000};
    for (unsigned lvl = 6; lvl > 0; lvl--)
        if (active & masks[lvl])
            return lvl;
    return 0;
}

static void update_ipl(paula_t *p)
{
    unsigned lvl = (p->intena & INT_INTEN) ? level_of(p->intena & p->intreq & 0x3FFF) : 0;
    if (lvl != p->ipl) {
        p->ipl = lvl;
        if (p->cfg.ipl)
            p->cfg.ipl(p->cfg.ctx, lvl);
    }
}

void paula_raise(paula_t *p, uint16_t bits)
{
    p->intreq |= bits & 0x3FFF;
    update_ipl(p);
}

void paula_set_ext(paula_t *p, uint16_t bit, bool level)
{
    if (level) {
        p->ext_level |= bit;
        paula_raise(p, bit);
    } else {
        p->ext_level &= (uint16_t)~bit;
    }
}

/* ---- init ---- */

void paula_init(paula_t *p, const paula_cfg_t *cfg)
{
    memset(p, 0, sizeof *p);
    p->cfg = *cfg;
    if (!p->cfg.ticks_per_second)
        p->cfg.ticks_per_second = 28375160;
    paula_reset(p);
}

void paula_reset(paula_t *p)
{
    uint64_t now = p->now;
    paula_cfg_t cfg = p->cfg;
    uint16_t ext = p->ext_level;
    memset(p, 0, sizeof *p);
    p->cfg = cfg;
    p->now = now;
    p->ext_level = ext;
    p->intreq = ext;
    p->sample_index = now * PAULA_AUDIO_RATE / cfg.ticks_per_second;
    p->next_sample = (p->sample_index + 1) * cfg.ticks_per_second / PAULA_AUDIO_RATE;
    p->disk_slot = now / PAULA_DISK_WORD_TICKS;
    p->potgo = 0;
    p->ipl = 0;
    if (p->cfg.ipl)
        p->cfg.ipl(p->cfg.ctx, 0);
    update_ipl(p);
}

/* ---- audio (HRM ch. 5) ---- */

static uint64_t period_ticks(const paula_audio_t *a) { return (uint64_t)(a->per ? a->per : 65536) * TICKS_PER_CC; }

static bool dma_on(const paula_t *p, int ch)
{
    return (p->dmacon & PAULA_DMA_EN) && (p->dmacon & (PAULA_DMA_AUD0 << ch));
}

/* ADKCON bits 0-3: channel n modulates the volume of n+1; bits 4-7: the period. */
static bool mod_vol(const paula_t *p, int ch) { return p->adkcon & (1u << ch); }
static bool mod_per(const paula_t *p, int ch) { return p->adkcon & (0x10u << ch); }

/* The player needs its next word: from the AUDxDAT buffer, filled by DMA or by the CPU. */
static bool next_word(paula_t *p, int ch)
{
    paula_audio_t *a = &p->aud[ch];
    if (!a->dat_full) {
        if (!a->dma)
            return false;
        a->word = a->dat; /* DMA late: the buffer plays again */
        a->want_dma = true;
        return true;
    }
    a->word = a->dat;
    a->dat_full = false;
    if (a->dma)
        a->want_dma = true;
    else
        paula_raise(p, (uint16_t)(INT_AUD0 << ch)); /* manual mode: ready for another word */
    return true;
}

/* A word arrives at the output stage: to the DAC, or as a modulation value for channel ch+1. */
static void take_word(paula_t *p, int ch)
{
    paula_audio_t *a = &p->aud[ch];
    a->low = false;
    if (mod_vol(p, ch) || mod_per(p, ch)) {
        if (ch < 3) {
            paula_audio_t *b = &p->aud[ch + 1];
            bool to_per = mod_per(p, ch) && (!mod_vol(p, ch) || a->mod_per_next);
            if (to_per)
                b->per = a->word;
            else
                b->vol = a->word & 0x7F;
            a->mod_per_next = mod_vol(p, ch) && mod_per(p, ch) && !a->mod_per_next;
        }
        a->out = 0;
        a->low = true; /* a modulation word lasts one period */
    } else {
        a->out = (int8_t)(a->word >> 8);
    }
    a->next += period_ticks(a);
}

static void channel_start_dma(paula_t *p, int ch)
{
    paula_audio_t *a = &p->aud[ch];
    a->dma = true;
    a->active = false; /* plays once the first word arrives */
    a->want_dma = true;
    a->reload = true;
    a->dat_full = false;
    a->mod_per_next = false;
}

static void begin_playing(paula_t *p, int ch)
{
    paula_audio_t *a = &p->aud[ch];
    a->active = true;
    a->next = p->now;
    if (next_word(p, ch))
        take_word(p, ch);
    else
        a->active = false;
}

unsigned paula_audio_slot(paula_t *p, unsigned ch)
{
    paula_audio_t *a = &p->aud[ch & 3];
    if (!a->dma || !a->want_dma)
        return 0;
    unsigned m = PAULA_AUD_FETCH;
    if (a->reload) {
        /* Restarting the block from AUDxLC: the interrupt tells software it may now set up the
           next block's location and length (HRM ch. 5, "Audio interrupts"). */
        m |= PAULA_AUD_RELOAD;
        a->reload = false;
        a->count = a->len;
        paula_raise(p, (uint16_t)(INT_AUD0 << (ch & 3)));
    }
    return m;
}

void paula_audio_data(paula_t *p, unsigned ch, uint16_t word)
{
    paula_audio_t *a = &p->aud[ch & 3];
    a->dat = word;
    a->dat_full = true;
    a->want_dma = false;
    if (--a->count == 0)
        a->reload = true;
    if (!a->active)
        begin_playing(p, (int)(ch & 3));
}

static void channel_event(paula_t *p, int ch)
{
    paula_audio_t *a = &p->aud[ch];
    if (!a->low) {
        a->low = true;
        a->out = (int8_t)(a->word & 0xFF);
        a->next += period_ticks(a);
        return;
    }
    if (next_word(p, ch))
        take_word(p, ch);
    else
        a->active = false;
}

static int mix_volume(const paula_audio_t *a) { return (a->vol & 0x40) ? 64 : (a->vol & 0x3F); }

static void push_frame(paula_t *p, int16_t left, int16_t right)
{
    size_t idx = (p->buf_head + p->buf_count) % PAULA_AUDIO_BUF;
    if (p->buf_count == PAULA_AUDIO_BUF)
        p->buf_head = (p->buf_head + 1) % PAULA_AUDIO_BUF; /* nobody drains: keep the newest */
    else
        p->buf_count++;
    p->buf[idx][0] = left;
    p->buf[idx][1] = right;
}

static void emit_sample(paula_t *p)
{
    int l = 0, r = 0;
    for (int ch = 0; ch < 4; ch++) {
        const paula_audio_t *a = &p->aud[ch];
        int v = a->out * mix_volume(a) * 2;
        if (ch == 0 || ch == 3)
            l += v;
        else
            r += v;
    }
    if (p->steady && l == p->steady_in[0] && r == p->steady_in[1] && p->led_filter == p->steady_led) {
        push_frame(p, p->steady_out[0], p->steady_out[1]);
        return;
    }
    float before_lp[2], before_led1[2][2], before_led2[2][2];
    memcpy(before_lp, p->lp, sizeof before_lp);
    memcpy(before_led1, p->led1, sizeof before_led1);
    memcpy(before_led2, p->led2, sizeof before_led2);
    /* The A500's fixed output filter: one RC pole near 4.4 kHz; the "LED" filter: a 2-pole
       Butterworth near 3.3 kHz (A500 schematic, audio output stage). */
    const float a1 = 0.43930f; /* 1 - exp(-2*pi*4420/48000) */
    float in[2] = {(float)l, (float)r};
    for (int c = 0; c < 2; c++) {
        p->lp[c] += a1 * (in[c] - p->lp[c]);
        float y = p->lp[c];
        if (p->led_filter) {
            /* bilinear biquad, fc 3275 Hz, Q 0.7071 at 48 kHz */
            const float b0 = 0.034968f, b1 = 0.069935f, b2 = 0.034968f, k1 = -1.405803f, k2 = 0.545674f;
            float x = y;
            y = b0 * x + b1 * p->led1[c][0] + b2 * p->led1[c][1] - k1 * p->led2[c][0] - k2 * p->led2[c][1];
            p->led1[c][1] = p->led1[c][0];
            p->led1[c][0] = x;
            p->led2[c][1] = p->led2[c][0];
            p->led2[c][0] = y;
        }
        long s = lrintf(y);
        in[c] = (float)(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
    }
    /* A filter state that one sample leaves bit-for-bit unchanged is a fixed point: the same
       input gives the same output for ever, so later samples skip the arithmetic. */
    p->steady = !p->cfg.slow_path && !memcmp(before_lp, p->lp, sizeof before_lp) &&
                !memcmp(before_led1, p->led1, sizeof before_led1) && !memcmp(before_led2, p->led2, sizeof before_led2);
    p->steady_led = p->led_filter;
    p->steady_in[0] = l;
    p->steady_in[1] = r;
    p->steady_out[0] = (int16_t)in[0];
    p->steady_out[1] = (int16_t)in[1];
    push_frame(p, (int16_t)in[0], (int16_t)in[1]);
}

static void audio_advance(paula_t *p, uint64_t now)
{
    for (;;) {
        uint64_t t = p->next_sample;
        int which = -1;
        bool playing = false;
        for (int ch = 0; ch < 4; ch++) {
            playing |= p->aud[ch].active;
            if (p->aud[ch].active && p->aud[ch].next < t) {
                t = p->aud[ch].next;
                which = ch;
            }
        }
        if (t > now)
            return;
        p->now = t;
        if (which >= 0) {
            channel_event(p, which);
        } else {
            emit_sample(p);
            p->sample_index++;
            p->next_sample = (p->sample_index + 1) * p->cfg.ticks_per_second / PAULA_AUDIO_RATE;
            /* No channel plays: the input stays as it is until `now`, and a steady filter
               repeats its sample, exactly what emit_sample would give each time. */
            while (!playing && p->steady && p->next_sample <= now) {
                p->now = p->next_sample;
                push_frame(p, p->steady_out[0], p->steady_out[1]);
                p->sample_index++;
                p->next_sample = (p->sample_index + 1) * p->cfg.ticks_per_second / PAULA_AUDIO_RATE;
            }
        }
    }
}

size_t paula_drain_audio(paula_t *p, int16_t *out, size_t max_frames)
{
    size_t n = p->buf_count < max_frames ? p->buf_count : max_frames;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = p->buf[p->buf_head][0];
        out[2 * i + 1] = p->buf[p->buf_head][1];
        p->buf_head = (p->buf_head + 1) % PAULA_AUDIO_BUF;
    }
    p->buf_count -= n;
    return n;
}

void paula_set_led_filter(paula_t *p, bool on) { p->led_filter = on; }

/* ---- disk (HRM ch. 8, "Disk controller") ---- */

static bool disk_dma_enabled(const paula_t *p)
{
    return (p->dmacon & PAULA_DMA_EN) && (p->dmacon & PAULA_DMA_DSK);
}

static void disk_block_done(paula_t *p)
{
    p->disk_dma = false;
    p->dsklen_armed = false;
    paula_raise(p, INT_DSKBLK);
}

static void fifo_push(paula_t *p, uint16_t w)
{
    if (p->fifo_n < PAULA_DISK_FIFO)
        p->fifo[p->fifo_n++] = w;
}

static uint16_t fifo_pop(paula_t *p)
{
    uint16_t w = p->fifo[0];
    memmove(p->fifo, p->fifo + 1, (PAULA_DISK_FIFO - 1) * sizeof p->fifo[0]);
    p->fifo_n--;
    return w;
}

static void count_word(paula_t *p)
{
    p->dsklen = (uint16_t)((p->dsklen & 0xC000) | ((p->dsklen - 1) & 0x3FFF));
    if (!(p->dsklen & 0x3FFF))
        disk_block_done(p);
}

static bool disk_turning(const paula_t *p) { return !p->cfg.disk_turning || p->cfg.disk_turning(p->cfg.ctx); }

/* One MFM word passes the head (every PAULA_DISK_WORD_TICKS). */
static void disk_word(paula_t *p, uint64_t slot)
{
    if (p->dsklen & DSKLEN_WRITE) {
        if (p->fifo_n && p->cfg.disk_write) {
            p->cfg.disk_write(p->cfg.ctx, slot, fifo_pop(p));
            if (!p->disk_dma && !p->fifo_n && p->cfg.disk_write_end)
                p->cfg.disk_write_end(p->cfg.ctx);
        } else if (p->fifo_n)
            fifo_pop(p);
        return;
    }
    uint16_t w = p->cfg.disk_read ? p->cfg.disk_read(p->cfg.ctx, slot) : 0;
    p->dskbyt = w;
    p->word_equal = w == p->dsksync && disk_turning(p);
    if (p->word_equal) {
        paula_raise(p, INT_DSKSYN);
        if (p->disk_dma && !p->disk_synced) {
            p->disk_synced = true; /* the sync word starts the transfer; it is not stored */
            return;
        }
    }
    if (p->disk_dma && p->disk_synced && (p->dsklen & 0x3FFF) > p->fifo_n)
        fifo_push(p, w);
}

int paula_disk_slot(paula_t *p, uint16_t mem_word, uint16_t *out)
{
    if (!p->disk_dma || !(p->dsklen & 0x3FFF))
        return PAULA_DISK_IDLE;
    if (p->dsklen & DSKLEN_WRITE) {
        if (p->fifo_n >= 2)
            return PAULA_DISK_IDLE;
        fifo_push(p, mem_word);
        count_word(p);
        return PAULA_DISK_FROM_MEM;
    }
    if (!p->fifo_n)
        return PAULA_DISK_IDLE;
    *out = fifo_pop(p);
    count_word(p);
    return PAULA_DISK_TO_MEM;
}

static bool disk_watch(const paula_t *p)
{
    return (p->disk_dma && disk_dma_enabled(p)) || p->fifo_n || (p->intena & INT_DSKSYN);
}

static void disk_advance(paula_t *p, uint64_t now)
{
    uint64_t last = now / PAULA_DISK_WORD_TICKS;
    /* Words are only looked at while a transfer runs or software waits for DSKSYN. */
    while (p->disk_slot < last && disk_watch(p)) {
        disk_word(p, p->disk_slot);
        p->disk_slot++;
    }
    p->disk_slot = last;
}

static void write_dsklen(paula_t *p, uint16_t v)
{
    p->dsklen = v;
    if (!(v & DSKLEN_DMAEN)) {
        p->disk_dma = false;
        p->dsklen_armed = false;
        return;
    }
    /* DMA starts on the second consecutive write with DMAEN set (HRM ch. 8). */
    if (p->dsklen_armed) {
        p->disk_dma = true;
        p->fifo_n = 0;
        p->disk_synced = !(p->adkcon & ADK_WORDSYNC) || (v & DSKLEN_WRITE);
        p->disk_slot = p->now / PAULA_DISK_WORD_TICKS + 1;
    }
    p->dsklen_armed = true;
}

/* ---- UART (HRM ch. 8, "Serial port") ---- */

static void tx_start(paula_t *p)
{
    uint16_t v = p->serdat_buf;
    p->tx_buf_full = false;
    p->tx_busy = true;
    unsigned bits = 1; /* start bit, then everything up to the last stop bit */
    for (unsigned b = 0; b < 16; b++)
        if (v & (1u << b))
            bits = b + 2;
    p->tx_done = p->now + (uint64_t)bits * ((p->serper & 0x7FFF) + 1u) * TICKS_PER_CC;
    if (p->cfg.serial_out)
        p->cfg.serial_out(p->cfg.ctx, (uint8_t)v);
    paula_raise(p, INT_TBE);
}

static void uart_advance(paula_t *p, uint64_t now)
{
    while (p->tx_busy && p->tx_done <= now) {
        p->now = p->tx_done;
        p->tx_busy = false;
        if (p->tx_buf_full)
            tx_start(p);
    }
}

void paula_serial_receive(paula_t *p, uint8_t byte)
{
    uint16_t ov = (p->intreq & INT_RBF) ? SERDATR_OVRUN : 0;
    p->serdatr = (uint16_t)(ov | 0x100 | byte); /* stop bit above 8 data bits */
    paula_raise(p, INT_RBF);
}

/* ---- pots (HRM ch. 8, "Proportional controller") ---- */

void paula_set_pot_pins_low(paula_t *p, uint16_t low_mask) { p->potgor_in = low_mask & 0x5500; }

static uint16_t potgor(const paula_t *p)
{
    uint16_t v = 0;
    for (int pin = 0; pin < 4; pin++) {
        uint16_t out = (uint16_t)(0x200u << (2 * pin)), dat = (uint16_t)(0x100u << (2 * pin));
        bool high = (p->potgo & out) ? (p->potgo & dat) != 0 : !(p->potgor_in & dat);
        if (high)
            v |= dat;
    }
    return v;
}

void paula_hsync(paula_t *p)
{
    if (!p->pot_counting)
        return;
    /* A counter runs until its pin's capacitor charges; a pin held low never gets there. */
    uint16_t levels = potgor(p);
    bool any = false;
    for (int pin = 0; pin < 4; pin++) {
        if (!(levels & (0x100u << (2 * pin)))) {
            p->pot[pin]++;
            any = true;
        }
    }
    p->pot_counting = any;
}

/* ---- time ---- */

void paula_advance(paula_t *p, uint64_t now)
{
    if (now < p->now)
        return;
    uart_advance(p, now);
    disk_advance(p, now);
    audio_advance(p, now);
    p->now = now;
}

uint64_t paula_next_event(const paula_t *p)
{
    uint64_t t = UINT64_MAX;
    for (int ch = 0; ch < 4; ch++)
        if (p->aud[ch].active && p->aud[ch].next < t)
            t = p->aud[ch].next;
    if (p->tx_busy && p->tx_done < t)
        t = p->tx_done;
    if (disk_watch(p)) {
        uint64_t d = (p->disk_slot + 1) * PAULA_DISK_WORD_TICKS;
        if (d < t)
            t = d;
    }
    return t;
}

void paula_set_dmacon(paula_t *p, uint16_t dmacon)
{
    uint16_t old = p->dmacon;
    p->dmacon = dmacon;
    for (int ch = 0; ch < 4; ch++) {
        bool was = (old & PAULA_DMA_EN) && (old & (PAULA_DMA_AUD0 << ch));
        bool is = dma_on(p, ch);
        if (is && !was) {
            channel_start_dma(p, ch);
        } else if (!is && was) {
            p->aud[ch].dma = false;
            p->aud[ch].active = false;
        }
    }
}

/* ---- registers ---- */

uint16_t paula_peek(const paula_t *p, unsigned reg)
{
    switch (reg & 0x1FE) {
    case PAULA_ADKCONR: return p->adkcon;
    case PAULA_POT0DAT: return (uint16_t)(p->pot[1] << 8 | p->pot[0]);
    case PAULA_POT1DAT: return (uint16_t)(p->pot[3] << 8 | p->pot[2]);
    case PAULA_POTGOR: return potgor(p);
    case PAULA_SERDATR:
        return (uint16_t)((p->serdatr & (SERDATR_OVRUN | 0x3FF)) | ((p->intreq & INT_RBF) ? SERDATR_RBF : 0) |
                          (p->tx_buf_full ? 0 : SERDATR_TBE) | (p->tx_busy ? 0 : SERDATR_TSRE) | SERDATR_RXD);
    case PAULA_DSKBYTR: {
        bool dma = p->disk_dma && disk_dma_enabled(p);
        unsigned half = (unsigned)((p->now % PAULA_DISK_WORD_TICKS) * 2 / PAULA_DISK_WORD_TICKS);
        uint8_t byte = (uint8_t)(half ? p->dskbyt : p->dskbyt >> 8);
        return (uint16_t)(0x8000 | (dma ? 0x4000 : 0) | ((p->dsklen & DSKLEN_WRITE) ? 0x2000 : 0) |
                          (p->word_equal ? 0x1000 : 0) | byte);
    }
    case PAULA_INTENAR: return p->intena;
    case PAULA_INTREQR: return p->intreq;
    default: return 0xFFFF;
    }
}

/* DSKBYTR as the CPU reads it: the byte that last came off the disk, DSKBYT set only the first
   time a byte is read (HRM ch. 8, "Disk byte register"). Bytes arrive every 8 cells (16 us). */
static uint16_t read_dskbytr(paula_t *p)
{
    const uint64_t half = PAULA_DISK_WORD_TICKS / 2;
    uint64_t idx = p->now / half;
    if (idx == 0)
        return paula_peek(p, PAULA_DSKBYTR) & 0x7F00;
    uint64_t b = idx - 1; /* the last complete byte */
    uint16_t w = p->cfg.disk_read ? p->cfg.disk_read(p->cfg.ctx, b / 2) : 0;
    uint8_t byte = (uint8_t)((b & 1) ? w : w >> 8);
    bool fresh = b != p->dskbyt_read;
    p->dskbyt_read = b;
    uint16_t flags = paula_peek(p, PAULA_DSKBYTR) & 0x6000;
    if (w == p->dsksync && disk_turning(p))
        flags |= 0x1000; /* WORDEQUAL: the sync word has just passed */
    return (uint16_t)((fresh ? 0x8000 : 0) | flags | byte);
}

uint16_t paula_read(paula_t *p, unsigned reg)
{
    if ((reg & 0x1FE) == PAULA_DSKBYTR)
        return read_dskbytr(p);
    return paula_peek(p, reg);
}

static void write_audio(paula_t *p, unsigned reg, uint16_t v)
{
    int ch = (int)((reg - PAULA_AUD0) >> 4);
    paula_audio_t *a = &p->aud[ch];
    switch (reg & 0xF) {
    case 0x4: a->len = v; break;
    case 0x6: a->per = v; break;
    case 0x8: a->vol = v & 0x7F; break;
    case 0xA:
        a->dat = v;
        if (!a->dma) {
            a->dat_full = true;
            if (!a->active)
                begin_playing(p, ch);
        }
        break;
    default: break;
    }
}

static uint16_t setclr(uint16_t reg, uint16_t v)
{
    return (v & INT_SETCLR) ? (uint16_t)(reg | (v & 0x7FFF)) : (uint16_t)(reg & ~v);
}

void paula_write(paula_t *p, unsigned reg, uint16_t v)
{
    reg &= 0x1FE;
    if (reg >= PAULA_AUD0 && reg < PAULA_AUD0 + 0x40) {
        write_audio(p, reg, v);
        return;
    }
    switch (reg) {
    case PAULA_DSKLEN: write_dsklen(p, v); break;
    case PAULA_DSKSYNC: p->dsksync = v; break;
    case PAULA_SERDAT:
        p->serdat_buf = v;
        p->tx_buf_full = true;
        if (!p->tx_busy)
            tx_start(p);
        break;
    case PAULA_SERPER: p->serper = v; break;
    case PAULA_POTGO:
        p->potgo = v & 0xFF00;
        if (v & 1) {
            memset(p->pot, 0, sizeof p->pot);
            p->pot_counting = true;
        }
        break;
    case PAULA_INTENA:
        p->intena = setclr(p->intena, v) & 0x7FFF;
        update_ipl(p);
        break;
    case PAULA_INTREQ:
        /* A level input still asserted keeps its request bit set. */
        p->intreq = (uint16_t)((setclr(p->intreq, v) | p->ext_level) & 0x3FFF);
        update_ipl(p);
        break;
    case PAULA_ADKCON: p->adkcon = setclr(p->adkcon, v) & 0x7FFF; break;
    default: break;
    }
}

/* ---- save states (machines/state.h) ---- */

void paula_serialize(paula_t *p, ser_t *s)
{
    if (s->mode == SER_LOAD)
        p->steady = false; /* a loaded filter state has not been seen to stand still */
    SER(s, p->now);
    SER(s, p->intena);
    SER(s, p->intreq);
    SER(s, p->ext_level);
    SER(s, p->adkcon);
    SER(s, p->dmacon);
    SER_MAX(s, p->ipl, 7);
    for (int i = 0; i < 4 && ser_ok(s); i++) {
        paula_audio_t *a = &p->aud[i];
        SER(s, a->len);
        SER(s, a->count);
        SER(s, a->per);
        SER(s, a->vol);
        SER(s, a->dat);
        SER(s, a->word);
        SER(s, a->dat_full);
        SER(s, a->want_dma);
        SER(s, a->reload);
        SER(s, a->active);
        SER(s, a->dma);
        SER(s, a->low);
        SER(s, a->mod_per_next);
        SER(s, a->out);
        SER(s, a->next);
    }
    SER(s, p->sample_index);
    SER(s, p->next_sample);
    SER(s, p->led_filter);
    for (int c = 0; c < 2; c++) {
        SER(s, p->lp[c]);
        for (int k = 0; k < 2; k++) {
            SER(s, p->led1[c][k]);
            SER(s, p->led2[c][k]);
        }
    }
    SER_MAX(s, p->buf_head, PAULA_AUDIO_BUF - 1);
    SER_MAX(s, p->buf_count, PAULA_AUDIO_BUF);
    /* Only the frames not yet drained, oldest first. */
    for (size_t i = 0; i < p->buf_count && ser_ok(s); i++) {
        size_t k = (p->buf_head + i) % PAULA_AUDIO_BUF;
        SER(s, p->buf[k][0]);
        SER(s, p->buf[k][1]);
    }
    SER(s, p->dsklen);
    SER(s, p->dsksync);
    SER(s, p->dskbyt);
    SER(s, p->dskbyt_read);
    ser_u16s(s, p->fifo, PAULA_DISK_FIFO);
    SER_MAX(s, p->fifo_n, PAULA_DISK_FIFO);
    SER(s, p->dsklen_armed);
    SER(s, p->disk_dma);
    SER(s, p->disk_synced);
    SER(s, p->word_equal);
    SER(s, p->disk_slot);
    SER(s, p->serper);
    SER(s, p->serdatr);
    SER(s, p->serdat_buf);
    SER(s, p->tx_buf_full);
    SER(s, p->tx_busy);
    SER(s, p->tx_done);
    SER(s, p->potgo);
    SER(s, p->potgor_in);
    ser_bytes(s, p->pot, 4);
    SER(s, p->pot_counting);
}
