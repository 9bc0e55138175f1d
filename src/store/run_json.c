/* A saved run as JSON, and the run list as JSON. The summary keys repeat the original
 * command's --json output (src/output/freight_out.c) from the stored doubles, with the same
 * arithmetic and the same number format, so that they compare byte for byte. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/freight.h"
#include "store/store_int.h"
#include "output/account_json.h"

/* as in src/output/freight_out.c: the figures must print the same */
#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

static const char *const role_names[COR_ROLE_COUNT] = {"origin", "destination", "transit"};

typedef struct side {
    json_t *scenario, *chain;
    double routed, unrouted;
    cor_country_account *acc;
    size_t n_acc;
    json_t *links;
    json_t *od;
} side;

static json_t *text_or_null(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? json_string((const char *)t) : json_null();
}

static json_t *text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return json_string(t ? (const char *)t : "");
}

/* "a,b,c" as ["a","b","c"]; "" as []. */
static json_t *split_list(sqlite3_stmt *st, int i)
{
    json_t *a = json_array();
    const unsigned char *t = sqlite3_column_text(st, i);
    char *copy = t ? strdup((const char *)t) : NULL, *save = NULL;
    for (char *w = copy ? strtok_r(copy, ",", &save) : NULL; w; w = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(w));
    free(copy);
    return a;
}



static json_t *accounts_json(const side *s)
{
    json_t *a = json_array();
    for (size_t i = 0; i < s->n_acc; i++)
        json_array_append_new(a, cor_account_json(&s->acc[i]));
    return a;
}



/* compare's "od", as cor_compare_json() gives it, from the two sides' main routes (v2) */
static json_t *compare_od(json_t *a, json_t *b)
{
    json_t *ods = json_array();
    for (size_t i = 0; i < json_array_size(a) && i < json_array_size(b); i++) {
        json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
        json_t *ca = json_object_get(x, "main_countries"), *cb = json_object_get(y, "main_countries");
        json_array_append_new(
            ods, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:b, s:O, s:O}", "from",
                           json_object_get(x, "from"), "to", json_object_get(x, "to"),
                           "commodity", json_object_get(x, "commodity"), "tonnes",
                           json_object_get(x, "tonnes"), "a_countries", ca, "b_countries", cb,
                           "changed", !json_equal(ca, cb), "a_cost_per_t",
                           json_object_get(x, "cost_per_t"), "b_cost_per_t",
                           json_object_get(y, "cost_per_t")));
    }
    return ods;
}

static void sides_free(side *sd, size_t n)
{
    for (size_t i = 0; sd && i < n; i++) {
        json_decref(sd[i].scenario);
        json_decref(sd[i].chain);
        json_decref(sd[i].links);
        json_decref(sd[i].od);
        free(sd[i].acc);
    }
    free(sd);
}

static int role_index(const unsigned char *t)
{
    for (int r = 0; r < COR_ROLE_COUNT; r++)
        if (t && strcmp((const char *)t, role_names[r]) == 0)
            return r;
    return -1;
}

static json_t *real_or_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null()
                                                      : json_real(sqlite3_column_double(st, i));
}

/* The OD flows of a side with their main routes; null when the run did not record them. */
static json_t *read_od(sqlite3 *db, int64_t id, long side_no, int od_saved)
{
    if (!od_saved)
        return json_null();
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT from_node, to_node, commodity, tonnes, routed, cost_per_t, "
                           "main_share, main_countries, main_km, main_hours, message FROM run_od "
                           "WHERE run_id = ? AND side = ? ORDER BY pos", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, side_no);
    json_t *a = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *countries = json_array();
        const unsigned char *t = sqlite3_column_text(st, 7);
        char *copy = t ? strdup((const char *)t) : NULL, *save = NULL;
        for (char *w = copy ? strtok_r(copy, ">", &save) : NULL; w; w = strtok_r(NULL, ">", &save))
            json_array_append_new(countries, json_string(w));
        free(copy);
        json_t *o = json_pack("{s:o, s:o, s:o, s:f, s:b, s:o, s:o, s:o, s:o, s:o}", "from",
                              text(st, 0), "to", text(st, 1), "commodity", text(st, 2), "tonnes",
                              sqlite3_column_double(st, 3), "routed", sqlite3_column_int(st, 4),
                              "cost_per_t", real_or_null(st, 5), "main_share",
                              real_or_null(st, 6), "main_countries",
                              t ? countries : (json_decref(countries), json_null()), "main_km",
                              real_or_null(st, 8), "main_hours", real_or_null(st, 9));
        if (sqlite3_column_type(st, 10) != SQLITE_NULL)
            json_object_set_new(o, "message", text(st, 10));
        json_array_append_new(a, o);
    }
    sqlite3_finalize(st);
    return a;
}

/* Reads the sides of run id. Returns the count, or -1 on a database error. */
static long read_sides(sqlite3 *db, int64_t id, int od_saved, side **out)
{
    *out = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT scenario, scenario_chain, tonnes_routed, tonnes_unrouted FROM "
                           "run_sides WHERE run_id = ? ORDER BY side", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    side *sd = calloc(2, sizeof *sd);
    long n = 0;
    while (sd && n < 2 && sqlite3_step(st) == SQLITE_ROW) {
        sd[n].scenario = text_or_null(st, 0);
        sd[n].chain = text_or_null(st, 1);
        sd[n].routed = sqlite3_column_double(st, 2);
        sd[n].unrouted = sqlite3_column_double(st, 3);
        sd[n].links = json_array();
        n++;
    }
    sqlite3_finalize(st);
    if (!sd)
        return -1;
    /* accounts: one row per country and role, countries in code order as the result has them */
    for (long i = 0; i < n; i++) {
        if (sqlite3_prepare_v2(db,
                               "SELECT country, role, tonnes, tonne_km, fees_usd FROM run_accounts "
                               "WHERE run_id = ? AND side = ? ORDER BY country", -1, &st,
                               NULL) != SQLITE_OK)
            goto fail;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, i);
        size_t cap = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *cc = (const char *)sqlite3_column_text(st, 0);
            int role = role_index(sqlite3_column_text(st, 1));
            if (!cc || role < 0)
                continue;
            side *s = &sd[i];
            if (!s->n_acc || strcmp(s->acc[s->n_acc - 1].country, cc) != 0) {
                if (s->n_acc == cap) {
                    cap = cap ? 2 * cap : 16;
                    cor_country_account *na = realloc(s->acc, cap * sizeof *na);
                    if (!na) {
                        sqlite3_finalize(st);
                        goto fail;
                    }
                    s->acc = na;
                }
                memset(&s->acc[s->n_acc], 0, sizeof *s->acc);
                snprintf(s->acc[s->n_acc].country, sizeof s->acc->country, "%s", cc);
                s->n_acc++;
            }
            cor_country_account *a = &s->acc[s->n_acc - 1];
            a->tonnes[role] = sqlite3_column_double(st, 2);
            a->tonne_km[role] = sqlite3_column_double(st, 3);
            a->fees_usd[role] = sqlite3_column_double(st, 4);
        }
        sqlite3_finalize(st);
        if (sqlite3_prepare_v2(db,
                               "SELECT link, tonnes FROM run_link_flows WHERE run_id = ? AND "
                               "side = ? ORDER BY tonnes DESC, link", -1, &st, NULL) != SQLITE_OK)
            goto fail;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, i);
        while (sqlite3_step(st) == SQLITE_ROW)
            json_array_append_new(sd[i].links,
                                  json_pack("{s:o, s:f}", "link", text(st, 0), "tonnes",
                                            sqlite3_column_double(st, 1)));
        sqlite3_finalize(st);
        if (!(sd[i].od = read_od(db, id, i, od_saved)))
            goto fail;
    }
    *out = sd;
    return n;
fail:
    sides_free(sd, (size_t)n);
    return -1;
}

cor_status cor_store_get_json(cor_store *s, int64_t id, char **json, cor_err *err)
{
    *json = NULL;
    sqlite3 *db = cor_store_db(s);
    sqlite3_stmt *st;
    cor_status ok = cor_store_check_run(s, id, 1, err);
    if (ok != COR_OK)
        return ok;
    if (sqlite3_prepare_v2(db,
                           "SELECT command, started_utc, saved_utc, corridor_version, net_dir, "
                           "demand_path, method, minimize, vot_usd_per_t_h, shipment_tonnes, "
                           "modes, statuses, avoid, dwell, routes_per_od, max_overlap, theta, "
                           "tonnes_total, od_saved FROM runs WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
        return cor_err_set(err, COR_ERR_IO, "cannot read run %lld: %s", (long long)id,
                           sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return cor_err_set(err, COR_ERR_NOTFOUND, "no run %lld", (long long)id);
    }
    const char *command = (const char *)sqlite3_column_text(st, 0);
    int compare = command && strcmp(command, "compare") == 0;
    int logit = strcmp((const char *)sqlite3_column_text(st, 6), "logit") == 0;
    double theta = sqlite3_column_double(st, 16), tonnes_total = sqlite3_column_double(st, 17);
    json_int_t routes = sqlite3_column_int64(st, 14);
    int od_saved = sqlite3_column_int(st, 18);
    json_t *top = json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)id, "command", text(st, 0),
        "started_utc", text(st, 1), "saved_utc", text(st, 2), "corridor_version", text(st, 3),
        "net_dir", text(st, 4), "demand", text(st, 5));
    json_t *params = json_pack(
        "{s:o, s:o, s:f, s:f, s:o, s:o, s:o, s:o, s:I, s:f, s:f}", "method", text(st, 6),
        "minimize", text(st, 7), "vot_usd_per_t_h", sqlite3_column_double(st, 8), "tonnes",
        sqlite3_column_double(st, 9), "modes", split_list(st, 10), "statuses",
        split_list(st, 11), "avoid", split_list(st, 12), "dwell", text(st, 13), "routes_per_od",
        routes, "overlap", sqlite3_column_double(st, 15), "theta", theta);
    json_t *method = text(st, 6), *minimize = text(st, 7);
    sqlite3_finalize(st);
    json_object_set_new(top, "parameters", params);

    json_t *inputs = json_array();
    if (sqlite3_prepare_v2(db,
                           "SELECT role, path, sha256 FROM run_inputs WHERE run_id = ? ORDER BY "
                           "pos", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW)
            json_array_append_new(inputs, json_pack("{s:o, s:o, s:o}", "role", text(st, 0),
                                                    "path", text(st, 1), "sha256", text(st, 2)));
        sqlite3_finalize(st);
    }
    json_object_set_new(top, "inputs", inputs);

    side *sd;
    long n = read_sides(db, id, od_saved, &sd);
    if (n < 0 || n != (compare ? 2 : 1)) {
        json_decref(top);
        json_decref(method);
        json_decref(minimize);
        if (n >= 0)
            sides_free(sd, (size_t)n);
        return cor_err_set(err, COR_ERR_IO, "cannot read run %lld: %s", (long long)id,
                           n < 0 ? sqlite3_errmsg(db) : "its assignments are missing");
    }
    /* the summary keys of the original output */
    if (compare) {
        json_object_set(top, "a", sd[0].scenario);
        json_object_set(top, "b", sd[1].scenario);
        json_object_set_new(top, "tonnes_total", json_real(tonnes_total));
        json_object_set_new(top, "a_tonnes_routed", json_real(sd[0].routed));
        json_object_set_new(top, "b_tonnes_routed", json_real(sd[1].routed));
        json_object_set_new(top, "countries", cor_compare_countries_json(sd[0].acc, sd[0].n_acc, sd[1].acc, sd[1].n_acc));
        if (od_saved)
            json_object_set_new(top, "od", compare_od(sd[0].od, sd[1].od));
        json_decref(method);
        json_decref(minimize);
    } else {
        json_object_set(top, "scenario", sd[0].scenario);
        json_object_set_new(top, "method", method);
        json_object_set_new(top, "minimize", minimize);
        json_object_set_new(top, "tonnes_total", json_real(tonnes_total));
        json_object_set_new(top, "tonnes_routed", json_real(sd[0].routed));
        json_object_set_new(top, "tonnes_unrouted", json_real(sd[0].unrouted));
        if (logit) {
            json_object_set_new(top, "theta", json_real(theta));
            json_object_set_new(top, "routes_per_od", json_integer(routes));
        }
        json_object_set_new(top, "countries", accounts_json(&sd[0]));
    }
    json_t *sides = json_array();
    for (long i = 0; i < n; i++)
        json_array_append_new(
            sides, json_pack("{s:O, s:O, s:f, s:f, s:o, s:O, s:O}", "scenario", sd[i].scenario,
                             "scenario_chain", sd[i].chain, "tonnes_routed", sd[i].routed,
                             "tonnes_unrouted", sd[i].unrouted, "countries",
                             accounts_json(&sd[i]), "links", sd[i].links, "od", sd[i].od));
    json_object_set_new(top, "sides", sides);
    sides_free(sd, (size_t)n);
    /* corridor appraise --save: the appraisal as it was printed (schema v3) */
    if (sqlite3_prepare_v2(db, "SELECT appraisal FROM run_appraisals WHERE run_id = ?", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(st, 0);
            json_t *ap = t ? json_loads(t, 0, NULL) : NULL;
            if (ap)
                json_object_set_new(top, "appraisal", ap);
        }
        sqlite3_finalize(st);
    }
    *json = top ? json_dumps(top, JSON_FLAGS) : NULL;
    json_decref(top);
    if (!*json)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    return COR_OK;
}

char *cor_store_list_json(const cor_run_summary *runs, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const cor_run_summary *r = &runs[i];
        json_t *routed = json_array();
        for (size_t k = 0; k < r->n_sides && k < 2; k++)
            json_array_append_new(routed, json_real(r->tonnes_routed[k]));
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:o}", "id",
                         (json_int_t)r->id, "started_utc", r->started_utc, "saved_utc",
                         r->saved_utc, "command", r->command, "scenarios", r->scenarios,
                         "method", r->method, "minimize", r->minimize, "corridor_version",
                         r->corridor_version, "tonnes_total", r->tonnes_total, "tonnes_routed",
                         routed));
    }
    char *s = a ? json_dumps(a, JSON_FLAGS) : NULL;
    json_decref(a);
    return s;
}
