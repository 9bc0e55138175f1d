/* Route options by name: the one parser, set of limits and messages that the CLI's --NAME
 * options and the server's NAME= parameters share (the front ends only put the option's name
 * before a message). */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/route.h"
#include "util/strutil.h"

cor_status cor_objective_parse(const char *s, cor_objective *out, cor_err *err)
{
    static const char *const names[] = {"time", "cost", "distance", "generalized", NULL};
    static const cor_objective objective[] = {COR_MIN_TIME, COR_MIN_COST, COR_MIN_DISTANCE,
                                              COR_MIN_GENERALIZED};
    int i = 0;
    cor_status st = cor_pick_word(s, names, "time, cost, distance or generalized", &i, err);
    if (st == COR_OK)
        *out = objective[i];
    return st;
}

cor_status cor_dwell_parse(const char *s, cor_dwell *out, cor_err *err)
{
    static const char *const names[] = {"mean", "p95", "simulated", NULL};
    static const cor_dwell dwell[] = {COR_DWELL_MEAN, COR_DWELL_P95, COR_DWELL_SIMULATED};
    int i = 0;
    cor_status st = cor_pick_word(s, names, "mean, p95 or simulated", &i, err);
    if (st == COR_OK)
        *out = dwell[i];
    return st;
}

static cor_status mode_word(const char *w, void *ctx)
{
    unsigned *mask = ((void **)ctx)[0];
    cor_err *err = ((void **)ctx)[1];
    int m = cor_mode_parse(w);
    if (m < 0 || !(COR_TRANSPORT_MODES & COR_MODE_BIT(m)))
        return cor_err_set(err, COR_ERR_INPUT, "expected rail, road, sea or ferry, found \"%.80s\"",
                           w);
    *mask |= COR_MODE_BIT(m);
    return COR_OK;
}

cor_status cor_mode_mask_parse(const char *s, unsigned *mask, cor_err *err)
{
    unsigned m = 0;
    void *ctx[] = {&m, err};
    cor_status st = cor_each_word(s, mode_word, ctx, err);
    if (st != COR_OK)
        return st;
    if (!m)
        return cor_err_set(err, COR_ERR_INPUT, "expected at least one mode");
    *mask = m;
    return COR_OK;
}

static cor_status status_word(const char *w, void *ctx)
{
    unsigned *mask = ((void **)ctx)[0];
    cor_err *err = ((void **)ctx)[1];
    int st = cor_status_parse(w);
    if (st < 0)
        return cor_err_set(err, COR_ERR_INPUT, "expected operating, construction, planned or "
                                               "closed, found \"%.80s\"", w);
    *mask |= COR_STATUS_BIT(st);
    return COR_OK;
}

cor_status cor_status_mask_parse(const char *s, unsigned *mask, cor_err *err)
{
    unsigned m = 0;
    int level = cor_status_parse(s);
    if (level >= 0) { /* one word: that status and every more advanced one */
        for (int i = 0; i <= level; i++)
            m |= COR_STATUS_BIT(i);
    } else {
        void *ctx[] = {&m, err};
        cor_status st = cor_each_word(s, status_word, ctx, err);
        if (st != COR_OK)
            return st;
    }
    if (!m)
        return cor_err_set(err, COR_ERR_INPUT, "expected at least one status");
    *mask = m;
    return COR_OK;
}

typedef struct list_ctx {
    cor_route_opts *o;
    const cor_net *net;
    cor_err *err;
} list_ctx;

static cor_status country_check(const cor_net *net, const char *cc, cor_err *err)
{
    for (uint32_t v = 0; v < cor_net_node_count(net); v++)
        if (strcmp(cor_net_node(net, v)->country, cc) == 0)
            return COR_OK;
    return cor_err_set(err, COR_ERR_INPUT, "no node of the network is in country %s", cc);
}

static cor_status avoid_word(const char *w, void *p)
{
    list_ctx *c = p;
    if (strlen(w) != 2 || !isalpha((unsigned char)w[0]) || !isalpha((unsigned char)w[1]))
        return cor_err_set(c->err, COR_ERR_INPUT, "expected two-letter country codes such as GE, "
                                                  "found \"%.80s\"", w);
    if (c->o->n_avoid == COR_ROUTE_MAX_AVOID)
        return cor_err_set(c->err, COR_ERR_INPUT, "at most %d countries", COR_ROUTE_MAX_AVOID);
    char *cc = c->o->avoid[c->o->n_avoid++];
    cc[0] = (char)toupper((unsigned char)w[0]);
    cc[1] = (char)toupper((unsigned char)w[1]);
    cc[2] = '\0';
    /* a typo would silently avoid nothing */
    return c->net ? country_check(c->net, cc, c->err) : COR_OK;
}

static cor_status via_word(const char *w, void *p)
{
    list_ctx *c = p;
    if (c->o->n_via == COR_ROUTE_MAX_VIA)
        return cor_err_set(c->err, COR_ERR_INPUT, "at most %d nodes", COR_ROUTE_MAX_VIA);
    cor_status st = cor_net_find_node(c->net, w, &c->o->via[c->o->n_via], c->err);
    if (st == COR_OK)
        c->o->n_via++;
    return st;
}

/* The numeric options: limits[i] goes to the field of set_number(). */
static const struct {
    const char *name;
    double min, max;
    int whole;
} limits[] = {
    {"vot", 0, COR_ROUTE_MAX_VOT, 0},
    {"tonnes", 1e-6, COR_ROUTE_MAX_TONNES, 0},
    {"overlap", 0, 1, 0},
    {"alternatives", 1, COR_ROUTE_MAX_ALTERNATIVES, 1},
};

static cor_status set_number(cor_route_opts *o, size_t i, const char *value, cor_err *err)
{
    double v;
    cor_status st = cor_number_parse(value, limits[i].min, limits[i].max, limits[i].whole, &v,
                                     err);
    if (st != COR_OK)
        return st;
    switch (i) {
    case 0: o->vot_usd_per_t_h = v; break;
    case 1: o->tonnes = v; break;
    case 2: o->max_overlap = v; break;
    default: o->alternatives = (size_t)v; break;
    }
    return COR_OK;
}

static cor_status set_word(cor_route_opts *o, const cor_net *net, const char *name,
                           const char *value, cor_err *err)
{
    if (strcmp(name, "minimize") == 0)
        return cor_objective_parse(value, &o->minimize, err);
    if (strcmp(name, "dwell") == 0)
        return cor_dwell_parse(value, &o->dwell, err);
    if (strcmp(name, "modes") == 0)
        return cor_mode_mask_parse(value, &o->modes, err);
    if (strcmp(name, "status") == 0)
        return cor_status_mask_parse(value, &o->statuses, err);
    list_ctx c = {o, net, err};
    if (strcmp(name, "avoid") == 0)
        return cor_each_word(value, avoid_word, &c, err);
    if (strcmp(name, "via") == 0) {
        if (!net)
            return cor_err_set(err, COR_ERR_INPUT, "node names need the network");
        return cor_each_word(value, via_word, &c, err);
    }
    return cor_err_set(err, COR_ERR_NOTFOUND, "%s: not a route option", name);
}

cor_status cor_route_opts_set(cor_route_opts *o, const cor_net *net, const char *name,
                              const char *value, cor_err *err)
{
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
        if (strcmp(name, limits[i].name) == 0)
            return set_number(o, i, value, err);
    cor_route_opts copy = *o; /* a failed call leaves o as it was */
    cor_status st = set_word(&copy, net, name, value, err);
    if (st == COR_OK)
        *o = copy;
    return st;
}

cor_status cor_route_opts_check(const cor_route_opts *o, const cor_net *net, cor_err *err)
{
    for (size_t i = 0; i < o->n_avoid; i++) {
        cor_status st = country_check(net, o->avoid[i], err);
        if (st != COR_OK)
            return st;
    }
    return COR_OK;
}
