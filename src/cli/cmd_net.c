/* `corridor check` and `corridor info`: validate and describe a network directory. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char check_help[] =
    "usage: corridor check [DIR] [--net DIR]\n"
    "\n"
    "Validates a network directory (docs/network-format.md) and prints every problem, one per\n"
    "line, as file:line: field: what was expected, what was found. Warnings (lengths far from\n"
    "the great-circle distance, unconnected parts) do not fail the check; errors exit 1.\n";

static const char info_help[] =
    "usage: corridor info [DIR] [--net DIR] [--json]\n"
    "\n"
    "Counts of nodes, links (by mode and status, with km), border crossings and transfer\n"
    "points, and per country.\n";

/* Parses [DIR] [--net DIR] [--json] [--help]. Returns -1 to go on, else an exit code. */
static int parse(const char *cmd, const char *help, int argc, char **argv, const char **dir,
                 int *json)
{
    enum { O_NET = 256, O_JSON, O_HELP };
    static const struct option longopts[] = {{"net", required_argument, NULL, O_NET},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    int c;
    *dir = NULL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_NET: *dir = optarg; break;
        case O_JSON:
            if (!json) {
                cli_error(cmd, "--json is not an option of %s", cmd);
                return EXIT_USAGE;
            }
            *json = 1;
            break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_error(cmd, "unknown or incomplete option \"%s\"", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1 || (argc - optind == 1 && *dir)) {
        cli_error(cmd, "expected at most one network directory");
        return EXIT_USAGE;
    }
    if (argc - optind == 1)
        *dir = argv[optind];
    *dir = cli_network_dir(*dir);
    return -1;
}

int cmd_check(int argc, char **argv)
{
    const char *dir;
    int rc = parse("check", check_help, argc, argv, &dir, NULL);
    if (rc >= 0)
        return rc;
    cor_diags *d = cor_diags_new();
    if (!d) {
        cli_error("check", "out of memory");
        return EXIT_FAIL;
    }
    cor_status st = cor_net_check(dir, d);
    size_t warnings = 0;
    for (size_t i = 0; i < cor_diags_count(d); i++) {
        char buf[2048];
        const cor_diag *it = cor_diags_get(d, i);
        cor_diag_format(it, buf, sizeof buf);
        puts(buf);
        warnings += it->severity == COR_WARNING;
    }
    size_t errors = cor_diags_errors(d);
    cor_diags_free(d);
    if (st == COR_ERR_NOMEM) {
        cli_error("check", "out of memory");
        return EXIT_FAIL;
    }
    fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", dir, errors, errors == 1 ? "" : "s",
            warnings, warnings == 1 ? "" : "s");
    return st == COR_OK && errors == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_info(int argc, char **argv)
{
    const char *dir;
    int json = 0;
    int rc = parse("info", info_help, argc, argv, &dir, &json);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(dir);
    if (!net)
        return EXIT_FAIL;
    rc = EXIT_OK;
    if (json) {
        char *s = cor_net_info_json(net);
        rc = s && cli_write(NULL, s) == 0 ? EXIT_OK : EXIT_FAIL;
        free(s);
    } else {
        cor_net_print_info(stdout, net);
    }
    cor_net_free(net);
    return rc;
}
