/* Runs every registered unit test (see tests/test.h). */
#include "tests/test.h"

#include <stdarg.h>
#include <stdlib.h>

#define MAX_TESTS 4096

typedef struct test_entry {
    const char *name;
    const char *file;
    test_fn fn;
} test_entry_t;

static test_entry_t tests[MAX_TESTS];
static int test_count;

void test_register(const char *name, const char *file, test_fn fn)
{
    if (test_count == MAX_TESTS) {
        fprintf(stderr, "runner: more than %d tests; raise MAX_TESTS\n", MAX_TESTS);
        exit(2);
    }
    tests[test_count++] = (test_entry_t){name, file, fn};
}

void test_fail(test_ctx_t *t, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    if (t->failures < 5) {
        fprintf(stdout, "  FAIL %s (%s:%d): ", t->name, file, line);
        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
    }
    t->failures++;
}

static int by_file_then_name(const void *a, const void *b)
{
    const test_entry_t *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : strcmp(x->name, y->name);
}

int main(int argc, char **argv)
{
    const char *filter = argc > 1 ? argv[1] : NULL;
    int passed = 0, failed = 0, skipped = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    qsort(tests, (size_t)test_count, sizeof tests[0], by_file_then_name);
    for (int i = 0; i < test_count; i++) {
        if (filter && !strstr(tests[i].name, filter) && !strstr(tests[i].file, filter))
            continue;
        test_ctx_t ctx = {.name = tests[i].name};
        tests[i].fn(&ctx);
        if (ctx.failures) {
            failed++;
            printf("FAIL %s (%s)\n", tests[i].name, tests[i].file);
        } else if (ctx.skipped) {
            skipped++;
            printf("skip %s: %s\n", tests[i].name, ctx.skip_reason);
        } else {
            passed++;
        }
    }
    if (skipped)
        printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    else
        printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
