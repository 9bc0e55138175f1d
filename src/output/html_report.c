/* `corridor report`: one self-contained HTML file comparing two assignments (inline CSS and
 * SVG, no script, nothing fetched): network map with flows, UNESCAP Time/Cost-Distance charts
 * of the main OD pairs, country table and bars, most loaded links, and the assumptions. */
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

static double total_fees(const cor_country_account *a)
{
    return a->fees_usd[0] + a->fees_usd[1] + a->fees_usd[2];
}

static const cor_country_account *account(const cor_freight_result *r, const char *cc)
{
    for (size_t i = 0; i < r->n_countries; i++)
        if (strcmp(r->countries[i].country, cc) == 0)
            return &r->countries[i];
    return NULL;
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

/* An equirectangular projection of the network's bounding box, x scaled by cos(mid latitude)
 * so that shapes near 40 N keep their proportions. */
typedef struct proj {
    double lon0, lat1, k, coslat, height;
} proj;

static proj make_proj(const cor_net *net, double w, double h)
{
    double lo = 180, hi = -180, la = 90, lb = -90;
    for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
        const cor_node *n = cor_net_node(net, v);
        lo = fmin(lo, n->lon), hi = fmax(hi, n->lon), la = fmin(la, n->lat), lb = fmax(lb, n->lat);
    }
    proj p = {lo - 0.3, lb + 0.3, 1, cos((la + lb) / 2 * M_PI / 180), h};
    double dx = (hi - lo + 0.6) * p.coslat, dy = lb - la + 0.6;
    p.k = fmin(w / fmax(dx, 1e-9), h / fmax(dy, 1e-9));
    p.height = ceil(dy * p.k); /* no empty band below a wide network */
    return p;
}

static void map_svg(FILE *f, const cor_net *net, const cor_freight_result *r, double max_t,
                    const char *title)
{
    const double w = 540;
    proj p = make_proj(net, w, 420);
    const double h = p.height;
#define PX(n) (((n)->lon - p.lon0) * p.coslat * p.k)
#define PY(n) ((p.lat1 - (n)->lat) * p.k)
    fprintf(f, "<figure><svg class=\"map\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
               "%.0f\"><rect width=\"100%%\" height=\"100%%\" fill=\"#f4f1e8\"/>\n",
            w, h, w, h);
    for (uint32_t i = 0; i < cor_net_link_count(net); i++) {
        const cor_link *k = cor_net_link(net, i);
        if (!(COR_TRANSPORT_MODES & COR_MODE_BIT(k->mode)))
            continue;
        const cor_node *a = cor_net_node(net, k->from), *b = cor_net_node(net, k->to);
        fprintf(f, "<line class=\"link\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"%s\" stroke-width=\"1\"%s/>\n",
                PX(a), PY(a), PX(b), PY(b), mode_colour(k->mode),
                k->status == COR_STATUS_OPERATING ? "" : " stroke-dasharray=\"4 3\"");
    }
    for (uint32_t i = 0; i < r->n_links && i < cor_net_link_count(net); i++) {
        if (r->link_tonnes[i] <= 0)
            continue;
        const cor_link *k = cor_net_link(net, i);
        const cor_node *a = cor_net_node(net, k->from), *b = cor_net_node(net, k->to);
        fputs("<line class=\"flow\" data-link=\"", f);
        esc(f, k->id);
        fprintf(f, "\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#7b2cbf\" "
                   "stroke-opacity=\"0.6\" stroke-linecap=\"round\" stroke-width=\"%.2f\"><title>",
                PX(a), PY(a), PX(b), PY(b), 1.5 + 14 * r->link_tonnes[i] / fmax(max_t, 1));
        esc(f, k->id);
        fprintf(f, ": %.0f t/year</title></line>\n", r->link_tonnes[i]);
    }
    for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
        const cor_node *n = cor_net_node(net, v);
        int post = (n->kinds & COR_KIND_BORDER_POST) != 0;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>", PX(n), PY(n),
                post ? "2.5" : "1.8", post ? "#c00" : "#333");
        esc(f, n->name);
        fputs("</title></circle>\n", f);
        if (n->kinds & COR_KIND_CITY) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"city\">", PX(n) + 3, PY(n) - 3);
            esc(f, n->name);
            fputs("</text>\n", f);
        }
    }
#undef PX
#undef PY
    fputs("</svg><figcaption>", f);
    esc(f, title);
    fputs("</figcaption></figure>\n", f);
}

/* UNESCAP Time/Cost-Distance: cumulative hours (or USD per tonne) against cumulative km; links
 * are sloped segments, border crossings and transfers vertical steps. */
static void tcd_svg(FILE *f, const cor_route *ra, const cor_route *rb, int cost, double tonnes,
                    const char *name_a, const char *name_b)
{
    const double w = 380, h = 220, l0 = 50, b0 = 28, t0 = 10, r0 = 10;
    double max_km = 1, max_y = 1e-9;
    const cor_route *rs[2] = {ra, rb};
    for (int i = 0; i < 2; i++)
        if (rs[i]) {
            max_km = fmax(max_km, rs[i]->km);
            max_y = fmax(max_y, cost ? rs[i]->usd / tonnes : rs[i]->hours);
        }
#define X(km) (l0 + (w - l0 - r0) * (km) / max_km)
#define Y(v) (h - b0 - (h - b0 - t0) * (v) / max_y)
    fprintf(f, "<svg class=\"tcd tcd-%s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
            cost ? "cost" : "time", w, h, w, h);
    for (int k = 0; k <= 4; k++) {
        fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                   "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>"
                   "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%.0f</text>\n",
                l0, w - r0, Y(max_y * k / 4), Y(max_y * k / 4), l0 - 4, Y(max_y * k / 4) + 3,
                max_y * k / 4, X(max_km * k / 4), h - b0 + 13, max_km * k / 4);
    }
    fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#666\"/>"
               "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#666\"/>\n"
               "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">km</text>"
               "<text x=\"10\" y=\"%.0f\" transform=\"rotate(-90 10 %.0f)\" "
               "text-anchor=\"middle\">%s</text>\n",
            l0, l0, t0, h - b0, l0, w - r0, h - b0, h - b0, (l0 + w) / 2, h - 2, (h - b0) / 2,
            (h - b0) / 2, cost ? "USD per tonne" : "hours");
    static const char *const colour[2] = {"#9e9e9e", "#d62728"};
    for (int i = 0; i < 2; i++) {
        const cor_route *r = rs[i];
        if (!r)
            continue;
        double km = 0, y = 0;
        fprintf(f, "<g class=\"tcd-route\" data-side=\"%c\" stroke=\"%s\" stroke-width=\"%s\">\n",
                'a' + i, colour[i], i ? "2.2" : "3.5");
        for (size_t s = 0; s < r->n_steps; s++) {
            const cor_step *st = &r->steps[s];
            double dy = cost ? st->usd / tonnes : st->hours;
            if (st->kind == COR_STEP_LINK)
                fprintf(f, "<line class=\"tcd-leg\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
                           "y2=\"%.2f\"/>\n", X(km), Y(y), X(km + st->km), Y(y + dy));
            else if (dy > 0)
                fprintf(f, "<line class=\"tcd-step\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
                           "y2=\"%.2f\" stroke-width=\"4\"/>\n", X(km), Y(y), X(km), Y(y + dy));
            km += st->km;
            y += dy;
        }
        fputs("</g>\n", f);
    }
#undef X
#undef Y
    fputs("<text x=\"60\" y=\"22\" fill=\"#9e9e9e\">", f);
    esc(f, name_a);
    fputs("</text><text x=\"60\" y=\"36\" fill=\"#d62728\">", f);
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

static void bars_svg(FILE *f, const cor_freight_result *a, const cor_freight_result *b,
                     int fees, const char *cls)
{
    const double w = 560, row = 30, l0 = 40, r0 = 110;
    double max = 1;
    size_t n = 0;
    for (size_t i = 0; i < b->n_countries; i++) {
        const cor_country_account *x = account(a, b->countries[i].country), *y = &b->countries[i];
        double va = x ? (fees ? total_fees(x) : x->tonnes[COR_ROLE_TRANSIT]) : 0;
        double vb = fees ? total_fees(y) : y->tonnes[COR_ROLE_TRANSIT];
        max = fmax(max, fmax(va, vb));
        n += va > 0 || vb > 0;
    }
    fprintf(f, "<svg class=\"bars %s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
            cls, w, n * row + 8, w, n * row + 8);
    size_t k = 0;
    for (size_t i = 0; i < b->n_countries; i++) {
        const cor_country_account *x = account(a, b->countries[i].country), *y = &b->countries[i];
        double v[2] = {x ? (fees ? total_fees(x) : x->tonnes[COR_ROLE_TRANSIT]) : 0,
                       fees ? total_fees(y) : y->tonnes[COR_ROLE_TRANSIT]};
        if (v[0] <= 0 && v[1] <= 0)
            continue;
        double y0 = 4 + k++ * row;
        fprintf(f, "<text x=\"0\" y=\"%.0f\">%s</text>\n", y0 + 15, y->country);
        for (int s = 0; s < 2; s++) {
            double bw = (w - l0 - r0) * v[s] / max;
            fprintf(f, "<rect data-country=\"%s\" data-side=\"%c\" x=\"%.0f\" y=\"%.0f\" "
                       "width=\"%.1f\" height=\"11\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.0f\">"
                       "%.0f</text>\n",
                    y->country, 'a' + s, l0, y0 + s * 12, fmax(bw, 0.5),
                    s ? "#3182bd" : "#9ecae1", l0 + bw + 3, y0 + s * 12 + 9, v[s]);
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

char *cor_report_html(const cor_html_report *in)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    const cor_freight_result *a = in->a, *b = in->b;
    fputs("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>corridor "
          "report: ", f);
    esc(f, in->name_a);
    fputs(" vs ", f);
    esc(f, in->name_b);
    fputs("</title>\n<style>\n"
          "body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:1150px;margin:20px auto;"
          "padding:0 16px}\nh1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:"
          "1px solid #ccc}h4{margin:10px 0 2px;font-size:13px}\ntable{border-collapse:collapse;"
          "margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid #e3e3e3;text-align:left}"
          "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\nfigure{display:inline-"
          "block;margin:0 12px 12px 0;vertical-align:top}figcaption{font-size:12px;color:#555}\n"
          "svg text{font-size:10px;fill:#333}svg text.city{font-size:9px;fill:#555}\n"
          "pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;font-size:12px}\n"
          ".up{color:#080}.down{color:#b00}\n</style></head><body>\n<h1>Corridor report: ", f);
    esc(f, in->name_a);
    fputs(" vs ", f);
    esc(f, in->name_b);
    fprintf(f, "</h1>\n<p>Network <code>");
    esc(f, in->net_dir);
    fprintf(f, "</code>; demand <code>");
    esc(f, in->demand_path);
    fprintf(f, "</code>: %zu OD flows, %.0f t/year; routed %.0f t under ", cor_demand_count(in->demand),
            cor_demand_total(in->demand), a->tonnes_routed);
    esc(f, in->name_a);
    fprintf(f, ", %.0f t under ", b->tonnes_routed);
    esc(f, in->name_b);
    fprintf(f, ". Assignment: %s, minimizing %s, shipments of %g t, value of time %g USD/t/h.</p>\n",
            in->opts->method == COR_FREIGHT_LOGIT ? "logit over alternative routes"
                                                  : "all-or-nothing",
            cor_objective_name(in->opts->route.minimize), in->opts->route.tonnes,
            in->opts->route.vot_usd_per_t_h);

    /* maps */
    double max_t = 1;
    for (size_t i = 0; i < a->n_links; i++)
        max_t = fmax(max_t, a->link_tonnes[i]);
    for (size_t i = 0; i < b->n_links; i++)
        max_t = fmax(max_t, b->link_tonnes[i]);
    fputs("<h2>Flows</h2>\n", f);
    char cap[512];
    snprintf(cap, sizeof cap, "%s: line width proportional to tonnes per year (widest %.0f t)",
             in->name_a, max_t);
    map_svg(f, in->net_a, a, max_t, cap);
    snprintf(cap, sizeof cap, "%s: line width proportional to tonnes per year (widest %.0f t)",
             in->name_b, max_t);
    map_svg(f, in->net_b, b, max_t, cap);

    /* countries */
    fputs("<h2>Countries</h2>\n<table class=\"countries\"><thead><tr><th>country</th>"
          "<th class=\"n\">transit t/year A</th><th class=\"n\">transit t/year B</th>"
          "<th class=\"n\">change</th><th class=\"n\">fees USD/year A</th><th class=\"n\">fees "
          "USD/year B</th><th class=\"n\">change</th></tr></thead><tbody>\n", f);
    for (size_t i = 0; i < b->n_countries; i++) {
        const cor_country_account *x = account(a, b->countries[i].country), *y = &b->countries[i];
        double ta = x ? x->tonnes[COR_ROLE_TRANSIT] : 0, tb = y->tonnes[COR_ROLE_TRANSIT];
        double fa = x ? total_fees(x) : 0, fb = total_fees(y);
        fprintf(f, "<tr data-country=\"%s\"><td>%s</td><td class=\"n\">%.0f</td><td class=\"n\">"
                   "%.0f</td><td class=\"n\">%+.0f</td><td class=\"n\">%.0f</td><td class=\"n\">"
                   "%.0f</td><td class=\"n\">%+.0f</td></tr>\n",
                y->country, y->country, ta, tb, tb - ta, fa, fb, fb - fa);
    }
    fputs("</tbody></table>\n<p>A: ", f);
    esc(f, in->name_a);
    fputs(" (light), B: ", f);
    esc(f, in->name_b);
    fputs(" (dark). Fees: link tariffs, transfers and half of each border crossing's fees paid "
          "on the country's territory, all roles (docs/freight.md).</p>\n<h4>Transit tonnes per "
          "year</h4>\n", f);
    bars_svg(f, a, b, 0, "bars-transit");
    fputs("<h4>Fees, USD per year</h4>\n", f);
    bars_svg(f, a, b, 1, "bars-fees");

    /* TCD of the main OD pairs */
    size_t n_od = a->n_od < b->n_od ? a->n_od : b->n_od;
    ranked *rk = malloc((n_od ? n_od : 1) * sizeof *rk);
    if (rk) {
        for (size_t i = 0; i < n_od; i++)
            rk[i] = (ranked){cor_demand_od(in->demand, i)->tonnes_per_year, i};
        qsort(rk, n_od, sizeof *rk, by_t_desc);
        fputs("<h2>Time/Cost&ndash;Distance of the main OD pairs</h2>\n<p>UNESCAP Time/Cost-"
              "Distance method: cumulative hours and USD per tonne against cumulative km along "
              "each flow's main route; border crossings and transfers are vertical steps. Grey: ",
              f);
        esc(f, in->name_a);
        fputs(", red: ", f);
        esc(f, in->name_b);
        fputs(".</p>\n", f);
        for (size_t j = 0; j < n_od && j < 4; j++) {
            size_t i = rk[j].i;
            const cor_od *od = cor_demand_od(in->demand, i);
            const cor_route *ra = a->od[i].routed && a->od[i].n_routes ? &a->od[i].routes[0].route : NULL;
            const cor_route *rb = b->od[i].routed && b->od[i].n_routes ? &b->od[i].routes[0].route : NULL;
            fputs("<h4 class=\"od\">", f);
            esc(f, cor_net_node(in->net_a, od->from)->name);
            fputs(" &rarr; ", f);
            esc(f, cor_net_node(in->net_a, od->to)->name);
            fprintf(f, ", %.0f t/year: ", od->tonnes_per_year);
            countries_text(f, ra);
            fputs(" / ", f);
            countries_text(f, rb);
            if (ra && rb)
                fprintf(f, " (%.1f h &rarr; %.1f h, %.2f &rarr; %.2f USD/t)", ra->hours, rb->hours,
                        ra->usd / in->opts->route.tonnes, rb->usd / in->opts->route.tonnes);
            fputs("</h4>\n<div>", f);
            tcd_svg(f, ra, rb, 0, in->opts->route.tonnes, in->name_a, in->name_b);
            tcd_svg(f, ra, rb, 1, in->opts->route.tonnes, in->name_a, in->name_b);
            fputs("</div>\n", f);
        }
        free(rk);
    }

    /* most loaded links */
    size_t nl = b->n_links;
    ranked *lk = malloc((nl ? nl : 1) * sizeof *lk);
    if (lk) {
        size_t m = 0;
        for (size_t i = 0; i < nl; i++)
            if (b->link_tonnes[i] > 0)
                lk[m++] = (ranked){b->link_tonnes[i], i};
        qsort(lk, m, sizeof *lk, by_t_desc);
        fputs("<h2>Most loaded links under B</h2>\n<table class=\"links\"><thead><tr><th>link"
              "</th><th>from</th><th>to</th><th>mode</th><th class=\"n\">t/year B</th><th "
              "class=\"n\">t/year A</th><th class=\"n\">capacity t/year</th><th class=\"n\">v/c"
              "</th></tr></thead><tbody>\n", f);
        for (size_t j = 0; j < m && j < 15; j++) {
            const cor_link *k = cor_net_link(in->net_b, (uint32_t)lk[j].i);
            fputs("<tr><td>", f);
            esc(f, k->id);
            fputs("</td><td>", f);
            esc(f, cor_net_node(in->net_b, k->from)->name);
            fputs("</td><td>", f);
            esc(f, cor_net_node(in->net_b, k->to)->name);
            fprintf(f, "</td><td>%s</td><td class=\"n\">%.0f</td><td class=\"n\">%.0f</td>",
                    cor_mode_name(k->mode), lk[j].t,
                    lk[j].i < a->n_links ? a->link_tonnes[lk[j].i] : 0);
            if (isnan(k->capacity_tpy) || k->capacity_tpy <= 0)
                fputs("<td class=\"n\">&ndash;</td><td class=\"n\">&ndash;</td></tr>\n", f);
            else
                fprintf(f, "<td class=\"n\">%.0f</td><td class=\"n\">%.2f</td></tr>\n",
                        k->capacity_tpy, lk[j].t / k->capacity_tpy);
        }
        fputs("</tbody></table>\n", f);
        free(lk);
    }

    if (in->appraisal)
        cor_appraisal_html(f, in->appraisal);

    /* assumptions */
    fputs("<h2>Assumptions</h2>\n<h3>Scenario A: ", f);
    esc(f, in->name_a);
    fputs("</h3>\n", f);
    scenario_texts(f, in->net_dir, in->name_a);
    fputs("<h3>Scenario B: ", f);
    esc(f, in->name_b);
    fputs("</h3>\n", f);
    scenario_texts(f, in->net_dir, in->name_b);
    fputs("<h3>Demand</h3>\n<table class=\"demand\"><thead><tr><th>from</th><th>to</th><th>"
          "commodity</th><th class=\"n\">t/year</th><th>source</th></tr></thead><tbody>\n", f);
    for (size_t i = 0; i < cor_demand_count(in->demand); i++) {
        const cor_od *od = cor_demand_od(in->demand, i);
        fputs("<tr><td>", f);
        esc(f, cor_net_node(in->net_a, od->from)->name);
        fputs("</td><td>", f);
        esc(f, cor_net_node(in->net_a, od->to)->name);
        fputs("</td><td>", f);
        esc(f, od->commodity);
        fprintf(f, "</td><td class=\"n\">%.0f</td><td>", od->tonnes_per_year);
        esc(f, od->source);
        fputs("</td></tr>\n", f);
    }
    fprintf(f, "</tbody></table>\n<p>Written by corridor %s. Every network record carries its "
               "source in the network files.</p>\n</body></html>",
            in->version ? in->version : "");
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
