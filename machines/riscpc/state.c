/* RiscPC save states (--save-state, --load-state) through the one visitor of machines/state.h:
 * the configuration a state needs, the machine's own fields and event queue, the CPU, RAM and
 * VRAM (machines/state.h: zero, duplicate and kernel pages cost a few bytes, the rest is
 * compressed), every chip and podule card in its own versioned section. The
 * same walk saves, loads, sizes and hashes, so what is saved and what is loaded cannot drift.
 *
 * A load is checked whole before it touches the machine: the first pass loads into a scratch
 * copy of the machine (RAM and VRAM only checked, not copied), the second, into the machine. A
 * refused state therefore leaves the running machine exactly as it was.
 *
 * The network card keeps its registers and buffer RAM; the host side (slirp, TAP) is the host's
 * and carries on: connections it held may have gone. HostFS's open host files are not saved. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "machines/riscpc/internal.h"
#include "machines/state.h"
#include "roms/infile.h"
#include "roms/sha1.h"

#define MACHINE_NAME "riscpc"
#define OLD_MAGIC "ARCANA-RISCPC-1" /* the format before machines/state.h */
/* No event of the machine's own waits longer than the 8 s of the power-on Delete key. */
#define MAX_AHEAD (16 * (uint64_t)RISCPC_TICKS_PER_SECOND)

/* What a load checks the floppy discs against: the discs in the drives now. */
typedef struct media_now {
    bool hashed;
    uint8_t sha1[2][20];
    bool replaced[2]; /* --state-disks: the state's copy replaces the inserted disc */
} media_now_t;

/* The files a state's memory refers to (the kernel and initrd it was saved with), resolved once
 * for both passes of a load: the machine's own copy when it is the same file, else the file at
 * the saved path, which must still hash to what the state says. */
typedef struct state_files {
    unsigned n;
    ser_file_t file[2];
    uint8_t *owned[2]; /* read from the saved path for this load */
    bool resolved;
} state_files_t;

static const char *const file_what[2] = {"kernel", "initrd"};

static void files_free(state_files_t *f)
{
    for (int i = 0; i < 2; i++)
        free(f->owned[i]);
}

/* FNV-1a 64 word-wise (as the file checksum): under a millisecond for a 3 MB kernel where
 * SHA-1 takes ~12, and enough to tell a rebuilt kernel from the one a state was saved with. */
static uint64_t file_hash(const uint8_t *p, size_t n) { return ser_fnv(0xcbf29ce484222325ull, p, n); }

static void loaded_hash(struct riscpc_loaded_file *f)
{
    if (!f->hashed) {
        f->hash = file_hash(f->data, f->size);
        f->hashed = true;
    }
}

/* Resolves a file the state names: the machine's copy, else the one at `path`. */
static void resolve_file(riscpc_t *m, ser_t *s, state_files_t *files, unsigned k, uint8_t which, const char *path,
                         uint64_t size, uint64_t hash)
{
    struct riscpc_loaded_file *own = &m->loaded_file[which];
    if (own->data && own->size == size && (loaded_hash(own), own->hash == hash)) {
        files->file[k] = (ser_file_t){own->data, own->size};
        return;
    }
    uint8_t *buf = NULL;
    size_t len = 0;
    char msg[MACHINE_ERR_LEN];
    if (size <= m->ram_size && infile_read(path, (size_t)size, false, &buf, &len, msg, sizeof msg) == 0 &&
        len == size && file_hash(buf, len) == hash) {
        files->owned[k] = buf;
        files->file[k] = (ser_file_t){buf, len};
        return;
    }
    free(buf);
    ser_fail(s, "saved with the %s %s, which has changed or cannot be read; give that file as it was", file_what[which],
             path);
}

/* The loaded files the memory sections refer to: which, path, size, content hash. */
static void visit_files(riscpc_t *m, ser_t *s, state_files_t *files)
{
    ser_begin(s, "FILE", 1);
    if (!ser_loading(s)) {
        files->n = 0;
        for (int i = 0; i < 2; i++)
            if (m->loaded_file[i].data)
                files->file[files->n++] = (ser_file_t){m->loaded_file[i].data, m->loaded_file[i].size};
    }
    uint8_t count = (uint8_t)files->n;
    SER_MAX(s, count, 2);
    int prev = -1;
    for (unsigned k = 0; k < count && ser_ok(s); k++) {
        uint8_t which = (uint8_t)(prev + 1);
        while (!ser_loading(s) && !m->loaded_file[which].data)
            which++;
        SER_MAX(s, which, 1);
        if (ser_loading(s) && ser_ok(s) && (int)which <= prev)
            ser_fail(s, "the %s is named twice", file_what[which]);
        if (!ser_ok(s))
            break;
        prev = which;
        char path[1024] = {0};
        uint16_t plen = 0;
        uint64_t size = 0;
        uint64_t hash = 0;
        if (!ser_loading(s)) {
            struct riscpc_loaded_file *f = &m->loaded_file[which];
            const char *p = which ? m->initrd_path : m->kernel_path;
            plen = (uint16_t)strnlen(p, sizeof path - 1);
            memcpy(path, p, plen);
            size = f->size;
            if (s->mode != SER_SIZE)
                loaded_hash(f);
            hash = f->hash;
        }
        SER_MAX(s, plen, sizeof path - 1);
        if (ser_ok(s))
            ser_bytes(s, path, plen);
        SER(s, size);
        SER(s, hash);
        if (ser_loading(s) && ser_ok(s) && !files->resolved)
            resolve_file(m, s, files, k, which, path, size, hash);
    }
    if (ser_loading(s) && ser_ok(s)) {
        files->n = count;
        files->resolved = true;
    }
    ser_end(s);
    s->files = files->file;
    s->nfiles = files->n;
}

static unsigned event_list(riscpc_t *m, sched_event_t **ev)
{
    unsigned n = 0;
    ev[n++] = &m->vsync_ev;
    ev[n++] = &m->frame_ev;
    ev[n++] = &m->display_ev;
    ev[n++] = &m->sound_ev;
    ev[n++] = &m->delete_ev;
    ev[n++] = &m->index_ev;
    ev[n++] = &m->iomd_ev;
    ev[n++] = &m->net.poll_ev;
    return n;
}

static uint64_t rom_hash(const riscpc_t *m) { return ser_fnv(0xcbf29ce484222325ull, m->rom, m->rom_size); }

/* What a state must have been saved with: the same processor, memory and ROM. */
static void visit_config(riscpc_t *m, ser_t *s)
{
    ser_begin(s, "CONF", 1);
    uint32_t model = (uint32_t)m->cpu.model, saved_model = model;
    SER(s, saved_model);
    if (ser_loading(s) && ser_ok(s) && saved_model != model)
        ser_fail(s, "saved with another processor (%s), this machine has an %s",
                 saved_model <= ARM_MODEL_SA110 ? arm_model_name((arm_model_t)saved_model) : "unknown",
                 arm_model_name(m->cpu.model));
    uint32_t ram = m->ram_size, vram = m->vram_size;
    SER(s, ram);
    SER(s, vram);
    if (ser_loading(s) && ser_ok(s) && (ram != m->ram_size || vram != m->vram_size))
        ser_fail(s, "saved with another memory size (%u KB RAM, %u KB VRAM; this machine has %u KB, %u KB)",
                 ram >> 10, vram >> 10, m->ram_size >> 10, m->vram_size >> 10);
    uint32_t rom_size = m->rom_size;
    uint64_t hash = s->mode == SER_SIZE ? 0 : rom_hash(m), saved_hash = hash;
    SER(s, rom_size);
    SER(s, saved_hash);
    if (ser_loading(s) && ser_ok(s) && (rom_size != m->rom_size || saved_hash != hash))
        ser_fail(s, "saved with another ROM");
    ser_end(s);
}

static void visit_machine(riscpc_t *m, ser_t *s)
{
    ser_begin(s, "MACH", 1);
    SER_MAX(s, m->sched.now, 1ull << 62); /* ~60 years of emulated time: room for every sum */
    SER(s, m->frame_no);
    SER_MAX(s, m->frame_start, m->sched.now);
    SER(s, m->frame_done);
    SER(s, m->frame_unprogrammed);
    /* the resampler's accumulator stays below the highest sample rate (1 MHz / 2) plus one
     * step: a larger one would be counted down one sample at a time */
    SER_MAX(s, m->audio_phase, 1000000);
    SER_MAX(s, m->mouse_buttons, 7);
    SER(s, m->idle_ticks); /* halted time, which paces the network backend */
    SER(s, m->net.idle_seen);
    sched_event_t *ev[8];
    unsigned n = event_list(m, ev);
    ser_sched(s, &m->sched, ev, n, MAX_AHEAD);
    ser_end(s);
}

/* The floppy discs' identity: a state loads only over the discs it was saved with, unchanged
 * since (else its copy would silently replace the user's disc), unless --state-disks lets the
 * state's copy replace them (and be written back). */
static void visit_media(riscpc_t *m, ser_t *s, media_now_t *now)
{
    ser_begin(s, "MEDI", 1);
    for (int u = 0; u < 2 && ser_ok(s); u++) {
        const fdc_drive_t *d = &m->fdc.drive[u];
        bool present = d->present;
        SER(s, present);
        if (!ser_ok(s))
            break;
        if (ser_loading(s) && present != d->present) {
            ser_fail(s, present ? "saved with a disc in floppy drive %d, which is empty now"
                                : "saved with floppy drive %d empty; a disc is in it now", u);
            break;
        }
        if (!present)
            continue;
        uint8_t sha[20];
        if (ser_loading(s))
            memcpy(sha, now->sha1[u], 20);
        else
            sha1(d->data, d->size, sha);
        ser_bytes(s, sha, 20);
        if (!ser_loading(s) || !ser_ok(s))
            continue;
        now->replaced[u] = memcmp(sha, now->sha1[u], 20) != 0;
        if (now->replaced[u] && !m->state_disks)
            ser_fail(s, "the disc in floppy drive %d is not the one (or not as it was) when the state was saved; "
                     "insert that disc, or give --state-disks to let the state's copy replace it", u);
        memcpy(now->sha1[u], sha, 20); /* what the loaded contents must hash to */
    }
    ser_end(s);
}

/* The disc contents just loaded must be the ones the state names. */
static void check_media(riscpc_t *m, ser_t *s, const riscpc_t *running, const media_now_t *want)
{
    for (int u = 0; u < 2 && ser_ok(s); u++) {
        const fdc_drive_t *d = &m->fdc.drive[u], *r = &running->fdc.drive[u];
        if (!d->present)
            continue;
        /* unchanged from the inserted disc (the usual case, a compare), else hashed */
        if (!want->replaced[u] && d->size == r->size && (d == r || memcmp(d->data, r->data, d->size) == 0))
            continue;
        uint8_t sha[20];
        sha1(d->data, d->size, sha);
        if (memcmp(sha, want->sha1[u], 20) != 0)
            ser_fail(s, "floppy drive %d's contents are not the disc the state names (damaged)", u);
    }
}

/* One section holding one visit. */
#define SECTION(tag, visit_call)                                                                  \
    do {                                                                                          \
        ser_begin(s, tag, 1);                                                                     \
        visit_call;                                                                               \
        ser_end(s);                                                                               \
    } while (0)

/* The whole machine, in one order for every purpose. `running` is the machine a load will land
 * in (m itself, or the one m is a scratch copy of). */
static void visit(riscpc_t *m, ser_t *s, const riscpc_t *running, media_now_t *media, state_files_t *files)
{
    ser_file_begin(s, MACHINE_NAME);
    visit_config(m, s);
    visit_files(m, s, files);
    visit_machine(m, s);
    SECTION("ARM ", arm_serialize(&m->cpu, s));
    SECTION("RAM ", ser_memory(s, m->ram, m->ram_size));
    SECTION("VRAM", ser_memory(s, m->vram, m->vram_size));
    SECTION("IOMD", iomd_serialize(&m->iomd, s));
    SECTION("VIDC", vidc20_serialize(&m->vidc, s));
    SECTION("SIO ", superio_serialize(&m->sio, s));
    SECTION("COM1", uart16550_serialize(&m->uart[0], s));
    SECTION("COM2", uart16550_serialize(&m->uart[1], s));
    SECTION("RTC ", pcf8583_serialize(&m->rtc, s));
    SECTION("KBD ", ps2_serialize(&m->kbd, s));
    SECTION("PODS", podule_bus_serialize(&m->pod, s));
    SECTION("IDE ", ide_serialize(&m->ide, s));
    SECTION("HFS ", riscpc_hostfs_serialize(&m->hostfs, s, m != running));
    visit_media(m, s, media);
    SECTION("FDC ", fdc_serialize(&m->fdc, s));
    ser_file_end(s);
    if (!ser_loading(s) || !ser_ok(s))
        return;
    check_media(m, s, running, media);
    /* the CPU's interrupt inputs are IOMD's outputs; IOMD's event is at its next deadline */
    uint64_t next = iomd_next_event(&m->iomd);
    if (ser_ok(s) && (m->cpu.irq_line != m->iomd.irq_out || m->cpu.fiq_line != m->iomd.fiq_out))
        ser_fail(s, "the processor's interrupt lines differ from IOMD's outputs (damaged)");
    else if (ser_ok(s) && (m->iomd_ev.pending != (next != UINT64_MAX) || (m->iomd_ev.pending && m->iomd_ev.when != next)))
        ser_fail(s, "IOMD's event is not at its next deadline (damaged)");
}
#undef SECTION

int riscpc_save_state(machine_t *mm, const char *path, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    ser_t s;
    ser_init(&s, SER_SAVE);
    /* at most: memory with a flag per page, both discs, and the chips' few KB */
    ser_reserve(&s, (size_t)m->ram_size + m->vram_size + 2 * (size_t)FDC_MAX_IMAGE + (1u << 20));
    media_now_t media = {0};
    state_files_t files = {0};
    visit(m, &s, m, &media, &files);
    return ser_finish_save(&s, path, err, errlen);
}

/* A state in the format before machines/state.h gets its own message. */
static bool old_format(const uint8_t *buf, size_t len)
{
    return len >= sizeof OLD_MAGIC && memcmp(buf, OLD_MAGIC, sizeof OLD_MAGIC) == 0;
}

/* The first pass: everything loaded into a scratch copy of the machine and checked there. */
static void check_pass(riscpc_t *m, ser_t *s, media_now_t *media, state_files_t *files)
{
    riscpc_t *scratch = malloc(sizeof *m);
    if (!scratch) {
        ser_fail(s, "out of memory");
        return;
    }
    /* all but the JIT's translations (half the struct), which no visit reaches */
    size_t jit = offsetof(riscpc_t, jit), after = jit + sizeof m->jit;
    memcpy(scratch, m, jit);
    memcpy((char *)scratch + after, (const char *)m + after, sizeof *m - after);
    scratch->ram = NULL; /* checked, not copied: ser_memory */
    scratch->vram = NULL;
    /* what the visit reaches through pointers must be the scratch copy's own */
    scratch->iomd.cfg.clock = &scratch->sched.now;
    uintptr_t base = (uintptr_t)m;
    for (int i = 0; i < PODULE_SLOTS; i++) {
        uintptr_t card = (uintptr_t)scratch->pod.card[i].ctx;
        if (!scratch->pod.present[i] || !scratch->pod.card[i].serialize)
            continue;
        if (card < base || card >= base + sizeof *m) { /* every card lives in the machine */
            ser_fail(s, "podule slot %d's card is not part of the machine", i);
            free(scratch);
            return;
        }
        scratch->pod.card[i].ctx = (char *)scratch + (card - base);
    }
    visit(scratch, s, m, media, files);
    free(scratch);
}

int riscpc_load_state(machine_t *mm, const char *path, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    /* Bounded by what this machine's state can hold: RAM, VRAM, two discs and the chips. */
    size_t max = (size_t)m->ram_size + m->vram_size + 2 * (size_t)FDC_MAX_IMAGE + (4u << 20);
    uint8_t *buf;
    size_t len;
    char msg[MACHINE_ERR_LEN];
    if (infile_read(path, max, false, &buf, &len, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "load state %s", msg);
        return -1;
    }
    ser_t s;
    ser_init_load(&s, buf, len);
    if (old_format(buf, len)) {
        snprintf(err, errlen, "load state %s: a state of an older Arcana (format %s), which this build does not read; "
                 "machine unchanged", path, OLD_MAGIC);
        free(buf);
        return -1;
    }
    media_now_t media = {0};
    state_files_t files = {0};
    if (ser_file_check(&s, MACHINE_NAME)) {
        for (int u = 0; u < 2; u++) /* hashed once here, not in each pass */
            if (m->fdc.drive[u].present)
                sha1(m->fdc.drive[u].data, m->fdc.drive[u].size, media.sha1[u]);
        for (int i = 0; i < 2; i++) /* hashed once per run, before the scratch copy */
            if (m->loaded_file[i].data)
                loaded_hash(&m->loaded_file[i]);
        media_now_t first = media;
        check_pass(m, &s, &first, &files);
    }
    if (!ser_ok(&s)) {
        snprintf(err, errlen, "load state %s: %s; machine unchanged", path, s.err);
        files_free(&files);
        free(buf);
        return -1;
    }
    ser_init_load(&s, buf, len);
    visit(m, &s, m, &media, &files);
    files_free(&files);
    free(buf);
    if (!ser_ok(&s)) { /* cannot happen: the same bytes passed above */
        riscpc_reset(mm, true);
        snprintf(err, errlen, "load state %s: %s; machine reset", path, s.err);
        return -1;
    }
    /* What follows from the loaded state rather than being part of it. */
    m->base.ticks = m->sched.now;
    for (int u = 0; u < 2; u++)
        if (media.replaced[u]) /* --state-disks: the state's disc goes back to the file */
            m->fdc.drive[u].dirty = true;
    if (m->use_jit)
        arm_jit_flush(&m->jit);
    if (m->replay)
        arm_replay_sync(m->replay);
    return 0;
}
