/* a500anim: checks an animated A500 example against FS-UAE (issue 20). FS-UAE's screenshots are
 * taken at wall-clock times, so they cannot be matched frame by frame; instead every reference
 * frame (an FS-UAE screenshot at an arbitrary moment of the animation) must appear among a run
 * of consecutive Arcana frames: the tool boots the disk, skips to FROM seconds, then compares
 * each of the next N frames with every reference and prints, per reference, the best match
 * (12-bit colour, the fixed alignment of framecmp: Arcana x = FS-UAE x - 24) and the frame
 * number where it was found.
 * Usage: a500anim --floppy ADF --from SECONDS --frames N REF.png...
 * Prints "REF: best P% at frame F" per reference. */
#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machines/machine.h"

#define DX 24

typedef struct {
    int w, h;
    unsigned char *rgb;
    double best;
    long best_frame;
} ref_t;

static int load(const char *path, ref_t *r)
{
    png_image p;
    memset(&p, 0, sizeof p);
    p.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&p, path)) return -1;
    p.format = PNG_FORMAT_RGB;
    r->w = (int)p.width;
    r->h = (int)p.height;
    r->rgb = malloc(PNG_IMAGE_SIZE(p));
    if (!r->rgb || !png_image_finish_read(&p, NULL, r->rgb, 0, NULL)) return -1;
    r->best = -1;
    return 0;
}

static double compare(const machine_frame_t *f, const ref_t *r)
{
    long n = 0, eq = 0;
    for (int y = 0; y < f->height && y < r->h; y++) {
        const uint8_t *a = (const uint8_t *)(f->pixels + (size_t)y * f->stride);
        const unsigned char *b = r->rgb + (size_t)y * r->w * 3;
        for (int x = 0; x < f->width && x + DX < r->w; x++) {
            const uint8_t *pa = a + 4 * x;
            const unsigned char *pb = b + 3 * (x + DX);
            n++;
            eq += (pa[0] >> 4) == (pb[0] >> 4) && (pa[1] >> 4) == (pb[1] >> 4) && (pa[2] >> 4) == (pb[2] >> 4);
        }
    }
    return n ? 100.0 * (double)eq / (double)n : 0;
}

int main(int argc, char **argv)
{
    machine_config_t cfg = {.machine = "a500", .ram_mb = 1, .rtc_fixed = true, .rtc_time = 946684800}; /* (2000-01-01) FS-UAE's oracle A500: 512 KB chip + 512 KB slow */
    double from = 20;
    long frames = 50;
    int first_ref = argc;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--floppy") == 0 && i + 1 < argc) cfg.floppy[0] = argv[++i];
        else if (strcmp(argv[i], "--from") == 0 && i + 1 < argc) from = atof(argv[++i]);
        else if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc) frames = atol(argv[++i]);
        else { first_ref = i; break; }
    }
    int nref = argc - first_ref;
    if (!cfg.floppy[0] || nref <= 0) {
        fprintf(stderr, "usage: a500anim --floppy ADF --from SECONDS --frames N REF.png...\n");
        return 2;
    }
    ref_t *refs = calloc((size_t)nref, sizeof *refs);
    for (int k = 0; k < nref; k++) {
        if (load(argv[first_ref + k], &refs[k])) {
            fprintf(stderr, "a500anim: %s: cannot read\n", argv[first_ref + k]);
            return 2;
        }
    }
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "a500anim: %s\n", err);
        return 1;
    }
    uint64_t start = (uint64_t)(from * (double)m->ticks_per_second);
    while (m->ticks < start) machine_run_frame(m);
    for (long fno = 0; fno < frames; fno++) {
        machine_run_frame(m);
        machine_frame_t f;
        machine_get_frame(m, &f);
        for (int k = 0; k < nref; k++) {
            double p = compare(&f, &refs[k]);
            if (p > refs[k].best) {
                refs[k].best = p;
                refs[k].best_frame = fno;
            }
        }
    }
    for (int k = 0; k < nref; k++) {
        const char *name = strrchr(argv[first_ref + k], '/');
        printf("%s: best %.2f%% at frame %ld\n", name ? name + 1 : argv[first_ref + k],
               (double)(long)(refs[k].best * 100) / 100, refs[k].best_frame);
        free(refs[k].rgb);
    }
    free(refs);
    machine_destroy(m);
    return 0;
}
