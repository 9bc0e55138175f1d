/*
 * corridor: snapping coordinates to the nearest node of a network (great-circle distance), for
 * the OSRM-style endpoints of the server. A uniform latitude/longitude grid; read-only once
 * built, so any number of threads may query one index.
 */
#ifndef CORRIDOR_SNAP_H
#define CORRIDOR_SNAP_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"
#include "corridor/net.h"

typedef struct cor_snap cor_snap;

/* Builds an index of n points (degrees). Point i is reported as id i. Returns COR_OK with *out
 * set, COR_ERR_INPUT when a coordinate is out of range or not finite (err names the point), or
 * COR_ERR_NOMEM; *out is NULL on failure. Free with cor_snap_free(). */
cor_status cor_snap_new_points(const double *lat, const double *lon, size_t n, cor_snap **out,
                               cor_err *err);

/* Builds an index of the nodes of net that have at least one link whose mode is in `modes`
 * (COR_MODE_BIT()s; any status). Ids reported are node indices. The network must outlive the
 * index (it is not referenced after building, but ids are its node indices). */
cor_status cor_snap_new(const cor_net *net, unsigned modes, cor_snap **out, cor_err *err);
void cor_snap_free(cor_snap *s); /* NULL does nothing */

size_t cor_snap_count(const cor_snap *s);

/* The point nearest to (lat, lon) by great-circle distance (haversine, R = 6371 km); ties go
 * to the lowest id. Returns COR_OK with *id and *dist_km set; COR_ERR_INPUT for a coordinate
 * out of range (lat -90..90, lon -180..180); COR_ERR_NOTFOUND when the index is empty. */
cor_status cor_snap_nearest(const cor_snap *s, double lat, double lon, uint32_t *id,
                            double *dist_km, cor_err *err);

#endif
