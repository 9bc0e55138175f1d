/* `corridor flow`, `corridor resilience` and `corridor diverse`: parse options (flow_cli.c),
 * run the flow module (src/flow/), print the answer. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/flow_cli.h"

static void print_flow(FILE *f, const void *ctx)
{
    const cli_flow_query *q = ctx;
    cor_flow_print(f, q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->flow);
}

static void print_res(FILE *f, const void *ctx)
{
    const cli_flow_query *q = ctx;
    cor_resilience_print(f, q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->res, q->flow, q->top);
}

static void print_paths(FILE *f, const void *ctx)
{
    const cli_flow_query *q = ctx;
    cor_flow_paths_print(f, q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->paths);
}

/* Runs the query of command kind on fl and writes the answer. */
static int answer(cli_flow_cmd kind, const cli_flow_args *a, cor_flow *fl, cli_flow_query *q)
{
    const char *cmd = cli_flow_name(kind);
    cor_err err = {0};
    char *text = NULL;
    if (kind == CLI_DIVERSE) {
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
        (kind == CLI_RESILIENCE && cor_flow_resilience(fl, q->src, q->ns, q->snk, q->nt,
                                                       (int)a->k, &q->res, &err) != COR_OK)) {
        cli_error(cmd, "%s", err.msg);
        return EXIT_FAIL;
    }
    if (a->json) {
        text = kind == CLI_FLOW
                   ? cor_flow_json(q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->flow)
                   : cor_resilience_json(q->net, &q->o, q->src, q->ns, q->snk, q->nt, q->res,
                                         q->flow);
        if (!text) {
            cli_error(cmd, "out of memory");
            return EXIT_FAIL;
        }
    }
    return cli_emit(cmd, a->output, text, kind == CLI_FLOW ? print_flow : print_res, q);
}

static int run(cli_flow_cmd kind, int argc, char **argv)
{
    const char *cmd = cli_flow_name(kind);
    cli_flow_query q;
    cli_flow_args a;
    int rc = cli_flow_parse(kind, argc, argv, &q, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(cli_network_dir(a.net_dir), q.o.scenario);
    if (!net)
        return EXIT_FAIL;
    q.net = net;
    rc = EXIT_FAIL;
    cor_err err = {0};
    cor_flow *fl = NULL;
    if (cli_flow_prepare(cmd, &a, argv[optind], argv[optind + 1], &q)) {
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

int cmd_flow(int argc, char **argv) { return run(CLI_FLOW, argc, argv); }
int cmd_resilience(int argc, char **argv) { return run(CLI_RESILIENCE, argc, argv); }
int cmd_diverse(int argc, char **argv) { return run(CLI_DIVERSE, argc, argv); }
