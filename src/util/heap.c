/* The one priority queue: allocation and growth (the operations are inline in heap.h, they
 * sit in the inner loop of every search). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/heap.h"

int cor_heap_init(cor_heap *h, uint32_t n_items)
{
    memset(h, 0, sizeof *h);
    if (n_items == UINT32_MAX)
        return -1;
    h->pos = malloc(((size_t)n_items + 1) * sizeof *h->pos);
    if (!h->pos)
        return -1;
    memset(h->pos, 0xFF, ((size_t)n_items + 1) * sizeof *h->pos);
    h->n_items = n_items;
    return 0;
}

void cor_heap_free(cor_heap *h)
{
    free(h->e);
    free(h->pos);
    memset(h, 0, sizeof *h);
}

static int grow_to(cor_heap *h, uint32_t cap)
{
    cor_heap_entry *e = realloc(h->e, ((size_t)cap ? cap : 1) * sizeof *e);
    if (!e)
        return -1;
    h->e = e;
    h->cap = cap;
    return 0;
}

int cor_heap_grow(cor_heap *h)
{
    if (h->cap >= h->n_items) /* every item is in the heap already: a caller's bug */
        return -1;
    uint64_t cap = h->cap ? 2 * (uint64_t)h->cap : 64;
    return grow_to(h, cap > h->n_items ? h->n_items : (uint32_t)cap);
}

int cor_heap_reserve_all(cor_heap *h)
{
    return h->cap >= h->n_items ? 0 : grow_to(h, h->n_items);
}

void cor_lheap_free(cor_lheap *h)
{
    free(h->e);
    memset(h, 0, sizeof *h);
}

int cor_lheap_grow(cor_lheap *h)
{
    size_t cap = h->cap ? 2 * h->cap : 64;
    if (cap > SIZE_MAX / sizeof *h->e)
        return -1;
    cor_heap_entry *e = realloc(h->e, cap * sizeof *e);
    if (!e)
        return -1;
    h->e = e;
    h->cap = cap;
    return 0;
}
