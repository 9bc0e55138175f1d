/* `corridor report`: one self-contained HTML file comparing two assignments (inline CSS and
 * SVG, no script, nothing fetched): the summary of what changes, the change table and the
 * difference flow map first, then country bars, UNESCAP Time/Cost-Distance charts of the OD
 * flows whose route changes, the flow maps, the most loaded links, and the assumptions as an
 * appendix. A print stylesheet lays it out on A4. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/appraise.h"
#include "corridor/report.h"
#include "corridor/scenario.h"

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* v rounded to `decimals` with thousands separators: 104,482,640; sign "+" when asked. */
static void num(FILE *f, double v, int decimals, int plus)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    if (strtod(digits, NULL) == 0)
        v = 0; /* no "-0" */
    const char *dot = strchr(digits, '.');
    size_t whole = dot ? (size_t)(dot - digits) : strlen(digits);
    if (v < 0)
        fputs("&minus;", f);
    else if (plus && v > 0)
        fputc('+', f);
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0)
            fputc(',', f);
        fputc(digits[i], f);
    }
    if (dot)
        fputs(dot, f);
}

static void pct_cell(FILE *f, double p)
{
    if (isnan(p)) {
        fputs("new", f);
        return;
    }
    num(f, p, 1, 1);
    fputc('%', f);
}

static const char *mode_colour(cor_mode m)
{
    switch (m) {
    case COR_MODE_RAIL: return "#5b3a29";
    case COR_MODE_ROAD: return "#e08a00";
    case COR_MODE_SEA: return "#1f5fa8";
    case COR_MODE_FERRY: return "#3a8fd6";
    default: return "#aaa";
    }
}

/* An equirectangular projection of a lon/lat box, x scaled by cos(mid latitude) so that
 * shapes near 40 N keep their proportions. */
typedef struct proj {
    double lon0, lat1, k, coslat, width, height;
} proj;

typedef struct bbox {
    double lon_min, lon_max, lat_min, lat_max;
} bbox;

static bbox net_bbox(const cor_net *net)
{
    bbox b = {180, -180, 90, -90};
    for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
        const cor_node *n = cor_net_node(net, v);
        b.lon_min = fmin(b.lon_min, n->lon), b.lon_max = fmax(b.lon_max, n->lon);
        b.lat_min = fmin(b.lat_min, n->lat), b.lat_max = fmax(b.lat_max, n->lat);
    }
    return b;
}

static proj make_proj(bbox b, double w, double h, double margin_deg)
{
    proj p = {b.lon_min - margin_deg, b.lat_max + margin_deg, 1,
              cos((b.lat_min + b.lat_max) / 2 * M_PI / 180), w, h};
    double dx = (b.lon_max - b.lon_min + 2 * margin_deg) * p.coslat;
    double dy = b.lat_max - b.lat_min + 2 * margin_deg;
    p.k = fmin(w / fmax(dx, 1e-9), h / fmax(dy, 1e-9));
    p.width = ceil(dx * p.k);   /* no empty band beside a tall or below a wide box */
    p.height = ceil(dy * p.k);
    return p;
}

#define PX(p, n) (((n)->lon - (p).lon0) * (p).coslat * (p).k)
#define PY(p, n) (((p).lat1 - (n)->lat) * (p).k)

/* Labels that do not overlap: each tried right, left, above and below its point, dropped
 * when every position hits a label already placed or leaves the map. */
typedef struct labels {
    double box[256][4];
    size_t n;
} labels;

static void label(FILE *f, labels *l, const proj *p, const cor_node *n, const char *cls)
{
    const double cw = 5.4, h = 10, x = PX(*p, n), y = PY(*p, n);
    const double w = cw * (double)strlen(n->name) + 2;
    const double tries[4][2] = {{x + 4, y - h / 2}, {x - 4 - w, y - h / 2}, {x - w / 2, y - h - 3},
                                {x - w / 2, y + 3}};
    for (int t = 0; t < 4 && l->n < sizeof l->box / sizeof *l->box; t++) {
        double b[4] = {tries[t][0], tries[t][1], tries[t][0] + w, tries[t][1] + h};
        int free = b[0] >= 0 && b[1] >= 0 && b[2] <= p->width && b[3] <= p->height;
        for (size_t i = 0; free && i < l->n; i++)
            free = !(b[0] < l->box[i][2] && b[2] > l->box[i][0] && b[1] < l->box[i][3] &&
                     b[3] > l->box[i][1]);
        if (!free)
            continue;
        memcpy(l->box[l->n++], b, sizeof b);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\">", b[0] + 1, b[3] - 2, cls);
        esc(f, n->name);
        fputs("</text>\n", f);
        return;
    }
}

static int inside(const proj *p, const cor_node *n)
{
    double x = PX(*p, n), y = PY(*p, n);
    return x >= 0 && y >= 0 && x <= p->width && y <= p->height;
}

#define LEGEND_H 22.0
#define SEA "#dce8ef"
#define LAND "#f4f1e8"

/* The outlines that reach into the map as land on the sea, with their borders: in a nested
 * <svg> of the map's size, which clips them; a point less than half a pixel from the last one
 * drawn is left out. */
static void land_svg(FILE *f, const cor_outlines *o, const proj *p)
{
    fprintf(f, "<svg class=\"land\" width=\"%.0f\" height=\"%.0f\"><g fill=\"" LAND "\" "
               "stroke=\"#c8c0ad\" stroke-width=\"0.6\" fill-rule=\"evenodd\">\n",
            p->width, p->height);
    for (size_t i = 0; i < cor_outlines_count(o); i++) {
        const cor_outline *ol = cor_outlines_get(o, i);
        int started = 0;
        for (size_t r = 0; r < ol->n_rings; r++) {
            const cor_ring *rg = &ol->rings[r];
            double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
            for (size_t k = 0; k < rg->n; k++) {
                cor_node at = {.lon = rg->lonlat[2 * k], .lat = rg->lonlat[2 * k + 1]};
                x0 = fmin(x0, PX(*p, &at)), x1 = fmax(x1, PX(*p, &at));
                y0 = fmin(y0, PY(*p, &at)), y1 = fmax(y1, PY(*p, &at));
            }
            if (x1 < 0 || y1 < 0 || x0 > p->width || y0 > p->height)
                continue;
            if (!started) {
                fputs("<path d=\"", f);
                started = 1;
            }
            double lx = NAN, ly = NAN;
            for (size_t k = 0; k < rg->n; k++) {
                cor_node at = {.lon = rg->lonlat[2 * k], .lat = rg->lonlat[2 * k + 1]};
                double x = PX(*p, &at), y = PY(*p, &at);
                if (k && k + 1 < rg->n && fabs(x - lx) < 0.5 && fabs(y - ly) < 0.5)
                    continue;
                fprintf(f, "%c%.1f %.1f", k ? 'L' : 'M', x, y);
                lx = x, ly = y;
            }
            fputc('Z', f);
        }
        if (started) {
            fputs("\"><title>", f);
            esc(f, ol->name);
            fputs("</title></path>\n", f);
        }
    }
    fputs("</g></svg>\n", f);
}

/* The map's frame, its transport links (thin, coloured by mode, dashed when not operating). */
static void map_open(FILE *f, const cor_net *net, const cor_outlines *outlines, const proj *p,
                     const char *cls, int faint)
{
    /* the legend goes in a band below the map */
    fprintf(f, "<figure class=\"%s\"><svg class=\"%s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 "
               "%.0f %.0f\"><rect width=\"%.0f\" height=\"%.0f\" fill=\"%s\"/>\n",
            cls, cls, p->width, p->height + LEGEND_H, p->width, p->height + LEGEND_H, p->width,
            p->height, outlines ? SEA : LAND);
    if (outlines)
        land_svg(f, outlines, p);
    for (uint32_t i = 0; i < cor_net_link_count(net); i++) {
        const cor_link *k = cor_net_link(net, i);
        if (!(COR_TRANSPORT_MODES & COR_MODE_BIT(k->mode)))
            continue;
        const cor_node *a = cor_net_node(net, k->from), *b = cor_net_node(net, k->to);
        fprintf(f, "<line class=\"link\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"%s\" stroke-width=\"1\"%s%s/>\n",
                PX(*p, a), PY(*p, a), PX(*p, b), PY(*p, b), faint ? "#b5b0a5" : mode_colour(k->mode),
                k->status == COR_STATUS_OPERATING ? "" : " stroke-dasharray=\"4 3\"",
                faint ? "" : " stroke-opacity=\"0.7\"");
    }
}

/* Nodes (border posts red) and the labels of cities, then of the places the flows pass
 * (flow_node: may be NULL) as room allows; the width legend; the caption. */
static void map_close(FILE *f, const cor_net *net, const proj *p, const unsigned char *flow_node,
                      double max_t, const char *const legend[][2], int n_legend, const char *title)
{
    labels *l = calloc(1, sizeof *l);
    for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
        const cor_node *n = cor_net_node(net, v);
        if (!inside(p, n))
            continue;
        int post = (n->kinds & COR_KIND_BORDER_POST) != 0;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>", PX(*p, n),
                PY(*p, n), post ? "2.5" : "1.8", post ? "#c00" : "#333");
        esc(f, n->name);
        fputs("</title></circle>\n", f);
    }
    for (int pass = 0; l && pass < 2; pass++)
        for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
            const cor_node *n = cor_net_node(net, v);
            int city = (n->kinds & COR_KIND_CITY) != 0;
            if (inside(p, n) && (pass ? !city && flow_node && flow_node[v] : city))
                label(f, l, p, n, city ? "city" : "place");
        }
    free(l);
    /* legend: three widths in t/year, and what the colours are, in one row */
    double x = 4, y = p->height + LEGEND_H / 2;
    fputs("<g class=\"legend\">", f);
    const double frac[3] = {1, 0.5, 0.1};
    for (int i = 0; i < 3; i++) {
        fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#555\" "
                   "stroke-width=\"%.2f\"/><text x=\"%.0f\" y=\"%.0f\">",
                x, x + 24, y, y, 1.5 + 12 * frac[i], x + 28, y + 3);
        num(f, max_t * frac[i], 0, 0);
        fputs(" t/year</text>\n", f);
        x += 120;
    }
    for (int i = 0; i < n_legend; i++) {
        fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"24\" height=\"8\" fill=\"%s\"/>"
                   "<text x=\"%.0f\" y=\"%.0f\">%s</text>\n",
                x, y - 4, legend[i][0], x + 28, y + 3, legend[i][1]);
        x += 70;
    }
    fputs("</g></svg><figcaption>", f);
    esc(f, title);
    fputs("</figcaption></figure>\n", f);
}

static double flow_width(double t, double max_t) { return 1.5 + 12 * fabs(t) / fmax(max_t, 1); }

static void map_svg(FILE *f, const cor_net *net, const cor_outlines *o,
                    const cor_freight_result *r, double max_t, const char *title)
{
    proj p = make_proj(net_bbox(net), 540, 300, 0.3);
    map_open(f, net, o, &p, "map", 0);
    unsigned char *on = calloc(cor_net_node_count(net) + 1, 1);
    for (uint32_t i = 0; i < r->n_links && i < cor_net_link_count(net); i++) {
        if (r->link_tonnes[i] <= 0)
            continue;
        const cor_link *k = cor_net_link(net, i);
        const cor_node *a = cor_net_node(net, k->from), *b = cor_net_node(net, k->to);
        if (on)
            on[k->from] = on[k->to] = 1;
        fputs("<line class=\"flow\" data-link=\"", f);
        esc(f, k->id);
        fprintf(f, "\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#7b2cbf\" "
                   "stroke-opacity=\"0.6\" stroke-linecap=\"round\" stroke-width=\"%.2f\"><title>",
                PX(p, a), PY(p, a), PX(p, b), PY(p, b), flow_width(r->link_tonnes[i], max_t));
        esc(f, k->id);
        fputs(": ", f);
        num(f, r->link_tonnes[i], 0, 0);
        fputs(" t/year</title></line>\n", f);
    }
    static const char *const legend[][2] = {{"#7b2cbf", "flow"}};
    map_close(f, net, &p, on, max_t, legend, 1, title);
    free(on);
}

/* The difference flows B - A: gains green, losses red, on the box of the changed links. */
static void diff_map_svg(FILE *f, const cor_net *net, const cor_outlines *o,
                         const cor_freight_diff *d, const char *title)
{
    bbox b = {180, -180, 90, -90};
    double max_t = 1;
    for (size_t i = 0; i < d->n_links; i++) {
        const cor_link *k = cor_net_link(net, d->links[i].link);
        const cor_node *ends[2] = {cor_net_node(net, k->from), cor_net_node(net, k->to)};
        for (int e = 0; e < 2; e++) {
            b.lon_min = fmin(b.lon_min, ends[e]->lon), b.lon_max = fmax(b.lon_max, ends[e]->lon);
            b.lat_min = fmin(b.lat_min, ends[e]->lat), b.lat_max = fmax(b.lat_max, ends[e]->lat);
        }
        max_t = fmax(max_t, fabs(d->links[i].change));
    }
    if (!d->n_links)
        b = net_bbox(net);
    /* at least twice as wide as tall: the page's width, and the places around the change */
    double mid = (b.lon_min + b.lon_max) / 2, coslat = cos((b.lat_min + b.lat_max) / 2 * M_PI / 180);
    double half = fmax((b.lon_max - b.lon_min) / 2, (b.lat_max - b.lat_min + 0.7) / coslat - 0.35);
    b.lon_min = mid - half, b.lon_max = mid + half;
    proj p = make_proj(b, 900, 450, 0.35);
    map_open(f, net, o, &p, "map diff-map", 1);
    unsigned char *on = calloc(cor_net_node_count(net) + 1, 1);
    /* the largest changes last, on top */
    for (size_t i = d->n_links; i-- > 0;) {
        const cor_link_change *c = &d->links[i];
        const cor_link *k = cor_net_link(net, c->link);
        const cor_node *a = cor_net_node(net, k->from), *e = cor_net_node(net, k->to);
        if (on)
            on[k->from] = on[k->to] = 1;
        fprintf(f, "<line class=\"flow %s\" data-link=\"", c->change > 0 ? "gain" : "loss");
        esc(f, k->id);
        fprintf(f, "\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-opacity=\"0.8\" stroke-width=\"%.2f\"><title>",
                PX(p, a), PY(p, a), PX(p, e), PY(p, e), c->change > 0 ? "#1a9850" : "#d73027",
                flow_width(c->change, max_t));
        esc(f, k->id);
        fputs(": ", f);
        num(f, c->change, 0, 1);
        fputs(" t/year</title></line>\n", f);
    }
    static const char *const legend[][2] = {{"#1a9850", "gain"}, {"#d73027", "loss"}};
    map_close(f, net, &p, on, max_t, legend, 2, title);
    free(on);
}

#undef PX
#undef PY

/* Round axis ticks: a step of 1, 2 or 5 times a power of ten, about five of them; *top is
 * the first tick at or above max. */
static double tick_step(double max, double *top)
{
    double raw = fmax(max, 1e-9) / 5, p = pow(10, floor(log10(raw))), step = p;
    for (int i = 0; i < 4 && step < raw; i++)
        step = (double[]){1, 2, 5, 10}[i] * p;
    *top = ceil(max / step - 1e-9) * step;
    if (*top <= 0)
        *top = step;
    return step;
}

/* UNESCAP Time/Cost-Distance: cumulative hours (or USD per tonne) against cumulative km; links
 * are sloped segments, border crossings and transfers vertical steps (B's labelled). */
static void tcd_svg(FILE *f, const cor_net *net, const cor_route *ra, const cor_route *rb,
                    int cost, double tonnes, const char *name_a, const char *name_b)
{
    const double w = 380, h = 220, l0 = 50, b0 = 28, t0 = 10, r0 = 26;
    double max_km = 1, max_y = 1e-9;
    const cor_route *rs[2] = {ra, rb};
    for (int i = 0; i < 2; i++)
        if (rs[i]) {
            max_km = fmax(max_km, rs[i]->km);
            max_y = fmax(max_y, cost ? rs[i]->usd / tonnes : rs[i]->hours);
        }
    double top_km, top_y;
    double sx = tick_step(max_km, &top_km), sy = tick_step(max_y, &top_y);
#define X(km) (l0 + (w - l0 - r0) * (km) / top_km)
#define Y(v) (h - b0 - (h - b0 - t0) * (v) / top_y)
    fprintf(f, "<svg class=\"tcd tcd-%s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
            cost ? "cost" : "time", w, h, w, h);
    for (double v = 0; v <= top_y + sy / 2; v += sy) {
        fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                   "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">",
                l0, w - r0, Y(v), Y(v), l0 - 4, Y(v) + 3);
        num(f, v, sy < 1 ? 1 : 0, 0);
        fputs("</text>\n", f);
    }
    for (double v = 0; v <= top_km + sx / 2; v += sx) {
        fprintf(f, "<text class=\"xtick\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">", X(v),
                h - b0 + 13);
        num(f, v, 0, 0);
        fputs("</text>\n", f);
    }
    fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#666\"/>"
               "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#666\"/>\n"
               "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">km</text>"
               "<text x=\"10\" y=\"%.0f\" transform=\"rotate(-90 10 %.0f)\" "
               "text-anchor=\"middle\">%s</text>\n",
            l0, l0, t0, h - b0, l0, w - r0, h - b0, h - b0, (l0 + w - r0) / 2, h - 2,
            (h - b0) / 2, (h - b0) / 2, cost ? "USD per tonne" : "hours");
    static const char *const colour[2] = {"#9e9e9e", "#d62728"};
    for (int i = 0; i < 2; i++) {
        const cor_route *r = rs[i];
        if (!r)
            continue;
        double km = 0, y = 0;
        fprintf(f, "<g class=\"tcd-route\" data-side=\"%c\" stroke=\"%s\" stroke-width=\"%s\"%s>\n",
                'a' + i, colour[i], i ? "2.2" : "3.5", i ? "" : " stroke-dasharray=\"6 3\"");
        for (size_t s = 0; s < r->n_steps; s++) {
            const cor_step *st = &r->steps[s];
            double dy = cost ? st->usd / tonnes : st->hours;
            if (st->kind == COR_STEP_LINK)
                fprintf(f, "<line class=\"tcd-leg\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
                           "y2=\"%.2f\"/>\n", X(km), Y(y), X(km + st->km), Y(y + dy));
            else if (dy > 0) {
                fprintf(f, "<line class=\"tcd-step\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
                           "y2=\"%.2f\" stroke-width=\"4\" stroke-dasharray=\"none\"/>\n",
                        X(km), Y(y), X(km), Y(y + dy));
                if (i == 1 && st->kind == COR_STEP_BORDER)
                    fprintf(f, "<text class=\"step\" x=\"%.1f\" y=\"%.1f\" stroke=\"none\">%s&rarr;%s"
                               "</text>\n",
                            X(km) + 4, Y(y + dy / 2) + 3, cor_net_node(net, st->from)->country,
                            cor_net_node(net, st->to)->country);
            }
            km += st->km;
            y += dy;
        }
        fputs("</g>\n", f);
    }
#undef X
#undef Y
    fputs("<text x=\"60\" y=\"22\" fill=\"#9e9e9e\">", f);
    esc(f, name_a);
    fputs(" (dashed)</text><text x=\"60\" y=\"36\" fill=\"#d62728\">", f);
    esc(f, name_b);
    fputs("</text></svg>\n", f);
}

static void countries_text(FILE *f, const cor_route *r)
{
    if (!r) {
        fputs("no route", f);
        return;
    }
    for (size_t i = 0; i < r->n_countries; i++)
        fprintf(f, "%s%s", i ? " &gt; " : "", r->countries[i]);
}

/* Paired bars, A light and B dark, of the countries whose figures change (in their order). */
static void bars_svg(FILE *f, const cor_freight_diff *d, int fees, const char *cls)
{
    const double w = 440, row = 30, l0 = 30, r0 = 100;
    double max = 1;
    size_t n = 0;
    for (size_t i = 0; i < d->n_changed_countries; i++) {
        const cor_country_change *c = &d->countries[i];
        const double *v = fees ? c->fees_usd : c->transit_tonnes;
        max = fmax(max, fmax(v[0], v[1]));
        n += v[0] > 0 || v[1] > 0;
    }
    fprintf(f, "<svg class=\"bars %s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
            cls, w, n * row + 8, w, n * row + 8);
    size_t k = 0;
    for (size_t i = 0; i < d->n_changed_countries; i++) {
        const cor_country_change *c = &d->countries[i];
        const double *v = fees ? c->fees_usd : c->transit_tonnes;
        if (v[0] <= 0 && v[1] <= 0)
            continue;
        double y0 = 4 + k++ * row;
        fprintf(f, "<text x=\"0\" y=\"%.0f\">%s</text>\n", y0 + 15, c->country);
        for (int s = 0; s < 2; s++) {
            double bw = (w - l0 - r0) * v[s] / max;
            fprintf(f, "<rect data-country=\"%s\" data-side=\"%c\" x=\"%.0f\" y=\"%.0f\" "
                       "width=\"%.1f\" height=\"11\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.0f\">",
                    c->country, 'a' + s, l0, y0 + s * 12, fmax(bw, 0.5),
                    s ? "#3182bd" : "#9ecae1", l0 + bw + 3, y0 + s * 12 + 9);
            num(f, v[s], 0, 0);
            fputs("</text>\n", f);
        }
    }
    fputs("</svg>\n", f);
}

/* The scenario file texts of name's chain (base > tripp > ...), as <pre> blocks. */
static void scenario_texts(FILE *f, const char *dir, const char *name)
{
    cor_diags *d = cor_diags_new();
    cor_scenario *sc = NULL;
    if (!d || cor_scenario_load(dir, name, &sc, d) != COR_OK) {
        fputs("<p>(the scenario file could not be read again)</p>\n", f);
        cor_diags_free(d);
        return;
    }
    char chain[1024];
    snprintf(chain, sizeof chain, "%s", cor_scenario_chain(sc));
    char *save = NULL;
    for (char *w = strtok_r(chain, " >", &save); w; w = strtok_r(NULL, " >", &save)) {
        char path[4096];
        if (strcmp(w, cor_scenario_name(sc)) == 0 && strstr(name, ".ini"))
            snprintf(path, sizeof path, "%s", name);
        else
            snprintf(path, sizeof path, "%s/scenarios/%s.ini", dir, w);
        FILE *in = fopen(path, "r");
        fputs("<h4>", f);
        esc(f, path);
        fputs("</h4><pre>", f);
        if (in) {
            char buf[4096];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf - 1, in)) > 0) {
                buf[n] = '\0';
                esc(f, buf);
            }
            fclose(in);
        } else {
            fputs("(cannot be read)", f);
        }
        fputs("</pre>\n", f);
    }
    cor_scenario_free(sc);
    cor_diags_free(d);
}

typedef struct ranked {
    double t;
    size_t i;
} ranked;

static int by_t_desc(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    return a->t != b->t ? (a->t < b->t ? 1 : -1) : (a->i > b->i) - (a->i < b->i);
}

static const char *const style_css =
    "body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:1150px;margin:20px auto;"
    "padding:0 16px}\nh1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin-top:24px;"
    "border-bottom:1px solid #ccc}h3{font-size:15px}h4{margin:10px 0 2px;font-size:13px}\n"
    "table{border-collapse:collapse;margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid "
    "#e3e3e3;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}th.grp{text-align:center;border-bottom:1px solid #999}\n"
    ".scroll{overflow-x:auto;max-width:100%}\nfigure{display:inline-block;margin:0 12px 12px 0;"
    "vertical-align:top;max-width:100%}figcaption{font-size:12px;color:#555}\n"
    "svg{max-width:100%;height:auto}svg text{font-size:10px;fill:#333}svg text.city{font-size:"
    "10px;font-weight:600;fill:#222}svg text.place{font-size:9px;fill:#555}svg text.step{"
    "font-size:9px;fill:#7a3b00}\n.summary{font-size:16px;font-weight:600;background:#eef6ee;"
    "border-left:4px solid #1a9850;padding:8px 10px;margin:10px 0}.folded{color:#666;"
    "font-size:13px}\nh4,code{overflow-wrap:anywhere}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;font-size:12px}\n"
    ".up{color:#1a7f37}.down{color:#c0392b}.tcd-pair{display:flex;flex-wrap:wrap;gap:8px}"
    ".tcd-pair svg{flex:1 1 300px}\n"
    "@media print{@page{size:A4;margin:11mm}body{margin:0;max-width:none;padding:0;font-size:"
    "9.5pt}h1{font-size:15pt}h2{font-size:12pt;margin-top:10px;break-after:avoid}"
    "figure,svg,.tcd-pair,tr{break-inside:avoid}.summary{font-size:11pt}"
    "th,td{padding:1px 5px}figure.map{width:48%;margin:0 1% 4px 0}figure.map svg{width:100%}"
    "figure.diff-map{width:100%}figure.diff-map svg{width:auto;max-height:118mm}.tcd-pair svg{width:48%}.bars{width:48%}"
    ".appendix{break-before:page}pre{font-size:8pt}}\n";

/* The headline: the summary line of what changes and how many OD flows change route. */
static void summary_section(FILE *f, const cor_html_report *in, const cor_freight_diff *d)
{
    fputs("<p class=\"summary\" id=\"summary\">", f);
    esc(f, d->summary);
    fprintf(f, "</p>\n<p>%zu of %zu OD flows change their main route under ", d->n_changed_od,
            d->n_od);
    esc(f, in->name_b);
    fputs(".</p>\n", f);
}

/* What changes per country, largest change first; the unchanged ones on one line. */
static void changes_section(FILE *f, const cor_html_report *in, const cor_freight_diff *d)
{
    fputs("<h2>What changes per country</h2>\n<div class=\"scroll\"><table class=\"countries\">"
          "<thead><tr><th></th><th class=\"grp\" colspan=\"4\">transit tonnes per year</th><th "
          "class=\"grp\" colspan=\"4\">fees USD per year (all roles)</th></tr><tr><th>country"
          "</th>", f);
    for (int k = 0; k < 2; k++) {
        fputs("<th class=\"n\">", f);
        esc(f, in->name_a);
        fputs("</th><th class=\"n\">", f);
        esc(f, in->name_b);
        fputs("</th><th class=\"n\">change</th><th class=\"n\">%</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < d->n_changed_countries; i++) {
        const cor_country_change *c = &d->countries[i];
        fprintf(f, "<tr data-country=\"%s\"><td>%s</td>", c->country, c->country);
        const double *v[2] = {c->transit_tonnes, c->fees_usd};
        const double ch[2] = {c->transit_tonnes_change, c->fees_usd_change};
        const double pc[2] = {c->transit_tonnes_pct, c->fees_usd_pct};
        for (int k = 0; k < 2; k++) {
            const char *cls = ch[k] > 0 ? " up" : ch[k] < 0 ? " down" : "";
            fputs("<td class=\"n\">", f);
            num(f, v[k][0], 0, 0);
            fputs("</td><td class=\"n\">", f);
            num(f, v[k][1], 0, 0);
            fprintf(f, "</td><td class=\"n%s\">", cls);
            num(f, ch[k], 0, 1);
            fprintf(f, "</td><td class=\"n%s\">", cls);
            pct_cell(f, pc[k]);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
    if (d->n_changed_countries < d->n_countries) {
        fputs("<p class=\"folded\">No change in transit or fees: ", f);
        for (size_t i = d->n_changed_countries; i < d->n_countries; i++)
            fprintf(f, "%s%s", i > d->n_changed_countries ? ", " : "", d->countries[i].country);
        fputs(".</p>\n", f);
    }
}

/* Time/Cost-Distance of the OD pairs whose main route changes (one chart pair per origin and
 * destination, largest flow first); when none changes, of the four largest flows. */
static void tcd_section(FILE *f, const cor_html_report *in, const cor_freight_diff *d)
{
    const cor_freight_result *a = in->a, *b = in->b;
    size_t n = d->n_changed_od;
    ranked *rk = malloc((d->n_od + 1) * sizeof *rk);
    if (!rk)
        return;
    if (n == 0) {
        for (size_t i = 0; i < d->n_od; i++)
            rk[i] = (ranked){cor_demand_od(in->demand, i)->tonnes_per_year, i};
        qsort(rk, d->n_od, sizeof *rk, by_t_desc);
        n = d->n_od < 4 ? d->n_od : 4;
    } else {
        for (size_t i = 0; i < n; i++)
            rk[i] = (ranked){0, d->od[i]};
    }
    fputs("<h2>Time/Cost&ndash;Distance of the routes that change</h2>\n<p>UNESCAP Time/Cost-"
          "Distance method: cumulative hours and USD per tonne against cumulative km along the "
          "main route; border crossings and transfers are vertical steps. Grey dashed: ", f);
    esc(f, in->name_a);
    fputs(", red: ", f);
    esc(f, in->name_b);
    fputs(d->n_changed_od ? ".</p>\n" : ". No OD flow changes its route: the four largest "
                                        "flows.</p>\n", f);
    for (size_t j = 0; j < n; j++) {
        size_t i = rk[j].i;
        const cor_od *od = cor_demand_od(in->demand, i);
        int seen = 0; /* one chart pair per origin and destination */
        for (size_t q = 0; q < j && !seen; q++) {
            const cor_od *o2 = cor_demand_od(in->demand, rk[q].i);
            seen = o2->from == od->from && o2->to == od->to;
        }
        if (seen)
            continue;
        const cor_route *ra = a->od[i].routed && a->od[i].n_routes ? &a->od[i].routes[0].route : NULL;
        const cor_route *rb = b->od[i].routed && b->od[i].n_routes ? &b->od[i].routes[0].route : NULL;
        fputs("<h4 class=\"od\">", f);
        esc(f, cor_net_node(in->net_a, od->from)->name);
        fputs(" &rarr; ", f);
        esc(f, cor_net_node(in->net_a, od->to)->name);
        fputs(": ", f);
        countries_text(f, ra);
        fputs(" / ", f);
        countries_text(f, rb);
        if (ra && rb) {
            fputs(" (", f);
            num(f, ra->hours, 1, 0);
            fputs(" h &rarr; ", f);
            num(f, rb->hours, 1, 0);
            fputs(" h, ", f);
            num(f, ra->usd / in->opts->route.tonnes, 2, 0);
            fputs(" &rarr; ", f);
            num(f, rb->usd / in->opts->route.tonnes, 2, 0);
            fputs(" USD/t)", f);
        }
        fputs("</h4>\n<div class=\"tcd-pair\">", f);
        tcd_svg(f, in->net_a, ra, rb, 0, in->opts->route.tonnes, in->name_a, in->name_b);
        tcd_svg(f, in->net_a, ra, rb, 1, in->opts->route.tonnes, in->name_a, in->name_b);
        fputs("</div>\n", f);
    }
    free(rk);
}

static void links_section(FILE *f, const cor_html_report *in)
{
    const cor_freight_result *a = in->a, *b = in->b;
    size_t nl = b->n_links;
    ranked *lk = malloc((nl ? nl : 1) * sizeof *lk);
    if (!lk)
        return;
    size_t m = 0;
    for (size_t i = 0; i < nl; i++)
        if (b->link_tonnes[i] > 0)
            lk[m++] = (ranked){b->link_tonnes[i], i};
    qsort(lk, m, sizeof *lk, by_t_desc);
    fputs("<h2>Most loaded links under B</h2>\n<div class=\"scroll\"><table class=\"links\"><thead>"
          "<tr><th>link</th><th>from</th><th>to</th><th>mode</th><th class=\"n\">t/year B</th><th "
          "class=\"n\">t/year A</th><th class=\"n\">capacity t/year</th><th class=\"n\">v/c"
          "</th></tr></thead><tbody>\n", f);
    for (size_t j = 0; j < m && j < 10; j++) {
        const cor_link *k = cor_net_link(in->net_b, (uint32_t)lk[j].i);
        fputs("<tr><td>", f);
        esc(f, k->id);
        fputs("</td><td>", f);
        esc(f, cor_net_node(in->net_b, k->from)->name);
        fputs("</td><td>", f);
        esc(f, cor_net_node(in->net_b, k->to)->name);
        fprintf(f, "</td><td>%s</td><td class=\"n\">", cor_mode_name(k->mode));
        num(f, lk[j].t, 0, 0);
        fputs("</td><td class=\"n\">", f);
        num(f, lk[j].i < a->n_links ? a->link_tonnes[lk[j].i] : 0, 0, 0);
        if (isnan(k->capacity_tpy) || k->capacity_tpy <= 0) {
            fputs("</td><td class=\"n\">&ndash;</td><td class=\"n\">&ndash;</td></tr>\n", f);
        } else {
            fputs("</td><td class=\"n\">", f);
            num(f, k->capacity_tpy, 0, 0);
            fprintf(f, "</td><td class=\"n\">%.2f</td></tr>\n", lk[j].t / k->capacity_tpy);
        }
    }
    fputs("</tbody></table></div>\n", f);
    free(lk);
}

/* Appendix: the scenario files of A's and B's chains and every demand row with its source. */
static void appendix(FILE *f, const cor_html_report *in)
{
    fputs("<section class=\"appendix\">\n<h2>Appendix: assumptions</h2>\n<h3>Scenario A: ", f);
    esc(f, in->name_a);
    fputs("</h3>\n", f);
    scenario_texts(f, in->net_dir, in->name_a);
    fputs("<h3>Scenario B: ", f);
    esc(f, in->name_b);
    fputs("</h3>\n", f);
    scenario_texts(f, in->net_dir, in->name_b);
    fputs("<h3>Demand</h3>\n<div class=\"scroll\"><table class=\"demand\"><thead><tr><th>from"
          "</th><th>to</th><th>commodity</th><th class=\"n\">t/year</th><th>source</th></tr>"
          "</thead><tbody>\n", f);
    for (size_t i = 0; i < cor_demand_count(in->demand); i++) {
        const cor_od *od = cor_demand_od(in->demand, i);
        fputs("<tr><td>", f);
        esc(f, cor_net_node(in->net_a, od->from)->name);
        fputs("</td><td>", f);
        esc(f, cor_net_node(in->net_a, od->to)->name);
        fputs("</td><td>", f);
        esc(f, od->commodity);
        fputs("</td><td class=\"n\">", f);
        num(f, od->tonnes_per_year, 0, 0);
        fputs("</td><td>", f);
        esc(f, od->source);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></div>\n</section>\n", f);
}

char *cor_report_html(const cor_html_report *in)
{
    cor_freight_diff *d = NULL;
    if (cor_freight_compare(in->a, in->b, in->demand, &d, NULL) != COR_OK)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        cor_freight_diff_free(d);
        return NULL;
    }
    const cor_freight_result *a = in->a, *b = in->b;
    fputs("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport"
          "\" content=\"width=device-width, initial-scale=1\">\n<title>corridor report: ", f);
    esc(f, in->name_a);
    fputs(" vs ", f);
    esc(f, in->name_b);
    fprintf(f, "</title>\n<style>\n%s</style></head><body>\n<h1>Corridor report: ", style_css);
    esc(f, in->name_a);
    fputs(" &rarr; ", f);
    esc(f, in->name_b);
    fputs("</h1>\n", f);
    summary_section(f, in, d);
    changes_section(f, in, d);
    char cap[512];
    snprintf(cap, sizeof cap, "%s - %s: the change in tonnes per year on every link whose volume "
             "changes (green: more under %s, red: less)", in->name_b, in->name_a, in->name_b);
    fputs("<h2>Where the freight moves</h2>\n", f);
    diff_map_svg(f, in->net_b, in->outlines, d, cap);

    fputs("<p>Network <code>", f);
    esc(f, in->net_dir);
    fputs("</code>; demand <code>", f);
    esc(f, in->demand_path);
    fprintf(f, "</code>: %zu OD flows, ", cor_demand_count(in->demand));
    num(f, cor_demand_total(in->demand), 0, 0);
    fputs(" t/year; routed ", f);
    num(f, a->tonnes_routed, 0, 0);
    fputs(" t under ", f);
    esc(f, in->name_a);
    fputs(", ", f);
    num(f, b->tonnes_routed, 0, 0);
    fputs(" t under ", f);
    esc(f, in->name_b);
    fprintf(f, ". Assignment: %s, minimizing %s, shipments of %g t, value of time %g USD/t/h. "
               "Fees: link tariffs, transfers and half of each border crossing's fees paid on "
               "the country's territory, all roles (docs/freight.md).</p>\n",
            in->opts->method == COR_FREIGHT_LOGIT ? "logit over alternative routes"
                                                  : "all-or-nothing",
            cor_objective_name(in->opts->route.minimize), in->opts->route.tonnes,
            in->opts->route.vot_usd_per_t_h);

    fputs("<h2>Transit and fees of the countries that change</h2>\n<p>A: ", f);
    esc(f, in->name_a);
    fputs(" <svg width=\"12\" height=\"10\"><rect width=\"12\" height=\"10\" fill=\"#9ecae1\"/>"
          "</svg> light, B: ", f);
    esc(f, in->name_b);
    fputs(" <svg width=\"12\" height=\"10\"><rect width=\"12\" height=\"10\" fill=\"#3182bd\"/>"
          "</svg> dark.</p>\n<figure class=\"bars-fig\"><figcaption>Transit tonnes per year"
          "</figcaption>", f);
    bars_svg(f, d, 0, "bars-transit");
    fputs("</figure><figure class=\"bars-fig\"><figcaption>Fees, USD per year</figcaption>", f);
    bars_svg(f, d, 1, "bars-fees");
    fputs("</figure>\n", f);

    tcd_section(f, in, d);

    double max_t = 1;
    for (size_t i = 0; i < a->n_links; i++)
        max_t = fmax(max_t, a->link_tonnes[i]);
    for (size_t i = 0; i < b->n_links; i++)
        max_t = fmax(max_t, b->link_tonnes[i]);
    fputs("<h2>Flows under A and B</h2>\n", f);
    snprintf(cap, sizeof cap, "%s: line width proportional to tonnes per year", in->name_a);
    map_svg(f, in->net_a, in->outlines, a, max_t, cap);
    snprintf(cap, sizeof cap, "%s: the same scale", in->name_b);
    map_svg(f, in->net_b, in->outlines, b, max_t, cap);

    links_section(f, in);
    if (in->appraisal)
        cor_appraisal_html(f, in->appraisal);
    appendix(f, in);
    fprintf(f, "<p>Written by corridor %s. Every network record carries its source in the "
               "network files.</p>\n</body></html>",
            in->version ? in->version : "");
    cor_freight_diff_free(d);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
