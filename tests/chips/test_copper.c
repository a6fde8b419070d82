/* Copper on its own: instruction timing, WAIT/SKIP comparisons, danger bit, blitter wait. */
#include "tests/test.h"

#include "chips/copper.h"

#include <stdlib.h>
#include <string.h>

#define RAM_SIZE 0x1000

typedef struct cop_rig {
    copper_t c;
    uint8_t ram[RAM_SIZE];
    unsigned v, h;
    bool blit_busy;
    int nmoves;
    struct { unsigned reg, v, h; uint16_t value; } moves[32];
} cop_rig_t;

static void rig_move(void *ctx, unsigned reg, uint16_t value)
{
    cop_rig_t *r = ctx;
    if (r->nmoves < 32) {
        r->moves[r->nmoves].reg = reg;
        r->moves[r->nmoves].value = value;
        r->moves[r->nmoves].v = r->v;
        r->moves[r->nmoves].h = r->h;
    }
    r->nmoves++;
    if (reg == 0x088) copper_jump(&r->c, 1);
}

static void put(cop_rig_t *r, unsigned addr, uint16_t w)
{
    r->ram[addr] = (uint8_t)(w >> 8);
    r->ram[addr + 1] = (uint8_t)w;
}

/* Runs the copper with every CCK free (no other DMA) for n CCKs; returns bus cycles used. */
static unsigned run(cop_rig_t *r, unsigned n)
{
    unsigned used = 0;
    for (unsigned i = 0; i < n; i++) {
        copper_env_t env = {.ram = r->ram, .mask = RAM_SIZE - 1, .vpos = r->v, .hpos = r->h,
                            .line_len = 227, .bus_free = true, .blitter_busy = r->blit_busy,
                            .ctx = r, .move = rig_move};
        if (copper_cck(&r->c, &env) == COPPER_USED) used++;
        if (++r->h == 227) { r->h = 0; r->v++; }
    }
    return used;
}

static cop_rig_t *new_rig(void)
{
    cop_rig_t *r = calloc(1, sizeof *r);
    copper_init(&r->c, false);
    r->c.cop1lc = 0x100;
    return r;
}

TEST(copper_moves_take_four_cck)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x0180); put(r, 0x102, 0x0F00);
    put(r, 0x104, 0x0182); put(r, 0x106, 0x00F0);
    put(r, 0x108, 0xFFFF); put(r, 0x10A, 0xFFFE);
    r->v = 10; r->h = 0;
    copper_vblank(&r->c);           /* CCK 0 reload, fetches at 2,4 and 6,8 */
    unsigned used = run(r, 20);
    REQUIRE(r->nmoves == 2);
    CHECK_EQ(r->moves[0].reg, 0x180);
    CHECK_EQ(r->moves[0].value, 0x0F00);
    CHECK_EQ(r->moves[0].h, 4);
    CHECK_EQ(r->moves[1].h, 8);
    /* reload + 2 MOVEs (4 fetches) + the final WAIT's 2 fetches */
    CHECK_EQ(used, 7);
    free(r);
}

TEST(copper_wait_resumes_two_cck_after_trigger)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x4041); put(r, 0x102, 0xFFFE);   /* WAIT v=$40 h=$40 */
    put(r, 0x104, 0x0180); put(r, 0x106, 0x0123);   /* MOVE COLOR00 */
    put(r, 0x108, 0xFFFF); put(r, 0x10A, 0xFFFE);
    r->v = 0x30; r->h = 0;
    copper_vblank(&r->c);
    run(r, 227 * 0x11);
    REQUIRE(r->nmoves == 1);
    /* The comparator triggers at $3E (two CCKs early); IR1 at $40, IR2 + write at $42. */
    CHECK_EQ(r->moves[0].v, 0x40);
    CHECK_EQ(r->moves[0].h, 0x42);
    free(r);
}

TEST(copper_wait_already_true_continues)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x1001); put(r, 0x102, 0xFFFE);   /* WAIT v=$10: already past */
    put(r, 0x104, 0x0180); put(r, 0x106, 0x0001);
    put(r, 0x108, 0xFFFF); put(r, 0x10A, 0xFFFE);
    r->v = 0x20; r->h = 0x50;
    copper_vblank(&r->c);
    run(r, 40);
    REQUIRE(r->nmoves == 1);
    /* reload $50, IR1 $52, IR2 $54, WAIT1 $56, WAIT2 $58 (true), IR1 $5A, IR2+write $5C */
    CHECK_EQ(r->moves[0].h, 0x5C);
    free(r);
}

TEST(copper_compare_masks_and_v7)
{
    copper_t c;
    copper_init(&c, false);
    c.ir1 = 0x0001 | 0x80 << 8 | 0x20;  /* v=$80 h=$20 */
    c.ir2 = 0x0000 | 0x8000;            /* all vertical bits masked except V7, h masked */
    /* V7 is always compared: line $7F is before $80, $81 after */
    CHECK(!copper_compare(&c, 0x7F, 0xD0));
    CHECK(copper_compare(&c, 0x80, 0x00));
    c.ir2 = 0xFFFE;                      /* full compare */
    CHECK(!copper_compare(&c, 0x80, 0x1D));
    CHECK(copper_compare(&c, 0x80, 0x1E));   /* lookahead of two CCKs */
    CHECK(copper_compare(&c, 0x81, 0x00));
    /* V8 is not compared: line $180 looks like $80 */
    CHECK(copper_compare(&c, 0x180, 0x1E));
}

TEST(copper_danger_bit)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x0040); put(r, 0x102, 0x1234);   /* MOVE BLTCON0: protected */
    put(r, 0x104, 0x0180); put(r, 0x106, 0x0001);
    copper_vblank(&r->c);
    run(r, 30);
    CHECK_EQ(r->nmoves, 0);
    CHECK_EQ(r->c.state, COP_STOPPED);

    copper_reset(&r->c);
    r->c.cop1lc = 0x100;
    r->c.cdang = true;                                 /* OCS: $040.. allowed */
    r->nmoves = 0;
    copper_vblank(&r->c);
    run(r, 30);
    CHECK_EQ(r->nmoves, 2);

    put(r, 0x100, 0x0020);                             /* $020 is never allowed on OCS */
    r->nmoves = 0;
    copper_vblank(&r->c);
    run(r, 30);
    CHECK_EQ(r->nmoves, 0);
    free(r);
}

TEST(copper_skip_skips_next_move)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x0A01); put(r, 0x102, 0xFFFF);   /* SKIP if beam >= ($0A,$00) */
    put(r, 0x104, 0x0180); put(r, 0x106, 0x0111);   /* skipped */
    put(r, 0x108, 0x0182); put(r, 0x10A, 0x0222);   /* executed */
    put(r, 0x10C, 0x3001); put(r, 0x10E, 0xFFFF);   /* SKIP if >= ($30,$00): false */
    put(r, 0x110, 0x0184); put(r, 0x112, 0x0333);   /* executed */
    put(r, 0x114, 0xFFFF); put(r, 0x116, 0xFFFE);
    r->v = 0x10; r->h = 0;
    copper_vblank(&r->c);
    run(r, 100);
    REQUIRE(r->nmoves == 2);
    CHECK_EQ(r->moves[0].reg, 0x182);
    CHECK_EQ(r->moves[1].reg, 0x184);
    free(r);
}

TEST(copper_wait_for_blitter)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x0001); put(r, 0x102, 0x7FFE);   /* WAIT (0,0) with BFD=0 */
    put(r, 0x104, 0x0180); put(r, 0x106, 0x0001);
    r->v = 0x20; r->h = 0;
    r->blit_busy = true;
    copper_vblank(&r->c);
    run(r, 50);
    CHECK_EQ(r->nmoves, 0);
    r->blit_busy = false;           /* at h = 50 ($32) */
    run(r, 10);
    REQUIRE(r->nmoves == 1);
    /* wake-up at $32, IR1 $34, IR2 + write $36 */
    CHECK_EQ(r->moves[0].h, 0x36);
    free(r);
}

TEST(copper_woken_by_blitter_end_in_even_cck)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x0001); put(r, 0x102, 0x7FFE);   /* WAIT (0,0) with BFD=0 */
    put(r, 0x104, 0x0180); put(r, 0x106, 0x0001);
    r->v = 0x20; r->h = 0;
    r->blit_busy = true;
    copper_vblank(&r->c);
    run(r, 0x31);                    /* the blitter's last cycle is $30 */
    r->blit_busy = false;
    copper_env_t env = {.ram = r->ram, .mask = RAM_SIZE - 1, .vpos = r->v, .hpos = r->h,
                        .line_len = 227, .bus_free = true, .blitter_ended = true,
                        .ctx = r, .move = rig_move};
    copper_cck(&r->c, &env);         /* CCK $31 learns of it */
    r->h++;
    run(r, 8);
    REQUIRE(r->nmoves == 1);
    /* woken at $30: IR1 $32, IR2 + write $34 */
    CHECK_EQ(r->moves[0].h, 0x34);
    free(r);
}

TEST(copper_blocked_cycles_delay_fetch)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x0180); put(r, 0x102, 0x0F00);
    r->v = 10; r->h = 0x10;
    copper_vblank(&r->c);
    copper_env_t env = {.ram = r->ram, .mask = RAM_SIZE - 1, .vpos = 10, .line_len = 227,
                        .bus_free = true, .ctx = r, .move = rig_move};
    int used = 0;
    /* the reload at $10, then $12 and $13 busy (as under 6-plane bitplane DMA) */
    for (unsigned h = 0x10; h < 0x20; h++) {
        env.hpos = r->h = h;
        env.bus_free = !(h == 0x12 || h == 0x13);
        if (copper_cck(&r->c, &env) == COPPER_USED) used++;
    }
    REQUIRE(r->nmoves == 1);
    CHECK_EQ(r->moves[0].h, 0x16);   /* IR1 at $14, IR2 at $16 */
    /* reload, IR1, IR2, then the next instruction's two fetches (a MOVE to $000, which
     * stops the copper) */
    CHECK_EQ(used, 5);
    CHECK_EQ(r->c.state, COP_STOPPED);
    free(r);
}

TEST(copper_cannot_use_e0)
{
    cop_rig_t *r = new_rig();
    put(r, 0x100, 0x0180); put(r, 0x102, 0x0F00);
    r->v = 10; r->h = 0xDC;
    copper_vblank(&r->c);   /* reload $DC, IR1 $DE, IR2 wanted at $E0: blocked */
    copper_env_t env = {.ram = r->ram, .mask = RAM_SIZE - 1, .vpos = 10, .line_len = 227,
                        .bus_free = true, .ctx = r, .move = rig_move};
    int res[8];
    for (unsigned i = 0; i < 6; i++) {
        env.hpos = r->h = 0xDC + i;
        res[i] = copper_cck(&r->c, &env);
    }
    CHECK_EQ(res[4], COPPER_BLOCKED);
    REQUIRE(r->nmoves == 1);
    CHECK_EQ(r->moves[0].h, 0xE1);
    free(r);
}

/* Agnus skips copper_cck in CCKs where copper_quiet_cck says the copper does nothing: a copper
 * stepped that way must stay identical, CCK by CCK, to one stepped in every CCK, whatever the
 * list (random MOVEs, WAITs, SKIPs, COPJMPs, illegal MOVEs), bus and blitter do. */
TEST(copper_quiet_cck_matches_every_cck)
{
    cop_rig_t *full = new_rig(), *quick = new_rig();
    uint32_t seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, seed >> 8)
    for (unsigned a = 0x100; a < RAM_SIZE; a += 4) {
        unsigned kind = RND() % 8;
        uint16_t ir1, ir2;
        if (kind < 3) {        /* MOVE to a colour (or, rarely, to COPJMP1 or a protected register) */
            unsigned r = RND() % 16;
            ir1 = (uint16_t)(r == 0 ? 0x088 : r == 1 ? 0x020 : 0x180 + 2 * (RND() % 32));
            ir2 = (uint16_t)RND();
        } else {               /* WAIT or SKIP with random position, masks and BFD */
            ir1 = (uint16_t)((RND() & 0xFFFE) | 1);
            ir2 = (uint16_t)((RND() & 0xFFFE) | (kind == 7 ? 1 : 0));
            if (RND() % 2) ir2 |= 0x7FFE;
        }
        put(full, a, ir1); put(full, a + 2, ir2);
        put(quick, a, ir1); put(quick, a + 2, ir2);
    }
    bool busy = false;
    unsigned len = 227, mismatches = 0, skipped = 0;
    for (unsigned i = 0; i < 200000 && mismatches == 0; i++) {
        if (full->h == 0 && full->v == 0) { copper_vblank(&full->c); copper_vblank(&quick->c); }
        bool was_busy = busy;
        if (RND() % 64 == 0) busy = !busy;
        unsigned prev_h = full->h ? full->h - 1 : len - 1;
        copper_env_t env = {.ram = full->ram, .mask = RAM_SIZE - 1, .vpos = full->v, .hpos = full->h,
                            .line_len = len, .bus_free = RND() % 4 != 0, .blitter_busy = busy,
                            .blitter_ended = was_busy && !busy && !(prev_h & 1), .ctx = full,
                            .move = rig_move};
        int rf = copper_cck(&full->c, &env);
        int rq = COPPER_IDLE;
        if (copper_quiet_cck(&quick->c, quick->v, quick->h, env.bus_free, busy)) {
            skipped++;
        } else {
            env.ram = quick->ram;
            env.ctx = quick;
            rq = copper_cck(&quick->c, &env);
        }
        const copper_t *f = &full->c, *q = &quick->c;
        if (rf != rq || f->pc != q->pc || f->ir1 != q->ir1 || f->ir2 != q->ir2 ||
            f->state != q->state || f->skip != q->skip || f->jump_to != q->jump_to ||
            f->delay != q->delay || full->nmoves != quick->nmoves)
            mismatches++;
        quick->h = full->h = (full->h + 1) % len;
        if (full->h == 0) quick->v = full->v = (full->v + 1) % 313;
    }
#undef RND
    CHECK_EQ(mismatches, 0);
    CHECK(skipped > 50000); /* the shortcut is actually taken */
    CHECK(full->nmoves > 100);
    free(full);
    free(quick);
}

/* Agnus jumps over the CCKs before copper_quiet_until's answer: in each of them
 * copper_quiet_cck must hold and leave the copper unchanged, from every state a random list
 * brings the copper to (WAITs with random masks, on and off their line, for the blitter or not,
 * with the bus free or taken throughout and the blitter busy or not). */
TEST(copper_quiet_until_is_quiet_throughout)
{
    cop_rig_t *r = new_rig();
    uint32_t seed = 4242;
#define RND() (seed = seed * 1103515245u + 12345u, seed >> 8)
    for (unsigned a = 0x100; a < RAM_SIZE; a += 4) {
        bool wait = RND() % 2;
        uint16_t ir1 = wait ? (uint16_t)((RND() & 0xFFFE) | 1) : (uint16_t)(0x180 + 2 * (RND() % 32));
        uint16_t ir2 = (uint16_t)RND();
        if (wait) ir2 = (uint16_t)((ir2 & 0xFFFE) | (RND() % 2 ? 0x7FFE : 0));
        put(r, a, ir1);
        put(r, a + 2, ir2);
    }
    unsigned len = 227, bad = 0, jumps = 0, jumped = 0;
    for (unsigned i = 0; i < 100000 && !bad; i++) {
        if (r->h == 0 && r->v == 0) copper_vblank(&r->c);
        bool bus_free = RND() % 4 != 0, busy = RND() % 4 == 0;
        copper_t before = r->c, probe = r->c;
        unsigned end = copper_quiet_until(&r->c, r->v, r->h, len, bus_free, busy);
        if (memcmp(&before, &r->c, sizeof before)) bad = 1;
        for (unsigned h = r->h; h < end && !bad; h++) {
            if (!copper_quiet_cck(&probe, r->v, h, bus_free, busy) || memcmp(&before, &probe, sizeof before))
                bad = 2;
        }
        if (end > r->h) { jumps++; jumped += end - r->h; }
        copper_env_t env = {.ram = r->ram, .mask = RAM_SIZE - 1, .vpos = r->v, .hpos = r->h,
                            .line_len = len, .bus_free = bus_free, .blitter_busy = busy, .ctx = r,
                            .move = rig_move};
        copper_cck(&r->c, &env);
        if (++r->h == len) { r->h = 0; r->v = (r->v + 1) % 313; }
    }
#undef RND
    CHECK_EQ(bad, 0);
    CHECK(jumps > 10000);
    CHECK(jumped > 20 * jumps);
    free(r);
}
