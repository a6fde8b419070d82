/* ROM loader (DESIGN.md §6): the user's file, split sets, zips, and the default search. */
#include "roms/romfile.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "roms/archive.h"
#include "roms/sha1.h"

#define ROM_MAX_SIZE (16u << 20)
#define FS_UAE_DAT "/usr/share/fs-uae/fs-uae.dat"
#define AROS_MAIN_MEMBER "share/fs-uae/aros-amiga-m68k-rom.bin"
#define AROS_EXT_MEMBER "share/fs-uae/aros-amiga-m68k-ext.bin"

void rom_sha1_hex(const uint8_t *data, size_t size, char out[41])
{
    uint8_t d[20];
    sha1(data, size, d);
    for (int i = 0; i < 20; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

const rom_info_t *rom_identify(const uint8_t *data, size_t size)
{
    uint32_t crc = (uint32_t)crc32(0L, data, (uInt)size);
    char hex[41] = "";
    for (const rom_info_t *r = rom_catalogue; r->name; r++) {
        if (r->size != size || r->crc32 != crc)
            continue;
        if (!hex[0])
            rom_sha1_hex(data, size, hex);
        if (strcmp(hex, r->sha1) == 0)
            return r;
    }
    return NULL;
}

const char *rom_guess(const uint8_t *data, size_t size, char *name, size_t namelen)
{
    /* Kickstart: the ROM begins with 0x1111 (256 KB) or 0x1114 (512 KB) and a jump to the
     * reset code; the version and revision words sit at offset 12 (Amiga ROM Kernel Manual). */
    if ((size == 262144 || size == 524288) && data[0] == 0x11 && (data[1] == 0x11 || data[1] == 0x14)) {
        snprintf(name, namelen, "Kickstart %u.%u", (unsigned)(data[12] << 8 | data[13]),
                 (unsigned)(data[14] << 8 | data[15]));
        return "a500";
    }
    /* RISC OS: the kernel carries "RISC OS" followed by its version, e.g. "RISC OS 3.70". */
    if (size >= (2u << 20)) {
        static const char tag[] = "RISC OS ";
        size_t limit = size < (8u << 20) ? size : (8u << 20);
        for (size_t i = 0; i + sizeof tag + 4 < limit; i++) {
            if (data[i] != 'R' || memcmp(data + i, tag, sizeof tag - 1) != 0)
                continue;
            const uint8_t *v = data + i + sizeof tag - 1;
            if (v[0] >= '3' && v[0] <= '6' && v[1] == '.' && v[2] >= '0' && v[2] <= '9') {
                snprintf(name, namelen, "RISC OS %c.%c%c", v[0], v[2], (v[3] >= '0' && v[3] <= '9') ? v[3] : '0');
                return "riscpc";
            }
        }
    }
    return NULL;
}

static bool rom_sized(const char *member, uint64_t size, void *ctx)
{
    (void)member, (void)ctx;
    return size == 262144 || size == 524288 || size == (1u << 20) || size == (2u << 20) ||
           size == (4u << 20) || size == (6u << 20) || size == (8u << 20);
}

static int load_one(const char *path, const char *member, uint8_t **data, size_t *size, char *err, size_t errlen)
{
    return archive_read(path, member, member ? NULL : rom_sized, NULL, ROM_MAX_SIZE, data, size, NULL, 0, err,
                        errlen);
}

int rom_load(const char *path, rom_image_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    snprintf(out->source, sizeof out->source, "%s", path);
    /* A split set: "part1,part2,..." joined in order. */
    const char *p = path;
    while (p) {
        const char *comma = strchr(p, ',');
        char part[4096];
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n == 0 || n >= sizeof part) {
            snprintf(err, errlen, "%s: bad ROM file list", path);
            rom_free(out);
            return -1;
        }
        memcpy(part, p, n);
        part[n] = 0;
        uint8_t *data;
        size_t size;
        if (load_one(part, NULL, &data, &size, err, errlen) != 0) {
            rom_free(out);
            return -1;
        }
        if (size == 0 || out->size + size > ROM_MAX_SIZE) {
            snprintf(err, errlen, "%s: %s", part, size == 0 ? "empty file" : "ROM set larger than 16 MB");
            free(data);
            rom_free(out);
            return -1;
        }
        uint8_t *joined = realloc(out->data, out->size + size);
        if (!joined) {
            free(data);
            rom_free(out);
            snprintf(err, errlen, "%s: out of memory", part);
            return -1;
        }
        memcpy(joined + out->size, data, size);
        free(data);
        out->data = joined;
        out->size += size;
        p = comma ? comma + 1 : NULL;
    }
    out->info = rom_identify(out->data, out->size);
    return 0;
}

static bool skip_name(const char *name)
{
    static const char *const source_ext[] = {".c", ".h", ".S", ".s", ".mk", ".md", ".txt", ".ld", NULL};
    if (name[0] == '.')
        return true;
    const char *dot = strrchr(name, '.');
    for (int i = 0; dot && source_ext[i]; i++)
        if (strcmp(dot, source_ext[i]) == 0)
            return true;
    return false;
}

/* Is this image a main ROM of `machine` (not an extension)? */
static bool fits_machine(const rom_image_t *img, const char *machine)
{
    if (img->info)
        return strcmp(img->info->machine, machine) == 0 && !strstr(img->info->name, "extension");
    char name[64];
    const char *m = rom_guess(img->data, img->size, name, sizeof name);
    return m && strcmp(m, machine) == 0;
}

static int search_dir(const char *dir, const char *machine, rom_image_t *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    /* Names sorted, so the choice does not depend on the directory's order. */
    char names[64][256];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < 64)
        if (!skip_name(e->d_name) && strlen(e->d_name) < sizeof names[0])
            snprintf(names[count++], sizeof names[0], "%s", e->d_name);
    closedir(d);
    qsort(names, (size_t)count, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    for (int i = 0; i < count; i++) {
        char path[4096], err[256];
        struct stat st;
        snprintf(path, sizeof path, "%.3800s/%.255s", dir, names[i]);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)ROM_MAX_SIZE)
            continue;
        if (!archive_is_container(path) && !rom_sized(NULL, (uint64_t)st.st_size, NULL))
            continue;
        rom_image_t img;
        if (rom_load(path, &img, err, sizeof err) != 0)
            continue;
        if (fits_machine(&img, machine)) {
            *out = img;
            return 0;
        }
        rom_free(&img);
    }
    return -1;
}

static int load_member(const char *zip, const char *member, rom_image_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (load_one(zip, member, &out->data, &out->size, err, errlen) != 0)
        return -1;
    snprintf(out->source, sizeof out->source, "%s:%s", zip, member);
    out->info = rom_identify(out->data, out->size);
    return 0;
}

int rom_find_default(const char *machine, rom_set_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char xdg_dir[4096];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(xdg_dir, sizeof xdg_dir, "%s/arcana/roms", xdg);
    else
        snprintf(xdg_dir, sizeof xdg_dir, "%s/.local/share/arcana/roms", home && *home ? home : ".");
    const char *dirs[] = {"roms", xdg_dir};
    for (int i = 0; i < 2; i++)
        if (search_dir(dirs[i], machine, &out->main) == 0)
            break;

    if (strcmp(machine, "a500") == 0) {
        if (!out->main.data && load_member(FS_UAE_DAT, AROS_MAIN_MEMBER, &out->main, err, errlen) != 0) {
            snprintf(err, errlen, "no Amiga ROM found: put a Kickstart image (256/512 KB, or a zip of one) in "
                                  "./roms or %s, or install Debian's fs-uae for the free AROS ROM", xdg_dir);
            return -1;
        }
        /* AROS needs its extension ROM at E00000; it comes from the same package. */
        if (out->main.info && strstr(out->main.info->name, "AROS") &&
            load_member(FS_UAE_DAT, AROS_EXT_MEMBER, &out->ext, err, errlen) != 0) {
            rom_set_free(out);
            snprintf(err, errlen, "the AROS ROM needs its extension ROM from %s: install Debian's fs-uae", FS_UAE_DAT);
            return -1;
        }
        return 0;
    }
    if (!out->main.data) {
        snprintf(err, errlen, "no %s ROM found: put one (a RISC OS 3.5-5 image, 2-8 MB, or a zip of one) in "
                              "./roms or %s", machine, xdg_dir);
        return -1;
    }
    return 0;
}

void rom_free(rom_image_t *img)
{
    free(img->data);
    img->data = NULL;
    img->size = 0;
}

void rom_set_free(rom_set_t *set)
{
    rom_free(&set->main);
    rom_free(&set->ext);
}
