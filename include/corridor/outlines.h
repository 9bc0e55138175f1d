/*
 * corridor: country outlines (land polygons with their names) for drawing maps: a GeoJSON
 * FeatureCollection of Polygon and MultiPolygon features in lon/lat, such as web/outlines.json
 * (Natural Earth 1:50m via world-atlas, scripts/outlines.js).
 */
#ifndef CORRIDOR_OUTLINES_H
#define CORRIDOR_OUTLINES_H

#include <stddef.h>

#include "corridor/diag.h"

typedef struct cor_ring {
    const double *lonlat;  /* n points: lon, lat, lon, lat, ... (closed: the last = the first) */
    size_t n;
} cor_ring;

typedef struct cor_outline {
    const char *name;      /* the feature's "name" property, "" if none */
    const cor_ring *rings; /* outer rings and holes, as the file gives them */
    size_t n_rings;
} cor_outline;

typedef struct cor_outlines cor_outlines;

/* Reads a GeoJSON file of outlines. Problems go to diags as file: field: expected, found.
 * Returns COR_OK with *out, or COR_ERR_IO / COR_ERR_INPUT / COR_ERR_NOMEM with *out NULL. */
cor_status cor_outlines_load(const char *path, cor_outlines **out, cor_diags *diags);
void cor_outlines_free(cor_outlines *o);
size_t cor_outlines_count(const cor_outlines *o);
const cor_outline *cor_outlines_get(const cor_outlines *o, size_t i);

#endif
