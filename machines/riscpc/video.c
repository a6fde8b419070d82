/* The RiscPC's raster and sound timing: VIDC20's frame (display, flyback, VSYNC interrupt)
 * from its programmed mode, and IOMD sound DMA through VIDC20 resampled to the output rate. */
#include <string.h>

#include "machines/riscpc/internal.h"

/* ---- video timing --------------------------------------------------------------------------- */

static uint64_t frame_ticks(riscpc_t *m)
{
    uint64_t t = vidc20_frame_ticks(&m->vidc, RISCPC_TICKS_PER_SECOND);
    /* Guard against nonsense timings (below 10 Hz or above 400 Hz): use 50 Hz. */
    if (t < RISCPC_TICKS_PER_SECOND / 400 || t > RISCPC_TICKS_PER_SECOND / 10)
        t = RISCPC_DEFAULT_FRAME_TICKS;
    return t;
}

/* End of the display area: the picture is complete (rendered now from video DMA), VIDC20
 * enters vertical flyback and IOMD latches its VSYNC interrupt. */
static void vsync_event(void *ctx, uint64_t when)
{
    (void)when;
    riscpc_t *m = ctx;
    vidc20_mode_t mode;
    vidc20_mode(&m->vidc, &mode);
    vidc20_render(&m->vidc, m->fb, VIDC20_MAX_W, VIDC20_MAX_W, VIDC20_MAX_H, &m->fb_w, &m->fb_h);
    iomd_set_flyback(&m->iomd, true);
    if (mode.valid)
        iomd_irqa_pulse(&m->iomd, IOMD_IRQA_VSYNC);
    m->frame_no++;
    m->frame_done = true;
}

/* Vertical flyback (IOMD control register bit 7) lasts from the end of one frame's display
 * through sync and the top margin to the first display line of the next. */
static void display_start_event(void *ctx, uint64_t when)
{
    (void)when;
    iomd_set_flyback(&((riscpc_t *)ctx)->iomd, false);
}

static void frame_event(void *ctx, uint64_t when)
{
    riscpc_t *m = ctx;
    m->frame_start = when;
    vidc20_mode_t mode;
    vidc20_mode(&m->vidc, &mode);
    m->frame_unprogrammed = !mode.valid;
    uint64_t ft = frame_ticks(m);
    uint64_t disp = vidc20_display_end_ticks(&m->vidc, RISCPC_TICKS_PER_SECOND);
    if (!disp || disp >= ft)
        disp = ft * 9 / 10;
    uint64_t top = mode.valid ? (uint64_t)mode.htotal * (uint64_t)mode.vdisp * RISCPC_TICKS_PER_SECOND / mode.pixel_hz : 0;
    if (top && top < disp)
        sched_at(&m->sched, &m->display_ev, when + top);
    else
        iomd_set_flyback(&m->iomd, false);
    sched_at(&m->sched, &m->vsync_ev, when + disp);
    sched_at(&m->sched, &m->frame_ev, when + ft);
}

/* A VIDC20 register was written. The first complete set of timing registers starts the raster
 * at once instead of after the placeholder frame that ran while there was no mode. */
void riscpc_vidc_written(riscpc_t *m)
{
    if (!m->frame_unprogrammed)
        return;
    vidc20_mode_t mode;
    vidc20_mode(&m->vidc, &mode);
    if (mode.valid) {
        m->frame_unprogrammed = false;
        sched_cancel(&m->sched, &m->vsync_ev);
        sched_at(&m->sched, &m->frame_ev, m->sched.now);
    }
}

void riscpc_get_frame(machine_t *mm, machine_frame_t *out)
{
    riscpc_t *m = (riscpc_t *)mm;
    out->pixels = m->fb;
    out->width = m->fb_w;
    out->height = m->fb_h;
    out->stride = VIDC20_MAX_W;
    /* Square pixels for the usual modes; modes with half the lines of their width (e.g.
     * 640×256) are shown on a 4:3 monitor, so their pixels are twice as tall. */
    out->pixel_aspect = (m->fb_h > 0 && m->fb_w >= 2 * m->fb_h + m->fb_h / 2) ? 0.5 : 1.0;
    out->number = m->frame_no;
}

/* ---- sound: IOMD SD0 → VIDC20 at the programmed rate, resampled to 44.1 kHz ---------------- */

static void audio_push(riscpc_t *m, int16_t l, int16_t r)
{
    size_t at = (m->audio_head + m->audio_count) % RISCPC_AUDIO_RING;
    m->audio[2 * at] = l;
    m->audio[2 * at + 1] = r;
    if (m->audio_count < RISCPC_AUDIO_RING)
        m->audio_count++;
    else
        m->audio_head = (m->audio_head + 1) % RISCPC_AUDIO_RING; /* nobody drains: drop the oldest */
}

/* While sound DMA runs, one 16-byte transfer per event at VIDC20's sample rate; otherwise
 * silence at the output rate, one event per millisecond, so the audio clock always runs. */
static void sound_event(void *ctx, uint64_t when)
{
    riscpc_t *m = ctx;
    if (!iomd_sound_enabled(&m->iomd, 0)) {
        m->audio_phase += RISCPC_AUDIO_RATE;
        while (m->audio_phase >= 1000) {
            m->audio_phase -= 1000;
            audio_push(m, 0, 0);
        }
        sched_at(&m->sched, &m->sound_ev, when + RISCPC_TICKS_PER_SECOND / 1000);
        return;
    }
    uint32_t rate = vidc20_sound_rate(&m->vidc);
    bool s16 = vidc20_sound_16bit(&m->vidc);
    uint8_t buf[16];
    int16_t pcm[32];
    uint32_t got = iomd_sound_fetch(&m->iomd, 0, buf, 16);
    if (got < 16)
        memset(buf + got, 0, 16 - got); /* both buffers ran dry: silence */
    uint32_t n = vidc20_sound_convert(&m->vidc, buf, 16, pcm);
    for (uint32_t i = 0; i < n; i++) {
        /* zero-order hold resampling to RISCPC_AUDIO_RATE */
        m->audio_phase += RISCPC_AUDIO_RATE;
        while (m->audio_phase >= rate) {
            m->audio_phase -= rate;
            audio_push(m, pcm[2 * i], pcm[2 * i + 1]);
        }
    }
    sched_at(&m->sched, &m->sound_ev, when + (uint64_t)(s16 ? 4 : 16) * RISCPC_TICKS_PER_SECOND / rate);
}

size_t riscpc_drain_audio(machine_t *mm, int16_t *out, size_t max)
{
    riscpc_t *m = (riscpc_t *)mm;
    size_t n = m->audio_count < max ? m->audio_count : max;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = m->audio[2 * m->audio_head];
        out[2 * i + 1] = m->audio[2 * m->audio_head + 1];
        m->audio_head = (m->audio_head + 1) % RISCPC_AUDIO_RING;
    }
    m->audio_count -= n;
    return n;
}

void riscpc_video_events_init(riscpc_t *m)
{
    sched_event_init(&m->vsync_ev, "riscpc.vsync", vsync_event, m);
    sched_event_init(&m->frame_ev, "riscpc.frame", frame_event, m);
    sched_event_init(&m->display_ev, "riscpc.display_start", display_start_event, m);
    sched_event_init(&m->sound_ev, "riscpc.sound", sound_event, m);
}

/* After reset the monitor shows black until the first frame completes. */
void riscpc_video_reset(riscpc_t *m)
{
    vidc20_render(&m->vidc, m->fb, VIDC20_MAX_W, VIDC20_MAX_W, VIDC20_MAX_H, &m->fb_w, &m->fb_h);
}
