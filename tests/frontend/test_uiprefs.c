/* The window size remembered in the config file (frontend/uiprefs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/uiprefs.h"
#include "tests/test.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static char *read_all(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, len - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    return buf;
}

TEST(uiprefs_round_trip_keeps_other_settings)
{
    char dir[] = "/tmp/arcana-uiprefs-XXXXXX", path[64], buf[1024];
    REQUIRE(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/arcana.ini", dir);
    write_file(path, "# my settings\n[arcana]\nwarp = no\n[window]\nsmooth = yes\nwidth = 100\n"
                     "height=200\n[a500]\nram = 1\n");
    int w = 0, h = 0;
    CHECK_EQ(uiprefs_load_window(path, &w, &h), 0);
    CHECK_EQ(w, 100);
    CHECK_EQ(h, 200);
    char err[256];
    REQUIRE(uiprefs_save_window(path, 1440, 576, err, sizeof err) == 0);
    CHECK_STR(read_all(path, buf, sizeof buf),
              "# my settings\n[arcana]\nwarp = no\n[window]\nwidth = 1440\nheight = 576\nsmooth = yes\n"
              "[a500]\nram = 1\n");
    CHECK_EQ(uiprefs_load_window(path, &w, &h), 0);
    CHECK_EQ(w, 1440);
    CHECK_EQ(h, 576);
    /* No temp file left behind. */
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    CHECK(access(tmp, F_OK) != 0);
    unlink(path);
    rmdir(dir);
}

TEST(uiprefs_new_file_and_section)
{
    char dir[] = "/tmp/arcana-uiprefs-XXXXXX", path[64], buf[256], err[256];
    REQUIRE(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/new.ini", dir);
    int w = 0, h = 0;
    CHECK(uiprefs_load_window(path, &w, &h) != 0);
    REQUIRE(uiprefs_save_window(path, 800, 600, err, sizeof err) == 0);
    CHECK_STR(read_all(path, buf, sizeof buf), "[window]\nwidth = 800\nheight = 600\n");
    write_file(path, "[arcana]\nwarp = yes");
    REQUIRE(uiprefs_save_window(path, 640, 512, err, sizeof err) == 0);
    CHECK_STR(read_all(path, buf, sizeof buf), "[arcana]\nwarp = yes\n\n[window]\nwidth = 640\nheight = 512\n");
    /* Nonsense sizes are not taken. */
    write_file(path, "[window]\nwidth = 0\nheight = banana\n");
    CHECK(uiprefs_load_window(path, &w, &h) != 0);
    unlink(path);
    /* A first save creates the folders ($XDG_CONFIG_HOME/arcana/). */
    char deep[96];
    snprintf(deep, sizeof deep, "%s/a/arcana/arcana.ini", dir);
    CHECK(uiprefs_save_window(deep, 700, 500, err, sizeof err) == 0);
    CHECK(uiprefs_load_window(deep, &w, &h) == 0 && w == 700 && h == 500);
    unlink(deep);
    snprintf(deep, sizeof deep, "%s/a/arcana", dir);
    rmdir(deep);
    snprintf(deep, sizeof deep, "%s/a", dir);
    rmdir(deep);
    CHECK(uiprefs_save_window("/proc/no/x.ini", 1, 1, err, sizeof err) != 0);
    CHECK(strstr(err, "/proc/no/x.ini") != NULL);
    rmdir(dir);
}
