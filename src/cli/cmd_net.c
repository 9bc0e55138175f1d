/* `corridor check`, `info` and `scenarios`: validate and describe a network directory. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct args {
    const char *dir, *scenario;
    int json;
    cor_net_limits lim;
} args;

/* Parses [DIR] [--net DIR] [--scenario NAME] [--json] [--help], allowing only the options in
 * `allowed`. Returns -1 to go on, else an exit code. */
static int parse(const char *cmd, const char *help, const char *allowed, int argc, char **argv,
                 args *a)
{
    enum { O_NET = 256, O_JSON, O_SCENARIO, O_MAXMB, O_HELP };
    static const struct option longopts[] = {{"net", required_argument, NULL, O_NET},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"scenario", required_argument, NULL, O_SCENARIO},
                                             {"max-file-mb", required_argument, NULL, O_MAXMB},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    int c, index;
    memset(a, 0, sizeof *a);
    cor_net_limits_default(&a->lim);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, &index)) != -1) {
        if (c != '?' && c != O_HELP && !strstr(allowed, longopts[c - O_NET].name)) {
            cli_error(cmd, "--%s is not an option of %s", longopts[c - O_NET].name, cmd);
            return EXIT_USAGE;
        }
        switch (c) {
        case O_NET: a->dir = optarg; break;
        case O_JSON: a->json = 1; break;
        case O_SCENARIO: a->scenario = optarg; break;
        case O_MAXMB:
            if (!cli_parse_max_file_mb(cmd, optarg, &a->lim))
                return EXIT_USAGE;
            break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_bad_option(cmd, argv);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1 || (argc - optind == 1 && a->dir)) {
        cli_error(cmd, "expected at most one network directory");
        return EXIT_USAGE;
    }
    if (argc - optind == 1)
        a->dir = argv[optind];
    a->dir = cli_network_dir(a->dir);
    return -1;
}

/* Every finding of d on stdout, one a line (the answer of corridor check). */
static void print_findings(const cor_diags *d)
{
    for (size_t i = 0; i < cor_diags_count(d); i++) {
        char buf[2048];
        cor_diag_format(cor_diags_get(d, i), buf, sizeof buf);
        puts(buf);
    }
}

/* `corridor check NET.cor`: the whole snapshot verified. */
static int check_snapshot(const char *path)
{
    cor_err err = {0};
    cor_graph *g = NULL;
    if (cor_graph_read(path, &g, &err) != COR_OK) {
        cli_error("check", "%s", err.msg);
        return EXIT_FAIL;
    }
    cor_status st = cor_graph_verify(g, &err);
    if (st != COR_OK)
        cli_error("check", "%s: %s", path, err.msg);
    else
        fprintf(stderr, "%s: snapshot verified: checksum, indices, hierarchies, adjacency and "
                        "grid (%zu nodes, %zu arcs)\n", path, cor_graph_node_count(g),
                cor_graph_arc_count(g));
    cor_graph_free(g);
    return st == COR_OK ? EXIT_OK : EXIT_FAIL;
}

int cmd_check(int argc, char **argv)
{
    args a;
    int rc = parse("check", cli_help_check, "net max-file-mb", argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (cli_is_snapshot(a.dir))
        return check_snapshot(a.dir);
    cor_diags *d = cor_diags_new();
    if (!d) {
        cli_error("check", "out of memory");
        return EXIT_FAIL;
    }
    size_t n_scenarios;
    cor_status st = cor_net_check_dir(a.dir, &a.lim, d, &n_scenarios);
    print_findings(d);
    if (st != COR_OK && cor_net_check_sizes(a.dir, &a.lim, NULL) != COR_OK)
        cli_error("check", "%s: a file over the cap for untrusted input (docs/security.md); for "
                           "a trusted network raise it with --max-file-mb", a.dir);
    size_t errors = cor_diags_errors(d), warnings = cor_diags_count(d) - errors;
    cor_diags_free(d);
    if (st == COR_ERR_NOMEM) {
        cli_error("check", "out of memory");
        return EXIT_FAIL;
    }
    fprintf(stderr, "%s: %zu error%s, %zu warning%s (%zu scenario%s)\n", a.dir, errors,
            errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", n_scenarios,
            n_scenarios == 1 ? "" : "s");
    return st == COR_OK && errors == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_info(int argc, char **argv)
{
    args a;
    int rc = parse("info", cli_help_info, "net json scenario", argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(a.dir, a.scenario);
    if (!net)
        return EXIT_FAIL;
    rc = EXIT_OK;
    if (a.json) {
        char *s = cor_net_info_json(net);
        rc = s && cli_write(NULL, s) == 0 ? EXIT_OK : EXIT_FAIL;
        free(s);
    } else {
        cor_net_print_info(stdout, net);
    }
    cor_net_free(net);
    return rc;
}

int cmd_scenarios(int argc, char **argv)
{
    args a;
    int rc = parse("scenarios", cli_help_scenarios, "net json", argc, argv, &a);
    if (rc >= 0)
        return rc;
    char **names;
    size_t n;
    char probe[PATH_MAX];
    snprintf(probe, sizeof probe, "%s/nodes.csv", a.dir);
    if (access(probe, F_OK) != 0) { /* `scenarios /tmp`: not an empty answer, an error */
        cli_error("scenarios", "%s: expected a network directory, found no nodes.csv there",
                  a.dir);
        return EXIT_FAIL;
    }
    if (cor_scenario_list(a.dir, &names, &n) != COR_OK) {
        cli_error("scenarios", "out of memory");
        return EXIT_FAIL;
    }
    if (!n && !a.json)
        printf("no scenarios in %s/scenarios\n", a.dir);
    rc = EXIT_OK;
    if (a.json)
        fputs("[", stdout);
    size_t written = 0; /* scenarios in the JSON array so far: one that fails is left out */
    for (size_t i = 0; i < n; i++) {
        cor_diags *d = cor_diags_new();
        cor_scenario *sc = NULL;
        if (!d || cor_scenario_load(a.dir, names[i], &sc, d) != COR_OK) {
            cli_error("scenarios", "%s: cannot be read (corridor check %s says why)", names[i],
                      a.dir);
            rc = EXIT_FAIL;
        } else if (a.json) {
            char *s = cor_scenario_json(sc);
            printf("%s%s", written++ ? "," : "", s ? s : "null");
            free(s);
        } else {
            printf("%-16s %s\n%-16s %s\n", names[i], cor_scenario_chain(sc), "",
                   cor_scenario_description(sc));
        }
        cor_scenario_free(sc);
        cor_diags_free(d);
    }
    if (a.json)
        puts("]");
    cor_scenario_names_free(names, n);
    return rc;
}
