/* The routing graph: built from a network (with its shapes, from geometry.csv or memory) or
 * from arrays; node and
 * arc accessors; derived adjacency arrays and the spatial grid used for snapping. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ch/graph_int.h"
#include "load/csvfile.h"
#include "net/net_int.h"

#define MAX_ELEMS 0xFFFFFFF0u /* every count must fit a uint32 index */

static void *xcalloc(uint64_t n, size_t size)
{
    if (n > SIZE_MAX / size)
        return NULL;
    return calloc(n ? (size_t)n : 1, size);
}

void cor_ch_free_data(ch_data *c)
{
    free(c->rank);
    free(c->fwd_first);
    free(c->bwd_first);
    free(c->fwd);
    free(c->fwd_rec);
    free(c->bwd);
    free(c->bwd_rec);
    free(c->sc_a);
    free(c->sc_b);
    memset(c, 0, sizeof *c);
}

void cor_graph_free_arrays(cor_graph *g)
{
    if (!g->blob) {
        free(g->lat_e7);
        free(g->lon_e7);
        free(g->country);
        free(g->kinds);
        free(g->id_off);
        free(g->ids);
        free(g->arc_from);
        free(g->arc_to);
        free(g->arc_len_dm);
        free(g->arc_time_ms);
        free(g->arc_mode);
        free(g->arc_usd_tkm);
        free(g->arc_usd_t);
        free(g->arc_link);
        free(g->link_id_off);
        free(g->link_ids);
        free(g->link_name_off);
        free(g->link_names);
        free(g->shape_off);
        free(g->shape);
        free(g->cross_arc);
        free(g->cross_dwell_ms);
        free(g->cross_usd_t);
        free(g->cross_usd_veh);
        for (int k = 0; k < COR_METRIC_COUNT; k++)
            cor_ch_free_data(&g->ch[k]);
        free(g->out_first);
        free(g->out_arc);
        free(g->in_first);
        free(g->in_arc);
        free(g->grid_first);
        free(g->grid_node);
    } else if (g->blob_mapped)
        munmap(g->blob, g->blob_size);
    else
        free(g->blob);
}

void cor_graph_free(cor_graph *g)
{
    if (!g)
        return;
    cor_graph_free_arrays(g);
    free(g);
}

size_t cor_graph_node_count(const cor_graph *g) { return (size_t)g->n; }
size_t cor_graph_arc_count(const cor_graph *g) { return (size_t)g->m; }
bool cor_graph_has_ch(const cor_graph *g, cor_metric m)
{
    return (unsigned)m < COR_METRIC_COUNT && (g->has_ch >> m) & 1;
}
bool cor_graph_is_osm(const cor_graph *g) { return g->osm; }

size_t cor_graph_ch_arc_count(const cor_graph *g, cor_metric m)
{
    return cor_graph_has_ch(g, m) ? (size_t)(g->ch[m].n_fwd + g->ch[m].n_bwd) : 0;
}

size_t cor_graph_ch_bytes(const cor_graph *g, cor_metric m)
{
    if (!cor_graph_has_ch(g, m))
        return 0;
    const ch_data *c = &g->ch[m];
    return (size_t)(4 * g->n + 8 * (g->n + 1) + 12 * (c->n_fwd + c->n_bwd) + 8 * c->n_sc);
}

void cor_graph_get_node(const cor_graph *g, uint32_t v, cor_graph_node_info *out)
{
    out->id = g->ids + g->id_off[v];
    out->lat = g->lat_e7[v] / 1e7;
    out->lon = g->lon_e7[v] / 1e7;
    out->country[0] = g->country[2 * (size_t)v];
    out->country[1] = g->country[2 * (size_t)v + 1];
    out->country[2] = '\0';
    out->kinds = g->kinds[v];
}

uint32_t cor_graph_crossing(const cor_graph *g, uint32_t a)
{
    uint64_t lo = 0, hi = g->n_cross;
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        if (g->cross_arc[mid] < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->n_cross && g->cross_arc[lo] == a ? (uint32_t)lo : UINT32_MAX;
}

void cor_graph_get_arc(const cor_graph *g, uint32_t a, cor_graph_arc_info *out)
{
    out->from = g->arc_from[a];
    out->to = g->arc_to[a];
    out->len_dm = g->arc_len_dm[a];
    uint32_t c = cor_graph_crossing(g, a);
    out->border = c != UINT32_MAX;
    out->dwell_ms = out->border ? g->cross_dwell_ms[c] : 0;
    out->border_usd_per_t = out->border ? g->cross_usd_t[c] : 0;
    out->border_usd_per_vehicle = out->border ? g->cross_usd_veh[c] : 0;
    out->time_ms = g->arc_time_ms[a] - out->dwell_ms;
    out->mode = (cor_mode)(g->arc_mode[a] & COR_ARC_MODE_MASK);
    out->roundabout = (g->arc_mode[a] & COR_ARC_ROUNDABOUT) != 0;
    out->usd_per_tkm = g->arc_usd_tkm[a];
    out->usd_per_t = g->arc_usd_t[a];
    uint32_t l = g->arc_link[a];
    out->link_id = l == COR_NO_LINK ? "" : g->link_ids + g->link_id_off[l];
    out->name = l == COR_NO_LINK ? "" : g->link_names + g->link_name_off[l];
    size_t pts = l == COR_NO_LINK ? 0 : g->shape_off[l + 1] - g->shape_off[l];
    out->n_points = pts >= 2 ? pts : 2;
}

void cor_graph_get_point(const cor_graph *g, uint32_t a, size_t k, double *lat, double *lon)
{
    uint32_t l = g->arc_link[a];
    size_t pts = l == COR_NO_LINK ? 0 : g->shape_off[l + 1] - g->shape_off[l];
    if (pts < 2) {
        uint32_t v = k == 0 ? g->arc_from[a] : g->arc_to[a];
        *lat = g->lat_e7[v] / 1e7;
        *lon = g->lon_e7[v] / 1e7;
        return;
    }
    size_t i = (g->arc_mode[a] & COR_ARC_REVERSED) ? pts - 1 - k : k;
    const int32_t *p = g->shape + 2 * ((size_t)g->shape_off[l] + i);
    *lat = p[0] / 1e7;
    *lon = p[1] / 1e7;
}

uint32_t cor_graph_arc_weight(const cor_graph *g, uint32_t a, cor_metric m)
{
    return m == COR_METRIC_TIME ? g->arc_time_ms[a] : g->arc_len_dm[a];
}

/* ---- derived arrays ---- */

static cor_status build_csr(uint64_t n, uint64_t m, const uint32_t *key, uint32_t **first,
                            uint32_t **item)
{
    *first = xcalloc(n + 1, sizeof **first);
    *item = xcalloc(m, sizeof **item);
    if (!*first || !*item)
        return COR_ERR_NOMEM;
    for (uint64_t a = 0; a < m; a++)
        (*first)[key[a] + 1]++;
    for (uint64_t v = 0; v < n; v++)
        (*first)[v + 1] += (*first)[v];
    uint32_t *pos = xcalloc(n + 1, sizeof *pos);
    if (!pos)
        return COR_ERR_NOMEM;
    memcpy(pos, *first, (size_t)(n + 1) * sizeof *pos);
    for (uint64_t a = 0; a < m; a++)
        (*item)[pos[key[a]]++] = (uint32_t)a;
    free(pos);
    return COR_OK;
}

/* The grid holds the nodes with at least one arc, in cells of about 2 nodes on average
 * (equirectangular coordinates in degrees: x = lon * cos(mean lat), y = lat). */
static cor_status build_grid(cor_graph *g)
{
    double lat_sum = 0, xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    uint64_t cnt = 0;
    for (uint64_t v = 0; v < g->n; v++) {
        if (g->out_first[v] == g->out_first[v + 1] && g->in_first[v] == g->in_first[v + 1])
            continue;
        lat_sum += g->lat_e7[v] / 1e7;
        cnt++;
    }
    g->grid_cos = cnt ? cos((lat_sum / (double)cnt) * 3.14159265358979323846 / 180) : 1;
    if (g->grid_cos < 0.01)
        g->grid_cos = 0.01;
    for (uint64_t v = 0; v < g->n; v++) {
        if (g->out_first[v] == g->out_first[v + 1] && g->in_first[v] == g->in_first[v + 1])
            continue;
        double x = g->lon_e7[v] / 1e7 * g->grid_cos, y = g->lat_e7[v] / 1e7;
        xmin = fmin(xmin, x);
        xmax = fmax(xmax, x);
        ymin = fmin(ymin, y);
        ymax = fmax(ymax, y);
    }
    if (!cnt) {
        xmin = xmax = ymin = ymax = 0;
    }
    double w = xmax - xmin, h = ymax - ymin, cells = (double)(cnt / 2 + 1);
    double cell = sqrt(fmax(w * h, 1e-12) / cells);
    if (cell < 1e-6)
        cell = 1e-6;
    double gw = floor(w / cell) + 1, gh = floor(h / cell) + 1;
    while (gw * gh > 4.0 * cells + 16) { /* long thin extents */
        cell *= 1.5;
        gw = floor(w / cell) + 1;
        gh = floor(h / cell) + 1;
    }
    g->grid_x0 = xmin;
    g->grid_y0 = ymin;
    g->grid_cell = cell;
    g->grid_w = (uint32_t)gw;
    g->grid_h = (uint32_t)gh;
    g->grid_n = cnt;
    uint64_t nc = (uint64_t)g->grid_w * g->grid_h;
    uint32_t *cellof = xcalloc(g->n, sizeof *cellof);
    g->grid_first = xcalloc(nc + 1, sizeof *g->grid_first);
    g->grid_node = xcalloc(cnt, sizeof *g->grid_node);
    if (!cellof || !g->grid_first || !g->grid_node) {
        free(cellof);
        return COR_ERR_NOMEM;
    }
    for (uint64_t v = 0; v < g->n; v++) {
        if (g->out_first[v] == g->out_first[v + 1] && g->in_first[v] == g->in_first[v + 1]) {
            cellof[v] = UINT32_MAX;
            continue;
        }
        double x = g->lon_e7[v] / 1e7 * g->grid_cos, y = g->lat_e7[v] / 1e7;
        uint32_t cx = (uint32_t)fmin((x - xmin) / cell, gw - 1);
        uint32_t cy = (uint32_t)fmin((y - ymin) / cell, gh - 1);
        cellof[v] = cy * g->grid_w + cx;
        g->grid_first[cellof[v] + 1]++;
    }
    for (uint64_t c = 0; c < nc; c++)
        g->grid_first[c + 1] += g->grid_first[c];
    uint32_t *pos = xcalloc(nc, sizeof *pos);
    if (!pos) {
        free(cellof);
        return COR_ERR_NOMEM;
    }
    memcpy(pos, g->grid_first, (size_t)nc * sizeof *pos);
    for (uint64_t v = 0; v < g->n; v++)
        if (cellof[v] != UINT32_MAX)
            g->grid_node[pos[cellof[v]]++] = (uint32_t)v;
    free(pos);
    free(cellof);
    return COR_OK;
}

cor_status cor_graph_finish(cor_graph *g, cor_err *err)
{
    if (build_csr(g->n, g->m, g->arc_from, &g->out_first, &g->out_arc) ||
        build_csr(g->n, g->m, g->arc_to, &g->in_first, &g->in_arc) || build_grid(g))
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    return COR_OK;
}

/* ---- checks of what a snapshot says (docs/ch.md "Bounds") ---- */

/* The string at offset off of chars[0..len): inside, NUL-terminated inside, UTF-8, non-empty
 * unless empty is allowed. */
static int str_ok(const char *chars, uint64_t len, uint32_t off, int empty)
{
    if (off >= len)
        return 0;
    const char *z = memchr(chars + off, '\0', (size_t)(len - off));
    size_t n = z ? (size_t)(z - (chars + off)) : 0;
    return z && (empty || n > 0) && cor_utf8_valid(chars + off, n);
}

static int coord_ok(int32_t lat_e7, int32_t lon_e7)
{
    return lat_e7 >= -900000000 && lat_e7 <= 900000000 && lon_e7 >= -1800000000 &&
           lon_e7 <= 1800000000;
}

int cor_graph_node_ok(const cor_graph *g, uint32_t v)
{
    char a = g->country[2 * (size_t)v], b = g->country[2 * (size_t)v + 1];
    return str_ok(g->ids, g->id_chars, g->id_off[v], 0) && coord_ok(g->lat_e7[v], g->lon_e7[v]) &&
           a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z';
}

int cor_graph_crossing_ok(const cor_graph *g, uint64_t k)
{
    uint32_t a = g->cross_arc[k];
    return a < g->m && g->cross_dwell_ms[k] < g->arc_time_ms[a] &&
           g->cross_usd_t[k] >= 0 && g->cross_usd_t[k] <= 1e7f && g->cross_usd_veh[k] >= 0 &&
           g->cross_usd_veh[k] <= 1e7f;
}

int cor_graph_arc_ok(const cor_graph *g, uint32_t a)
{
    if (g->arc_from[a] >= g->n || g->arc_to[a] >= g->n ||
        (g->arc_mode[a] & COR_ARC_MODE_MASK) >= COR_MODE_COUNT ||
        !(g->arc_usd_tkm[a] >= 0 && g->arc_usd_tkm[a] < 1e7f) ||
        !(g->arc_usd_t[a] >= 0 && g->arc_usd_t[a] < 1e10f))
        return 0;
    uint32_t c = cor_graph_crossing(g, a);
    if (c != UINT32_MAX && !cor_graph_crossing_ok(g, c))
        return 0;
    uint32_t l = g->arc_link[a];
    if (l == COR_NO_LINK)
        return 1;
    if (l >= g->n_links || !str_ok(g->link_ids, g->link_chars, g->link_id_off[l], 0) ||
        !str_ok(g->link_names, g->name_chars, g->link_name_off[l], 1) ||
        g->shape_off[l] > g->shape_off[l + 1] || g->shape_off[l + 1] > g->n_shape_pts)
        return 0;
    for (uint64_t k = g->shape_off[l]; k < g->shape_off[l + 1]; k++)
        if (!coord_ok(g->shape[2 * k], g->shape[2 * k + 1]))
            return 0;
    return 1;
}

int cor_offsets_ok(const uint32_t *first, uint64_t n, uint64_t last)
{
    if (first[0] != 0 || first[n] != last)
        return 0;
    for (uint64_t i = 0; i < n; i++)
        if (first[i] > first[i + 1])
            return 0;
    return 1;
}

int cor_graph_grid_ok(const cor_graph *g)
{
    return g->grid_cos >= 0.01 && g->grid_cos <= 1 && g->grid_cell >= 1e-6 &&
           g->grid_cell <= 1e3 && fabs(g->grid_x0) <= 400 && fabs(g->grid_y0) <= 100 &&
           g->grid_w >= 1 && g->grid_h >= 1 && (uint64_t)g->grid_w * g->grid_h <= MAX_ELEMS;
}

/* The cell of grid node v, as build_grid() computes it from the grid's own parameters;
 * UINT64_MAX for no cell. */
static uint64_t grid_cell_of(const cor_graph *g, uint32_t v)
{
    double x = g->lon_e7[v] / 1e7 * g->grid_cos, y = g->lat_e7[v] / 1e7;
    double fx = (x - g->grid_x0) / g->grid_cell, fy = (y - g->grid_y0) / g->grid_cell;
    if (!(fx >= 0 && fy >= 0)) /* before the grid's origin: in no cell */
        return UINT64_MAX;
    uint32_t cx = (uint32_t)fmin(fx, (double)g->grid_w - 1);
    uint32_t cy = (uint32_t)fmin(fy, (double)g->grid_h - 1);
    return (uint64_t)cy * g->grid_w + cx;
}

static const char *check_grid(const cor_graph *g, int *nomem)
{
    uint64_t nc = (uint64_t)g->grid_w * g->grid_h, with_arcs = 0;
    if (!cor_offsets_ok(g->grid_first, nc, g->grid_n))
        return "grid offsets";
    unsigned char *seen = xcalloc(g->n, 1);
    if (!seen) {
        *nomem = 1;
        return NULL;
    }
    const char *bad = NULL;
    for (uint64_t c = 0; c < nc && !bad; c++)
        for (uint32_t k = g->grid_first[c]; k < g->grid_first[c + 1] && !bad; k++) {
            uint32_t v = g->grid_node[k];
            if (v >= g->n || seen[v] || grid_cell_of(g, v) != c ||
                (g->out_first[v] == g->out_first[v + 1] && g->in_first[v] == g->in_first[v + 1]))
                bad = "grid cells";
            else
                seen[v] = 1;
        }
    for (uint64_t v = 0; v < g->n; v++)
        with_arcs += g->out_first[v] != g->out_first[v + 1] || g->in_first[v] != g->in_first[v + 1];
    if (!bad && with_arcs != g->grid_n)
        bad = "grid cells";
    free(seen);
    return bad;
}

const char *cor_graph_check_derived(const cor_graph *g, int *nomem)
{
    for (int k = 0; k < 2; k++) {
        const uint32_t *first = k ? g->in_first : g->out_first, *arc = k ? g->in_arc : g->out_arc;
        const uint32_t *key = k ? g->arc_to : g->arc_from;
        if (!cor_offsets_ok(first, g->n, g->m))
            return "adjacency offsets";
        /* each node's arcs in increasing order, all of them its own: every arc exactly once */
        for (uint64_t v = 0; v < g->n; v++)
            for (uint32_t i = first[v]; i < first[v + 1]; i++)
                if (arc[i] >= g->m || key[arc[i]] != v || (i > first[v] && arc[i] <= arc[i - 1]))
                    return "adjacency";
    }
    if (!cor_graph_grid_ok(g))
        return "grid parameters";
    return check_grid(g, nomem);
}

/* The nodes of cell c scanned for the nearest to (x, y): the cell's range is checked against
 * the grid's size and charged to *budget (a valid grid scans each node at most once), since a
 * snapshot's grid is used unverified. 0 when the grid is corrupt. */
static int scan_cell(const cor_graph *g, uint64_t c, double x, double y, uint64_t *budget,
                     double *best, uint32_t *best_v)
{
    uint32_t lo = g->grid_first[c], hi = g->grid_first[c + 1];
    if (lo > hi || hi > g->grid_n || hi - lo > *budget)
        return 0;
    *budget -= hi - lo;
    for (uint32_t k = lo; k < hi; k++) {
        uint32_t v = g->grid_node[k];
        if (v >= g->n)
            return 0;
        double ddx = g->lon_e7[v] / 1e7 * g->grid_cos - x, ddy = g->lat_e7[v] / 1e7 - y;
        double d = ddx * ddx + ddy * ddy;
        if (d < *best || (d == *best && v < *best_v)) {
            *best = d;
            *best_v = v;
        }
    }
    return 1;
}

cor_status cor_graph_snap(const cor_graph *g, double lat, double lon, uint32_t *node,
                          double *dist_m, cor_err *err)
{
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
        return cor_err_set(err, COR_ERR_INPUT, "expected a latitude in [-90, 90] and a "
                                               "longitude in [-180, 180], found %g,%g", lat, lon);
    if (g->grid_n == 0)
        return cor_err_set(err, COR_ERR_NOTFOUND, "the graph has no arcs to snap to");
    double x = lon * g->grid_cos, y = lat;
    double fx = floor((x - g->grid_x0) / g->grid_cell), fy = floor((y - g->grid_y0) / g->grid_cell);
    double W = g->grid_w, H = g->grid_h;
    /* ring r holds the cells at Chebyshev distance r from the query's (possibly outside) cell;
     * every point in it is at least (r - 1) cells away, so the search stops once that exceeds
     * the best distance found. */
    double dx0 = fx < 0 ? -fx : fx >= W ? fx - W + 1 : 0;
    double dy0 = fy < 0 ? -fy : fy >= H ? fy - H + 1 : 0;
    /* rings from the first that meets the grid to the last that still does */
    double r0 = fmax(dx0, dy0);
    double rmax = fmax(fmax(fabs(fx), fabs(W - 1 - fx)), fmax(fabs(fy), fabs(H - 1 - fy)));
    double best = INFINITY;
    uint32_t best_v = UINT32_MAX;
    uint64_t budget = g->grid_n;
    int ok = 1;
    for (double r = r0; r <= rmax && ok; r++) {
        if (best_v != UINT32_MAX && (r - 1) * g->grid_cell > sqrt(best))
            break;
        /* when neither side column meets the grid, only the top and bottom rows can */
        int sides = fx - r >= 0 || fx + r < W;
        double y0 = fmax(fy - r, 0), y1 = fmin(fy + r, H - 1);
        for (double cy = y0; cy <= y1 && ok; cy = sides ? cy + 1 : fmax(cy + 1, fy + r)) {
            int edge_row = cy == fy - r || cy == fy + r;
            double xs[2] = {fx - r, fx + r};
            double x0 = edge_row ? fmax(fx - r, 0) : 0, x1 = edge_row ? fmin(fx + r, W - 1) : 1;
            for (double i = x0; i <= x1 && ok; i++) {
                double cx = edge_row ? i : xs[(int)i];
                if (cx < 0 || cx >= W || (!edge_row && i == 1 && r == 0))
                    continue;
                ok = scan_cell(g, (uint64_t)cy * g->grid_w + (uint64_t)cx, x, y, &budget, &best,
                               &best_v);
            }
        }
    }
    if (!ok || best_v == UINT32_MAX || !cor_graph_node_ok(g, best_v))
        return cor_err_set(err, COR_ERR_INPUT, "corrupt snapshot: the snapping grid leads "
                                               "to an invalid node (corridor check tells more)");
    *node = best_v;
    if (dist_m)
        *dist_m = cor_haversine_km(lat, lon, g->lat_e7[best_v] / 1e7, g->lon_e7[best_v] / 1e7) *
                  1000;
    return COR_OK;
}

/* ---- building ---- */

static cor_graph *alloc_graph(uint64_t n, uint64_t m, uint64_t id_chars)
{
    cor_graph *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->n = n;
    g->m = m;
    g->id_chars = id_chars;
    g->lat_e7 = xcalloc(n, sizeof *g->lat_e7);
    g->lon_e7 = xcalloc(n, sizeof *g->lon_e7);
    g->country = xcalloc(2 * n, 1);
    g->kinds = xcalloc(n, sizeof *g->kinds);
    g->id_off = xcalloc(n + 1, sizeof *g->id_off);
    g->ids = xcalloc(id_chars, 1);
    g->arc_from = xcalloc(m, sizeof *g->arc_from);
    g->arc_to = xcalloc(m, sizeof *g->arc_to);
    g->arc_len_dm = xcalloc(m, sizeof *g->arc_len_dm);
    g->arc_time_ms = xcalloc(m, sizeof *g->arc_time_ms);
    g->arc_mode = xcalloc(m, 1);
    g->arc_usd_tkm = xcalloc(m, sizeof *g->arc_usd_tkm);
    g->arc_usd_t = xcalloc(m, sizeof *g->arc_usd_t);
    g->arc_link = xcalloc(m, sizeof *g->arc_link);
    if (!g->lat_e7 || !g->lon_e7 || !g->country || !g->kinds || !g->id_off || !g->ids ||
        !g->arc_from || !g->arc_to || !g->arc_len_dm || !g->arc_time_ms || !g->arc_mode ||
        !g->arc_usd_tkm || !g->arc_usd_t || !g->arc_link) {
        cor_graph_free(g);
        return NULL;
    }
    return g;
}

static uint32_t round_weight(double x)
{
    if (!(x >= 1))
        return 1;
    if (x > 4e9)
        return 4000000000u;
    return (uint32_t)llround(x);
}

cor_status cor_graph_from_arrays(size_t n_nodes, const double *lat, const double *lon,
                                 size_t n_arcs, const cor_graph_arc *arcs, cor_graph **out,
                                 cor_err *err)
{
    *out = NULL;
    if (n_nodes > MAX_ELEMS || n_arcs > MAX_ELEMS)
        return cor_err_set(err, COR_ERR_INPUT, "at most %u nodes and arcs", MAX_ELEMS);
    uint64_t chars = 0;
    char buf[24];
    for (size_t v = 0; v < n_nodes; v++) {
        if (!(lat[v] >= -90 && lat[v] <= 90 && lon[v] >= -180 && lon[v] <= 180))
            return cor_err_set(err, COR_ERR_INPUT, "node %zu: coordinate out of range", v);
        chars += (uint64_t)snprintf(buf, sizeof buf, "%zu", v) + 1;
    }
    if (chars > MAX_ELEMS)
        return cor_err_set(err, COR_ERR_INPUT, "too many nodes");
    for (size_t a = 0; a < n_arcs; a++)
        if (arcs[a].from >= n_nodes || arcs[a].to >= n_nodes || !arcs[a].len_dm ||
            !arcs[a].time_ms || (unsigned)arcs[a].mode >= COR_MODE_COUNT)
            return cor_err_set(err, COR_ERR_INPUT, "arc %zu: expected ends below %zu, positive "
                                                   "weights and a mode", a, n_nodes);
    cor_graph *g = alloc_graph(n_nodes, n_arcs, chars);
    if (!g)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    uint32_t pos = 0;
    for (size_t v = 0; v < n_nodes; v++) {
        g->lat_e7[v] = (int32_t)lround(lat[v] * 1e7);
        g->lon_e7[v] = (int32_t)lround(lon[v] * 1e7);
        g->country[2 * v] = 'Z';
        g->country[2 * v + 1] = 'Z';
        g->kinds[v] = COR_KIND_JUNCTION;
        g->id_off[v] = pos;
        pos += (uint32_t)snprintf(g->ids + pos, (size_t)(chars - pos), "%zu", v) + 1;
    }
    g->id_off[n_nodes] = pos;
    for (size_t a = 0; a < n_arcs; a++) {
        g->arc_from[a] = arcs[a].from;
        g->arc_to[a] = arcs[a].to;
        g->arc_len_dm[a] = arcs[a].len_dm;
        g->arc_time_ms[a] = arcs[a].time_ms;
        g->arc_mode[a] = (uint8_t)arcs[a].mode;
        g->arc_link[a] = COR_NO_LINK;
    }
    g->link_id_off = xcalloc(1, sizeof *g->link_id_off);
    g->shape_off = xcalloc(1, sizeof *g->shape_off);
    g->link_ids = xcalloc(1, 1);
    g->link_name_off = xcalloc(1, sizeof *g->link_name_off);
    g->link_names = xcalloc(1, 1);
    g->shape = xcalloc(2, sizeof *g->shape);
    g->cross_arc = xcalloc(0, sizeof *g->cross_arc);
    g->cross_dwell_ms = xcalloc(0, sizeof *g->cross_dwell_ms);
    g->cross_usd_t = xcalloc(0, sizeof *g->cross_usd_t);
    g->cross_usd_veh = xcalloc(0, sizeof *g->cross_usd_veh);
    cor_status st = !g->link_id_off || !g->shape_off || !g->link_ids || !g->shape ||
                            !g->link_name_off || !g->link_names || !g->cross_arc ||
                            !g->cross_dwell_ms || !g->cross_usd_t || !g->cross_usd_veh
                        ? cor_err_set(err, COR_ERR_NOMEM, "out of memory")
                        : cor_graph_finish(g, err);
    if (st) {
        cor_graph_free(g);
        return st;
    }
    *out = g;
    return COR_OK;
}

typedef struct link_key {
    const char *id;
    uint32_t link;  /* net link index */
} link_key;

static int cmp_link_key(const void *a, const void *b)
{
    return strcmp(((const link_key *)a)->id, ((const link_key *)b)->id);
}

/* The number of "lat lon" pairs separated by ';' in p, each in range; 0 when p is not such a
 * list. */
static size_t count_points(const char *p)
{
    size_t npt = 0;
    while (*p) {
        char *end;
        double la = strtod(p, &end);
        if (end == p || *end != ' ')
            return 0;
        p = end + 1;
        double lo = strtod(p, &end);
        if (end == p || (*end != ';' && *end) || !(la >= -90 && la <= 90) ||
            !(lo >= -180 && lo <= 180))
            return 0;
        p = *end ? end + 1 : end;
        npt++;
    }
    return npt;
}

/* The shapes a network holds in memory (net->shape_first), as read_geometry() would take them
 * from its geometry.csv. */
static cor_status copy_shapes(cor_graph *g, const cor_net *net, const uint32_t *slot,
                              cor_err *err)
{
    uint64_t total = 0;
    for (uint32_t l = 0; l < net->n_links; l++)
        if (slot[l] != COR_NO_LINK)
            total += net->shape_first[l + 1] - net->shape_first[l];
    if (total > MAX_ELEMS / 2)
        return cor_err_set(err, COR_ERR_INPUT, "expected at most %u shape points (a snapshot's "
                           "count), found %llu", MAX_ELEMS / 2, (unsigned long long)total);
    g->n_shape_pts = total;
    g->shape = xcalloc(2 * total + 2, sizeof *g->shape);
    if (!g->shape)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    uint64_t pos = 0;
    for (uint32_t l = 0; l < net->n_links; l++) {
        uint32_t gl = slot[l];
        if (gl == COR_NO_LINK)
            continue;
        uint64_t first = net->shape_first[l], n = net->shape_first[l + 1] - first;
        g->shape_off[gl] = (uint32_t)pos;
        memcpy(g->shape + 2 * pos, net->shape_e7 + 2 * first, (size_t)n * 2 * sizeof *g->shape);
        pos += n;
    }
    g->shape_off[g->n_links] = (uint32_t)pos;
    return COR_OK;
}

/* The graph's shapes: those the network holds in memory, else dir/geometry.csv (when
 * present); slot[l] is the graph link index of net link l, or COR_NO_LINK when the link is not
 * in the graph. */
static cor_status read_geometry(cor_graph *g, const cor_net *net, const uint32_t *slot,
                                cor_err *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/geometry.csv", cor_net_dir(net));
    g->shape_off = xcalloc(g->n_links + 1, sizeof *g->shape_off);
    if (!g->shape_off)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    if (net->shape_first)
        return copy_shapes(g, net, slot, err);
    if (access(path, F_OK) != 0) {
        g->shape = xcalloc(2, sizeof *g->shape);
        return g->shape ? COR_OK : cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    cor_diags *d = cor_diags_new();
    cor_csv *csv = NULL;
    cor_status st = d ? cor_csv_read(path, path, &csv, d) : COR_ERR_NOMEM;
    if (st || cor_diags_errors(d)) {
        if (st == COR_ERR_NOMEM)
            st = cor_err_set(err, st, "out of memory");
        else {
            char buf[1024] = "cannot read";
            for (size_t i = 0; i < cor_diags_count(d); i++)
                if (cor_diags_get(d, i)->severity == COR_ERROR) {
                    cor_diag_format(cor_diags_get(d, i), buf, sizeof buf);
                    break;
                }
            st = cor_err_set(err, COR_ERR_INPUT, "%s", buf);
        }
        cor_csv_free(csv);
        cor_diags_free(d);
        return st;
    }
    cor_diags_free(d);
    int c_id = cor_csv_col(csv, "link_id"), c_pts = cor_csv_col(csv, "points");
    if (c_id < 0 || c_pts < 0) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s:1: %s: expected a column named \"%s\" in the "
                         "header, found none", path, c_id < 0 ? "link_id" : "points",
                         c_id < 0 ? "link_id" : "points");
        cor_csv_free(csv);
        return st;
    }
    size_t nl = cor_net_link_count(net);
    link_key *keys = xcalloc(nl, sizeof *keys);
    uint32_t *row_of = xcalloc(g->n_links, sizeof *row_of); /* graph link -> csv row + 1 */
    if (!keys || !row_of) {
        free(keys);
        free(row_of);
        cor_csv_free(csv);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (size_t l = 0; l < nl; l++)
        keys[l] = (link_key){cor_net_link(net, (uint32_t)l)->id, (uint32_t)l};
    qsort(keys, nl, sizeof *keys, cmp_link_key);
    uint64_t total = 0;
    for (size_t r = 0; r < csv->n_rows && !st; r++) {
        const cor_csv_row *row = &csv->rows[r];
        link_key k = {row->fields[c_id], 0};
        link_key *hit = bsearch(&k, keys, nl, sizeof *keys, cmp_link_key);
        if (!hit) {
            st = cor_err_set(err, COR_ERR_INPUT, "%s:%ld: link_id: expected a link of links.csv, "
                             "found \"%s\"", path, row->line, row->fields[c_id]);
            break;
        }
        uint32_t gl = slot[hit->link];
        if (gl == COR_NO_LINK)
            continue;
        if (row_of[gl]) {
            st = cor_err_set(err, COR_ERR_INPUT, "%s:%ld: link_id: expected a unique link id, "
                             "found \"%s\" again", path, row->line, row->fields[c_id]);
            break;
        }
        row_of[gl] = (uint32_t)r + 1;
        size_t npt = count_points(row->fields[c_pts]);
        if (npt < 2)
            st = cor_err_set(err, COR_ERR_INPUT, "%s:%ld: points: expected at least two \"lat "
                             "lon\" pairs separated by ';', found \"%.60s\"", path, row->line,
                             row->fields[c_pts]);
        else if ((total += npt) > MAX_ELEMS / 2)
            st = cor_err_set(err, COR_ERR_INPUT, "%s: too many points", path);
    }
    if (!st) {
        g->n_shape_pts = total;
        g->shape = xcalloc(2 * total + 2, sizeof *g->shape);
        if (!g->shape)
            st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    uint64_t pos = 0;
    for (uint64_t l = 0; l < g->n_links && !st; l++) {
        g->shape_off[l] = (uint32_t)pos;
        if (!row_of[l])
            continue;
        const char *p = csv->rows[row_of[l] - 1].fields[c_pts];
        while (*p) {
            char *end;
            double la = strtod(p, &end);
            double lo = strtod(end + 1, &end);
            g->shape[2 * pos] = (int32_t)lround(la * 1e7);
            g->shape[2 * pos + 1] = (int32_t)lround(lo * 1e7);
            pos++;
            p = *end ? end + 1 : end;
        }
    }
    if (!st)
        g->shape_off[g->n_links] = (uint32_t)pos;
    free(keys);
    free(row_of);
    cor_csv_free(csv);
    return st;
}

/* The border record of net link l travelled from tail (the loader's lookup, net.c: the row
 * the named-node router applies), or -1. */
static int32_t link_border(const cor_net *net, uint32_t l, uint32_t tail, uint32_t head)
{
    for (uint32_t i = net->arc_first[tail]; i < net->arc_first[tail + 1]; i++)
        if (net->arcs[i].link == l && net->arcs[i].head == head)
            return net->arcs[i].border;
    return -1;
}

/* The crossings of g (arcs numbered as cor_graph_from_net numbers them: by link, then
 * direction) with their borders.csv figures; each one's mean dwell joins its time weight. */
static cor_status add_crossings(cor_graph *g, const cor_net *net, const uint32_t *slot,
                                cor_err *err)
{
    for (int pass = 0; pass < 2; pass++) {
        uint64_t a = 0, k = 0;
        for (uint32_t l = 0; l < net->n_links; l++) {
            if (slot[l] == COR_NO_LINK)
                continue;
            const cor_link *lk = &net->links[l];
            for (int dir = 0; dir < (lk->both_ways ? 2 : 1); dir++, a++) {
                int32_t b = link_border(net, l, dir ? lk->to : lk->from, dir ? lk->from : lk->to);
                if (b < 0)
                    continue;
                if (pass == 0) {
                    k++;
                    continue;
                }
                const cor_border *r = &net->borders[b];
                double dwell = llround(r->dwell_h * 3.6e6);
                if (g->arc_time_ms[a] + dwell > 4e9)
                    return cor_err_set(err, COR_ERR_INPUT, "%s/borders.csv:%ld: dwell_h: expected "
                                       "at most %.0f h with link %s (the graph's 32-bit arc "
                                       "times), found %g", net->dir, r->line,
                                       (4e9 - g->arc_time_ms[a]) / 3.6e6, lk->id, r->dwell_h);
                g->cross_arc[k] = (uint32_t)a;
                g->cross_dwell_ms[k] = (uint32_t)dwell;
                g->cross_usd_t[k] = (float)r->fee_usd_per_t;
                g->cross_usd_veh[k] = (float)r->fee_usd_per_vehicle;
                g->arc_time_ms[a] += (uint32_t)dwell;
                k++;
            }
        }
        if (pass == 0) {
            g->n_cross = k;
            g->cross_arc = xcalloc(k, sizeof *g->cross_arc);
            g->cross_dwell_ms = xcalloc(k, sizeof *g->cross_dwell_ms);
            g->cross_usd_t = xcalloc(k, sizeof *g->cross_usd_t);
            g->cross_usd_veh = xcalloc(k, sizeof *g->cross_usd_veh);
            if (!g->cross_arc || !g->cross_dwell_ms || !g->cross_usd_t || !g->cross_usd_veh)
                return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        }
    }
    return COR_OK;
}

cor_status cor_graph_from_net(const cor_net *net, unsigned modes, unsigned statuses,
                              cor_graph **out, cor_err *err)
{
    *out = NULL;
    size_t nn = cor_net_node_count(net), nl = cor_net_link_count(net);
    uint64_t m = 0, n_links = 0, id_chars = 0, link_chars = 0, name_chars = 0;
    uint32_t *slot = xcalloc(nl, sizeof *slot);
    if (!slot)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (size_t l = 0; l < nl; l++) {
        const cor_link *k = cor_net_link(net, (uint32_t)l);
        slot[l] = COR_NO_LINK;
        if (!(COR_TRANSPORT_MODES & COR_MODE_BIT(k->mode)) || !(modes & COR_MODE_BIT(k->mode)) ||
            !(statuses & COR_STATUS_BIT(k->status)))
            continue;
        slot[l] = (uint32_t)n_links++;
        link_chars += strlen(k->id) + 1;
        name_chars += strlen(k->name) + 1;
        m += k->both_ways ? 2 : 1;
    }
    for (size_t v = 0; v < nn; v++)
        id_chars += strlen(cor_net_node(net, (uint32_t)v)->id) + 1;
    if (m > MAX_ELEMS || id_chars > MAX_ELEMS || link_chars > MAX_ELEMS ||
        name_chars > MAX_ELEMS) {
        free(slot);
        return cor_err_set(err, COR_ERR_INPUT, "network too large (at most %u arcs)", MAX_ELEMS);
    }
    cor_graph *g = alloc_graph(nn, m, id_chars);
    if (!g) {
        free(slot);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    uint32_t pos = 0;
    for (size_t v = 0; v < nn; v++) {
        const cor_node *nd = cor_net_node(net, (uint32_t)v);
        g->lat_e7[v] = (int32_t)lround(nd->lat * 1e7);
        g->lon_e7[v] = (int32_t)lround(nd->lon * 1e7);
        memcpy(g->country + 2 * v, nd->country, 2);
        g->kinds[v] = nd->kinds;
        g->id_off[v] = pos;
        size_t len = strlen(nd->id) + 1;
        memcpy(g->ids + pos, nd->id, len);
        pos += (uint32_t)len;
    }
    g->id_off[nn] = pos;
    g->n_links = n_links;
    g->link_chars = link_chars;
    g->link_id_off = xcalloc(n_links + 1, sizeof *g->link_id_off);
    g->link_ids = xcalloc(link_chars, 1);
    g->name_chars = name_chars;
    g->link_name_off = xcalloc(n_links + 1, sizeof *g->link_name_off);
    g->link_names = xcalloc(name_chars ? name_chars : 1, 1);
    cor_status st = COR_OK;
    if (!g->link_id_off || !g->link_ids || !g->link_name_off || !g->link_names)
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    uint64_t a = 0;
    uint32_t name_pos = 0;
    pos = 0;
    for (size_t l = 0; l < nl && !st; l++) {
        if (slot[l] == COR_NO_LINK)
            continue;
        const cor_link *k = cor_net_link(net, (uint32_t)l);
        g->link_name_off[slot[l]] = name_pos;
        size_t name_len = strlen(k->name) + 1;
        memcpy(g->link_names + name_pos, k->name, name_len);
        name_pos += (uint32_t)name_len;
        g->link_id_off[slot[l]] = pos;
        size_t len = strlen(k->id) + 1;
        memcpy(g->link_ids + pos, k->id, len);
        pos += (uint32_t)len;
        if (k->source && strstr(k->source, "OpenStreetMap"))
            g->osm = 1;
        double hours = cor_link_hours(k);
        for (int dir = 0; dir < (k->both_ways ? 2 : 1); dir++, a++) {
            g->arc_from[a] = dir ? k->to : k->from;
            g->arc_to[a] = dir ? k->from : k->to;
            g->arc_len_dm[a] = round_weight(k->length_km * 1e4);
            g->arc_time_ms[a] = round_weight(hours * 3.6e6);
            g->arc_mode[a] = (uint8_t)(k->mode | (dir ? COR_ARC_REVERSED : 0) |
                                       (k->roundabout ? COR_ARC_ROUNDABOUT : 0));
            g->arc_usd_tkm[a] = (float)k->usd_per_tkm;
            g->arc_usd_t[a] = (float)k->usd_per_t;
            g->arc_link[a] = slot[l];
        }
    }
    if (!st) {
        g->link_id_off[n_links] = pos;
        g->link_name_off[n_links] = name_pos;
    }
    if (!st)
        st = add_crossings(g, net, slot, err);
    if (!st)
        st = read_geometry(g, net, slot, err);
    if (!st)
        st = cor_graph_finish(g, err);
    free(slot);
    if (st) {
        cor_graph_free(g);
        return st;
    }
    *out = g;
    return COR_OK;
}
