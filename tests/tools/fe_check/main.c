/* fe_check: checks for the frontend suite (tests/suites/70-frontend.sh).
 *   fe_check compare SCREEN.xwd FRAME.png X Y W H [SCREEN.png [MIN%]]
 *       Does the screen capture (xwd -root) show FRAME.png scaled into the rectangle
 *       X,Y,W×H? Samples the centre of every frame pixel's area on screen in the top 80 % of
 *       the frame (the OSD lives in the bottom strip); prints the share of matching pixels
 *       and of non-black ones; exit 0 when ≥ 99.5 % match and neither is black, 1 when they
 *       do not match, 3 when they match but the frame is black (nothing to tell apart). A frame one
 *       step older or newer than FRAME.png does not pass (the test machine's square moves).
 *       Optionally writes the capture as PNG (to look at) and takes another pass mark (smooth
 *       scaling blends neighbouring pixels at edges).
 *   fe_check xwd2png SCREEN.xwd OUT.png
 *       Converts a capture to PNG (to look at).
 *   fe_check pixel FILE.png X Y
 *       Prints the pixel's red, green and blue.
 *   fe_check wav FILE.wav
 *       Prints the rate, length, left channel's frequency (zero crossings) and RMS level. */
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct image {
    int w, h;
    uint8_t *rgb; /* w*h*3 */
} image_t;

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = n > 0 ? malloc((size_t)n) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* XWD (X11 XWDFile.h, version 7): a big-endian header of 25 CARD32, the window name, the
 * colour map (12 bytes per entry), then ZPixmap data. Only 24- and 32-bit TrueColor are needed. */
static int read_xwd(const char *path, image_t *img)
{
    size_t len;
    uint8_t *d = slurp(path, &len);
    if (!d || len < 100) {
        fprintf(stderr, "fe_check: %s: cannot read\n", path);
        free(d);
        return -1;
    }
    uint32_t hsize = be32(d), version = be32(d + 4), format = be32(d + 8);
    uint32_t w = be32(d + 16), h = be32(d + 20), byte_order = be32(d + 28), bpp = be32(d + 44);
    uint32_t bpl = be32(d + 48), rmask = be32(d + 56), gmask = be32(d + 60), bmask = be32(d + 64);
    uint32_t ncolors = be32(d + 76);
    size_t off = hsize + (size_t)ncolors * 12;
    if (version != 7 || format != 2 || (bpp != 32 && bpp != 24) || off + (size_t)bpl * h > len) {
        fprintf(stderr, "fe_check: %s: unsupported xwd (version %u format %u bpp %u)\n", path, version, format, bpp);
        free(d);
        return -1;
    }
    img->w = (int)w;
    img->h = (int)h;
    img->rgb = malloc((size_t)w * h * 3);
    int rs = __builtin_ctz(rmask), gs = __builtin_ctz(gmask), bs = __builtin_ctz(bmask);
    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++) {
            const uint8_t *p = d + off + (size_t)y * bpl + x * (bpp / 8);
            uint32_t v = byte_order == 0 ? (uint32_t)p[0] | p[1] << 8 | p[2] << 16
                                         : (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
            if (bpp == 32)
                v = byte_order == 0 ? v | (uint32_t)p[3] << 24 : v << 8 | p[3];
            uint8_t *o = img->rgb + ((size_t)y * w + x) * 3;
            o[0] = (uint8_t)((v & rmask) >> rs);
            o[1] = (uint8_t)((v & gmask) >> gs);
            o[2] = (uint8_t)((v & bmask) >> bs);
        }
    free(d);
    return 0;
}

static int read_png(const char *path, image_t *img)
{
    png_image p = {.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&p, path)) {
        fprintf(stderr, "fe_check: %s: %s\n", path, p.message);
        return -1;
    }
    p.format = PNG_FORMAT_RGB;
    img->w = (int)p.width;
    img->h = (int)p.height;
    img->rgb = malloc(PNG_IMAGE_SIZE(p));
    if (!png_image_finish_read(&p, NULL, img->rgb, 0, NULL)) {
        fprintf(stderr, "fe_check: %s: %s\n", path, p.message);
        return -1;
    }
    return 0;
}

static int compare(int argc, char **argv)
{
    if (argc < 8)
        return 2;
    image_t screen, frame;
    if (read_xwd(argv[2], &screen) || read_png(argv[3], &frame))
        return 2;
    int X = atoi(argv[4]), Y = atoi(argv[5]), W = atoi(argv[6]), H = atoi(argv[7]);
    if (argc > 8) {
        png_image p = {.version = PNG_IMAGE_VERSION, .width = (png_uint_32)screen.w,
                       .height = (png_uint_32)screen.h, .format = PNG_FORMAT_RGB};
        png_image_write_to_file(&p, argv[8], 0, screen.rgb, 0, NULL);
    }
    long match = 0, total = 0, lit = 0, frame_lit = 0;
    for (int fy = 0; fy < frame.h * 4 / 5; fy++)
        for (int fx = 0; fx < frame.w; fx++) {
            int sx = X + (int)((fx + 0.5) * W / frame.w), sy = Y + (int)((fy + 0.5) * H / frame.h);
            const uint8_t *f = frame.rgb + ((size_t)fy * frame.w + fx) * 3;
            total++;
            frame_lit += f[0] + f[1] + f[2] > 48;
            if (sx < 0 || sy < 0 || sx >= screen.w || sy >= screen.h)
                continue;
            const uint8_t *s = screen.rgb + ((size_t)sy * screen.w + sx) * 3;
            lit += s[0] + s[1] + s[2] > 48;
            match += abs(s[0] - f[0]) <= 24 && abs(s[1] - f[1]) <= 24 && abs(s[2] - f[2]) <= 24;
        }
    double pm = 100.0 * match / total, pl = 100.0 * lit / total, pf = 100.0 * frame_lit / total;
    printf("match %.1f%% screen-lit %.1f%% frame-lit %.1f%%\n", pm, pl, pf);
    double min = argc > 9 ? atof(argv[9]) : 99.5;
    if (pm < min)
        return 1;
    return pf > 1.0 && pl > 1.0 ? 0 : 3; /* 3: shown right, but the machine's frame is black */
}

static int wav(const char *path)
{
    size_t len;
    uint8_t *d = slurp(path, &len);
    if (!d || len < 44 || memcmp(d, "RIFF", 4) || memcmp(d + 8, "WAVE", 4)) {
        fprintf(stderr, "fe_check: %s: not a WAV file\n", path);
        return 2;
    }
    /* Walk the chunks for fmt and data. */
    uint32_t rate = 0, channels = 0, bits = 0;
    const uint8_t *samples = NULL;
    size_t n = 0;
    for (size_t off = 12; off + 8 <= len;) {
        uint32_t size = d[off + 4] | d[off + 5] << 8 | d[off + 6] << 16 | (uint32_t)d[off + 7] << 24;
        if (!memcmp(d + off, "fmt ", 4) && size >= 16) {
            channels = d[off + 10] | d[off + 11] << 8;
            rate = d[off + 12] | d[off + 13] << 8 | d[off + 14] << 16 | (uint32_t)d[off + 15] << 24;
            bits = d[off + 22] | d[off + 23] << 8;
        } else if (!memcmp(d + off, "data", 4)) {
            samples = d + off + 8;
            n = (size > len - off - 8 ? len - off - 8 : size) / 4;
        }
        off += 8 + size + (size & 1);
    }
    if (!samples || channels != 2 || bits != 16 || !rate) {
        fprintf(stderr, "fe_check: %s: not 16-bit stereo PCM\n", path);
        return 2;
    }
    /* Frequency from the first and last rising zero crossing (interpolated). */
    double first = -1, last = -1, sum2 = 0;
    long crossings = 0;
    int16_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        int16_t s = (int16_t)(samples[4 * i] | samples[4 * i + 1] << 8);
        sum2 += (double)s * s;
        if (i && prev < 0 && s >= 0) {
            double t = i - 1 + (double)-prev / (s - prev);
            if (first < 0)
                first = t;
            last = t;
            crossings++;
        }
        prev = s;
    }
    double freq = crossings > 1 ? (crossings - 1) * rate / (last - first) : 0.0;
    printf("rate %u frames %zu freq %.2f rms %.1f\n", rate, n, freq, n ? sqrt(sum2 / n) : 0.0);
    free(d);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "compare"))
        return compare(argc, argv);
    if (argc == 4 && !strcmp(argv[1], "xwd2png")) {
        image_t img;
        if (read_xwd(argv[2], &img))
            return 2;
        png_image p = {.version = PNG_IMAGE_VERSION, .width = (png_uint_32)img.w, .height = (png_uint_32)img.h,
                       .format = PNG_FORMAT_RGB};
        return png_image_write_to_file(&p, argv[3], 0, img.rgb, 0, NULL) ? 0 : 2;
    }
    if (argc == 5 && !strcmp(argv[1], "pixel")) {
        image_t img;
        int x = atoi(argv[3]), y = atoi(argv[4]);
        if (read_png(argv[2], &img) || x < 0 || y < 0 || x >= img.w || y >= img.h)
            return 2;
        const uint8_t *p = img.rgb + ((size_t)y * img.w + x) * 3;
        printf("%d %d %d\n", p[0], p[1], p[2]);
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "wav"))
        return wav(argv[2]);
    fprintf(stderr, "usage: fe_check compare SCREEN.xwd FRAME.png X Y W H [OUT.png [MIN%%]] | fe_check xwd2png IN.xwd OUT.png | fe_check pixel FILE.png X Y | fe_check wav FILE.wav\n");
    return 2;
}
