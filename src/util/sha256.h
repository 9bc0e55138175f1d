/* SHA-256 (FIPS 180-4, section 6.2) of byte strings and files, for the checksums of the input
 * files a saved run records (internal). */
#ifndef COR_UTIL_SHA256_H
#define COR_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"

typedef struct cor_sha256 {
    uint32_t h[8];
    uint64_t bytes;       /* message length so far */
    unsigned char buf[64];
    size_t used;          /* bytes waiting in buf */
} cor_sha256;

void cor_sha256_init(cor_sha256 *c);
void cor_sha256_update(cor_sha256 *c, const void *data, size_t n);
/* Finishes the digest and writes it as 64 lowercase hex digits and a NUL into hex. */
void cor_sha256_hex(cor_sha256 *c, char hex[65]);

/* The SHA-256 of a whole file as hex. COR_ERR_IO (err says why) when it cannot be read. */
cor_status cor_sha256_file(const char *path, char hex[65], cor_err *err);

#endif
