/* Snapping to the nearest point of a link (OSRM's phantom nodes): a uniform grid of the links'
 * segments, searched ring by ring, and the strongly connected components (Tarjan 1972) that
 * tell a big component from a fragment. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "navi/navi_int.h"

#define DEG_M 111195.0 /* metres per degree of latitude (R = 6371 km) */
#define MAX_CELLS (1u << 22)

const cor_graph *cor_navi_graph(const cor_navi *nv) { return nv->g; }

double navi_arc_len(const cor_graph *g, uint32_t a, double *upto)
{
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, a, &ai);
    double plat, plon, len = 0;
    cor_graph_get_point(g, a, 0, &plat, &plon);
    if (upto)
        upto[0] = 0;
    for (size_t k = 1; k < ai.n_points; k++) {
        double lat, lon;
        cor_graph_get_point(g, a, k, &lat, &lon);
        len += cor_haversine_km(plat, plon, lat, lon) * 1000;
        if (upto)
            upto[k] = len;
        plat = lat;
        plon = lon;
    }
    return len;
}

void cor_navi_free(cor_navi *nv)
{
    if (!nv)
        return;
    free(nv->twin);
    free(nv->out_deg);
    free(nv->out_plain);
    free(nv->comp_size);
    free(nv->seg_arc);
    free(nv->seg_k);
    free(nv->cell_first);
    free(nv->cell_seg);
    free(nv);
}

typedef struct arc_key {
    uint32_t from, to;
    const char *link;
    uint32_t arc;
} arc_key;

static int cmp_key(const void *pa, const void *pb)
{
    const arc_key *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    if (a->link != b->link)
        return a->link < b->link ? -1 : 1;
    return a->arc < b->arc ? -1 : a->arc > b->arc;
}

/* twin[a]: an arc of the same link (same id string in the graph) from a's head to its tail. */
static int find_twins(cor_navi *nv)
{
    arc_key *k = malloc((nv->m ? nv->m : 1) * sizeof *k);
    if (!k)
        return 0;
    for (size_t a = 0; a < nv->m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(nv->g, (uint32_t)a, &ai);
        k[a] = (arc_key){ai.from, ai.to, ai.link_id, (uint32_t)a};
        nv->out_deg[ai.from]++;
        nv->out_plain[ai.from] += !ai.roundabout;
    }
    qsort(k, nv->m, sizeof *k, cmp_key);
    for (size_t i = 0; i < nv->m; i++) {
        arc_key want = {k[i].to, k[i].from, k[i].link, 0};
        size_t lo = 0, hi = nv->m;
        while (lo < hi) { /* first key >= want */
            size_t mid = (lo + hi) / 2;
            if (cmp_key(&k[mid], &want) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        nv->twin[k[i].arc] = COR_NAVI_NONE;
        if (lo < nv->m && k[lo].from == want.from && k[lo].to == want.to &&
            k[lo].link == want.link && k[lo].arc != k[i].arc)
            nv->twin[k[i].arc] = k[lo].arc;
    }
    free(k);
    return 1;
}

/* Strongly connected components by Tarjan's algorithm, iterative (no recursion on large
 * graphs); comp_size[v] is the size of v's component. */
static int components(cor_navi *nv)
{
    size_t n = nv->n;
    uint32_t *first = calloc(n + 1, sizeof *first), *adj = malloc((nv->m ? nv->m : 1) * 4);
    uint32_t *index = malloc((n ? n : 1) * 4), *low = malloc((n ? n : 1) * 4);
    uint32_t *stack = malloc((n ? n : 1) * 4), *call = malloc((n ? n : 1) * 4);
    uint32_t *next = malloc((n ? n : 1) * 4);
    unsigned char *on = calloc(n ? n : 1, 1);
    int ok = first && adj && index && low && stack && call && next && on;
    if (ok) {
        for (size_t a = 0; a < nv->m; a++) {
            cor_graph_arc_info ai;
            cor_graph_get_arc(nv->g, (uint32_t)a, &ai);
            first[ai.from + 1]++;
        }
        for (size_t v = 0; v < n; v++)
            first[v + 1] += first[v];
        memcpy(next, first, n * 4);
        for (size_t a = 0; a < nv->m; a++) {
            cor_graph_arc_info ai;
            cor_graph_get_arc(nv->g, (uint32_t)a, &ai);
            adj[next[ai.from]++] = ai.to;
        }
        for (size_t v = 0; v < n; v++)
            index[v] = UINT32_MAX;
        uint32_t counter = 0, sp = 0;
        for (size_t root = 0; root < n; root++) {
            if (index[root] != UINT32_MAX)
                continue;
            size_t cp = 0;
            call[cp++] = (uint32_t)root;
            index[root] = low[root] = counter++;
            next[root] = first[root];
            stack[sp++] = (uint32_t)root;
            on[root] = 1;
            while (cp) {
                uint32_t v = call[cp - 1];
                if (next[v] < first[v + 1]) {
                    uint32_t w = adj[next[v]++];
                    if (index[w] == UINT32_MAX) {
                        index[w] = low[w] = counter++;
                        next[w] = first[w];
                        stack[sp++] = w;
                        on[w] = 1;
                        call[cp++] = w;
                    } else if (on[w] && index[w] < low[v]) {
                        low[v] = index[w];
                    }
                    continue;
                }
                cp--;
                if (cp && low[v] < low[call[cp - 1]])
                    low[call[cp - 1]] = low[v];
                if (low[v] == index[v]) { /* v roots a component: pop it */
                    uint32_t size = 0, w;
                    size_t bottom = sp;
                    do {
                        w = stack[--bottom];
                        size++;
                    } while (w != v);
                    for (size_t i = bottom; i < sp; i++) {
                        on[stack[i]] = 0;
                        nv->comp_size[stack[i]] = size;
                    }
                    sp = (uint32_t)bottom;
                }
            }
        }
        uint32_t largest = 0;
        for (size_t v = 0; v < n; v++)
            if (nv->comp_size[v] > largest)
                largest = nv->comp_size[v];
        nv->big = largest < COR_NAVI_BIG_COMPONENT ? largest : COR_NAVI_BIG_COMPONENT;
    }
    free(first);
    free(adj);
    free(index);
    free(low);
    free(stack);
    free(call);
    free(next);
    free(on);
    return ok;
}

/* The grid cell range of a segment's bounding box. */
static void seg_cells(const cor_navi *nv, double la, double lo, double lb, double lob,
                      uint32_t *cx0, uint32_t *cy0, uint32_t *cx1, uint32_t *cy1)
{
    double xa = lo * nv->cosl, xb = lob * nv->cosl;
    double fx0 = floor((fmin(xa, xb) - nv->x0) / nv->cell), fx1 = floor((fmax(xa, xb) - nv->x0) / nv->cell);
    double fy0 = floor((fmin(la, lb) - nv->y0) / nv->cell), fy1 = floor((fmax(la, lb) - nv->y0) / nv->cell);
    *cx0 = (uint32_t)fmax(0, fmin(fx0, nv->w - 1));
    *cx1 = (uint32_t)fmax(0, fmin(fx1, nv->w - 1));
    *cy0 = (uint32_t)fmax(0, fmin(fy0, nv->h - 1));
    *cy1 = (uint32_t)fmax(0, fmin(fy1, nv->h - 1));
}

static void seg_ends(const cor_navi *nv, size_t s, double *la, double *lo, double *lb, double *lob)
{
    cor_graph_get_point(nv->g, nv->seg_arc[s], nv->seg_k[s], la, lo);
    cor_graph_get_point(nv->g, nv->seg_arc[s], nv->seg_k[s] + 1, lb, lob);
}

static int build_grid(cor_navi *nv)
{
    size_t n_seg = 0;
    for (size_t a = 0; a < nv->m; a++) {
        if (nv->twin[a] != COR_NAVI_NONE && nv->twin[a] < a)
            continue; /* the twin's segments are these */
        cor_graph_arc_info ai;
        cor_graph_get_arc(nv->g, (uint32_t)a, &ai);
        n_seg += ai.n_points - 1;
    }
    if (n_seg >= UINT32_MAX)
        return 0;
    nv->seg_arc = malloc((n_seg ? n_seg : 1) * 4);
    nv->seg_k = malloc((n_seg ? n_seg : 1) * 4);
    if (!nv->seg_arc || !nv->seg_k)
        return 0;
    double ymin = INFINITY, ymax = -INFINITY, lmin = INFINITY, lmax = -INFINITY;
    for (size_t a = 0; a < nv->m; a++) {
        if (nv->twin[a] != COR_NAVI_NONE && nv->twin[a] < a)
            continue;
        cor_graph_arc_info ai;
        cor_graph_get_arc(nv->g, (uint32_t)a, &ai);
        for (size_t k = 0; k < ai.n_points; k++) {
            double lat, lon;
            cor_graph_get_point(nv->g, (uint32_t)a, k, &lat, &lon);
            ymin = fmin(ymin, lat);
            ymax = fmax(ymax, lat);
            lmin = fmin(lmin, lon);
            lmax = fmax(lmax, lon);
            if (k + 1 < ai.n_points) {
                nv->seg_arc[nv->n_seg] = (uint32_t)a;
                nv->seg_k[nv->n_seg++] = (uint32_t)k;
            }
        }
    }
    nv->cosl = cos((ymin + ymax) / 2 * M_PI / 180);
    nv->x0 = lmin * nv->cosl;
    nv->y0 = ymin;
    double wdeg = fmax((lmax - lmin) * nv->cosl, 1e-6), hdeg = fmax(ymax - ymin, 1e-6);
    /* about two segments per cell, at most MAX_CELLS cells */
    double cells = fmin((double)n_seg / 2 + 1, MAX_CELLS);
    nv->cell = fmax(sqrt(wdeg * hdeg / cells), 1e-5);
    while ((floor(wdeg / nv->cell) + 1) * (floor(hdeg / nv->cell) + 1) > MAX_CELLS)
        nv->cell *= 1.5;
    nv->w = (uint32_t)floor(wdeg / nv->cell) + 1;
    nv->h = (uint32_t)floor(hdeg / nv->cell) + 1;
    size_t nc = (size_t)nv->w * nv->h;
    nv->cell_first = calloc(nc + 1, sizeof *nv->cell_first);
    if (!nv->cell_first)
        return 0;
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t s = 0; s < nv->n_seg; s++) {
            double la, lo, lb, lob;
            uint32_t cx0, cy0, cx1, cy1;
            seg_ends(nv, s, &la, &lo, &lb, &lob);
            seg_cells(nv, la, lo, lb, lob, &cx0, &cy0, &cx1, &cy1);
            for (uint32_t cy = cy0; cy <= cy1; cy++)
                for (uint32_t cx = cx0; cx <= cx1; cx++) {
                    size_t c = (size_t)cy * nv->w + cx;
                    if (pass == 0) {
                        nv->cell_first[c + 1]++;
                        total++;
                    } else {
                        nv->cell_seg[nv->cell_first[c]++] = (uint32_t)s;
                    }
                }
        }
        if (pass == 0) {
            if (total >= UINT32_MAX || !(nv->cell_seg = malloc((total ? total : 1) * 4)))
                return 0;
            for (size_t c = 0; c < nc; c++)
                nv->cell_first[c + 1] += nv->cell_first[c];
        } else { /* the fill moved each start to the next cell's: shift back */
            memmove(nv->cell_first + 1, nv->cell_first, nc * sizeof *nv->cell_first);
            nv->cell_first[0] = 0;
        }
    }
    return 1;
}

cor_status cor_navi_new(const cor_graph *g, cor_navi **out, cor_err *err)
{
    *out = NULL;
    if (cor_graph_arc_count(g) == 0)
        return cor_err_set(err, COR_ERR_NOTFOUND, "the graph has no arcs to snap to");
    cor_navi *nv = calloc(1, sizeof *nv);
    if (!nv)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    nv->g = g;
    nv->n = cor_graph_node_count(g);
    nv->m = cor_graph_arc_count(g);
    nv->twin = malloc(nv->m * sizeof *nv->twin);
    nv->out_deg = calloc(nv->n ? nv->n : 1, sizeof *nv->out_deg);
    nv->out_plain = calloc(nv->n ? nv->n : 1, sizeof *nv->out_plain);
    nv->comp_size = calloc(nv->n ? nv->n : 1, sizeof *nv->comp_size);
    if (!nv->twin || !nv->out_deg || !nv->out_plain || !nv->comp_size || !find_twins(nv) || !components(nv) ||
        !build_grid(nv)) {
        cor_navi_free(nv);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    *out = nv;
    return COR_OK;
}

/* ---- snapping ---- */

typedef struct hit {
    size_t seg;
    double d2, t; /* squared projected distance (degrees), position on the segment 0..1 */
} hit;

static uint32_t arc_comp(const cor_navi *nv, uint32_t a)
{
    cor_graph_arc_info ai;
    cor_graph_get_arc(nv->g, a, &ai);
    uint32_t x = nv->comp_size[ai.from], y = nv->comp_size[ai.to];
    return x < y ? x : y;
}

/* Projects (x, y) on segment s: its squared distance and position in *h. */
static void try_one(const cor_navi *nv, size_t s, double x, double y, hit *h)
{
    double la, lo, lb, lob;
    seg_ends(nv, s, &la, &lo, &lb, &lob);
    double ax = lo * nv->cosl, bx = lob * nv->cosl, dx = bx - ax, dy = lb - la;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((x - ax) * dx + (y - la) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double px = ax + t * dx - x, py = la + t * dy - y;
    *h = (hit){s, px * px + py * py, t};
}

static void try_cell(const cor_navi *nv, size_t c, double x, double y, int big_only,
                     hit *best)
{
    for (uint32_t k = nv->cell_first[c]; k < nv->cell_first[c + 1]; k++) {
        size_t s = nv->cell_seg[k];
        if (big_only && arc_comp(nv, nv->seg_arc[s]) < nv->big)
            continue;
        hit h;
        try_one(nv, s, x, y, &h);
        if (h.d2 < best->d2 || (h.d2 == best->d2 && s < best->seg))
            *best = h;
    }
}

/* Ring search outward from the query's cell: every point of ring r is at least (r - 1) cells
 * away, so rings beyond max_deg or beyond the best hit cannot hold anything nearer. */
static hit search(const cor_navi *nv, double lat, double lon, double max_deg, int big_only)
{
    hit best = {SIZE_MAX, INFINITY, 0};
    double x = lon * nv->cosl, y = lat;
    double fx = floor((x - nv->x0) / nv->cell), fy = floor((y - nv->y0) / nv->cell);
    double W = nv->w, H = nv->h;
    double dx0 = fx < 0 ? -fx : fx >= W ? fx - W + 1 : 0;
    double dy0 = fy < 0 ? -fy : fy >= H ? fy - H + 1 : 0;
    double r0 = fmax(dx0, dy0);
    double rmax = fmax(fmax(fabs(fx), fabs(W - 1 - fx)), fmax(fabs(fy), fabs(H - 1 - fy)));
    for (double r = r0; r <= rmax; r++) {
        double reach = (r - 1) * nv->cell;
        if (reach > max_deg || (best.seg != SIZE_MAX && reach > sqrt(best.d2)))
            break;
        double y0 = fmax(fy - r, 0), y1 = fmin(fy + r, H - 1);
        for (double cy = y0; cy <= y1; cy++) {
            int edge_row = cy == fy - r || cy == fy + r;
            for (double cx = fmax(fx - r, 0); cx <= fmin(fx + r, W - 1); cx++) {
                if (!edge_row && cx != fx - r && cx != fx + r)
                    continue;
                try_cell(nv, (size_t)cy * nv->w + (size_t)cx, x, y, big_only, &best);
            }
        }
    }
    return best;
}

static void fill(const cor_navi *nv, const hit *h, double lat, double lon, cor_phantom *out)
{
    uint32_t a = nv->seg_arc[h->seg], k = nv->seg_k[h->seg];
    double la, lo, lb, lob;
    seg_ends(nv, h->seg, &la, &lo, &lb, &lob);
    out->arc = a;
    out->twin = nv->twin[a];
    out->lat = la + h->t * (lb - la);
    out->lon = lo + h->t * (lob - lo);
    out->dist_m = cor_haversine_km(lat, lon, out->lat, out->lon) * 1000;
    out->bearing = cor_bearing_deg(la, lo, lb, lob);
    cor_graph_arc_info ai;
    cor_graph_get_arc(nv->g, a, &ai);
    double upto[ai.n_points > 0 ? ai.n_points : 1];
    double len = navi_arc_len(nv->g, a, upto);
    double seg = upto[k + 1] - upto[k];
    out->frac = len > 0 ? (upto[k] + h->t * seg) / len : 0;
    out->frac = out->frac < 0 ? 0 : out->frac > 1 ? 1 : out->frac;
    out->component = arc_comp(nv, a);
}

cor_status cor_navi_phantom_at(const cor_navi *nv, uint32_t arc, double frac, cor_phantom *out,
                               cor_err *err)
{
    if (arc >= nv->m || !(frac >= 0 && frac <= 1))
        return cor_err_set(err, COR_ERR_INPUT, "expected an arc below %zu and a fraction in "
                           "[0, 1], found %u and %g", nv->m, arc, frac);
    cor_graph_arc_info ai;
    cor_graph_get_arc(nv->g, arc, &ai);
    double upto[ai.n_points];
    double d = frac * navi_arc_len(nv->g, arc, upto);
    size_t k = 0;
    while (k + 2 < ai.n_points && upto[k + 1] < d)
        k++;
    double la, lo, lb, lob, seg = upto[k + 1] - upto[k];
    cor_graph_get_point(nv->g, arc, k, &la, &lo);
    cor_graph_get_point(nv->g, arc, k + 1, &lb, &lob);
    double t = frac >= 1 ? 1 : seg > 0 ? (d - upto[k]) / seg : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    *out = (cor_phantom){.arc = arc,
                         .twin = nv->twin[arc],
                         .frac = frac,
                         .lat = t >= 1 ? lb : la + t * (lb - la),
                         .lon = t >= 1 ? lob : lo + t * (lob - lo),
                         .dist_m = 0,
                         .bearing = cor_bearing_deg(la, lo, lb, lob),
                         .component = arc_comp(nv, arc)};
    return COR_OK;
}

cor_status cor_navi_snap(const cor_navi *nv, double lat, double lon, double max_m,
                         cor_phantom *out, cor_err *err)
{
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
        return cor_err_set(err, COR_ERR_INPUT, "expected a latitude in [-90, 90] and a "
                                               "longitude in [-180, 180], found %g,%g", lat, lon);
    /* the grid search bounds in degrees of latitude; a little beyond max_m, then checked by
     * haversine */
    double max_deg = isfinite(max_m) ? max_m / DEG_M * 1.01 + nv->cell : INFINITY;
    hit h = search(nv, lat, lon, INFINITY, 0);
    if (h.seg == SIZE_MAX)
        return cor_err_set(err, COR_ERR_NOTFOUND, "the graph has no arcs to snap to");
    cor_phantom p;
    fill(nv, &h, lat, lon, &p);
    if (p.dist_m > max_m)
        return cor_err_set(err, COR_ERR_NOTFOUND, "%g,%g is %.0f m from the nearest link "
                           "(at %.6f,%.6f), more than the %g m allowed", lat, lon, p.dist_m,
                           p.lat, p.lon, max_m);
    if (p.component < nv->big) {
        hit hb = search(nv, lat, lon, max_deg, 1);
        if (hb.seg != SIZE_MAX) {
            cor_phantom pb;
            fill(nv, &hb, lat, lon, &pb);
            if (pb.dist_m <= max_m)
                p = pb;
        }
    }
    *out = p;
    return COR_OK;
}

/* ---- candidates (map matching) ---- */

/* Keeps hit h in the list (nearest first, at most max, one per arc: the index holds the
 * segments of one arc per link, the twin of a lower arc being left out). */
static void keep_hit(const cor_navi *nv, const hit *h, hit *list, size_t *n, size_t max)
{
    uint32_t a = nv->seg_arc[h->seg];
    size_t at = *n;
    for (size_t i = 0; i < *n; i++)
        if (nv->seg_arc[list[i].seg] == a) {
            if (list[i].d2 <= h->d2)
                return;
            at = i;
            break;
        }
    if (at == *n) {
        if (*n == max && list[max - 1].d2 <= h->d2)
            return;
        at = *n < max ? (*n)++ : max - 1;
    }
    while (at > 0 && list[at - 1].d2 > h->d2) { /* move up to its place */
        list[at] = list[at - 1];
        at--;
    }
    list[at] = *h;
}

size_t cor_navi_candidates(const cor_navi *nv, double lat, double lon, double radius_m,
                           cor_phantom *out, size_t max)
{
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) || !(radius_m >= 0) ||
        !isfinite(radius_m) || max == 0)
        return 0;
    max = max < 64 ? max : 64; /* the list lives on the stack */
    double r = radius_m / DEG_M * 1.01, x = lon * nv->cosl, y = lat;
    double fx0 = floor((x - r - nv->x0) / nv->cell), fx1 = floor((x + r - nv->x0) / nv->cell);
    double fy0 = floor((y - r - nv->y0) / nv->cell), fy1 = floor((y + r - nv->y0) / nv->cell);
    if (fx1 < 0 || fy1 < 0 || fx0 >= nv->w || fy0 >= nv->h)
        return 0;
    hit list[max];
    size_t n = 0;
    for (double cy = fmax(fy0, 0); cy <= fmin(fy1, nv->h - 1); cy++)
        for (double cx = fmax(fx0, 0); cx <= fmin(fx1, nv->w - 1); cx++) {
            size_t c = (size_t)cy * nv->w + (size_t)cx;
            for (uint32_t k = nv->cell_first[c]; k < nv->cell_first[c + 1]; k++) {
                hit h;
                try_one(nv, nv->cell_seg[k], x, y, &h);
                if (h.d2 <= r * r)
                    keep_hit(nv, &h, list, &n, max);
            }
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        cor_phantom p;
        fill(nv, &list[i], lat, lon, &p);
        if (p.dist_m > radius_m)
            continue;
        size_t at = m++; /* nearest first by haversine, not by the projection */
        for (; at > 0 && out[at - 1].dist_m > p.dist_m; at--)
            out[at] = out[at - 1];
        out[at] = p;
    }
    return m;
}
