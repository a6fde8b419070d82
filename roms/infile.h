/* Input files are hostile until checked (issue 13). Every file the emulator reads from a path a
 * user (or a guest, or a config file) supplied is opened through these: without blocking, so a
 * FIFO or a device node cannot hang the emulator, refusing anything that is not a regular file,
 * and with its size bounded before anything is allocated for it. Errors are one line of the form
 * "PATH: problem". */
#ifndef ARCANA_INFILE_H
#define ARCANA_INFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Opens a regular file for reading (writable too when `write`); returns a blocking descriptor
 * and its size (*size, may be NULL), or -1 with a message. */
int infile_open(const char *path, bool write, uint64_t *size, char *err, size_t errlen);
/* The same as a stdio stream; mode is "rb", "r" or "r+b". */
FILE *infile_fopen(const char *path, const char *mode, uint64_t *size, char *err, size_t errlen);
/* Reads the whole file into a malloc'd buffer (caller frees; one spare NUL byte follows the
 * data). Larger than max_size or empty (unless allow_empty) is an error. */
int infile_read(const char *path, size_t max_size, bool allow_empty, uint8_t **data, size_t *size, char *err,
                size_t errlen);
/* Reads the whole file into dst (at most cap bytes; larger is an error), *size = its length. */
int infile_read_into(const char *path, uint8_t *dst, size_t cap, size_t *size, char *err, size_t errlen);
/* Reads exactly n bytes from an open descriptor (short file: false). */
bool infile_read_fd(int fd, uint8_t *dst, size_t n);

#endif
