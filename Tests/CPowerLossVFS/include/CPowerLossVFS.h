#ifndef CPOWERLOSSVFS_H
#define CPOWERLOSSVFS_H

/*
 * A test-only SQLite VFS named "powerloss": SQLite's unix VFS underneath, unmodified, with every write,
 * truncate and sync of a named file recorded. It is registered by name, never as the default; a
 * connection selects it with the URI file name "file:/abs/path?vfs=powerloss".
 *
 * Power loss: each file keeps an undo log of its writes and truncates since its last successful xSync
 * (old bytes, old size). powerloss_cut() replays the logs in reverse, so every file holds exactly what
 * its last sync made durable. powerloss_arm(n) makes the n+1-th write/truncate/sync/delete and every
 * later one fail with SQLITE_IOERR (the machine is dead from there on) without touching the file.
 *
 * Failures on demand: powerloss_fail_next() makes the next sync or write of a file whose name ends with
 * a suffix fail once with the given SQLite code (SQLITE_IOERR_FSYNC for EIO on fsync, SQLITE_FULL for
 * ENOSPC on write) without doing it.
 */

/* Registers the VFS (once; later calls do nothing). Returns an SQLite result code. */
int powerloss_register(void);

/* Forgets every file's log and counter and disarms the cut: the state of a fresh test. */
void powerloss_reset(void);

/* After `ops` more writes/truncates/syncs/deletes succeed, every later one fails. A negative `ops` disarms. */
void powerloss_arm(long long ops);

/* Writes, truncates, syncs and deletes attempted since the last reset (the failed ones included). */
long long powerloss_ops(void);

/* Successful syncs since the last reset. */
long long powerloss_syncs(void);

/* Whether the armed cut has been reached (operations are failing). */
int powerloss_dead(void);

/* Cuts the power: replays every file's undo log in reverse, dropping each write not yet synced, then
 * forgets the logs and disarms. Call with every connection closed. Returns the number of writes and
 * truncates dropped, or -1 when a file could not be restored. */
long long powerloss_cut(void);

/* Kinds for powerloss_fail_next. */
#define POWERLOSS_SYNC 1
#define POWERLOSS_WRITE 2

/* The next operation of `kind` on a file whose name ends with `suffix` (NULL or "": any file) fails
 * once with `code`, without being done. */
void powerloss_fail_next(int kind, int code, const char *suffix);

#endif
