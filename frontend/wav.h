/* WAV (PCM 16-bit stereo) writer for --audio-out. */
#ifndef ARCANA_WAV_H
#define ARCANA_WAV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct wav_writer {
    FILE *f;
    char path[512], tmp_path[520];
    int rate;
    uint64_t frames;
} wav_writer_t;

int wav_open(wav_writer_t *w, const char *path, int rate, char *err, size_t errlen);
int wav_write(wav_writer_t *w, const int16_t *stereo, size_t frames);
/* Fixes up the header and renames the temp file into place. */
int wav_close(wav_writer_t *w, char *err, size_t errlen);

#endif
