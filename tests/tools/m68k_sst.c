/* m68k_sst DIR [--verbose] [--file NAME]: runs the 68000 single-step tests (format:
 * ../shared/testdata/m68000/FORMAT.md) on our core and counts, per file and in total, the
 * tests whose (a) final state, (b) cycle count and (c) bus transaction list match.
 * The closing line "m68000: N passed, N failed" counts (a) and (b) together over every file
 * except TAS and TRAPV (their source data is known to be inexact; reported on their own). */
#include "cpu/m68k/m68k.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TR 256

typedef struct tr {
    unsigned kind, len, fc, addr, data, uds, lds;
} tr_t;

typedef struct runner {
    uint8_t *mem; /* 16 MB */
    tr_t got[MAX_TR];
    unsigned ngot;
    uint64_t last_end;
} runner_t;

static void add_idle(runner_t *r, uint64_t upto)
{
    if (upto <= r->last_end) return;
    unsigned n = (unsigned)(upto - r->last_end);
    if (r->ngot && r->got[r->ngot - 1].kind == 0) r->got[r->ngot - 1].len += n;
    else if (r->ngot < MAX_TR) r->got[r->ngot++] = (tr_t){ .kind = 0, .len = n };
    r->last_end = upto;
}

static unsigned bus_access(void *ctx, m68k_bus_cycle_t *c)
{
    runner_t *r = ctx;
    add_idle(r, c->time);
    uint32_t a = c->addr & 0xFFFFFE;
    bool uds = c->flags & M68K_CYC_UDS, lds = c->flags & M68K_CYC_LDS;
    bool write = c->flags & M68K_CYC_WRITE;
    unsigned kind;
    if (c->flags & M68K_CYC_ADDRERR) kind = write ? 5 : 4;
    else if (write) {
        kind = 1;
        if (uds) r->mem[a] = (uint8_t)(c->data >> 8);
        if (lds) r->mem[a + 1] = (uint8_t)c->data;
    } else {
        kind = 2;
        c->data = (uint16_t)(r->mem[a] << 8 | r->mem[a + 1]);
    }
    uint16_t lanes = (uint16_t)((uds ? 0xFF00 : 0) | (lds ? 0x00FF : 0));
    if (r->ngot < MAX_TR)
        r->got[r->ngot++] = (tr_t){ kind, 4, c->fc, a, (unsigned)(c->data & lanes), uds, lds };
    r->last_end = c->time + 4;
    return 0;
}

static void bus_fault(void *ctx, const m68k_bus_cycle_t *c)
{
    m68k_bus_cycle_t copy = *c;
    bus_access(ctx, &copy);
}

/* ---- file parsing ---- */

typedef struct state {
    uint32_t reg[19]; /* d0-d7 a0-a6 usp ssp sr pc */
    uint32_t pf[2];
    uint32_t nram;
    const uint8_t *ram; /* nram * 6 bytes */
} state_t;

typedef struct rd {
    const uint8_t *p, *end;
    bool bad;
} rd_t;

static uint32_t u32(rd_t *r)
{
    if (r->p + 4 > r->end) { r->bad = true; return 0; }
    uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    r->p += 4;
    return v;
}

static void read_state(rd_t *r, state_t *s)
{
    u32(r); u32(r);
    for (int i = 0; i < 19; i++) s->reg[i] = u32(r);
    s->pf[0] = u32(r); s->pf[1] = u32(r);
    s->nram = u32(r);
    s->ram = r->p;
    if (r->p + (size_t)s->nram * 6 > r->end) { r->bad = true; return; }
    r->p += (size_t)s->nram * 6;
}

static uint32_t ram_addr(const state_t *s, unsigned i)
{
    const uint8_t *q = s->ram + i * 6;
    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}
static uint16_t ram_word(const state_t *s, unsigned i)
{
    const uint8_t *q = s->ram + i * 6 + 4;
    return (uint16_t)(q[0] | q[1] << 8);
}

typedef struct counts {
    unsigned total, state, cycles, trans, both;
} counts_t;

static const char *reg_names[19] = { "D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "A0", "A1",
                                     "A2", "A3", "A4", "A5", "A6", "USP", "SSP", "SR", "PC" };

static uint16_t peek(void *ctx, uint32_t addr)
{
    const uint8_t *m = ctx;
    addr &= 0xFFFFFE;
    return (uint16_t)(m[addr] << 8 | m[addr + 1]);
}

static void print_tr(const char *tag, const tr_t *t, unsigned n)
{
    printf("    %s:", tag);
    for (unsigned i = 0; i < n; i++) {
        static const char *k[] = { "n", "w", "r", "t", "R!", "W!" };
        if (t[i].kind == 0) printf(" n%u", t[i].len);
        else printf(" %s@%06x=%04x/fc%u%s%s", k[t[i].kind > 5 ? 0 : t[i].kind], t[i].addr, t[i].data, t[i].fc,
                    t[i].uds && !t[i].lds ? "U" : "", !t[i].uds && t[i].lds ? "L" : "");
    }
    printf("\n");
}

static int run_file(runner_t *R, m68k_t *cpu, const char *path, const char *name, int verbose, counts_t *cnt)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "m68k_sst: %s: cannot open\n", path); return -1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)size);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "m68k_sst: %s: read error\n", path);
        fclose(f); free(buf); return -1;
    }
    fclose(f);
    rd_t r = { buf, buf + size, false };
    if (u32(&r) != 0x1A3F5D71) { fprintf(stderr, "m68k_sst: %s: bad magic\n", path); free(buf); return -1; }
    uint32_t n = u32(&r);
    int shown = 0;
    memset(cnt, 0, sizeof *cnt);
    for (uint32_t ti = 0; ti < n; ti++) {
        const uint8_t *start = r.p;
        uint32_t tsize = u32(&r);
        u32(&r);
        u32(&r); u32(&r);
        uint32_t nl = u32(&r);
        char tname[128];
        if (r.p + nl > r.end) { r.bad = true; break; }
        snprintf(tname, sizeof tname, "%.*s", (int)nl, (const char *)r.p);
        r.p += nl;
        state_t si, sf;
        read_state(&r, &si);
        read_state(&r, &sf);
        u32(&r); u32(&r);
        uint32_t cycles = u32(&r), ntr = u32(&r);
        tr_t exp[MAX_TR];
        unsigned nexp = 0;
        for (uint32_t i = 0; i < ntr && !r.bad; i++) {
            if (r.p + 5 > r.end) { r.bad = true; break; }
            tr_t t = { 0 };
            t.kind = *r.p++;
            t.len = u32(&r);
            if (t.kind) {
                t.fc = u32(&r); t.addr = u32(&r) & 0xFFFFFE; t.data = u32(&r); t.uds = u32(&r); t.lds = u32(&r);
                t.data &= (t.uds ? 0xFF00u : 0) | (t.lds ? 0xFFu : 0);
                if (t.kind >= 4) t.data = 0;
            } else if (nexp && exp[nexp - 1].kind == 0) { exp[nexp - 1].len += t.len; continue; }
            if (t.kind == 0 && t.len == 0) continue;
            if (nexp < MAX_TR) exp[nexp++] = t;
        }
        if (r.bad) break;
        r.p = start + tsize;

        /* set up */
        for (unsigned i = 0; i < si.nram; i++) {
            uint32_t a = ram_addr(&si, i) & 0xFFFFFE;
            uint16_t w = ram_word(&si, i);
            R->mem[a] = (uint8_t)(w >> 8); R->mem[a + 1] = (uint8_t)w;
        }
        for (int i = 0; i < 8; i++) cpu->d[i] = si.reg[i];
        for (int i = 0; i < 7; i++) cpu->a[i] = si.reg[8 + i];
        cpu->sr = (uint16_t)si.reg[17];
        cpu->usp = si.reg[15]; cpu->ssp = si.reg[16];
        cpu->a[7] = (cpu->sr & 0x2000) ? cpu->ssp : cpu->usp;
        cpu->pc = si.reg[18];
        cpu->ir = (uint16_t)si.pf[0]; cpu->irc = (uint16_t)si.pf[1];
        cpu->cycles = 0; cpu->stopped = cpu->halted = false; cpu->ipl = 0; cpu->nmi_edge = false; cpu->trace_pending = false;
        R->ngot = 0; R->last_end = 0;

        m68k_step(cpu);
        add_idle(R, cpu->cycles);

        /* compare */
        uint32_t got[19];
        for (int i = 0; i < 8; i++) got[i] = cpu->d[i];
        for (int i = 0; i < 7; i++) got[8 + i] = cpu->a[i];
        got[15] = m68k_get_usp(cpu); got[16] = m68k_get_ssp(cpu);
        got[17] = cpu->sr; got[18] = cpu->pc;
        bool st_ok = true;
        for (int i = 0; i < 19; i++) if (got[i] != sf.reg[i]) st_ok = false;
        if (cpu->ir != (uint16_t)sf.pf[0] || cpu->irc != (uint16_t)sf.pf[1]) st_ok = false;
        unsigned bad_ram = 0;
        uint32_t bad_addr[4];
        uint16_t bad_got[4], bad_want[4];
        for (unsigned i = 0; i < sf.nram; i++) {
            uint32_t a = ram_addr(&sf, i) & 0xFFFFFE;
            uint16_t g = (uint16_t)(R->mem[a] << 8 | R->mem[a + 1]);
            if (g != ram_word(&sf, i)) {
                st_ok = false;
                if (bad_ram < 4) { bad_addr[bad_ram] = a; bad_got[bad_ram] = g; bad_want[bad_ram] = ram_word(&sf, i); }
                bad_ram++;
            }
        }
        bool cyc_ok = cpu->cycles == cycles;
        bool tr_ok = nexp == R->ngot && !memcmp(exp, R->got, nexp * sizeof(tr_t));
        cnt->total++;
        cnt->state += st_ok; cnt->cycles += cyc_ok; cnt->trans += tr_ok; cnt->both += st_ok && cyc_ok;

        if (verbose && (!st_ok || !cyc_ok || !tr_ok) && shown < verbose) {
            shown++;
            /* disassemble from the initial RAM image */
            for (unsigned i = 0; i < si.nram; i++) {
                uint32_t a = ram_addr(&si, i) & 0xFFFFFE;
                uint16_t w = ram_word(&si, i);
                R->mem[a] = (uint8_t)(w >> 8); R->mem[a + 1] = (uint8_t)w;
            }
            uint32_t ipc = si.reg[18] - 4;
            R->mem[ipc & 0xFFFFFE] = (uint8_t)(si.pf[0] >> 8); R->mem[(ipc & 0xFFFFFE) + 1] = (uint8_t)si.pf[0];
            R->mem[(ipc + 2) & 0xFFFFFE] = (uint8_t)(si.pf[1] >> 8); R->mem[((ipc + 2) & 0xFFFFFE) + 1] = (uint8_t)si.pf[1];
            char dis[96];
            m68k_disasm(ipc, peek, R->mem, dis, sizeof dis);
            printf("  FAIL %s [%s]%s%s%s\n", tname, dis, st_ok ? "" : " state", cyc_ok ? "" : " cycles",
                   tr_ok ? "" : " transactions");
            printf("    initial:");
            for (int i = 0; i < 19; i++) printf(" %s=%08x", reg_names[i], si.reg[i]);
            printf("\n");
            for (int i = 0; i < 19; i++)
                if (got[i] != sf.reg[i]) printf("    %s: got %08x want %08x\n", reg_names[i], got[i], sf.reg[i]);
            if (cpu->ir != (uint16_t)sf.pf[0] || cpu->irc != (uint16_t)sf.pf[1])
                printf("    prefetch: got %04x %04x want %04x %04x\n", cpu->ir, cpu->irc, sf.pf[0], sf.pf[1]);
            for (unsigned i = 0; i < bad_ram && i < 4; i++)
                printf("    RAM %06x: got %04x want %04x\n", bad_addr[i], bad_got[i], bad_want[i]);
            if (bad_ram > 4) printf("    ... %u RAM words differ in all\n", bad_ram);
            if (!cyc_ok) printf("    cycles: got %llu want %u\n", (unsigned long long)cpu->cycles, cycles);
            if (!tr_ok) { print_tr("want", exp, nexp); print_tr("got ", R->got, R->ngot); }
        }
        /* clear the RAM this test touched */
        for (unsigned i = 0; i < si.nram; i++) { uint32_t a = ram_addr(&si, i) & 0xFFFFFE; R->mem[a] = R->mem[a + 1] = 0; }
        for (unsigned i = 0; i < sf.nram; i++) { uint32_t a = ram_addr(&sf, i) & 0xFFFFFE; R->mem[a] = R->mem[a + 1] = 0; }
        for (unsigned i = 0; i < R->ngot; i++) if (R->got[i].kind == 1) R->mem[R->got[i].addr] = R->mem[R->got[i].addr + 1] = 0;
        uint32_t ipc = si.reg[18] - 4;
        R->mem[ipc & 0xFFFFFE] = R->mem[(ipc & 0xFFFFFE) + 1] = 0;
        R->mem[(ipc + 2) & 0xFFFFFE] = R->mem[((ipc + 2) & 0xFFFFFE) + 1] = 0;
    }
    free(buf);
    if (r.bad) { fprintf(stderr, "m68k_sst: %s: truncated or corrupt test record\n", path); return -1; }
    (void)name;
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static double pct(unsigned a, unsigned b) { return b ? 100.0 * a / b : 100.0; }

int main(int argc, char **argv)
{
    const char *dir = NULL, *only = NULL;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose")) verbose = 5;
        else if (!strcmp(argv[i], "--file") && i + 1 < argc) only = argv[++i];
        else if (argv[i][0] == '-') { fprintf(stderr, "usage: m68k_sst DIR [--verbose] [--file NAME]\n"); return 2; }
        else dir = argv[i];
    }
    if (!dir) { fprintf(stderr, "usage: m68k_sst DIR [--verbose] [--file NAME]\n"); return 2; }
    DIR *d = opendir(dir);
    if (!d) { fprintf(stderr, "m68k_sst: %s: cannot open directory\n", dir); return 2; }
    char *names[512];
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) && nn < 512) {
        size_t l = strlen(e->d_name);
        if (l > 9 && !strcmp(e->d_name + l - 9, ".json.bin")) names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)nn, sizeof *names, cmp_str);

    runner_t *R = calloc(1, sizeof *R);
    R->mem = calloc(1, 1u << 24);
    static m68k_t cpu;
    m68k_cfg_t cfg = { .bus = { .ctx = R, .access = bus_access, .fault = bus_fault } };
    m68k_init(&cpu, &cfg);

    counts_t tot = { 0 }, tas = { 0 }, trapv = { 0 };
    bool any = false, err = false;
    for (int i = 0; i < nn; i++) {
        char base[256];
        snprintf(base, sizeof base, "%.*s", (int)(strlen(names[i]) - 9), names[i]);
        if (only && strcmp(only, base) && strcmp(only, names[i])) continue;
        any = true;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        counts_t c;
        if (run_file(R, &cpu, path, base, verbose, &c)) { err = true; continue; }
        printf("%-14s state %4u/%u  cycles %4u/%u  transactions %4u/%u\n", base, c.state, c.total, c.cycles,
               c.total, c.trans, c.total);
        fflush(stdout);
        counts_t *dst = !strcmp(base, "TAS") ? &tas : !strcmp(base, "TRAPV") ? &trapv : &tot;
        dst->total += c.total; dst->state += c.state; dst->cycles += c.cycles; dst->trans += c.trans; dst->both += c.both;
    }
    if (!any) { fprintf(stderr, "m68k_sst: no test file matched in %s\n", dir); return 2; }
    if (tas.total) printf("TAS (not counted): state %u/%u, cycles %u/%u, transactions %u/%u\n", tas.state, tas.total, tas.cycles, tas.total, tas.trans, tas.total);
    if (trapv.total) printf("TRAPV (not counted): state %u/%u, cycles %u/%u, transactions %u/%u\n", trapv.state, trapv.total, trapv.cycles, trapv.total, trapv.trans, trapv.total);
    printf("total: state %u/%u (%.2f%%), cycles %u/%u (%.2f%%), transactions %u/%u (%.2f%%)\n", tot.state, tot.total,
           pct(tot.state, tot.total), tot.cycles, tot.total, pct(tot.cycles, tot.total), tot.trans, tot.total,
           pct(tot.trans, tot.total));
    printf("m68000: %u passed, %u failed\n", tot.both, tot.total - tot.both);
    for (int i = 0; i < nn; i++) free(names[i]);
    free(R->mem);
    free(R);
    return err ? 1 : 0;
}
