#include "cpu/arm/arm.h"
#include <stdio.h>
int arm_disasm(uint32_t addr, uint32_t insn, char *buf, size_t len) { (void)addr; return snprintf(buf, len, ".word 0x%08x", insn); }
