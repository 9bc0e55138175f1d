/* An all-or-nothing or logit assignment spread over ranks: whole origins routed where they
 * are dealt, the results packed in the native layout and booked on rank 0 in demand order. */
#include <stdlib.h>
#include <string.h>

#include "corridor/dist.h"

enum { TAG_ODS = 101, TAG_FAILED = 102, TAG_VERDICT = 103 };

static void put(cor_dist_buf *b, const void *data, size_t n)
{
    if (b->failed || !n)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
}

void cor_od_pack(cor_dist_buf *b, uint64_t row, const cor_od_result *od)
{
    uint32_t len = (uint32_t)strlen(od->message), n = (uint32_t)od->n_routes;
    put(b, &row, sizeof row);
    put(b, &od->routed, sizeof od->routed);
    put(b, &od->cost_per_t, sizeof od->cost_per_t);
    put(b, &len, sizeof len);
    put(b, od->message, len);
    put(b, &n, sizeof n);
    for (size_t k = 0; k < od->n_routes; k++) {
        const cor_route *rt = &od->routes[k].route;
        put(b, &od->routes[k].share, sizeof(double));
        put(b, rt, sizeof *rt); /* its pointers are replaced when unpacked */
        put(b, rt->steps, rt->n_steps * sizeof *rt->steps);
        put(b, rt->countries, rt->n_countries * sizeof *rt->countries);
    }
}

static int take(const char **p, const char *end, void *dst, size_t n)
{
    if ((size_t)(end - *p) < n)
        return 0;
    memcpy(dst, *p, n);
    *p += n;
    return 1;
}

cor_status cor_od_unpack(const char **p, const char *end, cor_od_result *ods, size_t n_od,
                         cor_err *err)
{
    uint64_t row;
    uint32_t len, n;
    if (!take(p, end, &row, sizeof row) || row >= n_od || ods[row].routes)
        return cor_err_set(err, COR_ERR_INPUT, "packed OD result: bad row");
    cor_od_result *od = &ods[row];
    if (!take(p, end, &od->routed, sizeof od->routed) ||
        !take(p, end, &od->cost_per_t, sizeof od->cost_per_t) || !take(p, end, &len, sizeof len) ||
        len >= sizeof od->message || !take(p, end, od->message, len) ||
        !take(p, end, &n, sizeof n) || n > (size_t)(end - *p))
        return cor_err_set(err, COR_ERR_INPUT, "packed OD result %llu: truncated",
                           (unsigned long long)row);
    od->message[len] = '\0';
    if (!(od->routes = calloc((size_t)n + 1, sizeof *od->routes)))
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (uint32_t k = 0; k < n; k++) {
        cor_route *rt = &od->routes[k].route;
        if (!take(p, end, &od->routes[k].share, sizeof(double)) || !take(p, end, rt, sizeof *rt)) {
            memset(rt, 0, sizeof *rt);
            return cor_err_set(err, COR_ERR_INPUT, "packed OD result %llu: truncated",
                               (unsigned long long)row);
        }
        size_t ns = rt->n_steps, nc = rt->n_countries;
        od->n_routes = k + 1;
        rt->steps = NULL;
        rt->countries = NULL;
        if (ns > (size_t)(end - *p) / sizeof *rt->steps ||
            nc > (size_t)(end - *p) / sizeof *rt->countries)
            return cor_err_set(err, COR_ERR_INPUT, "packed OD result %llu: truncated",
                               (unsigned long long)row);
        rt->steps = malloc((ns + 1) * sizeof *rt->steps);
        rt->countries = malloc((nc + 1) * sizeof *rt->countries);
        if (!rt->steps || !rt->countries)
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        if (!take(p, end, rt->steps, ns * sizeof *rt->steps) ||
            !take(p, end, rt->countries, nc * sizeof *rt->countries))
            return cor_err_set(err, COR_ERR_INPUT, "packed OD result %llu: truncated",
                               (unsigned long long)row);
    }
    return COR_OK;
}

/* Routes the rows whose origin is dealt to this rank into b. */
static cor_status route_share(const cor_net *net, const cor_demand *demand,
                              const cor_freight_opts *o, const cor_transport *t, cor_dist_buf *b,
                              cor_err *err)
{
    size_t n = cor_demand_count(demand);
    int *owner = malloc((n + 1) * sizeof *owner);
    cor_router *router = cor_router_new(net);
    cor_status st =
        owner && router ? COR_OK : cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (size_t i = 0, origins = 0; st == COR_OK && i < n; i++) {
        size_t j = 0;
        while (j < i && cor_demand_od(demand, j)->from != cor_demand_od(demand, i)->from)
            j++;
        owner[i] = j < i ? owner[j] : (int)(origins++ % (size_t)t->size);
    }
    for (size_t i = 0; st == COR_OK && i < n; i++) {
        if (owner[i] != t->rank)
            continue;
        cor_od_result od;
        cor_err why;
        if ((st = cor_freight_route_od(router, demand, o, i, &od, &why)) != COR_OK) {
            cor_err_set(err, st, "rank %d: %s", t->rank, why.msg);
            break;
        }
        cor_od_pack(b, i, &od);
        cor_freight_od_free(&od);
    }
    cor_router_free(router);
    free(owner);
    if (st == COR_OK && b->failed)
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    return st;
}

/* Rank 0: every other rank's packed results into ods (NULL: received and dropped, so that no
 * rank waits for ever); *all_ok 0 when one failed. */
static cor_status gather(const cor_transport *t, cor_od_result *ods, size_t n, int *all_ok,
                         cor_err *err)
{
    cor_status st = COR_OK;
    for (int got = 1; got < t->size; got++) {
        int from, tag;
        char *data;
        size_t len;
        if (t->recv(t->ctx, 1, &from, &tag, &data, &len) != 0)
            return cor_err_set(err, COR_ERR_IO, "cannot receive the ranks' results");
        *all_ok &= tag == TAG_ODS;
        const char *p = data, *end = data + len;
        while (ods && st == COR_OK && tag == TAG_ODS && p < end)
            st = cor_od_unpack(&p, end, ods, n, err);
        free(data);
    }
    return st;
}

cor_status cor_dist_assign(const cor_net *net, const cor_demand *demand,
                           const cor_freight_opts *o, const cor_transport *t,
                           cor_freight_result **out, cor_err *err)
{
    *out = NULL;
    cor_dist_buf b = {0};
    cor_status st = route_share(net, demand, o, t, &b, err);
    if (t->rank != 0) { /* a rank that failed says so, so that every rank learns it and stops */
        int sent = t->send(t->ctx, 0, st == COR_OK ? TAG_ODS : TAG_FAILED, b.p,
                           st == COR_OK ? b.n : 0);
        free(b.p);
        int from, tag;
        char *verdict = NULL;
        size_t len;
        if (sent != 0 || t->recv(t->ctx, 1, &from, &tag, &verdict, &len) != 0)
            return st != COR_OK ? st : cor_err_set(err, COR_ERR_IO, "cannot reach rank 0");
        int all_ok = len == 1 && verdict[0] == 1;
        free(verdict);
        return st != COR_OK ? st
               : all_ok     ? COR_OK
                            : cor_err_set(err, COR_ERR_IO, "another rank failed");
    }
    size_t n = cor_demand_count(demand);
    cor_od_result *ods = calloc(n + 1, sizeof *ods);
    const char *p = b.p, *end = b.p + b.n;
    if (st == COR_OK && !ods)
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    while (st == COR_OK && p < end)
        st = cor_od_unpack(&p, end, ods, n, err);
    free(b.p);
    int all_ok = 1;
    cor_err gather_err = {.msg = ""};
    cor_status gst = gather(t, ods, n, &all_ok, &gather_err);
    char verdict = (char)(st == COR_OK && all_ok);
    for (int r = 1; r < t->size; r++)
        t->send(t->ctx, r, TAG_VERDICT, &verdict, 1);
    if (st == COR_OK && gst != COR_OK)
        st = cor_err_set(err, gst, "%s", gather_err.msg);
    if (st == COR_OK && !all_ok)
        st = cor_err_set(err, COR_ERR_IO, "another rank failed");
    if (st == COR_OK)
        st = cor_freight_assemble(net, demand, o, ods, out, err);
    for (size_t i = 0; ods && i < n; i++)
        cor_freight_od_free(&ods[i]);
    free(ods);
    return st;
}
