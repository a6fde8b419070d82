#include "chips/msm6242b.h"
#include "tests/test.h"

enum { TPS = 1000 };
typedef struct { uint64_t ticks; } clk_t;
static uint64_t now_ticks(void *c) { return ((clk_t *)c)->ticks; }

static void setup(msm6242b_t *c, clk_t *k, int64_t t)
{
    k->ticks = 0;
    msm6242b_init(c, &(msm6242b_cfg_t){.ctx = k, .now_ticks = now_ticks, .ticks_per_second = TPS, .start_time = t});
}

static unsigned two(msm6242b_t *c, unsigned lo) { return msm6242b_read(c, lo + 1) * 10u + msm6242b_read(c, lo); }

TEST(msm6242b_digits_and_counting)
{
    msm6242b_t c; clk_t k;
    setup(&c, &k, 1700000000); /* 2023-11-14 22:13:20 UTC, a Tuesday */
    CHECK_EQ(two(&c, MSM_S1), 20u);
    CHECK_EQ(two(&c, MSM_MI1), 13u);
    CHECK_EQ(two(&c, MSM_H1), 22u);
    CHECK_EQ(two(&c, MSM_D1), 14u);
    CHECK_EQ(two(&c, MSM_MO1), 11u);
    CHECK_EQ(two(&c, MSM_Y1), 23u);
    CHECK_EQ(msm6242b_read(&c, MSM_W), 2);
    /* What Kickstart's and AROS's battclock look for: 24-hour mode in F, IRQ FLAG never set. */
    CHECK_EQ(msm6242b_read(&c, MSM_CF), MSM_CF_24H);
    msm6242b_write(&c, MSM_CD, MSM_CD_IRQ);
    CHECK_EQ(msm6242b_read(&c, MSM_CD), 0);
    k.ticks = 6400 * TPS - 1; /* 23:59:59.999 */
    CHECK_EQ(two(&c, MSM_H1), 23u);
    CHECK_EQ(two(&c, MSM_S1), 59u);
    k.ticks = 6400 * TPS; /* midnight: Wednesday the 15th */
    CHECK_EQ(two(&c, MSM_H1), 0u);
    CHECK_EQ(two(&c, MSM_MI1), 0u);
    CHECK_EQ(two(&c, MSM_D1), 15u);
    CHECK_EQ(msm6242b_read(&c, MSM_W), 3);
}

TEST(msm6242b_set_stop_and_12h)
{
    msm6242b_t c; clk_t k;
    setup(&c, &k, 0); /* 1970-01-01 00:00:00, a Thursday */
    CHECK_EQ(msm6242b_read(&c, MSM_W), 4);
    /* Set 1999-12-31 23:59:58 while stopped: it stays there until STOP is released. */
    msm6242b_write(&c, MSM_CF, MSM_CF_24H | MSM_CF_STOP);
    static const uint8_t digits[12] = {8, 5, 9, 5, 3, 2, 1, 3, 2, 1, 9, 9};
    for (unsigned r = 0; r < 12; r++)
        msm6242b_write(&c, r, digits[r]);
    msm6242b_write(&c, MSM_W, 5);
    k.ticks += 10 * TPS;
    CHECK_EQ(two(&c, MSM_S1), 58u);
    msm6242b_write(&c, MSM_CF, MSM_CF_24H);
    k.ticks += 3 * TPS; /* into 2000-01-01 00:00:01, Saturday */
    CHECK_EQ(two(&c, MSM_S1), 1u);
    CHECK_EQ(two(&c, MSM_H1), 0u);
    CHECK_EQ(two(&c, MSM_Y1), 0u);
    CHECK_EQ(two(&c, MSM_MO1), 1u);
    CHECK_EQ(msm6242b_read(&c, MSM_W), 6);
    /* 12-hour mode: 13:xx reads as 1 with the PM bit. */
    msm6242b_write(&c, MSM_H10, 1);
    msm6242b_write(&c, MSM_H1, 3);
    msm6242b_write(&c, MSM_CF, 0);
    CHECK_EQ(msm6242b_read(&c, MSM_H1), 1);
    CHECK_EQ(msm6242b_read(&c, MSM_H10), MSM_H10_PM);
    /* 30-second adjust rounds 13:00:31 up to 13:01:00. */
    msm6242b_write(&c, MSM_CF, MSM_CF_24H);
    msm6242b_write(&c, MSM_S10, 3);
    msm6242b_write(&c, MSM_S1, 1);
    msm6242b_write(&c, MSM_CD, MSM_CD_ADJ30);
    CHECK_EQ(two(&c, MSM_S1), 0u);
    CHECK_EQ(two(&c, MSM_MI1), 1u);
}
