/* Zorro II AUTOCONFIG: see zorro2.h (HRM appendix K). */
#include "chips/zorro2.h"
#include "machines/state.h"

#include <string.h>

void zorro2_init(zorro2_t *z) { memset(z, 0, sizeof *z); }

int zorro2_add(zorro2_t *z, const zorro2_board_t *b)
{
    if (z->count >= ZORRO2_MAX_BOARDS)
        return -1;
    z->board[z->count] = *b;
    return z->count++;
}

void zorro2_reset(zorro2_t *z)
{
    for (int i = 0; i < z->count; i++) {
        z->base[i] = 0;
        z->configured[i] = z->shut_up[i] = false;
        z->base_lo[i] = 0;
        if (z->board[i].reset)
            z->board[i].reset(z->board[i].ctx);
    }
}

uint32_t zorro2_board_size(const zorro2_board_t *b)
{
    unsigned code = b->type & 7;
    return code ? 0x10000u << (code - 1) : 0x800000u;
}

int zorro2_config_board(const zorro2_t *z)
{
    /* /CFGOUT of a board goes active once it is configured or shut up. */
    for (int i = 0; i < z->count; i++)
        if (!z->configured[i] && !z->shut_up[i])
            return i;
    return -1;
}

/* Logical byte n of the board's configuration registers (true values). */
static uint8_t config_byte(const zorro2_board_t *b, unsigned n)
{
    switch (n) {
    case 0x00: return b->type;
    case 0x01: return b->product;
    case 0x02: return b->flags;
    case 0x04: return (uint8_t)(b->manufacturer >> 8);
    case 0x05: return (uint8_t)b->manufacturer;
    case 0x06: return (uint8_t)(b->serial >> 24);
    case 0x07: return (uint8_t)(b->serial >> 16);
    case 0x08: return (uint8_t)(b->serial >> 8);
    case 0x09: return (uint8_t)b->serial;
    case 0x0A: return (uint8_t)(b->diag_vec >> 8);
    case 0x0B: return (uint8_t)b->diag_vec;
    default: return 0; /* reserved bytes and ec_Interrupt (no interrupt status) read 0 */
    }
}

/* The nibble a board drives on D15-D12 at a physical offset of the configuration space. */
static uint8_t config_nibble(const zorro2_board_t *b, uint32_t off)
{
    unsigned n = (off >> 2) & 0x1F;
    uint8_t v = config_byte(b, n);
    uint8_t nib = (off & 2) ? (v & 0xF) : (uint8_t)(v >> 4);
    /* Inverted, except er_Type ($00/$02) and the ExpansionControl area ($40 on). */
    if (n != 0 && n < 0x10)
        nib = (uint8_t)(~nib & 0xF);
    return nib;
}

static bool config_read(const zorro2_t *z, uint32_t off, unsigned size, uint16_t *out)
{
    int i = zorro2_config_board(z);
    if (i < 0)
        return false;
    /* Only D15-D12 are driven; the other lines float (0 on the A500's bus). Registers repeat
       every 128 bytes: a board decodes A6-A1 there. */
    (void)size;
    *out = (uint16_t)(config_nibble(&z->board[i], off & 0x7E) << 12);
    return true;
}

static bool config_write(zorro2_t *z, uint32_t off, uint16_t value, unsigned size)
{
    int i = zorro2_config_board(z);
    if (i < 0)
        return false;
    if (size == 1 && (off & 1))
        return true; /* D7-D0 are not connected to the configuration registers */
    uint8_t nib = (uint8_t)(value >> 12); /* D15-D12, for bytes and words alike */
    switch (off & 0x7E) {
    case ZORRO2_EC_BASE_LO:
        z->base_lo[i] = nib;
        break;
    case ZORRO2_EC_BASE_HI:
        /* Writing the high nibble configures the board at A23-A16 (HRM appendix K). */
        z->base[i] = (uint32_t)(nib << 4 | z->base_lo[i]) << 16;
        z->configured[i] = true;
        break;
    case ZORRO2_EC_SHUTUP:
        if (!(z->board[i].flags & ERFF_NOSHUTUP))
            z->shut_up[i] = true;
        break;
    default:
        break;
    }
    return true;
}

/* The configured board whose window holds addr. */
static int board_at(const zorro2_t *z, uint32_t addr)
{
    for (int i = 0; i < z->count; i++) {
        if (!z->configured[i])
            continue;
        uint32_t size = zorro2_board_size(&z->board[i]);
        if (addr >= z->base[i] && addr - z->base[i] < size)
            return i;
    }
    return -1;
}

static bool in_config(uint32_t addr) { return addr - ZORRO2_CONFIG_BASE < ZORRO2_CONFIG_SIZE; }

bool zorro2_read(zorro2_t *z, uint32_t addr, unsigned size, uint16_t *out)
{
    addr &= 0xFFFFFF;
    if (in_config(addr))
        return config_read(z, addr - ZORRO2_CONFIG_BASE, size, out);
    int i = board_at(z, addr);
    if (i < 0 || !z->board[i].read)
        return false;
    *out = z->board[i].read(z->board[i].ctx, addr - z->base[i], size);
    return true;
}

bool zorro2_write(zorro2_t *z, uint32_t addr, uint16_t value, unsigned size)
{
    addr &= 0xFFFFFF;
    if (in_config(addr)) {
        return config_write(z, addr - ZORRO2_CONFIG_BASE, value, size);
    }
    int i = board_at(z, addr);
    if (i < 0 || !z->board[i].write)
        return false;
    z->board[i].write(z->board[i].ctx, addr - z->base[i], value, size);
    return true;
}

bool zorro2_peek(const zorro2_t *z, uint32_t addr, unsigned size, uint16_t *out)
{
    addr &= 0xFFFFFF;
    if (in_config(addr))
        return config_read(z, addr - ZORRO2_CONFIG_BASE, size, out);
    int i = board_at(z, addr);
    if (i < 0 || !z->board[i].peek)
        return false;
    *out = z->board[i].peek(z->board[i].ctx, addr - z->base[i], size);
    return true;
}

/* ---- save states (machines/state.h) ---- */

void zorro2_serialize(zorro2_t *z, ser_t *s)
{
    SER_EXPECT(s, z->count, "expansion boards:");
    for (int i = 0; i < z->count && ser_ok(s); i++) {
        SER(s, z->base[i]);
        SER(s, z->configured[i]);
        SER(s, z->shut_up[i]);
        SER_MAX(s, z->base_lo[i], 0xF);
    }
}
