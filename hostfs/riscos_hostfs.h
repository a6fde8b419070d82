/* HostFS, RISC OS side of the host (DESIGN.md §7): answers SWI ArcEm_HostFS (&56AC1, in the SWI
 * chunk &56AC0 allocated to ArcEm) with the register interface the ArcEm / RPCEmu / Arculator
 * HostFS modules use, so their modules and ours (hostfs/riscos_module) both work:
 *
 *   r9 = operation: 0 FSEntry_Open, 1 FSEntry_GetBytes, 2 FSEntry_PutBytes, 3 FSEntry_Args,
 *        4 FSEntry_Close, 5 FSEntry_File, 6 FSEntry_Func, 7 FSEntry_GBPB,
 *        0xFFFFFFFF "register" (r0 = module protocol version in; r0 = 0xFFFFFFFF out = accepted)
 *   r0-r7 = the registers FileSwitch passed to the module's FSEntry point (RISC OS PRM,
 *           "Writing a filing system"), and on return the registers it expects back.
 *   r9 out: below 0xB0 = success; else a FileCore error number (0xD6 "Not found", ...) that the
 *           module turns into an error block; 0xFF = operation not implemented.
 *
 * RISC OS names ("$.Dir.File/txt", Latin-1) map to canonical hostfs paths ("Dir/File.txt",
 * UTF-8): '.' separates, '/' in a name is a host '.', top-bit characters are Latin-1, and the
 * host characters a RISC OS name cannot hold have stand-ins: space = hard space (0xA0),
 * '#' = '?', '$' = '<', '^' = '>'. File types and load/exec addresses live in the host names'
 * ",xxx" / ",llllllll-eeeeeeee" suffixes (hostfs riscos_suffixes); RISC OS attributes in the
 * sidecar. The guest's memory is reached through callbacks so this is testable without a
 * machine. */
#ifndef ARCANA_RISCOS_HOSTFS_H
#define ARCANA_RISCOS_HOSTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hostfs/hostfs.h"

#define ROHFS_SWI_CHUNK 0x56AC0u
#define ROHFS_SWI_HOSTFS (ROHFS_SWI_CHUNK + 1)
#define ROHFS_SWI_X 0x20000u          /* the "X" (return errors) bit of a SWI number */
#define ROHFS_OP_REGISTER 0xFFFFFFFFu
#define ROHFS_PROTOCOL_VERSION 3      /* the newest module protocol we answer */
#define ROHFS_BUFFER_SIZE 1024        /* FileSwitch buffer size we ask for (64..1024, power of 2) */
#define ROHFS_NAME_MAX 1024           /* longest RISC OS path read from guest memory */

/* FileCore error numbers (PRM "FileCore errors"), returned in r9. */
enum {
    ROHFS_ERR_BAD_RENAME = 0xB0, ROHFS_ERR_DIR_NOT_EMPTY = 0xB4, ROHFS_ERR_ACCESS = 0xBD,
    ROHFS_ERR_TOO_MANY_OPEN = 0xC0, ROHFS_ERR_OPEN = 0xC2, ROHFS_ERR_LOCKED = 0xC3,
    ROHFS_ERR_EXISTS = 0xC4, ROHFS_ERR_DISC_FULL = 0xC6, ROHFS_ERR_DISC_ERROR = 0xC7,
    ROHFS_ERR_PROTECTED = 0xC9, ROHFS_ERR_BAD_NAME = 0xCC, ROHFS_ERR_NOT_FOUND = 0xD6,
    ROHFS_ERR_CHANNEL = 0xDE, ROHFS_ERR_NOT_IMPLEMENTED = 0xFF,
};

/* RISC OS object types and attribute bits (PRM OS_File 5). */
enum { ROHFS_TYPE_NONE = 0, ROHFS_TYPE_FILE = 1, ROHFS_TYPE_DIR = 2 };
enum {
    ROHFS_ATTR_OWNER_READ = 1, ROHFS_ATTR_OWNER_WRITE = 2, ROHFS_ATTR_LOCKED = 8,
    ROHFS_ATTR_PUBLIC_READ = 16, ROHFS_ATTR_PUBLIC_WRITE = 32,
};
#define ROHFS_DEFAULT_FILETYPE 0xFFFu /* Text, for host files without a suffix (as RPCEmu) */
#define ROHFS_DIR_FILETYPE 0xFFDu     /* the type stamped into a directory's load address */

typedef struct rohfs_mem {
    void *ctx;
    /* Guest (virtual) memory; false if the address is not accessible. */
    bool (*read)(void *ctx, uint32_t addr, void *dst, uint32_t len);
    bool (*write)(void *ctx, uint32_t addr, const void *src, uint32_t len);
} rohfs_mem_t;

typedef struct rohfs_file {
    bool used, writable;
    uint64_t pos;                     /* sequential pointer (GBPB on unbuffered files) */
    char path[4 * ROHFS_NAME_MAX];    /* canonical path, to stamp load/exec on close */
} rohfs_file_t;

typedef struct rohfs {
    hostfs_t *fs;
    rohfs_mem_t mem;
    bool registered;
    uint32_t protocol;                /* the module's protocol version */
    rohfs_file_t files[HOSTFS_MAX_HANDLES];
    uint8_t buf[16384];               /* transfer buffer between guest and host */
} rohfs_t;

/* fs must have riscos_suffixes set. */
void rohfs_init(rohfs_t *h, hostfs_t *fs, const rohfs_mem_t *mem);
/* Closes every file the guest left open (writes completed) and forgets the registration:
 * for a machine reset, when the guest's handles die. */
void rohfs_reset(rohfs_t *h);
/* Handles one SWI ArcEm_HostFS: r[0..15] in and out (r15 is not touched). */
void rohfs_call(rohfs_t *h, uint32_t r[16]);

/* ---- Mappings (exposed for tests) ---- */
/* RISC OS path (Latin-1, optional "$." / ":disc." prefix) to a canonical hostfs path (UTF-8).
 * Returns false for control characters or a path too long for `cap`. */
bool rohfs_path_to_host(const char *ro, char *out, size_t cap);
/* Host leaf name (UTF-8) to a RISC OS leaf (Latin-1); characters outside Latin-1 become '_'. */
void rohfs_name_to_riscos(const char *host, char *out, size_t cap);
/* RISC OS time: centiseconds since 00:00 1 Jan 1900 UTC, 40 bits. */
uint64_t rohfs_time_from_unix(int64_t unix_seconds);
int64_t rohfs_time_to_unix(uint64_t ro_centiseconds);
/* Load/exec of a typed, time-stamped object: load = FFFtttdd, exec = low 32 bits of the time. */
void rohfs_stamp(uint32_t filetype, int64_t unix_seconds, uint32_t *load, uint32_t *exec);
uint32_t rohfs_error_number(hostfs_err_t e);

#endif
