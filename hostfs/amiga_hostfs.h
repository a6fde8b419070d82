/* HostFS, AmigaDOS side of the host (DESIGN.md §7): the DOS packets of a HOST: device, answered
 * on the host. Our handler (hostfs/amiga_module, 68000 code in the boot ROM of the Zorro II board
 * in machines/a500_hostfs.c) takes each DosPacket from its process's message port, hands its
 * address to the board, and replies it; everything in between happens here, reading and writing
 * the guest's memory through callbacks: arguments, names (BSTRs), FileInfoBlocks, InfoData,
 * read and write buffers, FileHandle.fh_Arg1.
 *
 * Packet numbers, argument order and results follow the AmigaDOS Technical Reference Manual
 * ("Packets") and dos/dosextens.h, dos/dos.h; error numbers are dos/dos.h's ERROR_*.
 *
 * Locks: struct FileLock (20 bytes) lives in a table of the board's own RAM (the "lock area"),
 * so AmigaDOS can read fl_Task and fl_Volume; fl_Key is the slot number and the host keeps the
 * slot's canonical path. Files: fh_Arg1 is our file number + 1. Names: AmigaDOS paths
 * ("HOST:a/b", ":a", "/a" = parent, "a//b") relative to a lock are turned into the canonical
 * hostfs paths ('/' separated, relative to the shared root); Latin-1 in the guest, UTF-8 on the
 * host. Protection bits and comments live in the hostfs sidecar.
 *
 * Not modelled: exclusive-lock conflicts (a second exclusive lock on an object succeeds), record
 * locks, notification; a file created or updated by the guest appears on the host (and in
 * directory listings) when it is closed, since writes go to a temp file renamed into place. */
#ifndef ARCANA_AMIGA_HOSTFS_H
#define ARCANA_AMIGA_HOSTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hostfs/hostfs.h"

#define AMHFS_LOCK_SIZE 20          /* sizeof(struct FileLock) */
#define AMHFS_MAX_LOCKS 1024
#define AMHFS_MAX_FILES 48          /* below HOSTFS_MAX_HANDLES: listings need handles too */
#define AMHFS_PATH_MAX 1024         /* canonical path of a lock or file */
#define AMHFS_NAME_MAX 107          /* longest name a FileInfoBlock holds */
#define AMHFS_VOLNAME_MAX 30        /* AmigaDOS volume names are at most 30 characters */

/* What the 68000 handler does after the host has run a packet (read from the board). */
typedef enum amhfs_next {
    AMHFS_NEXT_REPLY = 0,           /* reply the packet */
    AMHFS_NEXT_MAKE_VOLUME = 1,     /* MakeDosEntry(volume name, DLT_VOLUME), report it, AddDosEntry, reply */
} amhfs_next_t;

/* DOS packet types (dos/dosextens.h). */
enum {
    ACTION_STARTUP = 0, ACTION_DIE = 5, ACTION_CURRENT_VOLUME = 7, ACTION_LOCATE_OBJECT = 8,
    ACTION_RENAME_DISK = 9, ACTION_FREE_LOCK = 15, ACTION_DELETE_OBJECT = 16, ACTION_RENAME_OBJECT = 17,
    ACTION_COPY_DIR = 19, ACTION_SET_PROTECT = 21, ACTION_CREATE_DIR = 22, ACTION_EXAMINE_OBJECT = 23,
    ACTION_EXAMINE_NEXT = 24, ACTION_DISK_INFO = 25, ACTION_INFO = 26, ACTION_FLUSH = 27,
    ACTION_SET_COMMENT = 28, ACTION_PARENT = 29, ACTION_INHIBIT = 31, ACTION_SET_DATE = 34,
    ACTION_SAME_LOCK = 40, ACTION_READ = 'R', ACTION_WRITE = 'W', ACTION_SET_FILE_SIZE = 1022,
    ACTION_FINDUPDATE = 1004, ACTION_FINDINPUT = 1005, ACTION_FINDOUTPUT = 1006, ACTION_END = 1007,
    ACTION_SEEK = 1008, ACTION_FH_FROM_LOCK = 1026, ACTION_IS_FILESYSTEM = 1027, ACTION_CHANGE_MODE = 1028,
    ACTION_COPY_DIR_FH = 1030, ACTION_PARENT_FH = 1031, ACTION_EXAMINE_ALL = 1033, ACTION_EXAMINE_FH = 1034,
};

/* dos/dos.h error numbers. */
enum {
    ERROR_NO_FREE_STORE = 103, ERROR_BAD_NUMBER = 115, ERROR_OBJECT_IN_USE = 202, ERROR_OBJECT_EXISTS = 203,
    ERROR_DIR_NOT_FOUND = 204, ERROR_OBJECT_NOT_FOUND = 205, ERROR_BAD_STREAM_NAME = 206,
    ERROR_OBJECT_TOO_LARGE = 207, ERROR_ACTION_NOT_KNOWN = 209, ERROR_INVALID_COMPONENT_NAME = 210,
    ERROR_INVALID_LOCK = 211, ERROR_OBJECT_WRONG_TYPE = 212, ERROR_DISK_WRITE_PROTECTED = 214,
    ERROR_RENAME_ACROSS_DEVICES = 215, ERROR_DIRECTORY_NOT_EMPTY = 216, ERROR_SEEK_ERROR = 219,
    ERROR_COMMENT_TOO_BIG = 220, ERROR_DISK_FULL = 221, ERROR_DELETE_PROTECTED = 222, ERROR_WRITE_PROTECTED = 223,
    ERROR_NO_MORE_ENTRIES = 232,
};

#define AMHFS_DOSTRUE 0xFFFFFFFFu
#define AMHFS_DOSFALSE 0u
#define AMHFS_ID_DOS_DISK 0x444F5300u  /* 'DOS\0' */

typedef struct amhfs_mem {
    void *ctx;
    /* Guest memory; false if the range is not all RAM the host may touch. */
    bool (*read)(void *ctx, uint32_t addr, void *dst, uint32_t len);
    bool (*write)(void *ctx, uint32_t addr, const void *src, uint32_t len);
} amhfs_mem_t;

typedef struct amhfs_cfg {
    const char *root;
    bool readonly;
    const char *volume_name;        /* NULL: the folder's own name */
    amhfs_mem_t mem;
} amhfs_cfg_t;

typedef struct amhfs_lock {
    bool used, is_dir;
    int32_t access;                 /* SHARED_LOCK (-2) or EXCLUSIVE_LOCK (-1) */
    char path[AMHFS_PATH_MAX];
} amhfs_lock_t;

typedef struct amhfs_file {
    bool used, writable;
    int handle;                     /* hostfs handle */
    char path[AMHFS_PATH_MAX];
} amhfs_file_t;

/* One directory listing kept open between EXAMINE_NEXT packets (AmigaDOS walks a directory
 * with fib_DiskKey as the position; a listing restarts if the position does not match). */
typedef struct amhfs_listing {
    int handle;                     /* hostfs listing handle, -1 = none */
    int lock;                       /* lock slot it belongs to */
    uint32_t next_key;              /* fib_DiskKey of the next entry */
} amhfs_listing_t;

typedef struct amhfs {
    bool open;                      /* the folder is open (init succeeded) */
    hostfs_t fs;
    amhfs_mem_t mem;
    bool readonly;
    char volume_name[AMHFS_VOLNAME_MAX + 1];
    uint32_t lock_base;             /* guest address of lock slot 0 (board base + lock area) */
    uint32_t port;                  /* the handler process's message port */
    uint32_t volume;                /* our volume node (struct DosList), 0 until made */
    amhfs_next_t next;
    uint64_t packets;               /* packets answered (statistics, tests) */
    uint64_t write_protected;       /* of which refused because the share is read-only */
    amhfs_listing_t listing;
    amhfs_lock_t locks[AMHFS_MAX_LOCKS];
    uint8_t lock_ram[AMHFS_MAX_LOCKS * AMHFS_LOCK_SIZE]; /* the FileLocks, big-endian as the guest sees them */
    amhfs_file_t files[AMHFS_MAX_FILES];
    uint8_t buf[65536];             /* transfer buffer for READ/WRITE */
} amhfs_t;

int amhfs_init(amhfs_t *a, const amhfs_cfg_t *cfg, char *err, size_t errlen);
/* Completes pending writes and closes the folder (safe on a zeroed struct). */
void amhfs_destroy(amhfs_t *a);
/* Machine reset: the guest's locks and open files die with it (pending writes completed). */
void amhfs_reset(amhfs_t *a);
/* Where the lock area appears in the guest's address space (the board's base + offset). */
void amhfs_set_lock_base(amhfs_t *a, uint32_t addr);
void amhfs_set_port(amhfs_t *a, uint32_t port);
/* Runs the DosPacket at guest address `packet` (dp_Res1/dp_Res2 written back). */
amhfs_next_t amhfs_packet(amhfs_t *a, uint32_t packet);
/* The handler made our volume node at `node` (0: MakeDosEntry failed): fill it in. */
void amhfs_volume_made(amhfs_t *a, uint32_t node);

/* Guest path → canonical hostfs path: `base` (a lock's path, "" = root) and an AmigaDOS path
 * in Latin-1 (`len` bytes). Returns 0 or an ERROR_* number. Exposed for tests. */
int amhfs_resolve(const char *base, const char *name, size_t len, char *out, size_t outlen);

#endif
