/* The RiscPC's floppy drives as the user sees them: images read at insertion and written back
 * when the guest changed them; drive activity for the OSD. */
#include <stdlib.h>
#include <unistd.h>

#include "roms/archive.h"
#include "hostfs/safewrite.h"
#include "machines/riscpc/internal.h"
#include "roms/infile.h"

/* Writes a changed floppy image back, in place through a journal (hostfs/safewrite.h): the
 * user's file keeps its links and mode, and a crash mid-write is completed at the next start. */
int riscpc_floppy_flush(riscpc_t *m, int unit, char *err, size_t errlen)
{
    fdc_drive_t *d = &m->fdc.drive[unit];
    if (!d->present || !d->dirty || !m->floppy_path[unit][0])
        return 0;
    safewrite_range_t r = {.offset = 0, .data = d->data, .len = d->size};
    char msg[MACHINE_ERR_LEN];
    if (safewrite_ranges(m->floppy_path[unit], &r, 1, d->size, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "riscpc: floppy %s", msg);
        return -1;
    }
    d->dirty = false;
    return 0;
}

int riscpc_flush(machine_t *mm, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    int rc = 0;
    for (int unit = 0; unit < 2; unit++)
        if (riscpc_floppy_flush(m, unit, err, errlen) != 0)
            rc = -1;
    if (rc == 0 && ide_sync(&m->ide, err, errlen) != 0) /* IDE writes are in the file already */
        rc = -1;
    riscpc_cmos_save(m);
    return rc;
}

int riscpc_floppy_insert(riscpc_t *m, int unit, const char *path, char *err, size_t errlen)
{
    char msg[MACHINE_ERR_LEN], note[1200];
    if (safewrite_recover(path, note, sizeof note, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "riscpc: floppy %s", msg);
        return -1;
    }
    if (note[0])
        fprintf(stderr, "arcana: %s\n", note);
    /* Plain, gzip or zip (one member): a compressed image is read-only, as on the A500. Read
     * up to 8 MB so that an image of another size is named by its real size (fdc_insert). */
    uint8_t *data;
    size_t n = 0;
    if (archive_read(path, NULL, NULL, NULL, 8u << 20, &data, &n, NULL, 0, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "riscpc: floppy %s", msg);
        return -1;
    }
    bool ro = archive_is_container(path) || access(path, W_OK) != 0;
    int rc = fdc_insert(&m->fdc, unit, data, n, ro, msg, sizeof msg);
    free(data);
    if (rc != 0) {
        snprintf(err, errlen, "riscpc: floppy %s: %s", path, msg);
        return -1;
    }
    snprintf(m->floppy_path[unit], sizeof m->floppy_path[unit], "%s", path);
    return 0;
}

int riscpc_insert(machine_t *mm, media_kind_t kind, int unit, const char *path, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 1) {
        snprintf(err, errlen, "riscpc: only floppy drives 0 and 1 take media while running");
        return -1;
    }
    if (riscpc_floppy_flush(m, unit, err, errlen) != 0)
        return -1;
    return riscpc_floppy_insert(m, unit, path, err, errlen);
}

int riscpc_eject(machine_t *mm, media_kind_t kind, int unit, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 1 || !m->fdc.drive[unit].present) {
        snprintf(err, errlen, "riscpc: nothing to eject there");
        return -1;
    }
    if (riscpc_floppy_flush(m, unit, err, errlen) != 0)
        return -1;
    fdc_eject(&m->fdc, unit);
    m->floppy_path[unit][0] = 0;
    return 0;
}

unsigned riscpc_activity(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    return (ide_busy(&m->ide) ? 1u << 4 : 0) | (fdc_busy(&m->fdc, 0) ? 1u : 0) | (fdc_busy(&m->fdc, 1) ? 2u : 0);
}
