/* PNG screenshots through libpng. */
#ifndef ARCANA_PNG_H
#define ARCANA_PNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machines/machine.h"

/* Writes an RGBA8888 frame as PNG (RGB, 8-bit) with a tEXt chunk per key/value pair
 * (keys and values NULL-terminated lists may be NULL). Writes to a temp file and renames it
 * into place. When no_overwrite is set and `path` exists, fails. 0 or -1 with message. */
int png_write_frame(const char *path, const machine_frame_t *frame, const char *const *text_keys,
                    const char *const *text_values, int no_overwrite, char *err, size_t errlen);

/* Reads a PNG as RGBA8888 (*pixels malloc'd, caller frees), refusing images larger than
 * max_w × max_h. 0, or -1 with a message naming the file. */
int png_read_rgba(const char *path, int max_w, int max_h, uint32_t **pixels, int *w, int *h, char *err,
                  size_t errlen);

/* SHA-1 of the frame's raw RGB bytes, row by row (as `convert f.png rgb:- | sha1sum` prints for
 * its PNG), as 40 lower-case hex digits. -1 when there is no frame or no memory. */
int frame_rgb_sha1(const machine_frame_t *frame, char hex[41]);
/* Is every visible pixel the same colour? */
bool frame_is_blank(const machine_frame_t *frame);
/* FNV-1a 64-bit hash of the visible pixels (RGB only, row by row): what tests compare. */
uint64_t frame_hash(const machine_frame_t *frame);

#endif
