/* A500 save states (machines/a500_state.c, machines/state.c and every chip's serialize): a state
 * of AROS booting with a disk in DF0, changed as the input says and with its checksum
 * recomputed, loaded and run for a moment. The input is a list of edits: a 32-bit length change
 * (bit 31: truncate by the rest, else none), then 5-byte edits (32-bit offset, then the new
 * byte). Offsets count only the bytes that have structure — the file and section headers and
 * the small sections' payloads (since state format 2 that includes compressed memory, the
 * Denise frame and the disk when they compress below BIG_SECTION: their page maps and zstd
 * frames are structure too), so the fuzzer spends its time on the fields a loader must check. FUZZ_WRITE_SEED=DIR writes a few
 * seed inputs there. */
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/state_lib.h"

#include <string.h>

#include "machines/a500.h"
#include "machines/machine.h"
#include "machines/state.h"

#define BIG_SECTION 100000u /* payloads above this: memory or disks that compress poorly */

static machine_t *m;
static uint8_t *tpl, *work;
static size_t tpl_len;
static size_t *structure; /* file offsets of the bytes edits may land on */
static size_t n_structure;
static char dir[] = "/tmp/arcana-fuzz-a500-state.XXXXXX";

/* Every byte of the template that is not inside a big section's payload (state.h's layout:
 * header, then sections of a 4-byte tag, u32 version, u64 length, payload; "END!" last). */
static void map_structure(void)
{
    structure = malloc(tpl_len * sizeof *structure);
    size_t pos = 8 + 4 + STATE_NAME_LEN;
    for (size_t i = 0; i < pos; i++)
        structure[n_structure++] = i;
    while (pos + 16 <= tpl_len) {
        uint64_t l = 0;
        for (int i = 0; i < 8; i++)
            l |= (uint64_t)tpl[pos + 8 + i] << (8 * i);
        bool end = memcmp(tpl + pos, "END!", 4) == 0;
        for (size_t i = 0; i < 16; i++)
            structure[n_structure++] = pos + i;
        if (end || l > tpl_len - pos - 16)
            break;
        if (l <= BIG_SECTION)
            for (size_t i = 0; i < l; i++)
                structure[n_structure++] = pos + 16 + i;
        pos += 16 + (size_t)l;
    }
}

#if defined(__clang__)
__attribute__((no_sanitize("coverage"), noinline)) /* megabytes: no per-byte fuzzing hooks */
#endif
static void fix_checksum(uint8_t *b, size_t len)
{
    uint64_t h = ser_fnv(0xcbf29ce484222325ull, b, len - 8);
    for (int i = 0; i < 8; i++)
        b[len - 8 + i] = (uint8_t)(h >> (8 * i));
}

static void write_seeds(const char *seed_dir)
{
    /* no edit; one early section byte; a truncation; an edit counted near the end */
    static const uint8_t seeds[4][10] = {{0}, {0, 0, 0, 0, 0x40, 0, 0, 0, 0x13}, {0x80, 0, 0, 0x80},
                                         {0, 0, 0, 0, 0x20, 0xf0, 0xff, 0x0f, 1}};
    static const size_t lens[4] = {4, 9, 4, 9};
    fuzz_write_seeds(seed_dir, seeds, lens, 4);
}

static void setup(void)
{
    if (!mkdtemp(dir))
        abort();
    char err[MACHINE_ERR_LEN], df0[200], path[200];
    snprintf(df0, sizeof df0, "%s/df0.adf", dir);
    FILE *d = fopen(df0, "wb");
    uint8_t *blank = calloc(1, 901120);
    if (!d || !blank || fwrite(blank, 1, 901120, d) != 901120)
        abort();
    fclose(d);
    free(blank);
    /* the A501 clock fixed at 2000-01-01: the same template every run */
    machine_config_t cfg = {.machine = "a500", .floppy = {df0}, .data_dir = dir, .rtc_fixed = true, .rtc_time = 946684800};
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_a500_state: %s\n", err);
        abort();
    }
    for (int i = 0; i < 10; i++)
        machine_run_frame(m);
    machine_run(m, 4321); /* mid-frame */
    snprintf(path, sizeof path, "%s/template.state", dir);
    if (machine_save_state(m, path, err, sizeof err) != 0 || !(tpl = fuzz_slurp(path, &tpl_len))) {
        fprintf(stderr, "fuzz_a500_state: %s\n", err);
        abort();
    }
    remove(path);
    work = malloc(tpl_len);
    map_structure();
    const char *seed_dir = getenv("FUZZ_WRITE_SEED");
    if (seed_dir)
        write_seeds(seed_dir);
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
    while (fuzz_left(&in)) {
        size_t off = structure[fuzz_u32(&in) % n_structure];
        uint8_t v = fuzz_u8(&in);
        if (off < len)
            work[off] = v;
    }
    if (len >= 8)
        fix_checksum(work, len);
    fuzz_load_state(m, work, len, tpl, tpl_len, A500_TICKS_PER_SECOND / 1000, "fuzz_a500_state");
    return 0;
}
