/* The audio ring (frontend/ring.h): order, wrap-around, full/empty, and a two-thread stream. */
#include <pthread.h>

#include "frontend/ring.h"
#include "tests/test.h"

TEST(ring_capacity_is_power_of_two)
{
    CHECK_EQ(ring_capacity_for(1), 1);
    CHECK_EQ(ring_capacity_for(1920), 2048);
    CHECK_EQ(ring_capacity_for(2048), 2048);
}

TEST(ring_keeps_order_across_wrap)
{
    int16_t storage[2 * 8], in[2 * 6], out[2 * 6];
    audio_ring_t r;
    ring_init(&r, storage, 8);
    int16_t next = 0, expect = 0;
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 12; i++)
            in[i] = next++;
        CHECK_EQ(ring_write(&r, in, 6), 6);
        CHECK_EQ(ring_fill(&r), 6);
        CHECK_EQ(ring_read(&r, out, 6), 6);
        for (int i = 0; i < 12; i++)
            CHECK_EQ(out[i], expect++);
    }
    CHECK_EQ(ring_fill(&r), 0);
}

TEST(ring_full_and_empty)
{
    int16_t storage[2 * 4], in[2 * 6] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, out[2 * 6];
    audio_ring_t r;
    ring_init(&r, storage, 4);
    CHECK_EQ(ring_read(&r, out, 3), 0);
    CHECK_EQ(ring_write(&r, in, 6), 4);   /* only what fits */
    CHECK_EQ(ring_write(&r, in, 1), 0);
    CHECK_EQ(ring_read(&r, out, 6), 4);
    CHECK_EQ(out[7], 8);
    CHECK_EQ(ring_read(&r, out, 1), 0);
}

#define STREAM_FRAMES 200000

static void *producer(void *arg)
{
    audio_ring_t *r = arg;
    int16_t chunk[2 * 37];
    int32_t next = 0;
    while (next < STREAM_FRAMES) {
        int n = 0;
        for (; n < 37 && next + n < STREAM_FRAMES; n++) {
            chunk[2 * n] = (int16_t)(next + n);
            chunk[2 * n + 1] = (int16_t)~(next + n);
        }
        size_t done = 0;
        while (done < (size_t)n)
            done += ring_write(r, chunk + 2 * done, n - done);
        next += n;
    }
    return NULL;
}

TEST(ring_two_threads_lose_nothing)
{
    static int16_t storage[2 * 256];
    audio_ring_t r;
    ring_init(&r, storage, 256);
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, producer, &r) == 0);
    int16_t out[2 * 53];
    int32_t got = 0, bad = 0;
    while (got < STREAM_FRAMES) {
        size_t n = ring_read(&r, out, 53);
        for (size_t i = 0; i < n; i++, got++)
            bad += out[2 * i] != (int16_t)got || out[2 * i + 1] != (int16_t)~got;
    }
    pthread_join(th, NULL);
    CHECK_EQ(bad, 0);
    CHECK_EQ(ring_fill(&r), 0);
}
