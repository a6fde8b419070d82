/* --batch LIST --report OUT.jsonl [--jobs N] [--script FILE] [--seconds S | --frames N]
 * (issue 17): every disk image named in LIST (one path a line; "-" reads the list from standard
 * input) runs in a machine of its own, inserted in floppy drive 0, several machines at once on
 * N threads of this one process. OUT.jsonl gets one JSON object a line, in LIST's order:
 *   {"image", "image_sha1", "status", "emulated_seconds", "wall_seconds", "frame_sha1", "png",
 *    "serial", "blank", "error"}
 * `status` is the script's exit status (0 when a run ends by its time limit), 2 when the image
 * or machine could not be set up; `frame_sha1` is the SHA-1 of the final frame's raw RGB bytes;
 * the final frame is kept as a PNG in OUT.frames/ beside the report. Progress goes to stderr. */
#ifndef ARCANA_BATCH_H
#define ARCANA_BATCH_H

#include "machines/machine.h"

typedef struct batch_cfg {
    const char *list;           /* LIST path or "-" */
    const char *report;         /* OUT.jsonl */
    int jobs;                   /* threads, >= 1 */
    const char *script;         /* NULL = run to the time/frame limit */
    double seconds;             /* 0 = none */
    long frames;                /* 0 = none */
    machine_config_t machine;   /* template: floppy[0] is set per image */
    const char *software;
} batch_cfg_t;

/* Runs the whole batch. Returns 0 when every image ran with status 0, 1 when one did not, 2
 * for a bad list, report or options (after a one-line message on stderr). */
int batch_run(const batch_cfg_t *cfg);

#endif
