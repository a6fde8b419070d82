#include "machines/sched.h"
#include "tests/test.h"

TEST(sched_placeholder) { sched_t s; sched_init(&s); CHECK_EQ(sched_next(&s), SCHED_NEVER); }
