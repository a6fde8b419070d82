#include "machines/machine.h"
#include "machines/input_log.h"

#include <stdio.h>
#include <string.h>

#define MAX_MACHINE_TYPES 8

static const machine_type_t *types[MAX_MACHINE_TYPES];
static int type_count;

void machine_register(const machine_type_t *type)
{
    if (type_count == MAX_MACHINE_TYPES)
        return;
    /* Keep the registry sorted by name so listings do not depend on link order. */
    int i = type_count++;
    while (i > 0 && strcmp(types[i - 1]->name, type->name) > 0) {
        types[i] = types[i - 1];
        i--;
    }
    types[i] = type;
}

int machine_type_count(void) { return type_count; }

const machine_type_t *machine_type_at(int i) { return i >= 0 && i < type_count ? types[i] : NULL; }

const machine_type_t *machine_find(const char *name)
{
    for (int i = 0; i < type_count; i++)
        if (strcmp(types[i]->name, name) == 0)
            return types[i];
    return NULL;
}

const char *machine_default_name(void)
{
    if (machine_find("a500"))
        return "a500";
    return type_count ? types[0]->name : NULL;
}

static const machine_type_t *type_for(const machine_config_t *cfg, char *err, size_t errlen)
{
    const char *name = cfg->machine ? cfg->machine : machine_default_name();
    if (!name) {
        snprintf(err, errlen, "no machine types are built into this arcana");
        return NULL;
    }
    const machine_type_t *t = machine_find(name);
    if (!t)
        snprintf(err, errlen, "unknown machine '%s'", name);
    return t;
}

int machine_check_config(const machine_config_t *cfg, const char *state_option, char *err, size_t errlen)
{
    const machine_type_t *t = type_for(cfg, err, errlen);
    if (!t)
        return -1;
    const struct {
        unsigned need;
        bool given;
        const char *option, *what;
    } uses[] = {
        {MACHINE_TAKES_FLOPPY23, cfg->floppy[2] || cfg->floppy[3], cfg->floppy[2] ? "floppy2" : "floppy3",
         "has only two floppy drives"},
        {MACHINE_TAKES_HD, cfg->hd[0] || cfg->hd[1], cfg->hd[0] ? "hd0" : "hd1", "has no hard disc emulated yet"},
        {MACHINE_TAKES_CDROM, cfg->cdrom, "cdrom", "has no CD-ROM drive emulated yet"},
        {MACHINE_TAKES_CPU, cfg->cpu, "cpu", "has one processor only"},
        {MACHINE_TAKES_CPU_CORE, cfg->cpu_core, "cpu-core", "has no ARM core to choose"},
        {MACHINE_TAKES_RAM, cfg->ram_mb, "ram", "has a fixed memory size"},
        {MACHINE_TAKES_CHIPSET, cfg->chipset, "chipset", "has no chipset to choose"},
        {MACHINE_TAKES_KERNEL, cfg->kernel || cfg->initrd || cfg->append,
         cfg->kernel ? "kernel" : cfg->initrd ? "initrd" : "append", "cannot boot a Linux kernel directly"},
        {MACHINE_TAKES_HOSTFS_BOOT, cfg->hostfs_boot, "hostfs-boot", "cannot boot from a HostFS folder yet"},
        {MACHINE_TAKES_STATES, state_option, state_option, "has no save states yet"},
        {MACHINE_TAKES_RTC, cfg->rtc_fixed, "rtc-time", "has no battery-backed clock"},
    };
    for (size_t i = 0; i < sizeof uses / sizeof uses[0]; i++)
        if (uses[i].given && !(t->takes & uses[i].need)) {
            snprintf(err, errlen, "--%s: the %s machine %s", uses[i].option, t->name,
                     uses[i].what);
            return -1;
        }
    return 0;
}

int machine_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen)
{
    *out = NULL;
    const machine_type_t *t = type_for(cfg, err, errlen);
    if (!t || machine_check_config(cfg, NULL, err, errlen) != 0)
        return -1;
    return t->create(cfg, out, err, errlen);
}

static int unsupported(const machine_t *m, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "the %s machine does not support %s", m->type->name, what);
    return -1;
}

size_t machine_drain_audio(machine_t *m, int16_t *out, size_t max_frames)
{
    return m->ops->drain_audio ? m->ops->drain_audio(m, out, max_frames) : 0;
}

void machine_key(machine_t *m, int hid_usage, bool down)
{
    if (!machine_input_live(m, "key", hid_usage, down, 0))
        return;
    if (m->ops->key)
        m->ops->key(m, hid_usage, down);
}

void machine_mouse(machine_t *m, int dx, int dy, unsigned buttons)
{
    if (!machine_input_live(m, "mouse", dx, dy, (long)buttons))
        return;
    if (m->ops->mouse)
        m->ops->mouse(m, dx, dy, buttons);
}

void machine_joystick(machine_t *m, int port, unsigned directions, unsigned buttons)
{
    if (!machine_input_live(m, "joy", port, (long)directions, (long)buttons))
        return;
    if (m->ops->joystick)
        m->ops->joystick(m, port, directions, buttons);
}

int machine_insert(machine_t *m, media_kind_t kind, int unit, const char *path, char *err, size_t errlen)
{
    if (!m->ops->insert)
        return unsupported(m, "removable media", err, errlen);
    return m->ops->insert(m, kind, unit, path, err, errlen);
}

int machine_eject(machine_t *m, media_kind_t kind, int unit, char *err, size_t errlen)
{
    if (!m->ops->eject)
        return unsupported(m, "removable media", err, errlen);
    return m->ops->eject(m, kind, unit, err, errlen);
}

int machine_save_state(machine_t *m, const char *path, char *err, size_t errlen)
{
    if (!m->ops->save_state)
        return unsupported(m, "save states", err, errlen);
    return m->ops->save_state(m, path, err, errlen);
}

int machine_load_state(machine_t *m, const char *path, char *err, size_t errlen)
{
    if (!m->ops->load_state)
        return unsupported(m, "save states", err, errlen);
    return m->ops->load_state(m, path, err, errlen);
}

int machine_flush(machine_t *m, char *err, size_t errlen)
{
    return m->ops->flush ? m->ops->flush(m, err, errlen) : 0;
}

unsigned machine_activity(machine_t *m) { return m->ops->activity ? m->ops->activity(m) : 0; }

double machine_seconds(const machine_t *m)
{
    return m->ticks_per_second ? (double)m->ticks / (double)m->ticks_per_second : 0.0;
}
