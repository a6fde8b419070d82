#!/usr/bin/env python3
"""Counts the pixels of one colour in an xwd screen dump (ZPixmap, 24/32 bits per pixel), for
the menu suite's on-screen checks (the OSD is drawn by the window, not in the machine's frame).
  xwdcount.py FILE.xwd R G B     prints the count"""
import struct
import sys

data = open(sys.argv[1], "rb").read()
want = tuple(int(v) for v in sys.argv[2:5])
(header_size, _version, _fmt, _depth, width, height, _xoff, byte_order, _unit, _bit_order, _pad,
 bpp, bytes_per_line, _vclass, red_mask, green_mask, blue_mask, _bits_rgb, _cmap_entries,
 ncolors) = struct.unpack(">20I", data[:80])
if bpp not in (24, 32):
    sys.exit("xwdcount: %d bits per pixel not handled" % bpp)
step = bpp // 8
start = header_size + 12 * ncolors


def shift(mask):
    return (mask & -mask).bit_length() - 1


rs, gs, bs = shift(red_mask), shift(green_mask), shift(blue_mask)
endian = "<" if byte_order == 0 else ">"
count = 0
for y in range(height):
    row = data[start + y * bytes_per_line:start + y * bytes_per_line + step * width]
    for x in range(0, len(row), step):
        p = int.from_bytes(row[x:x + step], "little" if endian == "<" else "big")
        if ((p >> rs) & 255, (p >> gs) & 255, (p >> bs) & 255) == want:
            count += 1
print(count)
