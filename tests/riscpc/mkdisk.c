/* Host helper for the RiscPC storage test:
 *   mkdisk image FILE BYTES   sector-tagged image: sector n starts "SECT" + n (LE32), rest n&255
 *   mkdisk cpio FILE INIT     newc cpio archive holding INIT as /init (mode 0755)
 *   mkdisk check FILE SECTOR  exits 0 if SECTOR holds the pattern diskinit writes (0xa5 ^ i)
 *   mkdisk counter FILE SECTOR  prints the counter diskloop wrote into SECTOR (0: never written);
 *                             exits 1 if that sector is torn or any other sector is not as
 *                             `mkdisk image` made it */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int image(const char *path, long bytes)
{
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); return 1; }
    unsigned char s[512];
    for (long n = 0; n < bytes / 512; n++) {
        memset(s, (int)(n & 255), sizeof s);
        memcpy(s, "SECT", 4);
        uint32_t v = (uint32_t)n;
        memcpy(s + 4, &v, 4);
        fwrite(s, 1, 512, f);
    }
    return fclose(f) != 0;
}

static void hdr(FILE *f, const char *name, unsigned mode, unsigned long size, unsigned ino)
{
    fprintf(f, "070701%08X%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X", ino, mode, 0, 0, 1, 0, size,
            0, 0, 0, 0, (unsigned long)strlen(name) + 1, 0);
    fwrite(name, 1, strlen(name) + 1, f);
    long at = 110 + (long)strlen(name) + 1;
    while (at % 4) { fputc(0, f); at++; }
}

static int cpio(const char *path, const char *init)
{
    FILE *in = fopen(init, "rb");
    if (!in) { perror(init); return 1; }
    static unsigned char data[1 << 20];
    size_t n = fread(data, 1, sizeof data, in);
    fclose(in);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); return 1; }
    hdr(f, "init", 0100755, n, 1);
    fwrite(data, 1, n, f);
    while (n % 4) { fputc(0, f); n++; }
    hdr(f, "TRAILER!!!", 0, 0, 0);
    return fclose(f) != 0;
}

static int check(const char *path, long sector)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 1; }
    unsigned char s[512];
    fseek(f, sector * 512, SEEK_SET);
    size_t n = fread(s, 1, 512, f);
    fclose(f);
    if (n != 512) return 1;
    for (int i = 0; i < 512; i++)
        if (s[i] != (unsigned char)(0xa5 ^ i)) return 1;
    return 0;
}

/* The sector as `image` makes it. */
static void tagged(unsigned char *s, long n)
{
    memset(s, (int)(n & 255), 512);
    memcpy(s, "SECT", 4);
    uint32_t v = (uint32_t)n;
    memcpy(s + 4, &v, 4);
}

static int counter(const char *path, long sector)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 2; }
    unsigned char s[512], want[512];
    long k = -1;
    int bad = 0;
    for (long n = 0; fread(s, 1, 512, f) == 512; n++) {
        tagged(want, n);
        if (n != sector) {
            if (memcmp(s, want, 512) != 0) { fprintf(stderr, "%s: sector %ld changed\n", path, n); bad = 1; }
            continue;
        }
        if (memcmp(s, want, 512) == 0) { k = 0; continue; }
        /* diskloop's sector for counter c: byte i = c*37 + i, bytes 0-3 = c (LE16) 0 0. */
        unsigned c = s[0] | (unsigned)s[1] << 8;
        int torn = s[2] || s[3];
        for (int i = 4; i < 512 && !torn; i++)
            torn = s[i] != (unsigned char)(c * 37u + (unsigned)i);
        if (torn) { fprintf(stderr, "%s: sector %ld torn\n", path, n); bad = 1; }
        k = c;
    }
    fclose(f);
    if (k < 0) { fprintf(stderr, "%s: no sector %ld\n", path, sector); return 2; }
    printf("%ld\n", k);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "image")) return image(argv[2], atol(argv[3]));
    if (argc == 4 && !strcmp(argv[1], "cpio")) return cpio(argv[2], argv[3]);
    if (argc == 4 && !strcmp(argv[1], "check")) return check(argv[2], atol(argv[3]));
    if (argc == 4 && !strcmp(argv[1], "counter")) return counter(argv[2], atol(argv[3]));
    fprintf(stderr, "usage: mkdisk image FILE BYTES | cpio FILE INIT | check FILE SECTOR | counter FILE SECTOR\n");
    return 2;
}
