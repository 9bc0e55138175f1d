/*
 * Run history tests: SHA-256 against the FIPS 180-4 example vectors, saving and reading back a
 * run of tests/data/tiny, refusing databases it must not touch, and atomic saves (a failure
 * half-way, and a process killed half-way, leave the previous state).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "corridor/corridor.h"
#include "corridor/store.h"
#include "store/store_int.h"
#include "util/sha256.h"

#define TINY_DIR "tests/data/tiny"

static void sha_hex(const void *data, size_t n, char hex[65])
{
    cor_sha256 c;
    cor_sha256_init(&c);
    cor_sha256_update(&c, data, n);
    cor_sha256_hex(&c, hex);
}

/* FIPS 180-4 examples (NIST CSRC "Examples with intermediate values", SHA256.pdf and
 * SHA256_2.pdf), the empty message, and the one-million-'a' vector of FIPS 180-2 appendix B.3. */
static void test_sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    sha_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    sha_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* one million 'a', fed in uneven pieces so that blocks straddle update calls */
    char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    cor_sha256 c;
    cor_sha256_init(&c);
    size_t left = 1000000;
    for (size_t k = 1; left; k = k % (sizeof chunk - 7) + 7) {
        size_t n = k < left ? k : left;
        cor_sha256_update(&c, chunk, n);
        left -= n;
    }
    cor_sha256_hex(&c, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Padding boundaries: messages of 55, 56, 63, 64 and 65 bytes give different digests whether
 * fed whole or a byte at a time. */
static void test_sha256_boundaries(void **state)
{
    (void)state;
    unsigned char msg[130];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 37 + 11);
    size_t lens[] = {55, 56, 63, 64, 65, 119, 120, 128};
    for (size_t l = 0; l < sizeof lens / sizeof *lens; l++) {
        char whole[65], bytes[65];
        sha_hex(msg, lens[l], whole);
        cor_sha256 c;
        cor_sha256_init(&c);
        for (size_t i = 0; i < lens[l]; i++)
            cor_sha256_update(&c, msg + i, 1);
        cor_sha256_hex(&c, bytes);
        assert_string_equal(whole, bytes);
    }
    char hex[65];
    cor_err err;
    assert_int_equal(cor_sha256_file("/nonexistent/corridor", hex, &err), COR_ERR_IO);
}

typedef struct fixture {
    char dir[64], db[96];
    cor_net *net;
    cor_demand *demand;
    cor_freight_opts opts;
    cor_freight_result *result;
    cor_run_input inputs[2];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/corridor-store-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/runs.db", f->dir);
    assert_int_equal(cor_net_load(TINY_DIR, &f->net, NULL), COR_OK);
    assert_int_equal(cor_demand_load(f->net, TINY_DIR "/demand.csv", &f->demand, NULL), COR_OK);
    cor_freight_opts_default(&f->opts);
    cor_err err;
    assert_int_equal(cor_freight_assign(f->net, f->demand, &f->opts, &f->result, &err), COR_OK);
    f->inputs[0] = (cor_run_input){"network", TINY_DIR "/links.csv"};
    f->inputs[1] = (cor_run_input){"demand", TINY_DIR "/demand.csv"};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cor_freight_result_free(f->result);
    cor_demand_free(f->demand);
    cor_net_free(f->net);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static cor_run_spec spec_of(fixture *f)
{
    cor_run_spec s = {.command = "assign", .net_dir = TINY_DIR,
                      .demand_path = TINY_DIR "/demand.csv", .demand = f->demand,
                      .opts = &f->opts, .n_sides = 1, .inputs = f->inputs, .n_inputs = 2};
    s.sides[0] = (cor_run_side){NULL, NULL, f->net, f->result};
    return s;
}

static size_t run_count(cor_store *s)
{
    cor_run_summary *runs;
    size_t n;
    cor_err err;
    assert_int_equal(cor_store_list(s, &runs, &n, &err), COR_OK);
    cor_store_list_free(runs, n);
    return n;
}

static void test_save_list_get_delete(void **state)
{
    fixture *f = *state;
    cor_store *s;
    cor_err err;
    assert_int_equal(cor_store_open(f->db, 0, &s, &err), COR_ERR_NOTFOUND);
    assert_null(s);
    assert_int_equal(cor_store_open(f->db, 1, &s, &err), COR_OK);
    assert_int_equal(cor_store_schema_version(s), COR_STORE_SCHEMA_VERSION);
    cor_run_spec spec = spec_of(f);
    int64_t id1, id2;
    assert_int_equal(cor_store_save(s, &spec, &id1, &err), COR_OK);
    assert_int_equal(cor_store_save(s, &spec, &id2, &err), COR_OK);
    assert_true(id2 == id1 + 1);

    cor_run_summary *runs;
    size_t n;
    assert_int_equal(cor_store_list(s, &runs, &n, &err), COR_OK);
    assert_int_equal(n, 2);
    assert_string_equal(runs[0].command, "assign");
    assert_string_equal(runs[0].method, "aon");
    assert_string_equal(runs[0].minimize, "generalized");
    assert_string_equal(runs[0].scenarios, "");
    /* tiny's demand: 1000 t A->E and 500 t E->A, both routable */
    assert_true(runs[0].tonnes_total == 1500 && runs[0].tonnes_routed[0] == 1500);
    cor_store_list_free(runs, n);

    char *text;
    assert_int_equal(cor_store_get_json(s, id1, &text, &err), COR_OK);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(j);
    /* the checksum of demand.csv recomputed here, independently of the file's path */
    json_t *in = json_array_get(json_object_get(j, "inputs"), 1);
    char hex[65];
    assert_int_equal(cor_sha256_file(TINY_DIR "/demand.csv", hex, &err), COR_OK);
    assert_string_equal(json_string_value(json_object_get(in, "sha256")), hex);
    /* every link flow stored as computed */
    json_t *links = json_object_get(json_array_get(json_object_get(j, "sides"), 0), "links");
    size_t loaded = 0;
    for (uint32_t i = 0; i < f->result->n_links; i++)
        loaded += f->result->link_tonnes[i] != 0;
    assert_int_equal(json_array_size(links), loaded);
    json_decref(j);

    cor_link_flow *flows;
    assert_int_equal(cor_store_link_flows(s, id1, 0, &flows, &n, &err), COR_OK);
    assert_int_equal(n, loaded);
    for (size_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < f->result->n_links; k++)
            if (strcmp(cor_net_link(f->net, k)->id, flows[i].link) == 0)
                assert_true(flows[i].tonnes == f->result->link_tonnes[k]);
    cor_store_flows_free(flows, n);
    assert_int_equal(cor_store_link_flows(s, id1, 1, &flows, &n, &err), COR_ERR_NOTFOUND);
    /* every side: run 1 has one; a run saved with the same result as both sides has two */
    cor_link_flow *sides[2];
    size_t ns[2], n_sides;
    assert_int_equal(cor_store_run_flows(s, id1, sides, ns, &n_sides, &err), COR_OK);
    assert_true(n_sides == 1 && ns[0] == loaded && !sides[1] && ns[1] == 0);
    cor_store_flows_free(sides[0], ns[0]);
    cor_run_spec two = spec_of(f);
    two.command = "compare";
    two.n_sides = 2;
    two.sides[1] = two.sides[0];
    int64_t id3;
    assert_int_equal(cor_store_save(s, &two, &id3, &err), COR_OK);
    assert_int_equal(cor_store_run_flows(s, id3, sides, ns, &n_sides, &err), COR_OK);
    assert_true(n_sides == 2 && ns[0] == loaded && ns[1] == loaded);
    assert_string_equal(sides[0][0].link, sides[1][0].link);
    cor_store_flows_free(sides[0], ns[0]);
    cor_store_flows_free(sides[1], ns[1]);
    assert_int_equal(cor_store_delete(s, id3, &err), COR_OK);
    assert_int_equal(cor_store_run_flows(s, id3, sides, ns, &n_sides, &err), COR_ERR_NOTFOUND);
    assert_true(!sides[0] && !sides[1] && n_sides == 0);

    assert_int_equal(cor_store_delete(s, id1, &err), COR_OK);
    assert_int_equal(cor_store_delete(s, id1, &err), COR_ERR_NOTFOUND);
    assert_int_equal(cor_store_get_json(s, id1, &text, &err), COR_ERR_NOTFOUND);
    assert_int_equal(run_count(s), 1);
    /* the cascade left nothing of run 1 behind */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(cor_store_db(s),
                                        "SELECT (SELECT count(*) FROM run_link_flows WHERE run_id "
                                        "= ?1) + (SELECT count(*) FROM run_accounts WHERE run_id "
                                        "= ?1) + (SELECT count(*) FROM run_inputs WHERE run_id = "
                                        "?1)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id1);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    cor_store_close(s);
    cor_store_close(NULL);
}

static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_refuses_foreign_and_newer(void **state)
{
    fixture *f = *state;
    cor_store *s;
    cor_err err;
    char path[128];
    snprintf(path, sizeof path, "%s/other.db", f->dir);
    exec_sql(path, "CREATE TABLE t (x)");
    assert_int_equal(cor_store_open(path, 1, &s, &err), COR_ERR_INPUT);
    assert_non_null(strstr(err.msg, "expected a corridor run database"));

    snprintf(path, sizeof path, "%s/newer.db", f->dir);
    exec_sql(path, "PRAGMA user_version = 99");
    assert_int_equal(cor_store_open(path, 1, &s, &err), COR_ERR_INPUT);
    assert_non_null(strstr(err.msg, "schema version 99 is newer"));

    snprintf(path, sizeof path, "%s/text.db", f->dir);
    FILE *t = fopen(path, "w");
    fputs("from,to\nA,B\n this is not a database, but long enough to have a header ......\n", t);
    fclose(t);
    assert_int_equal(cor_store_open(path, 1, &s, &err), COR_ERR_IO);
    assert_non_null(strstr(err.msg, "expected an SQLite database"));
}

/* A save that fails half-way (here: a trigger refusing the second link flow) leaves the
 * database exactly as it was. */
static void test_failed_save_changes_nothing(void **state)
{
    fixture *f = *state;
    cor_store *s;
    cor_err err;
    assert_int_equal(cor_store_open(f->db, 1, &s, &err), COR_OK);
    cor_run_spec spec = spec_of(f);
    int64_t id;
    assert_int_equal(cor_store_save(s, &spec, &id, &err), COR_OK);
    char *before;
    assert_int_equal(cor_store_get_json(s, id, &before, &err), COR_OK);
    assert_int_equal(sqlite3_exec(cor_store_db(s),
                                  "CREATE TRIGGER boom BEFORE INSERT ON run_link_flows WHEN "
                                  "(SELECT count(*) FROM run_link_flows WHERE run_id = "
                                  "NEW.run_id) >= 1 BEGIN SELECT RAISE(ABORT, 'injected'); END",
                                  NULL, NULL, NULL), SQLITE_OK);
    int64_t id2 = -1;
    assert_int_equal(cor_store_save(s, &spec, &id2, &err), COR_ERR_IO);
    assert_non_null(strstr(err.msg, "cannot save the run"));
    assert_true(id2 == -1);
    assert_int_equal(run_count(s), 1);
    char *after;
    assert_int_equal(cor_store_get_json(s, id, &after, &err), COR_OK);
    assert_string_equal(before, after);
    free(before);
    free(after);
    cor_store_close(s);
}

static void crash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)ctx, (void)argc, (void)argv;
    _exit(42);
}

/* A database file is untrusted input: defensive mode on, schema functions untrusted. */
static void test_untrusted_file_settings(void **state)
{
    fixture *f = *state;
    cor_store *s;
    cor_err err;
    assert_int_equal(cor_store_open(f->db, 1, &s, &err), COR_OK);
    int defensive = -1, trusted = -1;
    sqlite3_db_config(cor_store_db(s), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    sqlite3_db_config(cor_store_db(s), SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted);
    assert_int_equal(defensive, 1);
    assert_int_equal(trusted, 0);
    /* defensive mode: the schema cannot be written directly */
    assert_int_not_equal(sqlite3_exec(cor_store_db(s), "PRAGMA writable_schema = ON; "
                                      "UPDATE sqlite_schema SET sql = 'x' WHERE 0",
                                      NULL, NULL, NULL), SQLITE_OK);
    cor_store_close(s);
}

/* A process killed in the middle of a save (the child dies inside the transaction, after the
 * run row and some flows are written) leaves the previous complete state. */
static void test_crash_mid_save(void **state)
{
    fixture *f = *state;
    cor_store *s;
    cor_err err;
    assert_int_equal(cor_store_open(f->db, 1, &s, &err), COR_OK);
    cor_run_spec spec = spec_of(f);
    int64_t id;
    assert_int_equal(cor_store_save(s, &spec, &id, &err), COR_OK);
    cor_store_close(s);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        cor_store *c;
        if (cor_store_open(f->db, 0, &c, &err) != COR_OK)
            _exit(1);
        sqlite3 *db = cor_store_db(c);
        sqlite3_create_function(db, "crash", 0, SQLITE_UTF8, NULL, crash, NULL, NULL);
        /* TEMP trigger: only this connection has it, so the database file stays untouched */
        sqlite3_exec(db,
                     "CREATE TEMP TRIGGER die AFTER INSERT ON main.run_link_flows WHEN "
                     "(SELECT count(*) FROM main.run_link_flows WHERE run_id = NEW.run_id) >= 2 "
                     "BEGIN SELECT crash(); END",
                     NULL, NULL, NULL);
        int64_t x;
        cor_store_save(c, &spec, &x, &err);
        _exit(0); /* not reached when the trigger fired */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 42);
    assert_int_equal(cor_store_open(f->db, 0, &s, &err), COR_OK);
    assert_int_equal(run_count(s), 1);
    /* and the next save works and gets the next id */
    int64_t id2;
    assert_int_equal(cor_store_save(s, &spec, &id2, &err), COR_OK);
    assert_int_equal(run_count(s), 2);
    cor_store_close(s);
}

/* cor_store_list_print() and cor_store_run_print(): the text of `corridor runs` and `runs show`
 * (keys missing from a run's JSON print as "(none)" and 0) */
static void test_run_text(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cor_run_summary r = {.id = 7, .saved_utc = "2026-01-02T03:04:05Z", .command = "compare",
                         .scenarios = "base vs tripp", .method = "aon", .minimize = "time",
                         .tonnes_total = 1500, .tonnes_routed = {1200, 1499.6}, .n_sides = 2};
    cor_store_list_print(f, NULL, 0, "x.db");
    cor_store_list_print(f, &r, 1, "x.db");
    assert_int_equal(cor_store_run_print(f, "{\"id\": 3, \"command\": \"assign\", \"sides\": "
                                            "[{\"scenario\": null, \"tonnes_routed\": 10.4, "
                                            "\"tonnes_unrouted\": 0.0, \"countries\": "
                                            "[{\"country\": \"GE\", \"transit_tonnes\": 5.0, "
                                            "\"fees_usd\": 2.75}], \"links\": [1, 2]}]}"),
                     COR_OK);
    assert_int_equal(cor_store_run_print(f, "{\"id\": "), COR_ERR_INPUT);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf,
        "no runs in x.db\n"
        "  id  saved (UTC)           command  scenario(s)                   "
        "method  minimize     tonnes routed / total\n"
        "   7  2026-01-02T03:04:05Z  compare  base vs tripp                 "
        "aon     time         1200 | 1500 / 1500\n"
        "run 3: corridor assign, (none) (corridor (none))\n"
        "started (none); network (none); demand (none)\n"
        "method (none), minimize (none), VOT 0 USD/t/h, shipment 0 t, dwell (none)\n"
        "\n"
        "inputs (SHA-256):\n"
        "\n"
        "(no scenario): 10 t/y routed, 0 unrouted\n"
        "  country    transit t/y     fees USD/y\n"
        "  GE                   5              3\n"
        "  2 links carry flow\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_boundaries),
        cmocka_unit_test(test_run_text),
        cmocka_unit_test_setup_teardown(test_save_list_get_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_foreign_and_newer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_save_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_untrusted_file_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crash_mid_save, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
