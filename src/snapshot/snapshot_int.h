/* Snapshot internals shared with the tests and the fuzz target (internal): the header layout
 * stays in snapshot.c, and whoever changes bytes of a snapshot on purpose reseals it here. */
#ifndef COR_SNAPSHOT_SNAPSHOT_INT_H
#define COR_SNAPSHOT_SNAPSHOT_INT_H

#include <stddef.h>

#include "ch/graph_int.h"

/* Recomputes the two CRC-32s of the snapshot image buf[0..len) in place, as cor_graph_write()
 * does: the payload CRC over the bytes after the section index, then the CRC of the header and
 * the index. Nothing else is changed or checked (not even the magic), so a changed image
 * reaches the checks behind the checksums. Returns 0, or -1 when len is shorter than the
 * header and the index its header announces (buf is then unchanged). */
int cor_snapshot_reseal(void *buf, size_t len);

/* Every index and offset of g's arrays, its hierarchies and its derived arrays (verify.c, for
 * cor_graph_verify). NULL, or the name of what is invalid; sets *nomem when scratch memory
 * runs out. Linear in the size of the graph. */
const char *cor_snapshot_validate(const cor_graph *g, int *nomem);

#endif
