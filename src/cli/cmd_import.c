/* `corridor import osm|tntp`: parses options, runs cor_osm_import() or writes a TNTP problem as
 * a network directory, prints what was written. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The entries of dir that an import does not write, ", "-separated into buf; -1 (with errno)
 * when dir cannot be read, 0 when it does not exist. Returns how many there are. */
static int foreign_entries(const char *dir, const char *const *writes, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    buf[0] = '\0';
    if (!d)
        return errno == ENOENT ? 0 : -1;
    int n = 0;
    size_t len = 0;
    for (struct dirent *e; (e = readdir(d));) {
        int ours = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
        for (size_t i = 0; writes[i] && !ours; i++)
            ours = strcmp(e->d_name, writes[i]) == 0;
        if (ours)
            continue;
        n++;
        if (len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", e->d_name);
    }
    closedir(d);
    return n;
}

/* -o DIR: new or empty, or with --replace any directory (its other entries are kept). Returns
 * 0 when the import may write DIR, else reports why. */
static int out_dir_ready(const char *dir, int replace)
{
    static const char *const none[] = {NULL};
    char all[1024];
    int n = foreign_entries(dir, none, all, sizeof all);
    if (n < 0 && errno != ENOTDIR) {
        cli_error("import", "%s: cannot read: %s", dir, strerror(errno));
        return -1;
    }
    if (n > 0 && !replace) {
        cli_error("import", "%s: expected a new or empty directory, found one holding %s; "
                            "choose another -o, or pass --replace to replace its network files "
                            "and keep the rest", dir, all);
        return -1;
    }
    return 0;
}

/* After a --replace: names what was kept from the old directory. */
static void report_kept(const char *dir, const char *const *writes)
{
    char kept[1024];
    if (foreign_entries(dir, writes, kept, sizeof kept) > 0)
        fprintf(stderr, "corridor: import: kept in %s from before: %s (they may name nodes the new "
                        "network lacks: corridor check %s)\n", dir, kept, dir);
}

/* import tntp NET_FILE TRIPS_FILE -o DIR */
static int import_tntp(const char *net_file, const char *trips_file, const char *out, int replace)
{
    static const char *const tntp_files[] = {"nodes.csv", "links.csv", "borders.csv",
                                             "transfers.csv", "demand.csv", NULL};
    if (out_dir_ready(out, replace) != 0)
        return EXIT_FAIL;
    cor_diags *d = cor_diags_new();
    cor_assign_net *tn = NULL;
    if (!d || cor_assign_tntp_load(net_file, trips_file, &tn, d) != COR_OK) {
        cli_print_diags(d, 0);
        cli_error("import", "cannot read %s and %s", net_file, trips_file);
        cor_diags_free(d);
        return EXIT_FAIL;
    }
    cor_diags_free(d);
    char source[1024];
    const char *base = strrchr(net_file, '/');
    snprintf(source, sizeof source, "TNTP %s (Transportation Networks for Research)",
             base ? base + 1 : net_file);
    cor_err err;
    cor_status st = cor_assign_net_write_corridor(tn, out, source, &err);
    if (st == COR_OK) {
        printf("%s: %u nodes (%u zones), %zu links, %.17g trips written as a network\n", out,
               cor_assign_net_node_count(tn), cor_assign_net_zone_count(tn),
               cor_assign_net_link_count(tn), cor_assign_net_total_demand(tn));
        report_kept(out, tntp_files);
    } else
        cli_error("import", "%s", err.msg);
    cor_assign_net_free(tn);
    return st == COR_OK ? EXIT_OK : EXIT_FAIL;
}

/* What --boundaries gave (import osm and build FILE.osm.pbf): countries and crossings. */
static void print_countries(const cor_osm_stats *st)
{
    printf("countries from %zu admin_level=2 boundaries (%zu not closed in the extract, left "
           "out); %zu border crossings, %zu with the figures of a known crossing, %zu with 0 h "
           "and 0 USD\n", st->boundaries, st->boundaries_skipped, st->crossings,
           st->crossings_matched, st->crossings - st->crossings_matched);
}

/* import osm FILE -o DIR with the options parsed */
static int import_osm(const char *file, int profile, const char *country, double tariff,
                      const cor_net_limits *lim, const cor_osm_opts *box,
                      const char *borders_dir, const char *out, int replace)
{
    static const char *const osm_files[] = {"nodes.csv", "links.csv", "borders.csv",
                                            "transfers.csv", "geometry.csv", NULL};
    if (out_dir_ready(out, replace) != 0)
        return EXIT_FAIL;
    cor_net *borders = NULL;
    if (borders_dir && !(borders = cli_load(borders_dir, NULL)))
        return EXIT_FAIL;
    cor_osm_opts o;
    cor_osm_opts_default(&o, (cor_osm_profile)profile);
    o.borders = borders;
    memcpy(o.country, country, 3);
    if (tariff >= 0)
        o.usd_per_tkm = tariff;
    o.limits = *lim;
    o.has_bbox = box->has_bbox;
    o.boundaries = box->boundaries;
    memcpy(o.bbox, box->bbox, sizeof o.bbox);
    cor_osm_stats st = {0};
    cor_err err = {0};
    cor_status ist = cor_osm_import(file, &o, out, &st, &err);
    cor_net_free(borders);
    if (ist != COR_OK) {
        cli_error("import", "%s", err.msg);
        if (st.geometry_over_cap)
            cli_error("import", "no command reads a geometry.csv that large: build the snapshot "
                                "straight from the extract (corridor build %s --profile %s -o "
                                "NET.cor)", file, cor_osm_profile_name(o.profile));
        else if (st.needed_file_mb)
            cli_error("import", "build the snapshot straight from the extract (corridor build "
                                "%s --profile %s -o NET.cor), or import with --max-file-mb %lld "
                                "and give build and check the same option", file,
                      cor_osm_profile_name(o.profile), st.needed_file_mb);
        return EXIT_FAIL;
    }
    printf("%s: %zu nodes and %zu ways read, %zu ways kept (%s profile)\n", file,
           st.nodes_read, st.ways_read, st.ways_kept, cor_osm_profile_name(o.profile));
    printf("%s: %zu nodes, %zu links (%zu one-way, %zu ferry), %zu border posts, %zu stations, "
           "%zu transfers, %zu shape points\n", out, st.nodes, st.links, st.oneway_links,
           st.ferry_links, st.border_nodes, st.stations, st.transfers, st.shape_points);
    report_kept(out, osm_files);
    if (o.boundaries)
        print_countries(&st);
    if (st.missing_refs)
        printf("%zu way references to nodes missing from the extract (ways cut there)\n",
               st.missing_refs);
    if (st.skipped_gauge)
        printf("%zu rail ways skipped: gauge other than 1435, 1520/1524 or dual\n",
               st.skipped_gauge);
    printf("data: %s\n", COR_OSM_ATTRIBUTION);
    return EXIT_OK;
}

int cmd_import(int argc, char **argv)
{
    enum { O_PROFILE = 256, O_COUNTRY, O_TARIFF, O_MAXMB, O_BBOX, O_BOUNDARIES, O_BORDERS,
           O_REPLACE, O_HELP };
    static const struct option longopts[] = {
        {"profile", required_argument, NULL, O_PROFILE},
        {"country", required_argument, NULL, O_COUNTRY},
        {"usd-per-tkm", required_argument, NULL, O_TARIFF},
        {"max-file-mb", required_argument, NULL, O_MAXMB},
        {"bbox", required_argument, NULL, O_BBOX},
        {"boundaries", no_argument, NULL, O_BOUNDARIES},
        {"borders", required_argument, NULL, O_BORDERS},
        {"output", required_argument, NULL, 'o'},
        {"replace", no_argument, NULL, O_REPLACE},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    int profile = -1, replace = 0, c;
    const char *out = NULL, *country = "ZZ";
    double tariff = -1;
    cor_net_limits lim;
    cor_net_limits_default(&lim);
    int have_lim = 0;
    cor_osm_opts box = {0};
    const char *borders_dir = NULL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case O_PROFILE:
            profile = cor_osm_profile_parse(optarg);
            if (profile < 0) {
                cli_error("import", "--profile: expected road, truck or rail, found \"%s\"",
                          optarg);
                return EXIT_USAGE;
            }
            break;
        case O_COUNTRY:
            if (strlen(optarg) != 2 || !isupper((unsigned char)optarg[0]) ||
                !isupper((unsigned char)optarg[1])) {
                cli_error("import", "--country: expected an upper-case ISO 3166-1 alpha-2 code "
                                    "such as AM, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            country = optarg;
            break;
        case O_TARIFF: {
            char *end;
            tariff = strtod(optarg, &end);
            if (end == optarg || *end || !(tariff >= 0) || tariff > 1e6) {
                cli_error("import", "--usd-per-tkm: expected a number >= 0, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        }
        case O_MAXMB:
            if (!cli_parse_max_file_mb("import", optarg, &lim))
                return EXIT_USAGE;
            have_lim = 1;
            break;
        case O_BBOX:
            if (!cli_parse_bbox("import", optarg, &box))
                return EXIT_USAGE;
            break;
        case O_BOUNDARIES: box.boundaries = 1; break;
        case O_BORDERS: borders_dir = optarg; break;
        case 'o': out = optarg; break;
        case O_REPLACE: replace = 1; break;
        case O_HELP: fputs(cli_help_import, stdout); return EXIT_OK;
        default:
            cli_error("import", "unknown or incomplete option \"%s\" (see corridor import --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind == 3 && strcmp(argv[optind], "tntp") == 0) {
        if (profile >= 0 || tariff >= 0 || strcmp(country, "ZZ") != 0 || have_lim || box.has_bbox ||
            box.boundaries || borders_dir || !out) {
            cli_error("import", !out ? "-o DIR is required (see corridor import --help)"
                                     : "--profile, --country, --usd-per-tkm, --bbox, "
                                       "--boundaries, --borders and --max-file-mb are for osm");
            return EXIT_USAGE;
        }
        return import_tntp(argv[optind + 1], argv[optind + 2], out, replace);
    }
    if (argc - optind != 2 || strcmp(argv[optind], "osm") != 0) {
        cli_error("import", "expected `osm FILE` or `tntp NET_FILE TRIPS_FILE` (see corridor "
                            "import --help)");
        return EXIT_USAGE;
    }
    if (profile < 0 || !out) {
        cli_error("import", "%s is required (see corridor import --help)",
                  profile < 0 ? "--profile" : "-o DIR");
        return EXIT_USAGE;
    }
    if (borders_dir && !box.boundaries) {
        cli_error("import", "--borders gives figures to the crossings of --boundaries, which "
                            "is missing");
        return EXIT_USAGE;
    }
    return import_osm(argv[optind + 1], profile, country, tariff, &lim, &box, borders_dir, out,
                      replace);
}

cor_graph *cli_osm_graph(const char *path, const char *profile_name, const char *country,
                         const cor_osm_opts *box)
{
    int profile = cor_osm_profile_parse(profile_name);
    if (profile < 0) {
        cli_error("build", "--profile: expected road, truck or rail, found \"%s\"", profile_name);
        return NULL;
    }
    cor_osm_opts o;
    cor_osm_opts_default(&o, (cor_osm_profile)profile);
    if (country)
        memcpy(o.country, country, 3);
    o.has_bbox = box->has_bbox;
    o.boundaries = box->boundaries;
    o.borders = box->borders;
    if (box->usd_per_tkm >= 0)
        o.usd_per_tkm = box->usd_per_tkm;
    memcpy(o.bbox, box->bbox, sizeof o.bbox);
    cor_osm_stats st;
    cor_err err = {0};
    cor_graph *g = NULL;
    cor_net *net = NULL;
    if (cor_osm_net(path, &o, &net, &st, &err) != COR_OK ||
        cor_graph_from_net(net, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING), &g,
                           &err) != COR_OK) {
        cli_error("build", "%s", err.msg);
        cor_net_free(net);
        return NULL;
    }
    cor_net_free(net);
    printf("%s: %zu nodes and %zu ways read, %zu ways kept (%s profile); %zu graph nodes, %zu "
           "links, %zu shape points\n", path, st.nodes_read, st.ways_read, st.ways_kept,
           cor_osm_profile_name((cor_osm_profile)profile), st.nodes, st.links, st.shape_points);
    if (o.boundaries)
        print_countries(&st);
    return g;
}
