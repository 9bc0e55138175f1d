/* corridor CLI: the plugins (lib/corridor/NAME.so) holding the modules that need
 * libmicrohttpd, SQLite, libpq or libreadosm, dlopen'd only by the commands that use them, so
 * that `corridor route` starts without loading those libraries and their dependencies. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#ifndef COR_PLUGINDIR
#define COR_PLUGINDIR "/usr/local/lib/corridor"
#endif

/* which plugin holds which command (the Makefile's PLUGIN_SRC_* say which files go in each) */
static const struct {
    const char *command, *plugin;
} plugin_of[] = {
    {"serve", "server"}, {"runs", "store"}, {"export", "pg"}, {"import", "osm"},
    {"sweep", "sweep"},
};

/* Opens lib/corridor/NAME.so: installed, PREFIX/bin/corridor finds PREFIX/lib/corridor; in
 * the build tree, build/corridor finds build/lib/corridor; a copied binary, the install
 * prefix it was built for. The CLI is single-threaded: the handles are kept for its run. */
static void *plugin_open(const char *name)
{
    static struct {
        const char *name;
        void *handle;
    } opened[8];
    static size_t n_opened;
    for (size_t i = 0; i < n_opened; i++)
        if (strcmp(opened[i].name, name) == 0)
            return opened[i].handle;
    char exe[PATH_MAX], path[PATH_MAX + 128];
    const char *dirs[3] = {NULL, NULL, COR_PLUGINDIR};
    char up[PATH_MAX + 32], here[PATH_MAX + 32];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(up, sizeof up, "%s/../lib/corridor", exe);
        snprintf(here, sizeof here, "%s/lib/corridor", exe);
        dirs[0] = up;
        dirs[1] = here;
    }
    void *h = NULL;
    const char *why = NULL;
    for (size_t i = 0; i < 3 && !h; i++) {
        if (!dirs[i])
            continue;
        snprintf(path, sizeof path, "%s/%s.so", dirs[i], name);
        if (access(path, R_OK) != 0)
            continue;
        h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!h)
            why = dlerror();
    }
    if (!h) {
        if (why)
            cli_error(NULL, "cannot load the %s plugin: %s", name, why);
        else
            cli_error(NULL, "cannot find the %s plugin %s.so in %s/../lib/corridor, %s or %s",
                      name, name, len > 0 ? exe : "(unknown)", here, COR_PLUGINDIR);
        return NULL;
    }
    if (n_opened < sizeof opened / sizeof *opened) {
        opened[n_opened].name = name;
        opened[n_opened++].handle = h;
    }
    return h;
}

void *cli_plugin_sym(const char *plugin, const char *sym)
{
    void *h = plugin_open(plugin);
    if (!h)
        return NULL;
    void *p = dlsym(h, sym);
    if (!p)
        cli_error(NULL, "the %s plugin has no %s: %s", plugin, sym, dlerror());
    return p;
}

int (*cli_plugin_command(const char *command))(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof plugin_of / sizeof *plugin_of; i++) {
        if (strcmp(plugin_of[i].command, command) != 0)
            continue;
        char sym[64];
        snprintf(sym, sizeof sym, "cmd_%s", command);
        int (*run)(int, char **);
        void *p = cli_plugin_sym(plugin_of[i].plugin, sym);
        /* POSIX: a dlsym() result converts to a function pointer this way */
        memcpy(&run, &p, sizeof run);
        return p ? run : NULL;
    }
    cli_error(NULL, "no plugin holds the command %s", command);
    return NULL;
}
