/* Acorn RiscPC: memory map, CPU, chip wiring, boot paths (RISC OS ROM, Arcana's boot ROM,
 * direct Linux boot). See riscpc.h for the physical map. */
#include "machines/riscpc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>

#include "chips/fdc82077.h"
#include "chips/ide.h"
#include "chips/iomd.h"
#include "chips/pcf8583.h"
#include "chips/podule.h"
#include "chips/state_check.h"
#include "machines/riscpc_hostfs.h"
#include "machines/riscpc_net.h"
#include "chips/ps2.h"
#include "chips/superio.h"
#include "chips/uart16550.h"
#include "chips/vidc20.h"
#include "cpu/arm/arm.h"
#include "cpu/arm/jit.h"
#include "cpu/arm/jit_replay.h"
#include "hostfs/safewrite.h"
#include "machines/sched.h"
#include "roms/infile.h"
#include "roms/romfile.h"
#include "roms/sha1.h"

extern const uint8_t riscpc_boot_rom[], riscpc_boot_rom_end[];

#define ROM_WINDOW 0x02000000u
#define VRAM_DEFAULT (2u << 20)
#define ROM_MAX (8u << 20)
#define BANK_WINDOW 0x04000000u
#define SERIAL_LOG 65536
#define AUDIO_RATE 44100
#define AUDIO_RING 16384
#define DEFAULT_FRAME_TICKS (RISCPC_TICKS_PER_SECOND / 50)

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

    FILE *serial;
    bool serial_close;
    void (*serial_tap)(void *ctx, uint8_t byte); /* machine_config_t.serial_tap */
    void *serial_tap_ctx;
    bool stdin_eof;
    uint64_t idle_entries;
    uint64_t idle_ticks;          /* emulated time the CPU spent halted (paces the network) */
    bool riscos, cmos_loaded;
    sched_event_t delete_ev, index_ev;
    char serial_log[SERIAL_LOG];
    size_t log_len;

    unsigned mouse_buttons;
    char cmos_path[1024];
    uint8_t cmos_saved[256];

    int16_t audio[AUDIO_RING * 2];
    size_t audio_head, audio_count;
    uint64_t audio_phase;         /* output-rate accumulator for the resampler */

    /* Linux boot parameters kept for reset */
    bool linux_boot, loaded;
    char kernel_path[1024], initrd_path[1024];
    uint32_t kernel_size, initrd_addr, initrd_size;
    char append[1024];
    bool have_append;
} riscpc_t;

/* ---- time ----------------------------------------------------------------------------------- */

static uint64_t now_ticks(riscpc_t *m)
{
    if (m->in_slice) {
        int64_t used = m->slice_budget - m->cpu.cycles_left - m->cpu.stop_credit;
        if (used < 0)
            used = 0;
        uint64_t t = m->slice_start + (uint64_t)used * m->tpc;
        if (t > m->sched.now)
            m->sched.now = t;
    }
    return m->sched.now;
}

/* After an I/O access a chip may have scheduled an event inside the current slice: end the
 * slice there so the event runs on time. */
static void check_events(riscpc_t *m)
{
    if (m->in_slice && sched_next(&m->sched) < m->slice_end)
        arm_stop(&m->cpu);
}

static uint64_t rtc_now_cs(void *ctx)
{
    riscpc_t *m = ctx;
    return now_ticks(m) / (RISCPC_TICKS_PER_SECOND / 100);
}

/* ---- memory --------------------------------------------------------------------------------- */

static uint8_t *ram_ptr(riscpc_t *m, uint32_t paddr)
{
    /* DRAM: four bank windows of 64 MB at 0x10000000; a bank smaller than its window repeats
     * through it (the SIMM's address lines are not all decoded). */
    uint32_t off = paddr - 0x10000000u;
    unsigned bank = off / BANK_WINDOW;
    if (!m->bank_size[bank])
        return NULL;
    return m->ram + m->bank_off[bank] + ((off % BANK_WINDOW) & (m->bank_size[bank] - 1));
}

static uint8_t *mem_ptr(riscpc_t *m, uint32_t paddr, bool write)
{
    paddr &= 0x1fffffffu; /* IOMD decodes A28-A0 */
    if (paddr >= 0x10000000u)
        return ram_ptr(m, paddr);
    if (paddr < ROM_WINDOW)
        return write ? NULL : m->rom + (paddr & (m->rom_size - 1));
    if (paddr < 0x03000000u)
        return m->vram + (paddr & (m->vram_size - 1));
    return NULL;
}

static uint8_t *bus_page(void *ctx, uint32_t paddr, bool write) { return mem_ptr(ctx, paddr, write); }

static const uint8_t *dma_ptr(void *ctx, uint32_t addr, uint32_t *avail)
{
    uint8_t *p = mem_ptr(ctx, addr, false);
    *avail = p ? 0x1000 - (addr & 0xfff) : 0;
    return p;
}

uint32_t riscpc_phys_read32(machine_t *mm, uint32_t addr)
{
    uint8_t *p = mem_ptr((riscpc_t *)mm, addr & ~3u, false);
    if (!p)
        return 0;
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Floppy DMA acknowledge: Linux's FIQ handler (mach-rpc floppydma.S) moves each byte through
 * FLOPPYDMA_BASE - 4 and the last one through FLOPPYDMA_BASE (0x0302a000), which also
 * asserts terminal count. */
#define FDC_DACK_BASE 0x03029000u
#define FDC_DACK_TC 0x0302a000u
#define FDC_DACK_END 0x0302b000u

static uint32_t io_read(riscpc_t *m, uint32_t a, unsigned size)
{
    if (a >= 0x03010000u && a < 0x03012000u)
        return superio_read(&m->sio, (a - 0x03010000u) >> 2, size);
    if (a >= FDC_DACK_BASE && a < FDC_DACK_END)
        return fdc_dack_read(&m->fdc, a >= FDC_DACK_TC);
    if (a >= 0x03200000u && a < 0x03210000u) {
        uint32_t v = iomd_read(&m->iomd, a & 0xffff);
        return size == 1 ? v & 0xff : size == 2 ? v & 0xffff : v;
    }
    if (a >= 0x03310000u && a < 0x03320000u) {
        /* Mouse buttons, active low: bit 6 left, 5 middle, 4 right (Linux rpcmouse). */
        unsigned b = m->mouse_buttons, v = 0x70;
        if (b & MOUSE_LEFT) v &= ~0x40u;
        if (b & MOUSE_MIDDLE) v &= ~0x20u;
        if (b & MOUSE_RIGHT) v &= ~0x10u;
        return v;
    }
    if (a >= 0x03360000u && a < 0x03370000u)
        return podule_expmask_read(&m->pod, (a >> 2) & 1);
    int slot;
    podule_space_t sp;
    uint32_t off;
    if (podule_decode(a, &slot, &sp, &off))
        return podule_read(&m->pod, a, size);
    return 0; /* undecoded I/O reads as zero; VIDC20 is write-only */
}

static void io_write(riscpc_t *m, uint32_t a, uint32_t v, unsigned size)
{
    if (a >= 0x03010000u && a < 0x03012000u) {
        superio_write(&m->sio, (a - 0x03010000u) >> 2, v, size);
        return;
    }
    if (a >= FDC_DACK_BASE && a < FDC_DACK_END) {
        fdc_dack_write(&m->fdc, (uint8_t)v, a >= FDC_DACK_TC);
        return;
    }
    if (a >= 0x03200000u && a < 0x03210000u) {
        iomd_write(&m->iomd, a & 0xffff, v);
        return;
    }
    if (a >= 0x03400000u && a < 0x03600000u) {
        vidc20_write(&m->vidc, v);
        if (m->frame_unprogrammed) {
            /* The first complete set of timing registers starts the raster at once instead
             * of after the placeholder frame that ran while there was no mode. */
            vidc20_mode_t mode;
            vidc20_mode(&m->vidc, &mode);
            if (mode.valid) {
                m->frame_unprogrammed = false;
                sched_cancel(&m->sched, &m->vsync_ev);
                sched_at(&m->sched, &m->frame_ev, m->sched.now);
            }
        }
        return;
    }
    if (a >= 0x03360000u && a < 0x03370000u) {
        podule_expmask_write(&m->pod, (a >> 2) & 1, (uint8_t)v);
        return;
    }
    int slot;
    podule_space_t sp;
    uint32_t off;
    if (podule_decode(a, &slot, &sp, &off))
        podule_write(&m->pod, a, v, size);
}

static uint32_t bus_read(void *ctx, uint32_t paddr, unsigned size, bool *abort)
{
    riscpc_t *m = ctx;
    (void)abort;
    paddr &= 0x1fffffffu;
    uint8_t *p = mem_ptr(m, paddr, false);
    if (p) {
        uint32_t v = 0;
        memcpy(&v, p, size);
        return v;
    }
    now_ticks(m);
    uint32_t v = (paddr >= 0x03000000u && paddr < 0x10000000u) ? io_read(m, paddr, size) : 0;
    check_events(m);
    return v;
}

static void bus_write(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort)
{
    riscpc_t *m = ctx;
    (void)abort;
    paddr &= 0x1fffffffu;
    uint8_t *p = mem_ptr(m, paddr, true);
    if (p) {
        memcpy(p, &value, size);
        return;
    }
    if (paddr < ROM_WINDOW)
        return; /* ROM: writes go nowhere */
    now_ticks(m);
    if (paddr >= 0x03000000u && paddr < 0x10000000u)
        io_write(m, paddr, value, size);
    check_events(m);
}

/* ---- wiring callbacks ----------------------------------------------------------------------- */

/* SA-110 wait-for-interrupt (CP15 c15, used by Linux's cpu_sa110_do_idle): the core has
 * halted; end the slice so the run loop skips to the next event instead of spinning. */
static void cpu_idle(void *ctx)
{
    riscpc_t *m = ctx;
    m->idle_entries++;
    arm_stop(&m->cpu);
}

static void cpu_irq(void *ctx, bool level)
{
    riscpc_t *m = ctx;
    if (m->replay)
        arm_replay_set_irq(m->replay, level);
    else
        arm_set_irq(&m->cpu, level);
}

static void cpu_fiq(void *ctx, bool level)
{
    riscpc_t *m = ctx;
    if (m->replay)
        arm_replay_set_fiq(m->replay, level);
    else
        arm_set_fiq(&m->cpu, level);
}

/* --cpu-core lockstep: a difference between the JIT and the interpreter ends the program with
 * the report (there is no way to go on: which of the two is right is what the user must find). */
static int64_t lockstep_run(riscpc_t *m, int64_t budget)
{
    int64_t used = arm_replay_run(m->replay, budget);
    if (m->replay->ls.diverged) {
        fflush(m->serial);
        fprintf(stderr, "riscpc: --cpu-core lockstep: the JIT and the interpreter differ at %.6f s\n%s",
                (double)now_ticks(m) / RISCPC_TICKS_PER_SECOND, m->replay->ls.report);
        exit(3);
    }
    return used;
}

static unsigned i2c_lines(void *ctx, bool scl, bool sda)
{
    riscpc_t *m = ctx;
    bool dev = pcf8583_bus(&m->rtc, scl, sda);
    return (unsigned)((sda && dev) ? 1 : 0) | (scl ? 2u : 0u);
}

static void kbd_tx(void *ctx, uint8_t b) { ps2_write(&((riscpc_t *)ctx)->kbd, b); }
static int kbd_rx(void *ctx) { return ps2_pop(&((riscpc_t *)ctx)->kbd); }
static void kbd_notify(void *ctx) { iomd_kbd_poll(&((riscpc_t *)ctx)->iomd); }

static void serial_out(riscpc_t *m, uint8_t b)
{
    if (m->serial) {
        fputc(b, m->serial);
        if (b == '\n')
            fflush(m->serial);
    }
    if (m->serial_tap)
        m->serial_tap(m->serial_tap_ctx, b);
    if (m->log_len == SERIAL_LOG - 1) { /* keep the most recent half */
        memmove(m->serial_log, m->serial_log + SERIAL_LOG / 2, SERIAL_LOG / 2 - 1);
        m->log_len = SERIAL_LOG / 2 - 1;
    }
    m->serial_log[m->log_len++] = (char)b;
    m->serial_log[m->log_len] = 0;
}

static void uart0_tx(void *ctx, uint8_t b) { serial_out(ctx, b); }
static void uart0_irq(void *ctx, bool l) { iomd_irqb_level(&((riscpc_t *)ctx)->iomd, IOMD_IRQB_SERIAL, l); }
static void uart1_irq(void *ctx, bool l) { (void)ctx, (void)l; /* COM2: no IOMD input on the RiscPC */ }

static uint32_t sio_dev_read(void *ctx, superio_dev_t d, unsigned reg, unsigned size)
{
    riscpc_t *m = ctx;
    switch (d) {
    case SUPERIO_UART1: return uart16550_read(&m->uart[0], reg);
    case SUPERIO_UART2: return uart16550_read(&m->uart[1], reg);
    case SUPERIO_IDE: return ide_read(&m->ide, reg, size);
    case SUPERIO_IDE_CTL: return ide_read_alt(&m->ide);
    case SUPERIO_FDC: return fdc_read(&m->fdc, reg);
    default: return 0xff;
    }
}

static void sio_dev_write(void *ctx, superio_dev_t d, unsigned reg, uint32_t v, unsigned size)
{
    riscpc_t *m = ctx;
    switch (d) {
    case SUPERIO_UART1: uart16550_write(&m->uart[0], reg, (uint8_t)v); break;
    case SUPERIO_UART2: uart16550_write(&m->uart[1], reg, (uint8_t)v); break;
    case SUPERIO_IDE: ide_write(&m->ide, reg, v, size); break;
    case SUPERIO_IDE_CTL: ide_write_ctl(&m->ide, (uint8_t)v); break;
    case SUPERIO_FDC: fdc_write(&m->fdc, reg, (uint8_t)v); break;
    default: break;
    }
}

static void fdc_irq(void *ctx, bool l) { iomd_irqb_level(&((riscpc_t *)ctx)->iomd, IOMD_IRQB_FLOPPY, l); }
static void fdc_drq(void *ctx, bool l) { iomd_fiq_level(&((riscpc_t *)ctx)->iomd, IOMD_FIQ_FLOPPY, l); }

static void ide_irq(void *ctx, bool l) { iomd_irqb_level(&((riscpc_t *)ctx)->iomd, IOMD_IRQB_IDE, l); }

static void pod_irq(void *ctx, bool l) { iomd_irqb_level(&((riscpc_t *)ctx)->iomd, IOMD_IRQB_PODULE, l); }
static void pod_fiq(void *ctx, bool l)
{
    riscpc_t *m = ctx;
    iomd_fiq_level(&m->iomd, IOMD_FIQ_PODULE, l);
    iomd_irqb_level(&m->iomd, IOMD_IRQB_PFIQ, l);
}
static void pod_net(void *ctx, bool l) { iomd_irqb_level(&((riscpc_t *)ctx)->iomd, IOMD_IRQB_NET, l); }

static void vid_frame_start(void *ctx) { iomd_video_frame_start(&((riscpc_t *)ctx)->iomd); }
static bool vid_fetch(void *ctx, uint8_t *d, uint32_t n) { return iomd_video_fetch(&((riscpc_t *)ctx)->iomd, d, n); }
static void vid_cursor(void *ctx, uint8_t *d, uint32_t n) { iomd_cursor_fetch(&((riscpc_t *)ctx)->iomd, d, n); }

/* ---- video timing --------------------------------------------------------------------------- */

static uint64_t frame_ticks(riscpc_t *m)
{
    uint64_t t = vidc20_frame_ticks(&m->vidc, RISCPC_TICKS_PER_SECOND);
    /* Guard against nonsense timings (below 10 Hz or above 400 Hz): use 50 Hz. */
    if (t < RISCPC_TICKS_PER_SECOND / 400 || t > RISCPC_TICKS_PER_SECOND / 10)
        t = DEFAULT_FRAME_TICKS;
    return t;
}

/* End of the display area: the picture is complete (rendered now from video DMA), VIDC20
 * enters vertical flyback and IOMD latches its VSYNC interrupt. */
static void vsync_event(void *ctx, uint64_t when)
{
    (void)when;
    riscpc_t *m = ctx;
    vidc20_mode_t mode;
    vidc20_mode(&m->vidc, &mode);
    vidc20_render(&m->vidc, m->fb, VIDC20_MAX_W, VIDC20_MAX_W, VIDC20_MAX_H, &m->fb_w, &m->fb_h);
    iomd_set_flyback(&m->iomd, true);
    if (mode.valid)
        iomd_irqa_pulse(&m->iomd, IOMD_IRQA_VSYNC);
    m->frame_no++;
    m->frame_done = true;
}

/* Vertical flyback (IOMD control register bit 7) lasts from the end of one frame's display
 * through sync and the top margin to the first display line of the next. */
static void display_start_event(void *ctx, uint64_t when)
{
    (void)when;
    iomd_set_flyback(&((riscpc_t *)ctx)->iomd, false);
}

static void frame_event(void *ctx, uint64_t when)
{
    riscpc_t *m = ctx;
    m->frame_start = when;
    vidc20_mode_t mode;
    vidc20_mode(&m->vidc, &mode);
    m->frame_unprogrammed = !mode.valid;
    uint64_t ft = frame_ticks(m);
    uint64_t disp = vidc20_display_end_ticks(&m->vidc, RISCPC_TICKS_PER_SECOND);
    if (!disp || disp >= ft)
        disp = ft * 9 / 10;
    uint64_t top = mode.valid ? (uint64_t)mode.htotal * (uint64_t)mode.vdisp * RISCPC_TICKS_PER_SECOND / mode.pixel_hz : 0;
    if (top && top < disp)
        sched_at(&m->sched, &m->display_ev, when + top);
    else
        iomd_set_flyback(&m->iomd, false);
    sched_at(&m->sched, &m->vsync_ev, when + disp);
    sched_at(&m->sched, &m->frame_ev, when + ft);
}

/* ---- sound: IOMD SD0 → VIDC20 at the programmed rate, resampled to 44.1 kHz ---------------- */

static void audio_push(riscpc_t *m, int16_t l, int16_t r)
{
    size_t at = (m->audio_head + m->audio_count) % AUDIO_RING;
    m->audio[2 * at] = l;
    m->audio[2 * at + 1] = r;
    if (m->audio_count < AUDIO_RING)
        m->audio_count++;
    else
        m->audio_head = (m->audio_head + 1) % AUDIO_RING; /* nobody drains: drop the oldest */
}

/* While sound DMA runs, one 16-byte transfer per event at VIDC20's sample rate; otherwise
 * silence at the output rate, one event per millisecond, so the audio clock always runs. */
static void sound_event(void *ctx, uint64_t when)
{
    riscpc_t *m = ctx;
    if (!iomd_sound_enabled(&m->iomd, 0)) {
        m->audio_phase += AUDIO_RATE;
        while (m->audio_phase >= 1000) {
            m->audio_phase -= 1000;
            audio_push(m, 0, 0);
        }
        sched_at(&m->sched, &m->sound_ev, when + RISCPC_TICKS_PER_SECOND / 1000);
        return;
    }
    uint32_t rate = vidc20_sound_rate(&m->vidc);
    bool s16 = vidc20_sound_16bit(&m->vidc);
    uint8_t buf[16];
    int16_t pcm[32];
    uint32_t got = iomd_sound_fetch(&m->iomd, 0, buf, 16);
    if (got < 16)
        memset(buf + got, 0, 16 - got); /* both buffers ran dry: silence */
    uint32_t n = vidc20_sound_convert(&m->vidc, buf, 16, pcm);
    for (uint32_t i = 0; i < n; i++) {
        /* zero-order hold resampling to AUDIO_RATE */
        m->audio_phase += AUDIO_RATE;
        while (m->audio_phase >= rate) {
            m->audio_phase -= rate;
            audio_push(m, pcm[2 * i], pcm[2 * i + 1]);
        }
    }
    sched_at(&m->sched, &m->sound_ev, when + (uint64_t)(s16 ? 4 : 16) * RISCPC_TICKS_PER_SECOND / rate);
}

/* Serial input: with --serial stdout, bytes typed on the host's stdin go to the first UART,
 * no faster than its receive FIFO takes them. */
static void serial_poll_input(riscpc_t *m)
{
    if (m->serial != stdout || m->stdin_eof)
        return;
    unsigned space = uart16550_rx_space(&m->uart[0]);
    if (!space)
        return;
    struct pollfd pfd = {.fd = 0, .events = POLLIN};
    if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP)))
        return;
    uint8_t buf[16];
    ssize_t n = read(0, buf, space < sizeof buf ? space : sizeof buf);
    if (n <= 0) {
        m->stdin_eof = true;
        return;
    }
    for (ssize_t i = 0; i < n; i++)
        uart16550_receive(&m->uart[0], buf[i] == '\n' ? '\r' : buf[i]);
}

/* The floppy drive's index hole passes the sensor five times a second (300 rpm) while the
 * motor turns with a disc in: IOMD latches it as IRQ A bit 2 (Linux "floppy index"). */
static void index_pulse(void *ctx, uint64_t when)
{
    riscpc_t *m = ctx;
    if (fdc_index_active(&m->fdc))
        iomd_irqa_pulse(&m->iomd, IOMD_IRQA_INDEX);
    sched_at(&m->sched, &m->index_ev, when + RISCPC_TICKS_PER_SECOND / 5);
}

static void delete_release(void *ctx, uint64_t when)
{
    (void)when;
    riscpc_t *m = ctx;
    ps2_key(&m->kbd, 0x4c, false);
}

/* ---- CMOS persistence ----------------------------------------------------------------------- */

/* A CMOS that was never written by an OS: all zero except the year RISC OS and Linux keep
 * beside the clock (physical 0xc0 = two-digit year, 0xc1 = century: the PCF8583 itself only
 * counts years modulo 4; Linux rtc-pcf8583 CMOS_YEAR) and the RISC OS checksum at 0x3f
 * (sum of the other 239 bytes plus one, in RISC OS's logical byte order). */
static void cmos_defaults(riscpc_t *m, int64_t now)
{
    uint8_t *ram = pcf8583_ram(&m->rtc);
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    int year = tm.tm_year + 1900;
    memset(ram + 16, 0, 240);
    ram[0xc0] = (uint8_t)(year % 100);
    ram[0xc1] = (uint8_t)(year / 100);
    unsigned sum = 1;
    for (int a = 0x10; a < 0x100; a++)
        if (a != 0x3f)
            sum += ram[a];
    ram[0x3f] = (uint8_t)sum;
}

static void cmos_load(riscpc_t *m)
{
    if (!m->cmos_path[0])
        return;
    uint8_t buf[256];
    size_t n = 0;
    char msg[MACHINE_ERR_LEN];
    if (access(m->cmos_path, F_OK) != 0)
        return;
    if (infile_read_into(m->cmos_path, buf, sizeof buf, &n, msg, sizeof msg) != 0)
        fprintf(stderr, "riscpc: CMOS %s; ignored\n", msg);
    else if (n == 256) {
        memcpy(pcf8583_ram(&m->rtc) + 16, buf + 16, 240);
        m->cmos_loaded = true;
    } else
        fprintf(stderr, "riscpc: %s: short CMOS file ignored\n", m->cmos_path);
    memcpy(m->cmos_saved, pcf8583_ram(&m->rtc), 256);
}

static void cmos_save(riscpc_t *m)
{
    uint8_t *ram = pcf8583_ram(&m->rtc);
    if (!m->cmos_path[0] || memcmp(ram + 16, m->cmos_saved + 16, 240) == 0)
        return;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", m->cmos_path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(ram, 1, 256, f) == 256 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, m->cmos_path) != 0) {
        fprintf(stderr, "riscpc: %s: cannot save CMOS: %s\n", m->cmos_path, strerror(errno));
        remove(tmp);
        return;
    }
    memcpy(m->cmos_saved, ram, 256);
}

/* ---- Linux direct boot ---------------------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static int load_file(const char *path, uint8_t *dst, uint32_t cap, uint32_t *size, const char *what,
                     char *err, size_t errlen)
{
    char msg[MACHINE_ERR_LEN];
    size_t len = 0;
    if (infile_read_into(path, dst, cap, &len, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "%s %s%s", what, msg,
                 strstr(msg, ": larger than") ? " (the RAM available for it)" : "");
        return -1;
    }
    if (len == 0) {
        snprintf(err, errlen, "%s %s: empty file", what, path);
        return -1;
    }
    *size = (uint32_t)len;
    return 0;
}

/* Loads the kernel at 0x10008000 and the initrd at the top of the first bank, page aligned:
 * clear of the kernel, its decompressor's relocation and the page tables at 0x10004000.
 * Done at creation and again at every reset (the running kernel overwrites its image). */
static int linux_load(riscpc_t *m, char *err, size_t errlen)
{
    uint32_t cap = m->bank_size[0] - (RISCPC_KERNEL_ADDR - 0x10000000u);
    if (load_file(m->kernel_path, ram_ptr(m, RISCPC_KERNEL_ADDR), cap, &m->kernel_size, "riscpc: --kernel",
                  err, errlen) != 0)
        return -1;
    m->initrd_addr = m->initrd_size = 0;
    if (!m->initrd_path[0])
        return 0;
    if (m->bank_size[0] <= 0x01000000u) {
        snprintf(err, errlen, "riscpc: --initrd needs more than 16 MB of RAM");
        return -1;
    }
    uint8_t *base = ram_ptr(m, 0x10000000u);
    uint32_t size = 0;
    /* Read it just above 16 MB first (the size is not known before), then move it up. */
    if (load_file(m->initrd_path, base + 0x01000000u, m->bank_size[0] - 0x01000000u, &size, "riscpc: --initrd",
                  err, errlen) != 0)
        return -1;
    uint32_t dst = (m->bank_size[0] - size) & ~0xfffu;
    memmove(base + dst, base + 0x01000000u, size);
    m->initrd_addr = 0x10000000u + dst;
    m->initrd_size = size;
    return 0;
}

/* The ATAG list at 0x10000100 (Linux Documentation/arm/Booting, arch/arm/include/uapi/asm/
 * setup.h): CORE, one MEM per bank, ACORN (VRAM pages), INITRD2, CMDLINE (only with --append,
 * so the kernel's built-in command line applies otherwise), NONE. */
static void write_atags(riscpc_t *m)
{
    uint8_t *p = ram_ptr(m, RISCPC_ATAG_ADDR);
    uint8_t *p0 = p;
    put32(p, 5); put32(p + 4, 0x54410001); put32(p + 8, 0); put32(p + 12, 4096); put32(p + 16, 0);
    p += 20;
    for (int b = 0; b < 4; b++) {
        if (!m->bank_size[b])
            continue;
        put32(p, 4); put32(p + 4, 0x54410002); put32(p + 8, m->bank_size[b]);
        put32(p + 12, 0x10000000u + (uint32_t)b * BANK_WINDOW);
        p += 16;
    }
    put32(p, 5); put32(p + 4, 0x41000101); put32(p + 8, 0); put32(p + 12, m->vram_size / 4096);
    put32(p + 16, 0); /* sounddefault 0, adfsdrives 0 */
    p += 20;
    if (m->initrd_size) {
        put32(p, 4); put32(p + 4, 0x54420005); put32(p + 8, m->initrd_addr); put32(p + 12, m->initrd_size);
        p += 16;
    }
    if (m->have_append) {
        size_t len = strlen(m->append) + 1;
        uint32_t words = 2 + (uint32_t)((len + 3) / 4);
        put32(p, words); put32(p + 4, 0x54410009);
        memset(p + 8, 0, (words - 2) * 4);
        memcpy(p + 8, m->append, len);
        p += words * 4;
    }
    put32(p, 0); put32(p + 4, 0);
    (void)p0;
}

/* ---- machine ops ---------------------------------------------------------------------------- */

/* hard: power cycle (memory contents lost, IOMD reports power-on reset, the keyboard runs its
 * self test). Soft: the reset button (memory kept, IRQ A's power-on bit clear, so an OS can
 * tell the two apart). The PCF8583 is battery backed and has no reset input: it carries on. */
static void riscpc_reset(machine_t *mm, bool hard)
{
    riscpc_t *m = (riscpc_t *)mm;
    if (hard && m->loaded) {
        memset(m->ram, 0, m->ram_size);
        memset(m->vram, 0, m->vram_size);
    }
    arm_reset(&m->cpu);
    iomd_reset(&m->iomd);
    if (!hard)
        iomd_write(&m->iomd, IOMD_IRQREQA, IOMD_IRQA_POR);
    vidc20_reset(&m->vidc);
    /* until the first frame completes, the monitor shows black */
    vidc20_render(&m->vidc, m->fb, VIDC20_MAX_W, VIDC20_MAX_W, VIDC20_MAX_H, &m->fb_w, &m->fb_h);
    superio_reset(&m->sio);
    uart16550_reset(&m->uart[0]);
    uart16550_reset(&m->uart[1]);
    if (hard)
        ps2_reset(&m->kbd);
    if (!m->linux_boot && hard) {
        /* A RISC OS ROM meeting a CMOS that no OS has written yet: the user would hold Delete
         * while switching on, which makes RISC OS reset the CMOS to its defaults. */
        if (m->riscos && !m->cmos_loaded && !m->delete_ev.pending) {
            ps2_key(&m->kbd, 0x4c, true);
            sched_at(&m->sched, &m->delete_ev, m->sched.now + 8 * RISCPC_TICKS_PER_SECOND);
        }
        ps2_power_on(&m->kbd); /* the keyboard's self-test result (and held keys) */
    }
    podule_bus_reset(&m->pod);
    riscpc_net_reset(&m->net);
    riscpc_hostfs_reset(&m->hostfs);
    ide_reset(&m->ide);
    fdc_reset(&m->fdc);
    m->frame_unprogrammed = true;
    sched_at(&m->sched, &m->frame_ev, m->sched.now + DEFAULT_FRAME_TICKS);
    sched_at(&m->sched, &m->index_ev, m->sched.now + RISCPC_TICKS_PER_SECOND / 5);
    sched_at(&m->sched, &m->sound_ev, m->sched.now + RISCPC_TICKS_PER_SECOND / 1000);
    if (m->linux_boot && m->loaded) {
        char err[MACHINE_ERR_LEN];
        if (linux_load(m, err, sizeof err) != 0)
            fprintf(stderr, "%s\n", err);
    }
    if (m->use_jit)
        arm_jit_flush(&m->jit); /* memory was rewritten behind the CPU's back */
    if (m->linux_boot) {
        /* Leave the FDC as the RiscPC's firmware does before it starts an OS: out of reset,
         * DMA/IRQ enabled, and the reset interrupt acknowledged by SENSE INTERRUPT for each
         * of the four drive slots (82077AA "polling" after reset). Otherwise Linux's
         * rpc_map_io DOR write finds a reset-exit interrupt pending and the floppy driver
         * takes it before it owns its DMA channel. */
        fdc_write(&m->fdc, 2, 0x0c);
        for (int i = 0; i < 4; i++) {
            fdc_write(&m->fdc, 5, 0x08);
            fdc_read(&m->fdc, 5);
            fdc_read(&m->fdc, 5);
        }
        write_atags(m);
        /* Kernel entry (Documentation/arm/Booting): SVC mode, IRQ/FIQ masked, MMU and caches
         * off, r0 = 0, r1 = machine type (1 = RiscPC), r2 = ATAG list. */
        arm_set_cpsr(&m->cpu, ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC);
        arm_set_reg(&m->cpu, ARM_MODE_SVC, 0, 0);
        arm_set_reg(&m->cpu, ARM_MODE_SVC, 1, 1);
        arm_set_reg(&m->cpu, ARM_MODE_SVC, 2, RISCPC_ATAG_ADDR);
        arm_set_reg(&m->cpu, ARM_MODE_SVC, 15, RISCPC_KERNEL_ADDR);
    }
    if (m->replay)
        arm_replay_sync(m->replay);
}

/* The CPU spins on `b .` with interrupts masked (Linux machine_halt): nothing it does can be
 * observed, so time passes without interpreting the loop. */
static bool spinning_masked(riscpc_t *m)
{
    uint32_t cpsr = arm_get_cpsr(&m->cpu);
    if (!(cpsr & ARM_PSR_I) || (!(cpsr & ARM_PSR_F) && m->cpu.fiq_line))
        return false;
    uint32_t insn;
    return arm_peek32(&m->cpu, m->cpu.r[15], &insn) && insn == 0xeafffffeu;
}

static void run_until(riscpc_t *m, uint64_t target)
{
    while (m->sched.now < target) {
        uint64_t next = sched_next(&m->sched);
        if (next > target)
            next = target;
        if (next > m->sched.now) {
            if (!m->cpu.halted && !spinning_masked(m)) {
                int64_t budget = (int64_t)((next - m->sched.now + m->tpc - 1) / m->tpc);
                m->slice_start = m->sched.now;
                m->slice_end = next;
                m->slice_budget = budget;
                m->in_slice = true;
                int64_t used = m->replay    ? lockstep_run(m, budget)
                               : m->use_jit && !m->debug_stepping ? arm_jit_run(&m->jit, budget)
                                            : arm_run(&m->cpu, budget);
                m->in_slice = false;
                /* The last instruction may overshoot the slice: time follows the CPU. */
                uint64_t end = m->slice_start + (uint64_t)used * m->tpc;
                if (end < m->sched.now)
                    end = m->sched.now;
                next = end;
            } else {
                m->cpu.cycles += (next - m->sched.now) / m->tpc;
                if (m->cpu.halted)
                    m->idle_ticks += next - m->sched.now;
            }
        }
        sched_run_until(&m->sched, next);
    }
    m->base.ticks = m->sched.now;
}

static void riscpc_run(machine_t *mm, uint64_t ticks)
{
    riscpc_t *m = (riscpc_t *)mm;
    run_until(m, m->sched.now + ticks);
    cmos_save(m);
}

static void riscpc_run_frame(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    m->frame_done = false;
    serial_poll_input(m);
    uint64_t limit = m->sched.now + RISCPC_TICKS_PER_SECOND / 5;
    while (!m->frame_done && m->sched.now < limit)
        run_until(m, m->sched.now + RISCPC_TICKS_PER_SECOND / 1000);
    if (m->frame_no % 50 == 0)
        cmos_save(m);
}

static void riscpc_get_frame(machine_t *mm, machine_frame_t *out)
{
    riscpc_t *m = (riscpc_t *)mm;
    out->pixels = m->fb;
    out->width = m->fb_w;
    out->height = m->fb_h;
    out->stride = VIDC20_MAX_W;
    /* Square pixels for the usual modes; modes with half the lines of their width (e.g.
     * 640×256) are shown on a 4:3 monitor, so their pixels are twice as tall. */
    out->pixel_aspect = (m->fb_h > 0 && m->fb_w >= 2 * m->fb_h + m->fb_h / 2) ? 0.5 : 1.0;
    out->number = m->frame_no;
}

static size_t riscpc_drain_audio(machine_t *mm, int16_t *out, size_t max)
{
    riscpc_t *m = (riscpc_t *)mm;
    size_t n = m->audio_count < max ? m->audio_count : max;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = m->audio[2 * m->audio_head];
        out[2 * i + 1] = m->audio[2 * m->audio_head + 1];
        m->audio_head = (m->audio_head + 1) % AUDIO_RING;
    }
    m->audio_count -= n;
    return n;
}

static void riscpc_key(machine_t *mm, int hid, bool down) { ps2_key(&((riscpc_t *)mm)->kbd, hid, down); }

static void riscpc_mouse(machine_t *mm, int dx, int dy, unsigned buttons)
{
    riscpc_t *m = (riscpc_t *)mm;
    iomd_mouse_move(&m->iomd, dx, -dy); /* quadrature Y counts up when the mouse moves away */
    m->mouse_buttons = buttons;
}

static void riscpc_joystick(machine_t *mm, int port, unsigned d, unsigned b) { (void)mm, (void)port, (void)d, (void)b; }

/* Writes a changed floppy image back: temp file + rename, so a crash never leaves half an
 * image. */
/* Writes a changed floppy image back, in place through a journal (hostfs/safewrite.h): the
 * user's file keeps its links and mode, and a crash mid-write is completed at the next start. */
static int floppy_flush(riscpc_t *m, int unit, char *err, size_t errlen)
{
    fdc_drive_t *d = &m->fdc.drive[unit];
    if (!d->present || !d->dirty || !m->floppy_path[unit][0])
        return 0;
    safewrite_range_t r = {.offset = 0, .data = d->data, .len = d->size};
    char msg[MACHINE_ERR_LEN];
    if (safewrite_ranges(m->floppy_path[unit], &r, 1, d->size, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "riscpc: floppy %s", msg);
        return -1;
    }
    d->dirty = false;
    return 0;
}

static int riscpc_flush(machine_t *mm, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    int rc = 0;
    for (int unit = 0; unit < 2; unit++)
        if (floppy_flush(m, unit, err, errlen) != 0)
            rc = -1;
    if (rc == 0 && ide_sync(&m->ide, err, errlen) != 0) /* IDE writes are in the file already */
        rc = -1;
    cmos_save(m);
    return rc;
}

static int floppy_insert(riscpc_t *m, int unit, const char *path, char *err, size_t errlen)
{
    static uint8_t buf[FDC_MAX_IMAGE];
    size_t n = 0;
    char msg[MACHINE_ERR_LEN], note[1200];
    if (safewrite_recover(path, note, sizeof note, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "riscpc: floppy %s", msg);
        return -1;
    }
    if (note[0])
        fprintf(stderr, "arcana: %s\n", note);
    if (infile_read_into(path, buf, sizeof buf, &n, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "riscpc: floppy %s", msg);
        return -1;
    }
    bool ro = access(path, W_OK) != 0;
    if (fdc_insert(&m->fdc, unit, buf, n, ro, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "riscpc: floppy %s: %s", path, msg);
        return -1;
    }
    snprintf(m->floppy_path[unit], sizeof m->floppy_path[unit], "%s", path);
    return 0;
}

static int riscpc_insert(machine_t *mm, media_kind_t kind, int unit, const char *path, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 1) {
        snprintf(err, errlen, "riscpc: only floppy drives 0 and 1 take media while running");
        return -1;
    }
    if (floppy_flush(m, unit, err, errlen) != 0)
        return -1;
    return floppy_insert(m, unit, path, err, errlen);
}

static int riscpc_eject(machine_t *mm, media_kind_t kind, int unit, char *err, size_t errlen)
{
    riscpc_t *m = (riscpc_t *)mm;
    if (kind != MEDIA_FLOPPY || unit < 0 || unit > 1 || !m->fdc.drive[unit].present) {
        snprintf(err, errlen, "riscpc: nothing to eject there");
        return -1;
    }
    if (floppy_flush(m, unit, err, errlen) != 0)
        return -1;
    fdc_eject(&m->fdc, unit);
    m->floppy_path[unit][0] = 0;
    return 0;
}

/* ---- save states ----------------------------------------------------------------------------
 * File: magic, format version, configuration (CPU model, RAM, VRAM, ROM size and hash), then
 * every component's fields in one fixed order through a single visitor, then an FNV-1a hash
 * of everything before it. A state loads only into a machine of the same configuration. */

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
    uint8_t pending = e->pending;
    uint64_t when = e->pending ? e->when : 0; /* a stale time would make equal states differ */
    state_field(io, &pending, sizeof pending);
    state_field(io, &when, sizeof when);
    if (io->loading) {
        if (!state_event_ok(m->sched.now, pending, when, STATE_MAX_AHEAD))
            return false;
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

static int riscpc_save_state(machine_t *mm, const char *path, char *err, size_t errlen)
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

static int riscpc_load_state(machine_t *mm, const char *path, char *err, size_t errlen)
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

static unsigned riscpc_activity(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    return (ide_busy(&m->ide) ? 1u << 4 : 0) | (fdc_busy(&m->fdc, 0) ? 1u : 0) | (fdc_busy(&m->fdc, 1) ? 2u : 0);
}

static void riscpc_destroy(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    cmos_save(m);
    char err[MACHINE_ERR_LEN];
    for (int i = 0; i < 2; i++)
        if (floppy_flush(m, i, err, sizeof err) != 0)
            fprintf(stderr, "%s\n", err);
    ide_detach(&m->ide, 0);
    ide_detach(&m->ide, 1);
    if (m->serial) {
        fflush(m->serial);
        if (m->serial_close)
            fclose(m->serial);
    }
    riscpc_net_destroy(&m->net);
    riscpc_hostfs_destroy(&m->hostfs);
    if (m->replay)
        arm_replay_destroy(m->replay);
    else if (m->use_jit)
        arm_jit_destroy(&m->jit);
    free(m);
}

const char *riscpc_serial_log(machine_t *mm) { return ((riscpc_t *)mm)->serial_log; }

uint32_t riscpc_bus_read(machine_t *mm, uint32_t addr, unsigned size)
{
    bool abort = false;
    return bus_read(mm, addr, size, &abort);
}

void riscpc_bus_write(machine_t *mm, uint32_t addr, uint32_t value, unsigned size)
{
    riscpc_t *m = (riscpc_t *)mm;
    bool abort = false;
    bus_write(mm, addr, value, size, &abort);
    if (m->use_jit)
        arm_jit_invalidate(&m->jit, addr, size);
    if (m->replay)
        arm_replay_mem_write(m->replay, addr & 0x1fffffffu, value, size);
}

uint8_t *riscpc_mem_ptr(machine_t *mm, uint32_t paddr, bool write) { return mem_ptr((riscpc_t *)mm, paddr, write); }

/* Translated blocks cannot stop between instructions, so a debugger's step is the
 * interpreter's (it shares the JIT's CPU state); a waiting CPU lets time pass to the next event. */
void riscpc_debug_step(machine_t *mm)
{
    riscpc_t *m = (riscpc_t *)mm;
    uint64_t target = m->sched.now + m->tpc;
    if (m->cpu.halted || spinning_masked(m)) {
        uint64_t next = sched_next(&m->sched);
        if (next != SCHED_NEVER && next > target)
            target = next;
    }
    m->debug_stepping = true;
    run_until(m, target);
    m->debug_stepping = false;
}

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

static uint32_t pow2_at_least(uint32_t v)
{
    uint32_t p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

static int riscpc_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen);

static const machine_type_t riscpc_type = {
    .name = "riscpc",
    .description = "Acorn RiscPC (ARM610/ARM710/SA-110, IOMD, VIDC20)",
    .create = riscpc_create,
    .takes = MACHINE_TAKES_HD | MACHINE_TAKES_CPU | MACHINE_TAKES_CPU_CORE | MACHINE_TAKES_RAM | MACHINE_TAKES_KERNEL |
             MACHINE_TAKES_STATES,
};
MACHINE_REGISTER(riscpc_type)

static int riscpc_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen)
{
    *out = NULL;
    arm_model_t model = ARM_MODEL_SA110;
    if (cfg->cpu && !arm_model_from_name(cfg->cpu, &model)) {
        snprintf(err, errlen, "riscpc: unknown --cpu %s (arm610, arm710, sa110)", cfg->cpu);
        return -1;
    }
    bool use_jit = false, lockstep = false;
    if (cfg->cpu_core && !strcmp(cfg->cpu_core, "jit")) {
        use_jit = true;
    } else if (cfg->cpu_core && !strcmp(cfg->cpu_core, "lockstep")) {
        use_jit = lockstep = true;
    } else if (cfg->cpu_core && strcmp(cfg->cpu_core, "interp") != 0) {
        snprintf(err, errlen, "riscpc: --cpu-core %s is not available on this machine (interp, jit, lockstep)",
                 cfg->cpu_core);
        return -1;
    }
    if (lockstep && cfg->hostfs_dir) {
        snprintf(err, errlen, "riscpc: --cpu-core lockstep does not replay HostFS calls: leave out --hostfs");
        return -1;
    }
    int ram_mb = cfg->ram_mb ? cfg->ram_mb : 32;
    if (ram_mb < 4 || ram_mb > 256 || (ram_mb & 3)) {
        snprintf(err, errlen, "riscpc: --ram %d: the RiscPC takes 4 to 256 MB in steps of 4", ram_mb);
        return -1;
    }
    /* ROM: the user's image, else a catalogued RISC OS ROM, else our own boot ROM. */
    rom_image_t img = {0};
    bool have_rom = false;
    if (cfg->rom) {
        if (rom_load(cfg->rom, &img, err, errlen) != 0)
            return -1;
        have_rom = true;
    } else if (!cfg->kernel) {
        rom_set_t set = {0};
        char dummy[256];
        if (rom_find_default("riscpc", &set, dummy, sizeof dummy) == 0) {
            img = set.main;
            set.main.data = NULL;
            rom_set_free(&set);
            have_rom = true;
        }
    }
    if (have_rom && (img.size > ROM_MAX || img.size == 0)) {
        snprintf(err, errlen, "riscpc: ROM %s: %zu bytes; the RiscPC takes up to 8 MB", img.source, img.size);
        rom_free(&img);
        return -1;
    }
    uint32_t boot_size = (uint32_t)(riscpc_boot_rom_end - riscpc_boot_rom);
    uint32_t rom_size = pow2_at_least(have_rom ? (uint32_t)img.size : boot_size);
    if (rom_size < 0x20000)
        rom_size = 0x20000; /* Linux reads 0x10000 (idle) and 16 KB at 0 (cache clean) */
    uint32_t ram_size = (uint32_t)ram_mb << 20, vram_size = VRAM_DEFAULT;
    size_t fb_bytes = (size_t)VIDC20_MAX_W * VIDC20_MAX_H * 4;
    /* VIDC20's line cache (vidc20_cfg_t): one frame of DMA data, up to 1024x768 at 16 bpp. */
    size_t line_cache_bytes = (size_t)2 << 20;
    /* Lock-step: the reference CPU and its copy of VRAM and RAM (kept adjacent, as ours). */
    size_t replay_bytes = lockstep ? sizeof(arm_replay_t) + vram_size + ram_size + 64 : 0;
    size_t total = sizeof(riscpc_t) + rom_size + vram_size + ram_size + fb_bytes + line_cache_bytes + 64 + replay_bytes;
    riscpc_t *m = calloc(1, total);
    if (!m) {
        if (have_rom) rom_free(&img);
        snprintf(err, errlen, "riscpc: out of memory for %d MB of RAM", ram_mb);
        return -1;
    }
    uint8_t *p = (uint8_t *)(((uintptr_t)(m + 1) + 63) & ~(uintptr_t)63);
    m->state_disks = cfg->state_disks;
    m->rom = p; p += rom_size;
    m->vram = p; p += vram_size;
    m->ram = p; p += ram_size;
    m->fb = (uint32_t *)p;
    p += fb_bytes;
    uint8_t *line_cache = p;
    p += line_cache_bytes;
    m->rom_size = rom_size;
    m->vram_size = vram_size;
    m->ram_size = ram_size;
    memset(m->rom, 0xff, rom_size);
    if (have_rom) {
        m->riscos = img.info != NULL; /* a catalogued RISC OS ROM */
        memcpy(m->rom, img.data, img.size);
        if (!img.info)
            fprintf(stderr, "riscpc: %s is not a known RISC OS ROM; running it anyway\n", img.source);
        rom_free(&img);
    } else {
        memcpy(m->rom, riscpc_boot_rom, boot_size);
    }
    /* DRAM banks: up to 64 MB each, power-of-two sizes, filled in order. */
    uint32_t left = ram_size, off = 0;
    for (int b = 0; b < 4 && left; b++) {
        uint32_t s = left >= BANK_WINDOW ? BANK_WINDOW : left;
        while (s & (s - 1))
            s &= s - 1;
        m->bank_size[b] = s;
        m->bank_off[b] = off;
        off += s;
        left -= s;
    }
    if (left) {
        free(m);
        snprintf(err, errlen, "riscpc: --ram %d does not fit the four DRAM banks", ram_mb);
        return -1;
    }

    m->base.type = &riscpc_type;
    m->base.ops = &riscpc_ops;
    m->base.ticks_per_second = RISCPC_TICKS_PER_SECOND;
    m->base.audio_rate = AUDIO_RATE;
    sched_init(&m->sched);
    static const uint64_t cpu_hz[] = {30000000, 40000000, 200000000};
    m->tpc = RISCPC_TICKS_PER_SECOND / cpu_hz[model];

    arm_cfg_t acfg = {.model = model,
                      .bus = {.ctx = m, .page = bus_page, .read = bus_read, .write = bus_write, .idle = cpu_idle}};
    if (arm_init(&m->cpu, &acfg, err, errlen) != 0) {
        free(m);
        return -1;
    }
    iomd_init(&m->iomd, &(iomd_cfg_t){.sched = &m->sched, .ticks_per_second = RISCPC_TICKS_PER_SECOND,
                                      .ctx = m, .irq = cpu_irq, .fiq = cpu_fiq, .i2c = i2c_lines,
                                      .kbd_tx = kbd_tx, .kbd_rx = kbd_rx, .dma_ptr = dma_ptr, .id = 0xd4e7});
    vidc20_init(&m->vidc, &(vidc20_cfg_t){.vclk_hz = 24000000, .rclk_hz = 32000000, .ctx = m,
                                          .frame_start = vid_frame_start, .fetch = vid_fetch,
                                          .cursor_fetch = vid_cursor, .line_cache = line_cache,
                                          .line_cache_size = line_cache_bytes});
    superio_init(&m->sio, &(superio_cfg_t){.ctx = m, .dev_read = sio_dev_read, .dev_write = sio_dev_write});
    /* CTS and DSR asserted (Linux DEBUG_UART_FLOW_CONTROL waits for CTS), DCD asserted. */
    uart16550_init(&m->uart[0], &(uart16550_cfg_t){.ctx = m, .irq = uart0_irq, .tx = uart0_tx,
                                                    .msr_inputs = 0xb0, .out2_gates_irq = true});
    uart16550_init(&m->uart[1], &(uart16550_cfg_t){.ctx = m, .irq = uart1_irq, .msr_inputs = 0xb0,
                                                    .out2_gates_irq = true});
    pcf8583_init(&m->rtc, &(pcf8583_cfg_t){.ctx = m, .now_cs = rtc_now_cs, .address = 0x50,
                                            .start_time = (int64_t)time(NULL)});
    ps2_init(&m->kbd, &(ps2_cfg_t){.kind = PS2_KEYBOARD, .ctx = m, .notify = kbd_notify});
    podule_bus_init(&m->pod, &(podule_bus_cfg_t){.ctx = m, .irq = pod_irq, .fiq = pod_fiq, .netirq = pod_net});
    ide_init(&m->ide, &(ide_cfg_t){.ctx = m, .irq = ide_irq});
    fdc_init(&m->fdc, &(fdc_cfg_t){.ctx = m, .irq = fdc_irq, .drq = fdc_drq});
    for (int i = 0; i < 2; i++) {
        if (cfg->floppy[i] && floppy_insert(m, i, cfg->floppy[i], err, errlen) != 0) {
            free(m);
            return -1;
        }
    }
    for (int i = 0; i < MACHINE_MAX_HDS && i < 2; i++) {
        if (cfg->hd[i] && ide_attach(&m->ide, i, cfg->hd[i], false, err, errlen) != 0) {
            char msg[MACHINE_ERR_LEN];
            snprintf(msg, sizeof msg, "riscpc: --hd%d %s", i, err);
            snprintf(err, errlen, "%s", msg);
            ide_detach(&m->ide, 0);
            free(m);
            return -1;
        }
    }
    sched_event_init(&m->vsync_ev, "riscpc.vsync", vsync_event, m);
    sched_event_init(&m->frame_ev, "riscpc.frame", frame_event, m);
    sched_event_init(&m->display_ev, "riscpc.display_start", display_start_event, m);
    sched_event_init(&m->sound_ev, "riscpc.sound", sound_event, m);
    sched_event_init(&m->delete_ev, "riscpc.delete_power_on", delete_release, m);
    sched_event_init(&m->index_ev, "riscpc.floppy_index", index_pulse, m);

    cmos_defaults(m, (int64_t)time(NULL));
    memcpy(m->cmos_saved, pcf8583_ram(&m->rtc), 256);
    if (cfg->data_dir) {
        snprintf(m->cmos_path, sizeof m->cmos_path, "%s/riscpc.cmos", cfg->data_dir);
        cmos_load(m);
    }
    m->serial_tap = cfg->serial_tap;
    m->serial_tap_ctx = cfg->serial_tap_ctx;
    if (cfg->serial) {
        if (!strcmp(cfg->serial, "stdout")) {
            m->serial = stdout;
        } else {
            m->serial = fopen(cfg->serial, "wb");
            if (!m->serial) {
                snprintf(err, errlen, "riscpc: --serial %s: %s", cfg->serial, strerror(errno));
                free(m);
                return -1;
            }
            m->serial_close = true;
        }
    }
    if (cfg->kernel) {
        snprintf(m->kernel_path, sizeof m->kernel_path, "%s", cfg->kernel);
        snprintf(m->initrd_path, sizeof m->initrd_path, "%s", cfg->initrd ? cfg->initrd : "");
        if (linux_load(m, err, errlen) != 0)
            goto fail;
        if (cfg->append) {
            if (strlen(cfg->append) >= sizeof m->append) {
                snprintf(err, errlen, "riscpc: --append: command line longer than 1023 characters");
                goto fail;
            }
            snprintf(m->append, sizeof m->append, "%s", cfg->append);
            m->have_append = true;
        }
        m->linux_boot = true;
    } else if (cfg->initrd || cfg->append) {
        snprintf(err, errlen, "riscpc: --initrd and --append need --kernel");
        goto fail;
    }
    if (cfg->hostfs_dir && riscpc_hostfs_init(&m->hostfs, cfg->hostfs_dir, cfg->hostfs_readonly, &m->cpu, &m->pod,
                                              err, errlen) != 0)
        goto fail;
    if (riscpc_net_init(&m->net, cfg->net, &m->pod, &m->sched, RISCPC_TICKS_PER_SECOND / 1000, &m->idle_ticks, err,
                        errlen) != 0)
        goto fail;
    if (lockstep) {
        arm_replay_t *rp = (arm_replay_t *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
        uint8_t *shadow = (uint8_t *)(rp + 1);
        if (arm_replay_init(rp, &m->cpu, &m->jit, m->vram, shadow, vram_size + ram_size, err, errlen) != 0) {
            riscpc_net_destroy(&m->net);
            goto fail;
        }
        m->replay = rp;
        /* Test knob (tests/suites/46-arm-lockstep.sh): corrupt the JIT side after N
         * instructions to show that a difference is caught and reported. */
        const char *corrupt = getenv("ARCANA_LOCKSTEP_CORRUPT");
        if (corrupt)
            rp->ls.corrupt_at = strtoull(corrupt, NULL, 0);
        m->use_jit = true;
    } else if (use_jit) {
        if (arm_jit_init(&m->jit, &m->cpu, err, errlen) != 0) {
            riscpc_net_destroy(&m->net);
            goto fail;
        }
        m->use_jit = true;
    }
    if (use_jit && !lockstep && cfg->jit_perf_map && arm_jit_perf_map(&m->jit, err, errlen) != 0) {
        arm_jit_destroy(&m->jit);
        riscpc_net_destroy(&m->net);
        goto fail;
    }
    riscpc_reset(&m->base, true);
    m->loaded = true;
    *out = &m->base;
    return 0;
fail:
    riscpc_hostfs_destroy(&m->hostfs);
    ide_detach(&m->ide, 0);
    ide_detach(&m->ide, 1);
    if (m->serial_close)
        fclose(m->serial);
    free(m);
    return -1;
}
