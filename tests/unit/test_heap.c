/* The heap (src/util/heap.h) against a plain array searched linearly: random pushes, pops,
 * decreases, key changes up and down and clears, checking every popped (key, item) against
 * the reference minimum (ties: the smallest item) and the heap's order and position index
 * every 97 operations; a heap sort against qsort; the lazy variant against counts of keys; a
 * lazy heap of another entry type with a total order against a linear search; keys of
 * doubles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "util/heap.h"

#define ITEMS 300
#define NONE UINT64_MAX

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* every parent key <= its children's, pos[] the inverse of the heap array */
static void check_invariants(const cor_heap *h, const uint64_t *ref)
{
    size_t present = 0;
    for (uint32_t v = 0; v < ITEMS; v++) {
        present += ref[v] != NONE;
        assert_int_equal(cor_heap_contains(h, v), ref[v] != NONE);
        if (ref[v] != NONE)
            assert_int_equal(cor_heap_key(h, v), ref[v]);
    }
    assert_int_equal(h->n, present);
    for (uint32_t i = 0; i < h->n; i++) {
        assert_int_equal(h->pos[h->e[i].item], i);
        if (i)
            assert_true(h->e[(i - 1) / 4].key <= h->e[i].key);
    }
}

/* the reference minimum key; *item the smallest item of that key, the one that comes out */
static uint64_t ref_min(const uint64_t *ref, uint32_t *item)
{
    uint64_t best = NONE;
    for (uint32_t v = 0; v < ITEMS; v++)
        if (ref[v] < best) {
            best = ref[v];
            *item = v;
        }
    return best;
}

static void random_operations(void **state)
{
    (void)state;
    cor_heap h;
    assert_int_equal(cor_heap_init(&h, ITEMS), 0);
    uint64_t ref[ITEMS], seed = 20;
    for (uint32_t v = 0; v < ITEMS; v++)
        ref[v] = NONE;
    size_t pops = 0;
    for (int step = 0; step < 40000; step++) {
        uint32_t v = (uint32_t)(rnd(&seed) % ITEMS);
        uint64_t key = rnd(&seed) % 1000; /* small keys: many ties */
        switch (rnd(&seed) % 8) {
        case 0: case 1: case 2: /* push or decrease */
            if (ref[v] == NONE) {
                assert_int_equal(cor_heap_push(&h, v, key), 0);
                ref[v] = key;
            } else if (key <= ref[v]) {
                cor_heap_decrease(&h, v, key);
                ref[v] = key;
            }
            break;
        case 3: /* any change of key, or insertion */
            assert_int_equal(cor_heap_set(&h, v, key), 0);
            ref[v] = key;
            break;
        case 4: case 5: case 6:
            if (!cor_heap_empty(&h)) {
                uint32_t item = 0;
                uint64_t want = ref_min(ref, &item);
                assert_int_equal(cor_heap_top_key(&h), want);
                assert_int_equal(cor_heap_top_item(&h), item);
                cor_heap_entry e = cor_heap_pop(&h);
                assert_int_equal(e.key, want);
                assert_int_equal(e.item, item);
                ref[e.item] = NONE;
                pops++;
            }
            break;
        default:
            if (rnd(&seed) % 50 == 0) {
                cor_heap_clear(&h);
                for (uint32_t k = 0; k < ITEMS; k++)
                    ref[k] = NONE;
            }
        }
        if (step % 97 == 0)
            check_invariants(&h, ref);
    }
    check_invariants(&h, ref);
    /* drain: the keys come out sorted */
    uint64_t last = 0;
    while (!cor_heap_empty(&h)) {
        cor_heap_entry e = cor_heap_pop(&h);
        assert_true(e.key >= last);
        assert_int_equal(ref[e.item], e.key);
        ref[e.item] = NONE;
        last = e.key;
    }
    uint32_t none;
    assert_int_equal(ref_min(ref, &none), NONE);
    assert_true(pops > 5000);
    cor_heap_free(&h);
    cor_heap_free(&h); /* a freed heap may be freed again */
}

/* heap sort of random keys equals qsort of the same keys */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void sorts_like_qsort(void **state)
{
    (void)state;
    enum { N = 5000 };
    static uint64_t keys[N], sorted[N];
    uint64_t seed = 7;
    cor_heap h;
    assert_int_equal(cor_heap_init(&h, N), 0);
    for (uint32_t i = 0; i < N; i++) {
        keys[i] = sorted[i] = rnd(&seed) << 20 ^ rnd(&seed);
        assert_int_equal(cor_heap_push(&h, i, keys[i]), 0);
    }
    assert_int_equal(cor_heap_push(&h, N - 1, 1), -1); /* full: never past n_items */
    qsort(sorted, N, sizeof *sorted, cmp_u64);
    for (uint32_t i = 0; i < N; i++) {
        cor_heap_entry e = cor_heap_pop(&h);
        assert_int_equal(e.key, sorted[i]);
        assert_int_equal(keys[e.item], e.key);
    }
    assert_true(cor_heap_empty(&h));
    assert_int_equal(cor_heap_reserve_all(&h), 0);
    assert_int_equal(h.cap, N);
    cor_heap_free(&h);
}

/* the lazy variant: random pushes (duplicate items allowed) and pops against a sorted
 * multiset of keys kept by counting */
static void lazy_against_counts(void **state)
{
    (void)state;
    enum { KEYS = 200 };
    size_t count[KEYS] = {0}, total = 0, pops = 0;
    uint64_t seed = 5;
    cor_lheap h = {0};
    for (int step = 0; step < 30000; step++) {
        if (rnd(&seed) % 3 != 0 || !total) {
            uint64_t key = rnd(&seed) % KEYS;
            assert_int_equal(cor_lheap_push(&h, (uint32_t)(key * 7 % 13), key), 0);
            count[key]++;
            total++;
        } else {
            uint64_t want = 0;
            while (!count[want])
                want++;
            assert_int_equal(cor_lheap_top_key(&h), want);
            cor_heap_entry e = cor_lheap_pop(&h);
            assert_int_equal(e.key, want);
            assert_int_equal(e.item, want * 7 % 13);
            count[want]--;
            total--;
            pops++;
        }
        assert_int_equal(h.n, total);
    }
    assert_true(pops > 5000);
    cor_lheap_clear(&h);
    assert_true(cor_lheap_empty(&h));
    cor_lheap_free(&h);
    cor_lheap_free(&h);
}

/* COR_LHEAP_DEFINE with a total order, (time, insertion number) as the simulation's event
 * list: interleaved adds and pops give each popped entry the least of those added and not yet
 * popped, found by a linear search over the reference */
typedef struct ev {
    double t;
    uint64_t seq;
} ev;
static inline int ev_less(const ev *a, const ev *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}
COR_LHEAP_DEFINE(ev_heap, ev, ev_less)

static void template_total_order(void **state)
{
    (void)state;
    enum { MAX = 4000 };
    static ev ref[MAX];
    size_t n_ref = 0, pops = 0;
    uint64_t seed = 11, seq = 0;
    ev_heap h = {0};
    for (int step = 0; step < 40000; step++) {
        if ((rnd(&seed) % 5 < 3 && n_ref < MAX) || !n_ref) {
            ev x = {(double)(rnd(&seed) % 50) / 4, seq++}; /* many equal times */
            assert_int_equal(ev_heap_add(&h, x), 0);
            ref[n_ref++] = x;
        } else {
            size_t best = 0;
            for (size_t i = 1; i < n_ref; i++)
                if (ev_less(&ref[i], &ref[best]))
                    best = i;
            ev got = ev_heap_pop(&h);
            assert_true(got.t == ref[best].t);
            assert_int_equal(got.seq, ref[best].seq);
            ref[best] = ref[--n_ref];
            pops++;
        }
        assert_int_equal(h.n, n_ref);
    }
    assert_true(pops > 10000);
    free(h.e);
}

/* keys of doubles order as the doubles, -0 as +0, and come back unchanged */
static void double_keys(void **state)
{
    (void)state;
    const double d[] = {0.0, 1e-300, 0.5, 1.0, 1.0000000000000002, 3.75, 1e10, 1e300};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++) {
        assert_true(cor_heap_double_of_key(cor_heap_key_of_double(d[i])) == d[i]);
        if (i)
            assert_true(cor_heap_key_of_double(d[i - 1]) < cor_heap_key_of_double(d[i]));
    }
    assert_int_equal(cor_heap_key_of_double(-0.0), cor_heap_key_of_double(0.0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_operations),
        cmocka_unit_test(sorts_like_qsort),
        cmocka_unit_test(double_keys),
        cmocka_unit_test(lazy_against_counts),
        cmocka_unit_test(template_total_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
