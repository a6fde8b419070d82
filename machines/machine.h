/* The one interface a frontend sees (DESIGN.md §2). A machine type registers itself with
 * MACHINE_REGISTER; frontends and tests create machines by name from a machine_config_t and
 * drive them only through the machine_* calls below. */
#ifndef ARCANA_MACHINE_H
#define ARCANA_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MACHINE_ERR_LEN 256
#define MACHINE_MAX_FLOPPIES 4
#define MACHINE_MAX_HDS 2

/* Everything a user can choose (CLI options and config-file keys map onto these fields).
 * Strings are borrowed for the duration of machine_create; NULL / 0 mean "machine default". */
typedef struct machine_config {
    const char *machine;        /* "riscpc", "a500" */
    const char *rom;            /* --rom FILE */
    const char *floppy[MACHINE_MAX_FLOPPIES];
    const char *hd[MACHINE_MAX_HDS];
    const char *cdrom;
    const char *hostfs_dir;     /* --hostfs DIR[:ro] (":ro" already split off) */
    bool hostfs_readonly;
    bool hostfs_boot;
    const char *net;            /* "slirp[,hostfwd=...]", "tap:IF", "none"; NULL = machine default */
    const char *cpu;            /* "arm610", "arm710", "sa110" */
    const char *cpu_core;       /* "interp", "jit", "lockstep" */
    bool jit_perf_map;          /* --jit-perf-map: JIT blocks named in /tmp/perf-PID.map */
    const char *chipset;        /* Amiga: "ocs", "ecs" */
    int ram_mb;                 /* 0 = default */
    const char *kernel, *initrd, *append; /* RiscPC direct Linux boot */
    const char *serial;         /* "stdout" or a file path; NULL = not connected */
    /* Also called with every byte the guest sends on the first serial port, whether or not
     * `serial` is set (a script waiting for text, a batch report). NULL = none. */
    void (*serial_tap)(void *ctx, uint8_t byte);
    void *serial_tap_ctx;
    const char *data_dir;       /* where persistent machine state lives (CMOS); NULL = default */
    bool warp;
    bool verbose;
    bool state_disks;           /* --state-disks: a loaded state's disk contents replace the inserted */
    bool rtc_fixed;             /* --rtc-time: the battery clock starts at rtc_time, not the host's */
    int64_t rtc_time;           /* Unix time (UTC) at power-on when rtc_fixed */
} machine_config_t;

/* A finished frame: RGBA8888 (bytes R,G,B,A in memory), `stride` pixels per row. */
typedef struct machine_frame {
    const uint32_t *pixels;
    int width, height, stride;
    double pixel_aspect;        /* width/height of one pixel on the real display */
    uint64_t number;            /* frames completed since reset */
} machine_frame_t;

typedef enum media_kind { MEDIA_FLOPPY, MEDIA_HD, MEDIA_CDROM } media_kind_t;

/* Mouse buttons, bit per button. */
enum { MOUSE_LEFT = 1, MOUSE_RIGHT = 2, MOUSE_MIDDLE = 4 };

/* machine_joystick: `port` counts from 0 (Amiga: 0 = the mouse port, 1 = the joystick port,
 * labelled 1 and 2 on the case); `directions` and `buttons` are bit sets of these (a set bit
 * = switch closed). */
enum { JOY_UP = 1, JOY_DOWN = 2, JOY_LEFT = 4, JOY_RIGHT = 8 };
enum { JOY_FIRE = 1, JOY_FIRE2 = 2 };

/* Host-independent key codes: USB HID usage IDs (page 7), e.g. 0x04 = A, 0x29 = Escape.
 * Each machine maps them to its own (PS/2 set 2, Amiga raw). */
typedef struct machine machine_t;

/* A debugger's view of a machine (the GDB stub, frontend/gdbstub.c). Registers carry the
 * numbers target_xml gives them (GDB's target description); numbers in 0..reg_count-1 that
 * name no register answer false. Memory goes through the side-effect-free path: RAM and ROM
 * as the CPU addresses them now (through the MMU on the ARM), never I/O. */
typedef struct machine_debug_ops {
    const char *target_xml;
    bool big_endian;            /* register and memory byte order on the wire */
    /* ELF e_machine of the CPU (EM_68K = 4, EM_ARM = 40). A big-endian target hands GDB a
     * header-only ELF file of this machine as its executable: with no file loaded GDB takes the
     * host's byte order whatever `set architecture` says, and reads every register backwards. */
    uint16_t elf_machine;
    int reg_count;
    bool (*get_reg)(machine_t *m, int n, uint32_t *value);
    bool (*set_reg)(machine_t *m, int n, uint32_t value);
    bool (*read_mem)(machine_t *m, uint32_t addr, uint8_t *value);
    bool (*write_mem)(machine_t *m, uint32_t addr, uint8_t value);
    uint32_t (*get_pc)(machine_t *m); /* the next instruction's address */
    /* Exactly one instruction (or exception entry), with the chips brought along; a CPU that
     * waits for an interrupt lets time pass to the next event instead. */
    void (*step)(machine_t *m);
} machine_debug_ops_t;

typedef struct machine_ops {
    void (*destroy)(machine_t *m);
    void (*reset)(machine_t *m, bool hard);
    /* Runs at least `ticks` master-clock ticks (may overshoot by one instruction). */
    void (*run)(machine_t *m, uint64_t ticks);
    /* Runs until the next frame is complete. */
    void (*run_frame)(machine_t *m);
    void (*get_frame)(machine_t *m, machine_frame_t *out);
    /* Copies up to max_frames stereo frames (L,R int16) of audio; returns frames copied. */
    size_t (*drain_audio)(machine_t *m, int16_t *out, size_t max_frames);
    void (*key)(machine_t *m, int hid_usage, bool down);
    void (*mouse)(machine_t *m, int dx, int dy, unsigned buttons);
    void (*joystick)(machine_t *m, int port, unsigned directions, unsigned buttons);
    int (*insert)(machine_t *m, media_kind_t kind, int unit, const char *path, char *err, size_t errlen);
    int (*eject)(machine_t *m, media_kind_t kind, int unit, char *err, size_t errlen);
    int (*save_state)(machine_t *m, const char *path, char *err, size_t errlen);
    int (*load_state)(machine_t *m, const char *path, char *err, size_t errlen);
    /* Drive activity for the OSD: bit per floppy unit, bit 4+ per hard disc. */
    unsigned (*activity)(machine_t *m);
    const machine_debug_ops_t *debug; /* NULL = no debugger support */
    /* Writes media the guest changed (disk images, CMOS) back to their files now; frontends
     * call it about once a second of host time, so nothing written is kept only in memory. */
    int (*flush)(machine_t *m, char *err, size_t errlen);
} machine_ops_t;

/* What a machine type takes beyond the basics (ROM, floppy drives 0 and 1, HostFS folder,
 * network, serial, warp): an option it does not take is refused before the machine is
 * created, never silently ignored. */
enum {
    MACHINE_TAKES_FLOPPY23 = 1 << 0,   /* floppy drives 2 and 3 */
    MACHINE_TAKES_HD = 1 << 1,         /* --hd0, --hd1 */
    MACHINE_TAKES_CDROM = 1 << 2,
    MACHINE_TAKES_CPU = 1 << 3,        /* --cpu */
    MACHINE_TAKES_CPU_CORE = 1 << 4,   /* --cpu-core */
    MACHINE_TAKES_RAM = 1 << 5,        /* --ram */
    MACHINE_TAKES_CHIPSET = 1 << 6,
    MACHINE_TAKES_KERNEL = 1 << 7,     /* --kernel, --initrd, --append */
    MACHINE_TAKES_HOSTFS_BOOT = 1 << 8,
    MACHINE_TAKES_STATES = 1 << 9,     /* --save-state, --load-state */
    MACHINE_TAKES_RTC = 1 << 10,       /* --rtc-time: a battery-backed clock */
};

typedef struct machine_type {
    const char *name;           /* as given to --machine */
    const char *description;
    /* Creates the machine (one allocation) or returns non-zero with a one-line message. */
    int (*create)(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen);
    unsigned takes;             /* MACHINE_TAKES_* */
} machine_type_t;

typedef struct input_log input_log_t;

/* Every machine struct begins with this. */
struct machine {
    const machine_type_t *type;
    const machine_ops_t *ops;
    uint64_t ticks_per_second;  /* master clock */
    uint64_t ticks;             /* emulated time since creation, in master-clock ticks */
    int audio_rate;             /* Hz of drain_audio's samples, 0 = no audio */
    input_log_t *input_log;     /* --record / --replay (machines/input_log.h); NULL = none */
};

/* Registry. MACHINE_REGISTER(t) in a machine's .c file adds it at program start. */
void machine_register(const machine_type_t *type);
#define MACHINE_REGISTER(t)                                                                   \
    __attribute__((constructor)) static void machine_register_##t(void) { machine_register(&t); }
int machine_type_count(void);
const machine_type_t *machine_type_at(int i);  /* sorted by name */
const machine_type_t *machine_find(const char *name);
const char *machine_default_name(void);        /* "a500" if present, else the first, else NULL */

/* The calls frontends use. */
/* Refuses, with one line, any option in cfg that the machine it names (or the default machine)
 * does not take; `state_option` ("save-state", "load-state" or NULL) asks for save states too.
 * 0 = all taken. */
int machine_check_config(const machine_config_t *cfg, const char *state_option, char *err, size_t errlen);
int machine_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen);
int machine_input_close(machine_t *m, char *err, size_t errlen);
void machine_input_due(machine_t *m);
static inline void machine_destroy(machine_t *m)
{
    if (m && m->input_log)
        machine_input_close(m, NULL, 0);
    if (m)
        m->ops->destroy(m);
}
static inline void machine_reset(machine_t *m, bool hard) { m->ops->reset(m, hard); }
static inline void machine_run(machine_t *m, uint64_t ticks)
{
    if (m->input_log)
        machine_input_due(m);
    m->ops->run(m, ticks);
}
static inline void machine_run_frame(machine_t *m)
{
    if (m->input_log)
        machine_input_due(m);
    m->ops->run_frame(m);
}
static inline void machine_get_frame(machine_t *m, machine_frame_t *f) { m->ops->get_frame(m, f); }
size_t machine_drain_audio(machine_t *m, int16_t *out, size_t max_frames);
void machine_key(machine_t *m, int hid_usage, bool down);
void machine_mouse(machine_t *m, int dx, int dy, unsigned buttons);
void machine_joystick(machine_t *m, int port, unsigned directions, unsigned buttons);
int machine_insert(machine_t *m, media_kind_t kind, int unit, const char *path, char *err, size_t errlen);
int machine_eject(machine_t *m, media_kind_t kind, int unit, char *err, size_t errlen);
int machine_save_state(machine_t *m, const char *path, char *err, size_t errlen);
int machine_load_state(machine_t *m, const char *path, char *err, size_t errlen);
unsigned machine_activity(machine_t *m);
int machine_flush(machine_t *m, char *err, size_t errlen);
/* Emulated time since creation. */
double machine_seconds(const machine_t *m);

#endif
