/* The copper (HRM ch. 2). A step of its state machine happens in a colour clock; consecutive
 * steps are two CCKs apart, and a step that needs the bus and does not get it is retried in
 * the next CCK. Bus cycles used: IR1 and IR2 fetches, the reload at vertical blank and the first
 * cycle of a COPJMP done by the copper itself. WAIT and SKIP need two further free cycles in
 * which nothing is transferred, so the CPU or the blitter may still use them. */
#include "chips/copper.h"
#include "machines/state.h"

#include <string.h>

void copper_init(copper_t *c, bool ecs)
{
    memset(c, 0, sizeof *c);
    c->ecs = ecs;
    copper_reset(c);
}

void copper_reset(copper_t *c)
{
    bool ecs = c->ecs;
    memset(c, 0, sizeof *c);
    c->ecs = ecs;
    c->state = COP_STOPPED;
}

static uint16_t fetch(copper_t *c, const copper_env_t *env)
{
    uint32_t a = c->pc & env->mask & ~1u;
    c->pc = (c->pc + 2) & 0xFFFFFE;
    return (uint16_t)(env->ram[a] << 8 | env->ram[a + 1]);
}

static bool illegal_reg(const copper_t *c, unsigned reg)
{
    /* HRM ch. 2 "Control register": without CDANG the copper cannot write below $080; with
     * it the OCS Agnus still protects $000-$03E, the ECS Agnus nothing. */
    if (c->cdang) return c->ecs ? false : reg < 0x40;
    return reg < 0x80;
}

static void next(copper_t *c, copper_state_t s)
{
    c->state = s;
    c->delay = 1;
}

static bool is_skip(const copper_t *c) { return (c->ir1 & 1) && (c->ir2 & 1); }

static bool condition(const copper_t *c, const copper_env_t *env)
{
    bool bfd = c->ir2 & 0x8000;
    return copper_compare(c, env->vpos, env->hpos) && (bfd || !env->blitter_busy);
}

int copper_cck(copper_t *c, const copper_env_t *env)
{
    if (c->delay) {
        c->delay--;
        return COPPER_IDLE;
    }
    /* HRM fig. 6-9 / Agnus: the copper may not use CCK $E0; when it wants it, the cycle is
     * lost to everybody. */
    bool free = env->bus_free;
    if (free && env->hpos == env->line_len - 3 && c->state != COP_STOPPED &&
        c->state != COP_JUMP1 && (c->state != COP_WAITING || condition(c, env)))
        return COPPER_BLOCKED;

    switch (c->state) {
    case COP_STOPPED:
        return COPPER_IDLE;
    case COP_REQ:
        if (!free || (env->hpos & 1)) return COPPER_IDLE;
        next(c, COP_FETCH1);
        return COPPER_IDLE;
    case COP_VBLANK:
        /* The reload takes a bus cycle when copper DMA is on (it is done regardless). */
        c->pc = c->cop1lc;
        c->skip = false;
        next(c, COP_FETCH1);
        return free ? COPPER_USED : COPPER_IDLE;
    case COP_FETCH1:
        if (!free) return COPPER_IDLE;
        if (is_skip(c)) c->skip = condition(c, env);
        c->ir1 = fetch(c, env);
        next(c, COP_FETCH2);
        return COPPER_USED;
    case COP_FETCH2: {
        if (!free) return COPPER_IDLE;
        c->ir2 = fetch(c, env);
        if (c->ir1 & 1) {
            next(c, (c->ir2 & 1) ? COP_SKIP1 : COP_WAIT1);
            return COPPER_USED;
        }
        unsigned reg = c->ir1 & 0x1FE;
        if (illegal_reg(c, reg)) {
            c->state = COP_STOPPED;
            return COPPER_USED;
        }
        next(c, COP_FETCH1);
        if (c->skip) {
            c->skip = false;
            return COPPER_USED;
        }
        c->in_move = true;
        env->move(env->ctx, reg, c->ir2);
        c->in_move = false;
        return COPPER_USED;
    }
    case COP_WAIT1:
        if (!free) return COPPER_IDLE;
        next(c, COP_WAIT2);
        return COPPER_IDLE;
    case COP_WAIT2:
        c->skip = false;
        if (!free) return COPPER_IDLE;
        if (condition(c, env)) {
            next(c, COP_FETCH1);
        } else {
            c->state = COP_WAITING;
        }
        return COPPER_IDLE;
    case COP_WAITING:
        if (!condition(c, env)) return COPPER_IDLE;
        if (env->blitter_ended && !(c->ir2 & 0x8000)) {
            /* Waiting for the blitter: its end in an even CCK wakes the copper in that very
             * CCK, so the fetch follows two CCKs after it. */
            c->state = COP_FETCH1;
            c->delay = 0;
            return COPPER_IDLE;
        }
        c->state = COP_WAKEUP;
        /* the wake-up may happen in the same CCK */
        __attribute__((fallthrough));
    case COP_WAKEUP:
        if (!free || (env->hpos & 1)) return COPPER_IDLE;
        if (!condition(c, env)) {
            c->state = COP_WAITING;
            return COPPER_IDLE;
        }
        next(c, COP_FETCH1);
        return COPPER_IDLE;
    case COP_SKIP1:
        if (!free) return COPPER_IDLE;
        next(c, COP_SKIP2);
        return COPPER_IDLE;
    case COP_SKIP2:
        if (!free) return COPPER_IDLE;
        next(c, COP_FETCH1);
        return COPPER_IDLE;
    case COP_JUMP1:
        /* Not a transfer, but the bus is held (it is the cycle after the strobe write). */
        c->state = COP_JUMP2;
        c->delay = env->hpos == env->line_len - 3 ? 0 : 1;
        return free ? COPPER_USED : COPPER_IDLE;
    case COP_JUMP2:
        if (!free) return COPPER_IDLE;
        c->pc = c->jump_to == 2 ? c->cop2lc : c->cop1lc;
        next(c, COP_FETCH1);
        return COPPER_IDLE;
    }
    return COPPER_IDLE;
}

void copper_jump(copper_t *c, unsigned which)
{
    c->jump_to = which;
    if (c->in_move) {
        /* A MOVE to COPJMPx: the copper finishes the MOVE, then needs two more cycles. */
        c->state = COP_JUMP1;
        c->delay = 1;
        return;
    }
    c->pc = which == 2 ? c->cop2lc : c->cop1lc;
    c->skip = false;
    c->state = COP_REQ;
    c->delay = 0;
}

void copper_vblank(copper_t *c)
{
    c->state = COP_VBLANK;
    c->delay = 0;
}

/* ---- save states (machines/state.h) ---- */

void copper_serialize(copper_t *c, ser_t *s)
{
    SER(s, c->cop1lc);
    SER(s, c->cop2lc);
    SER(s, c->pc);
    SER(s, c->ir1);
    SER(s, c->ir2);
    SER_ENUM(s, c->state, COP_JUMP2);
    SER(s, c->cdang);
    SER_EXPECT(s, c->ecs, "copper ECS");
    SER(s, c->skip);
    SER(s, c->in_move);
    SER_MAX(s, c->jump_to, 2);
    SER_MAX(s, c->delay, 64);
}
