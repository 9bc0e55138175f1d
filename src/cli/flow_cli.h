/* The commands on the capacity of a layer (flow, resilience, diverse: src/cli/cmd_flow.c) and
 * their options, which they share (src/cli/flow_cli.c). */
#ifndef COR_CLI_FLOW_CLI_H
#define COR_CLI_FLOW_CLI_H

#include "cli/cli.h"

typedef enum cli_flow_cmd { CLI_FLOW, CLI_RESILIENCE, CLI_DIVERSE } cli_flow_cmd;

/* A query and its answer: the options and node sets, then what cor_flow_*() returned. */
typedef struct cli_flow_query {
    const cor_net *net;
    cor_flow_opts o;
    uint32_t *src, *snk;
    size_t ns, nt;
    cor_flow_result *flow;
    cor_resilience *res;
    cor_flow_paths *paths;
    size_t top;
} cli_flow_query;

/* What the command line asked for. */
typedef struct cli_flow_args {
    const char *layer, *net_dir, *output;
    double k;
    int json, node_disjoint;
} cli_flow_args;

/* The command's name: "flow", "resilience" or "diverse". */
const char *cli_flow_name(cli_flow_cmd kind);
/* Reads the options of command kind into q and a and checks its arguments (SOURCES SINKS at
 * optind); -1 to go on, else an exit code. */
int cli_flow_parse(cli_flow_cmd kind, int argc, char **argv, cli_flow_query *q, cli_flow_args *a);
/* The layer (pipeline: the unit the network's pipelines use) and both node sets into q, on
 * q->net; 0 after printing why. */
int cli_flow_prepare(const char *cmd, const cli_flow_args *a, const char *sources,
                     const char *sinks, cli_flow_query *q);

#endif
