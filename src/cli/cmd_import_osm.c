/* `corridor import osm FILE -o DIR` (cor_osm_import()) and the graph of `corridor build
 * FILE.osm.pbf` (cor_osm_net()): the options given into cor_osm_opts, what was read printed. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* profile's defaults, then what was given: country (NULL: ZZ), box's usd_per_tkm (< 0: the
 * profile's), boundaries, borders and bbox */
static void osm_opts(cor_osm_profile profile, const char *country, const cor_osm_opts *box,
                     cor_osm_opts *o)
{
    cor_osm_opts_default(o, profile);
    if (country)
        memcpy(o->country, country, 3);
    if (box->usd_per_tkm >= 0)
        o->usd_per_tkm = box->usd_per_tkm;
    o->has_bbox = box->has_bbox;
    o->boundaries = box->boundaries;
    o->borders = box->borders;
    memcpy(o->bbox, box->bbox, sizeof o->bbox);
}

/* What --boundaries gave (import osm and build FILE.osm.pbf): countries and crossings. */
static void print_countries(const cor_osm_stats *st)
{
    printf("countries from %zu admin_level=2 boundaries (%zu not closed in the extract, left "
           "out); %zu border crossings, %zu with the figures of a known crossing, %zu with 0 h "
           "and 0 USD\n", st->boundaries, st->boundaries_skipped, st->crossings,
           st->crossings_matched, st->crossings - st->crossings_matched);
}

/* Why an import failed, and what to do instead when the network is over the loader's caps. */
static void import_failed(const char *file, const cor_osm_opts *o, const cor_osm_stats *st,
                          const char *msg)
{
    cli_error("import", "%s", msg);
    if (st->geometry_over_cap)
        cli_error("import", "no command reads a geometry.csv that large: build the snapshot "
                            "straight from the extract (corridor build %s --profile %s -o "
                            "NET.cor)", file, cor_osm_profile_name(o->profile));
    else if (st->needed_file_mb)
        cli_error("import", "build the snapshot straight from the extract (corridor build "
                            "%s --profile %s -o NET.cor), or import with --max-file-mb %lld "
                            "and give build and check the same option", file,
                  cor_osm_profile_name(o->profile), st->needed_file_mb);
}

int cli_import_osm(const char *file, const cli_import_args *a)
{
    static const char *const osm_files[] = {"nodes.csv", "links.csv", "borders.csv",
                                            "transfers.csv", "geometry.csv", NULL};
    if (!cli_import_dir_ready(a->out, a->replace))
        return EXIT_FAIL;
    cor_net *borders = NULL;
    if (a->borders_dir && !(borders = cli_load(a->borders_dir, NULL)))
        return EXIT_FAIL;
    cor_osm_opts o;
    osm_opts((cor_osm_profile)a->profile, a->country, &a->box, &o);
    o.borders = borders;
    o.limits = a->box.limits;
    cor_osm_stats st = {0};
    cor_err err = {0};
    cor_status ist = cor_osm_import(file, &o, a->out, &st, &err);
    cor_net_free(borders);
    if (ist != COR_OK) {
        import_failed(file, &o, &st, err.msg);
        return EXIT_FAIL;
    }
    printf("%s: %zu nodes and %zu ways read, %zu ways kept (%s profile)\n", file,
           st.nodes_read, st.ways_read, st.ways_kept, cor_osm_profile_name(o.profile));
    printf("%s: %zu nodes, %zu links (%zu one-way, %zu ferry), %zu border posts, %zu stations, "
           "%zu transfers, %zu shape points\n", a->out, st.nodes, st.links, st.oneway_links,
           st.ferry_links, st.border_nodes, st.stations, st.transfers, st.shape_points);
    cli_import_report_kept(a->out, osm_files);
    if (o.boundaries)
        print_countries(&st);
    if (st.missing_refs)
        printf("%zu way references to nodes missing from the extract (ways cut there)\n",
               st.missing_refs);
    if (st.skipped_gauge)
        printf("%zu rail ways skipped: gauge other than 1435, 1520/1524 or dual\n",
               st.skipped_gauge);
    printf("data: %s\n", COR_OSM_ATTRIBUTION);
    return EXIT_OK;
}

cor_graph *cli_osm_graph(const char *path, const char *profile_name, const char *country,
                         const cor_osm_opts *box)
{
    int profile = cor_osm_profile_parse(profile_name);
    if (profile < 0) {
        cli_error("build", "--profile: expected road, truck or rail, found \"%s\"", profile_name);
        return NULL;
    }
    cor_osm_opts o;
    osm_opts((cor_osm_profile)profile, country, box, &o);
    cor_osm_stats st;
    cor_err err = {0};
    cor_graph *g = NULL;
    cor_net *net = NULL;
    if (cor_osm_net(path, &o, &net, &st, &err) != COR_OK ||
        cor_graph_from_net(net, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING), &g,
                           &err) != COR_OK) {
        cli_error("build", "%s", err.msg);
        cor_net_free(net);
        return NULL;
    }
    cor_net_free(net);
    printf("%s: %zu nodes and %zu ways read, %zu ways kept (%s profile); %zu graph nodes, %zu "
           "links, %zu shape points\n", path, st.nodes_read, st.ways_read, st.ways_kept,
           cor_osm_profile_name((cor_osm_profile)profile), st.nodes, st.links, st.shape_points);
    if (o.boundaries)
        print_countries(&st);
    return g;
}
