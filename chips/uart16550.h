/* National Semiconductor PC16550D UART (as embedded in the SMC FDC37C665GT SuperIO).
 * Register file, 16-byte transmit and receive FIFOs, the four interrupt sources with the
 * datasheet's priorities (PC16550D datasheet, Table II and §8.5), modem status with a fixed
 * set of input lines. Transmission is instantaneous: a byte written to THR leaves through the
 * tx callback at once, so THR/TSR are empty again before the CPU can look (the host side has
 * no baud rate); this keeps the THRE interrupt behaviour of the datasheet (raised when THR
 * empties or when ETBEI is enabled with THR empty, cleared by an IIR read or a THR write). */
#ifndef ARCANA_UART16550_H
#define ARCANA_UART16550_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UART16550_FIFO 16

typedef struct uart16550_cfg {
    void *ctx;
    void (*irq)(void *ctx, bool level);   /* INTRPT output (already gated by MCR OUT2 as on PCs) */
    void (*tx)(void *ctx, uint8_t byte);  /* a byte leaves the transmitter (not in loopback) */
    uint8_t msr_inputs;                   /* modem input lines as MSR bits 4-7 (CTS DSR RI DCD) */
    bool out2_gates_irq;                  /* true: IRQ reaches the pin only with MCR OUT2 set */
} uart16550_cfg_t;

typedef struct uart16550 {
    uart16550_cfg_t cfg;
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divisor;
    uint8_t rx[UART16550_FIFO];
    uint8_t rx_head, rx_count;
    bool thre_pending;   /* THRE interrupt condition (IIR source 0x2) */
    bool irq_out;
} uart16550_t;

/* Register offsets (address lines A2..A0). */
enum { UART_RBR = 0, UART_THR = 0, UART_DLL = 0, UART_IER = 1, UART_DLM = 1, UART_IIR = 2,
       UART_FCR = 2, UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7 };
enum { UART_LSR_DR = 0x01, UART_LSR_OE = 0x02, UART_LSR_THRE = 0x20, UART_LSR_TEMT = 0x40,
       UART_LSR_FIFOERR = 0x80 };
enum { UART_IER_RDI = 0x01, UART_IER_THRI = 0x02, UART_IER_RLSI = 0x04, UART_IER_MSI = 0x08 };
enum { UART_IIR_NONE = 0x01, UART_IIR_MSI = 0x00, UART_IIR_THRI = 0x02, UART_IIR_RDI = 0x04,
       UART_IIR_RLSI = 0x06, UART_IIR_TIMEOUT = 0x0c };

void uart16550_init(uart16550_t *u, const uart16550_cfg_t *cfg);
void uart16550_reset(uart16550_t *u);
uint8_t uart16550_read(uart16550_t *u, unsigned reg);
void uart16550_write(uart16550_t *u, unsigned reg, uint8_t val);
uint8_t uart16550_peek(const uart16550_t *u, unsigned reg);
typedef struct ser ser_t;
/* Save states (DESIGN.md §9, machines/state.h): every field of the state, once, for save, load,
 * size and checksum alike; loaded values are range-checked (the first bad one fails the visit).
 * Configuration is not saved. */
void uart16550_serialize(uart16550_t *u, ser_t *s);
/* A byte arrives on the serial input. Returns false if it was lost (overrun). */
bool uart16550_receive(uart16550_t *u, uint8_t byte);
/* Space left in the receive FIFO (the host feeds input no faster than this). */
unsigned uart16550_rx_space(const uart16550_t *u);
void uart16550_set_modem_inputs(uart16550_t *u, uint8_t msr_high_bits);

#endif
