/* RiscPC IDE: a disc image from the input attached as --hd0 attaches it (sizes that are not a
 * disc refused), then a script of task-file accesses, commands and PIO data transfers. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "chips/ide.h"

static const uint8_t cmds[] = {0xec, 0x20, 0x21, 0xc4, 0x30, 0x31, 0xc5, 0x40, 0x41, 0x91, 0xc6,
                               0x90, 0xef, 0xe7, 0xe5, 0xf8, 0x10, 0x70, 0xa1, 0x08};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ide_t *d;
    static uint8_t *image;
    enum { IMAGE_MAX = 1 << 20 };
    if (!d) {
        d = calloc(1, sizeof *d);
        image = malloc(IMAGE_MAX);
    }
    ide_cfg_t cfg = {0};
    ide_init(d, &cfg);
    fuzz_in_t in = {data, size, 0};
    uint8_t flags = fuzz_u8(&in);
    size_t script = fuzz_u16(&in) % 2048;
    if (script > size - in.pos)
        script = size - in.pos;
    const uint8_t *img = data + in.pos + script;
    size_t img_len = size - in.pos - script;
    in.n = in.pos + script;
    /* flag bit 0: pad the rest of the input to a usable image (>= 8 KB, whole sectors) */
    size_t len = img_len > IMAGE_MAX ? IMAGE_MAX : img_len;
    memcpy(image, img, len);
    if (flags & 1) {
        size_t want = len < 16 * 512 ? 16 * 512 + (size_t)(flags >> 4) * 512 : (len + 511) & ~(size_t)511;
        memset(image + len, 0, want - len);
        len = want;
    }
    const char *path = fuzz_file(0, image, len);
    char err[512];
    if (ide_attach(d, (flags >> 1) & 1, path, flags & 4, err, sizeof err) != 0)
        return 0;
    ide_reset(d);
    for (int steps = 0; fuzz_left(&in) && steps < 4096; steps++) {
        uint8_t op = fuzz_u8(&in);
        switch (op & 7) {
        case 0: ide_write(d, 1 + (op >> 3) % 6, fuzz_u8(&in), 1); break;
        case 1: ide_read(d, (op >> 3) & 7, 1); ide_peek(d, (op >> 3) & 7); break;
        case 2: for (int n = fuzz_u8(&in) * 4 + 1; n > 0; n--) ide_read(d, 0, 2); break;
        case 3: for (int n = fuzz_u8(&in) * 4 + 1; n > 0; n--) ide_write(d, 0, (uint32_t)n * 0x1234u, 2); break;
        case 4: ide_write(d, 7, cmds[(op >> 3) % sizeof cmds], 1); break;
        case 5: ide_write_ctl(d, fuzz_u8(&in)); break;
        case 6: ide_read_alt(d); ide_busy(d); break;
        default: if (op & 0x80) ide_reset(d); else ide_write(d, 7, fuzz_u8(&in), 1); break;
        }
    }
    ide_detach(d, 0);
    ide_detach(d, 1);
    return 0;
}
