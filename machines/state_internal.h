/* Shared by machines/state.c and machines/state_memory.c only. */
#ifndef ARCANA_STATE_INTERNAL_H
#define ARCANA_STATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "machines/state.h"

/* SER_SAVE: room for n more bytes at s->buf + s->len (false, with the visit failed, if none). */
bool ser_grow(ser_t *s, size_t n);

#endif
