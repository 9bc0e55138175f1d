/* The HTTP layer of the server: libmicrohttpd with a thread pool, request limits, the
 * connection count behind 503, static files, the answer cache, start and graceful stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output/jw.h"
#include "server/server_int.h"

void cor_server_opts_default(cor_server_opts *o)
{
    memset(o, 0, sizeof *o);
    o->bind_addr = "127.0.0.1";
    o->port = 8080;
    o->threads = 4;
    o->max_connections = 256;
    o->timeout_s = 30;
    o->max_header_bytes = 16 * 1024;
    o->max_body_bytes = 64 * 1024;
    o->cache_entries = 32;
}

/* A value that ends up in an HTTP header: not empty, without blanks or line breaks. */
static cor_status header_word(const char *value, const char *expected, const char **out,
                              cor_err *err)
{
    if (!*value || strpbrk(value, " \t\r\n"))
        return cor_err_set(err, COR_ERR_INPUT, "expected %s, found \"%s\"", expected, value);
    *out = value;
    return COR_OK;
}

cor_status cor_server_opts_set(cor_server_opts *o, const char *name, const char *value,
                               cor_err *err)
{
    static const struct {
        const char *name;
        double min, max;
        size_t offset;
    } whole[] = {
        {"port", 0, 65535, offsetof(cor_server_opts, port)},
        {"threads", 1, 256, offsetof(cor_server_opts, threads)},
        {"max_connections", 1, 60000, offsetof(cor_server_opts, max_connections)},
        {"timeout", 1, 3600, offsetof(cor_server_opts, timeout_s)},
        {"max_assign", 1, 256, offsetof(cor_server_opts, max_assign)},
    };
    if (strcmp(name, "allow_host") == 0)
        return header_word(value, "host names separated by \",\"", &o->allow_hosts, err);
    if (strcmp(name, "cors") == 0)
        return header_word(value, "an origin such as https://example.org, or *",
                           &o->cors_origin, err);
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
        if (strcmp(name, whole[i].name) != 0)
            continue;
        double v;
        cor_status st = cor_number_parse(value, whole[i].min, whole[i].max, 1, &v, err);
        if (st == COR_OK)
            *(unsigned *)((char *)o + whole[i].offset) = (unsigned)v;
        return st;
    }
    return cor_err_set(err, COR_ERR_NOTFOUND, "%s: not a server option", name);
}

/* ---- helpers for the handlers ---- */

/* The length (1 to 4) of the UTF-8 sequence at s, 0 when there is none: a stray or cut-off
 * byte, an overlong form, a surrogate, a code point above U+10FFFF (RFC 3629). */
static int utf8_seq(const unsigned char *s)
{
    if (*s < 0x80)
        return 1;
    int n = (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0 || (n == 1 && *s < 0xC2) || (n == 3 && *s > 0xF4))
        return 0;
    unsigned cp = *s & (0x3F >> n);
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp > 0x10FFFF)
        return 0;
    return n + 1;
}

static int valid_utf8(const unsigned char *s)
{
    for (int n; *s; s += n)
        if (!(n = utf8_seq(s)))
            return 0;
    return 1;
}

const char *srv_arg(const srv_req *r, const char *key)
{
    for (size_t i = 0; i < r->n_args; i++)
        if (strcmp(r->args[i].key, key) == 0)
            return r->args[i].value;
    return NULL;
}

typedef struct only_ctx {
    const char *bad;
    const char *twice;      /* a parameter given more than once */
} only_ctx;

static void check_allowed(const srv_kv *args, size_t n, const char *const *allowed, only_ctx *c)
{
    unsigned seen = 0;      /* bits of allowed[] already given */
    for (size_t k = 0; k < n; k++) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], args[k].key) != 0)
            i++;
        if (!allowed[i]) {
            c->bad = args[k].key;
            return;
        }
        /* from=Baku&from=Tbilisi: which one was meant? */
        if (i < 32 && (seen & (1u << i))) {
            c->twice = args[k].key;
            return;
        }
        if (i < 32)
            seen |= 1u << i;
    }
}

int srv_only_args(const srv_req *r, const char *const *allowed, srv_resp *out)
{
    only_ctx c = {NULL, NULL};
    check_allowed(r->args, r->n_args, allowed, &c);
    if (c.twice) {
        srv_error(out, 400, "InvalidQuery", "%s: expected once, found more than once", c.twice);
        return 0;
    }
    if (!c.bad)
        return 1;
    char list[512] = "";
    for (size_t i = 0; allowed[i]; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", allowed[i]);
    }
    srv_error(out, 400, "InvalidQuery", "%s: unknown parameter (expected %s)", c.bad,
              *list ? list : "none");
    return 0;
}

void srv_error(srv_resp *out, unsigned status, const char *code, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* the message may quote what the client sent (a method, a path cut short by "%.80s" or by
     * the buffer) and jansson writes only UTF-8: a byte out of place becomes '?' */
    for (unsigned char *p = (unsigned char *)msg; *p;) {
        int n = utf8_seq(p);
        if (n)
            p += n;
        else
            *p++ = '?';
    }
    json_t *j = json_pack("{s:s, s:s}", "code", code, "message", msg);
    free(out->body);
    out->body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    out->status = status;
    out->type = "application/json";
}

void srv_json(srv_resp *out, char *body)
{
    if (!body) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    free(out->body);
    out->body = body;
    out->status = 200;
    out->type = "application/json";
}

const srv_net *srv_net_of(const cor_server *s, const char *scenario, srv_resp *out)
{
    if (!scenario || !*scenario)
        return &s->plain;
    for (size_t i = 0; i < s->n_scen; i++)
        if (strcmp(s->scen[i].name, scenario) == 0)
            return &s->scen[i];
    char list[1024] = "";
    for (size_t i = 0; i < s->n_scen; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", s->scen[i].name);
    }
    srv_error(out, 404, "NotFound", "scenario: no scenario \"%s\" (the network has: %s)", scenario,
              *list ? list : "none");
    return NULL;
}

int srv_assign_enter(cor_server *s, srv_resp *out)
{
    if (atomic_fetch_add(&s->assigning, 1) < (int)s->o.max_assign)
        return 1;
    atomic_fetch_sub(&s->assigning, 1);
    srv_error(out, 503, "Busy", "%u assign/compare computations are running (the most at once); "
              "retry later", s->o.max_assign);
    return 0;
}

void srv_assign_leave(cor_server *s) { atomic_fetch_sub(&s->assigning, 1); }

int srv_client_gone(void *req)
{
    const srv_req *r = req;
    const union MHD_ConnectionInfo *info =
        r->conn ? MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD) : NULL;
    if (!info)
        return 0;
    /* the request is read whole before the handler runs, so what the socket holds now is the
     * client's end (0: an orderly close) or an error; bytes (a pipelined request) or nothing
     * yet (EAGAIN) mean it still waits */
    char c;
    ssize_t n = recv(info->connect_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

char *srv_cache_get(cor_server *s, const char *key)
{
    char *hit = NULL;
    pthread_mutex_lock(&s->cache_lock);
    for (size_t i = 0; i < s->o.cache_entries; i++)
        if (s->cache[i].key && strcmp(s->cache[i].key, key) == 0) {
            hit = strdup(s->cache[i].body);
            break;
        }
    pthread_mutex_unlock(&s->cache_lock);
    return hit;
}

void srv_cache_put(cor_server *s, const char *key, const char *body)
{
    if (!s->o.cache_entries)
        return;
    char *k = strdup(key), *b = strdup(body);
    if (!k || !b) {
        free(k);
        free(b);
        return;
    }
    pthread_mutex_lock(&s->cache_lock);
    srv_cache_entry *e = &s->cache[s->cache_next];
    s->cache_next = (s->cache_next + 1) % s->o.cache_entries;
    char *old_k = e->key, *old_b = e->body;
    e->key = k;
    e->body = b;
    pthread_mutex_unlock(&s->cache_lock);
    free(old_k);
    free(old_b);
}

/* ---- loading ---- */

const double *srv_sim_dwell(cor_server *s, const cor_net *net, const char *stage_scenario,
                            srv_resp *out)
{
    const double *d = NULL;
    pthread_mutex_lock(&s->dwell_lock);
    for (size_t i = 0; !d && i < s->n_dwell; i++) {
        const char *kept = s->dwell[i].stage_scenario;
        if (s->dwell[i].net == net &&
            (stage_scenario && kept ? strcmp(stage_scenario, kept) == 0 : stage_scenario == kept))
            d = s->dwell[i].dwell_h;
    }
    if (d)
        goto out;
    cor_diags *diags = cor_diags_new();
    double *made = NULL;
    cor_err err;
    cor_status st = diags ? cor_sim_route_dwell(net, stage_scenario, &made, diags, &err)
                          : COR_ERR_NOMEM;
    char why[1024] = ""; /* the stage file's first error, without the server's path */
    for (size_t i = 0; st == COR_ERR_INPUT && !*why && i < cor_diags_count(diags); i++) {
        const cor_diag *e = cor_diags_get(diags, i);
        if (e->severity == COR_ERROR)
            snprintf(why, sizeof why, "border_stages.csv:%ld: %s%s%s", e->line,
                     e->field ? e->field : "", e->field ? ": " : "", e->msg);
    }
    cor_diags_free(diags);
    srv_dwell *grown = st == COR_OK ? realloc(s->dwell, (s->n_dwell + 1) * sizeof *grown) : NULL;
    if (grown)
        s->dwell = grown;
    char *name = grown && stage_scenario ? strdup(stage_scenario) : NULL;
    if (grown && (name || !stage_scenario)) {
        s->dwell[s->n_dwell++] = (srv_dwell){net, name, made};
        d = made;
    } else if (st == COR_OK || st == COR_ERR_NOMEM) {
        free(made);
        srv_error(out, 500, "InternalError", "out of memory");
    } else if (*why) {
        srv_error(out, 400, "InvalidQuery", "stage_scenario: %s", why);
    } else {
        srv_error(out, 400, "InvalidQuery", "dwell: %s", err.msg);
    }
out:
    pthread_mutex_unlock(&s->dwell_lock);
    return d;
}

static void net_free(srv_net *n)
{
    free(n->name);
    cor_net_free(n->net);
    for (int i = 0; i < SRV_SNAP_COUNT; i++)
        cor_snap_free(n->snap[i]);
}

/* The network in dir (plain NULL), or scenario `name` derived from the plain one without
 * reading the network files again. */
static cor_status net_load(const char *dir, const cor_net *plain, const char *name, srv_net *n,
                          cor_diags *diags)
{
    memset(n, 0, sizeof *n);
    cor_status st;
    if (!plain) {
        st = cor_net_load(dir, &n->net, diags);
    } else {
        cor_scenario *sc = NULL;
        st = cor_scenario_load(dir, name, &sc, diags);
        if (st == COR_OK)
            st = cor_net_derive(plain, sc, &n->net, diags);
        cor_scenario_free(sc);
    }
    if (st != COR_OK)
        return st;
    const unsigned masks[SRV_SNAP_COUNT] = {COR_MODE_BIT(COR_MODE_ROAD),
                                            COR_MODE_BIT(COR_MODE_RAIL), COR_TRANSPORT_MODES};
    cor_err err;
    for (int i = 0; i < SRV_SNAP_COUNT; i++)
        if ((st = cor_snap_new(n->net, masks[i], &n->snap[i], &err)) != COR_OK) {
            cor_diags_add(diags, COR_ERROR, dir, 0, NULL, "%s", err.msg);
            return st;
        }
    if (name && !(n->name = strdup(name)))
        return COR_ERR_NOMEM;
    return COR_OK;
}

/* A snapshot (cor_graph_write), verified whole (the segment index reads every arc, and a
 * server lives long enough to pay for it), and its segment index; the fingerprint in hints is
 * FNV-1a of its sizes and node coordinates, so that a hint of another network is refused. */
static cor_status graph_load(cor_server *s, cor_diags *diags)
{
    cor_err err = {0};
    cor_status st = cor_graph_read(s->net_dir, &s->graph, &err);
    if (st == COR_OK)
        st = cor_graph_verify(s->graph, &err);
    if (st == COR_OK)
        st = cor_navi_new(s->graph, &s->navi, &err);
    if (st != COR_OK) {
        cor_diags_add(diags, COR_ERROR, s->net_dir, 0, NULL, "%s", err.msg);
        return st;
    }
    uint32_t h = 2166136261u;
    size_t n = cor_graph_node_count(s->graph);
    uint64_t sizes[2] = {n, cor_graph_arc_count(s->graph)};
    for (size_t i = 0; i < sizeof sizes; i++)
        h = (h ^ ((const unsigned char *)sizes)[i]) * 16777619u;
    for (size_t v = 0; v < n; v += 1 + n / 1024) {
        cor_graph_node_info ni;
        cor_graph_get_node(s->graph, (uint32_t)v, &ni);
        int32_t c[2] = {(int32_t)lround(ni.lat * 1e7), (int32_t)lround(ni.lon * 1e7)};
        for (size_t i = 0; i < sizeof c; i++)
            h = (h ^ ((const unsigned char *)c)[i]) * 16777619u;
    }
    s->fingerprint = h;
    s->osm = cor_graph_is_osm(s->graph);
    return COR_OK;
}

/* The scenario list as `corridor scenarios --json` prints it: [{"name", "chain",
 * "description"}], sorted by name. */
static cor_status scenarios_json(cor_server *s, cor_diags *diags)
{
    cor_jw w; /* the scenarios' own JSON texts, one after another, not parsed again */
    cor_jw_init(&w, 17);
    cor_jw_arr(&w);
    for (size_t i = 0; i < s->n_scen; i++) {
        cor_scenario *sc = NULL;
        cor_status st = cor_scenario_load(s->net_dir, s->scen[i].name, &sc, diags);
        if (st != COR_OK) {
            cor_jw_free(&w);
            return st;
        }
        char *text = cor_scenario_json(sc);
        cor_scenario_free(sc);
        if (!text) {
            cor_jw_free(&w);
            return COR_ERR_NOMEM;
        }
        cor_jw_raw(&w, text, strlen(text));
        free(text);
    }
    cor_jw_arr_end(&w);
    s->scenarios_json = cor_jw_finish(&w);
    return s->scenarios_json ? COR_OK : COR_ERR_NOMEM;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

cor_status cor_server_new(const cor_server_opts *o, cor_server **out, cor_diags *diags)
{
    *out = NULL;
    cor_server *s = calloc(1, sizeof *s);
    if (!s)
        return COR_ERR_NOMEM;
    s->o = *o;
    s->o.threads = o->threads ? o->threads : 1;
    if (!s->o.max_assign)
        s->o.max_assign = s->o.threads / 2 ? s->o.threads / 2 : 1;
    s->net_dir = strdup(o->net_dir);
    s->web_dir = dup_or_null(o->web_dir);
    s->bind_addr = strdup(o->bind_addr ? o->bind_addr : "127.0.0.1");
    s->allow_hosts = dup_or_null(o->allow_hosts);
    s->cors_origin = dup_or_null(o->cors_origin);
    s->cache = calloc(o->cache_entries ? o->cache_entries : 1, sizeof *s->cache);
    pthread_mutex_init(&s->cache_lock, NULL);
    pthread_mutex_init(&s->dwell_lock, NULL);
    atomic_init(&s->connections, 0);
    atomic_init(&s->in_flight, 0);
    atomic_init(&s->assigning, 0);
    char path[PATH_MAX];
    if (o->vendor_dir)
        s->vendor_dir = strdup(o->vendor_dir);
    else if (o->web_dir) {
        snprintf(path, sizeof path, "%s/../node_modules", o->web_dir);
        s->vendor_dir = strdup(path);
    }
    cor_status st = COR_ERR_NOMEM;
    if (!s->net_dir || !s->bind_addr || !s->cache || (o->web_dir && !s->web_dir) ||
        (o->web_dir && !s->vendor_dir) || (o->allow_hosts && !s->allow_hosts) ||
        (o->cors_origin && !s->cors_origin))
        goto fail;
    struct stat sb;
    if (stat(s->net_dir, &sb) == 0 && S_ISREG(sb.st_mode)) { /* a snapshot: /route and /table */
        if ((st = graph_load(s, diags)) != COR_OK)
            goto fail;
        *out = s;
        return COR_OK;
    }
    if ((st = net_load(s->net_dir, NULL, NULL, &s->plain, diags)) != COR_OK)
        goto fail;
    /* hints name nodes of this network; a directory imported from OSM cites it in sources */
    s->fingerprint = (unsigned)cor_net_node_count(s->plain.net) * 2654435761u ^
                     (unsigned)cor_net_link_count(s->plain.net);
    for (size_t i = 0; i < cor_net_link_count(s->plain.net) && !s->osm; i++)
        s->osm = strstr(cor_net_link(s->plain.net, (uint32_t)i)->source, "OpenStreetMap") != NULL;
    char **names = NULL;
    size_t n = 0;
    if ((st = cor_scenario_list(s->net_dir, &names, &n)) != COR_OK)
        goto fail;
    s->scen = calloc(n ? n : 1, sizeof *s->scen);
    if (!s->scen) {
        cor_scenario_names_free(names, n);
        st = COR_ERR_NOMEM;
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        st = net_load(s->net_dir, s->plain.net, names[i], &s->scen[i], diags);
        s->n_scen++;
        if (st != COR_OK) {
            cor_scenario_names_free(names, n);
            goto fail;
        }
    }
    cor_scenario_names_free(names, n);
    if ((st = scenarios_json(s, diags)) != COR_OK)
        goto fail;
    /* scenarios change links, never nodes, so one demand serves every network */
    if (o->demand_path)
        snprintf(path, sizeof path, "%s", o->demand_path);
    else
        snprintf(path, sizeof path, "%s/demand.csv", s->net_dir);
    if (o->demand_path || access(path, F_OK) == 0) {
        if ((st = cor_demand_load(s->plain.net, path, &s->demand, diags)) != COR_OK)
            goto fail;
        if (!(s->demand_path = strdup(path))) {
            st = COR_ERR_NOMEM;
            goto fail;
        }
    }
    /* the tables of CO2e figures and appraisals, when the network has them */
    snprintf(path, sizeof path, "%s/emissions.csv", s->net_dir);
    if (access(path, F_OK) == 0 && (st = cor_emissions_load(path, &s->em, diags)) != COR_OK)
        goto fail;
    snprintf(path, sizeof path, "%s/projects.csv", s->net_dir);
    if (access(path, F_OK) == 0 && (st = cor_projects_load(path, &s->projects, diags)) != COR_OK)
        goto fail;
    cor_countries_load(COR_ISO_3166_PATH, &s->countries, NULL); /* names are optional */
    *out = s;
    return COR_OK;
fail:
    cor_server_free(s);
    return st;
}

size_t cor_server_scenario_count(const cor_server *s) { return s->n_scen; }
unsigned cor_server_port(const cor_server *s) { return s->port; }

/* ---- static files ---- */

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"}, {".json", "application/json"},
                 {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
                 {".map", "application/json"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* What the page takes from node_modules (web/index.html, web/app.js, and the images
 * leaflet.css names): nothing else there is served (playwright, package files, sources). */
static const char *const vendor_files[] = {"leaflet/dist/", "topojson-client/dist/",
                                           "world-atlas/countries-", NULL};

/* A regular file under root: letters, digits, '-', '_', '.', '/' only, no segment starting
 * with '.' (no "..", no dotfile such as .package-lock.json or .git), no symbolic link leading
 * out of root; under /vendor/ only vendor_files. */
static void static_file(const char *root, const char *rel, int vendor, srv_resp *out)
{
    int ok = root && *rel && strlen(rel) < 512 && rel[0] != '/';
    for (const char *p = rel; ok && *p; p++)
        ok = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("-_./", *p)) &&
             !(*p == '.' && (p == rel || p[-1] == '/'));
    if (ok && vendor) {
        ok = 0;
        for (size_t i = 0; !ok && vendor_files[i]; i++)
            ok = strncmp(rel, vendor_files[i], strlen(vendor_files[i])) == 0;
    }
    char path[PATH_MAX], real[PATH_MAX], real_root[PATH_MAX];
    struct stat st;
    if (ok && (size_t)snprintf(path, sizeof path, "%s/%s", root, rel) < sizeof path &&
        realpath(path, real) && realpath(root, real_root)) {
        size_t n = strlen(real_root);
        ok = strncmp(real, real_root, n) == 0 && real[n] == '/'; /* links stay inside */
    } else {
        ok = 0;
    }
    if (ok && stat(real, &st) == 0 && S_ISREG(st.st_mode) && (out->file = strdup(real))) {
        out->status = 200;
        out->type = content_type(real);
        return;
    }
    srv_error(out, 404, "NotFound", "no such file: /%s", rel);
}

/* ---- the request handler ---- */

/* A body over the limit is read and dropped up to this much more, so that a client that sends
 * it whole still reads the 413 (closing on unread data resets the connection, and the answer
 * may be lost); beyond it the server answers and closes at once. */
#define BODY_DRAIN ((size_t)1 << 20)

typedef struct conn_state {
    size_t body_bytes;
    int headers_in, too_big;
    int nul;             /* 1: a %00 in the path, 2: in the query (nul_name names the parameter) */
    char nul_name[64];
    int not_origin;      /* the target is not a path ("http://x/health", "*") */
    size_t uri_bytes;    /* the target as sent */
} conn_state;

/* The request starts here: libmicrohttpd calls this with the URI as it arrived, before it
 * percent-decodes the path and the parameters, and passes what it returns to on_request and
 * on_completed. A %00 would decode to a NUL byte that silently cuts the path or a parameter
 * short ("from=Baku%00x" would route from Baku, "/corridor/v1/network%00.geojson" answer
 * /corridor/v1/network), so it is noted here and refused in on_request.
 * The state belongs to the connection (on_connection), not to the request: libmicrohttpd does
 * not call on_completed for a request it drops itself (its buffer full of parameters), and a
 * state allocated here would leak. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn_state *cs = info ? info->socket_context : NULL;
    if (!cs)
        return NULL;
    memset(cs, 0, sizeof *cs);
    cs->uri_bytes = strlen(uri);
    /* libmicrohttpd drops the first byte of an absolute-form target ("GET http://x/health"
     * became the path "/ttp://x/health"): only origin-form is answered (RFC 9112 3.2.1; this
     * is not a proxy) */
    cs->not_origin = uri[0] != '/';
    const char *nul = strstr(uri, "%00"), *query = strchr(uri, '?');
    if (!nul)
        return cs;
    cs->nul = query && nul > query ? 2 : 1;
    if (cs->nul == 2) { /* the parameter's name as sent: from the '?' or '&' to '=' or the %00 */
        const char *name = nul;
        while (name[-1] != '?' && name[-1] != '&')
            name--;
        size_t n = 0;
        for (const char *p = name; p < nul && *p != '=' && n + 1 < sizeof cs->nul_name; p++)
            cs->nul_name[n++] = *p > ' ' && *p < 0x7f ? *p : '?';
        cs->nul_name[n] = '\0';
    }
    return cs;
}

/* A static file opened with its size, or its gzip copy FILE.gz (made by `make`) when the
 * client takes gzip and the copy is not older than the file; -1 when it cannot be read. */
static int open_static(struct MHD_Connection *c, const char *path, struct stat *st, int *gz)
{
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_ACCEPT_ENCODING);
    char zpath[PATH_MAX];
    struct stat plain;
    *gz = 0;
    if (ae && strstr(ae, "gzip") && stat(path, &plain) == 0 &&
        (size_t)snprintf(zpath, sizeof zpath, "%s.gz", path) < sizeof zpath) {
        int fd = open(zpath, O_RDONLY | O_CLOEXEC);
        if (fd >= 0 && fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
            (st->st_mtim.tv_sec > plain.st_mtim.tv_sec ||
             (st->st_mtim.tv_sec == plain.st_mtim.tv_sec &&
              st->st_mtim.tv_nsec >= plain.st_mtim.tv_nsec))) {
            *gz = 1;
            return fd;
        }
        if (fd >= 0)
            close(fd);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && fstat(fd, st) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, srv_resp *r, const char *cors_origin)
{
    struct MHD_Response *resp = NULL;
    char etag[96] = "";
    int gz = 0;
    if (r->file) {
        struct stat st;
        int fd = open_static(c, r->file, &st, &gz);
        if (fd >= 0) {
            /* revalidated on every use (no-cache below); unchanged files answer 304 */
            snprintf(etag, sizeof etag, "\"%s%llx-%llx.%lx\"", gz ? "gz-" : "",
                     (unsigned long long)st.st_size, (unsigned long long)st.st_mtim.tv_sec,
                     (unsigned long)st.st_mtim.tv_nsec);
            const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                          MHD_HTTP_HEADER_IF_NONE_MATCH);
            if (inm && strcmp(inm, etag) == 0) {
                close(fd);
                r->status = 304;
                resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
            } else {
                resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
                if (!resp)
                    close(fd);
            }
        } else {
            srv_error(r, 404, "NotFound", "cannot read the file");
        }
    }
    if (!resp) {
        const char *body = r->body ? r->body : "";
        resp = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->type ? r->type : "application/json");
    if (cors_origin)
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", cors_origin);
    if (r->status == 405 || r->preflight)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, OPTIONS");
    if (r->preflight && cors_origin) {
        MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers", "Content-Type");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "86400");
    }
    if (r->cache && r->status == 200)
        MHD_add_response_header(resp, "X-Corridor-Cache", r->cache);
    if (r->status == 503)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    if (r->file && *etag) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
        if (gz)
            MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    }
    enum MHD_Result ret = MHD_queue_response(c, r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The name of a Host header without its port: "name", "1.2.3.4" or "[v6]" (brackets kept). */
static size_t host_name_len(const char *host)
{
    if (host[0] == '[') {
        const char *end = strchr(host, ']');
        return end ? (size_t)(end - host) + 1 : strlen(host);
    }
    const char *colon = strchr(host, ':');
    return colon ? (size_t)(colon - host) : strlen(host);
}

static int is_loopback_name(const char *name, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, name, len);
    buf[len] = '\0';
    if (strcasecmp(buf, "localhost") == 0)
        return 1;
    struct in_addr a4;
    if (inet_pton(AF_INET, buf, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    struct in6_addr a6;
    if (len > 2 && buf[0] == '[' && buf[len - 1] == ']') {
        buf[len - 1] = '\0';
        return inet_pton(AF_INET6, buf + 1, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
    }
    return 0;
}

/* Whether the Host header names this server (DNS rebinding: a page of evil.example whose
 * name resolves to 127.0.0.1 sends "Host: evil.example"). Requests without Host (HTTP/1.0)
 * are not from browsers and pass. */
static int host_allowed(const cor_server *s, const char *host)
{
    if (!host)
        return 1;
    size_t len = host_name_len(host);
    if (s->loopback && is_loopback_name(host, len))
        return 1;
    if (!s->allow_hosts)
        return !s->loopback;
    for (const char *p = s->allow_hosts; *p;) {
        size_t n = strcspn(p, ",");
        if ((n == 1 && *p == '*') || (n == len && strncasecmp(p, host, n) == 0))
            return 1;
        p += n + (p[n] == ',');
    }
    return 0;
}

/* The header lines that frame a request, counted as they arrived. */
typedef struct framing {
    int hosts, lengths, encodings, other_length;
    const char *host, *length, *encoding;
    size_t bytes;        /* names and values of every header */
} framing;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    framing *f = cls;
    value = value ? value : "";
    f->bytes += strlen(key) + strlen(value) + 4;
    if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
        f->hosts++;
        f->host = value;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        f->other_length |= f->lengths && strcmp(f->length, value) != 0;
        f->lengths++;
        f->length = value;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        f->encodings++;
        f->encoding = value;
    }
    return MHD_YES;
}

/* A Host header is host[:port] (RFC 9110 7.2): a name of letters, digits, '-' and '.', an
 * IPv4 address, or an IPv6 address in brackets, then at most a port of 1-5 digits. */
static int host_syntax_ok(const char *h)
{
    size_t n = host_name_len(h);
    if (n == 0 || n > 255)
        return 0;
    if (h[0] == '[') {
        char v6[64];
        struct in6_addr a6;
        if (h[n - 1] != ']' || n - 2 >= sizeof v6)
            return 0;
        memcpy(v6, h + 1, n - 2);
        v6[n - 2] = '\0';
        if (inet_pton(AF_INET6, v6, &a6) != 1)
            return 0;
    } else {
        for (size_t i = 0; i < n; i++)
            if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
                  (h[i] >= '0' && h[i] <= '9') || h[i] == '-' || h[i] == '.'))
                return 0;
    }
    if (!h[n])
        return 1;
    if (h[n] != ':')
        return 0;
    size_t digits = strspn(h + n + 1, "0123456789");
    return digits >= 1 && digits <= 5 && !h[n + 1 + digits];
}

/* What is wrong with the framing of a request before any of its body is read, or NULL. Each
 * of these made the server guess (the first of two lengths, the first of two Hosts), answer a
 * request that HTTP/1.1 forbids, or wait for a body it could not delimit until the idle
 * timeout. */
static int bad_framing(const cor_server *s, const conn_state *cs, struct MHD_Connection *c,
                       const char *version, srv_resp *out)
{
    framing f = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &f);
    if (cs->uri_bytes + f.bytes > s->o.max_header_bytes) {
        /* libmicrohttpd's buffer is twice this: a request just under its limit is answered
         * here instead of closed without an answer */
        if (cs->uri_bytes > s->o.max_header_bytes)
            srv_error(out, 414, "TooBig", "request target: at most %zu bytes, found %zu",
                      s->o.max_header_bytes, cs->uri_bytes);
        else
            srv_error(out, 431, "TooBig", "request line and headers: at most %zu bytes",
                      s->o.max_header_bytes);
    } else if (cs->not_origin)
        srv_error(out, 400, "InvalidUrl", "request target: expected a path starting with /");
    else if (f.hosts > 1)
        srv_error(out, 400, "InvalidRequest", "Host: expected one header, found %d", f.hosts);
    else if (!f.hosts && strcmp(version, MHD_HTTP_VERSION_1_0) != 0)
        srv_error(out, 400, "InvalidRequest", "Host: expected one header (HTTP/1.1), found none");
    else if (f.hosts && !host_syntax_ok(f.host))
        srv_error(out, 400, "InvalidRequest",
                  "Host: expected a name, an IPv4 address or [IPv6] and an optional :port, "
                  "found \"%.80s\"", f.host);
    else if (f.other_length)
        srv_error(out, 400, "InvalidRequest", "Content-Length: expected one length, found two");
    else if (f.encodings && f.lengths)
        srv_error(out, 400, "InvalidRequest",
                  "Transfer-Encoding: expected it or Content-Length, found both");
    else if (f.encodings > 1 || (f.encodings && strcasecmp(f.encoding, "chunked") != 0))
        srv_error(out, 400, "InvalidRequest",
                  "Transfer-Encoding: expected chunked (the only coding understood), found "
                  "\"%.80s\"", f.encodings > 1 ? "two headers" : f.encoding);
    else
        return 0;
    return 1;
}

static void dispatch(cor_server *s, const srv_req *req, srv_resp *out)
{
    const char *p = req->path;
    if (strncmp(p, "/corridor/v1/", 13) == 0 && s->graph)
        srv_error(out, 404, "NotFound", "the corridor API needs a network directory; this "
                  "server serves a snapshot (/route, /table, /nearest, /trip, /match)");
    else if (strncmp(p, "/corridor/v1/", 13) == 0)
        srv_corridor(req, out);
    else if (strncmp(p, "/route/v1/", 10) == 0 || strncmp(p, "/table/v1/", 10) == 0 ||
             strncmp(p, "/nearest/v1/", 12) == 0 || strncmp(p, "/trip/v1/", 9) == 0 ||
             strncmp(p, "/match/v1/", 10) == 0)
        srv_osrm(req, out);
    else if (strcmp(p, "/") == 0)
        static_file(s->web_dir, "index.html", 0, out);
    else if (strncmp(p, "/vendor/", 8) == 0)
        static_file(s->vendor_dir, p + 8, 1, out);
    else if (strcmp(p, "/health") == 0)
        srv_json(out, strdup("{\"code\":\"Ok\"}"));
    else
        static_file(s->web_dir, p + 1, 0, out);
}

/* The query parameters of a request, gathered for srv_handle(). */
typedef struct args_list {
    srv_kv *args;
    size_t n, cap;
    int failed;
} args_list;

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    args_list *a = cls;
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        srv_kv *grown = realloc(a->args, cap * sizeof *grown);
        if (!grown) {
            a->failed = 1;
            return MHD_NO;
        }
        a->args = grown;
        a->cap = cap;
    }
    a->args[a->n++] = (srv_kv){key, value};
    return MHD_YES;
}

/* The first parameter whose name or value is not UTF-8, or NULL. */
static const char *bad_utf8_arg(const srv_kv *args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!valid_utf8((const unsigned char *)args[i].key) ||
            (args[i].value && !valid_utf8((const unsigned char *)args[i].value)))
            return args[i].key;
    return NULL;
}

void srv_handle(cor_server *s, const srv_http *h, srv_resp *out)
{
    const char *bad;
    if (strcmp(h->method, "OPTIONS") == 0) /* a CORS preflight: headers in send_resp */
        out->status = 204, out->preflight = 1;
    else if (strcmp(h->method, "GET") && strcmp(h->method, "HEAD"))
        srv_error(out, 405, "MethodNotAllowed", "method: expected GET or HEAD, found %s",
                  h->method);
    else if (!host_allowed(s, h->host))
        srv_error(out, 403, "Forbidden",
                  "Host: this server does not answer to that name (it accepts %s%s%s; "
                  "corridor serve --allow-host NAME adds one)",
                  s->loopback ? "localhost, 127.x.x.x and [::1]" : "",
                  s->loopback && s->allow_hosts ? " and " : "",
                  s->allow_hosts ? s->allow_hosts : "");
    else if (h->busy)
        srv_error(out, 503, "Busy", "more than %u open connections; retry later",
                  s->o.max_connections);
    else if (h->nul == 1)
        srv_error(out, 400, "InvalidUrl", "path: expected no NUL byte, found %%00");
    else if (h->nul == 2)
        srv_error(out, 400, "InvalidQuery", "%s: expected no NUL byte, found %%00",
                  h->nul_name && *h->nul_name ? h->nul_name : "parameter");
    else if (!valid_utf8((const unsigned char *)h->path))
        srv_error(out, 400, "InvalidUrl", "path: expected UTF-8 after percent-decoding");
    else if ((bad = bad_utf8_arg(h->args, h->n_args)))
        srv_error(out, 400, "InvalidQuery", "%s: expected UTF-8 after percent-decoding",
                  valid_utf8((const unsigned char *)bad) ? bad : "parameter");
    else {
        srv_req req = {s, h->conn, h->path, h->args, h->n_args};
        dispatch(s, &req, out);
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    cor_server *s = cls;
    conn_state *cs = *con_cls;
    if (!cs) /* no state: the connection ran out of memory */
        return MHD_NO;
    srv_resp out = {0};
    if (!cs->headers_in) { /* headers are in; the body (if any) comes next */
        cs->headers_in = 1;
        atomic_fetch_add(&s->in_flight, 1);
        if (bad_framing(s, cs, c, version, &out)) /* answered at once, the body never read */
            goto send;
        const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_CONTENT_LENGTH);
        unsigned long long n = len ? strtoull(len, NULL, 10) : 0;
        cs->too_big = n > s->o.max_body_bytes;
        if (n <= s->o.max_body_bytes + BODY_DRAIN)
            return MHD_YES;
        /* far too big: answered at once, the body never read */
    } else if (*upload_data_size) { /* bodies are counted and dropped: every endpoint is a GET */
        cs->body_bytes += *upload_data_size;
        *upload_data_size = 0;
        cs->too_big = cs->body_bytes > s->o.max_body_bytes;
        if (cs->body_bytes <= s->o.max_body_bytes + BODY_DRAIN)
            return MHD_YES;
        /* a body that may never end: answered now, and libmicrohttpd closes the connection */
    }
    if (cs->too_big) {
        srv_error(&out, 413, "TooBig", "request body: at most %zu bytes", s->o.max_body_bytes);
    } else {
        args_list a = {NULL, 0, 0, 0};
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &a);
        srv_http h = {
            .method = method,
            .host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
            .path = url,
            .args = a.args,
            .n_args = a.n,
            .busy = (unsigned)atomic_load(&s->connections) > s->o.max_connections,
            .nul = cs->nul,
            .nul_name = cs->nul_name,
            .conn = c};
        if (a.failed)
            srv_error(&out, 500, "InternalError", "out of memory");
        else
            srv_handle(s, &h, &out);
        free(a.args);
    }
send:;
    enum MHD_Result ret = send_resp(c, &out, s->cors_origin);
    free(out.body);
    free(out.file);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    cor_server *s = cls;
    conn_state *cs = *con_cls;
    if (cs && cs->headers_in)
        atomic_fetch_sub(&s->in_flight, 1);
    if (cs)
        cs->headers_in = 0;
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    cor_server *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        atomic_fetch_add(&s->connections, 1);
        *socket_context = calloc(1, sizeof(conn_state)); /* NULL: its requests are refused */
    } else {
        atomic_fetch_sub(&s->connections, 1);
        free(*socket_context);
        *socket_context = NULL;
    }
}

cor_status cor_server_start(cor_server *s, cor_err *err)
{
    if (s->daemon)
        return COR_OK;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, s->bind_addr, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)s->o.port);
        addr = (struct sockaddr *)&a4;
        s->loopback = (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, s->bind_addr, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)s->o.port);
        addr = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
        s->loopback = IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr);
    } else {
        return cor_err_set(err, COR_ERR_INPUT,
                           "bind: expected a numeric IPv4 or IPv6 address, found \"%s\"",
                           s->bind_addr);
    }
    if (s->o.port > 65535)
        return cor_err_set(err, COR_ERR_INPUT, "port: expected 0 to 65535, found %u", s->o.port);
    /* MHD refuses connections beyond its own limit silently; ours answers 503 up to it */
    unsigned hard_limit = s->o.max_connections + 64;
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)s->o.port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->o.threads, MHD_OPTION_CONNECTION_LIMIT,
        hard_limit, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->o.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)s->o.max_header_bytes * 2,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_END);
    if (!s->daemon)
        return cor_err_set(err, COR_ERR_IO, "cannot listen on %s port %u: %s", s->bind_addr,
                           s->o.port, errno ? strerror(errno) : "libmicrohttpd failed to start");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->o.port;
    return COR_OK;
}

void cor_server_stop(cor_server *s, unsigned grace_s)
{
    if (!s || !s->daemon)
        return;
    MHD_socket fd = MHD_quiesce_daemon(s->daemon); /* no new connections from here on */
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (unsigned i = 0; i < grace_s * 100 && atomic_load(&s->in_flight) > 0; i++)
        nanosleep(&tick, NULL);
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
}

void cor_server_free(cor_server *s)
{
    if (!s)
        return;
    cor_server_stop(s, 0);
    net_free(&s->plain);
    cor_navi_free(s->navi);
    cor_graph_free(s->graph);
    for (size_t i = 0; i < s->n_scen; i++)
        net_free(&s->scen[i]);
    free(s->scen);
    cor_demand_free(s->demand);
    cor_emissions_free(s->em);
    cor_countries_free(s->countries);
    cor_projects_free(s->projects);
    free(s->scenarios_json);
    for (size_t i = 0; s->cache && i < s->o.cache_entries; i++) {
        free(s->cache[i].key);
        free(s->cache[i].body);
    }
    free(s->cache);
    pthread_mutex_destroy(&s->cache_lock);
    for (size_t i = 0; i < s->n_dwell; i++) {
        free(s->dwell[i].stage_scenario);
        free(s->dwell[i].dwell_h);
    }
    free(s->dwell);
    pthread_mutex_destroy(&s->dwell_lock);
    free(s->net_dir);
    free(s->web_dir);
    free(s->vendor_dir);
    free(s->bind_addr);
    free(s->allow_hosts);
    free(s->cors_origin);
    free(s->demand_path);
    free(s);
}
