/* Amiga floppy images: ADF, ADZ (gzip) and zipped ADF through floppy_insert, then the MFM
 * codec on a track of the accepted image (encode, damage as the input says, decode). */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "chips/amiga_floppy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static amiga_floppy_t *f;
    static uint8_t *adf;
    if (!f) {
        f = calloc(1, sizeof *f);
        adf = calloc(1, FLOPPY_ADF_SIZE);
    }
    floppy_init(f, 0, true, 28375160);
    const char *path = fuzz_file(0, data, size);
    char err[512];
    if (floppy_insert(f, path, err, sizeof err) != 0)
        return 0;
    /* the last bytes of the input choose a track and words of it to corrupt */
    unsigned track = size ? data[size - 1] % (FLOPPY_CYLS * 2) : 0;
    floppy_encode_track(f->adf, track, f->mfm);
    for (size_t i = 0; i + 4 <= size && i < 64; i += 4) {
        unsigned w = (unsigned)(data[size - 1 - i] | data[size - 2 - i] << 8) % FLOPPY_TRACK_WORDS;
        f->mfm[w] ^= (uint16_t)(data[size - 3 - i] | data[size - 4 - i] << 8);
    }
    memcpy(adf, f->adf, FLOPPY_ADF_SIZE);
    floppy_decode_track(f->mfm, track, adf);
    floppy_eject(f, err, sizeof err);
    return 0;
}
