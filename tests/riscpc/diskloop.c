/* Guest program for the data-safety suite (tests/suites/76-data-safety.sh): runs as /init under
 * the shared Linux kernel. It writes a counter k = 1, 2, ... into sector 5 of the floppy
 * (/dev/fd0) and sector 3 of the IDE disc (/dev/sda), each write followed by fsync, and prints
 * "diskloop: fd0 K" / "diskloop: sda K" (K in 4 hex digits) only after the fsync returned. The host side kills the
 * emulator at a random moment and checks that every write printed more than 2 s of host time
 * before the kill is in the image. Each sector is 512 copies of one byte pattern derived from
 * k, so a torn sector is visible. Freestanding, raw EABI syscalls. */
typedef unsigned long ulong;
static long sys3(long n, long a, long b, long c)
{
    register long r7 __asm__("r7") = n;
    register long r0 __asm__("r0") = a;
    register long r1 __asm__("r1") = b;
    register long r2 __asm__("r2") = c;
    __asm__ volatile("swi 0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2) : "memory");
    return r0;
}
enum { SYS_write = 4, SYS_open = 5, SYS_mknod = 14, SYS_lseek = 19, SYS_fsync = 118, SYS_pause = 29,
       SYS_nanosleep = 162 };
enum { ROUNDS = 300 };
static ulong len(const char *s) { ulong n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { sys3(SYS_write, 1, (long)s, (long)len(s)); }
/* Hexadecimal: ARMv4 has no divide instruction and there is no libgcc here. */
static void put_hex(unsigned v)
{
    static const char d[] = "0123456789abcdef";
    char out[10];
    int k = 0;
    for (int shift = 12; shift >= 0; shift -= 4)
        out[k++] = d[(v >> shift) & 15];
    out[k++] = '\n';
    out[k] = 0;
    puts_(out);
}
static unsigned char buf[512];
/* One sector: the counter in its first four bytes (little-endian), then a pattern of it. */
static void fill(unsigned k)
{
    for (int i = 0; i < 512; i++)
        buf[i] = (unsigned char)(k * 37u + (unsigned)i);
    buf[0] = (unsigned char)k;
    buf[1] = (unsigned char)(k >> 8);
    buf[2] = buf[3] = 0;
}
static int put(int fd, long sector, unsigned k, const char *name)
{
    fill(k);
    sys3(SYS_lseek, fd, sector * 512, 0);
    if (sys3(SYS_write, fd, (long)buf, 512) != 512 || sys3(SYS_fsync, fd, 0, 0) != 0) {
        puts_("diskloop: write FAILED\n");
        return -1;
    }
    puts_("diskloop: ");
    puts_(name);
    puts_(" ");
    put_hex(k);
    return 0;
}
void _start(void)
{
    sys3(SYS_mknod, (long)"/dev/fd0", 0060600, (2 << 8) | 0);
    sys3(SYS_mknod, (long)"/dev/sda", 0060600, (8 << 8) | 0);
    int fd = (int)sys3(SYS_open, (long)"/dev/fd0", 2 /* O_RDWR */, 0);
    int hd = (int)sys3(SYS_open, (long)"/dev/sda", 2, 0);
    if (fd < 0 || hd < 0)
        puts_("diskloop: cannot open the discs\n");
    else
        for (unsigned k = 1; k <= ROUNDS; k++)
{
            if (put(fd, 5, k, "fd0") != 0 || put(hd, 3, k, "sda") != 0)
                break;
            /* Two seconds of emulated time between rounds, so the writes span a few
             * seconds of host time (headless runs faster than real time). */
            static const long quarter[2] = {2, 0};
            sys3(SYS_nanosleep, (long)quarter, 0, 0);
        }
    puts_("diskloop: done\n");
    for (;;)
        sys3(SYS_pause, 0, 0, 0);
}
