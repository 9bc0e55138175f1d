/*
 * A TNTP problem as a corridor network directory (corridor import tntp): nodes, road links with
 * their BPR parameters, and the trips as demand.csv, so that the multimodal engine (route,
 * assign --method ue, compare) runs on the TNTP test networks too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assign/assign_int.h"
#include "util/afile.h"

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

cor_status cor_assign_net_write_corridor(const cor_assign_net *net, const char *dir,
                                         const char *source, cor_err *err)
{
    static const char *const names[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv",
                                        "demand.csv"};
    cor_adir staged;
    if (cor_adir_open(&staged, dir) != 0)
        return cor_err_set(err, COR_ERR_IO, "cannot create a directory beside %s: %s", dir,
                           strerror(errno));
    FILE *o[5] = {NULL};
    int ok = 1;
    for (int i = 0; i < 5 && ok; i++)
        ok = (o[i] = cor_adir_fopen(&staged, names[i])) != NULL;
    if (ok) {
        char a[32], b[32];
        fprintf(o[0], "id,name,country,region,lat,lon,kind,source\n");
        for (uint32_t k = 1; k <= net->n_nodes; k++) {
            const char *kind = k <= net->n_zones ? "city" : "junction";
            for (int side = 0; side < (k < net->first_thru ? 2 : 1); side++) {
                node_id(net, k, side, a, sizeof a);
                fprintf(o[0], "%s,%s %u%s,ZZ,,0,0,%s,\"%s\"\n", a,
                        k <= net->n_zones ? "Zone" : "Node", k,
                        k < net->first_thru ? (side ? " in" : " out") : "", kind, source);
            }
        }
        fprintf(o[1], "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,"
                        "capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,"
                        "year,direction,corridors,source,bpr_alpha,bpr_beta\n");
        for (size_t i = 0; i < net->n_links; i++) {
            const cor_assign_link *l = &net->links[i];
            node_id(net, l->from, 0, a, sizeof a);
            node_id(net, l->to, 1, b, sizeof b);
            /* lengths and times keep TNTP's units; a length below the format's minimum is
             * written as that minimum */
            fprintf(o[1], "L%zu,%s,%s,road,%.17g,,%.17g,0,%.17g,%.17g,,,,,operating,,forward,,"
                            "\"%s\",%.17g,%.17g\n",
                    i + 1, a, b, l->length < 1e-3 ? 1e-3 : l->length, l->fft, l->toll,
                    l->capacity, source, l->b, l->power);
        }
        fprintf(o[2], "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,"
                        "fee_usd_per_vehicle,direction,source\n");
        fprintf(o[3], "node,kind,from,to,hours,usd_per_t,source\n");
        fprintf(o[4], "from,to,commodity,tonnes_per_year,source\n");
        /* entries for the same pair are summed, in the order the pairs first appear */
        for (size_t i = 0; i < net->n_od; i++) {
            const cor_assign_od *d = &net->od[i];
            if (d->origin == d->dest)
                continue;
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = net->od[j].origin == d->origin && net->od[j].dest == d->dest;
            if (seen)
                continue;
            double trips = 0;
            for (size_t j = i; j < net->n_od; j++)
                if (net->od[j].origin == d->origin && net->od[j].dest == d->dest)
                    trips += net->od[j].trips;
            if (!(trips > 0))
                continue;
            node_id(net, d->origin, 0, a, sizeof a);
            node_id(net, d->dest, 1, b, sizeof b);
            fprintf(o[4], "%s,%s,general,%.17g,\"%s\"\n", a, b, trips, source);
        }
    }
    int e = errno;
    for (int i = 0; i < 5; i++)
        if (o[i] && (ferror(o[i]) | fclose(o[i])) != 0 && ok) {
            ok = 0;
            e = errno;
        }
    if (!ok || cor_adir_commit(&staged) != 0) {
        e = ok ? errno : e;
        cor_adir_abort(&staged);
        return cor_err_set(err, COR_ERR_IO, "cannot write the network in %s: %s", dir,
                           strerror(e));
    }
    return COR_OK;
}
