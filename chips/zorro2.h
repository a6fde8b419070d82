/* Zorro II expansion bus with the AUTOCONFIG chain (Amiga Hardware Reference Manual, 3rd ed.,
 * appendix K "Zorro expansion bus"; libraries/configregs.h).
 *
 * After reset every board is unconfigured and the chain's /CFGIN-/CFGOUT daisy chain lets only
 * the first unconfigured board answer in the 64 KB configuration space at $E80000. Its
 * ExpansionRom is read one nibble per word: logical byte n has its high nibble at $E80000 +
 * 4n and its low nibble at 4n + 2, on D15-D12 (the high nibble of the byte at that even
 * address). Every byte except er_Type (and the ExpansionControl registers at $40 on) reads
 * inverted. The OS then writes ec_BaseAddress (A23-A16): the low nibble at $4A, then the high
 * nibble at $48, which configures the board at that address; or writes ec_Shutup ($4C) to
 * leave it off the bus. Either way the board asserts /CFGOUT and the next board in the chain
 * appears at $E80000. With no board left the configuration space floats (reads 0 here, as the
 * A500's undriven bus does), which expansion.library takes for the end of the chain.
 *
 * A configured board answers in its window (Zorro II memory space $200000-$9FFFFF or the I/O
 * space $E90000-$EFFFFF, where expansion.library places it). A board is a set of callbacks. */
#ifndef ARCANA_ZORRO2_H
#define ARCANA_ZORRO2_H

#include <stdbool.h>
#include <stdint.h>

#define ZORRO2_CONFIG_BASE 0xE80000u
#define ZORRO2_CONFIG_SIZE 0x10000u
#define ZORRO2_MAX_BOARDS 5

/* er_Type bits (configregs.h) */
enum {
    ERT_ZORROII = 0xC0, ERTF_MEMLIST = 0x20, ERTF_DIAGVALID = 0x10, ERTF_CHAINEDCONFIG = 0x08,
    ERT_SIZE_8M = 0, ERT_SIZE_64K = 1, ERT_SIZE_128K = 2, ERT_SIZE_256K = 3, ERT_SIZE_512K = 4,
    ERT_SIZE_1M = 5, ERT_SIZE_2M = 6, ERT_SIZE_4M = 7,
};
/* er_Flags bits */
enum { ERFF_MEMSPACE = 0x80, ERFF_NOSHUTUP = 0x40 };
/* Physical offsets in the configuration space */
enum { ZORRO2_EC_BASE_HI = 0x48, ZORRO2_EC_BASE_LO = 0x4A, ZORRO2_EC_SHUTUP = 0x4C };

typedef struct zorro2_board {
    const char *name;
    void *ctx;
    /* The ExpansionRom the board presents (true values; the bus inverts them on reads). */
    uint8_t type, product, flags;
    uint16_t manufacturer;
    uint32_t serial;
    uint16_t diag_vec;
    /* Accesses inside the board's window once configured: offset from its base (A0 valid
       for bytes), size 1 or 2. Values are the 16-bit data bus: a byte at an even offset on
       D15-D8, at an odd one on D7-D0; a byte the 68000 writes is driven on both halves. */
    uint16_t (*read)(void *ctx, uint32_t offset, unsigned size);
    void (*write)(void *ctx, uint32_t offset, uint16_t value, unsigned size);
    uint16_t (*peek)(void *ctx, uint32_t offset, unsigned size);
    void (*reset)(void *ctx);
} zorro2_board_t;

typedef struct zorro2 {
    zorro2_board_t board[ZORRO2_MAX_BOARDS];
    int count;
    uint32_t base[ZORRO2_MAX_BOARDS]; /* 0 while unconfigured */
    bool configured[ZORRO2_MAX_BOARDS], shut_up[ZORRO2_MAX_BOARDS];
    uint8_t base_lo[ZORRO2_MAX_BOARDS]; /* the latched ec_BaseAddress low nibble */
} zorro2_t;

void zorro2_init(zorro2_t *z);
/* Adds a board at the end of the chain (the chain order is the slot order). Returns its
 * index, or -1 if the chain is full. */
int zorro2_add(zorro2_t *z, const zorro2_board_t *b);
/* /RESET: every board unconfigured again (and told through its reset callback). */
void zorro2_reset(zorro2_t *z);
/* Window size of a board from its er_Type (8 MB for size code 0). */
uint32_t zorro2_board_size(const zorro2_board_t *b);
/* The board now answering in the configuration space, or -1 at the end of the chain. */
int zorro2_config_board(const zorro2_t *z);
/* Bus accesses (24-bit address, size 1 or 2, values on the 16-bit data bus as for the
 * board callbacks). Return false when no board answers there
 * (the caller's bus floats). */
bool zorro2_read(zorro2_t *z, uint32_t addr, unsigned size, uint16_t *out);
bool zorro2_write(zorro2_t *z, uint32_t addr, uint16_t value, unsigned size);
bool zorro2_peek(const zorro2_t *z, uint32_t addr, unsigned size, uint16_t *out);

typedef struct ser ser_t;
/* The AUTOCONFIG chain's configuration (which boards are configured where), for a save state
 * (machines/state.h); the boards themselves serialize their own registers. */
void zorro2_serialize(zorro2_t *z, ser_t *s);

#endif
