#include "chips/iomd.h"
#include "chips/ps2.h"
#include "tests/test.h"

#define TPS 2400000000ull
#define T2M (TPS / 2000000) /* master ticks per 2 MHz tick */

typedef struct {
    uint64_t now;
    iomd_t io;
    ps2_t kbd;
    int irq, fiq;
    int irq_edges;
} env_t;

static void e_irq(void *c, bool l) { env_t *e = c; if (l && !e->irq) e->irq_edges++; e->irq = l; }
static void e_fiq(void *c, bool l) { ((env_t *)c)->fiq = l; }
static void e_ktx(void *c, uint8_t b) { ps2_write(&((env_t *)c)->kbd, b); }
static int e_krx(void *c) { return ps2_pop(&((env_t *)c)->kbd); }
static void e_knotify(void *c) { iomd_kbd_poll(&((env_t *)c)->io); }

/* What a machine does (chips/iomd.h "Time"): runs IOMD's work at its times up to `until`. */
static void run_to(env_t *e, uint64_t until)
{
    for (uint64_t next; (next = iomd_next_event(&e->io)) <= until;) {
        e->now = next;
        iomd_run_due(&e->io, next);
    }
    e->now = until;
}

static env_t *setup(void)
{
    static env_t e;
    memset(&e, 0, sizeof e);
    ps2_init(&e.kbd, &(ps2_cfg_t){.kind = PS2_KEYBOARD, .ctx = &e, .notify = e_knotify});
    iomd_init(&e.io, &(iomd_cfg_t){.clock = &e.now, .ticks_per_second = TPS, .ctx = &e, .irq = e_irq,
                                   .fiq = e_fiq, .kbd_tx = e_ktx, .kbd_rx = e_krx, .id = 0xd4e7});
    return &e;
}

TEST(iomd_reset_state_and_id)
{
    env_t *e = setup();
    CHECK_EQ(iomd_read(&e->io, IOMD_ID0), 0xe7);
    CHECK_EQ(iomd_read(&e->io, IOMD_ID1), 0xd4);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQSTATA) & 0x90, 0x90); /* POR + force */
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQMASKA), 0);
    CHECK_EQ(iomd_read(&e->io, IOMD_FIQSTAT) & 0x80, 0x80);
    CHECK_EQ(e->irq, 0);
    iomd_write(&e->io, IOMD_IRQREQA, IOMD_IRQA_POR);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQSTATA) & IOMD_IRQA_POR, 0);
}

TEST(iomd_interrupt_masking)
{
    env_t *e = setup();
    iomd_irqb_level(&e->io, IOMD_IRQB_SERIAL, true);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQSTATB), IOMD_IRQB_SERIAL);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQREQB), 0);
    CHECK_EQ(e->irq, 0);
    iomd_write(&e->io, IOMD_IRQMASKB, IOMD_IRQB_SERIAL);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQREQB), IOMD_IRQB_SERIAL);
    CHECK_EQ(e->irq, 1);
    iomd_write(&e->io, IOMD_IRQREQB, 0xff); /* level sources cannot be cleared by writing */
    CHECK_EQ(e->irq, 1);
    iomd_irqb_level(&e->io, IOMD_IRQB_SERIAL, false);
    CHECK_EQ(e->irq, 0);
    /* the force bit of IRQ A is always set: unmasking it interrupts at once */
    iomd_write(&e->io, IOMD_IRQMASKA, IOMD_IRQA_FORCE);
    CHECK_EQ(e->irq, 1);
    iomd_write(&e->io, IOMD_IRQMASKA, 0);
    CHECK_EQ(e->irq, 0);
    /* FIQ: separate output */
    iomd_fiq_level(&e->io, IOMD_FIQ_FLOPPY, true);
    CHECK_EQ(e->fiq, 0);
    iomd_write(&e->io, IOMD_FIQMASK, IOMD_FIQ_FLOPPY);
    CHECK_EQ(e->fiq, 1);
    CHECK_EQ(e->irq, 0);
    /* latched VSYNC stays until cleared */
    iomd_write(&e->io, IOMD_IRQMASKA, IOMD_IRQA_VSYNC);
    iomd_irqa_pulse(&e->io, IOMD_IRQA_VSYNC);
    CHECK_EQ(e->irq, 1);
    iomd_write(&e->io, IOMD_IRQREQA, IOMD_IRQA_VSYNC);
    CHECK_EQ(e->irq, 0);
}

TEST(iomd_timer_reload_and_irq_timing)
{
    env_t *e = setup();
    iomd_write(&e->io, IOMD_IRQREQA, 0x7c);
    iomd_write(&e->io, IOMD_IRQMASKA, IOMD_IRQA_T0);
    /* Linux: latch 20000 (HZ=100 at 2 MHz), then GO */
    iomd_write(&e->io, IOMD_T0CNTL, 20000 & 0xff);
    iomd_write(&e->io, IOMD_T0CNTH, 20000 >> 8);
    iomd_write(&e->io, IOMD_T0GO, 0);
    uint64_t t0 = e->now;
    /* counting: after 1000 timer ticks the count is 19000 */
    run_to(e, t0 + 1000 * T2M);
    iomd_write(&e->io, IOMD_T0LATCH, 0);
    CHECK_EQ(iomd_read(&e->io, IOMD_T0CNTL) | (iomd_read(&e->io, IOMD_T0CNTH) << 8), 19000);
    /* the interrupt comes after latch+1 ticks (20001 × 0.5 µs), not before */
    run_to(e, t0 + 20001 * T2M - 1);
    CHECK_EQ(e->irq, 0);
    run_to(e, t0 + 20001 * T2M);
    CHECK_EQ(e->irq, 1);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQREQA), IOMD_IRQA_T0);
    /* reloaded: counting down from the latch again */
    run_to(e, t0 + 20001 * T2M + 10 * T2M);
    iomd_write(&e->io, IOMD_T0LATCH, 0);
    CHECK_EQ(iomd_read(&e->io, IOMD_T0CNTL) | (iomd_read(&e->io, IOMD_T0CNTH) << 8), 19990);
    /* clear: the next one is exactly one period after the first */
    iomd_write(&e->io, IOMD_IRQREQA, IOMD_IRQA_T0);
    CHECK_EQ(e->irq, 0);
    run_to(e, t0 + 2 * 20001 * T2M - 1);
    CHECK_EQ(e->irq, 0);
    run_to(e, t0 + 2 * 20001 * T2M);
    CHECK_EQ(e->irq, 1);
    /* a missed period with the bit set does not queue anything: one clear, one bit */
    run_to(e, t0 + 5 * 20001 * T2M + 5);
    iomd_write(&e->io, IOMD_IRQREQA, IOMD_IRQA_T0);
    CHECK_EQ(e->irq, 0);
    run_to(e, t0 + 6 * 20001 * T2M);
    CHECK_EQ(e->irq, 1);
}

TEST(iomd_timer1_independent)
{
    env_t *e = setup();
    iomd_write(&e->io, IOMD_IRQREQA, 0x7c);
    iomd_write(&e->io, IOMD_T1CNTL, 99);
    iomd_write(&e->io, IOMD_T1CNTH, 0);
    iomd_write(&e->io, IOMD_T1GO, 0);
    uint64_t t0 = e->now;
    run_to(e, t0 + 100 * T2M - 1);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQSTATA) & IOMD_IRQA_T1, 0);
    run_to(e, t0 + 100 * T2M);
    CHECK_EQ(iomd_read(&e->io, IOMD_IRQSTATA) & IOMD_IRQA_T1, IOMD_IRQA_T1);
    CHECK_EQ(e->irq, 0); /* masked */
}

TEST(iomd_kart_ps2_handshake)
{
    env_t *e = setup();
    iomd_write(&e->io, IOMD_IRQMASKB, IOMD_IRQB_KRX);
    iomd_write(&e->io, IOMD_KBDCR, 0);
    iomd_write(&e->io, IOMD_KBDCR, 8);
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDCR) & 0xa8, 0x88); /* enabled, TX empty, RX not full */
    iomd_write(&e->io, IOMD_KBDDAT, 0xff); /* keyboard reset */
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDCR) & 0x80, 0);
    uint64_t t0 = e->now;
    run_to(e, t0 + e->io.kart_ticks);
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDCR) & 0x80, 0x80); /* sent */
    CHECK_EQ(e->irq, 0);
    run_to(e, t0 + 2 * e->io.kart_ticks);
    CHECK_EQ(e->irq, 1);
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDCR) & 0x20, 0x20);
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDDAT), 0xfa); /* ACK */
    CHECK_EQ(e->irq, 0);
    run_to(e, t0 + 3 * e->io.kart_ticks);
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDDAT), 0xaa); /* self-test passed */
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDCR) & 0x20, 0);
    /* a key press arrives as set 2 make code */
    ps2_key(&e->kbd, 0x04, true);
    run_to(e, e->now + e->io.kart_ticks);
    CHECK_EQ(iomd_read(&e->io, IOMD_KBDDAT), 0x1c);
}

TEST(iomd_sound_dma_double_buffer)
{
    env_t *e = setup();
    /* no memory callback: data reads zero, but the buffer protocol is what we check */
    iomd_write(&e->io, IOMD_SD0CURA + IOMD_DMA_CR, IOMD_DMA_CR_C);
    CHECK_EQ(iomd_read(&e->io, IOMD_SD0CURA + IOMD_DMA_ST), IOMD_DMA_ST_OFL | IOMD_DMA_ST_INT);
    iomd_write(&e->io, IOMD_SD0CURA + IOMD_DMA_CR, IOMD_DMA_CR_E | 4);
    iomd_write(&e->io, IOMD_DMAMASK, IOMD_DMA_SD0);
    CHECK_EQ(e->irq, 1);
    iomd_write(&e->io, IOMD_SD0CURA + IOMD_DMA_CURA, 0x10000000);
    iomd_write(&e->io, IOMD_SD0CURA + IOMD_DMA_ENDA, 0x10000020); /* 3 quad words: 0x00..0x20 */
    CHECK_EQ(iomd_read(&e->io, IOMD_SD0CURA + IOMD_DMA_ST), IOMD_DMA_ST_INT); /* ".IA": fill B */
    iomd_write(&e->io, IOMD_SD0CURA + IOMD_DMA_CURB, 0x10001000);
    iomd_write(&e->io, IOMD_SD0CURA + IOMD_DMA_ENDB, 0x10001010);
    CHECK_EQ(iomd_read(&e->io, IOMD_SD0CURA + IOMD_DMA_ST), 0);
    CHECK_EQ(e->irq, 0);
    uint8_t buf[64];
    CHECK_EQ(iomd_sound_fetch(&e->io, 0, buf, 48), 48); /* buffer A done */
    CHECK_EQ(iomd_read(&e->io, IOMD_SD0CURA + IOMD_DMA_ST), IOMD_DMA_ST_INT | IOMD_DMA_ST_AB); /* ".IB" */
    CHECK_EQ(e->irq, 1);
    CHECK_EQ(iomd_sound_fetch(&e->io, 0, buf, 64), 32); /* B done, then nothing valid */
    CHECK_EQ(iomd_read(&e->io, IOMD_SD0CURA + IOMD_DMA_ST), IOMD_DMA_ST_OFL | IOMD_DMA_ST_INT); /* "OIA" */
}

TEST(iomd_i2c_lines_and_flyback)
{
    env_t *e = setup();
    iomd_write(&e->io, IOMD_IOCR, 0xdc | 3);
    CHECK_EQ(iomd_read(&e->io, IOMD_IOCR) & 3, 3);
    iomd_write(&e->io, IOMD_IOCR, 0xdc | 2); /* SDA low */
    CHECK_EQ(iomd_read(&e->io, IOMD_IOCR) & 3, 2);
    CHECK_EQ(iomd_read(&e->io, IOMD_IOCR) & 0x80, 0);
    iomd_set_flyback(&e->io, true);
    CHECK_EQ(iomd_read(&e->io, IOMD_IOCR) & 0x80, 0x80);
}

TEST(iomd_registers_stored)
{
    env_t *e = setup();
    iomd_write(&e->io, IOMD_VIDSTART, 0x02000000);
    iomd_write(&e->io, IOMD_VIDEND, 0x0204aff0);
    iomd_write(&e->io, IOMD_VIDCR, IOMD_VIDCR_EN | 8);
    iomd_write(&e->io, IOMD_FSIZE, 0x77);
    iomd_write(&e->io, IOMD_DMATCR, 0xa0);
    iomd_write(&e->io, IOMD_IO0CURA + 0x20 * 2 + IOMD_DMA_CURA, 0x10123450);
    CHECK_EQ(iomd_read(&e->io, IOMD_VIDSTART), 0x02000000);
    CHECK_EQ(iomd_read(&e->io, IOMD_VIDEND), 0x0204aff0);
    CHECK_EQ(iomd_read(&e->io, IOMD_VIDCR), 0x28);
    CHECK_EQ(iomd_read(&e->io, IOMD_FSIZE), 0x77);
    CHECK_EQ(iomd_read(&e->io, IOMD_DMATCR), 0xa0);
    CHECK_EQ(iomd_read(&e->io, IOMD_IO0CURA + 0x40), 0x10123450);
    iomd_mouse_move(&e->io, -5, 3);
    CHECK_EQ((int16_t)iomd_read(&e->io, IOMD_MOUSEX), -5);
    CHECK_EQ((int16_t)iomd_read(&e->io, IOMD_MOUSEY), 3);
}

/* Video DMA: the frame starts at VIDINIT and wraps from the last block (at VIDEND) back to
 * VIDSTART, which is how RISC OS and acornfb scroll the screen in hardware. */
static uint8_t vmem[0x2000];
static const uint8_t *v_ptr(void *c, uint32_t addr, uint32_t *avail)
{
    (void)c;
    if (addr < 0x10000000u || addr >= 0x10000000u + sizeof vmem) { *avail = 0; return NULL; }
    *avail = 0x10000000u + sizeof vmem - addr;
    return vmem + (addr - 0x10000000u);
}

TEST(iomd_video_dma_wrap)
{
    env_t *e = setup();
    e->io.cfg.dma_ptr = v_ptr;
    for (unsigned i = 0; i < sizeof vmem; i++) vmem[i] = (uint8_t)(i >> 4);
    /* DRAM mode: 16-byte blocks; buffer 0x10000000..0x100003ff, last block at 0x100003f0 */
    iomd_write(&e->io, IOMD_VIDSTART, 0x10000000);
    iomd_write(&e->io, IOMD_VIDEND, 0x100003f0);
    iomd_write(&e->io, IOMD_VIDINIT, 0x10000380); /* scrolled: start 128 bytes before the end */
    uint8_t buf[256];
    CHECK(!iomd_video_fetch(&e->io, buf, 16)); /* DMA off */
    iomd_write(&e->io, IOMD_VIDCR, IOMD_VIDCR_EN | IOMD_VIDCR_DRAM | 16);
    iomd_video_frame_start(&e->io);
    CHECK(iomd_video_fetch(&e->io, buf, 256));
    CHECK_EQ(buf[0], 0x38);
    CHECK_EQ(buf[127], 0x3f);   /* last byte of the buffer */
    CHECK_EQ(buf[128], 0x00);   /* wrapped to VIDSTART */
    CHECK_EQ(buf[255], 0x07);
    /* VRAM mode: the last transfer is half a SAM (VIDCR bits 0-4 x 256 bytes) */
    iomd_write(&e->io, IOMD_VIDEND, 0x10000200);
    iomd_write(&e->io, IOMD_VIDINIT, 0x10000280);
    iomd_write(&e->io, IOMD_VIDCR, IOMD_VIDCR_EN | 1);
    iomd_video_frame_start(&e->io);
    iomd_video_fetch(&e->io, buf, 256);
    CHECK_EQ(buf[0], 0x28);
    CHECK_EQ(buf[127], 0x2f);   /* 0x10000200 + 256: the end of the buffer */
    CHECK_EQ(buf[128], 0x00);   /* back to the start */
}

static void count_log(void *ctx, const char *msg)
{
    int *n = ctx;
    if (strstr(msg, "iomd: write to unemulated register 0x1fc"))
        (*n)++;
}

/* Chips never print (chips/chip_log.h): the message goes to the machine's callback, once. */
TEST(iomd_unemulated_register_goes_to_the_log_callback)
{
    static env_t e;
    int logged = 0;
    memset(&e, 0, sizeof e);
    iomd_init(&e.io, &(iomd_cfg_t){.clock = &e.now, .ticks_per_second = TPS, .log = {count_log, &logged}});
    iomd_write(&e.io, 0x1fc, 1);
    iomd_write(&e.io, 0x1fc, 2);
    CHECK_EQ(logged, 1);
}
