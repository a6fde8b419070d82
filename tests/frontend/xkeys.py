#!/usr/bin/env python3
"""Types on the X server's keyboard through the XTEST extension (libXtst via ctypes, so no
extra package), for the frontend suite's end-to-end hotkey tests.
  xkeys.py COMBO...   each COMBO is keysyms joined by '+' (e.g. Control_L+Alt_L+s), pressed in
                      order and released in reverse; 'down:KEY' / 'up:KEY' press or release only;
                      'click:N' / 'press:N' / 'release:N' use mouse button N (1 left, 2
                      middle, 3 right); 'move:DX,DY' moves the pointer; 'sleep:S' waits."""
import ctypes
import sys
import time

x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XStringToKeysym.restype = ctypes.c_ulong
x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
x11.XKeysymToKeycode.restype = ctypes.c_ubyte
x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
xtst.XTestFakeRelativeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]

display = x11.XOpenDisplay(None)
if not display:
    sys.exit("xkeys: cannot open the display")


def key(name, down):
    code = x11.XKeysymToKeycode(display, x11.XStringToKeysym(name.encode()))
    if not code:
        sys.exit("xkeys: no key for keysym " + name)
    xtst.XTestFakeKeyEvent(display, code, 1 if down else 0, 0)
    x11.XFlush(display)
    time.sleep(0.03)


def button(n, down):
    xtst.XTestFakeButtonEvent(display, n, 1 if down else 0, 0)
    x11.XFlush(display)
    time.sleep(0.05)


for arg in sys.argv[1:]:
    if arg.startswith("click:"):
        button(int(arg[6:]), True)
        button(int(arg[6:]), False)
    elif arg.startswith("press:"):
        button(int(arg[6:]), True)
    elif arg.startswith("release:"):
        button(int(arg[8:]), False)
    elif arg.startswith("move:"):
        dx, dy = (int(v) for v in arg[5:].split(","))
        xtst.XTestFakeRelativeMotionEvent(display, dx, dy, 0)
        x11.XFlush(display)
        time.sleep(0.05)
    elif arg.startswith("sleep:"):
        time.sleep(float(arg[6:]))
    elif arg.startswith("down:"):
        key(arg[5:], True)
    elif arg.startswith("up:"):
        key(arg[3:], False)
    else:
        names = arg.split("+")
        for n in names:
            key(n, True)
        for n in reversed(names):
            key(n, False)
x11.XCloseDisplay(display)
