/* HostFS host side (DESIGN.md §7): a host folder shared with a guest, shared by the RISC OS and
 * AmigaDOS bridges. Guests name paths in one canonical form — components separated by '/',
 * relative to the shared root, "" for the root itself — and this layer is the only one that
 * touches the host: it refuses every path that would leave the folder ("..", absolute paths,
 * symlinks leading out, device files), matches names case-insensitively as both guests expect,
 * writes through a temp file renamed into place on close, and keeps what the host cannot hold
 * (Amiga protection bits, comments) in a hidden per-folder sidecar. */
#ifndef ARCANA_HOSTFS_H
#define ARCANA_HOSTFS_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HOSTFS_MAX_HANDLES 64
#define HOSTFS_NAME_MAX 255
#define HOSTFS_COMMENT_MAX 79
/* Names starting with this are ours (sidecar, temp files): hidden and refused. */
#define HOSTFS_PRIVATE_PREFIX ".arcana-"

typedef enum hostfs_err {
    HFS_OK = 0,
    HFS_NOT_FOUND,      /* no such file or folder */
    HFS_EXISTS,         /* the name is taken */
    HFS_FORBIDDEN,      /* outside the shared folder, a device, our private files, the root */
    HFS_READ_ONLY,      /* the share is read-only */
    HFS_BAD_NAME,       /* empty, ".", "..", control characters, private prefix */
    HFS_NAME_TOO_LONG,
    HFS_IS_DIR,
    HFS_NOT_DIR,
    HFS_NOT_EMPTY,
    HFS_NO_SPACE,
    HFS_TOO_MANY_OPEN,
    HFS_BAD_HANDLE,
    HFS_IN_USE,         /* open elsewhere (delete/rename of an open file) */
    HFS_IO,
} hostfs_err_t;

typedef enum hostfs_mode {
    HFS_READ,           /* existing file, read only */
    HFS_UPDATE,         /* existing file, read and write */
    HFS_CREATE,         /* new or truncated file, read and write */
} hostfs_mode_t;

typedef struct hostfs_cfg {
    const char *root;
    bool readonly;
    /* RISC OS naming: host names carry ",xxx" (file type) or ",llllllll-eeeeeeee" (load and
     * exec addresses) suffixes that the guest does not see; lookups ignore them. */
    bool riscos_suffixes;
} hostfs_cfg_t;

typedef struct hostfs_entry {
    char name[HOSTFS_NAME_MAX + 1];      /* as the guest sees it (suffix removed) */
    char host_name[HOSTFS_NAME_MAX + 1]; /* as it is on the host */
    bool is_dir;
    uint64_t size;
    int64_t mtime;                       /* seconds since 1970 */
    bool has_type;                       /* ",xxx" suffix present: filetype valid */
    bool has_load_exec;                  /* ",llllllll-eeeeeeee" suffix present */
    uint32_t filetype, load, exec;
    uint32_t protection;                 /* Amiga protection bits (sidecar; 0 = default) */
    char comment[HOSTFS_COMMENT_MAX + 1];/* Amiga file comment (sidecar) */
} hostfs_entry_t;

typedef struct hostfs_handle {
    bool used, is_dir, writable;
    int fd;                 /* file: the data (the temp copy when writable) */
    int dir_fd;             /* the folder holding the file, or the folder being listed */
    DIR *dir;
    char host_name[HOSTFS_NAME_MAX + 1];
    char tmp_name[HOSTFS_NAME_MAX + 1];
} hostfs_handle_t;

typedef struct hostfs {
    int root_fd;
    bool readonly, riscos_suffixes;
    bool have_openat2;      /* kernel-enforced RESOLVE_BENEATH, else a walk that follows no links */
    unsigned tmp_counter;   /* makes temp names unique */
    int want_handle;        /* hostfs_open_as: the handle to use + 1 (0: the first free one) */
    char root[4096];
    hostfs_handle_t handles[HOSTFS_MAX_HANDLES];
} hostfs_t;

int hostfs_init(hostfs_t *fs, const hostfs_cfg_t *cfg, char *err, size_t errlen);
/* Closes every handle, completing pending writes (temp renamed into place). */
void hostfs_shutdown(hostfs_t *fs);
const char *hostfs_strerror(hostfs_err_t e);

hostfs_err_t hostfs_stat(hostfs_t *fs, const char *path, hostfs_entry_t *out);
hostfs_err_t hostfs_open(hostfs_t *fs, const char *path, hostfs_mode_t mode, int *handle);
/* The same into a given free handle (a save state's open files reopened as they were). */
hostfs_err_t hostfs_open_as(hostfs_t *fs, const char *path, hostfs_mode_t mode, int handle);
hostfs_err_t hostfs_read(hostfs_t *fs, int handle, void *buf, size_t len, size_t *got);
hostfs_err_t hostfs_write(hostfs_t *fs, int handle, const void *buf, size_t len);
/* whence: 0 from start, 1 from current, 2 from end. New position in *pos. */
hostfs_err_t hostfs_seek(hostfs_t *fs, int handle, int64_t offset, int whence, uint64_t *pos);
hostfs_err_t hostfs_size(hostfs_t *fs, int handle, uint64_t *size);
hostfs_err_t hostfs_truncate(hostfs_t *fs, int handle, uint64_t size);
hostfs_err_t hostfs_close(hostfs_t *fs, int handle);

/* Folder listing; our sidecar and temp files are hidden. */
hostfs_err_t hostfs_opendir(hostfs_t *fs, const char *path, int *handle);
hostfs_err_t hostfs_readdir(hostfs_t *fs, int handle, hostfs_entry_t *out); /* HFS_NOT_FOUND at the end */

hostfs_err_t hostfs_mkdir(hostfs_t *fs, const char *path);
hostfs_err_t hostfs_delete(hostfs_t *fs, const char *path);   /* a file or an empty folder */
hostfs_err_t hostfs_rename(hostfs_t *fs, const char *from, const char *to);
/* Amiga protection bits and comment (sidecar); NULL comment = unchanged. */
hostfs_err_t hostfs_set_meta(hostfs_t *fs, const char *path, uint32_t protection, const char *comment);
hostfs_err_t hostfs_set_mtime(hostfs_t *fs, const char *path, int64_t mtime);
/* RISC OS: sets the ",xxx" suffix (filetype 0..0xFFF) or, with filetype < 0, the
 * ",llllllll-eeeeeeee" load/exec suffix. */
hostfs_err_t hostfs_set_riscos_type(hostfs_t *fs, const char *path, int filetype, uint32_t load, uint32_t exec);
hostfs_err_t hostfs_free_space(hostfs_t *fs, uint64_t *free_bytes, uint64_t *total_bytes);

/* Both guests name files in Latin-1; host names are UTF-8. Appends Latin-1 character `c` as
 * UTF-8 at out[*n] (room is left for a NUL within `cap`); false if it does not fit. */
bool hostfs_put_utf8(char *out, size_t cap, size_t *n, unsigned c);
/* Takes one UTF-8 character from *s (at least one byte): its Latin-1 code, or `none` if it has
 * no Latin-1 form (beyond U+00FF, or broken UTF-8). */
unsigned hostfs_take_latin1(const unsigned char **s, unsigned none);

/* Checks one name a guest supplied (`len` bytes from guest memory, which may hold a NUL). */
hostfs_err_t hostfs_check_name(const char *name, size_t len);

#endif
