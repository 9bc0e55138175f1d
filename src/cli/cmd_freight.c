/* `corridor assign` (on a network) and `corridor compare`: freight flows and their country
 * accounts under one scenario, or under two side by side. */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "cli/cli.h"

#ifdef COR_WITH_MPI
#include <mpi.h>
#include <stdint.h>
#endif

static const char assign_help[] =
    "usage: corridor assign [options]\n"
    "\n"
    "Assigns an OD demand (tonnes per year) to the network and prints each flow's routes, the\n"
    "account of every country (tonnes, tonne-km, fees as origin, destination and transit) and\n"
    "the most loaded links.\n"
    "\n"
    "options:\n"
    "  --scenario NAME      apply a scenario (see corridor scenarios)\n"
    "  --demand FILE        OD demand (default NET/demand.csv; docs/freight.md)\n"
    "  --method M           aon: all-or-nothing (default); logit: shares over alternative\n"
    "                       routes; ue: user equilibrium with link capacities (path-based)\n"
    "  --routes K           logit: routes per OD pair (default 3)\n"
    "  --theta T            logit: dispersion per USD per tonne (default 0.05)\n"
    "  --gap G              ue: stop at relative gap G (default 1e-4)\n"
    "  --max-iter N         ue: or after N iterations (default 500)\n"
    "  --minimize, --vot, --tonnes, --modes, --avoid, --status, --overlap, --dwell\n"
    "                       as for corridor route (--tonnes is the shipment size)\n"
    "  --json               the result as JSON (docs/json.md)\n"
    "  -o, --output FILE    write the result to FILE (atomically)\n"
    "  --links-csv FILE     also write the link volumes as CSV\n"
    "  --geojson FILE       also write the loaded links as GeoJSON\n"
    "  --save[=DB]          also save the run in the SQLite run history DB (default\n"
    "                       $CORRIDOR_DB, else ~/.local/share/corridor/runs.db; see corridor\n"
    "                       runs, docs/storage.md)\n"
    "  --net DIR            network directory (default: $CORRIDOR_NET or the bundled one)\n"
    "\n"
    "corridor assign --tntp NET_FILE TRIPS_FILE [--algorithm aon|msa|fw|cfw|bfw|b] [--gap G]\n"
    "  [--max-iter N] [--toll-factor F] [--distance-factor F] [--json] [-o FILE]\n"
    "  [--flows-csv FILE] assigns a TNTP test network instead (corridor assign --tntp N T\n"
    "  --help; docs/assignment.md).\n";

static const char compare_help[] =
    "usage: corridor compare SCENARIO_A SCENARIO_B [options]\n"
    "\n"
    "Assigns the same demand under two scenarios and prints what changes: a one-line summary,\n"
    "the OD flows whose main route changes, the transit tonnes and fees (absolute and %) of the\n"
    "countries that change, largest change first (the others on one line), and the most loaded\n"
    "links under B. --json adds the difference flows per link (docs/json.md).\n"
    "\n"
    "options: --demand, --method, --routes, --theta, --gap, --max-iter, --minimize, --vot,\n"
    "--tonnes, --modes, --avoid, --status, --overlap, --dwell, --json, -o FILE, --net DIR, as\n"
    "for corridor assign; --save[=DB] (or --save DB when DB ends in .db, .sqlite or .sqlite3)\n"
    "saves both assignments as one run.\n"
    "\n"
    "example:\n"
    "  corridor compare base tripp\n";

typedef struct freight_args {
    const char *net_dir, *scenario, *demand, *output, *links_csv, *geojson, *save;
    int json;
    time_t started;
    cor_freight_opts o;
} freight_args;

/* Parses the options of assign (compare = 0) or compare (1). Returns -1 to go on, else an
 * exit code; leaves optind at the first positional argument. */
static int parse(const char *cmd, const char *help, int compare, int argc, char **argv,
                 freight_args *a)
{
    enum { O_SCENARIO = 256, O_DEMAND, O_METHOD, O_ROUTES, O_THETA, O_GAP, O_MAX_ITER, O_JSON,
           O_LINKS, O_GEOJSON, O_NET, O_HELP, O_SAVE };
    static const struct option longopts[] = {
        CLI_ROUTE_LONGOPTS,
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"demand", required_argument, NULL, O_DEMAND},
        {"method", required_argument, NULL, O_METHOD},
        {"routes", required_argument, NULL, O_ROUTES},
        {"theta", required_argument, NULL, O_THETA},
        {"gap", required_argument, NULL, O_GAP},
        {"max-iter", required_argument, NULL, O_MAX_ITER},
        {"json", no_argument, NULL, O_JSON},
        {"output", required_argument, NULL, 'o'},
        {"links-csv", required_argument, NULL, O_LINKS},
        {"geojson", required_argument, NULL, O_GEOJSON},
        {"net", required_argument, NULL, O_NET},
        {"save", optional_argument, NULL, O_SAVE},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->started = time(NULL);
    cor_freight_opts_default(&a->o);
    a->o.route.alternatives = 3;
    int c;
    double v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int handled = cli_route_opt(cmd, c, optarg, &a->o.route);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled)
            continue;
        switch (c) {
        case O_SCENARIO:
            if (compare) {
                cli_error(cmd, "--scenario: the scenarios are the two arguments of compare");
                return EXIT_USAGE;
            }
            a->scenario = optarg;
            break;
        case O_DEMAND: a->demand = optarg; break;
        case O_METHOD:
            if (strcmp(optarg, "aon") == 0)
                a->o.method = COR_FREIGHT_AON;
            else if (strcmp(optarg, "logit") == 0)
                a->o.method = COR_FREIGHT_LOGIT;
            else if (strcmp(optarg, "ue") == 0)
                a->o.method = COR_FREIGHT_UE;
            else {
                cli_error(cmd, "--method: expected aon, logit or ue, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_ROUTES:
            if (!cli_parse_whole(cmd, "--routes", optarg, 1, COR_ROUTE_MAX_ALTERNATIVES, &v))
                return EXIT_USAGE;
            a->o.route.alternatives = (size_t)v;
            break;
        case O_THETA:
            if (!cli_parse_range(cmd, "--theta", optarg, 1e-12, 1e12, &a->o.theta))
                return EXIT_USAGE;
            break;
        case O_GAP:
            if (!cli_parse_num(cmd, "--gap", optarg, 0, &a->o.gap))
                return EXIT_USAGE;
            break;
        case O_MAX_ITER:
            if (!cli_parse_whole(cmd, "--max-iter", optarg, 1, 1e6, &v))
                return EXIT_USAGE;
            a->o.max_iter = (unsigned)v;
            break;
        case O_JSON: a->json = 1; break;
        case 'o': a->output = optarg; break;
        case O_LINKS: a->links_csv = optarg; break;
        case O_GEOJSON: a->geojson = optarg; break;
        case O_NET: a->net_dir = optarg; break;
        case O_SAVE: a->save = cli_save_db(compare, argc, argv); break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_bad_option(cmd, argv);
            return EXIT_USAGE;
        }
    }
    int want = compare ? 2 : 0;
    if (argc - optind != want) {
        int n = argc - optind;
        if (compare && a->save && n == 3) /* compare A B --save runs: the name was taken as a
                                             third scenario */
            cli_error(cmd, "expected two scenarios, found 3 arguments (a database named after "
                           "--save must end in .db, .sqlite or .sqlite3; else write --save=DB)");
        else if (compare)
            cli_error(cmd, "expected two scenarios, found %d argument%s", n, n == 1 ? "" : "s");
        else
            cli_error(cmd, "expected no arguments, found %d (see corridor assign --help)", n);
        return EXIT_USAGE;
    }
    a->net_dir = cli_network_dir(a->net_dir);
    return -1;
}

/* The demand file: --demand, or NET/demand.csv. */
static void demand_path(const freight_args *a, char *path, size_t size)
{
    if (a->demand)
        snprintf(path, size, "%s", a->demand);
    else
        snprintf(path, size, "%s/demand.csv", a->net_dir);
}

static cor_demand *load_demand(const char *cmd, const cor_net *net, const freight_args *a)
{
    char path[PATH_MAX];
    demand_path(a, path, sizeof path);
    cor_diags *d = cor_diags_new();
    cor_demand *demand = NULL;
    if (!d) {
        cli_error(cmd, "out of memory");
        return NULL;
    }
    if (cor_demand_load(net, path, &demand, d) != COR_OK) {
        cli_print_diags(d, 0);
        cli_error(cmd, "cannot read the demand %s", path);
    }
    cor_diags_free(d);
    return demand;
}

static void progress(void *ctx, unsigned iteration, double gap)
{
    fprintf(stderr, "%s: iteration %u: relative gap %.3e\n", (const char *)ctx, iteration, gap);
}

/* Runs one assignment; NULL after printing why. */
static cor_freight_result *run(const char *cmd, const cor_net *net, const cor_demand *demand,
                               const freight_args *a)
{
    cor_freight_result *r = NULL;
    cor_err err;
    cor_freight_opts o = a->o;
    if (isatty(STDERR_FILENO)) { /* the gap per iteration, for a person watching */
        o.progress = progress;
        o.progress_ctx = (void *)cmd;
    }
    if (cor_freight_assign(net, demand, &o, &r, &err) != COR_OK)
        cli_error(cmd, "%s", err.msg);
    else if (o.method == COR_FREIGHT_UE && !r->converged)
        fprintf(stderr, "corridor %s: warning: stopped by --max-iter after %u iterations at "
                        "relative gap %.3e, above --gap %g (not converged)\n",
                cmd, r->iterations, r->relative_gap, o.gap);
    return r;
}

/* Writes text from a FILE* printer to a file or stdout. */
static int write_text(const char *path, void (*print)(FILE *, const void *), const void *ctx)
{
    if (!path) {
        print(stdout, ctx);
        return 0;
    }
    cli_text t;
    FILE *mem = cli_text_open(&t, NULL);
    if (!mem)
        return -1;
    print(mem, ctx);
    return cli_text_write(&t, path);
}

typedef struct print_ctx {
    const cor_net *net, *net_b;
    const char *name_a, *name_b;
    const cor_demand *demand;
    const freight_args *a;
    const cor_freight_result *r, *r_b;
    const cor_emissions *em; /* NULL: the network has no emission factors */
} print_ctx;

static void print_assign(FILE *f, const void *p)
{
    const print_ctx *c = p;
    cor_freight_print(f, c->net, c->a->scenario, c->demand, &c->a->o, c->r);
    if (c->em)
        cor_co2e_print(f, c->em, c->demand, &c->a->o, (cor_co2e_side[]){{c->net, c->r}}, 1);
}

static void print_compare(FILE *f, const void *p)
{
    const print_ctx *c = p;
    cor_compare_print(f, c->name_a, c->net, c->r, c->name_b, c->net_b, c->r_b, c->demand,
                      &c->a->o);
    if (c->em)
        cor_co2e_print(f, c->em, c->demand, &c->a->o,
                       (cor_co2e_side[]){{c->net, c->r}, {c->net_b, c->r_b}}, 2);
}

/* The JSON of assign or compare with the tonnes CO2e of its sides added (when em). */
static char *with_co2e(char *json, const print_ctx *c, size_t n)
{
    if (!c->em)
        return json;
    cor_co2e_side sides[2] = {{c->net, c->r}, {c->net_b, c->r_b}};
    return cor_co2e_json_attach(json, c->em, c->demand, &c->a->o, sides, n);
}

static int write_owned(const char *path, char *text)
{
    int rc = text ? cli_write(path, text) : -1;
    if (!text)
        cli_error(NULL, "out of memory");
    free(text);
    return rc;
}

#ifdef COR_WITH_MPI
/* ---- corridor-mpi: all-or-nothing and logit routing split by origin over the ranks ---- */

typedef struct buf {
    char *p;
    size_t n, cap;
    int failed;
} buf;

static void put(buf *b, const void *data, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
}

/* One OD result in the native layout (every rank runs the same binary). */
static void pack_od(buf *b, uint64_t row, const cor_od_result *od)
{
    uint32_t len = (uint32_t)strlen(od->message), n = (uint32_t)od->n_routes;
    put(b, &row, sizeof row);
    put(b, &od->routed, sizeof od->routed);
    put(b, &od->cost_per_t, sizeof od->cost_per_t);
    put(b, &len, sizeof len);
    put(b, od->message, len);
    put(b, &n, sizeof n);
    for (size_t k = 0; k < od->n_routes; k++) {
        const cor_route *rt = &od->routes[k].route;
        put(b, &od->routes[k].share, sizeof(double));
        put(b, rt, sizeof *rt); /* its pointers are replaced when unpacked */
        put(b, rt->steps, rt->n_steps * sizeof *rt->steps);
        put(b, rt->countries, rt->n_countries * sizeof *rt->countries);
    }
}

static int take(const char **p, const char *end, void *dst, size_t n)
{
    if ((size_t)(end - *p) < n)
        return 0;
    memcpy(dst, *p, n);
    *p += n;
    return 1;
}

static int unpack_od(const char **p, const char *end, cor_od_result *ods, size_t n_od)
{
    uint64_t row;
    uint32_t len, n;
    if (!take(p, end, &row, sizeof row) || row >= n_od)
        return 0;
    cor_od_result *od = &ods[row];
    if (!take(p, end, &od->routed, sizeof od->routed) ||
        !take(p, end, &od->cost_per_t, sizeof od->cost_per_t) || !take(p, end, &len, sizeof len) ||
        len >= sizeof od->message || !take(p, end, od->message, len))
        return 0;
    od->message[len] = '\0';
    if (!take(p, end, &n, sizeof n) || !(od->routes = calloc(n + 1, sizeof *od->routes)))
        return 0;
    for (uint32_t k = 0; k < n; k++) {
        cor_route *rt = &od->routes[k].route;
        if (!take(p, end, &od->routes[k].share, sizeof(double)) || !take(p, end, rt, sizeof *rt))
            return 0;
        size_t ns = rt->n_steps, nc = rt->n_countries;
        rt->steps = malloc((ns + 1) * sizeof *rt->steps);
        rt->countries = malloc((nc + 1) * sizeof *rt->countries);
        od->n_routes = k + 1;
        if (!rt->steps || !rt->countries || !take(p, end, rt->steps, ns * sizeof *rt->steps) ||
            !take(p, end, rt->countries, nc * sizeof *rt->countries))
            return 0;
    }
    return 1;
}

/* Routes this rank's share of the demand (whole origins, dealt round-robin in the order they
 * first appear) and gathers every result on rank 0, which books them in demand order: the
 * answer is the single-process answer, bit for bit. *out is set on rank 0 only. */
static int assign_mpi(const cor_net *net, const cor_demand *demand, const freight_args *a,
                      int rank, int size, cor_freight_result **out)
{
    size_t n = cor_demand_count(demand);
    int *owner = malloc((n + 1) * sizeof *owner);
    cor_router *router = cor_router_new(net);
    buf b = {0};
    int ok = owner && router;
    for (size_t i = 0, origins = 0; ok && i < n; i++) {
        size_t j = 0;
        while (j < i && cor_demand_od(demand, j)->from != cor_demand_od(demand, i)->from)
            j++;
        owner[i] = j < i ? owner[j] : (int)(origins++ % (size_t)size);
    }
    for (size_t i = 0; ok && i < n; i++) {
        if (owner[i] != rank)
            continue;
        cor_od_result od;
        cor_err err;
        if (cor_freight_route_od(router, demand, &a->o, i, &od, &err) != COR_OK) {
            cli_error("assign", "rank %d: %s", rank, err.msg);
            ok = 0;
            break;
        }
        pack_od(&b, i, &od);
        cor_freight_od_free(&od);
    }
    cor_router_free(router);
    free(owner);
    ok &= !b.failed && b.n <= INT_MAX;
    /* a rank that failed sends -1 bytes, so that every rank learns it and stops */
    int len = ok ? (int)b.n : -1, *lens = rank == 0 ? calloc((size_t)size, sizeof *lens) : NULL;
    MPI_Gather(&len, 1, MPI_INT, lens, 1, MPI_INT, 0, MPI_COMM_WORLD);
    int all_ok = 1;
    int *displs = NULL;
    char *all = NULL;
    size_t total = 0;
    if (rank == 0) {
        displs = calloc((size_t)size, sizeof *displs);
        for (int r = 0; r < size; r++) {
            all_ok &= lens[r] >= 0;
            if (displs && lens[r] > 0 && total + (size_t)lens[r] <= INT_MAX) {
                displs[r] = (int)total;
                total += (size_t)lens[r];
            } else if (lens[r] < 0) {
                lens[r] = 0;
            }
        }
        all = malloc(total + 1);
        all_ok &= displs && all;
    }
    MPI_Bcast(&all_ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (all_ok)
        MPI_Gatherv(b.p, len < 0 ? 0 : len, MPI_CHAR, all, lens, displs, MPI_CHAR, 0,
                    MPI_COMM_WORLD);
    free(b.p);
    int result = all_ok;
    if (rank == 0 && all_ok) {
        cor_od_result *ods = calloc(n + 1, sizeof *ods);
        const char *p = all, *end = all + total;
        int good = ods != NULL;
        while (good && p < end)
            good = unpack_od(&p, end, ods, n);
        cor_err err;
        if (!good || cor_freight_assemble(net, demand, &a->o, ods, out, &err) != COR_OK) {
            cli_error("assign", "cannot gather the ranks' results");
            result = 0;
        }
        for (size_t i = 0; ods && i < n; i++)
            cor_freight_od_free(&ods[i]);
        free(ods);
    }
    free(all);
    free(lens);
    free(displs);
    return result;
}
#endif

int cmd_assign(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--tntp") == 0 || strncmp(argv[i], "--tntp=", 7) == 0)
            return cmd_assign_tntp(argc, argv);
    freight_args a;
    int rc = parse("assign", assign_help, 0, argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(a.net_dir, a.scenario);
    if (!net)
        return EXIT_FAIL;
    rc = EXIT_FAIL;
    cor_demand *demand = NULL;
    cor_freight_result *r = NULL;
    int rank = 0;
#ifdef COR_WITH_MPI
    int size = 1;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* an equilibrium iterates over all OD pairs at once: rank 0 computes it alone */
    if (size > 1 && a.o.method != COR_FREIGHT_UE) {
        int ok = cli_check_avoid("assign", net, &a.o.route) &&
                 (demand = load_demand("assign", net, &a)) != NULL &&
                 assign_mpi(net, demand, &a, rank, size, &r);
        if (!ok || rank != 0) { /* the workers are done: rank 0 writes the answer */
            rc = ok ? EXIT_OK : EXIT_FAIL;
            goto out;
        }
    } else if (rank != 0) {
        rc = EXIT_OK;
        goto out;
    }
#endif
    if (!r && (!cli_check_avoid("assign", net, &a.o.route) ||
               !(demand = load_demand("assign", net, &a)) || !(r = run("assign", net, demand, &a))))
        goto out;
    int em_failed;
    cor_emissions *em = cli_load_emissions("assign", a.net_dir, &em_failed);
    if (em_failed)
        goto out;
    print_ctx ctx = {.net = net, .demand = demand, .a = &a, .r = r, .em = em};
    int failed =
        a.json ? write_owned(a.output,
                             with_co2e(cor_freight_json(net, a.scenario, demand, &a.o, r), &ctx, 1))
               : write_text(a.output, print_assign, &ctx);
    cor_emissions_free(em);
    if (!failed && a.links_csv)
        failed = write_owned(a.links_csv, cor_freight_links_csv(net, r));
    if (!failed && a.geojson)
        failed = write_owned(a.geojson, cor_freight_links_geojson(net, r));
    if (!failed && a.save)
        failed = cli_save_run(&(cli_run){"assign", a.save, a.net_dir, a.demand, a.started, demand,
                                         &a.o, 1, {a.scenario}, {net}, {r}});
    rc = failed ? EXIT_FAIL : EXIT_OK;
out:
    cor_freight_result_free(r);
    cor_demand_free(demand);
    cor_net_free(net);
#ifdef COR_WITH_MPI
    MPI_Finalize();
#endif
    (void)rank;
    return rc;
}

/* The same demand assigned under two scenarios (compare, report). */
typedef struct two_runs {
    cor_net *net[2];
    cor_demand *demand;
    cor_freight_result *r[2];
} two_runs;

static void two_runs_free(two_runs *t)
{
    for (int i = 0; i < 2; i++) {
        cor_freight_result_free(t->r[i]);
        cor_net_free(t->net[i]);
    }
    cor_demand_free(t->demand);
}

/* Loads both networks and the demand and runs both assignments; 0 after printing why (t is
 * then partly filled: free it with two_runs_free() either way). */
static int run_two(const char *cmd, const freight_args *a, const char *name_a,
                   const char *name_b, two_runs *t)
{
    memset(t, 0, sizeof *t);
    /* scenarios change links, never nodes, so one demand serves both networks */
    return (t->net[0] = cli_load(a->net_dir, name_a)) &&
           (t->net[1] = cli_load(a->net_dir, name_b)) &&
           cli_check_avoid(cmd, t->net[0], &a->o.route) &&
           (t->demand = load_demand(cmd, t->net[0], a)) &&
           (t->r[0] = run(cmd, t->net[0], t->demand, a)) &&
           (t->r[1] = run(cmd, t->net[1], t->demand, a));
}

int cmd_compare(int argc, char **argv)
{
    freight_args a;
    int rc = parse("compare", compare_help, 1, argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *name_a = argv[optind], *name_b = argv[optind + 1];
    two_runs t;
    if (!run_two("compare", &a, name_a, name_b, &t)) {
        two_runs_free(&t);
        return EXIT_FAIL;
    }
    int em_failed;
    cor_emissions *em = cli_load_emissions("compare", a.net_dir, &em_failed);
    if (em_failed) {
        two_runs_free(&t);
        return EXIT_FAIL;
    }
    print_ctx ctx = {t.net[0], t.net[1], name_a, name_b, t.demand, &a, t.r[0], t.r[1], em};
    int failed = a.json ? write_owned(a.output, with_co2e(cor_compare_json(name_a, t.net[0], t.r[0],
                                                                           name_b, t.net[1], t.r[1],
                                                                           t.demand),
                                                          &ctx, 2))
                        : write_text(a.output, print_compare, &ctx);
    cor_emissions_free(em);
    if (!failed && a.save)
        failed = cli_save_run(&(cli_run){"compare", a.save, a.net_dir, a.demand, a.started,
                                         t.demand, &a.o, 2, {name_a, name_b},
                                         {t.net[0], t.net[1]}, {t.r[0], t.r[1]}});
    two_runs_free(&t);
    return failed ? EXIT_FAIL : EXIT_OK;
}

static const char report_help[] =
    "usage: corridor report SCENARIO_A SCENARIO_B -o FILE.html [options]\n"
    "\n"
    "Assigns the same demand under two scenarios and writes one self-contained HTML file (inline\n"
    "SVG and CSS, no script, nothing fetched from the network): the summary of what changes,\n"
    "the change table per country, the difference flow map (B - A), bars of transit tonnes and\n"
    "fees, Time/Cost-Distance charts of the OD flows whose route changes, the flow maps of A and\n"
    "B, the most loaded links, and an appendix of assumptions (scenario files, demand rows with\n"
    "their sources). It prints on A4. See docs/report.md.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE    the HTML file to write (atomically; required)\n"
    "  --demand FILE        OD demand (default NET/demand.csv; docs/freight.md)\n"
    "  --net DIR            network directory (default: $CORRIDOR_NET or the bundled one)\n"
    "  --method, --routes, --theta, --minimize, --vot, --tonnes, --modes, --avoid, --status,\n"
    "  --overlap, --dwell   as for corridor assign\n"
    "  --from-year, --horizon, --discount, --carbon-price, --growth, --elasticity, --project\n"
    "                       for the appraisal section, as for corridor appraise (the section\n"
    "                       appears when NET/projects.csv has a project that B opens)\n"
    "\n"
    "example:\n"
    "  corridor report base tripp -o tripp.html --demand my-demand.csv\n";

/* The appraisal section of the report: B appraised against A when the network has a
 * projects.csv and B opens a project of it (NULL otherwise, or after printing why not). */
static cor_appraisal *report_appraisal(const freight_args *a, const two_runs *t,
                                       const cor_appraise_opts *ao)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/projects.csv", a->net_dir);
    if (access(path, F_OK) != 0)
        return NULL;
    int em_failed = 0;
    cor_projects *projects = cli_load_projects("report", a->net_dir);
    cor_emissions *em = projects ? cli_load_emissions("report", a->net_dir, &em_failed) : NULL;
    cor_appraisal *ap = NULL;
    cor_err err;
    if (projects && !em_failed &&
        cor_appraise(t->net[0], t->r[0], t->net[1], t->r[1], t->demand, &a->o, em, projects, ao,
                     &ap, &err) != COR_OK)
        fprintf(stderr, "corridor: report: no appraisal section: %s\n", err.msg);
    cor_emissions_free(em);
    cor_projects_free(projects);
    return ap;
}

int cmd_report(int argc, char **argv)
{
    cor_appraise_opts ao;
    int rc = cli_appraise_opts("report", &argc, argv, &ao);
    if (rc >= 0)
        return rc;
    freight_args a;
    rc = parse("report", report_help, 1, argc, argv, &a);
    if (rc >= 0)
        goto done;
    rc = EXIT_USAGE;
    if (a.json || a.links_csv || a.geojson) {
        cli_error("report", "--json, --links-csv and --geojson belong to assign and compare");
        goto done;
    }
    if (!a.output || strcmp(a.output, "-") == 0) {
        cli_error("report", "-o FILE: expected the HTML file to write, found none");
        goto done;
    }
    const char *name_a = argv[optind], *name_b = argv[optind + 1];
    two_runs t;
    rc = EXIT_FAIL;
    if (run_two("report", &a, name_a, name_b, &t)) {
        char path[PATH_MAX];
        demand_path(&a, path, sizeof path);
        cor_appraisal *ap = report_appraisal(&a, &t, &ao);
        cor_html_report in = {a.net_dir, name_a, name_b, t.net[0], t.net[1], t.r[0], t.r[1],
                              t.demand, path, &a.o, CORRIDOR_VERSION, ap, NULL};
        char *html = cor_report_html(&in);
        if (html)
            rc = cli_write(a.output, html) == 0 ? EXIT_OK : EXIT_FAIL;
        else
            cli_error("report", "out of memory");
        free(html);
        cor_appraisal_free(ap);
    }
    two_runs_free(&t);
done:
    cli_appraise_opts_free(&ao);
    return rc;
}

static const char appraise_help[] =
    "usage: corridor appraise SCENARIO_A SCENARIO_B [options]\n"
    "\n"
    "Is B worth it, and for whom: assigns the same demand under A (without the project) and B\n"
    "(with it) and appraises B as a development bank would (docs/appraisal.md): yearly benefits\n"
    "by the rule of a half per OD flow (time and cost savings, emissions at a carbon price),\n"
    "border fees kept out as transfers, the capital and maintenance costs of NET/projects.csv;\n"
    "NPV, EIRR, BCR, first-year return, sensitivity tests (capital +20%, benefits -20%, a\n"
    "two-year delay) with switching values, and each country's gains, fees and CO2e.\n"
    "\n"
    "options:\n"
    "  --from-year Y        first year of the stream (default: the first capital year)\n"
    "  --horizon N          years in the stream (default 30)\n"
    "  --discount R         real discount rate per year (default 0.09, ADB 2017)\n"
    "  --carbon-price P     USD per t CO2e (default 36.3, ADB 2017)\n"
    "  --growth G           demand growth per year from the first year (default 0)\n"
    "  --elasticity E       demand elasticity to generalized cost, <= 0 (default 0: fixed)\n"
    "  --project TAG[,TAG]  projects to cost (default: those of the links B opens)\n"
    "  --json               the result as JSON (docs/json.md)\n"
    "  -o, --output FILE    write the result to FILE (atomically)\n"
    "  --save[=DB]          also save both assignments and the appraisal in the run history\n"
    "  --demand, --method, --routes, --theta, --gap, --max-iter, --minimize, --vot, --tonnes,\n"
    "  --modes, --avoid, --status, --overlap, --dwell, --net DIR   as for corridor compare\n"
    "\n"
    "example:\n"
    "  corridor appraise base tripp --discount 0.06 --growth 0.03\n";

typedef struct appraise_ctx {
    const char *name_a, *name_b;
    const cor_appraisal *ap;
} appraise_ctx;

static void print_appraisal(FILE *f, const void *p)
{
    const appraise_ctx *c = p;
    cor_appraisal_print(f, c->name_a, c->name_b, c->ap);
}

int cmd_appraise(int argc, char **argv)
{
    cor_appraise_opts ao;
    int rc = cli_appraise_opts("appraise", &argc, argv, &ao);
    if (rc >= 0)
        return rc;
    freight_args a;
    rc = parse("appraise", appraise_help, 1, argc, argv, &a);
    if (rc >= 0)
        goto done;
    rc = EXIT_USAGE;
    if (a.links_csv || a.geojson) {
        cli_error("appraise", "--links-csv and --geojson belong to assign and compare");
        goto done;
    }
    const char *name_a = argv[optind], *name_b = argv[optind + 1];
    two_runs t = {0};
    cor_appraisal *ap = NULL;
    int em_failed = 0;
    cor_projects *projects = cli_load_projects("appraise", a.net_dir);
    cor_emissions *em = projects ? cli_load_emissions("appraise", a.net_dir, &em_failed) : NULL;
    cor_err err;
    rc = EXIT_FAIL;
    if (!projects || em_failed || !run_two("appraise", &a, name_a, name_b, &t)) {
        /* the reason is printed */
    } else if (cor_appraise(t.net[0], t.r[0], t.net[1], t.r[1], t.demand, &a.o, em, projects,
                            &ao, &ap, &err) != COR_OK) {
        cli_error("appraise", "%s", err.msg);
    } else {
        appraise_ctx ctx = {name_a, name_b, ap};
        char *json = cor_appraisal_json(name_a, name_b, ap);
        int failed = !json ? (cli_error("appraise", "out of memory"), 1)
                     : a.json ? cli_write(a.output, json)
                              : write_text(a.output, print_appraisal, &ctx);
        if (!failed && a.save)
            failed = cli_save_run_appraisal(
                &(cli_run){"compare", a.save, a.net_dir, a.demand, a.started, t.demand, &a.o, 2,
                           {name_a, name_b}, {t.net[0], t.net[1]}, {t.r[0], t.r[1]}},
                json);
        free(json);
        rc = failed ? EXIT_FAIL : EXIT_OK;
    }
    two_runs_free(&t);
    cor_appraisal_free(ap);
    cor_emissions_free(em);
    cor_projects_free(projects);
done:
    cli_appraise_opts_free(&ao);
    return rc;
}
