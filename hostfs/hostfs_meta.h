/* The sidecar: what a host folder cannot hold about its files (Amiga protection bits and
 * comments), in a hidden file `.arcana-meta` per folder, one line per file:
 * "PPPPPPPP<TAB>host name<TAB>comment". Written through a temp file and a rename. */
#ifndef ARCANA_HOSTFS_META_H
#define ARCANA_HOSTFS_META_H

#include <stddef.h>
#include <stdint.h>

#define HOSTFS_META_FILE ".arcana-meta"

/* Missing entry: protection 0 and an empty comment. */
void hostfs_meta_get(int dir_fd, const char *name, uint32_t *protection, char *comment, size_t comment_len);
/* NULL protection / comment leave that field as it is; both NULL remove the entry. */
int hostfs_meta_set(int dir_fd, const char *name, const uint32_t *protection, const char *comment);
/* After a rename: the entry follows the file. */
void hostfs_meta_move(int from_dir_fd, const char *from, int to_dir_fd, const char *to);

#endif
