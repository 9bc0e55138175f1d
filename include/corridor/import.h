/*
 * corridor: importing OpenStreetMap extracts (.osm.pbf or plain .osm XML, read with libreadosm)
 * into a network directory (docs/network-format.md) plus a geometry side file (docs/osm.md).
 * Data derived from OSM carries "© OpenStreetMap contributors, ODbL".
 */
#ifndef CORRIDOR_IMPORT_H
#define CORRIDOR_IMPORT_H

#include <stddef.h>

#include "corridor/diag.h"
#include "corridor/net.h"

#define COR_OSM_ATTRIBUTION "© OpenStreetMap contributors, ODbL"

typedef enum cor_osm_profile {
    COR_OSM_ROAD,  /* motor vehicles: highway classes, maxspeed, oneway, access, ferries */
    COR_OSM_TRUCK, /* goods vehicles: as road, lower speeds, hgv=no / goods=no excluded */
    COR_OSM_RAIL   /* railway=rail (usage, gauge, electrified), stations */
} cor_osm_profile;

typedef struct cor_osm_opts {
    cor_osm_profile profile;
    char country[3];          /* ISO 3166-1 alpha-2 given to every node (default "ZZ") */
    double usd_per_tkm;       /* tariff written on road/rail links (default: profile's) */
    int boundaries;           /* countries from the extract's admin_level=2 boundary relations
                                 (ISO3166-1 code); nodes outside them get `country` */
    const cor_net *borders;   /* with boundaries: a network whose borders.csv gives each
                                 crossing its figures (the nearest crossing of the same mode
                                 and countries); NULL: 0 h and 0 USD */
    int has_bbox;             /* keep only nodes inside bbox: as if the extract had been cut
                                 there (ways end at the box, like clipped ways) */
    double bbox[4];           /* min lat, min lon, max lat, max lon, degrees */
    cor_net_limits limits;    /* caps of the loader that will read the directory (default:
                                 cor_net_limits_default); geometry.csv always gets the default
                                 cap, which the graph builder applies */
} cor_osm_opts;

/* Defaults for a profile: country "ZZ", the profile's tariff (docs/osm.md), the loader's
 * default caps. */
void cor_osm_opts_default(cor_osm_opts *o, cor_osm_profile profile);

/* Parses "road", "truck" or "rail"; -1 for anything else. */
int cor_osm_profile_parse(const char *s);
const char *cor_osm_profile_name(cor_osm_profile p);

typedef struct cor_osm_stats {
    size_t nodes_read, ways_read;   /* objects in the file */
    size_t ways_kept;               /* ways routable under the profile */
    size_t nodes, links;            /* rows written to nodes.csv and links.csv */
    size_t oneway_links;            /* links written with direction forward */
    size_t ferry_links;
    size_t border_nodes, stations;  /* nodes marked border_post / rail_station */
    size_t transfers;               /* road/ferry meeting points written to transfers.csv */
    size_t missing_refs;            /* way node references not present in the file */
    size_t skipped_gauge;           /* rail ways with a gauge other than 1435/1520 or dual */
    size_t shape_points;            /* points written to geometry.csv */
    long long needed_file_mb;       /* refused for a cap: the cap in MiB (cor_net_limits_mb)
                                       that nodes.csv and links.csv need; 0 otherwise */
    size_t boundaries;              /* admin_level=2 relations used for countries */
    size_t boundaries_skipped;      /* ... left out: not closed in the extract */
    size_t crossings;               /* links between two countries, written to borders.csv */
    size_t crossings_matched;       /* ... given the figures of a crossing of opts->borders */
    int geometry_over_cap;          /* refused because geometry.csv is over the default cap,
                                       which no option raises */
} cor_osm_stats;

/* Reads the OSM file at path and writes out_dir/{nodes,links,borders,transfers,geometry}.csv
 * (out_dir is created if missing; each file goes through a temporary file and a rename).
 * Returns COR_OK and fills *stats (may be NULL); COR_ERR_IO when a file cannot be read or
 * written, COR_ERR_INPUT for a malformed file or one with nothing routable under the profile,
 * COR_ERR_NOMEM. err says what failed first. Compressed XML (.osm.bz2) is not read:
 * decompress it first. A file that the loader would refuse under opts->limits (bytes or rows)
 * is never put in place: COR_ERR_INPUT, out_dir left as it was, and *stats (when given) filled
 * with needed_file_mb or geometry_over_cap set, so that the caller can say what to do. */
cor_status cor_osm_import(const char *path, const cor_osm_opts *opts, const char *out_dir,
                          cor_osm_stats *stats, cor_err *err);

/* Reads the OSM file at path straight into a network in memory, without a network directory,
 * for cor_graph_from_net() (ch.h): its nodes and links are the records the loader reads from
 * the directory cor_osm_import() would write, in the same order and with the same figures, and
 * it holds the link shapes (in memory, as the graph builder would read them from that
 * directory's geometry.csv), so the graph, and every route on it, is the same
 * (tests/cli/test_osm_direct.sh). With opts->boundaries it holds the border crossings the
 * import would write to borders.csv (the figures of the nearest crossing of opts->borders,
 * else 0 h and 0 USD; the graph reads their dwell and fees); it holds no transfers (the graph
 * uses none); cor_net_dir() gives path. The file is read twice (ways, then the nodes they
 * use); memory follows the routable graph, not the extract, and no file is written. On
 * success *out is the caller's, to free with cor_net_free(), and *stats (may be NULL) is filled
 * as by the import. Errors as cor_osm_import(); COR_ERR_INPUT beyond 2^32 - 16 arcs. */
cor_status cor_osm_net(const char *path, const cor_osm_opts *opts, cor_net **out,
                       cor_osm_stats *stats, cor_err *err);

#endif
