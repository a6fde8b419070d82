#include "frontend/ring.h"

#include <string.h>

size_t ring_capacity_for(size_t frames)
{
    size_t c = 1;
    while (c < frames)
        c <<= 1;
    return c;
}

void ring_init(audio_ring_t *r, int16_t *storage, size_t capacity)
{
    r->frames = storage;
    r->capacity = capacity;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
}

size_t ring_fill(audio_ring_t *r)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    return head - tail;
}

/* Copies `n` frames between the ring at counter position `pos` and `linear`, in at most two
 * pieces (the ring's end and its start). */
static void copy_wrapped(audio_ring_t *r, size_t pos, int16_t *linear, size_t n, int to_ring)
{
    size_t at = pos & (r->capacity - 1);
    size_t first = r->capacity - at < n ? r->capacity - at : n;
    int16_t *ring_at = r->frames + 2 * at;
    if (to_ring) {
        memcpy(ring_at, linear, first * 2 * sizeof(int16_t));
        memcpy(r->frames, linear + 2 * first, (n - first) * 2 * sizeof(int16_t));
    } else {
        memcpy(linear, ring_at, first * 2 * sizeof(int16_t));
        memcpy(linear + 2 * first, r->frames, (n - first) * 2 * sizeof(int16_t));
    }
}

size_t ring_write(audio_ring_t *r, const int16_t *stereo, size_t frames)
{
    size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    size_t space = r->capacity - (head - tail);
    size_t n = frames < space ? frames : space;
    if (n)
        copy_wrapped(r, head, (int16_t *)stereo, n, 1);
    atomic_store_explicit(&r->head, head + n, memory_order_release);
    return n;
}

size_t ring_read(audio_ring_t *r, int16_t *stereo, size_t frames)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    size_t avail = head - tail;
    size_t n = frames < avail ? frames : avail;
    if (n)
        copy_wrapped(r, tail, stereo, n, 0);
    atomic_store_explicit(&r->tail, tail + n, memory_order_release);
    return n;
}
