/* The resampler (frontend/resample.h): frequency and level kept, length scaled by the rate
 * ratio, streaming in pieces equal to one pass, and no aliasing when downsampling. */
#include <math.h>
#include <stdlib.h>

#include "frontend/resample.h"
#include "tests/test.h"

static void sine(int16_t *buf, size_t frames, double hz, int rate, double amp)
{
    for (size_t i = 0; i < frames; i++)
        buf[2 * i] = buf[2 * i + 1] = (int16_t)lrint(amp * sin(2 * M_PI * hz * i / rate));
}

/* Frequency from rising zero crossings, RMS over the same span (left channel). */
static void measure(const int16_t *buf, size_t from, size_t frames, int rate, double *hz, double *rms)
{
    double first = -1, last = -1, sum2 = 0;
    long n = 0;
    for (size_t i = from + 1; i < frames; i++) {
        int16_t a = buf[2 * (i - 1)], b = buf[2 * i];
        sum2 += (double)b * b;
        if (a < 0 && b >= 0) {
            double t = i - 1 + (double)-a / (b - a);
            if (first < 0)
                first = t;
            last = t;
            n++;
        }
    }
    *hz = n > 1 ? (n - 1) * rate / (last - first) : 0;
    *rms = sqrt(sum2 / (frames - from - 1));
}

TEST(resample_44100_to_48000_keeps_tone)
{
    resampler_t r;
    char err[128];
    REQUIRE(resampler_init(&r, 44100, 48000, err, sizeof err) == 0);
    size_t in_n = 44100, cap = resampler_max_out(&r, in_n);
    int16_t *in = malloc(in_n * 4), *out = malloc(cap * 4);
    sine(in, in_n, 1000.0, 44100, 10000.0);
    size_t n = resampler_process(&r, in, in_n, out, cap);
    /* One second in is one second out, less the filter's delay (half its taps). */
    CHECK(n > 48000 - 2 * (size_t)r.half && n <= 48000);
    double hz, rms;
    measure(out, 200, n, 48000, &hz, &rms);
    CHECK(fabs(hz - 1000.0) < 0.5);
    CHECK(fabs(rms - 10000.0 / sqrt(2.0)) < 0.01 * 10000.0 / sqrt(2.0));
    free(in);
    free(out);
    resampler_free(&r);
}

TEST(resample_in_pieces_equals_one_pass)
{
    resampler_t a, b;
    char err[128];
    REQUIRE(resampler_init(&a, 31300, 48000, err, sizeof err) == 0);
    REQUIRE(resampler_init(&b, 31300, 48000, err, sizeof err) == 0);
    size_t in_n = 20000, cap = resampler_max_out(&a, in_n);
    int16_t *in = malloc(in_n * 4), *one = malloc(cap * 4), *pieces = malloc(cap * 4);
    sine(in, in_n, 440.0, 31300, 12000.0);
    size_t n1 = resampler_process(&a, in, in_n, one, cap), n2 = 0;
    for (size_t off = 0, step = 1; off < in_n; off += step, step = step * 3 % 997 + 1) {
        size_t k = off + step > in_n ? in_n - off : step;
        n2 += resampler_process(&b, in + 2 * off, k, pieces + 2 * n2, cap - n2);
    }
    CHECK_EQ(n1, n2);
    int diff = 0;
    for (size_t i = 0; i < 2 * (n1 < n2 ? n1 : n2); i++)
        diff += abs(one[i] - pieces[i]) > 1;
    CHECK_EQ(diff, 0);
    free(in);
    free(one);
    free(pieces);
    resampler_free(&a);
    resampler_free(&b);
}

TEST(resample_downsampling_removes_what_cannot_be_represented)
{
    resampler_t r;
    char err[128];
    REQUIRE(resampler_init(&r, 96000, 48000, err, sizeof err) == 0);
    size_t in_n = 48000, cap = resampler_max_out(&r, in_n);
    int16_t *in = malloc(in_n * 4), *out = malloc(cap * 4);
    /* 30 kHz is above the output's 24 kHz Nyquist: it would alias to 18 kHz. */
    sine(in, in_n, 30000.0, 96000, 16000.0);
    size_t n = resampler_process(&r, in, in_n, out, cap);
    double sum2 = 0;
    for (size_t i = 500; i < n; i++)
        sum2 += (double)out[2 * i] * out[2 * i];
    double rms = sqrt(sum2 / (n - 500));
    CHECK(rms < 16000.0 / sqrt(2.0) / 1000.0); /* at least 60 dB down */
    /* A 5 kHz tone passes at full level. */
    resampler_free(&r);
    REQUIRE(resampler_init(&r, 96000, 48000, err, sizeof err) == 0);
    sine(in, in_n, 5000.0, 96000, 16000.0);
    n = resampler_process(&r, in, in_n, out, cap);
    double hz;
    measure(out, 500, n, 48000, &hz, &rms);
    CHECK(fabs(hz - 5000.0) < 2.0);
    CHECK(fabs(rms - 16000.0 / sqrt(2.0)) < 0.02 * 16000.0 / sqrt(2.0));
    free(in);
    free(out);
    resampler_free(&r);
}

TEST(resample_same_rate_is_a_copy_and_bad_rates_fail)
{
    resampler_t r;
    char err[128];
    REQUIRE(resampler_init(&r, 48000, 48000, err, sizeof err) == 0);
    int16_t in[8] = {1, -2, 3, -4, 5, -6, 7, -8}, out[8];
    CHECK_EQ(resampler_process(&r, in, 4, out, 4), 4);
    CHECK_EQ(out[7], -8);
    resampler_free(&r);
    CHECK(resampler_init(&r, 0, 48000, err, sizeof err) != 0);
    CHECK(strstr(err, "0 Hz") != NULL);
}
