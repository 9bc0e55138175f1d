/* `corridor runs`: the run history saved with --save (list, show, delete). Option parsing and
 * printing only; the store is src/store/. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "corridor/store.h"

static int parse_id(const char *s, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0) {
        cli_error("runs", "expected a run id (a whole number > 0), found \"%s\"", s);
        return 0;
    }
    *id = v;
    return 1;
}

int cmd_runs(int argc, char **argv)
{
    enum { O_DB = 256, O_JSON, O_HELP };
    static const struct option longopts[] = {{"db", required_argument, NULL, O_DB},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_JSON: json = 1; break;
        case O_HELP: fputs(cli_help_runs, stdout); return EXIT_OK;
        default:
            cli_error("runs", "unknown or incomplete option \"%s\" (see corridor runs --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    const char *action = optind < argc ? argv[optind] : "list";
    int64_t id = 0;
    int nargs = argc - optind;
    if (strcmp(action, "show") == 0 || strcmp(action, "delete") == 0) {
        if (nargs != 2) {
            cli_error("runs", "%s: expected one run id, found %d argument%s", action, nargs - 1,
                      nargs - 1 == 1 ? "" : "s");
            return EXIT_USAGE;
        }
        if (!parse_id(argv[optind + 1], &id))
            return EXIT_USAGE;
    } else if (strcmp(action, "list") != 0 || nargs > 1) {
        cli_error("runs", "expected list, show ID or delete ID, found \"%s\"", action);
        return EXIT_USAGE;
    }
    cor_store *s = NULL;
    cor_err err;
    if (!db)
        db = cli_default_db(0);
    if (cor_store_open(db, 0, &s, &err) != COR_OK) {
        cli_error("runs", "%s", err.msg);
        return EXIT_FAIL;
    }
    int rc = EXIT_FAIL;
    if (strcmp(action, "list") == 0) {
        cor_run_summary *runs;
        size_t n;
        if (cor_store_list(s, &runs, &n, &err) != COR_OK) {
            cli_error("runs", "%s", err.msg);
            goto out;
        }
        if (json) {
            char *text = cor_store_list_json(runs, n);
            rc = text && cli_write(NULL, text) == 0 ? EXIT_OK : EXIT_FAIL;
            free(text);
        } else {
            cor_store_list_print(stdout, runs, n, db);
            rc = EXIT_OK;
        }
        cor_store_list_free(runs, n);
    } else if (strcmp(action, "show") == 0) {
        char *text;
        if (cor_store_get_json(s, id, &text, &err) != COR_OK) {
            cli_error("runs", "%s in %s", err.msg, db);
            goto out;
        }
        if (json) {
            rc = cli_write(NULL, text) == 0 ? EXIT_OK : EXIT_FAIL;
        } else {
            rc = cor_store_run_print(stdout, text) == COR_OK ? EXIT_OK : EXIT_FAIL;
        }
        free(text);
    } else {
        if (cor_store_delete(s, id, &err) != COR_OK) {
            cli_error("runs", "%s in %s", err.msg, db);
            goto out;
        }
        printf("deleted run %lld from %s\n", (long long)id, db);
        rc = EXIT_OK;
    }
out:
    cor_store_close(s);
    return rc;
}
