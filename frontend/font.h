/* The OSD's built-in 5×7 bitmap font (printable ASCII), drawn into RGBA8888 buffers. Each
 * glyph sits in a FONT_CELL_W × FONT_CELL_H cell (one column and one row of spacing). */
#ifndef ARCANA_FONT_H
#define ARCANA_FONT_H

#include <stdint.h>

#define FONT_GLYPH_W 5
#define FONT_GLYPH_H 7
#define FONT_CELL_W 6
#define FONT_CELL_H 8

/* Seven rows, top first; bit 4 of each row is the leftmost pixel. Characters outside
 * printable ASCII give the glyph of '?'. */
const uint8_t *font_glyph(char c);
/* Width in pixels of `text` at `scale` (cells × FONT_CELL_W × scale, no trailing spacing). */
int font_text_width(const char *text, int scale);
/* Draws `text` with its top-left at (x, y), each font pixel as a scale × scale square of
 * `rgba` (a pixel value as stored in the buffer). Clipped to the w × h buffer. */
void font_draw(uint32_t *pixels, int w, int h, int stride, int x, int y, const char *text,
               uint32_t rgba, int scale);

#endif
