/* Guest program for the RiscPC storage test: runs as /init under the shared Linux kernel
 * (from an initrd that overlays the built-in initramfs). Freestanding, raw EABI syscalls.
 * It reads sectors of the floppy (/dev/fd0: 82077 + FIQ pseudo-DMA) and the IDE disc
 * (/dev/sda), prints their first bytes, writes one sector to each, and powers off. The host
 * side (tests/suites/60-riscpc.sh) checks the printed bytes and the images afterwards. */
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
static long sys4(long n, long a, long b, long c, long d)
{
    register long r7 __asm__("r7") = n;
    register long r0 __asm__("r0") = a;
    register long r1 __asm__("r1") = b;
    register long r2 __asm__("r2") = c;
    register long r3 __asm__("r3") = d;
    __asm__ volatile("swi 0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2), "r"(r3) : "memory");
    return r0;
}

enum { SYS_read = 3, SYS_write = 4, SYS_open = 5, SYS_close = 6, SYS_mknod = 14, SYS_lseek = 19,
       SYS_fsync = 118, SYS_reboot = 88 };

static ulong len(const char *s) { ulong n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { sys3(SYS_write, 1, (long)s, (long)len(s)); }
static void hex(const unsigned char *b, int n)
{
    static const char d[] = "0123456789abcdef";
    char out[3 * 16 + 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
        out[k++] = d[b[i] >> 4];
        out[k++] = d[b[i] & 15];
        out[k++] = i + 1 < n ? ' ' : '\n';
    }
    out[k] = 0;
    puts_(out);
}

static unsigned char buf[1024];

static void test_dev(const char *path, const char *name, long sector_a, long sector_b, long wsector)
{
    int fd = (int)sys3(SYS_open, (long)path, 2 /* O_RDWR */, 0);
    if (fd < 0) {
        puts_("diskinit: cannot open ");
        puts_(name);
        puts_("\n");
        return;
    }
    long secs[2] = {sector_a, sector_b};
    for (int i = 0; i < 2; i++) {
        sys3(SYS_lseek, fd, secs[i] * 512, 0);
        long n = sys3(SYS_read, fd, (long)buf, 512);
        puts_("diskinit: ");
        puts_(name);
        puts_(n == 512 ? " read: " : " read FAILED: ");
        hex(buf, 16);
    }
    for (int i = 0; i < 512; i++)
        buf[i] = (unsigned char)(0xa5 ^ i);
    sys3(SYS_lseek, fd, wsector * 512, 0);
    long w = sys3(SYS_write, fd, (long)buf, 512);
    long s = sys3(SYS_fsync, fd, 0, 0);
    puts_("diskinit: ");
    puts_(name);
    puts_(w == 512 && s == 0 ? " write ok\n" : " write FAILED\n");
    sys3(SYS_close, fd, 0, 0);
}

void _start(void)
{
    puts_("diskinit: start\n");
    sys3(SYS_mknod, (long)"/dev/fd0", 0060600, (2 << 8) | 0);
    sys3(SYS_mknod, (long)"/dev/sda", 0060600, (8 << 8) | 0);
    test_dev("/dev/fd0", "fd0", 0, 2879, 5);
    test_dev("/dev/sda", "sda", 0, 100, 3);
    puts_("diskinit: done\n");
    sys4(SYS_reboot, 0xfee1dead, 672274793, 0x4321fedc, 0);
    for (;;)
        ;
}
