/* `corridor simulate`: parses options, runs the border-post simulation (cor_sim_study()) and
 * prints it. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* in the order of longopts: option c is longopts[c - O_SCEN] */
enum { O_SCEN = 256, O_JOINT, O_STAGES, O_FLOWS, O_TRAFFIC, O_POST, O_SEED, O_REPS, O_DAYS,
       O_WARM, O_JSON, O_NET, O_HELP };
static const struct option longopts[] = {
    {"stage-scenario", required_argument, NULL, O_SCEN},
    {"joint", no_argument, NULL, O_JOINT},
    {"stages", required_argument, NULL, O_STAGES},
    {"flows", required_argument, NULL, O_FLOWS},
    {"traffic", required_argument, NULL, O_TRAFFIC},
    {"post", required_argument, NULL, O_POST},
    {"seed", required_argument, NULL, O_SEED},
    {"replications", required_argument, NULL, O_REPS},
    {"days", required_argument, NULL, O_DAYS},
    {"warmup-days", required_argument, NULL, O_WARM},
    {"json", no_argument, NULL, O_JSON},
    {"output", required_argument, NULL, 'o'},
    {"net", required_argument, NULL, O_NET},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0}};

/* What the command line asked for. */
typedef struct simulate_args {
    cor_sim_spec sim;
    const char *net_dir, *output, *posts[16];
    size_t n_posts;
    int json;
} simulate_args;

/* One option c into s: -1 to go on, else an exit code. */
static int option(int c, char **argv, simulate_args *s)
{
    cor_sim_spec *a = &s->sim;
    cor_err err;
    switch (c) {
    case O_SCEN: a->scenario = optarg; return -1;
    case O_JOINT: a->scenario = "joint"; return -1;
    case O_STAGES: a->stages = optarg; return -1;
    case O_FLOWS: a->flows = optarg; return -1;
    case O_POST:
        if (s->n_posts == sizeof s->posts / sizeof *s->posts) {
            cli_error("simulate", "--post: at most %zu nodes", sizeof s->posts / sizeof *s->posts);
            return EXIT_USAGE;
        }
        s->posts[s->n_posts++] = optarg;
        return -1;
    case O_TRAFFIC:
    case O_SEED:
    case O_REPS:
    case O_DAYS:
    case O_WARM: {
        char key[32];
        const char *name = longopts[c - O_SCEN].name;
        if (cor_sim_spec_set(a, cli_opt_key(name, key, sizeof key), optarg, &err) == COR_OK)
            return -1;
        cli_error("simulate", "--%s: %s", name, err.msg);
        return EXIT_USAGE;
    }
    case O_JSON: s->json = 1; return -1;
    case 'o': s->output = optarg; return -1;
    case O_NET: s->net_dir = optarg; return -1;
    case O_HELP: fputs(cli_help_simulate, stdout); return EXIT_OK;
    default:
        cli_error("simulate", "unknown or incomplete option \"%s\" (see corridor simulate "
                              "--help)", argv[optind - 1]);
        return EXIT_USAGE;
    }
}

/* Reads the options into s; -1 to go on, else an exit code. */
static int parse(int argc, char **argv, simulate_args *s)
{
    memset(s, 0, sizeof *s);
    cor_sim_spec_default(&s->sim);
    optind = 1;
    opterr = 0;
    for (int c, rc; (c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1;)
        if ((rc = option(c, argv, s)) >= 0)
            return rc;
    if (argc - optind > 1 || (argc - optind == 1 && s->net_dir)) {
        cli_error("simulate", "expected at most one network directory");
        return EXIT_USAGE;
    }
    if (argc - optind == 1)
        s->net_dir = argv[optind];
    return -1;
}

/* What cor_sim_print() prints. */
typedef struct sim_answer {
    const cor_net *net;
    const cor_sim_plan *plan;
    const cor_sim_opts *opts;
    const cor_sim_result *res;
} sim_answer;

static void print_sim(FILE *f, const void *ctx)
{
    const sim_answer *s = ctx;
    cor_sim_print(f, s->net, s->plan, s->opts, s->res);
}

int cmd_simulate(int argc, char **argv)
{
    simulate_args s;
    int rc = parse(argc, argv, &s);
    if (rc >= 0)
        return rc;
    cor_sim_spec *a = &s.sim;
    cor_net *net = cli_load(cli_network_dir(s.net_dir), NULL);
    if (!net)
        return EXIT_FAIL;
    /* load, select the posts, then run only those: a post's figures depend only on its own
     * stream, so they are the same as in a run of every post */
    uint32_t keep[16];
    cor_err err = {0};
    for (size_t i = 0; i < s.n_posts; i++)
        if (cor_net_find_node(net, s.posts[i], &keep[i], &err)) {
            cli_error("simulate", "--post: %s", err.msg);
            cor_net_free(net);
            return EXIT_FAIL;
        }
    a->select = keep;
    a->n_select = s.n_posts;
    cor_sim_plan *plan = NULL;
    cor_sim_result *res = NULL;
    char *text = NULL;
    rc = EXIT_FAIL;
    cor_diags *d = cor_diags_new();
    cor_status st = d ? cor_sim_study(net, a, &plan, &res, d, &err)
                      : cor_err_set(&err, COR_ERR_NOMEM, "out of memory");
    cli_print_diags(d, 0);
    cor_diags_free(d);
    if (st != COR_OK)
        cli_error("simulate", "%s", err.msg);
    else if (res->n == 0)
        cli_error("simulate", "no simulated post matches --post");
    else if (s.json && !(text = cor_sim_json(net, plan, &a->opts, res)))
        cli_error("simulate", "out of memory");
    else
        rc = cli_emit("simulate", s.output, text, print_sim,
                      &(sim_answer){net, plan, &a->opts, res});
    cor_sim_result_free(res);
    cor_sim_plan_free(plan);
    cor_net_free(net);
    return rc;
}
