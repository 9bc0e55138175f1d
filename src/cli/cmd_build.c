/* `corridor build`: loads a network directory (or reads an OSM extract straight into a graph),
 * contracts it, writes a binary snapshot. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"

static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* The graph of an OSM extract, from the osm plugin (cli_osm_graph in cmd_import_osm.c); NULL
 * after printing why. */
static cor_graph *build_osm(const char *path, const char *profile, const char *country,
                            const cor_osm_opts *box)
{
    void *p = cli_plugin_sym("osm", "cli_osm_graph");
    if (!p)
        return NULL;
    __typeof__(cli_osm_graph) *fn;
    memcpy(&fn, &p, sizeof fn); /* POSIX: a dlsym() result converts to a function pointer */
    return fn(path, profile, country, box);
}

/* Contracts g, writes it to out and prints what was built (t0: start, t1: graph loaded). */
static int contract_and_write(cor_graph *g, const cor_ch_opts *co, const char *out,
                              const struct timespec *t0, const struct timespec *t1)
{
    struct timespec t2;
    cor_err err = {0};
    if (cor_graph_contract(g, co, &err) != COR_OK || cor_graph_write(g, out, &err) != COR_OK) {
        cli_error("build", "%s", err.msg);
        return EXIT_FAIL;
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    struct stat sb;
    long size = stat(out, &sb) == 0 ? (long)sb.st_size : -1;
    size_t n = cor_graph_node_count(g);
    printf("%s: %zu nodes, %zu arcs; hierarchy arcs: %zu (time), %zu (distance)\n", out, n,
           cor_graph_arc_count(g), cor_graph_ch_arc_count(g, COR_METRIC_TIME),
           cor_graph_ch_arc_count(g, COR_METRIC_DISTANCE));
    printf("load %.2f s, contraction and write %.2f s, snapshot %ld bytes (%.1f bytes per node)\n",
           seconds(t0, t1), seconds(t1, &t2), size, n ? (double)size / (double)n : 0.0);
    return EXIT_OK;
}

/* Builds the snapshot out of the network directory or OSM extract src, with the options of
 * cmd_build; an exit code. */
static int build(const char *src, const char *out, const char *profile, const char *country,
                 const char *borders_dir, cor_osm_opts *box, const cor_ch_opts *co,
                 const cor_net_limits *lim)
{
    int osm = cli_is_snapshot(src);
    if (osm && !profile) {
        cli_error("build", "%s: expected a network directory, or an OpenStreetMap extract with "
                           "--profile, found a file without --profile", src);
        return EXIT_USAGE;
    }
    if (!osm && (profile || country || box->has_bbox || box->boundaries || borders_dir ||
                 box->usd_per_tkm >= 0)) {
        cli_error("build", "--profile, --country, --usd-per-tkm, --boundaries, --borders and "
                           "--bbox are for an OpenStreetMap extract, and %s is not a file", src);
        return EXIT_USAGE;
    }
    if (!cli_check_borders("build", borders_dir, box->boundaries))
        return EXIT_USAGE;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cor_net *borders = NULL;
    if (borders_dir && !(borders = cli_load(borders_dir, NULL)))
        return EXIT_FAIL;
    box->borders = borders;
    cor_graph *g = osm ? build_osm(src, profile, country, box)
                       : cli_load_graph("build", src, lim);
    box->borders = NULL;
    cor_net_free(borders);
    if (!g)
        return EXIT_FAIL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = contract_and_write(g, co, out, &t0, &t1);
    cor_graph_free(g);
    return rc;
}

int cmd_build(int argc, char **argv)
{
    enum { O_HELP = 256, O_METRICS, O_MAXMB, O_PROFILE, O_COUNTRY, O_BBOX, O_BOUNDARIES,
           O_BORDERS, O_TARIFF };
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"metrics", required_argument, NULL, O_METRICS},
                                             {"max-file-mb", required_argument, NULL, O_MAXMB},
                                             {"profile", required_argument, NULL, O_PROFILE},
                                             {"country", required_argument, NULL, O_COUNTRY},
                                             {"bbox", required_argument, NULL, O_BBOX},
                                             {"boundaries", no_argument, NULL, O_BOUNDARIES},
                                             {"borders", required_argument, NULL, O_BORDERS},
                                             {"usd-per-tkm", required_argument, NULL, O_TARIFF},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    const char *out = NULL, *country = NULL, *borders_dir = NULL;
    int c;
    const char *profile = NULL;
    cor_osm_opts box = {.usd_per_tkm = -1};
    cor_ch_opts co;
    cor_ch_opts_default(&co);
    cor_net_limits lim;
    cor_net_limits_default(&lim);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case O_METRICS: {
            cor_err err;
            if (cor_ch_metrics_parse(optarg, &co.metrics, &err) != COR_OK) {
                cli_error("build", "--metrics: %s", err.msg);
                return EXIT_USAGE;
            }
            break;
        }
        case O_MAXMB:
            if (!cli_parse_max_file_mb("build", optarg, &lim))
                return EXIT_USAGE;
            break;
        case O_PROFILE:
            if (strcmp(optarg, "road") && strcmp(optarg, "truck") && strcmp(optarg, "rail")) {
                cli_error("build", "--profile: expected road, truck or rail, found \"%s\"",
                          optarg);
                return EXIT_USAGE;
            }
            profile = optarg;
            break;
        case O_COUNTRY:
            if (!cli_parse_country("build", optarg))
                return EXIT_USAGE;
            country = optarg;
            break;
        case O_BBOX:
            if (!cli_parse_bbox("build", optarg, &box))
                return EXIT_USAGE;
            break;
        case O_BOUNDARIES: box.boundaries = 1; break;
        case O_BORDERS: borders_dir = optarg; break;
        case O_TARIFF:
            if (!cli_parse_range("build", "--usd-per-tkm", optarg, 0, 1e6, &box.usd_per_tkm))
                return EXIT_USAGE;
            break;
        case O_HELP: fputs(cli_help_build, stdout); return EXIT_OK;
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
    return build(argv[optind], out, profile, country, borders_dir, &box, &co, &lim);
}
