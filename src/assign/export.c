/*
 * A TNTP problem as a corridor network directory (corridor import tntp): nodes, road links with
 * their BPR parameters, and the trips as demand.csv, so that the multimodal engine (route,
 * assign --method ue, compare) runs on the TNTP test networks too.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assign/assign_int.h"
#include "load/csvfile.h"
#include "net/net_int.h"
#include "util/strutil.h"
#include "util/afile.h"

#define MAX_SOURCE 1024

/* Node ids: through nodes are N<k>; a zone that is not a through node (k < first_thru) becomes
 * two nodes, Z<k>o with its outgoing links and Z<k>i with its incoming ones, so no path can pass
 * through it. */
static void node_id(const cor_assign_net *net, uint32_t k, int incoming, char *buf, size_t n)
{
    if (k < net->first_thru)
        snprintf(buf, n, "Z%u%s", k, incoming ? "i" : "o");
    else
        snprintf(buf, n, "N%u", k);
}

/* One demand row: a pair's trips summed, at the position where the pair first appears. */
typedef struct pair {
    uint32_t origin, dest;
    size_t first;
    double trips;
} pair;

static int cmp_pair_od(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->origin != y->origin)
        return x->origin < y->origin ? -1 : 1;
    if (x->dest != y->dest)
        return x->dest < y->dest ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

static int cmp_pair_first(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

/* The demand rows: entries of the same pair summed (in input order), pairs in the order they
 * first appear, intrazonal and empty pairs left out. O(n log n). */
static pair *demand_rows(const cor_assign_net *net, size_t *n_out)
{
    pair *p = malloc((net->n_od ? net->n_od : 1) * sizeof *p);
    if (!p)
        return NULL;
    for (size_t i = 0; i < net->n_od; i++)
        p[i] = (pair){net->od[i].origin, net->od[i].dest, i, net->od[i].trips};
    qsort(p, net->n_od, sizeof *p, cmp_pair_od);
    size_t n = 0;
    for (size_t i = 0; i < net->n_od;) {
        pair q = p[i];
        for (i++; i < net->n_od && p[i].origin == q.origin && p[i].dest == q.dest; i++)
            q.trips += p[i].trips;
        if (q.origin != q.dest && q.trips > 0)
            p[n++] = q;
    }
    qsort(p, n, sizeof *p, cmp_pair_first);
    *n_out = n;
    return p;
}

/* A figure the network loader would refuse (src/net/net_int.h ranges): the reason in err. */
static cor_status check_link(size_t i, const cor_assign_link *l, cor_err *err)
{
    static const struct {
        const char *name, *as;
        size_t offset;
        double max;
    } f[] = {
        {"length", "length_km", offsetof(cor_assign_link, length), COR_MAX_LENGTH_KM},
        {"free flow time", "duration_h", offsetof(cor_assign_link, fft), COR_MAX_DURATION_H},
        {"toll", "usd_per_t", offsetof(cor_assign_link, toll), COR_MAX_USD_PER_T},
        {"capacity", "capacity_tpy", offsetof(cor_assign_link, capacity), COR_MAX_CAPACITY_TPY},
        {"b", "bpr_alpha", offsetof(cor_assign_link, b), COR_MAX_BPR_ALPHA},
        {"power", "bpr_beta", offsetof(cor_assign_link, power), COR_MAX_BPR_BETA},
    };
    for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
        double v;
        memcpy(&v, (const char *)l + f[k].offset, sizeof v);
        if (v > f[k].max)
            return cor_err_set(err, COR_ERR_INPUT,
                               "link %zu (%u -> %u): %s: expected at most %g (%s of a network "
                               "directory), found %.17g", i + 1, l->from, l->to, f[k].name,
                               f[k].max, f[k].as, v);
    }
    return COR_OK;
}

/* A loop at a through node: a network directory has none, and it never carries flow (a path
 * through it would cost at least as much as one without). */
static int is_dropped_loop(const cor_assign_net *net, const cor_assign_link *l)
{
    return l->from == l->to && l->from >= net->first_thru;
}

/* Checks that the loader will accept what is about to be written: figures in its ranges, and
 * row counts within its CSV limits. */
static cor_status check_fits(const cor_assign_net *net, size_t n_pairs, const pair *pairs,
                             cor_err *err)
{
    size_t node_rows = (size_t)net->n_nodes + (net->first_thru - 1u);
    if (node_rows > (size_t)COR_CSV_MAX_ROWS)
        return cor_err_set(err, COR_ERR_INPUT, "nodes: expected at most %ld rows of nodes.csv "
                           "(zones below the first through node take two), found %zu",
                           COR_CSV_MAX_ROWS, node_rows);
    if (net->n_links > (size_t)COR_CSV_MAX_ROWS)
        return cor_err_set(err, COR_ERR_INPUT, "links: expected at most %ld, found %zu",
                           COR_CSV_MAX_ROWS, net->n_links);
    if (n_pairs > (size_t)COR_CSV_MAX_ROWS)
        return cor_err_set(err, COR_ERR_INPUT, "demand: expected at most %ld origin-destination "
                           "pairs, found %zu", COR_CSV_MAX_ROWS, n_pairs);
    cor_status st;
    for (size_t i = 0; i < net->n_links; i++)
        if (!is_dropped_loop(net, &net->links[i]) &&
            (st = check_link(i, &net->links[i], err)) != COR_OK)
            return st;
    for (size_t i = 0; i < n_pairs; i++)
        if (pairs[i].trips > COR_MAX_DEMAND_TPY)
            return cor_err_set(err, COR_ERR_INPUT, "demand from zone %u to zone %u: expected at "
                               "most %g (tonnes_per_year of a demand file), found %.17g",
                               pairs[i].origin, pairs[i].dest, COR_MAX_DEMAND_TPY,
                               pairs[i].trips);
    return COR_OK;
}

/* True while f stays within the loader's file size. */
static int fits(FILE *f)
{
    off_t at = ftello(f);
    return at >= 0 && at <= COR_CSV_MAX_FILE_BYTES;
}

cor_status cor_assign_net_write_corridor(const cor_assign_net *net, const char *dir,
                                         const char *source, cor_err *err)
{
    /* the network loader needs a source on every row, as UTF-8 text */
    size_t source_len = strlen(source);
    if (cor_is_blank(source) || source_len > MAX_SOURCE || !cor_utf8_valid(source, source_len))
        return cor_err_set(err, COR_ERR_INPUT, "source: expected 1 to %d bytes of UTF-8 text, "
                           "found %zu bytes%s", MAX_SOURCE, source_len,
                           cor_utf8_valid(source, source_len) ? "" : " (not UTF-8)");
    size_t n_pairs = 0;
    pair *pairs = demand_rows(net, &n_pairs);
    if (!pairs)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    cor_status st = check_fits(net, n_pairs, pairs, err);
    if (st != COR_OK) {
        free(pairs);
        return st;
    }
    cor_adir staged;
    if (cor_adir_open(&staged, dir) != 0) {
        free(pairs);
        return cor_err_set(err, COR_ERR_IO, "cannot create a directory beside %s: %s", dir,
                           strerror(errno));
    }
    static const char *const names[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv",
                                        "demand.csv"};
    FILE *o[5] = {NULL};
    int ok = 1, too_big = -1; /* too_big: the file over the loader's size limit */
    for (int i = 0; i < 5 && ok; i++)
        ok = (o[i] = cor_adir_fopen(&staged, names[i])) != NULL;
    if (ok) {
        char a[32], b[32];
        fprintf(o[0], "id,name,country,region,lat,lon,kind,source\n");
        for (uint32_t k = 1; k <= net->n_nodes && too_big < 0; k++) {
            const char *kind = k <= net->n_zones ? "city" : "junction";
            for (int side = 0; side < (k < net->first_thru ? 2 : 1); side++) {
                node_id(net, k, side, a, sizeof a);
                fprintf(o[0], "%s,%s %u%s,ZZ,,0,0,%s,", a, k <= net->n_zones ? "Zone" : "Node",
                        k, k < net->first_thru ? (side ? " in" : " out") : "", kind);
                cor_csv_put(o[0], source);
                fputc('\n', o[0]);
            }
            if (!fits(o[0]))
                too_big = 0;
        }
        fprintf(o[1], "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,"
                        "capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,"
                        "year,direction,corridors,source,bpr_alpha,bpr_beta\n");
        for (size_t i = 0; i < net->n_links && too_big < 0; i++) {
            const cor_assign_link *l = &net->links[i];
            if (is_dropped_loop(net, l))
                continue;
            node_id(net, l->from, 0, a, sizeof a);
            node_id(net, l->to, 1, b, sizeof b);
            /* lengths and times keep TNTP's units; a length below the format's minimum is
             * written as that minimum */
            fprintf(o[1], "L%zu,%s,%s,road,%.17g,,%.17g,0,%.17g,%.17g,,,,,operating,,forward,,",
                    i + 1, a, b, l->length < COR_MIN_LENGTH_KM ? COR_MIN_LENGTH_KM : l->length,
                    l->fft, l->toll, l->capacity);
            cor_csv_put(o[1], source);
            fprintf(o[1], ",%.17g,%.17g\n", l->b, l->power);
            if (!fits(o[1]))
                too_big = 1;
        }
        fprintf(o[2], "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,"
                        "fee_usd_per_vehicle,direction,source\n");
        fprintf(o[3], "node,kind,from,to,hours,usd_per_t,source\n");
        fprintf(o[4], "from,to,commodity,tonnes_per_year,source\n");
        for (size_t i = 0; i < n_pairs && too_big < 0; i++) {
            node_id(net, pairs[i].origin, 0, a, sizeof a);
            node_id(net, pairs[i].dest, 1, b, sizeof b);
            fprintf(o[4], "%s,%s,general,%.17g,", a, b, pairs[i].trips);
            cor_csv_put(o[4], source);
            fputc('\n', o[4]);
            if (!fits(o[4]))
                too_big = 4;
        }
    }
    free(pairs);
    int e = errno;
    for (int i = 0; i < 5; i++)
        if (o[i] && (ferror(o[i]) | fclose(o[i])) != 0 && ok) {
            ok = 0;
            e = errno;
        }
    if (too_big >= 0) {
        cor_adir_abort(&staged);
        return cor_err_set(err, COR_ERR_INPUT, "%s: expected at most %ld bytes (the limit of "
                           "a network file), found more", names[too_big],
                           COR_CSV_MAX_FILE_BYTES);
    }
    if (!ok || cor_adir_commit(&staged) != 0) {
        e = ok ? errno : e;
        cor_adir_abort(&staged);
        return cor_err_set(err, COR_ERR_IO, "cannot write the network in %s: %s", dir,
                           strerror(e));
    }
    return COR_OK;
}
