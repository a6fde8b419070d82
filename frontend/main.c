#include <stdio.h>
int main(void) { puts("arcana: CLI not built yet"); return 1; }
