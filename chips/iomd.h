/* Acorn IOMD (ARM7500FE / IOMD data sheets, Linux arch/arm/include/asm/hardware/iomd.h):
 * the RiscPC's I/O controller at 0x03200000. Interrupt controller (IRQ A/B, FIQ, DMA), two
 * 2 MHz timers, the control register with the I²C lines, the PS/2 keyboard port (KART),
 * quadrature mouse counters, memory-system registers, the ID registers, I/O and sound DMA
 * channel registers (sound DMA with its double-buffer state machine) and video/cursor DMA.
 * Registers are byte or word wide on a 32-bit stride; reads return 32 bits.
 *
 * Time: the machine's clock (cfg.clock, master ticks) must be current whenever a register is
 * accessed or an input changes. IOMD's own timed work (timer wraps, keyboard port frames) is
 * due at iomd_next_event(); the machine runs it with iomd_run_due() at that time, and asks for
 * the next time again after every call into IOMD (the Amiga chips' pattern). */
#ifndef ARCANA_IOMD_H
#define ARCANA_IOMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chips/chip_log.h"


/* Register offsets (IOMD data sheet §"Register summary"; Linux iomd.h). */
enum {
    IOMD_IOCR = 0x00, IOMD_KBDDAT = 0x04, IOMD_KBDCR = 0x08, IOMD_IOLINES = 0x0c,
    IOMD_IRQSTATA = 0x10, IOMD_IRQREQA = 0x14, IOMD_IRQMASKA = 0x18, IOMD_SUSPEND = 0x1c,
    IOMD_IRQSTATB = 0x20, IOMD_IRQREQB = 0x24, IOMD_IRQMASKB = 0x28, IOMD_STOP = 0x2c,
    IOMD_FIQSTAT = 0x30, IOMD_FIQREQ = 0x34, IOMD_FIQMASK = 0x38, IOMD_CLKCTL = 0x3c,
    IOMD_T0CNTL = 0x40, IOMD_T0CNTH = 0x44, IOMD_T0GO = 0x48, IOMD_T0LATCH = 0x4c,
    IOMD_T1CNTL = 0x50, IOMD_T1CNTH = 0x54, IOMD_T1GO = 0x58, IOMD_T1LATCH = 0x5c,
    IOMD_ROMCR0 = 0x80, IOMD_ROMCR1 = 0x84, IOMD_DRAMCR = 0x88, IOMD_VREFCR = 0x8c,
    IOMD_FSIZE = 0x90, IOMD_ID0 = 0x94, IOMD_ID1 = 0x98, IOMD_VERSION = 0x9c,
    IOMD_MOUSEX = 0xa0, IOMD_MOUSEY = 0xa4, IOMD_MSEDAT = 0xa8, IOMD_MSECR = 0xac,
    IOMD_DMATCR = 0xc0, IOMD_IOTCR = 0xc4, IOMD_ECTCR = 0xc8, IOMD_DMAEXT = 0xcc,
    IOMD_IO0CURA = 0x100, IOMD_SD0CURA = 0x180, IOMD_SD1CURA = 0x1a0,
    IOMD_CURSCUR = 0x1c0, IOMD_CURSINIT = 0x1c4, IOMD_VIDCUR = 0x1d0, IOMD_VIDEND = 0x1d4,
    IOMD_VIDSTART = 0x1d8, IOMD_VIDINIT = 0x1dc, IOMD_VIDCR = 0x1e0,
    IOMD_DMASTAT = 0x1f0, IOMD_DMAREQ = 0x1f4, IOMD_DMAMASK = 0x1f8,
};

/* IRQ A bits: 0 printer, 1 battery low, 2 floppy index, 3 VSYNC, 4 power-on reset, 5 timer 0,
 * 6 timer 1, 7 force (always 1). Bits 2-6 are latched (cleared by writing IRQREQA). */
enum { IOMD_IRQA_PRINTER = 0x01, IOMD_IRQA_BATLOW = 0x02, IOMD_IRQA_INDEX = 0x04, IOMD_IRQA_VSYNC = 0x08,
       IOMD_IRQA_POR = 0x10, IOMD_IRQA_T0 = 0x20, IOMD_IRQA_T1 = 0x40, IOMD_IRQA_FORCE = 0x80 };
/* IRQ B (all level): 0 podule FIQ-as-IRQ, 1 IDE, 2 serial, 3 network slot, 4 floppy,
 * 5 podule IRQ, 6 keyboard TX empty, 7 keyboard RX full. */
enum { IOMD_IRQB_PFIQ = 0x01, IOMD_IRQB_IDE = 0x02, IOMD_IRQB_SERIAL = 0x04, IOMD_IRQB_NET = 0x08,
       IOMD_IRQB_FLOPPY = 0x10, IOMD_IRQB_PODULE = 0x20, IOMD_IRQB_KTX = 0x40, IOMD_IRQB_KRX = 0x80 };
/* FIQ: 0 floppy data request, 2 econet, 4 serial, 6 podule FIQ, 7 force. */
enum { IOMD_FIQ_FLOPPY = 0x01, IOMD_FIQ_ECONET = 0x04, IOMD_FIQ_SERIAL = 0x10, IOMD_FIQ_PODULE = 0x40,
       IOMD_FIQ_FORCE = 0x80 };
/* DMA: 0-3 I/O channels, 4-5 sound channels. */
enum { IOMD_DMA_SD0 = 0x10, IOMD_DMA_SD1 = 0x20 };
/* DMA channel register offsets within a channel and their bits (Linux mach-rpc/dma.c). */
enum { IOMD_DMA_CURA = 0x00, IOMD_DMA_ENDA = 0x04, IOMD_DMA_CURB = 0x08, IOMD_DMA_ENDB = 0x0c,
       IOMD_DMA_CR = 0x10, IOMD_DMA_ST = 0x14 };
enum { IOMD_DMA_ST_AB = 1, IOMD_DMA_ST_INT = 2, IOMD_DMA_ST_OFL = 4 };
enum { IOMD_DMA_CR_C = 0x80, IOMD_DMA_CR_D = 0x40, IOMD_DMA_CR_E = 0x20 };
#define IOMD_DMA_END_S 0x80000000u
#define IOMD_DMA_END_L 0x40000000u
/* VIDCR: bit 5 enable, bit 6 DRAM (clear: VRAM), bits 0-4 VRAM SAM increment. */
enum { IOMD_VIDCR_EN = 0x20, IOMD_VIDCR_DRAM = 0x40 };

typedef struct iomd_cfg {
    const uint64_t *clock;        /* the machine's time in master ticks (see above) */
    uint64_t ticks_per_second;    /* master clock; must be a multiple of 2 MHz */
    void *ctx;
    void (*irq)(void *ctx, bool level);
    void (*fiq)(void *ctx, bool level);
    /* I²C: the lines IOMD drives (open drain, true = released); returns the bus levels as
     * bit0 SDA, bit1 SCL after the devices have had their say. NULL: lines read as driven. */
    unsigned (*i2c)(void *ctx, bool scl, bool sda);
    void (*kbd_tx)(void *ctx, uint8_t byte);   /* KART sent a byte to the keyboard */
    int (*kbd_rx)(void *ctx);                  /* next byte from the keyboard, -1 none */
    /* DMA memory access: host pointer for physical `addr` and the contiguous bytes there
     * (*avail), NULL if not memory. Used by video, cursor and sound DMA. */
    const uint8_t *(*dma_ptr)(void *ctx, uint32_t addr, uint32_t *avail);
    uint16_t id;                  /* 0xD4E7 = IOMD (RiscPC), 0x5B98 = ARM7500 */
    uint8_t version;
    chip_log_t log;               /* "register not emulated" messages */
} iomd_cfg_t;

/* Something IOMD has to do at a given time. */
typedef struct iomd_deadline {
    bool pending;
    uint64_t when;
} iomd_deadline_t;

typedef struct iomd_timer {
    uint16_t latch;        /* reload value written through CNTL/CNTH */
    uint16_t readback;     /* count captured by the LATCH command */
    uint64_t go;           /* time of the last GO (or reset) */
    iomd_deadline_t wrap;  /* the next wrap, queued only while the timer's IRQ bit is clear */
} iomd_timer_t;

typedef struct iomd_dma {
    uint32_t cur[2], end[2];
    uint8_t cr, st;
    bool valid[2];
} iomd_dma_t;

typedef struct iomd {
    iomd_cfg_t cfg;
    uint64_t timer_ticks;  /* master ticks per 2 MHz timer tick */
    uint64_t kart_ticks;   /* master ticks per PS/2 byte (11 bits at ~12.5 kHz) */
    uint8_t iocr;          /* written bits of the control register */
    bool flyback;
    uint8_t irqa_stat, irqa_mask, irqb_stat, irqb_mask, fiq_stat, fiq_mask, dma_stat, dma_mask;
    uint8_t irqa_level;    /* level inputs of IRQ A (bits 0-1) */
    bool irq_out, fiq_out;
    iomd_timer_t timer[2];
    /* KART */
    uint8_t kctrl, ktx, krx, kshift_in;
    bool ktx_busy, krx_full, krx_busy;
    iomd_deadline_t ktx_done, krx_done; /* end of the frame being sent / received */
    uint32_t romcr[2], dramcr, vrefcr, fsize, dmatcr, iotcr, ectcr, dmaext, clkctl;
    uint16_t mousex, mousey;
    iomd_dma_t io[4], sd[2];
    uint32_t curscur, cursinit, vidcur, vidend, vidstart, vidinit, vidcr;
    bool suspended, stopped;
    bool logged_unknown;
} iomd_t;

void iomd_init(iomd_t *io, const iomd_cfg_t *cfg);
void iomd_reset(iomd_t *io);
uint32_t iomd_read(iomd_t *io, uint32_t offset);
void iomd_write(iomd_t *io, uint32_t offset, uint32_t value);
uint32_t iomd_peek(const iomd_t *io, uint32_t offset);
/* Time of IOMD's next timed work (UINT64_MAX: none), and running everything due by `now` in
 * time order (the machine's clock must read `now`). */
uint64_t iomd_next_event(const iomd_t *io);
void iomd_run_due(iomd_t *io, uint64_t now);

typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void iomd_serialize(iomd_t *io, ser_t *s);
/* Inputs from the rest of the machine. */
void iomd_irqa_pulse(iomd_t *io, uint8_t bits);            /* latched IRQ A sources (VSYNC, index) */
void iomd_irqa_level(iomd_t *io, uint8_t bit, bool level); /* printer, battery low */
void iomd_irqb_level(iomd_t *io, uint8_t bit, bool level);
void iomd_fiq_level(iomd_t *io, uint8_t bit, bool level);
void iomd_dma_level(iomd_t *io, uint8_t bit, bool level);  /* I/O DMA channel requests */
void iomd_set_flyback(iomd_t *io, bool flyback);            /* VIDC20 vertical flyback */
void iomd_kbd_poll(iomd_t *io);     /* the keyboard has data: start a receive if the port is free */
void iomd_mouse_move(iomd_t *io, int dx, int dy);           /* quadrature counters */

/* Video DMA (IOMD data sheet, "Video and cursor DMA"): start of frame reloads VIDCUR from
 * VIDINIT; each fetch continues from there, wrapping from the block at VIDEND to VIDSTART.
 * Fills dst with n bytes (zeros where the address is not memory). Returns false if video DMA
 * is disabled. */
void iomd_video_frame_start(iomd_t *io);
bool iomd_video_fetch(iomd_t *io, uint8_t *dst, uint32_t n);
/* Cursor DMA: n bytes of cursor image from CURSINIT onwards. */
void iomd_cursor_fetch(iomd_t *io, uint8_t *dst, uint32_t n);
/* Sound DMA channel `ch` (0 = SD0): fetches n bytes (multiple of 16) of sample data,
 * switching buffers and raising the DMA interrupt as buffers finish. Returns the bytes
 * delivered (fewer when both buffers ran dry: the rest is zero-filled by the caller). */
uint32_t iomd_sound_fetch(iomd_t *io, int ch, uint8_t *dst, uint32_t n);
bool iomd_sound_enabled(const iomd_t *io, int ch);

#endif
