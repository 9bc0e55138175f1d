/* Nearest-node lookup on a uniform latitude/longitude grid: points are bucketed into square
 * cells; a query scans rings of cells around its own until no unvisited cell can be closer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/snap.h"
#include "net/net_int.h"

#define DEG (M_PI / 180.0)
#define EARTH_KM 6371.0

struct cor_snap {
    size_t n;
    double *lat, *lon;
    uint32_t *ids;          /* reported id of each point */
    double lat0, lon0, cell_deg;
    int rows, cols;
    uint32_t *cell_first;   /* rows * cols + 1 offsets into order */
    uint32_t *order;        /* point indices grouped by cell */
    double abs_lat_max, lon_min, lon_max;
};

void cor_snap_free(cor_snap *s)
{
    if (!s)
        return;
    free(s->lat);
    free(s->lon);
    free(s->ids);
    free(s->cell_first);
    free(s->order);
    free(s);
}

size_t cor_snap_count(const cor_snap *s) { return s ? s->n : 0; }

static int coord_ok(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

static int clampi(long v, int hi) { return v < 0 ? 0 : v > hi ? hi : (int)v; }

static int cell_row(const cor_snap *s, double lat)
{
    return clampi((long)floor((lat - s->lat0) / s->cell_deg), s->rows - 1);
}

static int cell_col(const cor_snap *s, double lon)
{
    return clampi((long)floor((lon - s->lon0) / s->cell_deg), s->cols - 1);
}

static cor_status build(cor_snap *s, cor_err *err)
{
    double lat_min = 90, lat_max = -90, lon_min = 180, lon_max = -180;
    for (size_t i = 0; i < s->n; i++) {
        lat_min = fmin(lat_min, s->lat[i]);
        lat_max = fmax(lat_max, s->lat[i]);
        lon_min = fmin(lon_min, s->lon[i]);
        lon_max = fmax(lon_max, s->lon[i]);
    }
    if (s->n == 0)
        lat_min = lat_max = lon_min = lon_max = 0;
    /* about two points per cell: sqrt(area / (n / 2)) degrees, at least 0.01 */
    double h = lat_max - lat_min, w = lon_max - lon_min;
    double cell = sqrt(fmax(h * w, 1e-4) / fmax(s->n / 2.0, 1.0));
    cell = fmax(cell, 0.01);
    s->cell_deg = cell;
    s->lat0 = lat_min;
    s->lon0 = lon_min;
    s->rows = (int)fmin(floor(h / cell) + 1, 4096);
    s->cols = (int)fmin(floor(w / cell) + 1, 4096);
    /* a capped grid must still cover the bounding box */
    s->cell_deg = fmax(cell, fmax(h / s->rows, w / s->cols) * (1 + 1e-9));
    s->abs_lat_max = fmax(fabs(lat_min), fabs(lat_max));
    s->lon_min = lon_min;
    s->lon_max = lon_max;
    size_t n_cells = (size_t)s->rows * (size_t)s->cols;
    s->cell_first = calloc(n_cells + 1, sizeof *s->cell_first);
    s->order = malloc((s->n ? s->n : 1) * sizeof *s->order);
    if (!s->cell_first || !s->order)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < s->n; i++)
        s->cell_first[(size_t)cell_row(s, s->lat[i]) * s->cols + cell_col(s, s->lon[i]) + 1]++;
    for (size_t c = 0; c < n_cells; c++)
        s->cell_first[c + 1] += s->cell_first[c];
    uint32_t *fill = malloc((n_cells + 1) * sizeof *fill);
    if (!fill)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    memcpy(fill, s->cell_first, (n_cells + 1) * sizeof *fill);
    for (size_t i = 0; i < s->n; i++)
        s->order[fill[(size_t)cell_row(s, s->lat[i]) * s->cols + cell_col(s, s->lon[i])]++] =
            (uint32_t)i;
    free(fill);
    return COR_OK;
}

static cor_status snap_alloc(size_t n, cor_snap **out, cor_err *err)
{
    cor_snap *s = calloc(1, sizeof *s);
    if (s) {
        s->lat = malloc((n ? n : 1) * sizeof *s->lat);
        s->lon = malloc((n ? n : 1) * sizeof *s->lon);
        s->ids = malloc((n ? n : 1) * sizeof *s->ids);
    }
    if (!s || !s->lat || !s->lon || !s->ids) {
        cor_snap_free(s);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    *out = s;
    return COR_OK;
}

cor_status cor_snap_new_points(const double *lat, const double *lon, size_t n, cor_snap **out,
                               cor_err *err)
{
    *out = NULL;
    if (n > UINT32_MAX)
        return cor_err_set(err, COR_ERR_INPUT, "too many points: %zu", n);
    for (size_t i = 0; i < n; i++)
        if (!coord_ok(lat[i], lon[i]))
            return cor_err_set(err, COR_ERR_INPUT,
                               "point %zu: expected lat -90..90 and lon -180..180, found %g,%g",
                               i, lat[i], lon[i]);
    cor_snap *s;
    if (snap_alloc(n, &s, err) != COR_OK)
        return COR_ERR_NOMEM;
    s->n = n;
    for (size_t i = 0; i < n; i++) {
        s->lat[i] = lat[i];
        s->lon[i] = lon[i];
        s->ids[i] = (uint32_t)i;
    }
    cor_status st = build(s, err);
    if (st != COR_OK) {
        cor_snap_free(s);
        return st;
    }
    *out = s;
    return COR_OK;
}

cor_status cor_snap_new(const cor_net *net, unsigned modes, cor_snap **out, cor_err *err)
{
    *out = NULL;
    cor_snap *s;
    if (snap_alloc(net->n_nodes, &s, err) != COR_OK)
        return COR_ERR_NOMEM;
    unsigned char *use = calloc(net->n_nodes ? net->n_nodes : 1, 1);
    if (!use) {
        cor_snap_free(s);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (uint32_t k = 0; k < net->n_links; k++)
        if (modes & COR_MODE_BIT(net->links[k].mode))
            use[net->links[k].from] = use[net->links[k].to] = 1;
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        if (!use[v] || !coord_ok(net->nodes[v].lat, net->nodes[v].lon))
            continue;
        s->lat[s->n] = net->nodes[v].lat;
        s->lon[s->n] = net->nodes[v].lon;
        s->ids[s->n++] = v;
    }
    free(use);
    cor_status st = build(s, err);
    if (st != COR_OK) {
        cor_snap_free(s);
        return st;
    }
    *out = s;
    return COR_OK;
}

/* Great-circle distance in radians (haversine). */
static double central_angle(double lat1, double lon1, double lat2, double lon2)
{
    double a = sin((lat2 - lat1) * DEG / 2), b = sin((lon2 - lon1) * DEG / 2);
    double h = a * a + cos(lat1 * DEG) * cos(lat2 * DEG) * b * b;
    return 2 * asin(fmin(1.0, sqrt(h)));
}

/* A lower bound on the angle to any point outside rings 0..k around the query's cell. Such a
 * point differs from the query by more than k cells in latitude or in longitude. A latitude
 * difference d is an angle of at least d; a longitude difference l between points at |lat| <=
 * phi gives hav(angle) >= cos^2(phi) hav(l) (haversine formula, hav(dlat) >= 0), so angle >=
 * 2 asin(cos(phi) sin(l / 2)); l is taken the short way round the globe. */
static double ring_bound(const cor_snap *s, int k, double qlat, double qlon)
{
    double d = k * s->cell_deg;
    double by_lat = d * DEG;
    double span = fmax(s->lon_max, qlon) - fmin(s->lon_min, qlon);
    double l = fmin(d, 360 - span);
    double phi = fmax(s->abs_lat_max, fabs(qlat));
    double by_lon = l > 0 ? 2 * asin(fmin(1.0, cos(phi * DEG) * sin(fmin(l, 180) * DEG / 2))) : 0;
    return fmin(by_lat, by_lon);
}

cor_status cor_snap_nearest(const cor_snap *s, double lat, double lon, uint32_t *id,
                            double *dist_km, cor_err *err)
{
    if (!coord_ok(lat, lon))
        return cor_err_set(err, COR_ERR_INPUT,
                           "expected lat -90..90 and lon -180..180, found %g,%g", lat, lon);
    if (!s || s->n == 0)
        return cor_err_set(err, COR_ERR_NOTFOUND, "no node to snap to");
    int r0 = cell_row(s, lat), c0 = cell_col(s, lon);
    int k_max = s->rows > s->cols ? s->rows : s->cols;
    double best = INFINITY;
    uint32_t best_i = 0;
    for (int k = 0; k <= k_max; k++) {
        for (int r = r0 - k; r <= r0 + k; r++) {
            if (r < 0 || r >= s->rows)
                continue;
            int edge = r == r0 - k || r == r0 + k;
            for (int c = c0 - k; c <= c0 + k; c += edge ? 1 : 2 * k) {
                if (c >= 0 && c < s->cols) {
                    size_t cell = (size_t)r * s->cols + c;
                    for (uint32_t j = s->cell_first[cell]; j < s->cell_first[cell + 1]; j++) {
                        uint32_t i = s->order[j];
                        double a = central_angle(lat, lon, s->lat[i], s->lon[i]);
                        if (a < best || (a == best && s->ids[i] < s->ids[best_i])) {
                            best = a;
                            best_i = i;
                        }
                    }
                }
                if (k == 0)
                    break;
            }
        }
        if (best < ring_bound(s, k, lat, lon))
            break;
    }
    *id = s->ids[best_i];
    if (dist_km)
        *dist_km = best * EARTH_KM;
    return COR_OK;
}
