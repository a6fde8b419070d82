/* Reading files that may be compressed or inside archives: plain files, .zip (minizip),
 * .gz/.adz (zlib). Used by the ROM loader and by media (ADF, HDF) loading. */
#ifndef ARCANA_ARCHIVE_H
#define ARCANA_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Accepts a member name suffix test; returns true for the files that are candidates. */
typedef bool (*archive_filter_fn)(const char *member_name, uint64_t size, void *ctx);

/* Reads `path` whole into a malloc'd buffer (*data, *size; caller frees).
 * - plain file: read as is (at most max_size bytes; larger is an error);
 * - gzip (magic 1f 8b; .gz, .adz): decompressed;
 * - zip (magic PK\3\4): the member named `member` if given, else the single member accepted
 *   by `filter` (NULL = any non-directory member); none or several → error naming the archive.
 * The chosen member's name is copied to member_out when given.
 * Returns 0, or -1 with a one-line message naming the file and the problem. */
int archive_read(const char *path, const char *member, archive_filter_fn filter, void *filter_ctx,
                 size_t max_size, uint8_t **data, size_t *size, char *member_out, size_t member_out_len,
                 char *err, size_t errlen);

/* True when the file's content is a zip or gzip container (by magic, not by name). */
bool archive_is_container(const char *path);

#endif
