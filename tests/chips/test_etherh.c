/* EtherLan 600 podule as Linux's ecard.c and etherh.c see it through the podule bus. */
#include <stdio.h>

#include "chips/etherh.h"
#include "chips/podule.h"
#include "tests/test.h"

typedef struct rig {
    podule_bus_t bus;
    etherh_t card;
    bool podule_irq;
    int sent;
    size_t last_len;
} rig_t;

static void bus_irq(void *ctx, bool level) { ((rig_t *)ctx)->podule_irq = level; }
static void card_irq(void *ctx, bool level) { podule_set_irq(&((rig_t *)ctx)->bus, 0, level); }
static void card_tx(void *ctx, const uint8_t *f, size_t len)
{
    (void)f;
    ((rig_t *)ctx)->sent++;
    ((rig_t *)ctx)->last_len = len;
}

static void rig_init(rig_t *r)
{
    memset(r, 0, sizeof *r);
    podule_bus_init(&r->bus, &(podule_bus_cfg_t){.ctx = r, .irq = bus_irq});
    etherh_cfg_t cfg = {.mac = {0x00, 0x00, 0xa4, 0x01, 0x02, 0x03}, .ctx = r, .irq = card_irq, .transmit = card_tx};
    etherh_init(&r->card, &cfg);
    podule_card_t c;
    etherh_card(&r->card, &c);
    podule_attach(&r->bus, 0, &c);
}

#define IOC_SYNC0 0x033c0000u /* slot 0, sync speed */
#define MEMC0 0x03000000u
#define EASI0 0x08000000u

static uint8_t id_byte(rig_t *r, unsigned k) { return (uint8_t)podule_read(&r->bus, IOC_SYNC0 + 4 * k, 1); }

TEST(etherh_identity_as_ecard_reads_it)
{
    rig_t r;
    rig_init(&r);
    CHECK_EQ(podule_read(&r.bus, EASI0, 1) & 0x02, 0x02); /* not an EASI card */
    CHECK_EQ(id_byte(&r, 0) & 0x7b, 0x00);                 /* present, extended ID, no IRQ */
    CHECK_EQ(id_byte(&r, 1) & 0x03, 0x01);                 /* chunk directory, no status pointers */
    CHECK_EQ(id_byte(&r, 3) | id_byte(&r, 4) << 8, 0x00ec);
    CHECK_EQ(id_byte(&r, 5) | id_byte(&r, 6) << 8, 0x0046);
    /* Walk the chunk directory for the description (0xF5) and parse the MAC like etherh_addr. */
    char desc[257] = "";
    for (unsigned e = 16; e < 16 + 8 * 8; e += 8) {
        uint8_t type = id_byte(&r, e);
        if (type == 0)
            break;
        unsigned len = id_byte(&r, e + 1) | id_byte(&r, e + 2) << 8 | (unsigned)id_byte(&r, e + 3) << 16;
        unsigned start = id_byte(&r, e + 4) | id_byte(&r, e + 5) << 8;
        if (type == 0xf5)
            for (unsigned i = 0; i < len && i < 256; i++)
                desc[i] = (char)id_byte(&r, start + i);
    }
    unsigned m[6];
    const char *paren = strchr(desc, '(');
    REQUIRE(paren != NULL);
    CHECK_EQ(sscanf(paren, "(%x:%x:%x:%x:%x:%x)", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]), 6);
    CHECK_EQ(m[5], 0x03);
    CHECK(strncmp(desc, "EtherLan 600", 12) == 0);
}

TEST(etherh_registers_and_media_status)
{
    rig_t r;
    rig_init(&r);
    podule_write(&r.bus, MEMC0 + 0x800, 0x21, 1);           /* CR: stop, page 0 */
    CHECK_EQ(podule_read(&r.bus, MEMC0 + 0x800, 1), 0x21);
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 1, 13, 1);     /* PSTART */
    CHECK_EQ(r.card.nic.pstart, 13);
    CHECK_EQ(podule_read(&r.bus, MEMC0 + 0x800 + 4 * 0x0b, 1) & 0x04, 0x04); /* 10BaseT link */
    podule_write(&r.bus, MEMC0 + 0x800, 0x61, 1);           /* page 1: 0x0b is MAR3 there */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x0b, 0x99, 1);
    CHECK_EQ(podule_read(&r.bus, MEMC0 + 0x800 + 4 * 0x0b, 1), 0x99);
}

TEST(etherh_interrupt_needs_enable_bit)
{
    rig_t r;
    rig_init(&r);
    /* Start the NIC with PTX enabled and send a (loopback-free) frame. */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x0d, 0x00, 1); /* TCR normal */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x0f, 0x3f, 1); /* IMR */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x05, 60, 1);   /* TBCR0 */
    podule_write(&r.bus, MEMC0 + 0x800, 0x26, 1);            /* start + transmit */
    CHECK_EQ(r.sent, 1);
    CHECK_EQ(r.last_len, 60);
    CHECK(!r.podule_irq);                                     /* IE still 0 */
    CHECK_EQ(id_byte(&r, 0) & 1, 0);
    podule_write(&r.bus, MEMC0 + 0xa00, 0x01, 1);            /* control: IE */
    CHECK(r.podule_irq);
    CHECK_EQ(id_byte(&r, 0) & 1, 1);                          /* what ecard_irq_handler tests */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x07, 0x02, 1); /* ISR: clear PTX */
    CHECK(!r.podule_irq);
}

TEST(etherh_data_port_word_semantics)
{
    rig_t r;
    rig_init(&r);
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x0e, 0x49, 1); /* DCR word mode */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x02, 127, 1);  /* PSTOP */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x01, 13, 1);   /* PSTART */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x08, 0x00, 1); /* RSAR = 0x0100 */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x09, 0x01, 1);
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x0a, 4, 1);    /* RBCR = 4 */
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x0b, 0, 1);
    podule_write(&r.bus, MEMC0 + 0x800, 0x12, 1);            /* remote write */
    podule_write(&r.bus, MEMC0 + 0x840, 0xbbaau | 0xbbaau << 16, 4); /* writesw: hw in both halves */
    podule_write(&r.bus, MEMC0 + 0x840, 0xddccu | 0xddccu << 16, 4);
    CHECK_EQ(r.card.nic.mem[0x100], 0xaa);
    CHECK_EQ(r.card.nic.mem[0x103], 0xdd);
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x08, 0x00, 1);
    podule_write(&r.bus, MEMC0 + 0x800 + 4 * 0x0a, 3, 1);
    podule_write(&r.bus, MEMC0 + 0x800, 0x0a, 1);            /* remote read */
    CHECK_EQ(podule_read(&r.bus, MEMC0 + 0x840, 4) & 0xffff, 0xbbaa);
    CHECK_EQ(podule_read(&r.bus, MEMC0 + 0x840, 1), 0xcc);    /* odd tail: one LDRB */
    CHECK_EQ(podule_read(&r.bus, MEMC0 + 0x800 + 4 * 0x07, 1) & 0x40, 0x40); /* RDC */
}
