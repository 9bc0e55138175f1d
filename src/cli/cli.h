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

int cmd_route(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
