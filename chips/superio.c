#include "chips/superio.h"

#include "machines/state.h"

#include <stddef.h>
#include <string.h>

/* Configuration register power-on values (FDC37C665GT data sheet, "Configuration registers"):
 * CR0 0x3b (FDC and IDE enabled), CR1 0x9f, CR2 0xdc (UART1 at 0x3f8 and UART2 at 0x2f8, both
 * powered), CR3 0x78, CRD device ID 0x65, CRE revision. */
static const uint8_t cr_reset[16] = {0x3b, 0x9f, 0xdc, 0x78, 0x00, 0x00, 0xff, 0x00,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x65, 0x02, 0x00};

void superio_init(superio_t *s, const superio_cfg_t *cfg)
{
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    superio_reset(s);
}

void superio_reset(superio_t *s)
{
    memcpy(s->cr, cr_reset, sizeof s->cr);
    s->cfg_unlock = 0;
    s->cfg_index = 0;
    s->lpt_data = 0;
    s->lpt_ctrl = 0x0c; /* INIT high, SELECTIN asserted */
}

static unsigned uart_base(uint8_t sel)
{
    static const unsigned base[4] = {0x3f8, 0x2f8, 0x338, 0x238};
    return base[sel & 3];
}

superio_dev_t superio_decode(const superio_t *s, unsigned port, unsigned *reg)
{
    port &= 0x3ff;
    uint8_t cr2 = s->cr[2];
    if ((cr2 & 0x04) && port >= uart_base(cr2) && port < uart_base(cr2) + 8) {
        *reg = port & 7;
        return SUPERIO_UART1;
    }
    if ((cr2 & 0x40) && port >= uart_base(cr2 >> 4) && port < uart_base(cr2 >> 4) + 8) {
        *reg = port & 7;
        return SUPERIO_UART2;
    }
    if ((s->cr[0] & 0x01) && port >= 0x1f0 && port < 0x1f8) {
        *reg = port & 7;
        return SUPERIO_IDE;
    }
    /* 0x3f6 is the IDE device control / alternate status; 0x3f7 stays with the FDC (DIR/CCR). */
    if ((s->cr[0] & 0x01) && port == 0x3f6) {
        *reg = 0;
        return SUPERIO_IDE_CTL;
    }
    if ((s->cr[0] & 0x08) && port >= 0x3f0 && port < 0x3f8) {
        *reg = port & 7;
        return SUPERIO_FDC;
    }
    return SUPERIO_NONE;
}

static unsigned lpt_base(const superio_t *s)
{
    static const unsigned base[4] = {0, 0x3bc, 0x378, 0x278};
    return base[s->cr[1] & 3];
}

/* Parallel port status: no error, selected, paper present, not busy, no ACK pulse. */
static uint8_t lpt_status(void) { return 0xd8; }

uint8_t superio_peek(const superio_t *s, unsigned port)
{
    port &= 0x3ff;
    if (s->cfg_unlock == 2 && port == 0x3f1)
        return s->cr[s->cfg_index & 15];
    unsigned lb = lpt_base(s);
    if (lb && port >= lb && port < lb + 3) {
        switch (port - lb) {
        case 0: return s->lpt_data;
        case 1: return lpt_status();
        default: return (uint8_t)(s->lpt_ctrl | 0xe0);
        }
    }
    return 0xff;
}

uint32_t superio_read(superio_t *s, unsigned port, unsigned size)
{
    port &= 0x3ff;
    if (s->cfg_unlock == 2 && (port == 0x3f0 || port == 0x3f1))
        return port == 0x3f1 ? s->cr[s->cfg_index & 15] : s->cfg_index;
    unsigned reg;
    superio_dev_t d = superio_decode(s, port, &reg);
    if (d != SUPERIO_NONE && s->cfg.dev_read)
        return s->cfg.dev_read(s->cfg.ctx, d, reg, size);
    return superio_peek(s, port);
}

void superio_write(superio_t *s, unsigned port, uint32_t value, unsigned size)
{
    port &= 0x3ff;
    uint8_t v = (uint8_t)value;
    /* Configuration access keys (data sheet "Entering the configuration mode"). */
    if (port == 0x3f0) {
        if (s->cfg_unlock == 2) {
            if (v == 0xaa)
                s->cfg_unlock = 0;
            else
                s->cfg_index = v;
            return;
        }
        if (v == 0x55) {
            s->cfg_unlock++;
            return;
        }
        s->cfg_unlock = 0;
    } else if (port == 0x3f1 && s->cfg_unlock == 2) {
        if ((s->cfg_index & 15) < 0x0d)
            s->cr[s->cfg_index & 15] = v; /* CRD/CRE (ID, revision) are read-only */
        return;
    }
    unsigned lb = lpt_base(s);
    if (lb && port >= lb && port < lb + 3) {
        if (port == lb) {
            s->lpt_data = v;
        } else if (port == lb + 2) {
            /* STROBE (bit 0, inverted at the pin) going active latches the data out. */
            if ((v & 1) && !(s->lpt_ctrl & 1) && s->cfg.print)
                s->cfg.print(s->cfg.ctx, s->lpt_data);
            s->lpt_ctrl = v & 0x3f;
        }
        return;
    }
    unsigned reg;
    superio_dev_t d = superio_decode(s, port, &reg);
    if (d != SUPERIO_NONE && s->cfg.dev_write)
        s->cfg.dev_write(s->cfg.ctx, d, reg, value, size);
}

void superio_serialize(superio_t *s, ser_t *ser)
{
    ser_bytes(ser, s->cr, sizeof s->cr);
    int32_t unlock = s->cfg_unlock; /* keys seen: 2 = in configuration mode */
    SER_MAX(ser, unlock, 2);
    if (unlock < 0 && ser_loading(ser) && ser_ok(ser))
        ser_fail(ser, "configuration keys seen is %d", (int)unlock);
    s->cfg_unlock = unlock;
    SER(ser, s->cfg_index);
    SER(ser, s->lpt_data);
    SER(ser, s->lpt_ctrl);
}
