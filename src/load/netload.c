/* Loads a network directory (docs/network-format.md), reporting every problem in one pass. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load/csvfile.h"
#include "net/net_int.h"
#include "util/grow.h"
#include "util/strutil.h"

#define MAX_NODES 10000000u

static const char *const kind_names[COR_KIND_COUNT] = {
    "city",       "port",        "rail_station", "rail_junction",   "border_post",
    "terminal",   "gauge_changer", "substation", "power_plant",     "data_centre",
    "landing_station", "pipeline_station", "junction"};

/* A file being loaded: its rows and where its columns are. */
typedef struct table {
    cor_csv *csv;
    const char *const *cols;
    int idx[24];
    cor_diags *diags;
    cor_net *net;
    int nomem;
} table;

static const char *F(const table *t, size_t row, int col)
{
    return t->idx[col] < 0 ? "" : t->csv->rows[row].fields[t->idx[col]]; /* optional, absent */
}

static long LINE(const table *t, size_t row) { return t->csv->rows[row].line; }

#define ERR(t, row, col, ...)                                                                \
    do {                                                                                     \
        if (cor_diags_add((t)->diags, COR_ERROR, (t)->csv->name, LINE(t, row),              \
                          (t)->cols[col], __VA_ARGS__) != COR_OK)                            \
            (t)->nomem = 1;                                                                  \
    } while (0)

/* Opens dir/file and checks that every column in cols is there. Returns 0 when the file
 * cannot be used at all (the reason is in diags). */
static int open_table(table *t, cor_net *net, const char *dir, const char *file,
                      const char *const *cols, int n_required, const cor_net_limits *lim,
                      cor_diags *diags)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->diags = diags;
    t->net = net;
    if (cor_csv_read_limited(path, path, lim, &t->csv, diags) == COR_ERR_NOMEM)
        t->nomem = 1;
    if (!t->csv || !t->csv->header)
        return 0;
    int ok = 1;
    for (int c = 0; cols[c]; c++) {
        t->idx[c] = cor_csv_col(t->csv, cols[c]);
        if (t->idx[c] < 0 && c < n_required) {
            cor_diags_add(diags, COR_ERROR, path, 1, cols[c],
                          "expected a column named \"%s\" in the header, found none", cols[c]);
            ok = 0;
        }
    }
    return ok;
}

static const char *keep(table *t, const char *s)
{
    cor_net *net = t->net;
    if (!cor_grow(&net->strings, net->n_strings, &net->cap_strings, sizeof *net->strings)) {
        t->nomem = 1;
        return "";
    }
    char *copy = cor_strdup(s);
    if (!copy) {
        t->nomem = 1;
        return "";
    }
    net->strings[net->n_strings++] = copy;
    return copy;
}

/* A number field. Blank gives NAN when optional, an error when required. */
static int num(table *t, size_t row, int col, int required, double min, double max, double *out)
{
    const char *s = F(t, row, col);
    *out = NAN;
    if (cor_is_blank(s)) {
        if (required)
            ERR(t, row, col, "expected a number, found nothing");
        return !required;
    }
    double v;
    if (!cor_parse_double(s, &v)) {
        ERR(t, row, col, "expected a number, found \"%s\"", s);
        return 0;
    }
    if (v < min || v > max) {
        if (min < 0) /* coordinates: both bounds matter */
            ERR(t, row, col, "expected a number in [%g, %g], found %s", min, max, s);
        else if (v < min)
            ERR(t, row, col, "expected a number >= %g, found %s", min, s);
        else
            ERR(t, row, col, "expected a number <= %g, found %s", max, s);
        return 0;
    }
    *out = v;
    return 1;
}

static int text(table *t, size_t row, int col, const char **out)
{
    const char *s = F(t, row, col);
    if (cor_is_blank(s)) {
        ERR(t, row, col, "expected a value, found nothing");
        *out = "";
        return 0;
    }
    *out = keep(t, s);
    return 1;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 31)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

static int node_ref(table *t, size_t row, int col, uint32_t *out)
{
    const char *s = F(t, row, col);
    *out = cor_net_node_by_id(t->net, s);
    if (*out == UINT32_MAX) {
        ERR(t, row, col, "expected the id of a node in nodes.csv, found \"%s\"", s);
        return 0;
    }
    return 1;
}

static int enum_field(table *t, size_t row, int col, int value, const char *expected)
{
    if (value < 0)
        ERR(t, row, col, "expected %s, found \"%s\"", expected, F(t, row, col));
    return value >= 0;
}

static int direction(table *t, size_t row, int col, bool *both)
{
    const char *s = F(t, row, col);
    *both = strcmp(s, "both") == 0;
    return enum_field(t, row, col, *both || strcmp(s, "forward") == 0 ? 0 : -1,
                      "\"both\" or \"forward\"");
}

static int is_transport(cor_mode m) { return (COR_TRANSPORT_MODES >> m) & 1u; }

/* Records found by an unordered pair of nodes and a tag (a mode, or a kind of transfer): an
 * open-addressing hash table (linear probing) of record indices. Looking borders up by their
 * posts, and links and borders by their ends, this way keeps loading O(n) where scanning every
 * earlier record made it O(n^2): 40000 borders took seconds, a 256 MiB file would take hours. */
typedef struct keyset {
    uint64_t *key;
    uint32_t *item;   /* record index + 1; 0 = empty slot */
    size_t mask;
} keyset;

static uint64_t pair_key(uint32_t a, uint32_t b, unsigned tag)
{
    /* node indices are below MAX_NODES < 2^24: both fit in 48 bits, the tag in the rest */
    uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
    return (uint64_t)tag << 48 | hi << 24 | lo;
}

static int keyset_init(keyset *ks, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 1)
        cap *= 2;
    ks->key = malloc(cap * sizeof *ks->key);
    ks->item = calloc(cap, sizeof *ks->item);
    ks->mask = cap - 1;
    return ks->key && ks->item;
}

static void keyset_free(keyset *ks)
{
    free(ks->key);
    free(ks->item);
}

static size_t keyset_slot(const keyset *ks, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & ks->mask;
}

static void keyset_add(keyset *ks, uint64_t key, uint32_t item)
{
    size_t i = keyset_slot(ks, key);
    while (ks->item[i])
        i = (i + 1) & ks->mask;
    ks->key[i] = key;
    ks->item[i] = item + 1;
}

/* The next record with this key, from slot *pos (start at keyset_slot(ks, key)): 1 and *item,
 * or 0 when there are no more. */
static int keyset_next(const keyset *ks, uint64_t key, size_t *pos, uint32_t *item)
{
    for (; ks->item[*pos]; *pos = (*pos + 1) & ks->mask)
        if (ks->key[*pos] == key) {
            *item = ks->item[*pos] - 1;
            *pos = (*pos + 1) & ks->mask;
            return 1;
        }
    return 0;
}

/* ---- nodes.csv ---- */
enum { N_ID, N_NAME, N_COUNTRY, N_REGION, N_LAT, N_LON, N_KIND, N_SOURCE, N_REQUIRED,
       N_ALIASES = N_REQUIRED };
static const char *const node_cols[] = {"id", "name", "country", "region", "lat", "lon",
                                        "kind", "source", "aliases", NULL};

/* (key, record, line) triples, sorted to find duplicate ids and names */
typedef struct keyed {
    const char *key;
    uint32_t node;   /* the node (or link) index */
    long line;
    const char *field; /* the column the key is from, when not the one being checked */
} keyed;

static int same_key(const keyed *a, const keyed *b, int nocase)
{
    return (nocase ? cor_strcasecmp_utf8(a->key, b->key) : strcmp(a->key, b->key)) == 0;
}

/* ties in line order, so that the first of a run of equal keys is the one on the first line */
static int by_line(const keyed *a, const keyed *b)
{
    if (a->line != b->line)
        return (a->line > b->line) - (a->line < b->line);
    return (a->field != NULL) - (b->field != NULL); /* a name before an alias on its line */
}

static int cmp_key(const void *a, const void *b)
{
    int c = strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
    return c ? c : by_line(a, b);
}

static int cmp_key_nocase(const void *a, const void *b)
{
    int c = cor_strcasecmp_utf8(((const keyed *)a)->key, ((const keyed *)b)->key);
    return c ? c : by_line(a, b);
}

/* Sorts v by key (without regard to case when nocase) and reports every key equal to an
 * earlier one, naming the line of the first. */
static void report_duplicates(table *t, keyed *v, uint32_t n, int nocase, const char *field)
{
    qsort(v, n, sizeof *v, nocase ? cmp_key_nocase : cmp_key);
    uint32_t first = 0;
    for (uint32_t i = 1; i < n; i++) {
        if (!same_key(&v[first], &v[i], nocase)) {
            first = i;
            continue;
        }
        if (*v[i].key)
            cor_diags_add(t->diags, COR_ERROR, t->csv->name, v[i].line,
                          v[i].field ? v[i].field : field,
                          "expected a unique %s, found \"%s\" again (first on line %ld)", field,
                          v[i].key, v[first].line);
    }
}

/* A name or alias is printed in tables and messages: ESC or a line break would rewrite the
 * user's terminal or the table. Returns 0 (and reports) when s has a control character. */
static int printable_name(table *t, size_t r, int col, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7F) {
            ERR(t, r, col, "expected a name without control characters, found U+%04X", *c);
            return 0;
        }
    return 1;
}

/* The aliases column: other names the node is found by (e.g. a border crossing's own name),
 * ";"-separated. Each is kept (stored ";"-joined, spaces around it trimmed) and added to keys,
 * whose names and aliases must all differ. */
static void load_aliases(table *t, size_t r, cor_node *nd, keyed **keys, size_t *n_keys,
                         size_t *cap_keys)
{
    const char *s = t->idx[N_ALIASES] >= 0 ? F(t, r, N_ALIASES) : "";
    char buf[COR_CSV_MAX_FIELD_BYTES + 1], joined[COR_CSV_MAX_FIELD_BYTES + 1];
    size_t len = 0;
    snprintf(buf, sizeof buf, "%s", s);
    nd->aliases = "";
    if (cor_is_blank(buf))
        return;
    for (char *a = buf, *end; a; a = end) {
        if ((end = strchr(a, ';')))
            *end++ = '\0';
        while (isspace((unsigned char)*a))
            a++;
        size_t n = strlen(a);
        while (n && isspace((unsigned char)a[n - 1]))
            a[--n] = '\0';
        if (!n) {
            ERR(t, r, N_ALIASES, "expected names separated by ';', found an empty one in \"%s\"", s);
            return;
        }
        if (!printable_name(t, r, N_ALIASES, a))
            return;
        len += (size_t)snprintf(joined + len, sizeof joined - len, "%s%s", len ? ";" : "", a);
        if (!cor_grow((void **)keys, *n_keys, cap_keys, sizeof **keys)) {
            t->nomem = 1;
            return;
        }
        (*keys)[(*n_keys)++] = (keyed){keep(t, a), 0, LINE(t, r), "aliases"};
    }
    nd->aliases = keep(t, joined);
}

static void load_nodes(table *t)
{
    cor_net *net = t->net;
    size_t n = t->csv->n_rows;
    if (n > MAX_NODES) {
        cor_diags_add(t->diags, COR_ERROR, t->csv->name, 0, NULL,
                      "%zu nodes, expected at most %u", n, MAX_NODES);
        return;
    }
    net->nodes = calloc(n ? n : 1, sizeof *net->nodes);
    net->by_id = malloc((n ? n : 1) * sizeof *net->by_id);
    keyed *keys = malloc((n ? n : 1) * sizeof *keys), *aliases = NULL;
    size_t n_aliases = 0, cap_aliases = 0;
    if (!net->nodes || !net->by_id || !keys) {
        free(keys);
        t->nomem = 1;
        return;
    }
    for (size_t r = 0; r < n; r++) {
        cor_node *nd = &net->nodes[net->n_nodes];
        const char *id = F(t, r, N_ID);
        if (!valid_id(id))
            ERR(t, r, N_ID, "expected 1-31 letters, digits, '_' or '-', found \"%s\"", id);
        nd->id = keep(t, id);
        text(t, r, N_NAME, &nd->name);
        printable_name(t, r, N_NAME, nd->name);
        const char *cc = F(t, r, N_COUNTRY);
        if (strlen(cc) != 2 || !isupper((unsigned char)cc[0]) || !isupper((unsigned char)cc[1])) {
            ERR(t, r, N_COUNTRY, "expected an ISO 3166-1 alpha-2 code such as \"AZ\", found \"%s\"",
                cc);
            cc = ""; /* unknown: the border checks skip it rather than report "Az" as a country */
        }
        snprintf(nd->country, sizeof nd->country, "%s", cc);
        nd->region = keep(t, F(t, r, N_REGION));
        num(t, r, N_LAT, 1, -90, 90, &nd->lat);
        num(t, r, N_LON, 1, -180, 180, &nd->lon);
        const char *kinds = F(t, r, N_KIND);
        char buf[COR_CSV_MAX_FIELD_BYTES + 1];
        snprintf(buf, sizeof buf, "%s", kinds);
        char *save = NULL;
        for (char *k = strtok_r(buf, ";", &save); k; k = strtok_r(NULL, ";", &save)) {
            while (isspace((unsigned char)*k))
                k++;
            size_t len = strlen(k);
            while (len && isspace((unsigned char)k[len - 1]))
                k[--len] = '\0';
            int found = -1;
            for (int i = 0; i < COR_KIND_COUNT; i++)
                if (strcmp(k, kind_names[i]) == 0)
                    found = i;
            if (found < 0)
                ERR(t, r, N_KIND, "expected node kinds such as city, port, border_post, found \"%s\"",
                    k);
            else
                nd->kinds |= 1u << found;
        }
        if (!nd->kinds && cor_is_blank(kinds))
            ERR(t, r, N_KIND, "expected at least one node kind, found nothing");
        text(t, r, N_SOURCE, &nd->source);
        load_aliases(t, r, nd, &aliases, &n_aliases, &cap_aliases);
        nd->line = LINE(t, r);
        net->n_nodes++;
    }
    /* names and aliases together: a name is found by one node only */
    keyed *names = realloc(aliases, (n_aliases + net->n_nodes + 1) * sizeof *names);
    if (!names) {
        free(aliases);
        free(keys);
        t->nomem = 1;
        return;
    }
    for (uint32_t i = 0; i < net->n_nodes; i++)
        names[n_aliases + i] = (keyed){net->nodes[i].name, i, net->nodes[i].line, NULL};
    report_duplicates(t, names, (uint32_t)(n_aliases + net->n_nodes), 1, "name");
    free(names);
    for (uint32_t i = 0; i < net->n_nodes; i++)
        keys[i] = (keyed){net->nodes[i].id, i, net->nodes[i].line, NULL};
    report_duplicates(t, keys, net->n_nodes, 0, "id");
    for (uint32_t i = 0; i < net->n_nodes; i++)
        net->by_id[i] = keys[i].node;
    free(keys);
}

/* ---- links.csv ---- */
enum {
    L_ID, L_FROM, L_TO, L_MODE, L_LENGTH, L_SPEED, L_DURATION, L_USD_TKM, L_USD_T, L_CAP_TPY,
    L_CAP_MW, L_CAP_GBPS, L_CAP_BCMY, L_GAUGE, L_STATUS, L_YEAR, L_DIRECTION, L_CORRIDORS,
    L_SOURCE, L_REQUIRED, L_BPR_ALPHA = L_REQUIRED, L_BPR_BETA, L_LATENCY, L_NAME, L_OSM_CLASS
};
static const char *const link_cols[] = {
    "id",          "from",         "to",          "mode",          "length_km",
    "speed_kmh",   "duration_h",   "usd_per_tkm", "usd_per_t",     "capacity_tpy",
    "capacity_mw", "capacity_gbps", "capacity_bcmy", "gauge_mm",   "status",
    "year",        "direction",    "corridors",   "source",        "bpr_alpha",
    "bpr_beta",    "latency_ms",   "name",        "osm_class",     NULL};

static void load_links(table *t)
{
    cor_net *net = t->net;
    size_t n = t->csv->n_rows;
    net->links = calloc(n ? n : 1, sizeof *net->links);
    if (!net->links) {
        t->nomem = 1;
        return;
    }
    for (size_t r = 0; r < n; r++) {
        cor_link *k = &net->links[net->n_links];
        int ok = 1;
        const char *id = F(t, r, L_ID);
        if (!valid_id(id))
            ERR(t, r, L_ID, "expected 1-31 letters, digits, '_' or '-', found \"%s\"", id);
        k->id = keep(t, id);
        ok &= node_ref(t, r, L_FROM, &k->from);
        ok &= node_ref(t, r, L_TO, &k->to);
        if (ok && k->from == k->to)
            ERR(t, r, L_TO, "expected a node other than \"from\", found \"%s\" again",
                F(t, r, L_TO));
        int mode = cor_mode_parse(F(t, r, L_MODE));
        ok &= enum_field(t, r, L_MODE, mode, "rail, road, sea, ferry, pipeline, power or fibre");
        k->mode = mode < 0 ? COR_MODE_ROAD : (cor_mode)mode;
        num(t, r, L_LENGTH, 1, COR_MIN_LENGTH_KM, COR_MAX_LENGTH_KM, &k->length_km);
        num(t, r, L_SPEED, 0, COR_MIN_SPEED_KMH, COR_MAX_SPEED_KMH, &k->speed_kmh);
        num(t, r, L_DURATION, 0, COR_MIN_DURATION_H, COR_MAX_DURATION_H, &k->duration_h);
        num(t, r, L_USD_TKM, 0, 0, COR_MAX_USD_PER_TKM, &k->usd_per_tkm);
        num(t, r, L_USD_T, 0, 0, COR_MAX_USD_PER_T, &k->usd_per_t);
        num(t, r, L_CAP_TPY, 0, 0, COR_MAX_CAPACITY_TPY, &k->capacity_tpy);
        num(t, r, L_CAP_MW, 0, 0, COR_MAX_CAPACITY_MW, &k->capacity_mw);
        num(t, r, L_CAP_GBPS, 0, 0, COR_MAX_CAPACITY_GBPS, &k->capacity_gbps);
        num(t, r, L_CAP_BCMY, 0, 0, COR_MAX_CAPACITY_BCMY, &k->capacity_bcmy);
        num(t, r, L_BPR_ALPHA, 0, 0, COR_MAX_BPR_ALPHA, &k->bpr_alpha);
        num(t, r, L_BPR_BETA, 0, 0, COR_MAX_BPR_BETA, &k->bpr_beta);
        num(t, r, L_LATENCY, 0, 1e-3, 1e5, &k->latency_ms);
        if (!isnan(k->latency_ms) && mode >= 0 && k->mode != COR_MODE_FIBRE)
            ERR(t, r, L_LATENCY, "expected no latency_ms for a %s link (fibre only), found %s",
                cor_mode_name(k->mode), F(t, r, L_LATENCY));
        if (mode >= 0 && is_transport(k->mode)) {
            int has_speed = !cor_is_blank(F(t, r, L_SPEED));
            int has_dur = !cor_is_blank(F(t, r, L_DURATION));
            if (has_speed == has_dur)
                ERR(t, r, has_speed ? L_DURATION : L_SPEED,
                    "expected exactly one of speed_kmh and duration_h for a %s link, found %s",
                    cor_mode_name(k->mode), has_speed ? "both" : "neither");
            if (cor_is_blank(F(t, r, L_USD_TKM)) && cor_is_blank(F(t, r, L_USD_T)))
                ERR(t, r, L_USD_TKM,
                    "expected a tariff in usd_per_tkm or usd_per_t for a %s link, found neither",
                    cor_mode_name(k->mode));
        }
        if (isnan(k->usd_per_tkm))
            k->usd_per_tkm = 0;
        if (isnan(k->usd_per_t))
            k->usd_per_t = 0;
        const char *g = F(t, r, L_GAUGE);
        if (strcmp(g, "1520") == 0)
            k->gauge = COR_GAUGE_1520;
        else if (strcmp(g, "1435") == 0)
            k->gauge = COR_GAUGE_1435;
        else if (strcmp(g, "dual") == 0)
            k->gauge = COR_GAUGE_DUAL;
        else if (!cor_is_blank(g))
            ERR(t, r, L_GAUGE, "expected 1520, 1435 or dual, found \"%s\"", g);
        if (mode == COR_MODE_RAIL && cor_is_blank(g))
            ERR(t, r, L_GAUGE, "expected 1520, 1435 or dual for a rail link, found nothing");
        if (mode >= 0 && mode != COR_MODE_RAIL && !cor_is_blank(g))
            ERR(t, r, L_GAUGE, "expected no gauge for a %s link, found \"%s\"",
                cor_mode_name(k->mode), g);
        int st = cor_status_parse(F(t, r, L_STATUS));
        enum_field(t, r, L_STATUS, st, "operating, construction, planned or closed");
        k->status = st < 0 ? COR_STATUS_CLOSED : (cor_link_status)st;
        long year = 0;
        if (!cor_is_blank(F(t, r, L_YEAR)) && !cor_parse_long(F(t, r, L_YEAR), 1800, 2200, &year))
            ERR(t, r, L_YEAR, "expected a year between 1800 and 2200, found \"%s\"",
                F(t, r, L_YEAR));
        k->year = (int)year;
        direction(t, r, L_DIRECTION, &k->both_ways);
        const char *cor = F(t, r, L_CORRIDORS);
        for (const char *p = cor; *p; p++)
            if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' ||
                  *p == ';')) {
                ERR(t, r, L_CORRIDORS,
                    "expected ';'-separated lower-case tags such as \"tripp;btk\", found \"%s\"",
                    cor);
                break;
            }
        k->corridors = keep(t, cor);
        text(t, r, L_SOURCE, &k->source);
        k->name = keep(t, F(t, r, L_NAME));
        const char *cls = strchr(F(t, r, L_OSM_CLASS), ';'); /* "primary;roundabout" */
        k->roundabout = cls && strcmp(cls, ";roundabout") == 0;
        k->line = LINE(t, r);
        if (ok)
            net->n_links++;
    }
    /* scenarios, outputs and the graph name links by id: one id, one link */
    keyed *keys = malloc((net->n_links ? net->n_links : 1) * sizeof *keys);
    if (!keys) {
        t->nomem = 1;
        return;
    }
    for (uint32_t i = 0; i < net->n_links; i++)
        keys[i] = (keyed){net->links[i].id, i, net->links[i].line, NULL};
    report_duplicates(t, keys, net->n_links, 0, "id");
    free(keys);
}

/* ---- borders.csv ---- */
enum { B_FROM, B_TO, B_MODE, B_DWELL, B_DWELL95, B_FEE_T, B_FEE_V, B_DIRECTION, B_SOURCE, B_COUNT };
static const char *const border_cols[] = {"from_node", "to_node", "mode", "dwell_h",
                                          "dwell_p95_h", "fee_usd_per_t", "fee_usd_per_vehicle",
                                          "direction", "source", NULL};

/* Links by their two ends and mode, and borders by their two posts and mode. */
typedef struct lookups {
    keyset links, borders;
} lookups;

static int links_join(const lookups *lk, uint32_t a, uint32_t b, cor_mode mode)
{
    uint64_t key = pair_key(a, b, mode);
    size_t pos = keyset_slot(&lk->links, key);
    uint32_t l;
    return keyset_next(&lk->links, key, &pos, &l);
}

static void load_borders(table *t, lookups *lk)
{
    cor_net *net = t->net;
    size_t n = t->csv->n_rows;
    net->borders = calloc(n ? n : 1, sizeof *net->borders);
    if (!net->borders) {
        t->nomem = 1;
        return;
    }
    for (size_t r = 0; r < n; r++) {
        cor_border *b = &net->borders[net->n_borders];
        int ok = node_ref(t, r, B_FROM, &b->from);
        ok &= node_ref(t, r, B_TO, &b->to);
        int mode = cor_mode_parse(F(t, r, B_MODE));
        if (mode >= 0 && !is_transport((cor_mode)mode))
            mode = -1;
        ok &= enum_field(t, r, B_MODE, mode, "rail, road, sea or ferry");
        b->mode = mode < 0 ? COR_MODE_ROAD : (cor_mode)mode;
        num(t, r, B_DWELL, 1, 0, COR_MAX_DWELL_H, &b->dwell_h);
        if (num(t, r, B_DWELL95, 0, 0, COR_MAX_DWELL_H, &b->dwell_p95_h) && !isnan(b->dwell_p95_h) &&
            !isnan(b->dwell_h) && b->dwell_p95_h < b->dwell_h)
            ERR(t, r, B_DWELL95, "expected at least dwell_h (%g), found %g", b->dwell_h,
                b->dwell_p95_h);
        num(t, r, B_FEE_T, 1, 0, COR_MAX_FEE_USD, &b->fee_usd_per_t);
        num(t, r, B_FEE_V, 1, 0, COR_MAX_FEE_USD, &b->fee_usd_per_vehicle);
        direction(t, r, B_DIRECTION, &b->both_ways);
        text(t, r, B_SOURCE, &b->source);
        b->line = LINE(t, r);
        if (!ok || !*net->nodes[b->from].country || !*net->nodes[b->to].country)
            continue; /* a bad country code is reported once, at its node */
        if (strcmp(net->nodes[b->from].country, net->nodes[b->to].country) == 0) {
            ERR(t, r, B_TO, "expected a border post in a country other than %s, found \"%s\" (%s)",
                net->nodes[b->from].country, net->nodes[b->to].id, net->nodes[b->to].country);
            continue;
        }
        if (!links_join(lk, b->from, b->to, b->mode)) {
            ERR(t, r, B_MODE, "expected a %s link between %s and %s in links.csv, found none",
                cor_mode_name(b->mode), net->nodes[b->from].id, net->nodes[b->to].id);
            continue;
        }
        uint64_t key = pair_key(b->from, b->to, b->mode);
        size_t pos = keyset_slot(&lk->borders, key);
        uint32_t o;
        while (keyset_next(&lk->borders, key, &pos, &o)) {
            const cor_border *p = &net->borders[o];
            int same = p->from == b->from && p->to == b->to;
            int rev = p->from == b->to && p->to == b->from;
            if (same || (rev && (p->both_ways || b->both_ways))) {
                ERR(t, r, B_FROM, "expected one row per crossing, mode and direction, found a "
                                  "second one for %s-%s %s (first on line %ld)",
                    net->nodes[b->from].id, net->nodes[b->to].id, cor_mode_name(b->mode),
                    p->line);
                ok = 0;
                break;
            }
        }
        if (ok)
            keyset_add(&lk->borders, key, net->n_borders++);
    }
}

/* ---- transfers.csv ---- */
enum { T_NODE, T_KIND, T_FROM, T_TO, T_HOURS, T_USD_T, T_SOURCE, T_COUNT };
static const char *const transfer_cols[] = {"node", "kind", "from", "to", "hours",
                                            "usd_per_t", "source", NULL};

static void load_transfers(table *t)
{
    cor_net *net = t->net;
    size_t n = t->csv->n_rows;
    net->transfers = calloc(n ? n : 1, sizeof *net->transfers);
    keyset seen;
    if (!keyset_init(&seen, n) || !net->transfers) {
        keyset_free(&seen);
        t->nomem = 1;
        return;
    }
    for (size_t r = 0; r < n; r++) {
        cor_transfer *x = &net->transfers[net->n_transfers];
        int ok = node_ref(t, r, T_NODE, &x->node);
        const char *kind = F(t, r, T_KIND);
        x->gauge = strcmp(kind, "gauge") == 0;
        ok &= enum_field(t, r, T_KIND, x->gauge || strcmp(kind, "mode") == 0 ? 0 : -1,
                         "\"mode\" or \"gauge\"");
        for (int c = T_FROM; c <= T_TO; c++) {
            const char *s = F(t, r, c);
            int v;
            if (x->gauge) {
                v = strcmp(s, "1520") == 0 ? COR_GAUGE_1520
                    : strcmp(s, "1435") == 0 ? COR_GAUGE_1435 : -1;
                ok &= enum_field(t, r, c, v, "1520 or 1435 for a gauge change");
            } else {
                v = cor_mode_parse(s);
                if (v >= 0 && !is_transport((cor_mode)v))
                    v = -1;
                ok &= enum_field(t, r, c, v, "rail, road, sea or ferry for a mode change");
            }
            *(c == T_FROM ? &x->a : &x->b) = v;
        }
        if (ok && x->a == x->b) {
            ERR(t, r, T_TO, "expected something other than \"from\", found \"%s\" again",
                F(t, r, T_TO));
            ok = 0;
        }
        num(t, r, T_HOURS, 1, 0, 1e5, &x->hours);
        num(t, r, T_USD_T, 1, 0, 1e7, &x->usd_per_t);
        text(t, r, T_SOURCE, &x->source);
        x->line = LINE(t, r);
        if (!ok)
            continue;
        /* one row per node, kind and unordered pair of modes or gauges (each below 16) */
        unsigned lo = (unsigned)(x->a < x->b ? x->a : x->b);
        unsigned hi = (unsigned)(x->a < x->b ? x->b : x->a);
        uint64_t key = pair_key(x->node, 0, (unsigned)x->gauge << 8 | lo << 4 | hi);
        size_t pos = keyset_slot(&seen, key);
        uint32_t o;
        if (keyset_next(&seen, key, &pos, &o)) {
            ERR(t, r, T_NODE, "expected one row per node and change, found a second one "
                              "(first on line %ld)", net->transfers[o].line);
            continue;
        }
        keyset_add(&seen, key, net->n_transfers++);
    }
    keyset_free(&seen);
}

/* Every transport link that leaves a country needs its crossing in borders.csv. */
static void check_crossings(table *links, cor_net *net, const lookups *lk)
{
    for (uint32_t l = 0; l < net->n_links; l++) {
        const cor_link *k = &net->links[l];
        const cor_node *a = &net->nodes[k->from], *b = &net->nodes[k->to];
        if (!is_transport(k->mode) || strcmp(a->country, b->country) == 0 || !*a->country ||
            !*b->country)
            continue;
        for (int dir = 0; dir < (k->both_ways ? 2 : 1); dir++) {
            uint32_t tail = dir ? k->to : k->from, head = dir ? k->from : k->to;
            int found = 0;
            uint64_t key = pair_key(tail, head, k->mode);
            size_t pos = keyset_slot(&lk->borders, key);
            uint32_t i;
            while (!found && keyset_next(&lk->borders, key, &pos, &i)) {
                const cor_border *r = &net->borders[i];
                found = (r->from == tail && r->to == head) ||
                        (r->both_ways && r->from == head && r->to == tail);
            }
            if (!found) {
                cor_diags_add(links->diags, COR_ERROR, links->csv->name, k->line, "to",
                              "link %s crosses from %s to %s: expected a %s crossing %s -> %s in "
                              "borders.csv, found none",
                              k->id, net->nodes[tail].country, net->nodes[head].country,
                              cor_mode_name(k->mode), net->nodes[tail].id, net->nodes[head].id);
                break;
            }
        }
    }
}

void cor_net_limits_default(cor_net_limits *lim)
{
    lim->max_file_bytes = (long long)COR_NET_DEFAULT_FILE_MB * 1024 * 1024;
    lim->max_rows = COR_CSV_MAX_ROWS;
}

cor_status cor_net_limits_mb(cor_net_limits *lim, long long mb, cor_err *err)
{
    if (mb < 1 || mb > COR_NET_MAX_FILE_MB)
        return cor_err_set(err, COR_ERR_INPUT, "expected 1 to %d MiB, found %lld",
                           COR_NET_MAX_FILE_MB, mb);
    lim->max_file_bytes = mb * 1024 * 1024;
    /* rows scale with the bytes: a network row takes well over 64 bytes */
    lim->max_rows = COR_CSV_MAX_ROWS * (long)((mb + COR_NET_DEFAULT_FILE_MB - 1) /
                                               COR_NET_DEFAULT_FILE_MB);
    return COR_OK;
}

cor_status cor_net_check_sizes(const char *dir, const cor_net_limits *lim, cor_diags *diags)
{
    static const char *const files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv"};
    cor_net_limits def;
    if (!lim) {
        cor_net_limits_default(&def);
        lim = &def;
    }
    cor_status st = COR_OK;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > lim->max_file_bytes) {
            cor_diags_add(diags, COR_ERROR, path, 0, NULL,
                          "expected a file of at most %lld bytes, found %lld bytes",
                          lim->max_file_bytes, (long long)sb.st_size);
            st = COR_ERR_INPUT;
        }
    }
    return st;
}

cor_status cor_net_load_edited(const char *dir, const cor_net_limits *lim, cor_net **out,
                               cor_diags *diags, cor_net_edit edit, const void *ctx)
{
    *out = NULL;
    cor_diags *own = NULL;
    if (!diags && !(diags = own = cor_diags_new()))
        return COR_ERR_NOMEM;
    /* the directory itself first: "X.cor/nodes.csv: cannot open" would hide the reason */
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        int missing = errno == ENOENT;
        cor_diags_add(diags, COR_ERROR, dir, 0, NULL,
                      "expected a network directory, found %s", missing ? "nothing there"
                      : S_ISREG(sb.st_mode) ? "a file (a snapshot from `corridor build` is "
                                              "routed between coordinates: docs/ch.md)"
                                            : "no directory");
        cor_diags_free(own);
        return missing ? COR_ERR_IO : COR_ERR_INPUT;
    }
    size_t errors_before = cor_diags_errors(diags);
    /* a country-scale directory is refused before any file is parsed */
    if (cor_net_check_sizes(dir, lim, diags) != COR_OK) {
        cor_diags_free(own);
        return COR_ERR_INPUT;
    }
    cor_net *net = calloc(1, sizeof *net);
    if (!net || !(net->dir = cor_strdup(dir))) {
        cor_net_free(net);
        cor_diags_free(own);
        return COR_ERR_NOMEM;
    }
    table nodes = {0}, links = {0}, borders = {0}, transfers = {0};
    /* a file is read only when the files it refers to could be read */
    int have_nodes = open_table(&nodes, net, dir, "nodes.csv", node_cols, N_REQUIRED, lim, diags);
    if (have_nodes)
        load_nodes(&nodes);
    int have_links = have_nodes &&
                     open_table(&links, net, dir, "links.csv", link_cols, L_REQUIRED, lim, diags);
    if (have_links)
        load_links(&links);
    lookups lk = {{0}, {0}};
    int have_borders =
        have_links && open_table(&borders, net, dir, "borders.csv", border_cols, B_COUNT, lim, diags);
    if (have_borders) {
        if (keyset_init(&lk.links, net->n_links) && keyset_init(&lk.borders, borders.csv->n_rows)) {
            for (uint32_t l = 0; l < net->n_links; l++)
                keyset_add(&lk.links, pair_key(net->links[l].from, net->links[l].to,
                                               net->links[l].mode), l);
            load_borders(&borders, &lk);
        } else {
            borders.nomem = 1;
            have_borders = 0;
        }
    }
    int have_transfers =
        have_nodes &&
        open_table(&transfers, net, dir, "transfers.csv", transfer_cols, T_COUNT, lim, diags);
    if (have_transfers)
        load_transfers(&transfers);
    if (have_borders)
        check_crossings(&links, net, &lk);
    keyset_free(&lk.links);
    keyset_free(&lk.borders);
    int nomem;
    nomem = nodes.nomem | links.nomem | borders.nomem | transfers.nomem;
    cor_csv_free(nodes.csv);
    cor_csv_free(links.csv);
    cor_csv_free(borders.csv);
    cor_csv_free(transfers.csv);
    cor_status st = COR_OK;
    if (nomem)
        st = COR_ERR_NOMEM;
    else if (cor_diags_errors(diags) > errors_before || !have_borders || !have_transfers)
        st = COR_ERR_INPUT;
    st = cor_net_finish(net, st, edit, ctx, diags, errors_before, out);
    cor_diags_free(own);
    return st;
}

cor_status cor_net_load(const char *dir, cor_net **out, cor_diags *diags)
{
    return cor_net_load_edited(dir, NULL, out, diags, NULL, NULL);
}

cor_status cor_net_load_limited(const char *dir, const cor_net_limits *lim, cor_net **out,
                                cor_diags *diags)
{
    return cor_net_load_edited(dir, lim, out, diags, NULL, NULL);
}
