/* --gdb PORT (issue 17): a GDB remote-serial-protocol stub for either machine's CPU, through
 * machine_debug_ops_t. It listens on 127.0.0.1 only, serves one debugger, and answers
 * registers (with a target description: banked ARM registers, 68000 D0-A7/SR/PC), memory
 * (side-effect-free: RAM and ROM), breakpoints (Z0/Z1, kept in the stub, never written into
 * guest memory, so translated code and checksums are untouched), write watchpoints on RAM (Z2:
 * the watched bytes compared after every instruction, so a write of the same value is not
 * seen), single step, continue and Ctrl-C. While a debugger is attached the CPU runs one
 * instruction at a time through the interpreter. */
#ifndef ARCANA_GDBSTUB_H
#define ARCANA_GDBSTUB_H

#include <stddef.h>
#include <stdint.h>

#include "machines/machine.h"

enum { GDB_DETACHED = 0, GDB_KILLED = 1, GDB_LIMIT = 2, GDB_ERROR = -1 };

/* Waits for a debugger on 127.0.0.1:port and serves it. Returns GDB_DETACHED (the run goes
 * on), GDB_KILLED (the debugger ended it), GDB_LIMIT (emulated time reached end_tick, if not
 * 0, while running) or GDB_ERROR with a one-line message. `stop` is polled for ^C on the host. */
int gdb_serve(machine_t *m, int port, uint64_t end_tick, volatile int *stop, char *err, size_t errlen);

#endif
