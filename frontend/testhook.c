#include "frontend/testhook.h"

#include <SDL.h>
#include <SDL_syswm.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void testhook_open(testhook_t *h)
{
    const char *path = getenv("ARCANA_TEST_EVENTS");
    h->fd = -1;
    if (!path || !*path)
        return;
    h->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (h->fd < 0)
        fprintf(stderr, "arcana: ARCANA_TEST_EVENTS: %s: %s\n", path, strerror(errno));
}

void testhook_close(testhook_t *h)
{
    if (h->fd >= 0)
        close(h->fd);
    h->fd = -1;
}

void testhook_say(testhook_t *h, const char *fmt, ...)
{
    if (h->fd < 0)
        return;
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    /* One write per line: a reader never sees half a line (fifo writes under PIPE_BUF are atomic). */
    for (ssize_t off = 0; off < n;) {
        ssize_t w = write(h->fd, line + off, (size_t)(n - off));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        off += w;
    }
}

void testhook_sync_display(void *sdl_window)
{
#if defined(SDL_VIDEO_DRIVER_X11)
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!sdl_window || !SDL_GetWindowWMInfo(sdl_window, &info) || info.subsystem != SDL_SYSWM_X11)
        return;
    /* SDL loads libX11 itself: take XSync from it rather than link the frontend to X11. */
    void *x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_NOLOAD);
    if (!x11)
        return;
    int (*xsync)(Display *, int) = (int (*)(Display *, int))dlsym(x11, "XSync");
    if (xsync)
        xsync(info.info.x11.display, 0);
    dlclose(x11);
#else
    (void)sdl_window;
#endif
}
