/* RiscPC direct Linux boot: the kernel and initrd loader and the ATAG list (machines/riscpc/linux.c),
 * as --kernel/--initrd/--append give them, then a moment of running what was loaded. The input
 * is split in two: a 16-bit kernel length, the kernel, the initrd. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "machines/machine.h"
#include "machines/riscpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static machine_t *m;
    static char dir[] = "/tmp/arcana-fuzz-kernel.XXXXXX";
    size_t klen = size >= 2 ? (size_t)(data[0] | data[1] << 8) : 0, off = size >= 2 ? 2 : size;
    if (klen > size - off)
        klen = size - off;
    /* empty files are refused before anything is loaded; keep one byte to get further */
    static const uint8_t one = 0;
    const uint8_t *k = klen ? data + off : &one, *i = size - off - klen ? data + off + klen : &one;
    size_t ilen = size - off - klen;
    const char *kpath = fuzz_file(0, k, klen ? klen : 1), *ipath = fuzz_file(1, i, ilen ? ilen : 1);
    if (!m) {
        if (!mkdtemp(dir))
            abort();
        machine_config_t cfg = {.machine = "riscpc", .ram_mb = 32, .kernel = kpath, .initrd = ipath,
                                .append = "console=ttyS0 root=/dev/ram0 arcana=fuzz", .data_dir = dir};
        char err[MACHINE_ERR_LEN];
        if (machine_create(&cfg, &m, err, sizeof err) != 0) {
            fprintf(stderr, "fuzz_kernel: %s\n", err);
            abort();
        }
    }
    machine_reset(m, true); /* loads the files again and writes the ATAGs */
    machine_run(m, RISCPC_TICKS_PER_SECOND / 20000);
    return 0;
}
