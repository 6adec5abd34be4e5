// A VFS shim: SQLite writes each WAL frame as two pwrite calls (its 24-byte header, then the page).
// During an intake group's commit that is a few hundred frames, and the system calls cost as much as
// the B-tree work. Here the frames of a commit are gathered in memory and written with one call,
// made inside the write of the commit frame's page — before that write returns, so before SQLite
// publishes the commit in the wal-index, where other connections read which frames exist. Any write
// that is not the next frame, any read, sync, truncate, size query or close writes the buffer first,
// so the file the rest of SQLite sees is always the one it wrote. Every other file goes straight through.
#include "CWalWrites.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

// The unix VFS writes at most 0x1ffff bytes per call (it masks the count), so a combined write is
// handed to it in pieces below that.
enum { WAL_HEADER_BYTES = 32, FRAME_HEADER_BYTES = 24, WRITE_AT_BYTES = 4 << 20, PIECE_BYTES = 31 * 4096 };

typedef struct WalFile {
    sqlite3_file base;
    sqlite3_file *real;         // the wrapped VFS's file, in the memory right after this struct
    unsigned char *buffer;
    int capacity;
    int length;
    sqlite3_int64 start;        // file offset of buffer[0]
    int afterHeader;            // the last buffered bytes are a frame header…
    int commitFrame;            // …of a commit frame (its "database size after commit" is not zero)
} WalFile;

static sqlite3_vfs *realVfs;
static sqlite3_vfs wrapperVfs;
static sqlite3_io_methods walMethods;
static sqlite3_io_methods passMethods;
static atomic_llong combinedWrites;
static atomic_llong combinedFrames;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int registerResult = SQLITE_ERROR;

static sqlite3_file *inner(sqlite3_file *file) { return ((WalFile *)file)->real; }

static int writeBuffer(WalFile *w) {
    if (w->length == 0) return SQLITE_OK;
    int rc = SQLITE_OK;
    for (int done = 0; done < w->length && rc == SQLITE_OK; done += PIECE_BYTES) {
        int piece = w->length - done < PIECE_BYTES ? w->length - done : PIECE_BYTES;
        rc = w->real->pMethods->xWrite(w->real, w->buffer + done, piece, w->start + done);
    }
    w->length = 0;
    w->afterHeader = 0;
    atomic_fetch_add(&combinedWrites, 1);
    return rc;
}

static int append(WalFile *w, const void *data, int amount, sqlite3_int64 offset) {
    if (w->length == 0) w->start = offset;
    if (w->length + amount > w->capacity) {
        int capacity = w->capacity ? w->capacity : 1 << 20;
        while (capacity < w->length + amount) capacity *= 2;
        unsigned char *grown = realloc(w->buffer, (size_t)capacity);
        if (grown == NULL) return SQLITE_NOMEM;
        w->buffer = grown;
        w->capacity = capacity;
    }
    memcpy(w->buffer + w->length, data, (size_t)amount);
    w->length += amount;
    return SQLITE_OK;
}

static int walWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    WalFile *w = (WalFile *)file;
    int next = w->length == 0 || w->start + w->length == offset;
    if (amount == FRAME_HEADER_BYTES && offset >= WAL_HEADER_BYTES && next && !w->afterHeader) {
        if (append(w, data, amount, offset) == SQLITE_OK) {
            const unsigned char *header = data;
            w->afterHeader = 1;
            w->commitFrame = (header[4] | header[5] | header[6] | header[7]) != 0;
            return SQLITE_OK;
        }
    } else if (w->afterHeader && next) {
        if (append(w, data, amount, offset) == SQLITE_OK) {
            w->afterHeader = 0;
            atomic_fetch_add(&combinedFrames, 1);
            if (w->commitFrame || w->length >= WRITE_AT_BYTES) return writeBuffer(w);
            return SQLITE_OK;
        }
    }
    int rc = writeBuffer(w);
    if (rc != SQLITE_OK) return rc;
    return w->real->pMethods->xWrite(w->real, data, amount, offset);
}

static int walClose(sqlite3_file *file) {
    WalFile *w = (WalFile *)file;
    int rc = writeBuffer(w);
    int closed = w->real->pMethods->xClose(w->real);
    free(w->buffer);
    w->buffer = NULL;
    w->capacity = 0;
    return rc != SQLITE_OK ? rc : closed;
}

static int walRead(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset) {
    int rc = writeBuffer((WalFile *)file);
    return rc != SQLITE_OK ? rc : inner(file)->pMethods->xRead(inner(file), data, amount, offset);
}

static int walTruncate(sqlite3_file *file, sqlite3_int64 size) {
    int rc = writeBuffer((WalFile *)file);
    return rc != SQLITE_OK ? rc : inner(file)->pMethods->xTruncate(inner(file), size);
}

static int walSync(sqlite3_file *file, int flags) {
    int rc = writeBuffer((WalFile *)file);
    return rc != SQLITE_OK ? rc : inner(file)->pMethods->xSync(inner(file), flags);
}

static int walFileSize(sqlite3_file *file, sqlite3_int64 *size) {
    int rc = writeBuffer((WalFile *)file);
    return rc != SQLITE_OK ? rc : inner(file)->pMethods->xFileSize(inner(file), size);
}

// Straight through.
static int passClose(sqlite3_file *f) { return inner(f)->pMethods->xClose(inner(f)); }
static int passRead(sqlite3_file *f, void *d, int n, sqlite3_int64 o) { return inner(f)->pMethods->xRead(inner(f), d, n, o); }
static int passWrite(sqlite3_file *f, const void *d, int n, sqlite3_int64 o) { return inner(f)->pMethods->xWrite(inner(f), d, n, o); }
static int passTruncate(sqlite3_file *f, sqlite3_int64 s) { return inner(f)->pMethods->xTruncate(inner(f), s); }
static int passSync(sqlite3_file *f, int flags) { return inner(f)->pMethods->xSync(inner(f), flags); }
static int passFileSize(sqlite3_file *f, sqlite3_int64 *s) { return inner(f)->pMethods->xFileSize(inner(f), s); }
static int passLock(sqlite3_file *f, int l) { return inner(f)->pMethods->xLock(inner(f), l); }
static int passUnlock(sqlite3_file *f, int l) { return inner(f)->pMethods->xUnlock(inner(f), l); }
static int passCheckReservedLock(sqlite3_file *f, int *out) { return inner(f)->pMethods->xCheckReservedLock(inner(f), out); }
static int passFileControl(sqlite3_file *f, int op, void *arg) { return inner(f)->pMethods->xFileControl(inner(f), op, arg); }
static int passSectorSize(sqlite3_file *f) { return inner(f)->pMethods->xSectorSize(inner(f)); }
static int passDeviceCharacteristics(sqlite3_file *f) { return inner(f)->pMethods->xDeviceCharacteristics(inner(f)); }

static int passShmMap(sqlite3_file *f, int page, int size, int extend, void volatile **out) {
    if (inner(f)->pMethods->iVersion < 2) return SQLITE_IOERR;
    return inner(f)->pMethods->xShmMap(inner(f), page, size, extend, out);
}
static int passShmLock(sqlite3_file *f, int offset, int n, int flags) {
    if (inner(f)->pMethods->iVersion < 2) return SQLITE_IOERR;
    return inner(f)->pMethods->xShmLock(inner(f), offset, n, flags);
}
static void passShmBarrier(sqlite3_file *f) {
    if (inner(f)->pMethods->iVersion >= 2) inner(f)->pMethods->xShmBarrier(inner(f));
}
static int passShmUnmap(sqlite3_file *f, int deleteFlag) {
    if (inner(f)->pMethods->iVersion < 2) return SQLITE_OK;
    return inner(f)->pMethods->xShmUnmap(inner(f), deleteFlag);
}
static int passFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out) {
    *out = NULL;
    if (inner(f)->pMethods->iVersion < 3) return SQLITE_OK;
    return inner(f)->pMethods->xFetch(inner(f), offset, amount, out);
}
static int passUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *p) {
    if (inner(f)->pMethods->iVersion < 3) return SQLITE_OK;
    return inner(f)->pMethods->xUnfetch(inner(f), offset, p);
}

static int wrapOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags) {
    (void)vfs;
    WalFile *w = (WalFile *)file;
    memset(w, 0, sizeof *w);
    w->real = (sqlite3_file *)(w + 1);
    int rc = realVfs->xOpen(realVfs, name, w->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        if (w->real->pMethods != NULL) w->real->pMethods->xClose(w->real);
        w->base.pMethods = NULL;
        return rc;
    }
    w->base.pMethods = (flags & SQLITE_OPEN_WAL) ? &walMethods : &passMethods;
    return SQLITE_OK;
}

static int wrapDelete(sqlite3_vfs *v, const char *name, int syncDir) { (void)v; return realVfs->xDelete(realVfs, name, syncDir); }
static int wrapAccess(sqlite3_vfs *v, const char *name, int flags, int *out) { (void)v; return realVfs->xAccess(realVfs, name, flags, out); }
static int wrapFullPathname(sqlite3_vfs *v, const char *name, int n, char *out) { (void)v; return realVfs->xFullPathname(realVfs, name, n, out); }
static void *wrapDlOpen(sqlite3_vfs *v, const char *name) { (void)v; return realVfs->xDlOpen(realVfs, name); }
static void wrapDlError(sqlite3_vfs *v, int n, char *out) { (void)v; realVfs->xDlError(realVfs, n, out); }
static void (*wrapDlSym(sqlite3_vfs *v, void *h, const char *sym))(void) { (void)v; return realVfs->xDlSym(realVfs, h, sym); }
static void wrapDlClose(sqlite3_vfs *v, void *h) { (void)v; realVfs->xDlClose(realVfs, h); }
static int wrapRandomness(sqlite3_vfs *v, int n, char *out) { (void)v; return realVfs->xRandomness(realVfs, n, out); }
static int wrapSleep(sqlite3_vfs *v, int micros) { (void)v; return realVfs->xSleep(realVfs, micros); }
static int wrapCurrentTime(sqlite3_vfs *v, double *out) { (void)v; return realVfs->xCurrentTime(realVfs, out); }
static int wrapGetLastError(sqlite3_vfs *v, int n, char *out) { (void)v; return realVfs->xGetLastError(realVfs, n, out); }
static int wrapCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *out) { (void)v; return realVfs->xCurrentTimeInt64(realVfs, out); }

static void registerOnce(void) {
    realVfs = sqlite3_vfs_find(NULL);
    if (realVfs == NULL || realVfs->iVersion < 2) return;
    sqlite3_io_methods pass = {
        3, passClose, passRead, passWrite, passTruncate, passSync, passFileSize, passLock, passUnlock, passCheckReservedLock,
        passFileControl, passSectorSize, passDeviceCharacteristics, passShmMap, passShmLock, passShmBarrier, passShmUnmap,
        passFetch, passUnfetch,
    };
    passMethods = pass;
    walMethods = pass;
    walMethods.xClose = walClose;
    walMethods.xRead = walRead;
    walMethods.xWrite = walWrite;
    walMethods.xTruncate = walTruncate;
    walMethods.xSync = walSync;
    walMethods.xFileSize = walFileSize;
    wrapperVfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(WalFile) + realVfs->szOsFile,
        .mxPathname = realVfs->mxPathname,
        .zName = "kameng-wal-writes",
        .xOpen = wrapOpen,
        .xDelete = wrapDelete,
        .xAccess = wrapAccess,
        .xFullPathname = wrapFullPathname,
        .xDlOpen = wrapDlOpen,
        .xDlError = wrapDlError,
        .xDlSym = wrapDlSym,
        .xDlClose = wrapDlClose,
        .xRandomness = wrapRandomness,
        .xSleep = wrapSleep,
        .xCurrentTime = wrapCurrentTime,
        .xGetLastError = wrapGetLastError,
        .xCurrentTimeInt64 = wrapCurrentTimeInt64,
    };
    registerResult = sqlite3_vfs_register(&wrapperVfs, 1);
}

int kameng_wal_writes_register(void) {
    pthread_once(&once, registerOnce);
    return registerResult;
}

void kameng_wal_writes_stats(long long *writes, long long *frames) {
    *writes = atomic_load(&combinedWrites);
    *frames = atomic_load(&combinedFrames);
}
