/* The layout of a RiscPC save state (machines/riscpc/state.c) as the state fuzz target
 * and the mutation tool need it: a 48-byte header (magic, version, model, RAM, VRAM and ROM
 * sizes, ROM hash), the scheduler's time (8), the CPU (430), then RAM and VRAM whole, then the
 * chips and the machine's own fields, then an FNV-1a 64 hash of everything before it. */
#ifndef ARCANA_RISCPC_STATE_H
#define ARCANA_RISCPC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RPC_STATE_HEADER 48u
#define RPC_STATE_RAM_OFFSET (RPC_STATE_HEADER + 8u + 430u)

static inline uint32_t rpc_state_u32(const uint8_t *b, size_t off)
{
    uint32_t v;
    memcpy(&v, b + off, 4);
    return v;
}

/* RAM + VRAM bytes in a state (from its header), 0 if the buffer does not look like one. */
static inline size_t rpc_state_memory(const uint8_t *b, size_t len)
{
    if (len < RPC_STATE_RAM_OFFSET + 8 || memcmp(b, "ARCANA-RISCPC-1", 16) != 0)
        return 0;
    size_t mem = (size_t)rpc_state_u32(b, 24) + rpc_state_u32(b, 28); /* ram_size, vram_size */
    return len >= RPC_STATE_RAM_OFFSET + mem + 8 ? mem : 0;
}

/* Recomputes the trailing hash, as a careful forger would (len >= 8). */
#if defined(__clang__)
__attribute__((no_sanitize("coverage"), noinline)) /* megabytes: no per-byte fuzzing hooks */
#endif
static inline void rpc_state_fix_checksum(uint8_t *b, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len - 8; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    memcpy(b + len - 8, &h, 8);
}

#endif
