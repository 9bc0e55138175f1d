/* Growing arrays. */
#include "util/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int cor_grow(void *items, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return 1;
    size_t want = *cap ? 2 * *cap : 16;
    if (want <= n)
        want = n + 1;
    if (want > SIZE_MAX / elem)
        return 0;
    void *old, *p;
    memcpy(&old, items, sizeof old);
    p = realloc(old, want * elem);
    if (!p)
        return 0;
    memcpy(items, &p, sizeof p);
    *cap = want;
    return 1;
}
