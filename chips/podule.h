/* RiscPC expansion card (podule) bus: slots 0-7 and the network slot (8), each with IOC space
 * (0x03240000 + slot·0x4000, four access speeds 0x80000 apart; slots 4-7 at 0x03270000),
 * MEMC space (0x03000000 + slot·0x4000) and EASI space (0x08000000 + slot·16 MB); plus the
 * expansion-card interrupt status/mask latch at 0x03360000/0x03360004.
 *
 * A card is a set of callbacks. Cards whose ID and loader are a plain ROM use podule_rom_*:
 * the Acorn expansion card identity (ECID, low byte-wide, at word stride from offset 0 of IOC
 * space) followed by the chunk directory (Acorn "Expansion card specification": extended ID,
 * interrupt pointers, chunk entries of type/size/offset). Empty slots float high: every byte
 * reads 0xff, so ID byte 0 bit 1 is set and the kernel sees "no card". */
#ifndef ARCANA_PODULE_H
#define ARCANA_PODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PODULE_SLOTS 9   /* 0-7 plus the network slot */
#define PODULE_NETSLOT 8

typedef enum { PODULE_IOC, PODULE_MEMC, PODULE_EASI } podule_space_t;

typedef struct ser ser_t; /* machines/state.h */

typedef struct podule_card {
    const char *name;
    void *ctx;
    /* offset within the space; size 1, 2 or 4; speed 0-3 (IOC space only). */
    uint32_t (*read)(void *ctx, podule_space_t space, uint32_t offset, unsigned size);
    void (*write)(void *ctx, podule_space_t space, uint32_t offset, uint32_t value, unsigned size);
    void (*reset)(void *ctx);
    /* Save states: the card visits its own fields (see podule_bus_serialize). May be NULL
     * for cards without state. */
    void (*serialize)(void *ctx, ser_t *s);
} podule_card_t;

typedef struct podule_bus_cfg {
    void *ctx;
    void (*irq)(void *ctx, bool level);     /* to IOMD IRQ B bit 5 (podule IRQ) */
    void (*fiq)(void *ctx, bool level);     /* to IOMD FIQ bit 6 / IRQ B bit 0 */
    void (*netirq)(void *ctx, bool level);  /* network slot: IOMD IRQ B bit 3 */
} podule_bus_cfg_t;

typedef struct podule_bus {
    podule_bus_cfg_t cfg;
    podule_card_t card[PODULE_SLOTS];
    bool present[PODULE_SLOTS];
    uint16_t irq_lines, fiq_lines;
    uint8_t expmask;         /* expansion-card interrupt enable latch */
    bool irq_out, fiq_out, net_out;
} podule_bus_t;

void podule_bus_init(podule_bus_t *b, const podule_bus_cfg_t *cfg);
void podule_bus_reset(podule_bus_t *b);
/* Plugs a card into a slot (0-8). Returns -1 if the slot is taken or out of range. */
int podule_attach(podule_bus_t *b, int slot, const podule_card_t *card);
void podule_set_irq(podule_bus_t *b, int slot, bool level);
void podule_set_fiq(podule_bus_t *b, int slot, bool level);

typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void podule_bus_serialize(podule_bus_t *b, ser_t *s);
/* Physical address decoding: returns true if addr is podule space and fills slot/space/
 * offset. */
bool podule_decode(uint32_t addr, int *slot, podule_space_t *space, uint32_t *offset);
uint32_t podule_read(podule_bus_t *b, uint32_t addr, unsigned size);
void podule_write(podule_bus_t *b, uint32_t addr, uint32_t value, unsigned size);
uint32_t podule_peek(const podule_bus_t *b, uint32_t addr, unsigned size);
/* The interrupt latch at 0x03360000 (status, read-only) and 0x03360004 (enable). */
uint8_t podule_expmask_read(podule_bus_t *b, unsigned reg);
void podule_expmask_write(podule_bus_t *b, unsigned reg, uint8_t value);

/* ---- Simple ROM cards ---------------------------------------------------------------------
 * The identity of a card (Acorn expansion card specification, "Expansion card identity"). */
typedef struct podule_id {
    uint16_t manufacturer, product;
    uint8_t product_type_bits;    /* ECID byte 0 bits 6-3: 0 for the extended-ID form */
    uint8_t country;              /* 0 = UK */
    bool irq_status_present;      /* interrupt status pointers follow the extended ID */
    uint32_t irq_status_ptr, fiq_status_ptr; /* 24-bit offsets in IOC space (byte addresses) */
    uint8_t irq_mask, fiq_mask;
} podule_id_t;

/* One chunk directory entry: OS identity byte (e.g. 0x81 = RISC OS module, 0xf5 = serial
 * number, 0xf2 = description string) and its data. */
typedef struct podule_chunk {
    uint8_t type;
    const uint8_t *data;
    uint32_t size;
} podule_chunk_t;

/* Builds a ROM image: extended ECID (16 bytes), then the chunk directory (8 bytes per entry,
 * terminated by four zero bytes), then the chunk data. Returns the size used, or 0 if `cap`
 * is too small. */
size_t podule_rom_build(uint8_t *rom, size_t cap, const podule_id_t *id, const podule_chunk_t *chunks, int n);

/* A card that is only a byte-wide ROM in IOC space (byte n at offset n·4), with a page
 * register at IOC offset 0x2000 selecting 2 KB windows for images over 2 KB (the
 * "simple expansion card" loader convention). Rest of IOC/MEMC space reads 0xff. */
typedef struct podule_rom_card {
    const uint8_t *rom;
    size_t size;
    uint32_t page;
} podule_rom_card_t;
void podule_rom_card(podule_rom_card_t *rc, const uint8_t *rom, size_t size, const char *name, podule_card_t *out);

#endif
