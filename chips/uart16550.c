#include "chips/uart16550.h"

#include "machines/state.h"

#include <stddef.h>
#include <string.h>

/* MSR bits 0-3 are the delta flags of bits 4-7 (PC16550D §8.7); CTS<->DSR<->RI<->DCD loop back
 * from RTS, DTR, OUT1, OUT2 in loopback mode (§8.6, MCR bit 4). */
static uint8_t modem_lines(const uart16550_t *u)
{
    if (u->mcr & 0x10) {
        uint8_t m = u->mcr;
        return (uint8_t)(((m & 0x02) << 3) | ((m & 0x01) << 5) | ((m & 0x04) << 4) | ((m & 0x08) << 4));
    }
    return u->cfg.msr_inputs & 0xf0;
}

static void set_lines(uart16550_t *u, uint8_t lines)
{
    uint8_t old = u->msr & 0xf0;
    uint8_t delta = 0;
    if ((old ^ lines) & 0x10) delta |= 0x01;           /* DCTS */
    if ((old ^ lines) & 0x20) delta |= 0x02;           /* DDSR */
    if ((old & 0x40) && !(lines & 0x40)) delta |= 0x04; /* TERI: trailing edge of RI */
    if ((old ^ lines) & 0x80) delta |= 0x08;           /* DDCD */
    u->msr = (uint8_t)(lines | ((u->msr | delta) & 0x0f));
}

/* The highest-priority pending, enabled source (PC16550D Table IV). */
static uint8_t pending_iir(const uart16550_t *u)
{
    if ((u->ier & UART_IER_RLSI) && (u->lsr & 0x1e))
        return UART_IIR_RLSI;
    if ((u->ier & UART_IER_RDI) && u->rx_count) {
        /* With the FIFO on, the level interrupt waits for the trigger level; a smaller amount
         * is reported as a character timeout. Time is not modelled at character granularity,
         * so the timeout is taken as already elapsed (what software sees after 4 char times). */
        if (u->fcr & 1) {
            static const uint8_t trig[4] = {1, 4, 8, 14};
            return u->rx_count >= trig[u->fcr >> 6] ? UART_IIR_RDI : UART_IIR_TIMEOUT;
        }
        return UART_IIR_RDI;
    }
    if ((u->ier & UART_IER_THRI) && u->thre_pending)
        return UART_IIR_THRI;
    if ((u->ier & UART_IER_MSI) && (u->msr & 0x0f))
        return UART_IIR_MSI;
    return UART_IIR_NONE;
}

static void update_irq(uart16550_t *u)
{
    bool level = pending_iir(u) != UART_IIR_NONE;
    if (u->cfg.out2_gates_irq && !(u->mcr & 0x08))
        level = false;
    if (level != u->irq_out) {
        u->irq_out = level;
        if (u->cfg.irq)
            u->cfg.irq(u->cfg.ctx, level);
    }
}

void uart16550_init(uart16550_t *u, const uart16550_cfg_t *cfg)
{
    memset(u, 0, sizeof *u);
    u->cfg = *cfg;
    uart16550_reset(u);
}

/* Master reset values, PC16550D Table III. */
void uart16550_reset(uart16550_t *u)
{
    u->ier = u->lcr = u->mcr = u->fcr = 0;
    u->lsr = UART_LSR_THRE | UART_LSR_TEMT;
    u->msr = 0;
    set_lines(u, modem_lines(u));
    u->msr &= 0xf0;
    u->scr = 0;
    u->divisor = 0;
    u->rx_head = u->rx_count = 0;
    u->thre_pending = false;
    if (u->irq_out && u->cfg.irq)
        u->cfg.irq(u->cfg.ctx, false);
    u->irq_out = false;
}

static void rx_push(uart16550_t *u, uint8_t byte)
{
    unsigned cap = (u->fcr & 1) ? UART16550_FIFO : 1;
    if (u->rx_count >= cap) {
        u->lsr |= UART_LSR_OE; /* the new byte is lost (§8.4, LSR bit 1) */
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % UART16550_FIFO] = byte;
    u->rx_count++;
    u->lsr |= UART_LSR_DR;
}

bool uart16550_receive(uart16550_t *u, uint8_t byte)
{
    if (u->mcr & 0x10)
        return false; /* loopback disconnects the serial input */
    bool lost = u->rx_count >= ((u->fcr & 1) ? UART16550_FIFO : 1);
    rx_push(u, byte);
    update_irq(u);
    return !lost;
}

unsigned uart16550_rx_space(const uart16550_t *u)
{
    unsigned cap = (u->fcr & 1) ? UART16550_FIFO : 1;
    return cap - u->rx_count;
}

void uart16550_set_modem_inputs(uart16550_t *u, uint8_t bits)
{
    u->cfg.msr_inputs = bits & 0xf0;
    set_lines(u, modem_lines(u));
    update_irq(u);
}

uint8_t uart16550_peek(const uart16550_t *u, unsigned reg)
{
    bool dlab = u->lcr & 0x80;
    switch (reg & 7) {
    case UART_RBR: return dlab ? (uint8_t)u->divisor : (u->rx_count ? u->rx[u->rx_head] : 0);
    case UART_IER: return dlab ? (uint8_t)(u->divisor >> 8) : u->ier;
    case UART_IIR: return (uint8_t)(pending_iir(u) | ((u->fcr & 1) ? 0xc0 : 0));
    case UART_LCR: return u->lcr;
    case UART_MCR: return u->mcr;
    case UART_LSR: return u->lsr;
    case UART_MSR: return u->msr;
    default: return u->scr;
    }
}

uint8_t uart16550_read(uart16550_t *u, unsigned reg)
{
    uint8_t v = uart16550_peek(u, reg);
    bool dlab = u->lcr & 0x80;
    switch (reg & 7) {
    case UART_RBR:
        if (!dlab && u->rx_count) {
            u->rx_head = (u->rx_head + 1) % UART16550_FIFO;
            u->rx_count--;
            if (!u->rx_count)
                u->lsr &= (uint8_t)~UART_LSR_DR;
            update_irq(u);
        }
        break;
    case UART_IIR:
        /* Reading IIR while it reports THRE clears that source (§8.5). */
        if ((v & 0x0f) == UART_IIR_THRI) {
            u->thre_pending = false;
            update_irq(u);
        }
        break;
    case UART_LSR:
        u->lsr &= (uint8_t)~0x9e; /* OE, PE, FE, BI and the FIFO error flag clear on read */
        update_irq(u);
        break;
    case UART_MSR:
        u->msr &= 0xf0;
        update_irq(u);
        break;
    default: break;
    }
    return v;
}

void uart16550_write(uart16550_t *u, unsigned reg, uint8_t val)
{
    bool dlab = u->lcr & 0x80;
    switch (reg & 7) {
    case UART_THR:
        if (dlab) {
            u->divisor = (uint16_t)((u->divisor & 0xff00) | val);
            break;
        }
        if (u->mcr & 0x10)
            rx_push(u, val); /* loopback: TSR feeds RSR internally */
        else if (u->cfg.tx)
            u->cfg.tx(u->cfg.ctx, val);
        /* THR empties at once; THRE/TEMT stay set and the THRE interrupt is re-armed. */
        u->thre_pending = true;
        break;
    case UART_IER:
        if (dlab) {
            u->divisor = (uint16_t)((u->divisor & 0x00ff) | (val << 8));
            break;
        }
        /* Enabling ETBEI while THR is empty raises the THRE interrupt (§8.5). */
        if ((val & UART_IER_THRI) && !(u->ier & UART_IER_THRI) && (u->lsr & UART_LSR_THRE))
            u->thre_pending = true;
        u->ier = val & 0x0f;
        break;
    case UART_FCR:
        if ((val ^ u->fcr) & 1) { /* changing FIFO enable clears both FIFOs */
            u->rx_head = u->rx_count = 0;
            u->lsr &= (uint8_t)~UART_LSR_DR;
        }
        if (val & 0x02) { /* RCVR FIFO reset */
            u->rx_head = u->rx_count = 0;
            u->lsr &= (uint8_t)~UART_LSR_DR;
        }
        /* XMIT FIFO reset (bit 2) has nothing to drop: transmission is immediate. */
        u->fcr = val & 0xc9;
        if (!(u->fcr & 1))
            u->fcr = 0;
        break;
    case UART_LCR: u->lcr = val; break;
    case UART_MCR:
        u->mcr = val & 0x1f;
        set_lines(u, modem_lines(u));
        break;
    case UART_LSR: break; /* factory test only */
    case UART_MSR: break;
    default: u->scr = val; break;
    }
    update_irq(u);
}

void uart16550_serialize(uart16550_t *u, ser_t *s)
{
    SER(s, u->ier);
    SER(s, u->lcr);
    SER(s, u->mcr);
    SER(s, u->lsr);
    SER(s, u->msr);
    SER(s, u->scr);
    SER(s, u->fcr);
    SER(s, u->divisor);
    ser_bytes(s, u->rx, sizeof u->rx);
    SER_MAX(s, u->rx_head, UART16550_FIFO - 1);
    SER_MAX(s, u->rx_count, UART16550_FIFO);
    SER(s, u->thre_pending);
    SER(s, u->irq_out);
}
