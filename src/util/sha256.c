/* SHA-256 through Nettle (libnettle, FIPS 180-4), digests written as hex. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/sha256.h"

void cor_sha256_init(cor_sha256 *c) { sha256_init(&c->ctx); }

void cor_sha256_update(cor_sha256 *c, const void *data, size_t n)
{
    sha256_update(&c->ctx, n, data);
}

void cor_sha256_hex(cor_sha256 *c, char hex[65])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&c->ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

cor_status cor_sha256_file(const char *path, char hex[65], cor_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cor_err_set(err, COR_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    cor_sha256 c;
    cor_sha256_init(&c);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        cor_sha256_update(&c, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return cor_err_set(err, COR_ERR_IO, "cannot read %s", path);
    cor_sha256_hex(&c, hex);
    return COR_OK;
}
