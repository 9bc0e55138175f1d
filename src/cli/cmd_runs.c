/* `corridor runs`: the run history saved with --save (list, show, delete). Option parsing and
 * printing only; the store is src/store/. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "corridor/store.h"

static int parse_id(const char *s, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0) {
        cli_error("runs", "expected a run id (a whole number > 0), found \"%s\"", s);
        return 0;
    }
    *id = v;
    return 1;
}

static void print_list(const cor_run_summary *r, size_t n, const char *db)
{
    if (!n) {
        printf("no runs in %s\n", db);
        return;
    }
    printf("%4s  %-20s  %-7s  %-28s  %-5s  %-11s  %s\n", "id", "saved (UTC)", "command",
           "scenario(s)", "method", "minimize", "tonnes routed / total");
    for (size_t i = 0; i < n; i++) {
        char routed[64];
        if (r[i].n_sides > 1)
            snprintf(routed, sizeof routed, "%.0f | %.0f", r[i].tonnes_routed[0],
                     r[i].tonnes_routed[1]);
        else
            snprintf(routed, sizeof routed, "%.0f", r[i].tonnes_routed[0]);
        printf("%4lld  %-20s  %-7s  %-28s  %-6s  %-11s  %s / %.0f\n", (long long)r[i].id,
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
static void print_run(json_t *j)
{
    json_t *p = json_object_get(j, "parameters");
    printf("run %lld: corridor %s, %s (corridor %s)\n",
           (long long)json_integer_value(json_object_get(j, "id")), str(j, "command"),
           str(j, "saved_utc"), str(j, "corridor_version"));
    printf("started %s; network %s; demand %s\n", str(j, "started_utc"), str(j, "net_dir"),
           str(j, "demand"));
    printf("method %s, minimize %s, VOT %g USD/t/h, shipment %g t, dwell %s\n", str(p, "method"),
           str(p, "minimize"), json_real_value(json_object_get(p, "vot_usd_per_t_h")),
           json_real_value(json_object_get(p, "tonnes")), str(p, "dwell"));
    printf("\ninputs (SHA-256):\n");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "inputs"), i, v)
        printf("  %s  %-8s %s\n", str(v, "sha256"), str(v, "role"), str(v, "path"));
    json_t *side;
    json_array_foreach(json_object_get(j, "sides"), i, side) {
        json_t *sc = json_object_get(side, "scenario");
        printf("\n%s%s: %.0f t/y routed, %.0f unrouted\n",
               json_array_size(json_object_get(j, "sides")) > 1 ? (i ? "B " : "A ") : "",
               json_is_string(sc) ? json_string_value(sc) : "(no scenario)",
               json_real_value(json_object_get(side, "tonnes_routed")),
               json_real_value(json_object_get(side, "tonnes_unrouted")));
        printf("  %-7s %14s %14s\n", "country", "transit t/y", "fees USD/y");
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(side, "countries"), k, c)
            printf("  %-7s %14.0f %14.0f\n", str(c, "country"),
                   json_real_value(json_object_get(c, "transit_tonnes")),
                   json_real_value(json_object_get(c, "fees_usd")));
        printf("  %zu links carry flow\n", json_array_size(json_object_get(side, "links")));
    }
}

int cmd_runs(int argc, char **argv)
{
    enum { O_DB = 256, O_JSON, O_HELP };
    static const struct option longopts[] = {{"db", required_argument, NULL, O_DB},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_JSON: json = 1; break;
        case O_HELP: fputs(cli_help_runs, stdout); return EXIT_OK;
        default:
            cli_error("runs", "unknown or incomplete option \"%s\" (see corridor runs --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    const char *action = optind < argc ? argv[optind] : "list";
    int64_t id = 0;
    int nargs = argc - optind;
    if (strcmp(action, "show") == 0 || strcmp(action, "delete") == 0) {
        if (nargs != 2) {
            cli_error("runs", "%s: expected one run id, found %d argument%s", action, nargs - 1,
                      nargs - 1 == 1 ? "" : "s");
            return EXIT_USAGE;
        }
        if (!parse_id(argv[optind + 1], &id))
            return EXIT_USAGE;
    } else if (strcmp(action, "list") != 0 || nargs > 1) {
        cli_error("runs", "expected list, show ID or delete ID, found \"%s\"", action);
        return EXIT_USAGE;
    }
    cor_store *s = NULL;
    cor_err err;
    if (!db)
        db = cli_default_db(0);
    if (cor_store_open(db, 0, &s, &err) != COR_OK) {
        cli_error("runs", "%s", err.msg);
        return EXIT_FAIL;
    }
    int rc = EXIT_FAIL;
    if (strcmp(action, "list") == 0) {
        cor_run_summary *runs;
        size_t n;
        if (cor_store_list(s, &runs, &n, &err) != COR_OK) {
            cli_error("runs", "%s", err.msg);
            goto out;
        }
        if (json) {
            char *text = cor_store_list_json(runs, n);
            rc = text && cli_write(NULL, text) == 0 ? EXIT_OK : EXIT_FAIL;
            free(text);
        } else {
            print_list(runs, n, db);
            rc = EXIT_OK;
        }
        cor_store_list_free(runs, n);
    } else if (strcmp(action, "show") == 0) {
        char *text;
        if (cor_store_get_json(s, id, &text, &err) != COR_OK) {
            cli_error("runs", "%s in %s", err.msg, db);
            goto out;
        }
        if (json) {
            rc = cli_write(NULL, text) == 0 ? EXIT_OK : EXIT_FAIL;
        } else {
            json_t *j = json_loads(text, 0, NULL);
            if (j)
                print_run(j);
            json_decref(j);
            rc = j ? EXIT_OK : EXIT_FAIL;
        }
        free(text);
    } else {
        if (cor_store_delete(s, id, &err) != COR_OK) {
            cli_error("runs", "%s in %s", err.msg, db);
            goto out;
        }
        printf("deleted run %lld from %s\n", (long long)id, db);
        rc = EXIT_OK;
    }
out:
    cor_store_close(s);
    return rc;
}
