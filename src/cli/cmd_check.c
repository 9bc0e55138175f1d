/* `corridor check`: every problem of a network directory (cor_net_check_dir()), or a whole
 * snapshot verified (cor_graph_verify()). */
#include <stdio.h>

#include "cli/cli.h"

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
    cli_net_args a;
    int rc = cli_net_parse("check", cli_help_check, "net max-file-mb", argc, argv, &a);
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

