/* Sample-rate conversion of stereo int16 audio from the machine's rate to the sound device's
 * (DESIGN.md §5). Band-limited interpolation: a Blackman-windowed sinc whose cut-off follows
 * the lower of the two Nyquist frequencies (so downsampling does not alias), tabulated at
 * RESAMPLE_PHASES fractional positions with linear interpolation between neighbouring phases.
 * Streaming: input arrives in pieces of any size and the output is continuous across them. */
#ifndef ARCANA_RESAMPLE_H
#define ARCANA_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#define RESAMPLE_PHASES 256

typedef struct resampler {
    int in_rate, out_rate;
    double step;            /* input samples per output sample */
    int half;               /* filter taps on each side of the output position */
    float *table;           /* (RESAMPLE_PHASES + 1) rows of 2*half taps */
    float *buf;             /* buffered input, stereo interleaved */
    size_t buf_cap, buf_len; /* in frames */
    double pos;             /* next output's position in buf, in input frames */
    void *block;            /* the one allocation holding table and buf */
} resampler_t;

/* 0, or -1 with a message (bad rates, out of memory). */
int resampler_init(resampler_t *r, int in_rate, int out_rate, char *err, size_t errlen);
void resampler_free(resampler_t *r);
/* Most output frames that `in_frames` more input can produce (size `out` with this). */
size_t resampler_max_out(const resampler_t *r, size_t in_frames);
/* Consumes all `in_frames`, writes up to `max_out` frames to `out`; returns frames written. */
size_t resampler_process(resampler_t *r, const int16_t *in, size_t in_frames, int16_t *out,
                         size_t max_out);

#endif
