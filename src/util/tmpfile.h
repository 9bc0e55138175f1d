/* Temporary files beside a destination, for writes that end in a rename (internal). */
#ifndef COR_UTIL_TMPFILE_H
#define COR_UTIL_TMPFILE_H

#include <stddef.h>

/* Creates and opens (write-only, close-on-exec) a new file named path.tmp.<unique> and puts
 * its name in out. Its mode is 0666 less the umask, as a plain create gives; mkstemp's 0600
 * would leave the final file unreadable to others. Returns the descriptor, or -1 with errno
 * set. Calls no umask() (safe in a threaded server). */
int cor_tmpfile_beside(const char *path, char *out, size_t size);

#endif
