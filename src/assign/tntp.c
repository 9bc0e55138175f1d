/* Reads the TNTP test-network format (Transportation Networks for Research, TNTP-README.md):
 * a network file (metadata tags, then one link row ending with ";" per line), a trips file
 * ("Origin N" blocks of "dest : flow;" pairs) and the published best-known flow files. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assign/assign_int.h"
#include "load/csvfile.h"
#include "util/afile.h"
#include "util/grow.h"

#define MAX_ERRORS 50   /* a wrong file would otherwise report every one of its lines */

/* Limits of a TNTP file (docs/assignment.md), checked before the memory or work they bound is
 * spent. Files and lines as for CSV files. Nodes and links: the header's counts size the
 * reading and every assignment (some 60 bytes per node), 30 times the largest published test
 * network. The figures: with them every travel time, cost, objective and gap of an assignment
 * stays finite (at most about 1e290): x / capacity <= 1e10 / 1e-3, to the power 20, times
 * free flow time and b. */
#define MAX_FILE_BYTES COR_CSV_MAX_FILE_BYTES
#define MAX_LINE_BYTES COR_CSV_MAX_LINE_BYTES
#define MAX_NODES 1000000L
#define MAX_LINKS 10000000L
#define MIN_CAPACITY 1e-3
#define MAX_TRIPS 1e10 /* the flows of a trips file added up, and one link's volume */

/* A file read whole; its lines are cut NUL-terminated in place as they are taken. */
typedef struct text {
    const char *name;
    char *buf;
    char *next;  /* start of the next line, NULL after the last */
    size_t line; /* number of the line last taken */
} text;

static void text_free(text *t) { free(t->buf); }

/* The next line (a trailing "\r" removed), or NULL at the end; t->line is its number. */
static char *text_next(text *t)
{
    char *p = t->next;
    if (!p)
        return NULL;
    char *nl = strchr(p, '\n');
    if (nl) {
        *nl = '\0';
        if (nl > p && nl[-1] == '\r')
            nl[-1] = '\0';
        t->next = nl + 1;
    } else {
        t->next = NULL;
    }
    t->line++;
    return p;
}

/* Reads path whole, in blocks: a file over MAX_FILE_BYTES (its size checked first), a line
 * over MAX_LINE_BYTES or a NUL byte stops the reading with an error at its line. */
static cor_status text_read(text *t, const char *path, cor_diags *d)
{
    memset(t, 0, sizeof *t);
    t->name = path;
    FILE *f = cor_fopen_read(path);
    if (!f) {
        cor_diags_add(d, COR_ERROR, path, 0, NULL, "cannot open: %s", strerror(errno));
        return COR_ERR_IO;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > MAX_FILE_BYTES) {
        fclose(f);
        cor_diags_add(d, COR_ERROR, path, 0, NULL, "expected a file of at most %ld bytes, "
                      "found %lld", MAX_FILE_BYTES, (long long)st.st_size);
        return COR_ERR_INPUT;
    }
    size_t cap = 0, n = 0, line = 1, line_start = 0;
    char *buf = NULL;
    cor_status ret = COR_OK;
    while (ret == COR_OK) {
        if (!cor_grow(&buf, n + 1, &cap, 1)) { /* room for a byte and the final NUL */
            ret = COR_ERR_NOMEM;
            break;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        for (size_t i = n; i < n + got; i++) {
            if (buf[i] == '\n') {
                line++;
                line_start = i + 1;
            } else if (buf[i] == '\0') {
                cor_diags_add(d, COR_ERROR, path, (long)line, NULL,
                              "expected a text file, found a NUL byte");
                ret = COR_ERR_INPUT;
                break;
            } else if (i - line_start >= MAX_LINE_BYTES) {
                cor_diags_add(d, COR_ERROR, path, (long)line, NULL,
                              "expected a line of at most %ld bytes, found a longer one",
                              MAX_LINE_BYTES);
                ret = COR_ERR_INPUT;
                break;
            }
        }
        n += got;
        if (ret == COR_OK && n > MAX_FILE_BYTES) { /* a pipe or a file that grew */
            cor_diags_add(d, COR_ERROR, path, (long)line, NULL,
                          "expected a file of at most %ld bytes, found more", MAX_FILE_BYTES);
            ret = COR_ERR_INPUT;
        }
    }
    int rerr = ferror(f);
    fclose(f);
    if (ret == COR_ERR_NOMEM)
        cor_diags_add(d, COR_ERROR, path, 0, NULL, "out of memory");
    if (ret == COR_OK && rerr) {
        cor_diags_add(d, COR_ERROR, path, 0, NULL, "read error");
        ret = COR_ERR_IO;
    }
    if (ret != COR_OK) {
        free(buf);
        return ret;
    }
    buf[n] = '\0';
    t->buf = t->next = buf;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        t->next += 3; /* a UTF-8 byte order mark, as editors on Windows write (CSV and INI
                         files accept it too) */
    return COR_OK;
}

static char *skip_ws(char *p)
{
    while (*p && isspace((unsigned char)*p))
        p++;
    return p;
}

static void rtrim(char *p)
{
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        p[--n] = '\0';
}

/* "found" text for messages: the token quoted, or "nothing". */
static const char *shown(const char *tok, char *buf, size_t size)
{
    if (!tok || !*tok)
        return "nothing";
    snprintf(buf, size, "\"%.60s\"", tok);
    return buf;
}

static bool parse_num(const char *s, double *out)
{
    if (!*s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *s, long min, long max, long *out)
{
    if (!*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno == ERANGE || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* The reading of one file: where problems go and how many there were. */
typedef struct reader {
    text t;
    cor_diags *d;
    size_t errors;
    bool nomem;
    double intrazonal;  /* trips: intrazonal flow, counted in <TOTAL OD FLOW> but not assigned */
} reader;

#define RERR(r, line, field, ...)                                                            \
    do {                                                                                     \
        (r)->errors++;                                                                       \
        if ((r)->errors <= MAX_ERRORS &&                                                     \
            cor_diags_add((r)->d, COR_ERROR, (r)->t.name, (long)(line), field,               \
                          __VA_ARGS__) == COR_ERR_NOMEM)                                     \
            (r)->nomem = true;                                                               \
    } while (0)

enum { TAG_ZONES, TAG_NODES, TAG_FIRST_THRU, TAG_LINKS, TAG_TOTAL_FLOW, TAG_COUNT };
static const char *const tag_names[TAG_COUNT] = {"NUMBER OF ZONES", "NUMBER OF NODES",
                                                 "FIRST THRU NODE", "NUMBER OF LINKS",
                                                 "TOTAL OD FLOW"};

typedef struct meta {
    double value[TAG_COUNT];
    char raw[TAG_COUNT][64];
    size_t line[TAG_COUNT];  /* 0: not given */
    size_t end;              /* line of <END OF METADATA> */
} meta;

/* Reads the metadata block: "<TAG> value" lines up to <END OF METADATA>, blank lines and "~"
 * comments allowed. Unknown tags (<ORIGINAL HEADER>, ...) are skipped. Counts (every tag but
 * <TOTAL OD FLOW>) must be within their limits. Returns false when the block does not end; the
 * lines after it are left to the caller. */
static bool read_meta(reader *r, meta *m)
{
    memset(m, 0, sizeof *m);
    char tok[64];
    char *line;
    while ((line = text_next(&r->t))) {
        size_t i = r->t.line;
        char *p = skip_ws(line);
        if (!*p || *p == '~')
            continue;
        if (*p != '<') {
            rtrim(p);
            RERR(r, i, NULL, "expected a metadata tag such as <NUMBER OF NODES> or "
                 "<END OF METADATA>, found %s", shown(p, tok, sizeof tok));
            continue;
        }
        char *close = strchr(p, '>');
        if (!close) {
            RERR(r, i, NULL, "expected a tag closed by \">\", found \"%.60s\"", p);
            continue;
        }
        *close = '\0';
        const char *tag = p + 1;
        if (strcmp(tag, "END OF METADATA") == 0) {
            m->end = i;
            return true;
        }
        int k;
        for (k = 0; k < TAG_COUNT && strcmp(tag, tag_names[k]) != 0; k++)
            ;
        if (k == TAG_COUNT)
            continue;
        char *v = skip_ws(close + 1);
        rtrim(v);
        char field[64];
        snprintf(field, sizeof field, "<%s>", tag_names[k]);
        double val;
        long iv, min = k == TAG_ZONES ? 0 : 1, max = k == TAG_LINKS ? MAX_LINKS : MAX_NODES;
        if (k == TAG_TOTAL_FLOW ? !(parse_num(v, &val) && val >= 0)
                                : !parse_int(v, min, max, &iv)) {
            if (k == TAG_TOTAL_FLOW)
                RERR(r, i, field, "expected a number >= 0, found %s", shown(v, tok, sizeof tok));
            else
                RERR(r, i, field, "expected an integer in %ld..%ld, found %s", min, max,
                     shown(v, tok, sizeof tok));
            continue;
        }
        m->value[k] = k == TAG_TOTAL_FLOW ? val : (double)iv;
        snprintf(m->raw[k], sizeof m->raw[k], "%s", v);
        m->line[k] = i;
    }
    RERR(r, r->t.line, NULL, "expected <END OF METADATA>, found the end of the file");
    return false;
}

static bool require_tag(reader *r, const meta *m, int k)
{
    if (m->line[k])
        return true;
    char field[64];
    snprintf(field, sizeof field, "<%s>", tag_names[k]);
    RERR(r, m->end, field, "expected the tag before <END OF METADATA>, found none");
    return false;
}

static const char *const link_fields[] = {"init node", "term node", "capacity", "length",
                                          "free flow time", "b", "power", "speed", "toll",
                                          "link type"};
#define LINK_FIELDS (sizeof link_fields / sizeof *link_fields)
/* Ranges of the figures (MAX_TRIPS above says why): capacity, length, free flow time, b, power,
 * speed, toll. b and power as in a network directory's bpr_alpha and bpr_beta. */
static const double field_min[9] = {0, 0, MIN_CAPACITY, 0, 0, 0, 0, 0, 0};
static const double field_max[9] = {0, 0, 1e12, 1e9, 1e6, 100, 20, 1e9, 1e9};

static cor_status read_net(reader *r, cor_assign_net **out)
{
    meta m;
    if (!read_meta(r, &m))
        return COR_ERR_INPUT;
    /* every missing tag is reported, not only the first */
    bool ok = true;
    for (int k = TAG_ZONES; k <= TAG_LINKS; k++)
        ok = require_tag(r, &m, k) && ok;
    if (!ok || r->errors)
        return COR_ERR_INPUT;
    uint32_t nodes = (uint32_t)m.value[TAG_NODES], zones = (uint32_t)m.value[TAG_ZONES];
    uint32_t thru = (uint32_t)m.value[TAG_FIRST_THRU];
    if (zones > nodes) {
        RERR(r, m.line[TAG_ZONES], "<NUMBER OF ZONES>",
             "expected at most the %u nodes of <NUMBER OF NODES>, found %u", nodes, zones);
        return COR_ERR_INPUT;
    }
    if (thru > nodes + 1u) {
        RERR(r, m.line[TAG_FIRST_THRU], "<FIRST THRU NODE>",
             "expected a node in 1..%u (or %u: none), found %u", nodes, nodes + 1u, thru);
        return COR_ERR_INPUT;
    }
    cor_assign_net *net = NULL;
    cor_err err;
    if (cor_assign_net_new(nodes, zones, thru, &net, &err) != COR_OK) {
        RERR(r, 0, NULL, "%s", err.msg);
        return err.status;
    }
    size_t n_rows = 0;
    char tok[64];
    for (char *text_line; !r->nomem && (text_line = text_next(&r->t));) {
        char *p = skip_ws(text_line);
        if (!*p || *p == '~')
            continue;
        size_t line = r->t.line;
        n_rows++;
        rtrim(p);
        size_t len = strlen(p);
        if (p[len - 1] != ';') {
            RERR(r, line, NULL, "expected a link row ending with \";\", found \"%.60s\"",
                 p + (len > 60 ? len - 60 : 0));
            continue;
        }
        p[len - 1] = '\0';
        char *f[LINK_FIELDS + 1];
        size_t nf = 0;
        char *save = NULL;
        for (char *w = strtok_r(p, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
            if (nf <= LINK_FIELDS)
                f[nf] = w;
            nf++;
        }
        if (nf != LINK_FIELDS) {
            RERR(r, line, NULL, "expected %zu fields (init node, term node, capacity, length, "
                 "free flow time, b, power, speed, toll, link type) and \";\", found %zu",
                 LINK_FIELDS, nf);
            continue;
        }
        long ends[2], type;
        double v[LINK_FIELDS];
        bool row_ok = true;
        for (int k = 0; k < 2 && row_ok; k++)
            if (!parse_int(f[k], 1, nodes, &ends[k])) {
                RERR(r, line, link_fields[k], "expected a node number in 1..%u, found %s",
                     nodes, shown(f[k], tok, sizeof tok));
                row_ok = false;
            }
        for (size_t k = 2; k < 9 && row_ok; k++) {
            bool positive = k == 2; /* capacity divides the flow */
            if (!parse_num(f[k], &v[k]) || v[k] < 0 || (positive && v[k] == 0)) {
                RERR(r, line, link_fields[k], "expected a number %s 0, found %s",
                     positive ? ">" : ">=", shown(f[k], tok, sizeof tok));
                row_ok = false;
            } else if (v[k] < field_min[k] || v[k] > field_max[k]) {
                RERR(r, line, link_fields[k], "expected a number in %g..%g, found %s",
                     field_min[k], field_max[k], shown(f[k], tok, sizeof tok));
                row_ok = false;
            }
        }
        if (row_ok && !parse_int(f[9], -1000000000L, 1000000000L, &type)) {
            RERR(r, line, link_fields[9], "expected an integer, found %s",
                 shown(f[9], tok, sizeof tok));
            row_ok = false;
        }
        if (!row_ok)
            continue;
        cor_assign_link l = {(uint32_t)ends[0], (uint32_t)ends[1], v[2], v[3], v[4], v[5],
                             v[6], v[7], v[8], type};
        if (cor_assign_net_add_link(net, &l, &err) != COR_OK) {
            if (err.status == COR_ERR_NOMEM)
                r->nomem = true;
            RERR(r, line, NULL, "%s", err.msg);
        }
    }
    if (!r->errors && n_rows != (size_t)m.value[TAG_LINKS])
        RERR(r, m.line[TAG_LINKS], "<NUMBER OF LINKS>",
             "expected %s link rows as declared, found %zu", m.raw[TAG_LINKS], n_rows);
    if (r->errors) {
        cor_assign_net_free(net);
        return r->nomem ? COR_ERR_NOMEM : COR_ERR_INPUT;
    }
    *out = net;
    return COR_OK;
}

/* Reads one token of a trips line: a run of characters other than blanks, ':' and ';'. */
static char *token(char **pp, char *save)
{
    char *p = skip_ws(*pp), *s = p;
    while (*p && !isspace((unsigned char)*p) && *p != ':' && *p != ';')
        p++;
    *save = *p;
    *pp = p;
    return s;
}

/* Half a unit of the last decimal written in a number ("104694.40": 0.005): how far a
 * declared total may be from the sum of the values it rounds. */
static double half_ulp_written(const char *s)
{
    const char *dot = strchr(s, '.');
    if (strpbrk(s, "eE"))
        return 0;
    int decimals = 0;
    if (dot)
        for (const char *p = dot + 1; isdigit((unsigned char)*p); p++)
            decimals++;
    return 0.5 * pow(10, -decimals);
}

/* What reading a trips file keeps between lines. */
typedef struct trips_state {
    uint32_t zones;
    /* where each origin block, and each destination of the current origin, was first given
     * (seen_line[d] counts only when seen_origin[d] is the current origin: O(zones) memory,
     * not zones^2, since an origin's block cannot be repeated) */
    size_t *seen_line, *origin_line;
    long *seen_origin;
    long origin;  /* the current origin; 0 before the first, -1 after a bad one */
    double sum;   /* flows between different zones so far */
    bool over;    /* the flows went over MAX_TRIPS */
} trips_state;

/* An "Origin N" line (p after "Origin"). */
static void read_origin(reader *r, trips_state *ts, char *p, size_t line)
{
    char tok[64];
    char *v = skip_ws(p);
    rtrim(v);
    if (!parse_int(v, 1, ts->zones, &ts->origin)) {
        RERR(r, line, "origin", "expected a zone number in 1..%u, found %s", ts->zones,
             shown(v, tok, sizeof tok));
        ts->origin = -1; /* skip its pairs rather than blame them too */
    } else if (ts->origin_line[ts->origin]) {
        RERR(r, line, "origin", "expected each origin once, found Origin %ld again "
             "(first on line %zu)", ts->origin, ts->origin_line[ts->origin]);
        ts->origin = -1;
    } else {
        ts->origin_line[ts->origin] = line;
    }
}

/* One "dest : flow ;" pair at *pp, which moves past it. Returns 0 (reported) when the rest of
 * the line cannot be read. */
static int read_pair(reader *r, trips_state *ts, char **pp, size_t line, long *dest,
                     double *flow)
{
    char tok[64], c;
    char *p = *pp;
    char *dtok = token(&p, &c);
    *p = '\0';
    if (!parse_int(dtok, 1, ts->zones, dest)) {
        RERR(r, line, "destination", "expected a zone number in 1..%u, found %s", ts->zones,
             shown(dtok, tok, sizeof tok));
        return 0;
    }
    *p = c;
    p = skip_ws(p);
    if (*p != ':') {
        RERR(r, line, "destination", "expected \":\" after destination %ld, found %s", *dest,
             *p ? (char[]){'"', *p, '"', 0} : "the end of the line");
        return 0;
    }
    p++;
    char *ftok = token(&p, &c);
    *p = '\0';
    if (!parse_num(ftok, flow) || *flow < 0) {
        RERR(r, line, "flow", "expected a number >= 0 for destination %ld, found %s", *dest,
             shown(ftok, tok, sizeof tok));
        return 0;
    }
    if (r->intrazonal + ts->sum + *flow > MAX_TRIPS && !ts->over) {
        RERR(r, line, "flow", "expected the flows of the file to add up to at most %g, found "
             "%.15g with the one to destination %ld", MAX_TRIPS,
             r->intrazonal + ts->sum + *flow, *dest);
        ts->over = true;
    }
    *p = c;
    p = skip_ws(p);
    if (*p != ';') {
        RERR(r, line, "flow", "expected \";\" after the flow to destination %ld, found %s",
             *dest, *p ? (char[]){'"', *p, '"', 0} : "the end of the line");
        return 0;
    }
    *pp = p + 1;
    return 1;
}

/* The pairs of a line of the current origin. */
static void read_pairs(reader *r, trips_state *ts, cor_assign_net *net, char *p, size_t line)
{
    cor_err err;
    while (*(p = skip_ws(p))) {
        long dest;
        double flow;
        if (!read_pair(r, ts, &p, line, &dest, &flow))
            return;
        if (ts->origin < 0)
            continue;
        if (ts->seen_origin[dest] == ts->origin) {
            RERR(r, line, "destination", "expected each destination once per origin, found %ld "
                 "again for origin %ld (first on line %zu)", dest, ts->origin,
                 ts->seen_line[dest]);
            continue;
        }
        ts->seen_origin[dest] = ts->origin;
        ts->seen_line[dest] = line;
        if (ts->origin != dest)
            ts->sum += flow;
        else
            r->intrazonal += flow;
        if (cor_assign_net_add_demand(net, (uint32_t)ts->origin, (uint32_t)dest, flow, &err)) {
            if (err.status == COR_ERR_NOMEM)
                r->nomem = true;
            RERR(r, line, NULL, "%s", err.msg);
        }
    }
}

static cor_status read_trips(reader *r, cor_assign_net *net)
{
    meta m;
    if (!read_meta(r, &m))
        return COR_ERR_INPUT;
    if (!require_tag(r, &m, TAG_ZONES) || r->errors)
        return COR_ERR_INPUT;
    trips_state ts = {.zones = net->n_zones};
    if ((uint32_t)m.value[TAG_ZONES] != ts.zones) {
        RERR(r, m.line[TAG_ZONES], "<NUMBER OF ZONES>",
             "expected %u as in the network file, found %s", ts.zones, m.raw[TAG_ZONES]);
        return COR_ERR_INPUT;
    }
    ts.seen_line = calloc((size_t)ts.zones + 1, sizeof *ts.seen_line);
    ts.seen_origin = calloc((size_t)ts.zones + 1, sizeof *ts.seen_origin);
    ts.origin_line = calloc((size_t)ts.zones + 1, sizeof *ts.origin_line);
    if (!ts.seen_line || !ts.seen_origin || !ts.origin_line) {
        free(ts.seen_line);
        free(ts.seen_origin);
        free(ts.origin_line);
        RERR(r, 0, NULL, "out of memory");
        return COR_ERR_NOMEM;
    }
    for (char *text_line; !r->nomem && (text_line = text_next(&r->t));) {
        char *p = skip_ws(text_line);
        size_t line = r->t.line;
        if (!*p || *p == '~')
            continue;
        if (strncmp(p, "Origin", 6) == 0 && (!p[6] || isspace((unsigned char)p[6]))) {
            read_origin(r, &ts, p + 6, line);
        } else if (ts.origin == 0) {
            rtrim(p);
            RERR(r, line, NULL, "expected \"Origin N\" before the first destination, found "
                 "\"%.60s\"", p);
            ts.origin = -1;
        } else {
            read_pairs(r, &ts, net, p, line);
        }
    }
    free(ts.seen_line);
    free(ts.seen_origin);
    free(ts.origin_line);
    if (!r->errors && m.line[TAG_TOTAL_FLOW]) {
        /* the declared total counts intrazonal trips too */
        double declared = m.value[TAG_TOTAL_FLOW];
        double tol = half_ulp_written(m.raw[TAG_TOTAL_FLOW]) + 1e-9 * declared;
        if (fabs(r->intrazonal + ts.sum - declared) > tol)
            RERR(r, m.line[TAG_TOTAL_FLOW], "<TOTAL OD FLOW>",
                 "expected the sum of the flows below, %.10g, found %s", r->intrazonal + ts.sum,
                 m.raw[TAG_TOTAL_FLOW]);
    }
    return r->errors ? (r->nomem ? COR_ERR_NOMEM : COR_ERR_INPUT) : COR_OK;
}

cor_status cor_assign_tntp_load(const char *net_path, const char *trips_path,
                                cor_assign_net **out, cor_diags *d)
{
    reader r = {.d = d};
    cor_status st = text_read(&r.t, net_path, d);
    if (st != COR_OK)
        return st;
    cor_assign_net *net = NULL;
    st = read_net(&r, &net);
    text_free(&r.t);
    if (st != COR_OK)
        return st;
    reader rt = {.d = d};
    if ((st = text_read(&rt.t, trips_path, d)) != COR_OK) {
        cor_assign_net_free(net);
        return st;
    }
    st = read_trips(&rt, net);
    text_free(&rt.t);
    if (st != COR_OK) {
        cor_assign_net_free(net);
        return st;
    }
    *out = net;
    return COR_OK;
}

cor_status cor_assign_tntp_read_flows(const char *path, const cor_assign_net *net,
                                      double *flow, cor_err *err)
{
    cor_diags *d = cor_diags_new();
    if (!d)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    reader r = {.d = d};
    cor_status st = text_read(&r.t, path, d);
    size_t k = 0;
    char tok[64];
    for (char *text_line; st == COR_OK && (text_line = text_next(&r.t));) {
        size_t line = r.t.line;
        char *p = skip_ws(text_line);
        if (!*p || *p == '~' || (line == 1 && isalpha((unsigned char)*p)))
            continue; /* the "From To Volume Cost" header */
        rtrim(p);
        if (p[strlen(p) - 1] == ';')
            p[strlen(p) - 1] = '\0';
        char *f[5];
        size_t nf = 0;
        char *save = NULL;
        for (char *w = strtok_r(p, " \t", &save); w && nf < 5; w = strtok_r(NULL, " \t", &save))
            f[nf++] = w;
        long from, to;
        double v;
        if (nf < 3) {
            RERR(&r, line, NULL, "expected from, to and volume, found %zu fields", nf);
        } else if (k >= net->n_links) {
            RERR(&r, line, NULL, "expected %zu rows, one per link, found more",
                 net->n_links);
        } else if (!parse_int(f[0], 1, net->n_nodes, &from) ||
                   !parse_int(f[1], 1, net->n_nodes, &to) ||
                   (uint32_t)from != net->links[k].from || (uint32_t)to != net->links[k].to) {
            RERR(&r, line, "from", "expected link %zu of the network, %u %u, found %s %s",
                 k + 1, net->links[k].from, net->links[k].to, f[0], f[1]);
        } else if (!parse_num(f[2], &v) || v < 0 || v > MAX_TRIPS) {
            RERR(&r, line, "volume", "expected a number in 0..%g, found %s", MAX_TRIPS,
                 shown(f[2], tok, sizeof tok));
        } else {
            flow[k++] = v;
            continue;
        }
        st = COR_ERR_INPUT;
    }
    if (st == COR_OK && k != net->n_links) {
        RERR(&r, r.t.line, NULL, "expected %zu rows, one per link, found %zu",
             net->n_links, k);
        st = COR_ERR_INPUT;
    }
    if (st != COR_OK) {
        if (cor_diags_count(d))
            cor_diag_format(cor_diags_get(d, 0), err ? err->msg : tok,
                            err ? sizeof err->msg : sizeof tok);
        if (err)
            err->status = st;
    }
    text_free(&r.t);
    cor_diags_free(d);
    return st;
}
