/* framecmp: compares an Arcana A500 screenshot with an FS-UAE reference frame (issue 20).
 *
 * Geometries: Arcana's frame is 736x574 (one column per hires pixel, two rows per PAL line,
 * lines 26..312); FS-UAE's raw "full" screenshot is 752x572 with the same scale (one column per
 * hires pixel, each line on two rows) but another origin. Arcana's pixel (x, y) is FS-UAE's
 * (x + DX, y + DY); the default offset was measured on 001.simple_image (a picture with sharp
 * edges) and is what every comparison uses, so a picture that is displaced on one emulator
 * counts as different. Colours are compared at the Amiga's 12 bits (the top nibble of each
 * channel). Only the rectangle both frames cover is compared.
 *
 * usage: framecmp [--dx N --dy N] [--search] [--diff OUT.png] ARCANA.png FSUAE.png
 * prints "match P% (n of m pixels, dx DX dy DY)"; exit status 0.
 * --search tries every offset within +-48 columns / +-24 rows and prints the best one. */
#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int w, h;
    unsigned char *rgb; /* 3 bytes per pixel */
} img_t;

static int load(const char *path, img_t *im)
{
    png_image p;
    memset(&p, 0, sizeof p);
    p.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&p, path)) {
        fprintf(stderr, "framecmp: %s: %s\n", path, p.message);
        return -1;
    }
    p.format = PNG_FORMAT_RGB;
    im->w = (int)p.width;
    im->h = (int)p.height;
    im->rgb = malloc(PNG_IMAGE_SIZE(p));
    if (!im->rgb || !png_image_finish_read(&p, NULL, im->rgb, 0, NULL)) {
        fprintf(stderr, "framecmp: %s: %s\n", path, p.message);
        return -1;
    }
    return 0;
}

static unsigned rgb12(const img_t *im, int x, int y)
{
    const unsigned char *q = im->rgb + 3 * ((size_t)y * im->w + x);
    return (unsigned)(q[0] >> 4) << 8 | (unsigned)(q[1] >> 4) << 4 | (unsigned)(q[2] >> 4);
}

/* Counts equal pixels over the common rectangle; returns the number compared. */
static long compare(const img_t *a, const img_t *b, int dx, int dy, long *same, img_t *diff)
{
    long n = 0, eq = 0;
    for (int y = 0; y < a->h; y++) {
        int by = y + dy;
        if (by < 0 || by >= b->h) continue;
        for (int x = 0; x < a->w; x++) {
            int bx = x + dx;
            if (bx < 0 || bx >= b->w) continue;
            n++;
            bool ok = rgb12(a, x, y) == rgb12(b, bx, by);
            eq += ok;
            if (diff) {
                unsigned char *q = diff->rgb + 3 * ((size_t)y * diff->w + x);
                const unsigned char *s = a->rgb + 3 * ((size_t)y * a->w + x);
                /* equal pixels dimmed, different ones red */
                q[0] = ok ? s[0] / 4 : 255;
                q[1] = ok ? s[1] / 4 : 0;
                q[2] = ok ? s[2] / 4 : 0;
            }
        }
    }
    *same = eq;
    return n;
}

int main(int argc, char **argv)
{
    int dx = 24, dy = 0;
    bool search = false;
    const char *diffpath = NULL, *files[2] = {NULL, NULL};
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--search") == 0) search = true;
        else if (strcmp(argv[i], "--dx") == 0 && i + 1 < argc) dx = atoi(argv[++i]);
        else if (strcmp(argv[i], "--dy") == 0 && i + 1 < argc) dy = atoi(argv[++i]);
        else if (strcmp(argv[i], "--diff") == 0 && i + 1 < argc) diffpath = argv[++i];
        else if (nf < 2) files[nf++] = argv[i];
        else nf = 3;
    }
    if (nf != 2) {
        fprintf(stderr, "usage: framecmp [--dx N --dy N] [--search] [--diff OUT.png] ARCANA.png FSUAE.png\n");
        return 2;
    }
    img_t a, b;
    if (load(files[0], &a) || load(files[1], &b)) return 2;
    if (search) {
        double best = -1;
        int bdx = dx, bdy = dy;
        for (int y = -24; y <= 24; y++)
            for (int x = -48; x <= 48; x++) {
                long same, n = compare(&a, &b, x, y, &same, NULL);
                double r = n ? (double)same / (double)n : 0;
                if (r > best) { best = r; bdx = x; bdy = y; }
            }
        dx = bdx;
        dy = bdy;
    }
    img_t d = {a.w, a.h, NULL};
    if (diffpath) d.rgb = calloc((size_t)a.w * a.h, 3);
    long same, n = compare(&a, &b, dx, dy, &same, diffpath ? &d : NULL);
    double pct = n ? 100.0 * (double)same / (double)n : 0;
    /* Truncated, not rounded, so 99.996 is never shown as a passing-looking 100.00. */
    printf("match %.2f%% (%ld of %ld pixels, dx %d dy %d)\n", (double)(long)(pct * 100) / 100, same, n, dx, dy);
    if (diffpath) {
        png_image p;
        memset(&p, 0, sizeof p);
        p.version = PNG_IMAGE_VERSION;
        p.width = (png_uint_32)d.w;
        p.height = (png_uint_32)d.h;
        p.format = PNG_FORMAT_RGB;
        if (!png_image_write_to_file(&p, diffpath, 0, d.rgb, 0, NULL))
            fprintf(stderr, "framecmp: %s: %s\n", diffpath, p.message);
    }
    free(a.rgb);
    free(b.rgb);
    free(d.rgb);
    return 0;
}
