/* `--save [DB]` of assign and compare: gathers a run's input files and hands the run to the
 * store (src/store/); the CLI only collects what the library needs and prints the outcome. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "corridor/store.h"

/* The files of a run: the network's tables, each scenario's files (with what it inherits),
 * the demand. Paths point into bufs or the scenarios, which must outlive the inputs. */
enum { MAX_INPUTS = 64 };

/* The run history is in the store plugin (SQLite), loaded only by a run that saves; where the
 * store is linked in (corridor-mpi) it is called as is. */
#pragma weak cor_store_open
#pragma weak cor_store_save
#pragma weak cor_store_close
typedef struct store_fns {
    __typeof__(cor_store_open) *open;
    __typeof__(cor_store_save) *save;
    __typeof__(cor_store_close) *close;
} store_fns;

/* 0 after printing why the store cannot be loaded */
static int store_load(store_fns *f)
{
    *f = (store_fns){cor_store_open, cor_store_save, cor_store_close};
    if (f->open && f->save && f->close)
        return 1;
    void *p[3] = {cli_plugin_sym("store", "cor_store_open"),
                  cli_plugin_sym("store", "cor_store_save"),
                  cli_plugin_sym("store", "cor_store_close")};
    if (!p[0] || !p[1] || !p[2])
        return 0;
    /* POSIX: a dlsym() result converts to a function pointer this way */
    memcpy(&f->open, &p[0], sizeof f->open);
    memcpy(&f->save, &p[1], sizeof f->save);
    memcpy(&f->close, &p[2], sizeof f->close);
    return 1;
}

int cli_save_run(const cli_run *run) { return cli_save_run_appraisal(run, NULL); }

int cli_save_run_appraisal(const cli_run *run, const char *appraisal_json)
{
    static const char *const tables[] = {"nodes.csv",     "links.csv",     "borders.csv",
                                         "transfers.csv", "projects.csv", "emissions.csv"};
    size_t n_tables = appraisal_json ? 6 : 4; /* an appraisal also rests on its cost tables */
    char paths[6][PATH_MAX + 32];
    char demand_path[PATH_MAX + 32];
    cor_run_input inputs[MAX_INPUTS];
    size_t n = 0;
    for (size_t i = 0; i < n_tables; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", run->net_dir, tables[i]);
        if (i < 4 || access(paths[i], F_OK) == 0)
            inputs[n++] = (cor_run_input){"network", paths[i]};
    }
    cor_scenario *sc[2] = {NULL, NULL};
    cor_store *store = NULL;
    store_fns fn = {0};
    int rc = -1;
    for (size_t s = 0; s < run->n_sides; s++) {
        if (!run->scenarios[s])
            continue;
        cor_diags *d = cor_diags_new();
        cor_status st = d ? cor_scenario_load(run->net_dir, run->scenarios[s], &sc[s], d)
                          : COR_ERR_NOMEM;
        cor_diags_free(d);
        if (st != COR_OK) {
            cli_error(run->cmd, "--save: cannot read scenario %s again", run->scenarios[s]);
            goto out;
        }
        for (size_t f = 0; f < cor_scenario_file_count(sc[s]) && n < MAX_INPUTS - 1; f++)
            inputs[n++] = (cor_run_input){"scenario", cor_scenario_file(sc[s], f)};
    }
    if (run->demand_path)
        snprintf(demand_path, sizeof demand_path, "%s", run->demand_path);
    else
        snprintf(demand_path, sizeof demand_path, "%s/demand.csv", run->net_dir);
    inputs[n++] = (cor_run_input){"demand", demand_path};

    cor_run_spec spec = {.command = run->cmd, .started = run->started, .net_dir = run->net_dir,
                         .demand_path = demand_path, .demand = run->demand, .opts = run->opts,
                         .n_sides = run->n_sides, .inputs = inputs, .n_inputs = n,
                         .appraisal_json = appraisal_json};
    for (size_t s = 0; s < run->n_sides; s++)
        spec.sides[s] = (cor_run_side){run->scenarios[s],
                                       sc[s] ? cor_scenario_chain(sc[s]) : NULL, run->nets[s],
                                       run->results[s]};
    cor_err err;
    int64_t id;
    if (!store_load(&fn))
        goto out;
    if (fn.open(run->db, 1, &store, &err) != COR_OK ||
        fn.save(store, &spec, &id, &err) != COR_OK) {
        cli_error(run->cmd, "--save: %s", err.msg);
        goto out;
    }
    fprintf(stderr, "corridor: %s: saved run %lld in %s\n", run->cmd, (long long)id, run->db);
    rc = 0;
out:
    if (store)
        fn.close(store);
    cor_scenario_free(sc[0]);
    cor_scenario_free(sc[1]);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

const char *cli_save_db(int compare, int argc, char **argv)
{
    extern char *optarg;
    extern int optind;
    if (optarg)
        return optarg;
    if (optind < argc && argv[optind][0] != '-' &&
        (!compare || ends_with(argv[optind], ".db") || ends_with(argv[optind], ".sqlite") ||
         ends_with(argv[optind], ".sqlite3")))
        return argv[optind++];
    return cli_default_db(1);
}

const char *cli_default_db(int create)
{
    static char path[PATH_MAX];
    const char *env = getenv("CORRIDOR_DB"), *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (env && *env)
        return env;
    char dir[PATH_MAX - 16];
    if (xdg && *xdg == '/')
        snprintf(dir, sizeof dir, "%s/corridor", xdg);
    else
        snprintf(dir, sizeof dir, "%s/.local/share/corridor", home && *home ? home : ".");
    if (create) { /* each missing level, as mkdir -p */
        for (char *p = dir + 1; *p; p++)
            if (*p == '/') {
                *p = '\0';
                mkdir(dir, 0777);
                *p = '/';
            }
        mkdir(dir, 0777);
    }
    snprintf(path, sizeof path, "%s/runs.db", dir);
    return path;
}
