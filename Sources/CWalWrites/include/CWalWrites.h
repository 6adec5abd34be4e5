#ifndef KAMENG_CWALWRITES_H
#define KAMENG_CWALWRITES_H

/// Registers, once, a VFS that wraps the default one and combines the writes SQLite makes to a WAL
/// file during a commit (a 24-byte frame header, then the page, for every frame) into one write per
/// commit, made before the commit's last write returns — so before SQLite publishes the commit in the
/// wal-index, where other connections could see it. Every other file and call goes straight through.
/// Becomes the process's default VFS. Returns an SQLite result code.
int kameng_wal_writes_register(void);

/// How many combined writes and frames went through the wrappers (for tests and benchmarks).
void kameng_wal_writes_stats(long long *writes, long long *frames);

#endif
