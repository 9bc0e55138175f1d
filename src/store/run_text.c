/* The run history as text (`corridor runs`, `corridor runs show`): the run list, and a saved
 * run from its JSON. */
#include <jansson.h>
#include <stdio.h>

#include "corridor/store.h"

void cor_store_list_print(FILE *f, const cor_run_summary *r, size_t n, const char *db)
{
    if (!n) {
        fprintf(f, "no runs in %s\n", db);
        return;
    }
    fprintf(f, "%4s  %-20s  %-7s  %-28s  %-5s  %-11s  %s\n", "id", "saved (UTC)", "command",
            "scenario(s)", "method", "minimize", "tonnes routed / total");
    for (size_t i = 0; i < n; i++) {
        char routed[64];
        if (r[i].n_sides > 1)
            snprintf(routed, sizeof routed, "%.0f | %.0f", r[i].tonnes_routed[0],
                     r[i].tonnes_routed[1]);
        else
            snprintf(routed, sizeof routed, "%.0f", r[i].tonnes_routed[0]);
        fprintf(f, "%4lld  %-20s  %-7s  %-28s  %-6s  %-11s  %s / %.0f\n", (long long)r[i].id,
                r[i].saved_utc, r[i].command, *r[i].scenarios ? r[i].scenarios : "(none)",
                r[i].method, r[i].minimize, routed, r[i].tonnes_total);
    }
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "(none)";
}

/* The text view of a run: what it was run on and with, and its country accounts. */
static void print_run(FILE *f, json_t *j)
{
    json_t *p = json_object_get(j, "parameters");
    fprintf(f, "run %lld: corridor %s, %s (corridor %s)\n",
            (long long)json_integer_value(json_object_get(j, "id")), str(j, "command"),
            str(j, "saved_utc"), str(j, "corridor_version"));
    fprintf(f, "started %s; network %s; demand %s\n", str(j, "started_utc"), str(j, "net_dir"),
            str(j, "demand"));
    fprintf(f, "method %s, minimize %s, VOT %g USD/t/h, shipment %g t, dwell %s\n",
            str(p, "method"), str(p, "minimize"),
            json_real_value(json_object_get(p, "vot_usd_per_t_h")),
            json_real_value(json_object_get(p, "tonnes")), str(p, "dwell"));
    fputs("\ninputs (SHA-256):\n", f);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "inputs"), i, v)
        fprintf(f, "  %s  %-8s %s\n", str(v, "sha256"), str(v, "role"), str(v, "path"));
    json_t *side;
    json_array_foreach(json_object_get(j, "sides"), i, side) {
        json_t *sc = json_object_get(side, "scenario");
        fprintf(f, "\n%s%s: %.0f t/y routed, %.0f unrouted\n",
                json_array_size(json_object_get(j, "sides")) > 1 ? (i ? "B " : "A ") : "",
                json_is_string(sc) ? json_string_value(sc) : "(no scenario)",
                json_real_value(json_object_get(side, "tonnes_routed")),
                json_real_value(json_object_get(side, "tonnes_unrouted")));
        fprintf(f, "  %-7s %14s %14s\n", "country", "transit t/y", "fees USD/y");
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(side, "countries"), k, c)
            fprintf(f, "  %-7s %14.0f %14.0f\n", str(c, "country"),
                    json_real_value(json_object_get(c, "transit_tonnes")),
                    json_real_value(json_object_get(c, "fees_usd")));
        fprintf(f, "  %zu links carry flow\n", json_array_size(json_object_get(side, "links")));
    }
}

cor_status cor_store_run_print(FILE *f, const char *json)
{
    json_t *j = json_loads(json, 0, NULL);
    if (!j)
        return COR_ERR_INPUT;
    print_run(f, j);
    json_decref(j);
    return COR_OK;
}
