#include "machines/riscpc_hostfs.h"

#include <stdio.h>
#include <string.h>

/* The module assembled from hostfs/riscos_module/hostfs.s (embedded by its module.mk). */
extern const uint8_t riscos_hostfs_module[], riscos_hostfs_module_end[];

static const char description[] = "Arcana HostFS (host folder as HostFS::)";

size_t riscpc_hostfs_build_rom(uint8_t *rom, size_t cap)
{
    /* Acorn expansion card specification: OS identity byte 0x81 = RISC OS, relocatable
     * module; 0xF5 = description string (shown by *Podules). */
    podule_chunk_t chunks[] = {
        {.type = 0x81, .data = riscos_hostfs_module, .size = (uint32_t)(riscos_hostfs_module_end - riscos_hostfs_module)},
        {.type = 0xF5, .data = (const uint8_t *)description, .size = sizeof description},
    };
    podule_id_t id = {.manufacturer = RISCPC_HOSTFS_MANUFACTURER, .product = RISCPC_HOSTFS_PRODUCT};
    return podule_rom_build(rom, cap, &id, chunks, 2);
}

/* Guest memory at virtual addresses, privileged (the module runs in SVC mode), page by page. */
static bool guest_access(riscpc_hostfs_t *hf, uint32_t va, uint8_t *buf, uint32_t len, bool write)
{
    arm_cpu_t *cpu = hf->cpu;
    while (len) {
        uint32_t pa, n = 4096 - (va & 4095);
        if (n > len)
            n = len;
        if (!arm_translate(cpu, va, write, false, &pa, NULL))
            return false;
        uint8_t *page = cpu->bus.page(cpu->bus.ctx, pa & ~4095u, write);
        if (page) {
            if (write)
                memcpy(page + (pa & 4095), buf, n);
            else
                memcpy(buf, page + (pa & 4095), n);
        } else {
            for (uint32_t i = 0; i < n; i++) {
                bool abort = false;
                if (write)
                    cpu->bus.write(cpu->bus.ctx, pa + i, buf[i], ARM_SIZE_BYTE, &abort);
                else
                    buf[i] = (uint8_t)cpu->bus.read(cpu->bus.ctx, pa + i, ARM_SIZE_BYTE, &abort);
                if (abort)
                    return false;
            }
        }
        va += n, buf += n, len -= n;
    }
    return true;
}

static bool mem_read(void *ctx, uint32_t addr, void *dst, uint32_t len) { return guest_access(ctx, addr, dst, len, false); }
static bool mem_write(void *ctx, uint32_t addr, const void *src, uint32_t len)
{
    return guest_access(ctx, addr, (uint8_t *)(uintptr_t)src, len, true);
}

bool riscpc_hostfs_swi(void *ctx, uint32_t comment)
{
    riscpc_hostfs_t *hf = ctx;
    if ((comment & ~ROHFS_SWI_X) != ROHFS_SWI_HOSTFS)
        return false;
    rohfs_call(&hf->ro, hf->cpu->r);
    return true;
}

int riscpc_hostfs_init(riscpc_hostfs_t *hf, const char *dir, bool readonly, arm_cpu_t *cpu, podule_bus_t *bus,
                       char *err, size_t errlen)
{
    memset(hf, 0, sizeof *hf);
    hf->cpu = cpu;
    hostfs_cfg_t cfg = {.root = dir, .readonly = readonly, .riscos_suffixes = true};
    if (hostfs_init(&hf->fs, &cfg, err, errlen) != 0)
        return -1;
    hf->rom_size = riscpc_hostfs_build_rom(hf->rom, sizeof hf->rom);
    podule_card_t card;
    podule_rom_card(&hf->card, hf->rom, hf->rom_size, "hostfs", &card);
    if (!hf->rom_size || podule_attach(bus, RISCPC_HOSTFS_SLOT, &card) != 0) {
        snprintf(err, errlen, "--hostfs: podule slot %d is taken", RISCPC_HOSTFS_SLOT);
        hostfs_shutdown(&hf->fs);
        return -1;
    }
    rohfs_init(&hf->ro, &hf->fs, &(rohfs_mem_t){.ctx = hf, .read = mem_read, .write = mem_write});
    cpu->swi_hook = riscpc_hostfs_swi;
    cpu->swi_hook_ctx = hf;
    hf->enabled = true;
    return 0;
}

void riscpc_hostfs_reset(riscpc_hostfs_t *hf)
{
    if (hf->enabled)
        rohfs_reset(&hf->ro);
}

void riscpc_hostfs_destroy(riscpc_hostfs_t *hf)
{
    if (!hf->enabled)
        return;
    hostfs_shutdown(&hf->fs);
    hf->cpu->swi_hook = NULL;
    hf->enabled = false;
}

/* Save states: the module's registration and the guest's open files (path, mode, position),
 * reopened on load into the same handles. A file's contents are the host's, as the network's
 * peers are: a file open for writing reopens as the host has it now (writes not yet closed in
 * the saving run are not in the state). check_only (the check pass) only looks the files up. */
void riscpc_hostfs_serialize(riscpc_hostfs_t *hf, ser_t *s, bool check_only)
{
    rohfs_t *ro = &hf->ro;
    bool registered = ro->registered;
    uint32_t protocol = ro->protocol;
    SER(s, registered);
    SER(s, protocol);
    uint8_t count = 0;
    for (int i = 0; i < HOSTFS_MAX_HANDLES; i++)
        count += hf->enabled && ro->files[i].used;
    SER_MAX(s, count, HOSTFS_MAX_HANDLES);
    if (ser_loading(s) && ser_ok(s) && (registered || count) && !hf->enabled)
        ser_fail(s, "saved with HostFS in use; give --hostfs with the folder it was saved with");
    if (ser_loading(s) && ser_ok(s) && registered != (protocol >= 1 && protocol <= ROHFS_PROTOCOL_VERSION))
        ser_fail(s, "HostFS registration does not match its protocol %u (damaged)", protocol);
    struct { uint8_t handle; bool writable; uint64_t pos; char path[sizeof ro->files[0].path]; } f[HOSTFS_MAX_HANDLES];
    int next = 0;
    bool seen[HOSTFS_MAX_HANDLES] = {false};
    for (unsigned k = 0; k < count && ser_ok(s); k++) {
        uint16_t plen = 0;
        if (!ser_loading(s)) {
            while (!ro->files[next].used)
                next++;
            const rohfs_file_t *rf = &ro->files[next];
            f[k].handle = (uint8_t)next++;
            f[k].writable = rf->writable;
            f[k].pos = rf->pos;
            plen = (uint16_t)strnlen(rf->path, sizeof rf->path - 1);
            memcpy(f[k].path, rf->path, plen);
        }
        SER_MAX(s, f[k].handle, HOSTFS_MAX_HANDLES - 1);
        SER(s, f[k].writable);
        SER_MAX(s, f[k].pos, 0xFFFFFFFFu); /* FileSwitch's pointers are 32-bit */
        SER_MAX(s, plen, sizeof f[k].path - 1);
        if (ser_ok(s))
            ser_bytes(s, f[k].path, plen);
        f[k].path[plen] = 0;
        if (!ser_loading(s) || !ser_ok(s))
            continue;
        if (seen[f[k].handle])
            ser_fail(s, "HostFS handle %u is open twice", f[k].handle);
        else if (memchr(f[k].path, 0, plen))
            ser_fail(s, "a HostFS file name holds a NUL (damaged)");
        seen[f[k].handle] = true;
        hostfs_entry_t e;
        hostfs_err_t err = hostfs_stat(&hf->fs, f[k].path, &e);
        if (err == HFS_OK && e.is_dir)
            err = HFS_IS_DIR;
        if (f[k].writable && err == HFS_NOT_FOUND)
            err = HFS_OK; /* created again */
        if (f[k].writable && err == HFS_OK && hf->fs.readonly)
            err = HFS_READ_ONLY;
        if (err != HFS_OK)
            ser_fail(s, "the HostFS file %s (open when the state was saved) cannot be reopened: %s", f[k].path,
                     hostfs_strerror(err));
    }
    if (!ser_loading(s) || !ser_ok(s) || check_only)
        return;
    rohfs_reset(ro); /* the running guest's files close (writes completed) */
    ro->registered = registered;
    ro->protocol = protocol;
    for (unsigned k = 0; k < count && ser_ok(s); k++) {
        hostfs_err_t err = hostfs_open_as(&hf->fs, f[k].path, f[k].writable ? HFS_UPDATE : HFS_READ, f[k].handle);
        if (err == HFS_NOT_FOUND && f[k].writable)
            err = hostfs_open_as(&hf->fs, f[k].path, HFS_CREATE, f[k].handle);
        if (err != HFS_OK) {
            ser_fail(s, "the HostFS file %s cannot be reopened: %s", f[k].path, hostfs_strerror(err));
            return;
        }
        rohfs_file_t *rf = &ro->files[f[k].handle];
        rf->used = true;
        rf->writable = f[k].writable;
        rf->pos = f[k].pos;
        snprintf(rf->path, sizeof rf->path, "%s", f[k].path);
    }
}
