/* hostfs/safewrite: in-place, journalled write-back of disk images (issue 18). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostfs/safewrite.h"
#include "tests/test.h"

static void put_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
}

static size_t get_file(const char *path, uint8_t *buf, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, max, f);
    fclose(f);
    return n;
}

static char *temp_dir(char *buf, size_t n)
{
    snprintf(buf, n, "/tmp/arcana-safewrite-XXXXXX");
    return mkdtemp(buf);
}

static void remove_dir(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* The journal as safewrite documents it, built by hand: what a crash after the journal's fsync
 * and before (or during) the in-place write leaves behind. */
static size_t make_journal(uint8_t *j, uint64_t off, const uint8_t *data, uint32_t len)
{
    size_t p = 0;
    memcpy(j, "ARCJRNL1", 8), p = 8;
    uint32_t count = 1;
    uint64_t keep = SAFEWRITE_KEEP_SIZE;
    memcpy(j + p, &count, 4), p += 4;
    memcpy(j + p, &keep, 8), p += 8;
    memcpy(j + p, &off, 8), p += 8;
    memcpy(j + p, &len, 4), p += 4;
    memcpy(j + p, data, len), p += len;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < p; i++) {
        h ^= j[i];
        h *= 0x100000001b3ull;
    }
    memcpy(j + p, &h, 8), p += 8;
    memcpy(j + p, "ARCJEND1", 8), p += 8;
    return p;
}

TEST(safewrite_in_place_keeps_links_mode_and_symlink)
{
    char dir[64], img[128], sym[128], hard[128], journal[160], err[256];
    REQUIRE(temp_dir(dir, sizeof dir));
    snprintf(img, sizeof img, "%s/disk.adf", dir);
    snprintf(sym, sizeof sym, "%s/link.adf", dir);
    snprintf(hard, sizeof hard, "%s/hard.adf", dir);
    snprintf(journal, sizeof journal, "%s%s", img, SAFEWRITE_JOURNAL_SUFFIX);
    uint8_t data[4096], got[4096];
    memset(data, 0xaa, sizeof data);
    put_file(img, data, sizeof data);
    chmod(img, 0600);
    REQUIRE(symlink("disk.adf", sym) == 0);
    REQUIRE(link(img, hard) == 0);
    struct stat before, after, lst;
    stat(img, &before);
    const uint8_t patch[3] = {1, 2, 3}, patch2[2] = {9, 8};
    safewrite_range_t r[2] = {{.offset = 100, .data = patch, .len = 3}, {.offset = 4094, .data = patch2, .len = 2}};
    CHECK_EQ(safewrite_ranges(sym, r, 2, SAFEWRITE_KEEP_SIZE, err, sizeof err), 0); /* through the symlink */
    CHECK_EQ(get_file(hard, got, sizeof got), sizeof got);      /* the other hard link sees it */
    memcpy(data + 100, patch, 3);
    memcpy(data + 4094, patch2, 2);
    CHECK(memcmp(got, data, sizeof data) == 0);
    stat(img, &after);
    CHECK_EQ(after.st_ino, before.st_ino);
    CHECK_EQ(after.st_mode & 07777, 0600);
    CHECK_EQ(after.st_nlink, 2);
    CHECK(lstat(sym, &lst) == 0 && S_ISLNK(lst.st_mode));
    CHECK(access(journal, F_OK) != 0); /* gone once written */
    /* A new size: the file is cut to it (a state's smaller disc replacing a bigger one). */
    CHECK_EQ(safewrite_ranges(img, r, 1, 1000, err, sizeof err), 0);
    stat(img, &after);
    CHECK_EQ(after.st_size, 1000);
    CHECK_EQ(after.st_ino, before.st_ino);
    remove_dir(dir);
}

TEST(safewrite_recover_completes_or_discards)
{
    char dir[64], img[128], journal[160], stale[160], live[160], note[512], err[256];
    REQUIRE(temp_dir(dir, sizeof dir));
    snprintf(img, sizeof img, "%s/disk.adf", dir);
    snprintf(journal, sizeof journal, "%s%s", img, SAFEWRITE_JOURNAL_SUFFIX);
    uint8_t data[2048], got[2048], j[2048];
    memset(data, 0x11, sizeof data);
    put_file(img, data, sizeof data);
    /* A complete journal: the write it describes is finished. */
    uint8_t newer[512];
    memset(newer, 0x77, sizeof newer);
    size_t n = make_journal(j, 512, newer, sizeof newer);
    put_file(journal, j, n);
    CHECK_EQ(safewrite_recover(img, note, sizeof note, err, sizeof err), 0);
    CHECK(strstr(note, "completed") != NULL);
    get_file(img, got, sizeof got);
    memcpy(data + 512, newer, sizeof newer);
    CHECK(memcmp(got, data, sizeof data) == 0);
    CHECK(access(journal, F_OK) != 0);
    /* A journal cut short (the crash came while it was written): discarded, image untouched. */
    memset(newer, 0x55, sizeof newer);
    n = make_journal(j, 0, newer, sizeof newer);
    put_file(journal, j, n - 5);
    CHECK_EQ(safewrite_recover(img, note, sizeof note, err, sizeof err), 0);
    CHECK(strstr(note, "discarded") != NULL);
    get_file(img, got, sizeof got);
    CHECK(memcmp(got, data, sizeof data) == 0);
    CHECK(access(journal, F_OK) != 0);
    /* A corrupted byte inside an otherwise whole journal: discarded too. */
    n = make_journal(j, 0, newer, sizeof newer);
    j[100] ^= 1;
    put_file(journal, j, n);
    CHECK_EQ(safewrite_recover(img, note, sizeof note, err, sizeof err), 0);
    CHECK(strstr(note, "discarded") != NULL);
    get_file(img, got, sizeof got);
    CHECK(memcmp(got, data, sizeof data) == 0);
    /* Temp files of older versions: a dead process's and the plain .tmp go, a live one's stays. */
    snprintf(stale, sizeof stale, "%s.tmp-999999999", img);
    snprintf(live, sizeof live, "%s.tmp-%d", img, (int)getpid());
    put_file(stale, "x", 1);
    put_file(live, "x", 1);
    CHECK_EQ(safewrite_recover(img, note, sizeof note, err, sizeof err), 0);
    CHECK(access(stale, F_OK) != 0);
    CHECK(access(live, F_OK) == 0);
    CHECK(strstr(note, "removed 1 temp file") != NULL);
    /* Nothing to do: no note. */
    unlink(live);
    CHECK_EQ(safewrite_recover(img, note, sizeof note, err, sizeof err), 0);
    CHECK_EQ(note[0], 0);
    remove_dir(dir);
}

TEST(safewrite_refuses_special_files)
{
    char err[256];
    uint8_t b = 0;
    safewrite_range_t r = {.offset = 0, .data = &b, .len = 1};
    CHECK(safewrite_ranges("/dev/null", &r, 1, SAFEWRITE_KEEP_SIZE, err, sizeof err) != 0);
    CHECK(strstr(err, "not a regular file") != NULL);
    CHECK(safewrite_check_output("screenshot", "/dev/full", err, sizeof err) != 0);
    CHECK(strstr(err, "/dev/full") != NULL);
    CHECK(safewrite_check_output("screenshot", "/tmp", err, sizeof err) != 0);
    CHECK_EQ(safewrite_check_output("screenshot", "/tmp/arcana-no-such-file.png", err, sizeof err), 0);
}
