/* mkadf: makes a bootable 880 KB ADF from a flat 68000 binary that starts with its own boot
 * block header ('DOS',0 / checksum / root block). Fills in the boot block checksum: the
 * 32-bit sum with end-around carry of the first 1024 bytes must be 0xFFFFFFFF (AmigaDOS
 * Technical Reference Manual, "Boot block"). Usage: mkadf IN.bin OUT.adf */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADF_SIZE 901120

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkadf IN.bin OUT.adf\n");
        return 2;
    }
    static uint8_t adf[ADF_SIZE];
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        fprintf(stderr, "mkadf: %s: cannot open\n", argv[1]);
        return 1;
    }
    size_t n = fread(adf, 1, ADF_SIZE, in);
    fclose(in);
    if (n < 12 || memcmp(adf, "DOS", 3) != 0) {
        fprintf(stderr, "mkadf: %s: does not start with a 'DOS' boot block\n", argv[1]);
        return 1;
    }
    memset(adf + 4, 0, 4);
    uint32_t sum = 0;
    for (int i = 0; i < 1024; i += 4) {
        uint32_t v = (uint32_t)adf[i] << 24 | adf[i + 1] << 16 | adf[i + 2] << 8 | adf[i + 3];
        uint32_t old = sum;
        sum += v;
        if (sum < old)
            sum++;
    }
    sum = ~sum;
    adf[4] = (uint8_t)(sum >> 24);
    adf[5] = (uint8_t)(sum >> 16);
    adf[6] = (uint8_t)(sum >> 8);
    adf[7] = (uint8_t)sum;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    FILE *out = fopen(tmp, "wb");
    if (!out || fwrite(adf, 1, ADF_SIZE, out) != ADF_SIZE || fclose(out) != 0 || rename(tmp, argv[2]) != 0) {
        fprintf(stderr, "mkadf: %s: cannot write\n", argv[2]);
        return 1;
    }
    return 0;
}
