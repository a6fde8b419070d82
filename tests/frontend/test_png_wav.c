#include <png.h>
#include <stdlib.h>
#include <unistd.h>

#include "frontend/png.h"
#include "frontend/wav.h"
#include "tests/test.h"

TEST(png_roundtrip_keeps_pixels_and_text)
{
    uint32_t px[6 * 4];
    for (int i = 0; i < 24; i++)
        px[i] = 0xFF000000u | (uint32_t)(i * 10) << 16 | (uint32_t)(i * 3) << 8 | (uint32_t)i;
    machine_frame_t f = {.pixels = px, .width = 5, .height = 4, .stride = 6, .pixel_aspect = 1.0};
    char path[96], err[256];
    snprintf(path, sizeof path, "/tmp/arcana-png-%d.png", (int)getpid());
    const char *keys[] = {"Machine", NULL}, *values[] = {"test", NULL};
    REQUIRE(png_write_frame(path, &f, keys, values, 0, err, sizeof err) == 0);
    CHECK_EQ(png_write_frame(path, &f, NULL, NULL, 1, err, sizeof err), -1); /* never overwrite */

    png_image img = {.version = PNG_IMAGE_VERSION};
    REQUIRE(png_image_begin_read_from_file(&img, path));
    CHECK_EQ(img.width, 5);
    CHECK_EQ(img.height, 4);
    img.format = PNG_FORMAT_RGBA;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(img));
    REQUIRE(png_image_finish_read(&img, NULL, buf, 0, NULL));
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 5; x++)
            CHECK_EQ(memcmp(buf + (y * 5 + x) * 4, &px[y * 6 + x], 3), 0);
    free(buf);
    unlink(path);
}

TEST(frame_hash_depends_on_visible_pixels_only)
{
    uint32_t a[4] = {1, 0xdead, 3, 4}, b[4] = {1, 0xbeef, 3, 4};
    machine_frame_t fa = {.pixels = a, .width = 1, .height = 2, .stride = 2};
    machine_frame_t fb = {.pixels = b, .width = 1, .height = 2, .stride = 2};
    CHECK_EQ(frame_hash(&fa), frame_hash(&fb)); /* padding differs, picture doesn't */
    b[2] = 0;
    b[0] = 9;
    CHECK(frame_hash(&fa) != frame_hash(&fb));
}

TEST(wav_header_and_samples)
{
    char path[96], err[256];
    snprintf(path, sizeof path, "/tmp/arcana-wav-%d.wav", (int)getpid());
    wav_writer_t w;
    REQUIRE(wav_open(&w, path, 48000, err, sizeof err) == 0);
    int16_t s[8] = {1, -1, 1000, -1000, 32767, -32768, 0, 5};
    CHECK_EQ(wav_write(&w, s, 4), 0);
    CHECK(access(path, F_OK) != 0); /* only the temp file exists until close */
    REQUIRE(wav_close(&w, err, sizeof err) == 0);
    FILE *f = fopen(path, "rb");
    uint8_t h[44 + 16];
    REQUIRE(f && fread(h, 1, sizeof h, f) == sizeof h);
    fclose(f);
    CHECK(memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVEfmt ", 8) == 0);
    CHECK_EQ(h[24] | h[25] << 8 | h[26] << 16, 48000);
    CHECK_EQ(h[40], 16); /* data bytes */
    CHECK_EQ((int16_t)(h[44 + 10] | h[44 + 11] << 8), -32768);
    unlink(path);
}
