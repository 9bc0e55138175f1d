/* `corridor compare`: the same demand assigned under two scenarios, and what changes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/freight_cli.h"

static void print_compare(FILE *f, const void *p)
{
    const print_ctx *c = p;
    cor_compare_print(f, c->name_a, c->net, c->r, c->name_b, c->net_b, c->r_b, c->demand,
                      &c->a->o);
    if (c->em)
        cor_co2e_print(f, c->em, c->demand, &c->a->o,
                       (cor_co2e_side[]){{c->net, c->r}, {c->net_b, c->r_b}}, 2);
}

int cmd_compare(int argc, char **argv)
{
    freight_args a;
    int rc = cli_freight_parse("compare", cli_help_compare, 1, argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *name_a = argv[optind], *name_b = argv[optind + 1];
    two_runs t;
    if (!two_runs_run("compare", &a, name_a, name_b, &t)) {
        two_runs_free(&t);
        return EXIT_FAIL;
    }
    int em_failed;
    cor_emissions *em = cli_load_emissions("compare", a.net_dir, &em_failed);
    if (em_failed) {
        two_runs_free(&t);
        return EXIT_FAIL;
    }
    print_ctx ctx = {t.net[0], t.net[1], name_a, name_b, t.demand, &a, t.r[0], t.r[1], em};
    int failed = a.json ? cli_write_owned(a.output, cli_freight_with_co2e(
                                                          cor_compare_json(name_a, t.net[0], t.r[0],
                                                                           name_b, t.net[1], t.r[1],
                                                                           t.demand),
                                                          &ctx, 2))
                        : cli_write_printed(a.output, print_compare, &ctx);
    cor_emissions_free(em);
    if (!failed && a.save)
        failed = cli_save_run(&(cli_run){"compare", a.save, a.net_dir, a.demand, a.started,
                                         t.demand, &a.o, 2, {name_a, name_b},
                                         {t.net[0], t.net[1]}, {t.r[0], t.r[1]}});
    two_runs_free(&t);
    return failed ? EXIT_FAIL : EXIT_OK;
}
