/* RiscPC save states (--save-state, --load-state).
 * File: magic, format version, configuration (CPU model, RAM, VRAM, ROM size and hash), then
 * every component's fields in one fixed order through a single visitor, then an FNV-1a hash
 * of everything before it. A state loads only into a machine of the same configuration. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chips/state_check.h"
#include "machines/riscpc/internal.h"
#include "roms/infile.h"
#include "roms/sha1.h"

#define STATE_MAGIC "ARCANA-RISCPC-1"
#define STATE_VERSION 2u /* 2: the disks' identity before the hash */

typedef struct state_io {
    FILE *f;                   /* saving: output file, or */
    uint8_t *out;              /* saving: output buffer of out_cap bytes */
    size_t out_cap, out_len;
    const uint8_t *in;         /* loading: input buffer */
    size_t in_len, pos;
    bool loading, short_input, write_error;
    bool no_hash;              /* saving a snapshot in memory: nobody checks it */
    uint64_t hash;
} state_io_t;

/* The hash runs over every byte of a state (megabytes): keep the fuzzing build's per-comparison
 * coverage hooks out of its loop, or they cost more than everything else a load does. */
#if defined(__clang__)
__attribute__((no_sanitize("coverage"), noinline))
#endif
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static void state_field(void *ctx, void *data, size_t size)
{
    state_io_t *io = ctx;
    if (io->loading) {
        if (io->pos + size > io->in_len) {
            io->short_input = true;
            return;
        }
        memcpy(data, io->in + io->pos, size);
        io->pos += size;
    } else {
        if (!io->no_hash)
            io->hash = fnv(io->hash, data, size);
        if (io->out) {
            if (size > io->out_cap - io->out_len) {
                io->write_error = true;
                return;
            }
            memcpy(io->out + io->out_len, data, size);
            io->out_len += size;
        } else if (fwrite(data, 1, size, io->f) != size)
            io->write_error = true;
    }
}

/* The machine's own events wait at most the 8 s of the power-on Delete key. */
#define STATE_MAX_AHEAD (16 * RISCPC_TICKS_PER_SECOND)

static bool state_event(riscpc_t *m, state_io_t *io, sched_event_t *e)
{
    bool pending = e->pending;
    uint64_t when = e->when;
    if (!state_deadline(state_field, io, io->loading, &pending, &when, m->sched.now, STATE_MAX_AHEAD))
        return false;
    if (io->loading) {
        if (pending)
            sched_at(&m->sched, e, when);
        else
            sched_cancel(&m->sched, e);
    }
    return true;
}

/* The CPU through its public interface: every mode's registers, the SPSRs, CPSR, CP15. */
static bool state_cpu(riscpc_t *m, state_io_t *io)
{
    static const unsigned modes[6] = {ARM_MODE_USR, ARM_MODE_FIQ, ARM_MODE_IRQ, ARM_MODE_SVC, ARM_MODE_ABT, ARM_MODE_UND};
    arm_cpu_t *cpu = &m->cpu;
    uint32_t regs[6][15], spsr[6], cpsr = arm_get_cpsr(cpu), pc = cpu->r[15];
    uint32_t cp15[5];
    static const unsigned cp15_regs[5] = {1, 2, 3, 5, 6};
    for (int i = 0; i < 6; i++) {
        for (unsigned n = 0; n < 15; n++)
            regs[i][n] = arm_get_reg(cpu, modes[i], n);
        spsr[i] = i ? arm_get_spsr(cpu, modes[i]) : 0;
    }
    for (int i = 0; i < 5; i++)
        cp15[i] = arm_cp15_read(cpu, cp15_regs[i]);
    uint8_t halted = cpu->halted, clock_switching = cpu->cp15.clock_switching;
    uint64_t cycles = cpu->cycles, insns = cpu->insns;
    state_field(io, regs, sizeof regs);
    state_field(io, spsr, sizeof spsr);
    state_field(io, &cpsr, sizeof cpsr);
    state_field(io, &pc, sizeof pc);
    state_field(io, cp15, sizeof cp15);
    state_field(io, &halted, sizeof halted);
    state_field(io, &clock_switching, sizeof clock_switching);
    state_field(io, &cycles, sizeof cycles);
    state_field(io, &insns, sizeof insns);
    if (!io->loading)
        return true;
    if (halted > 1 || clock_switching > 1)
        return false;
    for (int i = 0; i < 5; i++)
        arm_cp15_write(cpu, cp15_regs[i], cp15[i]);
    for (int i = 0; i < 6; i++) {
        arm_set_cpsr(cpu, (cpsr & ~ARM_PSR_MODE) | modes[i]);
        for (unsigned n = 0; n < 15; n++)
            if (i == 0 || n >= 13 || (modes[i] == ARM_MODE_FIQ && n >= 8))
                arm_set_reg(cpu, modes[i], n, regs[i][n]);
        if (i)
            arm_set_spsr(cpu, modes[i], spsr[i]);
    }
    arm_set_cpsr(cpu, cpsr);
    arm_set_reg(cpu, cpsr & ARM_PSR_MODE, 15, pc);
    cpu->halted = halted;
    cpu->cp15.clock_switching = clock_switching;
    cpu->cycles = cycles;
    cpu->insns = insns;
    arm_flush_mappings(cpu);
    /* a mode this CPU does not have is refused by arm_set_cpsr, which keeps the old one */
    return (arm_get_cpsr(cpu) & ARM_PSR_MODE) == (cpsr & ARM_PSR_MODE);
}

/* Everything, in one order, for both directions. Returns false on a component version clash or
 * a field out of range (loading stops at the first). */
static bool state_all(riscpc_t *m, state_io_t *io)
{
    if (io->loading) {
        uint64_t now;
        state_field(io, &now, sizeof now);
        if (now > (1ull << 62)) /* ~60 years of emulated time: room for every sum below */
            return false;
        m->sched.now = now;
    } else {
        state_field(io, &m->sched.now, sizeof m->sched.now);
    }
    if (!state_cpu(m, io))
        return false;
    state_field(io, m->ram, m->ram_size);
    state_field(io, m->vram, m->vram_size);
    bool ok = iomd_serialize(&m->iomd, state_field, io, io->loading) &&
              vidc20_serialize(&m->vidc, state_field, io, io->loading) &&
              superio_serialize(&m->sio, state_field, io, io->loading) &&
              uart16550_serialize(&m->uart[0], state_field, io, io->loading) &&
              uart16550_serialize(&m->uart[1], state_field, io, io->loading) &&
              pcf8583_serialize(&m->rtc, state_field, io, io->loading) &&
              ps2_serialize(&m->kbd, state_field, io, io->loading) &&
              podule_bus_serialize(&m->pod, state_field, io, io->loading) &&
              ide_serialize(&m->ide, state_field, io, io->loading) &&
              fdc_serialize(&m->fdc, state_field, io, io->loading);
    if (!ok)
        return false;
    if (io->loading)
        riscpc_iomd_rearm(m);
    state_field(io, &m->frame_no, sizeof m->frame_no);
    state_field(io, &m->frame_start, sizeof m->frame_start);
    state_field(io, &m->frame_done, sizeof m->frame_done);
    state_field(io, &m->frame_unprogrammed, sizeof m->frame_unprogrammed);
    state_field(io, &m->audio_phase, sizeof m->audio_phase);
    state_field(io, &m->mouse_buttons, sizeof m->mouse_buttons);
    /* the resampler's accumulator stays below the highest sample rate (1 MHz / 2) plus one step:
     * a larger one would be counted down one sample at a time */
    if (io->loading && (!STATE_BOOL_OK(m->frame_done) || !STATE_BOOL_OK(m->frame_unprogrammed) ||
                        m->audio_phase > 1000000 || m->mouse_buttons > 7 || m->frame_start > m->sched.now))
        return false;
    if (!state_event(m, io, &m->vsync_ev) || !state_event(m, io, &m->frame_ev) ||
        !state_event(m, io, &m->display_ev) || !state_event(m, io, &m->sound_ev) ||
        !state_event(m, io, &m->delete_ev) || !state_event(m, io, &m->index_ev))
        return false;
    if (io->loading) {
        m->base.ticks = m->sched.now;
        arm_set_irq(&m->cpu, m->iomd.irq_out);
        arm_set_fiq(&m->cpu, m->iomd.fiq_out);
    }
    return true;
}

typedef struct state_header {
    char magic[16];
    uint32_t version, model, ram_size, vram_size, rom_size, pad;
    uint64_t rom_hash;
} state_header_t;

static void make_header(riscpc_t *m, state_header_t *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, STATE_MAGIC, sizeof STATE_MAGIC);
    h->version = STATE_VERSION;
    h->model = (uint32_t)m->cpu.model;
    h->ram_size = m->ram_size;
    h->vram_size = m->vram_size;
    h->rom_size = m->rom_size;
    h->rom_hash = fnv(0xcbf29ce484222325ull, m->rom, m->rom_size);
}

/* What was in the floppy drives when a state was saved (issue 18), kept just before the hash.
 * A state loads only over the same discs, unchanged since: otherwise its copy of a disc would
 * silently replace the one the user inserted. With --state-disks (cfg.state_disks) the state's
 * disc contents do replace them, and are written back. */
typedef struct state_media {
    uint8_t present[2];
    uint8_t sha1[2][20];
    uint8_t pad[6];
} state_media_t;

static void media_identity(riscpc_t *m, state_media_t *sm)
{
    memset(sm, 0, sizeof *sm);
    for (int u = 0; u < 2; u++) {
        const fdc_drive_t *d = &m->fdc.drive[u];
        if (d->present) {
            sm->present[u] = 1;
            sha1(d->data, d->size, sm->sha1[u]);
        }
    }
}

/* NULL when the drives hold what the state was saved with, else what differs. */
static const char *media_mismatch(riscpc_t *m, const state_media_t *saved)
{
    state_media_t now;
    media_identity(m, &now);
    for (int u = 0; u < 2; u++) {
        if (saved->present[u] > 1)
            return "damaged (disc table)";
        if (saved->present[u] != now.present[u])
            return saved->present[u] ? (u ? "saved with a disc in floppy drive 1, which is empty now"
                                          : "saved with a disc in floppy drive 0, which is empty now")
                                     : (u ? "saved with floppy drive 1 empty; a disc is in it now"
                                          : "saved with floppy drive 0 empty; a disc is in it now");
        if (saved->present[u] && memcmp(saved->sha1[u], now.sha1[u], 20) != 0)
            return u ? "the disc in floppy drive 1 is not the one (or not as it was) when the state was saved"
                     : "the disc in floppy drive 0 is not the one (or not as it was) when the state was saved";
    }
    return NULL;
}

int riscpc_save_state(machine_t *mm, const char *path, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errlen, "save state %s: %s", path, strerror(errno));
        return -1;
    }
    state_io_t io = {.f = f, .hash = 0xcbf29ce484222325ull};
    state_header_t h;
    make_header(m, &h);
    state_field(&io, &h, sizeof h);
    state_all(m, &io);
    state_media_t media;
    media_identity(m, &media);
    state_field(&io, &media, sizeof media);
    uint64_t hash = io.hash;
    if (fwrite(&hash, sizeof hash, 1, f) != 1)
        io.write_error = true;
    if (fclose(f) != 0 || io.write_error || rename(tmp, path) != 0) {
        snprintf(err, errlen, "save state %s: write failed: %s", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

/* Loads the body of a state (after the header) into the machine; false when it does not fit. */
static bool state_load_body(riscpc_t *m, const uint8_t *buf, size_t pos, size_t len)
{
    state_io_t io = {.in = buf, .in_len = len, .pos = pos, .loading = true};
    bool ok = state_all(m, &io) && !io.short_input && io.pos == len;
    if (m->use_jit)
        arm_jit_flush(&m->jit);
    if (m->replay)
        arm_replay_sync(m->replay);
    return ok;
}

int riscpc_load_state(machine_t *mm, const char *path, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    /* Bounded by what this machine's state can hold: RAM, VRAM and the chips' few MB. */
    size_t max = sizeof(state_header_t) + m->ram_size + m->vram_size + (64u << 20);
    uint8_t *buf;
    size_t len;
    char msg[MACHINE_ERR_LEN];
    if (infile_read(path, max, false, &buf, &len, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "load state %s", msg);
        return -1;
    }
    if (len < sizeof(state_header_t) + sizeof(state_media_t) + 8) {
        free(buf);
        snprintf(err, errlen, "load state %s: not a RiscPC state file (too short)", path);
        return -1;
    }
    size_t body = len - 8;
    uint64_t want;
    memcpy(&want, buf + body, 8);
    state_header_t h, mine;
    memcpy(&h, buf, sizeof h);
    make_header(m, &mine);
    const char *problem = NULL;
    if (memcmp(h.magic, STATE_MAGIC, sizeof STATE_MAGIC) != 0)
        problem = "not a RiscPC state file";
    else if (h.version != STATE_VERSION)
        problem = "made by another version of Arcana";
    else if (fnv(0xcbf29ce484222325ull, buf, body) != want)
        problem = "corrupt (checksum mismatch)";
    else if (h.model != mine.model || h.ram_size != mine.ram_size || h.vram_size != mine.vram_size)
        problem = "saved with another CPU or memory size";
    else if (h.rom_size != mine.rom_size || h.rom_hash != mine.rom_hash)
        problem = "saved with another ROM";
    state_media_t media;
    memcpy(&media, buf + body - sizeof media, sizeof media);
    const char *disc_problem = problem ? NULL : media_mismatch(m, &media);
    if (disc_problem && !m->state_disks) {
        free(buf);
        snprintf(err, errlen, "load state %s: %s; insert that disc, or give --state-disks to let the state's copy "
                 "replace it; nothing changed", path, disc_problem);
        return -1;
    }
    if (problem) {
        free(buf);
        snprintf(err, errlen, "load state %s: %s", path, problem);
        return -1;
    }
    /* The fields land in the machine as they are read and are checked as they come; keep the
     * machine as it is now, to put back when one is out of range. */
    /* room for everything: memory, the big chips whole, and a megabyte for the rest */
    size_t cap = (size_t)m->ram_size + m->vram_size + sizeof m->fdc + sizeof m->ide + sizeof m->vidc + (1u << 20);
    state_io_t out = {.out = malloc(cap), .out_cap = cap, .no_hash = true};
    if (out.out)
        state_all(m, &out);
    if (!out.out || out.write_error) {
        free(buf);
        free(out.out);
        snprintf(err, errlen, "load state %s: out of memory", path);
        return -1;
    }
    uint8_t *snap = out.out;
    bool ok = state_load_body(m, buf, sizeof h, body - sizeof media);
    free(buf);
    /* The discs the state carries must be the ones it says it was saved with. */
    if (ok && !disc_problem && media_mismatch(m, &media))
        ok = false;
    if (ok && disc_problem) /* --state-disks: the state's discs go back to the files */
        for (int u = 0; u < 2; u++)
            if (m->fdc.drive[u].present)
                m->fdc.drive[u].dirty = true;
    if (!ok) {
        if (!state_load_body(m, snap, 0, out.out_len))
            riscpc_reset(mm, true); /* cannot happen: the snapshot is this machine's own */
        free(snap);
        snprintf(err, errlen, "load state %s: damaged or from another build (a field is out of range); "
                 "machine unchanged", path);
        return -1;
    }
    free(snap);
    return 0;
}

