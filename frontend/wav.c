#include "frontend/wav.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void put_le(uint8_t *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The canonical 44-byte RIFF/WAVE header for PCM 16-bit stereo. */
static void make_header(uint8_t h[44], int rate, uint64_t frames)
{
    uint32_t data = (uint32_t)(frames * 4 > 0xFFFFFFD0u ? 0xFFFFFFD0u : frames * 4);
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 36 + data, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);
    put_le(h + 20, 1, 2);                   /* PCM */
    put_le(h + 22, 2, 2);                   /* channels */
    put_le(h + 24, (uint32_t)rate, 4);
    put_le(h + 28, (uint32_t)rate * 4, 4);  /* bytes per second */
    put_le(h + 32, 4, 2);                   /* block align */
    put_le(h + 34, 16, 2);                  /* bits per sample */
    memcpy(h + 36, "data", 4);
    put_le(h + 40, data, 4);
}

int wav_open(wav_writer_t *w, const char *path, int rate, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    snprintf(w->path, sizeof w->path, "%s", path);
    snprintf(w->tmp_path, sizeof w->tmp_path, "%s.tmp", path);
    w->rate = rate;
    w->f = fopen(w->tmp_path, "wb");
    uint8_t h[44];
    make_header(h, rate, 0);
    if (!w->f || fwrite(h, 1, sizeof h, w->f) != sizeof h) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        if (w->f)
            fclose(w->f);
        w->f = NULL;
        return -1;
    }
    return 0;
}

int wav_write(wav_writer_t *w, const int16_t *stereo, size_t frames)
{
    uint8_t buf[4096];
    size_t done = 0;
    while (done < frames) {
        size_t n = frames - done > sizeof buf / 4 ? sizeof buf / 4 : frames - done;
        for (size_t i = 0; i < n * 2; i++)
            put_le(buf + i * 2, (uint16_t)stereo[done * 2 + i], 2);
        if (fwrite(buf, 4, n, w->f) != n)
            return -1;
        done += n;
    }
    w->frames += frames;
    return 0;
}

int wav_close(wav_writer_t *w, char *err, size_t errlen)
{
    if (!w->f)
        return -1;
    uint8_t h[44];
    make_header(h, w->rate, w->frames);
    int ok = fseek(w->f, 0, SEEK_SET) == 0 && fwrite(h, 1, sizeof h, w->f) == sizeof h;
    ok = (fclose(w->f) == 0) && ok;
    w->f = NULL;
    if (!ok || rename(w->tmp_path, w->path) != 0) {
        snprintf(err, errlen, "%s: writing the WAV failed", w->path);
        unlink(w->tmp_path);
        return -1;
    }
    return 0;
}
