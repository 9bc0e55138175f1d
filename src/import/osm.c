/* OpenStreetMap import: reads ways then nodes with libreadosm, keeps the ways routable under a
 * profile (docs/osm.md), compresses them to a graph of intersections, way ends, barriers and
 * stations, and writes a network directory plus geometry.csv. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <readosm.h>

#include "corridor/import.h"
#include "corridor/net.h"
#include "load/csvfile.h"
#include "net/net_int.h"
#include "util/afile.h"
#include "util/strutil.h"

/* A link's shape is one field of geometry.csv: a point takes at most 25 bytes ("-89.1234567
 * -179.1234567;"), so a stretch is cut after this many points to stay within the loader's field
 * limit (a mountain road can run for hundreds of points between two junctions). */
#define MAX_SHAPE_POINTS 160
_Static_assert(MAX_SHAPE_POINTS * 25 <= COR_CSV_MAX_FIELD_BYTES, "geometry.csv field too long");

/* The loader's bounds (src/net/net_int.h): a link of at most 40000 km (only a broken file
 * draws a road twice around the globe), a duration of at most 10000 h; a ferry duration above
 * MAX_FERRY_H (six weeks) is not understood and the ferry gets the default speed. */
#define MAX_LINK_KM 40000.0
#define MAX_FERRY_H 1000.0

/* Node flags. */
enum { NF_HAVE = 1, NF_BORDER = 2, NF_STATION = 4, NF_GRAPH = 8, NF_ROAD = 16, NF_FERRY = 32,
       NF_BARRIER = 64 };

typedef struct onode {
    long long id;
    double lat, lon;
    uint32_t uses;
    uint32_t flags;
} onode;

typedef struct oway {
    long long id;
    size_t ref_off;      /* into imp.refs (node indices) */
    uint32_t n_refs;
    cor_mode mode;
    double speed_kmh;    /* 0 when duration_h is used */
    double duration_h;   /* ferries with a duration tag; NAN otherwise */
    int oneway;          /* 0 both ways, 1 forward, -1 reverse */
    cor_gauge gauge;
    size_t name_off;     /* into imp.names, "" if none */
    size_t extra_off;    /* highway class / railway usage+electrified, into imp.names */
} oway;

typedef struct imp {
    const cor_osm_opts *o;
    onode *nodes;
    size_t n_nodes, cap_nodes;
    uint32_t *slots;     /* open addressing: node index + 1, 0 = empty */
    size_t n_slots;
    uint32_t *refs;
    size_t n_refs, cap_refs;
    oway *ways;
    size_t n_ways, cap_ways;
    char *names;
    size_t n_names, cap_names;
    cor_osm_stats st;
    int nomem;
    /* --boundaries: admin_level=2 relations, their member ways, the countries built from them */
    struct brel *rels;
    size_t n_rels, cap_rels;
    long long *members;  /* member way ids, each relation's contiguous */
    size_t n_members, cap_members;
    long long *wanted;   /* the member ids sorted, for the ways pass */
    struct bway *bways;  /* boundary ways read (refs in refs) */
    size_t n_bways, cap_bways;
    struct country *countries;
    size_t n_countries;
    /* the border rows written: which directions of a node pair and mode they cover */
    struct xrow *xrows;  /* open addressing, cap_xrows a power of two */
    size_t n_xrows, cap_xrows;
} imp;

/* The border rows of the links between nodes lo < hi in one mode: bit 1 when a row covers
 * lo -> hi, bit 2 hi -> lo (0: a free slot). */
typedef struct xrow {
    uint32_t lo, hi;
    uint8_t mode, cover;
} xrow;

typedef struct brel {
    char code[3];
    size_t first, n;     /* into members */
} brel;

typedef struct bway {
    long long id;
    size_t ref_off;
    uint32_t n_refs;
} bway;

/* A country's boundary as edges, with a latitude-band index: band b lists the edges whose
 * latitude range meets it, so a crossing-number test reads a few edges, not all. */
typedef struct country {
    char code[3];
    double min_lat, max_lat, min_lon, max_lon, band_h;
    double *edges;       /* lat1, lon1, lat2, lon2 per edge */
    size_t n_edges, n_bands;
    uint32_t *band_first, *band_edges;
} country;

/* ---- growing arrays and the id -> index hash ---- */

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t c = *cap ? *cap : 64;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            return 0;
        c *= 2;
    }
    void *q = realloc(*p, c * size);
    if (!q)
        return 0;
    *p = q;
    *cap = c;
    return 1;
}

static size_t hash_id(long long id, size_t mask)
{
    uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull; /* Fibonacci hashing */
    return (size_t)(x ^ (x >> 29)) & mask;
}

static int rehash(imp *m)
{
    size_t n = m->n_slots ? m->n_slots * 2 : 1024;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s)
        return 0;
    for (size_t i = 0; i < m->n_nodes; i++) {
        size_t h = hash_id(m->nodes[i].id, n - 1);
        while (s[h])
            h = (h + 1) & (n - 1);
        s[h] = (uint32_t)i + 1;
    }
    free(m->slots);
    m->slots = s;
    m->n_slots = n;
    return 1;
}

/* Index of node id, or UINT32_MAX; with add, inserts it when missing. */
static uint32_t node_index(imp *m, long long id, int add)
{
    if (add && (m->n_nodes + 1) * 2 > m->n_slots && !rehash(m))
        return m->nomem = 1, UINT32_MAX;
    if (!m->n_slots)
        return UINT32_MAX;
    size_t h = hash_id(id, m->n_slots - 1);
    while (m->slots[h]) {
        uint32_t i = m->slots[h] - 1;
        if (m->nodes[i].id == id)
            return i;
        h = (h + 1) & (m->n_slots - 1);
    }
    if (!add)
        return UINT32_MAX;
    if (m->n_nodes >= UINT32_MAX - 1 ||
        !grow((void **)&m->nodes, &m->cap_nodes, m->n_nodes + 1, sizeof *m->nodes))
        return m->nomem = 1, UINT32_MAX;
    m->nodes[m->n_nodes] = (onode){.id = id};
    m->slots[h] = (uint32_t)m->n_nodes + 1;
    return (uint32_t)m->n_nodes++;
}

static size_t keep_str(imp *m, const char *s)
{
    size_t len = strlen(s) + 1;
    if (!grow((void **)&m->names, &m->cap_names, m->n_names + len, 1)) {
        m->nomem = 1;
        return 0;
    }
    memcpy(m->names + m->n_names, s, len);
    m->n_names += len;
    return m->n_names - len;
}

/* ---- tags ---- */

static const char *tag(int n, const readosm_tag *tags, const char *key)
{
    for (int i = 0; i < n; i++)
        if (tags[i].key && strcmp(tags[i].key, key) == 0)
            return tags[i].value ? tags[i].value : "";
    return NULL;
}

static int is(const char *v, const char *s) { return v && strcmp(v, s) == 0; }

/* Highway classes: speed for the road and the truck profile, km/h (docs/osm.md). */
static const struct hw_class {
    const char *name;
    double road_kmh, truck_kmh;
} hw_classes[] = {
    {"motorway", 110, 80},      {"motorway_link", 60, 50}, {"trunk", 90, 70},
    {"trunk_link", 50, 45},     {"primary", 70, 60},       {"primary_link", 50, 40},
    {"secondary", 60, 50},      {"secondary_link", 45, 40}, {"tertiary", 50, 40},
    {"tertiary_link", 40, 35},  {"unclassified", 40, 30},  {"residential", 30, 25},
    {"living_street", 10, 10},  {"service", 15, 10},       {"road", 30, 25},
};

/* maxspeed in km/h: "50", "30 mph", "walk"; 0 when absent, "none", not understood or not in
 * [1, 300] km/h. */
static double parse_maxspeed(const char *v)
{
    if (!v)
        return 0;
    if (strcmp(v, "walk") == 0)
        return 7;
    char *end;
    double x = strtod(v, &end);
    if (end == v || !(x > 0) || x > 300)
        return 0;
    while (*end == ' ')
        end++;
    if (strcmp(end, "mph") == 0)
        x *= 1.609344;
    else if (!(*end == '\0' || strcmp(end, "km/h") == 0 || strcmp(end, "kmh") == 0))
        return 0;
    return x >= 1 ? x : 0;
}

/* Ferry duration: "HH:MM", "HH:MM:SS", minutes, or ISO 8601 "PT1H30M"; NAN if not understood. */
static double parse_duration_text_h(const char *v)
{
    if (!v)
        return NAN;
    int h, mi, s;
    char c;
    if (sscanf(v, "%d:%d:%d%c", &h, &mi, &s, &c) == 3 && h >= 0 && mi >= 0 && s >= 0)
        return h + mi / 60.0 + s / 3600.0;
    if (sscanf(v, "%d:%d%c", &h, &mi, &c) == 2 && h >= 0 && mi >= 0)
        return h + mi / 60.0;
    if (sscanf(v, "%d%c", &mi, &c) == 1 && mi > 0)
        return mi / 60.0;
    if (strncmp(v, "PT", 2) == 0) {
        double total = 0, x;
        const char *p = v + 2;
        int n;
        while (*p && sscanf(p, "%lf%n", &x, &n) == 1) {
            p += n;
            if (*p == 'H')
                total += x;
            else if (*p == 'M')
                total += x / 60;
            else if (*p == 'S')
                total += x / 3600;
            else
                return NAN;
            p++;
        }
        return *p == '\0' && total > 0 ? total : NAN;
    }
    return NAN;
}

/* A ferry duration in hours, NAN when not understood or longer than MAX_FERRY_H. */
static double parse_duration_h(const char *v)
{
    double h = parse_duration_text_h(v);
    return h <= MAX_FERRY_H ? h : NAN;
}

/* -1 denied, 1 allowed, 0 not said. */
static int access_value(const char *v)
{
    if (!v)
        return 0;
    static const char *const deny[] = {"no", "private", "agricultural", "forestry", "emergency",
                                       "military", "discouraged", "use_sidepath"};
    for (size_t i = 0; i < sizeof deny / sizeof *deny; i++)
        if (strcmp(v, deny[i]) == 0)
            return -1;
    return 1; /* yes, designated, permissive, destination, delivery, customers, ... */
}

/* Access for the vehicle: the most specific tag that says something wins
 * (OSM access hierarchy: hgv/goods < motor_vehicle < vehicle < access). */
static int allowed(int n, const readosm_tag *t, cor_osm_profile p)
{
    static const char *const truck[] = {"hgv", "goods", "motor_vehicle", "vehicle", "access"};
    static const char *const road[] = {"motorcar", "motor_vehicle", "vehicle", "access"};
    const char *const *keys = p == COR_OSM_TRUCK ? truck : road;
    size_t nk = p == COR_OSM_TRUCK ? 5 : 4;
    for (size_t i = 0; i < nk; i++) {
        int a = access_value(tag(n, t, keys[i]));
        if (a)
            return a > 0;
    }
    return 1;
}

static int way_oneway(int n, const readosm_tag *t, const char *highway)
{
    const char *v = tag(n, t, "oneway");
    if (is(v, "yes") || is(v, "true") || is(v, "1"))
        return 1;
    if (is(v, "-1") || is(v, "reverse"))
        return -1;
    if (is(v, "no") || is(v, "false") || is(v, "0"))
        return 0;
    const char *j = tag(n, t, "junction");
    if (is(j, "roundabout") || is(j, "circular") || is(highway, "motorway"))
        return 1; /* implied oneway (OSM wiki: Key:oneway) */
    return 0;
}

static double rail_speed(const char *usage, const char *service)
{
    if (service && (is(service, "yard") || is(service, "siding") || is(service, "spur") ||
                    is(service, "crossover")))
        return 20;
    if (is(usage, "main"))
        return 80;
    if (is(usage, "branch"))
        return 50;
    if (is(usage, "industrial"))
        return 30;
    return 40;
}

/* ---- pass 1: ways ---- */

static int cmp_ll(const void *a, const void *b);

/* A member way of an admin_level=2 boundary: its node references are kept (the nodes pass
 * reads their coordinates); it counts for no road. */
static int keep_boundary_way(imp *m, const readosm_way *w)
{
    if (!grow((void **)&m->refs, &m->cap_refs, m->n_refs + (size_t)w->node_ref_count,
              sizeof *m->refs) ||
        !grow((void **)&m->bways, &m->cap_bways, m->n_bways + 1, sizeof *m->bways))
        return m->nomem = 1, 0;
    bway *b = &m->bways[m->n_bways++];
    *b = (bway){.id = w->id, .ref_off = m->n_refs, .n_refs = (uint32_t)w->node_ref_count};
    for (int i = 0; i < w->node_ref_count; i++) {
        uint32_t v = node_index(m, w->node_refs[i], 1);
        if (v == UINT32_MAX)
            return 0;
        m->refs[m->n_refs++] = v;
    }
    return 1;
}

static int on_way(const void *user, const readosm_way *w)
{
    imp *m = (imp *)user;
    m->st.ways_read++;
    if (m->wanted && m->n_members && w->node_ref_count >= 2 &&
        bsearch(&w->id, m->wanted, m->n_members, sizeof *m->wanted, cmp_ll) &&
        !keep_boundary_way(m, w))
        return READOSM_ABORT;
    int n = w->tag_count;
    const readosm_tag *t = w->tags;
    if (w->node_ref_count < 2 || n == 0)
        return READOSM_OK;
    oway ow = {.id = w->id, .duration_h = NAN, .gauge = COR_GAUGE_NONE};
    char extra[128] = "";
    cor_osm_profile p = m->o->profile;
    if (p == COR_OSM_RAIL) {
        if (!is(tag(n, t, "railway"), "rail"))
            return READOSM_OK;
        const char *g = tag(n, t, "gauge");
        if (!g || is(g, "1435"))
            ow.gauge = COR_GAUGE_1435;
        else if (is(g, "1520") || is(g, "1524"))
            ow.gauge = COR_GAUGE_1520;
        else if (is(g, "1435;1520") || is(g, "1520;1435") || is(g, "1435;1524") ||
                 is(g, "1524;1435"))
            ow.gauge = COR_GAUGE_DUAL;
        else {
            m->st.skipped_gauge++;
            return READOSM_OK;
        }
        ow.mode = COR_MODE_RAIL;
        double ms = parse_maxspeed(tag(n, t, "maxspeed"));
        double def = rail_speed(tag(n, t, "usage"), tag(n, t, "service"));
        ow.speed_kmh = ms > 0 && ms < def ? ms : def;
        ow.oneway = 0;
        const char *u = tag(n, t, "usage"), *e = tag(n, t, "electrified");
        snprintf(extra, sizeof extra, "%s;%s", u ? u : "", e ? e : "");
    } else {
        const char *hw = tag(n, t, "highway");
        if (is(tag(n, t, "route"), "ferry")) {
            if (!allowed(n, t, p))
                return READOSM_OK;
            ow.mode = COR_MODE_FERRY;
            ow.duration_h = parse_duration_h(tag(n, t, "duration"));
            ow.speed_kmh = isnan(ow.duration_h) ? 20 : 0;
            ow.oneway = way_oneway(n, t, NULL);
            snprintf(extra, sizeof extra, "ferry");
        } else if (hw) {
            const struct hw_class *c = NULL;
            for (size_t i = 0; i < sizeof hw_classes / sizeof *hw_classes; i++)
                if (strcmp(hw, hw_classes[i].name) == 0)
                    c = &hw_classes[i];
            if (!c || !allowed(n, t, p) || is(tag(n, t, "area"), "yes"))
                return READOSM_OK;
            ow.mode = COR_MODE_ROAD;
            double ms = parse_maxspeed(tag(n, t, "maxspeed"));
            if (p == COR_OSM_TRUCK)
                ow.speed_kmh = ms > 0 && ms < c->truck_kmh ? ms : c->truck_kmh;
            else
                ow.speed_kmh = ms > 0 ? ms : c->road_kmh;
            ow.oneway = way_oneway(n, t, hw);
            const char *j = tag(n, t, "junction");
            snprintf(extra, sizeof extra, "%s%s", hw,
                     is(j, "roundabout") || is(j, "circular") ? ";roundabout" : "");
        } else {
            return READOSM_OK;
        }
    }
    const char *name = tag(n, t, "name");
    if (!name || !*name) /* a road known by its number only: the number is its name */
        name = tag(n, t, "ref");
    ow.name_off = keep_str(m, name ? name : "");
    ow.extra_off = keep_str(m, extra);
    if (!grow((void **)&m->refs, &m->cap_refs, m->n_refs + (size_t)w->node_ref_count,
              sizeof *m->refs) ||
        !grow((void **)&m->ways, &m->cap_ways, m->n_ways + 1, sizeof *m->ways)) {
        m->nomem = 1;
        return READOSM_ABORT;
    }
    ow.ref_off = m->n_refs;
    ow.n_refs = (uint32_t)w->node_ref_count;
    for (int i = 0; i < w->node_ref_count; i++) {
        uint32_t v = node_index(m, w->node_refs[i], 1);
        if (v == UINT32_MAX)
            return READOSM_ABORT;
        if (m->nodes[v].uses < UINT32_MAX)
            m->nodes[v].uses++;
        m->nodes[v].flags |= ow.mode == COR_MODE_FERRY ? NF_FERRY : NF_ROAD;
        m->refs[m->n_refs++] = v;
    }
    /* way ends are graph nodes */
    m->nodes[m->refs[ow.ref_off]].flags |= NF_GRAPH;
    m->nodes[m->refs[ow.ref_off + ow.n_refs - 1]].flags |= NF_GRAPH;
    m->ways[m->n_ways++] = ow;
    m->st.ways_kept++;
    return m->nomem ? READOSM_ABORT : READOSM_OK;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* Link ids are made from way ids (w<id>_<k>), so two kept ways with one id would write two
 * links with one id. Returns 0 (and the first such id in *dup) when an id repeats. */
static int ways_unique(const imp *m, long long *dup, int *nomem)
{
    long long *ids = malloc((m->n_ways ? m->n_ways : 1) * sizeof *ids);
    if (!ids)
        return *nomem = 1, 0;
    for (size_t i = 0; i < m->n_ways; i++)
        ids[i] = m->ways[i].id;
    qsort(ids, m->n_ways, sizeof *ids, cmp_ll);
    int ok = 1;
    for (size_t i = 1; i < m->n_ways && ok; i++)
        if (ids[i] == ids[i - 1]) {
            *dup = ids[i];
            ok = 0;
        }
    free(ids);
    return ok;
}

/* ---- pass 2: nodes ---- */

static int on_node(const void *user, const readosm_node *nd)
{
    imp *m = (imp *)user;
    m->st.nodes_read++;
    uint32_t v = node_index(m, nd->id, 0);
    if (v == UINT32_MAX)
        return READOSM_OK;
    onode *o = &m->nodes[v];
    if (!(nd->latitude >= -90 && nd->latitude <= 90 && nd->longitude >= -180 &&
          nd->longitude <= 180))
        return READOSM_OK; /* treated as missing */
    const double *b = m->o->bbox;
    if (m->o->has_bbox && !(nd->latitude >= b[0] && nd->longitude >= b[1] &&
                            nd->latitude <= b[2] && nd->longitude <= b[3]))
        return READOSM_OK; /* outside the box: missing, the way is cut there */
    o->lat = nd->latitude;
    o->lon = nd->longitude;
    o->flags |= NF_HAVE;
    const char *barrier = tag(nd->tag_count, nd->tags, "barrier");
    if (is(barrier, "border_control"))
        o->flags |= NF_BORDER | NF_GRAPH;
    else if (barrier)
        o->flags |= NF_BARRIER | NF_GRAPH;
    const char *rw = tag(nd->tag_count, nd->tags, "railway");
    if (m->o->profile == COR_OSM_RAIL && (is(rw, "station") || is(rw, "halt")))
        o->flags |= NF_STATION | NF_GRAPH;
    return READOSM_OK;
}

static const char *readosm_msg(int rc)
{
    switch (rc) {
    case READOSM_INVALID_SUFFIX: return "expected a .osm or .osm.pbf file";
    case READOSM_FILE_NOT_FOUND: return "no such file";
    case READOSM_INSUFFICIENT_MEMORY: return "out of memory";
    case READOSM_READ_ERROR: return "read error";
    case READOSM_XML_ERROR: return "malformed OSM XML";
    case READOSM_INVALID_PBF_HEADER: return "malformed PBF header";
    case READOSM_UNZIP_ERROR: return "malformed compressed PBF block";
    case READOSM_ABORT: return "aborted";
    default: return "cannot parse";
    }
}

/* ---- pass 0 (XML): a well-formed file readosm can read ----
 * libreadosm 1.1 hands the k and v of <tag> and the role of <member> to strlen() without a
 * check (a missing one crashes it) and leaks its expat parser on malformed XML; expat here
 * says where the file is wrong. */

typedef struct xml_check {
    XML_Parser p;
    const char *bad;     /* what is missing, once something is */
    unsigned long line;
} xml_check;

static int has_attr(const char **attr, const char *name)
{
    for (int i = 0; attr[i]; i += 2)
        if (strcmp(attr[i], name) == 0)
            return 1;
    return 0;
}

static void xml_start(void *user, const char *el, const char **attr)
{
    xml_check *c = user;
    const char *bad = NULL;
    if (strcmp(el, "tag") == 0 && !(has_attr(attr, "k") && has_attr(attr, "v")))
        bad = "tag: expected attributes k and v, found a <tag> without them";
    else if (strcmp(el, "member") == 0 && !has_attr(attr, "role"))
        bad = "member: expected a role attribute (possibly empty), found none";
    if (bad && !c->bad) {
        c->bad = bad;
        c->line = (unsigned long)XML_GetCurrentLineNumber(c->p);
        XML_StopParser(c->p, XML_FALSE);
    }
}

static cor_status check_xml(const char *path, cor_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cor_err_set(err, COR_ERR_IO, "%s: %s", path, strerror(errno));
    xml_check c = {.p = XML_ParserCreate(NULL)};
    if (!c.p) {
        fclose(f);
        return cor_err_set(err, COR_ERR_NOMEM, "%s: out of memory", path);
    }
    XML_SetUserData(c.p, &c);
    XML_SetStartElementHandler(c.p, xml_start);
    cor_status st = COR_OK;
    char buf[65536];
    int done = 0;
    while (!done && !st) {
        size_t n = fread(buf, 1, sizeof buf, f);
        if (ferror(f)) {
            st = cor_err_set(err, COR_ERR_IO, "%s: read error", path);
            break;
        }
        done = feof(f);
        if (XML_Parse(c.p, buf, (int)n, done) == XML_STATUS_ERROR) {
            if (c.bad)
                st = cor_err_set(err, COR_ERR_INPUT, "%s:%lu: %s", path, c.line, c.bad);
            else
                st = cor_err_set(err, COR_ERR_INPUT, "%s:%lu: expected OSM XML, found an XML "
                                 "error at column %lu: %s", path,
                                 (unsigned long)XML_GetCurrentLineNumber(c.p),
                                 (unsigned long)XML_GetCurrentColumnNumber(c.p) + 1,
                                 XML_ErrorString(XML_GetErrorCode(c.p)));
        }
    }
    XML_ParserFree(c.p);
    fclose(f);
    return st;
}

/* An admin_level=2 boundary with an ISO 3166-1 alpha-2 code: its member ways are noted. */
static int on_relation(const void *user, const readosm_relation *r)
{
    imp *m = (imp *)user;
    int n = r->tag_count;
    const char *code = tag(n, r->tags, "ISO3166-1:alpha2");
    if (!code)
        code = tag(n, r->tags, "ISO3166-1");
    if (!is(tag(n, r->tags, "boundary"), "administrative") ||
        !is(tag(n, r->tags, "admin_level"), "2") || !code || strlen(code) != 2 ||
        code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
        return READOSM_OK;
    if (!grow((void **)&m->rels, &m->cap_rels, m->n_rels + 1, sizeof *m->rels) ||
        !grow((void **)&m->members, &m->cap_members, m->n_members + (size_t)r->member_count + 1,
              sizeof *m->members))
        return m->nomem = 1, READOSM_ABORT;
    brel *b = &m->rels[m->n_rels++];
    memcpy(b->code, code, 3);
    b->first = m->n_members;
    for (int i = 0; i < r->member_count; i++)
        if (r->members[i].member_type == READOSM_MEMBER_WAY)
            m->members[m->n_members++] = r->members[i].id;
    b->n = m->n_members - b->first;
    return READOSM_OK;
}

/* pass: 0 nodes, 1 ways, 2 relations */
static cor_status parse(imp *m, const char *path, int pass, cor_err *err)
{
    const void *h = NULL;
    int rc = readosm_open(path, &h);
    if (rc == READOSM_OK)
        rc = readosm_parse(h, m, pass == 0 ? on_node : NULL, pass == 1 ? on_way : NULL,
                           pass == 2 ? on_relation : NULL);
    readosm_close(h);
    if (m->nomem)
        return cor_err_set(err, COR_ERR_NOMEM, "%s: out of memory", path);
    if (rc != READOSM_OK)
        return cor_err_set(err, rc == READOSM_FILE_NOT_FOUND ? COR_ERR_IO : COR_ERR_INPUT,
                           "%s: %s", path, readosm_msg(rc));
    return COR_OK;
}

/* ---- countries from boundaries ---- */

static int cmp_bway(const void *a, const void *b)
{
    long long x = ((const bway *)a)->id, y = ((const bway *)b)->id;
    return (x > y) - (x < y);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The country of relation r, or 0 when its rings are not all in the file: a member way or a
 * node missing (a boundary clipped by the extract), or an end that no other way meets (each
 * end of the member ways must occur an even number of times for the ways to close). */
static int build_country(imp *m, const brel *r, country *c)
{
    size_t n_ends = 0, n_edges = 0;
    for (size_t i = 0; i < r->n; i++) {
        bway key = {.id = m->members[r->first + i]};
        const bway *w = m->n_bways ? bsearch(&key, m->bways, m->n_bways, sizeof *m->bways,
                                             cmp_bway)
                                   : NULL;
        if (!w)
            return 0;
        for (uint32_t k = 0; k < w->n_refs; k++)
            if (!(m->nodes[m->refs[w->ref_off + k]].flags & NF_HAVE))
                return 0;
        n_ends += 2;
        n_edges += w->n_refs - 1;
    }
    if (!n_edges)
        return 0;
    uint32_t *ends = malloc(n_ends * sizeof *ends);
    c->edges = malloc(n_edges * 4 * sizeof *c->edges);
    if (!ends || !c->edges) {
        free(ends);
        return m->nomem = 1, 0;
    }
    size_t e = 0, q = 0;
    c->min_lat = c->min_lon = INFINITY;
    c->max_lat = c->max_lon = -INFINITY;
    for (size_t i = 0; i < r->n; i++) {
        bway key = {.id = m->members[r->first + i]};
        const bway *w = bsearch(&key, m->bways, m->n_bways, sizeof *m->bways, cmp_bway);
        const uint32_t *refs = m->refs + w->ref_off;
        ends[q++] = refs[0];
        ends[q++] = refs[w->n_refs - 1];
        for (uint32_t k = 0; k < w->n_refs; k++) {
            const onode *o = &m->nodes[refs[k]];
            c->min_lat = fmin(c->min_lat, o->lat);
            c->max_lat = fmax(c->max_lat, o->lat);
            c->min_lon = fmin(c->min_lon, o->lon);
            c->max_lon = fmax(c->max_lon, o->lon);
            if (k) {
                const onode *p = &m->nodes[refs[k - 1]];
                double *d = c->edges + 4 * e++;
                d[0] = p->lat, d[1] = p->lon, d[2] = o->lat, d[3] = o->lon;
            }
        }
    }
    qsort(ends, n_ends, sizeof *ends, cmp_u32);
    int closed = 1;
    for (size_t i = 0; i < n_ends && closed; i += 2)
        closed = ends[i] == ends[i + 1];
    free(ends);
    c->n_edges = n_edges;
    memcpy(c->code, r->code, 3);
    if (!closed)
        return 0;
    /* the band index: about 4 edges a band */
    c->n_bands = n_edges / 4 + 1;
    c->band_h = (c->max_lat - c->min_lat) / (double)c->n_bands;
    c->band_first = calloc(c->n_bands + 1, sizeof *c->band_first);
    if (!c->band_first)
        return m->nomem = 1, 0;
    size_t total = 0;
    for (int fill = 0; fill < 2; fill++) {
        for (size_t i = 0; i < n_edges; i++) {
            const double *d = c->edges + 4 * i;
            size_t b0 = c->band_h > 0 ? (size_t)((fmin(d[0], d[2]) - c->min_lat) / c->band_h) : 0;
            size_t b1 = c->band_h > 0 ? (size_t)((fmax(d[0], d[2]) - c->min_lat) / c->band_h) : 0;
            for (size_t b = b0; b <= b1 && b < c->n_bands; b++) {
                if (fill)
                    c->band_edges[c->band_first[b + 1]++] = (uint32_t)i;
                else
                    c->band_first[b + 1]++, total++;
            }
        }
        if (!fill) {
            for (size_t b = 0; b < c->n_bands; b++)
                c->band_first[b + 1] += c->band_first[b];
            if (!(c->band_edges = malloc((total ? total : 1) * sizeof *c->band_edges)))
                return m->nomem = 1, 0;
            /* shift: band_first[b + 1] counts up from band b's start while filling */
            memmove(c->band_first + 1, c->band_first, c->n_bands * sizeof *c->band_first);
        }
    }
    return 1;
}

/* Crossing-number test (even-odd rule, so inner rings are holes): a ray from the point
 * eastwards crosses the boundary an odd number of times when the point is inside. */
static int inside(const country *c, double lat, double lon)
{
    if (lat < c->min_lat || lat > c->max_lat || lon < c->min_lon || lon > c->max_lon)
        return 0;
    size_t b = c->band_h > 0 ? (size_t)((lat - c->min_lat) / c->band_h) : 0;
    if (b >= c->n_bands)
        b = c->n_bands - 1;
    int in = 0;
    for (uint32_t k = c->band_first[b]; k < c->band_first[b + 1]; k++) {
        const double *d = c->edges + 4 * c->band_edges[k];
        if ((d[0] > lat) != (d[2] > lat) &&
            lon < (d[3] - d[1]) * (lat - d[0]) / (d[2] - d[0]) + d[1])
            in = !in;
    }
    return in;
}

/* Builds the countries of the boundaries read; counts those used and skipped. */
static cor_status build_countries(imp *m, cor_err *err)
{
    if (!m->o->boundaries || !m->n_rels)
        return COR_OK;
    if (m->n_bways)
        qsort(m->bways, m->n_bways, sizeof *m->bways, cmp_bway);
    if (!(m->countries = calloc(m->n_rels, sizeof *m->countries)))
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < m->n_rels; r++) {
        country *c = &m->countries[m->n_countries];
        if (build_country(m, &m->rels[r], c)) {
            m->n_countries++;
            m->st.boundaries++;
        } else {
            free(c->edges);
            free(c->band_first);
            free(c->band_edges);
            memset(c, 0, sizeof *c);
            m->st.boundaries_skipped++;
        }
    }
    return m->nomem ? cor_err_set(err, COR_ERR_NOMEM, "out of memory") : COR_OK;
}

/* The crossing of opts->borders nearest to the link a-b (midpoint to the midpoint of its two
 * posts) with the same mode between the same countries (in this direction for a one-way
 * crossing); NULL when there is none. */
static const cor_border *nearest_crossing(const imp *m, const oway *w, const onode *a,
                                          const onode *b, const char *ca, const char *cb,
                                          double *km_away)
{
    const cor_net *net = m->o->borders;
    const cor_border *best = NULL;
    double lat = (a->lat + b->lat) / 2, lon = (a->lon + b->lon) / 2;
    for (size_t i = 0; net && i < cor_net_border_count(net); i++) {
        const cor_border *k = cor_net_border(net, (uint32_t)i);
        const cor_node *p = cor_net_node(net, k->from), *q = cor_net_node(net, k->to);
        int same = strcmp(p->country, ca) == 0 && strcmp(q->country, cb) == 0;
        int reverse = strcmp(p->country, cb) == 0 && strcmp(q->country, ca) == 0;
        if (k->mode != w->mode || !(same || (reverse && k->both_ways)))
            continue;
        double km = cor_haversine_km(lat, lon, (p->lat + q->lat) / 2, (p->lon + q->lon) / 2);
        if (!best || km < *km_away) {
            best = k;
            *km_away = km;
        }
    }
    return best;
}

/* The country code of a graph node: the first boundary that contains it, else --country. */
static const char *node_country(const imp *m, const onode *o)
{
    for (size_t c = 0; c < m->n_countries; c++)
        if (inside(&m->countries[c], o->lat, o->lon))
            return m->countries[c].code;
    return m->o->country;
}

/* ---- output ---- */

static const double road_usd_tkm = 0.06, rail_usd_tkm = 0.04, ferry_usd_tkm = 0.10;

void cor_osm_opts_default(cor_osm_opts *o, cor_osm_profile profile)
{
    memset(o, 0, sizeof *o);
    o->profile = profile;
    strcpy(o->country, "ZZ");
    cor_net_limits_default(&o->limits);
    o->usd_per_tkm = profile == COR_OSM_RAIL ? rail_usd_tkm : road_usd_tkm;
}

int cor_osm_profile_parse(const char *s)
{
    if (strcmp(s, "road") == 0)
        return COR_OSM_ROAD;
    if (strcmp(s, "truck") == 0)
        return COR_OSM_TRUCK;
    if (strcmp(s, "rail") == 0)
        return COR_OSM_RAIL;
    return -1;
}

const char *cor_osm_profile_name(cor_osm_profile p)
{
    return p == COR_OSM_TRUCK ? "truck" : p == COR_OSM_RAIL ? "rail" : "road";
}

static size_t xrow_slot(const xrow *t, size_t cap, uint32_t lo, uint32_t hi, uint8_t mode)
{
    uint64_t h = ((uint64_t)lo * 0x9E3779B97F4A7C15u) ^ ((uint64_t)hi * 0xC2B2AE3D27D4EB4Fu) ^ mode;
    size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);
    while (t[i].cover && !(t[i].lo == lo && t[i].hi == hi && t[i].mode == mode))
        i = (i + 1) & (cap - 1);
    return i;
}

/* The border row that a link a -> b (both: also b -> a) in `mode` between two countries still
 * needs, since the loader takes one row per crossing, mode and direction: 0 when the rows
 * written before cover it (parallel links of one crossing share a row), else 1 with the row to
 * write, covering what is left: *from -> *to, or both ways when *both. -1 when out of memory. */
static int crossing_row(imp *m, uint32_t a, uint32_t b, cor_mode mode, int both, uint32_t *from,
                        uint32_t *to, int *row_both)
{
    if (2 * (m->n_xrows + 1) > m->cap_xrows) {
        size_t cap = m->cap_xrows ? 2 * m->cap_xrows : 64;
        xrow *t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < m->cap_xrows; i++)
            if (m->xrows[i].cover)
                t[xrow_slot(t, cap, m->xrows[i].lo, m->xrows[i].hi, m->xrows[i].mode)] =
                    m->xrows[i];
        free(m->xrows);
        m->xrows = t;
        m->cap_xrows = cap;
    }
    uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
    xrow *x = &m->xrows[xrow_slot(m->xrows, m->cap_xrows, lo, hi, (uint8_t)mode)];
    if (!x->cover) {
        *x = (xrow){lo, hi, (uint8_t)mode, 0};
        m->n_xrows++;
    }
    unsigned left = (both ? 3u : a == lo ? 1u : 2u) & ~(unsigned)x->cover;
    if (!left)
        return 0;
    x->cover |= (uint8_t)left;
    *row_both = left == 3;
    *from = left == 3 ? a : left == 1 ? lo : hi;
    *to = left == 3 ? b : left == 1 ? hi : lo;
    return 1;
}

/* A stretch of way w between graph nodes: refs i0..i1, km along it, way_km the whole way's
 * length; the seg-th stretch of the way. A writer of the network returns COR_OK or a failure
 * (with err set). */
typedef cor_status (*stretch_fn)(imp *m, void *ctx, const oway *w, uint32_t seg, uint32_t i0,
                                 uint32_t i1, double km, double way_km, cor_err *err);

/* The duration of a stretch of a ferry with a duration tag: its share by length. */
static double stretch_hours(const oway *w, double km, double way_km)
{
    return fmax(w->duration_h * (way_km > 0 ? km / way_km : 1), 0.001);
}

static cor_status write_link(imp *m, void *ctx, const oway *w, uint32_t seg, uint32_t i0,
                             uint32_t i1, double km, double way_km, cor_err *err)
{
    FILE *lf = ((FILE **)ctx)[0], *gf = ((FILE **)ctx)[1], *bf = ((FILE **)ctx)[2];
    const uint32_t *r = m->refs + w->ref_off;
    uint32_t a = r[i0], b = r[i1];
    if (w->oneway < 0) {
        uint32_t x = a;
        a = b;
        b = x;
    }
    char id[40];
    snprintf(id, sizeof id, "w%lld_%u", w->id, seg);
    /* links.csv: id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,
     * capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,direction,
     * corridors,source,name,osm_class */
    fprintf(lf, "%s,n%lld,n%lld,%s,%.6f,", id, m->nodes[a].id, m->nodes[b].id,
            cor_mode_name(w->mode), km < 0.001 ? 0.001 : km);
    if (w->speed_kmh > 0)
        fprintf(lf, "%g,,", w->speed_kmh);
    else
        fprintf(lf, ",%.6f,", stretch_hours(w, km, way_km));
    double tariff = w->mode == COR_MODE_FERRY ? ferry_usd_tkm : m->o->usd_per_tkm;
    fprintf(lf, "%g,,,,,,%s,operating,,%s,,\"OpenStreetMap way %lld (%s)\",", tariff,
            w->gauge == COR_GAUGE_NONE ? "" : cor_gauge_name(w->gauge),
            w->oneway ? "forward" : "both", w->id, COR_OSM_ATTRIBUTION);
    cor_csv_put(lf, m->names + w->name_off);
    fputc(',', lf);
    cor_csv_put(lf, m->names + w->extra_off);
    fputc('\n', lf);
    m->st.links++;
    if (w->oneway)
        m->st.oneway_links++;
    if (w->mode == COR_MODE_FERRY)
        m->st.ferry_links++;
    /* geometry.csv: the whole polyline, from -> to in the link's direction */
    fprintf(gf, "%s,", id);
    uint32_t n = i1 - i0 + 1;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t v = r[w->oneway < 0 ? i1 - k : i0 + k];
        fprintf(gf, "%s%.7f %.7f", k ? ";" : "", m->nodes[v].lat, m->nodes[v].lon);
    }
    fputc('\n', gf);
    m->st.shape_points += n;
    /* a link between two countries is a border crossing, which the loader requires in
     * borders.csv: the figures of the nearest known crossing, else no dwell and no fees */
    const char *ca = node_country(m, &m->nodes[a]), *cb = node_country(m, &m->nodes[b]);
    uint32_t from, to;
    int row_both, row = strcmp(ca, cb) == 0 ? 0
                        : crossing_row(m, a, b, w->mode, !w->oneway, &from, &to, &row_both);
    if (row < 0)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    if (row) {
        double km_away;
        const cor_border *k = nearest_crossing(m, w, &m->nodes[a], &m->nodes[b], ca, cb,
                                               &km_away);
        fprintf(bf, "n%lld,n%lld,%s,", m->nodes[from].id, m->nodes[to].id,
                cor_mode_name(w->mode));
        char source[1400];
        if (k) {
            fprintf(bf, "%g,", k->dwell_h);
            if (!isnan(k->dwell_p95_h))
                fprintf(bf, "%g", k->dwell_p95_h);
            fprintf(bf, ",%g,%g,%s,", k->fee_usd_per_t, k->fee_usd_per_vehicle,
                    row_both ? "both" : "forward");
            snprintf(source, sizeof source, "matched: link %s crosses the admin_level=2 "
                     "boundary %s-%s; figures of the crossing %s-%s of %s/borders.csv, %.1f km "
                     "away (%s); OSM: %s", id, ca, cb, cor_net_node(m->o->borders, k->from)->id,
                     cor_net_node(m->o->borders, k->to)->id, cor_net_dir(m->o->borders),
                     km_away, k->source, COR_OSM_ATTRIBUTION);
            m->st.crossings_matched++;
        } else {
            fprintf(bf, "0,,0,0,%s,", row_both ? "both" : "forward");
            snprintf(source, sizeof source, "estimate: OSM import; link %s crosses the "
                     "admin_level=2 boundary %s-%s; default 0 h and 0 USD, no crossing data "
                     "(%s)", id, ca, cb, COR_OSM_ATTRIBUTION);
        }
        cor_csv_put(bf, source);
        fputc('\n', bf);
        m->st.crossings++;
    }
    return COR_OK;
}

/* Marks the graph nodes, then hands every stretch between two of them to fn, way by way, in
 * file order; used[v] is set for the nodes at the ends of a stretch. Graph nodes: used by more
 * than one way (or twice by one), way ends, flagged nodes; a missing node ends the way on each
 * side. */
static cor_status each_stretch(imp *m, const char *path, uint8_t *used, stretch_fn fn, void *ctx,
                               cor_err *err)
{
    for (size_t w = 0; w < m->n_ways; w++) {
        const uint32_t *r = m->refs + m->ways[w].ref_off;
        for (uint32_t k = 0; k < m->ways[w].n_refs; k++) {
            onode *o = &m->nodes[r[k]];
            if (!(o->flags & NF_HAVE)) {
                m->st.missing_refs++;
                if (k > 0)
                    m->nodes[r[k - 1]].flags |= NF_GRAPH;
                if (k + 1 < m->ways[w].n_refs)
                    m->nodes[r[k + 1]].flags |= NF_GRAPH;
            } else if (o->uses > 1) {
                o->flags |= NF_GRAPH;
            }
        }
    }
    /* the stretches; a node is kept once a stretch uses it */
    for (size_t w = 0; w < m->n_ways; w++) {
        const oway *ow = &m->ways[w];
        const uint32_t *r = m->refs + ow->ref_off;
        double way_km = 0;
        for (uint32_t k = 1; k < ow->n_refs; k++) {
            const onode *a = &m->nodes[r[k - 1]], *b = &m->nodes[r[k]];
            if ((a->flags & NF_HAVE) && (b->flags & NF_HAVE))
                way_km += cor_haversine_km(a->lat, a->lon, b->lat, b->lon);
        }
        uint32_t seg = 0, start = UINT32_MAX;
        double km = 0;
        for (uint32_t k = 0; k < ow->n_refs; k++) {
            const onode *o = &m->nodes[r[k]];
            if (!(o->flags & NF_HAVE)) {
                start = UINT32_MAX;
                continue;
            }
            if (start != UINT32_MAX) {
                const onode *p = &m->nodes[r[k - 1]];
                km += cor_haversine_km(p->lat, p->lon, o->lat, o->lon);
            }
            if (!(o->flags & NF_GRAPH) &&
                (start == UINT32_MAX || k - start + 1 < MAX_SHAPE_POINTS))
                continue;
            if (start != UINT32_MAX && km > MAX_LINK_KM)
                return cor_err_set(err, COR_ERR_INPUT, "%s: way %lld: expected stretches of at "
                                   "most %.0f km between junctions, found one of %.0f km", path,
                                   ow->id, MAX_LINK_KM, km);
            if (start != UINT32_MAX && r[start] != r[k]) { /* self-loops carry no route */
                cor_status st = fn(m, ctx, ow, seg++, start, k, km, way_km, err);
                if (st)
                    return st;
                used[r[start]] = used[r[k]] = 1;
            }
            start = k;
            km = 0;
        }
    }
    return COR_OK;
}

/* The kind a graph node is written with (nodes.csv `kind`). */
static const char *node_kind(const onode *o)
{
    return o->flags & NF_BORDER ? "border_post" : o->flags & NF_STATION ? "rail_station" : "junction";
}

/* The written files against the caps of the loader that will read them (opts->limits;
 * geometry.csv: the default cap of the graph builder), before they are put in place: a network
 * nothing can load is not written. Sets m->st.needed_file_mb or geometry_over_cap. */
static cor_status check_caps(imp *m, FILE *const *of, const char *const *names, const char *dir,
                             cor_err *err)
{
    cor_net_limits def;
    cor_net_limits_default(&def);
    const size_t rows[5] = {m->st.nodes, m->st.links, m->st.crossings, m->st.transfers,
                            m->st.links};
    const long long mib = 1024 * 1024, rows_per_step = def.max_rows;
    cor_status st = COR_OK;
    for (int i = 0; i < 5; i++) {
        const cor_net_limits *lim = i == 4 ? &def : &m->o->limits;
        long long bytes = (long long)ftello(of[i]);
        if (bytes <= lim->max_file_bytes && rows[i] <= (size_t)lim->max_rows)
            continue;
        if (i == 4)
            m->st.geometry_over_cap = 1;
        /* the least cap that takes it: its bytes in MiB, and enough 256 MiB steps of rows
         * (cor_net_limits_mb) */
        long long need = (bytes + mib - 1) / mib;
        long long steps = ((long long)rows[i] + rows_per_step - 1) / rows_per_step;
        if ((steps - 1) * COR_NET_DEFAULT_FILE_MB + 1 > need)
            need = (steps - 1) * COR_NET_DEFAULT_FILE_MB + 1;
        if (i != 4 && need > m->st.needed_file_mb)
            m->st.needed_file_mb = need;
        if (!st && bytes > lim->max_file_bytes)
            st = cor_err_set(err, COR_ERR_INPUT, "%s/%s: expected a file of at most %lld bytes "
                             "(the network loader's cap), found %lld bytes; nothing was written",
                             dir, names[i], lim->max_file_bytes, bytes);
        else if (!st)
            st = cor_err_set(err, COR_ERR_INPUT, "%s/%s: expected at most %ld rows (the network "
                             "loader's cap), found %zu; nothing was written", dir, names[i],
                             lim->max_rows, rows[i]);
    }
    return st;
}

static cor_status write_all(imp *m, const char *path, const char *dir, cor_err *err)
{
    static const char *const names[5] = {"nodes.csv", "links.csv", "borders.csv",
                                         "transfers.csv", "geometry.csv"};
    static const char *const headers[5] = {
        "id,name,country,region,lat,lon,kind,source\n",
        ("id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,capacity_tpy,"
         "capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,direction,corridors,"
         "source,name,osm_class\n"),
        ("from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,fee_usd_per_vehicle,"
         "direction,source\n"),
        "node,kind,from,to,hours,usd_per_t,source\n",
        "link_id,points\n"};
    FILE *of[5] = {NULL};
    cor_adir d;
    if (cor_adir_open(&d, dir) != 0)
        return cor_err_set(err, COR_ERR_IO, "cannot create a directory beside %s: %s", dir,
                           strerror(errno));
    cor_status st = COR_OK;
    for (int i = 0; i < 5 && !st; i++) {
        if (!(of[i] = cor_adir_fopen(&d, names[i])))
            st = cor_err_set(err, COR_ERR_IO, "cannot create a file beside %s: %s", dir,
                             strerror(errno));
        else
            fputs(headers[i], of[i]);
    }
    if (st)
        goto fail;
    uint8_t *used = calloc(m->n_nodes ? m->n_nodes : 1, 1);
    if (!used) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto fail;
    }
    FILE *files[3] = {of[1], of[4], of[2]};
    if ((st = each_stretch(m, path, used, write_link, files, err)) != COR_OK) {
        free(used);
        goto fail;
    }
    for (size_t v = 0; v < m->n_nodes; v++) {
        if (!used[v])
            continue;
        const onode *o = &m->nodes[v];
        const char *kind = node_kind(o);
        fprintf(of[0], "n%lld,n%lld,%s,,%.7f,%.7f,%s,\"OpenStreetMap node %lld (%s)\"\n", o->id,
                o->id, node_country(m, o), o->lat, o->lon, kind, o->id, COR_OSM_ATTRIBUTION);
        m->st.nodes++;
        m->st.border_nodes += (o->flags & NF_BORDER) != 0;
        m->st.stations += (o->flags & NF_STATION) != 0;
        if ((o->flags & NF_FERRY) && (o->flags & NF_ROAD)) {
            fprintf(of[3], "n%lld,mode,road,ferry,0,0,\"estimate: OSM import; road meets "
                             "ferry (%s)\"\n", o->id, COR_OSM_ATTRIBUTION);
            m->st.transfers++;
        }
    }
    free(used);
    if (m->st.links == 0) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: nothing routable for the %s profile (%zu ways "
                         "read)", path, cor_osm_profile_name(m->o->profile), m->st.ways_read);
        goto fail;
    }
    if ((st = check_caps(m, of, names, dir, err)) != COR_OK)
        goto fail;
    for (int i = 0; i < 5; i++) {
        int ok = !ferror(of[i]);
        ok &= fclose(of[i]) == 0;
        of[i] = NULL;
        if (!ok) {
            st = cor_err_set(err, COR_ERR_IO, "cannot write %s/%s: %s", dir, names[i],
                             strerror(errno));
            goto fail;
        }
    }
    if (cor_adir_commit(&d) != 0)
        return cor_err_set(err, COR_ERR_IO, "cannot write the network in %s: %s", dir,
                           strerror(errno));
    return COR_OK;
fail:
    for (int i = 0; i < 5; i++)
        if (of[i])
            fclose(of[i]);
    cor_adir_abort(&d);
    return st;
}

/* Reads the extract in two passes (ways, then the nodes they use) into m. */
static cor_status read_extract(imp *m, const char *path, cor_err *err)
{
    size_t len = strlen(path);
    if (len > 4 && strcmp(path + len - 4, ".bz2") == 0)
        return cor_err_set(err, COR_ERR_INPUT, "%s: compressed OSM XML is not read; decompress "
                                               "it first (bunzip2 -k %s)", path, path);
    if (access(path, R_OK) != 0)
        return cor_err_set(err, COR_ERR_IO, "%s: %s", path, strerror(errno));
    if (len > 4 && strcmp(path + len - 4, ".osm") == 0) {
        cor_status xs = check_xml(path, err);
        if (xs)
            return xs;
    }
    cor_status st = COR_OK;
    if (m->o->boundaries) {
        /* the relations come last in a file: read them first, then keep their ways */
        st = parse(m, path, 2, err);
        if (!st && !(m->wanted = malloc((m->n_members ? m->n_members : 1) * sizeof *m->wanted)))
            st = cor_err_set(err, COR_ERR_NOMEM, "%s: out of memory", path);
        if (!st && m->n_members) {
            memcpy(m->wanted, m->members, m->n_members * sizeof *m->wanted);
            qsort(m->wanted, m->n_members, sizeof *m->wanted, cmp_ll);
        }
    }
    if (!st)
        st = parse(m, path, 1, err);
    long long dup;
    int nomem = 0;
    if (!st && !ways_unique(m, &dup, &nomem))
        st = nomem ? cor_err_set(err, COR_ERR_NOMEM, "%s: out of memory", path)
                   : cor_err_set(err, COR_ERR_INPUT, "%s: way %lld: expected unique way ids, "
                                 "found this one twice", path, dup);
    if (!st)
        st = parse(m, path, 0, err);
    if (!st)
        st = build_countries(m, err);
    return st;
}

static void imp_free(imp *m)
{
    free(m->nodes);
    free(m->slots);
    free(m->refs);
    free(m->ways);
    free(m->names);
    free(m->rels);
    free(m->members);
    free(m->wanted);
    free(m->bways);
    for (size_t c = 0; c < m->n_countries; c++) {
        free(m->countries[c].edges);
        free(m->countries[c].band_first);
        free(m->countries[c].band_edges);
    }
    free(m->countries);
    free(m->xrows);
}


cor_status cor_osm_import(const char *path, const cor_osm_opts *opts, const char *out_dir,
                          cor_osm_stats *stats, cor_err *err)
{
    imp m = {.o = opts};
    cor_status st = read_extract(&m, path, err);
    if (!st)
        st = write_all(&m, path, out_dir, err);
    if ((!st || m.st.needed_file_mb || m.st.geometry_over_cap) && stats)
        *stats = m.st;
    imp_free(&m);
    return st;
}

/* ---- straight to a graph (corridor build FILE.osm.pbf) ---- */

/* A figure as the CSV path gives it: written with fmt, read back with strtod, so that both
 * paths build the same graph to the last bit. */
static double as_written(const char *fmt, double x)
{
    char b[64];
    snprintf(b, sizeof b, fmt, x);
    return strtod(b, NULL);
}

/* The graph's limit on arcs (and so on links): a count below 2^32 (src/ch/graph.c). */
#define MAX_OSM_ARCS 0xFFFFFFF0ull

/* A coordinate in 1e-7 degrees as the graph builder takes it from geometry.csv: written with
 * %.7f, read back with strtod, times 1e7, rounded. Away from a tie (a fraction of .5 in units
 * of 1e-7 degrees, which an OSM coordinate, a whole number of them, never is) the product
 * rounds the same way, without printing. */
static int32_t e7_as_written(double x)
{
    double p = x * 1e7, f = p - floor(p);
    if (fabs(f - 0.5) > 1e-3)
        return (int32_t)llround(p);
    return (int32_t)llround(as_written("%.7f", x) * 1e7);
}

/* The links of the network being built: records whose from/to are still OSM node indices,
 * the way and stretch of each (for its id), and their shapes (shape_first: n_links + 1
 * offsets in points into shape, lat and lon in 1e-7 degrees per point). */
typedef struct direct {
    cor_link *links;
    size_t n_links, cap_links;
    uint32_t *way_of, *seg_of;
    size_t cap_way_of, cap_seg_of;
    uint64_t *shape_first;
    size_t cap_first;
    int32_t *shape;
    size_t n_points, cap_shape;
} direct;

static cor_status add_link(imp *m, void *ctx, const oway *w, uint32_t seg, uint32_t i0,
                           uint32_t i1, double km, double way_km, cor_err *err)
{
    direct *d = ctx;
    if (!grow((void **)&d->links, &d->cap_links, d->n_links + 1, sizeof *d->links) ||
        !grow((void **)&d->way_of, &d->cap_way_of, d->n_links + 1, sizeof *d->way_of) ||
        !grow((void **)&d->seg_of, &d->cap_seg_of, d->n_links + 1, sizeof *d->seg_of) ||
        !grow((void **)&d->shape_first, &d->cap_first, d->n_links + 2, sizeof *d->shape_first) ||
        !grow((void **)&d->shape, &d->cap_shape, 2 * (d->n_points + i1 - i0 + 1),
              sizeof *d->shape))
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    const uint32_t *r = m->refs + w->ref_off;
    cor_link *k = &d->links[d->n_links];
    memset(k, 0, sizeof *k);
    k->from = r[w->oneway < 0 ? i1 : i0];
    k->to = r[w->oneway < 0 ? i0 : i1];
    k->mode = w->mode;
    k->length_km = as_written("%.6f", km < 0.001 ? 0.001 : km);
    k->speed_kmh = w->speed_kmh > 0 ? as_written("%g", w->speed_kmh) : NAN;
    k->duration_h = w->speed_kmh > 0 ? NAN : as_written("%.6f", stretch_hours(w, km, way_km));
    k->usd_per_tkm =
        as_written("%g", w->mode == COR_MODE_FERRY ? ferry_usd_tkm : m->o->usd_per_tkm);
    k->capacity_tpy = k->capacity_mw = k->capacity_gbps = k->capacity_bcmy = NAN;
    k->bpr_alpha = k->bpr_beta = k->latency_ms = NAN;
    k->gauge = w->gauge;
    k->status = COR_STATUS_OPERATING;
    k->both_ways = w->oneway == 0;
    const char *cls = strchr(m->names + w->extra_off, ';'); /* as the loader reads osm_class */
    k->roundabout = cls && strcmp(cls, ";roundabout") == 0;
    k->corridors = "";
    k->source = "OpenStreetMap (" COR_OSM_ATTRIBUTION ")";
    k->name = m->names + w->name_off;
    d->way_of[d->n_links] = (uint32_t)(w - m->ways);
    d->seg_of[d->n_links] = seg;
    d->n_links++;
    m->st.links++;
    m->st.oneway_links += w->oneway != 0;
    m->st.ferry_links += w->mode == COR_MODE_FERRY;
    /* the shape, as the graph builder reads it from geometry.csv */
    uint32_t n = i1 - i0 + 1;
    d->shape_first[d->n_links - 1] = d->n_points;
    for (uint32_t q = 0; q < n; q++) {
        const onode *o = &m->nodes[r[w->oneway < 0 ? i1 - q : i0 + q]];
        d->shape[2 * d->n_points] = e7_as_written(o->lat);
        d->shape[2 * d->n_points + 1] = e7_as_written(o->lon);
        d->n_points++;
    }
    d->shape_first[d->n_links] = d->n_points;
    m->st.shape_points += n;
    return COR_OK;
}

/* The border records of the links between two countries, as write_link() puts them in
 * borders.csv (one per crossing, mode and direction; figures as written, of the nearest
 * crossing of opts->borders) and the loader reads them, counted in m->st; index maps imp nodes
 * to the network's, whose countries are set. 0 when out of memory. */
static int direct_borders(imp *m, const direct *d, cor_net *net, const uint32_t *index)
{
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t l = 0; l < d->n_links; l++) {
            const cor_link *k = &d->links[l];
            const char *ca = net->nodes[index[k->from]].country;
            const char *cb = net->nodes[index[k->to]].country;
            if (strcmp(ca, cb) == 0)
                continue;
            if (pass == 0) {
                n++; /* at most a row a link */
                continue;
            }
            uint32_t from, to;
            int row_both, row = crossing_row(m, k->from, k->to, k->mode, k->both_ways, &from, &to,
                                             &row_both);
            if (row < 0)
                return 0;
            if (!row)
                continue;
            double km_away;
            const cor_border *x = nearest_crossing(m, &m->ways[d->way_of[l]], &m->nodes[k->from],
                                                   &m->nodes[k->to], ca, cb, &km_away);
            net->borders[net->n_borders++] = (cor_border){
                .from = index[from], .to = index[to], .mode = k->mode,
                .dwell_h = x ? as_written("%g", x->dwell_h) : 0,
                .dwell_p95_h = x && !isnan(x->dwell_p95_h) ? as_written("%g", x->dwell_p95_h) : NAN,
                .fee_usd_per_t = x ? as_written("%g", x->fee_usd_per_t) : 0,
                .fee_usd_per_vehicle = x ? as_written("%g", x->fee_usd_per_vehicle) : 0,
                .both_ways = row_both, .source = "OpenStreetMap import"};
            m->st.crossings++;
            m->st.crossings_matched += x != NULL;
        }
        if (pass == 0 && !(net->borders = calloc(n ? n : 1, sizeof *net->borders)))
            return 0;
    }
    return 1;
}

/* Turns the stretches into a network in memory: the nodes and links the loader would read
 * from the directory cor_osm_import() writes, in the same order, and the border records of
 * its crossings. */
static cor_status direct_net(imp *m, direct *d, const uint8_t *used, const char *path,
                             cor_net **out, cor_err *err)
{
    cor_net *net = calloc(1, sizeof *net);
    uint32_t *index = malloc((m->n_nodes ? m->n_nodes : 1) * sizeof *index);
    size_t n_nodes = 0, id_chars = 0;
    for (size_t v = 0; v < m->n_nodes; v++)
        if (used[v]) {
            char b[32];
            id_chars += (size_t)snprintf(b, sizeof b, "n%lld", m->nodes[v].id) + 1;
            n_nodes++;
        }
    for (size_t l = 0; l < d->n_links; l++) {
        char b[48];
        id_chars += (size_t)snprintf(b, sizeof b, "w%lld_%u", m->ways[d->way_of[l]].id,
                                     d->seg_of[l]) + 1;
        id_chars += strlen(d->links[l].name) + 1; /* the names outlive the import's arrays */
    }
    char *ids = malloc(id_chars ? id_chars : 1);
    if (net) {
        net->strings = malloc(sizeof *net->strings);
        net->nodes = calloc(n_nodes ? n_nodes : 1, sizeof *net->nodes);
        net->dir = cor_strdup(path);
    }
    if (!net || !index || !ids || !net->strings || !net->nodes || !net->dir) {
        free(ids);
        free(index);
        cor_net_free(net);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    net->strings[net->n_strings++] = ids; /* every id of the network, freed with it */
    size_t pos = 0;
    for (size_t v = 0; v < m->n_nodes; v++) {
        if (!used[v])
            continue;
        const onode *o = &m->nodes[v];
        cor_node *nd = &net->nodes[net->n_nodes];
        index[v] = net->n_nodes++;
        nd->id = nd->name = ids + pos;
        pos += (size_t)sprintf(ids + pos, "n%lld", o->id) + 1;
        nd->region = nd->aliases = "";
        nd->source = "OpenStreetMap (" COR_OSM_ATTRIBUTION ")";
        memcpy(nd->country, node_country(m, o), 3);
        nd->lat = as_written("%.7f", o->lat);
        nd->lon = as_written("%.7f", o->lon);
        const char *kind = node_kind(o);
        nd->kinds = strcmp(kind, "border_post") == 0    ? COR_KIND_BORDER_POST
                    : strcmp(kind, "rail_station") == 0 ? COR_KIND_RAIL_STATION
                                                        : COR_KIND_JUNCTION;
        m->st.nodes++;
        m->st.border_nodes += (o->flags & NF_BORDER) != 0;
        m->st.stations += (o->flags & NF_STATION) != 0;
    }
    if (!direct_borders(m, d, net, index)) {
        free(index);
        cor_net_free(net);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (size_t l = 0; l < d->n_links; l++) {
        cor_link *k = &d->links[l];
        k->from = index[k->from];
        k->to = index[k->to];
        k->id = ids + pos;
        pos += (size_t)sprintf(ids + pos, "w%lld_%u", m->ways[d->way_of[l]].id, d->seg_of[l]) + 1;
        size_t len = strlen(k->name) + 1;
        memcpy(ids + pos, k->name, len);
        k->name = ids + pos;
        pos += len;
    }
    free(index);
    net->links = d->links; /* the network owns them now */
    net->n_links = (uint32_t)d->n_links;
    net->shape_first = d->shape_first;
    net->shape_e7 = d->shape;
    d->links = NULL;
    d->shape_first = NULL;
    d->shape = NULL;
    if (cor_net_index(net) != COR_OK) {
        cor_net_free(net);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    *out = net;
    return COR_OK;
}

cor_status cor_osm_net(const char *path, const cor_osm_opts *opts, cor_net **out,
                       cor_osm_stats *stats, cor_err *err)
{
    *out = NULL;
    imp m = {.o = opts};
    direct d = {0};
    uint8_t *used = NULL;
    cor_status st = read_extract(&m, path, err);
    free(m.slots); /* the id hash serves the reading only, the node refs the stretches */
    m.slots = NULL;
    m.n_slots = 0;
    if (!st && !(used = calloc(m.n_nodes ? m.n_nodes : 1, 1)))
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    if (!st)
        st = each_stretch(&m, path, used, add_link, &d, err);
    free(m.refs);
    m.refs = NULL;
    if (!st && d.n_links == 0)
        st = cor_err_set(err, COR_ERR_INPUT, "%s: nothing routable for the %s profile (%zu ways "
                         "read)", path, cor_osm_profile_name(opts->profile), m.st.ways_read);
    /* a network counts its links and arcs in 32 bits, a graph its arcs below MAX_OSM_ARCS */
    uint64_t arcs = 2 * (uint64_t)m.st.links - m.st.oneway_links;
    if (!st && arcs > MAX_OSM_ARCS)
        st = cor_err_set(err, COR_ERR_INPUT, "%s: expected at most %llu arcs (the graph's "
                         "count), found %llu in %zu links", path, (unsigned long long)MAX_OSM_ARCS,
                         (unsigned long long)arcs, d.n_links);
    if (!st)
        st = direct_net(&m, &d, used, path, out, err);
    free(used);
    free(d.links);
    free(d.way_of);
    free(d.seg_of);
    free(d.shape_first);
    free(d.shape);
    if (!st && stats)
        *stats = m.st;
    imp_free(&m);
    return st;
}
