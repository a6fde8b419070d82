/* The Amiga 500: creation, its ROMs and the machine operations frontends call. The memory map
 * and bus are in a500_bus.c, the chip wiring and run loop in a500_wiring.c, save states in
 * a500_state.c. */
#include "machines/a500.h"
#include "machines/a500_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roms/romfile.h"

/* One CPU cycle's worth of run: the 68000 finishes the instruction it starts (STOP waits a cycle). */
void a500_debug_step(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    a500_run_ticks(m, cpu_ticks(m) + 1, false);
}

static void a500_run(machine_t *mm, uint64_t ticks)
{
    a500_t *m = (a500_t *)mm;
    a500_run_ticks(m, cpu_ticks(m) + ticks, false);
}

static void a500_run_frame(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    m->frame_done = false;
    /* A frame is at most 313 lines; allow two in case the first vsync was just missed. */
    uint64_t limit = (uint64_t)2 * AGNUS_PAL_LINES_LONG * AGNUS_CCKS_PER_LINE * AGNUS_TICKS_PER_CCK;
    a500_run_ticks(m, cpu_ticks(m) + limit, true);
}

static void a500_get_frame(machine_t *mm, machine_frame_t *out)
{
    a500_t *m = (a500_t *)mm;
    out->pixels = denise_visible(&m->denise);
    out->width = DENISE_VIS_W;
    out->height = DENISE_VIS_H;
    out->stride = DENISE_FB_W;
    out->pixel_aspect = DENISE_PIXEL_ASPECT;
    out->number = m->agnus.frame;
}

static size_t a500_drain_audio(machine_t *mm, int16_t *out, size_t max_frames)
{
    a500_t *m = (a500_t *)mm;
    a500_paula_to(m, cpu_ticks(m));
    return paula_drain_audio(&m->paula, out, max_frames);
}

static void a500_key(machine_t *mm, int hid, bool down)
{
    a500_t *m = (a500_t *)mm;
    uint8_t raw = kbd_hid_to_raw(hid);
    if (raw == KBD_NO_KEY)
        return;
    kbd_advance(&m->kbd, cpu_ticks(m));
    kbd_key(&m->kbd, raw, down);
    a500_arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
}

static void a500_mouse(machine_t *mm, int dx, int dy, unsigned buttons)
{
    a500_t *m = (a500_t *)mm;
    /* The mouse's quadrature counters wrap at 8 bits; software takes differences. */
    m->mouse_x = (uint8_t)(m->mouse_x + dx);
    m->mouse_y = (uint8_t)(m->mouse_y + dy);
    m->fire[0] = buttons & MOUSE_LEFT;
    /* The right button pulls port 0's POTY pin (DATLY) low, a middle button POTX (DATLX). */
    paula_set_pot_pins_low(&m->paula, (uint16_t)(((buttons & MOUSE_RIGHT) ? 0x0400 : 0) |
                                                 ((buttons & MOUSE_MIDDLE) ? 0x0100 : 0)));
}

static void a500_joystick(machine_t *mm, int port, unsigned dir, unsigned buttons)
{
    a500_t *m = (a500_t *)mm;
    if (port != 1) {
        m->fire[0] = buttons & 1;
        return;
    }
    /* JOYxDAT: right = bit 1, left = bit 9, down = bit 0 ^ bit 1, up = bit 8 ^ bit 9 (HRM ch. 8). */
    unsigned right = !!(dir & A500_JOY_RIGHT), left = !!(dir & A500_JOY_LEFT);
    unsigned down = !!(dir & A500_JOY_DOWN), up = !!(dir & A500_JOY_UP);
    m->joy1 = (uint16_t)(right << 1 | (down ^ right) | left << 9 | (up ^ left) << 8);
    m->fire[1] = buttons & 1;
}

static int a500_insert(machine_t *mm, media_kind_t kind, int unit, const char *path, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 3) {
        snprintf(err, errlen, "the a500 takes floppy disks in DF0-DF3 only");
        return -1;
    }
    return floppy_insert(&m->df[unit], path, err, errlen);
}

static int a500_eject(machine_t *mm, media_kind_t kind, int unit, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 3) {
        snprintf(err, errlen, "the a500 takes floppy disks in DF0-DF3 only");
        return -1;
    }
    return floppy_eject(&m->df[unit], err, errlen);
}

static unsigned a500_activity(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    unsigned bits = 0;
    for (int i = 0; i < 4; i++)
        if (m->df[i].motor && m->df[i].connected)
            bits |= 1u << i;
    return bits;
}

static int a500_flush(machine_t *mm, char *err, size_t errlen)
{
    a500_t *m = (a500_t *)mm;
    int rc = 0;
    for (int i = 0; i < 4; i++)
        if (floppy_sync(&m->df[i], err, errlen) != 0)
            rc = -1;
    return rc;
}

static void a500_destroy(machine_t *mm)
{
    a500_t *m = (a500_t *)mm;
    for (int i = 0; i < 4; i++) {
        char err[MACHINE_ERR_LEN];
        if (floppy_flush(&m->df[i], err, sizeof err) != 0)
            fprintf(stderr, "arcana: %s\n", err);
    }
    a500_zorro_destroy(&m->zorro);
    if (m->serial_owned)
        fclose(m->serial);
    else if (m->serial)
        fflush(m->serial);
    free(m);
}

static const machine_ops_t a500_ops = {
    .destroy = a500_destroy,
    .reset = a500_reset,
    .run = a500_run,
    .run_frame = a500_run_frame,
    .get_frame = a500_get_frame,
    .drain_audio = a500_drain_audio,
    .key = a500_key,
    .mouse = a500_mouse,
    .joystick = a500_joystick,
    .insert = a500_insert,
    .eject = a500_eject,
    .activity = a500_activity,
    .debug = &a500_debug_ops,
    .flush = a500_flush,
    .save_state = a500_save_state,
    .load_state = a500_load_state,
};

static int load_roms(a500_t *m, const machine_config_t *cfg, char *err, size_t errlen)
{
    rom_set_t set;
    memset(&set, 0, sizeof set);
    if (cfg->rom) {
        if (rom_load(cfg->rom, &set.main, err, errlen) != 0)
            return -1;
    } else if (rom_find_default("a500", &set, err, errlen) != 0) {
        return -1;
    }
    size_t size = set.main.size;
    if (size != 256u << 10 && size != 512u << 10) {
        snprintf(err, errlen, "%s: an Amiga 500 ROM is 256 KB or 512 KB, this one is %zu bytes", set.main.source, size);
        rom_set_free(&set);
        return -1;
    }
    if (cfg->rom && !set.main.info && cfg->verbose)
        fprintf(stderr, "arcana: %s: not a ROM in the catalogue, running it anyway\n", set.main.source);
    /* A 256 KB Kickstart appears twice in the 512 KB ROM space (F80000 and FC0000). */
    for (size_t off = 0; off < ROM_SIZE; off += size)
        memcpy(m->rom + off, set.main.data, size);
    if (set.ext.size) {
        if (set.ext.size != ROM_SIZE) {
            snprintf(err, errlen, "%s: the extension ROM must be 512 KB (%zu bytes)", set.ext.source, set.ext.size);
            rom_set_free(&set);
            return -1;
        }
        memcpy(m->ext, set.ext.data, ROM_SIZE);
        m->has_ext = true;
    }
    rom_set_free(&set);
    return 0;
}

static int a500_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen);

static const machine_type_t a500_type = {
    .name = "a500",
    .description = "Amiga 500 (PAL, 68000, OCS/ECS, 512 KB chip + 512 KB slow + 2 MB fast RAM; --ram 1: no fast)",
    .create = a500_create,
    .takes = MACHINE_TAKES_FLOPPY23 | MACHINE_TAKES_CHIPSET | MACHINE_TAKES_HOSTFS_BOOT | MACHINE_TAKES_RAM |
             MACHINE_TAKES_STATES | MACHINE_TAKES_RTC,
};

static int a500_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen)
{
    *out = NULL;
    bool ecs = false;
    if (cfg->chipset) {
        if (strcmp(cfg->chipset, "ecs") == 0)
            ecs = true;
        else if (strcmp(cfg->chipset, "ocs") != 0) {
            snprintf(err, errlen, "unknown Amiga chipset '%s' (ocs or ecs)", cfg->chipset);
            return -1;
        }
    }
    uint32_t fast_size;
    if (a500_zorro_fast_for_ram(cfg->ram_mb, &fast_size, err, errlen) != 0)
        return -1;
    a500_t *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory creating the a500");
        return -1;
    }
    m->base.type = &a500_type;
    m->base.ops = &a500_ops;
    m->base.ticks_per_second = A500_TICKS_PER_SECOND;
    m->base.audio_rate = PAULA_AUDIO_RATE;
    m->verbose = cfg->verbose;
    m->state_disks = cfg->state_disks;
    if (load_roms(m, cfg, err, errlen) != 0) {
        free(m);
        return -1;
    }
    a500_wire(m, ecs, cfg);
    for (int i = 0; i < MACHINE_MAX_FLOPPIES && i < 4; i++) {
        if (cfg->floppy[i] && floppy_insert(&m->df[i], cfg->floppy[i], err, errlen) != 0) {
            free(m);
            return -1;
        }
    }
    m->serial_tap = cfg->serial_tap;
    m->serial_tap_ctx = cfg->serial_tap_ctx;
    if (cfg->serial) {
        if (strcmp(cfg->serial, "stdout") == 0) {
            m->serial = stdout;
        } else {
            m->serial = fopen(cfg->serial, "wb");
            if (!m->serial) {
                snprintf(err, errlen, "%s: cannot open for the serial port output", cfg->serial);
                free(m);
                return -1;
            }
            m->serial_owned = true;
        }
    }
    if (a500_zorro_init(&m->zorro, &(a500_zorro_cfg_t){.net = cfg->net, .sched = &m->sched, .ticks_per_second = A500_TICKS_PER_SECOND, .cpu_idle_cycles = &m->cpu.stopped_cycles, .ctx = m, .int2 = a500_zorro_int2_wire, .hostfs_dir = cfg->hostfs_dir, .hostfs_readonly = cfg->hostfs_readonly, .hostfs_boot = cfg->hostfs_boot, .verbose = cfg->verbose, .mem = {.ctx = m, .read = a500_hostfs_mem_read, .write = a500_hostfs_mem_write}, .fast_size = fast_size}, err, errlen) != 0) {
        if (m->serial_owned)
            fclose(m->serial);
        free(m);
        return -1;
    }
    a500_reset(&m->base, true);
    a500_arm(m, &m->ev_index, (uint64_t)FLOPPY_TRACK_WORDS * PAULA_DISK_WORD_TICKS);
    *out = &m->base;
    return 0;
}

MACHINE_REGISTER(a500_type)

