/* `corridor table`: many-to-many distances or times between points read from a CSV file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

typedef struct table_answer {
    const cor_graph *g;
    cor_metric metric;
    const cor_table_point *all;
    size_t n_src, n_dst;
    const uint64_t *d;
} table_answer;

static void print_table(FILE *f, const void *ctx)
{
    const table_answer *t = ctx;
    cor_table_print(f, t->g, t->metric, t->all, t->n_src, t->n_dst, t->d);
}

/* What the command line asked for. */
typedef struct table_args {
    const char *coords, *sources, *targets, *output;
    cor_metric metric;
    int json;
    double max_snap_km;
} table_args;

/* The sources then the targets (cor_table_points_read()), or NULL after printing why. */
static cor_table_point *read_points(const table_args *a, size_t *n_src, size_t *n_dst)
{
    cor_diags *d = cor_diags_new();
    cor_table_point *p = NULL;
    cor_status st = d ? cor_table_points_read(a->coords ? a->coords : a->sources, a->targets, &p,
                                              n_src, n_dst, d)
                      : COR_ERR_NOMEM;
    cli_print_diags(d, 0);
    cor_diags_free(d);
    if (st == COR_ERR_NOMEM)
        cli_error("table", "out of memory");
    return p;
}

/* Reads the options into a; -1 to go on, else an exit code. */
static int parse(int argc, char **argv, table_args *a)
{
    enum { O_COORDS = 256, O_SRC, O_DST, O_MIN, O_JSON, O_HELP, O_SNAP };
    static const struct option longopts[] = {
        {"coords", required_argument, NULL, O_COORDS}, {"sources", required_argument, NULL, O_SRC},
        {"targets", required_argument, NULL, O_DST},   {"minimize", required_argument, NULL, O_MIN},
        {"json", no_argument, NULL, O_JSON},           {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, O_HELP},
        {"max-snap-km", required_argument, NULL, O_SNAP},
        {NULL, 0, NULL, 0}};
    *a = (table_args){.metric = COR_METRIC_TIME, .max_snap_km = 20};
    int c;
    cor_err err;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case O_COORDS: a->coords = optarg; break;
        case O_SRC: a->sources = optarg; break;
        case O_DST: a->targets = optarg; break;
        case O_MIN:
            if (cor_metric_parse(optarg, &a->metric, &err) != COR_OK) {
                cli_error("table", "--minimize: %s", err.msg);
                return EXIT_USAGE;
            }
            break;
        case O_JSON: a->json = 1; break;
        case O_SNAP: {
            char *end;
            a->max_snap_km = strtod(optarg, &end);
            if (end == optarg || *end || !(a->max_snap_km >= 0)) {
                cli_error("table", "--max-snap-km: expected a number >= 0, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        }
        case 'o': a->output = optarg; break;
        case O_HELP: fputs(cli_help_table, stdout); return EXIT_OK;
        default:
            cli_error("table", "unknown or incomplete option \"%s\" (see corridor table --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_error("table", "expected one network (a snapshot or a directory), found %d arguments",
                  argc - optind);
        return EXIT_USAGE;
    }
    if (!a->coords == !(a->sources && a->targets) || (a->coords && (a->sources || a->targets)) ||
        (!a->sources != !a->targets)) {
        cli_error("table", "expected --coords FILE, or --sources FILE and --targets FILE");
        return EXIT_USAGE;
    }
    return -1;
}

int cmd_table(int argc, char **argv)
{
    table_args a;
    int rc = parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    rc = EXIT_FAIL;
    int dist_started = 0;
    size_t n_src = 0, n_dst = 0;
    cor_table_point *all = NULL;
    cor_graph *g = NULL;
    cor_gquery *q = NULL;
    uint32_t *src = NULL, *dst = NULL;
    uint64_t *d = NULL;
    if (!(all = read_points(&a, &n_src, &n_dst)) ||
        !(g = cli_load_graph("table", argv[optind], NULL)))
        goto out;
    cor_err err = {0};
    if (cor_table_snap(g, all, n_src, n_dst, a.max_snap_km, &src, &dst, &err) != COR_OK) {
        cli_error("table", "%s", err.msg);
        goto out;
    }
    d = calloc(n_src * n_dst, sizeof *d);
    q = cor_gquery_new(g);
    if (!d || !q) {
        cli_error("table", "out of memory");
        goto out;
    }
    /* corridor-mpi: each rank computes a block of sources (rows); rank 0 writes the table */
    cor_transport ranks;
    cli_dist_start(&argc, &argv, &ranks);
    dist_started = 1;
    if (cor_dist_table(q, a.metric, src, n_src, dst, n_dst, d, &ranks, &err) != COR_OK)
        cli_error("table", "%s", err.msg);
    else if (ranks.rank != 0)
        rc = EXIT_OK;
    else {
        char *json = a.json ? cor_table_json(g, a.metric, all, n_src, n_dst, d) : NULL;
        if (a.json && !json)
            cli_error("table", "out of memory");
        else
            rc = cli_emit("table", a.output, json, print_table,
                          &(table_answer){g, a.metric, all, n_src, n_dst, d});
    }
out:
    cor_gquery_free(q);
    cor_graph_free(g);
    free(all);
    free(src);
    free(dst);
    free(d);
    if (dist_started)
        cli_dist_end();
    return rc;
}
