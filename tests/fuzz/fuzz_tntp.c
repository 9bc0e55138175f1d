/*
 * Fuzz target: TNTP problems (corridor assign --tntp, corridor import tntp). The input is the
 * network file, the trips file and optionally a flow file separated by lines "%%", written to a
 * scratch directory and read by cor_assign_tntp_load(). A problem that loads is assigned (aon,
 * a few iterations of fw, bfw and Algorithm B) and every answer checked: flows finite and >= 0 and
 * conserved at every node, times, costs, totals, objective and gap finite, the gap >= 0. The
 * flow file, when given, is read and evaluated; the problem is exported as a network directory
 * that cor_net_load() and cor_demand_load() must accept.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assign/assign_int.h"
#include "fuzz.h"

/* Work bounds of this target (not of the library): the assignment runs only when one loading,
 * (nodes + links) x origins, stays below ASSIGN_WORK; the export only up to EXPORT_NODES nodes
 * (it writes a row per node, and the loader reads them back). */
#define ASSIGN_WORK 2000000.0
#define EXPORT_NODES 20000u

/* Rounding within sums of flows of size `scale`. */
static double tol(double scale) { return 1e-9 * fmax(1.0, scale); }

/* Checks a result of cor_assign_run() or cor_assign_evaluate() on net. `feasible`: the flows
 * are the algorithm's, so they meet the demand and the gap is >= 0. */
static void check_result(const cor_assign_net *net, const cor_assign_result *r, int feasible,
                         const double *balance, double scale)
{
    size_t m = cor_assign_net_link_count(net);
    FUZZ_CHECK(r->n_links == m);
    FUZZ_CHECK(isfinite(r->total_travel_time) && r->total_travel_time >= 0);
    FUZZ_CHECK(isfinite(r->total_cost) && r->total_cost >= 0);
    FUZZ_CHECK(isfinite(r->shortest_cost) && r->shortest_cost >= 0);
    FUZZ_CHECK(isfinite(r->objective) && r->objective >= 0);
    FUZZ_CHECK(isfinite(r->relative_gap));
    for (size_t a = 0; a < m; a++) {
        FUZZ_CHECK(isfinite(r->flow[a]) && r->flow[a] >= 0);
        FUZZ_CHECK(isfinite(r->time[a]) && r->time[a] >= 0);
        FUZZ_CHECK(isfinite(r->cost[a]) && r->cost[a] >= r->time[a] - tol(r->time[a]));
    }
    if (!feasible)
        return;
    /* the gap: (TSTC - SPTC) / TSTC, shortest paths never cost more than the flows' paths */
    FUZZ_CHECK(r->relative_gap >= -1e-9 && r->relative_gap <= 1);
    FUZZ_CHECK(r->converged == (r->relative_gap <= 1e-4));
    /* flow conservation: in - out = attracted - produced at every node */
    uint32_t n = cor_assign_net_node_count(net);
    double *net_in = calloc((size_t)n + 1, sizeof *net_in);
    FUZZ_CHECK(net_in);
    for (size_t a = 0; a < m; a++) {
        const cor_assign_link *l = cor_assign_net_link(net, a);
        net_in[l->to] += r->flow[a];
        net_in[l->from] -= r->flow[a];
    }
    for (uint32_t v = 1; v <= n; v++)
        if (fabs(net_in[v] - balance[v]) > tol(scale) * (double)(m + 1)) {
            fprintf(stderr, "node %u: in - out = %.17g, demand balance %.17g\n", v, net_in[v],
                    balance[v]);
            FUZZ_CHECK(!"flow conserved at every node");
        }
    free(net_in);
}

static void assign(const cor_assign_net *net, cor_assign_algo algo, unsigned max_iter,
                   double toll_factor, double distance_factor, const double *balance,
                   double scale)
{
    cor_assign_opts o;
    cor_assign_opts_default(&o);
    o.algorithm = algo;
    o.max_iter = max_iter;
    o.toll_factor = toll_factor;
    o.distance_factor = distance_factor;
    cor_assign_result *r = NULL;
    cor_err err;
    cor_status st = cor_assign_run(net, &o, &r, &err);
    if (st != COR_OK) {
        /* the only refusal of a problem that loaded: a pair with demand and no path */
        FUZZ_CHECK(st == COR_ERR_NOROUTE && !r && strstr(err.msg, "no path from zone"));
        return;
    }
    FUZZ_CHECK(r->algorithm == algo);
    FUZZ_CHECK(r->iterations >= 1 && r->iterations <= max_iter);
    check_result(net, r, 1, balance, scale);
    cor_assign_result_free(r);
}

/* The flow file: read, then evaluated (its flows need not meet the demand). */
static void flows(const cor_assign_net *net, const char *path)
{
    size_t m = cor_assign_net_link_count(net);
    double *flow = calloc(m ? m : 1, sizeof *flow);
    FUZZ_CHECK(flow);
    cor_err err;
    cor_status st = cor_assign_tntp_read_flows(path, net, flow, &err);
    FUZZ_CHECK(st == COR_OK || (st == COR_ERR_INPUT && err.msg[0]));
    if (st == COR_OK) {
        for (size_t a = 0; a < m; a++)
            FUZZ_CHECK(isfinite(flow[a]) && flow[a] >= 0);
        cor_assign_opts o;
        cor_assign_opts_default(&o);
        cor_assign_result *r = NULL;
        st = cor_assign_evaluate(net, &o, flow, &r, &err);
        FUZZ_CHECK(st == COR_OK || (st == COR_ERR_NOROUTE && !r));
        if (r) {
            FUZZ_CHECK(r->iterations == 0);
            for (size_t a = 0; a < m; a++)
                FUZZ_CHECK(r->flow[a] == flow[a]);
            check_result(net, r, 0, NULL, 0);
        }
        cor_assign_result_free(r);
    }
    free(flow);
}

/* The first findings of a load that should have worked, to say why it did not. */
static void print_diags(const cor_diags *d)
{
    for (size_t i = 0; i < cor_diags_count(d) && i < 5; i++) {
        char buf[2048];
        cor_diag_format(cor_diags_get(d, i), buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    }
}

/* The export of `corridor import tntp`, read back by the network and demand loaders. */
static void export(const cor_assign_net *net)
{
    /* the scratch directory itself: the five files replace those of the last input */
    const char *dir = fuzz_tmpdir();
    cor_err err;
    cor_status st = cor_assign_net_write_corridor(net, dir, "TNTP \"fuzz\"", &err);
    if (st != COR_OK) {
        /* a problem the network format cannot hold is refused with its reason */
        FUZZ_CHECK(st == COR_ERR_INPUT && err.msg[0]);
        return;
    }
    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_net *cn = NULL;
    st = cor_net_load(dir, &cn, d);
    if (st != COR_OK) {
        print_diags(d);
        FUZZ_CHECK(!"the exported network loads");
    }
    cor_diags_free(d);
    char path[600];
    snprintf(path, sizeof path, "%s/demand.csv", dir);
    d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_demand *dem = NULL;
    st = cor_demand_load(cn, path, &dem, d);
    if (st != COR_OK) {
        print_diags(d);
        FUZZ_CHECK(!"the exported demand loads");
    }
    cor_diags_free(d);
    /* every TNTP link, except loops (which never carry flow), is a link of the network */
    size_t loops = 0;
    for (size_t a = 0; a < cor_assign_net_link_count(net); a++) {
        const cor_assign_link *l = cor_assign_net_link(net, a);
        loops += l->from == l->to && l->from >= cor_assign_net_first_thru(net);
    }
    FUZZ_CHECK(cor_net_link_count(cn) + loops == cor_assign_net_link_count(net));
    cor_demand_free(dem);
    cor_net_free(cn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = {"net.tntp", "trips.tntp", "flow.tntp"};
    char path[3][512];
    const uint8_t *part;
    size_t len, parts = 0;
    for (; parts < 3 && fuzz_split(&data, &size, &part, &len); parts++)
        fuzz_write(files[parts], part, len, path[parts], sizeof path[parts]);
    for (size_t i = parts; i < 3; i++) {
        fuzz_remove(files[i]);
        snprintf(path[i], sizeof path[i], "%s/%s", fuzz_tmpdir(), files[i]);
    }

    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_assign_net *net = NULL;
    cor_status st = cor_assign_tntp_load(path[0], path[1], &net, d);
    FUZZ_CHECK((st == COR_OK) == (net != NULL));
    FUZZ_CHECK(st == COR_OK || st == COR_ERR_INPUT || st == COR_ERR_IO);
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);
    if (!net)
        return 0;

    /* what was read: links between numbered nodes, demand between zones */
    uint32_t n = cor_assign_net_node_count(net), zones = cor_assign_net_zone_count(net);
    size_t m = cor_assign_net_link_count(net);
    FUZZ_CHECK(n >= 1 && zones <= n);
    FUZZ_CHECK(net->first_thru >= 1 && net->first_thru <= n + 1);
    for (size_t a = 0; a < m; a++) {
        const cor_assign_link *l = cor_assign_net_link(net, a);
        FUZZ_CHECK(l->from >= 1 && l->from <= n && l->to >= 1 && l->to <= n);
        FUZZ_CHECK(isfinite(l->capacity) && l->capacity > 0);
        FUZZ_CHECK(isfinite(l->fft) && l->fft >= 0 && isfinite(l->b) && l->b >= 0);
        FUZZ_CHECK(isfinite(l->power) && l->power >= 0 && isfinite(l->toll) && l->toll >= 0);
        FUZZ_CHECK(isfinite(l->length) && l->length >= 0);
    }
    /* demand balance per node (attracted - produced) and the number of origins */
    double *balance = calloc((size_t)n + 1, sizeof *balance), total = 0;
    FUZZ_CHECK(balance);
    size_t origins = 0;
    for (size_t i = 0; i < net->n_od; i++) {
        const cor_assign_od *od = &net->od[i];
        FUZZ_CHECK(od->origin >= 1 && od->origin <= zones && od->dest >= 1 && od->dest <= zones);
        FUZZ_CHECK(od->origin != od->dest && isfinite(od->trips) && od->trips > 0);
        balance[od->dest] += od->trips;
        balance[od->origin] -= od->trips;
        total += od->trips;
        origins += i == 0 || od->origin != net->od[i - 1].origin;
    }
    FUZZ_CHECK(isfinite(total));
    FUZZ_CHECK(fabs(total - cor_assign_net_total_demand(net)) <= tol(total));

    if (((double)n + (double)m) * (double)origins <= ASSIGN_WORK) {
        assign(net, COR_ASSIGN_AON, 1000, 0, 0, balance, total);
        assign(net, COR_ASSIGN_FW, 4, 0, 0, balance, total);
        assign(net, COR_ASSIGN_BFW, 5, 1, 0.5, balance, total);
        assign(net, COR_ASSIGN_B, 4, 1, 0.5, balance, total);
        if (parts == 3)
            flows(net, path[2]);
    }
    free(balance);
    if (n <= EXPORT_NODES)
        export(net);
    cor_assign_net_free(net);
    return 0;
}
