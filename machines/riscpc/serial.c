/* The RiscPC's first serial port as the user sees it: what the guest sends goes to a file or
 * stdout (--serial), to the frontend's tap and to a log kept for tests; with --serial stdout,
 * what is typed on the host's stdin comes back in. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "machines/riscpc/internal.h"

int riscpc_serial_open(riscpc_t *m, const machine_config_t *cfg, char *err, size_t errlen)
{
    m->serial_tap = cfg->serial_tap;
    m->serial_tap_ctx = cfg->serial_tap_ctx;
    if (!cfg->serial)
        return 0;
    if (!strcmp(cfg->serial, "stdout")) {
        m->serial = stdout;
        return 0;
    }
    m->serial = fopen(cfg->serial, "wb");
    if (!m->serial) {
        snprintf(err, errlen, "riscpc: --serial %s: %s", cfg->serial, strerror(errno));
        return -1;
    }
    m->serial_close = true;
    return 0;
}

void riscpc_serial_close(riscpc_t *m)
{
    if (m->serial) {
        fflush(m->serial);
        if (m->serial_close)
            fclose(m->serial);
    }
    m->serial = NULL;
    m->serial_close = false;
}

/* UART 0's transmitter (uart16550_cfg_t.tx). */
void riscpc_serial_tx(void *ctx, uint8_t b)
{
    riscpc_t *m = ctx;
    if (m->serial) {
        fputc(b, m->serial);
        if (b == '\n')
            fflush(m->serial);
    }
    if (m->serial_tap)
        m->serial_tap(m->serial_tap_ctx, b);
    if (m->log_len == RISCPC_SERIAL_LOG - 1) { /* keep the most recent half */
        memmove(m->serial_log, m->serial_log + RISCPC_SERIAL_LOG / 2, RISCPC_SERIAL_LOG / 2 - 1);
        m->log_len = RISCPC_SERIAL_LOG / 2 - 1;
    }
    m->serial_log[m->log_len++] = (char)b;
    m->serial_log[m->log_len] = 0;
}

const char *riscpc_serial_log(machine_t *mm) { return ((riscpc_t *)mm)->serial_log; }

/* Serial input: with --serial stdout, bytes typed on the host's stdin go to the first UART,
 * no faster than its receive FIFO takes them. */
void riscpc_serial_poll_input(riscpc_t *m)
{
    if (m->serial != stdout || m->stdin_eof)
        return;
    unsigned space = uart16550_rx_space(&m->uart[0]);
    if (!space)
        return;
    struct pollfd pfd = {.fd = 0, .events = POLLIN};
    if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP)))
        return;
    uint8_t buf[16];
    ssize_t n = read(0, buf, space < sizeof buf ? space : sizeof buf);
    if (n <= 0) {
        m->stdin_eof = true;
        return;
    }
    for (ssize_t i = 0; i < n; i++)
        uart16550_receive(&m->uart[0], buf[i] == '\n' ? '\r' : buf[i]);
}
