/* The corridor endpoints of the server (/corridor/v1/...): the same queries and JSON as the
 * CLI's --json output, with options as query parameters (docs/server.md). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output/jw.h"
#include "server/server_int.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_FLAGS) : NULL;
    json_decref(j);
    return s;
}

/* A number >= min (and <= max) or a 400 naming the parameter. */
static int num_arg(const srv_req *r, const char *key, double min, double max, double *out,
                   srv_resp *resp)
{
    const char *s = srv_arg(r, key);
    if (!s)
        return 1;
    cor_err err;
    if (cor_number_parse(s, min, max, 0, out, &err) != COR_OK) {
        srv_error(resp, 400, "InvalidQuery", "%s: %s", key, err.msg);
        return 0;
    }
    return 1;
}

/* The route option `option` (cor_route_opts_set(): the CLI's parser, limits and messages)
 * given as parameter key, or a 400 (404 for a via node not in net) naming it. */
static int route_arg(const srv_req *r, const cor_net *net, const char *key, const char *option,
                     cor_route_opts *o, srv_resp *resp)
{
    const char *s = srv_arg(r, key);
    cor_err err;
    cor_status st = s ? cor_route_opts_set(o, net, option, s, &err) : COR_OK;
    if (st == COR_ERR_NOTFOUND)
        srv_error(resp, 404, "NotFound", "%s: %s", key, err.msg);
    else if (st != COR_OK)
        srv_error(resp, 400, "InvalidQuery", "%s: %s", key, err.msg);
    return st == COR_OK;
}

static int whole_arg(const srv_req *r, const char *key, double min, double max, size_t *out,
                     srv_resp *resp)
{
    double v = (double)*out;
    if (!num_arg(r, key, min, max, &v, resp))
        return 0;
    if (v != floor(v)) {
        srv_error(resp, 400, "InvalidQuery", "%s: expected a whole number, found \"%s\"", key,
                  srv_arg(r, key));
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

/* The routing options shared by route, assign and compare, as the CLI reads them. */
int srv_route_opts(const srv_req *r, const cor_net *net, int simulated_ok, cor_route_opts *o,
                   srv_resp *resp)
{
    static const char *const keys[] = {"minimize", "vot", "tonnes", "overlap", "modes",
                                       "status", "avoid", "via", "dwell", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (!route_arg(r, net, keys[i], keys[i], o, resp))
            return 0;
    const char *stage = srv_arg(r, "stage_scenario");
    if (o->dwell != COR_DWELL_SIMULATED) {
        if (!stage)
            return 1;
        srv_error(resp, 400, "InvalidQuery", "stage_scenario: only with dwell=simulated");
        return 0;
    }
    if (!simulated_ok) {
        srv_error(resp, 400, "InvalidQuery", "dwell: simulated applies to /corridor/v1/route "
                                             "only; expected mean or p95");
        return 0;
    }
    return (o->border_dwell_h = srv_sim_dwell(r->s, net, stage && *stage ? stage : NULL,
                                              resp)) != NULL;
}

static int find_node(const cor_net *net, const srv_req *r, const char *key, uint32_t *v,
                     srv_resp *resp)
{
    const char *s = srv_arg(r, key);
    cor_err err;
    if (!s || !*s) {
        srv_error(resp, 400, "InvalidQuery", "%s: expected a node name or id, found nothing", key);
        return 0;
    }
    if (cor_net_find_node(net, s, v, &err) != COR_OK) {
        srv_error(resp, 404, "NotFound", "%s: %s", key, err.msg);
        return 0;
    }
    return 1;
}

#define ROUTE_ARGS "minimize", "vot", "tonnes", "modes", "avoid", "status", "overlap", "dwell"

static void do_route(const srv_req *r, srv_resp *out)
{
    static const char *const allowed[] = {"from", "to", "via", "scenario", "alternatives",
                                          ROUTE_ARGS, "stage_scenario", NULL};
    if (!srv_only_args(r, allowed, out))
        return;
    const char *scenario = srv_arg(r, "scenario");
    const srv_net *sn = srv_net_of(r->s, scenario, out);
    if (!sn)
        return;
    cor_route_opts o;
    cor_route_opts_default(&o);
    uint32_t from, to;
    if (!route_arg(r, sn->net, "alternatives", "alternatives", &o, out) ||
        !find_node(sn->net, r, "from", &from, out) || !find_node(sn->net, r, "to", &to, out) ||
        !srv_route_opts(r, sn->net, 1, &o, out))
        return;
    cor_router *router = cor_router_new(sn->net);
    if (!router) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    cor_route_set *set = NULL;
    cor_err err;
    cor_status st = cor_route_query(router, from, to, &o, &set, &err);
    cor_router_free(router);
    if (st == COR_ERR_NOROUTE)
        srv_error(out, 404, "NoRoute", "%s", err.msg);
    else if (st == COR_ERR_INPUT)
        srv_error(out, 400, "InvalidQuery", "%s", err.msg);
    else if (st != COR_OK)
        srv_error(out, 500, "InternalError", "%s", err.msg);
    else {
        cor_emissions_apply_set(r->s->em, sn->net, set, o.tonnes);
        srv_json(out, cor_route_json(sn->net, sn->name, from, to, &o, set));
    }
    cor_route_set_free(set);
}

static void do_scenarios(const srv_req *r, srv_resp *out)
{
    static const char *const allowed[] = {NULL};
    if (!srv_only_args(r, allowed, out))
        return;
    srv_json(out, strdup(r->s->scenarios_json)); /* made once, at start */
}

/* A freight option (cor_freight_opts_set(): the CLI's parser, limits and messages) given as
 * parameter key, or a 400 naming it. */
static int freight_arg(const srv_req *r, const cor_net *net, const char *key,
                       cor_freight_opts *o, srv_resp *resp)
{
    const char *s = srv_arg(r, key);
    cor_err err;
    if (!s || cor_freight_opts_set(o, net, key, s, &err) == COR_OK)
        return 1;
    srv_error(resp, 400, "InvalidQuery", "%s: %s", key, err.msg);
    return 0;
}

/* Freight options: the route options plus method (aon or logit: an equilibrium is for the
 * command line), routes, theta. */
static int freight_opts(const srv_req *r, const cor_net *net, cor_freight_opts *o,
                        srv_resp *out)
{
    cor_freight_opts_default(o);
    o->route.alternatives = 3;
    const char *m = srv_arg(r, "method");
    cor_err err;
    if (m && cor_freight_method_parse(m, COR_FREIGHT_METHOD_BIT(COR_FREIGHT_AON) |
                                             COR_FREIGHT_METHOD_BIT(COR_FREIGHT_LOGIT),
                                      &o->method, &err) != COR_OK) {
        srv_error(out, 400, "InvalidQuery", "method: %s", err.msg);
        return 0;
    }
    return freight_arg(r, net, "routes", o, out) && freight_arg(r, net, "theta", o, out) &&
           srv_route_opts(r, net, 0, &o->route, out);
}

/* The cache key: the path and every parameter the answer depends on, in a fixed order. Returns
 * 0 when it does not fit in buf: such a query is answered but not cached (a truncated key could
 * name another query). */
static int cache_key(const srv_req *r, const char *const *keys, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "%s", r->path);
    for (size_t i = 0; keys[i] && len < n; i++) {
        const char *v = srv_arg(r, keys[i]);
        len += (size_t)snprintf(buf + len, n - len, "\n%s=%s", keys[i], v ? v : "\x01");
    }
    return len < n;
}

/* Answers from the cache when it holds the query (1: answered). Sets *cacheable and key for
 * srv_cache_put() afterwards. */
static int from_cache(const srv_req *r, const char *const *keys, char *key, size_t n,
                      int *cacheable, srv_resp *out)
{
    *cacheable = cache_key(r, keys, key, n);
    char *hit = *cacheable ? srv_cache_get(r->s, key) : NULL;
    if (!hit)
        return 0;
    srv_json(out, hit);
    out->cache = "hit";
    return 1;
}

/* The scenarios a and b of compare and appraise, or 0 after a 400. */
static int two_scenarios(const srv_req *r, const char **a, const char **b, srv_resp *out)
{
    *a = srv_arg(r, "a");
    *b = srv_arg(r, "b");
    if (*a && **a && *b && **b)
        return 1;
    srv_error(out, 400, "InvalidQuery", "%s: expected a scenario name, found nothing",
              !*a || !**a ? "a" : "b");
    return 0;
}

static int need_demand(const srv_req *r, srv_resp *out)
{
    if (r->s->demand)
        return 1;
    srv_error(out, 404, "NotFound", "no demand: %s/demand.csv does not exist and the server was "
                                    "started without --demand", r->s->net_dir);
    return 0;
}

static void do_assign(const srv_req *r, srv_resp *out)
{
    static const char *const allowed[] = {"scenario", "method", "routes", "theta", ROUTE_ARGS,
                                          NULL};
    if (!srv_only_args(r, allowed, out) || !need_demand(r, out))
        return;
    char key[4096];
    int cacheable;
    if (from_cache(r, allowed, key, sizeof key, &cacheable, out))
        return;
    const srv_net *sn = srv_net_of(r->s, srv_arg(r, "scenario"), out);
    cor_freight_opts o;
    if (!sn || !freight_opts(r, sn->net, &o, out) || !srv_assign_enter(r->s, out))
        return;
    cor_freight_result *res = NULL;
    cor_err err;
    o.cancelled = srv_client_gone;
    o.cancel_ctx = (void *)r;
    cor_status st = cor_freight_assign(sn->net, r->s->demand, &o, &res, &err);
    srv_assign_leave(r->s);
    if (st == COR_ERR_CANCELLED) {
        srv_error(out, 503, "Busy", "cancelled: the client closed the connection");
        return;
    }
    if (st != COR_OK) {
        srv_error(out, err.status == COR_ERR_INPUT ? 400 : 500,
                  err.status == COR_ERR_INPUT ? "InvalidQuery" : "InternalError", "%s", err.msg);
        return;
    }
    char *body = cor_freight_json(sn->net, sn->name, r->s->demand, &o, res);
    if (r->s->em) /* tonnes CO2e, as corridor assign --json gives them */
        body = cor_co2e_json_attach(body, r->s->em, r->s->demand, &o,
                                    (cor_co2e_side[]){{sn->net, res}}, 1);
    cor_freight_result_free(res);
    if (body && cacheable)
        srv_cache_put(r->s, key, body);
    srv_json(out, body);
    out->cache = "miss";
}

static void do_compare(const srv_req *r, srv_resp *out)
{
    static const char *const allowed[] = {"a", "b", "method", "routes", "theta", ROUTE_ARGS,
                                          NULL};
    if (!srv_only_args(r, allowed, out) || !need_demand(r, out))
        return;
    const char *a, *b;
    if (!two_scenarios(r, &a, &b, out))
        return;
    char key[4096];
    int cacheable;
    if (from_cache(r, allowed, key, sizeof key, &cacheable, out))
        return;
    const srv_net *na = srv_net_of(r->s, a, out), *nb = na ? srv_net_of(r->s, b, out) : NULL;
    cor_freight_opts o;
    if (!nb || !freight_opts(r, na->net, &o, out) || !srv_assign_enter(r->s, out))
        return;
    cor_freight_result *ra = NULL, *rb = NULL;
    cor_err err;
    o.cancelled = srv_client_gone;
    o.cancel_ctx = (void *)r;
    int failed = cor_freight_assign(na->net, r->s->demand, &o, &ra, &err) != COR_OK ||
                 cor_freight_assign(nb->net, r->s->demand, &o, &rb, &err) != COR_OK;
    srv_assign_leave(r->s);
    if (failed && err.status == COR_ERR_CANCELLED) {
        srv_error(out, 503, "Busy", "cancelled: the client closed the connection");
        cor_freight_result_free(ra);
        return;
    }
    if (failed) {
        srv_error(out, err.status == COR_ERR_INPUT ? 400 : 500,
                  err.status == COR_ERR_INPUT ? "InvalidQuery" : "InternalError", "%s", err.msg);
        cor_freight_result_free(ra);
        return;
    }
    char *body = cor_compare_json(a, na->net, ra, b, nb->net, rb, r->s->demand);
    if (r->s->em) /* tonnes CO2e, as corridor compare --json gives them */
        body = cor_co2e_json_attach(body, r->s->em, r->s->demand, &o,
                                    (cor_co2e_side[]){{na->net, ra}, {nb->net, rb}}, 2);
    /* the page draws the flow map of both sides: the link volumes go along (not in the CLI),
     * appended to the library's object without parsing it again */
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_reopen(&w, body);
    const cor_freight_result *side[2] = {ra, rb};
    const char *names[2] = {"a_link_tonnes", "b_link_tonnes"};
    for (int k = 0; k < 2; k++) {
        cor_jw_key(&w, names[k]);
        cor_jw_obj(&w);
        for (size_t i = 0; i < side[k]->n_links; i++)
            if (side[k]->link_tonnes[i] > 0) {
                cor_jw_key(&w, cor_net_link(na->net, (uint32_t)i)->id);
                cor_jw_real(&w, side[k]->link_tonnes[i]);
            }
        cor_jw_obj_end(&w);
    }
    cor_jw_obj_end(&w);
    body = cor_jw_finish(&w);
    cor_freight_result_free(ra);
    cor_freight_result_free(rb);
    if (body && cacheable)
        srv_cache_put(r->s, key, body);
    srv_json(out, body);
    out->cache = "miss";
}

/* /corridor/v1/appraise: corridor appraise A B --json, with the network's emissions.csv (when
 * it has one) and projects.csv, read when the server started. */
static void do_appraise(const srv_req *r, srv_resp *out)
{
    static const char *const allowed[] = {"a", "b", "from_year", "horizon", "discount",
                                          "carbon_price", "growth", "elasticity", "project",
                                          "method", "routes", "theta", ROUTE_ARGS, NULL};
    if (!srv_only_args(r, allowed, out) || !need_demand(r, out))
        return;
    const char *a, *b, *project = srv_arg(r, "project");
    if (!two_scenarios(r, &a, &b, out))
        return;
    cor_appraise_opts ao;
    cor_appraise_opts_default(&ao);
    if (project && *project) {
        ao.projects[0] = project;
        ao.n_projects = 1;
    }
    static const char *const numbers[] = {"from_year", "horizon",  "discount", "carbon_price",
                                          "growth",    "elasticity", NULL};
    for (size_t i = 0; numbers[i]; i++) {
        const char *v = srv_arg(r, numbers[i]);
        cor_err err;
        if (v && cor_appraise_opts_set(&ao, numbers[i], v, &err) != COR_OK) {
            srv_error(out, 400, "InvalidQuery", "%s: %s", numbers[i], err.msg);
            return;
        }
    }
    char key[4096];
    int cacheable;
    if (from_cache(r, allowed, key, sizeof key, &cacheable, out))
        return;
    const srv_net *na = srv_net_of(r->s, a, out), *nb = na ? srv_net_of(r->s, b, out) : NULL;
    cor_freight_opts o;
    if (!nb || !freight_opts(r, na->net, &o, out))
        return;
    if (!r->s->projects) {
        srv_error(out, 404, "NotFound", "no project costs: %s/projects.csv does not exist",
                  r->s->net_dir);
        return;
    }
    if (!srv_assign_enter(r->s, out))
        return;
    cor_freight_result *ra = NULL, *rb = NULL;
    cor_appraisal *ap = NULL;
    cor_err err;
    int failed = cor_freight_assign(na->net, r->s->demand, &o, &ra, &err) != COR_OK ||
                 cor_freight_assign(nb->net, r->s->demand, &o, &rb, &err) != COR_OK ||
                 cor_appraise(na->net, ra, nb->net, rb, r->s->demand, &o, r->s->em,
                              r->s->projects, &ao, &ap, &err) != COR_OK;
    srv_assign_leave(r->s);
    char *body = failed ? NULL : cor_appraisal_json(a, b, ap);
    if (failed)
        srv_error(out, err.status == COR_ERR_INPUT ? 400 : 500,
                  err.status == COR_ERR_INPUT ? "InvalidQuery" : "InternalError", "%s", err.msg);
    cor_appraisal_free(ap);
    cor_freight_result_free(ra);
    cor_freight_result_free(rb);
    if (failed)
        return;
    if (body && cacheable)
        srv_cache_put(r->s, key, body);
    srv_json(out, body);
    out->cache = "miss";
}

static void do_network(const srv_req *r, srv_resp *out, int geojson)
{
    static const char *const allowed[] = {"scenario", NULL};
    if (!srv_only_args(r, allowed, out))
        return;
    const srv_net *sn = srv_net_of(r->s, srv_arg(r, "scenario"), out);
    if (!sn)
        return;
    srv_json(out, geojson ? cor_net_geojson(sn->net) : cor_net_info_json(sn->net));
    if (geojson && out->status == 200)
        out->type = "application/geo+json";
}

/* ASCII case-insensitive substring search. */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    return NULL;
}

static void do_nodes(const srv_req *r, srv_resp *out)
{
    static const char *const allowed[] = {"q", "limit", "scenario", NULL};
    if (!srv_only_args(r, allowed, out))
        return;
    const srv_net *sn = srv_net_of(r->s, srv_arg(r, "scenario"), out);
    size_t limit = 10;
    if (!sn || !whole_arg(r, "limit", 1, 100, &limit, out))
        return;
    const char *q = srv_arg(r, "q");
    q = q ? q : "";
    json_t *list = json_array();
    /* names that start with q first, then names or ids that contain it */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t v = 0; v < cor_net_node_count(sn->net) && json_array_size(list) < limit;
             v++) {
            const cor_node *n = cor_net_node(sn->net, v);
            int prefix = strncasecmp(n->name, q, strlen(q)) == 0 ||
                         strncasecmp(n->id, q, strlen(q)) == 0;
            int inside = find_ci(n->name, q) || find_ci(n->id, q);
            if (pass == 0 ? !prefix : (prefix || !inside))
                continue;
            json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:[f,f], s:b}", "id", n->id,
                                                  "name", n->name, "country", n->country,
                                                  "location", n->lon, n->lat, "border_post",
                                                  (n->kinds & COR_KIND_BORDER_POST) != 0));
        }
    }
    srv_json(out, dump(json_pack("{s:s, s:o}", "q", q, "nodes", list)));
}

/* /corridor/v1/countries: {"countries": [{"country", "name"}]}, every country of the
 * network in code order, name null where iso-codes does not know the code (or is missing). */
static void do_countries(const srv_req *r, srv_resp *out)
{
    static const char *const allowed[] = {NULL};
    if (!srv_only_args(r, allowed, out))
        return;
    const cor_net *net = r->s->plain.net;
    unsigned char seen[26 * 26] = {0};
    for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
        const char *cc = cor_net_node(net, v)->country;
        if (cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z')
            seen[(cc[0] - 'A') * 26 + (cc[1] - 'A')] = 1;
    }
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_obj(&w);
    COR_JW_KEY(&w, "countries");
    cor_jw_arr(&w);
    for (int i = 0; i < 26 * 26; i++) {
        if (!seen[i])
            continue;
        char cc[3] = {(char)('A' + i / 26), (char)('A' + i % 26), '\0'};
        const char *name = cor_country_name(r->s->countries, cc);
        cor_jw_obj(&w);
        COR_JW_KSTR(&w, "country", cc);
        COR_JW_KEY(&w, "name");
        if (name)
            cor_jw_str(&w, name);
        else
            cor_jw_null(&w);
        cor_jw_obj_end(&w);
    }
    cor_jw_arr_end(&w);
    cor_jw_obj_end(&w);
    srv_json(out, cor_jw_finish(&w));
}

void srv_corridor(const srv_req *r, srv_resp *out)
{
    const char *p = r->path + strlen("/corridor/v1/");
    if (strcmp(p, "route") == 0)
        do_route(r, out);
    else if (strcmp(p, "scenarios") == 0)
        do_scenarios(r, out);
    else if (strcmp(p, "assign") == 0)
        do_assign(r, out);
    else if (strcmp(p, "compare") == 0)
        do_compare(r, out);
    else if (strcmp(p, "appraise") == 0)
        do_appraise(r, out);
    else if (strcmp(p, "network") == 0)
        do_network(r, out, 0);
    else if (strcmp(p, "network.geojson") == 0)
        do_network(r, out, 1);
    else if (strcmp(p, "nodes") == 0)
        do_nodes(r, out);
    else if (strcmp(p, "countries") == 0)
        do_countries(r, out);
    else
        srv_error(out, 404, "NotFound", "no such endpoint: %s (see docs/server.md)", r->path);
}
