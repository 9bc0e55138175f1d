/* Country outlines from a GeoJSON FeatureCollection (jansson). */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corridor/outlines.h"
#include "util/afile.h" /* cor_fopen_read */
#include "util/grow.h"
#include "util/strutil.h"

#define MAX_OUTLINE_BYTES (64u << 20) /* the bundled file is 93 KB */

struct cor_outlines {
    cor_outline *outlines;
    size_t n, cap;
    cor_ring *rings; /* every outline's rings, in order */
    size_t n_rings, cap_rings;
    double *coords;  /* every ring's points */
    size_t n_coords, cap_coords;
};

void cor_outlines_free(cor_outlines *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++)
        free((char *)o->outlines[i].name);
    free(o->outlines);
    free(o->rings);
    free(o->coords);
    free(o);
}

size_t cor_outlines_count(const cor_outlines *o) { return o->n; }
const cor_outline *cor_outlines_get(const cor_outlines *o, size_t i) { return &o->outlines[i]; }

/* A ring: an array of at least 4 [lon, lat] positions in range. Returns 0 (reported) if not. */
static int add_ring(cor_outlines *o, json_t *ring, const char *path, size_t feature,
                    cor_diags *d, int *nomem)
{
    size_t n = json_array_size(ring);
    if (!json_is_array(ring) || n < 4) {
        cor_diags_add(d, COR_ERROR, path, 0, "coordinates",
                      "feature %zu: expected a ring of at least 4 positions, found %s", feature,
                      json_is_array(ring) ? "fewer" : "something else");
        return 0;
    }
    int room = cor_grow(&o->rings, o->n_rings, &o->cap_rings, sizeof *o->rings);
    for (size_t k = 0; room && k < 2 * n; k++)
        room = cor_grow(&o->coords, o->n_coords + k, &o->cap_coords, sizeof *o->coords);
    if (!room) {
        *nomem = 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *pos = json_array_get(ring, i);
        double lon = json_number_value(json_array_get(pos, 0));
        double lat = json_number_value(json_array_get(pos, 1));
        if (!json_is_number(json_array_get(pos, 0)) || !json_is_number(json_array_get(pos, 1)) ||
            !(fabs(lon) <= 180) || !(fabs(lat) <= 90)) {
            cor_diags_add(d, COR_ERROR, path, 0, "coordinates",
                          "feature %zu: expected [lon, lat] in [-180, 180] x [-90, 90], found "
                          "something else at position %zu", feature, i);
            return 0;
        }
        o->coords[o->n_coords + 2 * i] = lon;
        o->coords[o->n_coords + 2 * i + 1] = lat;
    }
    /* offsets for now: pointers once every coordinate is in place (coords may move) */
    o->rings[o->n_rings++] = (cor_ring){(const double *)(uintptr_t)o->n_coords, n};
    o->n_coords += 2 * n;
    return 1;
}

/* The rings of one Polygon (rings) or MultiPolygon (polygons of rings). */
static int add_geometry(cor_outlines *o, json_t *geom, const char *path, size_t feature,
                        cor_diags *d, int *nomem)
{
    const char *type = json_string_value(json_object_get(geom, "type"));
    json_t *c = json_object_get(geom, "coordinates");
    int multi = type && strcmp(type, "MultiPolygon") == 0;
    if (!type || (!multi && strcmp(type, "Polygon") != 0) || !json_is_array(c)) {
        cor_diags_add(d, COR_ERROR, path, 0, "geometry",
                      "feature %zu: expected a Polygon or MultiPolygon, found %s", feature,
                      type ? type : "none");
        return 0;
    }
    size_t np = multi ? json_array_size(c) : 1;
    for (size_t p = 0; p < np; p++) {
        json_t *poly = multi ? json_array_get(c, p) : c;
        for (size_t r = 0; r < json_array_size(poly); r++)
            if (!add_ring(o, json_array_get(poly, r), path, feature, d, nomem))
                return 0;
    }
    return 1;
}

cor_status cor_outlines_load(const char *path, cor_outlines **out, cor_diags *diags)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && st.st_size > MAX_OUTLINE_BYTES) {
        cor_diags_add(diags, COR_ERROR, path, 0, NULL, "expected a file of at most %u bytes, found "
                      "%lld bytes", MAX_OUTLINE_BYTES, (long long)st.st_size);
        return COR_ERR_INPUT;
    }
    FILE *f = cor_fopen_read(path);
    if (!f) {
        cor_diags_add(diags, COR_ERROR, path, 0, NULL, "cannot open: %s", strerror(errno));
        return COR_ERR_IO;
    }
    json_error_t je;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    if (!root) {
        cor_diags_add(diags, COR_ERROR, path, je.line, NULL, "expected GeoJSON, found %s",
                      je.text);
        return COR_ERR_INPUT;
    }
    json_t *features = json_object_get(root, "features");
    const char *type = json_string_value(json_object_get(root, "type"));
    if (!type || strcmp(type, "FeatureCollection") != 0 || !json_is_array(features)) {
        cor_diags_add(diags, COR_ERROR, path, 0, "type",
                      "expected a FeatureCollection with features, found %s",
                      type ? type : "none");
        json_decref(root);
        return COR_ERR_INPUT;
    }
    cor_outlines *o = calloc(1, sizeof *o);
    size_t nf = json_array_size(features);
    int nomem = !o, ok = 1;
    if (o && !(o->outlines = calloc(nf + 1, sizeof *o->outlines)))
        nomem = 1;
    size_t *first = calloc(nf + 1, sizeof *first);
    nomem |= !first;
    for (size_t i = 0; !nomem && ok && i < nf; i++) {
        json_t *feat = json_array_get(features, i);
        json_t *props = json_object_get(feat, "properties");
        const char *name = json_string_value(json_object_get(props, "name"));
        first[i] = o->n_rings;
        ok = add_geometry(o, json_object_get(feat, "geometry"), path, i, diags, &nomem);
        cor_outline *ol = &o->outlines[o->n++];
        if (!(ol->name = cor_strdup(name && cor_utf8_valid(name, strlen(name)) ? name : "")))
            nomem = 1;
    }
    json_decref(root);
    if (nomem || !ok) {
        free(first);
        cor_outlines_free(o);
        if (nomem)
            cor_diags_add(diags, COR_ERROR, path, 0, NULL, "out of memory");
        return nomem ? COR_ERR_NOMEM : COR_ERR_INPUT;
    }
    for (size_t r = 0; r < o->n_rings; r++)
        o->rings[r].lonlat = o->coords + (uintptr_t)o->rings[r].lonlat;
    for (size_t i = 0; i < o->n; i++) {
        o->outlines[i].rings = o->rings + first[i];
        o->outlines[i].n_rings = (i + 1 < o->n ? first[i + 1] : o->n_rings) - first[i];
    }
    free(first);
    *out = o;
    return COR_OK;
}
