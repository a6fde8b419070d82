/* Command line and config file (DESIGN.md §5). Both go through one table of options, so a
 * config key is the long option's name without the dashes ("cpu-core = jit") and the two
 * can never drift apart. The CLI overrides the file. */
#ifndef ARCANA_CLI_H
#define ARCANA_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "frontend/ui.h"
#include "machines/machine.h"

#define CLI_MAX_MEDIA 8

typedef struct cli_options {
    machine_config_t machine;   /* what the machine is created from */
    ui_options_t ui;            /* window options */
    const char *config_path;    /* --config, or the XDG default when present */
    bool headless;
    long frames;                /* --frames N (0 = not given) */
    double seconds;             /* --seconds S (0 = not given) */
    const char *screenshot;
    const char *audio_out;
    const char *save_state, *load_state;
    const char *record, *replay; /* --record / --replay FILE (machines/input_log.h) */
    int gdb_port;
    const char *script;         /* --script FILE */
    const char *batch, *report; /* --batch LIST --report OUT.jsonl */
    int jobs;                   /* --jobs N (0 = not given) */
    bool help, version, list_machines, has_window;
    const char *media[CLI_MAX_MEDIA]; /* positional arguments: disk images */
    int media_count;
    /* Storage for every string above (copied from argv and config lines). */
    char strings[16384];
    size_t strings_used;
} cli_options_t;

enum { CLI_OK = 0, CLI_ERROR = 2 };

void cli_defaults(cli_options_t *o);
/* Parses argv (with config file) into o. On a bad option, value or file returns CLI_ERROR with
 * a one-line message in err (no trailing newline). */
int cli_parse(cli_options_t *o, int argc, char **argv, char *err, size_t errlen);
/* Applies one "key = value" setting from a config file. `section` is the current INI section. */
int cli_set(cli_options_t *o, const char *key, const char *value, char *err, size_t errlen);
/* Reads an INI file: [arcana] (or no section) applies always, [riscpc]/[a500] only for that
 * machine, [window] holds window settings. Errors come as "FILE:LINE: problem". */
int cli_load_config(cli_options_t *o, const char *path, const char *machine, char *err, size_t errlen);
/* Prints the option list (one line each). */
void cli_print_help(FILE *out);

#endif
