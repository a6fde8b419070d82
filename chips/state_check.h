/* Checks for fields read back from a save state (issue 13: every length, index, enum and bool
 * read from a file is range-checked before use). A state file is hostile input: its bytes land
 * in the chip structs as they are, so a bool may hold 255 and an index any value. These look
 * at the stored bytes without loading a bool (which would itself be undefined behaviour). */
#ifndef ARCANA_STATE_CHECK_H
#define ARCANA_STATE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* True when every one of the n bools at b holds 0 or 1. */
static inline bool state_bools_ok(const bool *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t v;
        memcpy(&v, &b[i], 1);
        if (v > 1)
            return false;
    }
    return true;
}
#define STATE_BOOL_OK(x) state_bools_ok(&(x), 1)

/* An enum's stored value (whatever integer type the compiler gave it) as unsigned. */
#define STATE_ENUM(x) ((unsigned)(x))

/* A scheduled event read back: pending must be a bool and a pending event due within max_ahead
 * ticks of now. Far in the future would stall the machine; far in the past, a periodic event
 * would catch up one period at a time (millions of frames). */
static inline bool state_event_ok(uint64_t now, uint8_t pending, uint64_t when, uint64_t max_ahead)
{
    if (pending > 1)
        return false;
    return !pending || (when <= now ? now - when <= max_ahead : when - now <= max_ahead);
}

/* A scheduled time in a save state, the one layout every chip and machine uses: a pending byte
 * then the time (0 when not pending: a stale time would make equal states differ). Loading
 * checks it with state_event_ok and stores it in *pending and *when; false when out of range.
 * `field` is the serializer's visitor (see iomd_serialize). */
static inline bool state_deadline(void (*field)(void *ctx, void *data, size_t size), void *ctx, bool loading,
                                  bool *pending, uint64_t *when, uint64_t now, uint64_t max_ahead)
{
    uint8_t p = *pending;
    uint64_t w = p ? *when : 0;
    field(ctx, &p, sizeof p);
    field(ctx, &w, sizeof w);
    if (!loading)
        return true;
    if (!state_event_ok(now, p, w, max_ahead))
        return false;
    *pending = p;
    *when = w;
    return true;
}

#endif
