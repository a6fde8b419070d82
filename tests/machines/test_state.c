/* The save-state visitor (machines/state.h): one walk serves save, load, size and hash; a load
 * checks every value and names the first problem. */
#include <string.h>

#include "machines/state.h"
#include "tests/test.h"

typedef struct sample {
    uint8_t a;
    uint16_t b;
    uint32_t c;
    uint64_t d;
    bool flag;
    int16_t e;
    unsigned idx;
    uint16_t arr[3];
} sample_t;

static void visit(sample_t *x, ser_t *s)
{
    ser_begin(s, "SMPL", 2);
    SER(s, x->a);
    SER(s, x->b);
    SER(s, x->c);
    SER(s, x->d);
    SER(s, x->flag);
    SER(s, x->e);
    SER_MAX(s, x->idx, 9);
    ser_u16s(s, x->arr, 3);
    ser_end(s);
}

static void save(sample_t *x, ser_t *s)
{
    ser_init(s, SER_SAVE);
    ser_file_begin(s, "test");
    visit(x, s);
    ser_file_end(s);
}

/* Loads buf (checksum fixed up first when fix) into out; true if it loaded. */
static bool load(uint8_t *buf, size_t len, bool fix, sample_t *out, char *why, size_t whylen)
{
    if (fix && len >= 8) {
        uint64_t h = ser_fnv(0xcbf29ce484222325ull, buf, len - 8);
        for (int i = 0; i < 8; i++)
            buf[len - 8 + i] = (uint8_t)(h >> (8 * i));
    }
    ser_t s;
    ser_init_load(&s, buf, len);
    if (ser_file_check(&s, "test")) {
        ser_file_begin(&s, "test");
        visit(out, &s);
        ser_file_end(&s);
    }
    snprintf(why, whylen, "%s", s.err);
    return ser_ok(&s);
}

TEST(state_round_trip_size_and_hash_agree)
{
    sample_t x = {.a = 7, .b = 0xBEEF, .c = 0xDEADBEEF, .d = 1ull << 60, .flag = true, .e = -5, .idx = 9, .arr = {1, 2, 3}};
    ser_t s;
    save(&x, &s);
    REQUIRE(ser_ok(&s));
    ser_t z;
    ser_init(&z, SER_SIZE);
    ser_file_begin(&z, "test");
    visit(&x, &z);
    ser_file_end(&z);
    CHECK_EQ(z.pos, s.len);
    sample_t y;
    memset(&y, 0, sizeof y);
    char why[256];
    CHECK(load(s.buf, s.len, false, &y, why, sizeof why));
    CHECK(y.a == x.a && y.b == x.b && y.c == x.c && y.d == x.d && y.flag && y.e == -5 && y.idx == 9);
    CHECK(memcmp(x.arr, y.arr, sizeof x.arr) == 0);
    ser_t h1, h2;
    ser_init(&h1, SER_HASH);
    visit(&x, &h1);
    ser_init(&h2, SER_HASH);
    y.arr[2] = 4;
    visit(&y, &h2);
    CHECK(h1.hash != h2.hash);
    ser_free(&s);
}

TEST(state_load_refuses_bad_values_with_one_line)
{
    sample_t x = {.flag = true, .idx = 3};
    ser_t s;
    save(&x, &s);
    REQUIRE(ser_ok(&s));
    size_t payload = 8 + 4 + STATE_NAME_LEN + 16; /* first field of SMPL */
    size_t flag_at = payload + 1 + 2 + 4 + 8, idx_at = flag_at + 1 + 2;
    uint8_t *b = s.buf;
    sample_t y;
    char why[256];

    b[flag_at] = 2;
    CHECK(!load(b, s.len, true, &y, why, sizeof why));
    CHECK(strstr(why, "section SMPL: a flag holds 2") != NULL);
    b[flag_at] = 1;

    b[idx_at] = 10;
    CHECK(!load(b, s.len, true, &y, why, sizeof why));
    CHECK(strstr(why, "idx is 10, at most 9") != NULL);
    b[idx_at] = 3;

    b[payload - 12] = 3; /* section version 3, this build reads 1..2 */
    CHECK(!load(b, s.len, true, &y, why, sizeof why));
    CHECK(strstr(why, "version 3") != NULL);
    b[payload - 12] = 2;

    b[payload - 16] = 'X'; /* another tag */
    CHECK(!load(b, s.len, true, &y, why, sizeof why));
    CHECK(strstr(why, "XMPL found where SMPL belongs") != NULL);
    b[payload - 16] = 'S';

    b[flag_at] ^= 1; /* checksum not fixed up */
    CHECK(!load(b, s.len, false, &y, why, sizeof why));
    CHECK(strstr(why, "checksum") != NULL);
    b[flag_at] ^= 1;

    uint8_t copy[512];
    REQUIRE(s.len <= sizeof copy);
    for (size_t cut = 0; cut < s.len; cut += 7) { /* truncated anywhere (checksum fixed up) */
        memcpy(copy, b, s.len);
        CHECK(!load(copy, cut, true, &y, why, sizeof why));
        CHECK(why[0] != 0 && strchr(why, '\n') == NULL);
    }
    CHECK(load(b, s.len, true, &y, why, sizeof why));
    ser_free(&s);
}

TEST(state_sched_keeps_queue_order)
{
    sched_t q;
    sched_init(&q);
    sched_event_t e[3];
    for (int i = 0; i < 3; i++)
        sched_event_init(&e[i], "e", NULL, NULL);
    sched_at(&q, &e[2], 100);
    sched_at(&q, &e[0], 100); /* same time: after e[2] */
    sched_at(&q, &e[1], 50);
    sched_event_t *list[3] = {&e[0], &e[1], &e[2]};
    ser_t s;
    ser_init(&s, SER_SAVE);
    ser_sched(&s, &q, list, 3, 1000);
    REQUIRE(ser_ok(&s));
    sched_t q2;
    sched_init(&q2);
    sched_event_t f[3];
    memset(f, 0, sizeof f);
    sched_event_t *list2[3] = {&f[0], &f[1], &f[2]};
    ser_t l;
    ser_init_load(&l, s.buf, s.len);
    ser_sched(&l, &q2, list2, 3, 1000);
    REQUIRE(ser_ok(&l));
    CHECK(q2.head == &f[1] && f[1].next == &f[2] && f[2].next == &f[0] && f[0].when == 100);
    ser_free(&s);
}
