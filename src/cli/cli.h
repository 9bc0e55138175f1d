/* The corridor command line tool: shared helpers of the subcommands (no algorithms here). */
#ifndef COR_CLI_CLI_H
#define COR_CLI_CLI_H

#include <limits.h>
#include <time.h>

#include <stdio.h>

#include "corridor/corridor.h"
#include "corridor/export.h"
#include "corridor/import.h"
#include "corridor/server.h"
#include "corridor/store.h"
#include "corridor/sweep.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The network directory to use: the given one, else $CORRIDOR_NET, else the bundled
 * data/caucasus found beside the executable or in the install prefix. */
const char *cli_network_dir(const char *given);

/* The map page's directory (web/ beside the program, else the installed one), resolved into
 * buf, or NULL when there is none. */
const char *cli_web_dir(char buf[PATH_MAX]);

/* Loads a network with a scenario applied (NULL: none), printing every problem to stderr.
 * NULL on failure. */
cor_net *cli_load(const char *dir, const char *scenario);
/* cli_load() without a scenario, under the caps lim (NULL: the defaults). A file over the caps
 * is refused before anything is parsed, with a line saying what to do instead. */
cor_net *cli_load_limited(const char *cmd, const char *dir, const cor_net_limits *lim);
/* --max-file-mb MB into lim; 0 after printing the error. */
int cli_parse_max_file_mb(const char *cmd, const char *arg, cor_net_limits *lim);

/* The arguments of check, info and scenarios: [DIR] [--net DIR] [--scenario NAME] [--json]
 * [--max-file-mb MB] [--help], only the options named in allowed ("net json"). dir is the
 * network (cli_network_dir()). Returns -1 to go on, else an exit code. */
typedef struct cli_net_args {
    const char *dir, *scenario;
    int json;
    cor_net_limits lim;
} cli_net_args;
int cli_net_parse(const char *cmd, const char *help, const char *allowed, int argc, char **argv,
                  cli_net_args *a);

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
/* The freight options of assign, compare, report, appraise, validate and calibrate, as above:
 * cli_freight_opt() handles these and the routing options (cor_freight_opts_set()). */
enum { CLI_O_METHOD = 1100, CLI_O_ROUTES, CLI_O_THETA, CLI_O_GAP, CLI_O_MAX_ITER };
#define CLI_FREIGHT_LONGOPTS                                                                 \
    CLI_ROUTE_LONGOPTS,                                                                      \
    {"method", required_argument, NULL, CLI_O_METHOD},                                       \
    {"routes", required_argument, NULL, CLI_O_ROUTES},                                       \
    {"theta", required_argument, NULL, CLI_O_THETA},                                         \
    {"gap", required_argument, NULL, CLI_O_GAP},                                             \
    {"max-iter", required_argument, NULL, CLI_O_MAX_ITER}
int cli_freight_opt(const char *cmd, int c, const char *arg, cor_freight_opts *o);
/* Numbers of options, read by cor_number_parse() (decimals only, as in network files and the
 * server's parameters): a number >= min, from min to max, a whole number from min to max; each
 * returns 0 after printing "corridor: CMD: OPT: expected ...". */
int cli_parse_num(const char *cmd, const char *opt, const char *s, double min, double *out);
int cli_parse_range(const char *cmd, const char *opt, const char *s, double min, double max,
                    double *out);
int cli_parse_whole(const char *cmd, const char *opt, const char *s, double min, double max,
                    double *out);
/* A number > 0 (a time, a factor); 0 after printing "corridor: CMD: OPT: expected a number > 0,
 * found ...". */
int cli_parse_pos(const char *cmd, const char *opt, const char *s, double *out);
/* The route option opt ("--tonnes", "--modes", "--alternatives", ...) set with
 * cor_route_opts_set() without a network (the server's parser, limits and messages); 0 after
 * printing "corridor: CMD: OPT: MESSAGE". */
int cli_route_set(const char *cmd, const char *opt, const char *s, cor_route_opts *o);
/* Commands that assign (assign, compare, validate, ...) take --dwell mean or p95 only: 0
 * after printing so when o asks for the simulated dwell. */
int cli_no_simulated_dwell(const char *cmd, const cor_route_opts *o);
/* opt ("max-iter") as the library's option key ("max_iter") in buf; returns buf. */
const char *cli_opt_key(const char *opt, char *buf, size_t size);
/* Takes the options named in names (NULL-terminated, without "--") out of argv with their
 * values (--NAME VALUE or --NAME=VALUE), calling set(ctx, name, value) for each in order; "--"
 * ends the options and stays, with what follows. argv keeps the other arguments and *argc
 * their count. Returns -1 to go on, or EXIT_USAGE after printing why (a value missing, or set
 * returned 0 after printing). For options that a command takes before getopt_long() reads
 * the ones it shares with others. */
int cli_take_opts(const char *cmd, int *argc, char **argv, const char *const *names,
                  int (*set)(void *ctx, const char *name, const char *value), void *ctx);
/* Every avoided country must exist in the network (cor_route_opts_check()): a typo would
 * silently avoid nothing. Returns 0 after printing an error. */
int cli_check_avoid(const char *cmd, const cor_net *net, const cor_route_opts *o);

/* A finished assign or compare run to save with --save [DB] (src/cli/save.c). */
typedef struct cli_run {
    const char *cmd, *db, *net_dir, *demand_path; /* demand_path NULL: NET/demand.csv */
    time_t started;
    const cor_demand *demand;
    const cor_freight_opts *opts;
    size_t n_sides;
    const char *scenarios[2];
    const cor_net *nets[2];
    const cor_freight_result *results[2];
} cli_run;
/* Saves the run in its database, printing "saved run N in DB" or the error to stderr.
 * Returns 0 on success. */
int cli_save_run(const cli_run *run);
/* The same for a compare run with its appraisal (the JSON of cor_appraisal_json()). */
int cli_save_run_appraisal(const cli_run *run, const char *appraisal_json);

/* The database of --save [DB]: optarg, or the next argument when it is one (not an option;
 * for compare, a name ending in .db, .sqlite or .sqlite3), else cli_default_db(). */
const char *cli_save_db(int compare, int argc, char **argv);
/* The run database when none is named: $CORRIDOR_DB, else $XDG_DATA_HOME/corridor/runs.db
 * (~/.local/share/corridor/runs.db), never the current directory (a checkout). With create,
 * the directory is made when missing. A static buffer. */
const char *cli_default_db(int create);

/* An answer printed into memory, then written like cli_write(): cli_text_open() gives the
 * stream to print into (NULL after an "out of memory" message), cli_text_write() closes it,
 * drops a final newline, writes it to path (or stdout) and frees it; 0 on success. */
typedef struct cli_text {
    char *buf;
    size_t len;
    FILE *f;
} cli_text;
FILE *cli_text_open(cli_text *t, const char *cmd);
int cli_text_write(cli_text *t, const char *path);
/* The answer of a command, written to path (or stdout when NULL): json when not NULL (freed
 * here), else what print(f, ctx) prints. Returns EXIT_OK, or EXIT_FAIL after printing why. */
int cli_emit(const char *cmd, const char *path, char *json, void (*print)(FILE *, const void *),
             const void *ctx);

/* Prints the findings of d on stderr, one a line as file:line: field: message (only the errors
 * when errors_only); d may be NULL. */
void cli_print_diags(const cor_diags *d, int errors_only);

/* Appraisal options (--from-year, --horizon, --discount, --carbon-price, --growth,
 * --elasticity, --project) taken out of argv into o (defaults first): argv keeps the other
 * arguments and *argc their count. Returns -1 to go on, else an exit code after printing why.
 * Free o's project names with cli_appraise_opts_free(). */
int cli_appraise_opts(const char *cmd, int *argc, char **argv, cor_appraise_opts *o);
void cli_appraise_opts_free(cor_appraise_opts *o);
/* NET/emissions.csv, or NULL when the network has none (*failed 0) or after printing why it
 * cannot be read (*failed 1). */
cor_emissions *cli_load_emissions(const char *cmd, const char *net_dir, int *failed);
/* NET/projects.csv, or NULL after printing why. */
cor_projects *cli_load_projects(const char *cmd, const char *net_dir);

void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports the option getopt_long() just refused (unknown, or missing its argument). */
void cli_bad_option(const char *cmd, char **argv);

/* Options of validate and calibrate (src/cli/calib_cli.c). */
#define CLI_CALIB_MAX_PARAMS 32
typedef struct cli_calib_args {
    const char *net_dir, *scenario, *demand, *observed, *output;
    int json;
    cor_calib_opts co;
    cor_calib_param params[CLI_CALIB_MAX_PARAMS];
    size_t n_params;
} cli_calib_args;
/* Returns -1 to go on, else an exit code. */
int cli_calib_parse(const char *cmd, const char *help, int argc, char **argv, cli_calib_args *a);
/* Loads the demand and the observations against net, printing problems; 0 on failure. */
int cli_calib_load(const char *cmd, const cor_net *net, const cli_calib_args *a,
                   cor_demand **demand, cor_obs_set **obs);

/* The text of `corridor --help` (cli_help) and of each command's --help (src/cli/help.c);
 * import's covers import osm and import tntp, assign_tntp is `assign --tntp`'s. */
extern const char cli_help[];
extern const char cli_help_route[], cli_help_check[], cli_help_info[], cli_help_scenarios[],
    cli_help_assign[], cli_help_assign_tntp[], cli_help_compare[], cli_help_appraise[],
    cli_help_report[], cli_help_validate[], cli_help_calibrate[], cli_help_sweep[],
    cli_help_simulate[], cli_help_flow[], cli_help_resilience[], cli_help_diverse[],
    cli_help_import[], cli_help_build[], cli_help_table[], cli_help_serve[], cli_help_runs[],
    cli_help_export[];

int cmd_validate(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);
int cmd_assign(int argc, char **argv);      /* network mode, or --tntp: cmd_assign_tntp */
int cmd_assign_tntp(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_appraise(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_runs(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_flow(int argc, char **argv);
int cmd_resilience(int argc, char **argv);
int cmd_diverse(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_import(int argc, char **argv);

/* The ranks of this process (src/cli/mpi.c): in corridor-mpi MPI is started and t is its
 * transport over MPI_COMM_WORLD; in the plain build t is rank 0 of 1 (no transport).
 * cli_dist_end() ends MPI. */
void cli_dist_start(int *argc, char ***argv, cor_transport *t);
void cli_dist_end(void);

/* The commands that need libmicrohttpd, SQLite, libpq or libreadosm (serve, runs, export,
 * import, sweep) live in plugins, lib/corridor/NAME.so, loaded when they run
 * (src/cli/plugin.c). cli_plugin_command() returns such a command's function, or NULL after
 * printing why it cannot be loaded; cli_plugin_sym() returns the function named sym of plugin
 * NAME ("store": the run history of --save), or NULL after printing why. */
int (*cli_plugin_command(const char *command))(int argc, char **argv);
void *cli_plugin_sym(const char *plugin, const char *sym);

/* Graph commands: path is a snapshot file (corridor build) or a network directory (its
 * operating transport links). Prints the problem and returns NULL on failure. */
int cli_is_snapshot(const char *path);
cor_graph *cli_load_graph(const char *cmd, const char *path, const cor_net_limits *lim);
/* `corridor build FILE.osm.pbf` in the osm plugin (cmd_import_osm.c; cmd_build.c finds it with
 * cli_plugin_sym): the graph of the extract read straight from it under profile_name, country
 * (NULL: ZZ) and box's usd_per_tkm (< 0: the profile's), boundaries, borders (the network of
 * --borders DIR, or NULL) and bbox, shapes included, without writing a file. Prints what was read; NULL after printing why. */
cor_graph *cli_osm_graph(const char *path, const char *profile_name, const char *country,
                         const cor_osm_opts *box);
/* `corridor import` (the osm plugin): the options given. cmd_import.c parses them and checks
 * the output directory; cmd_import_osm.c and cmd_import_tntp.c import. */
typedef struct cli_import_args {
    const char *out, *country, *borders_dir; /* country: "ZZ" unless given */
    int profile, replace, have_limits;       /* profile: a cor_osm_profile, -1 when not given */
    cor_osm_opts box; /* usd_per_tkm (-1: not given), boundaries, bbox, limits */
} cli_import_args;
int cli_import_osm(const char *file, const cli_import_args *a);
int cli_import_tntp(const char *net_file, const char *trips_file, const char *out, int replace);
/* -o DIR may be written: a new or empty directory, or with replace any directory; 0 after
 * printing why not. */
int cli_import_dir_ready(const char *dir, int replace);
/* After an import: names on stderr what DIR kept from before (what writes does not name). */
void cli_import_report_kept(const char *dir, const char *const *writes);
/* --borders DIR needs --boundaries (import osm, build FILE.osm.pbf): 0 after printing so. */
int cli_check_borders(const char *cmd, const char *borders_dir, int boundaries);
/* --country CC: 0 after printing that it is not an upper-case ISO 3166-1 alpha-2 code. */
int cli_parse_country(const char *cmd, const char *s);
/* --bbox MINLAT,MINLON,MAXLAT,MAXLON into o (has_bbox, bbox); 0 after printing the error. */
int cli_parse_bbox(const char *cmd, const char *s, cor_osm_opts *o);
/* Parses "LAT,LON"; prints an error naming opt and returns 0 when malformed. */
int cli_parse_latlon(const char *cmd, const char *opt, const char *s, double *lat, double *lon);

/* What `corridor route` was asked for (src/cli/cmd_route.c parses it). */
typedef struct cli_route_args {
    cor_route_opts o;
    const char *net_dir, *scenario, *output, *stage_scenario;
    const char *via[COR_ROUTE_MAX_VIA];
    size_t n_via;
    int json, geojson;
    /* routes between coordinates take only some options: named_only is one they do not */
    const char *from_ll, *to_ll, *named_only, *minimize;
    int algo; /* a cor_algo, -1 when not given */
    double max_snap_km;
} cli_route_args;
/* The routes between two named nodes on net (src/cli/route_named.c): a->o gets the via nodes
 * and the simulated dwell (taken off again before returning). An exit code. */
int cli_route_named(cli_route_args *a, const cor_net *net, const char *from, const char *to);
/* The route between coordinates on net, a snapshot or a network directory
 * (src/cli/route_coords.c): a gives the metric (--minimize), the tonnes and the countries to
 * avoid (an exact bidirectional Dijkstra then). An exit code. */
int cli_route_coords(const char *net, const cli_route_args *a);
/* Snaps (lat, lon); prints an error and returns 0 when it fails or the nearest node is more
 * than max_snap_km away. what names the point in messages. */
int cli_snap(const char *cmd, const cor_graph *g, const char *what, double lat, double lon,
             double max_snap_km, uint32_t *node, double *dist_m);


#endif
