/* The one priority queue (internal): a 4-ary min-heap of items 0..n-1 keyed by uint64, with
 * decrease-key through a position index, so that an item is in the heap at most once (TNTP
 * assignment, disjoint paths, contraction), and lazy heaps of any entry below (CH queries, the
 * multimodal router and Yen's alternatives, the simulation's event list). A 4-ary
 * heap does half the levels of a binary one for the same cache lines per level. Entries are
 * ordered by (key, item): ties go to the smaller item, so the order in which items come out
 * depends only on the keys, never on the heap's history. */
#ifndef COR_UTIL_HEAP_H
#define COR_UTIL_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "util/grow.h"

#define COR_HEAP_ABSENT UINT32_MAX

typedef struct cor_heap_entry {
    uint64_t key;
    uint32_t item;
} cor_heap_entry;

typedef struct cor_heap {
    cor_heap_entry *e;   /* the heap, e[0] the minimum; grows on demand up to n_items */
    uint32_t *pos;       /* by item: its index in e, or COR_HEAP_ABSENT */
    uint32_t n, cap, n_items;
} cor_heap;

/* Sets up an empty heap for items 0..n_items-1 (n_items < UINT32_MAX). Returns 0, or -1 when
 * out of memory (then *h holds nothing to free). */
int cor_heap_init(cor_heap *h, uint32_t n_items);
/* Frees the arrays; a zeroed or freed heap may be freed again. */
void cor_heap_free(cor_heap *h);
/* Makes room for every item at once, so that later pushes cannot fail. Returns 0 or -1. */
int cor_heap_reserve_all(cor_heap *h);
/* Grows the heap array for one more entry. Returns 0 or -1 (the heap is then unchanged). */
int cor_heap_grow(cor_heap *h);

/* Empties the heap in O(entries left). */
static inline void cor_heap_clear(cor_heap *h)
{
    for (uint32_t i = 0; i < h->n; i++)
        h->pos[h->e[i].item] = COR_HEAP_ABSENT;
    h->n = 0;
}

static inline int cor_heap_empty(const cor_heap *h) { return h->n == 0; }
static inline int cor_heap_contains(const cor_heap *h, uint32_t item)
{
    return h->pos[item] != COR_HEAP_ABSENT;
}
/* The smallest key; the heap must not be empty. */
static inline uint64_t cor_heap_top_key(const cor_heap *h) { return h->e[0].key; }
static inline uint32_t cor_heap_top_item(const cor_heap *h) { return h->e[0].item; }
/* The key of an item in the heap. */
static inline uint64_t cor_heap_key(const cor_heap *h, uint32_t item)
{
    return h->e[h->pos[item]].key;
}

/* Keys of non-negative doubles: their IEEE 754 bit patterns order as the values do (+0 for
 * -0, which would otherwise sort last). NaN and negative values are the caller's bug. */
static inline uint64_t cor_heap_key_of_double(double d)
{
    union { double d; uint64_t u; } x = {d + 0.0};
    return x.u;
}
static inline double cor_heap_double_of_key(uint64_t k)
{
    union { uint64_t u; double d; } x = {k};
    return x.d;
}

/* without branches: in the inner loop of every search, a mispredicted tie test costs more
 * than computing both comparisons */
static inline int cor_heap_less_(cor_heap_entry a, cor_heap_entry b)
{
    return (a.key < b.key) | ((a.key == b.key) & (a.item < b.item));
}

static inline void cor_heap_up_(cor_heap *h, uint32_t i, cor_heap_entry x)
{
    while (i > 0) {
        uint32_t p = (i - 1) / 4;
        if (!cor_heap_less_(x, h->e[p]))
            break;
        h->e[i] = h->e[p];
        h->pos[h->e[i].item] = i;
        i = p;
    }
    h->e[i] = x;
    h->pos[x.item] = i;
}

static inline void cor_heap_down_(cor_heap *h, uint32_t i, cor_heap_entry x)
{
    for (;;) {
        uint32_t c = 4 * i + 1;
        if (c >= h->n)
            break;
        uint32_t end = c + 4 < h->n ? c + 4 : h->n, best = c;
        for (uint32_t k = c + 1; k < end; k++)
            if (cor_heap_less_(h->e[k], h->e[best]))
                best = k;
        if (!cor_heap_less_(h->e[best], x))
            break;
        h->e[i] = h->e[best];
        h->pos[h->e[i].item] = i;
        i = best;
    }
    h->e[i] = x;
    h->pos[x.item] = i;
}

/* Inserts an absent item. Returns 0, or -1 when out of memory (the heap is then unchanged). */
static inline int cor_heap_push(cor_heap *h, uint32_t item, uint64_t key)
{
    if (h->n == h->cap && cor_heap_grow(h) != 0)
        return -1;
    cor_heap_up_(h, h->n++, (cor_heap_entry){key, item});
    return 0;
}

/* Lowers the key of an item in the heap (key <= its key). */
static inline void cor_heap_decrease(cor_heap *h, uint32_t item, uint64_t key)
{
    cor_heap_up_(h, h->pos[item], (cor_heap_entry){key, item});
}

/* Inserts the item or changes its key, up or down. Returns 0, or -1 when out of memory. */
static inline int cor_heap_set(cor_heap *h, uint32_t item, uint64_t key)
{
    uint32_t i = h->pos[item];
    if (i == COR_HEAP_ABSENT)
        return cor_heap_push(h, item, key);
    if (key <= h->e[i].key) /* same item: (key, item) is smaller exactly when key is */
        cor_heap_up_(h, i, (cor_heap_entry){key, item});
    else
        cor_heap_down_(h, i, (cor_heap_entry){key, item});
    return 0;
}

/* Removes and returns the entry of smallest key; the heap must not be empty. */
static inline cor_heap_entry cor_heap_pop(cor_heap *h)
{
    cor_heap_entry top = h->e[0];
    h->pos[top.item] = COR_HEAP_ABSENT;
    if (--h->n)
        cor_heap_down_(h, 0, h->e[h->n]);
    return top;
}

/* ---- lazy heaps: no position index, an entry may stand for an item several times ----
 * For searches where decreasing a key in place costs more than it saves (the position index is
 * one more random write per move): a search pushes a new entry when a label improves and
 * skips, when popping, entries whose key is no longer the label; and for event lists, whose
 * entries are not a fixed set of items.
 * COR_LHEAP_DEFINE(name, type, less) defines a 4-ary min-heap of entries of `type` ordered by
 * `int less(const type *a, const type *b)`:
 *   typedef struct name { type *e; size_t n, cap; } name;      zeroed: empty; free(h->e)
 *   int name##_add(name *h, type x)   0, or -1 when out of memory (h is then unchanged)
 *   type name##_pop(name *h)          removes and returns the least entry; h must not be empty
 * When `less` is a total order on the entries ever in the heap at once (ties broken by an item
 * or an insertion number, as the router and the simulation do), the entries come out in the
 * same order whatever the heap's shape or history, so a change of arity changes no answer.
 * The router's own lazy binary heap gave way to this one with identical answers (JSON fixtures)
 * and no loss (bench/route_json on the Winnipeg import, interleaved runs, medians: Yen's 5
 * routes 11.1 -> 10.6 ms, one route 34.8 -> 34.9 us; bench/sim_bench 3: 0.53 -> 0.54 s, within
 * the noise); the indexed heap above had made Yen's alternatives 1.6x slower. */
#define COR_LHEAP_DEFINE(name, type, less)                                                   \
    typedef struct name {                                                                    \
        type *e;                                                                             \
        size_t n, cap;                                                                       \
    } name;                                                                                  \
                                                                                             \
    static inline int name##_add(name *h, type x)                                            \
    {                                                                                        \
        if (h->n == h->cap && !cor_grow(&h->e, h->n, &h->cap, sizeof *h->e))                 \
            return -1;                                                                       \
        size_t i = h->n++;                                                                   \
        while (i > 0 && less(&x, &h->e[(i - 1) / 4])) {                                      \
            h->e[i] = h->e[(i - 1) / 4];                                                     \
            i = (i - 1) / 4;                                                                 \
        }                                                                                    \
        h->e[i] = x;                                                                         \
        return 0;                                                                            \
    }                                                                                        \
                                                                                             \
    static inline type name##_pop(name *h)                                                   \
    {                                                                                        \
        type top = h->e[0], x = h->e[--h->n];                                                \
        size_t i = 0, n = h->n;                                                              \
        for (;;) {                                                                           \
            size_t c = 4 * i + 1;                                                            \
            if (c >= n)                                                                      \
                break;                                                                       \
            size_t end = c + 4 < n ? c + 4 : n, best = c;                                    \
            for (size_t k = c + 1; k < end; k++)                                             \
                if (less(&h->e[k], &h->e[best]))                                             \
                    best = k;                                                                \
            if (!less(&h->e[best], &x))                                                      \
                break;                                                                       \
            h->e[i] = h->e[best];                                                            \
            i = best;                                                                        \
        }                                                                                    \
        if (n)                                                                               \
            h->e[i] = x;                                                                     \
        return top;                                                                          \
    }

/* cor_lheap: the lazy heap of (key, item) entries ordered by key only, for the CH queries
 * (src/ch/query.c: the indexed heap, with its tie rule, was up to 20% slower there in
 * bench/graphbench runs on the 100k synthetic grid). */
static inline int cor_lheap_less_(const cor_heap_entry *a, const cor_heap_entry *b)
{
    return a->key < b->key;
}
COR_LHEAP_DEFINE(cor_lheap, cor_heap_entry, cor_lheap_less_)

/* Frees the array; a zeroed or freed heap may be freed again. */
void cor_lheap_free(cor_lheap *h);
/* Grows the array for one more entry. Returns 0 or -1 (the heap is then unchanged). */
int cor_lheap_grow(cor_lheap *h);

static inline void cor_lheap_clear(cor_lheap *h) { h->n = 0; }
static inline int cor_lheap_empty(const cor_lheap *h) { return h->n == 0; }
static inline uint64_t cor_lheap_top_key(const cor_lheap *h) { return h->e[0].key; }
static inline uint32_t cor_lheap_top_item(const cor_lheap *h) { return h->e[0].item; }

/* Adds an entry. Returns 0, or -1 when out of memory (the heap is then unchanged). */
static inline int cor_lheap_push(cor_lheap *h, uint32_t item, uint64_t key)
{
    return cor_lheap_add(h, (cor_heap_entry){key, item});
}

#endif
