/* corridor: command line entry point; dispatches to the subcommands. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#ifndef COR_DATADIR
#define COR_DATADIR "/usr/local/share/corridor"
#endif

static const char usage[] =
    "usage: corridor <command> [options]\n"
    "\n"
    "Plans and analyses multimodal freight corridors (bundled network: the South Caucasus).\n"
    "\n"
    "commands:\n"
    "  route FROM TO      best route and alternatives between two nodes\n"
    "  route NET.cor --from LAT,LON --to LAT,LON   fastest/shortest path between points\n"
    "  build NET -o NET.cor   routing snapshot with contraction hierarchies\n"
    "  table NET.cor --coords FILE   many-to-many times or distances\n"
    "  check [DIR]        validate a network directory; lists every problem\n"
    "  info [DIR]         counts by mode, status and country\n"
    "  import osm FILE    import an OpenStreetMap extract into a network directory\n"
    "  help [COMMAND]     this text, or a command's options\n"
    "  version            the version\n"
    "\n"
    "The network is DIR, or --net DIR, or $CORRIDOR_NET, or the bundled data/caucasus.\n"
    "Exit status: 0 success, 1 failure (bad data, no route, unknown node), 2 bad usage.\n"
    "Documentation: README.md and docs/ (network-format.md, routing.md, json.md, osm.md, ch.md).\n";

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
    static char found[PATH_MAX + 64];
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
            snprintf(found, sizeof found, "%s%s", exe, rel[i]);
            if (is_dir_with_nodes(found))
                return found;
        }
    }
    snprintf(found, sizeof found, "%s/caucasus", COR_DATADIR);
    return found;
}

cor_net *cli_load(const char *dir)
{
    cor_diags *d = cor_diags_new();
    cor_net *net = NULL;
    if (!d) {
        cli_error(NULL, "out of memory");
        return NULL;
    }
    cor_status st = cor_net_load(dir, &net, d);
    for (size_t i = 0; i < cor_diags_count(d); i++) {
        const cor_diag *it = cor_diags_get(d, i);
        if (it->severity != COR_ERROR)
            continue;
        char buf[2048];
        cor_diag_format(it, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    }
    if (st != COR_OK)
        cli_error(NULL, "cannot load the network in %s (%zu errors; `corridor check %s` lists "
                        "them)", dir, cor_diags_errors(d), dir);
    cor_diags_free(d);
    return net;
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
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= sizeof tmp) {
        cli_error(NULL, "%s: path too long", path);
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error(NULL, "cannot create %s: %s", tmp, strerror(errno));
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    int ok = f && fputs(text, f) != EOF && fputc('\n', f) != EOF && fflush(f) == 0 &&
             fsync(fileno(f)) == 0;
    int err = errno;
    if (f)
        ok &= fclose(f) == 0;
    else
        close(fd);
    if (!ok || rename(tmp, path) != 0) {
        err = ok ? errno : err;
        unlink(tmp);
        cli_error(NULL, "cannot write %s: %s", path, strerror(err));
        return -1;
    }
    return 0;
}

/* One row per subcommand: adding a command is adding a row (and a line to `usage`). */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"route", cmd_route},
    {"check", cmd_check},
    {"info", cmd_info},
    {"import", cmd_import},
    {"build", cmd_build},
    {"table", cmd_table},
};

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    const struct command *c = find_command(cmd);
    if (c)
        return c->run(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("corridor %s\n", CORRIDOR_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        if (argc > 2 && (c = find_command(argv[2]))) {
            char *args[] = {argv[2], "--help", NULL};
            return c->run(2, args);
        }
        fputs(usage, stdout);
        return EXIT_OK;
    }
    cli_error(NULL, "unknown command \"%s\"", cmd);
    fputs(usage, stderr);
    return EXIT_USAGE;
}
