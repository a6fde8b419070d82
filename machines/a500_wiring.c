/* The A500's chips wired together: scheduled events, the callbacks each chip is given, reset,
 * and the run loop that keeps the chipset caught up with the CPU (DESIGN.md §4). Interrupt
 * wiring: Amiga Hardware Reference Manual 3rd ed., ch. 7. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machines/a500_internal.h"

/* ---- events ---- */

/* Arms an event; when it falls inside the CPU's current run, the run stops there. */
void a500_arm(a500_t *m, sched_event_t *ev, uint64_t when)
{
    a500_soft_sync(m);
    m->cpu.soft_until = 0;
    if (when == UINT64_MAX) {
        sched_cancel(&m->sched, ev);
        return;
    }
    if (when < m->sched.now)
        when = m->sched.now;
    sched_at(&m->sched, ev, when);
    if (when / TICKS_PER_CPU < m->run_target)
        m68k_end_run(&m->cpu);
}

void a500_cias_catch_up(a500_t *m, uint64_t tick)
{
    uint64_t e = tick / TICKS_PER_E;
    if (e > m->cia_e) {
        cia_advance(&m->ciaa, e - m->cia_e);
        cia_advance(&m->ciab, e - m->cia_e);
        m->cia_e = e;
    }
}

void a500_rearm_cias(a500_t *m)
{
    uint64_t a = cia_cycles_to_event(&m->ciaa), b = cia_cycles_to_event(&m->ciab);
    uint64_t n = a < b ? a : b;
    a500_arm(m, &m->ev_cia, n == UINT64_MAX ? UINT64_MAX : (m->cia_e + n) * TICKS_PER_E);
}

static void ev_cia(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    a500_cias_catch_up(m, when);
    a500_rearm_cias(m);
}

void a500_paula_to(a500_t *m, uint64_t tick)
{
    paula_advance(&m->paula, tick);
}

void a500_rearm_paula(a500_t *m) { a500_arm(m, &m->ev_paula, paula_next_event(&m->paula)); }

static void ev_paula(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    a500_paula_to(m, when);
    a500_rearm_paula(m);
}

static void ev_kbd(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    kbd_advance(&m->kbd, when);
    a500_arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
}

/* The index hole passes every revolution; CIA-B /FLAG sees it from a selected, spinning drive. */
static void ev_index(void *ctx, uint64_t when)
{
    a500_t *m = ctx;
    for (int i = 0; i < 4; i++) {
        if (m->df[i].selected && floppy_spinning(&m->df[i])) {
            a500_cias_catch_up(m, when);
            cia_flag(&m->ciab);
            break;
        }
    }
    uint64_t rev = (uint64_t)FLOPPY_TRACK_WORDS * PAULA_DISK_WORD_TICKS;
    a500_arm(m, &m->ev_index, (when / rev + 1) * rev);
}


/* ---- chip wiring ---- */

/* Paula's interrupt level reaches the 68000 4 colour clocks after INTREQ/INTENA change: the
   latency FS-UAE's cycle-exact A500 shows from a copper INTREQ write to the CPU leaving STOP
   (tests/amiga/rom/beamcpu.s; its WinUAE core models 3 in Paula plus the 68000's IPL sampling). */
#define IPL_DELAY_TICKS (4u * 8u)

static void w_ipl(void *ctx, unsigned level)
{
    a500_t *m = ctx;
    m->ipl_next = (uint8_t)level;
    a500_arm(m, &m->ev_ipl, agnus_now(&m->agnus) + IPL_DELAY_TICKS);
}

static void ev_ipl(void *ctx, uint64_t when)
{
    (void)when;
    a500_t *m = ctx;
    m68k_set_ipl(&m->cpu, m->ipl_next);
    if (m->ipl_next)
        m68k_end_run(&m->cpu);
}

static void w_ciaa_irq(void *ctx, bool on) { a500_t *m = ctx; paula_set_ext(&m->paula, INT_PORTS, on || a500_zorro_int2(&m->zorro)); }
void a500_zorro_int2_wire(void *ctx, bool on) { a500_t *m = ctx; paula_set_ext(&m->paula, INT_PORTS, on || m->ciaa.irq); }
static void w_ciab_irq(void *ctx, bool on) { paula_set_ext(&((a500_t *)ctx)->paula, INT_EXTER, on); }

static uint8_t w_ciaa_in(void *ctx, int port)
{
    a500_t *m = ctx;
    if (port == 1)
        return 0xFF; /* parallel port data: nothing connected */
    uint8_t v = 0xFF;
    uint64_t now = cpu_ticks(m);
    for (int i = 0; i < 4; i++)
        v &= floppy_status(&m->df[i], now);
    if (m->fire[0])
        v &= (uint8_t)~0x40; /* /FIR0: left mouse button */
    if (m->fire[1])
        v &= (uint8_t)~0x80;
    return v;
}

static void w_ciaa_out(void *ctx, int port, uint8_t v)
{
    a500_t *m = ctx;
    if (port != 0)
        return;
    if (((v & 1) != 0) != m->overlay)
        a500_set_overlay(m, v & 1);
    paula_set_led_filter(&m->paula, !(v & 2));
}

static void w_ciaa_spmode(void *ctx, bool output)
{
    a500_t *m = ctx;
    kbd_advance(&m->kbd, cpu_ticks(m));
    kbd_kdat(&m->kbd, output);
    a500_arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
}

static void w_ciab_out(void *ctx, int port, uint8_t v)
{
    a500_t *m = ctx;
    if (port != 1)
        return;
    for (int i = 0; i < 4; i++)
        floppy_control(&m->df[i], v, cpu_ticks(m));
}

static void w_kbd_send(void *ctx, uint8_t v)
{
    a500_t *m = ctx;
    a500_cias_catch_up(m, m->kbd.now);
    cia_serial_in(&m->ciaa, v);
}

static void w_kbd_reset(void *ctx)
{
    a500_t *m = ctx;
    m->reset_pending = true;
    m68k_end_run(&m->cpu);
}

static amiga_floppy_t *selected_drive(a500_t *m)
{
    for (int i = 0; i < 4; i++)
        if (m->df[i].selected && m->df[i].connected)
            return &m->df[i];
    return NULL;
}

static uint16_t w_disk_read(void *ctx, uint64_t slot)
{
    amiga_floppy_t *f = selected_drive(ctx);
    return f ? floppy_read_word(f, slot) : 0;
}

static bool w_disk_turning(void *ctx)
{
    amiga_floppy_t *f = selected_drive(ctx);
    return f && floppy_spinning(f);
}

static void w_disk_write(void *ctx, uint64_t slot, uint16_t w)
{
    amiga_floppy_t *f = selected_drive(ctx);
    if (f)
        floppy_write_word(f, slot, w);
}

static void w_disk_write_end(void *ctx)
{
    amiga_floppy_t *f = selected_drive(ctx);
    if (f)
        floppy_write_end(f);
}

static void w_serial_out(void *ctx, uint8_t b)
{
    a500_t *m = ctx;
    if (m->serial) {
        fputc(b, m->serial);
        if (b == '\n')
            fflush(m->serial);
    }
    if (m->serial_tap)
        m->serial_tap(m->serial_tap_ctx, b);
}

/* Agnus's callbacks. */
static void w_reg_write(void *ctx, unsigned reg, uint16_t v) { a500_custom_write(ctx, reg, v); }
static void w_cck(void *ctx) { denise_cck(&((a500_t *)ctx)->denise); }
static void w_ccks(void *ctx, unsigned n) { denise_ccks(&((a500_t *)ctx)->denise, n); }
/* BPLxDAT are Denise's alone (a500_build_owner_table): bitplane DMA goes straight there. */
static void w_bpl_data(void *ctx, unsigned plane, uint16_t w) { denise_bpldat(&((a500_t *)ctx)->denise, plane, w); }

static void w_hsync(void *ctx, unsigned vpos, bool vdiw, unsigned line_len)
{
    a500_t *m = ctx;
    denise_hsync(&m->denise, vpos, vdiw, line_len);
    cia_tod_pulse(&m->ciab); /* CIA-B TOD counts horizontal sync */
    paula_hsync(&m->paula);
}

static void w_vsync(void *ctx, bool lof, bool lace)
{
    a500_t *m = ctx;
    denise_vsync(&m->denise, lof, lace);
    cia_tod_pulse(&m->ciaa); /* CIA-A TOD counts vertical sync (50 Hz) */
    m->frame_done = true;
    m->cpu.soft_until = 0;
}

static void w_irq(void *ctx, uint16_t bits) { paula_raise(&((a500_t *)ctx)->paula, bits); }

static int w_disk_slot(void *ctx, uint16_t mem_word, uint16_t *out)
{
    a500_t *m = ctx;
    a500_paula_to(m, agnus_now(&m->agnus));
    int r = paula_disk_slot(&m->paula, mem_word, out);
    return r == PAULA_DISK_TO_MEM ? AGNUS_DISK_TO_MEM : r == PAULA_DISK_FROM_MEM ? AGNUS_DISK_FROM_MEM : AGNUS_DISK_IDLE;
}

static unsigned w_audio_slot(void *ctx, unsigned ch)
{
    a500_t *m = ctx;
    a500_paula_to(m, agnus_now(&m->agnus));
    unsigned r = paula_audio_slot(&m->paula, ch);
    return ((r & PAULA_AUD_FETCH) ? AGNUS_AUD_FETCH : 0u) | ((r & PAULA_AUD_RELOAD) ? AGNUS_AUD_RELOAD : 0u);
}

static void w_audio_data(void *ctx, unsigned ch, uint16_t w)
{
    a500_t *m = ctx;
    paula_audio_data(&m->paula, ch, w);
    a500_rearm_paula(m);
}

static bool w_blit_cck(void *ctx, bool bus_free) { return blitter_cck(&((a500_t *)ctx)->blitter, bus_free); }
static unsigned w_blit_status(void *ctx) { return blitter_status(&((a500_t *)ctx)->blitter); }
static void w_blit_done(void *ctx) { paula_raise(&((a500_t *)ctx)->paula, INT_BLIT); }
/* The chips' messages (chips/chip_log.h): one line each on stderr. */
static void w_chip_log(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s\n", msg);
}

/* ---- reset and run ---- */

/* What the /RESET line reaches: every chip but the CPU (and the keyboard, which has its own). */
static void reset_chips(a500_t *m)
{
    a500_soft_sync(m);
    uint64_t now = cpu_ticks(m);
    agnus_run_until(&m->agnus, now);
    m->agnus_lazy_to = 0;
    a500_forget_quiet(m);
    /* Agnus's reset clears its registers; its CCK count is the chipset's clock and must keep
       running with the CPU's. */
    uint64_t cck = m->agnus.cck, frames = m->agnus.frame;
    agnus_reset(&m->agnus);
    m->agnus.cck = cck;
    m->agnus.frame = frames;
    denise_reset(&m->denise);
    blitter_reset(&m->blitter);
    a500_paula_to(m, now);
    paula_reset(&m->paula);
    a500_cias_catch_up(m, now);
    cia_reset(&m->ciaa);
    cia_reset(&m->ciab);
    a500_set_overlay(m, true);
    a500_zorro_reset(&m->zorro);
    a500_map_fast(m);
    a500_rearm_cias(m);
    a500_rearm_paula(m);
}

static void w_cpu_reset(void *ctx, uint64_t time)
{
    (void)time;
    reset_chips(ctx);
}

void a500_reset(machine_t *mm, bool hard)
{
    a500_t *m = (a500_t *)mm;
    if (hard) {
        memset(m->chip, 0, sizeof m->chip);
        memset(m->slow, 0, sizeof m->slow);
        kbd_reset(&m->kbd, cpu_ticks(m));
        a500_arm(m, &m->ev_kbd, kbd_next_event(&m->kbd));
    }
    reset_chips(m);
    m68k_reset(&m->cpu);
}

/* A CPU in STOP makes no bus cycles: the chipset may run ahead of it, one colour clock at a
   time, so that an interrupt Agnus raises (a copper write to INTREQ, reaching the IPL pins
   through ev_ipl) wakes the CPU at that colour clock rather than at the end of the CPU's run.
   Moves the CPU's clock to the cycle returned. */
static uint64_t w_rtc_now(void *ctx) { return cpu_ticks(ctx); }

static uint64_t stopped_until(a500_t *m, uint64_t now_cpu, uint64_t target)
{
    uint64_t t = now_cpu;
    while (t < target) {
        t = (t + 2) & ~(uint64_t)1;
        if (t > target)
            t = target;
        agnus_run_until(&m->agnus, t * TICKS_PER_CPU);
        uint64_t ev = sched_next(&m->sched); /* e.g. the IPL change Agnus just caused */
        uint64_t ev_cpu = ev == SCHED_NEVER ? UINT64_MAX : (ev + TICKS_PER_CPU - 1) / TICKS_PER_CPU;
        if (ev_cpu < t) {
            t = ev_cpu > now_cpu ? ev_cpu : now_cpu + 1;
            break;
        }
    }
    /* the CPU idled up to t: the interrupt, if one came, is taken from there */
    m->cpu.stopped_cycles += t - now_cpu;
    m->cpu.cycles = t;
    return t;
}

/* ---- CPU slices ----
 * The CPU runs in slices of at most SLICE_CPU clocks, ending early at the next scheduled
 * event; after each one Agnus is caught up to the CPU and due events run. All this happens in
 * the CPU's slice_end hook, inside one m68k_run per a500_run_ticks. */

static uint64_t slice_target(const a500_t *m, uint64_t now_cpu)
{
    uint64_t target = (m->run_until + TICKS_PER_CPU - 1) / TICKS_PER_CPU;
    uint64_t next = sched_next(&m->sched);
    if (next != SCHED_NEVER && next / TICKS_PER_CPU < target)
        target = next / TICKS_PER_CPU;
    if (target > now_cpu + SLICE_CPU)
        target = now_cpu + SLICE_CPU;
    if (target <= now_cpu)
        target = now_cpu + 1;
    return target;
}

/* Lazy catch-up: the first CCK from Agnus's position on in which Agnus may do anything but
 * fetch bitplanes and sprites for Denise and draw pixels (0 if it may in the next one). Before
 * it, a catch-up at a slice end changes nothing the CPU can see (no interrupt, copper MOVE,
 * blitter, disk or audio DMA, line or frame start) and is left to the next chip bus access or
 * slice end after it. The CPU's custom register and CIA accesses forget the window. */
static uint64_t agnus_quiet_until(a500_t *m)
{
    const agnus_t *a = &m->agnus;
    m->quiet_next_line = 0;
    /* from $14 on: past the refresh, disk and audio slots, the frame's end ($12) and hsync */
    if (m->slow_chipset || a->npending || a->hpos < 0x14 || a->hpos >= a->line_len || a->cpu_request ||
        a->blit_busy_prev || (blitter_status(&m->blitter) & BLITTER_BUSY))
        return 0;
    bool copper_dma = (a->dmacon & DMAF_MASTER) && (a->dmacon & DMAF_COPPER);
    unsigned end = copper_quiet_until(&a->copper, a->vpos, a->hpos, a->line_len, copper_dma, false);
    if (end <= a->hpos)
        return 0;
    if (end == a->line_len && a->vpos + 1 < agnus_frame_lines(a))
        m->quiet_next_line = a->vpos + 1; /* extend_quiet may go on there */
    return a->cck + (end - a->hpos);
}

#define QUIET_LINES_MAX 8 /* lines extend_quiet adds at a time */

/* The quiet window, when it reaches the end of a line, goes on through the frame's next lines
 * (PAL: all 227 CCKs long) while their starts would be as quiet: no disk or audio DMA in the
 * fixed slots, CIA-B's TOD (counting lines) short of its alarm, the copper waiting on; never
 * into line 0 (VERTB, the frame's end). Worked out only when a slice end reaches the window's
 * end, and only while Agnus has not run past it (its state is still the one the window was
 * worked out from). True if the window grew. */
static bool extend_quiet(a500_t *m)
{
    const agnus_t *a = &m->agnus;
    unsigned v = m->quiet_next_line;
    m->quiet_next_line = 0;
    bool pal = a->cfg.model == AGNUS_ECS_8372A ? (a->beamcon0 & 0x20) != 0 : !a->cfg.ntsc;
    bool slots_idle = !((a->dmacon & DMAF_MASTER) && (a->dmacon & (DMAF_DISK | DMAF_AUD0 | DMAF_AUD1 |
                                                                      DMAF_AUD2 | DMAF_AUD3)));
    if (!v || a->cck > m->agnus_quiet_cck || a->npending || !pal || !slots_idle || a->blit_busy_prev ||
        (blitter_status(&m->blitter) & BLITTER_BUSY))
        return false;
    const cia_t *b = &m->ciab;
    uint32_t to_alarm = (b->alarm - b->tod) & 0xFFFFFF; /* pulses until TOD == alarm */
    uint64_t pulses_ok = b->tod_stopped ? UINT64_MAX : to_alarm ? to_alarm - 1 : 0xFFFFFF;
    const copper_t *c = &a->copper;
    bool copper_dma = (a->dmacon & DMAF_MASTER) && (a->dmacon & DMAF_COPPER);
    unsigned vmask = ((c->ir2 >> 8) & 0x7F) | 0x80, vp = (c->ir1 >> 8) & vmask;
    unsigned lines = agnus_frame_lines(a), last = v + QUIET_LINES_MAX;
    uint64_t before = m->agnus_quiet_cck;
    for (; v < lines && v < last; v++) {
        if ((uint64_t)(v - a->vpos) + 1 > pulses_ok) /* at most the hsyncs up to line v's */
            return m->agnus_quiet_cck > before;
        if (c->state == COP_WAITING && (v & vmask) == vp)
            return m->agnus_quiet_cck > before; /* the wanted line: compared CCK by CCK */
        unsigned e = copper_quiet_until(c, v, 0, AGNUS_CCKS_PER_LINE, copper_dma, false);
        m->agnus_quiet_cck += e;
        if (e < AGNUS_CCKS_PER_LINE)
            return m->agnus_quiet_cck > before;
    }
    if (v < lines)
        m->quiet_next_line = v;
    return m->agnus_quiet_cck > before;
}

/* The next slice's target; a CPU in STOP lets the chipset run ahead (stopped_until). */
static uint64_t next_slice(a500_t *m)
{
    uint64_t now_cpu = m->cpu.cycles;
    uint64_t target = slice_target(m, now_cpu);
    if (m->cpu.stopped && m->cpu.ipl <= ((m->cpu.sr >> 8) & 7u))
        target = stopped_until(m, now_cpu, target);
    m->run_target = target;
    return target;
}

/* The slice ends before which the CPU may go on by itself (m68k_t.soft_until): those where
 * slice_end would take its lazy path and the next target would be SLICE_CPU on. */
static void set_soft(a500_t *m)
{
    uint64_t q = m->agnus_quiet_cck, next = sched_next(&m->sched);
    uint64_t lim = q ? 2 * q + 1 : 0; /* the catch-up would run CCKs before ceil(now / 2) */
    uint64_t until_cpu = (m->run_until + TICKS_PER_CPU - 1) / TICKS_PER_CPU;
    uint64_t ev_cpu = next == SCHED_NEVER ? UINT64_MAX : next / TICKS_PER_CPU;
    if (until_cpu < lim + SLICE_CPU - 1)
        lim = until_cpu > SLICE_CPU - 1 ? until_cpu - (SLICE_CPU - 1) : 0;
    if (ev_cpu < lim + SLICE_CPU - 1)
        lim = ev_cpu > SLICE_CPU - 1 ? ev_cpu - (SLICE_CPU - 1) : 0;
    m->cpu.soft_until = m->reset_pending ? 0 : lim;
}

/* At a slice end at tick `now`: the catch-up would change nothing the CPU can see (no event is
 * due, Agnus only draws), nor would the run end there. */
static bool lazy_ok(const a500_t *m, uint64_t now)
{
    return now < m->run_until && !m->reset_pending && !(m->run_stop_at_frame && m->frame_done) &&
           (now + AGNUS_TICKS_PER_CCK - 1) / AGNUS_TICKS_PER_CCK <= m->agnus_quiet_cck &&
           sched_next(&m->sched) > now;
}

/* What the catch-up would leave behind at `now`, but for Agnus, which goes on later. */
static void lazy_end(a500_t *m, uint64_t now)
{
    if (now > m->sched.now)
        m->sched.now = now;
    m->base.ticks = now;
    m->agnus_lazy_to = now;
}

static uint64_t slice_end(void *ctx)
{
    a500_t *m = ctx;
    a500_soft_sync(m);
    uint64_t now_cpu = m->cpu.cycles, now = now_cpu * TICKS_PER_CPU;
    if (m->quiet_next_line && (now + AGNUS_TICKS_PER_CCK - 1) / AGNUS_TICKS_PER_CCK > m->agnus_quiet_cck)
        extend_quiet(m);
    /* A CPU in STOP with no interrupt to take idles through its slices (stopped_until, which
       runs Agnus to each slice's end): in a quiet window that needs no catch-up either. */
    while (m->cpu.stopped && m->cpu.ipl <= ((m->cpu.sr >> 8) & 7u) && lazy_ok(m, now)) {
        uint64_t target = slice_target(m, now_cpu);
        if (target > 2 * m->agnus_quiet_cck && !(extend_quiet(m) && target <= 2 * m->agnus_quiet_cck))
            break;
        lazy_end(m, now);
        m->cpu.stopped_cycles += target - now_cpu;
        m->cpu.cycles = now_cpu = target;
        now = now_cpu * TICKS_PER_CPU;
    }
    if (!m->cpu.stopped && lazy_ok(m, now)) {
        lazy_end(m, now);
        m->run_target = slice_target(m, now_cpu);
        set_soft(m);
        return m->run_target;
    }
    agnus_run_until(&m->agnus, now);
    m->agnus_lazy_to = 0;
    sched_run_until(&m->sched, now);
    m->base.ticks = now;
    if ((m->run_stop_at_frame && m->frame_done) || now >= m->run_until || m->reset_pending)
        return 0;
    m->agnus_quiet_cck = agnus_quiet_until(m);
    uint64_t target = next_slice(m);
    set_soft(m);
    return target;
}

void a500_run_ticks(a500_t *m, uint64_t until, bool stop_at_frame)
{
    m->run_until = until;
    m->run_stop_at_frame = stop_at_frame;
    a500_forget_quiet(m); /* the machine may have been changed from outside since */
    m->cpu.soft_last = 0;
    m->cpu.soft_len = SLICE_CPU;
    while (cpu_ticks(m) < until) {
        if (m->reset_pending) {
            m->reset_pending = false;
            a500_reset(&m->base, false);
        }
        m68k_run(&m->cpu, next_slice(m));
        if (stop_at_frame && m->frame_done)
            break;
    }
    m->base.ticks = cpu_ticks(m);
}

/* Everything the chips, the CPU and the scheduler are told about each other at power-on. */
void a500_wire(a500_t *m, bool ecs, const machine_config_t *cfg)
{
    sched_init(&m->sched);
    sched_event_init(&m->ev_cia, "cia", ev_cia, m);
    sched_event_init(&m->ev_paula, "paula", ev_paula, m);
    sched_event_init(&m->ev_kbd, "keyboard", ev_kbd, m);
    sched_event_init(&m->ev_index, "index", ev_index, m);
    sched_event_init(&m->ev_ipl, "ipl", ev_ipl, m);

    m68k_init(&m->cpu, &(m68k_cfg_t){.bus = {.ctx = m, .access = a500_bus_access, .reset = w_cpu_reset,
                                               .slice_end = slice_end, .contend = a500_chip_contend}});
    m68k_map(&m->cpu, 0xF80000, ROM_SIZE, m->rom, false);
    if (m->has_ext)
        m68k_map(&m->cpu, 0xE00000, ROM_SIZE, m->ext, false);
    /* ARCANA_SLOW_CHIPSET=1: the chips' general paths only (Denise per pixel, the copper in
     * every CCK, Agnus stepping every CCK on its own, no idle or fetch stretches, Paula filtering
     * every audio sample in full): differential
     * tests of their fast paths, tests/suites/59-a500-fastpath.sh. */
    const char *slow = getenv("ARCANA_SLOW_CHIPSET");
    bool slow_path = slow && *slow && strcmp(slow, "0") != 0;
    m->slow_chipset = slow_path;
    a500_map_chip_bus(m);
    agnus_init(&m->agnus, &(agnus_cfg_t){
        .model = ecs ? AGNUS_ECS_8372A : AGNUS_OCS_8371, .chip_ram = m->chip, .chip_mask = A500_CHIP_SIZE - 1,
        .ctx = m, .reg_write = w_reg_write, .cck = w_cck, .ccks = w_ccks, .bpl_data = w_bpl_data, .hsync = w_hsync, .vsync = w_vsync, .irq = w_irq,
        .disk_slot = w_disk_slot, .audio_slot = w_audio_slot, .audio_data = w_audio_data,
        .blit_cck = w_blit_cck, .blit_status = w_blit_status, .blit_busy = &m->blitter.busy, .log = {w_chip_log, m},
        .slow_path = slow_path});
    denise_init(&m->denise, &(denise_cfg_t){.log = {w_chip_log, m}, .slow_path = slow_path});
    blitter_init(&m->blitter, &(blitter_cfg_t){.ecs = ecs, .chip_ram = m->chip, .chip_mask = A500_CHIP_SIZE - 1,
                                               .ctx = m, .done = w_blit_done, .log = {w_chip_log, m}});
    paula_init(&m->paula, &(paula_cfg_t){.ctx = m, .ticks_per_second = A500_TICKS_PER_SECOND, .ipl = w_ipl,
                                         .disk_read = w_disk_read, .disk_write = w_disk_write,
                                         .disk_turning = w_disk_turning, .disk_write_end = w_disk_write_end,
                                         .serial_out = w_serial_out, .slow_path = slow_path});
    cia_init(&m->ciaa, &(cia_cfg_t){.ctx = m, .irq = w_ciaa_irq, .port_in = w_ciaa_in, .port_out = w_ciaa_out,
                                    .sp_mode = w_ciaa_spmode});
    cia_init(&m->ciab, &(cia_cfg_t){.ctx = m, .irq = w_ciab_irq, .port_out = w_ciab_out});
    a500_build_owner_table(m);
    kbd_init(&m->kbd, &(amiga_kbd_cfg_t){.ctx = m, .ticks_per_second = A500_TICKS_PER_SECOND,
                                          .send = w_kbd_send, .reset = w_kbd_reset});
    /* The clock: --rtc-time, else the host's time at power-on; then emulated time only. */
    msm6242b_init(&m->rtc, &(msm6242b_cfg_t){.ctx = m, .now_ticks = w_rtc_now, .ticks_per_second = A500_TICKS_PER_SECOND,
                                             .start_time = cfg->rtc_fixed ? cfg->rtc_time : (int64_t)time(NULL)});
    for (int i = 0; i < 4; i++) {
        floppy_init(&m->df[i], i, i == 0 || (cfg->floppy[i] != NULL), A500_TICKS_PER_SECOND);
        m->df[i].log = (chip_log_t){w_chip_log, m};
    }
}
