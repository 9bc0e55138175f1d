/* The full check of a loaded snapshot (docs/ch.md "Snapshot format", cor_graph_verify): every
 * index and offset of the arrays, the hierarchies in linear time, and the derived adjacency and
 * grid. Opening a snapshot does none of this; `corridor check X.cor` and the server do. */
#include <stdlib.h>
#include <string.h>

#include "ch/graph_int.h"
#include "load/csvfile.h"
#include "snapshot/snapshot_int.h"

#define MAX_COUNT 0xFFFFFFF0ull

/* Ids as the CSV reader gives them: each one UTF-8 text ending with its only NUL, non-empty
 * unless empty is allowed (the outputs write them into JSON, which refuses anything else). */
static int strings_ok(const uint32_t *off, uint64_t n, const char *chars, int empty)
{
    for (uint64_t i = 0; i < n; i++) {
        const char *s = chars + off[i];
        size_t len = off[i + 1] - off[i]; /* the offsets are monotone */
        if (len < (empty ? 1u : 2u) || s[len - 1] != '\0' || memchr(s, '\0', len - 1) ||
            !cor_utf8_valid(s, len - 1))
            return 0;
    }
    return 1;
}

/* The ends and the weight of record rec: an arc, or a shortcut whose ends and weight were
 * put in sc (3 per shortcut) when it was checked. */
static void rec_ends(const cor_graph *g, cor_metric mt, const uint32_t *sc, uint32_t rec,
                     uint32_t *from, uint32_t *to, uint32_t *w)
{
    if (rec < g->m) {
        *from = g->arc_from[rec];
        *to = g->arc_to[rec];
        *w = cor_graph_arc_weight(g, rec, mt);
    } else {
        const uint32_t *e = sc + 3 * (size_t)(rec - g->m);
        *from = e[0];
        *to = e[1];
        *w = e[2];
    }
}

/* Checks what the indices alone do not (docs/ch.md): ranks are a permutation, and every arc's
 * record runs between the arc's two ends (the nodes of its two ranks) with the arc's weight,
 * a shortcut's record being its two halves joined end to start, weights summed (and capped
 * as contract.c caps them). Then a CH answer is the length of a real path and its unpacking
 * is contiguous. Linear in the size of the hierarchy; sets *nomem when scratch memory runs
 * out. */
static const char *check_hierarchy(const cor_graph *g, cor_metric mt, int *nomem)
{
    const ch_data *c = &g->ch[mt];
    uint32_t *node_of = malloc(g->n ? (size_t)g->n * sizeof *node_of : 1);
    uint32_t *sc = malloc(c->n_sc ? 3 * (size_t)c->n_sc * sizeof *sc : 1);
    const char *bad = NULL;
    if (!node_of || !sc) {
        *nomem = 1;
        goto done;
    }
    memset(node_of, 0xFF, (size_t)g->n * sizeof *node_of);
    for (uint64_t v = 0; v < g->n && !bad; v++) {
        if (node_of[c->rank[v]] != UINT32_MAX)
            bad = "hierarchy ranks";
        node_of[c->rank[v]] = (uint32_t)v;
    }
    for (uint64_t k = 0; k < c->n_sc && !bad; k++) {
        uint32_t fa, ta, wa, fb, tb, wb;
        rec_ends(g, mt, sc, c->sc_a[k], &fa, &ta, &wa);
        rec_ends(g, mt, sc, c->sc_b[k], &fb, &tb, &wb);
        uint64_t w = (uint64_t)wa + wb;
        if (ta != fb)
            bad = "shortcuts";
        sc[3 * k] = fa;
        sc[3 * k + 1] = tb;
        sc[3 * k + 2] = w > COR_CH_WEIGHT_CAP ? COR_CH_WEIGHT_CAP : (uint32_t)w;
    }
    for (int k = 0; k < 2 && !bad; k++) {
        /* at rank r: forward arcs r -> head, backward arcs head -> r */
        const uint32_t *first = k ? c->bwd_first : c->fwd_first;
        const ch_arc *arc = k ? c->bwd : c->fwd;
        const uint32_t *rec = k ? c->bwd_rec : c->fwd_rec;
        for (uint64_t r = 0; r < g->n && !bad; r++)
            for (uint32_t i = first[r]; i < first[r + 1] && !bad; i++) {
                uint32_t from, to, w, u = node_of[r], x = node_of[arc[i].head];
                rec_ends(g, mt, sc, rec[i], &from, &to, &w);
                if (w != arc[i].w || (k ? from != x || to != u : from != u || to != x))
                    bad = "hierarchy arcs";
            }
    }
done:
    free(node_of);
    free(sc);
    return bad;
}

/* Crossings: increasing arcs, each between two countries, its dwell less than its time
 * weight (the move takes at least 1 ms), fees finite, >= 0 and within the loader's ranges. */
static const char *check_crossings(const cor_graph *g)
{
    for (uint64_t k = 0; k < g->n_cross; k++) {
        uint32_t a = g->cross_arc[k];
        if (!cor_graph_crossing_ok(g, k) || (k && a <= g->cross_arc[k - 1]) ||
            memcmp(g->country + 2 * (size_t)g->arc_from[a], g->country + 2 * (size_t)g->arc_to[a],
                   2) == 0)
            return "border crossings";
    }
    return NULL;
}

const char *cor_snapshot_validate(const cor_graph *g, int *nomem)
{
    if (!cor_offsets_ok(g->id_off, g->n, g->id_chars) || !strings_ok(g->id_off, g->n, g->ids, 0))
        return "node ids";
    if (!cor_offsets_ok(g->link_id_off, g->n_links, g->link_chars) ||
        !strings_ok(g->link_id_off, g->n_links, g->link_ids, 0))
        return "link ids";
    if (!cor_offsets_ok(g->link_name_off, g->n_links, g->name_chars) ||
        !strings_ok(g->link_name_off, g->n_links, g->link_names, 1))
        return "link names";
    if (!cor_offsets_ok(g->shape_off, g->n_links, g->n_shape_pts))
        return "link shapes";
    for (uint64_t v = 0; v < g->n; v++) {
        if (g->lat_e7[v] < -900000000 || g->lat_e7[v] > 900000000 ||
            g->lon_e7[v] < -1800000000 || g->lon_e7[v] > 1800000000)
            return "node coordinates";
        char a = g->country[2 * v], b = g->country[2 * v + 1];
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
            return "node countries";
    }
    for (uint64_t i = 0; i < 2 * g->n_shape_pts; i += 2)
        if (g->shape[i] < -900000000 || g->shape[i] > 900000000 ||
            g->shape[i + 1] < -1800000000 || g->shape[i + 1] > 1800000000)
            return "shape coordinates";
    for (uint64_t a = 0; a < g->m; a++) {
        if (g->arc_from[a] >= g->n || g->arc_to[a] >= g->n || !g->arc_len_dm[a] ||
            !g->arc_time_ms[a] || (g->arc_mode[a] & COR_ARC_MODE_MASK) >= COR_MODE_COUNT ||
            (g->arc_link[a] != COR_NO_LINK && g->arc_link[a] >= g->n_links) ||
            !(g->arc_usd_tkm[a] >= 0 && g->arc_usd_tkm[a] < 1e7f) ||
            !(g->arc_usd_t[a] >= 0 && g->arc_usd_t[a] < 1e10f))
            return "arcs";
    }
    const char *crossings = check_crossings(g);
    if (crossings)
        return crossings;
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++) {
        const ch_data *c = &g->ch[mt];
        if (!((g->has_ch >> mt) & 1))
            continue;
        uint64_t recs = g->m + c->n_sc;
        if (recs > MAX_COUNT)
            return "hierarchy sizes";
        for (uint64_t v = 0; v < g->n; v++)
            if (c->rank[v] >= g->n)
                return "hierarchy ranks";
        if (!cor_offsets_ok(c->fwd_first, g->n, c->n_fwd) || !cor_offsets_ok(c->bwd_first, g->n, c->n_bwd))
            return "hierarchy offsets";
        /* stored in rank order: every arc at rank r leads up, to a rank in (r, n) */
        for (int k = 0; k < 2; k++) {
            const uint32_t *first = k ? c->bwd_first : c->fwd_first;
            const ch_arc *arc = k ? c->bwd : c->fwd;
            const uint32_t *rec = k ? c->bwd_rec : c->fwd_rec;
            for (uint64_t r = 0; r < g->n; r++)
                for (uint32_t i = first[r]; i < first[r + 1]; i++)
                    if (arc[i].head <= r || arc[i].head >= g->n || rec[i] >= recs)
                        return "hierarchy arcs";
        }
        /* the halves of shortcut k come before it, so unpacking always terminates */
        for (uint64_t k = 0; k < c->n_sc; k++)
            if (c->sc_a[k] >= g->m + k || c->sc_b[k] >= g->m + k)
                return "shortcuts";
        const char *bad = check_hierarchy(g, (cor_metric)mt, nomem);
        if (bad || *nomem)
            return bad;
    }
    return cor_graph_check_derived(g, nomem);
}
