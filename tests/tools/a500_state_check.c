/* a500_state_check: the A500 save-state round trip of issue 16, one process per step.
 *   a500_state_check [--want blit|disk] ADF T S             run T ticks, then S: report (run A)
 *   a500_state_check [--want blit|disk] --save FILE ADF T   run T ticks, save (run B)
 *   a500_state_check --load FILE ADF S                      load, run S ticks: report (run B's end)
 * Time runs in chunks of CHUNK ticks (audio drained after each), the same calls in every mode,
 * so A and B+load make the same sequence of machine_run calls and differ only by the
 * save/load between them. --want then steps 1000 ticks at a time (at most 2 s) until a blit
 * or disk DMA is running, on by an amount T picks, and until it runs again, so the save lands
 * inside one. The report: "frame F audio A frames N"
 * (FNV-1a of the last frame's visible pixels and of the audio drained during S); the disk
 * image is written back when the machine is destroyed (compare the files). Save prints
 * "saved BYTES bytes in MS ms (blit B disk-dma D motor M line V)", load "loaded in MS ms" (CPU
 * time of the process, which a busy machine disturbs less than wall time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machines/a500_internal.h"
#include "machines/machine.h"

#define STATE_CHECK_CHUNK 567503u /* a 50th of a second, give or take: chunks end mid-frame */
#include "tests/tools/state_check_lib.h"

static bool wanted(machine_t *mm, const char *want)
{
    a500_t *m = (a500_t *)mm;
    if (!want)
        return true;
    if (strcmp(want, "blit") == 0)
        return m->blitter.busy;
    return m->paula.disk_dma;
}

int main(int argc, char **argv)
{
    const char *save = NULL, *load = NULL, *want = NULL;
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "--save") == 0)
            save = argv[i + 1];
        else if (strcmp(argv[i], "--load") == 0)
            load = argv[i + 1];
        else if (strcmp(argv[i], "--want") == 0)
            want = argv[i + 1];
        else
            break;
    }
    int rest = argc - i;
    if (rest != (save || load ? 2 : 3)) {
        fprintf(stderr, "usage: a500_state_check [--want blit|disk] [--save FILE | --load FILE] ADF TICKS [TICKS]\n");
        return 2;
    }
    machine_config_t cfg = {.machine = "a500", .floppy = {argv[i]}, .rtc_fixed = true, .rtc_time = 946684800}; /* the clock: the same in every run */
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "a500_state_check: %s\n", err);
        return 1;
    }
    int rc = 0;
    if (load) {
        if (load_timed(m, "a500_state_check", load) != 0) {
            machine_destroy(m);
            return 1;
        }
    } else {
        uint64_t t = strtoull(argv[i + 1], NULL, 0);
        run(m, t, false);
        /* Into the blit or transfer (a transfer lasts ~0.4 s, a blit less): the first moment it
         * runs, then further by an amount T picks, then until it runs again. */
        for (int pass = 0; pass < 2 && want; pass++) {
            for (int k = 0; k < 2 * 50 * 567 && !wanted(m, want); k++) {
                machine_run(m, 1000);
                drain(m, false);
            }
            for (uint64_t k = 0; pass == 0 && k < (t >> 4) % (strcmp(want, "disk") ? 40 : 300); k++) {
                machine_run(m, 1000);
                drain(m, false);
            }
        }
        if (!wanted(m, want)) {
            fprintf(stderr, "a500_state_check: no %s within 2 s\n", want);
            machine_destroy(m);
            return 1;
        }
    }
    if (save) {
        a500_t *a = (a500_t *)m;
        char where[80];
        snprintf(where, sizeof where, "blit %d disk-dma %d motor %d line %u", a->blitter.busy, a->paula.disk_dma,
                 machine_activity(m) & 1, a->agnus.vpos);
        if (save_timed(m, "a500_state_check", save, where) != 0)
            rc = 1;
    } else {
        run(m, strtoull(argv[i + (load ? 1 : 2)], NULL, 0), true);
        uint64_t number, h = frame_hash(m, &number);
        printf("frame %016llx audio %016llx frames %llu\n", (unsigned long long)h, (unsigned long long)audio_hash,
               (unsigned long long)number);
    }
    machine_destroy(m);
    return rc;
}
