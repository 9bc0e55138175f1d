/*
 * The server's request handling without sockets: srv_handle() on requests built here (the
 * query string split and percent-decoded as libmicrohttpd does), answers checked against the
 * hand-computed routes of tests/data/tiny/README.md, the simulated dwell figures of
 * tests/cli/test_simulate.sh and the documented errors of docs/server.md. libmicrohttpd is
 * never started.
 */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/server_int.h"

#define TINY_DIR "tests/data/tiny"
#define SIM_DIR "tests/data/sim"

static int hex(int c) { return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10; }

/* '+' to a space and %XX to its byte, in place. */
static void decode(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '+')
            *o++ = ' ';
        else if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
            *o++ = (char)(hex((unsigned char)s[1]) * 16 + hex((unsigned char)s[2]));
            s += 2;
        } else
            *o++ = *s;
    }
    *o = '\0';
}

typedef struct answer {
    unsigned status;
    json_t *json;     /* the body parsed, NULL when it is not JSON */
    char *file;
} answer;

/* Answers METHOD TARGET (path?query) with Host: localhost. */
static answer ask(cor_server *s, const char *method, const char *target)
{
    char buf[1024], *query;
    srv_kv args[32];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", target);
    if ((query = strchr(buf, '?'))) {
        *query++ = '\0';
        char *save = NULL;
        for (char *kv = strtok_r(query, "&", &save); kv && n < 32;
             kv = strtok_r(NULL, "&", &save)) {
            char *eq = strchr(kv, '=');
            if (eq)
                *eq++ = '\0', decode(eq);
            decode(kv);
            args[n++] = (srv_kv){kv, eq};
        }
    }
    decode(buf);
    srv_http h = {.method = method, .host = "localhost", .path = buf, .args = args, .n_args = n};
    srv_resp out = {0};
    srv_handle(s, &h, &out);
    answer a = {out.status, out.body ? json_loads(out.body, 0, NULL) : NULL, out.file};
    free(out.body);
    return a;
}

static void answer_free(answer *a)
{
    json_decref(a->json);
    free(a->file);
}

/* The answer is an error with this status, code and message. */
static void expect_error(cor_server *s, const char *target, unsigned status, const char *code,
                         const char *message)
{
    answer a = ask(s, "GET", target);
    if (a.status != status)
        fail_msg("%s: status %u, expected %u", target, a.status, status);
    assert_non_null(a.json);
    assert_string_equal(json_string_value(json_object_get(a.json, "code")), code);
    assert_string_equal(json_string_value(json_object_get(a.json, "message")), message);
    answer_free(&a);
}

static int setup(void **state)
{
    cor_server_opts o;
    cor_server_opts_default(&o);
    o.net_dir = TINY_DIR;
    o.allow_hosts = "localhost"; /* not bound: without it every Host would pass */
    cor_server *s = NULL;
    if (cor_server_new(&o, &s, NULL) != COR_OK)
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    cor_server_free(*state);
    return 0;
}

static void test_route_ok(void **state)
{
    cor_server *s = *state;
    /* via H by road: 100 km, 2 h, 20 USD, generalized 60 (tests/data/tiny/README.md) */
    answer a = ask(s, "GET", "/corridor/v1/route?from=Town+A&to=e");
    assert_int_equal(a.status, 200);
    json_t *total = json_object_get(a.json, "total");
    assert_true(json_real_value(json_object_get(total, "km")) == 100);
    assert_true(json_real_value(json_object_get(total, "hours")) == 2);
    assert_true(json_real_value(json_object_get(total, "usd")) == 20);
    assert_true(json_real_value(json_object_get(total, "objective")) == 60);
    json_t *legs = json_object_get(a.json, "legs");
    assert_int_equal(json_array_size(legs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(legs, 0), "link")), "L9");
    assert_string_equal(json_string_value(json_object_get(json_array_get(legs, 1), "link")), "L10");
    answer_free(&a);
    /* with avoid=XC: cost -> rail, 271.6 USD */
    a = ask(s, "GET", "/corridor/v1/route?from=A&to=E&avoid=xc&minimize=cost");
    assert_int_equal(a.status, 200);
    total = json_object_get(a.json, "total");
    assert_true(json_real_value(json_object_get(total, "usd")) == 271.6);
    answer_free(&a);
    a = ask(s, "GET", "/health");
    assert_int_equal(a.status, 200);
    assert_string_equal(json_string_value(json_object_get(a.json, "code")), "Ok");
    answer_free(&a);
    a = ask(s, "OPTIONS", "/corridor/v1/route");
    assert_int_equal(a.status, 204);
    answer_free(&a);
}

static void test_errors(void **state)
{
    cor_server *s = *state;
    expect_error(s, "/corridor/v1/route?from=A&to=E&minimize=fast", 400, "InvalidQuery",
                 "minimize: expected time, cost, distance or generalized, found \"fast\"");
    expect_error(s, "/corridor/v1/route?from=A&to=E&tonnes=2e6", 400, "InvalidQuery",
                 "tonnes: expected a number from 1e-06 to 1e+06, found \"2e6\"");
    expect_error(s, "/corridor/v1/route?from=A&to=E&modes=rail,,sea", 400, "InvalidQuery",
                 "modes: expected names separated by single commas, found an empty one in "
                 "\"rail,,sea\"");
    expect_error(s, "/corridor/v1/route?from=A&to=E&avoid=XQ", 400, "InvalidQuery",
                 "avoid: no node of the network is in country XQ");
    expect_error(s, "/corridor/v1/route?from=A&to=E&from=B", 400, "InvalidQuery",
                 "from: expected once, found more than once");
    expect_error(s, "/corridor/v1/route?from=A", 400, "InvalidQuery",
                 "to: expected a node name or id, found nothing");
    expect_error(s, "/corridor/v1/route?from=A&to=E&speed=1", 400, "InvalidQuery",
                 "speed: unknown parameter (expected from, to, via, scenario, alternatives, "
                 "minimize, vot, tonnes, modes, avoid, status, overlap, dwell, stage_scenario)");
    expect_error(s, "/corridor/v1/route?from=A&to=E&scenario=nope", 404, "NotFound",
                 "scenario: no scenario \"nope\" (the network has: base, close-h, "
                 "double-fees, fast-rail, faster-post, shortcut)");
    expect_error(s, "/no-such-page", 404, "NotFound", "no such file: /no-such-page");
    answer a = ask(s, "GET", "/corridor/v1/route?from=A&to=Nowhere");
    assert_int_equal(a.status, 404);
    assert_non_null(strstr(json_string_value(json_object_get(a.json, "message")),
                           "to: unknown node \"Nowhere\""));
    answer_free(&a);
    a = ask(s, "POST", "/corridor/v1/route?from=A&to=E");
    assert_int_equal(a.status, 405);
    assert_string_equal(json_string_value(json_object_get(a.json, "message")),
                        "method: expected GET or HEAD, found POST");
    answer_free(&a);
    a = ask(s, "GET", "/corridor/v1/route?from=A&to=%C3");
    assert_int_equal(a.status, 400);
    assert_string_equal(json_string_value(json_object_get(a.json, "message")),
                        "to: expected UTF-8 after percent-decoding");
    answer_free(&a);
}

static void test_host(void **state)
{
    cor_server *s = *state;
    srv_http h = {.method = "GET", .host = "evil.example", .path = "/health"};
    srv_resp out = {0};
    srv_handle(s, &h, &out);
    assert_int_equal(out.status, 403);
    assert_non_null(strstr(out.body, "Host: this server does not answer to that name (it "
                                     "accepts localhost; corridor serve --allow-host NAME "
                                     "adds one)"));
    free(out.body);
    h.host = "localhost:8080";
    out = (srv_resp){0};
    srv_handle(s, &h, &out);
    assert_int_equal(out.status, 200);
    free(out.body);
    h.busy = 1;
    out = (srv_resp){0};
    srv_handle(s, &h, &out);
    assert_int_equal(out.status, 503);
    free(out.body);
}

/* The simulated H -> E mean dwell of the default run, from the simulation itself. */
static double simulated_h_e(const cor_net *net)
{
    cor_sim_plan *plan = NULL;
    cor_sim_result *res = NULL;
    cor_sim_opts o;
    cor_sim_opts_default(&o);
    assert_int_equal(cor_sim_plan_load(net, NULL, NULL, &plan, NULL), COR_OK);
    assert_int_equal(cor_sim_run(plan, &o, &res, NULL), COR_OK);
    double h = NAN;
    for (size_t i = 0; i < res->n; i++)
        if (strcmp(cor_net_node(net, cor_sim_plan_post(plan, i)->from)->id, "H") == 0)
            h = res->posts[i].mean_dwell_h;
    cor_sim_result_free(res);
    cor_sim_plan_free(plan);
    return h;
}

static void test_simulated_dwell(void **state)
{
    cor_server *tiny = *state;
    cor_server_opts o;
    cor_server_opts_default(&o);
    o.net_dir = SIM_DIR;
    cor_server *s = NULL;
    assert_int_equal(cor_server_new(&o, &s, NULL), COR_OK);
    /* as `corridor route A E --minimize time --dwell simulated` (tests/cli/test_simulate.sh):
     * the simulated H -> E post makes the road via F-G fastest, 5.6 h */
    answer a = ask(s, "GET", "/corridor/v1/route?from=A&to=E&minimize=time&dwell=simulated");
    assert_int_equal(a.status, 200);
    assert_true(fabs(json_real_value(json_object_get(json_object_get(a.json, "total"), "hours")) -
                     5.6) < 1e-9);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(a.json, "query"), "dwell")),
        "simulated");
    answer_free(&a);
    /* via H: 0.5 + 0.5 h of links, 0.5 h at A-H (borders.csv) and the simulated H -> E mean */
    a = ask(s, "GET", "/corridor/v1/route?from=A&to=E&minimize=time&dwell=simulated&via=H");
    assert_int_equal(a.status, 200);
    double h_e = simulated_h_e(s->plain.net);
    assert_true(h_e > 0);
    assert_true(fabs(json_real_value(json_object_get(json_object_get(a.json, "total"), "hours")) -
                     (1.5 + h_e)) < 1e-9);
    answer_free(&a);
    /* joint customs (the stage file's "joint" rows): 4.6 h avoiding XC */
    a = ask(s, "GET", "/corridor/v1/route?from=A&to=E&minimize=time&avoid=XC&dwell=simulated"
                      "&stage_scenario=joint");
    assert_int_equal(a.status, 200);
    assert_true(fabs(json_real_value(json_object_get(json_object_get(a.json, "total"), "hours")) -
                     4.6) < 1e-9);
    answer_free(&a);
    expect_error(s, "/corridor/v1/route?from=A&to=E&stage_scenario=joint", 400, "InvalidQuery",
                 "stage_scenario: only with dwell=simulated");
    a = ask(s, "GET", "/corridor/v1/route?from=A&to=E&dwell=simulated&stage_scenario=nope");
    assert_int_equal(a.status, 400);
    assert_non_null(strstr(json_string_value(json_object_get(a.json, "message")),
                           "stage_scenario: border_stages.csv:"));
    answer_free(&a);
    cor_server_free(s);
    expect_error(tiny, "/corridor/v1/route?from=A&to=E&dwell=simulated", 400, "InvalidQuery",
                 "dwell: no simulated border posts: the network has no stage file (write "
                 "border_stages.csv, see docs/simulation.md)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_ok),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_host),
        cmocka_unit_test(test_simulated_dwell),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
