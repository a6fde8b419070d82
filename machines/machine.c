#include "machines/machine.h"

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

int machine_create(const machine_config_t *cfg, machine_t **out, char *err, size_t errlen)
{
    *out = NULL;
    const char *name = cfg->machine ? cfg->machine : machine_default_name();
    if (!name) {
        snprintf(err, errlen, "no machine types are built into this arcana");
        return -1;
    }
    const machine_type_t *t = machine_find(name);
    if (!t) {
        snprintf(err, errlen, "unknown machine '%s'", name);
        return -1;
    }
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
    if (m->ops->key)
        m->ops->key(m, hid_usage, down);
}

void machine_mouse(machine_t *m, int dx, int dy, unsigned buttons)
{
    if (m->ops->mouse)
        m->ops->mouse(m, dx, dy, buttons);
}

void machine_joystick(machine_t *m, int port, unsigned directions, unsigned buttons)
{
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

unsigned machine_activity(machine_t *m) { return m->ops->activity ? m->ops->activity(m) : 0; }

double machine_seconds(const machine_t *m)
{
    return m->ticks_per_second ? (double)m->ticks / (double)m->ticks_per_second : 0.0;
}
