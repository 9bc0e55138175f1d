/* SHA-256 of byte strings and files, for the checksums of the input files a saved run records
 * (internal): Nettle's implementation behind the few calls the store needs. */
#ifndef COR_UTIL_SHA256_H
#define COR_UTIL_SHA256_H

#include <nettle/sha2.h>
#include <stddef.h>

#include "corridor/diag.h"

typedef struct cor_sha256 {
    struct sha256_ctx ctx;
} cor_sha256;

void cor_sha256_init(cor_sha256 *c);
void cor_sha256_update(cor_sha256 *c, const void *data, size_t n);
/* Finishes the digest and writes it as 64 lowercase hex digits and a NUL into hex. */
void cor_sha256_hex(cor_sha256 *c, char hex[65]);

/* The SHA-256 of a whole file as hex. COR_ERR_IO (err says why) when it cannot be read. */
cor_status cor_sha256_file(const char *path, char hex[65], cor_err *err);

#endif
