/* How the RiscPC's chips are connected: interrupt lines into IOMD, IOMD's lines into the CPU,
 * the I²C bus, the keyboard port, SuperIO's devices, video DMA; each chip's configuration. */
#include <time.h>

#include "machines/riscpc/internal.h"

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

static uint64_t rtc_now_cs(void *ctx)
{
    riscpc_t *m = ctx;
    return riscpc_now(m) / (RISCPC_TICKS_PER_SECOND / 100);
}

static unsigned i2c_lines(void *ctx, bool scl, bool sda)
{
    riscpc_t *m = ctx;
    bool dev = pcf8583_bus(&m->rtc, scl, sda);
    return (unsigned)((sda && dev) ? 1 : 0) | (scl ? 2u : 0u);
}

static void kbd_tx(void *ctx, uint8_t b) { ps2_write(&((riscpc_t *)ctx)->kbd, b); }
static int kbd_rx(void *ctx) { return ps2_pop(&((riscpc_t *)ctx)->kbd); }
static void kbd_notify(void *ctx)
{
    riscpc_t *m = ctx;
    iomd_kbd_poll(&m->iomd);
    riscpc_iomd_rearm(m);
}

/* IOMD's timers and keyboard port (chips/iomd.h "Time"): one event at its next piece of work,
 * asked for again after every call into IOMD that can change it. */
void riscpc_iomd_rearm(riscpc_t *m)
{
    uint64_t next = iomd_next_event(&m->iomd);
    if (next == UINT64_MAX)
        sched_cancel(&m->sched, &m->iomd_ev);
    else if (!m->iomd_ev.pending || m->iomd_ev.when != next)
        sched_at(&m->sched, &m->iomd_ev, next);
}

static void iomd_due(void *ctx, uint64_t when)
{
    riscpc_t *m = ctx;
    iomd_run_due(&m->iomd, when);
    riscpc_iomd_rearm(m);
}

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

/* The floppy drive's index hole passes the sensor five times a second (300 rpm) while the
 * motor turns with a disc in: IOMD latches it as IRQ A bit 2 (Linux "floppy index"). */
static void index_pulse(void *ctx, uint64_t when)
{
    riscpc_t *m = ctx;
    if (fdc_index_active(&m->fdc))
        iomd_irqa_pulse(&m->iomd, IOMD_IRQA_INDEX);
    sched_at(&m->sched, &m->index_ev, when + RISCPC_TICKS_PER_SECOND / 5);
}

/* The end of the power-on Delete key press (riscpc_reset). */
static void delete_release(void *ctx, uint64_t when)
{
    (void)when;
    riscpc_t *m = ctx;
    ps2_key(&m->kbd, 0x4c, false);
}

/* The chips' messages (chips/chip_log.h): one line each on stderr. */
static void chip_message(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s\n", msg);
}

/* Every chip's configuration; the CPU is set up by create.c. */
void riscpc_chips_init(riscpc_t *m, uint8_t *line_cache, size_t line_cache_bytes, int64_t rtc_start)
{
    iomd_init(&m->iomd, &(iomd_cfg_t){.clock = &m->sched.now, .ticks_per_second = RISCPC_TICKS_PER_SECOND,
                                      .ctx = m, .irq = cpu_irq, .fiq = cpu_fiq, .i2c = i2c_lines,
                                      .kbd_tx = kbd_tx, .kbd_rx = kbd_rx, .dma_ptr = riscpc_dma_ptr, .id = 0xd4e7,
                                      .log = {chip_message, m}});
    vidc20_init(&m->vidc, &(vidc20_cfg_t){.vclk_hz = 24000000, .rclk_hz = 32000000, .ctx = m,
                                          .frame_start = vid_frame_start, .fetch = vid_fetch,
                                          .cursor_fetch = vid_cursor, .line_cache = line_cache,
                                          .line_cache_size = line_cache_bytes, .log = {chip_message, m}});
    superio_init(&m->sio, &(superio_cfg_t){.ctx = m, .dev_read = sio_dev_read, .dev_write = sio_dev_write});
    /* CTS and DSR asserted (Linux DEBUG_UART_FLOW_CONTROL waits for CTS), DCD asserted. */
    uart16550_init(&m->uart[0], &(uart16550_cfg_t){.ctx = m, .irq = uart0_irq, .tx = riscpc_serial_tx,
                                                    .msr_inputs = 0xb0, .out2_gates_irq = true});
    uart16550_init(&m->uart[1], &(uart16550_cfg_t){.ctx = m, .irq = uart1_irq, .msr_inputs = 0xb0,
                                                    .out2_gates_irq = true});
    pcf8583_init(&m->rtc, &(pcf8583_cfg_t){.ctx = m, .now_cs = rtc_now_cs, .address = 0x50,
                                            .start_time = rtc_start});
    ps2_init(&m->kbd, &(ps2_cfg_t){.kind = PS2_KEYBOARD, .ctx = m, .notify = kbd_notify});
    podule_bus_init(&m->pod, &(podule_bus_cfg_t){.ctx = m, .irq = pod_irq, .fiq = pod_fiq, .netirq = pod_net});
    ide_init(&m->ide, &(ide_cfg_t){.ctx = m, .irq = ide_irq});
    fdc_init(&m->fdc, &(fdc_cfg_t){.ctx = m, .irq = fdc_irq, .drq = fdc_drq});
}

/* The machine's own events besides the raster and sound (video.c). */
void riscpc_wiring_events_init(riscpc_t *m)
{
    sched_event_init(&m->delete_ev, "riscpc.delete_power_on", delete_release, m);
    sched_event_init(&m->index_ev, "riscpc.floppy_index", index_pulse, m);
    sched_event_init(&m->iomd_ev, "riscpc.iomd", iomd_due, m);
}

/* The CPU's view of the machine: memory pages, I/O through memmap.c, wait-for-interrupt. */
arm_bus_t riscpc_cpu_bus(riscpc_t *m)
{
    return (arm_bus_t){.ctx = m, .page = riscpc_bus_page, .read = riscpc_bus_read_cb,
                       .write = riscpc_bus_write_cb, .idle = cpu_idle};
}
