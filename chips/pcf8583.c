#include "chips/pcf8583.h"

#include "machines/state.h"

#include <stddef.h>
#include <string.h>

static uint8_t bcd(unsigned v) { return (uint8_t)(((v / 10) << 4) | (v % 10)); }
static unsigned unbcd(uint8_t v) { return (v >> 4) * 10u + (v & 15u); }

static int64_t clock_cs(const pcf8583_t *p)
{
    if (p->hold)
        return p->held_cs;
    int64_t now = p->cfg.now_cs ? (int64_t)p->cfg.now_cs(p->cfg.ctx) : 0;
    return p->base_cs + now;
}

/* Registers 1-6 in the 24 h format the RiscPC uses (data sheet Table 3 and Fig. 7/8):
 * 1 hundredths, 2 seconds, 3 minutes, 4 hours, 5 year(2 bits)/date, 6 weekday(3)/month. */
static void clock_regs(const pcf8583_t *p, uint8_t out[7])
{
    int64_t cs = clock_cs(p);
    time_t secs = (time_t)(cs / 100);
    struct tm tm;
    gmtime_r(&secs, &tm);
    out[1] = bcd((unsigned)(cs % 100));
    out[2] = bcd((unsigned)tm.tm_sec);
    out[3] = bcd((unsigned)tm.tm_min);
    out[4] = bcd((unsigned)tm.tm_hour) | (p->ram[4] & 0x80 ? 0x80 : 0);
    out[5] = (uint8_t)((((unsigned)tm.tm_year + 1900u) & 3u) << 6) | bcd((unsigned)tm.tm_mday);
    out[6] = (uint8_t)((unsigned)tm.tm_wday << 5) | bcd((unsigned)tm.tm_mon + 1u);
}

/* A write to a clock register: rebuild the time from the registers with that one changed. */
static void clock_write(pcf8583_t *p, uint8_t reg, uint8_t val)
{
    uint8_t r[7];
    int64_t cs = clock_cs(p);
    clock_regs(p, r);
    r[reg] = val;
    time_t secs = (time_t)(cs / 100);
    struct tm tm;
    gmtime_r(&secs, &tm);
    int year = tm.tm_year + 1900;
    int y2 = r[5] >> 6;
    year = year - (year & 3) + y2; /* keep the century/leap cycle, take the chip's year bits */
    tm.tm_year = year - 1900;
    tm.tm_mon = (int)unbcd(r[6] & 0x1f) - 1;
    tm.tm_mday = (int)unbcd(r[5] & 0x3f);
    tm.tm_hour = (int)unbcd(r[4] & 0x3f);
    tm.tm_min = (int)unbcd(r[3] & 0x7f);
    tm.tm_sec = (int)unbcd(r[2] & 0x7f);
    int64_t ncs = (int64_t)timegm(&tm) * 100 + (int64_t)unbcd(r[1]);
    int64_t now = p->cfg.now_cs ? (int64_t)p->cfg.now_cs(p->cfg.ctx) : 0;
    if (p->hold)
        p->held_cs = ncs;
    else
        p->base_cs = ncs - now;
    if (reg == 4)
        p->ram[4] = val & 0xc0; /* 12/24 h flag kept (the clock itself counts in 24 h) */
}

void pcf8583_init(pcf8583_t *p, const pcf8583_cfg_t *cfg)
{
    memset(p, 0, sizeof *p);
    p->cfg = *cfg;
    if (!p->cfg.address)
        p->cfg.address = 0x50;
    p->base_cs = p->cfg.start_time * 100;
    pcf8583_reset(p);
}

/* Power-on: control register 0, bus idle; RAM keeps its contents (battery backed). */
void pcf8583_reset(pcf8583_t *p)
{
    p->ram[0] = 0;
    p->hold = false;
    p->scl = p->sda = true;
    p->sda_out = true;
    p->state = PCF_IDLE;
}

uint8_t *pcf8583_ram(pcf8583_t *p) { return p->ram; }

uint8_t pcf8583_peek(const pcf8583_t *p, uint8_t addr)
{
    if (addr >= 1 && addr <= 6) {
        uint8_t r[7];
        clock_regs(p, r);
        return r[addr];
    }
    return p->ram[addr];
}

static uint8_t read_byte(pcf8583_t *p)
{
    uint8_t a = p->ptr;
    uint8_t v = (a >= 1 && a <= 6) ? p->latched[a] : p->ram[a];
    p->ptr = (uint8_t)(p->ptr + 1); /* the word address auto-increments and wraps (§7.10) */
    return v;
}

static void write_byte(pcf8583_t *p, uint8_t v)
{
    uint8_t a = p->ptr;
    if (a == 0) {
        bool hold = v & 0x40;
        if (hold && !p->hold) {
            p->held_cs = clock_cs(p);
            p->hold = true;
        } else if (!hold && p->hold) {
            int64_t now = p->cfg.now_cs ? (int64_t)p->cfg.now_cs(p->cfg.ctx) : 0;
            p->hold = false;
            p->base_cs = p->held_cs - now;
        }
        p->ram[0] = v;
    } else if (a >= 1 && a <= 6) {
        clock_write(p, a, v);
    } else {
        p->ram[a] = v;
    }
    p->ptr = (uint8_t)(p->ptr + 1);
}

bool pcf8583_bus(pcf8583_t *p, bool scl, bool sda)
{
    bool old_scl = p->scl, old_sda = p->sda;
    p->scl = scl;
    p->sda = sda;
    if (scl && old_scl && old_sda != sda) {
        if (!sda) { /* START (or repeated START): SDA falls while SCL is high */
            p->state = PCF_ADDR;
            p->bits = 0;
            p->shift = 0;
        } else {    /* STOP */
            p->state = PCF_IDLE;
        }
        p->sda_out = true;
        return p->sda_out;
    }
    if (scl && !old_scl) { /* rising edge: sample SDA */
        switch (p->state) {
        case PCF_ADDR:
        case PCF_WORD:
        case PCF_WDATA:
            p->shift = (uint8_t)((p->shift << 1) | (sda ? 1 : 0));
            p->bits++;
            break;
        case PCF_ACK_R:
            /* master ACK (low) asks for another byte; NACK ends the read */
            p->state = sda ? PCF_IDLE : PCF_RDATA;
            p->bits = 0;
            if (!sda)
                p->shift = read_byte(p);
            break;
        default: break;
        }
        return p->sda_out;
    }
    if (!scl && old_scl) { /* falling edge: the chip changes SDA while SCL is low */
        switch (p->state) {
        case PCF_ADDR:
            if (p->bits == 8) {
                if ((p->shift >> 1) == p->cfg.address) {
                    p->read_mode = p->shift & 1;
                    p->state = PCF_ACK_ADDR;
                    p->sda_out = false;
                } else {
                    p->state = PCF_IDLE; /* not us: stay off the bus */
                }
            }
            break;
        case PCF_ACK_ADDR:
            p->sda_out = true;
            p->bits = 0;
            p->shift = 0;
            if (p->read_mode) {
                clock_regs(p, p->latched);
                p->state = PCF_RDATA;
                p->shift = read_byte(p);
                p->sda_out = p->shift & 0x80;
                p->bits = 1;
            } else {
                p->state = PCF_WORD;
            }
            break;
        case PCF_WORD:
        case PCF_WDATA:
            if (p->bits == 8) {
                if (p->state == PCF_WORD)
                    p->ptr = p->shift;
                else
                    write_byte(p, p->shift);
                p->state = p->state == PCF_WORD ? PCF_ACK_WORD : PCF_ACK_W;
                p->sda_out = false;
            }
            break;
        case PCF_ACK_WORD:
        case PCF_ACK_W:
            p->sda_out = true;
            p->state = PCF_WDATA;
            p->bits = 0;
            p->shift = 0;
            break;
        case PCF_RDATA:
            if (p->bits < 8) {
                p->sda_out = (p->shift >> (7 - p->bits)) & 1;
                p->bits++;
            } else {
                p->sda_out = true; /* release for the master's acknowledge */
                p->state = PCF_ACK_R;
            }
            break;
        case PCF_ACK_R:
            break;
        default: break;
        }
        if (p->state == PCF_RDATA && p->bits == 0) { /* after a master ACK: first bit out */
            p->sda_out = p->shift & 0x80;
            p->bits = 1;
        }
    }
    return p->sda_out;
}

/* A clock value within ±30,000 years of 1970 (in 1/100 s), so date arithmetic cannot overflow. */
static void ser_clock(ser_t *s, int64_t *cs)
{
    const int64_t lim = 100000000000000ll;
    SER(s, *cs);
    if (ser_loading(s) && ser_ok(s) && (*cs < -lim || *cs > lim))
        ser_fail(s, "the clock is %lld centiseconds from 1970", (long long)*cs);
}

void pcf8583_serialize(pcf8583_t *p, ser_t *s)
{
    ser_bytes(s, p->ram, sizeof p->ram);
    ser_clock(s, &p->base_cs);
    SER(s, p->hold);
    ser_clock(s, &p->held_cs);
    SER(s, p->scl);
    SER(s, p->sda);
    SER(s, p->sda_out);
    SER_ENUM(s, p->state, PCF_ACK_R);
    SER(s, p->shift);
    uint32_t bits = (uint32_t)p->bits;
    SER_MAX(s, bits, 8);
    p->bits = (int)bits;
    SER(s, p->read_mode);
    SER(s, p->have_word);
    SER(s, p->ptr);
    ser_bytes(s, p->latched, sizeof p->latched);
}
