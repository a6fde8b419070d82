/* The RiscPC machine type: configuration checks, the one allocation (machine, ROM, VRAM, DRAM,
 * framebuffer, VIDC20 line cache, lock-step shadow), the CPU core, destruction and the ops
 * table. See machines/riscpc.h for the physical map. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machines/riscpc/internal.h"
#include "roms/romfile.h"

extern const uint8_t riscpc_boot_rom[], riscpc_boot_rom_end[];

/* --cpu-core values. */
static const struct cpu_core {
    const char *name;
    bool jit, lockstep;
} cpu_cores[] = {{"interp", false, false}, {"jit", true, false}, {"lockstep", true, true}};

/* CPU clock per arm_model_t: ARM610 30 MHz, ARM710 40 MHz, SA-110 200 MHz. */
static const uint64_t cpu_hz[] = {30000000, 40000000, 200000000};

/* VIDC20's line cache (vidc20_cfg_t): one frame of DMA data, up to 1024x768 at 16 bpp. */
#define LINE_CACHE_BYTES ((size_t)2 << 20)
#define FB_BYTES ((size_t)VIDC20_MAX_W * VIDC20_MAX_H * 4)

/* What the configuration asks for, checked. */
typedef struct riscpc_opts {
    arm_model_t model;
    bool use_jit, lockstep;
    int ram_mb;
    rom_image_t rom;          /* the user's or a catalogued ROM; data NULL: Arcana's boot ROM */
} riscpc_opts_t;

static int check_options(const machine_config_t *cfg, riscpc_opts_t *o, char *err, size_t errlen)
{
    o->model = ARM_MODEL_SA110;
    if (cfg->cpu && !arm_model_from_name(cfg->cpu, &o->model)) {
        snprintf(err, errlen, "riscpc: unknown --cpu %s (arm610, arm710, sa110)", cfg->cpu);
        return -1;
    }
    const struct cpu_core *core = &cpu_cores[0];
    if (cfg->cpu_core) {
        core = NULL;
        for (size_t i = 0; i < sizeof cpu_cores / sizeof cpu_cores[0]; i++)
            if (!strcmp(cfg->cpu_core, cpu_cores[i].name))
                core = &cpu_cores[i];
        if (!core) {
            snprintf(err, errlen, "riscpc: --cpu-core %s is not available on this machine (interp, jit, lockstep)",
                     cfg->cpu_core);
            return -1;
        }
    }
    o->use_jit = core->jit;
    o->lockstep = core->lockstep;
    if (o->lockstep && cfg->hostfs_dir) {
        snprintf(err, errlen, "riscpc: --cpu-core lockstep does not replay HostFS calls: leave out --hostfs");
        return -1;
    }
    o->ram_mb = cfg->ram_mb ? cfg->ram_mb : 32;
    if (o->ram_mb < 4 || o->ram_mb > 256 || (o->ram_mb & 3)) {
        snprintf(err, errlen, "riscpc: --ram %d: the RiscPC takes 4 to 256 MB in steps of 4", o->ram_mb);
        return -1;
    }
    return 0;
}

/* ROM: the user's image, else a catalogued RISC OS ROM (not with --kernel), else our own boot
 * ROM (o->rom.data stays NULL). */
static int find_rom(const machine_config_t *cfg, riscpc_opts_t *o, char *err, size_t errlen)
{
    if (cfg->rom) {
        if (rom_load(cfg->rom, &o->rom, err, errlen) != 0)
            return -1;
    } else if (!cfg->kernel) {
        rom_set_t set = {0};
        char dummy[256];
        if (rom_find_default("riscpc", &set, dummy, sizeof dummy) == 0) {
            o->rom = set.main;
            set.main.data = NULL;
            rom_set_free(&set);
        }
    }
    if (o->rom.data && (o->rom.size > RISCPC_ROM_MAX || o->rom.size == 0)) {
        snprintf(err, errlen, "riscpc: ROM %s: %zu bytes; the RiscPC takes up to 8 MB", o->rom.source, o->rom.size);
        rom_free(&o->rom);
        return -1;
    }
    return 0;
}

static uint32_t pow2_at_least(uint32_t v)
{
    uint32_t p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

static uint8_t *align64(uint8_t *p) { return (uint8_t *)(((uintptr_t)p + 63) & ~(uintptr_t)63); }

/* The one allocation: the machine, then ROM, VRAM, DRAM, framebuffer, line cache and (lock-step)
 * the reference CPU with its copy of VRAM and RAM, kept adjacent as ours. Copies the ROM in and
 * sizes the DRAM banks; NULL when out of memory or the RAM does not fit the banks. */
static riscpc_t *allocate(riscpc_opts_t *o, char *err, size_t errlen)
{
    uint32_t boot_size = (uint32_t)(riscpc_boot_rom_end - riscpc_boot_rom);
    uint32_t rom_size = pow2_at_least(o->rom.data ? (uint32_t)o->rom.size : boot_size);
    if (rom_size < 0x20000)
        rom_size = 0x20000; /* Linux reads 0x10000 (idle) and 16 KB at 0 (cache clean) */
    uint32_t ram_size = (uint32_t)o->ram_mb << 20, vram_size = RISCPC_VRAM_DEFAULT;
    size_t replay_bytes = o->lockstep ? sizeof(arm_replay_t) + vram_size + ram_size + 64 : 0;
    riscpc_t *m = calloc(1, sizeof(riscpc_t) + 4096 + rom_size + vram_size + ram_size + FB_BYTES + LINE_CACHE_BYTES + 64 +
                                replay_bytes);
    if (!m) {
        rom_free(&o->rom);
        snprintf(err, errlen, "riscpc: out of memory for %d MB of RAM", o->ram_mb);
        return NULL;
    }
    /* (ROM, VRAM and RAM start on host pages: the JIT's fastmem maps guest pages onto them) */
    m->rom = (uint8_t *)(((uintptr_t)(m + 1) + 4095) & ~(uintptr_t)4095);
    m->vram = m->rom + rom_size;
    m->ram = m->vram + vram_size;
    m->fb = (uint32_t *)(m->ram + ram_size);
    m->rom_size = rom_size;
    m->vram_size = vram_size;
    m->ram_size = ram_size;
    memset(m->rom, 0xff, rom_size);
    if (o->rom.data) {
        m->riscos = o->rom.info != NULL; /* a catalogued RISC OS ROM */
        memcpy(m->rom, o->rom.data, o->rom.size);
        if (!o->rom.info)
            fprintf(stderr, "riscpc: %s is not a known RISC OS ROM; running it anyway\n", o->rom.source);
        rom_free(&o->rom);
    } else {
        memcpy(m->rom, riscpc_boot_rom, boot_size);
    }
    /* DRAM banks: up to 64 MB each, power-of-two sizes, filled in order. */
    uint32_t left = ram_size, off = 0;
    for (int b = 0; b < 4 && left; b++) {
        uint32_t s = left >= RISCPC_BANK_WINDOW ? RISCPC_BANK_WINDOW : left;
        while (s & (s - 1))
            s &= s - 1;
        m->bank_size[b] = s;
        m->bank_off[b] = off;
        off += s;
        left -= s;
    }
    if (left) {
        free(m);
        snprintf(err, errlen, "riscpc: --ram %d does not fit the four DRAM banks", o->ram_mb);
        return NULL;
    }
    return m;
}

static uint8_t *line_cache(riscpc_t *m) { return (uint8_t *)m->fb + FB_BYTES; }

/* Test knob, the machine's only one read from the environment: ARCANA_LOCKSTEP_CORRUPT=N
 * corrupts the JIT side of --cpu-core lockstep after N instructions, to show that a difference
 * is caught and reported (tests/suites/46-arm-lockstep.sh). */
static uint64_t lockstep_corrupt_at(void)
{
    const char *corrupt = getenv("ARCANA_LOCKSTEP_CORRUPT");
    return corrupt ? strtoull(corrupt, NULL, 0) : 0;
}

/* The interpreter alone, the JIT, or both in lock-step (the replay state sits after the line
 * cache in the machine's allocation). */
static int setup_cpu_core(riscpc_t *m, const riscpc_opts_t *o, const machine_config_t *cfg, char *err, size_t errlen)
{
    if (o->lockstep) {
        arm_replay_t *rp = (arm_replay_t *)align64(line_cache(m) + LINE_CACHE_BYTES);
        if (arm_replay_init(rp, &m->cpu, &m->jit, m->vram, (uint8_t *)(rp + 1), m->vram_size + m->ram_size, err,
                            errlen) != 0)
            return -1;
        m->replay = rp;
        rp->ls.corrupt_at = lockstep_corrupt_at();
        m->use_jit = true;
        return arm_jit_fastmem_region(&m->jit, m->rom, m->rom_size + m->vram_size + m->ram_size, err, errlen);
    }
    if (!o->use_jit)
        return 0;
    if (arm_jit_init(&m->jit, &m->cpu, err, errlen) != 0 ||
        arm_jit_fastmem_region(&m->jit, m->rom, m->rom_size + m->vram_size + m->ram_size, err, errlen) != 0)
        return -1;
    m->use_jit = true;
    return cfg->jit_perf_map ? arm_jit_perf_map(&m->jit, err, errlen) : 0;
}

/* Floppy drives 0 and 1, IDE discs 0 and 1 from the configuration. */
static int attach_media(riscpc_t *m, const machine_config_t *cfg, char *err, size_t errlen)
{
    for (int i = 0; i < 2; i++)
        if (cfg->floppy[i] && riscpc_floppy_insert(m, i, cfg->floppy[i], err, errlen) != 0)
            return -1;
    for (int i = 0; i < MACHINE_MAX_HDS && i < 2; i++) {
        if (cfg->hd[i] && ide_attach(&m->ide, i, cfg->hd[i], false, err, errlen) != 0) {
            char msg[MACHINE_ERR_LEN];
            snprintf(msg, sizeof msg, "riscpc: --hd%d %s", i, err);
            snprintf(err, errlen, "%s", msg);
            return -1;
        }
    }
    return 0;
}

/* Releases what the machine holds; every part is safe to release unopened (create's failures). */
static void release(riscpc_t *m)
{
    ide_detach(&m->ide, 0);
    ide_detach(&m->ide, 1);
    riscpc_serial_close(m);
    riscpc_net_destroy(&m->net);
    riscpc_hostfs_destroy(&m->hostfs);
    riscpc_linux_release(m);
    if (m->replay)
        arm_replay_destroy(m->replay);
    else if (m->use_jit)
        arm_jit_destroy(&m->jit);
    free(m);
}

static void riscpc_destroy(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    riscpc_cmos_save(m);
    char err[MACHINE_ERR_LEN];
    for (int i = 0; i < 2; i++)
        if (riscpc_floppy_flush(m, i, err, sizeof err) != 0)
            fprintf(stderr, "%s\n", err);
    release(m);
}

static void riscpc_key(machine_t *mm, int hid, bool down) { ps2_key(&((riscpc_t *)mm)->kbd, hid, down); }

static void riscpc_mouse(machine_t *mm, int dx, int dy, unsigned buttons)
{
    riscpc_t *m = (riscpc_t *)mm;
    iomd_mouse_move(&m->iomd, dx, -dy); /* quadrature Y counts up when the mouse moves away */
    m->mouse_buttons = buttons;
}

static void riscpc_joystick(machine_t *mm, int port, unsigned d, unsigned b) { (void)mm, (void)port, (void)d, (void)b; }

int riscpc_attach_podule(machine_t *mm, int slot, const podule_card_t *card)
{
    return podule_attach(&((riscpc_t *)mm)->pod, slot, card);
}

void riscpc_podule_irq(machine_t *mm, int slot, bool level) { podule_set_irq(&((riscpc_t *)mm)->pod, slot, level); }
void riscpc_podule_fiq(machine_t *mm, int slot, bool level) { podule_set_fiq(&((riscpc_t *)mm)->pod, slot, level); }
sched_t *riscpc_sched(machine_t *mm) { return &((riscpc_t *)mm)->sched; }
arm_cpu_t *riscpc_cpu(machine_t *mm) { return &((riscpc_t *)mm)->cpu; }

static const machine_ops_t riscpc_ops = {
    .destroy = riscpc_destroy, .reset = riscpc_reset, .run = riscpc_run, .run_frame = riscpc_run_frame,
    .get_frame = riscpc_get_frame, .drain_audio = riscpc_drain_audio, .key = riscpc_key,
    .mouse = riscpc_mouse, .joystick = riscpc_joystick, .insert = riscpc_insert, .eject = riscpc_eject,
    .save_state = riscpc_save_state, .load_state = riscpc_load_state, .activity = riscpc_activity,
    .debug = &riscpc_debug_ops,
    .flush = riscpc_flush,
};

static int riscpc_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen)
{
    *out = NULL;
    riscpc_opts_t o = {0};
    if (check_options(cfg, &o, err, errlen) != 0 || find_rom(cfg, &o, err, errlen) != 0)
        return -1;
    riscpc_t *m = allocate(&o, err, errlen);
    if (!m)
        return -1;
    m->state_disks = cfg->state_disks;
    m->base.type = &riscpc_type;
    m->base.ops = &riscpc_ops;
    m->base.ticks_per_second = RISCPC_TICKS_PER_SECOND;
    m->base.audio_rate = RISCPC_AUDIO_RATE;
    sched_init(&m->sched);
    m->tpc = RISCPC_TICKS_PER_SECOND / cpu_hz[o.model];
    arm_cfg_t acfg = {.model = o.model, .bus = riscpc_cpu_bus(m)};
    if (arm_init(&m->cpu, &acfg, err, errlen) != 0)
        goto fail;
    /* The battery clock is set once, at power-on (the host's time, or --rtc-time's fixed one), and
     * from then on counts emulated time only: runs with the same options stay identical. */
    int64_t rtc_start = cfg->rtc_fixed ? cfg->rtc_time : (int64_t)time(NULL);
    riscpc_chips_init(m, line_cache(m), LINE_CACHE_BYTES, rtc_start);
    if (attach_media(m, cfg, err, errlen) != 0)
        goto fail;
    riscpc_video_events_init(m);
    riscpc_wiring_events_init(m);
    riscpc_cmos_setup(m, cfg->data_dir, rtc_start);
    if (riscpc_serial_open(m, cfg, err, errlen) != 0 || riscpc_linux_configure(m, cfg, err, errlen) != 0)
        goto fail;
    if (cfg->hostfs_dir && riscpc_hostfs_init(&m->hostfs, cfg->hostfs_dir, cfg->hostfs_readonly, &m->cpu, &m->pod,
                                              err, errlen) != 0)
        goto fail;
    if (riscpc_net_init(&m->net, cfg->net, &m->pod, &m->sched, RISCPC_TICKS_PER_SECOND / 1000, &m->idle_ticks,
                        &m->base.input_log, err, errlen) != 0 ||
        setup_cpu_core(m, &o, cfg, err, errlen) != 0)
        goto fail;
    riscpc_reset(&m->base, true);
    m->loaded = true;
    *out = &m->base;
    return 0;
fail:
    release(m);
    return -1;
}

const machine_type_t riscpc_type = {
    .name = "riscpc",
    .description = "Acorn RiscPC (ARM610/ARM710/SA-110, IOMD, VIDC20)",
    .create = riscpc_create,
    .takes = MACHINE_TAKES_HD | MACHINE_TAKES_CPU | MACHINE_TAKES_CPU_CORE | MACHINE_TAKES_RAM | MACHINE_TAKES_KERNEL |
             MACHINE_TAKES_STATES | MACHINE_TAKES_RTC,
};
MACHINE_REGISTER(riscpc_type)
