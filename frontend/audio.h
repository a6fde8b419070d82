/* Sound output through PortAudio (DESIGN.md §5): the default output device at its own rate,
 * fed from a lock-free ring (ring.h) that the emulation thread fills. PortAudio's callback only
 * copies from the ring (silence on underrun), so it never waits on the emulation. The ring's
 * fill level is the audio clock the emulation paces itself by. */
#ifndef ARCANA_AUDIO_H
#define ARCANA_AUDIO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "frontend/ring.h"

#define AUDIO_LATENCY_MS 40

typedef struct audio_out {
    void *stream;           /* PaStream */
    bool pa_up;             /* Pa_Initialize succeeded */
    int rate;               /* the device's sample rate */
    size_t target_frames;   /* ring fill the emulation keeps: AUDIO_LATENCY_MS less the
                               device's own latency */
    audio_ring_t ring;
    int16_t *storage;
    _Atomic unsigned long underruns; /* callbacks that found the ring short */
} audio_out_t;

/* Opens and starts the default output device. 0, or -1 with a one-line reason (no device). */
int audio_open(audio_out_t *a, char *err, size_t errlen);
void audio_close(audio_out_t *a);

#endif
