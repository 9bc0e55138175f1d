/* Shared parts of the freight commands (assign, compare, report, appraise): their options,
 * the demand, one assignment, two assignments side by side, and writing answers. */
#ifndef COR_CLI_FREIGHT_CLI_H
#define COR_CLI_FREIGHT_CLI_H

#include <time.h>

#include "cli/cli.h"

typedef struct freight_args {
    const char *net_dir, *scenario, *demand, *output, *links_csv, *geojson, *save;
    int json;
    time_t started;
    cor_freight_opts o;
} freight_args;

/* Parses the options of assign (compare = 0) or of a command on two scenarios (1). Returns
 * -1 to go on, else an exit code; leaves optind at the first positional argument. */
int cli_freight_parse(const char *cmd, const char *help, int compare, int argc, char **argv,
                      freight_args *a);
/* The demand file: --demand, or NET/demand.csv. */
void cli_freight_demand_path(const freight_args *a, char *path, size_t size);
/* The demand read against net; NULL after printing why. */
cor_demand *cli_freight_load_demand(const char *cmd, const cor_net *net, const freight_args *a);
/* Runs one assignment; NULL after printing why. */
cor_freight_result *cli_freight_run(const char *cmd, const cor_net *net,
                                    const cor_demand *demand, const freight_args *a);
/* Writes text from a FILE* printer to a file or stdout; 0 on success. */
int cli_write_printed(const char *path, void (*print)(FILE *, const void *), const void *ctx);
/* Writes text (NULL: "out of memory") to a file or stdout and frees it; 0 on success. */
int cli_write_owned(const char *path, char *text);

typedef struct print_ctx {
    const cor_net *net, *net_b;
    const char *name_a, *name_b;
    const cor_demand *demand;
    const freight_args *a;
    const cor_freight_result *r, *r_b;
    const cor_emissions *em; /* NULL: the network has no emission factors */
} print_ctx;

/* The JSON of assign or compare with the tonnes CO2e of its sides added (when c->em). */
char *cli_freight_with_co2e(char *json, const print_ctx *c, size_t n);

/* The same demand assigned under two scenarios (compare, report, appraise). */
typedef struct two_runs {
    cor_net *net[2];
    cor_demand *demand;
    cor_freight_result *r[2];
} two_runs;
void two_runs_free(two_runs *t);
/* Loads both networks and the demand and runs both assignments; 0 after printing why (t is
 * then partly filled: free it with two_runs_free() either way). */
int two_runs_run(const char *cmd, const freight_args *a, const char *name_a, const char *name_b,
                 two_runs *t);

#endif
