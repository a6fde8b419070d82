/* ROM catalogue and loader (DESIGN.md §6). */
#ifndef ARCANA_ROMFILE_H
#define ARCANA_ROMFILE_H

#include <stddef.h>
#include <stdint.h>

/* One known image (roms/catalogue.c). */
typedef struct rom_info {
    const char *machine;   /* "riscpc", "a500" */
    const char *name;      /* e.g. "Kickstart 1.3 (34.5)", "AROS (main)" */
    uint32_t size;
    uint32_t crc32;
    const char *sha1;      /* 40 hex digits, lowercase */
    const char *notes;
} rom_info_t;

typedef struct rom_image {
    uint8_t *data;         /* malloc'd; rom_free releases */
    size_t size;
    const rom_info_t *info; /* catalogue entry, or NULL for an unknown image */
    char source[512];      /* where it came from, for messages */
} rom_image_t;

/* The ROM set a machine boots from: main ROM plus, for AROS, the extension ROM (E00000). */
typedef struct rom_set {
    rom_image_t main;
    rom_image_t ext;       /* size 0 when there is none */
} rom_set_t;

extern const rom_info_t rom_catalogue[]; /* ends with an all-NULL entry */

const rom_info_t *rom_identify(const uint8_t *data, size_t size);
/* Names an image from its content when the catalogue does not know it: "Kickstart 40.63"
 * (Kickstart header), "RISC OS 3.70" (version string). Returns the machine ("a500",
 * "riscpc") or NULL when it cannot tell. */
const char *rom_guess(const uint8_t *data, size_t size, char *name, size_t namelen);
void rom_sha1_hex(const uint8_t *data, size_t size, char out[41]);

/* Loads the image the user named (--rom FILE; a zip is searched for a single ROM-sized
 * member). Split sets: several paths joined with ',' are concatenated in order. Sizes the
 * machine accepts are checked by the machine; this only refuses empty or unreadable files. */
int rom_load(const char *path, rom_image_t *out, char *err, size_t errlen);

/* Finds the default ROM set for a machine: searches ./roms, $XDG_DATA_HOME/arcana/roms
 * (default ~/.local/share/arcana/roms) and zips there for a catalogued image of that
 * machine; for "a500" falls back to AROS in /usr/share/fs-uae/fs-uae.dat.
 * With nothing found: -1 and a message saying what to put where. */
int rom_find_default(const char *machine, rom_set_t *out, char *err, size_t errlen);

void rom_free(rom_image_t *img);
void rom_set_free(rom_set_t *set);

#endif
