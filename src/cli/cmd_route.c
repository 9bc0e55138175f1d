/* `corridor route`: parses options, runs cor_route_query(), prints the answer. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char help[] =
    "usage: corridor route FROM TO [options]\n"
    "\n"
    "Best route for a shipment from FROM to TO (node names, case-insensitive, or ids), counting\n"
    "link time and tariffs, border dwell and fees, mode transfers and gauge changes.\n"
    "\n"
    "options:\n"
    "  --minimize WHAT      time | cost | distance | generalized (default generalized:\n"
    "                       USD + VOT x tonnes x hours)\n"
    "  --vot USD            value of time, USD per tonne-hour (default 1, at most 1e6)\n"
    "  --tonnes T           shipment size (default 20: one container or truck; at most 1e6)\n"
    "  --modes LIST         usable modes among rail,road,sea,ferry (default all four)\n"
    "  --avoid CC[,CC]      never touch a node in these countries (ISO 3166-1 alpha-2)\n"
    "  --status S           usable link statuses: operating (default), construction\n"
    "                       (operating + construction), planned (all but closed), or an\n"
    "                       exact list such as operating,planned,closed\n"
    "  --via NODE           pass through NODE (repeat for several, in order)\n"
    "  --alternatives K     up to K loopless routes, best first (default 1, at most 20)\n"
    "  --overlap F          an alternative shares at most this fraction of its km with\n"
    "                       each route before it (default 0.8; 1 = every loopless path)\n"
    "  --dwell mean|p95     border dwell figure to use (default mean)\n"
    "  --json               the answer as JSON (docs/json.md)\n"
    "  --geojson            the legs as a GeoJSON FeatureCollection\n"
    "  -o, --output FILE    write the answer to FILE (atomically) instead of stdout\n"
    "  --scenario NAME      apply scenario NAME (DIR/scenarios/NAME.ini, or a path)\n"
    "  --net DIR            network directory (default: $CORRIDOR_NET or the bundled one)\n"
    "\n"
    "examples:\n"
    "  corridor route Baku Nakhchivan\n"
    "  corridor route \"Alat port\" Kars --minimize time --avoid GE --json\n"
    "  corridor route Baku Istanbul --alternatives 3 --status planned\n";

int cmd_route(int argc, char **argv)
{
    enum { O_VIA = 256, O_ALT, O_JSON, O_GEOJSON, O_NET, O_SCENARIO, O_HELP };
    static const struct option longopts[] = {
        CLI_ROUTE_LONGOPTS,
        {"via", required_argument, NULL, O_VIA},
        {"alternatives", required_argument, NULL, O_ALT},
        {"json", no_argument, NULL, O_JSON},
        {"geojson", no_argument, NULL, O_GEOJSON},
        {"output", required_argument, NULL, 'o'},
        {"net", required_argument, NULL, O_NET},
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    cor_route_opts o;
    cor_route_opts_default(&o);
    const char *net_dir = NULL, *scenario = NULL, *output = NULL, *via[COR_ROUTE_MAX_VIA];
    size_t n_via = 0;
    int json = 0, geojson = 0, c;
    double v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int handled = cli_route_opt("route", c, optarg, &o);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled)
            continue;
        switch (c) {
        case O_VIA:
            if (n_via == COR_ROUTE_MAX_VIA) {
                cli_error("route", "--via: at most %d nodes", COR_ROUTE_MAX_VIA);
                return EXIT_USAGE;
            }
            via[n_via++] = optarg;
            break;
        case O_ALT:
            if (!cli_parse_num("route", "--alternatives", optarg, 1, &v) || v != floor(v) ||
                v > COR_ROUTE_MAX_ALTERNATIVES) {
                cli_error("route", "--alternatives: expected a whole number from 1 to %d",
                          COR_ROUTE_MAX_ALTERNATIVES);
                return EXIT_USAGE;
            }
            o.alternatives = (size_t)v;
            break;
        case O_JSON: json = 1; break;
        case O_GEOJSON: geojson = 1; break;
        case 'o': output = optarg; break;
        case O_NET: net_dir = optarg; break;
        case O_SCENARIO: scenario = optarg; break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_bad_option("route", argv);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2) {
        cli_error("route", "expected FROM and TO, found %d argument%s (see corridor route --help)",
                  argc - optind, argc - optind == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    if (json && geojson) {
        cli_error("route", "--json and --geojson: choose one");
        return EXIT_USAGE;
    }
    cor_net *net = cli_load(cli_network_dir(net_dir), scenario);
    if (!net)
        return EXIT_FAIL;
    int rc = EXIT_FAIL;
    cor_err err = {0};
    uint32_t from, to;
    cor_router *router = NULL;
    cor_route_set *set = NULL;
    if (cor_net_find_node(net, argv[optind], &from, &err) ||
        cor_net_find_node(net, argv[optind + 1], &to, &err)) {
        cli_error("route", "%s", err.msg);
        goto out;
    }
    for (size_t i = 0; i < n_via; i++) {
        if (cor_net_find_node(net, via[i], &o.via[i], &err)) {
            cli_error("route", "--via: %s", err.msg);
            goto out;
        }
    }
    o.n_via = n_via;
    if (!cli_check_avoid("route", net, &o))
        goto out;
    router = cor_router_new(net);
    if (!router) {
        cli_error("route", "out of memory");
        goto out;
    }
    if (cor_route_query(router, from, to, &o, &set, &err) != COR_OK) {
        cli_error("route", "%s", err.msg);
        goto out;
    }
    if (json || geojson) {
        char *text = json ? cor_route_json(net, scenario, from, to, &o, set)
                          : cor_route_geojson(net, set);
        if (!text) {
            cli_error("route", "out of memory");
            goto out;
        }
        rc = cli_write(output, text) == 0 ? EXIT_OK : EXIT_FAIL;
        free(text);
    } else if (output) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (!mem) {
            cli_error("route", "out of memory");
            goto out;
        }
        cor_route_print(mem, net, scenario, from, to, &o, set);
        fclose(mem);
        if (len && buf[len - 1] == '\n')
            buf[len - 1] = '\0';
        rc = cli_write(output, buf) == 0 ? EXIT_OK : EXIT_FAIL;
        free(buf);
    } else {
        cor_route_print(stdout, net, scenario, from, to, &o, set);
        rc = EXIT_OK;
    }
out:
    cor_route_set_free(set);
    cor_router_free(router);
    cor_net_free(net);
    return rc;
}
