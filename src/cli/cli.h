/* The corridor command line tool: shared helpers of the subcommands (no algorithms here). */
#ifndef COR_CLI_CLI_H
#define COR_CLI_CLI_H

#include "corridor/corridor.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The network directory to use: the given one, else $CORRIDOR_NET, else the bundled
 * data/caucasus found beside the executable or in the install prefix. */
const char *cli_network_dir(const char *given);

/* Loads a network, printing every problem to stderr. NULL on failure. */
cor_net *cli_load(const char *dir);

/* Writes text to path through a temporary file and a rename (so a reader never sees a
 * half-written file), or to stdout when path is NULL or "-". Returns 0 on success. */
int cli_write(const char *path, const char *text);

void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What to simulate: shared by `simulate` and `route --dwell simulated`. */
typedef struct cli_sim_args {
    const char *stages;     /* NULL: DIR/border_stages.csv */
    const char *scenario;   /* NULL: base */
    const char *flows;      /* NULL: the rates of the stage file */
    double traffic;         /* factor on every arrival rate */
    const uint32_t *select; /* keep only posts with one of these nodes at an end (n_select > 0) */
    size_t n_select;
    cor_sim_opts opts;
} cli_sim_args;

void cli_sim_args_default(cli_sim_args *a);

/* Loads the stage (and flow) file and runs the simulation, printing problems to stderr.
 * Returns EXIT_OK with *plan and *res set (the caller frees both), else EXIT_FAIL. */
int cli_simulate(const char *cmd, const cor_net *net, const cli_sim_args *a, cor_sim_plan **plan,
                 cor_sim_result **res);

int cmd_route(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_info(int argc, char **argv);

#endif
