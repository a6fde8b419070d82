/* The layout of a RiscPC save state (machines/state.h, machines/riscpc/state.c) as the state
 * fuzz target and the mutation tool need it: a 28-byte header ("ARCSTATE", format version,
 * machine name), then sections (4-byte tag, 32-bit version, 64-bit payload length, payload) —
 * CONF, FILE, MACH, ARM, RAM, VRAM, the chips, MEDI, FDC — then the "END!" trailer whose last 8 bytes
 * are an FNV-1a 64 checksum (ser_fnv) of everything before them. */
#ifndef ARCANA_RISCPC_STATE_H
#define ARCANA_RISCPC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "machines/state.h"

#define RPC_STATE_HEADER (8u + 4u + STATE_NAME_LEN)
#define RPC_SECTION_HEAD 16u

typedef struct rpc_section {
    size_t head, len; /* where its header starts; its payload's length */
    bool memory;      /* RAM or VRAM: a page map and the compressed pages (ser_memory) */
    char tag[5];
} rpc_section_t;

/* The sections of a state in b (up to max), 0 if it does not look like a RiscPC state. */
static inline int rpc_state_sections(const uint8_t *b, size_t len, rpc_section_t *out, int max)
{
    if (len < RPC_STATE_HEADER || memcmp(b, STATE_MAGIC, 8) != 0 || memcmp(b + 12, "riscpc", 7) != 0)
        return 0;
    size_t pos = RPC_STATE_HEADER;
    int n = 0;
    while (pos + RPC_SECTION_HEAD <= len && n < max && memcmp(b + pos, "END!", 4) != 0) {
        uint64_t l = 0;
        for (int i = 0; i < 8; i++)
            l |= (uint64_t)b[pos + 8 + i] << (8 * i);
        if (l > len - pos - RPC_SECTION_HEAD)
            return 0;
        rpc_section_t *s = &out[n++];
        s->head = pos;
        s->len = (size_t)l;
        memcpy(s->tag, b + pos, 4);
        s->tag[4] = 0;
        s->memory = !memcmp(s->tag, "RAM ", 4) || !memcmp(s->tag, "VRAM", 4);
        pos += RPC_SECTION_HEAD + (size_t)l;
    }
    return pos + RPC_SECTION_HEAD + 8 == len ? n : 0;
}

/* Recomputes the trailing checksum, as a careful forger would (len >= 8). */
static inline void rpc_state_fix_checksum(uint8_t *b, size_t len)
{
    uint64_t h = ser_fnv(0xcbf29ce484222325ull, b, len - 8);
    for (int i = 0; i < 8; i++)
        b[len - 8 + i] = (uint8_t)(h >> (8 * i));
}

#endif
