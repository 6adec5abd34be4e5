/* The power-loss VFS: see include/CPowerLossVFS.h. Test code only; never registered as the default. */
#include "CPowerLossVFS.h"

#include <sqlite3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

/* One write or truncate to undo: the file's size before it, and its bytes [offset, offset+length) before it. */
typedef struct Undo {
    sqlite3_int64 offset;
    sqlite3_int64 old_size;
    sqlite3_int64 length;
    unsigned char *bytes;
} Undo;

/* A file by name: its undo log since its last sync. Shared by every handle open on that name. */
typedef struct Tracked {
    char *path;
    Undo *log;
    int count, capacity;
    struct Tracked *next;
} Tracked;

typedef struct PLFile {
    sqlite3_file base;
    Tracked *tracked; /* NULL for files without a name (temporary files): passed through */
    sqlite3_file *real; /* the unix VFS's file, allocated right after this struct */
} PLFile;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Tracked *files;
static long long ops, syncs, cut_after = -1;
static int fail_kind, fail_code;
static char fail_suffix[64];
static sqlite3_vfs *unix_vfs;
static sqlite3_vfs vfs;
static sqlite3_io_methods methods;

static void forget_log(Tracked *t) {
    for (int i = 0; i < t->count; i++) free(t->log[i].bytes);
    t->count = 0;
}

static Tracked *track(const char *path) {
    for (Tracked *t = files; t; t = t->next)
        if (strcmp(t->path, path) == 0) return t;
    Tracked *t = calloc(1, sizeof(Tracked));
    t->path = strdup(path);
    t->next = files;
    files = t;
    return t;
}

/* Called with the lock held: counts the operation and says whether the machine is dead. */
static int dead_after_counting(void) {
    ops++;
    return cut_after >= 0 && ops > cut_after;
}

static int injected(int kind, Tracked *t) {
    if (fail_kind != kind) return 0;
    size_t n = strlen(fail_suffix), m = strlen(t->path);
    if (n > m || strcmp(t->path + m - n, fail_suffix) != 0) return 0;
    fail_kind = 0;
    return fail_code;
}

/* Records the bytes [offset, offset+length) and the size of the file before they change. */
static int record(PLFile *f, sqlite3_int64 offset, sqlite3_int64 length) {
    Tracked *t = f->tracked;
    sqlite3_int64 size = 0;
    int rc = f->real->pMethods->xFileSize(f->real, &size);
    if (rc != SQLITE_OK) return rc;
    Undo u = {offset, size, 0, NULL};
    if (offset < size) {
        u.length = size - offset < length ? size - offset : length;
        u.bytes = malloc((size_t)u.length);
        rc = f->real->pMethods->xRead(f->real, u.bytes, (int)u.length, offset);
        if (rc != SQLITE_OK) { free(u.bytes); return rc; }
    }
    if (t->count == t->capacity) {
        t->capacity = t->capacity ? 2 * t->capacity : 64;
        t->log = realloc(t->log, sizeof(Undo) * (size_t)t->capacity);
    }
    t->log[t->count++] = u;
    return SQLITE_OK;
}

static int pl_close(sqlite3_file *file) {
    PLFile *f = (PLFile *)file;
    int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    return rc;
}

static int pl_read(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset) {
    PLFile *f = (PLFile *)file;
    return f->real->pMethods->xRead(f->real, buffer, amount, offset);
}

static int pl_write(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset) {
    PLFile *f = (PLFile *)file;
    if (!f->tracked) return f->real->pMethods->xWrite(f->real, buffer, amount, offset);
    pthread_mutex_lock(&lock);
    int rc;
    if (dead_after_counting()) rc = SQLITE_IOERR_WRITE;
    else if ((rc = injected(POWERLOSS_WRITE, f->tracked)) != 0) { /* fails without writing */ }
    else if ((rc = record(f, offset, amount)) == SQLITE_OK) rc = f->real->pMethods->xWrite(f->real, buffer, amount, offset);
    pthread_mutex_unlock(&lock);
    return rc;
}

static int pl_truncate(sqlite3_file *file, sqlite3_int64 size) {
    PLFile *f = (PLFile *)file;
    if (!f->tracked) return f->real->pMethods->xTruncate(f->real, size);
    pthread_mutex_lock(&lock);
    int rc;
    sqlite3_int64 old = 0;
    if (dead_after_counting()) rc = SQLITE_IOERR_TRUNCATE;
    else if ((rc = f->real->pMethods->xFileSize(f->real, &old)) == SQLITE_OK
             && (rc = record(f, size, old > size ? old - size : 0)) == SQLITE_OK)
        rc = f->real->pMethods->xTruncate(f->real, size);
    pthread_mutex_unlock(&lock);
    return rc;
}

static int pl_sync(sqlite3_file *file, int flags) {
    PLFile *f = (PLFile *)file;
    if (!f->tracked) return f->real->pMethods->xSync(f->real, flags);
    pthread_mutex_lock(&lock);
    int rc;
    if (dead_after_counting()) rc = SQLITE_IOERR_FSYNC;
    else if ((rc = injected(POWERLOSS_SYNC, f->tracked)) != 0) { /* fails without syncing */ }
    else if ((rc = f->real->pMethods->xSync(f->real, flags)) == SQLITE_OK) {
        /* fsync makes the whole file durable, whichever handle wrote it. */
        forget_log(f->tracked);
        syncs++;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int pl_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    PLFile *f = (PLFile *)file;
    return f->real->pMethods->xFileSize(f->real, size);
}

static int pl_lock(sqlite3_file *file, int level) { return ((PLFile *)file)->real->pMethods->xLock(((PLFile *)file)->real, level); }
static int pl_unlock(sqlite3_file *file, int level) { return ((PLFile *)file)->real->pMethods->xUnlock(((PLFile *)file)->real, level); }
static int pl_check_reserved(sqlite3_file *file, int *out) {
    return ((PLFile *)file)->real->pMethods->xCheckReservedLock(((PLFile *)file)->real, out);
}

static int pl_file_control(sqlite3_file *file, int op, void *arg) {
    PLFile *f = (PLFile *)file;
    /* The unix VFS can grow a file itself for a size hint, bypassing xWrite; only with a chunk size set,
     * which Kameng never sets, or with mmap. Ignore both hints so that every change goes through xWrite/xTruncate. */
    if (op == SQLITE_FCNTL_CHUNK_SIZE || op == SQLITE_FCNTL_SIZE_HINT) return SQLITE_OK;
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int pl_sector_size(sqlite3_file *file) { return ((PLFile *)file)->real->pMethods->xSectorSize(((PLFile *)file)->real); }
static int pl_device_characteristics(sqlite3_file *file) {
    return ((PLFile *)file)->real->pMethods->xDeviceCharacteristics(((PLFile *)file)->real);
}
static int pl_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out) {
    return ((PLFile *)file)->real->pMethods->xShmMap(((PLFile *)file)->real, page, size, extend, out);
}
static int pl_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
    return ((PLFile *)file)->real->pMethods->xShmLock(((PLFile *)file)->real, offset, n, flags);
}
static void pl_shm_barrier(sqlite3_file *file) { ((PLFile *)file)->real->pMethods->xShmBarrier(((PLFile *)file)->real); }
static int pl_shm_unmap(sqlite3_file *file, int delete) {
    return ((PLFile *)file)->real->pMethods->xShmUnmap(((PLFile *)file)->real, delete);
}
static int pl_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    return ((PLFile *)file)->real->pMethods->xFetch(((PLFile *)file)->real, offset, amount, out);
}
static int pl_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page) {
    return ((PLFile *)file)->real->pMethods->xUnfetch(((PLFile *)file)->real, offset, page);
}

static int pl_open(sqlite3_vfs *self, const char *name, sqlite3_file *file, int flags, int *out_flags) {
    (void)self;
    PLFile *f = (PLFile *)file;
    memset(f, 0, sizeof(PLFile));
    f->real = (sqlite3_file *)(f + 1);
    int rc = unix_vfs->xOpen(unix_vfs, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        f->base.pMethods = NULL;
        return rc;
    }
    if (name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL))) {
        pthread_mutex_lock(&lock);
        f->tracked = track(name);
        pthread_mutex_unlock(&lock);
    }
    f->base.pMethods = &methods;
    return SQLITE_OK;
}

static int pl_delete(sqlite3_vfs *self, const char *name, int dir_sync) {
    (void)self;
    pthread_mutex_lock(&lock);
    int rc;
    if (dead_after_counting()) rc = SQLITE_IOERR_DELETE;
    else {
        rc = unix_vfs->xDelete(unix_vfs, name, dir_sync);
        /* A deleted file is taken as gone for good (SQLite syncs the database before it deletes its WAL). */
        for (Tracked *t = files; t; t = t->next)
            if (strcmp(t->path, name) == 0) forget_log(t);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int powerloss_register(void) {
    pthread_mutex_lock(&lock);
    int rc = SQLITE_OK;
    if (!unix_vfs) {
        unix_vfs = sqlite3_vfs_find("unix");
        if (!unix_vfs) rc = SQLITE_ERROR;
        else {
            vfs = *unix_vfs;
            vfs.pNext = NULL;
            vfs.zName = "powerloss";
            vfs.szOsFile = (int)sizeof(PLFile) + unix_vfs->szOsFile;
            vfs.pAppData = NULL;
            vfs.xOpen = pl_open;
            vfs.xDelete = pl_delete;
            methods = (sqlite3_io_methods){
                3, pl_close, pl_read, pl_write, pl_truncate, pl_sync, pl_file_size, pl_lock, pl_unlock,
                pl_check_reserved, pl_file_control, pl_sector_size, pl_device_characteristics,
                pl_shm_map, pl_shm_lock, pl_shm_barrier, pl_shm_unmap, pl_fetch, pl_unfetch,
            };
            rc = sqlite3_vfs_register(&vfs, 0); /* by name only: never the default */
            if (rc != SQLITE_OK) unix_vfs = NULL;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

void powerloss_reset(void) {
    pthread_mutex_lock(&lock);
    for (Tracked *t = files; t; t = t->next) forget_log(t);
    ops = 0;
    syncs = 0;
    cut_after = -1;
    fail_kind = 0;
    pthread_mutex_unlock(&lock);
}

void powerloss_arm(long long n) {
    pthread_mutex_lock(&lock);
    cut_after = n < 0 ? -1 : ops + n;
    pthread_mutex_unlock(&lock);
}

long long powerloss_ops(void) {
    pthread_mutex_lock(&lock);
    long long n = ops;
    pthread_mutex_unlock(&lock);
    return n;
}

long long powerloss_syncs(void) {
    pthread_mutex_lock(&lock);
    long long n = syncs;
    pthread_mutex_unlock(&lock);
    return n;
}

int powerloss_dead(void) {
    pthread_mutex_lock(&lock);
    int dead = cut_after >= 0 && ops > cut_after;
    pthread_mutex_unlock(&lock);
    return dead;
}

long long powerloss_cut(void) {
    pthread_mutex_lock(&lock);
    long long dropped = 0;
    for (Tracked *t = files; t; t = t->next) {
        if (t->count == 0) continue;
        int fd = open(t->path, O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            /* Deleted after its last change: nothing of it to restore. */
            forget_log(t);
            continue;
        }
        for (int i = t->count - 1; i >= 0; i--) {
            Undo *u = &t->log[i];
            if (ftruncate(fd, u->old_size) != 0) dropped = -1;
            if (u->length > 0 && pwrite(fd, u->bytes, (size_t)u->length, u->offset) != (ssize_t)u->length) dropped = -1;
            if (dropped >= 0) dropped++;
        }
        fsync(fd);
        close(fd);
        forget_log(t);
    }
    cut_after = -1;
    fail_kind = 0;
    pthread_mutex_unlock(&lock);
    return dropped;
}

void powerloss_fail_next(int kind, int code, const char *suffix) {
    pthread_mutex_lock(&lock);
    fail_kind = kind;
    fail_code = code;
    strncpy(fail_suffix, suffix ? suffix : "", sizeof(fail_suffix) - 1);
    fail_suffix[sizeof(fail_suffix) - 1] = 0;
    pthread_mutex_unlock(&lock);
}
