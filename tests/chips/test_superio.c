#include "chips/superio.h"
#include "tests/test.h"

typedef struct { int dev, reg; uint32_t val; int writes; uint8_t printed[8]; int nprint; } sio_env_t;
static uint32_t e_read(void *c, superio_dev_t d, unsigned reg, unsigned size)
{
    (void)size;
    sio_env_t *e = c;
    e->dev = d;
    e->reg = (int)reg;
    return 0x40 + reg;
}
static void e_write(void *c, superio_dev_t d, unsigned reg, uint32_t v, unsigned size)
{
    (void)size;
    sio_env_t *e = c;
    e->dev = d;
    e->reg = (int)reg;
    e->val = v;
    e->writes++;
}
static void e_print(void *c, uint8_t b) { sio_env_t *e = c; if (e->nprint < 8) e->printed[e->nprint++] = b; }

TEST(superio_decode_pc_ports)
{
    sio_env_t e = {0};
    superio_t s;
    superio_init(&s, &(superio_cfg_t){.ctx = &e, .dev_read = e_read, .dev_write = e_write, .print = e_print});
    unsigned reg;
    CHECK_EQ(superio_decode(&s, 0x3fd, &reg), SUPERIO_UART1); CHECK_EQ(reg, 5);
    CHECK_EQ(superio_decode(&s, 0x2f8, &reg), SUPERIO_UART2); CHECK_EQ(reg, 0);
    CHECK_EQ(superio_decode(&s, 0x1f7, &reg), SUPERIO_IDE); CHECK_EQ(reg, 7);
    CHECK_EQ(superio_decode(&s, 0x3f6, &reg), SUPERIO_IDE_CTL);
    CHECK_EQ(superio_decode(&s, 0x3f5, &reg), SUPERIO_FDC); CHECK_EQ(reg, 5);
    CHECK_EQ(superio_decode(&s, 0x3f7, &reg), SUPERIO_FDC);
    CHECK_EQ(superio_decode(&s, 0x100, &reg), SUPERIO_NONE);
    CHECK_EQ(superio_read(&s, 0x3fe, 1), 0x46);
    CHECK_EQ(e.dev, SUPERIO_UART1);
    superio_write(&s, 0x1f2, 9, 1);
    CHECK_EQ(e.dev, SUPERIO_IDE); CHECK_EQ(e.reg, 2); CHECK_EQ(e.val, 9);
}

TEST(superio_configuration_mode)
{
    sio_env_t e = {0};
    superio_t s;
    superio_init(&s, &(superio_cfg_t){.ctx = &e, .dev_read = e_read, .dev_write = e_write});
    superio_write(&s, 0x3f0, 0x55, 1);
    superio_write(&s, 0x3f0, 0x55, 1);
    CHECK_EQ(e.writes, 0); /* the keys do not reach the FDC */
    superio_write(&s, 0x3f0, 0x0d, 1);
    CHECK_EQ(superio_read(&s, 0x3f1, 1), 0x65); /* device ID */
    superio_write(&s, 0x3f0, 0x02, 1);
    CHECK_EQ(superio_read(&s, 0x3f1, 1), 0xdc);
    superio_write(&s, 0x3f1, 0xd8, 1); /* UART1 off (bit 2 clear), UART2 stays at 0x2f8 */
    superio_write(&s, 0x3f0, 0xaa, 1); /* leave */
    unsigned reg;
    CHECK_EQ(superio_decode(&s, 0x3f8, &reg), SUPERIO_NONE);
    CHECK_EQ(superio_decode(&s, 0x2f8, &reg), SUPERIO_UART2);
    superio_write(&s, 0x3f2, 0x0c, 1); /* FDC DOR reaches the FDC again */
    CHECK_EQ(e.dev, SUPERIO_FDC);
}

TEST(superio_parallel_port)
{
    sio_env_t e = {0};
    superio_t s;
    superio_init(&s, &(superio_cfg_t){.ctx = &e, .dev_read = e_read, .dev_write = e_write, .print = e_print});
    /* CR1 power-on value selects 0x278 */
    superio_write(&s, 0x278, 'A', 1);
    CHECK_EQ(superio_read(&s, 0x279, 1) & 0x80, 0x80); /* not busy */
    superio_write(&s, 0x27a, 0x0d, 1); /* strobe */
    superio_write(&s, 0x27a, 0x0c, 1);
    superio_write(&s, 0x278, 'B', 1);
    superio_write(&s, 0x27a, 0x0d, 1);
    CHECK_EQ(e.nprint, 2);
    CHECK_EQ(e.printed[0], 'A');
    CHECK_EQ(e.printed[1], 'B');
}
