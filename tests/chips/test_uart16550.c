#include "chips/uart16550.h"
#include "tests/test.h"

typedef struct { int irq; uint8_t out[64]; int nout; } uart_env_t;
static void env_irq(void *c, bool l) { ((uart_env_t *)c)->irq = l; }
static void env_tx(void *c, uint8_t b) { uart_env_t *e = c; if (e->nout < 64) e->out[e->nout++] = b; }

static void setup(uart16550_t *u, uart_env_t *e)
{
    memset(e, 0, sizeof *e);
    uart16550_init(u, &(uart16550_cfg_t){.ctx = e, .irq = env_irq, .tx = env_tx, .msr_inputs = 0xb0,
                                          .out2_gates_irq = true});
}

TEST(uart_reset_values)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    CHECK_EQ(uart16550_read(&u, UART_IIR), 0x01);
    CHECK_EQ(uart16550_read(&u, UART_LSR), 0x60);
    CHECK_EQ(uart16550_read(&u, UART_IER), 0);
    /* modem inputs: CTS, DSR, DCD asserted; first read reports no deltas after reset */
    CHECK_EQ(uart16550_read(&u, UART_MSR), 0xb0);
}

TEST(uart_divisor_latch_and_scratch)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    uart16550_write(&u, UART_LCR, 0x83);
    uart16550_write(&u, UART_DLL, 0x01);
    uart16550_write(&u, UART_DLM, 0x02);
    CHECK_EQ(uart16550_read(&u, UART_DLL), 0x01);
    CHECK_EQ(uart16550_read(&u, UART_DLM), 0x02);
    uart16550_write(&u, UART_LCR, 0x03);
    CHECK_EQ(u.divisor, 0x0201);
    CHECK_EQ(uart16550_read(&u, UART_IER), 0); /* DLM did not touch IER */
    uart16550_write(&u, UART_SCR, 0x5a);
    CHECK_EQ(uart16550_read(&u, UART_SCR), 0x5a);
    uart16550_write(&u, UART_IER, 0xff);
    CHECK_EQ(uart16550_read(&u, UART_IER), 0x0f); /* bits 4-7 always read 0 (Linux autoconfig) */
}

TEST(uart_thre_interrupt)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    uart16550_write(&u, UART_MCR, 0x08); /* OUT2: interrupt output enabled */
    CHECK_EQ(e.irq, 0);
    uart16550_write(&u, UART_IER, UART_IER_THRI); /* THR empty: interrupt at once */
    CHECK_EQ(e.irq, 1);
    CHECK_EQ(uart16550_read(&u, UART_IIR), 0x02);
    CHECK_EQ(e.irq, 0); /* reading IIR cleared the THRE source */
    CHECK_EQ(uart16550_read(&u, UART_IIR), 0x01);
    uart16550_write(&u, UART_THR, 'A');
    CHECK_EQ(e.nout, 1);
    CHECK_EQ(e.out[0], 'A');
    CHECK_EQ(e.irq, 1); /* THR emptied again */
    uart16550_write(&u, UART_IER, 0);
    CHECK_EQ(e.irq, 0);
}

TEST(uart_out2_gates_irq)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    uart16550_write(&u, UART_IER, UART_IER_THRI);
    CHECK_EQ(e.irq, 0);
    CHECK_EQ(uart16550_peek(&u, UART_IIR) & 0x0f, 0x02);
    uart16550_write(&u, UART_MCR, 0x08);
    CHECK_EQ(e.irq, 1);
}

TEST(uart_rx_fifo_trigger_and_timeout)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    uart16550_write(&u, UART_MCR, 0x08);
    uart16550_write(&u, UART_FCR, 0x81); /* FIFO on, trigger level 8 */
    CHECK_EQ(uart16550_read(&u, UART_IIR) & 0xc0, 0xc0);
    uart16550_write(&u, UART_IER, UART_IER_RDI);
    for (int i = 0; i < 7; i++)
        CHECK(uart16550_receive(&u, (uint8_t)('a' + i)));
    CHECK_EQ(uart16550_peek(&u, UART_IIR), 0xcc); /* below trigger: character timeout */
    CHECK(uart16550_receive(&u, 'h'));
    CHECK_EQ(uart16550_peek(&u, UART_IIR), 0xc4); /* at trigger level: data available */
    CHECK_EQ(e.irq, 1);
    for (int i = 0; i < 8; i++)
        CHECK_EQ(uart16550_read(&u, UART_RBR), 'a' + i);
    CHECK_EQ(uart16550_read(&u, UART_LSR) & 1, 0);
    CHECK_EQ(e.irq, 0);
}

TEST(uart_overrun)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    uart16550_write(&u, UART_FCR, 0x01);
    for (int i = 0; i < 16; i++)
        CHECK(uart16550_receive(&u, (uint8_t)i));
    CHECK_EQ(uart16550_rx_space(&u), 0);
    CHECK(!uart16550_receive(&u, 99));
    CHECK_EQ(uart16550_read(&u, UART_LSR) & 0x03, 0x03);
    CHECK_EQ(uart16550_read(&u, UART_LSR) & 0x02, 0); /* OE clears on read */
    uart16550_write(&u, UART_FCR, 0x03); /* RX FIFO reset */
    CHECK_EQ(uart16550_read(&u, UART_LSR) & 1, 0);
}

TEST(uart_loopback)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    uart16550_write(&u, UART_MCR, 0x10 | 0x02); /* loop, RTS */
    CHECK_EQ(uart16550_read(&u, UART_MSR) & 0xf0, 0x10); /* RTS -> CTS */
    uart16550_write(&u, UART_THR, 0x42);
    CHECK_EQ(e.nout, 0);
    CHECK_EQ(uart16550_read(&u, UART_RBR), 0x42);
}

TEST(uart_modem_status_interrupt)
{
    uart16550_t u; uart_env_t e; setup(&u, &e);
    uart16550_write(&u, UART_MCR, 0x08);
    uart16550_write(&u, UART_IER, UART_IER_MSI);
    CHECK_EQ(e.irq, 0);
    uart16550_set_modem_inputs(&u, 0xa0); /* CTS drops */
    CHECK_EQ(e.irq, 1);
    CHECK_EQ(uart16550_read(&u, UART_IIR), 0x00);
    CHECK_EQ(uart16550_read(&u, UART_MSR), 0xa1);
    CHECK_EQ(e.irq, 0);
}
