/* The options of flow, resilience and diverse: one getopt table for the three, each option
 * refused by the commands it is not for; the layer and node sets through the flow module. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/flow_cli.h"

/* Each command's name and --help (src/cli/help.c). */
static const struct cmd_text {
    const char *name, *help;
} cmd_texts[] = {
    [CLI_FLOW] = {"flow", cli_help_flow},
    [CLI_RESILIENCE] = {"resilience", cli_help_resilience},
    [CLI_DIVERSE] = {"diverse", cli_help_diverse},
};

const char *cli_flow_name(cli_flow_cmd kind) { return cmd_texts[kind].name; }

enum { O_LAYER = 256, O_STATUS, O_SCENARIO, O_WITHOUT, O_UNCAP, O_K, O_TOP, O_NODE, O_JSON, O_NET,
       O_HELP };
static const struct option longopts[] = {
    {"layer", required_argument, NULL, O_LAYER},
    {"status", required_argument, NULL, O_STATUS},
    {"without", required_argument, NULL, O_WITHOUT},
    {"scenario", required_argument, NULL, O_SCENARIO},
    {"uncapacitated", required_argument, NULL, O_UNCAP},
    {"k", required_argument, NULL, O_K},
    {"top", required_argument, NULL, O_TOP},
    {"node-disjoint", no_argument, NULL, O_NODE},
    {"json", no_argument, NULL, O_JSON},
    {"output", required_argument, NULL, 'o'},
    {"net", required_argument, NULL, O_NET},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0}};

/* --NAME VALUE through the library's cor_flow_opts_set(); 0 after printing why. */
static int flow_set(const char *cmd, const char *name, const char *value, cor_flow_opts *o)
{
    cor_err err;
    if (cor_flow_opts_set(o, name, value, &err) == COR_OK)
        return 1;
    cli_error(cmd, "--%s: %s", name, err.msg);
    return 0;
}

/* One option c of command kind into q and a: -1 to go on, else an exit code. */
static int option(cli_flow_cmd kind, int c, char **argv, cli_flow_query *q, cli_flow_args *a)
{
    const char *cmd = cli_flow_name(kind);
    double v;
    switch (c) {
    case O_LAYER: a->layer = optarg; return -1;
    case O_SCENARIO: q->o.scenario = optarg; return -1;
    case O_STATUS: return flow_set(cmd, "status", optarg, &q->o) ? -1 : EXIT_USAGE;
    case O_WITHOUT: return flow_set(cmd, "without", optarg, &q->o) ? -1 : EXIT_USAGE;
    case O_UNCAP:
        if (kind == CLI_DIVERSE)
            break;
        return flow_set(cmd, "uncapacitated", optarg, &q->o) ? -1 : EXIT_USAGE;
    case O_K:
        if (kind == CLI_FLOW)
            break;
        return cli_parse_whole(cmd, "--k", optarg, 1, kind == CLI_RESILIENCE ? 2 : 64, &a->k)
                   ? -1
                   : EXIT_USAGE;
    case O_TOP:
        if (kind != CLI_RESILIENCE)
            break;
        if (!cli_parse_whole(cmd, "--top", optarg, 0, 1e9, &v))
            return EXIT_USAGE;
        q->top = (size_t)v;
        return -1;
    case O_NODE:
        if (kind != CLI_DIVERSE)
            break;
        a->node_disjoint = 1;
        return -1;
    case O_JSON: a->json = 1; return -1;
    case 'o': a->output = optarg; return -1;
    case O_NET: a->net_dir = optarg; return -1;
    case O_HELP: fputs(cmd_texts[kind].help, stdout); return EXIT_OK;
    default:
        cli_error(cmd, "unknown or incomplete option \"%s\" (see corridor %s --help)",
                  argv[optind - 1], cmd);
        return EXIT_USAGE;
    }
    /* an option of another of the three commands */
    for (const struct option *lo = longopts; lo->name; lo++)
        if (lo->val == c)
            cli_error(cmd, "--%s is not an option of corridor %s (see corridor %s --help)",
                      lo->name, cmd, cmd);
    return EXIT_USAGE;
}

int cli_flow_parse(cli_flow_cmd kind, int argc, char **argv, cli_flow_query *q, cli_flow_args *a)
{
    const char *cmd = cli_flow_name(kind);
    *q = (cli_flow_query){0};
    cor_flow_opts_default(&q->o);
    q->top = 20;
    *a = (cli_flow_args){.layer = kind == CLI_DIVERSE ? "fibre" : NULL,
                     .k = kind == CLI_DIVERSE ? 2 : 1};
    optind = 1;
    opterr = 0;
    for (int c, rc; (c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1;)
        if ((rc = option(kind, c, argv, q, a)) >= 0)
            return rc;
    if (argc - optind != 2) {
        cli_error(cmd, "expected SOURCES and SINKS, found %d argument%s (see corridor %s --help)",
                  argc - optind, argc - optind == 1 ? "" : "s", cmd);
        return EXIT_USAGE;
    }
    if (!a->layer) {
        cli_error(cmd, "--layer: expected power, fibre or pipeline, found nothing");
        return EXIT_USAGE;
    }
    if (cor_layer_parse(a->layer) < 0 && strcmp(a->layer, "pipeline") != 0) {
        cli_error(cmd, "--layer: expected power, fibre, pipeline, pipeline-tpy or pipeline-bcmy, "
                       "found \"%s\"", a->layer);
        return EXIT_USAGE;
    }
    return -1;
}

int cli_flow_prepare(const char *cmd, const cli_flow_args *a, const char *sources,
                     const char *sinks, cli_flow_query *q)
{
    cor_err err = {0};
    if (strcmp(a->layer, "pipeline") != 0) {
        q->o.layer = (cor_layer)cor_layer_parse(a->layer);
    } else if (cor_layer_pipeline(q->net, q->o.statuses, &q->o.layer, &err) != COR_OK) {
        cli_error(cmd, "--layer pipeline: %s", err.msg);
        return 0;
    }
    if (cor_flow_set_parse(q->net, sources, q->o.layer, &q->src, &q->ns, &err) != COR_OK) {
        cli_error(cmd, "SOURCES: %s", err.msg);
        return 0;
    }
    if (cor_flow_set_parse(q->net, sinks, q->o.layer, &q->snk, &q->nt, &err) != COR_OK) {
        cli_error(cmd, "SINKS: %s", err.msg);
        return 0;
    }
    return 1;
}

