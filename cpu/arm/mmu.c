/* ARM core: CP15, the MMU (translation, domains, permissions, faults) and the slow memory path.
 * References: ARM Architecture Reference Manual (DDI 0100B) chapter "Memory Management Unit";
 * ARM610 datasheet §"MMU" and §"coprocessor 15"; ARM710 datasheet; SA-110 TRM §5 "Memory
 * Management" and §5.2 "Coprocessor 15 register definitions". */
#include "cpu/arm/arm_internal.h"

static void flush_vcache(arm_cpu_t *cpu, int kind)
{
    cpu->vc_epoch++;
    for (int c = 0; c < 2; c++)
        for (unsigned i = 0; i < ARM_VC_SIZE; i++) {
            cpu->vcache[c].e[i].rtag = ARM_VC_INVALID;
            cpu->vcache[c].e[i].wtag = ARM_VC_INVALID;
        }
    cpu->fetch_va = ARM_VC_INVALID;
    bool align = (cpu->cp15.control & ARM_CR_A) != 0;
    cpu->tag_mask32 = align ? 0xFFFFF003u : 0xFFFFF000u;
    cpu->tag_mask16 = align ? 0xFFFFF001u : 0xFFFFF000u;
    if (cpu->vc_flush_hook)
        cpu->vc_flush_hook(cpu->vc_flush_ctx, 0, kind);
}

void arm_flush_vcache(arm_cpu_t *cpu) { flush_vcache(cpu, ARM_VC_FLUSH_ALL); }
void arm_flush_mappings(arm_cpu_t *cpu) { flush_vcache(cpu, ARM_VC_FLUSH_MAPPINGS); }

/* Flush of one TLB entry (v3 c6 write, SA-110 c8 "flush D single entry"). The entry may have
 * mapped a whole section, so every cached 4 KB page of the 1 MB region around va goes; that
 * is far cheaper than a full flush, which RISC OS would otherwise pay for every page it remaps. */
static void flush_vcache_entry(arm_cpu_t *cpu, uint32_t va)
{
    uint32_t region = va & 0xFFF00000u;
    cpu->vc_epoch++;
    for (uint32_t page = 0; page < 256; page++) {
        uint32_t vpage = region | page << 12;
        unsigned i = (vpage >> 12) & (ARM_VC_SIZE - 1);
        for (int c = 0; c < 2; c++) {
            arm_vc_entry_t *e = &cpu->vcache[c].e[i];
            if (e->rtag == vpage || e->wtag == vpage)
                e->rtag = e->wtag = ARM_VC_INVALID;
        }
    }
    if ((cpu->fetch_va & 0xFFF00000u) == region)
        cpu->fetch_va = ARM_VC_INVALID;
    if (cpu->vc_flush_hook)
        cpu->vc_flush_hook(cpu->vc_flush_ctx, region, ARM_VC_FLUSH_REGION);
}

/* Physical word read for the table walk (`peek`: from host pages only, no bus read). */
static bool phys_read32(const arm_cpu_t *cpu, uint32_t pa, uint32_t *out, bool peek)
{
    uint8_t *host = cpu->bus.page(cpu->bus.ctx, pa & ~0xFFFu, false);
    if (host) {
        memcpy(out, host + (pa & 0xFFCu), 4);
        return true;
    }
    if (peek)
        return false;
    bool abort = false;
    *out = cpu->bus.read(cpu->bus.ctx, pa & ~3u, 4, &abort);
    return !abort;
}

/* Access permission check (ARM ARM table "MMU access permissions"): returns bit 0 = may
 * read, bit 1 = may write. */
static unsigned ap_rights(const arm_cpu_t *cpu, unsigned ap, bool user)
{
    switch (ap) {
    case 0:
        switch (cpu->cp15.control & (ARM_CR_S | ARM_CR_R)) {
        case ARM_CR_S: return user ? 0 : 1;
        case ARM_CR_R: return 1;
        default: return 0; /* S=R=0 no access; S=R=1 unpredictable: no access, as QEMU */
        }
    case 1: return user ? 0 : 3;
    case 2: return user ? 1 : 3;
    default: return 3;
    }
}

typedef struct walk {
    uint32_t pa;       /* physical address of va */
    unsigned rights;   /* bit 0 read, bit 1 write, for the whole 4 KB page if `uniform` */
    bool uniform;      /* same rights for the whole 4 KB page (small pages have 1 KB subpages) */
    uint32_t fsr;      /* status | domain << 4 when the walk itself failed */
    bool page;         /* mapped by a page (not a section): selects FSR codes */
} walk_t;

/* Translates va. Returns false on a translation/domain fault or an external abort during
 * the walk (w->fsr set); permission checks are left to the caller (w->rights). */
static bool walk(const arm_cpu_t *cpu, uint32_t va, bool user, walk_t *w, bool peek)
{
    w->page = false;
    w->uniform = true;
    if (!(cpu->cp15.control & ARM_CR_M)) {
        w->pa = va;
        w->rights = 3;
        return true;
    }
    uint32_t l1;
    if (!phys_read32(cpu, (cpu->cp15.ttb & 0xFFFFC000u) | ((va >> 18) & 0x3FFCu), &l1, peek)) {
        w->fsr = ARM_FS_EXT_L1;
        return false;
    }
    unsigned domain = (l1 >> 5) & 15;
    unsigned type = l1 & 3;
    if (type == 0 || type == 3) { /* fault / reserved (fine tables are v5) */
        w->fsr = ARM_FS_TRANS_SECTION | domain << 4;
        return false;
    }
    unsigned dac = (cpu->cp15.dacr >> (domain * 2)) & 3;
    if (type == 2) { /* section, 1 MB */
        if (dac == 0 || dac == 2) {
            w->fsr = ARM_FS_DOMAIN_SECTION | domain << 4;
            return false;
        }
        w->pa = (l1 & 0xFFF00000u) | (va & 0x000FFFFFu);
        w->rights = dac == 3 ? 3 : ap_rights(cpu, (l1 >> 10) & 3, user);
        w->fsr = ARM_FS_PERM_SECTION | domain << 4;
        return true;
    }
    w->page = true;
    uint32_t l2;
    if (!phys_read32(cpu, (l1 & 0xFFFFFC00u) | ((va >> 10) & 0x3FCu), &l2, peek)) {
        w->fsr = ARM_FS_EXT_L2 | domain << 4;
        return false;
    }
    unsigned t2 = l2 & 3;
    if (t2 == 0 || t2 == 3) { /* fault / reserved (tiny pages are v5) */
        w->fsr = ARM_FS_TRANS_PAGE | domain << 4;
        return false;
    }
    if (dac == 0 || dac == 2) {
        w->fsr = ARM_FS_DOMAIN_PAGE | domain << 4;
        return false;
    }
    w->fsr = ARM_FS_PERM_PAGE | domain << 4;
    if (t2 == 1) { /* large page, 64 KB, four 16 KB subpages */
        w->pa = (l2 & 0xFFFF0000u) | (va & 0xFFFFu);
        w->rights = dac == 3 ? 3 : ap_rights(cpu, (l2 >> (4 + ((va >> 13) & 6))) & 3, user);
        return true;
    }
    /* small page, 4 KB, four 1 KB subpages */
    w->pa = (l2 & 0xFFFFF000u) | (va & 0xFFFu);
    if (dac == 3) {
        w->rights = 3;
        return true;
    }
    w->rights = ap_rights(cpu, (l2 >> (4 + ((va >> 9) & 6))) & 3, user);
    for (unsigned sp = 0; sp < 4; sp++)
        if (ap_rights(cpu, (l2 >> (4 + 2 * sp)) & 3, user) != w->rights)
            w->uniform = false;
    return true;
}

bool arm_translate(const arm_cpu_t *cpu, uint32_t va, bool write, bool user, uint32_t *paddr, uint32_t *fsr)
{
    walk_t w;
    if (!walk(cpu, va, user, &w, false)) {
        if (fsr) *fsr = w.fsr;
        return false;
    }
    if (!(w.rights & (write ? 2u : 1u))) {
        if (fsr) *fsr = w.fsr;
        return false;
    }
    *paddr = w.pa;
    return true;
}

bool arm_peek32(const arm_cpu_t *cpu, uint32_t va, uint32_t *value)
{
    uint32_t pa;
    if (!arm_translate(cpu, va, false, false, &pa, NULL))
        return false;
    uint8_t *host = cpu->bus.page(cpu->bus.ctx, pa & ~0xFFFu, false);
    if (!host)
        return false;
    memcpy(value, host + (pa & 0xFFCu), 4);
    return true;
}

static void data_fault(arm_cpu_t *cpu, uint32_t va, uint32_t fsr)
{
    cpu->cp15.fsr = fsr;
    cpu->cp15.far = va;
    cpu->last_abort_addr = va;
}

/* Caches the translation of va's 4 KB page for `user` (when the page has uniform rights). */
static void fill_vcache(arm_cpu_t *cpu, uint32_t va, bool user, const walk_t *w, uint8_t *rhost, uint8_t *whost)
{
    if (!w->uniform || (!rhost && !whost))
        return;
    /* In the 26-bit data configuration data above 64 MB must reach the slow path (address
     * exception), so such pages are never cached. */
    if (!(cpu->cp15.control & ARM_CR_D) && (va & 0xFC000000u))
        return;
    unsigned i = (va >> 12) & (ARM_VC_SIZE - 1);
    arm_vc_entry_t *e = &cpu->vcache[user ? 1 : 0].e[i];
    uint32_t vpage = va & ~0xFFFu;
    uint8_t *base = rhost ? rhost : whost;
    e->host = (uintptr_t)base - vpage;
    e->rtag = rhost && (w->rights & 1) ? vpage : ARM_VC_INVALID;
    e->wtag = whost && whost == base && (w->rights & 2) ? vpage : ARM_VC_INVALID;
    /* With the MMU off both privilege levels see the same mapping. */
    if (!(cpu->cp15.control & ARM_CR_M))
        cpu->vcache[user ? 0 : 1].e[i] = *e;
}

/* The host pages of a walk's physical page (reads; writes where the rights allow), cached. */
static void fill_from_walk(arm_cpu_t *cpu, uint32_t va, bool user, const walk_t *w, uint8_t **rhost, uint8_t **whost)
{
    uint32_t ppage = w->pa & ~0xFFFu;
    *rhost = cpu->bus.page(cpu->bus.ctx, ppage, false);
    *whost = (w->rights & 2) ? cpu->bus.page(cpu->bus.ctx, ppage, true) : NULL;
    fill_vcache(cpu, va, user, w, *rhost, *whost);
}

/* Common part of the slow path: checks, translation, vcache refill. Returns ARM_MEM_OK with
 * *pa and *host (NULL for I/O) set, or the failure. */
static int slow_translate(arm_cpu_t *cpu, uint32_t va, unsigned size, bool user, bool write, uint32_t *pa,
                          uint8_t **host)
{
    /* 26-bit data configuration (DATA32 clear, v3 only): data addresses above 64 MB raise
     * the address exception (ARM610 datasheet §"Address exceptions"). */
    if (!(cpu->cp15.control & ARM_CR_D) && (va & 0xFC000000u))
        return ARM_MEM_ADDREXC;
    if ((cpu->cp15.control & ARM_CR_A) && (va & (size - 1))) {
        data_fault(cpu, va, ARM_FS_ALIGN);
        return ARM_MEM_ABORT;
    }
    walk_t w;
    if (!walk(cpu, va, user, &w, false)) {
        data_fault(cpu, va, w.fsr);
        return ARM_MEM_ABORT;
    }
    if (!(w.rights & (write ? 2u : 1u))) {
        data_fault(cpu, va, w.fsr);
        return ARM_MEM_ABORT;
    }
    uint8_t *rhost, *whost;
    fill_from_walk(cpu, va, user, &w, &rhost, &whost);
    *pa = w.pa;
    *host = write ? whost : rhost;
    return ARM_MEM_OK;
}

bool arm_walk_peek(arm_cpu_t *cpu, uint32_t va, bool user, uint32_t *pa, unsigned *rights)
{
    if (!(cpu->cp15.control & ARM_CR_D) && (va & 0xFC000000u))
        return false;
    walk_t w;
    if (!walk(cpu, va, user, &w, true) || !w.uniform)
        return false;
    *pa = w.pa & ~0xFFFu;
    *rights = w.rights;
    return true;
}

bool arm_vcache_prefill(arm_cpu_t *cpu, uint32_t va, bool user, bool write)
{
    if (!(cpu->cp15.control & ARM_CR_D) && (va & 0xFC000000u))
        return false;
    walk_t w;
    if (!walk(cpu, va, user, &w, true) || !(w.rights & (write ? 2u : 1u)))
        return false;
    uint8_t *rhost, *whost;
    fill_from_walk(cpu, va, user, &w, &rhost, &whost);
    return true;
}

static void external_abort(arm_cpu_t *cpu, uint32_t va)
{
    /* External abort on a non-linefetch access (ARM ARM B3 FSR encodings). The section code
     * is used whatever mapped the address, and with the MMU off, as QEMU reports it. */
    data_fault(cpu, va, ARM_FS_EXT_SECTION);
}

int arm_read_slow(arm_cpu_t *cpu, uint32_t va, unsigned size, bool user, uint32_t *out)
{
    uint32_t pa;
    uint8_t *host;
    int r = slow_translate(cpu, va, size, user, false, &pa, &host);
    if (r != ARM_MEM_OK)
        return r;
    pa &= ~(size - 1);
    if (host) {
        const uint8_t *p = host + (pa & 0xFFFu);
        switch (size) {
        case 1: *out = p[0]; break;
        case 2: *out = (uint32_t)p[0] | (uint32_t)p[1] << 8; break;
        default: memcpy(out, p, 4); break;
        }
        return ARM_MEM_OK;
    }
    bool abort = false;
    *out = cpu->bus.read(cpu->bus.ctx, pa, size, &abort);
    if (abort) {
        external_abort(cpu, va);
        return ARM_MEM_ABORT;
    }
    if (size == 1) *out &= 0xFF;
    else if (size == 2) *out &= 0xFFFF;
    return ARM_MEM_OK;
}

int arm_write_slow(arm_cpu_t *cpu, uint32_t va, unsigned size, bool user, uint32_t value)
{
    uint32_t pa;
    uint8_t *host;
    int r = slow_translate(cpu, va, size, user, true, &pa, &host);
    if (r != ARM_MEM_OK)
        return r;
    pa &= ~(size - 1);
    if (host) {
        uint8_t *p = host + (pa & 0xFFFu);
        switch (size) {
        case 1: p[0] = (uint8_t)value; break;
        case 2: p[0] = (uint8_t)value; p[1] = (uint8_t)(value >> 8); break;
        default: memcpy(p, &value, 4); break;
        }
        return ARM_MEM_OK;
    }
    bool abort = false;
    if (size == 1) value &= 0xFF;
    else if (size == 2) value &= 0xFFFF;
    cpu->bus.write(cpu->bus.ctx, pa, value, size, &abort);
    if (abort) {
        external_abort(cpu, va);
        return ARM_MEM_ABORT;
    }
    return ARM_MEM_OK;
}

/* Instruction fetch: prefetch aborts do not update FSR/FAR on these cores (ARM ARM B3:
 * "the FSR and FAR are only updated for data aborts"). */
bool arm_fetch_slow(arm_cpu_t *cpu, uint32_t pc, uint32_t *insn)
{
    bool user = (cpu->cpsr & 0xf) == 0;
    uint32_t vpage = pc & ~0xFFFu;
    const arm_vc_entry_t *e = &cpu->vc->e[(pc >> 12) & (ARM_VC_SIZE - 1)];
    if (e->rtag == vpage) { /* read permission is execute permission on these cores */
        cpu->fetch_va = vpage;
        cpu->fetch_host = e->host;
        memcpy(insn, (const void *)(e->host + pc), 4);
        return true;
    }
    walk_t w;
    if (!walk(cpu, pc, user, &w, false) || !(w.rights & 1))
        return false;
    uint8_t *host = cpu->bus.page(cpu->bus.ctx, w.pa & ~0xFFFu, false);
    if (host) {
        uint8_t *whost = (w.rights & 2) ? cpu->bus.page(cpu->bus.ctx, w.pa & ~0xFFFu, true) : NULL;
        fill_vcache(cpu, pc, user, &w, host, whost);
        cpu->fetch_va = vpage;
        cpu->fetch_host = (uintptr_t)host - vpage;
        memcpy(insn, host + (w.pa & 0xFFCu), 4);
        return true;
    }
    bool abort = false;
    *insn = cpu->bus.read(cpu->bus.ctx, w.pa & ~3u, 4, &abort);
    return !abort;
}

/* ---- CP15 ----------------------------------------------------------------------------------- */

uint32_t arm_control_value(const arm_cpu_t *cpu, uint32_t v)
{
    uint32_t c;
    if (cpu->v4) /* SA-110 TRM §5.2.3: P, D, L read as one; B not emulated */
        c = (v & (ARM_CR_M | ARM_CR_A | ARM_CR_C | ARM_CR_W | ARM_CR_S | ARM_CR_R | ARM_CR_I)) |
            ARM_CR_P | ARM_CR_D | ARM_CR_L;
    else
        c = v & (ARM_CR_M | ARM_CR_A | ARM_CR_C | ARM_CR_W | ARM_CR_P | ARM_CR_D | ARM_CR_L |
                 ARM_CR_S | ARM_CR_R);
    if (cpu->model == ARM_MODEL_ARM710)
        c |= ARM_CR_L; /* ARM710 has late aborts only */
    return c;
}

static void write_control(arm_cpu_t *cpu, uint32_t v)
{
    if (v & ARM_CR_B)
        arm_log_once(cpu, ARM_LOG_BIGENDIAN, "arm: guest selected big-endian mode (CP15 B), not emulated: stays little-endian");
    uint32_t c = arm_control_value(cpu, v);
    uint32_t old = cpu->cp15.control;
    cpu->cp15.control = c;
    if ((old ^ c) & (ARM_CR_M | ARM_CR_A | ARM_CR_S | ARM_CR_R | ARM_CR_D))
        arm_flush_vcache(cpu);
}

void arm_cp15_write(arm_cpu_t *cpu, unsigned reg, uint32_t value)
{
    switch (reg) {
    case 1: write_control(cpu, value); break;
    case 2: cpu->cp15.ttb = value & 0xFFFFC000u; arm_flush_vcache(cpu); break;
    case 3: cpu->cp15.dacr = value; arm_flush_vcache(cpu); break;
    case 5: cpu->cp15.fsr = value & 0xFF; break;
    case 6: cpu->cp15.far = value; break;
    default: break;
    }
}

uint32_t arm_cp15_read(const arm_cpu_t *cpu, unsigned reg)
{
    switch (reg) {
    case 0: return cpu->cp15.id;
    case 1: return cpu->cp15.control;
    case 2: return cpu->cp15.ttb;
    case 3: return cpu->cp15.dacr;
    case 5: return cpu->cp15.fsr;
    case 6: return cpu->cp15.far;
    default: return 0;
    }
}

/* MCR p15: insn bits 19..16 CRn, 3..0 CRm, 7..5 opcode2. */
bool arm_cp15_mcr(arm_cpu_t *cpu, uint32_t insn, uint32_t value)
{
    unsigned crn = (insn >> 16) & 15, crm = insn & 15, op2 = (insn >> 5) & 7;
    switch (crn) {
    case 0: return true; /* ID: read-only */
    case 1: case 2: case 3: arm_cp15_write(cpu, crn, value); return true;
    case 5:
        /* v3: writing c5 flushes the whole TLB; SA-110: writes the FSR. */
        if (cpu->v4) arm_cp15_write(cpu, 5, value);
        else arm_flush_vcache(cpu);
        return true;
    case 6:
        /* v3: writing c6 purges the TLB entry of the address written; SA-110: FAR. */
        if (cpu->v4) arm_cp15_write(cpu, 6, value);
        else flush_vcache_entry(cpu, value);
        return true;
    case 7: return true; /* cache and write-buffer operations: no data effect */
    case 8: /* SA-110 TLB operations: I (c5), D (c6), single D entry (c6, op2 1), both (c7) */
        if (cpu->v4) {
            if (crm == 6 && op2 == 1) flush_vcache_entry(cpu, value);
            else arm_flush_vcache(cpu);
        }
        return true;
    case 15:
        if (cpu->v4 && op2 == 2) {
            switch (crm) {
            case 1: /* enable clock switching */
            case 2: /* disable clock switching */
                cpu->cp15.clock_switching = crm == 1;
                if (cpu->bus.clock_switch) cpu->bus.clock_switch(cpu->bus.ctx, crm == 1);
                return true;
            case 8: /* wait for interrupt (TRM §5.2.10) */
                if (!cpu->irq_line && !cpu->fiq_line) {
                    cpu->halted = true;
                    if (cpu->bus.idle) cpu->bus.idle(cpu->bus.ctx);
                }
                return true;
            default: return true;
            }
        }
        return true;
    default: /* reserved registers: writes ignored */
        arm_log_once(cpu, ARM_LOG_CP15_RESERVED, "arm: write to a reserved CP15 register ignored");
        return true;
    }
}

bool arm_cp15_mrc(arm_cpu_t *cpu, uint32_t insn, uint32_t *value)
{
    unsigned crn = (insn >> 16) & 15;
    switch (crn) {
    case 0: case 1: case 2: case 3: case 5: case 6: *value = arm_cp15_read(cpu, crn); return true;
    case 7: case 8: case 15: *value = 0; return true; /* write-only operations: read as 0 */
    default:
        arm_log_once(cpu, ARM_LOG_CP15_RESERVED, "arm: read of a reserved CP15 register gives 0");
        *value = 0;
        return true;
    }
}
