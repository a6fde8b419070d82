/* The RiscPC machine's own state and the functions its files share (machines/riscpc/).
 * One file per concern: create.c (configuration, allocation, chip wiring, ops), memmap.c
 * (physical memory map and I/O decoding), run.c (time, run loop, reset), video.c (VIDC20
 * raster and sound timing), serial.c (first UART to a file/stdout/stdin), cmos.c (CMOS file),
 * linux.c (direct Linux boot), media.c (floppy images), state.c (save states), debug.c
 * (debugger view). The public interface is machines/riscpc.h. */
#ifndef ARCANA_RISCPC_INTERNAL_H
#define ARCANA_RISCPC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chips/fdc82077.h"
#include "chips/ide.h"
#include "chips/iomd.h"
#include "chips/pcf8583.h"
#include "chips/podule.h"
#include "chips/ps2.h"
#include "chips/superio.h"
#include "chips/uart16550.h"
#include "chips/vidc20.h"
#include "cpu/arm/arm.h"
#include "cpu/arm/jit.h"
#include "cpu/arm/jit_replay.h"
#include "machines/riscpc.h"
#include "machines/riscpc_hostfs.h"
#include "machines/riscpc_net.h"
#include "machines/sched.h"

#define RISCPC_ROM_WINDOW 0x02000000u
#define RISCPC_VRAM_DEFAULT (2u << 20)
#define RISCPC_ROM_MAX (8u << 20)
#define RISCPC_BANK_WINDOW 0x04000000u
#define RISCPC_SERIAL_LOG 65536
#define RISCPC_AUDIO_RATE 44100
#define RISCPC_AUDIO_RING 16384
#define RISCPC_DEFAULT_FRAME_TICKS (RISCPC_TICKS_PER_SECOND / 50)

typedef struct riscpc {
    machine_t base;
    sched_t sched;
    arm_cpu_t cpu;
    iomd_t iomd;
    vidc20_t vidc;
    superio_t sio;
    uart16550_t uart[2];
    pcf8583_t rtc;
    ps2_t kbd;
    podule_bus_t pod;
    riscpc_net_t net;
    riscpc_hostfs_t hostfs;
    ide_t ide;
    fdc82077_t fdc;
    bool use_jit;
    bool debug_stepping;          /* a debugger steps: the interpreter runs, one instruction */
    bool state_disks;             /* --state-disks: a state's disc contents may replace the inserted */
    arm_jit_t jit;
    arm_replay_t *replay;         /* --cpu-core lockstep (cpu/arm/jit_replay.h), else NULL */
    char floppy_path[2][1024];

    uint64_t tpc;                 /* master ticks per CPU cycle */
    uint64_t slice_start, slice_end;
    int64_t slice_budget;
    bool in_slice;

    uint8_t *rom;                 /* ROM image, rom_size bytes (power of two), aliased */
    uint32_t rom_size;
    uint8_t *vram;
    uint32_t vram_size;
    uint8_t *ram;
    uint32_t ram_size;
    uint32_t bank_size[4], bank_off[4];

    uint32_t *fb;
    int fb_w, fb_h;
    uint64_t frame_no, frame_start;
    bool frame_done, frame_unprogrammed;
    sched_event_t vsync_ev, frame_ev, sound_ev, display_ev;
    sched_event_t iomd_ev;        /* IOMD's timed work, at iomd_next_event() */

    FILE *serial;
    bool serial_close;
    void (*serial_tap)(void *ctx, uint8_t byte); /* machine_config_t.serial_tap */
    void *serial_tap_ctx;
    bool stdin_eof;
    uint64_t idle_entries;
    uint64_t idle_ticks;          /* emulated time the CPU spent halted (paces the network) */
    bool riscos, cmos_loaded;
    sched_event_t delete_ev, index_ev;
    char serial_log[RISCPC_SERIAL_LOG];
    size_t log_len;

    unsigned mouse_buttons;
    char cmos_path[1024];
    uint8_t cmos_saved[256];

    int16_t audio[RISCPC_AUDIO_RING * 2];
    size_t audio_head, audio_count;
    uint64_t audio_phase;         /* output-rate accumulator for the resampler */

    /* Linux boot parameters kept for reset */
    bool linux_boot, loaded;
    char kernel_path[1024], initrd_path[1024];
    uint32_t kernel_size, initrd_addr, initrd_size;
    /* What --kernel and --initrd held when loaded: a state saves a page equal to a page of
     * them as a reference (state.c), naming the file by path and content hash (taken when
     * first needed). */
    struct riscpc_loaded_file {
        uint8_t *data;
        size_t size;
        bool hashed;
        uint64_t hash;
    } loaded_file[2]; /* kernel, initrd */
    char append[1024];
    bool have_append;
} riscpc_t;

extern const machine_type_t riscpc_type;

/* run.c: time, the run loop, reset */
uint64_t riscpc_now(riscpc_t *m);
void riscpc_check_events(riscpc_t *m);
void riscpc_iomd_rearm(riscpc_t *m);
void riscpc_reset(machine_t *mm, bool hard);
void riscpc_run(machine_t *mm, uint64_t ticks);
void riscpc_run_frame(machine_t *mm);
void riscpc_run_until(riscpc_t *m, uint64_t target);
bool riscpc_spinning_masked(riscpc_t *m);

/* memmap.c: the physical map */
uint8_t *riscpc_ram_ptr(riscpc_t *m, uint32_t paddr);
uint8_t *riscpc_mem_lookup(riscpc_t *m, uint32_t paddr, bool write);
uint8_t *riscpc_bus_page(void *ctx, uint32_t paddr, bool write);
const uint8_t *riscpc_dma_ptr(void *ctx, uint32_t addr, uint32_t *avail);
uint32_t riscpc_bus_read_cb(void *ctx, uint32_t paddr, unsigned size, bool *abort);
void riscpc_bus_write_cb(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort);

/* video.c: VIDC20 raster events, sound DMA to the output ring, frames and audio for the frontend */
void riscpc_video_events_init(riscpc_t *m);
void riscpc_video_reset(riscpc_t *m);
void riscpc_vidc_written(riscpc_t *m);
void riscpc_get_frame(machine_t *mm, machine_frame_t *out);
size_t riscpc_drain_audio(machine_t *mm, int16_t *out, size_t max);

/* serial.c: the first UART's output (file, stdout, tap, log) and stdin input */
int riscpc_serial_open(riscpc_t *m, const machine_config_t *cfg, char *err, size_t errlen);
void riscpc_serial_close(riscpc_t *m);
void riscpc_serial_tx(void *ctx, uint8_t byte);
void riscpc_serial_poll_input(riscpc_t *m);

/* cmos.c: the PCF8583's RAM kept in DATA_DIR/riscpc.cmos */
void riscpc_cmos_setup(riscpc_t *m, const char *data_dir, int64_t rtc_start);
void riscpc_cmos_save(riscpc_t *m);

/* linux.c: direct Linux boot (--kernel, --initrd, --append) */
int riscpc_linux_configure(riscpc_t *m, const machine_config_t *cfg, char *err, size_t errlen);
int riscpc_linux_load(riscpc_t *m, char *err, size_t errlen);
void riscpc_linux_enter(riscpc_t *m);
void riscpc_linux_release(riscpc_t *m);

/* media.c: floppy images and drive activity */
int riscpc_floppy_insert(riscpc_t *m, int unit, const char *path, char *err, size_t errlen);
int riscpc_floppy_flush(riscpc_t *m, int unit, char *err, size_t errlen);
int riscpc_insert(machine_t *mm, media_kind_t kind, int unit, const char *path, char *err, size_t errlen);
int riscpc_eject(machine_t *mm, media_kind_t kind, int unit, char *err, size_t errlen);
int riscpc_flush(machine_t *mm, char *err, size_t errlen);
unsigned riscpc_activity(machine_t *mm);

/* state.c: save states */
int riscpc_save_state(machine_t *mm, const char *path, char *err, size_t errlen);
int riscpc_load_state(machine_t *mm, const char *path, char *err, size_t errlen);

/* wiring.c: the chips' configuration and the callbacks between them */
void riscpc_chips_init(riscpc_t *m, uint8_t *line_cache, size_t line_cache_bytes, int64_t rtc_start);
void riscpc_wiring_events_init(riscpc_t *m);
arm_bus_t riscpc_cpu_bus(riscpc_t *m);

#endif
