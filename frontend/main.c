/* arcana: command line entry point. Parses options (frontend/cli.c), creates the machine
 * through machines/machine.h and either runs it headless here or hands it to the window
 * (frontend/ui.h). Exit status: 0 done, 1 the machine failed, 2 bad usage or input. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/batch.h"
#include "frontend/cli.h"
#include "frontend/flush.h"
#include "frontend/gdbstub.h"
#include "frontend/png.h"
#include "frontend/script.h"
#include "frontend/ui.h"
#include "frontend/uiprefs.h"
#include "frontend/wav.h"
#include "machines/machine.h"
#include "machines/input_log.h"

#define ARCANA_VERSION "0.1"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void list_machines(FILE *out)
{
    if (machine_type_count() == 0) {
        fprintf(out, "No machines are built into this arcana yet (planned: riscpc, a500).\n");
        return;
    }
    for (int i = 0; i < machine_type_count(); i++) {
        const machine_type_t *t = machine_type_at(i);
        fprintf(out, "  %-8s %s%s\n", t->name, t->description,
                strcmp(t->name, machine_default_name()) == 0 ? " (default)" : "");
    }
}

static int save_screenshot(machine_t *m, const char *path)
{
    machine_frame_t f;
    char err[MACHINE_ERR_LEN], when[32], hash[32];
    machine_get_frame(m, &f);
    snprintf(when, sizeof when, "%.3f s", machine_seconds(m));
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)frame_hash(&f));
    const char *keys[] = {"Software", "Machine", "Emulated time", "Frame hash", NULL};
    const char *values[] = {"Arcana " ARCANA_VERSION, m->type->name, when, hash, NULL};
    if (png_write_frame(path, &f, keys, values, 0, err, sizeof err) != 0) {
        fprintf(stderr, "arcana: %s\n", err);
        return -1;
    }
    return 0;
}

static int drain_to_wav(machine_t *m, wav_writer_t *wav)
{
    int16_t buf[4096 * 2];
    size_t n;
    while ((n = machine_drain_audio(m, buf, 4096)) > 0)
        if (wav && wav->f && wav_write(wav, buf, n) != 0)
            return -1;
    return 0;
}

/* Runs frame by frame (so audio is drained often) until the frame or time limit, the script's
 * end, or ^C. */
static int run_headless(machine_t *m, const cli_options_t *o, script_t *script)
{
    wav_writer_t wav = {0};
    char err[MACHINE_ERR_LEN];
    int rc = 0;
    if (o->audio_out) {
        if (m->audio_rate <= 0) {
            fprintf(stderr, "arcana: --audio-out: the %s machine produces no sound yet\n", m->type->name);
            return 2;
        }
        if (wav_open(&wav, o->audio_out, m->audio_rate, err, sizeof err) != 0) {
            fprintf(stderr, "arcana: --audio-out: %s\n", err);
            return 2;
        }
    }
    uint64_t end_tick = o->seconds > 0 ? m->ticks + (uint64_t)(o->seconds * (double)m->ticks_per_second) : 0;
    long frames = 0;
    long long flushed_ns = 0;
    if (o->gdb_port) {
        int g = gdb_serve(m, o->gdb_port, end_tick, (volatile int *)&stop_requested, err, sizeof err);
        if (g == GDB_ERROR) {
            fprintf(stderr, "arcana: %s\n", err);
            rc = 2;
        }
        if (g != GDB_DETACHED)
            goto finish;
    }
    while (!stop_requested) {
        if (script) {
            int status = script_step(script, m, err, sizeof err);
            if (status != SCRIPT_RUNNING) {
                if (err[0])
                    fprintf(stderr, "arcana: %s\n", err);
                rc = status;
                break;
            }
        }
        if ((o->frames && frames >= o->frames) || (end_tick && m->ticks >= end_tick)) {
            if (script && (rc = script_run_ended(script, err, sizeof err)) != 0)
                fprintf(stderr, "arcana: %s\n", err);
            break;
        }
        /* Whole frames: a --seconds run may end up to one frame past the limit. */
        machine_run_frame(m);
        frames++;
        flush_if_due(m, &flushed_ns);
        if (script)
            script_frame_done(script);
        if (drain_to_wav(m, o->audio_out ? &wav : NULL) != 0) {
            fprintf(stderr, "arcana: --audio-out: %s: write failed\n", o->audio_out);
            rc = 1;
            break;
        }
    }
finish:
    if (o->audio_out && wav_close(&wav, err, sizeof err) != 0) {
        fprintf(stderr, "arcana: --audio-out: %s\n", err);
        rc = 1;
    }
    if (o->screenshot && save_screenshot(m, o->screenshot) != 0)
        rc = 1;
    return rc;
}

int main(int argc, char **argv)
{
    static cli_options_t opts; /* large (string storage): not on the stack */
    char err[MACHINE_ERR_LEN];
    cli_defaults(&opts);
    if (cli_parse(&opts, argc, argv, err, sizeof err) != CLI_OK) {
        fprintf(stderr, "arcana: %s\n", err);
        return 2;
    }
    if (opts.help) {
        cli_print_help(stdout);
        printf("\nMachines:\n");
        list_machines(stdout);
        return 0;
    }
    if (opts.version) {
        printf("arcana " ARCANA_VERSION "\n");
        return 0;
    }
    if (opts.list_machines) {
        list_machines(stdout);
        return 0;
    }
    if (opts.has_window)
        return ui_run(NULL, NULL, err, sizeof err) == 0 ? 0 : 1;
    if (machine_type_count() == 0) {
        fprintf(stderr, "arcana: no machines are built in yet (riscpc and a500 are being written); "
                        "nothing to run\n");
        return 1;
    }
    if (opts.gdb_port && !opts.headless) {
        fprintf(stderr, "arcana: --gdb needs --headless (the window does not run under a debugger yet)\n");
        return 2;
    }
    if (opts.batch || opts.report || opts.jobs) {
        if (!opts.batch || !opts.report) {
            fprintf(stderr, "arcana: --%s needs --batch LIST and --report OUT.jsonl\n", opts.batch ? "batch" : opts.report ? "report" : "jobs");
            return 2;
        }
        if (opts.media_count || opts.machine.floppy[0] || opts.screenshot || opts.save_state || opts.load_state ||
            opts.audio_out || opts.record || opts.replay) {
            fprintf(stderr, "arcana: --batch takes its images from LIST, and no --floppy0, --screenshot, "
                            "--save-state, --load-state, --audio-out, --record or --replay\n");
            return 2;
        }
        if (machine_check_config(&opts.machine, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "arcana: %s\n", err);
            return 2;
        }
        batch_cfg_t bc = {.list = opts.batch, .report = opts.report, .jobs = opts.jobs ? opts.jobs : 1,
                          .script = opts.script, .seconds = opts.seconds, .frames = opts.frames,
                          .machine = opts.machine, .software = "Arcana " ARCANA_VERSION};
        return batch_run(&bc);
    }
    if ((opts.frames || opts.screenshot) && !opts.headless) {
        fprintf(stderr, "arcana: --%s needs --headless\n", opts.frames ? "frames" : "screenshot");
        return 2;
    }
    /* Positional media fill the floppy drives not already given. */
    for (int i = 0, drive = 0; i < opts.media_count; i++) {
        while (drive < MACHINE_MAX_FLOPPIES && opts.machine.floppy[drive])
            drive++;
        if (drive == MACHINE_MAX_FLOPPIES) {
            fprintf(stderr, "arcana: %s: no free floppy drive for it\n", opts.media[i]);
            return 2;
        }
        opts.machine.floppy[drive] = opts.media[i];
    }

    /* Options the machine would not use are refused here, as bad usage, not ignored. */
    if (machine_check_config(&opts.machine,
                             opts.load_state ? "load-state" : opts.save_state ? "save-state" : NULL, err, sizeof err) != 0) {
        fprintf(stderr, "arcana: %s\n", err);
        return 2;
    }
    /* A recording replays only from the same power-on: its battery clock starts at a fixed time
     * unless --rtc-time names one (a recorded clock would otherwise be the host's, now). */
    const machine_type_t *mt = machine_find(opts.machine.machine ? opts.machine.machine : machine_default_name());
    if ((opts.record || opts.replay) && !opts.machine.rtc_fixed && mt && (mt->takes & MACHINE_TAKES_RTC)) {
        opts.machine.rtc_fixed = true;
        opts.machine.rtc_time = 946684800; /* 2000-01-01T00:00:00 UTC */
    }
    static script_t script;
    bool scripted = opts.script != NULL;
    if (scripted) {
        if (script_load(&script, opts.script, err, sizeof err) != 0) {
            fprintf(stderr, "arcana: %s\n", err);
            return 2;
        }
        script.software = "Arcana " ARCANA_VERSION;
        opts.machine.serial_tap = script_serial_tap;
        opts.machine.serial_tap_ctx = &script;
        opts.ui.script = &script;
    }
    machine_t *m;
    /* A machine that cannot be made from the options, or a state file refused, is a usage
     * error like a bad option: status 2 (issue 13). */
    if (machine_create(&opts.machine, &m, err, sizeof err) != 0) {
        fprintf(stderr, "arcana: %s\n", err);
        if (scripted)
            script_free(&script);
        return 2;
    }
    if (opts.load_state && machine_load_state(m, opts.load_state, err, sizeof err) != 0) {
        fprintf(stderr, "arcana: --load-state: %s\n", err);
        machine_destroy(m);
        return 2;
    }
    if ((opts.record && machine_record(m, opts.record, err, sizeof err) != 0) ||
        (opts.replay && machine_replay(m, opts.replay, err, sizeof err) != 0)) {
        fprintf(stderr, "arcana: %s\n", err);
        machine_destroy(m);
        return 2;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    int rc;
    if (opts.headless) {
        rc = run_headless(m, &opts, scripted ? &script : NULL);
    } else {
        opts.ui.seconds = opts.seconds;
        /* The window keeps its preferences (size) in its own file under $XDG_CONFIG_HOME/arcana/,
         * never in a config file the user wrote; screenshots go to the pictures folder. */
        static char prefs[4096], pictures[4096];
        uiprefs_default_path(prefs, sizeof prefs);
        uiprefs_pictures_dir(pictures, sizeof pictures);
        opts.ui.prefs_path = prefs[0] ? prefs : NULL;
        opts.ui.screenshot_dir = pictures;
        opts.ui.machine_config = &opts.machine;
        const char *disks = getenv("ARCANA_DISK_FOLDER");
        opts.ui.disk_folder = disks && *disks ? disks : access("../shared/testdata", R_OK) == 0 ? "../shared/testdata" : ".";
        rc = ui_run(&m, &opts.ui, err, sizeof err);
        if (rc != 0) {
            fprintf(stderr, "arcana: %s\n", err);
            rc = 1;
        } else if (scripted) {
            /* The emulation thread has printed any message of the script's own. */
            if (script.result == SCRIPT_RUNNING && script_run_ended(&script, err, sizeof err) != 0)
                fprintf(stderr, "arcana: %s\n", err);
            rc = script.result;
        }
    }
    if (opts.save_state && machine_save_state(m, opts.save_state, err, sizeof err) != 0) {
        fprintf(stderr, "arcana: --save-state: %s\n", err);
        rc = 1;
    }
    if (machine_input_close(m, err, sizeof err) != 0) {
        fprintf(stderr, "arcana: %s\n", err);
        rc = 1;
    }
    machine_destroy(m);
    if (scripted)
        script_free(&script);
    return rc;
}
