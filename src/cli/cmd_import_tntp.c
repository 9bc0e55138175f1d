/* `corridor import tntp NET_FILE TRIPS_FILE -o DIR`: reads a TNTP problem and writes it as a
 * network directory with its trips as demand.csv (cor_assign_net_write_corridor()). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cli_import_tntp(const char *net_file, const char *trips_file, const char *out, int replace)
{
    static const char *const tntp_files[] = {"nodes.csv", "links.csv", "borders.csv",
                                             "transfers.csv", "demand.csv", NULL};
    if (!cli_import_dir_ready(out, replace))
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
        cli_import_report_kept(out, tntp_files);
    } else
        cli_error("import", "%s", err.msg);
    cor_assign_net_free(tn);
    return st == COR_OK ? EXIT_OK : EXIT_FAIL;
}
