/* `corridor table`: many-to-many distances or times between points read from a CSV file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "load/csvfile.h"

typedef struct points {
    cor_csv *csv;
    cor_table_point *p;
    char (*labels)[24]; /* without an id column: "1", "2", ... in file order */
    size_t n;
} points;

static int read_points(const char *path, points *out)
{
    cor_diags *d = cor_diags_new();
    out->csv = NULL;
    cor_status st = d ? cor_csv_read(path, path, &out->csv, d) : COR_ERR_NOMEM;
    int ok = st == COR_OK && cor_diags_errors(d) == 0;
    cli_print_diags(d, 0);
    cor_diags_free(d);
    if (!ok) {
        if (st == COR_ERR_NOMEM)
            cli_error("table", "out of memory");
        return 0;
    }
    cor_csv *c = out->csv;
    int ci = cor_csv_col(c, "id"), cla = cor_csv_col(c, "lat"), clo = cor_csv_col(c, "lon");
    if (cla < 0 || clo < 0) {
        fprintf(stderr, "%s:1: %s: expected a column named \"%s\" in the header, found none\n",
                path, cla < 0 ? "lat" : "lon", cla < 0 ? "lat" : "lon");
        return 0;
    }
    if (c->n_rows == 0) {
        fprintf(stderr, "%s:2: expected at least one point, found none\n", path);
        return 0;
    }
    out->n = c->n_rows;
    out->p = calloc(c->n_rows, sizeof *out->p);
    out->labels = ci < 0 ? calloc(c->n_rows, sizeof *out->labels) : NULL;
    if (!out->p || (ci < 0 && !out->labels)) {
        cli_error("table", "out of memory");
        return 0;
    }
    for (size_t r = 0; r < c->n_rows; r++) {
        const cor_csv_row *row = &c->rows[r];
        char *end;
        cor_table_point *p = &out->p[r];
        if (ci < 0)
            snprintf(out->labels[r], sizeof out->labels[r], "%zu", r + 1);
        p->id = ci >= 0 ? row->fields[ci] : out->labels[r];
        p->lat = strtod(row->fields[cla], &end);
        if (end == row->fields[cla] || *end || !(p->lat >= -90 && p->lat <= 90)) {
            fprintf(stderr, "%s:%ld: lat: expected a number in [-90, 90], found \"%s\"\n", path,
                    row->line, row->fields[cla]);
            return 0;
        }
        p->lon = strtod(row->fields[clo], &end);
        if (end == row->fields[clo] || *end || !(p->lon >= -180 && p->lon <= 180)) {
            fprintf(stderr, "%s:%ld: lon: expected a number in [-180, 180], found \"%s\"\n", path,
                    row->line, row->fields[clo]);
            return 0;
        }
    }
    return 1;
}

/* What the command line asked for. */
typedef struct table_args {
    const char *coords, *sources, *targets, *output;
    cor_metric metric;
    int json;
    double max_snap_km;
} table_args;

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
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case O_COORDS: a->coords = optarg; break;
        case O_SRC: a->sources = optarg; break;
        case O_DST: a->targets = optarg; break;
        case O_MIN:
            if (strcmp(optarg, "time") == 0)
                a->metric = COR_METRIC_TIME;
            else if (strcmp(optarg, "distance") == 0)
                a->metric = COR_METRIC_DISTANCE;
            else {
                cli_error("table", "--minimize: expected time or distance, found \"%s\"", optarg);
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
    points ps = {0}, pt = {0};
    rc = EXIT_FAIL;
    int dist_started = 0;
    cor_graph *g = NULL;
    cor_gquery *q = NULL;
    cor_table_point *all = NULL;
    uint32_t *src = NULL, *dst = NULL;
    uint64_t *d = NULL;
    if (!read_points(a.coords ? a.coords : a.sources, &ps) ||
        (!a.coords && !read_points(a.targets, &pt)))
        goto out;
    points *tp = a.coords ? &ps : &pt;
    g = cli_load_graph("table", argv[optind], NULL);
    if (!g)
        goto out;
    all = calloc(ps.n + tp->n, sizeof *all);
    if (!all) {
        cli_error("table", "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ps.n + tp->n; i++)
        all[i] = i < ps.n ? ps.p[i] : tp->p[i - ps.n];
    cor_err err = {0};
    if (cor_table_snap(g, all, ps.n, tp->n, a.max_snap_km, &src, &dst, &err) != COR_OK) {
        cli_error("table", "%s", err.msg);
        goto out;
    }
    d = calloc(ps.n * tp->n, sizeof *d);
    q = cor_gquery_new(g);
    if (!d || !q) {
        cli_error("table", "out of memory");
        goto out;
    }
    /* corridor-mpi: each rank computes a block of sources (rows); rank 0 writes the table */
    cor_transport ranks;
    cli_dist_start(&argc, &argv, &ranks);
    dist_started = 1;
    if (cor_dist_table(q, a.metric, src, ps.n, dst, tp->n, d, &ranks, &err) != COR_OK) {
        cli_error("table", "%s", err.msg);
        goto out;
    }
    if (ranks.rank != 0) {
        rc = EXIT_OK;
        goto out;
    }
    if (a.json) {
        char *text = cor_table_json(g, a.metric, all, ps.n, tp->n, d);
        if (!text) {
            cli_error("table", "out of memory");
            goto out;
        }
        rc = cli_write(a.output, text) == 0 ? EXIT_OK : EXIT_FAIL;
        free(text);
    } else {
        cli_text t;
        FILE *mem = cli_text_open(&t, "table");
        if (!mem)
            goto out;
        cor_table_print(mem, g, a.metric, all, ps.n, tp->n, d);
        rc = cli_text_write(&t, a.output) == 0 ? EXIT_OK : EXIT_FAIL;
    }
out:
    cor_gquery_free(q);
    cor_graph_free(g);
    free(all);
    free(src);
    free(dst);
    free(d);
    free(ps.p);
    free(pt.p);
    free(ps.labels);
    free(pt.labels);
    cor_csv_free(ps.csv);
    cor_csv_free(pt.csv);
    if (dist_started)
        cli_dist_end();
    return rc;
}
