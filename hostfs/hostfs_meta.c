#include "hostfs/hostfs_meta.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define META_MAX_BYTES (4u << 20)

typedef struct meta_line {
    uint32_t protection;
    char *name, *comment; /* point into the file's text */
} meta_line_t;

typedef struct meta_file {
    char *text;
    meta_line_t *lines;
    size_t count;
} meta_file_t;

static void meta_free(meta_file_t *m)
{
    free(m->text);
    free(m->lines);
    memset(m, 0, sizeof *m);
}

/* Reads and parses the sidecar; a missing or unreadable one is empty. Bad lines are skipped. */
static void meta_read(int dir_fd, meta_file_t *m)
{
    memset(m, 0, sizeof *m);
    /* non-blocking: a FIFO put there in place of the sidecar must not hang the emulator */
    int fd = openat(dir_fd, HOSTFS_META_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    if (size <= 0 || size > (off_t)META_MAX_BYTES || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return;
    }
    m->text = malloc((size_t)size + 1);
    ssize_t got = m->text ? read(fd, m->text, (size_t)size) : -1;
    close(fd);
    if (got != size) {
        meta_free(m);
        return;
    }
    m->text[size] = 0;
    size_t max_lines = 1;
    for (char *p = m->text; *p; p++)
        max_lines += *p == '\n';
    m->lines = calloc(max_lines, sizeof *m->lines);
    if (!m->lines) {
        meta_free(m);
        return;
    }
    char *save = NULL;
    for (char *line = strtok_r(m->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab1 || !tab2 || tab1 - line != 8)
            continue;
        *tab1 = *tab2 = 0;
        char *end;
        unsigned long prot = strtoul(line, &end, 16);
        if (*end)
            continue;
        m->lines[m->count++] = (meta_line_t){(uint32_t)prot, tab1 + 1, tab2 + 1};
    }
}

static meta_line_t *meta_find(meta_file_t *m, const char *name)
{
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->lines[i].name, name) == 0)
            return &m->lines[i];
    return NULL;
}

static int meta_write(int dir_fd, const meta_file_t *m)
{
    bool any = false;
    for (size_t i = 0; i < m->count; i++)
        any |= m->lines[i].name != NULL;
    if (!any)
        return unlinkat(dir_fd, HOSTFS_META_FILE, 0) == 0 || errno == ENOENT ? 0 : -1;
    static const char tmp[] = HOSTFS_META_FILE ".tmp";
    int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    for (size_t i = 0; i < m->count; i++)
        if (m->lines[i].name)
            fprintf(f, "%08x\t%s\t%s\n", m->lines[i].protection, m->lines[i].name, m->lines[i].comment);
    bool ok = fflush(f) == 0 && !ferror(f);
    ok = fclose(f) == 0 && ok;
    if (!ok || renameat(dir_fd, tmp, dir_fd, HOSTFS_META_FILE) != 0) {
        unlinkat(dir_fd, tmp, 0);
        return -1;
    }
    return 0;
}

void hostfs_meta_get(int dir_fd, const char *name, uint32_t *protection, char *comment, size_t comment_len)
{
    meta_file_t m;
    meta_read(dir_fd, &m);
    meta_line_t *l = meta_find(&m, name);
    *protection = l ? l->protection : 0;
    if (comment_len)
        snprintf(comment, comment_len, "%s", l ? l->comment : "");
    meta_free(&m);
}

int hostfs_meta_set(int dir_fd, const char *name, const uint32_t *protection, const char *comment)
{
    meta_file_t m;
    meta_read(dir_fd, &m);
    meta_line_t *l = meta_find(&m, name);
    int rc = 0;
    if (!protection && !comment) {
        if (l) {
            l->name = NULL;
            rc = meta_write(dir_fd, &m);
        }
        meta_free(&m);
        return rc;
    }
    /* New or changed entry: lines point at strings that outlive the write. */
    meta_line_t *grown = realloc(m.lines, (m.count + 1) * sizeof *grown);
    if (!grown) {
        meta_free(&m);
        return -1;
    }
    m.lines = grown;
    l = meta_find(&m, name);
    if (!l) {
        l = &m.lines[m.count++];
        *l = (meta_line_t){0, (char *)name, ""};
    }
    if (protection)
        l->protection = *protection;
    if (comment)
        l->comment = (char *)comment;
    /* An entry back at the defaults is dropped, so untouched folders get no sidecar. */
    if (l->protection == 0 && !l->comment[0])
        l->name = NULL;
    rc = meta_write(dir_fd, &m);
    meta_free(&m);
    return rc;
}

void hostfs_meta_move(int from_dir_fd, const char *from, int to_dir_fd, const char *to)
{
    uint32_t prot;
    char comment[256];
    hostfs_meta_get(from_dir_fd, from, &prot, comment, sizeof comment);
    if (prot == 0 && !comment[0])
        return;
    hostfs_meta_set(from_dir_fd, from, NULL, NULL);
    hostfs_meta_set(to_dir_fd, to, &prot, comment);
}
