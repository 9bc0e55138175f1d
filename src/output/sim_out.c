/* Simulation output: a table per simulated post, and JSON (keys in docs/simulation.md). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/sim.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

static const char *arrivals_name(cor_sim_arrivals a)
{
    return a == COR_ARRIVALS_REGULAR ? "regular" : "poisson";
}

void cor_sim_print(FILE *f, const cor_net *net, const cor_sim_plan *plan, const cor_sim_opts *o,
                   const cor_sim_result *res)
{
    fprintf(f, "Posts simulated: scenario %s, seed %llu, %u replication%s of %g days after "
            "%g day%s of warm-up; +- is the half-width of the 95%% confidence interval.\n",
            cor_sim_plan_scenario(plan), (unsigned long long)o->seed, o->replications,
            o->replications == 1 ? "" : "s", o->run_days, o->warmup_days,
            o->warmup_days == 1 ? "" : "s");
    for (size_t i = 0; i < res->n; i++) {
        const cor_sim_post *p = cor_sim_plan_post(plan, i);
        const cor_sim_post_result *r = &res->posts[i];
        const cor_node *a = cor_net_node(net, p->from), *b = cor_net_node(net, p->to);
        if (p->terminal)
            fprintf(f, "\n%s (%s) terminal, %s, scenario %s: %.1f vehicles/day (%s)\n", a->name,
                    a->id, cor_mode_name(p->mode), p->scenario, p->arrivals_per_day,
                    arrivals_name(p->arrivals));
        else
            fprintf(f, "\n%s (%s) -> %s (%s), %s, scenario %s: %.1f vehicles/day (%s)\n",
                    a->name, a->id, b->name, b->id, cor_mode_name(p->mode), p->scenario,
                    p->arrivals_per_day, arrivals_name(p->arrivals));
        const cor_border *bd = p->border >= 0 ? cor_net_border(net, (uint32_t)p->border) : NULL;
        const cor_transfer *tr = p->terminal ? cor_net_transfer(net, p->transfer) : NULL;
        fprintf(f, "  dwell h     mean %.2f +- %.2f   p50 %.2f   p95 %.2f", r->mean_dwell_h,
                r->mean_dwell_ci_h, r->p50_dwell_h, r->p95_dwell_h);
        if (bd)
            fprintf(f, "   (borders.csv: %.2f)", bd->dwell_h);
        if (tr)
            fprintf(f, "   (transfers.csv: %.2f)", tr->hours);
        fprintf(f, "\n  throughput  %.1f +- %.1f vehicles/day; bottleneck utilisation %.1f%%; "
                "%zu vehicles measured\n", r->throughput_per_day, r->throughput_ci_per_day,
                100 * r->utilisation, r->vehicles);
        if (!r->stable)
            fputs("  UNSTABLE: a stage gets more work than its servers can do (offered load "
                  ">= 1); its queue grows for as long as the run lasts\n", f);
        fprintf(f, "  %-2s %-32s %7s %-14s %8s %6s %6s %8s %8s %8s\n", "#", "stage", "servers",
                "distribution", "mean_h", "load", "util", "queue", "wait_h", "theory");
        for (size_t s = 0; s < p->n_stages; s++) {
            const cor_sim_stage *st = &p->stages[s];
            const cor_sim_stage_result *sr = &r->stages[s];
            char dist[32];
            if (st->dist == COR_DIST_LOGNORMAL)
                snprintf(dist, sizeof dist, "lognormal %.2g", st->cv);
            else if (st->dist == COR_DIST_ERLANG)
                snprintf(dist, sizeof dist, "erlang-%d", st->k);
            else
                snprintf(dist, sizeof dist, "%s", cor_sim_dist_name(st->dist));
            fprintf(f, "  %-2zu %-32.32s %7d %-14s %8.3f %6.3f %6.3f %8.2f %8.2f %8.2f\n",
                    s + 1, st->name, st->servers, dist, st->mean_h, sr->offered_load,
                    sr->utilisation, sr->mean_queue, sr->mean_wait_h, sr->approx_wait_h);
        }
    }
}

/* A number, or null when it is not finite. */
static json_t *real(double v) { return isfinite(v) ? json_real(v) : json_null(); }

char *cor_sim_json(const cor_net *net, const cor_sim_plan *plan, const cor_sim_opts *o,
                   const cor_sim_result *res)
{
    json_t *posts = json_array();
    json_t *root = json_pack("{s:s, s:s, s:I, s:i, s:f, s:f, s:f, s:o}", "network",
                             cor_net_dir(net), "scenario", cor_sim_plan_scenario(plan), "seed",
                             (json_int_t)o->seed, "replications", (int)o->replications,
                             "warmup_days", o->warmup_days, "run_days", o->run_days,
                             "confidence", 0.95, "posts", posts);
    if (!root)
        return NULL;
    for (size_t i = 0; i < res->n; i++) {
        const cor_sim_post *p = cor_sim_plan_post(plan, i);
        const cor_sim_post_result *r = &res->posts[i];
        const cor_border *bd = p->border >= 0 ? cor_net_border(net, (uint32_t)p->border) : NULL;
        const cor_transfer *tr = p->terminal ? cor_net_transfer(net, p->transfer) : NULL;
        json_t *stages = json_array();
        json_t *post = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
            "s:o, s:o, s:I, s:b, s:o, s:o, s:s, s:o, s:s}",
            "node", cor_net_node(net, p->from)->id, "node_name", cor_net_node(net, p->from)->name,
            "to_node", cor_net_node(net, p->to)->id, "to_name", cor_net_node(net, p->to)->name,
            "mode", cor_mode_name(p->mode), "scenario", p->scenario, "arrivals_per_day",
            p->arrivals_per_day, "arrival_process", arrivals_name(p->arrivals), "mean_dwell_h",
            real(r->mean_dwell_h), "mean_dwell_ci95_h", real(r->mean_dwell_ci_h), "p50_dwell_h",
            real(r->p50_dwell_h), "p50_dwell_ci95_h", real(r->p50_dwell_ci_h), "p95_dwell_h",
            real(r->p95_dwell_h), "p95_dwell_ci95_h", real(r->p95_dwell_ci_h), "utilisation",
            real(r->utilisation), "mean_queue", real(r->mean_queue), "throughput_per_day",
            real(r->throughput_per_day), "throughput_ci95_per_day",
            real(r->throughput_ci_per_day), "vehicles", (json_int_t)r->vehicles, "stable",
            r->stable, "file_dwell_h",
            bd ? real(bd->dwell_h) : tr ? real(tr->hours) : json_null(), "file_dwell_p95_h",
            bd ? real(bd->dwell_p95_h) : json_null(), "source", p->source, "stages", stages,
            "kind", p->terminal ? "terminal" : "border");
        if (!post || json_array_append_new(posts, post)) {
            json_decref(root);
            return NULL;
        }
        for (size_t s = 0; s < p->n_stages; s++) {
            const cor_sim_stage *st = &p->stages[s];
            const cor_sim_stage_result *sr = &r->stages[s];
            json_t *js = json_pack(
                "{s:i, s:s, s:i, s:s, s:f, s:o, s:o, s:f, s:f, s:f, s:f, s:o}", "stage", (int)s + 1,
                "name", st->name, "servers", st->servers, "distribution",
                cor_sim_dist_name(st->dist), "mean_h", st->mean_h, "cv",
                st->dist == COR_DIST_LOGNORMAL ? json_real(st->cv) : json_null(), "k",
                st->dist == COR_DIST_ERLANG ? json_integer(st->k) : json_null(), "offered_load",
                sr->offered_load, "utilisation", sr->utilisation, "mean_queue", sr->mean_queue,
                "mean_wait_h", sr->mean_wait_h, "approx_wait_h", real(sr->approx_wait_h));
            if (!js || json_array_append_new(stages, js)) {
                json_decref(root);
                return NULL;
            }
        }
    }
    char *text = json_dumps(root, JSON_FLAGS);
    json_decref(root);
    return text;
}
