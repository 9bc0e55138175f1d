/* `corridor assign` on a network: freight flows and their country accounts under one
 * scenario, spread over ranks in corridor-mpi (cor_dist_assign()). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/freight_cli.h"

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
    int rc = cli_freight_parse("assign", cli_help_assign, 0, argc, argv, &a);
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
