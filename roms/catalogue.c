/* Known ROM images. Checksums of the Kickstart images are the ones commonly published for
 * the original Commodore releases; AROS's are of the files in Debian's fs-uae 3.1.66.
 * An image not listed here still runs (DESIGN.md §6); rom_identify names it from its content
 * when it can (roms/romfile.c). */
#include "roms/romfile.h"

#include <stddef.h>

const rom_info_t rom_catalogue[] = {
    {"a500", "AROS Kickstart replacement (main)", 524288, 0x3ad2601f,
     "4623642671375e16f99bd3243c3b2a3c4ba92275", "free; from fs-uae.dat"},
    {"a500", "AROS Kickstart replacement (extension)", 524288, 0xa63586e4,
     "1e9473fb978d51196e4fe593932274a3743926c3", "free; mapped at E00000"},
    {"a500", "Kickstart 1.2 (33.180)", 262144, 0xa6ce1636,
     "11f9e62cf299f72184835b7b2a70a16333fc0d88", "A500/A1000/A2000"},
    {"a500", "Kickstart 1.3 (34.5)", 262144, 0xc4f0f55f,
     "891e9a547772fe0c6c19b610baf8bc4ea7fcb785", "A500/A1000/A2000"},
    {"a500", "Kickstart 2.04 (37.175)", 524288, 0xc3bdb240,
     "c5839f5cb98a7a8947065c3ed2f14f5f42e334a1", "A500+"},
    {"a500", "Kickstart 2.05 (37.350)", 524288, 0x43b0df7b,
     "02843c4253bbd29aba535b0aa3bd9a85034ecde4", "A600HD"},
    {"a500", "Kickstart 3.1 (40.63)", 524288, 0xfc24ae0d,
     "3b7f1493b27e212830f989f26ca76c02049f09ca", "A500/A600/A2000"},
    {NULL, NULL, 0, 0, NULL, NULL},
};
