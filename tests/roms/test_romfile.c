#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "roms/archive.h"
#include "roms/romfile.h"
#include "roms/sha1.h"
#include "tests/test.h"

static void tmp_name(char *buf, size_t len, const char *suffix)
{
    snprintf(buf, len, "/tmp/arcana-romtest-%d-%s", (int)getpid(), suffix);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

TEST(sha1_known_vectors)
{
    char hex[41];
    rom_sha1_hex((const uint8_t *)"abc", 3, hex);
    CHECK_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    rom_sha1_hex((const uint8_t *)"", 0, hex);
    CHECK_STR(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 56 bytes: 2 blocks */
    rom_sha1_hex((const uint8_t *)two, strlen(two), hex);
    CHECK_STR(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

TEST(archive_reads_plain_and_gzip)
{
    char plain[128], gz[128];
    uint8_t data[3000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7);
    tmp_name(plain, sizeof plain, "plain.bin");
    tmp_name(gz, sizeof gz, "packed.adz");
    write_file(plain, data, sizeof data);
    gzFile g = gzopen(gz, "wb");
    gzwrite(g, data, sizeof data);
    gzclose(g);

    uint8_t *out;
    size_t size;
    char err[256];
    REQUIRE(archive_read(plain, NULL, NULL, NULL, 1 << 20, &out, &size, NULL, 0, err, sizeof err) == 0);
    CHECK_EQ(size, sizeof data);
    CHECK(memcmp(out, data, size) == 0);
    free(out);
    REQUIRE(archive_read(gz, NULL, NULL, NULL, 1 << 20, &out, &size, NULL, 0, err, sizeof err) == 0);
    CHECK_EQ(size, sizeof data);
    CHECK(memcmp(out, data, size) == 0);
    free(out);
    CHECK(archive_is_container(gz));
    CHECK(!archive_is_container(plain));
    /* Size limit. */
    CHECK_EQ(archive_read(plain, NULL, NULL, NULL, 100, &out, &size, NULL, 0, err, sizeof err), -1);
    CHECK(strstr(err, plain) != NULL);
    unlink(plain);
    unlink(gz);
}

TEST(archive_truncated_gzip_is_an_error)
{
    char gz[128];
    uint8_t data[20000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(rand() & 0xff);
    tmp_name(gz, sizeof gz, "trunc.gz");
    gzFile g = gzopen(gz, "wb");
    gzwrite(g, data, sizeof data);
    gzclose(g);
    truncate(gz, 2000);
    uint8_t *out;
    size_t size;
    char err[256] = "";
    CHECK_EQ(archive_read(gz, NULL, NULL, NULL, 1 << 20, &out, &size, NULL, 0, err, sizeof err), -1);
    CHECK(strstr(err, gz) != NULL);
    unlink(gz);
}

TEST(archive_missing_and_empty_files)
{
    char empty[128], err[256] = "";
    uint8_t *out;
    size_t size;
    CHECK_EQ(archive_read("/nonexistent/x.adf", NULL, NULL, NULL, 1 << 20, &out, &size, NULL, 0, err, sizeof err), -1);
    CHECK(strstr(err, "/nonexistent/x.adf") != NULL);
    tmp_name(empty, sizeof empty, "empty");
    write_file(empty, "", 0);
    CHECK_EQ(archive_read(empty, NULL, NULL, NULL, 1 << 20, &out, &size, NULL, 0, err, sizeof err), -1);
    CHECK(strstr(err, "empty") != NULL);
    unlink(empty);
}

static bool only_rom_bin(const char *name, uint64_t size, void *ctx)
{
    (void)size, (void)ctx;
    return strstr(name, "-rom.bin") != NULL;
}

TEST(archive_reads_zip_member_with_filter)
{
    const char *dat = "/usr/share/fs-uae/fs-uae.dat";
    if (access(dat, R_OK) != 0)
        SKIP("%s not installed", dat);
    uint8_t *out;
    size_t size;
    char err[256], member[256];
    REQUIRE(archive_read(dat, NULL, only_rom_bin, NULL, 1 << 20, &out, &size, member, sizeof member, err,
                         sizeof err) == 0);
    CHECK_EQ(size, 524288);
    CHECK_STR(member, "share/fs-uae/aros-amiga-m68k-rom.bin");
    free(out);
    /* Several candidates: the user is told, nothing is guessed. */
    CHECK_EQ(archive_read(dat, NULL, NULL, NULL, 1 << 20, &out, &size, NULL, 0, err, sizeof err), -1);
    CHECK(strstr(err, "candidate") != NULL);
}

TEST(archive_corrupt_zip_is_an_error)
{
    char zip[128], err[256] = "";
    uint8_t junk[600] = {'P', 'K', 3, 4};
    for (size_t i = 4; i < sizeof junk; i++)
        junk[i] = (uint8_t)(i * 31);
    tmp_name(zip, sizeof zip, "bad.zip");
    write_file(zip, junk, sizeof junk);
    uint8_t *out;
    size_t size;
    CHECK_EQ(archive_read(zip, NULL, NULL, NULL, 1 << 20, &out, &size, NULL, 0, err, sizeof err), -1);
    CHECK(strstr(err, zip) != NULL);
    unlink(zip);
}

TEST(rom_default_a500_is_aros_with_extension)
{
    if (access("/usr/share/fs-uae/fs-uae.dat", R_OK) != 0)
        SKIP("fs-uae not installed");
    char old_cwd[4096], tmpdir[128], err[256];
    REQUIRE(getcwd(old_cwd, sizeof old_cwd) != NULL);
    tmp_name(tmpdir, sizeof tmpdir, "cwd");
    mkdir(tmpdir, 0700);
    REQUIRE(chdir(tmpdir) == 0); /* no ./roms here */
    setenv("XDG_DATA_HOME", tmpdir, 1);
    rom_set_t set;
    int rc = rom_find_default("a500", &set, err, sizeof err);
    REQUIRE(chdir(old_cwd) == 0);
    rmdir(tmpdir);
    REQUIRE(rc == 0);
    REQUIRE(set.main.info != NULL);
    CHECK(strstr(set.main.info->name, "AROS") != NULL);
    CHECK_EQ(set.ext.size, 524288);
    CHECK(set.ext.info != NULL);
    rom_set_free(&set);
}

TEST(rom_missing_riscpc_rom_says_where_to_put_it)
{
    char old_cwd[4096], tmpdir[128], err[256] = "";
    REQUIRE(getcwd(old_cwd, sizeof old_cwd) != NULL);
    tmp_name(tmpdir, sizeof tmpdir, "cwd2");
    mkdir(tmpdir, 0700);
    REQUIRE(chdir(tmpdir) == 0);
    setenv("XDG_DATA_HOME", tmpdir, 1);
    rom_set_t set;
    int rc = rom_find_default("riscpc", &set, err, sizeof err);
    REQUIRE(chdir(old_cwd) == 0);
    rmdir(tmpdir);
    CHECK_EQ(rc, -1);
    CHECK(strstr(err, "./roms") != NULL);
}

TEST(rom_load_joins_split_sets_and_guesses_content)
{
    char a[128], b[128], both[300], err[256], name[64];
    static uint8_t half[131072];
    memset(half, 0, sizeof half);
    half[0] = 0x11, half[1] = 0x11, half[12] = 0, half[13] = 34, half[14] = 0, half[15] = 5;
    tmp_name(a, sizeof a, "part1");
    tmp_name(b, sizeof b, "part2");
    write_file(a, half, sizeof half);
    half[0] = 0xAA;
    write_file(b, half, sizeof half);
    snprintf(both, sizeof both, "%s,%s", a, b);
    rom_image_t img;
    REQUIRE(rom_load(both, &img, err, sizeof err) == 0);
    CHECK_EQ(img.size, 262144);
    CHECK_EQ(img.data[131072], 0xAA);
    CHECK(img.info == NULL);
    const char *m = rom_guess(img.data, img.size, name, sizeof name);
    CHECK(m && strcmp(m, "a500") == 0);
    CHECK_STR(name, "Kickstart 34.5");
    rom_free(&img);
    unlink(a);
    unlink(b);
}

TEST(rom_guess_finds_risc_os_version)
{
    uint8_t *img = calloc(1, 2u << 20);
    char name[64];
    REQUIRE(img);
    memcpy(img + 0x12345, "Acorn RISC OS 3.70 (30 Jul 1996)", 32);
    const char *m = rom_guess(img, 2u << 20, name, sizeof name);
    CHECK(m && strcmp(m, "riscpc") == 0);
    CHECK_STR(name, "RISC OS 3.70");
    CHECK(rom_guess(img, 1000, name, sizeof name) == NULL);
    free(img);
}
