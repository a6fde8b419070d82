/* riscpc_state_check: the RiscPC save-state round trip of issue 16, one process per step.
 *   riscpc_state_check [OPTIONS] T S             run T ticks, then S: report (run A)
 *   riscpc_state_check [OPTIONS] T               run T ticks: report on all of them
 *   riscpc_state_check [OPTIONS] --save FILE T   run T ticks, save (run B)
 *   riscpc_state_check [OPTIONS] --load FILE S   load, run S ticks: report (run B's end)
 * OPTIONS: --core interp|jit, --kernel FILE, --initrd FILE, --fd IMAGE, --hd IMAGE, --append
 * CMDLINE, --net SPEC, --record LOG, --replay LOG (machines/input_log.h: network frames too;
 * after --load the replay resumes at the state's tick; a replay's report starts with "replay
 * followed the recording" or "replay diverged at tick T": its sent frames differed); the machine
 * is an SA-110 with 32 MB and its battery clock fixed (2026-01-01), so runs are repeatable.
 * Time runs in chunks of CHUNK ticks (audio drained after each), the same calls in every mode,
 * so A and B+load make the same sequence of machine_run calls and differ only by the save/load
 * between them. The report: "frame F audio A frames N" (FNV-1a of the last frame's pixels and
 * of the audio drained during S), after "net out N hash H" (the frames the card sent during S,
 * during the whole run with T alone); disk images are written back when the machine is destroyed
 * (compare the files). Save prints "saved BYTES bytes in MS ms (serial: LAST LINE)", load
 * "loaded in MS ms" (CPU time of the process). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machines/input_log.h"
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "machines/riscpc/internal.h"

#define STATE_CHECK_CHUNK 47000000u /* about a 51st of a second: chunks end mid-frame */
#include "tests/tools/state_check_lib.h"

/* The serial output's last complete line, to say where in the boot a save landed. */
static void last_line(machine_t *m, char *out, size_t cap)
{
    const char *log = riscpc_serial_log(m);
    size_t n = strlen(log);
    while (n && (log[n - 1] == '\n' || log[n - 1] == '\r'))
        n--;
    size_t s = n;
    while (s && log[s - 1] != '\n')
        s--;
    snprintf(out, cap, "%.*s", (int)(n - s), log + s);
}

int main(int argc, char **argv)
{
    const char *save = NULL, *load = NULL, *record = NULL, *replay = NULL;
    machine_config_t cfg = {.machine = "riscpc", .cpu = "sa110", .ram_mb = 32, .rtc_fixed = true,
                            .rtc_time = 1767225600 /* 2026-01-01T00:00:00 UTC */};
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (!strcmp(o, "--save")) save = v;
        else if (!strcmp(o, "--load")) load = v;
        else if (!strcmp(o, "--core")) cfg.cpu_core = v;
        else if (!strcmp(o, "--kernel")) cfg.kernel = v;
        else if (!strcmp(o, "--initrd")) cfg.initrd = v;
        else if (!strcmp(o, "--fd")) cfg.floppy[0] = v;
        else if (!strcmp(o, "--hd")) cfg.hd[0] = v;
        else if (!strcmp(o, "--append")) cfg.append = v;
        else if (!strcmp(o, "--net")) cfg.net = v;
        else if (!strcmp(o, "--record")) record = v;
        else if (!strcmp(o, "--replay")) replay = v;
        else break;
    }
    if (argc - i != (save || load ? 1 : 2) && !(argc - i == 1 && !save && !load)) {
        fprintf(stderr, "usage: riscpc_state_check [--core C] [--kernel F] [--initrd F] [--fd IMG] [--hd IMG] "
                        "[--append CMDLINE] [--net SPEC] [--record LOG | --replay LOG] [--save FILE | --load FILE] TICKS [TICKS]\n");
        return 2;
    }
    char err[MACHINE_ERR_LEN];
    machine_t *m;
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "riscpc_state_check: %s\n", err);
        return 1;
    }
    int rc = 0;
    if (load) {
        if (load_timed(m, "riscpc_state_check", load) != 0) {
            machine_destroy(m);
            return 1;
        }
    }
    if ((record && machine_record(m, record, err, sizeof err) != 0) ||
        (replay && machine_replay(m, replay, err, sizeof err) != 0)) {
        fprintf(stderr, "riscpc_state_check: %s\n", err);
        machine_destroy(m);
        return 1;
    }
    riscpc_net_t *net = &((riscpc_t *)m)->net;
    bool whole = !save && !load && argc - i == 1; /* one span T: report on all of it */
    if (!load && !whole) {
        run(m, strtoull(argv[i], NULL, 0), false);
        net->out_hash = RISCPC_NET_HASH_START;
        net->out_frames = 0;
    }
    if (save) {
        char line[120], where[140];
        last_line(m, line, sizeof line);
        snprintf(where, sizeof where, "serial: %s", line);
        if (save_timed(m, "riscpc_state_check", save, where) != 0)
            rc = 1;
    } else {
        run(m, strtoull(argv[load || whole ? i : i + 1], NULL, 0), true);
        uint64_t number, h = frame_hash(m, &number);
        uint64_t d = input_log_net_diverged(m->input_log);
        if (replay)
            d ? printf("replay diverged at tick %llu\n", (unsigned long long)d) : printf("replay followed the recording\n");
        printf("net out %llu hash %016llx\n", (unsigned long long)net->out_frames, (unsigned long long)net->out_hash);
        printf("frame %016llx audio %016llx samples %llu frames %llu\n", (unsigned long long)h,
               (unsigned long long)audio_hash, (unsigned long long)audio_frames, (unsigned long long)number);
    }
    if (machine_input_close(m, err, sizeof err) != 0) {
        fprintf(stderr, "riscpc_state_check: %s\n", err);
        rc = 1;
    }
    machine_destroy(m);
    return rc;
}
