/* roms/infile: input files are refused unless they are regular files of a sane size. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "roms/archive.h"
#include "roms/infile.h"
#include "roms/romfile.h"
#include "tests/test.h"

static void tmp_path(char *buf, size_t len, const char *suffix)
{
    snprintf(buf, len, "/tmp/arcana-infile-%d-%s", (int)getpid(), suffix);
}

TEST(infile_refuses_a_fifo_without_blocking)
{
    char fifo[256], err[512];
    tmp_path(fifo, sizeof fifo, "fifo");
    unlink(fifo);
    REQUIRE(mkfifo(fifo, 0600) == 0);
    uint8_t *data = NULL;
    size_t size = 0;
    CHECK(infile_read(fifo, 1024, false, &data, &size, err, sizeof err) == -1);
    CHECK(strstr(err, fifo) != NULL && strstr(err, "FIFO") != NULL);
    rom_image_t img;
    CHECK(rom_load(fifo, &img, err, sizeof err) == -1); /* the --rom path: used to hang */
    CHECK(strstr(err, "FIFO") != NULL);
    CHECK(!archive_is_container(fifo));
    unlink(fifo);
}

TEST(infile_refuses_directories_and_devices)
{
    char err[512];
    CHECK(infile_open("/tmp", false, NULL, err, sizeof err) == -1);
    CHECK(strstr(err, "directory") != NULL);
    CHECK(infile_open("/dev/zero", false, NULL, err, sizeof err) == -1);
    CHECK(strstr(err, "character device") != NULL);
    CHECK(infile_open("/nonexistent/x", false, NULL, err, sizeof err) == -1);
    CHECK(strstr(err, "/nonexistent/x: ") == err);
}

TEST(infile_bounds_the_size)
{
    char path[256], err[512];
    tmp_path(path, sizeof path, "big");
    FILE *f = fopen(path, "wb");
    REQUIRE(f);
    for (int i = 0; i < 1000; i++)
        fputc(i, f);
    fclose(f);
    uint8_t *data = NULL, buf[1000];
    size_t size = 0;
    CHECK(infile_read(path, 999, false, &data, &size, err, sizeof err) == -1);
    CHECK(strstr(err, "larger than 999 bytes") != NULL);
    CHECK(infile_read(path, 1000, false, &data, &size, err, sizeof err) == 0);
    CHECK_EQ(size, 1000);
    CHECK(data && data[999] == (uint8_t)999 && data[1000] == 0);
    free(data);
    CHECK(infile_read_into(path, buf, 999, &size, err, sizeof err) == -1);
    CHECK(infile_read_into(path, buf, 1000, &size, err, sizeof err) == 0);
    CHECK_EQ(size, 1000);
    unlink(path);
    f = fopen(path, "wb");
    REQUIRE(f);
    fclose(f);
    CHECK(infile_read(path, 10, false, &data, &size, err, sizeof err) == -1);
    CHECK(strstr(err, "empty file") != NULL);
    CHECK(infile_read(path, 10, true, &data, &size, err, sizeof err) == 0);
    CHECK_EQ(size, 0);
    free(data);
    unlink(path);
}
