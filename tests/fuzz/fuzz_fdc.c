/* RiscPC floppy: images of every size the 82077 drive knows (and others, refused), then a
 * script of register accesses, DMA transfers and media changes from the input. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "chips/fdc82077.h"

static const uint32_t sizes[] = {737280, 1474560, 819200, 1638400, 655360};

/* sel bits 0-2: 0-4 a known size, 5 no disc, 6-7 a size from the input; bit 3: read-only */
static void insert(fdc82077_t *f, const uint8_t *image, int unit, uint8_t sel, fuzz_in_t *in)
{
    char err[256];
    unsigned k = sel & 7;
    if (k == 5)
        return;
    size_t size = k < 5 ? sizes[k] : fuzz_u32(in) % (FDC_MAX_IMAGE + 2);
    fdc_insert(f, unit, image, size > FDC_MAX_IMAGE ? FDC_MAX_IMAGE : size, sel & 8, err, sizeof err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fdc82077_t *f;
    static uint8_t *image;
    if (!f) {
        f = calloc(1, sizeof *f);
        image = malloc(FDC_MAX_IMAGE);
        for (uint32_t i = 0; i < FDC_MAX_IMAGE; i++)
            image[i] = (uint8_t)(i * 7 + (i >> 9));
    }
    fdc_cfg_t cfg = {0};
    fdc_init(f, &cfg);
    fuzz_in_t in = {data, size, 0};
    insert(f, image, 0, fuzz_u8(&in) % 6, &in);
    insert(f, image, 1, fuzz_u8(&in) % 8, &in);
    for (int steps = 0; fuzz_left(&in) && steps < 4096; steps++) {
        uint8_t op = fuzz_u8(&in);
        switch (op & 7) {
        case 0: {
            unsigned reg = fuzz_u8(&in) & 7;
            fdc_write(f, reg, fuzz_u8(&in));
            break;
        }
        case 1: fdc_read(f, op >> 3); fdc_peek(f, op >> 3); break;
        case 2: for (int n = fuzz_u8(&in) * 8 + 1; n > 0; n--) fdc_dack_read(f, n == 1 && (op & 8)); break;
        case 3: for (int n = fuzz_u8(&in) * 8 + 1; n > 0; n--) fdc_dack_write(f, (uint8_t)n, n == 1 && (op & 8)); break;
        case 4: for (int n = (op >> 3) % 10; n > 0; n--) fdc_write(f, 5, fuzz_u8(&in)); break;
        case 5: for (int n = (op >> 3) % 11; n > 0; n--) fdc_read(f, 5); break;
        case 6: fdc_eject(f, (op >> 3) & 1); break;
        default: insert(f, image, (op >> 3) & 1, fuzz_u8(&in) % 16, &in); break;
        }
        fdc_busy(f, op & 1);
        fdc_index_active(f);
    }
    return 0;
}
