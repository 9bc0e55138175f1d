/* Growing arrays (internal). */
#ifndef COR_UTIL_GROW_H
#define COR_UTIL_GROW_H

#include <stddef.h>

/* Makes room for element number n (0-based) in the array *items of *cap elements of elem
 * bytes, doubling its capacity (from 16) when it is full. Returns 1, or 0 when out of memory
 * or the size would overflow; the array is then unchanged. */
int cor_grow(void *items, size_t n, size_t *cap, size_t elem);

#endif
