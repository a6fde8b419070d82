/* The INI config file (frontend/cli.c) as --config FILE reads it, for either machine. */
#include "tests/fuzz/fuzz.h"

#include "frontend/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cli_options_t opts;
    cli_defaults(&opts);
    const char *machine = size && (data[0] & 1) ? "riscpc" : "a500";
    const char *path = fuzz_file(0, data, size);
    char err[512];
    cli_load_config(&opts, path, machine, err, sizeof err);
    return 0;
}
