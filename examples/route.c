/* Example of linking libcorridor: loads a network directory (the bundled South Caucasus one
 * by default) and prints the best route between two named nodes, as `corridor route` finds it.
 * Build: cc route.c $(pkg-config --cflags --libs corridor) -o route
 * Usage: ./route [NETWORK_DIR [FROM TO]]   (default: $(pkg-config --variable=datadir
 *        corridor)/caucasus, Baku, Kars) */
#include <stdio.h>
#include <stdlib.h>

#include <corridor/corridor.h>

#ifndef NETWORK_DIR
#define NETWORK_DIR "/usr/local/share/corridor/caucasus"
#endif

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : NETWORK_DIR;
    const char *from_name = argc > 3 ? argv[2] : "Baku", *to_name = argc > 3 ? argv[3] : "Kars";
    cor_diags *diags = cor_diags_new();
    cor_net *net = NULL;
    cor_router *router = NULL;
    cor_route_set *set = NULL;
    cor_err err = {0};
    int rc = EXIT_FAILURE;
    if (!diags || cor_net_load(dir, &net, diags) != COR_OK) {
        /* every problem in the network's files, "file:line: field: ..." */
        for (size_t i = 0; diags && i < cor_diags_count(diags); i++) {
            char line[1024];
            cor_diag_format(cor_diags_get(diags, i), line, sizeof line);
            fprintf(stderr, "%s\n", line);
        }
        fprintf(stderr, "route: cannot load the network in %s\n", dir);
        goto out;
    }
    uint32_t from, to;
    if (cor_net_find_node(net, from_name, &from, &err) != COR_OK ||
        cor_net_find_node(net, to_name, &to, &err) != COR_OK) {
        fprintf(stderr, "route: %s\n", err.msg);
        goto out;
    }
    cor_route_opts opts;
    cor_route_opts_default(&opts); /* least generalized cost, 20 t, operating links */
    if (!(router = cor_router_new(net))) {
        fprintf(stderr, "route: out of memory\n");
        goto out;
    }
    if (cor_route_query(router, from, to, &opts, &set, &err) != COR_OK) {
        fprintf(stderr, "route: %s\n", err.msg);
        goto out;
    }
    const cor_route *best = &set->routes[0];
    printf("%s -> %s: %.10g km, %.10g h, %.10g USD\n", from_name, to_name, best->km, best->hours,
           best->usd);
    rc = EXIT_SUCCESS;
out:
    cor_route_set_free(set);
    cor_router_free(router);
    cor_net_free(net);
    cor_diags_free(diags);
    return rc;
}
