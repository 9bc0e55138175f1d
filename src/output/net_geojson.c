/* The loaded network as GeoJSON for maps: border posts and other nodes as Points, links as
 * straight LineStrings between their end nodes, with mode, status and corridor tags. */
#include <jansson.h>
#include <string.h>

#include "corridor/report.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

static const char *const kind_names[COR_KIND_COUNT] = {
    "city", "port", "rail_station", "rail_junction", "border_post", "terminal",
    "gauge_changer", "substation", "power_plant", "data_centre", "landing_station",
    "pipeline_station"};

static json_t *split_tags(const char *s)
{
    json_t *a = json_array();
    while (a && s && *s) {
        const char *end = strchr(s, ';');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n)
            json_array_append_new(a, json_stringn(s, n));
        s = end ? end + 1 : s + n;
    }
    return a;
}

char *cor_net_geojson(const cor_net *net)
{
    json_t *features = json_array();
    if (!features)
        return NULL;
    for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
        const cor_node *n = cor_net_node(net, v);
        json_t *kinds = json_array();
        for (int k = 0; k < COR_KIND_COUNT; k++)
            if (n->kinds & (1u << k))
                json_array_append_new(kinds, json_string(kind_names[k]));
        json_array_append_new(
            features, json_pack("{s:s, s:{s:s, s:[f,f]}, s:{s:s, s:s, s:s, s:s, s:o, s:b}}",
                                "type", "Feature", "geometry", "type", "Point", "coordinates",
                                n->lon, n->lat, "properties", "kind", "node", "id", n->id, "name",
                                n->name, "country", n->country, "kinds", kinds, "border_post",
                                (n->kinds & COR_KIND_BORDER_POST) != 0));
    }
    for (uint32_t i = 0; i < cor_net_link_count(net); i++) {
        const cor_link *k = cor_net_link(net, i);
        const cor_node *a = cor_net_node(net, k->from), *b = cor_net_node(net, k->to);
        json_array_append_new(
            features,
            json_pack("{s:s, s:{s:s, s:[[f,f],[f,f]]}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:o, "
                      "s:f, s:b}}",
                      "type", "Feature", "geometry", "type", "LineString", "coordinates", a->lon,
                      a->lat, b->lon, b->lat, "properties", "kind", "link", "id", k->id, "from",
                      a->id, "to", b->id, "mode", cor_mode_name(k->mode), "status",
                      cor_status_name(k->status), "corridors", split_tags(k->corridors),
                      "length_km", k->length_km, "both_ways", k->both_ways));
    }
    json_t *top = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
    char *s = top ? json_dumps(top, JSON_FLAGS) : NULL;
    json_decref(top);
    return s;
}
