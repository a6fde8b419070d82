/* Lock-free single-producer single-consumer ring of stereo int16 audio frames (DESIGN.md §5):
 * the emulation thread writes, PortAudio's callback reads. Head and tail are free-running
 * counters; the capacity is a power of two so their difference is the fill level even across
 * wrap-around. Writes publish with release order, reads observe with acquire order. */
#ifndef ARCANA_RING_H
#define ARCANA_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef struct audio_ring {
    int16_t *frames;        /* capacity * 2 samples (L, R), owned by the caller */
    size_t capacity;        /* frames, a power of two */
    _Atomic size_t head;    /* frames written so far (producer only) */
    _Atomic size_t tail;    /* frames read so far (consumer only) */
} audio_ring_t;

/* The smallest power of two holding at least `frames`. */
size_t ring_capacity_for(size_t frames);
/* `storage` holds capacity*2 int16; capacity must be a power of two. */
void ring_init(audio_ring_t *r, int16_t *storage, size_t capacity);
/* Frames waiting to be read (either thread; a snapshot). */
size_t ring_fill(audio_ring_t *r);
/* Producer: copies as many of `frames` as fit; returns how many were written. */
size_t ring_write(audio_ring_t *r, const int16_t *stereo, size_t frames);
/* Consumer: copies up to `frames`; returns how many were read. */
size_t ring_read(audio_ring_t *r, int16_t *stereo, size_t frames);

#endif
