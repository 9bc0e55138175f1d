/* `corridor assign` on a network: freight flows and their country accounts under one
 * scenario, spread over ranks in corridor-mpi (cor_dist_assign()). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/freight_cli.h"

static const char assign_help[] =
    "usage: corridor assign [options]\n"
    "\n"
    "Assigns an OD demand (tonnes per year) to the network and prints each flow's routes, the\n"
    "account of every country (tonnes, tonne-km, fees as origin, destination and transit) and\n"
    "the most loaded links.\n"
    "\n"
    "options:\n"
    "  --scenario NAME      apply a scenario (see corridor scenarios)\n"
    "  --demand FILE        OD demand (default NET/demand.csv; docs/freight.md)\n"
    "  --method M           aon: all-or-nothing (default); logit: shares over alternative\n"
    "                       routes; ue: user equilibrium with link capacities (path-based)\n"
    "  --routes K           logit: routes per OD pair (default 3)\n"
    "  --theta T            logit: dispersion per USD per tonne (default 0.05)\n"
    "  --gap G              ue: stop at relative gap G (default 1e-4)\n"
    "  --max-iter N         ue: or after N iterations (default 500)\n"
    "  --minimize, --vot, --tonnes, --modes, --avoid, --status, --overlap, --dwell\n"
    "                       as for corridor route (--tonnes is the shipment size)\n"
    "  --json               the result as JSON (docs/json.md)\n"
    "  -o, --output FILE    write the result to FILE (atomically)\n"
    "  --links-csv FILE     also write the link volumes as CSV\n"
    "  --geojson FILE       also write the loaded links as GeoJSON\n"
    "  --save[=DB]          also save the run in the SQLite run history DB (default\n"
    "                       $CORRIDOR_DB, else ~/.local/share/corridor/runs.db; see corridor\n"
    "                       runs, docs/storage.md)\n"
    "  --net DIR            network directory (default: $CORRIDOR_NET or the bundled one)\n"
    "\n"
    "corridor assign --tntp NET_FILE TRIPS_FILE [--algorithm aon|msa|fw|cfw|bfw|b] [--gap G]\n"
    "  [--max-iter N] [--toll-factor F] [--distance-factor F] [--json] [-o FILE]\n"
    "  [--flows-csv FILE] assigns a TNTP test network instead (corridor assign --tntp N T\n"
    "  --help; docs/assignment.md).\n";

static void print_assign(FILE *f, const void *p)
{
    const print_ctx *c = p;
    cor_freight_print(f, c->net, c->a->scenario, c->demand, &c->a->o, c->r);
    if (c->em)
        cor_co2e_print(f, c->em, c->demand, &c->a->o, (cor_co2e_side[]){{c->net, c->r}}, 1);
}

int cmd_assign(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--tntp") == 0 || strncmp(argv[i], "--tntp=", 7) == 0)
            return cmd_assign_tntp(argc, argv);
    freight_args a;
    int rc = cli_freight_parse("assign", assign_help, 0, argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(a.net_dir, a.scenario);
    if (!net)
        return EXIT_FAIL;
    rc = EXIT_FAIL;
    cor_demand *demand = NULL;
    cor_freight_result *r = NULL;
    cor_transport t;
    cli_dist_start(&argc, &argv, &t);
    /* corridor-mpi: an equilibrium iterates over all OD pairs at once, so rank 0 computes it
     * alone; the other methods are spread over the ranks */
    if (t.size > 1 && a.o.method != COR_FREIGHT_UE) {
        cor_err err;
        int ok = cli_check_avoid("assign", net, &a.o.route) &&
                 (demand = cli_freight_load_demand("assign", net, &a)) != NULL;
        cor_status st = ok ? cor_dist_assign(net, demand, &a.o, &t, &r, &err) : COR_ERR_INPUT;
        if (ok && st != COR_OK)
            cli_error("assign", "%s", err.msg);
        if (st != COR_OK || t.rank != 0) { /* the workers are done: rank 0 writes the answer */
            rc = st == COR_OK ? EXIT_OK : EXIT_FAIL;
            goto out;
        }
    } else if (t.rank != 0) {
        rc = EXIT_OK;
        goto out;
    }
    if (!r && (!cli_check_avoid("assign", net, &a.o.route) ||
               !(demand = cli_freight_load_demand("assign", net, &a)) ||
               !(r = cli_freight_run("assign", net, demand, &a))))
        goto out;
    int em_failed;
    cor_emissions *em = cli_load_emissions("assign", a.net_dir, &em_failed);
    if (em_failed)
        goto out;
    print_ctx ctx = {.net = net, .demand = demand, .a = &a, .r = r, .em = em};
    int failed = a.json ? cli_write_owned(a.output, cli_freight_with_co2e(
                                                          cor_freight_json(net, a.scenario, demand,
                                                                           &a.o, r),
                                                          &ctx, 1))
                        : cli_write_printed(a.output, print_assign, &ctx);
    cor_emissions_free(em);
    if (!failed && a.links_csv)
        failed = cli_write_owned(a.links_csv, cor_freight_links_csv(net, r));
    if (!failed && a.geojson)
        failed = cli_write_owned(a.geojson, cor_freight_links_geojson(net, r));
    if (!failed && a.save)
        failed = cli_save_run(&(cli_run){"assign", a.save, a.net_dir, a.demand, a.started, demand,
                                         &a.o, 1, {a.scenario}, {net}, {r}});
    rc = failed ? EXIT_FAIL : EXIT_OK;
out:
    cor_freight_result_free(r);
    cor_demand_free(demand);
    cor_net_free(net);
    cli_dist_end();
    return rc;
}
