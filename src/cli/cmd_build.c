/* `corridor build`: loads a network directory, contracts it, writes a binary snapshot. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

static const char help[] =
    "usage: corridor build NET -o NET.cor [--metrics time,distance] [--max-file-mb MB]\n"
    "\n"
    "Builds the routing graph of the operating transport links of the network directory NET\n"
    "(for instance one written by `corridor import osm`), computes its contraction hierarchies\n"
    "for time and for distance, and writes everything to one binary snapshot (docs/ch.md),\n"
    "atomically. `corridor route NET.cor --from LAT,LON --to LAT,LON` and `corridor table`\n"
    "then answer queries from the snapshot in microseconds.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE    the snapshot to write (required)\n"
    "  --metrics LIST       hierarchies to build: time, distance or time,distance (default);\n"
    "                       a route by a metric without one uses bidirectional Dijkstra\n"
    "  --max-file-mb MB     cap on each CSV file of NET, checked before any is read (default\n"
    "                       256 MiB and 4,000,000 rows; rows scale with it); geometry.csv\n"
    "                       stays within 256 MiB\n";

static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int cmd_build(int argc, char **argv)
{
    enum { O_HELP = 256, O_METRICS, O_MAXMB };
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"metrics", required_argument, NULL, O_METRICS},
                                             {"max-file-mb", required_argument, NULL, O_MAXMB},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int c;
    cor_ch_opts co;
    cor_ch_opts_default(&co);
    cor_net_limits lim;
    cor_net_limits_default(&lim);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case O_METRICS:
            if (strcmp(optarg, "time") == 0)
                co.metrics = 1u << COR_METRIC_TIME;
            else if (strcmp(optarg, "distance") == 0)
                co.metrics = 1u << COR_METRIC_DISTANCE;
            else if (strcmp(optarg, "time,distance") == 0 || strcmp(optarg, "distance,time") == 0)
                co.metrics = (1u << COR_METRIC_TIME) | (1u << COR_METRIC_DISTANCE);
            else {
                cli_error("build", "--metrics: expected time, distance or time,distance, found "
                                   "\"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_MAXMB:
            if (!cli_parse_max_file_mb("build", optarg, &lim))
                return EXIT_USAGE;
            break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_error("build", "unknown or incomplete option \"%s\" (see corridor build --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1 || !out) {
        cli_error("build", "expected NET and -o FILE (see corridor build --help)");
        return EXIT_USAGE;
    }
    if (cli_is_snapshot(argv[optind])) {
        cli_error("build", "%s: expected a network directory, found a file", argv[optind]);
        return EXIT_USAGE;
    }
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cor_graph *g = cli_load_graph("build", argv[optind], &lim);
    if (!g)
        return EXIT_FAIL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    cor_err err = {0};
    int rc = EXIT_FAIL;
    if (cor_graph_contract(g, &co, &err) != COR_OK || cor_graph_write(g, out, &err) != COR_OK) {
        cli_error("build", "%s", err.msg);
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    FILE *f = fopen(out, "rb");
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (f)
        fclose(f);
    size_t n = cor_graph_node_count(g);
    printf("%s: %zu nodes, %zu arcs; hierarchy arcs: %zu (time), %zu (distance)\n", out, n,
           cor_graph_arc_count(g), cor_graph_ch_arc_count(g, COR_METRIC_TIME),
           cor_graph_ch_arc_count(g, COR_METRIC_DISTANCE));
    printf("load %.2f s, contraction and write %.2f s, snapshot %ld bytes (%.1f bytes per node)\n",
           seconds(&t0, &t1), seconds(&t1, &t2), size, n ? (double)size / (double)n : 0.0);
    rc = EXIT_OK;
done:
    cor_graph_free(g);
    return rc;
}
