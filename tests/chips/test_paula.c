#include "chips/paula.h"
#include "machines/state.h"
#include "tests/test.h"

#include <stdlib.h>
#include <string.h>

typedef struct paula_probe {
    unsigned ipl;
    uint16_t track[64];
    uint16_t written[64];
    int nwritten;
    uint8_t sent[8];
    int nsent;
    bool stopped; /* no drive turns a disk */
} paula_probe_t;

static void pr_ipl(void *ctx, unsigned l) { ((paula_probe_t *)ctx)->ipl = l; }
static uint16_t pr_disk_read(void *ctx, uint64_t slot) { return ((paula_probe_t *)ctx)->track[slot % 64]; }
static bool pr_disk_turning(void *ctx) { return !((paula_probe_t *)ctx)->stopped; }
static void pr_disk_write(void *ctx, uint64_t slot, uint16_t w)
{
    paula_probe_t *p = ctx;
    (void)slot;
    if (p->nwritten < 64)
        p->written[p->nwritten++] = w;
}
static void pr_serial(void *ctx, uint8_t b)
{
    paula_probe_t *p = ctx;
    if (p->nsent < 8)
        p->sent[p->nsent++] = b;
}

static paula_t *make_paula(paula_probe_t *pr)
{
    *pr = (paula_probe_t){0};
    paula_t *p = malloc(sizeof *p);
    paula_init(p, &(paula_cfg_t){.ctx = pr, .ticks_per_second = 28375160, .ipl = pr_ipl,
                                 .disk_read = pr_disk_read, .disk_write = pr_disk_write,
                                 .disk_turning = pr_disk_turning, .serial_out = pr_serial});
    return p;
}

TEST(paula_interrupt_levels)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_write(p, PAULA_INTREQ, INT_SETCLR | INT_VERTB | INT_TBE);
    CHECK_EQ(pr.ipl, 0);                       /* nothing enabled */
    paula_write(p, PAULA_INTENA, INT_SETCLR | INT_VERTB | INT_TBE);
    CHECK_EQ(pr.ipl, 0);                       /* master enable off */
    paula_write(p, PAULA_INTENA, INT_SETCLR | INT_INTEN);
    CHECK_EQ(pr.ipl, 3);
    paula_write(p, PAULA_INTREQ, INT_VERTB);
    CHECK_EQ(pr.ipl, 1);
    paula_write(p, PAULA_INTENA, INT_SETCLR | INT_EXTER);
    paula_raise(p, INT_EXTER);
    CHECK_EQ(pr.ipl, 6);
    CHECK_EQ(paula_read(p, PAULA_INTENAR), INT_INTEN | INT_EXTER | INT_VERTB | INT_TBE);
    CHECK_EQ(paula_read(p, PAULA_INTREQR), INT_EXTER | INT_TBE);
    paula_write(p, PAULA_INTREQ, 0x7FFF);
    CHECK_EQ(pr.ipl, 0);
    free(p);
}

TEST(paula_level_inputs_hold_request)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_write(p, PAULA_INTENA, INT_SETCLR | INT_INTEN | INT_PORTS);
    paula_set_ext(p, INT_PORTS, true);
    CHECK_EQ(pr.ipl, 2);
    paula_write(p, PAULA_INTREQ, INT_PORTS);   /* CIA still asserting: stays */
    CHECK_EQ(pr.ipl, 2);
    paula_set_ext(p, INT_PORTS, false);
    paula_write(p, PAULA_INTREQ, INT_PORTS);
    CHECK_EQ(pr.ipl, 0);
    free(p);
}

TEST(paula_adkcon_setclr)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_write(p, PAULA_ADKCON, 0x8000 | 0x1100);
    CHECK_EQ(paula_read(p, PAULA_ADKCONR), 0x1100);
    paula_write(p, PAULA_ADKCON, 0x0100);
    CHECK_EQ(paula_read(p, PAULA_ADKCONR), 0x1000);
    free(p);
}

TEST(paula_uart_transmit_timing)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_write(p, PAULA_SERPER, 9);           /* 10 CCKs per bit */
    CHECK(paula_read(p, PAULA_SERDATR) & 0x3000);
    paula_write(p, PAULA_SERDAT, 0x100 | 'A'); /* 8 data bits + stop: 10 bits with start */
    CHECK_EQ(pr.nsent, 1);
    CHECK_EQ(pr.sent[0], 'A');
    CHECK(paula_read(p, PAULA_INTREQR) & INT_TBE);
    CHECK_EQ(paula_read(p, PAULA_SERDATR) & 0x3000, 0x2000);  /* TBE, shifting */
    paula_write(p, PAULA_SERDAT, 0x100 | 'B');
    CHECK_EQ(paula_read(p, PAULA_SERDATR) & 0x3000, 0);       /* buffer full */
    CHECK_EQ(paula_next_event(p), 10u * 10 * 8);
    paula_advance(p, 10 * 10 * 8 - 1);
    CHECK_EQ(pr.nsent, 1);
    paula_advance(p, 10 * 10 * 8);
    CHECK_EQ(pr.nsent, 2);
    paula_advance(p, 2 * 10 * 10 * 8);
    CHECK_EQ(paula_read(p, PAULA_SERDATR) & 0x3000, 0x3000);
    paula_serial_receive(p, 0x5A);
    CHECK_EQ(paula_read(p, PAULA_SERDATR) & 0x41FF, 0x4000 | 0x15A);
    paula_write(p, PAULA_INTREQ, INT_RBF);
    CHECK_EQ(paula_read(p, PAULA_SERDATR) & 0x4000, 0);
    free(p);
}

TEST(paula_audio_manual_mode)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_write(p, PAULA_AUD0 + 0x10 + 6, 200);  /* AUD1PER */
    paula_write(p, PAULA_AUD0 + 0x10 + 8, 64);   /* AUD1VOL */
    paula_write(p, PAULA_AUD0 + 0x10 + 0xA, 0x7F80);
    CHECK(paula_read(p, PAULA_INTREQR) & (INT_AUD0 << 1));
    CHECK_EQ(p->aud[1].out, 0x7F);
    paula_advance(p, 200 * 8);
    CHECK_EQ(p->aud[1].out, -128);
    paula_advance(p, 400 * 8);                  /* word done, nothing buffered: stops */
    CHECK(!p->aud[1].active);
    /* right channel carries channel 1: after some samples the output is non-zero */
    int16_t buf[2 * 256];
    size_t n = paula_drain_audio(p, buf, 256);
    CHECK(n > 0);
    int nonzero_r = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK_EQ(buf[2 * i], 0);
        nonzero_r += buf[2 * i + 1] != 0;
    }
    CHECK(nonzero_r > 0);
    free(p);
}

TEST(paula_audio_dma_slots)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_write(p, PAULA_AUD0 + 4, 2);          /* 2-word block */
    paula_write(p, PAULA_AUD0 + 6, 124);
    CHECK_EQ(paula_audio_slot(p, 0), 0);        /* DMA off */
    paula_set_dmacon(p, PAULA_DMA_EN | PAULA_DMA_AUD0);
    CHECK_EQ(paula_audio_slot(p, 0), PAULA_AUD_FETCH | PAULA_AUD_RELOAD);
    CHECK(paula_read(p, PAULA_INTREQR) & INT_AUD0);
    paula_audio_data(p, 0, 0x1020);
    CHECK(p->aud[0].active);
    CHECK_EQ(p->aud[0].out, 0x10);
    CHECK_EQ(paula_audio_slot(p, 0), PAULA_AUD_FETCH);   /* refill the buffer */
    paula_audio_data(p, 0, 0x3040);
    CHECK_EQ(paula_audio_slot(p, 0), 0);                  /* buffer full */
    paula_advance(p, 2 * 124 * 8);
    CHECK_EQ(p->aud[0].out, 0x30);
    paula_write(p, PAULA_INTREQ, INT_AUD0);
    /* block of 2 consumed: the next fetch restarts the block and interrupts again */
    CHECK_EQ(paula_audio_slot(p, 0), PAULA_AUD_FETCH | PAULA_AUD_RELOAD);
    CHECK(paula_read(p, PAULA_INTREQR) & INT_AUD0);
    paula_set_dmacon(p, 0);
    CHECK(!p->aud[0].active);
    free(p);
}

TEST(paula_disk_read_sync)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    for (int i = 0; i < 64; i++)
        pr.track[i] = 0xAAAA;
    pr.track[10] = 0x4489;
    pr.track[11] = 0x1234;
    pr.track[12] = 0x5678;
    paula_set_dmacon(p, PAULA_DMA_EN | PAULA_DMA_DSK);
    paula_write(p, PAULA_DSKSYNC, 0x4489);
    paula_write(p, PAULA_ADKCON, 0x8000 | 0x0400);  /* WORDSYNC */
    paula_write(p, PAULA_DSKLEN, 0x8002);
    paula_write(p, PAULA_DSKLEN, 0x8002);
    uint16_t got[2];
    int n = 0;
    for (uint64_t t = 0; t < 64 * PAULA_DISK_WORD_TICKS && n < 2; t += 454) {
        paula_advance(p, t);
        uint16_t w;
        if (paula_disk_slot(p, 0, &w) == PAULA_DISK_TO_MEM)
            got[n++] = w;
    }
    REQUIRE(n == 2);
    CHECK_EQ(got[0], 0x1234);
    CHECK_EQ(got[1], 0x5678);
    CHECK(paula_read(p, PAULA_INTREQR) & INT_DSKBLK);
    CHECK(paula_read(p, PAULA_INTREQR) & INT_DSKSYN);
    CHECK_EQ(paula_read(p, PAULA_DSKBYTR) & 0x4000, 0);  /* DMA finished */
    free(p);
}

/* With DSKSYNC = 0 and every drive stopped, the zero words Paula shifts in are no sync (FS-UAE:
   DiagROM's IRQ test sees no level 5); once a drive turns, zeros under the head are. */
TEST(paula_disk_sync_needs_a_turning_drive)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    pr.stopped = true;
    paula_write(p, PAULA_INTENA, INT_SETCLR | INT_INTEN | INT_DSKSYN);
    paula_advance(p, 8 * PAULA_DISK_WORD_TICKS);
    CHECK_EQ(paula_read(p, PAULA_INTREQR) & INT_DSKSYN, 0);
    CHECK_EQ(pr.ipl, 0);
    CHECK_EQ(paula_read(p, PAULA_DSKBYTR) & 0x1000, 0); /* no WORDEQUAL either */
    pr.stopped = false;
    paula_advance(p, 16 * PAULA_DISK_WORD_TICKS);
    CHECK(paula_read(p, PAULA_INTREQR) & INT_DSKSYN);
    CHECK_EQ(pr.ipl, 5);
    free(p);
}

TEST(paula_disk_write)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_set_dmacon(p, PAULA_DMA_EN | PAULA_DMA_DSK);
    paula_write(p, PAULA_DSKLEN, 0xC003);
    paula_write(p, PAULA_DSKLEN, 0xC003);
    uint16_t src[3] = {0x4489, 0x2AAA, 0x5555};
    int fetched = 0;
    for (uint64_t t = 0; t < 16 * PAULA_DISK_WORD_TICKS; t += 454) {
        paula_advance(p, t);
        uint16_t dummy;
        if (fetched < 3 && paula_disk_slot(p, src[fetched], &dummy) == PAULA_DISK_FROM_MEM)
            fetched++;
    }
    CHECK_EQ(fetched, 3);
    REQUIRE(pr.nwritten == 3);
    CHECK_EQ(pr.written[0], 0x4489);
    CHECK_EQ(pr.written[2], 0x5555);
    CHECK(paula_read(p, PAULA_INTREQR) & INT_DSKBLK);
    free(p);
}

TEST(paula_potgo_pins)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    CHECK_EQ(paula_read(p, PAULA_POTGOR) & 0x5500, 0x5500);  /* pulled up */
    paula_set_pot_pins_low(p, 0x0400);                       /* right mouse button, port 0 */
    CHECK_EQ(paula_read(p, PAULA_POTGOR) & 0x5500, 0x5100);
    paula_write(p, PAULA_POTGO, 0x0C00);                     /* OUTLY with DATLY=1 */
    CHECK_EQ(paula_read(p, PAULA_POTGOR) & 0x0400, 0x0400);
    paula_write(p, PAULA_POTGO, 0x0001);
    paula_hsync(p);
    paula_hsync(p);
    CHECK_EQ(paula_read(p, PAULA_POT0DAT), 0x0200);          /* DATLY held low counts */
    free(p);
}

TEST(paula_dskbytr_bytes_without_dma)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    for (int i = 0; i < 64; i++)
        pr.track[i] = (uint16_t)(0x1100 * (i & 15) + 0x0022 * (i & 7));
    pr.track[5] = 0x4489;
    paula_write(p, PAULA_DSKSYNC, 0x4489);
    paula_advance(p, 3 * PAULA_DISK_WORD_TICKS + 10);          /* byte 5 done: high byte of word 3 */
    uint16_t v = paula_read(p, PAULA_DSKBYTR);
    CHECK_EQ(v & 0x8000, 0x8000);
    CHECK_EQ(v & 0xFF, pr.track[2] & 0xFF);                     /* byte 5 = low byte of word 2 */
    CHECK_EQ(paula_read(p, PAULA_DSKBYTR) & 0x8000, 0);         /* the same byte again */
    paula_advance(p, 3 * PAULA_DISK_WORD_TICKS + PAULA_DISK_WORD_TICKS / 2 + 10);
    v = paula_read(p, PAULA_DSKBYTR);
    CHECK_EQ(v & 0x80FF, 0x8000 | (pr.track[3] >> 8));
    paula_advance(p, 6 * PAULA_DISK_WORD_TICKS + 10);
    CHECK_EQ(paula_read(p, PAULA_DSKBYTR) & 0x1000, 0x1000);    /* WORDEQUAL after the sync word */
    free(p);
}

TEST(paula_audio_attach_modulates_next_channel)
{
    paula_probe_t pr; paula_t *p = make_paula(&pr);
    paula_write(p, PAULA_ADKCON, 0x8000 | 0x0011);   /* channel 0 modulates 1: volume and period */
    paula_write(p, PAULA_AUD0 + 6, 100);
    paula_write(p, PAULA_AUD0 + 0xA, 40);            /* manual: first word -> AUD1VOL */
    CHECK_EQ(p->aud[1].vol, 40);
    CHECK_EQ(p->aud[0].out, 0);                      /* a modulating channel is silent */
    paula_write(p, PAULA_AUD0 + 0xA, 300);           /* buffered: the period, one period later */
    paula_advance(p, 100 * 8);
    CHECK_EQ(p->aud[1].per, 300);
    free(p);
}

/* The steady-output shortcut (a filter state that stands still repeats its last sample) must
   give exactly what filtering every sample gives: a tone, silence, a held level, the LED
   filter switched on and off, and a save state loaded in the middle. */
TEST(paula_steady_output_matches_full_filtering)
{
    paula_probe_t pr_fast, pr_slow;
    paula_t *fast = make_paula(&pr_fast), *slow = make_paula(&pr_slow);
    slow->cfg.slow_path = true;
    paula_t *both[2] = {fast, slow};
    int16_t got[2][2 * 4096];
    size_t n[2] = {0, 0};
    bool used = false;
    uint64_t when = 0;
    for (int step = 0; step < 12; step++) {
        for (int k = 0; k < 2; k++) {
            paula_t *p = both[k];
            switch (step % 4) {
            case 0: /* a short manual tone on channel 0 and channel 1 */
                paula_set_led_filter(p, step & 4);
                paula_write(p, PAULA_AUD0 + 6, 150);
                paula_write(p, PAULA_AUD0 + 8, 64);
                paula_write(p, PAULA_AUD0 + 0xA, 0x6090);
                paula_write(p, PAULA_AUD0 + 0x10 + 6, 300);
                paula_write(p, PAULA_AUD0 + 0x10 + 8, 40);
                paula_write(p, PAULA_AUD0 + 0x10 + 0xA, 0x9070);
                break;
            case 1: /* the tone ends on a non-zero byte: a held level */
                break;
            case 2: /* silence, then the LED filter flips while silent */
                paula_write(p, PAULA_AUD0 + 8, 0);
                paula_write(p, PAULA_AUD0 + 0x10 + 8, 0);
                break;
            case 3:
                paula_set_led_filter(p, !p->led_filter);
                break;
            }
        }
        when += 28375160 / 100; /* 10 ms, about 480 samples */
        for (int k = 0; k < 2; k++) {
            paula_advance(both[k], when);
            n[k] += paula_drain_audio(both[k], got[k] + 2 * n[k], 4096 - n[k]);
        }
        used |= fast->steady;
        if (step == 6) { /* save the fast one and load it into itself: the shortcut restarts */
            ser_t s;
            ser_init(&s, SER_SAVE);
            paula_serialize(fast, &s);
            CHECK(ser_ok(&s));
            ser_t l;
            ser_init_load(&l, s.buf, s.len);
            paula_serialize(fast, &l);
            CHECK(ser_ok(&l));
            CHECK(!fast->steady);
            ser_free(&s);
            ser_free(&l);
        }
    }
    CHECK(used); /* the shortcut did run */
    CHECK(!slow->steady);
    CHECK_EQ(n[0], n[1]);
    CHECK(n[0] > 4000);
    CHECK(!memcmp(got[0], got[1], 2 * sizeof(int16_t) * n[0]));
    CHECK(!memcmp(fast->lp, slow->lp, sizeof fast->lp));
    CHECK(!memcmp(fast->led1, slow->led1, sizeof fast->led1));
    CHECK(!memcmp(fast->led2, slow->led2, sizeof fast->led2));
    free(fast);
    free(slow);
}
