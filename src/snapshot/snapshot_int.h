/* Snapshot internals shared with the tests and the fuzz target (internal): the header layout
 * stays in snapshot.c, and whoever changes bytes of a snapshot on purpose reseals it here. */
#ifndef COR_SNAPSHOT_SNAPSHOT_INT_H
#define COR_SNAPSHOT_SNAPSHOT_INT_H

#include <stddef.h>

/* Recomputes the two CRC-32s of the snapshot image buf[0..len) in place, as cor_graph_write()
 * does: the payload CRC over the bytes after the header, then the header CRC. Nothing else is
 * changed or checked (not even the magic), so a changed image reaches the checks behind the
 * checksums. Returns 0, or -1 when len is shorter than the header (buf is then unchanged). */
int cor_snapshot_reseal(void *buf, size_t len);

#endif
