/* Agnus (MOS 8371 OCS / 8372A ECS "Fat Agnus"): beam counters, the chip-bus DMA sequencer and
 * the copper (chips/copper.{h,c}, a part of Agnus). References: Amiga Hardware Reference Manual,
 * 3rd ed. (HRM) ch. 2 (copper), ch. 6 fig. 6-9 (DMA time slot allocation), appendix A/B
 * (registers).
 *
 * ---- Contract with the machine (machines/a500.c) -------------------------------------------
 * Time: ticks of the 28.37516 MHz master clock; CPU cycle = 4 ticks, colour clock (CCK) =
 * 8 ticks. CCK n covers ticks [8n, 8n+8). A PAL line has 227 CCKs (hpos $00..$E2), a frame
 * 313 lines when LOF=1 (long frame), 312 when LOF=0; LOF toggles every frame only in interlace
 * (BPLCON0 LACE). NTSC (cfg.ntsc; on the 8372A BEAMCON0 bit 5 clear): 262/263 lines, lines
 * alternate 227/228 CCKs (LOL).
 *
 * Agnus owns the chip bus and gives every CCK to exactly one owner, in the priority order of
 * the hardware: refresh ($01,$03,$05,$E2), disk ($07,$09,$0B), audio ($0D..$13), bitplanes
 * (DDFSTRT..DDFSTOP, taking sprite slots when they overlap), sprites ($15..$33), copper (even
 * CCKs), blitter, and finally the CPU.
 *
 *  - agnus_run_until(a, t): the machine calls this before every CPU access to chip RAM or a
 *    custom register (and at least once per instruction, so interrupts are raised on time): it
 *    executes every CCK that starts before tick t.
 *  - agnus_cpu_slot(a, t): then, for a CPU access to chip RAM or a custom register wanted at
 *    tick t, returns the start tick (a multiple of 8, >= t) of the first CCK the CPU gets. All
 *    CCKs before it are executed (DMA, copper, blitter run on); that CCK is marked as the
 *    CPU's, so the blitter cannot use it. The machine stretches the 68000 bus cycle by the
 *    difference (wait states) and performs the access itself (chip RAM or custom register
 *    dispatch) at the returned time; that CCK's pixels are drawn after the access, so a
 *    colour the CPU writes shows from that CCK on, as a copper MOVE in it would. A non-nasty
 *    blitter (DMACON BLTPRI=0) leaves the CPU the next free CCK once it has waited 2 (HRM
 *    ch. 6 "Blitter DMA priority"). VPOSR/VHPOSR read the counters 5 CCKs after the access.
 *  - Custom registers: the machine decodes $DFF000-$DFF1FE and calls agnus_write/agnus_read
 *    with the register offset ($000..$1FE) for Agnus's registers (agnus_owns_reg() says which).
 *    Registers the HRM marks "A D" (BPLCON0, DIWSTRT, DIWSTOP, SPRxPOS, SPRxCTL, ECS DIWHIGH)
 *    must be written to both Agnus and Denise. Blitter registers (BLTCON0..BLTSIZE, BLTxPT,
 *    BLTxMOD, BLTxDAT, ECS BLTCON0L/BLTSIZV/BLTSIZH) go to the blitter (chips/blitter).
 *    DMACONR's BBUSY/BZERO come from cfg.blit_status. Writes take effect after the
 *    hardware's latch delay (DMACON 2 CCKs, BPLEN 3 more for the fetch logic; BPLCON0, DIW*,
 *    DDF* 4; pointers, modulos, SPRxPOS/CTL 2); agnus_write queues them.
 *  - Copper MOVEs and DMA data (BPLxDAT, SPRxPOS/CTL/DATA/DATB) leave Agnus through
 *    cfg.reg_write(ctx, reg, value): the machine's custom register dispatch, the same one the
 *    CPU uses (DMA data words all go to Denise; a copper MOVE to an Agnus register comes back
 *    through the dispatch to agnus_write, a MOVE to COPJMPx restarts the copper from there).
 *  - Per CCK, after the slot's DMA, Agnus calls cfg.cck(ctx): the machine calls denise_cck()
 *    (Denise draws that CCK's 4 hires pixels); a stretch of CCKs in which nothing but pixels
 *    happens (no DMA for Denise, copper quiet, no register write due; the blitter may run) goes
 *    to cfg.ccks at once. At the start of every line cfg.hsync(ctx, vpos,
 *    vdiw, line_len) (-> denise_hsync; CIA-B TOD, Paula's per-line work); in CCK $12 of
 *    line 0, when Denise has finished the last row of the frame, cfg.vsync(ctx, lof, lace)
 *    (-> denise_vsync: the frame is complete in Denise's framebuffer; CIA-A TOD).
 *  - Interrupts: cfg.irq(ctx, bits) sets INTREQ bits in Paula: VERTB in CCK 0 of line 0
 *    (copper MOVEs to INTREQ, e.g. COPER, go through reg_write).
 *  - Disk DMA: at CCKs $07,$09,$0B with DMAEN+DSKEN, cfg.disk_slot(ctx, mem_word, &out) is
 *    asked; mem_word is the chip RAM word at DSKPT. Paula returns AGNUS_DISK_IDLE, AGNUS_DISK_
 *    TO_MEM (disk read: `out` is stored at DSKPT) or AGNUS_DISK_FROM_MEM (disk write: Paula
 *    consumed mem_word); for the last two DSKPT advances by 2.
 *  - Audio DMA: at CCK $0D+2*ch with DMAEN+AUDxEN, cfg.audio_slot(ctx, ch) returns a mask of
 *    AGNUS_AUD_RELOAD (copy AUDxLC into the pointer first: Paula's "DMA restart") and
 *    AGNUS_AUD_FETCH (read the word at the pointer, advance it by 2 and hand it to
 *    cfg.audio_data(ctx, ch, word)). agnus_audio_reload() is the same reload, for Paula's state
 *    machine when it restarts outside a slot.
 *  - Blitter: the blitter's sequencer is stepped by Agnus once per CCK while DMAEN+BLTEN:
 *    cfg.blit_cck(ctx, bus_free) (the machine calls blitter_cck()). It returns true if it
 *    used the bus in that CCK. cfg.blit_status(ctx) returns AGNUS_BLIT_BUSY|AGNUS_BLIT_ZERO
 *    bits for DMACONR and the copper's blitter-finished wait.
 *
 * Chip RAM: cfg.chip_ram (host pointer, big-endian words as the 68000 sees them) and
 * cfg.chip_mask (size-1, e.g. 0x7FFFF for 512 KB). The 8371 drives 19 address bits (512 KB),
 * the 8372A 20 (1 MB): pointers are masked with the smaller of the chip's reach and chip_mask.
 */
#ifndef ARCANA_AGNUS_H
#define ARCANA_AGNUS_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/chip_log.h"

#include "chips/copper.h"

#define AGNUS_TICKS_PER_CCK 8
#define AGNUS_PAL_LINES_LONG 313
#define AGNUS_NTSC_LINES_LONG 263
#define AGNUS_CCKS_PER_LINE 227 /* PAL, and NTSC short lines */
#define AGNUS_PENDING 16

typedef enum agnus_model { AGNUS_OCS_8371, AGNUS_ECS_8372A } agnus_model_t;

enum { AGNUS_DISK_IDLE, AGNUS_DISK_TO_MEM, AGNUS_DISK_FROM_MEM };
enum { AGNUS_AUD_FETCH = 1, AGNUS_AUD_RELOAD = 2 };
enum { AGNUS_BLIT_BUSY = 1, AGNUS_BLIT_ZERO = 2 };

/* Owners of a CCK slot (agnus_t.slot_owner[] of the current line, for tests and debuggers). */
typedef enum agnus_owner {
    AGNUS_FREE, AGNUS_REFRESH, AGNUS_DISK, AGNUS_AUDIO, AGNUS_SPRITE, AGNUS_BITPLANE,
    AGNUS_COPPER, AGNUS_BLITTER, AGNUS_CPU
} agnus_owner_t;

/* DMACON bits (HRM appendix A). */
enum {
    DMAF_AUD0 = 0x0001, DMAF_AUD1 = 0x0002, DMAF_AUD2 = 0x0004, DMAF_AUD3 = 0x0008,
    DMAF_DISK = 0x0010, DMAF_SPRITE = 0x0020, DMAF_BLITTER = 0x0040, DMAF_COPPER = 0x0080,
    DMAF_RASTER = 0x0100, DMAF_MASTER = 0x0200, DMAF_BLITHOG = 0x0400, DMAF_BLTNZERO = 0x2000,
    DMAF_BLTDONE = 0x4000, DMAF_SETCLR = 0x8000
};
/* INTREQ bits Agnus raises. */
enum { AGNUS_INT_VERTB = 0x0020 };

typedef struct agnus_cfg {
    agnus_model_t model;
    bool ntsc;
    uint8_t *chip_ram;
    uint32_t chip_mask;
    void *ctx;
    void (*reg_write)(void *ctx, unsigned reg, uint16_t value);
    void (*cck)(void *ctx);
    /* Bitplane DMA data: the same as reg_write(ctx, BPL1DAT + 2 * plane, word), for machines
     * where only Denise takes BPLxDAT (NULL: reg_write). BPL2-6DAT only load holding registers
     * (Denise copies them at the end of BPL1DAT's CCK), so Agnus may hand them over before
     * cfg.ccks for the CCKs before them, and count their CCK in the next cfg.ccks. */
    void (*bpl_data)(void *ctx, unsigned plane, uint16_t word);
    /* n CCKs in a row in which Denise gets nothing (no bitplane or sprite data, no register
     * write; a write by the CPU in its CCK comes before the first of them, blitter DMA may run
     * in them): the same as n calls of cck (NULL: cck is called n times). Only within a line;
     * Agnus calls it before it returns, before it hands Denise data and at every line start. */
    void (*ccks)(void *ctx, unsigned n);
    void (*hsync)(void *ctx, unsigned vpos, bool vdiw, unsigned line_len);
    void (*vsync)(void *ctx, bool lof, bool lace);
    void (*irq)(void *ctx, uint16_t intreq_bits);
    int (*disk_slot)(void *ctx, uint16_t mem_word, uint16_t *out);
    unsigned (*audio_slot)(void *ctx, unsigned ch);
    void (*audio_data)(void *ctx, unsigned ch, uint16_t word);
    bool (*blit_cck)(void *ctx, bool bus_free);
    unsigned (*blit_status)(void *ctx);
    /* Optional: the blitter's busy flag itself (blitter_t.busy), read instead of calling
     * blit_status where only BBUSY matters (Agnus asks for it in nearly every CCK). */
    const bool *blit_busy;
    chip_log_t log;           /* "register not emulated" messages */
    bool slow_path;           /* step the copper in every CCK and every CCK on its own (no
                                 skipping of quiet ones, no idle stretches) */
} agnus_cfg_t;

typedef struct agnus {
    agnus_cfg_t cfg;
    uint32_t addr_mask;       /* chip_mask limited to the model's address reach */
    uint64_t cck;             /* CCKs executed since reset: the next CCK to run is `cck` */
    /* beam */
    unsigned hpos, vpos;      /* position of the next CCK to run */
    unsigned line_len;        /* CCKs in the current line (227, NTSC long lines 228) */
    bool lof, lol;            /* long frame, long line (NTSC) */
    uint64_t frame;           /* frames completed */
    /* registers */
    uint16_t dmacon;
    uint16_t bplcon0, ddfstrt, ddfstop, diwstrt, diwstop, diwhigh, beamcon0;
    bool diwhigh_valid;       /* ECS: DIWHIGH written after DIWSTRT/DIWSTOP */
    int16_t bpl1mod, bpl2mod;
    uint32_t bplpt[6], sprpt[8], audpt[4], audlc[4], dskpt;
    uint16_t sprpos[8], sprctl[8];
    /* bitplane fetch state (HRM ch. 3 "Data fetch"; the DDF logic of the Agnus schematics) */
    bool vdiw;                /* vertical display window flip-flop (DIWSTRT V .. DIWSTOP V) */
    bool bprun;               /* fetching */
    bool shw;                 /* past the start of the hardware window ($18) */
    bool stopreq, lastfu;     /* DDFSTOP or $D8 reached / in the last fetch unit */
    unsigned fcnt;            /* fetch unit counter (advances on odd CCKs) */
    unsigned bprun_up;        /* first CCK of this line with bprun, 0xFFFF if none */
    /* sprite DMA state */
    uint16_t spr_vstart[8], spr_vstop[8];
    bool spr_dma[8];          /* between VSTART and VSTOP: fetching data words */
    /* CPU / blitter arbitration */
    unsigned cpu_wait;        /* consecutive CCKs the CPU has been denied */
    bool cpu_request;
    bool cpu_granted;
    uint64_t cpu_cck;         /* the last CCK given to the CPU */
    bool render_pending;      /* CCK cpu_cck's pixels are still to be drawn (after the CPU access) */
    bool bmapen;              /* bitplane DMA enable as the fetch logic sees it */
    bool blit_busy_prev;      /* BBUSY seen in the previous CCK (copper blitter wait) */
    /* Register writes take effect some CCKs after the bus cycle that wrote them (DMACON 2,
     * BPLCON0 / DIW / DDF 4, pointers and modulos 2); they wait here meanwhile. */
    struct { uint64_t due; uint16_t reg, value; } pending[AGNUS_PENDING];
    unsigned npending;
    copper_t copper;
    uint8_t slot_owner[228];  /* owner of each CCK of the current line (agnus_owner_t) */
    /* The stretch found last (chips/agnus.c "stretches"): CCKs up to stretch_to of this line
     * are one, a fetch stretch if stretch_fetch; valid while stretch_key (0: none) still
     * matches the blitter's busy state and nothing else changed (every register write,
     * stepped CCK and line change clears it). Not saved: rebuilt after a state load. */
    uint8_t stretch_key;
    bool stretch_blit;        /* the blitter runs in it */
    bool stretch_slots;       /* idle stretch in the fixed slots with disk or audio DMA on */
    uint8_t stretch_plane[8]; /* fetch stretch: plane (0: none) of each fetch unit position */
    unsigned undrawn;         /* CCKs run whose pixels Denise has still to draw (0 whenever
                                 agnus_run_until or agnus_cpu_slot returns: not saved) */
    bool stretch_fetch;
    uint16_t stretch_to;
    bool logged_unknown;
} agnus_t;

void agnus_init(agnus_t *a, const agnus_cfg_t *cfg);
void agnus_reset(agnus_t *a);
/* True for register offsets Agnus (including the copper) implements. */
bool agnus_owns_reg(const agnus_t *a, unsigned reg);
uint16_t agnus_read(agnus_t *a, unsigned reg);
/* A write by the CPU or the copper in the current CCK (latched like the hardware does). */
void agnus_write(agnus_t *a, unsigned reg, uint16_t value);
uint16_t agnus_peek(const agnus_t *a, unsigned reg);
/* Executes every CCK starting before tick t. */
void agnus_run_until(agnus_t *a, uint64_t t);
/* Runs until a CCK at or after tick t is free for the CPU, claims it, returns its start tick. */
uint64_t agnus_cpu_slot(agnus_t *a, uint64_t t);
/* Tick at which the next CCK will run (the chipset's "now"). */
static inline uint64_t agnus_now(const agnus_t *a) { return a->cck * AGNUS_TICKS_PER_CCK; }
void agnus_audio_reload(agnus_t *a, unsigned ch);
/* Lines in the current frame. */
unsigned agnus_frame_lines(const agnus_t *a);

/* Agnus and its copper for a save state (machines/state.h); configuration is not saved. */
void agnus_serialize(agnus_t *a, ser_t *s);

#endif
