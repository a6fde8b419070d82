/* ARM JIT internals shared by jit.c (cache, dispatcher, bus wrappers) and jit_translate.c
 * (the translator). Not for use outside cpu/arm. */
#ifndef ARCANA_CPU_ARM_JIT_INTERNAL_H
#define ARCANA_CPU_ARM_JIT_INTERNAL_H

#include "cpu/arm/arm_internal.h"
#include "cpu/arm/jit.h"
#include "cpu/arm/jit_x86.h"

#include <stddef.h>

/* R14 in translated code: the cycle budget (cpu->cycles_left) shifted left by
 * ARM_JIT_INSN_BITS, plus the instructions run since cpu->insns was last brought up to date
 * (one SUB counts both; a budget check compares with the need shifted the same way). Written
 * back around C calls and on leaving; arm_jit_run gives translated code at most
 * ARM_JIT_MAX_STINT cycles at a time, so the count cannot reach the budget's bits (every
 * instruction takes a cycle at least). */
#define ARM_JIT_INSN_BITS 24
#define ARM_JIT_MAX_STINT (1 << 22)

/* Fields of arm_cpu_t that translated code addresses through RBX (= the cpu). */
#define JCPU(field) JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, field))
#define JCPU_R(n) JX_M(JX_RBX, (int32_t)(offsetof(arm_cpu_t, r) + 4u * (n)))
/* The top byte of the CPSR holds NZCV in its high nibble; the low nibble (CPSR[27:24]) is
 * always zero on these cores (ARM_PSR_STORED), so flags are written as one byte. */
#define JCPU_FLAGS JX_M(JX_RBX, (int32_t)offsetof(arm_cpu_t, cpsr) + 3)
enum { JF_N = 0x80, JF_Z = 0x40, JF_C = 0x20, JF_V = 0x10, JF_ALL = 0xF0 };

/* Translated-code helper: executes the instruction at `pc` in the interpreter. `refund` gives
 * back what the block already counted for it (low 16 bits: cycles; bit 16: one instruction);
 * bits 31..17 are the budget the rest of the block needs. Returns non-zero if the block must
 * exit (PC not sequential, mode change, interrupt, stop, budget, or a bus wrapper asked). */
uint32_t arm_jit_helper_step(arm_cpu_t *cpu, uint32_t pc, uint32_t refund);
/* A store that missed the vcache, if it goes to a code page away from any block: done here
 * (returns 0) without the interpreter. */
uint32_t arm_jit_helper_store(arm_cpu_t *cpu, uint32_t va, uint32_t value, uint32_t size);
/* Data processing with S into R15 (MOVS PC, LR & co.): the PSR and the jump, as interp.c. */
void arm_jit_helper_pc_s(arm_cpu_t *cpu, uint32_t value);
/* One interpreter step inside a run: arm_step() but keeping the run's cycle budget. */
void arm_jit_interp_step(arm_jit_t *jit);

/* Translates the block at (pc, mode) whose first instruction is at host address `host` and
 * physical address `pa`; `hint` (or NULL) is the held[] of the block whose exit led here: the
 * new block holds the registers they share in the same host registers where it can.
 * Returns the block index, or -1 if out of space (caller flushes). */
int32_t arm_jit_translate(arm_jit_t *jit, uint32_t pc, uint32_t mode, uintptr_t host, uint32_t pa,
                          const int8_t *hint);
/* May the translator fold the literal at physical [pa, pa+size) into a constant? Not once a
 * literal there was written after being folded (data, not a constant). */
bool arm_jit_literal_ok(arm_jit_t *jit, uint32_t pa, unsigned size);
/* CMP R14 with a budget of `need` cycles (jg: the budget exceeds it); RCX may be used. */
void arm_jit_emit_budget_cmp(jx_t *e, uint32_t need);
/* Translated code's R14 into cpu->cycles_left and cpu->insns (`tmp`: a free register), and
 * back (after C code may have changed them). */
void arm_jit_emit_budget_out(jx_t *e, int tmp);
void arm_jit_emit_budget_in(jx_t *e);
/* Sets (on) or clears EFLAGS.AC: with fastmem's alignment checking (arm_jit_fastmem_t.ac) it is
 * set while translated code runs and clear in C. */
void arm_jit_emit_ac(jx_t *e, bool on);

/* Allocates an exit record (-1 if none left). */
int32_t arm_jit_new_exit(arm_jit_t *jit);

/* jit_fastmem.c (see there). */
void arm_jit_fastmem_init(arm_jit_t *jit);
void arm_jit_fastmem_destroy(arm_jit_t *jit);
/* Unmaps both windows. */
void arm_jit_fastmem_flush(arm_jit_t *jit);
/* The host page `host_page` now holds translated code: window pages writing to it go
 * read-only. */
void arm_jit_fastmem_code_page(arm_jit_t *jit, const uint8_t *host_page);
/* The code buffer was emptied: every site goes. */
void arm_jit_fastmem_code_flushed(arm_jit_t *jit);
/* May a block add `sites` more sites? (False with fastmem off.) */
bool arm_jit_fastmem_room(const arm_jit_t *jit, unsigned sites);
/* Registers a site: its access instruction, the MOVABS of the window base before it, its cold
 * stub, its way through the vcache, the window (0 privileged, 1 user) and whether it stores. */
void arm_jit_fastmem_add_site(arm_jit_t *jit, const uint8_t *access, const uint8_t *movabs, const uint8_t *stub,
                              const uint8_t *vc, int view, bool write);
/* Called by arm_jit_run between blocks once cpu->insns passes fm.review_at; true if fastmem
 * retired (the windows are gone): the caller then drops every translation and makes the entry
 * code again (without EFLAGS.AC). */
bool arm_jit_fastmem_review(arm_jit_t *jit);
/* Around running translated code on this thread: returns the outer JIT to give back. */
arm_jit_t *arm_jit_fastmem_enter(arm_jit_t *jit);
void arm_jit_fastmem_leave(arm_jit_t *outer);

#endif
