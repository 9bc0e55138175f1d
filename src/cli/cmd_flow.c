/* `corridor flow`, `corridor resilience` and `corridor diverse`: parse options, run the flow
 * module (src/flow/), print the answer. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

enum cmd_kind { CMD_FLOW, CMD_RESILIENCE, CMD_DIVERSE };

/* Each command's name and --help (src/cli/help.c). */
static const struct cmd_text {
    const char *name, *help;
} cmd_texts[] = {
    [CMD_FLOW] = {"flow", cli_help_flow},
    [CMD_RESILIENCE] = {"resilience", cli_help_resilience},
    [CMD_DIVERSE] = {"diverse", cli_help_diverse},
};

static const char *cmd_name(enum cmd_kind k) { return cmd_texts[k].name; }

typedef struct query {
    const cor_net *net;
    cor_flow_opts o;
    uint32_t *src, *snk;
    size_t ns, nt;
    cor_flow_result *flow;
    cor_resilience *res;
    cor_flow_paths *paths;
    size_t top;
} query;

static void print_flow(FILE *f, const void *ctx)
{
    const query *q = ctx;
    cor_flow_print(f, q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->flow);
}

static void print_res(FILE *f, const void *ctx)
{
    const query *q = ctx;
    cor_resilience_print(f, q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->res, q->flow, q->top);
}

static void print_paths(FILE *f, const void *ctx)
{
    const query *q = ctx;
    cor_flow_paths_print(f, q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->paths);
}

/* What the command line asked for. */
typedef struct flow_args {
    const char *layer, *net_dir, *output;
    double k;
    int json, node_disjoint;
} flow_args;

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
static int option(enum cmd_kind kind, int c, char **argv, query *q, flow_args *a)
{
    const char *cmd = cmd_name(kind);
    double v;
    switch (c) {
    case O_LAYER: a->layer = optarg; return -1;
    case O_SCENARIO: q->o.scenario = optarg; return -1;
    case O_STATUS: return flow_set(cmd, "status", optarg, &q->o) ? -1 : EXIT_USAGE;
    case O_WITHOUT: return flow_set(cmd, "without", optarg, &q->o) ? -1 : EXIT_USAGE;
    case O_UNCAP:
        if (kind == CMD_DIVERSE)
            break;
        return flow_set(cmd, "uncapacitated", optarg, &q->o) ? -1 : EXIT_USAGE;
    case O_K:
        if (kind == CMD_FLOW)
            break;
        return cli_parse_whole(cmd, "--k", optarg, 1, kind == CMD_RESILIENCE ? 2 : 64, &a->k)
                   ? -1
                   : EXIT_USAGE;
    case O_TOP:
        if (kind != CMD_RESILIENCE)
            break;
        if (!cli_parse_whole(cmd, "--top", optarg, 0, 1e9, &v))
            return EXIT_USAGE;
        q->top = (size_t)v;
        return -1;
    case O_NODE:
        if (kind != CMD_DIVERSE)
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

/* Reads the options and checks the arguments; -1 to go on, else an exit code. */
static int parse(enum cmd_kind kind, int argc, char **argv, query *q, flow_args *a)
{
    const char *cmd = cmd_name(kind);
    *q = (query){0};
    cor_flow_opts_default(&q->o);
    q->top = 20;
    *a = (flow_args){.layer = kind == CMD_DIVERSE ? "fibre" : NULL,
                     .k = kind == CMD_DIVERSE ? 2 : 1};
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

/* The layer (pipeline: the unit the network's pipelines use) and both node sets into q. */
static int prepare(const char *cmd, const flow_args *a, const char *sources, const char *sinks,
                   query *q)
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

/* Runs the query of command kind on fl and writes the answer. */
static int answer(enum cmd_kind kind, const flow_args *a, cor_flow *fl, query *q)
{
    const char *cmd = cmd_name(kind);
    cor_err err = {0};
    char *text = NULL;
    if (kind == CMD_DIVERSE) {
        if (cor_flow_disjoint(fl, q->src, q->ns, q->snk, q->nt, (size_t)a->k, a->node_disjoint,
                              &q->paths, &err) != COR_OK) {
            cli_error(cmd, "%s", err.msg);
            return EXIT_FAIL;
        }
        if (a->json && !(text = cor_flow_paths_json(q->net, &q->o, q->src, q->ns, q->snk, q->nt,
                                                    q->paths))) {
            cli_error(cmd, "out of memory");
            return EXIT_FAIL;
        }
        return cli_emit(cmd, a->output, text, print_paths, q);
    }
    if (cor_flow_max(fl, q->src, q->ns, q->snk, q->nt, &q->flow, &err) != COR_OK ||
        (kind == CMD_RESILIENCE && cor_flow_resilience(fl, q->src, q->ns, q->snk, q->nt,
                                                       (int)a->k, &q->res, &err) != COR_OK)) {
        cli_error(cmd, "%s", err.msg);
        return EXIT_FAIL;
    }
    if (a->json) {
        text = kind == CMD_FLOW
                   ? cor_flow_json(q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->flow)
                   : cor_resilience_json(q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->res,
                                         q->flow);
        if (!text) {
            cli_error(cmd, "out of memory");
            return EXIT_FAIL;
        }
    }
    return cli_emit(cmd, a->output, text, kind == CMD_FLOW ? print_flow : print_res, q);
}

static int run(enum cmd_kind kind, int argc, char **argv)
{
    const char *cmd = cmd_name(kind);
    query q;
    flow_args a;
    int rc = parse(kind, argc, argv, &q, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(cli_network_dir(a.net_dir), q.o.scenario);
    if (!net)
        return EXIT_FAIL;
    q.net = net;
    rc = EXIT_FAIL;
    cor_err err = {0};
    cor_flow *fl = NULL;
    if (prepare(cmd, &a, argv[optind], argv[optind + 1], &q)) {
        if (cor_flow_new(net, &q.o, &fl, &err) != COR_OK)
            cli_error(cmd, "%s", err.msg);
        else
            rc = answer(kind, &a, fl, &q);
    }
    cor_flow_paths_free(q.paths);
    cor_resilience_free(q.res);
    cor_flow_result_free(q.flow);
    cor_flow_free(fl);
    free(q.src);
    free(q.snk);
    cor_net_free(net);
    return rc;
}

int cmd_flow(int argc, char **argv) { return run(CMD_FLOW, argc, argv); }
int cmd_resilience(int argc, char **argv) { return run(CMD_RESILIENCE, argc, argv); }
int cmd_diverse(int argc, char **argv) { return run(CMD_DIVERSE, argc, argv); }
