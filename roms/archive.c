/* Plain, gzip and zip files read whole into memory (roms/archive.h). */
#include "roms/archive.h"

#include "roms/infile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unzip.h>
#include <zlib.h>

/* 0: four bytes of magic; 1: shorter than that; -2: empty; -1: not openable (err says why). */
static int read_magic(const char *path, uint8_t magic[4], char *err, size_t errlen)
{
    uint64_t size;
    int fd = infile_open(path, false, &size, err, errlen);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, magic, 4);
    close(fd);
    if (n < 0) {
        snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
        return -1;
    }
    return n == 4 ? 0 : n == 0 ? -2 : 1;
}

static bool is_zip(const uint8_t m[4]) { return m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4; }
static bool is_gzip(const uint8_t m[4]) { return m[0] == 0x1f && m[1] == 0x8b; }

bool archive_is_container(const char *path)
{
    uint8_t m[4];
    char err[8];
    return read_magic(path, m, err, sizeof err) == 0 && (is_zip(m) || is_gzip(m));
}

static int read_plain(const char *path, size_t max_size, uint8_t **data, size_t *size, char *err, size_t errlen)
{
    return infile_read(path, max_size, false, data, size, err, errlen);
}

static int read_gzip(const char *path, size_t max_size, uint8_t **data, size_t *size, char *err, size_t errlen)
{
    int fd = infile_open(path, false, NULL, err, errlen);
    if (fd < 0)
        return -1;
    gzFile g = gzdopen(fd, "rb");
    if (!g) {
        close(fd);
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 262144;
            uint8_t *nb = realloc(buf, cap);
            if (!nb)
                goto oom;
            buf = nb;
        }
        size_t want = cap - len > (1u << 30) ? (1u << 30) : cap - len;
        int n = gzread(g, buf + len, (unsigned)want);
        if (n < 0) {
            int code;
            const char *msg = gzerror(g, &code);
            /* zlib prefixes its message with the file's name (or "<fd:N>"): ours is enough. */
            const char *sep = msg ? strstr(msg, ": ") : NULL;
            if (sep)
                msg = sep + 2;
            snprintf(err, errlen, "%s: corrupt gzip data (%s)", path, msg ? msg : "?");
            free(buf);
            gzclose(g);
            return -1;
        }
        len += (size_t)n;
        if (len > max_size) {
            snprintf(err, errlen, "%s: decompresses to more than %zu bytes", path, max_size);
            free(buf);
            gzclose(g);
            return -1;
        }
        if (n == 0)
            break;
    }
    /* gzread stops quietly at a truncated stream; gzclose reports it. */
    if (gzclose(g) != Z_OK) {
        snprintf(err, errlen, "%s: truncated or corrupt gzip data", path);
        free(buf);
        return -1;
    }
    *data = buf;
    *size = len;
    return 0;
oom:
    free(buf);
    gzclose(g);
    snprintf(err, errlen, "%s: out of memory", path);
    return -1;
}

static int read_zip(const char *path, const char *member, archive_filter_fn filter, void *ctx, size_t max_size,
                    uint8_t **data, size_t *size, char *member_out, size_t member_out_len, char *err, size_t errlen)
{
    unzFile z = unzOpen64(path);
    if (!z) {
        snprintf(err, errlen, "%s: not a readable zip archive", path);
        return -1;
    }
    char name[1024], chosen[1024] = "";
    int candidates = 0;
    int rc = unzGoToFirstFile(z);
    while (rc == UNZ_OK) {
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(z, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            break;
        size_t nl = strlen(name);
        bool is_dir = nl && name[nl - 1] == '/';
        if (!is_dir) {
            bool match = member ? strcmp(name, member) == 0
                                : (!filter || filter(name, info.uncompressed_size, ctx));
            if (match) {
                candidates++;
                if (candidates == 1)
                    snprintf(chosen, sizeof chosen, "%s", name);
            }
        }
        rc = unzGoToNextFile(z);
    }
    if (rc != UNZ_END_OF_LIST_OF_FILE && rc != UNZ_OK) {
        unzClose(z);
        snprintf(err, errlen, "%s: corrupt zip directory", path);
        return -1;
    }
    if (candidates != 1) {
        unzClose(z);
        if (member)
            snprintf(err, errlen, "%s: has no member '%s'", path, member);
        else if (candidates == 0)
            snprintf(err, errlen, "%s: the zip holds no suitable image", path);
        else
            snprintf(err, errlen, "%s: the zip holds %d candidate images; unpack the one you want", path, candidates);
        return -1;
    }
    unz_file_info64 info;
    if (unzLocateFile(z, chosen, 1) != UNZ_OK ||
        unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        unzOpenCurrentFile(z) != UNZ_OK) {
        unzClose(z);
        snprintf(err, errlen, "%s: cannot open member '%s'", path, chosen);
        return -1;
    }
    if (info.uncompressed_size > max_size) {
        unzCloseCurrentFile(z);
        unzClose(z);
        snprintf(err, errlen, "%s: member '%s' is larger than %zu bytes", path, chosen, max_size);
        return -1;
    }
    size_t len = (size_t)info.uncompressed_size;
    uint8_t *buf = malloc(len ? len : 1);
    int n = buf ? unzReadCurrentFile(z, buf, (unsigned)len) : -1;
    /* unzCloseCurrentFile checks the CRC once the whole member has been read. */
    int crc_ok = unzCloseCurrentFile(z) == UNZ_OK;
    unzClose(z);
    if (!buf || n < 0 || (size_t)n != len || !crc_ok) {
        free(buf);
        snprintf(err, errlen, "%s: member '%s' is corrupt (%s)", path, chosen,
                 !crc_ok ? "CRC mismatch" : "short read");
        return -1;
    }
    *data = buf;
    *size = len;
    if (member_out)
        snprintf(member_out, member_out_len, "%s", chosen);
    return 0;
}

int archive_read(const char *path, const char *member, archive_filter_fn filter, void *filter_ctx,
                 size_t max_size, uint8_t **data, size_t *size, char *member_out, size_t member_out_len,
                 char *err, size_t errlen)
{
    uint8_t magic[4] = {0};
    *data = NULL;
    *size = 0;
    if (member_out && member_out_len)
        member_out[0] = 0;
    int m = read_magic(path, magic, err, errlen);
    if (m == -2)
        snprintf(err, errlen, "%s: empty file", path);
    if (m < 0)
        return -1;
    if (m == 0 && is_zip(magic))
        return read_zip(path, member, filter, filter_ctx, max_size, data, size, member_out, member_out_len,
                        err, errlen);
    if (m == 0 && is_gzip(magic))
        return read_gzip(path, max_size, data, size, err, errlen);
    return read_plain(path, max_size, data, size, err, errlen);
}
