/* Arcana unit-test framework: every tests/<folder>/test_*.c file defines cases with TEST(name);
 * they register themselves before main() and tests/runner.c runs them all (or those whose
 * name contains argv[1]) and ends with the line "N passed, N failed[, N skipped]". */
#ifndef ARCANA_TEST_H
#define ARCANA_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct test_ctx {
    const char *name;
    int failures;
    bool skipped;
    char skip_reason[160];
} test_ctx_t;

typedef void (*test_fn)(test_ctx_t *t);

void test_register(const char *name, const char *file, test_fn fn);
void test_fail(test_ctx_t *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define TEST(fn)                                                                              \
    static void fn(test_ctx_t *t __attribute__((unused)));                                    \
    __attribute__((constructor)) static void register_##fn(void) { test_register(#fn, __FILE__, fn); } \
    static void fn(test_ctx_t *t __attribute__((unused)))

/* A failed CHECK records the failure and carries on; REQUIRE returns from the test. */
#define CHECK(cond)                                                                           \
    do { if (!(cond)) test_fail(t, __FILE__, __LINE__, "CHECK(%s)", #cond); } while (0)
#define REQUIRE(cond)                                                                         \
    do { if (!(cond)) { test_fail(t, __FILE__, __LINE__, "REQUIRE(%s)", #cond); return; } } while (0)
#define CHECK_EQ(a, b)                                                                        \
    do { long long va_ = (long long)(a), vb_ = (long long)(b);                                \
         if (va_ != vb_) test_fail(t, __FILE__, __LINE__, "%s == %s: 0x%llx != 0x%llx", #a, #b, \
                                   (unsigned long long)va_, (unsigned long long)vb_); } while (0)
#define CHECK_STR(a, b)                                                                       \
    do { const char *sa_ = (a), *sb_ = (b);                                                   \
         if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0)                                           \
             test_fail(t, __FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,           \
                       sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)"); } while (0)
#define SKIP(...)                                                                             \
    do { t->skipped = true; snprintf(t->skip_reason, sizeof t->skip_reason, __VA_ARGS__); return; } while (0)

#endif
