#include "frontend/batch.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "frontend/flush.h"
#include "frontend/png.h"
#include "frontend/script.h"
#include "roms/sha1.h"

#define SERIAL_KEEP 65536 /* serial text kept per image for the report */

typedef struct batch_job {
    char *image;
    int status;
    double emu_s, wall_s;
    char image_sha1[41], frame_sha1[41];
    char png[1400];
    char *serial;
    size_t serial_len;
    bool blank, done;
    char error[MACHINE_ERR_LEN];
    script_t script;
    bool scripted;
} batch_job_t;

typedef struct batch {
    const batch_cfg_t *cfg;
    batch_job_t *jobs;
    int count, next, finished, written;
    FILE *out;
    char frames_dir[1100];
    pthread_mutex_t lock;
    double start;
} batch_t;

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void job_serial(void *ctx, uint8_t byte)
{
    batch_job_t *j = ctx;
    if (j->scripted)
        script_serial_tap(&j->script, byte);
    if (!j->serial)
        j->serial = malloc(SERIAL_KEEP);
    if (j->serial && j->serial_len < SERIAL_KEEP)
        j->serial[j->serial_len++] = (char)byte;
}

/* SHA-1 of the image file as the user has it (not of what a loader makes of it). */
static int file_sha1(const char *path, char hex[41], char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 30)) {
        snprintf(err, errlen, "%s: %s", path, !f ? strerror(errno) : "not a regular file of at most 1 GB");
        if (f)
            fclose(f);
        return -1;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *data = malloc(n ? n : 1), d[20];
    bool ok = data && fread(data, 1, n, f) == n;
    fclose(f);
    if (ok)
        sha1(data, n, d);
    free(data);
    if (!ok) {
        snprintf(err, errlen, "%s: cannot be read", path);
        return -1;
    }
    for (int i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}

static void run_job(batch_t *b, int index)
{
    const batch_cfg_t *cfg = b->cfg;
    batch_job_t *j = &b->jobs[index];
    double t0 = wall_now();
    j->status = 2;
    if (file_sha1(j->image, j->image_sha1, j->error, sizeof j->error) != 0)
        goto out;
    if (cfg->script) {
        if (script_load(&j->script, cfg->script, j->error, sizeof j->error) != 0)
            goto out;
        j->script.software = cfg->software;
        j->scripted = true;
    }
    machine_config_t mc = cfg->machine;
    mc.floppy[0] = j->image;
    mc.serial = NULL; /* many machines at once: the text goes into the report instead */
    mc.serial_tap = job_serial;
    mc.serial_tap_ctx = j;
    machine_t *m;
    if (machine_create(&mc, &m, j->error, sizeof j->error) != 0)
        goto out;
    uint64_t end_tick = cfg->seconds > 0 ? m->ticks + (uint64_t)(cfg->seconds * (double)m->ticks_per_second) : 0;
    long frames = 0;
    long long flushed_ns = 0;
    int16_t audio[4096 * 2];
    j->status = 0;
    for (;;) {
        if (j->scripted) {
            int st = script_step(&j->script, m, j->error, sizeof j->error);
            if (st != SCRIPT_RUNNING) {
                j->status = st;
                break;
            }
        }
        if ((cfg->frames && frames >= cfg->frames) || (end_tick && m->ticks >= end_tick)) {
            if (j->scripted)
                j->status = script_run_ended(&j->script, j->error, sizeof j->error);
            break;
        }
        machine_run_frame(m);
        frames++;
        flush_if_due(m, &flushed_ns);
        if (j->scripted)
            script_frame_done(&j->script);
        while (machine_drain_audio(m, audio, 4096) > 0)
            ;
    }
    j->emu_s = machine_seconds(m);
    machine_frame_t f;
    machine_get_frame(m, &f);
    j->blank = frame_is_blank(&f);
    if (frame_rgb_sha1(&f, j->frame_sha1) == 0) {
        const char *base = strrchr(j->image, '/');
        char msg[MACHINE_ERR_LEN];
        snprintf(j->png, sizeof j->png, "%s/%04d-%.200s.png", b->frames_dir, index + 1, base ? base + 1 : j->image);
        const char *keys[] = {"Software", "Machine", "Image", NULL};
        const char *values[] = {cfg->software, m->type->name, j->image, NULL};
        if (png_write_frame(j->png, &f, keys, values, 0, msg, sizeof msg) != 0) {
            snprintf(j->error, sizeof j->error, "%s", msg);
            j->png[0] = 0;
        }
    }
    machine_destroy(m);
out:
    if (j->scripted)
        script_free(&j->script);
    j->wall_s = wall_now() - t0;
}

static void json_string(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\u%04x", c); /* bytes as Latin-1: the report stays valid UTF-8 */
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void write_job(FILE *out, const batch_job_t *j)
{
    fputs("{\"image\": ", out);
    json_string(out, j->image, strlen(j->image));
    fprintf(out, ", \"image_sha1\": \"%s\", \"status\": %d, \"emulated_seconds\": %.3f, \"wall_seconds\": %.3f",
            j->image_sha1, j->status, j->emu_s, j->wall_s);
    fprintf(out, ", \"frame_sha1\": \"%s\", \"png\": ", j->frame_sha1);
    json_string(out, j->png, strlen(j->png));
    fputs(", \"serial\": ", out);
    json_string(out, j->serial ? j->serial : "", j->serial_len);
    fprintf(out, ", \"blank\": %s, \"error\": ", j->blank ? "true" : "false");
    json_string(out, j->error, strlen(j->error));
    fputs("}\n", out);
}

static void *worker(void *arg)
{
    batch_t *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int i = b->next < b->count ? b->next++ : -1;
        pthread_mutex_unlock(&b->lock);
        if (i < 0)
            return NULL;
        run_job(b, i);
        pthread_mutex_lock(&b->lock);
        b->jobs[i].done = true;
        b->finished++;
        /* The report keeps LIST's order: write every finished job up to the first unfinished. */
        while (b->written < b->count && b->jobs[b->written].done)
            write_job(b->out, &b->jobs[b->written++]);
        fflush(b->out);
        double rate = b->finished / (wall_now() - b->start);
        fprintf(stderr, "batch: %d/%d done, %.2f images/s\n", b->finished, b->count, rate);
        pthread_mutex_unlock(&b->lock);
    }
}

static int read_list(batch_t *b, const char *path)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        fprintf(stderr, "arcana: --batch: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int cap = 0, lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (!n || line[0] == '#')
            continue;
        if (b->count == cap) {
            cap = cap ? cap * 2 : 64;
            batch_job_t *more = realloc(b->jobs, (size_t)cap * sizeof *more);
            if (!more) {
                fprintf(stderr, "arcana: --batch: %s: out of memory at line %d\n", path, lineno);
                rc = -1;
                break;
            }
            b->jobs = more;
        }
        batch_job_t *j = &b->jobs[b->count];
        memset(j, 0, sizeof *j);
        if (!(j->image = strdup(line))) {
            rc = -1;
            break;
        }
        b->count++;
    }
    if (f != stdin)
        fclose(f);
    if (rc == 0 && b->count == 0) {
        fprintf(stderr, "arcana: --batch: %s: names no images\n", path);
        rc = -1;
    }
    return rc;
}

int batch_run(const batch_cfg_t *cfg)
{
    if (!cfg->script && cfg->seconds <= 0 && cfg->frames <= 0) {
        fprintf(stderr, "arcana: --batch needs --seconds S, --frames N or --script FILE to know when to stop\n");
        return 2;
    }
    batch_t b = {.cfg = cfg};
    int status = 2;
    if (read_list(&b, cfg->list) != 0)
        goto done;
    /* OUT.jsonl -> OUT.frames/ for the final frames. */
    const char *dot = strrchr(cfg->report, '.'), *slash = strrchr(cfg->report, '/');
    int stem = dot && (!slash || dot > slash) ? (int)(dot - cfg->report) : (int)strlen(cfg->report);
    snprintf(b.frames_dir, sizeof b.frames_dir, "%.*s.frames", stem, cfg->report);
    if (mkdir(b.frames_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "arcana: --report: %s: cannot make the frames folder: %s\n", b.frames_dir, strerror(errno));
        goto done;
    }
    if (!(b.out = fopen(cfg->report, "w"))) {
        fprintf(stderr, "arcana: --report: %s: %s\n", cfg->report, strerror(errno));
        goto done;
    }
    pthread_mutex_init(&b.lock, NULL);
    b.start = wall_now();
    int n = cfg->jobs < 1 ? 1 : cfg->jobs > b.count ? b.count : cfg->jobs;
    pthread_t threads[64];
    if (n > 64)
        n = 64;
    int started = 0;
    for (; started < n; started++)
        if (pthread_create(&threads[started], NULL, worker, &b) != 0)
            break;
    if (started == 0)
        worker(&b);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&b.lock);
    status = 0;
    for (int i = 0; i < b.count; i++)
        if (b.jobs[i].status != 0)
            status = 1;
    if (fclose(b.out) != 0) {
        fprintf(stderr, "arcana: --report: %s: write failed\n", cfg->report);
        status = 2;
    }
    fprintf(stderr, "batch: %d images in %.1f s\n", b.count, wall_now() - b.start);
done:
    for (int i = 0; i < b.count; i++) {
        free(b.jobs[i].image);
        free(b.jobs[i].serial);
    }
    free(b.jobs);
    return status;
}
