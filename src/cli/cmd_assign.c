/* `corridor assign --tntp`: parses options, reads a TNTP problem, runs cor_assign_run() and
 * writes the summary, the JSON result or the link flows CSV (no algorithm here). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

static void progress(void *ctx, unsigned iteration, double gap)
{
    fprintf(stderr, "%s iteration %u: relative gap %.3e\n", (const char *)ctx, iteration, gap);
}

/* What the command line asked for. */
typedef struct tntp_args {
    cor_assign_opts o;
    const char *net_file, *trips_file, *out_file, *flows_file;
    int json;
} tntp_args;

/* --NAME VALUE through the library's cor_assign_opts_set(); 0 after printing why. */
static int assign_set(const char *name, const char *value, cor_assign_opts *o)
{
    char key[32];
    cor_err err;
    if (cor_assign_opts_set(o, cli_opt_key(name, key, sizeof key), value, &err) == COR_OK)
        return 1;
    cli_error("assign", "--%s: %s", name, err.msg);
    return 0;
}

/* Reads the options into a; -1 to go on, else an exit code. */
static int parse(int argc, char **argv, tntp_args *a)
{
    /* in the order of longopts: O_ALGO to O_DIST name their option longopts[c - O_TNTP] */
    enum { O_TNTP = 256, O_ALGO, O_GAP, O_MAXIT, O_TOLL, O_DIST, O_JSON, O_FLOWS, O_HELP };
    static const struct option longopts[] = {
        {"tntp", required_argument, NULL, O_TNTP},
        {"algorithm", required_argument, NULL, O_ALGO},
        {"gap", required_argument, NULL, O_GAP},
        {"max-iter", required_argument, NULL, O_MAXIT},
        {"toll-factor", required_argument, NULL, O_TOLL},
        {"distance-factor", required_argument, NULL, O_DIST},
        {"json", no_argument, NULL, O_JSON},
        {"output", required_argument, NULL, 'o'},
        {"flows-csv", required_argument, NULL, O_FLOWS},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    *a = (tntp_args){0};
    cor_assign_opts_default(&a->o);
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case O_TNTP:
            a->net_file = optarg;
            if (optind >= argc || argv[optind][0] == '-') {
                cli_error("assign", "--tntp: expected NET_FILE TRIPS_FILE, found one file");
                return EXIT_USAGE;
            }
            a->trips_file = argv[optind++];
            break;
        case O_JSON:
            a->json = 1;
            break;
        case 'o':
            a->out_file = optarg;
            break;
        case O_FLOWS:
            a->flows_file = optarg;
            break;
        case O_HELP:
            fputs(cli_help_assign_tntp, stdout);
            return EXIT_OK;
        case ':':
            cli_error("assign", "%s: expected a value", argv[optind - 1]);
            return EXIT_USAGE;
        case O_ALGO:
        case O_GAP:
        case O_MAXIT:
        case O_TOLL:
        case O_DIST:
            if (!assign_set(longopts[c - O_TNTP].name, optarg, &a->o))
                return EXIT_USAGE;
            break;
        default:
            cli_error("assign", "unknown option \"%s\"", argv[optind - 1]);
            fputs(cli_help_assign_tntp, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("assign", "unexpected argument \"%s\"", argv[optind]);
        return EXIT_USAGE;
    }
    if (!a->net_file) {
        cli_error("assign", "--tntp NET_FILE TRIPS_FILE: expected the network, found nothing");
        fputs(cli_help_assign_tntp, stderr);
        return EXIT_USAGE;
    }
    return -1;
}

int cmd_assign_tntp(int argc, char **argv)
{
    tntp_args a;
    int rc = parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_assign_opts o = a.o;
    cor_diags *d = cor_diags_new();
    if (!d) {
        cli_error("assign", "out of memory");
        return EXIT_FAIL;
    }
    cor_assign_net *net = NULL;
    cor_status st = cor_assign_tntp_load(a.net_file, a.trips_file, &net, d);
    cli_print_diags(d, 0);
    cor_diags_free(d);
    if (st != COR_OK) {
        cli_error("assign", "cannot read the TNTP problem");
        return EXIT_FAIL;
    }
    if (isatty(STDERR_FILENO)) {
        o.progress = progress;
        o.progress_ctx = (void *)cor_assign_algo_name(o.algorithm);
    }
    cor_assign_result *r = NULL;
    cor_err err;
    st = cor_assign_run(net, &o, &r, &err);
    rc = EXIT_FAIL;
    if (st != COR_OK) {
        cli_error("assign", "%s", err.msg);
        goto out;
    }
    if (!r->converged && r->algorithm != COR_ASSIGN_AON)
        fprintf(stderr, "corridor assign: warning: stopped by --max-iter after %u iterations at "
                        "relative gap %.3e, above --gap %g (not converged)\n",
                r->iterations, r->relative_gap, o.gap);
    char *text = a.json ? cor_assign_json(net, &o, r) : cor_assign_summary(net, r);
    char *csv = a.flows_file ? cor_assign_flows_csv(net, r) : NULL;
    if (!text || (a.flows_file && !csv)) {
        cli_error("assign", "out of memory");
    } else if ((!a.flows_file || cli_write(a.flows_file, csv) == 0) &&
               cli_write(a.out_file, text) == 0) {
        rc = EXIT_OK;
    }
    free(text);
    free(csv);
out:
    cor_assign_result_free(r);
    cor_assign_net_free(net);
    return rc;
}
