/* The A500's HostFS board: see a500_hostfs.h. */
#include "machines/a500_hostfs.h"

#include <stdio.h>
#include <string.h>

extern const uint8_t amiga_hostfs_rom[], amiga_hostfs_rom_end[];

enum { LONG_PACKET, LONG_PORT, LONG_VOLUME };

int a500_hostfs_init(a500_hostfs_t *h, const a500_hostfs_cfg_t *cfg, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    size_t rom_size = (size_t)(amiga_hostfs_rom_end - amiga_hostfs_rom);
    if (rom_size > A500_HOSTFS_ROM_SIZE) {
        snprintf(err, errlen, "internal: the HostFS boot ROM (%zu bytes) overlaps the board's registers", rom_size);
        return -1;
    }
    memcpy(h->rom, amiga_hostfs_rom, rom_size);
    if (amhfs_init(&h->amhfs, &(amhfs_cfg_t){.root = cfg->dir, .readonly = cfg->readonly, .mem = cfg->mem}, err,
                   errlen) != 0)
        return -1;
    h->boot_pri = cfg->boot ? A500_HOSTFS_BOOT_PRI : A500_HOSTFS_NO_BOOT_PRI;
    h->enabled = true;
    return 0;
}

void a500_hostfs_reset(a500_hostfs_t *h)
{
    if (!h->enabled)
        return;
    amhfs_reset(&h->amhfs);
    h->base = 0;
    memset(h->halves, 0, sizeof h->halves);
}

void a500_hostfs_destroy(a500_hostfs_t *h)
{
    if (!h->enabled)
        return;
    amhfs_destroy(&h->amhfs);
    h->enabled = false;
}

static uint8_t byte_at(const a500_hostfs_t *h, uint32_t off)
{
    if (off < A500_HOSTFS_ROM_SIZE)
        return h->rom[off];
    if (off >= A500_HOSTFS_LOCKS && off - A500_HOSTFS_LOCKS < sizeof h->amhfs.lock_ram)
        return h->amhfs.lock_ram[off - A500_HOSTFS_LOCKS];
    if (off >= A500_HOSTFS_DOSNAME && off < A500_HOSTFS_DOSNAME + A500_HOSTFS_NAME_SIZE) {
        const char *s = A500_HOSTFS_DEVICE;
        size_t i = off - A500_HOSTFS_DOSNAME;
        return i < strlen(s) ? (uint8_t)s[i] : 0;
    }
    if (off >= A500_HOSTFS_VOLNAME && off < A500_HOSTFS_VOLNAME + A500_HOSTFS_NAME_SIZE) {
        size_t i = off - A500_HOSTFS_VOLNAME;
        return i < strlen(h->amhfs.volume_name) ? (uint8_t)h->amhfs.volume_name[i] : 0;
    }
    uint16_t reg = 0;
    if ((off & ~1u) == A500_HOSTFS_REG_NEXT)
        reg = (uint16_t)h->amhfs.next;
    else if ((off & ~1u) == A500_HOSTFS_REG_BOOTPRI)
        reg = (uint16_t)h->boot_pri;
    return (off & 1) ? (uint8_t)reg : (uint8_t)(reg >> 8);
}

uint16_t a500_hostfs_peek(const a500_hostfs_t *h, uint32_t off, unsigned size)
{
    (void)size;
    off &= 0xFFFEu;
    return (uint16_t)(byte_at(h, off) << 8 | byte_at(h, off + 1));
}

uint16_t a500_hostfs_read(a500_hostfs_t *h, uint32_t base, uint32_t off, unsigned size)
{
    (void)base;
    return a500_hostfs_peek(h, off, size);
}

static void long_written(a500_hostfs_t *h, uint32_t base, int which)
{
    uint32_t v = (uint32_t)h->hi[which] << 16 | h->lo[which];
    h->base = base;
    amhfs_set_lock_base(&h->amhfs, base + A500_HOSTFS_LOCKS);
    switch (which) {
    case LONG_PACKET: amhfs_packet(&h->amhfs, v); break;
    case LONG_PORT: amhfs_set_port(&h->amhfs, v); break;
    case LONG_VOLUME: amhfs_volume_made(&h->amhfs, v); break;
    }
}

void a500_hostfs_write(a500_hostfs_t *h, uint32_t base, uint32_t off, uint16_t value, unsigned size)
{
    static const uint32_t regs[3] = {A500_HOSTFS_REG_PACKET, A500_HOSTFS_REG_PORT, A500_HOSTFS_REG_VOLUME};
    if (size != 2)
        return; /* the registers are written as words; byte writes (and writes elsewhere) are ignored */
    if (off >= A500_HOSTFS_LOCKS && off - A500_HOSTFS_LOCKS + 1 < sizeof h->amhfs.lock_ram) {
        /* The locks are RAM to the guest too (AmigaDOS may link them through fl_Link). */
        h->amhfs.lock_ram[off - A500_HOSTFS_LOCKS] = (uint8_t)(value >> 8);
        h->amhfs.lock_ram[off - A500_HOSTFS_LOCKS + 1] = (uint8_t)value;
        return;
    }
    for (int i = 0; i < 3; i++) {
        if ((off & ~3u) != regs[i])
            continue;
        if (off & 2) {
            h->lo[i] = value;
            h->halves[i] |= 2;
        } else {
            h->hi[i] = value;
            h->halves[i] |= 1;
        }
        if (h->halves[i] == 3) {
            h->halves[i] = 0;
            long_written(h, base, i);
        }
        return;
    }
}
