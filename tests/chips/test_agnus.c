/* Agnus: beam counters, the DMA slot map, bitplane/sprite/disk DMA, copper and CPU slots,
 * wired with the blitter and Denise the way machines/a500.c wires them. */
#include "tests/test.h"

#include "chips/agnus.h"
#include "chips/blitter.h"
#include "chips/denise.h"

#include <stdlib.h>
#include <string.h>

#define CHIP 0x80000
#define LOGN 2048

typedef struct rig {
    agnus_t a;
    blitter_t b;
    denise_t d;
    uint8_t ram[CHIP];
    uint16_t intreq;
    int vsyncs;
    int nlog;
    struct { unsigned reg, v, h; uint16_t value; } log[LOGN];
    int disk_words;
    uint64_t slot_hash; /* when the disk and audio slots were asked, and what they got */
    unsigned aud_calls;
    unsigned base;     /* first line of the frame the test looks at */
} rig_t;

static void reg_write(void *ctx, unsigned reg, uint16_t v)
{
    rig_t *r = ctx;
    if (r->nlog < LOGN) {
        r->log[r->nlog].reg = reg;
        r->log[r->nlog].value = v;
        r->log[r->nlog].v = r->a.vpos;
        r->log[r->nlog].h = r->a.hpos;
        r->nlog++;
    }
    if (reg == 0x09C) {
        if (v & 0x8000) r->intreq |= v & 0x7FFF;
        else r->intreq &= ~v;
        return;
    }
    if (blitter_owns_reg(&r->b, reg)) { blitter_write(&r->b, reg, v); return; }
    if (agnus_owns_reg(&r->a, reg)) agnus_write(&r->a, reg, v);
    if (denise_owns_reg(reg)) denise_write(&r->d, reg, v);
}

/* cfg.bpl_data as the A500 wires it (Denise's holding registers, no drawing first), logged as
 * reg_write logs. */
static void bpl_data(void *ctx, unsigned plane, uint16_t v)
{
    rig_t *r = ctx;
    if (r->nlog < LOGN) {
        r->log[r->nlog].reg = 0x110 + 2 * plane;
        r->log[r->nlog].value = v;
        r->log[r->nlog].v = r->a.vpos;
        r->log[r->nlog].h = r->a.hpos;
        r->nlog++;
    }
    denise_bpldat(&r->d, plane, v);
}

static void cck(void *ctx) { denise_cck(&((rig_t *)ctx)->d); }
static void hsync(void *ctx, unsigned v, bool vdiw, unsigned len) { denise_hsync(&((rig_t *)ctx)->d, v, vdiw, len); }
static void vsync(void *ctx, bool lof, bool lace)
{
    rig_t *r = ctx;
    r->vsyncs++;
    denise_vsync(&r->d, lof, lace);
}
static void irq(void *ctx, uint16_t bits) { ((rig_t *)ctx)->intreq |= bits; }
static bool blit_cck(void *ctx, bool free) { return blitter_cck(&((rig_t *)ctx)->b, free); }
static unsigned blit_status(void *ctx) { return blitter_status(&((rig_t *)ctx)->b); }
static int disk_slot(void *ctx, uint16_t mem, uint16_t *out)
{
    rig_t *r = ctx;
    (void)mem;
    r->slot_hash = r->slot_hash * 31 + r->a.cck;
    if (r->disk_words <= 0) return AGNUS_DISK_IDLE;
    *out = (uint16_t)(0x4489 + r->disk_words--);
    return AGNUS_DISK_TO_MEM;
}

/* Audio DMA (set only where a test wants it): a fetch every third call, now and then a reload. */
static unsigned audio_slot(void *ctx, unsigned ch)
{
    rig_t *r = ctx;
    r->slot_hash = r->slot_hash * 31 + r->a.cck * 4 + ch;
    r->aud_calls++;
    return (r->aud_calls % 3 == 0 ? AGNUS_AUD_FETCH : 0u) | (r->aud_calls % 7 == 0 ? AGNUS_AUD_RELOAD : 0u);
}
static void audio_data(void *ctx, unsigned ch, uint16_t w)
{
    rig_t *r = ctx;
    r->slot_hash = r->slot_hash * 31 + w + ch;
}

static unsigned cur_base; /* = rig_t.base of the running test */

static rig_t *rig(agnus_model_t model)
{
    rig_t *r = calloc(1, sizeof *r);
    agnus_cfg_t ac = {.model = model, .chip_ram = r->ram, .chip_mask = CHIP - 1, .ctx = r,
                      .reg_write = reg_write, .cck = cck, .hsync = hsync, .vsync = vsync,
                      .irq = irq, .disk_slot = disk_slot, .blit_cck = blit_cck,
                      .blit_status = blit_status};
    agnus_init(&r->a, &ac);
    blitter_cfg_t bc = {.chip_ram = r->ram, .chip_mask = CHIP - 1};
    blitter_init(&r->b, &bc);
    denise_cfg_t dc = {0};
    denise_init(&r->d, &dc);
    cur_base = 0;
    return r;
}

static void w(rig_t *r, unsigned reg, uint16_t v) { reg_write(r, reg, v); }
static void put(rig_t *r, unsigned a, uint16_t v) { r->ram[a] = (uint8_t)(v >> 8); r->ram[a + 1] = (uint8_t)v; }
/* Both rigs of a fast/slow comparison: a copper list at $3800, then register writes in order. */
static void setup_pair(rig_t *fast, rig_t *slow, const uint16_t *list, unsigned list_words,
                       const uint16_t (*regs)[2], unsigned nregs)
{
    for (unsigned k = 0; k < list_words; k++) {
        put(fast, 0x3800 + 2 * k, list[k]);
        put(slow, 0x3800 + 2 * k, list[k]);
    }
    for (unsigned k = 0; k < nregs; k++) {
        w(fast, regs[k][0], regs[k][1]);
        w(slow, regs[k][0], regs[k][1]);
    }
}
static uint16_t get(rig_t *r, unsigned a) { return (uint16_t)(r->ram[a] << 8 | r->ram[a + 1]); }
static uint64_t at(unsigned v, unsigned h) { return ((uint64_t)(v + cur_base) * 227 + h) * 8; }
/* Runs until CCK (v, h) of the frame under test is the next to execute. */
static void run_to(rig_t *r, unsigned v, unsigned h) { cur_base = r->base; agnus_run_until(&r->a, at(v, h)); }

TEST(agnus_pal_frame_and_beam)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    run_to(r, 100, 50);
    CHECK_EQ(r->a.vpos, 100);
    CHECK_EQ(r->a.hpos, 50);
    /* VHPOSR reads the counters 5 CCKs ahead of the access */
    CHECK_EQ(agnus_read(&r->a, 0x006), 100 << 8 | 55);
    CHECK_EQ(agnus_read(&r->a, 0x004), 0x0000);     /* LOF clear, 8371 PAL id 0, V8 = 0 */
    run_to(r, 300, 0);
    CHECK_EQ(agnus_read(&r->a, 0x004) & 1, 1);       /* V8 */
    CHECK_EQ(agnus_read(&r->a, 0x006), (300 & 0xFF) << 8 | 5);
    CHECK_EQ(r->vsyncs, 1);
    agnus_run_until(&r->a, at(312, 0));              /* non-interlaced: 312 lines (LOF clear) */
    CHECK_EQ(r->a.vpos, 0);
    CHECK_EQ(r->vsyncs, 1);
    agnus_run_until(&r->a, at(312, 1));
    CHECK(r->intreq & 0x20);                          /* VERTB in CCK 0 */
    CHECK_EQ(r->vsyncs, 1);
    agnus_run_until(&r->a, at(312, 0x13));            /* frame complete in CCK $12 */
    CHECK_EQ(r->vsyncs, 2);
    free(r);
}

TEST(agnus_interlace_alternates_long_and_short_frames)
{
    rig_t *r = rig(AGNUS_ECS_8372A);
    CHECK_EQ(agnus_read(&r->a, 0x004) & 0x7F00, 0x2000);   /* 8372A PAL */
    w(r, 0x100, 0x0204);                                   /* LACE */
    uint64_t when = 0;
    unsigned lines[4];
    for (int f = 0; f < 4; f++) {
        lines[f] = agnus_frame_lines(&r->a);
        when += (uint64_t)lines[f] * 227 * 8;
        agnus_run_until(&r->a, when);
        CHECK_EQ(r->a.vpos, 0);
        CHECK_EQ(r->a.hpos, 0);
    }
    CHECK_EQ(lines[0], 312);   /* LOF comes out of reset clear: a short frame first */
    CHECK_EQ(lines[1], 313);
    CHECK_EQ(lines[2], 312);
    CHECK_EQ(lines[3], 313);
    free(r);
}

static void setup_display(rig_t *r, unsigned planes, bool hires)
{
    w(r, 0x08E, 0x2C81);          /* DIWSTRT */
    w(r, 0x090, 0x2CC1);          /* DIWSTOP */
    w(r, 0x092, hires ? 0x3C : 0x38);
    w(r, 0x094, hires ? 0xD4 : 0xD0);
    w(r, 0x100, (uint16_t)((hires ? 0x8000 : 0) | planes << 12 | 0x0200));
    for (unsigned i = 0; i < planes; i++) {
        w(r, 0x0E0 + 4 * i, 0);
        w(r, 0x0E2 + 4 * i, (uint16_t)(0x10000 / 8 * 0 + 0x1000 * (i + 1)));
    }
    w(r, 0x108, 8);
    w(r, 0x10A, 8);
    w(r, 0x096, 0x8300);          /* DMAEN | BPLEN */
    /* the registers take effect a few CCKs later: look at the next frame */
    agnus_run_until(&r->a, (uint64_t)312 * 227 * 8);
    r->base = 312;
    cur_base = 312;
}

static int count_owner(rig_t *r, agnus_owner_t o, unsigned from, unsigned to, int parity)
{
    int n = 0;
    for (unsigned h = from; h <= to; h++)
        if (r->a.slot_owner[h] == o && (parity < 0 || (int)(h & 1) == parity)) n++;
    return n;
}

TEST(agnus_lores_4_and_6_plane_slot_map)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    setup_display(r, 4, false);
    run_to(r, 0x40, 226);          /* line $40 up to its last CCK */
    CHECK_EQ(count_owner(r, AGNUS_BITPLANE, 0, 226, -1), 80);
    CHECK_EQ(count_owner(r, AGNUS_BITPLANE, 0, 226, 0), 0);   /* odd slots only */
    CHECK_EQ(r->a.slot_owner[0x39], AGNUS_BITPLANE);
    CHECK_EQ(r->a.slot_owner[0xD7], AGNUS_BITPLANE);
    CHECK_EQ(r->a.slot_owner[0xD9], AGNUS_FREE);
    CHECK_EQ(r->a.slot_owner[0x37], AGNUS_FREE);
    CHECK_EQ(r->a.slot_owner[0x01], AGNUS_REFRESH);
    CHECK_EQ(r->a.slot_owner[0x05], AGNUS_REFRESH);
    free(r);

    r = rig(AGNUS_OCS_8371);
    setup_display(r, 6, false);
    run_to(r, 0x40, 226);
    CHECK_EQ(count_owner(r, AGNUS_BITPLANE, 0, 226, -1), 120);
    /* the CPU's even slots left in the fetch window: position 0 and 4 of each unit */
    CHECK_EQ(count_owner(r, AGNUS_FREE, 0x38, 0xD7, 0), 40);
    CHECK_EQ(r->a.slot_owner[0x3A], AGNUS_BITPLANE);
    CHECK_EQ(r->a.slot_owner[0x3E], AGNUS_BITPLANE);
    CHECK_EQ(r->a.slot_owner[0x3C], AGNUS_FREE);
    free(r);
}

TEST(agnus_hires_4_planes_take_every_slot)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    setup_display(r, 4, true);
    run_to(r, 0x40, 226);
    CHECK_EQ(count_owner(r, AGNUS_BITPLANE, 0x3C, 0xDB, -1), 160);
    CHECK_EQ(r->a.slot_owner[0x3B], AGNUS_FREE);
    CHECK_EQ(r->a.slot_owner[0xDC], AGNUS_FREE);
    free(r);
}

TEST(agnus_fetch_order_and_modulo)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    setup_display(r, 4, false);
    run_to(r, 0x2C, 0);
    uint32_t p1 = r->a.bplpt[0], p4 = r->a.bplpt[3];
    r->nlog = 0;
    run_to(r, 0x2D, 0);
    REQUIRE(r->nlog >= 80);
    /* lores fetch unit (HRM fig. 6-9): BPL4 at +1, BPL2 at +3, BPL3 at +5, BPL1 at +7 */
    CHECK_EQ(r->log[0].reg, 0x116); CHECK_EQ(r->log[0].h, 0x39);
    CHECK_EQ(r->log[1].reg, 0x112); CHECK_EQ(r->log[1].h, 0x3B);
    CHECK_EQ(r->log[2].reg, 0x114); CHECK_EQ(r->log[2].h, 0x3D);
    CHECK_EQ(r->log[3].reg, 0x110); CHECK_EQ(r->log[3].h, 0x3F);
    CHECK_EQ(r->log[79].h, 0xD7);
    /* 20 words per plane plus the modulo */
    CHECK_EQ(r->a.bplpt[0], p1 + 40 + 8);
    CHECK_EQ(r->a.bplpt[3], p4 + 40 + 8);
    CHECK_EQ(r->a.vdiw, true);
    /* the line above the window (next frame) fetches nothing */
    r->base += 312;
    run_to(r, 0x2B, 0);
    p1 = r->a.bplpt[0];
    run_to(r, 0x2C, 0);
    CHECK_EQ(r->a.bplpt[0], p1);
    free(r);
}

TEST(agnus_early_ddfstrt_ecs)
{
    /* ECS: a DDFSTRT below the hardware window start still fetches from there on. */
    rig_t *r = rig(AGNUS_ECS_8372A);
    setup_display(r, 1, false);
    w(r, 0x092, 0x10);
    run_to(r, 0x40, 226);
    CHECK_EQ(r->a.slot_owner[0x1F], AGNUS_BITPLANE);
    free(r);
}

TEST(agnus_sprite_dma)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    put(r, 0x2000, 0x3050);   /* SPR0POS: VSTART $30, H $A0 */
    put(r, 0x2002, 0x3200);   /* SPR0CTL: VSTOP $32 */
    put(r, 0x2004, 0x1111); put(r, 0x2006, 0x2222);
    put(r, 0x2008, 0x3333); put(r, 0x200A, 0x4444);
    put(r, 0x200C, 0); put(r, 0x200E, 0);
    w(r, 0x120, 0); w(r, 0x122, 0x2000);
    w(r, 0x096, 0x8220);      /* DMAEN | SPREN */
    r->nlog = 0;
    run_to(r, 0x33, 0);
    int n = 0;
    unsigned seen[8][3];
    for (int i = 0; i < r->nlog && n < 8; i++) {
        if (r->log[i].reg >= 0x140 && r->log[i].reg < 0x148) {
            seen[n][0] = r->log[i].reg; seen[n][1] = r->log[i].v; seen[n][2] = r->log[i].h;
            n++;
        }
    }
    REQUIRE(n == 8);
    /* line 25 (first after vertical blank): control words at $15/$17 */
    CHECK_EQ(seen[0][0], 0x140); CHECK_EQ(seen[0][1], 25); CHECK_EQ(seen[0][2], 0x15);
    CHECK_EQ(seen[1][0], 0x142); CHECK_EQ(seen[1][2], 0x17);
    /* data on lines $30 and $31 */
    CHECK_EQ(seen[2][0], 0x144); CHECK_EQ(seen[2][1], 0x30);
    CHECK_EQ(seen[3][0], 0x146);
    CHECK_EQ(seen[4][1], 0x31);
    /* the next control words on the VSTOP line */
    CHECK_EQ(seen[6][0], 0x140); CHECK_EQ(seen[6][1], 0x32);
    CHECK_EQ(seen[7][0], 0x142);
    CHECK_EQ(r->a.sprpt[0], 0x2010);
    free(r);
}

TEST(agnus_copper_wait_and_move_in_system)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    put(r, 0x3000, 0x4041); put(r, 0x3002, 0xFFFE);
    put(r, 0x3004, 0x0180); put(r, 0x3006, 0x0F00);
    put(r, 0x3008, 0x0180); put(r, 0x300A, 0x00F0);
    put(r, 0x300C, 0xFFFF); put(r, 0x300E, 0xFFFE);
    w(r, 0x080, 0); w(r, 0x082, 0x3000);
    w(r, 0x096, 0x8280);      /* DMAEN | COPEN */
    r->nlog = 0;
    run_to(r, 0x41, 0);
    int found = 0;
    for (int i = 0; i < r->nlog; i++) {
        if (r->log[i].reg != 0x180) continue;
        if (found == 0) { CHECK_EQ(r->log[i].v, 0x40); CHECK_EQ(r->log[i].h, 0x42); }
        if (found == 1) CHECK_EQ(r->log[i].h, 0x46);
        found++;
    }
    CHECK_EQ(found, 2);
    CHECK_EQ(r->d.color[0], 0x0F0);
    free(r);
}

TEST(agnus_cpu_waits_for_bitplane_slots)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    setup_display(r, 6, false);
    run_to(r, 0x40, 0);
    /* $3A (BPL6) and $3B (BPL2) are taken: the CPU gets $3C */
    uint64_t got = agnus_cpu_slot(&r->a, at(0x40, 0x3A));
    CHECK_EQ(got, at(0x40, 0x3C));
    CHECK_EQ(r->a.slot_owner[0x3C], AGNUS_CPU);
    /* outside the fetch window the CPU is not delayed */
    got = agnus_cpu_slot(&r->a, at(0x40, 0xE0));
    CHECK_EQ(got, at(0x40, 0xE0));
    /* refresh at $E2 */
    got = agnus_cpu_slot(&r->a, at(0x40, 0xE2));
    CHECK_EQ(got, at(0x41, 0x00));
    free(r);
}

TEST(agnus_blitter_gives_cpu_a_slot_unless_nasty)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    w(r, 0x096, 0x8240);                      /* DMAEN | BLTEN */
    run_to(r, 0x40, 0x40);
    w(r, 0x040, 0x0FF0); w(r, 0x042, 0);
    w(r, 0x058, 0 << 6 | 20);                  /* 1024 lines x 20 words: a long blit */
    uint64_t want = at(0x40, 0x48);
    uint64_t got = agnus_cpu_slot(&r->a, want);
    CHECK(got - want <= 3 * 8);                /* at most 3 CCKs of waiting */
    CHECK(blitter_status(&r->b) & BLITTER_BUSY);
    w(r, 0x096, 0x8400);                       /* BLTPRI: blitter nasty */
    want = got + 8;
    got = agnus_cpu_slot(&r->a, want);
    CHECK(got - want > 100 * 8);
    free(r);
}

TEST(agnus_blitter_runs_in_free_slots)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    for (unsigned i = 0; i < 40; i++) put(r, 0x5000 + 2 * i, (uint16_t)(0x100 + i));
    w(r, 0x096, 0x8240);
    run_to(r, 0x50, 0);
    w(r, 0x040, 0x09F0); w(r, 0x042, 0); w(r, 0x044, 0xFFFF); w(r, 0x046, 0xFFFF);
    w(r, 0x050, 0); w(r, 0x052, 0x5000); w(r, 0x054, 0); w(r, 0x056, 0x6000);
    w(r, 0x064, 0); w(r, 0x066, 0);
    w(r, 0x058, 2 << 6 | 20);
    run_to(r, 0x51, 0);
    CHECK(!(blitter_status(&r->b) & BLITTER_BUSY));
    CHECK_EQ(get(r, 0x6000), 0x100);
    CHECK_EQ(get(r, 0x604E), 0x127);
    free(r);
}

TEST(agnus_disk_dma_slots)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    w(r, 0x020, 0); w(r, 0x022, 0x7000);
    w(r, 0x096, 0x8210);                       /* DMAEN | DSKEN */
    r->disk_words = 5;
    run_to(r, 2, 0);
    CHECK_EQ(r->a.dskpt, 0x700A);
    CHECK_EQ(get(r, 0x7000), 0x4489 + 5);
    CHECK_EQ(get(r, 0x7008), 0x4489 + 1);
    free(r);
}

TEST(agnus_ntsc_lines_and_beamcon0)
{
    rig_t *r = rig(AGNUS_ECS_8372A);
    CHECK_EQ(agnus_frame_lines(&r->a), 312);
    w(r, 0x1DC, 0x0000);                       /* BEAMCON0: PAL bit off -> NTSC timing */
    agnus_run_until(&r->a, 8);
    CHECK_EQ(agnus_frame_lines(&r->a), 262);
    /* NTSC lines alternate 227 and 228 CCKs (LOL in VPOSR bit 7) */
    unsigned len[4];
    uint64_t now = agnus_now(&r->a);
    for (int i = 0; i < 4; i++) {
        unsigned v = r->a.vpos;
        unsigned n = 0;
        while (r->a.vpos == v) { now += 8; agnus_run_until(&r->a, now); n++; }
        len[i] = n;
    }
    CHECK_EQ(len[1] + len[2], 227 + 228);
    CHECK(len[1] != len[2]);
    CHECK_EQ(len[1], len[3]);
    free(r);
}

TEST(agnus_bplen_latency)
{
    /* DMACON takes 2 CCKs, the fetch logic sees BPLEN 3 later: enabled in CCK $33 it is on
     * at $38 (DDFSTRT) and the line is fetched; enabled in $34 it is too late. */
    for (int late = 0; late < 2; late++) {
        rig_t *r = rig(AGNUS_OCS_8371);
        setup_display(r, 1, false);
        w(r, 0x096, 0x0100);                       /* BPLEN off */
        run_to(r, 0x40, (unsigned)(0x33 + late));
        uint32_t p = r->a.bplpt[0];
        w(r, 0x096, 0x8100);
        run_to(r, 0x41, 0);
        if (late) CHECK_EQ(r->a.bplpt[0], p);
        else CHECK_EQ(r->a.bplpt[0], p + 48);
        free(r);
    }
}

TEST(agnus_copjmp_from_cpu)
{
    rig_t *r = rig(AGNUS_OCS_8371);
    put(r, 0x3000, 0x0180); put(r, 0x3002, 0x0111);
    put(r, 0x3004, 0xFFFF); put(r, 0x3006, 0xFFFE);
    put(r, 0x3100, 0x0180); put(r, 0x3102, 0x0222);
    put(r, 0x3104, 0xFFFF); put(r, 0x3106, 0xFFFE);
    w(r, 0x080, 0); w(r, 0x082, 0x3000);
    w(r, 0x084, 0); w(r, 0x086, 0x3100);
    w(r, 0x096, 0x8280);
    run_to(r, 0x30, 0x50);
    CHECK_EQ(r->d.color[0], 0x111);
    agnus_cpu_slot(&r->a, at(0x30, 0x60));          /* the strobe in CCK $60 */
    w(r, 0x08A, 0);
    r->nlog = 0;
    run_to(r, 0x30, 0x70);
    CHECK_EQ(r->d.color[0], 0x222);
    /* restart: even free CCK $62, IR1 $64, IR2 + write $66 */
    REQUIRE(r->nlog >= 1);
    CHECK_EQ(r->log[0].h, 0x66);
    free(r);
}

/* Random register writes and random chip RAM (copper lists, blits, sprites, bitplanes) for
 * a few frames: nothing may crash or read/write outside chip RAM (run under ASan/UBSan). */
TEST(agnus_random_register_storm)
{
    rig_t *r = rig(AGNUS_ECS_8372A);
    uint32_t x = 12345;
    for (unsigned i = 0; i < CHIP; i++) {
        x = x * 1103515245u + 12345u;
        r->ram[i] = (uint8_t)(x >> 16);
    }
    uint64_t when = 0;
    for (int i = 0; i < 4000; i++) {
        x = x * 1103515245u + 12345u;
        unsigned reg = (x >> 8) & 0x1FE;
        x = x * 1103515245u + 12345u;
        uint16_t v = (uint16_t)(x >> 12);
        if (reg == 0x02A || reg == 0x02C) continue;   /* beam writes would stall the test */
        w(r, reg, v);
        when += 8 * ((x >> 4) & 255);
        agnus_run_until(&r->a, when);
    }
    CHECK(r->a.frame >= 1);
    free(r);
}

TEST(agnus_early_fetch_steals_sprite_slots)
{
    /* OCS: from the CCK before the fetch starts (DDFSTRT $30) no sprite slot is used: sprite 6
     * keeps its first slot ($2D) but loses $2F, sprite 7 loses both. */
    rig_t *r = rig(AGNUS_OCS_8371);
    for (unsigned n = 0; n < 8; n++) {
        unsigned a = 0x2000 + 0x40 * n;
        put(r, a, 0x3050); put(r, a + 2, 0x6000);      /* lines $30..$5F */
        for (unsigned i = 4; i < 0x40; i += 2) put(r, a + i, 0xFFFF);
        w(r, 0x120 + 4 * n, 0); w(r, 0x122 + 4 * n, (uint16_t)a);
    }
    setup_display(r, 1, false);
    w(r, 0x092, 0x30);
    w(r, 0x096, 0x8020);
    run_to(r, 0x40, 226);
    CHECK_EQ(r->a.slot_owner[0x29], AGNUS_SPRITE);     /* sprite 5 */
    CHECK_EQ(r->a.slot_owner[0x2B], AGNUS_SPRITE);
    CHECK_EQ(r->a.slot_owner[0x2D], AGNUS_SPRITE);     /* sprite 6, first word */
    CHECK_EQ(r->a.slot_owner[0x2F], AGNUS_FREE);
    CHECK_EQ(r->a.slot_owner[0x31], AGNUS_FREE);       /* sprite 7 */
    CHECK_EQ(r->a.slot_owner[0x37], AGNUS_BITPLANE);   /* BPL1 of the first unit */
    free(r);
}

/* Agnus hands stretches of CCKs in which nothing but pixels happen to Denise at once (cfg.ccks,
 * and Denise draws border runs at once) and runs stretches of a bitplane fetch in a short loop
 * (also while the CPU waits for a slot): a machine run that way must stay identical to one
 * stepped CCK by CCK (agnus and denise slow_path), whatever the registers, copper list, sprites,
 * blits, disk DMA and CPU requests do. Both get the same random writes between runs of random length (as the
 * CPU's slices); every run's DMA writes (with their beam position), slot owners, copper and
 * beam state, and in the end every pixel must be equal. */
static uint64_t stretch_ccks;
static void ccks_counted(void *ctx, unsigned n)
{
    stretch_ccks += n;
    denise_ccks(&((rig_t *)ctx)->d, n);
}

static bool same_blitter(const blitter_t *f, const blitter_t *s)
{
    return f->busy == s->busy && f->zero == s->zero && f->x == s->x && f->y == s->y &&
           f->step == s->step && f->start_delay == s->start_delay && f->flushing == s->flushing &&
           f->dpending == s->dpending && !memcmp(f->pt, s->pt, sizeof f->pt) &&
           f->bltcon0 == s->bltcon0 && f->bltcon1 == s->bltcon1;
}

TEST(agnus_idle_stretches_match_every_cck)
{
    rig_t *fast = rig(AGNUS_OCS_8371), *slow = rig(AGNUS_OCS_8371);
    fast->a.cfg.ccks = ccks_counted;
    fast->a.cfg.blit_busy = &fast->b.busy;
    slow->a.cfg.slow_path = true;
    slow->d.cfg.slow_path = true;
    fast->a.cfg.audio_slot = slow->a.cfg.audio_slot = audio_slot;
    fast->a.cfg.audio_data = slow->a.cfg.audio_data = audio_data;
    fast->a.cfg.bpl_data = slow->a.cfg.bpl_data = bpl_data;
    uint32_t x = 777;
#define RND() (x = x * 1103515245u + 12345u, x >> 8)
    for (unsigned i = 0; i < CHIP; i += 2) {
        uint16_t v = (uint16_t)RND();
        if (i >= 0x3000 && i < 0x3400) {     /* a copper list: WAITs (often for the whole line) and MOVEs */
            unsigned k = (i - 0x3000) / 2;
            if (k % 2 == 0) v = RND() % 3 ? (uint16_t)(0x180 + 2 * (RND() % 32)) : (uint16_t)((RND() & 0xFFFE) | 1);
            else if (RND() % 2) v |= 0x7FFE;
        }
        put(fast, i, v);
        put(slow, i, v);
    }
    static const uint16_t regs[] = {
        0x096, 0x096, 0x100, 0x102, 0x104, 0x092, 0x094, 0x08E, 0x090, 0x0E0, 0x0E2, 0x0E4, 0x0E6,
        0x108, 0x10A, 0x180, 0x182, 0x184, 0x19E, 0x120, 0x122, 0x124, 0x126, 0x140, 0x142, 0x144,
        0x080, 0x082, 0x088, 0x040, 0x042, 0x058, 0x098, 0x0A0,
    };
    /* The second half keeps a plain display up (so its window is open over and beside the
     * fetched data) and changes only Denise's modes, colours, collisions and scrolling. */
    static const uint16_t display[] = {
        0x100, 0x102, 0x104, 0x098, 0x180, 0x180, 0x182, 0x184, 0x186, 0x19E, 0x1A2, 0x1BE, 0x092,
        0x090,
    };
    stretch_ccks = 0;
    uint64_t when = 0;
    unsigned mismatch = 0;
    for (int i = 0; i < 6000 && !mismatch; i++) {
        bool plain = i >= 3000;
        if (i == 3000) {
            static const uint16_t setup[][2] = {
                {0x096, 0x7FFF}, {0x08E, 0x2C81}, {0x090, 0x2CC1}, {0x092, 0x38}, {0x094, 0xD0},
                {0x108, 0}, {0x10A, 0}, {0x0E0, 1}, {0x0E4, 2}, {0x0E8, 3}, {0x0EC, 4}, {0x0F0, 5},
                {0x0F4, 6}, {0x100, 0x4200}, {0x142, 0}, {0x080, 0}, {0x082, 0x3800}, {0x088, 0},
                {0x096, 0x8380},
            };
            /* a short copper list: two colour changes, then the end of the list */
            static const uint16_t list[] = {0x0180, 0x0123, 0x8051, 0xFFFE, 0x0182, 0x0F0F, 0xFFFF, 0xFFFE};
            setup_pair(fast, slow, list, 8, setup, sizeof setup / sizeof setup[0]);
            for (unsigned n = 0; n < 8; n++) { /* SPRxCTL disarms the sprites phase 1 left */
                w(fast, 0x142 + 8 * n, 0);
                w(slow, 0x142 + 8 * n, 0);
            }
        }
        unsigned reg = plain ? display[RND() % (sizeof display / sizeof display[0])]
                             : regs[RND() % (sizeof regs / sizeof regs[0])];
        uint16_t v = (uint16_t)RND();
        if (plain && reg == 0x100) v &= 0xFC00;               /* planes, hires, HAM, DPF */
        if (plain && reg == 0x092) v = RND() % 2 ? 0x38 : 0x30 + 8 * (v % 4);
        if (plain && reg == 0x090) v = (uint16_t)(0x2C00 | (0xC1 + v % 0x30)); /* past the data */
        if (RND() % 4 == 0) { /* reading CLXDAT clears it */
            denise_read(&fast->d, 0x00E);
            denise_read(&slow->d, 0x00E);
        }
        if (reg == 0x096 && RND() % 2) v |= 0x8200;            /* mostly DMA on */
        else if (reg == 0x096 && RND() % 2) v = (uint16_t)((v & 0x7FFF) | 0x0090); /* copper, disk off */
        if (reg == 0x100 && !plain) v &= 0xFE00;               /* no LACE */
        if (reg == 0x082) v = 0x3000 + (v & 0x3FC);
        if (reg == 0x08E) v = (uint16_t)((v & 0xFF00) | (v & 0xFF) % 0xC0);
        if (reg == 0x058) v &= 0x0FFF;                         /* short blits */
        w(fast, reg, v);
        w(slow, reg, v);
        if (RND() % 64 == 0) fast->disk_words = slow->disk_words = 20;
        fast->nlog = slow->nlog = 0;
        unsigned longest = RND() % 8 ? 24 : 3000;
        when += 8 * (1 + RND() % longest);
        agnus_run_until(&fast->a, when);
        agnus_run_until(&slow->a, when);
        if (RND() % 2) { /* the CPU asks for the bus: the same slot, the same CCKs run for it */
            uint64_t ask = when + 4 * (RND() % 16);
            uint64_t got = agnus_cpu_slot(&fast->a, ask);
            if (got != agnus_cpu_slot(&slow->a, ask)) mismatch = (unsigned)i + 1;
            if (got > when) when = got;
        }
        denise_sync(&fast->d);   /* Denise draws lazily: compare what is drawn */
        denise_sync(&slow->d);
        const agnus_t *f = &fast->a, *s = &slow->a;
        if (f->cck != s->cck || f->hpos != s->hpos || f->vpos != s->vpos || f->fcnt != s->fcnt || f->shw != s->shw ||
            f->bprun != s->bprun || f->cpu_wait != s->cpu_wait || memcmp(f->spr_dma, s->spr_dma, sizeof f->spr_dma) ||
            memcmp(f->bplpt, s->bplpt, sizeof f->bplpt) || memcmp(f->audpt, s->audpt, sizeof f->audpt) || f->dskpt != s->dskpt ||
            memcmp(f->sprpt, s->sprpt, sizeof f->sprpt) || memcmp(f->slot_owner, s->slot_owner, sizeof f->slot_owner) ||
            f->copper.state != s->copper.state || f->copper.pc != s->copper.pc ||
            f->copper.delay != s->copper.delay || fast->nlog != slow->nlog ||
            memcmp(fast->log, slow->log, sizeof fast->log[0] * (size_t)fast->nlog) ||
            fast->intreq != slow->intreq || fast->slot_hash != slow->slot_hash || fast->vsyncs != slow->vsyncs || fast->d.hpos != slow->d.hpos || fast->d.last_pf != slow->d.last_pf ||
            memcmp(fast->d.shift, slow->d.shift, sizeof fast->d.shift) || fast->d.ham_rgb != slow->d.ham_rgb ||
            fast->d.clxdat != slow->d.clxdat || fast->d.hdiw != slow->d.hdiw || !same_blitter(&fast->b, &slow->b))
            mismatch = (unsigned)i + 1;
    }
    /* Blits under bitplane DMA with the CPU asking for the bus every few CCKs (as a WaitBlit
     * loop running from chip RAM does) and the copper waiting for the blitter now and then:
     * the blitter's and the CPU's slots must stay the same. */
    static const uint16_t busy_setup[][2] = {
        {0x096, 0x7FFF}, {0x092, 0x38}, {0x094, 0xD0}, {0x100, 0x4200}, {0x08E, 0x2C81},
        {0x090, 0x2CC1}, {0x0E0, 1}, {0x0E4, 2}, {0x0E8, 3}, {0x0EC, 4}, {0x080, 0}, {0x082, 0x3800},
        {0x088, 0}, {0x044, 0xFFFF}, {0x046, 0xFFFF}, {0x064, 0}, {0x062, 0}, {0x060, 0}, {0x066, 0},
        {0x096, 0x83C0},
    };
    /* the copper: a WAIT for the blitter (BFD clear), a colour, then the end of the list */
    static const uint16_t blit_list[] = {0x0001, 0x0000, 0x0180, 0x0456, 0xFFFF, 0xFFFE};
    setup_pair(fast, slow, blit_list, 6, busy_setup, sizeof busy_setup / sizeof busy_setup[0]);
    unsigned blits = 0;
    for (int i = 0; i < 20000 && !mismatch; i++) {
        if (!fast->b.busy && RND() % 4 == 0) {
            uint16_t con0 = (uint16_t)RND(); /* any shifts, channels and minterm */
            uint16_t con1 = (uint16_t)RND();
            con1 &= RND() % 4 == 0 ? 0xF01E : 0xF000;   /* some DESC, fill modes */
            uint32_t src = 0x10000 + (RND() & 0x3FFFE);
            uint32_t dst = 0x50000 + (RND() & 0x1FFFE);
            uint16_t hog = RND() % 3 == 0 ? 0x8400 : 0x0400; /* BLTPRI set or clear */
            uint16_t size = (uint16_t)((1 + RND() % 40) << 6);
            size |= (uint16_t)(1 + RND() % 20);
            const uint16_t wr[][2] = {
                {0x040, con0}, {0x042, con1}, {0x050, (uint16_t)(src >> 16)}, {0x052, (uint16_t)src},
                {0x04C, (uint16_t)(src >> 16)}, {0x04E, (uint16_t)(src + 0x800)}, {0x048, (uint16_t)(dst >> 16)},
                {0x04A, (uint16_t)dst}, {0x054, (uint16_t)(dst >> 16)}, {0x056, (uint16_t)dst},
                {0x096, hog}, {0x058, size},
            };
            for (unsigned k = 0; k < sizeof wr / sizeof wr[0]; k++) {
                w(fast, wr[k][0], wr[k][1]);
                w(slow, wr[k][0], wr[k][1]);
            }
            if (RND() % 3 == 0) { /* the copper waits for this blit */
                w(fast, 0x088, 0);
                w(slow, 0x088, 0);
            }
            blits++;
        }
        fast->nlog = slow->nlog = 0;
        when += 8 * (RND() % 4);
        when += 4 * (RND() % 2);
        if (RND() % 64 == 0) when += 8 * (RND() % 2000);
        uint64_t got = agnus_cpu_slot(&fast->a, when);
        if (got != agnus_cpu_slot(&slow->a, when)) mismatch = 20000 + (unsigned)i;
        when = got + 8;
        const agnus_t *f = &fast->a, *s = &slow->a;
        if (f->cck != s->cck || f->cpu_wait != s->cpu_wait || memcmp(f->bplpt, s->bplpt, sizeof f->bplpt) || memcmp(f->audpt, s->audpt, sizeof f->audpt) || f->dskpt != s->dskpt ||
            memcmp(f->slot_owner, s->slot_owner, sizeof f->slot_owner) || f->copper.state != s->copper.state ||
            f->copper.pc != s->copper.pc || f->copper.delay != s->copper.delay || fast->nlog != slow->nlog ||
            memcmp(fast->log, slow->log, sizeof fast->log[0] * (size_t)fast->nlog) ||
            fast->intreq != slow->intreq || !same_blitter(&fast->b, &slow->b))
            mismatch = 20000 + (unsigned)i;
    }
    CHECK(blits > 100);
    CHECK(memcmp(fast->ram, slow->ram, sizeof fast->ram) == 0);
    /* Then all DMA off: whole lines are one stretch (but for CCK 0 and, on line 0, the
     * frame's end at CCK $12). */
    w(fast, 0x096, 0x7FFF);
    w(slow, 0x096, 0x7FFF);
    for (int i = 0; i < 2000 && !mismatch; i++) {
        when += 8 * (1 + RND() % 600);
        agnus_run_until(&fast->a, when);
        agnus_run_until(&slow->a, when);
        if (fast->vsyncs != slow->vsyncs || fast->a.cck != slow->a.cck || fast->intreq != slow->intreq ||
            memcmp(fast->a.slot_owner, slow->a.slot_owner, sizeof fast->a.slot_owner))
            mismatch = 10000 + (unsigned)i;
    }
#undef RND
    CHECK_EQ(mismatch, 0);
    denise_sync(&fast->d);
    denise_sync(&slow->d);
    CHECK(memcmp(fast->d.fb, slow->d.fb, sizeof fast->d.fb) == 0);
    CHECK(fast->a.frame >= 3);
    CHECK(stretch_ccks > fast->a.cck / 8); /* the stretches are actually taken */
    free(fast);
    free(slow);
}
