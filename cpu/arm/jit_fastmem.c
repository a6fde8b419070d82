/* ARM JIT fastmem (see jit.h): guest loads and stores of translated code as one host access
 * into a 4 GB window per privilege, instead of a vcache lookup per access.
 *
 * A window is PROT_NONE address space whose offset is the guest virtual address. A page is
 * mapped in (from the memfd behind the machine's RAM, arm_jit_fastmem_region) when an access
 * faults on it and the CPU's vcache allows that access: readable pages read-only, pages the
 * vcache also lets be written read-write. The windows follow the vcache: a flush of it (all, or
 * a 1 MB region: cpu->vc_flush_hook) unmaps the same, and a page becoming a code page (the
 * vcache drops its write tags) unmaps everything, so a window never allows more than the vcache
 * would. A fault the window cannot serve (I/O, code pages, aborts, unaligned: those never reach
 * the access) goes on at the site's cold stub, exactly where a vcache miss went: nothing of the
 * instruction has happened yet at the faulting access. A site that keeps faulting (an I/O
 * register, data sharing a page with code) has its MOVABS patched into a jump to that stub.
 *
 * The fault handler is process-wide (SIGSEGV); it acts only on faults in the code buffer of the
 * JIT this thread is running (a thread-local pointer set by arm_jit_run) at one of its
 * registered sites, and hands any other fault to the handler that was there before. */
#include "cpu/arm/jit_internal.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define FM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define FM_SANITIZED 1
#endif
#endif

#define WIN_SPAN (((size_t)1 << 32) + 4096u) /* a guard page after 4 GB */
#define PATCH_AFTER 2                      /* unserved faults before a site takes the vcache way */
#define MAPS_AFTER 8                       /* pages a site may fault in before it takes that way too */

static _Thread_local arm_jit_t *running_jit;
static struct sigaction previous_segv, previous_bus;
static _Thread_local volatile int probe_faults; /* alignment faults seen outside translated code */
/* The fault probe (probe_redirect): where to go back to if the handler cannot place the fault
 * (RIP not exact: under valgrind, say), so that fastmem stays off instead of the process dying. */
static _Thread_local sigjmp_buf *probe_escape;
static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
static bool handler_installed;

/* ---- the windows ---------------------------------------------------------------------------- */

static bool unmap_range(uint8_t *at, size_t len)
{
    return mmap(at, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) != MAP_FAILED;
}

static uint64_t *list_bit(arm_jit_fastmem_t *fm, int view, uint32_t vpage, uint64_t *mask)
{
    uint32_t n = (uint32_t)view << 20 | vpage >> 12;
    *mask = 1ull << (n & 63);
    return &fm->in_list[n >> 6];
}

static int region_of(const arm_jit_fastmem_t *fm, const uint8_t *host)
{
    for (int i = 0; i < fm->nregions; i++)
        if (host >= fm->region[i].lo && host < fm->region[i].lo + fm->region[i].size)
            return i;
    return -1;
}

static bool map_host(arm_jit_fastmem_t *fm, int view, uint32_t vpage, uint8_t *host, bool writable)
{
    int r = region_of(fm, host);
    if (r < 0 || ((uintptr_t)host & 0xFFF)) /* (a guest page across two host pages cannot be mapped) */
        return false;
    return mmap(fm->win[view] + vpage, 4096, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED | MAP_FIXED | MAP_POPULATE,
                fm->region[r].fd, (off_t)(host - fm->region[r].lo)) != MAP_FAILED;
}

/* Unmaps every window page. */
void arm_jit_fastmem_flush(arm_jit_t *jit)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    if (!fm->on || !fm->nmapped)
        return;
    bool used[2] = {false, false};
    for (uint32_t i = 0; i < fm->nmapped; i++) {
        uint64_t mask, *w = list_bit(fm, fm->mapped[i].view, fm->mapped[i].vpage, &mask);
        *w &= ~mask;
        used[fm->mapped[i].view] = true;
    }
    for (int v = 0; v < 2; v++)
        if (used[v])
            unmap_range(fm->win[v], WIN_SPAN);
    fm->nmapped = 0;
    fm->flushes++;
}

/* The vcache was flushed (all of it, or the 1 MB region at va), or `host_page` became a code
 * page: a window page concerned stays where a fresh walk gives the same physical page with the
 * same rights (the host page of a physical page changes only with arm_flush_mappings, which
 * unmaps everything), and loses write permission where the page now holds code; so the windows
 * allow what a refilled vcache would, without faulting every page in again after each TLB
 * flush (Linux flushes at every context switch). */
static void revalidate(arm_jit_t *jit, bool all, uint32_t va, const uint8_t *host_page)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    for (uint32_t i = 0; i < fm->nmapped;) {
        struct arm_jit_fm_page *p = &fm->mapped[i];
        if ((!all && !host_page && (p->vpage >> 20) != (va >> 20)) || (host_page && p->host != host_page)) {
            i++;
            continue;
        }
        uint32_t pa;
        unsigned rights;
        bool same = arm_walk_peek(jit->cpu, p->vpage, p->view == 1, &pa, &rights) && pa == p->ppage &&
                    rights == p->rights;
        if (same && host_page && p->writable) {
            same = mprotect(fm->win[p->view] + p->vpage, 4096, PROT_READ) == 0;
            p->writable = false;
        }
        if (same) {
            fm->kept++;
            i++;
            continue;
        }
        if (!unmap_range(fm->win[p->view] + p->vpage, 4096)) { /* (out of mappings: all go) */
            arm_jit_fastmem_flush(jit);
            return;
        }
        uint64_t mask, *w = list_bit(fm, p->view, p->vpage, &mask);
        *w &= ~mask;
        *p = fm->mapped[--fm->nmapped];
        fm->dropped++;
    }
}

static void on_vc_flush(void *ctx, uint32_t va, int kind)
{
    arm_jit_t *jit = ctx;
    if (!jit->fm.on || !jit->fm.nmapped)
        return;
    if (kind == ARM_VC_FLUSH_MAPPINGS)
        arm_jit_fastmem_flush(jit);
    else
        revalidate(jit, kind == ARM_VC_FLUSH_ALL, va, NULL);
}

void arm_jit_fastmem_code_page(arm_jit_t *jit, const uint8_t *host_page)
{
    if (jit->fm.on && jit->fm.nmapped)
        revalidate(jit, false, 0, host_page);
}

/* The pages of vpage's aligned 64 KB that a fresh walk allows (as the vcache would after a
 * refill: the CPU's own bus, which keeps code pages from being written), mapped too, runs of
 * neighbours with neighbouring host pages and the same permission in one mmap: a guest that
 * goes through memory in order takes one fault per 64 KB, not per page. */
static void map_around(arm_jit_t *jit, int view, uint32_t vpage)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    arm_cpu_t *cpu = jit->cpu;
    uint32_t chunk = vpage & ~0xFFFFu;
    struct arm_jit_fm_page run[16];
    int nrun = 0;
    for (uint32_t q = chunk;; q += 4096) {
        bool ok = q != chunk + 0x10000u && q != vpage && fm->nmapped + (unsigned)nrun < ARM_JIT_FM_MAPPED;
        uint64_t mask = 0, *w = NULL;
        uint32_t pa = 0;
        unsigned rights = 0;
        uint8_t *host = NULL;
        bool writable = false;
        if (ok) {
            w = list_bit(fm, view, q, &mask);
            ok = !(*w & mask) && arm_walk_peek(cpu, q, view == 1, &pa, &rights) && (rights & 1) &&
                 (host = cpu->bus.page(cpu->bus.ctx, pa, false)) != NULL && !((uintptr_t)host & 0xFFF) &&
                 region_of(fm, host) >= 0;
            writable = ok && (rights & 2) && cpu->bus.page(cpu->bus.ctx, pa, true) == host;
            /* (26-bit data above 64 MB never reaches the vcache: arm_walk_peek refuses it) */
        }
        bool extends = ok && nrun && run[nrun - 1].vpage + 4096 == q && run[nrun - 1].host + 4096 == host &&
                       run[nrun - 1].writable == writable && region_of(fm, host) == region_of(fm, run[0].host);
        if (nrun && !extends) { /* map the run so far */
            int r = region_of(fm, run[0].host);
            if (mmap(fm->win[view] + run[0].vpage, 4096u * (unsigned)nrun,
                     PROT_READ | (run[0].writable ? PROT_WRITE : 0), MAP_SHARED | MAP_FIXED | MAP_POPULATE,
                     fm->region[r].fd, (off_t)(run[0].host - fm->region[r].lo)) != MAP_FAILED) {
                for (int k = 0; k < nrun; k++) {
                    uint64_t m, *b = list_bit(fm, view, run[k].vpage, &m);
                    *b |= m;
                    fm->ever[b - fm->in_list] |= m;
                    fm->mapped[fm->nmapped++] = run[k];
                }
            }
            nrun = 0;
        }
        if (ok)
            run[nrun++] = (struct arm_jit_fm_page){.vpage = q, .ppage = pa, .view = (uint8_t)view,
                                                   .writable = writable, .rights = (uint8_t)rights, .host = host};
        if (q == chunk + 0x10000u)
            break;
    }
}

/* Maps va's page into `view` if the vcache allows the access (filling it first as the slow
 * path would). False: the access must take the slow path. */
static bool map_page(arm_jit_t *jit, int view, uint32_t va, bool write)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    arm_cpu_t *cpu = jit->cpu;
    uint32_t vpage = va & ~0xFFFu;
    if (fm->retired)
        return false;
    const arm_vc_entry_t *e = &cpu->vcache[view].e[(va >> 12) & (ARM_VC_SIZE - 1)];
    if ((write ? e->wtag : e->rtag) != vpage) {
        if (!arm_vcache_prefill(cpu, va, view == 1, write) || (write ? e->wtag : e->rtag) != vpage)
            return false;
    }
    if (e->rtag != vpage) /* (x86 pages cannot be write-only) */
        return false;
    uint8_t *host = (uint8_t *)(e->host + vpage);
    bool writable = e->wtag == vpage;
    uint64_t mask, *w = list_bit(fm, view, vpage, &mask);
    if (*w & mask) { /* in the list already: mapped read-only, now writable */
        for (uint32_t i = 0; i < fm->nmapped; i++) {
            struct arm_jit_fm_page *p = &fm->mapped[i];
            if (p->view == view && p->vpage == vpage) {
                if (p->host != host || !map_host(fm, view, vpage, host, writable))
                    return false; /* (cannot happen: the list follows the vcache) */
                p->writable = writable;
                fm->maps++;
                return true;
            }
        }
        return false;
    }
    uint32_t pa;
    unsigned rights;
    if (!arm_walk_peek(cpu, vpage, view == 1, &pa, &rights) || jit->bus.page(jit->bus.ctx, pa, false) != host)
        return false; /* (a vcache entry older than the page tables: the slow path decides) */
    if (fm->nmapped == ARM_JIT_FM_MAPPED)
        arm_jit_fastmem_flush(jit);
    if (!map_host(fm, view, vpage, host, writable))
        return false;
    *w |= mask;
    uint64_t *ever = &fm->ever[w - fm->in_list];
    fm->remaps += (*ever & mask) != 0;
    *ever |= mask;
    fm->mapped[fm->nmapped++] = (struct arm_jit_fm_page){.vpage = vpage, .ppage = pa, .view = (uint8_t)view,
                                                         .writable = writable, .rights = (uint8_t)rights, .host = host};
    fm->maps++;
    map_around(jit, view, vpage);
    return true;
}

/* ---- sites ---------------------------------------------------------------------------------- */

#define PATCHED 0xFFFFu /* arm_jit_site_t.faults of a site that takes its way through the vcache */

/* MOVABS (10 bytes) -> JMP to the site's way through the vcache. */
static void patch_site(arm_jit_t *jit, arm_jit_site_t *s)
{
    if (s->faults == PATCHED)
        return;
    uint8_t *m = jit->code + s->movabs;
    int32_t rel = (int32_t)(jit->code + s->vc - (m + 5));
    m[0] = 0xE9;
    memcpy(m + 1, &rel, 4);
    s->faults = PATCHED;
    jit->fm.patches++;
}

static uint32_t site_hash(uint32_t access) { return (access * 0x9E3779B1u) >> (32 - 17); }

static arm_jit_site_t *find_site(arm_jit_fastmem_t *fm, uint32_t access)
{
    for (uint32_t i = site_hash(access), n = 0; n < ARM_JIT_SITES; n++, i = (i + 1) & (ARM_JIT_SITES - 1)) {
        arm_jit_site_t *s = &fm->sites[i];
        if (s->gen != fm->gen)
            return NULL;
        if (s->access == access)
            return s;
    }
    return NULL;
}

bool arm_jit_fastmem_room(const arm_jit_t *jit, unsigned sites)
{
    return jit->fm.on && !jit->fm.retired && jit->fm.nregions && jit->fm.nsites + sites <= ARM_JIT_SITES / 2;
}

bool arm_jit_fastmem_review(arm_jit_t *jit)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    uint64_t events = fm->remaps + (fm->kept + fm->dropped) / 64;
    bool retire = fm->on && !fm->retired && events - fm->events_at > (ARM_JIT_FM_REVIEW >> 20);
    if (retire) { /* (the caller drops every translation: the sites go with them) */
        fm->retired = true;
        fm->ac = false;
        arm_jit_fastmem_flush(jit);
    }
    fm->events_at = events;
    fm->review_at = jit->cpu->insns + ARM_JIT_FM_REVIEW;
    return retire;
}

void arm_jit_fastmem_add_site(arm_jit_t *jit, const uint8_t *access, const uint8_t *movabs, const uint8_t *stub,
                              const uint8_t *vc, int view, bool write)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    uint32_t off = (uint32_t)(access - jit->code);
    for (uint32_t i = site_hash(off);; i = (i + 1) & (ARM_JIT_SITES - 1)) {
        arm_jit_site_t *s = &fm->sites[i];
        if (s->gen != fm->gen || s->access == off) {
            *s = (arm_jit_site_t){.access = off, .stub = (uint32_t)(stub - jit->code),
                                  .movabs = (uint32_t)(movabs - jit->code), .vc = (uint32_t)(vc - jit->code),
                                  .gen = fm->gen, .view = (uint8_t)view,
                                  .write = write};
            fm->nsites++;
            return;
        }
    }
}

void arm_jit_fastmem_code_flushed(arm_jit_t *jit)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    if (!fm->sites)
        return;
    if (++fm->gen == 0) { /* (wrapped: no entry may look valid) */
        memset(fm->sites, 0xFF, ARM_JIT_SITES * sizeof *fm->sites);
        fm->gen = 1;
    }
    fm->nsites = 0;
}

/* ---- the fault handler ---------------------------------------------------------------------- */

static void pass_on(int sig, siginfo_t *si, void *uc)
{
    const struct sigaction *prev = sig == SIGBUS ? &previous_bus : &previous_segv;
    if (prev->sa_flags & SA_SIGINFO) {
        if (prev->sa_sigaction) {
            prev->sa_sigaction(sig, si, uc);
            return;
        }
    } else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL); /* the access faults again on return, now fatal as it should be */
}

#define EFLAGS_AC (1u << 18)

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    /* (EFLAGS.AC may still be set from translated code: C runs without it) */
    __asm__ volatile("pushfq; andq %0, (%%rsp); popfq" ::"i"(~(long)EFLAGS_AC) : "cc", "memory");
    ucontext_t *uc = ucv;
    arm_jit_t *jit = running_jit;
    int saved_errno = errno;
    uint8_t *rip = (uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
    bool in_code = jit && rip >= jit->code && rip < jit->code_end;
    if (sig == SIGBUS && si->si_code == BUS_ADRALN && (uc->uc_mcontext.gregs[REG_EFL] & EFLAGS_AC) && !in_code) {
        /* Other code interrupted translated code (a signal handler) or the probe: it goes on
         * without alignment checking; translated code gets AC back when it resumes. */
        uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)EFLAGS_AC;
        probe_faults++;
        errno = saved_errno;
        return;
    }
    if (sig == SIGBUS && si->si_code == BUS_ADRALN && in_code && jit->fm.on && jit->fm.sites) {
        arm_jit_fastmem_t *fm = &jit->fm;
        arm_jit_site_t *s = find_site(fm, (uint32_t)(rip - jit->code));
        if (s) { /* an unaligned guest access: the slow path rotates or aborts */
            fm->redirects++;
            if (s->faults != PATCHED && ++s->faults >= PATCH_AFTER)
                patch_site(jit, s);
            uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)(jit->code + s->stub);
            errno = saved_errno;
            return;
        }
    }
    if (sig == SIGSEGV && jit && jit->fm.on && jit->fm.sites) {
        uint8_t *rip = (uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
        arm_jit_fastmem_t *fm = &jit->fm;
        arm_jit_site_t *s = rip >= jit->code && rip < jit->code_end ? find_site(fm, (uint32_t)(rip - jit->code)) : NULL;
        uint8_t *a = si->si_addr;
        if (s && a >= fm->win[s->view] && a < fm->win[s->view] + ((size_t)1 << 32)) {
            if (!map_page(jit, s->view, (uint32_t)(a - fm->win[s->view]), s->write)) {
                fm->redirects++;
                if (s->faults != PATCHED && ++s->faults >= PATCH_AFTER)
                    patch_site(jit, s);
                uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)(jit->code + s->stub);
            } else if (++s->maps >= MAPS_AFTER) {
                patch_site(jit, s); /* (it streams through memory: each new page a fault) */
            }
            errno = saved_errno;
            return;
        }
    }
    errno = saved_errno;
    if (probe_escape)
        siglongjmp(*probe_escape, 1);
    pass_on(sig, si, ucv);
}


static void install_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    handler_installed = sigaction(SIGSEGV, &sa, &previous_segv) == 0 && sigaction(SIGBUS, &sa, &previous_bus) == 0;
}

/* Does the host deliver alignment faults with EFLAGS.AC set (CR0.AM on; not under every
 * hypervisor or emulator)? One unaligned load with AC set, which the handler answers. */
static bool probe_alignment_check(void)
{
    static _Alignas(8) volatile uint8_t buf[16];
    int before = probe_faults;
    __asm__ volatile("pushfq; orq %0, (%%rsp); popfq" ::"i"((long)EFLAGS_AC) : "cc", "memory");
    uint32_t v;
    __asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(buf + 1) : "memory");
    __asm__ volatile("pushfq; andq %0, (%%rsp); popfq" ::"i"(~(long)EFLAGS_AC) : "cc", "memory");
    (void)v;
    return probe_faults == before + 1;
}

arm_jit_t *arm_jit_fastmem_enter(arm_jit_t *jit)
{
    arm_jit_t *outer = running_jit;
    running_jit = jit;
    return outer;
}

void arm_jit_fastmem_leave(arm_jit_t *outer) { running_jit = outer; }

/* ---- set-up --------------------------------------------------------------------------------- */

/* Does a fault at a registered site come back at its stub? Generated code (at the code buffer's
 * start, which the entry code overwrites afterwards) loads from the privileged window, where
 * nothing is mapped and no region exists; its site's stub returns 0x5A. */
static bool probe_redirect(arm_jit_t *jit)
{
    jx_t e;
    jx_init(&e, jit->code, 64);
    uint8_t *fn = e.p;
    jx_movabs(&e, JX_R9, (uint64_t)(uintptr_t)jit->fm.win[0]);
    uint8_t *access = e.p;
    jx_load(&e, 4, false, JX_RAX, JX_M(JX_R9, 0x1000));
    jx_ret(&e);
    uint8_t *stub = e.p;
    jx_mov_ri(&e, JX_RAX, 0x5A);
    jx_ret(&e);
    if (e.overflow)
        return false;
    arm_jit_fastmem_add_site(jit, access, fn, stub, stub, 0, false);
    uint32_t (*run)(void);
    memcpy(&run, &fn, sizeof run); /* (object to function pointer) */
    sigjmp_buf escape;
    volatile uint32_t got = 0;
    arm_jit_t *outer = arm_jit_fastmem_enter(jit);
    jit->fm.retired = true; /* (nothing is mapped: the fault goes straight to the stub) */
    if (!sigsetjmp(escape, 1)) {
        probe_escape = &escape;
        got = run();
    }
    probe_escape = NULL;
    jit->fm.retired = false;
    arm_jit_fastmem_leave(outer);
    arm_jit_fastmem_code_flushed(jit);
    jit->fm.redirects = jit->fm.patches = 0;
    return got == 0x5A;
}

void arm_jit_fastmem_init(arm_jit_t *jit)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    memset(fm, 0, sizeof *fm);
#ifdef FM_SANITIZED
    return; /* (the sanitizers own SIGSEGV and the low address space; the vcache path runs) */
#endif
    const char *env = getenv("ARCANA_JIT_FASTMEM");
    if (env && !strcmp(env, "0"))
        return;
    /* Under valgrind a fault's RIP is only exact at the start of one of its own blocks, and the
     * redirect needs the access's own: there the vcache path runs. */
    const char *preload = getenv("LD_PRELOAD");
    if (preload && strstr(preload, "vgpreload"))
        return;
    pthread_once(&handler_once, install_handler);
    if (!handler_installed)
        return;
    for (int v = 0; v < 2; v++) {
        void *w = mmap(NULL, WIN_SPAN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (w == MAP_FAILED) {
            if (v)
                munmap(fm->win[0], WIN_SPAN);
            fm->win[0] = NULL;
            return;
        }
        fm->win[v] = w;
    }
    void *sites = mmap(NULL, ARM_JIT_SITES * sizeof *fm->sites, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sites == MAP_FAILED) {
        munmap(fm->win[0], WIN_SPAN);
        munmap(fm->win[1], WIN_SPAN);
        fm->win[0] = fm->win[1] = NULL;
        return;
    }
    size_t list_bytes = ARM_JIT_FM_MAPPED * sizeof *fm->mapped, bits_bytes = 2 * 2 * (1u << 20) / 8;
    void *lists = mmap(NULL, list_bytes + bits_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (lists == MAP_FAILED) {
        munmap(sites, ARM_JIT_SITES * sizeof *fm->sites);
        munmap(fm->win[0], WIN_SPAN);
        munmap(fm->win[1], WIN_SPAN);
        fm->win[0] = fm->win[1] = NULL;
        return;
    }
    fm->mapped = lists;
    fm->in_list = (uint64_t *)((uint8_t *)lists + list_bytes);
    fm->ever = fm->in_list + 2 * (1u << 20) / 64;
    fm->sites = sites;
    fm->gen = 1; /* (zeroed entries are generation 0: free) */
    fm->on = true;
    if (!probe_redirect(jit)) {
        munmap(lists, list_bytes + bits_bytes);
        munmap(sites, ARM_JIT_SITES * sizeof *fm->sites);
        munmap(fm->win[0], WIN_SPAN);
        munmap(fm->win[1], WIN_SPAN);
        memset(fm, 0, sizeof *fm);
        return;
    }
    const char *ac_env = getenv("ARCANA_JIT_FASTMEM_AC");
    fm->ac = !(ac_env && !strcmp(ac_env, "0")) && probe_alignment_check();
    jit->cpu->vc_flush_hook = on_vc_flush;
    jit->cpu->vc_flush_ctx = jit;
}

int arm_jit_fastmem_region(arm_jit_t *jit, void *host, size_t size, char *err, size_t errlen)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    if (!fm->on)
        return 0;
    size_t pg = 4096;
    uintptr_t lo = ((uintptr_t)host + pg - 1) & ~(uintptr_t)(pg - 1), hi = ((uintptr_t)host + size) & ~(uintptr_t)(pg - 1);
    if (hi <= lo)
        return 0;
    if (fm->nregions == ARM_JIT_FM_REGIONS) {
        snprintf(err, errlen, "arm jit: more than %d fastmem regions", ARM_JIT_FM_REGIONS);
        return -1;
    }
    size_t len = hi - lo;
    int fd = memfd_create("arcana-guest-ram", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, (off_t)len) != 0) {
        snprintf(err, errlen, "arm jit: cannot make %zu KB of shared memory for fastmem: %s", len >> 10, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    /* Copy the contents into the shared memory, then put it in place of the private pages.
     * Pages never touched (not resident: still zero) are not copied, nor touched: the guest's
     * RAM stays unallocated until used. */
    void *tmp = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    unsigned char *resident = malloc(len / pg);
    if (tmp == MAP_FAILED || !resident) {
        snprintf(err, errlen, "arm jit: cannot map fastmem memory: %s", strerror(errno));
        if (tmp != MAP_FAILED)
            munmap(tmp, len);
        free(resident);
        close(fd);
        return -1;
    }
    bool known = mincore((void *)lo, len, resident) == 0;
    for (size_t off = 0; off < len; off += pg)
        if (!known || (resident[off / pg] & 1))
            memcpy((uint8_t *)tmp + off, (const uint8_t *)lo + off, pg);
    free(resident);
    munmap(tmp, len);
    if (mmap((void *)lo, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        snprintf(err, errlen, "arm jit: cannot remap guest memory for fastmem: %s", strerror(errno));
        close(fd);
        return -1;
    }
    fm->region[fm->nregions].lo = (uint8_t *)lo;
    fm->region[fm->nregions].size = len;
    fm->region[fm->nregions].fd = fd;
    fm->nregions++;
    return 0;
}

void arm_jit_fastmem_destroy(arm_jit_t *jit)
{
    arm_jit_fastmem_t *fm = &jit->fm;
    if (!fm->on)
        return;
    if (running_jit == jit)
        running_jit = NULL;
    if (jit->cpu && jit->cpu->vc_flush_ctx == jit) {
        jit->cpu->vc_flush_hook = NULL;
        jit->cpu->vc_flush_ctx = NULL;
    }
    for (int v = 0; v < 2; v++)
        munmap(fm->win[v], WIN_SPAN);
    munmap(fm->sites, ARM_JIT_SITES * sizeof *fm->sites);
    munmap(fm->mapped, ARM_JIT_FM_MAPPED * sizeof *fm->mapped + 2 * 2 * (1u << 20) / 8);
    for (int i = 0; i < fm->nregions; i++)
        close(fm->region[i].fd); /* (the guest memory stays mapped: the mapping holds the file) */
    memset(fm, 0, sizeof *fm);
}
