/* Direct Linux boot (--kernel, --initrd, --append): the images are loaded into RAM and the CPU
 * enters the kernel as a bootloader would leave it (Linux Documentation/arm/Booting). */
#include <stdlib.h>
#include <string.h>

#include "machines/riscpc/internal.h"
#include "roms/infile.h"

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static int load_file(const char *path, uint8_t *dst, uint32_t cap, uint32_t *size, const char *what,
                     char *err, size_t errlen)
{
    char msg[MACHINE_ERR_LEN];
    size_t len = 0;
    if (infile_read_into(path, dst, cap, &len, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "%s %s%s", what, msg,
                 strstr(msg, ": larger than") ? " (the RAM available for it)" : "");
        return -1;
    }
    if (len == 0) {
        snprintf(err, errlen, "%s %s: empty file", what, path);
        return -1;
    }
    *size = (uint32_t)len;
    return 0;
}

/* Keeps what was loaded (the file may change on disk later; the RAM holds these bytes). */
static int keep_copy(riscpc_t *m, int which, const uint8_t *src, size_t size, char *err, size_t errlen)
{
    struct riscpc_loaded_file *f = &m->loaded_file[which];
    free(f->data);
    *f = (struct riscpc_loaded_file){.data = malloc(size), .size = size};
    if (!f->data) {
        f->size = 0;
        snprintf(err, errlen, "riscpc: out of memory");
        return -1;
    }
    memcpy(f->data, src, size);
    return 0;
}

void riscpc_linux_release(riscpc_t *m)
{
    for (int i = 0; i < 2; i++) {
        free(m->loaded_file[i].data);
        m->loaded_file[i] = (struct riscpc_loaded_file){0};
    }
}

/* Loads the kernel at 0x10008000 and the initrd at the top of the first bank, page aligned:
 * clear of the kernel, its decompressor's relocation and the page tables at 0x10004000.
 * Done at creation and again at every reset (the running kernel overwrites its image). */
int riscpc_linux_load(riscpc_t *m, char *err, size_t errlen)
{
    uint32_t cap = m->bank_size[0] - (RISCPC_KERNEL_ADDR - 0x10000000u);
    if (load_file(m->kernel_path, riscpc_ram_ptr(m, RISCPC_KERNEL_ADDR), cap, &m->kernel_size, "riscpc: --kernel",
                  err, errlen) != 0)
        return -1;
    riscpc_linux_release(m);
    if (keep_copy(m, 0, riscpc_ram_ptr(m, RISCPC_KERNEL_ADDR), m->kernel_size, err, errlen) != 0)
        return -1;
    m->initrd_addr = m->initrd_size = 0;
    if (!m->initrd_path[0])
        return 0;
    if (m->bank_size[0] <= 0x01000000u) {
        snprintf(err, errlen, "riscpc: --initrd needs more than 16 MB of RAM");
        return -1;
    }
    uint8_t *base = riscpc_ram_ptr(m, 0x10000000u);
    uint32_t size = 0;
    /* Read it just above 16 MB first (the size is not known before), then move it up. */
    if (load_file(m->initrd_path, base + 0x01000000u, m->bank_size[0] - 0x01000000u, &size, "riscpc: --initrd",
                  err, errlen) != 0)
        return -1;
    uint32_t dst = (m->bank_size[0] - size) & ~0xfffu;
    memmove(base + dst, base + 0x01000000u, size);
    m->initrd_addr = 0x10000000u + dst;
    m->initrd_size = size;
    return keep_copy(m, 1, base + dst, size, err, errlen);
}

/* Takes the Linux options from the configuration and loads the images (no --kernel: nothing
 * to do, but --initrd and --append alone are refused). */
int riscpc_linux_configure(riscpc_t *m, const machine_config_t *cfg, char *err, size_t errlen)
{
    if (!cfg->kernel) {
        if (cfg->initrd || cfg->append) {
            snprintf(err, errlen, "riscpc: --initrd and --append need --kernel");
            return -1;
        }
        return 0;
    }
    snprintf(m->kernel_path, sizeof m->kernel_path, "%s", cfg->kernel);
    snprintf(m->initrd_path, sizeof m->initrd_path, "%s", cfg->initrd ? cfg->initrd : "");
    if (riscpc_linux_load(m, err, errlen) != 0)
        return -1;
    if (cfg->append) {
        if (strlen(cfg->append) >= sizeof m->append) {
            snprintf(err, errlen, "riscpc: --append: command line longer than 1023 characters");
            return -1;
        }
        snprintf(m->append, sizeof m->append, "%s", cfg->append);
        m->have_append = true;
    }
    m->linux_boot = true;
    return 0;
}

/* The ATAG list at 0x10000100 (Linux Documentation/arm/Booting, arch/arm/include/uapi/asm/
 * setup.h): CORE, one MEM per bank, ACORN (VRAM pages), INITRD2, CMDLINE (only with --append,
 * so the kernel's built-in command line applies otherwise), NONE. */
static void write_atags(riscpc_t *m)
{
    uint8_t *p = riscpc_ram_ptr(m, RISCPC_ATAG_ADDR);
    put32(p, 5); put32(p + 4, 0x54410001); put32(p + 8, 0); put32(p + 12, 4096); put32(p + 16, 0);
    p += 20;
    for (int b = 0; b < 4; b++) {
        if (!m->bank_size[b])
            continue;
        put32(p, 4); put32(p + 4, 0x54410002); put32(p + 8, m->bank_size[b]);
        put32(p + 12, 0x10000000u + (uint32_t)b * RISCPC_BANK_WINDOW);
        p += 16;
    }
    put32(p, 5); put32(p + 4, 0x41000101); put32(p + 8, 0); put32(p + 12, m->vram_size / 4096);
    put32(p + 16, 0); /* sounddefault 0, adfsdrives 0 */
    p += 20;
    if (m->initrd_size) {
        put32(p, 4); put32(p + 4, 0x54420005); put32(p + 8, m->initrd_addr); put32(p + 12, m->initrd_size);
        p += 16;
    }
    if (m->have_append) {
        size_t len = strlen(m->append) + 1;
        uint32_t words = 2 + (uint32_t)((len + 3) / 4);
        put32(p, words); put32(p + 4, 0x54410009);
        memset(p + 8, 0, (words - 2) * 4);
        memcpy(p + 8, m->append, len);
        p += words * 4;
    }
    put32(p, 0); put32(p + 4, 0);
}

/* The end of a reset with --kernel: the machine as the firmware leaves it, then the kernel's
 * entry conditions. */
void riscpc_linux_enter(riscpc_t *m)
{
    /* Leave the FDC as the RiscPC's firmware does before it starts an OS: out of reset,
     * DMA/IRQ enabled, and the reset interrupt acknowledged by SENSE INTERRUPT for each
     * of the four drive slots (82077AA "polling" after reset). Otherwise Linux's
     * rpc_map_io DOR write finds a reset-exit interrupt pending and the floppy driver
     * takes it before it owns its DMA channel. */
    fdc_write(&m->fdc, 2, 0x0c);
    for (int i = 0; i < 4; i++) {
        fdc_write(&m->fdc, 5, 0x08);
        fdc_read(&m->fdc, 5);
        fdc_read(&m->fdc, 5);
    }
    write_atags(m);
    /* Kernel entry (Documentation/arm/Booting): SVC mode, IRQ/FIQ masked, MMU and caches
     * off, r0 = 0, r1 = machine type (1 = RiscPC), r2 = ATAG list. */
    arm_set_cpsr(&m->cpu, ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC);
    arm_set_reg(&m->cpu, ARM_MODE_SVC, 0, 0);
    arm_set_reg(&m->cpu, ARM_MODE_SVC, 1, 1);
    arm_set_reg(&m->cpu, ARM_MODE_SVC, 2, RISCPC_ATAG_ADDR);
    arm_set_reg(&m->cpu, ARM_MODE_SVC, 15, RISCPC_KERNEL_ADDR);
}
