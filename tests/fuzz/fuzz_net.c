/*
 * Fuzz target: network directories. The input is nodes.csv, links.csv, borders.csv and
 * transfers.csv separated by lines "%%" (fewer parts: the missing files are absent), written
 * to a scratch directory and loaded and checked; a network that loads is summarised and routed.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const char *const files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    const uint8_t *part;
    size_t len, i;
    for (i = 0; i < 4 && fuzz_split(&data, &size, &part, &len); i++)
        fuzz_write(files[i], part, len, path, sizeof path);
    for (; i < 4; i++)
        fuzz_remove(files[i]);
    const char *dir = fuzz_tmpdir();

    /* the lint pass of `corridor check` */
    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_status st = cor_net_check(dir, d);
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);

    d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_net *net = NULL;
    cor_status st2 = cor_net_load(dir, &net, d);
    /* check is the loader plus lint: it fails whenever loading fails, and may fail on its own
     * only for input (a link shorter than its great circle is an error of check's alone) */
    FUZZ_CHECK(st2 == st || (st2 == COR_OK && st == COR_ERR_INPUT));
    FUZZ_CHECK((st2 == COR_OK) == (net != NULL));
    fuzz_check_diags(d, st2 != COR_OK);
    cor_diags_free(d);
    if (!net)
        return 0;

    /* an output is NULL only when memory runs out, which does not happen here */
    char *info = cor_net_info_json(net);
    FUZZ_CHECK(info);
    free(info);
    size_t n = cor_net_node_count(net);
    cor_router *r = cor_router_new(net);
    FUZZ_CHECK(r);
    cor_route_opts o;
    cor_route_opts_default(&o);
    o.alternatives = 3;
    o.statuses = COR_STATUS_BIT(COR_STATUS_COUNT) - 1;
    /* a few pairs: first to last, and each node to the next */
    for (size_t a = 0; a < n && a < 8; a++) {
        uint32_t from = (uint32_t)a, to = (uint32_t)(a == 0 ? n - 1 : (a + 1) % n);
        if (from == to)
            continue;
        cor_route_set *set = NULL;
        cor_err err;
        cor_status rs = cor_route_query(r, from, to, &o, &set, &err);
        if (rs == COR_OK) {
            fuzz_check_routes(net, from, to, &o, set);
            char *j = cor_route_json(net, NULL, from, to, &o, set);
            char *g = cor_route_geojson(net, set);
            FUZZ_CHECK(j && g);
            free(j);
            free(g);
        } else {
            FUZZ_CHECK(rs == COR_ERR_NOROUTE && !set && err.msg[0]);
        }
        cor_route_set_free(set);
    }
    cor_router_free(r);
    cor_net_free(net);
    return 0;
}
