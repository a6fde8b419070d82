/* Deterministic input recording and replay (issue 16): every key, mouse and joystick event a
 * machine receives through machine_key/mouse/joystick, with the emulated tick it arrived at.
 * A replay feeds them back at the same ticks (applied when a run starts at or past an event's
 * tick; a frontend runs frames, so these are the ticks they were recorded at), and live input
 * is ignored meanwhile. Same start (a fresh machine or the same --load-state), same events:
 * same frames, sound and disk writes.
 *
 * File (text): "arcana-input 1 MACHINE START_TICK", then one event a line:
 *   TICK key HID 0|1      TICK mouse DX DY BUTTONS      TICK joy PORT DIRECTIONS BUTTONS
 *   TICK net HEX          a frame from the network handed to the machine's network card
 *   TICK out HASH         a frame the card sent (FNV-1a, hex): a replay checks it sends the same
 * Network frames make a recorded session with a live network (slirp: host clock and sockets,
 * which no state can hold) replayable: the replay delivers them at their ticks instead of the
 * backend's, and sends nothing. A replay may also start later than the recording, from a
 * state saved during a replay of it: events before that state's tick are skipped. */
#ifndef ARCANA_INPUT_LOG_H
#define ARCANA_INPUT_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
typedef struct input_log input_log_t;

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

/* Network frames (a machine's network card calls these; `l` may be NULL: no log).
 * Recording: logs a frame handed to the card at `tick`. */
void input_log_net_record(input_log_t *l, uint64_t tick, const uint8_t *frame, size_t len);
/* Replaying: the card takes its frames from the log, not from the network, and sends none. */
bool input_log_net_replaying(const input_log_t *l);
/* Replaying: the length of the next logged frame if it was handed over at or before `tick`
 * (0 = none due); input_log_net_take copies it out and moves on. */
size_t input_log_net_due(input_log_t *l, uint64_t tick);
size_t input_log_net_take(input_log_t *l, uint8_t *buf, size_t max);
/* A frame the card sent at `tick`: a recording logs its hash; a replay compares it with the
 * next recorded one (in order; a resumed replay starts at the first logged at or after its
 * tick), and at the first difference says once on stderr that the replay diverged. */
void input_log_net_sent(input_log_t *l, uint64_t tick, const uint8_t *frame, size_t len);
/* The tick of the first sent frame a replay found different (0 = none so far). */
uint64_t input_log_net_diverged(const input_log_t *l);

#endif
