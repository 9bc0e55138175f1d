/* Benchmark of the run history: saving, listing and reading back runs of an all-pairs
 * assignment on a network (default data/caucasus), in a temporary SQLite database.
 * Usage: build/bench/store [NET_DIR] [RUNS]. Prints times per operation and bytes per run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "corridor/corridor.h"
#include "corridor/store.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/caucasus";
    int runs = argc > 2 ? atoi(argv[2]) : 50;
    if (runs < 1)
        runs = 1;
    cor_net *net;
    if (cor_net_load(dir, &net, NULL) != COR_OK) {
        fprintf(stderr, "cannot load %s\n", dir);
        return 1;
    }
    /* demand: every ordered pair of city nodes, 1000 t/y */
    char tmpdir[] = "/tmp/corridor-bench-XXXXXX";
    if (!mkdtemp(tmpdir))
        return 1;
    char demand_path[64], db_path[64];
    snprintf(demand_path, sizeof demand_path, "%s/demand.csv", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/runs.db", tmpdir);
    FILE *f = fopen(demand_path, "w");
    fputs("from,to,commodity,tonnes_per_year,source\n", f);
    size_t n_od = 0;
    for (uint32_t a = 0; a < cor_net_node_count(net); a++)
        for (uint32_t b = 0; b < cor_net_node_count(net); b++)
            if (a != b && (cor_net_node(net, a)->kinds & COR_KIND_CITY) &&
                (cor_net_node(net, b)->kinds & COR_KIND_CITY)) {
                fprintf(f, "%s,%s,general,1000,bench\n", cor_net_node(net, a)->id,
                        cor_net_node(net, b)->id);
                n_od++;
            }
    fclose(f);
    cor_demand *demand;
    cor_freight_result *r;
    cor_freight_opts o;
    cor_freight_opts_default(&o);
    cor_err err;
    if (cor_demand_load(net, demand_path, &demand, NULL) != COR_OK ||
        cor_freight_assign(net, demand, &o, &r, &err) != COR_OK) {
        fprintf(stderr, "cannot assign\n");
        return 1;
    }
    size_t loaded = 0;
    for (size_t i = 0; i < r->n_links; i++)
        loaded += r->link_tonnes[i] != 0;
    cor_run_input in[] = {{"demand", demand_path}};
    cor_run_spec spec = {.command = "assign", .net_dir = dir, .demand_path = demand_path,
                         .demand = demand, .opts = &o, .n_sides = 1, .inputs = in, .n_inputs = 1};
    spec.sides[0] = (cor_run_side){NULL, NULL, net, r};

    cor_store *s;
    double t0 = now_s();
    if (cor_store_open(db_path, 1, &s, &err) != COR_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double t_open = now_s() - t0;
    int64_t id = 0;
    t0 = now_s();
    for (int i = 0; i < runs; i++)
        if (cor_store_save(s, &spec, &id, &err) != COR_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
    double t_save = (now_s() - t0) / runs;
    cor_run_summary *list;
    size_t n;
    t0 = now_s();
    cor_store_list(s, &list, &n, &err);
    double t_list = now_s() - t0;
    cor_store_list_free(list, n);
    char *json;
    t0 = now_s();
    cor_store_get_json(s, id, &json, &err);
    double t_get = now_s() - t0;
    size_t json_len = strlen(json);
    free(json);
    cor_store_close(s);
    long bytes = file_size(db_path);
    char wal[80];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    bytes += file_size(wal);

    printf("network %s: %zu OD pairs, %zu loaded links, %zu countries per run\n", dir, n_od,
           loaded, r->n_countries);
    printf("create + migrate to v%d: %8.3f ms\n", COR_STORE_SCHEMA_VERSION, 1e3 * t_open);
    printf("save (one transaction):  %8.3f ms per run (%d runs, includes fsync)\n", 1e3 * t_save,
           runs);
    printf("list %zu runs:           %8.3f ms\n", n, 1e3 * t_list);
    printf("show one run (JSON):     %8.3f ms (%zu bytes)\n", 1e3 * t_get, json_len);
    printf("database + WAL:          %8ld bytes, %.0f bytes per run\n", bytes,
           (double)bytes / runs);
    printf("ratio save / show:       %8.1f\n", t_save / t_get);

    unlink(demand_path);
    unlink(db_path);
    unlink(wal);
    char shm[80];
    snprintf(shm, sizeof shm, "%s-shm", db_path);
    unlink(shm);
    rmdir(tmpdir);
    cor_freight_result_free(r);
    cor_demand_free(demand);
    cor_net_free(net);
    return 0;
}
