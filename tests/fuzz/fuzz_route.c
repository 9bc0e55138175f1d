/*
 * Fuzz target: route queries. The input chooses the network (tests/data/tiny or the bundled
 * data/caucasus), the origin, destination, via nodes and every option, including absurd
 * values; the query must either refuse with a message or return routes that satisfy every
 * invariant of fuzz_check_routes().
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* loaded once and shared read-only, as a server would */
static cor_net *nets[2];
static cor_router *routers[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    static const char *const dirs[2] = {FUZZ_TINY, COR_SOURCE_DIR "/data/caucasus"};
    for (int i = 0; i < 2; i++) {
        if (cor_net_load(dirs[i], &nets[i], NULL) != COR_OK || !(routers[i] = cor_router_new(nets[i])))
            fuzz_fail(__FILE__, __LINE__, dirs[i]);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes b = {data, size};
    uint8_t flags = fuzz_u8(&b);
    int which = flags & 1;
    const cor_net *net = nets[which];
    uint32_t n = (uint32_t)cor_net_node_count(net);
    cor_route_opts o;
    cor_route_opts_default(&o);
    /* out-of-range node indices now and then: the library must refuse them */
    uint32_t from = fuzz_u32(&b), to = fuzz_u32(&b);
    if (!(flags & 2)) {
        from %= n;
        to %= n;
    }
    o.minimize = (cor_objective)(fuzz_u8(&b) % 4);
    if (flags & 4)
        o.vot_usd_per_t_h = fuzz_double(&b);
    if (flags & 8)
        o.tonnes = fuzz_double(&b);
    if (flags & 16)
        o.max_overlap = fuzz_double(&b);
    o.modes = fuzz_u8(&b);
    o.statuses = fuzz_u8(&b) % 16;
    o.alternatives = fuzz_u8(&b) % (COR_ROUTE_MAX_ALTERNATIVES + 2); /* 0 and 21 are refused */

    o.dwell = (cor_dwell)(fuzz_u8(&b) % 2);
    o.n_via = fuzz_u8(&b) % (COR_ROUTE_MAX_VIA + 1);
    /* alternatives through via nodes on data/caucasus reach the work limit of router.c, 0.4 s at
     * -O2 and 10 s instrumented: there, at most 2 alternatives and 1 via node unless the top
     * three flag bits are all set, so that the fuzzer keeps its pace and still reaches the
     * limit now and then (tests/fuzz/regressions) */
    if (which == 1 && (flags & 0xE0) != 0xE0) {
        if (o.alternatives > 2)
            o.alternatives = 2;
        if (o.n_via > 1)
            o.n_via = 1;
    }
    for (size_t i = 0; i < o.n_via; i++)
        o.via[i] = flags & 2 ? fuzz_u32(&b) : fuzz_u32(&b) % n;
    /* avoided countries: those of random nodes, or a code no node has */
    o.n_avoid = fuzz_u8(&b) % 4;
    for (size_t i = 0; i < o.n_avoid; i++) {
        uint32_t v = fuzz_u32(&b);
        if (v % 7 == 0)
            memcpy(o.avoid[i], "ZZ", 3);
        else
            memcpy(o.avoid[i], cor_net_node(net, v % n)->country, 3);
    }

    cor_route_set *set = NULL;
    cor_err err = {0};
    cor_status st = cor_route_query(routers[which], from, to, &o, &set, &err);
    if (st == COR_OK) {
        fuzz_check_routes(net, from, to, &o, set);
        char *j = cor_route_json(net, NULL, from, to, &o, set);
        FUZZ_CHECK(j);
        free(j);
        cor_indicators ind;
        cor_route_indicators(&set->routes[0], o.tonnes, &ind);
    } else {
        FUZZ_CHECK(!set);
        FUZZ_CHECK(st == COR_ERR_INPUT || st == COR_ERR_NOROUTE);
        FUZZ_CHECK(err.status == st && err.msg[0]);
    }
    cor_route_set_free(set);
    return 0;
}
