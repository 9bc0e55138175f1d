/* A many-to-many table spread over ranks: each rank computes a block of rows (sources) and
 * rank 0 gathers them; the entries are integers, so the table is the single-process table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/dist.h"

enum { TAG_ROWS = 201, TAG_FAILED = 202, TAG_VERDICT = 203 };

/* The first row of rank r's block. */
static size_t block_start(size_t n, int r, int size) { return n * (size_t)r / (size_t)size; }

/* Rank 0: the other ranks' rows into d; 0 when one failed or sent a wrong block. */
static int gather_rows(const cor_transport *t, size_t n_src, size_t n_dst, uint64_t *d)
{
    int all_ok = 1;
    for (int got = 1; got < t->size; got++) {
        int from, tag;
        char *data;
        size_t len;
        if (t->recv(t->ctx, 1, &from, &tag, &data, &len) != 0)
            return 0;
        size_t lo = from > 0 && from < t->size ? block_start(n_src, from, t->size) : 0,
               hi = from > 0 && from < t->size ? block_start(n_src, from + 1, t->size) : 0;
        if (tag == TAG_ROWS && from > 0 && from < t->size &&
            len == (hi - lo) * n_dst * sizeof *d)
            memcpy(d + lo * n_dst, data, len);
        else
            all_ok = 0;
        free(data);
    }
    return all_ok;
}

cor_status cor_dist_table(cor_gquery *q, cor_metric m, const uint32_t *src, size_t n_src,
                          const uint32_t *dst, size_t n_dst, uint64_t *d, const cor_transport *t,
                          cor_err *err)
{
    if (t->size <= 1)
        return cor_gquery_table(q, m, src, n_src, dst, n_dst, d, err);
    size_t lo = block_start(n_src, t->rank, t->size), hi = block_start(n_src, t->rank + 1, t->size);
    cor_err why;
    cor_status st = cor_gquery_table(q, m, src + lo, hi - lo, dst, n_dst, d + lo * n_dst, &why);
    if (st != COR_OK)
        cor_err_set(err, st, "rank %d: %s", t->rank, why.msg);
    if (t->rank != 0) { /* a rank that failed says so, so that every rank learns it and stops */
        int from, tag;
        char *verdict = NULL;
        size_t len;
        if (t->send(t->ctx, 0, st == COR_OK ? TAG_ROWS : TAG_FAILED, d + lo * n_dst,
                    st == COR_OK ? (hi - lo) * n_dst * sizeof *d : 0) != 0 ||
            t->recv(t->ctx, 1, &from, &tag, &verdict, &len) != 0)
            return st != COR_OK ? st : cor_err_set(err, COR_ERR_IO, "cannot reach rank 0");
        int all_ok = len == 1 && verdict[0] == 1;
        free(verdict);
        return st != COR_OK ? st
               : all_ok     ? COR_OK
                            : cor_err_set(err, COR_ERR_IO, "another rank failed");
    }
    int all_ok = gather_rows(t, n_src, n_dst, d);
    char verdict = (char)(st == COR_OK && all_ok);
    for (int r = 1; r < t->size; r++)
        t->send(t->ctx, r, TAG_VERDICT, &verdict, 1);
    if (st == COR_OK && !all_ok)
        st = cor_err_set(err, COR_ERR_IO, "another rank failed");
    return st;
}

cor_status cor_table_snap(const cor_graph *g, cor_table_point *pts, size_t n_src, size_t n_dst,
                          double max_snap_km, uint32_t **src, uint32_t **dst, cor_err *err)
{
    *src = *dst = NULL;
    if (n_src > COR_TABLE_MAX_SIDE || n_dst > COR_TABLE_MAX_SIDE ||
        n_src * n_dst > COR_TABLE_MAX_ENTRIES)
        return cor_err_set(err, COR_ERR_INPUT, "at most 100,000 sources, 100,000 targets and "
                           "10^8 entries, found %zu x %zu", n_src, n_dst);
    uint32_t *s = malloc((n_src + 1) * sizeof *s), *t = malloc((n_dst + 1) * sizeof *t);
    if (!s || !t) {
        free(s);
        free(t);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n_src + n_dst; i++) {
        cor_table_point *p = &pts[i];
        char what[96];
        snprintf(what, sizeof what, "point %s (%s %zu)", p->id, i < n_src ? "source" : "target",
                 i < n_src ? i + 1 : i - n_src + 1);
        cor_err why;
        cor_status st = cor_graph_snap(g, p->lat, p->lon, &p->node, &p->snap_m, &why);
        if (st == COR_OK && p->snap_m > max_snap_km * 1000) {
            cor_graph_node_info ni;
            cor_graph_get_node(g, p->node, &ni);
            st = cor_err_set(&why, COR_ERR_INPUT, "%g,%g is %.1f km from the nearest node of the "
                             "network (%s at %g,%g), more than --max-snap-km %g", p->lat, p->lon,
                             p->snap_m / 1000, ni.id, ni.lat, ni.lon, max_snap_km);
            cor_err_set(err, st, "%s %s", what, why.msg);
        } else if (st != COR_OK) {
            cor_err_set(err, st, "%s: %s", what, why.msg);
        }
        if (st != COR_OK) {
            free(s);
            free(t);
            return st;
        }
        if (i < n_src)
            s[i] = p->node;
        else
            t[i - n_src] = p->node;
    }
    *src = s;
    *dst = t;
    return COR_OK;
}
