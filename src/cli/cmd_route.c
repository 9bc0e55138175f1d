/* `corridor route`: parses options, runs cor_route_query(), prints the answer. */
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char help[] =
    "usage: corridor route FROM TO [options]\n"
    "       corridor route [NET.cor|NET] --from LAT,LON --to LAT,LON [options]\n"
    "\n"
    "Best route for a shipment from FROM to TO (node names, case-insensitive, or ids), counting\n"
    "link time and tariffs, border dwell and fees, mode transfers and gauge changes.\n"
    "\n"
    "options:\n"
    "  --minimize WHAT      time | cost | distance | generalized (default generalized:\n"
    "                       USD + VOT x tonnes x hours)\n"
    "  --vot USD            value of time, USD per tonne-hour (default 1)\n"
    "  --tonnes T           shipment size (default 20: one container or truck)\n"
    "  --modes LIST         usable modes among rail,road,sea,ferry (default all four)\n"
    "  --avoid CC[,CC]      never touch a node in these countries (ISO 3166-1 alpha-2)\n"
    "  --status S           usable link statuses: operating (default), construction\n"
    "                       (operating + construction), planned (all but closed), or an\n"
    "                       exact list such as operating,planned,closed\n"
    "  --via NODE           pass through NODE (repeat for several, in order)\n"
    "  --alternatives K     up to K loopless routes, best first (default 1, at most 20)\n"
    "  --dwell mean|p95     border dwell figure to use (default mean)\n"
    "  --json               the answer as JSON (docs/json.md)\n"
    "  --geojson            the legs as a GeoJSON FeatureCollection\n"
    "  -o, --output FILE    write the answer to FILE (atomically) instead of stdout\n"
    "  --net DIR            network directory (default: $CORRIDOR_NET or the bundled one)\n"
    "\n"
    "Between coordinates (docs/ch.md): given --from and --to, or a snapshot file made by\n"
    "`corridor build`, both points snap to the nearest node with a link and the route is the\n"
    "shortest path by time or distance over the operating transport links (no border dwell,\n"
    "fees or transfer costs; usd is the link tariffs for --tonnes). The JSON has the keys\n"
    "above plus `snapped` {origin, destination}; one leg per link between two graph nodes.\n"
    "  --from LAT,LON       origin, decimal degrees\n"
    "  --to LAT,LON         destination\n"
    "  --minimize WHAT      time (default) or distance\n"
    "  --algorithm A        ch (default on a snapshot), bidijkstra (default on a directory)\n"
    "                       or dijkstra\n"
    "  --max-snap-km KM     refuse a point farther than KM from every node (default 20)\n"
    "  --tonnes, --json, --geojson (each leg with its shape), -o: as above\n"
    "\n"
    "examples:\n"
    "  corridor route Baku Nakhchivan\n"
    "  corridor route \"Alat port\" Kars --minimize time --avoid GE --json\n"
    "  corridor route Baku Istanbul --alternatives 3 --status planned\n"
    "  corridor route li.cor --from 47.1410,9.5209 --to 47.2437,9.5566 --json\n";

static int parse_num(const char *opt, const char *s, double min, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v < min) {
        cli_error("route", "%s: expected a number >= %g, found \"%s\"", opt, min, s);
        return 0;
    }
    *out = v;
    return 1;
}

static int parse_status(const char *s, unsigned *mask)
{
    int level = cor_status_parse(s);
    if (level >= 0 && !strchr(s, ',')) {
        *mask = 0;
        for (int i = 0; i <= level; i++)
            *mask |= COR_STATUS_BIT(i);
        return 1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    *mask = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        int st = cor_status_parse(w);
        if (st < 0) {
            cli_error("route", "--status: expected operating, construction, planned or closed, "
                               "found \"%s\"", w);
            return 0;
        }
        *mask |= COR_STATUS_BIT(st);
    }
    if (!*mask) {
        cli_error("route", "--status: expected at least one status");
        return 0;
    }
    return 1;
}

static int parse_modes(const char *s, unsigned *mask)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    *mask = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        int m = cor_mode_parse(w);
        if (m < 0 || !(COR_TRANSPORT_MODES & COR_MODE_BIT(m))) {
            cli_error("route", "--modes: expected rail, road, sea or ferry, found \"%s\"", w);
            return 0;
        }
        *mask |= COR_MODE_BIT(m);
    }
    if (!*mask) {
        cli_error("route", "--modes: expected at least one mode");
        return 0;
    }
    return 1;
}

static int parse_avoid(const char *s, cor_route_opts *o)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (strlen(w) != 2 || !isalpha((unsigned char)w[0]) || !isalpha((unsigned char)w[1])) {
            cli_error("route", "--avoid: expected two-letter country codes such as GE, found "
                               "\"%s\"", w);
            return 0;
        }
        if (o->n_avoid == COR_ROUTE_MAX_AVOID) {
            cli_error("route", "--avoid: at most %d countries", COR_ROUTE_MAX_AVOID);
            return 0;
        }
        char *cc = o->avoid[o->n_avoid++];
        cc[0] = (char)toupper((unsigned char)w[0]);
        cc[1] = (char)toupper((unsigned char)w[1]);
        cc[2] = '\0';
    }
    return 1;
}

/* Every avoided country must exist in the network: a typo would silently avoid nothing. */
static int check_avoid(const cor_net *net, const cor_route_opts *o)
{
    for (size_t i = 0; i < o->n_avoid; i++) {
        int found = 0;
        for (uint32_t v = 0; v < cor_net_node_count(net) && !found; v++)
            found = strcmp(cor_net_node(net, v)->country, o->avoid[i]) == 0;
        if (!found) {
            cli_error("route", "--avoid: no node of the network is in country %s", o->avoid[i]);
            return 0;
        }
    }
    return 1;
}

int cmd_route(int argc, char **argv)
{
    enum { O_MIN = 256, O_VOT, O_TONNES, O_MODES, O_AVOID, O_STATUS, O_VIA, O_ALT, O_DWELL,
           O_JSON, O_GEOJSON, O_NET, O_HELP, O_FROM, O_TO, O_ALGO, O_SNAP };
    static const struct option longopts[] = {
        {"minimize", required_argument, NULL, O_MIN},
        {"vot", required_argument, NULL, O_VOT},
        {"tonnes", required_argument, NULL, O_TONNES},
        {"modes", required_argument, NULL, O_MODES},
        {"avoid", required_argument, NULL, O_AVOID},
        {"status", required_argument, NULL, O_STATUS},
        {"via", required_argument, NULL, O_VIA},
        {"alternatives", required_argument, NULL, O_ALT},
        {"dwell", required_argument, NULL, O_DWELL},
        {"json", no_argument, NULL, O_JSON},
        {"geojson", no_argument, NULL, O_GEOJSON},
        {"output", required_argument, NULL, 'o'},
        {"net", required_argument, NULL, O_NET},
        {"help", no_argument, NULL, O_HELP},
        {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},
        {"algorithm", required_argument, NULL, O_ALGO},
        {"max-snap-km", required_argument, NULL, O_SNAP},
        {NULL, 0, NULL, 0}};
    const char *from_ll = NULL, *to_ll = NULL, *named_only = NULL, *minimize = NULL;
    int algo = -1;
    double max_snap_km = 20;
    cor_route_opts o;
    cor_route_opts_default(&o);
    const char *net_dir = NULL, *output = NULL, *via[COR_ROUTE_MAX_VIA];
    size_t n_via = 0;
    int json = 0, geojson = 0, c;
    double v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case O_MIN:
            minimize = optarg;
            if (strcmp(optarg, "time") == 0)
                o.minimize = COR_MIN_TIME;
            else if (strcmp(optarg, "cost") == 0)
                o.minimize = COR_MIN_COST;
            else if (strcmp(optarg, "distance") == 0)
                o.minimize = COR_MIN_DISTANCE;
            else if (strcmp(optarg, "generalized") == 0)
                o.minimize = COR_MIN_GENERALIZED;
            else {
                cli_error("route", "--minimize: expected time, cost, distance or generalized, "
                                   "found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_VOT:
            named_only = argv[optind - 1];
            if (!parse_num("--vot", optarg, 0, &o.vot_usd_per_t_h))
                return EXIT_USAGE;
            break;
        case O_TONNES:
            if (!parse_num("--tonnes", optarg, 1e-6, &o.tonnes))
                return EXIT_USAGE;
            break;
        case O_MODES:
            named_only = argv[optind - 1];
            if (!parse_modes(optarg, &o.modes))
                return EXIT_USAGE;
            break;
        case O_AVOID:
            named_only = argv[optind - 1];
            if (!parse_avoid(optarg, &o))
                return EXIT_USAGE;
            break;
        case O_STATUS:
            named_only = argv[optind - 1];
            if (!parse_status(optarg, &o.statuses))
                return EXIT_USAGE;
            break;
        case O_VIA:
            named_only = argv[optind - 1];
            if (n_via == COR_ROUTE_MAX_VIA) {
                cli_error("route", "--via: at most %d nodes", COR_ROUTE_MAX_VIA);
                return EXIT_USAGE;
            }
            via[n_via++] = optarg;
            break;
        case O_ALT:
            named_only = argv[optind - 1];
            if (!parse_num("--alternatives", optarg, 1, &v) || v != floor(v) ||
                v > COR_ROUTE_MAX_ALTERNATIVES) {
                cli_error("route", "--alternatives: expected a whole number from 1 to %d",
                          COR_ROUTE_MAX_ALTERNATIVES);
                return EXIT_USAGE;
            }
            o.alternatives = (size_t)v;
            break;
        case O_DWELL:
            named_only = argv[optind - 1];
            if (strcmp(optarg, "mean") == 0)
                o.dwell = COR_DWELL_MEAN;
            else if (strcmp(optarg, "p95") == 0)
                o.dwell = COR_DWELL_P95;
            else {
                cli_error("route", "--dwell: expected mean or p95, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_JSON: json = 1; break;
        case O_GEOJSON: geojson = 1; break;
        case 'o': output = optarg; break;
        case O_NET: net_dir = optarg; break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        case O_FROM: from_ll = optarg; break;
        case O_SNAP:
            if (!parse_num("--max-snap-km", optarg, 0, &max_snap_km))
                return EXIT_USAGE;
            break;
        case O_TO: to_ll = optarg; break;
        case O_ALGO:
            if (strcmp(optarg, "ch") == 0)
                algo = COR_ALGO_CH;
            else if (strcmp(optarg, "bidijkstra") == 0)
                algo = COR_ALGO_BIDIJKSTRA;
            else if (strcmp(optarg, "dijkstra") == 0)
                algo = COR_ALGO_DIJKSTRA;
            else {
                cli_error("route", "--algorithm: expected ch, bidijkstra or dijkstra, found "
                                   "\"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        default:
            cli_error("route", "unknown or incomplete option \"%s\" (see corridor route --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (json && geojson) {
        cli_error("route", "--json and --geojson: choose one");
        return EXIT_USAGE;
    }
    int coords = from_ll || to_ll || (argc - optind == 1 && cli_is_snapshot(argv[optind]));
    if (coords) {
        if (named_only) {
            cli_error("route", "%s applies to routes between named nodes, not between "
                               "coordinates", named_only);
            return EXIT_USAGE;
        }
        if (argc - optind > 1) {
            cli_error("route", "expected at most one network with --from/--to, found %d "
                               "arguments", argc - optind);
            return EXIT_USAGE;
        }
        cor_metric metric = COR_METRIC_TIME;
        if (minimize && strcmp(minimize, "distance") == 0)
            metric = COR_METRIC_DISTANCE;
        else if (minimize && strcmp(minimize, "time") != 0) {
            cli_error("route", "--minimize: expected time or distance for a route between "
                               "coordinates, found \"%s\"", minimize);
            return EXIT_USAGE;
        }
        const char *net = argc - optind == 1 ? argv[optind] : cli_network_dir(net_dir);
        return cli_route_coords(net, from_ll, to_ll, metric, algo, o.tonnes, max_snap_km, json,
                                geojson, output);
    }
    if (algo >= 0) {
        cli_error("route", "--algorithm applies to routes between coordinates");
        return EXIT_USAGE;
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
    cor_net *net = cli_load(cli_network_dir(net_dir));
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
    if (!check_avoid(net, &o))
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
        char *text = json ? cor_route_json(net, from, to, &o, set) : cor_route_geojson(net, set);
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
        cor_route_print(mem, net, from, to, &o, set);
        fclose(mem);
        if (len && buf[len - 1] == '\n')
            buf[len - 1] = '\0';
        rc = cli_write(output, buf) == 0 ? EXIT_OK : EXIT_FAIL;
        free(buf);
    } else {
        cor_route_print(stdout, net, from, to, &o, set);
        rc = EXIT_OK;
    }
out:
    cor_route_set_free(set);
    cor_router_free(router);
    cor_net_free(net);
    return rc;
}
