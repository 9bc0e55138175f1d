/* `corridor export pg`: a network (and a saved run's link flows) to PostgreSQL/PostGIS for
 * pgRouting and QGIS. Option parsing and printing only; the export is src/export/pg.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "corridor/export.h"
#include "corridor/store.h"

int cmd_export(int argc, char **argv)
{
    enum { O_DSN = 256, O_SCHEMA, O_SCENARIO, O_RUN, O_DB, O_TONNES, O_NET, O_HELP };
    static const struct option longopts[] = {{"dsn", required_argument, NULL, O_DSN},
                                             {"schema", required_argument, NULL, O_SCHEMA},
                                             {"scenario", required_argument, NULL, O_SCENARIO},
                                             {"run", required_argument, NULL, O_RUN},
                                             {"db", required_argument, NULL, O_DB},
                                             {"tonnes", required_argument, NULL, O_TONNES},
                                             {"net", required_argument, NULL, O_NET},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    cor_pg_opts o;
    memset(&o, 0, sizeof o);
    const char *net_dir = NULL, *db = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_DSN: o.dsn = optarg; break;
        case O_SCHEMA: o.schema = optarg; break;
        case O_SCENARIO: o.scenario = optarg; break;
        case O_DB: db = optarg; break;
        case O_NET: net_dir = optarg; break;
        case O_TONNES:
            if (!cli_parse_num("export", "--tonnes", optarg, 1e-9, &o.tonnes))
                return EXIT_USAGE;
            break;
        case O_RUN: {
            char *end;
            errno = 0;
            long long id = strtoll(optarg, &end, 10);
            if (errno || end == optarg || *end || id <= 0) {
                cli_error("export", "--run: expected a run id (a whole number > 0), found \"%s\"",
                          optarg);
                return EXIT_USAGE;
            }
            o.run_id = id;
            break;
        }
        case O_HELP: fputs(cli_help_export, stdout); return EXIT_OK;
        default:
            cli_error("export", "unknown or incomplete option \"%s\" (see corridor export --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1 || strcmp(argv[optind], "pg") != 0) {
        cli_error("export", "expected the target pg, found %s%s%s",
                  optind < argc ? "\"" : "nothing", optind < argc ? argv[optind] : "",
                  optind < argc ? "\"" : "");
        return EXIT_USAGE;
    }
    if (!o.dsn) {
        cli_error("export", "--dsn: expected a PostgreSQL connection string, found none");
        return EXIT_USAGE;
    }
    if (db && !o.run_id) {
        cli_error("export", "--db: only with --run ID");
        return EXIT_USAGE;
    }
    net_dir = cli_network_dir(net_dir);
    cor_net *net = cli_load(net_dir, o.scenario);
    if (!net)
        return EXIT_FAIL;
    int rc = EXIT_FAIL;
    cor_store *store = NULL;
    cor_link_flow *flows[2] = {NULL, NULL};
    cor_err err;
    if (o.run_id) {
        db = db ? db : cli_default_db(0);
        if (cor_store_open(db, 0, &store, &err) != COR_OK) {
            cli_error("export", "%s", err.msg);
            goto out;
        }
        if (cor_store_run_flows(store, o.run_id, flows, o.n_flows, &o.n_sides, &err) != COR_OK) {
            cli_error("export", "%s in %s", err.msg, db);
            goto out;
        }
        o.flows[0] = flows[0];
        o.flows[1] = flows[1];
    }
    cor_pg_counts n;
    if (cor_export_pg(net, &o, &n, &err) != COR_OK) {
        cli_error("export", "%s", err.msg);
        goto out;
    }
    printf("exported %zu vertices and %zu edges", n.vertices, n.edges);
    if (o.run_id)
        printf(" and %zu link flows of run %lld", n.flows, (long long)o.run_id);
    printf(" to schema %s\n", o.schema ? o.schema : "corridor");
    rc = EXIT_OK;
out:
    for (size_t s = 0; s < 2; s++)
        cor_store_flows_free(flows[s], o.n_flows[s]);
    cor_store_close(store);
    cor_net_free(net);
    return rc;
}
