/* RiscPC save states (machines/riscpc/state.c and every chip's serialize): a state of our own boot
 * ROM's screen, changed as the input says and with its checksum recomputed, loaded and run for
 * a moment. The input is a list of edits anywhere but the checksum (RAM and VRAM too: their
 * page maps and zstd frames are structure since state format 2): a 32-bit length change (bit
 * 31: truncate by the rest, else none), then 5-byte edits (32-bit offset, bit 31 set: counted
 * from the end; then the new byte). FUZZ_WRITE_SEED=DIR writes a few seed
 * inputs there. */
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/state_lib.h"

#include <string.h>

#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/fuzz/riscpc_state.h"

static machine_t *m;
static uint8_t *tpl, *work;
static size_t tpl_len;
/* The template's bytes open to edits, as runs of the file. */
#define MAX_RUNS 64
static struct { size_t at, len; } runs[MAX_RUNS];
static int nruns;
static size_t outside;

/* The file offset of the k-th byte open to edits (k < outside). */
static size_t file_offset(size_t k)
{
    for (int i = 0; i < nruns; i++) {
        if (k < runs[i].len)
            return runs[i].at + k;
        k -= runs[i].len;
    }
    return tpl_len - 1;
}
static char dir[] = "/tmp/arcana-fuzz-state.XXXXXX";

static void setup(void)
{
    if (!mkdtemp(dir))
        abort();
    machine_config_t cfg = {.machine = "riscpc", .ram_mb = 4, .data_dir = dir};
    char err[MACHINE_ERR_LEN], path[256];
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_state: %s\n", err);
        abort();
    }
    for (int i = 0; i < 3; i++)
        machine_run_frame(m);
    snprintf(path, sizeof path, "%s/template.state", dir);
    FILE *f = NULL;
    if (machine_save_state(m, path, err, sizeof err) != 0 || !(f = fopen(path, "rb"))) {
        fprintf(stderr, "fuzz_state: %s\n", err);
        abort();
    }
    fseek(f, 0, SEEK_END);
    tpl_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    tpl = malloc(tpl_len);
    work = malloc(tpl_len);
    if (fread(tpl, 1, tpl_len, f) != tpl_len)
        abort();
    fclose(f);
    remove(path);
    rpc_section_t sec[MAX_RUNS];
    int n = rpc_state_sections(tpl, tpl_len, sec, MAX_RUNS);
    if (n < 10)
        abort();
    runs[nruns].at = 0; /* the whole file (one run: the layout kept for narrower choices) */
    runs[nruns++].len = tpl_len;
    for (int i = 0; i < nruns; i++)
        outside += runs[i].len;
    const char *seed_dir = getenv("FUZZ_WRITE_SEED");
    if (seed_dir) {
        /* no edit; one byte in the CPU; a truncation; an edit in the chips */
        static const uint8_t seeds[4][10] = {{0}, {0, 0, 0, 0, 0x00, 0x01, 0, 0, 0x13}, {0x80, 0, 0, 0x80},
                                             {0, 0, 0, 0, 0x20, 0, 0, 0x80, 1}};
        static const size_t lens[4] = {4, 9, 4, 9};
        fuzz_write_seeds(seed_dir, seeds, lens, 4);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!m)
        setup();
    fuzz_in_t in = {data, size, 0};
    memcpy(work, tpl, tpl_len);
    size_t len = tpl_len;
    uint32_t cut = fuzz_u32(&in);
    if (cut & 0x80000000u)
        len -= (cut & 0x7fffffffu) % (len + 1);
    /* offsets count the bytes open to edits (the checksum excluded) */
    while (fuzz_left(&in)) {
        uint32_t at = fuzz_u32(&in);
        size_t k = (at & 0x7fffffffu) % (outside - 8);
        if (at & 0x80000000u) /* counted back from the end: the chips and discs are there */
            k = outside - 9 - k;
        uint8_t v = fuzz_u8(&in);
        size_t off = file_offset(k);
        if (off < len)
            work[off] = v;
    }
    if (len >= 8)
        rpc_state_fix_checksum(work, len);
    fuzz_load_state(m, work, len, tpl, tpl_len, RISCPC_TICKS_PER_SECOND / 1000, "fuzz_state");
    return 0;
}
