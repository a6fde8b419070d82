/* hunkwrap: wraps a flat, position-independent 68000 binary into an AmigaDOS load file that
 * LoadSeg accepts: one code hunk, no relocations (The AmigaDOS Manual, "The object file
 * structure" / AmigaDOS Technical Reference Manual, "Load files"):
 *
 *   HUNK_HEADER ($3F3)  0 (no resident library names)  1 (table size)  0 (first)  0 (last)
 *                       size of hunk 0 in longs (bits 30-31 clear: any memory)
 *   HUNK_CODE   ($3E9)  size in longs, then the code padded with zeros to a long
 *   HUNK_END    ($3F2)
 *
 * The command starts at the first byte of the hunk. Usage: hunkwrap IN.bin OUT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { HUNK_CODE = 0x3e9, HUNK_END = 0x3f2, HUNK_HEADER = 0x3f3 };
#define MAX_CODE (256 * 1024)

static void put32(uint8_t **p, uint32_t v)
{
    (*p)[0] = (uint8_t)(v >> 24); (*p)[1] = (uint8_t)(v >> 16); (*p)[2] = (uint8_t)(v >> 8); (*p)[3] = (uint8_t)v;
    *p += 4;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hunkwrap IN.bin OUT\n");
        return 2;
    }
    static uint8_t code[MAX_CODE + 4];
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        fprintf(stderr, "hunkwrap: %s: cannot open\n", argv[1]);
        return 1;
    }
    size_t n = fread(code, 1, sizeof code, in);
    fclose(in);
    if (n == 0 || n > MAX_CODE) {
        fprintf(stderr, "hunkwrap: %s: empty or larger than %d bytes\n", argv[1], MAX_CODE);
        return 1;
    }
    uint32_t longs = (uint32_t)((n + 3) / 4);
    static uint8_t out[MAX_CODE + 64];
    uint8_t *p = out;
    put32(&p, HUNK_HEADER);
    put32(&p, 0);
    put32(&p, 1);
    put32(&p, 0);
    put32(&p, 0);
    put32(&p, longs);
    put32(&p, HUNK_CODE);
    put32(&p, longs);
    memcpy(p, code, longs * 4);   /* code[] is zero beyond n */
    p += longs * 4;
    put32(&p, HUNK_END);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%d", argv[2], (int)getpid());
    FILE *f = fopen(tmp, "wb");
    size_t len = (size_t)(p - out);
    if (!f || fwrite(out, 1, len, f) != len || fclose(f) != 0 || rename(tmp, argv[2]) != 0) {
        fprintf(stderr, "hunkwrap: %s: cannot write\n", argv[2]);
        unlink(tmp);
        return 1;
    }
    return 0;
}
