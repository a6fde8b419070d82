/* A500 save states (issue 16): every chip, the CPU, memory and the event queue through one
 * ser_t visitor (machines/state.h). A state can be saved at any instruction boundary —
 * mid-frame, mid-blit, during disk DMA, with a motor running — because it holds each chip's
 * state exactly as it is, lazily caught-up clocks included (Paula's `now`, the CIAs' E count).
 *
 * Boards on the expansion bus are refused for now: the A2065's host side (slirp) and the HostFS
 * board's open host files and locks cannot be put back as they were, and a state that
 * silently lost them would corrupt the guest's view of its files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machines/a500_internal.h"
#include "machines/state.h"
#include "roms/infile.h"

#define MAX_AHEAD (10 * (uint64_t)A500_TICKS_PER_SECOND) /* no A500 event is further off */

static unsigned event_list(a500_t *m, sched_event_t **ev)
{
    ev[0] = &m->ev_cia;
    ev[1] = &m->ev_paula;
    ev[2] = &m->ev_kbd;
    ev[3] = &m->ev_index;
    ev[4] = &m->ev_ipl;
    return 5;
}

/* What a state must have been saved with: the same ROMs and chipset. */
static void visit_config(a500_t *m, ser_t *s)
{
    ser_begin(s, "CONF", 1);
    uint64_t rom = ser_fnv(ser_fnv(0xcbf29ce484222325ull, m->rom, ROM_SIZE), m->ext, ROM_SIZE), saved = rom;
    SER(s, saved);
    if (ser_loading(s) && ser_ok(s) && saved != rom)
        ser_fail(s, "saved with another Kickstart ROM");
    uint32_t model = (uint32_t)m->agnus.cfg.model, smodel = model;
    SER(s, smodel);
    if (ser_loading(s) && ser_ok(s) && smodel != model)
        ser_fail(s, "saved with the %s chipset, this machine has %s", smodel ? "ECS" : "OCS", model ? "ECS" : "OCS");
    SER_EXPECT(s, m->has_ext, "an extension ROM:");
    ser_end(s);
}

static void visit_machine(a500_t *m, ser_t *s)
{
    ser_begin(s, "MACH", 2);
    SER(s, m->base.ticks);
    SER(s, m->cia_e);
    SER(s, m->overlay);
    SER(s, m->frame_done);
    SER(s, m->reset_pending);
    SER(s, m->logged_unknown_reg);
    SER(s, m->mouse_x);
    SER(s, m->mouse_y);
    SER(s, m->joy1);
    SER(s, m->fire[0]);
    SER(s, m->fire[1]);
    SER_MAX(s, m->ipl_next, 7);
    if (!ser_loading(s) || s->section_version >= 2)
        SER(s, m->cpu.bus_data); /* the chip bus's latch */
    sched_event_t *ev[8];
    unsigned n = event_list(m, ev);
    ser_sched(s, &m->sched, ev, n, MAX_AHEAD);
    ser_end(s);
}

/* Each chip keeps its own clock, caught up lazily. In a saved machine none is ahead of the
 * machine's time, and those whose catching up takes time in proportion (Agnus, Paula's audio)
 * are not far behind it: a damaged clock would have a chip run for years of emulated time. */
static bool within(uint64_t v, uint64_t now, uint64_t behind, uint64_t ahead)
{
    return v <= now ? now - v <= behind : v - now <= ahead;
}

static void check_clocks(a500_t *m, ser_t *s)
{
    uint64_t now = m->base.ticks, sec = A500_TICKS_PER_SECOND, cck = m->agnus.cck;
    const char *bad = NULL;
    if (m->cpu.cycles > (UINT64_MAX >> 8) || m->cpu.cycles * TICKS_PER_CPU != now)
        bad = "the 68000's";
    else if (!within(m->sched.now, now, sec, sec))
        bad = "the scheduler's";
    else if (cck > (UINT64_MAX >> 8) || !within(cck * AGNUS_TICKS_PER_CCK, now, sec, sec) ||
             m->agnus.cpu_cck > cck + 1000)
        bad = "Agnus's";
    else if (!within(m->paula.now, now, 60 * sec, sec) || !within(m->paula.next_sample, now, 60 * sec, sec) ||
             m->paula.disk_slot > (now + sec) / PAULA_DISK_WORD_TICKS || !within(m->paula.tx_done, now, UINT64_MAX, 10 * sec))
        bad = "Paula's";
    else if (m->cia_e > (now + sec) / TICKS_PER_E)
        bad = "the CIAs'";
    else if (m->kbd.now > now + sec)
        bad = "the keyboard's";
    for (int i = 0; i < 4 && !bad; i++)
        if (m->paula.aud[i].active && !within(m->paula.aud[i].next, now, 60 * sec, 10 * sec))
            bad = "an audio channel's";
    for (unsigned i = 0; i < m->agnus.npending && !bad; i++)
        if (!within(m->agnus.pending[i].due, cck, 64, 64))
            bad = "a register write's";
    if (bad)
        ser_fail(s, "%s clock is far from the machine's time (damaged)", bad);
}

static void visit(a500_t *m, ser_t *s)
{
    static const char df_tag[4][4] = {{'D', 'F', '0', ' '}, {'D', 'F', '1', ' '}, {'D', 'F', '2', ' '}, {'D', 'F', '3', ' '}};
    ser_file_begin(s, "a500");
    visit_config(m, s);
    visit_machine(m, s);
/* One section holding one visit. */
#define SECTION(tag, visit_call)                                                                  \
    do {                                                                                          \
        ser_begin(s, tag, 1);                                                                     \
        visit_call;                                                                               \
        ser_end(s);                                                                               \
    } while (0)
    SECTION("M68K", m68k_serialize(&m->cpu, s));
    SECTION("CRAM", ser_memory(s, m->chip, sizeof m->chip));
    SECTION("SRAM", ser_memory(s, m->slow, sizeof m->slow));
    SECTION("AGNS", agnus_serialize(&m->agnus, s));
    SECTION("DENS", denise_serialize(&m->denise, s));
    SECTION("BLIT", blitter_serialize(&m->blitter, s));
    SECTION("PAUL", paula_serialize(&m->paula, s));
    SECTION("CIAA", cia_serialize(&m->ciaa, s));
    SECTION("CIAB", cia_serialize(&m->ciab, s));
    SECTION("KBD ", kbd_serialize(&m->kbd, s));
    for (int i = 0; i < 4; i++)
        SECTION(df_tag[i], floppy_serialize(&m->df[i], s, m->state_disks));
    SECTION("ZORR", zorro2_serialize(&m->zorro.bus, s));
    SECTION("RTC ", msm6242b_serialize(&m->rtc, s));
#undef SECTION
    /* Zorro II fast RAM (--ram): its size must be this machine's; the board's autoconfig
     * state (configured, base) is in the ZORR section. */
    ser_begin(s, "FAST", 1);
    uint32_t fast_size = m->zorro.cfg.fast_size;
    SER_EXPECT(s, fast_size, "fast RAM bytes:");
    if (ser_ok(s) && fast_size)
        ser_memory(s, m->zorro.fast, fast_size);
    ser_end(s);
    ser_file_end(s);
    if (ser_loading(s) && ser_ok(s))
        check_clocks(m, s);
}

static int refuse_boards(a500_t *m, const char *verb, const char *path, char *err, size_t errlen)
{
    if (!m->zorro.has_a2065 && m->zorro.hostfs_index < 0)
        return 0;
    snprintf(err, errlen, "%s state %s: the a500 has no save states with %s yet (its host side cannot be restored)",
             verb, path, m->zorro.has_a2065 ? "--net" : "--hostfs");
    return -1;
}

int a500_save_state(machine_t *mm, const char *path, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    if (refuse_boards(m, "save", path, err, errlen) != 0)
        return -1;
    ser_t s;
    ser_init(&s, SER_SAVE);
    visit(m, &s);
    return ser_finish_save(&s, path, err, errlen);
}

int a500_load_state(machine_t *mm, const char *path, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    if (refuse_boards(m, "load", path, err, errlen) != 0)
        return -1;
    uint8_t *buf;
    size_t len;
    char msg[MACHINE_ERR_LEN];
    /* Bounded by what an A500 state can hold: less than the machine struct, its fast RAM and
     * a megabyte. */
    if (infile_read(path, sizeof *m + m->zorro.cfg.fast_size + (1u << 20), false, &buf, &len, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "load state %s", msg);
        return -1;
    }
    ser_t s;
    ser_init_load(&s, buf, len);
    /* First into a scratch copy: every value is checked there, so a refused state leaves the
     * running machine as it was. */
    a500_t *scratch = ser_file_check(&s, "a500") ? malloc(sizeof *m) : NULL;
    if (scratch) {
        uint8_t digest[20];
        for (int i = 0; i < 4; i++) /* hashed once here, not in each pass */
            if (m->df[i].inserted)
                floppy_sha1(&m->df[i], digest);
        memcpy(scratch, m, sizeof *m);
        /* The scratch copy's fast RAM is its own: the struct copy shares the pointer. */
        uint8_t *scratch_fast = m->zorro.cfg.fast_size ? malloc(m->zorro.cfg.fast_size) : NULL;
        if (m->zorro.cfg.fast_size && !scratch_fast) {
            ser_fail(&s, "out of memory");
        } else {
            scratch->zorro.fast = scratch_fast;
            visit(scratch, &s);
        }
        free(scratch_fast);
        free(scratch);
    } else if (ser_ok(&s)) {
        ser_fail(&s, "out of memory");
    }
    if (!ser_ok(&s)) {
        snprintf(err, errlen, "load state %s: %s; machine unchanged", path, s.err);
        free(buf);
        return -1;
    }
    ser_init_load(&s, buf, len);
    visit(m, &s);
    free(buf);
    if (!ser_ok(&s)) { /* cannot happen: the same bytes passed above */
        mm->ops->reset(mm, true);
        snprintf(err, errlen, "load state %s: %s; machine reset", path, s.err);
        return -1;
    }
    /* What follows from the loaded state rather than being part of it. */
    m68k_map(&m->cpu, 0, ROM_SIZE, m->overlay ? m->rom : NULL, false);
    a500_map_fast(m);
    a500_forget_quiet(m);
    m->agnus_lazy_to = 0;
    m->cpu.soft_last = 0;
    m->run_target = m->cpu.cycles;
    return 0;
}
