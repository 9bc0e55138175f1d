/* The corridor command line tool: shared helpers of the subcommands (no algorithms here). */
#ifndef COR_CLI_CLI_H
#define COR_CLI_CLI_H

#include "corridor/corridor.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The network directory to use: the given one, else $CORRIDOR_NET, else the bundled
 * data/caucasus found beside the executable or in the install prefix. */
const char *cli_network_dir(const char *given);

/* Loads a network with a scenario applied (NULL: none), printing every problem to stderr.
 * NULL on failure. */
cor_net *cli_load(const char *dir, const char *scenario);

/* Writes text to path through a temporary file and a rename (so a reader never sees a
 * half-written file), or to stdout when path is NULL or "-". Returns 0 on success. */
int cli_write(const char *path, const char *text);

/* The routing options shared by route, assign and compare: a getopt_long table fragment and
 * its handler. cli_route_opt() returns 1 when it handled option c, 0 when c is not one of
 * these, -1 after printing an error. */
enum {
    CLI_O_MINIMIZE = 1000, CLI_O_VOT, CLI_O_TONNES, CLI_O_MODES, CLI_O_AVOID, CLI_O_STATUS,
    CLI_O_OVERLAP, CLI_O_DWELL
};
#define CLI_ROUTE_LONGOPTS                                                                   \
    {"minimize", required_argument, NULL, CLI_O_MINIMIZE},                                   \
    {"vot", required_argument, NULL, CLI_O_VOT},                                             \
    {"tonnes", required_argument, NULL, CLI_O_TONNES},                                       \
    {"modes", required_argument, NULL, CLI_O_MODES},                                         \
    {"avoid", required_argument, NULL, CLI_O_AVOID},                                         \
    {"status", required_argument, NULL, CLI_O_STATUS},                                       \
    {"overlap", required_argument, NULL, CLI_O_OVERLAP},                                     \
    {"dwell", required_argument, NULL, CLI_O_DWELL}
int cli_route_opt(const char *cmd, int c, const char *arg, cor_route_opts *o);
int cli_parse_num(const char *cmd, const char *opt, const char *s, double min, double *out);
/* A number from min to max, or 0 after printing an error. */
int cli_parse_range(const char *cmd, const char *opt, const char *s, double min, double max,
                    double *out);
/* Every avoided country must exist in the network: a typo would silently avoid nothing.
 * Returns 0 after printing an error. */
int cli_check_avoid(const char *cmd, const cor_net *net, const cor_route_opts *o);

void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports the option getopt_long() just refused (unknown, or missing its argument). */
void cli_bad_option(const char *cmd, char **argv);

int cmd_route(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);
int cmd_assign_network(int argc, char **argv);
int cmd_compare(int argc, char **argv);

#endif
