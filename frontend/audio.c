#include "frontend/audio.h"

#include <fcntl.h>
#include <portaudio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int callback(const void *input, void *output, unsigned long frames,
                    const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    (void)input;
    (void)time;
    (void)flags;
    audio_out_t *a = user;
    int16_t *out = output;
    size_t got = ring_read(&a->ring, out, frames);
    if (got < frames) {
        memset(out + 2 * got, 0, (frames - got) * 2 * sizeof(int16_t));
        atomic_fetch_add_explicit(&a->underruns, 1, memory_order_relaxed);
    }
    return paContinue;
}

/* PortAudio's ALSA and JACK back ends print their probing of absent devices on stderr; that
 * noise says nothing to a user, whose one line about sound comes from audio_open's caller. */
static PaError quiet_initialize(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    PaError e = Pa_Initialize();
    if (saved >= 0 && null >= 0) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
    }
    if (saved >= 0)
        close(saved);
    if (null >= 0)
        close(null);
    return e;
}

int audio_open(audio_out_t *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    PaError e = quiet_initialize();
    if (e != paNoError) {
        snprintf(err, errlen, "no sound: PortAudio: %s", Pa_GetErrorText(e));
        return -1;
    }
    a->pa_up = true;
    PaDeviceIndex dev = Pa_GetDefaultOutputDevice();
    const PaDeviceInfo *info = dev == paNoDevice ? NULL : Pa_GetDeviceInfo(dev);
    if (!info) {
        snprintf(err, errlen, "no sound: no audio output device");
        audio_close(a);
        return -1;
    }
    a->rate = (int)(info->defaultSampleRate + 0.5);
    a->target_frames = (size_t)a->rate * AUDIO_LATENCY_MS / 1000;
    /* Room for four times the target: the emulation may deliver a frame's worth at once. */
    size_t cap = ring_capacity_for(a->target_frames * 4);
    a->storage = calloc(cap * 2, sizeof(int16_t));
    if (!a->storage) {
        snprintf(err, errlen, "no sound: out of memory");
        audio_close(a);
        return -1;
    }
    ring_init(&a->ring, a->storage, cap);
    PaStreamParameters out = {
        .device = dev,
        .channelCount = 2,
        .sampleFormat = paInt16,
        /* Half the budget in the device, half in our ring. */
        .suggestedLatency = AUDIO_LATENCY_MS / 2000.0,
    };
    PaStream *s = NULL;
    e = Pa_OpenStream(&s, NULL, &out, a->rate, paFramesPerBufferUnspecified, paNoFlag, callback, a);
    if (e == paNoError)
        e = Pa_StartStream(s);
    if (e != paNoError) {
        snprintf(err, errlen, "no sound: %s: %s", info->name, Pa_GetErrorText(e));
        if (s)
            Pa_CloseStream(s);
        audio_close(a);
        return -1;
    }
    a->stream = s;
    /* The ring holds what the device's own buffering does not, so sound leaves the machine
     * about AUDIO_LATENCY_MS before it is heard (at least 10 ms in the ring: a frame's worth
     * of samples arrives at once). */
    const PaStreamInfo *si = Pa_GetStreamInfo(s);
    double in_device = si ? si->outputLatency : out.suggestedLatency;
    double in_ring = AUDIO_LATENCY_MS / 1000.0 - in_device;
    a->target_frames = (size_t)(a->rate * (in_ring < 0.010 ? 0.010 : in_ring));
    return 0;
}

void audio_close(audio_out_t *a)
{
    if (a->stream) {
        Pa_StopStream(a->stream);
        Pa_CloseStream(a->stream);
    }
    if (a->pa_up)
        Pa_Terminate();
    free(a->storage);
    memset(a, 0, sizeof *a);
}
