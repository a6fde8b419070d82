#include "chips/amiga_floppy.h"
#include "tests/test.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#define TPS 28375160ull

static void fill_adf(uint8_t *adf)
{
    uint32_t x = 12345;
    for (size_t i = 0; i < FLOPPY_ADF_SIZE; i++) {
        x = x * 1103515245u + 12345u;
        adf[i] = (uint8_t)(x >> 16);
    }
}

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    size_t n = fwrite(data, 1, size, fp);
    fclose(fp);
    return n == size ? 0 : -1;
}

/* CIA-B PRB for drive 0 selected, motor on, given side/dir/step. */
static uint8_t prb_sel0(bool motor, bool upper, bool dir_out, bool step_high)
{
    uint8_t v = 0xFF & (uint8_t)~FLOPPY_SEL0;
    if (motor) v &= (uint8_t)~FLOPPY_MTR;
    if (upper) v &= (uint8_t)~FLOPPY_SIDE;
    if (!dir_out) v &= (uint8_t)~FLOPPY_DIR;
    if (!step_high) v &= (uint8_t)~FLOPPY_STEP;
    return v;
}

TEST(floppy_mfm_roundtrip_and_format)
{
    uint8_t *adf = malloc(FLOPPY_ADF_SIZE), *back = calloc(1, FLOPPY_ADF_SIZE);
    uint16_t *mfm = malloc(FLOPPY_TRACK_WORDS * 2);
    fill_adf(adf);
    floppy_encode_track(adf, 37, mfm);
    /* Sector 0: two MFM zero words, two sync marks. */
    CHECK_EQ(mfm[2], 0x4489);
    CHECK_EQ(mfm[3], 0x4489);
    CHECK_EQ(mfm[FLOPPY_SECTOR_WORDS + 2], 0x4489);
    /* MFM rule: never two adjacent 1 cells, never more than three 0 cells, outside syncs. */
    int bad = 0;
    for (unsigned i = 4; i < FLOPPY_TRACK_WORDS - 1; i++) {
        uint32_t pair = (uint32_t)mfm[i] << 16 | mfm[i + 1];
        if (mfm[i] == 0x4489 || mfm[i + 1] == 0x4489)
            continue;
        if (pair & (pair >> 1))
            bad++;
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(floppy_decode_track(mfm, 37, back), 11);
    CHECK(memcmp(adf + 37 * 11 * 512, back + 37 * 11 * 512, 11 * 512) == 0);
    /* A corrupted data word fails that sector's checksum only. */
    mfm[FLOPPY_SECTOR_WORDS * 3 + 100] ^= 0x0100;
    CHECK_EQ(floppy_decode_track(mfm, 37, back), 10);
    /* The wrong track number is refused. */
    CHECK_EQ(floppy_decode_track(mfm, 36, back), 0);
    free(adf); free(back); free(mfm);
}

TEST(floppy_mechanics)
{
    amiga_floppy_t *f = malloc(sizeof *f);
    floppy_init(f, 0, true, TPS);
    CHECK_EQ(floppy_status(f, 0), 0xFF);               /* not selected */
    floppy_control(f, prb_sel0(false, false, true, true), 0);
    uint8_t s = floppy_status(f, 0);
    CHECK_EQ(s & FLOPPY_RDY, 0);                       /* motor off: ID bit (DD = 1, low) */
    CHECK_EQ(s & FLOPPY_TK0, 0);
    CHECK_EQ(s & FLOPPY_CHNG, 0);                      /* no disk */
    floppy_control(f, 0xFF, 10);                       /* deselect */
    floppy_control(f, prb_sel0(true, false, false, true), 20);  /* select with motor on */
    CHECK(f->motor);
    CHECK(floppy_status(f, 21) & FLOPPY_RDY);           /* spinning up */
    CHECK_EQ(floppy_status(f, 20 + TPS / 5) & FLOPPY_RDY, 0);
    for (int i = 0; i < 3; i++) {                        /* three steps inwards */
        floppy_control(f, prb_sel0(true, false, false, false), 30);
        floppy_control(f, prb_sel0(true, false, false, true), 40);
    }
    CHECK_EQ(f->cyl, 3);
    CHECK(floppy_status(f, TPS) & FLOPPY_TK0);
    floppy_control(f, prb_sel0(true, false, true, false), 50);
    CHECK_EQ(f->cyl, 2);
    /* Motor state changes only when the drive is selected again. */
    floppy_control(f, 0xFF & (uint8_t)~FLOPPY_MTR, 60);  /* deselected, MTR low */
    floppy_control(f, 0xFF, 70);
    CHECK(f->motor);
    floppy_control(f, prb_sel0(false, false, true, true), 80);
    CHECK(!f->motor);
    /* Unconnected drive: never answers. */
    amiga_floppy_t *g = malloc(sizeof *g);
    floppy_init(g, 1, false, TPS);
    floppy_control(g, 0xFF & (uint8_t)~(FLOPPY_SEL0 << 1), 0);
    CHECK_EQ(floppy_status(g, 0), 0xFF);
    free(f); free(g);
}

TEST(floppy_insert_read_write_back)
{
    char path[] = "/tmp/arcana-floppy-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    uint8_t *adf = malloc(FLOPPY_ADF_SIZE);
    fill_adf(adf);
    REQUIRE(write_file(path, adf, FLOPPY_ADF_SIZE) == 0);
    amiga_floppy_t *f = malloc(sizeof *f);
    floppy_init(f, 0, true, TPS);
    char err[256];
    REQUIRE(floppy_insert(f, path, err, sizeof err) == 0);
    CHECK(!f->write_protected);
    floppy_control(f, prb_sel0(true, false, true, true), 0);
    CHECK(floppy_spinning(f));
    /* Read the whole of track 0 through the head, then write it back with sector 5 changed. */
    uint16_t *mfm = malloc(FLOPPY_TRACK_WORDS * 2);
    for (unsigned i = 0; i < FLOPPY_TRACK_WORDS; i++)
        mfm[i] = floppy_read_word(f, FLOPPY_TRACK_WORDS * 7 + i);
    uint8_t *img = calloc(1, FLOPPY_ADF_SIZE);
    CHECK_EQ(floppy_decode_track(mfm, 0, img), 11);
    CHECK(memcmp(img, adf, 11 * 512) == 0);
    memset(adf + 5 * 512, 0xA5, 512);
    floppy_encode_track(adf, 0, mfm);
    for (unsigned i = 0; i < FLOPPY_TRACK_WORDS; i++)
        floppy_write_word(f, i + 3, mfm[(i + 3) % FLOPPY_TRACK_WORDS]);
    CHECK_EQ(floppy_eject(f, err, sizeof err), 0);
    FILE *fp = fopen(path, "rb");
    REQUIRE(fp);
    size_t n = fread(img, 1, FLOPPY_ADF_SIZE, fp);
    fclose(fp);
    CHECK_EQ(n, FLOPPY_ADF_SIZE);
    CHECK(memcmp(img, adf, FLOPPY_ADF_SIZE) == 0);
    CHECK(f->changed);
    unlink(path);
    free(adf); free(f); free(mfm); free(img);
}

TEST(floppy_bad_images)
{
    amiga_floppy_t *f = malloc(sizeof *f);
    floppy_init(f, 0, true, TPS);
    char err[256] = "";
    CHECK(floppy_insert(f, "/nonexistent/disk.adf", err, sizeof err) != 0);
    CHECK(strstr(err, "/nonexistent/disk.adf") != NULL);
    char path[] = "/tmp/arcana-floppy-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    uint8_t small[1000] = {0};
    REQUIRE(write_file(path, small, sizeof small) == 0);
    err[0] = 0;
    CHECK(floppy_insert(f, path, err, sizeof err) != 0);
    CHECK(strstr(err, "not an Amiga DD disk image") != NULL);
    CHECK(!f->inserted);
    /* gzip'd (.adz): loads, write-protected. */
    uint8_t *adf = calloc(1, FLOPPY_ADF_SIZE);
    gzFile gz = gzopen(path, "wb");
    REQUIRE(gz);
    gzwrite(gz, adf, FLOPPY_ADF_SIZE);
    gzclose(gz);
    CHECK_EQ(floppy_insert(f, path, err, sizeof err), 0);
    CHECK(f->write_protected);
    floppy_control(f, prb_sel0(false, false, true, true), 0);
    CHECK_EQ(floppy_status(f, 0) & FLOPPY_WPRO, 0);
    unlink(path);
    free(adf); free(f);
}
