/* An opt-in report of what the window did, for tests that drive it from outside (Xvfb +
 * XTEST): with $ARCANA_TEST_EVENTS naming a file or fifo, the frontend writes one line per
 * input event it processed, hotkey it acted on, window change and snapshot, and "ready" once
 * the window is mapped and shows its first frame. A test waits for these lines instead of
 * sleeping. Off (no cost) when the variable is unset. */
#ifndef ARCANA_TESTHOOK_H
#define ARCANA_TESTHOOK_H

#include <stdbool.h>

typedef struct testhook {
    int fd; /* -1 = off */
} testhook_t;

/* Opens $ARCANA_TEST_EVENTS (append; a fifo must already have a reader). A failure to open
 * is one line on stderr and the hook stays off. */
void testhook_open(testhook_t *h);
void testhook_close(testhook_t *h);
static inline bool testhook_on(const testhook_t *h) { return h->fd >= 0; }
/* One line (the newline is added). */
void testhook_say(testhook_t *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Waits until the X server has processed everything the window sent (XSync on SDL's own
 * connection), so a screen capture taken after the next line shows the presented frame.
 * Does nothing on other video drivers or when libX11 is not loaded. */
void testhook_sync_display(void *sdl_window);

#endif
