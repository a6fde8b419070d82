/* The copper: Agnus's display coprocessor (HRM ch. 2). It is a part of Agnus (chips/agnus
 * includes this header and steps it once per colour clock); kept in its own file so it can be
 * tested alone. It fetches its two instruction words in even CCKs that no higher-priority DMA
 * uses (HRM fig. 6-9); MOVE writes the custom register through `move`, WAIT/SKIP compare the
 * beam position (HRM ch. 2 "The WAIT instruction": V7..V0 always compared, H8..H2 and masks,
 * BFD = blitter-finished disable). */
#ifndef ARCANA_COPPER_H
#define ARCANA_COPPER_H

#include <stdbool.h>
#include <stdint.h>

typedef enum copper_state {
    COP_STOPPED,     /* halted (illegal MOVE, or reset) until the next COPJMP / vertical blank */
    COP_REQ,         /* restarted by a COPJMP strobe from the CPU: wait for an even free CCK */
    COP_VBLANK,      /* start of frame: reload from COP1LC (takes a bus cycle) */
    COP_FETCH1,      /* fetch IR1 */
    COP_FETCH2,      /* fetch IR2, execute MOVE */
    COP_WAIT1,       /* WAIT: a free cycle after IR2 */
    COP_WAIT2,       /* WAIT: evaluate the condition the first time */
    COP_WAITING,     /* comparing the beam (and, BFD=0, the blitter) every CCK */
    COP_WAKEUP,      /* condition met: wants an even free CCK, then fetches */
    COP_SKIP1,       /* SKIP: two free cycles after IR2 */
    COP_SKIP2,
    COP_JUMP1,       /* MOVE to COPJMPx: two more cycles before the new list is fetched */
    COP_JUMP2
} copper_state_t;

typedef struct copper {
    uint32_t cop1lc, cop2lc, pc;
    uint16_t ir1, ir2;
    copper_state_t state;
    bool cdang;       /* COPCON bit 1: MOVEs may reach $040..$07E (OCS), anything (ECS) */
    bool ecs;
    bool skip;        /* the previous SKIP's condition held: the next MOVE is not executed */
    bool in_move;     /* executing a MOVE (a COPJMP strobe then comes from the copper) */
    unsigned jump_to; /* 1 or 2: pending COPJMP */
    unsigned delay;   /* CCKs to let pass before the next step (steps are 2 CCKs apart) */
} copper_t;

/* copper_cck results */
enum { COPPER_IDLE, COPPER_USED, COPPER_BLOCKED /* wanted CCK $E0: nobody gets it */ };

/* What the copper needs from Agnus for one colour clock. */
typedef struct copper_env {
    const uint8_t *ram;
    uint32_t mask;          /* chip RAM address mask (even addresses only are used) */
    unsigned vpos, hpos;    /* beam position of this CCK */
    unsigned line_len;      /* 227 or 228 (NTSC long line): the copper cannot use CCK len-3 ($E0) */
    bool bus_free;          /* copper DMA enabled and no higher-priority DMA in this CCK */
    bool blitter_busy;
    bool blitter_ended;     /* the blitter finished in the previous CCK, an even one */
    void *ctx;
    void (*move)(void *ctx, unsigned reg, uint16_t value);
} copper_env_t;

/* WAIT/SKIP comparison of beam (v, h) against IR1/IR2 (HRM ch. 2), without the blitter:
 * true when the copper's comparator has triggered by CCK h of line v. The comparator triggers
 * two CCKs ahead of the wanted position so that the fetch of the next
 * instruction can start at it (HRM ch. 2 "The WAIT instruction": resolution 4 lores pixels).
 * V7 is always compared (mask bit 15 is ignored, it is BFD); horizontal positions past $E1 are
 * not reached by the lookahead, a wait for them ends on the next line. */
static inline bool copper_compare(const copper_t *c, unsigned vpos, unsigned hpos)
{
    unsigned vmask = ((c->ir2 >> 8) & 0x7F) | 0x80;
    unsigned hmask = (c->ir2 & 0xFE) | 0x01;
    unsigned vp = (c->ir1 >> 8) & vmask, hp = c->ir1 & 0xFE & hmask;
    unsigned v = vpos & vmask;
    if (v != vp) return v > vp;
    unsigned h = hpos + 2;
    if (h > 0xE1) return false;
    return (h & hmask) >= hp;
}

void copper_init(copper_t *c, bool ecs);
void copper_reset(copper_t *c);

/* True when the copper certainly does nothing in CCK (vpos, hpos): copper_cck would return
 * COPPER_IDLE and change nothing but a step delay, which this consumes. That is a delay counting
 * down, a halted copper, a WAIT whose beam comparison has not triggered or that waits for the
 * blitter (BFD clear) while it is busy, or a step that needs the bus when the bus is not free
 * (copper DMA off or a higher-priority slot); the caller then skips copper_cck for that CCK. */
static inline bool copper_quiet_cck(copper_t *c, unsigned vpos, unsigned hpos, bool bus_free,
                                    bool blitter_busy)
{
    if (c->delay) {
        c->delay--;
        return true;
    }
    switch (c->state) {
    case COP_STOPPED:
        return true;
    case COP_WAITING:
        return (blitter_busy && !(c->ir2 & 0x8000)) || !copper_compare(c, vpos, hpos);
    case COP_REQ: case COP_FETCH1: case COP_FETCH2: case COP_WAIT1: case COP_WAKEUP:
    case COP_SKIP1: case COP_SKIP2: case COP_JUMP2:
        return !bus_free;
    default: /* VBLANK and JUMP1 act without the bus, WAIT2 clears the SKIP flag first */
        return false;
    }
}

/* The first CCK in [hpos, end) of line vpos in which the copper may do something, `end` if
 * none: the stretch before it is one where copper_quiet_cck() holds in every CCK without
 * changing the copper (no step delay counting down; a halted copper, a WAIT whose comparison
 * does not trigger or that waits for the blitter while blitter_busy, which the caller keeps
 * true only up to the CCK in which the blitter ends, or a step that needs the bus when
 * bus_free is false throughout). Agnus jumps over such stretches when nothing else happens in
 * them. */
static inline unsigned copper_quiet_until(const copper_t *c, unsigned vpos, unsigned hpos,
                                          unsigned end, bool bus_free, bool blitter_busy)
{
    if (c->delay) return hpos;
    switch (c->state) {
    case COP_STOPPED:
        return end;
    case COP_WAITING: {
        if (blitter_busy && !(c->ir2 & 0x8000)) return end;
        /* The vertical comparison holds for the whole line; only on the wanted line does the
         * horizontal one decide (per CCK: a masked comparison need not be monotonic). */
        unsigned vmask = ((c->ir2 >> 8) & 0x7F) | 0x80, vp = (c->ir1 >> 8) & vmask;
        if ((vpos & vmask) != vp) return (vpos & vmask) > vp ? hpos : end;
        if ((c->ir2 & 0xFE) == 0xFE) {
            /* every horizontal bit compared: triggered from h = HP - 2 up to $DF */
            unsigned hp = c->ir1 & 0xFE, first = hp >= 2 ? hp - 2 : 0;
            if (hpos > 0xDF || first > 0xDF) return end;
            if (first <= hpos) return hpos;
            return first < end ? first : end;
        }
        while (hpos < end && !copper_compare(c, vpos, hpos)) hpos++;
        return hpos;
    }
    case COP_REQ: case COP_FETCH1: case COP_FETCH2: case COP_WAIT1: case COP_WAKEUP:
    case COP_SKIP1: case COP_SKIP2: case COP_JUMP2:
        return bus_free ? hpos : end;
    default:
        return hpos;
    }
}

/* One colour clock: returns COPPER_IDLE, COPPER_USED (took the bus) or COPPER_BLOCKED. */
int copper_cck(copper_t *c, const copper_env_t *env);
/* Strobes: COPJMP1/2 written by the CPU (restart at once, from the next free cycle). */
void copper_jump(copper_t *c, unsigned which);
/* Vertical blank: restart at COP1LC (HRM ch. 2 "Starting the copper after reset"). */
void copper_vblank(copper_t *c);

typedef struct ser ser_t;
/* The copper's state for a save state (machines/state.h). */
void copper_serialize(copper_t *c, ser_t *s);

#endif
