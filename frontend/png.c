#include "frontend/png.h"

#include "roms/sha1.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

uint64_t frame_hash(const machine_frame_t *f)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int y = 0; y < f->height; y++) {
        const uint8_t *row = (const uint8_t *)(f->pixels + (size_t)y * (size_t)f->stride);
        for (int x = 0; x < f->width; x++)
            for (int c = 0; c < 3; c++) {
                h ^= row[x * 4 + c];
                h *= 0x100000001b3ull;
            }
    }
    return h;
}

int frame_rgb_sha1(const machine_frame_t *f, char hex[41])
{
    if (!f->pixels || f->width <= 0 || f->height <= 0)
        return -1;
    size_t n = (size_t)f->width * (size_t)f->height * 3;
    uint8_t *rgb = malloc(n), *p = rgb, d[20];
    if (!rgb)
        return -1;
    for (int y = 0; y < f->height; y++) {
        const uint8_t *row = (const uint8_t *)(f->pixels + (size_t)y * (size_t)f->stride);
        for (int x = 0; x < f->width; x++, p += 3)
            memcpy(p, row + x * 4, 3);
    }
    sha1(rgb, n, d);
    free(rgb);
    for (int i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}

bool frame_is_blank(const machine_frame_t *f)
{
    if (!f->pixels || f->width <= 0 || f->height <= 0)
        return true;
    uint32_t first = f->pixels[0] & 0x00ffffffu; /* R, G, B bytes of RGBA8888 in memory */
    for (int y = 0; y < f->height; y++)
        for (int x = 0; x < f->width; x++)
            if ((f->pixels[(size_t)y * (size_t)f->stride + (size_t)x] & 0x00ffffffu) != first)
                return false;
    return true;
}

/* libpng reports errors by longjmp; everything it touches is set up before setjmp. */
static int write_png_file(FILE *fp, const machine_frame_t *f, const char *const *keys,
                          const char *const *values, uint8_t *row)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, fp);
    png_set_IHDR(png, info, (png_uint_32)f->width, (png_uint_32)f->height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_text text[8];
    int ntext = 0;
    for (int i = 0; keys && values && keys[i] && values[i] && ntext < 8; i++, ntext++) {
        text[ntext].compression = PNG_TEXT_COMPRESSION_NONE;
        text[ntext].key = (png_charp)keys[i];
        text[ntext].text = (png_charp)values[i];
        text[ntext].text_length = strlen(values[i]);
    }
    if (ntext)
        png_set_text(png, info, text, ntext);
    png_write_info(png, info);
    for (int y = 0; y < f->height; y++) {
        const uint8_t *src = (const uint8_t *)(f->pixels + (size_t)y * (size_t)f->stride);
        for (int x = 0; x < f->width; x++)
            memcpy(row + x * 3, src + x * 4, 3);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int png_write_frame(const char *path, const machine_frame_t *f, const char *const *keys,
                    const char *const *values, int no_overwrite, char *err, size_t errlen)
{
    if (!f->pixels || f->width <= 0 || f->height <= 0) {
        snprintf(err, errlen, "%s: the machine has no frame to save yet", path);
        return -1;
    }
    if (no_overwrite && access(path, F_OK) == 0) {
        snprintf(err, errlen, "%s: already exists, not overwritten", path);
        return -1;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    uint8_t *row = malloc((size_t)f->width * 3);
    int rc = row ? write_png_file(fp, f, keys, values, row) : -1;
    free(row);
    if (fclose(fp) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        unlink(tmp);
        snprintf(err, errlen, "%s: writing the PNG failed", path);
    }
    return rc;
}

int png_read_rgba(const char *path, int max_w, int max_h, uint32_t **pixels, int *w, int *h, char *err,
                  size_t errlen)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    *pixels = NULL;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, errlen, "%s: %s", path, img.message);
        return -1;
    }
    if ((int)img.width > max_w || (int)img.height > max_h || !img.width || !img.height) {
        snprintf(err, errlen, "%s: %ux%u is not a thumbnail size", path, img.width, img.height);
        png_image_free(&img);
        return -1;
    }
    img.format = PNG_FORMAT_RGBA;
    uint32_t *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        snprintf(err, errlen, "%s: %s", path, buf ? img.message : "out of memory");
        free(buf);
        png_image_free(&img);
        return -1;
    }
    *pixels = buf;
    *w = (int)img.width;
    *h = (int)img.height;
    return 0;
}
