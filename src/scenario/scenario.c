/*
 * Scenarios: INI files (libinih) read with a line-counting reader so that every problem is
 * reported as file:line, applied to a network's records while it loads (docs/scenarios.md).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/scenario.h"
#include "load/csvfile.h"
#include "net/net_int.h"
#include "util/grow.h"
#include "util/inifile.h"
#include "util/strutil.h"

#define MAX_DEPTH 16
#define MAX_CHANGES 10000 /* a scenario is a page of text (docs/security.md) */

typedef enum { CH_STATUS, CH_DWELL, CH_FEES, CH_CAPACITY, CH_SPEED, CH_TARIFF, CH_COUNT } ch_kind;
static const char *const section_names[CH_COUNT] = {"status", "dwell", "fees",
                                                    "capacity", "speed", "tariff"};

typedef enum { SEL_LINK, SEL_CORRIDOR, SEL_COUNTRY, SEL_MODE, SEL_BORDER, SEL_POST, SEL_ALL } sel_kind;

typedef struct change {
    ch_kind kind;
    sel_kind sel;
    char a[32], b[32];   /* selector arguments; border: two country codes or '*' */
    char *key;           /* the selector as written, for messages */
    int status;          /* CH_STATUS */
    int factor;          /* value multiplies (x0.5) rather than replaces */
    double value;
    char *file;
    long line;
} change;

struct cor_scenario {
    char *name, *description, *chain;
    change *changes;
    size_t n, cap;
    char **files;        /* every file read, the named one first, then its ancestors */
    size_t n_files;
};

/* State of one file being parsed. */
typedef struct parse {
    cor_scenario *sc;
    const char *file;
    long n_changes;      /* lines of the change sections so far */
    cor_diags *diags;
    char inherits[256];
    long inherits_line;
} parse;

/* A selector is "all" or "KIND ARG": link R31a, corridor tripp, country IR, mode rail,
 * border GE-AZ (either order; * for any country), post AZ09. */
static int parse_selector(const char *key, change *c)
{
    if (strcmp(key, "all") == 0) {
        c->sel = SEL_ALL;
        return 1;
    }
    const char *space = strchr(key, ' ');
    if (!space || (size_t)(space - key) > 16)
        return 0;
    const char *arg = space;
    while (*arg == ' ')
        arg++;
    if (!*arg || strchr(arg, ' ') || strlen(arg) >= sizeof c->a)
        return 0;
    static const struct { const char *name; sel_kind kind; } kinds[] = {
        {"link", SEL_LINK},     {"corridor", SEL_CORRIDOR}, {"country", SEL_COUNTRY},
        {"mode", SEL_MODE},     {"border", SEL_BORDER},     {"post", SEL_POST}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        if (strncmp(key, kinds[i].name, (size_t)(space - key)) != 0 ||
            kinds[i].name[space - key] != '\0')
            continue;
        c->sel = kinds[i].kind;
        if (c->sel == SEL_BORDER) {
            const char *dash = strchr(arg, '-');
            if (!dash || dash - arg > 2 || dash == arg || strlen(dash + 1) > 2 || !dash[1])
                return 0;
            snprintf(c->a, sizeof c->a, "%.*s", (int)(dash - arg), arg);
            snprintf(c->b, sizeof c->b, "%s", dash + 1);
            return 1;
        }
        snprintf(c->a, sizeof c->a, "%s", arg);
        return 1;
    }
    return 0;
}

static int push_change(cor_scenario *sc, const change *c)
{
    if (!cor_grow(&sc->changes, sc->n, &sc->cap, sizeof *sc->changes))
        return 0;
    sc->changes[sc->n++] = *c;
    return 1;
}

static cor_status on_entry(void *user, long line, const char *section, const char *name,
                           const char *value)
{
    parse *p = user;
    if (strcmp(section, "scenario") == 0) {
        if (strcmp(name, "description") == 0 || strcmp(name, "source") == 0) {
            if (strcmp(name, "description") == 0) {
                /* continuation lines append */
                size_t old = p->sc->description ? strlen(p->sc->description) : 0;
                char *d = realloc(p->sc->description, old + strlen(value) + 2);
                if (!d)
                    return COR_ERR_NOMEM;
                if (old)
                    d[old++] = ' ';
                strcpy(d + old, value);
                p->sc->description = d;
            }
        } else if (strcmp(name, "inherits") == 0) {
            if (p->inherits_line)
                cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                              "expected one inherits, found a second (first on line %ld)",
                              p->inherits_line);
            else if (!*value)
                cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                              "expected a scenario name or path, found nothing");
            snprintf(p->inherits, sizeof p->inherits, "%s", value);
            p->inherits_line = line;
        } else {
            cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                          "expected description, source or inherits in [scenario], found \"%s\"",
                          name);
        }
        return COR_OK;
    }
    int kind = -1;
    for (int k = 0; k < CH_COUNT; k++)
        if (strcmp(section, section_names[k]) == 0)
            kind = k;
    if (kind < 0) {
        cor_diags_add(p->diags, COR_ERROR, p->file, line, NULL,
                      "expected a section [scenario], [status], [dwell], [fees], [capacity], "
                      "[speed] or [tariff], found [%s]", section);
        return COR_OK;
    }
    if (++p->n_changes > MAX_CHANGES) {
        if (p->n_changes == MAX_CHANGES + 1)
            cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                          "expected at most %d changes in a scenario file, found more",
                          MAX_CHANGES);
        return COR_OK;
    }
    change c = {.kind = (ch_kind)kind, .line = line};
    if (!parse_selector(name, &c)) {
        cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                      "expected a selector such as link ID, corridor TAG, country CC, mode MODE, "
                      "border CC-CC, post NODE or all, found \"%s\"", name);
        return COR_OK;
    }
    /* links can be selected every way; border crossings have no id or corridor tag */
    if ((kind == CH_DWELL || kind == CH_FEES) && (c.sel == SEL_LINK || c.sel == SEL_CORRIDOR)) {
        cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                      "selector \"%s\" does not apply to [%s]", name, section);
        return COR_OK;
    }
    if (kind == CH_STATUS) {
        c.status = cor_status_parse(value);
        if (c.status < 0) {
            cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                          "expected operating, construction, planned or closed, found \"%s\"",
                          value);
            return COR_OK;
        }
    } else {
        c.factor = value[0] == 'x';
        if (!cor_parse_double(value + c.factor, &c.value) || c.value < 0 ||
            (kind == CH_SPEED && !c.factor && c.value == 0)) {
            cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                          "expected a number >= 0 (a value) or x followed by one (a factor, e.g. "
                          "x0.5), found \"%s\"", value);
            return COR_OK;
        }
        if (!c.factor && (kind == CH_FEES || kind == CH_TARIFF)) {
            cor_diags_add(p->diags, COR_ERROR, p->file, line, name,
                          "expected a factor such as x0.5 for [%s], found \"%s\"", section, value);
            return COR_OK;
        }
    }
    c.key = cor_strdup(name);
    c.file = cor_strdup(p->file);
    if (!c.key || !c.file || !push_change(p->sc, &c)) {
        free(c.key);
        free(c.file);
        return COR_ERR_NOMEM;
    }
    return COR_OK;
}

static int valid_name(const char *s)
{
    if (!*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return 0;
    return 1;
}

/* Reads one file and its ancestors into sc (ancestors first). */
static cor_status load_file(const char *dir, const char *name, cor_scenario *sc, int depth,
                            cor_diags *diags, const char *from_file, long from_line)
{
    char path[4096];
    int is_path = strchr(name, '/') || strstr(name, ".ini");
    if (!is_path && !valid_name(name)) {
        cor_diags_add(diags, COR_ERROR, from_file ? from_file : "scenario", from_line,
                      from_file ? "inherits" : NULL,
                      "expected a scenario name (letters, digits, '-', '_') or a path to an .ini "
                      "file, found \"%s\"", name);
        return COR_ERR_INPUT;
    }
    if (is_path)
        snprintf(path, sizeof path, "%s", name);
    else
        snprintf(path, sizeof path, "%s/scenarios/%s.ini", dir, name);
    if (depth > MAX_DEPTH) {
        cor_diags_add(diags, COR_ERROR, from_file, from_line, "inherits",
                      "expected at most %d levels of inheritance (is there a cycle?), found more",
                      MAX_DEPTH);
        return COR_ERR_INPUT;
    }
    parse p = {.sc = sc, .file = path, .diags = diags};
    size_t first_new = sc->n;
    cor_status rc = cor_ini_parse(path, on_entry, &p, diags);
    if (rc == COR_ERR_IO && errno == ENOENT && !is_path) {
        /* a misspelt name: say which there are, as the server's 404 does */
        char list[1024] = "";
        char **names = NULL;
        size_t n = 0;
        if (cor_scenario_list(dir, &names, &n) == COR_OK)
            for (size_t i = 0; i < n; i++) {
                size_t l = strlen(list);
                snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", names[i]);
            }
        cor_scenario_names_free(names, n);
        cor_diags_add(diags, COR_ERROR, from_file ? from_file : path, from_line,
                      from_file ? "inherits" : NULL,
                      "no scenario \"%s\" in %s/scenarios (the network has: %s)", name, dir,
                      *list ? list : "none");
        return COR_ERR_IO;
    }
    if (rc == COR_ERR_IO) {
        cor_diags_add(diags, COR_ERROR, from_file ? from_file : path, from_line,
                      from_file ? "inherits" : NULL, "cannot open scenario %s: %s", path,
                      strerror(errno));
        return COR_ERR_IO;
    }
    if (rc != COR_OK)
        return rc;
    char **files = realloc(sc->files, (sc->n_files + 1) * sizeof *files);
    if (files)
        sc->files = files;
    if (!files || !(sc->files[sc->n_files] = cor_strdup(path)))
        return COR_ERR_NOMEM;
    sc->n_files++;
    if (p.inherits[0]) {
        /* the ancestors' changes apply first: set this file's aside, load theirs, append */
        size_t n_own = sc->n - first_new;
        change *own = malloc((n_own ? n_own : 1) * sizeof *own);
        if (!own)
            return COR_ERR_NOMEM;
        if (n_own) /* sc->changes may still be NULL: NULL + 0 is undefined (UBSan) */
            memcpy(own, sc->changes + first_new, n_own * sizeof *own);
        sc->n = first_new;
        char *own_desc = sc->description; /* this file's description wins over theirs */
        sc->description = NULL;
        cor_status st = load_file(dir, p.inherits, sc, depth + 1, diags, path, p.inherits_line);
        free(sc->description);
        sc->description = own_desc;
        for (size_t i = 0; i < n_own; i++) {
            if (st != COR_ERR_NOMEM && !push_change(sc, &own[i]))
                st = COR_ERR_NOMEM;
            if (st == COR_ERR_NOMEM) {
                free(own[i].key);
                free(own[i].file);
            }
        }
        free(own);
        if (st == COR_ERR_NOMEM)
            return st;
    }
    /* the chain: ancestors, then this one */
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t len = sc->chain ? strlen(sc->chain) : 0;
    char *chain = realloc(sc->chain, len + strlen(base) + 4);
    if (!chain)
        return COR_ERR_NOMEM;
    snprintf(chain + len, strlen(base) + 4, "%s%.*s", len ? " > " : "",
             (int)(strlen(base) - (strstr(base, ".ini") ? 4 : 0)), base);
    sc->chain = chain;
    return COR_OK;
}

cor_status cor_scenario_load(const char *dir, const char *name, cor_scenario **out,
                             cor_diags *diags)
{
    *out = NULL;
    cor_scenario *sc = calloc(1, sizeof *sc);
    if (!sc || !(sc->name = cor_strdup(name))) {
        free(sc);
        return COR_ERR_NOMEM;
    }
    size_t errors = cor_diags_errors(diags);
    cor_status st = load_file(dir, name, sc, 0, diags, NULL, 0);
    if (st == COR_OK && cor_diags_errors(diags) > errors)
        st = COR_ERR_INPUT;
    if (st != COR_OK) {
        cor_scenario_free(sc);
        return st;
    }
    *out = sc;
    return COR_OK;
}

void cor_scenario_free(cor_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n; i++) {
        free(sc->changes[i].key);
        free(sc->changes[i].file);
    }
    free(sc->changes);
    for (size_t i = 0; i < sc->n_files; i++)
        free(sc->files[i]);
    free(sc->files);
    free(sc->name);
    free(sc->description);
    free(sc->chain);
    free(sc);
}

const char *cor_scenario_name(const cor_scenario *sc) { return sc->name; }
const char *cor_scenario_description(const cor_scenario *sc)
{
    return sc->description ? sc->description : "";
}
size_t cor_scenario_file_count(const cor_scenario *sc) { return sc->n_files; }
const char *cor_scenario_file(const cor_scenario *sc, size_t i) { return sc->files[i]; }

const char *cor_scenario_chain(const cor_scenario *sc) { return sc->chain ? sc->chain : ""; }

char *cor_scenario_json(const cor_scenario *sc)
{
    json_t *j = json_pack("{s:s, s:s, s:s}", "name", sc->name, "chain", cor_scenario_chain(sc),
                          "description", cor_scenario_description(sc));
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

/* ---- applying ---- */

static int has_tag(const char *tags, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = tags; *p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, tag, n) == 0)
            return 1;
        p += len + (end ? 1 : 0);
    }
    return 0;
}

static int country_match(const char *pattern, const char *cc)
{
    return strcmp(pattern, "*") == 0 || strcmp(pattern, cc) == 0;
}

static int link_matches(const cor_net *net, const change *c, const cor_link *k)
{
    const char *ca = net->nodes[k->from].country, *cb = net->nodes[k->to].country;
    switch (c->sel) {
    case SEL_LINK: return strcmp(k->id, c->a) == 0;
    case SEL_CORRIDOR: return has_tag(k->corridors, c->a);
    case SEL_COUNTRY: return strcmp(ca, c->a) == 0 || strcmp(cb, c->a) == 0;
    case SEL_MODE: return strcmp(cor_mode_name(k->mode), c->a) == 0;
    case SEL_BORDER:
        return strcmp(ca, cb) != 0 && ((country_match(c->a, ca) && country_match(c->b, cb)) ||
                                       (country_match(c->a, cb) && country_match(c->b, ca)));
    case SEL_POST:
        return strcmp(net->nodes[k->from].id, c->a) == 0 || strcmp(net->nodes[k->to].id, c->a) == 0;
    default: return 1;
    }
}

static int border_matches(const cor_net *net, const change *c, const cor_border *b)
{
    const char *ca = net->nodes[b->from].country, *cb = net->nodes[b->to].country;
    switch (c->sel) {
    case SEL_COUNTRY: return strcmp(ca, c->a) == 0 || strcmp(cb, c->a) == 0;
    case SEL_MODE: return strcmp(cor_mode_name(b->mode), c->a) == 0;
    case SEL_BORDER:
        return (country_match(c->a, ca) && country_match(c->b, cb)) ||
               (country_match(c->a, cb) && country_match(c->b, ca));
    case SEL_POST:
        return strcmp(net->nodes[b->from].id, c->a) == 0 || strcmp(net->nodes[b->to].id, c->a) == 0;
    default: return 1;
    }
}

static double scaled(const change *c, double v)
{
    return c->factor ? v * c->value : c->value;
}

/* A figure a change left outside the range the loader accepts: a scenario must not make a
 * network no file could describe (found in the audit of issue 9: [speed] mode rail = x1e-300
 * made a link take 2e300 hours, an infinite generalized cost at 1e6 t and 1e6 USD/t/h). */
typedef struct range_err {
    const char *what, *unit;
    double value, lo, hi;
} range_err;

static int out_of(range_err *e, const char *what, const char *unit, double v, double lo,
                  double hi)
{
    if (isnan(v) || (v >= lo && v <= hi))
        return 0;
    *e = (range_err){what, unit, v, lo, hi};
    return 1;
}

static int link_out_of_range(const cor_link *k, range_err *e)
{
    return out_of(e, "speed_kmh", "km/h", k->speed_kmh, COR_MIN_SPEED_KMH, COR_MAX_SPEED_KMH) ||
           out_of(e, "duration_h", "h", k->duration_h, COR_MIN_DURATION_H, COR_MAX_DURATION_H) ||
           out_of(e, "usd_per_tkm", "USD", k->usd_per_tkm, 0, COR_MAX_USD_PER_TKM) ||
           out_of(e, "usd_per_t", "USD", k->usd_per_t, 0, COR_MAX_USD_PER_T) ||
           out_of(e, "capacity_tpy", "t/y", k->capacity_tpy, 0, COR_MAX_CAPACITY_TPY) ||
           out_of(e, "capacity_mw", "MW", k->capacity_mw, 0, COR_MAX_CAPACITY_MW) ||
           out_of(e, "capacity_gbps", "Gbit/s", k->capacity_gbps, 0, COR_MAX_CAPACITY_GBPS) ||
           out_of(e, "capacity_bcmy", "bcm/y", k->capacity_bcmy, 0, COR_MAX_CAPACITY_BCMY);
}

static int border_out_of_range(const cor_border *b, range_err *e)
{
    return out_of(e, "dwell_h", "h", b->dwell_h, 0, COR_MAX_DWELL_H) ||
           out_of(e, "dwell_p95_h", "h", b->dwell_p95_h, 0, COR_MAX_DWELL_H) ||
           out_of(e, "fee_usd_per_t", "USD", b->fee_usd_per_t, 0, COR_MAX_FEE_USD) ||
           out_of(e, "fee_usd_per_vehicle", "USD", b->fee_usd_per_vehicle, 0, COR_MAX_FEE_USD);
}

static void report_range(cor_diags *diags, const change *c, const char *record,
                         const range_err *e)
{
    cor_diags_add(diags, COR_ERROR, c->file, c->line, c->key,
                  "expected %s of %s from %g to %g %s after the change, found %g", e->what,
                  record, e->lo, e->hi, e->unit, e->value);
}

static cor_status apply(cor_net *net, const void *ctx, cor_diags *diags)
{
    const cor_scenario *sc = ctx;
    for (size_t i = 0; i < sc->n; i++) {
        const change *c = &sc->changes[i];
        size_t hits = 0;
        int reported = 0;
        range_err e;
        if (c->kind == CH_DWELL || c->kind == CH_FEES) {
            for (uint32_t b = 0; b < net->n_borders; b++) {
                cor_border *r = &net->borders[b];
                if (!border_matches(net, c, r))
                    continue;
                hits++;
                if (c->kind == CH_FEES) {
                    r->fee_usd_per_t *= c->value;
                    r->fee_usd_per_vehicle *= c->value;
                } else if (c->factor) {
                    r->dwell_h *= c->value;
                    r->dwell_p95_h *= c->value; /* NAN stays NAN */
                } else {
                    r->dwell_h = c->value;
                    r->dwell_p95_h = NAN;
                }
                if (!reported && border_out_of_range(r, &e)) {
                    char what[80];
                    snprintf(what, sizeof what, "the crossing %s -> %s", net->nodes[r->from].id,
                             net->nodes[r->to].id);
                    report_range(diags, c, what, &e);
                    reported = 1;
                }
            }
        } else {
            for (uint32_t l = 0; l < net->n_links; l++) {
                cor_link *k = &net->links[l];
                if (!link_matches(net, c, k))
                    continue;
                hits++;
                switch (c->kind) {
                case CH_STATUS: k->status = (cor_link_status)c->status; break;
                case CH_CAPACITY:
                    k->capacity_tpy = scaled(c, k->capacity_tpy);
                    k->capacity_mw = c->factor ? k->capacity_mw * c->value : k->capacity_mw;
                    k->capacity_gbps = c->factor ? k->capacity_gbps * c->value : k->capacity_gbps;
                    k->capacity_bcmy = c->factor ? k->capacity_bcmy * c->value : k->capacity_bcmy;
                    break;
                case CH_SPEED:
                    if (c->factor) {
                        k->speed_kmh *= c->value;
                        k->duration_h /= c->value;
                    } else {
                        k->speed_kmh = c->value;
                        k->duration_h = NAN;
                    }
                    break;
                case CH_TARIFF:
                    k->usd_per_tkm *= c->value;
                    k->usd_per_t *= c->value;
                    break;
                default: break;
                }
                if (!reported && link_out_of_range(k, &e)) {
                    char what[80];
                    snprintf(what, sizeof what, "link %s", k->id);
                    report_range(diags, c, what, &e);
                    reported = 1;
                }
            }
        }
        if (!hits)
            cor_diags_add(diags, COR_ERROR, c->file, c->line, c->key,
                          "expected \"%s\" to select at least one %s of the network, found none",
                          c->key, c->kind == CH_DWELL || c->kind == CH_FEES ? "border crossing"
                                                                            : "link");
        if (c->kind == CH_SPEED && c->factor && c->value == 0)
            cor_diags_add(diags, COR_ERROR, c->file, c->line, c->key,
                          "expected a speed factor > 0, found x0");
    }
    return COR_OK;
}

cor_status cor_net_load_with(const char *dir, const cor_scenario *sc, cor_net **out,
                             cor_diags *diags)
{
    return sc ? cor_net_load_edited(dir, NULL, out, diags, apply, sc) : cor_net_load(dir, out, diags);
}

cor_status cor_net_derive(const cor_net *base, const cor_scenario *sc, cor_net **out,
                          cor_diags *diags)
{
    *out = NULL;
    cor_diags *own = NULL;
    if (!diags && !(diags = own = cor_diags_new()))
        return COR_ERR_NOMEM;
    size_t errors_before = cor_diags_errors(diags);
    cor_net *net = cor_net_copy_records(base);
    cor_status st = cor_net_finish(net, net ? COR_OK : COR_ERR_NOMEM, sc ? apply : NULL, sc,
                                   diags, errors_before, out);
    cor_diags_free(own);
    return st;
}

cor_status cor_net_load_scenario(const char *dir, const char *name, cor_net **out,
                                 cor_diags *diags)
{
    if (!name)
        return cor_net_load(dir, out, diags);
    *out = NULL;
    cor_scenario *sc;
    cor_status st = cor_scenario_load(dir, name, &sc, diags);
    if (st != COR_OK)
        return st;
    st = cor_net_load_with(dir, sc, out, diags);
    cor_scenario_free(sc);
    return st;
}

cor_scenario *cor_scenario_new(const char *name)
{
    cor_scenario *sc = calloc(1, sizeof *sc);
    if (!sc || !(sc->name = cor_strdup(name)) || !(sc->chain = cor_strdup(name))) {
        cor_scenario_free(sc);
        return NULL;
    }
    return sc;
}

cor_scenario *cor_scenario_copy(const cor_scenario *src)
{
    cor_scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    sc->name = cor_strdup(src->name);
    sc->chain = cor_strdup(cor_scenario_chain(src));
    sc->description = cor_strdup(cor_scenario_description(src));
    sc->changes = malloc((src->n ? src->n : 1) * sizeof *sc->changes);
    if (!sc->name || !sc->chain || !sc->description || !sc->changes) {
        cor_scenario_free(sc);
        return NULL;
    }
    sc->cap = src->n ? src->n : 1;
    sc->files = calloc(src->n_files + 1, sizeof *sc->files);
    if (!sc->files) {
        cor_scenario_free(sc);
        return NULL;
    }
    for (size_t i = 0; i < src->n_files; i++, sc->n_files++)
        if (!(sc->files[i] = cor_strdup(src->files[i]))) {
            cor_scenario_free(sc);
            return NULL;
        }
    for (size_t i = 0; i < src->n; i++) {
        change c = src->changes[i];
        c.key = cor_strdup(c.key);
        c.file = cor_strdup(c.file);
        if (!c.key || !c.file) {
            free(c.key);
            free(c.file);
            cor_scenario_free(sc);
            return NULL;
        }
        sc->changes[sc->n++] = c;
    }
    return sc;
}

cor_status cor_scenario_add(cor_scenario *sc, const char *section, const char *selector,
                            const char *value, const char *file, long line, cor_diags *diags)
{
    cor_diags *own = NULL;
    if (!diags && !(diags = own = cor_diags_new()))
        return COR_ERR_NOMEM;
    parse p = {.sc = sc, .file = file, .diags = diags};
    size_t errors = cor_diags_errors(diags), n = sc->n;
    cor_status st = on_entry(&p, line, section, selector, value);
    if (st == COR_OK && cor_diags_errors(diags) > errors)
        st = COR_ERR_INPUT;
    cor_diags_free(own);
    if (st != COR_OK && sc->n > n) { /* leave sc as it was */
        free(sc->changes[n].key);
        free(sc->changes[n].file);
        sc->n = n;
    }
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

cor_status cor_scenario_list(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios", dir);
    DIR *d = opendir(path);
    if (!d)
        return COR_OK;
    struct dirent *e;
    size_t cap = 0;
    cor_status st = COR_OK;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".ini") != 0 || e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **v = realloc(*names, cap * sizeof *v);
            if (!v) {
                st = COR_ERR_NOMEM;
                break;
            }
            *names = v;
        }
        char *name = malloc(len - 3);
        if (!name) {
            st = COR_ERR_NOMEM;
            break;
        }
        snprintf(name, len - 3, "%s", e->d_name);
        (*names)[(*n)++] = name;
    }
    closedir(d);
    if (st != COR_OK) {
        cor_scenario_names_free(*names, *n);
        *names = NULL;
        *n = 0;
        return st;
    }
    if (*n)
        qsort(*names, *n, sizeof **names, cmp_str);
    return COR_OK;
}

void cor_scenario_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
