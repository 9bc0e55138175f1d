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
#include "load/csvfile.h"
#include "util/strutil.h"
#include "util/tmpfile.h"

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

/* s as a quoted CSV field: quotes doubled (RFC 4180). */
static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

typedef struct out {
    char tmp[4200], path[4200];
    FILE *f;
} out;

static int out_open(out *o, const char *dir, const char *name)
{
    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    int fd = cor_tmpfile_beside(o->path, o->tmp, sizeof o->tmp);
    o->f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!o->f && fd >= 0)
        close(fd);
    return o->f != NULL;
}

static int out_close(out *o, int keep)
{
    int ok = o->f && !ferror(o->f);
    if (o->f && fclose(o->f) != 0)
        ok = 0;
    o->f = NULL;
    if (ok && keep && rename(o->tmp, o->path) == 0)
        return 1;
    unlink(o->tmp);
    return 0;
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
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cor_err_set(err, COR_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
    static const char *const names[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv",
                                        "demand.csv"};
    out o[5];
    memset(o, 0, sizeof o);
    int ok = 1;
    for (int i = 0; i < 5 && ok; i++)
        ok = out_open(&o[i], dir, names[i]);
    if (ok) {
        char a[32], b[32];
        fprintf(o[0].f, "id,name,country,region,lat,lon,kind,source\n");
        for (uint32_t k = 1; k <= net->n_nodes; k++) {
            const char *kind = k <= net->n_zones ? "city" : "junction";
            for (int side = 0; side < (k < net->first_thru ? 2 : 1); side++) {
                node_id(net, k, side, a, sizeof a);
                fprintf(o[0].f, "%s,%s %u%s,ZZ,,0,0,%s,", a, k <= net->n_zones ? "Zone" : "Node",
                        k, k < net->first_thru ? (side ? " in" : " out") : "", kind);
                put_quoted(o[0].f, source);
                fputc('\n', o[0].f);
            }
        }
        fprintf(o[1].f, "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,"
                        "capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,"
                        "year,direction,corridors,source,bpr_alpha,bpr_beta\n");
        for (size_t i = 0; i < net->n_links; i++) {
            const cor_assign_link *l = &net->links[i];
            node_id(net, l->from, 0, a, sizeof a);
            node_id(net, l->to, 1, b, sizeof b);
            /* lengths and times keep TNTP's units; a length below the format's minimum is
             * written as that minimum */
            fprintf(o[1].f, "L%zu,%s,%s,road,%.17g,,%.17g,0,%.17g,%.17g,,,,,operating,,forward,,",
                    i + 1, a, b, l->length < 1e-3 ? 1e-3 : l->length, l->fft, l->toll,
                    l->capacity);
            put_quoted(o[1].f, source);
            fprintf(o[1].f, ",%.17g,%.17g\n", l->b, l->power);
        }
        fprintf(o[2].f, "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,"
                        "fee_usd_per_vehicle,direction,source\n");
        fprintf(o[3].f, "node,kind,from,to,hours,usd_per_t,source\n");
        fprintf(o[4].f, "from,to,commodity,tonnes_per_year,source\n");
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
            fprintf(o[4].f, "%s,%s,general,%.17g,", a, b, trips);
            put_quoted(o[4].f, source);
            fputc('\n', o[4].f);
        }
    }
    int saved = ok;
    for (int i = 0; i < 5; i++)
        saved &= o[i].f ? out_close(&o[i], ok) : 0;
    if (!saved)
        return cor_err_set(err, COR_ERR_IO, "cannot write the network in %s: %s", dir,
                           strerror(errno));
    return COR_OK;
}
