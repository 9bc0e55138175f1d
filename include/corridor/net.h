/*
 * corridor: the network model. A network is loaded once from a directory of CSV files
 * (docs/network-format.md) and is read-only afterwards: any number of threads may query it.
 */
#ifndef CORRIDOR_NET_H
#define CORRIDOR_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"

typedef enum cor_mode {
    COR_MODE_RAIL,
    COR_MODE_ROAD,
    COR_MODE_SEA,
    COR_MODE_FERRY,
    COR_MODE_PIPELINE,
    COR_MODE_POWER,
    COR_MODE_FIBRE,
    COR_MODE_COUNT
} cor_mode;

#define COR_MODE_BIT(m) (1u << (m))
#define COR_TRANSPORT_MODES                                                                  \
    (COR_MODE_BIT(COR_MODE_RAIL) | COR_MODE_BIT(COR_MODE_ROAD) | COR_MODE_BIT(COR_MODE_SEA) | \
     COR_MODE_BIT(COR_MODE_FERRY))

typedef enum cor_link_status {
    COR_STATUS_OPERATING,
    COR_STATUS_CONSTRUCTION,
    COR_STATUS_PLANNED,
    COR_STATUS_CLOSED,
    COR_STATUS_COUNT
} cor_link_status;

#define COR_STATUS_BIT(s) (1u << (s))

typedef enum cor_gauge { COR_GAUGE_NONE, COR_GAUGE_1520, COR_GAUGE_1435, COR_GAUGE_DUAL } cor_gauge;

/* Node kinds, as bits of cor_node.kinds. */
enum {
    COR_KIND_CITY = 1u << 0,
    COR_KIND_PORT = 1u << 1,
    COR_KIND_RAIL_STATION = 1u << 2,
    COR_KIND_RAIL_JUNCTION = 1u << 3,
    COR_KIND_BORDER_POST = 1u << 4,
    COR_KIND_TERMINAL = 1u << 5,
    COR_KIND_GAUGE_CHANGER = 1u << 6,
    COR_KIND_SUBSTATION = 1u << 7,
    COR_KIND_POWER_PLANT = 1u << 8,
    COR_KIND_DATA_CENTRE = 1u << 9,
    COR_KIND_LANDING_STATION = 1u << 10,
    COR_KIND_PIPELINE_STATION = 1u << 11,
    COR_KIND_JUNCTION = 1u << 12, /* a node of an imported road/rail graph (intersection, way end) */
    COR_KIND_COUNT = 13
};

/* Records as loaded. Strings belong to the network. Optional numbers that were not given are
 * NAN (test with isnan()). `line` is the record's line in its file. */
typedef struct cor_node {
    const char *id, *name, *region, *source;
    const char *aliases;                  /* other names it is found by, ";"-separated, "" if none */
    char country[3];
    double lat, lon;
    unsigned kinds;
    long line;
} cor_node;

typedef struct cor_link {
    const char *id, *corridors, *source;  /* corridors: ";"-separated tags, "" if none */
    const char *name;                     /* street or line name (optional column), "" if none */
    uint32_t from, to;                    /* node indices */
    cor_mode mode;
    double length_km;
    double speed_kmh, duration_h;         /* exactly one is given for transport modes */
    double usd_per_tkm, usd_per_t;        /* 0 when not given */
    double capacity_tpy, capacity_mw, capacity_gbps, capacity_bcmy;
    double bpr_alpha, bpr_beta;           /* volume-delay parameters (optional columns) */
    double latency_ms;                    /* fibre: one-way latency if given, else NAN */
    cor_gauge gauge;
    cor_link_status status;
    int year;                             /* 0 when not given */
    bool both_ways;
    bool roundabout;                      /* part of a roundabout (OSM junction=roundabout or
                                             circular; osm_class "CLASS;roundabout") */
    long line;
} cor_link;

typedef struct cor_border {
    uint32_t from, to;                    /* the two border posts (node indices) */
    cor_mode mode;
    double dwell_h, dwell_p95_h;          /* dwell_p95_h may be NAN */
    double fee_usd_per_t, fee_usd_per_vehicle;
    bool both_ways;
    const char *source;
    long line;
} cor_border;

typedef struct cor_transfer {
    uint32_t node;
    bool gauge;                           /* a gauge change; otherwise a mode change */
    int a, b;                             /* cor_mode values, or cor_gauge values for gauge */
    double hours, usd_per_t;
    const char *source;
    long line;
} cor_transfer;

typedef struct cor_net cor_net;

/* Caps on what loading a network directory may cost, for untrusted input (docs/security.md
 * "Limits"): each CSV file at most max_file_bytes bytes and max_rows rows. The sizes of the
 * files are checked before any of them is parsed. The defaults (256 MiB, 4,000,000 rows) take
 * a network of about 5 million OpenStreetMap nodes; raise them for a larger trusted file. */
#define COR_NET_DEFAULT_FILE_MB 256
#define COR_NET_MAX_FILE_MB 1048576 /* 1 TiB: the largest cap that can be asked for */
typedef struct cor_net_limits {
    long long max_file_bytes;
    long max_rows;
} cor_net_limits;

/* The defaults: COR_NET_DEFAULT_FILE_MB MiB and 4,000,000 rows a file. */
void cor_net_limits_default(cor_net_limits *lim);

/* Caps for CSV files of at most mb MiB (1 <= mb <= COR_NET_MAX_FILE_MB, else COR_ERR_INPUT
 * and *lim unchanged): rows scale with it, 4,000,000 for every 256 MiB or part of it. */
cor_status cor_net_limits_mb(cor_net_limits *lim, long long mb, cor_err *err);

/* Checks, without reading them, the sizes of the CSV files of a network directory (nodes,
 * links, borders and transfers.csv) against lim (NULL: defaults). Adds
 * one error per file over the cap to diags ("DIR/links.csv: expected a file of at most N bytes,
 * found M bytes") and returns COR_ERR_INPUT; COR_OK when every file fits. */
cor_status cor_net_check_sizes(const char *dir, const cor_net_limits *lim, cor_diags *diags);

/* cor_net_load() under the caps lim (NULL: the defaults). */
cor_status cor_net_load_limited(const char *dir, const cor_net_limits *lim, cor_net **out,
                                cor_diags *diags);

/* Loads the network in directory dir (nodes.csv, links.csv, borders.csv, transfers.csv) under
 * the default caps (cor_net_limits; a file over them is refused before anything is parsed).
 * Every problem found is added to diags (which may be NULL); file names in messages are
 * dir/file. Returns COR_OK and sets *out when there is no error (warnings allowed);
 * otherwise returns COR_ERR_INPUT, COR_ERR_IO or COR_ERR_NOMEM with *out NULL.
 * The caller owns *out and frees it with cor_net_free(). */
cor_status cor_net_load(const char *dir, cor_net **out, cor_diags *diags);
void cor_net_free(cor_net *net);

/* Loads like cor_net_load() and adds the findings of a lint pass: an error for a link shorter
 * than the great-circle distance between its ends (less 2% and 50 m); warnings for a link
 * longer than 1.6 times it (and by 2 km) whose source gives no "detour:" reason, nodes without
 * links, parts of the network not connected to the rest (docs/network-format.md). Returns
 * what cor_net_load() returns, or COR_ERR_INPUT when the lint pass found an error; the network
 * is freed. */
cor_status cor_net_check(const char *dir, cor_diags *diags);
/* cor_net_check() under the caps lim (NULL: the defaults). */
cor_status cor_net_check_limited(const char *dir, const cor_net_limits *lim, cor_diags *diags);

size_t cor_net_node_count(const cor_net *net);
size_t cor_net_link_count(const cor_net *net);
size_t cor_net_border_count(const cor_net *net);
size_t cor_net_transfer_count(const cor_net *net);
const cor_node *cor_net_node(const cor_net *net, uint32_t i);
const cor_link *cor_net_link(const cor_net *net, uint32_t i);
const cor_border *cor_net_border(const cor_net *net, uint32_t i);
const cor_transfer *cor_net_transfer(const cor_net *net, uint32_t i);
const char *cor_net_dir(const cor_net *net);

/* Finds a node by id (exact), name (ASCII case-insensitive) or id (case-insensitive), in that
 * order. On failure returns COR_ERR_NOTFOUND and err says so, suggesting the closest names. */
cor_status cor_net_find_node(const cor_net *net, const char *name_or_id, uint32_t *out,
                             cor_err *err);

/* Hours a link takes: duration_h, or length_km / speed_kmh. NAN for a layer link without speed. */
double cor_link_hours(const cor_link *link);

/* One-way latency of a fibre link in ms: latency_ms when given, else 0.005 ms per km of
 * length_km (light in glass, refractive index ~1.47: 1 / (299792.458 / 1.47) s/km ~ 4.9 us/km,
 * rounded to the customary 5 us/km). */
double cor_link_latency_ms(const cor_link *link);

const char *cor_mode_name(cor_mode m);
const char *cor_status_name(cor_link_status s);
const char *cor_gauge_name(cor_gauge g);
/* Parse names as written in files and options; return -1 for an unknown name. */
int cor_mode_parse(const char *s);
int cor_status_parse(const char *s);

/* Great-circle distance in km (haversine, R = 6371 km). */
double cor_haversine_km(double lat1, double lon1, double lat2, double lon2);

#endif
