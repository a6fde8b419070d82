#!/usr/bin/env python3
"""Drops a file on the window under the pointer, as a file manager does, through the X drag
and drop protocol (XDND, freedesktop.org, version 5), so the frontend suite can test
drag-and-drop end to end. libX11 via ctypes: no extra package.
  xdrop.py X Y PATH   moves the pointer to X,Y (screen) and drops PATH there."""
import ctypes
import os
import sys
import time
import urllib.parse

x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
V, L, UL, I = ctypes.c_void_p, ctypes.c_long, ctypes.c_ulong, ctypes.c_int
x11.XOpenDisplay.restype = V
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = UL
x11.XDefaultRootWindow.argtypes = [V]
x11.XCreateSimpleWindow.restype = UL
x11.XCreateSimpleWindow.argtypes = [V, UL, I, I, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, UL, UL]
x11.XInternAtom.restype = UL
x11.XInternAtom.argtypes = [V, ctypes.c_char_p, I]
x11.XQueryPointer.argtypes = [V, UL] + [ctypes.POINTER(UL)] * 2 + [ctypes.POINTER(I)] * 4 + [ctypes.POINTER(ctypes.c_uint)]
x11.XSetSelectionOwner.argtypes = [V, UL, UL, UL]
x11.XSendEvent.argtypes = [V, UL, I, L, V]
x11.XFlush.argtypes = [V]
x11.XPending.argtypes = [V]
x11.XNextEvent.argtypes = [V, V]
x11.XChangeProperty.argtypes = [V, UL, UL, UL, I, I, ctypes.c_char_p, I]
xtst.XTestFakeMotionEvent.argtypes = [V, I, I, I, UL]

CLIENT_MESSAGE, SELECTION_REQUEST = 33, 30
SELECTION_NOTIFY = 31


class XEvent(ctypes.Union):
    _fields_ = [("type", I), ("pad", L * 24)]


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", I), ("serial", UL), ("send_event", I), ("display", V), ("window", UL),
                ("message_type", UL), ("format", I), ("l", L * 5)]


class XSelectionRequestEvent(ctypes.Structure):
    _fields_ = [("type", I), ("serial", UL), ("send_event", I), ("display", V), ("owner", UL),
                ("requestor", UL), ("selection", UL), ("target", UL), ("property", UL), ("time", UL)]


class XSelectionEvent(ctypes.Structure):
    _fields_ = [("type", I), ("serial", UL), ("send_event", I), ("display", V), ("requestor", UL),
                ("selection", UL), ("target", UL), ("property", UL), ("time", UL)]


x, y, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
d = x11.XOpenDisplay(None)
if not d:
    sys.exit("xdrop: cannot open the display")
root = x11.XDefaultRootWindow(d)
atom = lambda name: x11.XInternAtom(d, name.encode(), 0)
source = x11.XCreateSimpleWindow(d, root, 0, 0, 1, 1, 0, 0, 0)
xtst.XTestFakeMotionEvent(d, -1, x, y, 0)
x11.XFlush(d)
time.sleep(0.2)
r, child = UL(), UL()
ri = [I() for _ in range(4)]
mask = ctypes.c_uint()
x11.XQueryPointer(d, root, ctypes.byref(r), ctypes.byref(child), *[ctypes.byref(v) for v in ri], ctypes.byref(mask))
target = child.value
if not target:
    sys.exit("xdrop: no window at %d,%d" % (x, y))
uri_list = atom("text/uri-list")
x11.XSetSelectionOwner(d, atom("XdndSelection"), source, 0)


def send(kind, *data):
    ev = XClientMessageEvent(type=CLIENT_MESSAGE, display=d, window=target, message_type=atom(kind), format=32)
    for i, v in enumerate(data):
        ev.l[i] = v
    x11.XSendEvent(d, target, 0, 0, ctypes.byref(ev))
    x11.XFlush(d)


send("XdndEnter", source, 5 << 24, uri_list, 0, 0)
send("XdndPosition", source, 0, (x << 16) | y, 0, atom("XdndActionCopy"))
time.sleep(0.2)
send("XdndDrop", source, 0, 0)
data = ("file://" + urllib.parse.quote(os.path.abspath(path)) + "\r\n").encode()
finished, end = False, time.time() + 5
while not finished and time.time() < end:
    if not x11.XPending(d):
        time.sleep(0.01)
        continue
    ev = XEvent()
    x11.XNextEvent(d, ctypes.byref(ev))
    if ev.type == SELECTION_REQUEST:
        req = ctypes.cast(ctypes.byref(ev), ctypes.POINTER(XSelectionRequestEvent)).contents
        x11.XChangeProperty(d, req.requestor, req.property, uri_list, 8, 0, data, len(data))
        note = XSelectionEvent(type=SELECTION_NOTIFY, display=d, requestor=req.requestor, selection=req.selection,
                               target=req.target, property=req.property, time=req.time)
        x11.XSendEvent(d, req.requestor, 0, 0, ctypes.byref(note))
        x11.XFlush(d)
    elif ev.type == CLIENT_MESSAGE:
        msg = ctypes.cast(ctypes.byref(ev), ctypes.POINTER(XClientMessageEvent)).contents
        finished = msg.message_type == atom("XdndFinished")
sys.exit(0 if finished else "xdrop: the window did not finish the drop")
