/* `corridor import osm|tntp`: parses the options, checks the output directory, runs the import
 * (cmd_import_osm.c, cmd_import_tntp.c). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/afile.h"

int cli_import_dir_ready(const char *dir, int replace)
{
    static const char *const none[] = {NULL};
    char all[1024];
    int n = cor_adir_others(dir, none, all, sizeof all);
    if (n < 0 && errno != ENOTDIR) {
        cli_error("import", "%s: cannot read: %s", dir, strerror(errno));
        return 0;
    }
    if (n > 0 && !replace) {
        cli_error("import", "%s: expected a new or empty directory, found one holding %s; "
                            "choose another -o, or pass --replace to replace its network files "
                            "and keep the rest", dir, all);
        return 0;
    }
    return 1;
}

void cli_import_report_kept(const char *dir, const char *const *writes)
{
    char kept[1024];
    if (cor_adir_others(dir, writes, kept, sizeof kept) > 0)
        fprintf(stderr, "corridor: import: kept in %s from before: %s (they may name nodes the new "
                        "network lacks: corridor check %s)\n", dir, kept, dir);
}

enum { O_PROFILE = 256, O_COUNTRY, O_TARIFF, O_MAXMB, O_BBOX, O_BOUNDARIES, O_BORDERS,
       O_REPLACE, O_HELP };

/* One option c into a; -1 to go on, else an exit code. */
static int option(int c, char **argv, cli_import_args *a)
{
    switch (c) {
    case O_PROFILE:
        if ((a->profile = cor_osm_profile_parse(optarg)) < 0) {
            cli_error("import", "--profile: expected road, truck or rail, found \"%s\"", optarg);
            return EXIT_USAGE;
        }
        return -1;
    case O_COUNTRY:
        if (!cli_parse_country("import", optarg))
            return EXIT_USAGE;
        a->country = optarg;
        return -1;
    case O_TARIFF: {
        char *end;
        a->box.usd_per_tkm = strtod(optarg, &end);
        if (end == optarg || *end || !(a->box.usd_per_tkm >= 0) || a->box.usd_per_tkm > 1e6) {
            cli_error("import", "--usd-per-tkm: expected a number >= 0, found \"%s\"", optarg);
            return EXIT_USAGE;
        }
        return -1;
    }
    case O_MAXMB:
        a->have_limits = 1;
        return cli_parse_max_file_mb("import", optarg, &a->box.limits) ? -1 : EXIT_USAGE;
    case O_BBOX: return cli_parse_bbox("import", optarg, &a->box) ? -1 : EXIT_USAGE;
    case O_BOUNDARIES: a->box.boundaries = 1; return -1;
    case O_BORDERS: a->borders_dir = optarg; return -1;
    case 'o': a->out = optarg; return -1;
    case O_REPLACE: a->replace = 1; return -1;
    case O_HELP: fputs(cli_help_import, stdout); return EXIT_OK;
    default:
        cli_error("import", "unknown or incomplete option \"%s\" (see corridor import --help)",
                  argv[optind - 1]);
        return EXIT_USAGE;
    }
}

int cmd_import(int argc, char **argv)
{
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
    cli_import_args a = {.country = "ZZ", .profile = -1, .box = {.usd_per_tkm = -1}};
    cor_net_limits_default(&a.box.limits);
    optind = 1;
    opterr = 0;
    for (int c, rc; (c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1;)
        if ((rc = option(c, argv, &a)) >= 0)
            return rc;
    if (argc - optind == 3 && strcmp(argv[optind], "tntp") == 0) {
        if (a.profile >= 0 || a.box.usd_per_tkm >= 0 || strcmp(a.country, "ZZ") != 0 ||
            a.have_limits || a.box.has_bbox || a.box.boundaries || a.borders_dir || !a.out) {
            cli_error("import", !a.out ? "-o DIR is required (see corridor import --help)"
                                       : "--profile, --country, --usd-per-tkm, --bbox, "
                                         "--boundaries, --borders and --max-file-mb are for osm");
            return EXIT_USAGE;
        }
        return cli_import_tntp(argv[optind + 1], argv[optind + 2], a.out, a.replace);
    }
    if (argc - optind != 2 || strcmp(argv[optind], "osm") != 0) {
        cli_error("import", "expected `osm FILE` or `tntp NET_FILE TRIPS_FILE` (see corridor "
                            "import --help)");
        return EXIT_USAGE;
    }
    if (a.profile < 0 || !a.out) {
        cli_error("import", "%s is required (see corridor import --help)",
                  a.profile < 0 ? "--profile" : "-o DIR");
        return EXIT_USAGE;
    }
    if (!cli_check_borders("import", a.borders_dir, a.box.boundaries))
        return EXIT_USAGE;
    return cli_import_osm(argv[optind + 1], &a);
}
