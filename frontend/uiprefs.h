/* The window's remembered size, kept as `width = N` / `height = N` in the [window] section of
 * the INI-style config file (frontend/config's format: `key = value` lines under `[section]`
 * headers, `#` or `;` comments). Saving rewrites only those two keys, keeps every other line
 * as it was, and replaces the file with temp file + rename. */
#ifndef ARCANA_UIPREFS_H
#define ARCANA_UIPREFS_H

#include <stddef.h>

/* The frontend's own preferences file, $XDG_CONFIG_HOME/arcana/prefs.ini (or
 * ~/.config/arcana/prefs.ini): written by the window, never a config file the user wrote
 * (arcana.ini, --config FILE). Empty when neither variable is set. */
void uiprefs_default_path(char *out, size_t len);
/* Where screenshots go: $XDG_PICTURES_DIR, else the XDG_PICTURES_DIR line of
 * $XDG_CONFIG_HOME/user-dirs.dirs + "/Arcana", else ~/Pictures/Arcana, else ".". */
void uiprefs_pictures_dir(char *out, size_t len);
/* mkdir -p; 0 or -1 (errno set). */
int uiprefs_make_dirs(const char *dir);

/* Reads [window] width/height. Returns 0 and sets both when found and sane, else -1. */
int uiprefs_load_window(const char *path, int *width, int *height);
/* Creates the file (and its folders) if need be. 0, or -1 with a one-line message naming
 * the file. */
int uiprefs_save_window(const char *path, int width, int height, char *err, size_t errlen);

#endif
