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

/* Graph commands: path is a snapshot file (corridor build) or a network directory (its
 * operating transport links). Prints the problem and returns NULL on failure. */
int cli_is_snapshot(const char *path);
cor_graph *cli_load_graph(const char *cmd, const char *path);
/* Parses "LAT,LON"; prints an error naming opt and returns 0 when malformed. */
int cli_parse_latlon(const char *cmd, const char *opt, const char *s, double *lat, double *lon);

/* `corridor route` between coordinates (called by cmd_route). */
int cli_route_coords(const char *net, const char *from, const char *to, cor_metric metric,
                     int algo, double tonnes, double max_snap_km, int json, int geojson,
                     const char *output);
/* Snaps (lat, lon); prints an error and returns 0 when it fails or the nearest node is more
 * than max_snap_km away. what names the point in messages. */
int cli_snap(const char *cmd, const cor_graph *g, const char *what, double lat, double lon,
             double max_snap_km, uint32_t *node, double *dist_m);

int cmd_route(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
