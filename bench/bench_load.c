/*
 * Benchmark: loading networks of growing size, to show that the loader scales linearly (it
 * used to scan every earlier border for each border and every border for each crossing arc).
 * Writes synthetic networks of N border crossings (2N posts, N road links, N borders, N
 * transfers) to a temporary directory and prints the load time per record and its ratio.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corridor/corridor.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int write_net(const char *dir, int n)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    if (!(f = fopen(path, "w")))
        return 0;
    fputs("id,name,country,region,lat,lon,kind,source\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f, "A%d,a%d,XA,,40,44,border_post,s\nB%d,b%d,XB,,40,44.1,border_post,s\n", i, i,
                i, i);
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    if (!(f = fopen(path, "w")))
        return 0;
    fputs("id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,capacity_tpy,"
          "capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,direction,corridors,"
          "source\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f, "L%d,A%d,B%d,road,10,50,,0.1,,,,,,,operating,,both,,s\n", i, i, i);
    fclose(f);
    snprintf(path, sizeof path, "%s/borders.csv", dir);
    if (!(f = fopen(path, "w")))
        return 0;
    fputs("from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,fee_usd_per_vehicle,"
          "direction,source\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f, "A%d,B%d,road,1,,0,0,both,s\n", i, i);
    fclose(f);
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    if (!(f = fopen(path, "w")))
        return 0;
    fputs("node,kind,from,to,hours,usd_per_t,source\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f, "A%d,mode,road,rail,1,1,s\n", i);
    fclose(f);
    return 1;
}

int main(void)
{
    char dir[] = "/tmp/corridor-bench.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    double first = 0;
    printf("%10s %10s %12s %10s\n", "crossings", "load s", "us/record", "ratio");
    for (int n = 10000; n <= 80000; n *= 2) {
        if (!write_net(dir, n)) {
            perror(dir);
            return 1;
        }
        double t0 = now();
        cor_net *net = NULL;
        cor_status st = cor_net_load(dir, &net, NULL);
        double s = now() - t0;
        if (st != COR_OK) {
            fprintf(stderr, "load failed: %d\n", st);
            return 1;
        }
        cor_net_free(net);
        double per = s / (5.0 * n) * 1e6; /* 5 records per crossing */
        if (!first)
            first = per;
        printf("%10d %10.3f %12.3f %10.2f\n", n, s, per, per / first);
    }
    const char *files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv"};
    for (int i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
