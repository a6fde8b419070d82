/* SMC FDC37C665GT "Super I/O" (FDC37C665GT data sheet): the PC-style peripherals of the
 * RiscPC behind IOMD's "PC I/O" space (0x03010000 + port·4). This chip model decodes the
 * ISA port space, holds the configuration registers (entered by writing 0x55 twice to 0x3f0,
 * left with 0xaa; index at 0x3f0, data at 0x3f1) and implements the parallel port itself.
 * The UARTs, the floppy controller and the IDE interface are separate chip models
 * (uart16550, fdc82077, ide) that the machine connects through the dev_read/dev_write
 * callbacks. */
#ifndef ARCANA_SUPERIO_H
#define ARCANA_SUPERIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SUPERIO_NONE = -1, SUPERIO_UART1, SUPERIO_UART2, SUPERIO_FDC, SUPERIO_IDE, SUPERIO_IDE_CTL
} superio_dev_t;

typedef struct superio_cfg {
    void *ctx;
    uint32_t (*dev_read)(void *ctx, superio_dev_t dev, unsigned reg, unsigned size);
    void (*dev_write)(void *ctx, superio_dev_t dev, unsigned reg, uint32_t value, unsigned size);
    void (*print)(void *ctx, uint8_t byte);   /* parallel port output (strobed bytes) */
} superio_cfg_t;

typedef struct superio {
    superio_cfg_t cfg;
    uint8_t cr[16];         /* configuration registers CR0-CRF */
    int cfg_unlock;         /* number of 0x55 keys seen; 2 = in configuration mode */
    uint8_t cfg_index;
    uint8_t lpt_data, lpt_ctrl;
} superio_t;

void superio_init(superio_t *s, const superio_cfg_t *cfg);
void superio_reset(superio_t *s);
typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void superio_serialize(superio_t *s, ser_t *ser);
/* ISA port access (the machine turns 0x03010000 + port·4 into `port`). */
uint32_t superio_read(superio_t *s, unsigned port, unsigned size);
void superio_write(superio_t *s, unsigned port, uint32_t value, unsigned size);
uint8_t superio_peek(const superio_t *s, unsigned port);
/* Which device a port belongs to, and its register number there. */
superio_dev_t superio_decode(const superio_t *s, unsigned port, unsigned *reg);

#endif
