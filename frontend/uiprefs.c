#include "frontend/uiprefs.h"

#include "roms/infile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFS_MAX_BYTES (1 << 20)

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

/* If `line` is a section header, copies its name to `section` and returns 1. */
static int section_of(const char *line, char *section, size_t len)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", line);
    char *t = trim(buf);
    size_t n = strlen(t);
    if (n < 2 || t[0] != '[' || t[n - 1] != ']')
        return 0;
    t[n - 1] = 0;
    snprintf(section, len, "%s", trim(t + 1));
    return 1;
}

/* If `line` is `key = value`, copies the trimmed key and value and returns 1. */
static int key_of(const char *line, char *key, size_t klen, char *value, size_t vlen)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", line);
    char *t = trim(buf), *eq = strchr(t, '=');
    if (!eq || *t == '#' || *t == ';')
        return 0;
    *eq = 0;
    snprintf(key, klen, "%s", trim(t));
    snprintf(value, vlen, "%s", trim(eq + 1));
    return 1;
}

static int parse_size(const char *v, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 64 || n > 16384)
        return -1;
    *out = (int)n;
    return 0;
}

int uiprefs_load_window(const char *path, int *width, int *height)
{
    char err[256];
    FILE *f = path ? infile_fopen(path, "r", NULL, err, sizeof err) : NULL;
    if (!f)
        return -1;
    char line[512], section[64] = "", key[64], value[256];
    int w = 0, h = 0;
    while (fgets(line, sizeof line, f)) {
        if (section_of(line, section, sizeof section))
            continue;
        if (strcmp(section, "window") != 0 || !key_of(line, key, sizeof key, value, sizeof value))
            continue;
        if (strcmp(key, "width") == 0)
            parse_size(value, &w);
        else if (strcmp(key, "height") == 0)
            parse_size(value, &h);
    }
    fclose(f);
    if (!w || !h)
        return -1;
    *width = w;
    *height = h;
    return 0;
}

/* Whole file into a NUL-terminated buffer; a missing file is an empty one. */
static char *slurp(const char *path, char *err, size_t errlen)
{
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return calloc(1, 1);
    FILE *f = infile_fopen(path, "rb", NULL, err, errlen);
    if (!f)
        return NULL;
    char *buf = malloc(PREFS_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, PREFS_MAX_BYTES + 1, f) : 0;
    fclose(f);
    if (!buf || n > PREFS_MAX_BYTES) {
        snprintf(err, errlen, "%s: %s", path, buf ? "config file larger than 1 MB" : "out of memory");
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    return buf;
}

/* Creates the folders leading to `path` (a first save into $XDG_CONFIG_HOME/arcana/). */
static void make_parents(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(dir, 0755); /* EEXIST is fine; real failures show when the file is written */
            *p = '/';
        }
}

int uiprefs_save_window(const char *path, int width, int height, char *err, size_t errlen)
{
    make_parents(path);
    char *old = slurp(path, err, errlen);
    if (!old)
        return -1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        free(old);
        return -1;
    }
    char section[64] = "", key[64], value[256];
    int in_window = 0, written = 0;
    /* Copy line by line; in [window], drop old width/height and write ours after the header. */
    for (char *line = old; *line;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
        char one[512];
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), line);
        if (section_of(one, section, sizeof section)) {
            in_window = strcmp(section, "window") == 0;
            fwrite(line, 1, len, f);
            if (!nl)
                fputc('\n', f);
            if (in_window && !written) {
                fprintf(f, "width = %d\nheight = %d\n", width, height);
                written = 1;
            }
        } else if (!(in_window && key_of(one, key, sizeof key, value, sizeof value) &&
                     (strcmp(key, "width") == 0 || strcmp(key, "height") == 0))) {
            fwrite(line, 1, len, f);
        }
        line += len;
    }
    if (!written) {
        if (*old && old[strlen(old) - 1] != '\n')
            fputc('\n', f);
        fprintf(f, "%s[window]\nwidth = %d\nheight = %d\n", *old ? "\n" : "", width, height);
    }
    free(old);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static void config_home(char *out, size_t len)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(out, len, "%s", xdg);
    else if (home && *home)
        snprintf(out, len, "%s/.config", home);
    else
        out[0] = 0;
}

void uiprefs_default_path(char *out, size_t len)
{
    char dir[4000];
    config_home(dir, sizeof dir);
    if (dir[0])
        snprintf(out, len, "%s/arcana/prefs.ini", dir);
    else if (len)
        out[0] = 0;
}

/* XDG_PICTURES_DIR="$HOME/Bilder" in user-dirs.dirs (xdg-user-dirs' format). */
static int pictures_from_user_dirs(char *out, size_t len)
{
    char path[4096], line[1024];
    config_home(path, sizeof path - 20);
    if (!path[0])
        return -1;
    strcat(path, "/user-dirs.dirs");
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int found = -1;
    const char *home = getenv("HOME");
    while (found != 0 && fgets(line, sizeof line, f)) {
        const char *key = "XDG_PICTURES_DIR=\"";
        if (strncmp(line, key, strlen(key)) != 0)
            continue;
        char *v = line + strlen(key), *end = strchr(v, '"');
        if (!end)
            continue;
        *end = 0;
        if (strncmp(v, "$HOME/", 6) == 0 && home && *home)
            snprintf(out, len, "%s/%s/Arcana", home, v + 6);
        else if (v[0] == '/')
            snprintf(out, len, "%s/Arcana", v);
        else
            continue;
        found = 0;
    }
    fclose(f);
    return found;
}

void uiprefs_pictures_dir(char *out, size_t len)
{
    const char *pics = getenv("XDG_PICTURES_DIR"), *home = getenv("HOME");
    if (pics && *pics)
        snprintf(out, len, "%s", pics);
    else if (pictures_from_user_dirs(out, len) == 0)
        return;
    else if (home && *home)
        snprintf(out, len, "%s/Pictures/Arcana", home);
    else
        snprintf(out, len, ".");
}

int uiprefs_make_dirs(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/", dir);
    for (char *c = p + 1; *c; c++)
        if (*c == '/') {
            *c = 0;
            if (mkdir(p, 0755) != 0 && errno != EEXIST)
                return -1;
            *c = '/';
        }
    return 0;
}
