/* corridor: command line entry point; dispatches to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: corridor <command> [options]\n"
    "\n"
    "Plans and analyses multimodal freight corridors (bundled network: the South Caucasus).\n"
    "\n"
    "commands:\n"
    "  route FROM TO      best route and alternatives between two nodes\n"
    "  route NET.cor --from LAT,LON --to LAT,LON   fastest/shortest path between points\n"
    "  check [DIR]        validate a network directory; lists every problem\n"
    "  info [DIR]         counts by mode, status and country\n"
    "  scenarios [DIR]    the scenarios of a network, with what they change\n"
    "  assign             freight flows of an OD demand, with each country's account;\n"
    "                     with --tntp NET TRIPS, equilibrium assignment of a TNTP network\n"
    "  compare A B        what changes between two scenarios: routes, transit, fees\n"
    "  appraise A B       is B worth it: NPV, EIRR, BCR, sensitivity, who gains, CO2e\n"
    "  report A B -o F    self-contained HTML report comparing two scenarios\n"
    "  sweep SPEC         many scenario runs (dwell uncertainty, demand growth); MPI-ready\n"
    "  simulate [DIR]     border posts: queues, dwell times, throughput (discrete events)\n"
    "  flow SRC SINK      maximum flow and minimum cut over a power, fibre or pipeline layer\n"
    "  resilience SRC SINK  N-1 / N-2 contingencies of that flow, most critical links first\n"
    "  diverse SRC SINK   k link- or node-disjoint paths of least latency (fibre)\n"
    "  import osm FILE    import an OpenStreetMap extract into a network directory\n"
    "  import tntp N T    turn a TNTP network and trips file into a network directory\n"
    "  build NET -o NET.cor   routing snapshot with contraction hierarchies\n"
    "  table NET.cor --coords FILE   many-to-many times or distances\n"
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
    "freight.md, appraisal.md, assignment.md, sweep.md, simulation.md, server.md, report.md,\n"
    "storage.md, osm.md, ch.md, flow.md, security.md, json.md).\n";

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
    {"appraise", cmd_appraise},
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
