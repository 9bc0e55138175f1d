/* Files replaced whole: a temporary file beside the destination, fsync, rename, fsync of the
 * directory (https://lwn.net/Articles/457667/ explains why each step is needed). */
#define _GNU_SOURCE /* renameat2 */
#include "util/afile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Makes a new name PATH.tmp.XXXXXX with make (a file or a directory that must not exist yet):
 * its result (>= 0) or -1 with errno set. */
static int make_beside(const char *path, char *out, size_t size,
                       int (*make)(const char *name))
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40) ^
                 (uint64_t)(uintptr_t)out;
    for (int attempt = 0; attempt < 100; attempt++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull; /* an LCG step: new names */
        if ((size_t)snprintf(out, size, "%s.tmp.%06llx", path, (unsigned long long)(x >> 40)) >=
            size) {
            errno = ENAMETOOLONG;
            break;
        }
        int rc = make(out);
        if (rc >= 0 || errno != EEXIST)
            return rc;
    }
    out[0] = '\0';
    return -1;
}

static int make_file(const char *name)
{
    return open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
}

static int make_dir(const char *name) { return mkdir(name, 0777); }

/* Opens a destination that is not a regular file for writing as it is. */
static int open_direct(cor_afile *a, const struct stat *st)
{
    /* O_NONBLOCK so that a FIFO without a reader fails (ENXIO) instead of blocking for ever */
    int fd = open(a->path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (S_ISFIFO(st->st_mode) ? O_NONBLOCK
                                                                                     : 0));
    if (fd < 0)
        return -1;
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (!(a->f = fdopen(fd, "wb"))) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    a->direct = 1;
    return 0;
}

int cor_afile_open(cor_afile *a, const char *path)
{
    a->f = NULL;
    a->tmp[0] = '\0';
    a->direct = 0;
    struct stat st;
    int exists = lstat(path, &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) {
        /* replace the file the link names, not the link (`-o /dev/stdout`, a link to a file);
         * a dangling link or a loop fails here with realpath's errno */
        char *real = realpath(path, NULL);
        if (!real)
            return -1;
        int fits = (size_t)snprintf(a->path, sizeof a->path, "%s", real) < sizeof a->path;
        free(real);
        if (!fits) {
            errno = ENAMETOOLONG;
            return -1;
        }
        path = a->path;
        exists = stat(path, &st) == 0;
    }
    if (path != a->path &&
        (size_t)snprintf(a->path, sizeof a->path, "%s", path) >= sizeof a->path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return -1;
    }
    if (exists && !S_ISREG(st.st_mode))
        return open_direct(a, &st);
    int fd = make_beside(a->path, a->tmp, sizeof a->tmp, make_file);
    if (fd >= 0 && exists) {
        /* the replaced file keeps its permissions (a 0600 file stays private); the owner only
         * when we may give it (root), else the file becomes ours, as any rewrite makes it */
        if (fchown(fd, st.st_uid, st.st_gid) != 0) {
            /* not permitted: keep our own */
        }
        fchmod(fd, st.st_mode & 07777);
    }
    if (fd >= 0 && !(a->f = fdopen(fd, "wb"))) {
        int e = errno;
        close(fd);
        unlink(a->tmp);
        errno = e;
        fd = -1;
    }
    if (fd < 0)
        a->tmp[0] = '\0';
    return fd < 0 ? -1 : 0;
}

/* fsync of a directory, so that the renames in it survive a power cut */
static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    /* some file systems cannot sync a directory; the rename is done all the same */
    if (rc != 0 && (errno == EINVAL || errno == EBADF))
        rc = 0;
    close(fd);
    return rc;
}

/* fsync of the directory holding path */
static int sync_parent(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    return fsync_dir(dir);
}

int cor_afile_commit(cor_afile *a)
{
    if (a->direct) {
        int ok = a->f && !ferror(a->f) && fflush(a->f) == 0;
        int e = errno;
        if (a->f && fclose(a->f) != 0 && ok) {
            ok = 0;
            e = errno;
        }
        a->f = NULL;
        errno = e;
        return ok ? 0 : -1;
    }
    int ok = 1;
    if (a->f) {
        ok = !ferror(a->f) && fflush(a->f) == 0 && fsync(fileno(a->f)) == 0;
        int e = errno;
        ok &= fclose(a->f) == 0;
        a->f = NULL;
        if (!ok && e)
            errno = e;
    } else {
        int fd = open(a->tmp, O_RDONLY | O_CLOEXEC);
        ok = fd >= 0 && fsync(fd) == 0;
        if (fd >= 0)
            close(fd);
    }
    if (!ok || rename(a->tmp, a->path) != 0) {
        cor_afile_abort(a);
        return -1;
    }
    a->tmp[0] = '\0';
    return sync_parent(a->path);
}

void cor_afile_abort(cor_afile *a)
{
    int e = errno;
    if (a->f)
        fclose(a->f);
    a->f = NULL;
    if (a->tmp[0])
        unlink(a->tmp);
    a->tmp[0] = '\0';
    errno = e;
}

int cor_adir_open(cor_adir *d, const char *dir)
{
    d->stage[0] = '\0';
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') /* "out/" and "out" are the same directory */
        n--;
    if (n >= sizeof d->dir) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(d->dir, sizeof d->dir, "%.*s", (int)n, dir);
    return make_beside(d->dir, d->stage, sizeof d->stage, make_dir) < 0 ? -1 : 0;
}

FILE *cor_adir_fopen(cor_adir *d, const char *name)
{
    char path[sizeof d->stage + 256];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", d->stage, name) >= sizeof path) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f && fd >= 0) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

/* Calls fn(dir, name, arg) for every entry of dir but . and ..; stops at the first failure. */
static int each_entry(const char *dir, int (*fn)(const char *dir, const char *name, void *arg),
                      void *arg)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            rc = fn(dir, e->d_name, arg);
    closedir(dp);
    return rc;
}

static int sync_entry(const char *dir, const char *name, void *arg)
{
    (void)arg;
    char path[PATH_MAX + 272];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = fd >= 0 ? fsync(fd) : -1;
    if (fd >= 0)
        close(fd);
    return rc;
}

static int remove_entry(const char *dir, const char *name, void *arg)
{
    (void)arg;
    char path[PATH_MAX + 272];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
    return 0;
}

/* An entry of the old directory (now at the staging name) that the new one lacks moves to it. */
static int keep_entry(const char *old, const char *name, void *dir)
{
    char from[PATH_MAX + 272], to[PATH_MAX + 272];
    snprintf(from, sizeof from, "%s/%s", old, name);
    snprintf(to, sizeof to, "%s/%s", (const char *)dir, name);
    struct stat st;
    if (lstat(to, &st) == 0)
        return 0;
    return rename(from, to);
}

int cor_adir_commit(cor_adir *d)
{
    if (each_entry(d->stage, sync_entry, NULL) != 0 || fsync_dir(d->stage) != 0)
        goto fail;
    struct stat st;
    if (lstat(d->dir, &st) != 0) {
        if (errno != ENOENT || rename(d->stage, d->dir) != 0)
            goto fail;
        d->stage[0] = '\0';
        return sync_parent(d->dir);
    }
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        goto fail;
    }
    /* the new directory keeps the old one's permissions (a 0700 directory stays private) */
    if (chown(d->stage, st.st_uid, st.st_gid) != 0) {
        /* not permitted: keep our own */
    }
    if (chmod(d->stage, st.st_mode & 07777) != 0)
        goto fail;
    if (renameat2(AT_FDCWD, d->stage, AT_FDCWD, d->dir, RENAME_EXCHANGE) != 0)
        goto fail;
    /* d->stage now names the old directory */
    int rc = each_entry(d->stage, keep_entry, d->dir);
    if (rc == 0) {
        each_entry(d->stage, remove_entry, NULL);
        rc = rmdir(d->stage);
    }
    d->stage[0] = '\0';
    return rc == 0 ? sync_parent(d->dir) : -1;
fail:
    cor_adir_abort(d);
    return -1;
}

void cor_adir_abort(cor_adir *d)
{
    int e = errno;
    if (d->stage[0]) {
        each_entry(d->stage, remove_entry, NULL);
        rmdir(d->stage);
    }
    d->stage[0] = '\0';
    errno = e;
}

FILE *cor_fopen_read(const char *path)
{
    /* O_NONBLOCK only for the open: a blocking open of a FIFO waits for a writer for ever */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    int fl = fcntl(fd, F_GETFL);
    FILE *f = fl >= 0 && fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

int cor_adir_others(const char *dir, const char *const *names, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    buf[0] = '\0';
    if (!d)
        return errno == ENOENT ? 0 : -1;
    int n = 0;
    size_t len = 0;
    for (struct dirent *e; (e = readdir(d));) {
        int named = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
        for (size_t i = 0; names[i] && !named; i++)
            named = strcmp(e->d_name, names[i]) == 0;
        if (named)
            continue;
        n++;
        if (len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", e->d_name);
    }
    closedir(d);
    return n;
}
