#include "frontend/cli.h"
#include "hostfs/net.h"

#include "hostfs/safewrite.h"
#include "roms/infile.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef enum opt_id {
    OPT_MACHINE, OPT_CONFIG, OPT_ROM, OPT_HEADLESS, OPT_FRAMES, OPT_SECONDS, OPT_SCREENSHOT,
    OPT_WARP, OPT_FLOPPY0, OPT_FLOPPY1, OPT_FLOPPY2, OPT_FLOPPY3, OPT_HD0, OPT_HD1, OPT_CDROM,
    OPT_HOSTFS, OPT_HOSTFS_BOOT, OPT_NET, OPT_AUDIO_OUT, OPT_CPU, OPT_CPU_CORE, OPT_JIT_PERF_MAP, OPT_RAM,
    OPT_CHIPSET, OPT_KERNEL, OPT_INITRD, OPT_APPEND, OPT_SERIAL, OPT_SAVE_STATE, OPT_LOAD_STATE, OPT_STATE_DISKS,
    OPT_RECORD, OPT_REPLAY, OPT_RTC_TIME,
    OPT_GDB, OPT_SCRIPT, OPT_BATCH, OPT_REPORT, OPT_JOBS, OPT_FULLSCREEN, OPT_SMOOTH, OPT_NO_VSYNC, OPT_NO_SOUND, OPT_WIDTH, OPT_HEIGHT,
    OPT_DATA_DIR, OPT_VERBOSE, OPT_LIST_MACHINES, OPT_HAS_WINDOW, OPT_VERSION, OPT_HELP,
} opt_id_t;

/* Where an option may appear. */
enum { IN_CLI = 1, IN_FILE = 2, ANYWHERE = IN_CLI | IN_FILE };

typedef struct opt_def {
    opt_id_t id;
    const char *name;   /* long option without "--"; also the config key */
    const char *arg;    /* metavariable, NULL for a flag */
    int where;
    const char *help;
} opt_def_t;

static const opt_def_t options[] = {
    {OPT_MACHINE, "machine", "riscpc|a500", ANYWHERE, "machine to emulate (default a500)"},
    {OPT_CONFIG, "config", "FILE", IN_CLI, "read settings from an INI file (CLI overrides it)"},
    {OPT_ROM, "rom", "FILE", ANYWHERE, "boot ROM image (a zip, or split parts joined with ',')"},
    {OPT_HEADLESS, "headless", NULL, ANYWHERE, "run without a window, as fast as possible"},
    {OPT_FRAMES, "frames", "N", IN_CLI, "headless: stop after N frames"},
    {OPT_SECONDS, "seconds", "S", IN_CLI, "stop after S emulated seconds"},
    {OPT_SCREENSHOT, "screenshot", "OUT.png", IN_CLI, "headless: write the last frame as PNG"},
    {OPT_WARP, "warp", NULL, ANYWHERE, "no speed limit"},
    {OPT_FLOPPY0, "floppy0", "FILE", ANYWHERE, "disk image in floppy drive 0 (ADF, ADZ, zip; RiscPC ADFS/DOS)"},
    {OPT_FLOPPY1, "floppy1", "FILE", ANYWHERE, "disk image in floppy drive 1"},
    {OPT_FLOPPY2, "floppy2", "FILE", ANYWHERE, "disk image in floppy drive 2 (Amiga)"},
    {OPT_FLOPPY3, "floppy3", "FILE", ANYWHERE, "disk image in floppy drive 3 (Amiga)"},
    {OPT_HD0, "hd0", "FILE", ANYWHERE, "hard disc image 0 (IDE on the RiscPC, HDF on the Amiga)"},
    {OPT_HD1, "hd1", "FILE", ANYWHERE, "hard disc image 1"},
    {OPT_CDROM, "cdrom", "FILE", ANYWHERE, "CD-ROM image (ISO)"},
    {OPT_HOSTFS, "hostfs", "DIR[:ro]", ANYWHERE, "share a host folder with the guest (:ro = read-only)"},
    {OPT_HOSTFS_BOOT, "hostfs-boot", NULL, ANYWHERE, "boot from the shared folder"},
    {OPT_NET, "net", "slirp[,hostfwd=tcp:ADDR:PORT-:PORT]|tap:IF|none", ANYWHERE, "network backend"},
    {OPT_AUDIO_OUT, "audio-out", "FILE.wav", ANYWHERE, "write the machine's sound to a WAV file"},
    {OPT_CPU, "cpu", "arm610|arm710|sa110", ANYWHERE, "RiscPC processor"},
    {OPT_CPU_CORE, "cpu-core", "interp|jit|lockstep", ANYWHERE, "ARM core: interpreter, JIT, or both compared"},
    {OPT_JIT_PERF_MAP, "jit-perf-map", NULL, IN_CLI, "name the JIT's blocks for perf (/tmp/perf-PID.map)"},
    {OPT_RAM, "ram", "MB", ANYWHERE, "RAM size in MB (A500: 1 = 512K chip + 512K slow, 3 = + 2 MB fast)"},
    {OPT_CHIPSET, "chipset", "ocs|ecs", ANYWHERE, "Amiga chipset (Agnus 8371 or 8372A)"},
    {OPT_KERNEL, "kernel", "zImage", ANYWHERE, "RiscPC: boot this Linux kernel directly"},
    {OPT_INITRD, "initrd", "FILE", ANYWHERE, "RiscPC: initial ramdisk for --kernel"},
    {OPT_APPEND, "append", "\"cmdline\"", ANYWHERE, "RiscPC: kernel command line for --kernel"},
    {OPT_SERIAL, "serial", "stdout|FILE", ANYWHERE, "connect the first serial port"},
    {OPT_SAVE_STATE, "save-state", "FILE", IN_CLI, "save the machine's state when it stops"},
    {OPT_LOAD_STATE, "load-state", "FILE", IN_CLI, "start from a saved state"},
    {OPT_STATE_DISKS, "state-disks", NULL, IN_CLI, "--load-state: the state's disk contents replace the inserted disks'"},
    {OPT_RECORD, "record", "FILE", IN_CLI, "record keyboard, mouse, joystick input and network frames with their emulated time"},
    {OPT_REPLAY, "replay", "FILE", IN_CLI, "play back what --record wrote (from its start, or resumed after --load-state)"},
    {OPT_RTC_TIME, "rtc-time", "DATE", ANYWHERE, "battery clock at power-on, YYYY-MM-DD[THH:MM:SS] UTC (default: now)"},
    {OPT_GDB, "gdb", "PORT", IN_CLI, "wait for a GDB remote connection on PORT"},
    {OPT_SCRIPT, "script", "FILE", IN_CLI, "drive the run from a script (wait-serial, type, screenshot, exit ...)"},
    {OPT_BATCH, "batch", "LIST", IN_CLI, "run every image in LIST (one a line, - = stdin) as its own machine"},
    {OPT_REPORT, "report", "OUT.jsonl", IN_CLI, "--batch: one JSON line per image (frames in OUT.frames/)"},
    {OPT_JOBS, "jobs", "N", IN_CLI, "--batch: machines run at once, each on its own thread (default 1)"},
    {OPT_FULLSCREEN, "fullscreen", NULL, ANYWHERE, "start in fullscreen"},
    {OPT_SMOOTH, "smooth", NULL, ANYWHERE, "smooth scaling instead of integer scaling"},
    {OPT_NO_VSYNC, "no-vsync", NULL, ANYWHERE, "do not wait for the display's vertical sync"},
    {OPT_NO_SOUND, "no-sound", NULL, ANYWHERE, "do not open an audio device"},
    {OPT_WIDTH, "width", "PIXELS", ANYWHERE, "window width"},
    {OPT_HEIGHT, "height", "PIXELS", ANYWHERE, "window height"},
    {OPT_DATA_DIR, "data-dir", "DIR", ANYWHERE, "where machine state such as CMOS RAM is kept"},
    {OPT_VERBOSE, "verbose", NULL, ANYWHERE, "log more (unemulated registers, media, timing)"},
    {OPT_LIST_MACHINES, "list-machines", NULL, IN_CLI, "list the machines built in"},
    {OPT_HAS_WINDOW, "has-window", NULL, IN_CLI, "exit 0 if a window can be opened here"},
    {OPT_VERSION, "version", NULL, IN_CLI, "print the version"},
    {OPT_HELP, "help", NULL, IN_CLI, "this list"},
};
#define OPTION_COUNT (sizeof options / sizeof options[0])

static const opt_def_t *find_option(const char *name)
{
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (strcmp(options[i].name, name) == 0)
            return &options[i];
    return NULL;
}

void cli_print_help(FILE *out)
{
    fprintf(out, "usage: arcana [options] [media...]\n\n");
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        char left[80];
        snprintf(left, sizeof left, "--%s%s%s", options[i].name, options[i].arg ? " " : "",
                 options[i].arg ? options[i].arg : "");
        if (strlen(left) > 28)
            fprintf(out, "  %s\n  %-28s  %s\n", left, "", options[i].help);
        else
            fprintf(out, "  %-28s  %s\n", left, options[i].help);
    }
    fprintf(out, "\nMedia given without an option go into the floppy drives in order.\n"
                 "Settings may also come from $XDG_CONFIG_HOME/arcana/arcana.ini or --config FILE:\n"
                 "\"key = value\" lines (key = option name) under [arcana], [riscpc], [a500], [window].\n");
}

void cli_defaults(cli_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->ui.vsync = true;
}

static const char *keep(cli_options_t *o, const char *s)
{
    size_t n = strlen(s) + 1;
    if (o->strings_used + n > sizeof o->strings)
        return NULL;
    char *p = o->strings + o->strings_used;
    memcpy(p, s, n);
    o->strings_used += n;
    return p;
}

static int fail(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    snprintf(err, errlen, fmt, a, b);
    return CLI_ERROR;
}

static int parse_long(const char *name, const char *v, long lo, long hi, long *out, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < lo || n > hi) {
        char range[64];
        snprintf(range, sizeof range, "%ld..%ld", lo, hi);
        snprintf(err, errlen, "--%s: '%s' is not a whole number in %s", name, v, range);
        return CLI_ERROR;
    }
    *out = n;
    return CLI_OK;
}

/* --rtc-time YYYY-MM-DD[THH:MM:SS], UTC, years 1970-2099 (the RiscPC's clock and CMOS year). */
static int parse_rtc_time(const char *name, const char *v, int64_t *out, char *err, size_t errlen)
{
    struct tm tm = {0};
    int len = -1;
    bool ok = (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                      &tm.tm_sec, &len) == 6 && len >= 0 && !v[len]) ||
              (sscanf(v, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &len) == 3 && len >= 0 && !v[len] &&
               !tm.tm_hour && !tm.tm_min && !tm.tm_sec);
    ok = ok && tm.tm_year >= 1970 && tm.tm_year <= 2099 && tm.tm_mon >= 1 && tm.tm_mon <= 12 && tm.tm_mday >= 1 &&
         tm.tm_mday <= 31 && tm.tm_hour >= 0 && tm.tm_hour <= 23 && tm.tm_min >= 0 && tm.tm_min <= 59 &&
         tm.tm_sec >= 0 && tm.tm_sec <= 59;
    if (!ok)
        return fail(err, errlen, "--%s: '%s' is not a date YYYY-MM-DD[THH:MM:SS] from 1970 to 2099", name, v);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = (int64_t)timegm(&tm);
    return CLI_OK;
}

static int parse_bool(const char *name, const char *v, bool *out, char *err, size_t errlen)
{
    if (!v || !strcasecmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on"))
        *out = true;
    else if (!strcasecmp(v, "0") || !strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcasecmp(v, "off"))
        *out = false;
    else
        return fail(err, errlen, "--%s: '%s' is not yes/no", name, v);
    return CLI_OK;
}

static int one_of(const char *name, const char *v, const char *const *choices, char *err, size_t errlen)
{
    for (int i = 0; choices[i]; i++)
        if (!strcmp(v, choices[i]))
            return CLI_OK;
    char list[128] = "";
    for (int i = 0; choices[i]; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, choices[i], sizeof list - strlen(list) - 1);
    }
    snprintf(err, errlen, "--%s: '%s' is not one of %s", name, v, list);
    return CLI_ERROR;
}

/* Input files must exist and be readable now, so the user hears about a typo at once. */
static int readable_file(const char *name, const char *path, char *err, size_t errlen)
{
    struct stat st;
    /* A split ROM set names several files joined by ','; check each. */
    char part[4096];
    const char *p = path;
    do {
        const char *comma = strcmp(name, "rom") == 0 ? strchr(p, ',') : NULL;
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n >= sizeof part)
            return fail(err, errlen, "--%s: %s: name too long", name, path);
        memcpy(part, p, n);
        part[n] = 0;
        if (stat(part, &st) != 0 || access(part, R_OK) != 0)
            return fail(err, errlen, "--%s: %s: cannot be read", name, part);
        if (S_ISDIR(st.st_mode))
            return fail(err, errlen, "--%s: %s: is a folder, not a file", name, part);
        p = comma ? comma + 1 : NULL;
    } while (p);
    return CLI_OK;
}

/* Output files are written to a temp file and renamed into place, which would replace a
 * device, FIFO or folder given by mistake with a regular file: those are refused. */
static int output_file(const char *name, const char *path, char *err, size_t errlen)
{
    return safewrite_check_output(name, path, err, errlen) == 0 ? CLI_OK : CLI_ERROR;
}

/* --serial FILE: checked here so a config file's bad value is reported at its line. */
static int check_serial(const char *v, char *err, size_t errlen)
{
    struct stat st;
    if (!strcmp(v, "stdout"))
        return CLI_OK;
    if (stat(v, &st) == 0)
        return S_ISDIR(st.st_mode) ? fail(err, errlen, "--serial: %s: is a folder%s", v, "") : CLI_OK;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", v);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return CLI_OK;
    slash[slash == dir ? 1 : 0] = 0;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(err, errlen, "--serial: %s: no such folder to create the file in%s", dir, "");
    return CLI_OK;
}

static int check_net(const char *v, char *err, size_t errlen)
{
    char why[256];
    if (net_check_spec(v, why, sizeof why) == 0)
        return CLI_OK;
    return fail(err, errlen, "%s%s", why, "");
}

static int set_option(cli_options_t *o, const opt_def_t *d, const char *v, char *err, size_t errlen)
{
    static const char *const machines[] = {"riscpc", "a500", NULL};
    static const char *const cpus[] = {"arm610", "arm710", "sa110", NULL};
    static const char *const cores[] = {"interp", "jit", "lockstep", NULL};
    static const char *const chipsets[] = {"ocs", "ecs", NULL};
    machine_config_t *mc = &o->machine;
    const char *s = v ? keep(o, v) : NULL;
    long n;
    if (v && !s)
        return fail(err, errlen, "--%s: too many or too long settings%s", d->name, "");
    if (d->arg && v && !*v)
        return fail(err, errlen, "--%s: empty value%s", d->name, "");

    switch (d->id) {
    case OPT_MACHINE:
        if (one_of(d->name, v, machines, err, errlen)) return CLI_ERROR;
        mc->machine = s;
        break;
    case OPT_CONFIG:
        if (readable_file(d->name, v, err, errlen)) return CLI_ERROR;
        o->config_path = s;
        break;
    case OPT_ROM: if (readable_file(d->name, v, err, errlen)) return CLI_ERROR; mc->rom = s; break;
    case OPT_HEADLESS: return parse_bool(d->name, v, &o->headless, err, errlen);
    case OPT_FRAMES:
        if (parse_long(d->name, v, 1, 1000000000L, &n, err, errlen)) return CLI_ERROR;
        o->frames = n;
        break;
    case OPT_SECONDS: {
        char *end;
        double secs = strtod(v, &end);
        if (!*v || *end || !isfinite(secs) || secs <= 0 || secs > 1e7)
            return fail(err, errlen, "--%s: '%s' is not a positive number of seconds", d->name, v);
        o->seconds = secs;
        break;
    }
    case OPT_SCREENSHOT: if (output_file(d->name, v, err, errlen)) return CLI_ERROR; o->screenshot = s; break;
    case OPT_WARP: if (parse_bool(d->name, v, &mc->warp, err, errlen)) return CLI_ERROR; o->ui.warp = mc->warp; break;
    case OPT_FLOPPY0: case OPT_FLOPPY1: case OPT_FLOPPY2: case OPT_FLOPPY3:
        if (readable_file(d->name, v, err, errlen)) return CLI_ERROR;
        mc->floppy[d->id - OPT_FLOPPY0] = s;
        break;
    case OPT_HD0: case OPT_HD1:
        if (readable_file(d->name, v, err, errlen)) return CLI_ERROR;
        mc->hd[d->id - OPT_HD0] = s;
        break;
    case OPT_CDROM: if (readable_file(d->name, v, err, errlen)) return CLI_ERROR; mc->cdrom = s; break;
    case OPT_HOSTFS: {
        size_t len = strlen(s);
        struct stat st;
        mc->hostfs_readonly = len > 3 && !strcmp(s + len - 3, ":ro");
        if (mc->hostfs_readonly)
            ((char *)s)[len - 3] = 0;
        if (stat(s, &st) != 0 || !S_ISDIR(st.st_mode))
            return fail(err, errlen, "--%s: %s: is not a folder", d->name, s);
        mc->hostfs_dir = s;
        break;
    }
    case OPT_HOSTFS_BOOT: return parse_bool(d->name, v, &mc->hostfs_boot, err, errlen);
    case OPT_NET: if (check_net(v, err, errlen)) return CLI_ERROR; mc->net = s; break;
    case OPT_AUDIO_OUT:
        if (output_file(d->name, v, err, errlen)) return CLI_ERROR;
        o->audio_out = s;
        o->ui.audio_out = s;
        break;
    case OPT_CPU: if (one_of(d->name, v, cpus, err, errlen)) return CLI_ERROR; mc->cpu = s; break;
    case OPT_CPU_CORE: if (one_of(d->name, v, cores, err, errlen)) return CLI_ERROR; mc->cpu_core = s; break;
    case OPT_JIT_PERF_MAP: return parse_bool(d->name, v, &mc->jit_perf_map, err, errlen);
    case OPT_RAM:
        if (parse_long(d->name, v, 1, 256, &n, err, errlen)) return CLI_ERROR;
        mc->ram_mb = (int)n;
        break;
    case OPT_CHIPSET: if (one_of(d->name, v, chipsets, err, errlen)) return CLI_ERROR; mc->chipset = s; break;
    case OPT_KERNEL: if (readable_file(d->name, v, err, errlen)) return CLI_ERROR; mc->kernel = s; break;
    case OPT_INITRD: if (readable_file(d->name, v, err, errlen)) return CLI_ERROR; mc->initrd = s; break;
    case OPT_APPEND: mc->append = s; break;
    case OPT_SERIAL: if (check_serial(v, err, errlen)) return CLI_ERROR; mc->serial = s; break;
    case OPT_SAVE_STATE: if (output_file(d->name, v, err, errlen)) return CLI_ERROR; o->save_state = s; break;
    case OPT_LOAD_STATE: if (readable_file(d->name, v, err, errlen)) return CLI_ERROR; o->load_state = s; break;
    case OPT_RECORD: if (output_file(d->name, v, err, errlen)) return CLI_ERROR; o->record = s; break;
    case OPT_REPLAY: if (readable_file(d->name, v, err, errlen)) return CLI_ERROR; o->replay = s; break;
    case OPT_STATE_DISKS: return parse_bool(d->name, v, &mc->state_disks, err, errlen);
    case OPT_RTC_TIME:
        if (parse_rtc_time(d->name, v, &mc->rtc_time, err, errlen)) return CLI_ERROR;
        mc->rtc_fixed = true;
        break;
    case OPT_GDB:
        if (parse_long(d->name, v, 1, 65535, &n, err, errlen)) return CLI_ERROR;
        o->gdb_port = (int)n;
        break;
    case OPT_SCRIPT: if (readable_file(d->name, v, err, errlen)) return CLI_ERROR; o->script = s; break;
    case OPT_BATCH:
        if (strcmp(v, "-") && readable_file(d->name, v, err, errlen)) return CLI_ERROR;
        o->batch = s;
        break;
    case OPT_REPORT: if (output_file(d->name, v, err, errlen)) return CLI_ERROR; o->report = s; break;
    case OPT_JOBS:
        if (parse_long(d->name, v, 1, 64, &n, err, errlen)) return CLI_ERROR;
        o->jobs = (int)n;
        break;
    case OPT_FULLSCREEN: return parse_bool(d->name, v, &o->ui.fullscreen, err, errlen);
    case OPT_SMOOTH: return parse_bool(d->name, v, &o->ui.smooth, err, errlen);
    case OPT_NO_VSYNC: {
        bool off;
        if (parse_bool(d->name, v, &off, err, errlen)) return CLI_ERROR;
        o->ui.vsync = !off;
        break;
    }
    case OPT_NO_SOUND: return parse_bool(d->name, v, &o->ui.no_sound, err, errlen);
    case OPT_WIDTH: case OPT_HEIGHT:
        if (parse_long(d->name, v, 64, 16384, &n, err, errlen)) return CLI_ERROR;
        *(d->id == OPT_WIDTH ? &o->ui.window_width : &o->ui.window_height) = (int)n;
        break;
    case OPT_DATA_DIR: mc->data_dir = s; break;
    case OPT_VERBOSE: return parse_bool(d->name, v, &mc->verbose, err, errlen);
    case OPT_LIST_MACHINES: o->list_machines = true; break;
    case OPT_HAS_WINDOW: o->has_window = true; break;
    case OPT_VERSION: o->version = true; break;
    case OPT_HELP: o->help = true; break;
    }
    return CLI_OK;
}

int cli_set(cli_options_t *o, const char *key, const char *value, char *err, size_t errlen)
{
    const opt_def_t *d = find_option(key);
    if (!d || !(d->where & IN_FILE))
        return fail(err, errlen, "unknown setting '%s'%s", key, "");
    return set_option(o, d, value, err, errlen);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = 0;
    return s;
}

int cli_load_config(cli_options_t *o, const char *path, const char *machine, char *err, size_t errlen)
{
    char why[256];
    FILE *f = infile_fopen(path, "r", NULL, why, sizeof why);
    if (!f) {
        size_t n = strlen(path);
        const char *problem = strncmp(why, path, n) == 0 && why[n] == ':' ? why + n + 2 : why;
        snprintf(err, errlen, "%s: cannot be read (%s)", path, problem);
        return CLI_ERROR;
    }
    char line[4096], section[64] = "arcana", msg[256];
    int lineno = 0, rc = CLI_OK;
    while (rc == CLI_OK && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            snprintf(err, errlen, "%s:%d: line too long", path, lineno);
            rc = CLI_ERROR;
            break;
        }
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';')
            continue;
        /* Never echo a control character (an escape sequence would reach the terminal). */
        const char *c = s;
        while (*c && ((unsigned char)*c >= 0x20 || *c == '\t') && *c != 0x7f)
            c++;
        if (*c) {
            snprintf(err, errlen, "%s:%d: control character 0x%02x in the line (column %d)", path, lineno,
                     (unsigned char)*c, (int)(c - line) + 1);
            rc = CLI_ERROR;
            break;
        }
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (!close || close[1] || close == s + 1 || (size_t)(close - s) >= sizeof section) {
                snprintf(err, errlen, "%s:%d: bad section header '%s'", path, lineno, s);
                rc = CLI_ERROR;
                break;
            }
            *close = 0;
            snprintf(section, sizeof section, "%s", s + 1);
            if (strcmp(section, "arcana") && strcmp(section, "riscpc") && strcmp(section, "a500") &&
                strcmp(section, "window")) {
                snprintf(err, errlen, "%s:%d: unknown section [%s] (arcana, riscpc, a500, window)", path,
                         lineno, section);
                rc = CLI_ERROR;
            }
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%d: expected 'key = value', got '%s'", path, lineno, s);
            rc = CLI_ERROR;
            break;
        }
        *eq = 0;
        char *key = trim(s), *value = trim(eq + 1);
        size_t vlen = strlen(value);
        if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
            value[vlen - 1] = 0;
            value++;
        }
        const opt_def_t *d = find_option(key);
        if (!d || !(d->where & IN_FILE)) {
            snprintf(err, errlen, "%s:%d: unknown setting '%s'", path, lineno, key);
            rc = CLI_ERROR;
            break;
        }
        /* Machine sections apply only to their machine; [window] and [arcana] always. */
        bool machine_section = !strcmp(section, "riscpc") || !strcmp(section, "a500");
        if (machine_section && (!machine || strcmp(section, machine) != 0))
            continue;
        if (set_option(o, d, d->arg ? value : (*value ? value : NULL), msg, sizeof msg) != CLI_OK) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
            rc = CLI_ERROR;
        }
    }
    fclose(f);
    return rc;
}

/* Splits "--name=value" / "--name value"; returns the option or NULL. */
static const opt_def_t *lookup_arg(const char *arg, char *name, size_t namelen, const char **inline_value)
{
    *inline_value = NULL;
    if (strncmp(arg, "--", 2) != 0)
        return NULL;
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    if (n >= namelen)
        return NULL;
    memcpy(name, arg + 2, n);
    name[n] = 0;
    if (eq)
        *inline_value = eq + 1;
    const opt_def_t *d = find_option(name);
    return d && (d->where & IN_CLI) ? d : NULL;
}

static int apply_argv(cli_options_t *o, int argc, char **argv, bool only_config, char *err, size_t errlen)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (only_config)
                continue;
            if (o->media_count == CLI_MAX_MEDIA)
                return fail(err, errlen, "%s: too many media files (at most 8)%s", a, "");
            if (readable_file("media", a, err, errlen))
                return CLI_ERROR;
            o->media[o->media_count++] = keep(o, a);
            continue;
        }
        char name[64];
        const char *value;
        const opt_def_t *d = lookup_arg(a, name, sizeof name, &value);
        if (!d)
            return fail(err, errlen, "unknown option '%s' (see --help)%s", a, "");
        if (d->arg && !value) {
            if (i + 1 >= argc)
                return fail(err, errlen, "--%s needs a value: %s", d->name, d->arg);
            value = argv[++i];
        } else if (!d->arg && value && d->id != OPT_HEADLESS && d->id != OPT_WARP) {
            return fail(err, errlen, "--%s takes no value%s", d->name, "");
        }
        bool is_config = d->id == OPT_CONFIG;
        if (only_config != is_config)
            continue;
        if (set_option(o, d, value, err, errlen) != CLI_OK)
            return CLI_ERROR;
    }
    return CLI_OK;
}

int cli_parse(cli_options_t *o, int argc, char **argv, char *err, size_t errlen)
{
    /* Pass 1: syntax of the whole line and --config; a dry run in a scratch copy finds the
     * machine so that its config section can be applied. */
    cli_options_t scratch;
    cli_defaults(&scratch);
    if (apply_argv(&scratch, argc, argv, false, err, errlen) != CLI_OK)
        return CLI_ERROR;
    if (apply_argv(o, argc, argv, true, err, errlen) != CLI_OK)
        return CLI_ERROR;

    const char *config = o->config_path;
    char xdg_path[4096];
    if (!config) {
        const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
        if (xdg && *xdg)
            snprintf(xdg_path, sizeof xdg_path, "%s/arcana/arcana.ini", xdg);
        else if (home && *home)
            snprintf(xdg_path, sizeof xdg_path, "%s/.config/arcana/arcana.ini", home);
        else
            xdg_path[0] = 0;
        if (xdg_path[0] && access(xdg_path, R_OK) == 0)
            config = o->config_path = keep(o, xdg_path);
    }
    if (config && !scratch.help && !scratch.version) {
        /* The machine named on the command line decides which machine section applies; if
         * none is named there, the file's [arcana] machine = … does. */
        const char *machine = scratch.machine.machine;
        if (!machine) {
            cli_options_t probe;
            cli_defaults(&probe);
            if (cli_load_config(&probe, config, NULL, err, errlen) != CLI_OK)
                return CLI_ERROR;
            machine = probe.machine.machine ? keep(o, probe.machine.machine) : NULL;
        }
        if (cli_load_config(o, config, machine ? machine : machine_default_name(), err, errlen) != CLI_OK)
            return CLI_ERROR;
    }
    return apply_argv(o, argc, argv, false, err, errlen);
}
