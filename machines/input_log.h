/* Deterministic input recording and replay (issue 16): every key, mouse and joystick event a
 * machine receives through machine_key/mouse/joystick, with the emulated tick it arrived at.
 * A replay feeds them back at the same ticks (applied when a run starts at or past an event's
 * tick; a frontend runs frames, so these are the ticks they were recorded at), and live input
 * is ignored meanwhile. Same start (a fresh machine or the same --load-state), same events:
 * same frames, sound and disk writes.
 *
 * File (text): "arcana-input 1 MACHINE START_TICK", then one event a line:
 *   TICK key HID 0|1      TICK mouse DX DY BUTTONS      TICK joy PORT DIRECTIONS BUTTONS */
#ifndef ARCANA_INPUT_LOG_H
#define ARCANA_INPUT_LOG_H

#include <stdbool.h>
#include <stddef.h>

struct machine;

int machine_record(struct machine *m, const char *path, char *err, size_t errlen);
int machine_replay(struct machine *m, const char *path, char *err, size_t errlen);
/* Applies the replayed events due by now (machine_run / machine_run_frame call it). */
void machine_input_due(struct machine *m);
/* Ends a recording or replay (machine_destroy calls it); a recording's write error is
 * reported here (0 or -1 with a line in err). */
int machine_input_close(struct machine *m, char *err, size_t errlen);
/* machine_key/mouse/joystick: records the event and returns true, or during a replay returns
 * false (live input is dropped). */
bool machine_input_live(struct machine *m, const char *kind, long a, long b, long c);

#endif
