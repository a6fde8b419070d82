/* ROM loader: plain, gzip and zip files (roms/archive.c, roms/romfile.c) as --rom FILE
 * reads them, then the catalogue lookup and the content-based naming. */
#include "tests/fuzz/fuzz.h"

#include "roms/romfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(0, data, size);
    rom_image_t img;
    char err[512], name[128], sha[41];
    if (rom_load(path, &img, err, sizeof err) == 0) {
        rom_identify(img.data, img.size);
        rom_guess(img.data, img.size, name, sizeof name);
        rom_sha1_hex(img.data, img.size, sha);
        rom_free(&img);
    }
    return 0;
}
