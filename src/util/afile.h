/* Files replaced whole (internal): written to a temporary file beside the destination, flushed
 * to disk, then renamed over it, so that a reader, a crash or a kill -9 finds either the old
 * file or the new complete one, never a part (docs/security.md "Crash safety"). */
#ifndef COR_UTIL_AFILE_H
#define COR_UTIL_AFILE_H

#include <limits.h>
#include <stdio.h>

typedef struct cor_afile {
    FILE *f;                 /* write here; may be closed early (fclose, f = NULL) to let
                                another writer (SQLite) fill the file named tmp */
    char tmp[PATH_MAX + 16]; /* PATH.tmp.XXXXXX; empty when direct */
    char path[PATH_MAX];     /* the destination, symbolic links resolved */
    int direct;              /* 1: the destination is not a regular file (a device, a FIFO, a
                                socket): a->f writes to it directly, there is nothing to rename */
} cor_afile;

/* Creates PATH.tmp.<unique> beside the file PATH names and opens it as a->f (close-on-exec).
 * A symbolic link is followed: the file it names is replaced, the link stays. When PATH exists
 * the new file gets its permissions (and, when the process may, its owner and group); else
 * mode 0666 less the umask, as a plain create gives. When PATH is a device, a FIFO or a socket
 * (`-o /dev/null`, `-o /dev/stdout` on a pipe), nothing could be renamed over it without
 * replacing it: it is opened for writing directly (a FIFO without a reader fails with ENXIO
 * instead of waiting) and a->direct is set. 0, or -1 with errno set (then nothing to abort). */
int cor_afile_open(cor_afile *a, const char *path);

/* Flushes and closes a->f, syncs the file to disk, renames it over the destination and syncs
 * the directory (direct: flushes and closes). 0, or -1 with errno set and the temporary file
 * removed. */
int cor_afile_commit(cor_afile *a);

/* Closes a->f if open and removes the temporary file; safe to call after a failed commit. */
void cor_afile_abort(cor_afile *a);

/* A directory of files written together (a network directory): the files go into a staging
 * directory DIR.tmp.XXXXXX beside DIR, and the commit puts it in DIR's place in one step. */
typedef struct cor_adir {
    char stage[PATH_MAX + 16];
    char dir[PATH_MAX];
} cor_adir;

/* Creates the staging directory. 0, or -1 with errno set (then nothing to abort). */
int cor_adir_open(cor_adir *d, const char *dir);

/* Creates d->stage/name for writing; NULL with errno set. The caller closes it (fclose) and
 * checks the close before the commit. */
FILE *cor_adir_fopen(cor_adir *d, const char *name);

/* Syncs every file of the staging directory, gives it DIR's permissions when DIR exists, then
 * swaps it with DIR (renameat2
 * RENAME_EXCHANGE; a plain rename when DIR does not exist), moves the entries of the old DIR
 * that the new one lacks (scenarios/, a README) into DIR, removes the rest of the old one and
 * syncs the parent directory. Until the swap DIR is the old directory, from it on the new
 * complete one; a crash after the swap can leave the old directory, with entries not yet moved,
 * as DIR.tmp.XXXXXX. 0, or -1 with errno set (the staging directory removed when the swap did
 * not happen). */
int cor_adir_commit(cor_adir *d);

/* Removes the staging directory and its files; safe after a failed commit. */
void cor_adir_abort(cor_adir *d);

/* The entries of the directory dir but ".", ".." and the names in names (NULL-terminated), as
 * "a, b, c" into buf (cut at size): what a network directory written there would not replace.
 * Returns how many there are; 0 when dir does not exist; -1 with errno set when it cannot be
 * read (ENOTDIR: it is not a directory). */
int cor_adir_others(const char *dir, const char *const *names, char *buf, size_t size);

/* Opens path for reading like fopen(path, "rb") (close-on-exec), except that a FIFO no process
 * writes does not block the open: it reads as empty. NULL with errno set. */
FILE *cor_fopen_read(const char *path);

#endif
