/* corridor: command line entry point; dispatches to the subcommands. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/tmpfile.h"

#ifndef COR_DATADIR
#define COR_DATADIR "/usr/local/share/corridor"
#endif

static const char usage[] =
    "usage: corridor <command> [options]\n"
    "\n"
    "Plans and analyses multimodal freight corridors (bundled network: the South Caucasus).\n"
    "\n"
    "commands:\n"
    "  route FROM TO      best route and alternatives between two nodes\n"
    "  simulate [DIR]     border posts: queues, dwell times, throughput (discrete events)\n"
    "  route NET.cor --from LAT,LON --to LAT,LON   fastest/shortest path between points\n"
    "  build NET -o NET.cor   routing snapshot with contraction hierarchies\n"
    "  table NET.cor --coords FILE   many-to-many times or distances\n"
    "  flow SRC SINK      maximum flow and minimum cut over a power, fibre or pipeline layer\n"
    "  resilience SRC SINK  N-1 / N-2 contingencies of that flow, most critical links first\n"
    "  diverse SRC SINK   k link- or node-disjoint paths of least latency (fibre)\n"
    "  check [DIR]        validate a network directory; lists every problem\n"
    "  info [DIR]         counts by mode, status and country\n"
    "  import osm FILE    import an OpenStreetMap extract into a network directory\n"
    "  import tntp N T    turn a TNTP network and trips file into a network directory\n"
    "  scenarios [DIR]    the scenarios of a network, with what they change\n"
    "  assign             freight flows of an OD demand, with each country's account;\n"
    "                     with --tntp NET TRIPS, equilibrium assignment of a TNTP network\n"
    "  compare A B        what changes between two scenarios: routes, transit, fees\n"
    "  sweep SPEC         many scenario runs (dwell uncertainty, demand growth); MPI-ready\n"
    "  report A B -o F    self-contained HTML report comparing two scenarios\n"
    "  serve              HTTP API (OSRM-compatible and corridor) and the map page\n"
    "  runs [show|delete] the run history saved with --save (SQLite)\n"
    "  export pg          the network (and a run's flows) to PostGIS/pgRouting tables\n"
    "  help [COMMAND]     this text, or a command's options\n"
    "  version            the version\n"
    "\n"
    "The network is DIR, or --net DIR, or $CORRIDOR_NET, or the bundled data/caucasus.\n"
    "Commands that read a network take --scenario NAME (DIR/scenarios/NAME.ini, or a path).\n"
    "Exit status: 0 success, 1 failure (bad data, no route, unknown node), 2 bad usage.\n"
    "Documentation: README.md and docs/ (network-format.md, routing.md, scenarios.md,\n"
    "freight.md, assignment.md, sweep.md, simulation.md, server.md, report.md, storage.md,\n"
    "osm.md, ch.md, flow.md, json.md).\n";

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "corridor: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int is_dir_with_nodes(const char *dir)
{
    char path[PATH_MAX + 256];
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    return access(path, R_OK) == 0;
}

const char *cli_network_dir(const char *given)
{
    static char found[PATH_MAX + 64]; /* the CLI is single-threaded */
    if (given)
        return given;
    const char *env = getenv("CORRIDOR_NET");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        const char *rel[] = {"/../data/caucasus", "/../share/corridor/caucasus"};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            char path[PATH_MAX + 64];
            snprintf(path, sizeof path, "%s%s", exe, rel[i]);
            if (is_dir_with_nodes(path) && realpath(path, found))
                return found;
        }
    }
    snprintf(found, sizeof found, "%s/caucasus", COR_DATADIR);
    return found;
}

cor_net *cli_load(const char *dir, const char *scenario)
{
    cor_diags *d = cor_diags_new();
    cor_net *net = NULL;
    if (!d) {
        cli_error(NULL, "out of memory");
        return NULL;
    }
    cor_status st = cor_net_load_scenario(dir, scenario, &net, d);
    for (size_t i = 0; i < cor_diags_count(d); i++) {
        const cor_diag *it = cor_diags_get(d, i);
        if (it->severity != COR_ERROR)
            continue;
        char buf[2048];
        cor_diag_format(it, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    }
    if (st != COR_OK && scenario)
        cli_error(NULL, "cannot load the network in %s with scenario %s (%zu errors)", dir,
                  scenario, cor_diags_errors(d));
    else if (st != COR_OK)
        cli_error(NULL, "cannot load the network in %s (%zu errors; `corridor check %s` lists "
                        "them)", dir, cor_diags_errors(d), dir);
    cor_diags_free(d);
    return net;
}

int cli_write(const char *path, const char *text)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF || fflush(stdout) == EOF) {
            cli_error(NULL, "cannot write to standard output: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    char tmp[PATH_MAX];
    int fd = cor_tmpfile_beside(path, tmp, sizeof tmp);
    if (fd < 0) {
        cli_error(NULL, "cannot create a temporary file beside %s: %s", path, strerror(errno));
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    int ok = f && fputs(text, f) != EOF && fputc('\n', f) != EOF && fflush(f) == 0 &&
             fsync(fileno(f)) == 0;
    int err = errno;
    if (f)
        ok &= fclose(f) == 0;
    else
        close(fd);
    if (!ok || rename(tmp, path) != 0) {
        err = ok ? errno : err;
        unlink(tmp);
        cli_error(NULL, "cannot write %s: %s", path, strerror(err));
        return -1;
    }
    return 0;
}

/* One row per subcommand: adding a command is adding a row (and a line to `usage`). */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"route", cmd_route},
    {"simulate", cmd_simulate},
    {"check", cmd_check},
    {"info", cmd_info},
    {"scenarios", cmd_scenarios},
    {"assign", cmd_assign},
    {"compare", cmd_compare},
    {"sweep", cmd_sweep},
    {"report", cmd_report},
    {"serve", cmd_serve},
    {"runs", cmd_runs},
    {"export", cmd_export},
    {"import", cmd_import},
    {"build", cmd_build},
    {"table", cmd_table},
    {"flow", cmd_flow},
    {"resilience", cmd_resilience},
    {"diverse", cmd_diverse},
};

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    const struct command *c = find_command(cmd);
    if (c)
        return c->run(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("corridor %s\n", CORRIDOR_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        if (argc > 2 && (c = find_command(argv[2]))) {
            char *args[] = {argv[2], "--help", NULL};
            return c->run(2, args);
        }
        fputs(usage, stdout);
        return EXIT_OK;
    }
    cli_error(NULL, "unknown command \"%s\"", cmd);
    fputs(usage, stderr);
    return EXIT_USAGE;
}
