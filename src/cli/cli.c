/* corridor CLI: helpers shared by the subcommands (errors, network directory, loading,
 * atomic writes). Kept apart from main.c so that the fuzz targets can link the subcommands. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/afile.h"

#ifndef COR_DATADIR
#define COR_DATADIR "/usr/local/share/corridor"
#endif

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "corridor: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int is_dir_with_nodes(const char *dir)
{
    char path[PATH_MAX + 256];
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    return access(path, R_OK) == 0;
}

const char *cli_network_dir(const char *given)
{
    static char found[PATH_MAX + 64]; /* the CLI is single-threaded */
    if (given)
        return given;
    const char *env = getenv("CORRIDOR_NET");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        const char *rel[] = {"/../data/caucasus", "/../share/corridor/caucasus"};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            char path[PATH_MAX + 64];
            snprintf(path, sizeof path, "%s%s", exe, rel[i]);
            if (is_dir_with_nodes(path) && realpath(path, found))
                return found;
        }
    }
    snprintf(found, sizeof found, "%s/caucasus", COR_DATADIR);
    return found;
}

/* Why a network did not load, after its problems were printed. */
static void load_failed(const char *cmd, const char *dir, const char *scenario,
                        const cor_diags *d)
{
    size_t n = cor_diags_errors(d);
    if (scenario)
        cli_error(cmd, "cannot load the network in %s with scenario %s (%zu error%s)", dir,
                  scenario, n, n == 1 ? "" : "s");
    else
        cli_error(cmd, "cannot load the network in %s (%zu error%s; `corridor check %s` lists "
                       "%s)", dir, n, n == 1 ? "" : "s", dir, n == 1 ? "it" : "them");
}

cor_net *cli_load(const char *dir, const char *scenario)
{
    cor_diags *d = cor_diags_new();
    cor_net *net = NULL;
    if (!d) {
        cli_error(NULL, "out of memory");
        return NULL;
    }
    cor_status st = cor_net_load_scenario(dir, scenario, &net, d);
    cli_print_diags(d, 1);
    if (st != COR_OK)
        load_failed(NULL, dir, scenario, d);
    cor_diags_free(d);
    return net;
}

cor_net *cli_load_limited(const char *cmd, const char *dir, const cor_net_limits *lim)
{
    cor_diags *d = cor_diags_new();
    cor_net *net = NULL;
    if (!d) {
        cli_error(cmd, "out of memory");
        return NULL;
    }
    cor_status st = cor_net_load_limited(dir, lim, &net, d);
    cli_print_diags(d, 1);
    if (st != COR_OK && cor_net_check_sizes(dir, lim, NULL) != COR_OK)
        cli_error(cmd, "%s: a file over the cap for untrusted input (docs/security.md); for a "
                       "trusted network raise it with --max-file-mb, or build the snapshot "
                       "straight from the OpenStreetMap extract (corridor build FILE.osm.pbf "
                       "--profile P -o NET.cor)", dir);
    else if (st != COR_OK)
        load_failed(cmd, dir, NULL, d);
    cor_diags_free(d);
    return net;
}

int cli_parse_max_file_mb(const char *cmd, const char *arg, cor_net_limits *lim)
{
    char *end;
    errno = 0;
    long long mb = strtoll(arg, &end, 10);
    cor_err err = {0};
    if (end == arg || *end || errno) {
        cli_error(cmd, "--max-file-mb: expected a whole number of MiB, found \"%s\"", arg);
        return 0;
    }
    if (cor_net_limits_mb(lim, mb, &err) != COR_OK) {
        cli_error(cmd, "--max-file-mb: %s", err.msg);
        return 0;
    }
    return 1;
}

void cli_print_diags(const cor_diags *d, int errors_only)
{
    for (size_t i = 0; d && i < cor_diags_count(d); i++) {
        const cor_diag *it = cor_diags_get(d, i);
        if (errors_only && it->severity != COR_ERROR)
            continue;
        char buf[2048];
        cor_diag_format(it, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    }
}

int cli_write(const char *path, const char *text)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF || fflush(stdout) == EOF) {
            cli_error(NULL, "cannot write to standard output: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    cor_afile a;
    if (cor_afile_open(&a, path) != 0) {
        if (errno == ENXIO)
            cli_error(NULL, "cannot write %s: a FIFO that no process reads", path);
        else
            cli_error(NULL, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    if (fputs(text, a.f) == EOF || fputc('\n', a.f) == EOF || cor_afile_commit(&a) != 0) {
        cor_afile_abort(&a);
        cli_error(NULL, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}


void cli_bad_option(const char *cmd, char **argv)
{
    /* getopt leaves optind on "-zq" while it reports the 'z' of it, so argv[optind - 1] would
     * name the argument before: name a short option by its letter */
    if (optopt > 0 && optopt < 128 && isgraph(optopt))
        cli_error(cmd, "unknown or incomplete option \"-%c\" (see corridor %s --help)", optopt,
                  cmd);
    else
        cli_error(cmd, "unknown or incomplete option \"%s\" (see corridor %s --help)",
                  argv[optind - 1], cmd);
}

FILE *cli_text_open(cli_text *t, const char *cmd)
{
    t->buf = NULL;
    t->len = 0;
    t->f = open_memstream(&t->buf, &t->len);
    if (!t->f)
        cli_error(cmd, "out of memory");
    return t->f;
}

int cli_text_write(cli_text *t, const char *path)
{
    int failed = fclose(t->f) != 0 || !t->buf;
    if (!failed && t->len && t->buf[t->len - 1] == '\n')
        t->buf[t->len - 1] = '\0';
    int rc = failed ? -1 : cli_write(path, t->buf);
    if (failed)
        cli_error(NULL, "out of memory");
    free(t->buf);
    t->buf = NULL;
    return rc;
}

int cli_emit(const char *cmd, const char *path, char *json, void (*print)(FILE *, const void *),
             const void *ctx)
{
    if (json) {
        int rc = cli_write(path, json) == 0 ? EXIT_OK : EXIT_FAIL;
        free(json);
        return rc;
    }
    if (!path) {
        print(stdout, ctx);
        return EXIT_OK;
    }
    cli_text t;
    FILE *mem = cli_text_open(&t, cmd);
    if (!mem)
        return EXIT_FAIL;
    print(mem, ctx);
    return cli_text_write(&t, path) == 0 ? EXIT_OK : EXIT_FAIL;
}

/* The map page's directory with an index.html (realpath into buf), or NULL: web/ beside the executable (build/corridor ->
 * web/), else the installed one (PREFIX/bin/corridor -> PREFIX/share/corridor/web), else the
 * one of the install prefix the program was built for (a copied binary) */
const char *cli_web_dir(char buf[PATH_MAX])
{
    char exe[PATH_MAX] = "";
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[len > 0 ? len : 0] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    char dirs[3][PATH_MAX + 32];
    snprintf(dirs[0], sizeof dirs[0], "%s/../web", exe);
    snprintf(dirs[1], sizeof dirs[1], "%s/../share/corridor/web", exe);
    snprintf(dirs[2], sizeof dirs[2], "%s/web", COR_DATADIR);
    for (size_t i = len > 0 ? 0 : 2; i < 3; i++) {
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s/index.html", dirs[i]);
        if (access(probe, R_OK) == 0)
            return realpath(dirs[i], buf) ? buf : NULL;
    }
    return NULL;
}

int cli_net_parse(const char *cmd, const char *help, const char *allowed, int argc, char **argv,
                  cli_net_args *a)
{
    enum { O_NET = 256, O_JSON, O_SCENARIO, O_MAXMB, O_HELP };
    static const struct option longopts[] = {{"net", required_argument, NULL, O_NET},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"scenario", required_argument, NULL, O_SCENARIO},
                                             {"max-file-mb", required_argument, NULL, O_MAXMB},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    int c, index;
    memset(a, 0, sizeof *a);
    cor_net_limits_default(&a->lim);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, &index)) != -1) {
        if (c != '?' && c != O_HELP && !strstr(allowed, longopts[c - O_NET].name)) {
            cli_error(cmd, "--%s is not an option of %s", longopts[c - O_NET].name, cmd);
            return EXIT_USAGE;
        }
        switch (c) {
        case O_NET: a->dir = optarg; break;
        case O_JSON: a->json = 1; break;
        case O_SCENARIO: a->scenario = optarg; break;
        case O_MAXMB:
            if (!cli_parse_max_file_mb(cmd, optarg, &a->lim))
                return EXIT_USAGE;
            break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_bad_option(cmd, argv);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1 || (argc - optind == 1 && a->dir)) {
        cli_error(cmd, "expected at most one network directory");
        return EXIT_USAGE;
    }
    if (argc - optind == 1)
        a->dir = argv[optind];
    a->dir = cli_network_dir(a->dir);
    return -1;
}
