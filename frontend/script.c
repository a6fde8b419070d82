#include "frontend/script.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frontend/png.h"

typedef enum script_op {
    OP_WAIT, OP_WAIT_FRAMES, OP_WAIT_SERIAL, OP_WAIT_SCREEN, OP_TYPE, OP_KEY, OP_MOUSE, OP_JOYSTICK,
    OP_SCREENSHOT, OP_INSERT, OP_EJECT, OP_SAVE_STATE, OP_EXIT,
} script_op_t;

enum { KEY_DOWN, KEY_UP, KEY_PRESS };

struct script_cmd {
    script_op_t op;
    int line;
    double seconds;       /* wait, timeouts */
    long n;               /* wait-frames, exit status, key action, joystick port */
    int a, b;             /* key usage; mouse dx/dy; media kind/unit */
    unsigned u;           /* buttons / directions */
    char *text;           /* wait-serial text, typed text, file, SHA-1 (lower-case hex) */
};

/* USB HID usage IDs, keyboard page (HID Usage Tables 1.12 §10). */
static const struct {
    const char *name;
    int usage;
} key_names[] = {
    {"return", 0x28}, {"enter", 0x28}, {"escape", 0x29}, {"esc", 0x29}, {"backspace", 0x2a}, {"tab", 0x2b},
    {"space", 0x2c}, {"minus", 0x2d}, {"equals", 0x2e}, {"leftbracket", 0x2f}, {"rightbracket", 0x30},
    {"backslash", 0x31}, {"semicolon", 0x33}, {"apostrophe", 0x34}, {"grave", 0x35}, {"comma", 0x36},
    {"period", 0x37}, {"slash", 0x38}, {"capslock", 0x39}, {"printscreen", 0x46}, {"scrolllock", 0x47},
    {"pause", 0x48}, {"insert", 0x49}, {"home", 0x4a}, {"pageup", 0x4b}, {"delete", 0x4c}, {"end", 0x4d},
    {"pagedown", 0x4e}, {"right", 0x4f}, {"left", 0x50}, {"down", 0x51}, {"up", 0x52}, {"numlock", 0x53},
    {"help", 0x75}, {"lctrl", 0xe0}, {"ctrl", 0xe0}, {"lshift", 0xe1}, {"shift", 0xe1}, {"lalt", 0xe2},
    {"alt", 0xe2}, {"lgui", 0xe3}, {"lamiga", 0xe3}, {"rctrl", 0xe4}, {"rshift", 0xe5}, {"ralt", 0xe6},
    {"rgui", 0xe7}, {"ramiga", 0xe7},
};

#define HID_LSHIFT 0xe1

int script_key_usage(const char *name)
{
    size_t n = strlen(name);
    if (n == 1 && isalpha((unsigned char)name[0]))
        return 0x04 + (tolower((unsigned char)name[0]) - 'a');
    if (n == 1 && name[0] >= '1' && name[0] <= '9')
        return 0x1e + (name[0] - '1');
    if (n == 1 && name[0] == '0')
        return 0x27;
    if ((n == 2 || n == 3) && tolower((unsigned char)name[0]) == 'f' && isdigit((unsigned char)name[1])) {
        int f = atoi(name + 1);
        if (f >= 1 && f <= 12 && (n == 2 || isdigit((unsigned char)name[2])))
            return 0x3a + f - 1;
    }
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
        if (!strcasecmp(name, key_names[i].name))
            return key_names[i].usage;
    return -1;
}

/* A character as typed on a US keyboard: its usage and whether Shift is held. */
static int char_usage(unsigned char c, bool *shift)
{
    static const char plain[] = "`-=[]\\;',./", shifted[] = "~_+{}|:\"<>?";
    static const int usages[] = {0x35, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x33, 0x34, 0x36, 0x37, 0x38};
    static const char shifted_digits[] = ")!@#$%^&*(";
    *shift = false;
    if (c >= 'a' && c <= 'z')
        return 0x04 + c - 'a';
    if (c >= 'A' && c <= 'Z') {
        *shift = true;
        return 0x04 + c - 'A';
    }
    if (c >= '1' && c <= '9')
        return 0x1e + c - '1';
    if (c == '0')
        return 0x27;
    if (c == '\n')
        return 0x28;
    if (c == '\t')
        return 0x2b;
    if (c == ' ')
        return 0x2c;
    if (c == '\b')
        return 0x2a;
    const char *p;
    if (c && (p = strchr(plain, c)))
        return usages[p - plain];
    if (c && (p = strchr(shifted, c))) {
        *shift = true;
        return usages[p - shifted];
    }
    if (c && (p = strchr(shifted_digits, c))) {
        *shift = true;
        return p == shifted_digits ? 0x27 : 0x1e + (int)(p - shifted_digits) - 1;
    }
    return -1;
}

/* ---- parsing ----------------------------------------------------------------------------- */

#define MAX_WORDS 5

typedef struct words {
    char *w[MAX_WORDS];
    bool quoted[MAX_WORDS];
    int n;
} words_t;

/* Splits a line into words in place; "quoted strings" take \" \\ \n \t escapes. */
static int split(char *s, words_t *out, const char **problem)
{
    out->n = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            return 0;
        if (out->n == MAX_WORDS) {
            *problem = "too many words";
            return -1;
        }
        int i = out->n++;
        out->quoted[i] = *s == '"';
        if (*s == '"') {
            char *dst = ++s;
            out->w[i] = dst;
            for (;; s++) {
                if (!*s) {
                    *problem = "unterminated quoted string";
                    return -1;
                }
                if (*s == '"')
                    break;
                if (*s == '\\') {
                    s++;
                    switch (*s) {
                    case 'n': *dst++ = '\n'; break;
                    case 't': *dst++ = '\t'; break;
                    case '"': *dst++ = '"'; break;
                    case '\\': *dst++ = '\\'; break;
                    default: *problem = "unknown escape in quoted string (\\n \\t \\\" \\\\)"; return -1;
                    }
                    continue;
                }
                *dst++ = *s;
            }
            s++;
            *dst = 0;
            if (*s && *s != ' ' && *s != '\t') {
                *problem = "text right after a closing quote";
                return -1;
            }
        } else {
            out->w[i] = s;
            while (*s && *s != ' ' && *s != '\t')
                s++;
            if (*s)
                *s++ = 0;
        }
    }
}

static bool parse_seconds(const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (!*v || *end || errno || !isfinite(d) || d < 0 || d > 1e7)
        return false;
    *out = d;
    return true;
}

static bool parse_int(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < lo || n > hi)
        return false;
    *out = n;
    return true;
}

/* "l+r", "none", "fire+fire2", "up+left": a bit set from '+'-joined names. */
static bool parse_set(const char *v, const char *const *names, const unsigned *bits, unsigned *out)
{
    *out = 0;
    if (!strcasecmp(v, "none") || !strcmp(v, "0"))
        return true;
    char buf[64];
    if (strlen(v) >= sizeof buf)
        return false;
    strcpy(buf, v);
    char *save = NULL;
    for (char *t = strtok_r(buf, "+", &save); t; t = strtok_r(NULL, "+", &save)) {
        int i = 0;
        while (names[i] && strcasecmp(names[i], t))
            i++;
        if (!names[i])
            return false;
        *out |= bits[i];
    }
    return true;
}

static bool parse_drive(const char *v, int *kind, int *unit)
{
    if ((!strncasecmp(v, "df", 2) || !strncasecmp(v, "fd", 2)) && v[2] >= '0' && v[2] <= '3' && !v[3]) {
        *kind = MEDIA_FLOPPY;
        *unit = v[2] - '0';
        return true;
    }
    if (!strncasecmp(v, "hd", 2) && v[2] >= '0' && v[2] <= '1' && !v[3]) {
        *kind = MEDIA_HD;
        *unit = v[2] - '0';
        return true;
    }
    if (!strcasecmp(v, "cd0") || !strcasecmp(v, "cdrom")) {
        *kind = MEDIA_CDROM;
        *unit = 0;
        return true;
    }
    return false;
}

static const char *parse_command(script_cmd_t *c, words_t *w)
{
    static const char *const buttons[] = {"l", "r", "m", "left", "right", "middle", NULL};
    static const unsigned button_bits[] = {MOUSE_LEFT, MOUSE_RIGHT, MOUSE_MIDDLE, MOUSE_LEFT, MOUSE_RIGHT, MOUSE_MIDDLE};
    static const char *const dirs[] = {"up", "down", "left", "right", NULL};
    static const unsigned dir_bits[] = {JOY_UP, JOY_DOWN, JOY_LEFT, JOY_RIGHT};
    static const char *const fires[] = {"fire", "fire1", "fire2", NULL};
    static const unsigned fire_bits[] = {JOY_FIRE, JOY_FIRE, JOY_FIRE2};
    const char *op = w->w[0];
    int args = w->n - 1;
    char **a = w->w + 1;
    long n;
#define ARGS(k, usage) \
    if (args != (k))   \
        return "usage: " usage;
    if (!strcmp(op, "wait")) {
        ARGS(1, "wait SECONDS");
        c->op = OP_WAIT;
        if (!parse_seconds(a[0], &c->seconds))
            return "wait: not a number of seconds";
    } else if (!strcmp(op, "wait-frames")) {
        ARGS(1, "wait-frames N");
        c->op = OP_WAIT_FRAMES;
        if (!parse_int(a[0], 0, 1000000000L, &c->n))
            return "wait-frames: not a whole number of frames";
    } else if (!strcmp(op, "wait-serial")) {
        ARGS(2, "wait-serial \"TEXT\" TIMEOUT_SECONDS");
        c->op = OP_WAIT_SERIAL;
        if (!*a[0])
            return "wait-serial: empty text";
        if (!parse_seconds(a[1], &c->seconds))
            return "wait-serial: timeout is not a number of seconds";
        c->text = a[0];
    } else if (!strcmp(op, "wait-screen")) {
        ARGS(2, "wait-screen SHA1 TIMEOUT_SECONDS");
        c->op = OP_WAIT_SCREEN;
        if (strlen(a[0]) != 40 || strspn(a[0], "0123456789abcdefABCDEF") != 40)
            return "wait-screen: not a SHA-1 (40 hex digits)";
        for (char *p = a[0]; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (!parse_seconds(a[1], &c->seconds))
            return "wait-screen: timeout is not a number of seconds";
        c->text = a[0];
    } else if (!strcmp(op, "type")) {
        ARGS(1, "type \"TEXT\"");
        c->op = OP_TYPE;
        for (const char *p = a[0]; *p; p++) {
            bool shift;
            if (char_usage((unsigned char)*p, &shift) < 0)
                return "type: a character no key types (use key NAME for others)";
        }
        c->text = a[0];
    } else if (!strcmp(op, "key")) {
        ARGS(2, "key NAME down|up|press");
        c->op = OP_KEY;
        if ((c->a = script_key_usage(a[0])) < 0)
            return "key: unknown key name";
        if (!strcmp(a[1], "down"))
            c->n = KEY_DOWN;
        else if (!strcmp(a[1], "up"))
            c->n = KEY_UP;
        else if (!strcmp(a[1], "press"))
            c->n = KEY_PRESS;
        else
            return "key: the action is down, up or press";
    } else if (!strcmp(op, "mouse")) {
        if (args != 2 && args != 3)
            return "usage: mouse DX DY [BUTTONS]";
        c->op = OP_MOUSE;
        if (!parse_int(a[0], -4096, 4096, &n))
            return "mouse: DX is not a whole number in -4096..4096";
        c->a = (int)n;
        if (!parse_int(a[1], -4096, 4096, &n))
            return "mouse: DY is not a whole number in -4096..4096";
        c->b = (int)n;
        if (args == 3 && !parse_set(a[2], buttons, button_bits, &c->u))
            return "mouse: BUTTONS is none or l, r, m joined by '+'";
    } else if (!strcmp(op, "joystick")) {
        ARGS(3, "joystick PORT DIRECTIONS BUTTONS");
        c->op = OP_JOYSTICK;
        if (!parse_int(a[0], 0, 1, &c->n))
            return "joystick: PORT is 0 or 1";
        if (!parse_set(a[1], dirs, dir_bits, &c->u))
            return "joystick: DIRECTIONS is none or up, down, left, right joined by '+'";
        unsigned f;
        if (!parse_set(a[2], fires, fire_bits, &f))
            return "joystick: BUTTONS is none, fire, fire2 or fire+fire2";
        c->b = (int)f;
    } else if (!strcmp(op, "screenshot") || !strcmp(op, "save-state")) {
        ARGS(1, "screenshot FILE / save-state FILE");
        c->op = op[0] == 's' && op[1] == 'c' ? OP_SCREENSHOT : OP_SAVE_STATE;
        c->text = a[0];
    } else if (!strcmp(op, "insert")) {
        ARGS(2, "insert DRIVE FILE");
        c->op = OP_INSERT;
        if (!parse_drive(a[0], &c->a, &c->b))
            return "insert: DRIVE is df0..df3, hd0, hd1 or cd0";
        c->text = a[1];
    } else if (!strcmp(op, "eject")) {
        ARGS(1, "eject DRIVE");
        c->op = OP_EJECT;
        if (!parse_drive(a[0], &c->a, &c->b))
            return "eject: DRIVE is df0..df3, hd0, hd1 or cd0";
    } else if (!strcmp(op, "exit")) {
        ARGS(1, "exit STATUS");
        c->op = OP_EXIT;
        if (!parse_int(a[0], 0, 255, &c->n))
            return "exit: STATUS is a whole number in 0..255";
    } else {
        return "unknown command (wait, wait-frames, wait-serial, wait-screen, type, key, mouse, joystick, "
               "screenshot, insert, eject, save-state, exit)";
    }
#undef ARGS
    for (int i = 1; i < w->n; i++)
        if (w->quoted[i] && c->op != OP_WAIT_SERIAL && c->op != OP_TYPE && c->op != OP_SCREENSHOT &&
            c->op != OP_SAVE_STATE && c->op != OP_INSERT)
            return "unexpected quoted argument";
    if (c->text && !(c->text = strdup(c->text)))
        return "out of memory";
    return NULL;
}

int script_load(script_t *s, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->result = SCRIPT_RUNNING;
    snprintf(s->path, sizeof s->path, "%s", path);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "--script: %s: cannot be read: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int lineno = 0, cap = 0;
    const char *problem = NULL;
    while (!problem && fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = 0;
        else if (!feof(f))
            problem = "line too long";
        if (len && line[len - 1] == '\r')
            line[--len] = 0;
        if (problem || memchr(line, 0, len) != NULL)
            break;
        words_t w;
        if (split(line, &w, &problem) != 0)
            break;
        if (w.n == 0)
            continue;
        if (s->count == cap) {
            cap = cap ? cap * 2 : 16;
            script_cmd_t *more = realloc(s->cmds, (size_t)cap * sizeof *more);
            if (!more) {
                problem = "out of memory";
                break;
            }
            s->cmds = more;
        }
        script_cmd_t *c = &s->cmds[s->count];
        memset(c, 0, sizeof *c);
        c->line = lineno;
        if ((problem = parse_command(c, &w)) == NULL)
            s->count++;
    }
    if (!problem && ferror(f))
        problem = "read error";
    fclose(f);
    if (problem) {
        snprintf(err, errlen, "--script: %s:%d: %s", path, lineno, problem);
        script_free(s);
        return -1;
    }
    return 0;
}

void script_free(script_t *s)
{
    for (int i = 0; i < s->count; i++)
        free(s->cmds[i].text);
    free(s->cmds);
    free(s->serial);
    s->cmds = NULL;
    s->serial = NULL;
    s->count = 0;
}

void script_serial_tap(void *ctx, uint8_t byte)
{
    script_t *s = ctx;
    if (s->serial_len + 1 >= s->serial_cap) {
        /* Keep the last 64 KB not yet matched: enough for any line a wait looks for. */
        if (s->serial_cap >= 65536) {
            size_t drop = s->serial_len / 2;
            memmove(s->serial, s->serial + drop, s->serial_len - drop);
            s->serial_len -= drop;
            s->serial_used = s->serial_used > drop ? s->serial_used - drop : 0;
        } else {
            size_t cap = s->serial_cap ? s->serial_cap * 2 : 4096;
            char *more = realloc(s->serial, cap);
            if (!more)
                return;
            s->serial = more;
            s->serial_cap = cap;
        }
    }
    /* NUL bytes would end the text early: they cannot be waited for anyway. */
    s->serial[s->serial_len++] = byte ? (char)byte : ' ';
    s->serial[s->serial_len] = 0;
}

static int run_commands(script_t *s, machine_t *m, char *err, size_t errlen);

/* ---- running ----------------------------------------------------------------------------- */

bool script_waiting(const script_t *s)
{
    if (s->pc >= s->count)
        return false;
    script_op_t op = s->cmds[s->pc].op;
    return op == OP_WAIT || op == OP_WAIT_FRAMES || op == OP_WAIT_SERIAL || op == OP_WAIT_SCREEN;
}

static bool screen_matches(machine_t *m, const char *want)
{
    machine_frame_t f;
    char hex[41];
    machine_get_frame(m, &f);
    return frame_rgb_sha1(&f, hex) == 0 && !strcmp(hex, want);
}

/* A key held for SCRIPT_KEY_SECONDS, then released for as long. Returns true when done. */
static bool press_step(script_t *s, machine_t *m, int usage, bool shift, double now)
{
    if (now < s->key_until)
        return false;
    if (!s->held) {
        if (shift)
            machine_key(m, s->held_shift = HID_LSHIFT, true);
        machine_key(m, s->held = usage, true);
        s->key_until = now + SCRIPT_KEY_SECONDS;
        return false;
    }
    if (s->held > 0) {
        machine_key(m, s->held, false);
        if (s->held_shift)
            machine_key(m, s->held_shift, false);
        s->held = -1; /* released; the gap runs */
        s->held_shift = 0;
        s->key_until = now + SCRIPT_KEY_SECONDS;
        return false;
    }
    s->held = 0;
    return true;
}

static int timed_out(script_t *s, const script_cmd_t *c, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s:%d: %s timed out after %g s", s->path, c->line, what, c->seconds);
    return SCRIPT_TIMEOUT;
}

int script_run_ended(script_t *s, char *err, size_t errlen)
{
    if (s->result != SCRIPT_RUNNING)
        return s->result;
    if (script_waiting(s)) {
        snprintf(err, errlen, "%s:%d: the run's time or frame limit came during this wait", s->path,
                 s->cmds[s->pc].line);
        return s->result = SCRIPT_TIMEOUT;
    }
    return s->result = 0;
}

int script_step(script_t *s, machine_t *m, char *err, size_t errlen)
{
    if (s->result != SCRIPT_RUNNING)
        return s->result;
    err[0] = 0;
    int rc = run_commands(s, m, err, errlen);
    if (rc != SCRIPT_RUNNING)
        s->result = rc;
    return rc;
}

static int run_commands(script_t *s, machine_t *m, char *err, size_t errlen)
{
    while (s->pc < s->count) {
        script_cmd_t *c = &s->cmds[s->pc];
        double now = machine_seconds(m);
        if (!s->started) {
            s->started = true;
            s->t0 = now;
            s->f0 = s->frames;
            s->sub = 0;
            s->key_until = now;
            s->held = s->held_shift = 0;
        }
        char desc[160];
        switch (c->op) {
        case OP_WAIT:
            if (now - s->t0 < c->seconds)
                return SCRIPT_RUNNING;
            break;
        case OP_WAIT_FRAMES:
            if (s->frames - s->f0 < (uint64_t)c->n)
                return SCRIPT_RUNNING;
            break;
        case OP_WAIT_SERIAL: {
            const char *hit = s->serial ? strstr(s->serial + s->serial_used, c->text) : NULL;
            if (hit) {
                s->serial_used = (size_t)(hit - s->serial) + strlen(c->text);
                break;
            }
            if (now - s->t0 >= c->seconds) {
                snprintf(desc, sizeof desc, "wait-serial \"%.100s\"", c->text);
                return timed_out(s, c, desc, err, errlen);
            }
            return SCRIPT_RUNNING;
        }
        case OP_WAIT_SCREEN:
            if (screen_matches(m, c->text))
                break;
            if (now - s->t0 >= c->seconds) {
                snprintf(desc, sizeof desc, "wait-screen %s", c->text);
                return timed_out(s, c, desc, err, errlen);
            }
            return SCRIPT_RUNNING;
        case OP_TYPE: {
            size_t len = strlen(c->text);
            while (s->sub < len) {
                bool shift;
                int usage = char_usage((unsigned char)c->text[s->sub], &shift);
                if (!press_step(s, m, usage, shift, now))
                    return SCRIPT_RUNNING;
                s->sub++;
            }
            break;
        }
        case OP_KEY:
            if (c->n == KEY_PRESS) {
                if (!press_step(s, m, c->a, false, now))
                    return SCRIPT_RUNNING;
            } else {
                machine_key(m, c->a, c->n == KEY_DOWN);
            }
            break;
        case OP_MOUSE: machine_mouse(m, c->a, c->b, c->u); break;
        case OP_JOYSTICK: machine_joystick(m, (int)c->n, c->u, (unsigned)c->b); break;
        case OP_SCREENSHOT: {
            machine_frame_t f;
            char msg[MACHINE_ERR_LEN], hash[32];
            machine_get_frame(m, &f);
            snprintf(hash, sizeof hash, "%016llx", (unsigned long long)frame_hash(&f));
            const char *keys[] = {"Software", "Machine", "Frame hash", NULL};
            const char *values[] = {s->software ? s->software : "Arcana", m->type->name, hash, NULL};
            if (png_write_frame(c->text, &f, keys, values, 0, msg, sizeof msg) != 0) {
                snprintf(err, errlen, "%s:%d: screenshot: %s", s->path, c->line, msg);
                return 1;
            }
            break;
        }
        case OP_INSERT:
        case OP_EJECT:
        case OP_SAVE_STATE: {
            char msg[MACHINE_ERR_LEN];
            int rc = c->op == OP_INSERT ? machine_insert(m, (media_kind_t)c->a, c->b, c->text, msg, sizeof msg)
                     : c->op == OP_EJECT ? machine_eject(m, (media_kind_t)c->a, c->b, msg, sizeof msg)
                                         : machine_save_state(m, c->text, msg, sizeof msg);
            if (rc != 0) {
                snprintf(err, errlen, "%s:%d: %s", s->path, c->line, msg);
                return c->op == OP_SAVE_STATE ? 1 : 2;
            }
            break;
        }
        case OP_EXIT:
            s->pc = s->count;
            return (int)c->n;
        }
        s->pc++;
        s->started = false;
    }
    return 0;
}
