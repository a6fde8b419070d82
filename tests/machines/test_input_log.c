/* Network frames in input recordings (machines/input_log.h): frames handed to a card come back
 * at their ticks, a resumed replay skips what came before its start, sent frames are checked in
 * order, and a damaged frame line ends the network replay with a message, not a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostfs/net.h"
#include "machines/input_log.h"
#include "machines/machine.h"
#include "tests/test.h"

static const machine_type_t fake_type = {.name = "riscpc"};

static void frame(uint8_t *f, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++)
        f[i] = (uint8_t)(seed + i * 7);
}

/* Records frames A (60 bytes, tick 1000) and B (1514 bytes, tick 2000) in, and A out at 1500. */
static void record(test_ctx_t *t, const char *path)
{
    machine_t m = {.type = &fake_type};
    char err[MACHINE_ERR_LEN];
    uint8_t a[60], b[1514];
    frame(a, sizeof a, 1);
    frame(b, sizeof b, 2);
    REQUIRE(machine_record(&m, path, err, sizeof err) == 0);
    input_log_net_record(m.input_log, 1000, a, sizeof a);
    input_log_net_sent(m.input_log, 1500, a, sizeof a);
    input_log_net_record(m.input_log, 2000, b, sizeof b);
    CHECK_EQ(machine_input_close(&m, err, sizeof err), 0);
}

TEST(input_log_net_frames_replay_at_their_ticks)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/arcana-netlog-%d-1", (int)getpid());
    record(t, path);
    machine_t m = {.type = &fake_type};
    char err[MACHINE_ERR_LEN];
    REQUIRE(machine_replay(&m, path, err, sizeof err) == 0);
    CHECK(input_log_net_replaying(m.input_log));
    uint8_t want[1514], got[NET_MAX_FRAME];
    CHECK_EQ(input_log_net_due(m.input_log, 999), 0);
    CHECK_EQ(input_log_net_due(m.input_log, 1000), 60);
    CHECK_EQ(input_log_net_take(m.input_log, got, sizeof got), 60);
    frame(want, 60, 1);
    CHECK(memcmp(got, want, 60) == 0);
    input_log_net_sent(m.input_log, 1500, want, 60);
    CHECK_EQ(input_log_net_diverged(m.input_log), 0);
    CHECK_EQ(input_log_net_due(m.input_log, 1999), 0);
    CHECK_EQ(input_log_net_due(m.input_log, 2000), 1514);
    CHECK_EQ(input_log_net_take(m.input_log, got, sizeof got), 1514);
    frame(want, 1514, 2);
    CHECK(memcmp(got, want, 1514) == 0);
    CHECK_EQ(input_log_net_due(m.input_log, 99999), 0);
    input_log_net_sent(m.input_log, 2500, want, 60); /* nothing more was sent in the recording */
    CHECK_EQ(input_log_net_diverged(m.input_log), 2500);
    machine_input_close(&m, NULL, 0);
    remove(path);
}

TEST(input_log_net_replay_resumes_after_a_state)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/arcana-netlog-%d-2", (int)getpid());
    record(t, path);
    machine_t m = {.type = &fake_type, .ticks = 1200}; /* as after --load-state */
    char err[MACHINE_ERR_LEN];
    REQUIRE(machine_replay(&m, path, err, sizeof err) == 0);
    uint8_t want[60], got[NET_MAX_FRAME];
    CHECK_EQ(input_log_net_due(m.input_log, 1201), 0); /* A was handed over before the state */
    frame(want, 60, 1);
    input_log_net_sent(m.input_log, 1500, want, 60);
    CHECK_EQ(input_log_net_diverged(m.input_log), 0);
    CHECK_EQ(input_log_net_due(m.input_log, 2000), 1514);
    CHECK_EQ(input_log_net_take(m.input_log, got, sizeof got), 1514);
    machine_input_close(&m, NULL, 0);
    m.ticks = 0; /* a replay cannot start before its recording did */
    FILE *f = fopen(path, "w");
    REQUIRE(f);
    fprintf(f, "arcana-input 1 riscpc 5\n");
    fclose(f);
    CHECK(machine_replay(&m, path, err, sizeof err) != 0 && strstr(err, "later starting point"));
    remove(path);
}

TEST(input_log_damaged_net_line_ends_the_network_replay)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/arcana-netlog-%d-3", (int)getpid());
    FILE *f = fopen(path, "w");
    REQUIRE(f);
    fprintf(f, "arcana-input 1 riscpc 0\n10 net 0011223344556677889900aabbccdd\n20 net 00112g\n30 key 4 1\n");
    fclose(f);
    machine_t m = {.type = &fake_type};
    char err[MACHINE_ERR_LEN];
    REQUIRE(machine_replay(&m, path, err, sizeof err) == 0); /* the key events still replay */
    uint8_t got[NET_MAX_FRAME];
    CHECK_EQ(input_log_net_due(m.input_log, 10), 15);
    CHECK_EQ(input_log_net_take(m.input_log, got, sizeof got), 15);
    CHECK_EQ(input_log_net_due(m.input_log, 100), 0); /* stops at the damaged line, said once */
    machine_input_close(&m, NULL, 0);
    remove(path);
}
