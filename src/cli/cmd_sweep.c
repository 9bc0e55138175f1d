/*
 * `corridor sweep`: runs every run of a sweep spec, in this process or, in the corridor-mpi
 * build (make mpi), spread over MPI ranks by cor_dist_sweep() (corridor/dist.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The test suite's way to make a rank die mid-sweep: CORRIDOR_SWEEP_CRASH_RANK=R aborts rank R
 * when it first asks rank 0 for work (always: a later request may never come when rank 0 has
 * run every run itself), so that the failure can be seen to be reported rather than hang. */
static void maybe_crash(int rank, int chunk)
{
    const char *r = getenv("CORRIDOR_SWEEP_CRASH_RANK");
    if (chunk == 0 && r && atoi(r) == rank) {
        fprintf(stderr, "corridor: sweep: rank %d stopping on purpose (CORRIDOR_SWEEP_CRASH_RANK)\n",
                rank);
        abort();
    }
}

int cmd_sweep(int argc, char **argv)
{
    enum { O_CSV = 256, O_QUIET, O_NET, O_HELP };
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"csv", required_argument, NULL, O_CSV},
                                             {"quiet", no_argument, NULL, O_QUIET},
                                             {"net", required_argument, NULL, O_NET},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    const char *db = NULL, *csv = NULL, *net = NULL;
    int quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': db = optarg; break;
        case O_CSV: csv = optarg; break;
        case O_QUIET: quiet = 1; break;
        case O_NET: net = optarg; break;
        case O_HELP: fputs(cli_help_sweep, stdout); return EXIT_OK;
        default:
            cli_error("sweep", "unknown or incomplete option \"%s\"", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_error("sweep", "expected one sweep spec, found %d argument%s", argc - optind,
                  argc - optind == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    cor_transport t;
    cli_dist_start(&argc, &argv, &t);
    int rank = t.rank;
    cor_diags *d = cor_diags_new();
    cor_sweep *s = NULL;
    cor_sweep_ctx *ctx = NULL;
    char **results = NULL;
    int rc = EXIT_FAIL;
    if (!d)
        goto out;
    /* every rank reads the spec and the network: a bad spec is reported by rank 0 and ends
     * every rank the same way, without a message exchange */
    if (cor_sweep_load(argv[optind], cli_network_dir(net), &s, d) != COR_OK ||
        cor_sweep_ctx_new(s, &ctx, d) != COR_OK) {
        if (rank == 0) {
            cli_print_diags(d, 0);
            cli_error("sweep", "cannot run %s", argv[optind]);
        }
        goto out;
    }
    size_t n = cor_sweep_run_count(s);
    cor_err err;
    if (rank == 0 && !(results = calloc(n, sizeof *results))) {
        cli_error("sweep", "out of memory");
        goto out;
    }
    if (cor_dist_sweep(ctx, n, results, &t, maybe_crash, &err) != COR_OK) {
        cli_error("sweep", "%s", err.msg);
        goto out;
    }
    if (rank != 0) {
        rc = EXIT_OK;
        goto out;
    }
    if (cor_sweep_write(s, results, db, csv, quiet ? NULL : stdout, &err) != COR_OK) {
        cli_error("sweep", "%s", err.msg);
        goto out;
    }
    rc = EXIT_OK;
out:
    for (size_t i = 0; results && s && i < cor_sweep_run_count(s); i++)
        free(results[i]);
    free(results);
    cor_sweep_ctx_free(ctx);
    cor_sweep_free(s);
    cor_diags_free(d);
    cli_dist_end();
    return rc;
}
