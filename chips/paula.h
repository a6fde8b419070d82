/* Paula (8364): interrupt controller, 4 audio channels, disk data path, UART, pot ports.
 * References: Amiga Hardware Reference Manual 3rd ed. (HRM) ch. 5 "Audio Hardware",
 * ch. 7 "System Control Hardware" (interrupts), ch. 8 "Interface Hardware" (disk, serial, pots),
 * appendix A/B (register summary); Linux include/linux/amigahw.h / amigaints.h for the bits.
 *
 * Time: master ticks (28.37516 MHz PAL; a colour clock = 8 ticks). The machine calls
 * paula_advance(now) before every register access and at paula_next_event(), so audio periods,
 * disk words and UART bits are worked out lazily.
 *
 * DMA: as on the real board, Agnus holds the pointers (AUDxLC/AUDxPT, DSKPT) and owns the
 * slots; Paula says in each slot what it wants: paula_disk_slot() (CCKs $07,$09,$0B) and
 * paula_audio_slot()/paula_audio_data() (CCK $0D+2*ch). The machine advances Paula to the slot's
 * tick first. */
#ifndef ARCANA_PAULA_H
#define ARCANA_PAULA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Custom register offsets Paula answers (from DFF000). */
enum {
    PAULA_ADKCONR = 0x010, PAULA_POT0DAT = 0x012, PAULA_POT1DAT = 0x014, PAULA_POTGOR = 0x016,
    PAULA_SERDATR = 0x018, PAULA_DSKBYTR = 0x01A, PAULA_INTENAR = 0x01C, PAULA_INTREQR = 0x01E,
    PAULA_DSKPTH = 0x020, PAULA_DSKPTL = 0x022, PAULA_DSKLEN = 0x024, PAULA_DSKDAT = 0x026,
    PAULA_SERDAT = 0x030, PAULA_SERPER = 0x032, PAULA_POTGO = 0x034, PAULA_DSKSYNC = 0x07E,
    PAULA_INTENA = 0x09A, PAULA_INTREQ = 0x09C, PAULA_ADKCON = 0x09E,
    PAULA_AUD0 = 0x0A0, /* AUDxLCH +0, LCL +2, LEN +4, PER +6, VOL +8, DAT +A; 16 bytes each */
};

/* INTENA/INTREQ bits (HRM table 7-1). */
enum {
    INT_TBE = 1 << 0, INT_DSKBLK = 1 << 1, INT_SOFT = 1 << 2, INT_PORTS = 1 << 3,
    INT_COPER = 1 << 4, INT_VERTB = 1 << 5, INT_BLIT = 1 << 6, INT_AUD0 = 1 << 7,
    INT_RBF = 1 << 11, INT_DSKSYN = 1 << 12, INT_EXTER = 1 << 13, INT_INTEN = 1 << 14,
    INT_SETCLR = 1 << 15,
};

/* DMACON bits Paula cares about. */
enum { PAULA_DMA_AUD0 = 1 << 0, PAULA_DMA_DSK = 1 << 4, PAULA_DMA_EN = 1 << 9 };

#define PAULA_AUDIO_RATE 48000
#define PAULA_AUDIO_BUF 16384 /* stereo frames kept for drain */

typedef struct paula_cfg {
    void *ctx;
    uint64_t ticks_per_second;                 /* master clock (PAL 28375160) */
    void (*ipl)(void *ctx, unsigned level);    /* interrupt level to the CPU changed */
    /* The MFM word under the selected drive's head in word slot `slot` (slot = tick / the word
       time). 0 with no drive, no disk or motor off. */
    uint16_t (*disk_read)(void *ctx, uint64_t slot);
    /* optional: whether a selected drive's motor turns a disk under the head. Without one no
       flux reaches Paula's shifter and the sync comparator never fires (FS-UAE: no DSKSYN with
       DSKSYNC = 0 and the drives off; DiagROM's IRQ test relies on it). */
    bool (*disk_turning)(void *ctx);
    void (*disk_write)(void *ctx, uint64_t slot, uint16_t word);
    void (*disk_write_end)(void *ctx);           /* optional: a write DMA's last word is on the disk */
    void (*serial_out)(void *ctx, uint8_t byte); /* optional */
    bool slow_path; /* filter every output sample in full, no steady-state shortcut (tests) */
} paula_cfg_t;

/* What Paula wants in a DMA slot (the machine maps these onto Agnus's codes). */
enum { PAULA_DISK_IDLE, PAULA_DISK_TO_MEM, PAULA_DISK_FROM_MEM };
enum { PAULA_AUD_FETCH = 1, PAULA_AUD_RELOAD = 2 };

#define PAULA_DISK_FIFO 4

typedef struct paula_audio {
    uint16_t len, count;   /* length register and words left in the block */
    uint16_t per, vol;
    uint16_t dat;          /* AUDxDAT: the buffered next word */
    uint16_t word;         /* word being played */
    bool dat_full;         /* a word is waiting in dat */
    bool want_dma;         /* DMA: asks for a word in its next slot */
    bool reload;           /* DMA: the next fetch restarts the block from AUDxLC */
    bool active;           /* playing (DMA or manual) */
    bool dma;              /* running under DMA */
    bool low;              /* playing the low byte of word */
    bool mod_per_next;     /* attach both: next word goes to period */
    int8_t out;            /* sample on the output */
    uint64_t next;         /* tick when the current byte/period ends */
} paula_audio_t;

typedef struct paula {
    paula_cfg_t cfg;
    uint64_t now;
    uint16_t intena, intreq, ext_level, adkcon, dmacon;
    unsigned ipl;
    paula_audio_t aud[4];
    /* audio output */
    uint64_t sample_index;
    uint64_t next_sample;
    bool led_filter;
    float lp[2], led1[2][2], led2[2][2];
    /* The filters' state stood still for this input and LED setting: every further sample with
       the same input is steady_out (a cache of emit_sample's result, not machine state). */
    bool steady;
    bool steady_led;
    int steady_in[2];
    int16_t steady_out[2];
    int16_t buf[PAULA_AUDIO_BUF][2];
    size_t buf_head, buf_count;
    /* disk */
    uint16_t dsklen, dsksync, dskbyt;
    uint64_t dskbyt_read;  /* index (tick / half a word time) of the byte DSKBYTR last gave */
    uint16_t fifo[PAULA_DISK_FIFO];
    unsigned fifo_n;
    bool dsklen_armed;     /* first DSKLEN write with DMAEN seen */
    bool disk_dma;         /* transfer running */
    bool disk_synced;      /* WORDSYNC seen (or not needed) */
    bool word_equal;
    uint64_t disk_slot;    /* next word slot to process */
    /* UART */
    uint16_t serper, serdatr, serdat_buf;
    bool tx_buf_full, tx_busy;
    uint64_t tx_done;
    /* pots */
    uint16_t potgo, potgor_in;
    uint8_t pot[4];
    bool pot_counting;
} paula_t;

void paula_init(paula_t *p, const paula_cfg_t *cfg);
void paula_reset(paula_t *p);
/* Bring audio, disk and UART up to `now` (master ticks). */
void paula_advance(paula_t *p, uint64_t now);
/* Earliest tick at which Paula has something to do that may raise an interrupt. */
uint64_t paula_next_event(const paula_t *p);
uint16_t paula_read(paula_t *p, unsigned reg);
uint16_t paula_peek(const paula_t *p, unsigned reg);
void paula_write(paula_t *p, unsigned reg, uint16_t value);
/* A disk DMA slot: mem_word is the chip RAM word at DSKPT. Returns PAULA_DISK_TO_MEM (store
   *out at DSKPT), PAULA_DISK_FROM_MEM (mem_word taken for writing) or PAULA_DISK_IDLE. */
int paula_disk_slot(paula_t *p, uint16_t mem_word, uint16_t *out);
/* Audio DMA slot of channel ch: PAULA_AUD_* mask; a FETCH is answered by paula_audio_data. */
unsigned paula_audio_slot(paula_t *p, unsigned ch);
void paula_audio_data(paula_t *p, unsigned ch, uint16_t word);
/* Agnus's DMACON (the bits Paula uses). */
void paula_set_dmacon(paula_t *p, uint16_t dmacon);
/* Interrupt request from another chip (Agnus: VERTB, COPER, BLIT). */
void paula_raise(paula_t *p, uint16_t bits);
/* Level-sensitive inputs INT2 (CIA-A, PORTS) and INT6 (CIA-B, EXTER). */
void paula_set_ext(paula_t *p, uint16_t bit, bool level);
/* Once per scanline: pot counters. */
void paula_hsync(paula_t *p);
/* Pot pins (POTGOR bits 14, 12, 10, 8 = DATRY, DATRX, DATLY, DATLX) as driven from outside
   (e.g. right mouse button pulls DATLY low); the input mask is inverted (1 = pulled low). */
void paula_set_pot_pins_low(paula_t *p, uint16_t low_mask);
/* A byte arrived on RXD. */
void paula_serial_receive(paula_t *p, uint8_t byte);
/* CIA-A PRA bit 1 (/LED): low = power LED bright and the audio filter in. */
void paula_set_led_filter(paula_t *p, bool on);
size_t paula_drain_audio(paula_t *p, int16_t *out, size_t max_frames);

/* Paula's double-density bit cell is 14 CPU clocks (7.09379 MHz / 14 = 506.7 kbit/s, the
   nominal "2 us" MFM cell), so a 16-cell word takes 16 * 14 * 4 = 896 master ticks. */
#define PAULA_DISK_WORD_TICKS 896u

typedef struct ser ser_t;
/* Paula's registers, audio channels, buffered output, disk and UART state, for a save state
 * (machines/state.h). */
void paula_serialize(paula_t *p, ser_t *s);

#endif
