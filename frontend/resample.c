#include "frontend/resample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Zero crossings of the sinc on each side at the cut-off: ~90 dB stop band with Blackman. */
#define RESAMPLE_ZERO_CROSSINGS 12
/* Input frames buffered per call beyond the filter's history. */
#define RESAMPLE_CHUNK 4096

static double kernel(double t, double fc, int half)
{
    if (fabs(t) >= half)
        return 0.0;
    double x = M_PI * fc * t;
    double sinc = t == 0.0 ? 1.0 : sin(x) / x;
    double w = 0.42 + 0.5 * cos(M_PI * t / half) + 0.08 * cos(2.0 * M_PI * t / half);
    return fc * sinc * w;
}

int resampler_init(resampler_t *r, int in_rate, int out_rate, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (in_rate <= 0 || out_rate <= 0 || in_rate > 16 * out_rate) {
        snprintf(err, errlen, "cannot resample audio from %d Hz to %d Hz", in_rate, out_rate);
        return -1;
    }
    r->in_rate = in_rate;
    r->out_rate = out_rate;
    r->step = (double)in_rate / out_rate;
    /* Cut-off a little below the lower Nyquist frequency leaves room for the transition band. */
    double fc = (r->step > 1.0 ? 1.0 / r->step : 1.0) * 0.92;
    r->half = (int)ceil(RESAMPLE_ZERO_CROSSINGS / fc);
    size_t taps = 2 * (size_t)r->half;
    r->buf_cap = RESAMPLE_CHUNK + taps;
    size_t table_floats = (RESAMPLE_PHASES + 1) * taps;
    r->block = malloc((table_floats + 2 * r->buf_cap) * sizeof(float));
    if (!r->block) {
        snprintf(err, errlen, "out of memory for the audio resampler");
        return -1;
    }
    r->table = r->block;
    r->buf = r->table + table_floats;
    /* Row p holds the taps for an output p/PHASES of an input frame past sample i; tap j
     * weighs input i - half + 1 + j. Each row is normalised to unity gain at DC. */
    for (int p = 0; p <= RESAMPLE_PHASES; p++) {
        float *row = r->table + p * taps;
        double sum = 0.0;
        for (size_t j = 0; j < taps; j++) {
            double t = (double)j - r->half + 1 - (double)p / RESAMPLE_PHASES;
            row[j] = (float)kernel(t, fc, r->half);
            sum += row[j];
        }
        for (size_t j = 0; j < taps; j++)
            row[j] = (float)(row[j] / sum);
    }
    /* History of silence so the first input sample can be the centre of the first output. */
    r->buf_len = (size_t)r->half - 1;
    memset(r->buf, 0, r->buf_len * 2 * sizeof(float));
    r->pos = r->half - 1;
    return 0;
}

void resampler_free(resampler_t *r)
{
    free(r->block);
    memset(r, 0, sizeof *r);
}

size_t resampler_max_out(const resampler_t *r, size_t in_frames)
{
    if (r->in_rate == r->out_rate)
        return in_frames;
    return (size_t)((double)(r->buf_len + in_frames) / r->step) + 2;
}

static int16_t clamp16(float v)
{
    long s = lrintf(v);
    return (int16_t)(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
}

/* Writes outputs while the filter's whole window lies inside the buffered input. */
static size_t produce(resampler_t *r, int16_t *out, size_t max_out)
{
    size_t n = 0, taps = 2 * (size_t)r->half;
    while (n < max_out) {
        size_t i = (size_t)r->pos;
        if (i + r->half >= r->buf_len)
            break;
        double phase = (r->pos - i) * RESAMPLE_PHASES;
        int p = (int)phase;
        float f = (float)(phase - p);
        const float *row0 = r->table + p * taps, *row1 = row0 + taps;
        const float *in = r->buf + 2 * (i + 1 - r->half);
        float l = 0.0f, rr = 0.0f;
        for (size_t j = 0; j < taps; j++) {
            float w = row0[j] + f * (row1[j] - row0[j]);
            l += w * in[2 * j];
            rr += w * in[2 * j + 1];
        }
        out[2 * n] = clamp16(l);
        out[2 * n + 1] = clamp16(rr);
        n++;
        r->pos += r->step;
    }
    /* Drop input no longer inside any future window. */
    size_t keep_from = (size_t)r->pos + 1 - r->half;
    if (keep_from > r->buf_len)
        keep_from = r->buf_len;
    memmove(r->buf, r->buf + 2 * keep_from, (r->buf_len - keep_from) * 2 * sizeof(float));
    r->buf_len -= keep_from;
    r->pos -= (double)keep_from;
    return n;
}

size_t resampler_process(resampler_t *r, const int16_t *in, size_t in_frames, int16_t *out,
                         size_t max_out)
{
    if (r->in_rate == r->out_rate) {
        size_t n = in_frames < max_out ? in_frames : max_out;
        memcpy(out, in, n * 2 * sizeof(int16_t));
        return n;
    }
    size_t written = 0;
    while (in_frames) {
        size_t room = r->buf_cap - r->buf_len;
        size_t n = in_frames < room ? in_frames : room;
        float *dst = r->buf + 2 * r->buf_len;
        for (size_t k = 0; k < 2 * n; k++)
            dst[k] = in[k];
        r->buf_len += n;
        in += 2 * n;
        in_frames -= n;
        size_t made = produce(r, out + 2 * written, max_out - written);
        written += made;
        if (made == 0 && r->buf_len == r->buf_cap)
            break; /* output full: the rest of the input is dropped */
    }
    return written;
}
