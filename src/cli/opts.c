/* Options shared by the commands that route: route, assign, compare. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cli_parse_num(const char *cmd, const char *opt, const char *s, double min, double *out)
{
    return cli_parse_range(cmd, opt, s, min, INFINITY, out);
}

int cli_parse_range(const char *cmd, const char *opt, const char *s, double min, double max,
                    double *out)
{
    cor_err err;
    if (cor_number_parse(s, min, max, 0, out, &err) != COR_OK) {
        cli_error(cmd, "%s: %s", opt, err.msg);
        return 0;
    }
    return 1;
}

int cli_parse_whole(const char *cmd, const char *opt, const char *s, double min, double max,
                    double *out)
{
    cor_err err;
    if (cor_number_parse(s, min, max, 1, out, &err) != COR_OK) {
        cli_error(cmd, "%s: %s", opt, err.msg);
        return 0;
    }
    return 1;
}

int cli_parse_pos(const char *cmd, const char *opt, const char *s, double *out)
{
    cor_err err;
    double v;
    if (cor_number_parse(s, 0, INFINITY, 0, &v, &err) != COR_OK || v == 0) {
        cli_error(cmd, "%s: expected a number > 0, found \"%s\"", opt, s);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_route_set(const char *cmd, const char *opt, const char *s, cor_route_opts *o)
{
    cor_err err;
    if (cor_route_opts_set(o, NULL, opt + 2, s, &err) != COR_OK) {
        cli_error(cmd, "%s: %s", opt, err.msg);
        return 0;
    }
    return 1;
}

int cli_check_avoid(const char *cmd, const cor_net *net, const cor_route_opts *o)
{
    cor_err err;
    if (cor_route_opts_check(o, net, &err) != COR_OK) {
        cli_error(cmd, "--avoid: %s", err.msg);
        return 0;
    }
    return 1;
}

int cli_no_simulated_dwell(const char *cmd, const cor_route_opts *o)
{
    if (o->dwell != COR_DWELL_SIMULATED)
        return 1;
    cli_error(cmd, "--dwell: simulated applies to corridor route only; expected mean or p95");
    return 0;
}

int cli_route_opt(const char *cmd, int c, const char *arg, cor_route_opts *o)
{
    static const char *const names[] = {"--minimize", "--vot", "--tonnes", "--modes", "--avoid",
                                        "--status", "--overlap", "--dwell"};
    if (c < CLI_O_MINIMIZE || c > CLI_O_DWELL)
        return 0;
    return cli_route_set(cmd, names[c - CLI_O_MINIMIZE], arg, o) ? 1 : -1;
}

const char *cli_opt_key(const char *opt, char *buf, size_t size)
{
    snprintf(buf, size, "%s", opt);
    for (char *p = buf; *p; p++)
        if (*p == '-')
            *p = '_';
    return buf;
}

int cli_freight_opt(const char *cmd, int c, const char *arg, cor_freight_opts *o)
{
    static const char *const names[] = {"method", "routes", "theta", "gap", "max-iter"};
    if (c < CLI_O_METHOD || c > CLI_O_MAX_ITER)
        return cli_route_opt(cmd, c, arg, &o->route);
    char key[32];
    cor_err err;
    if (cor_freight_opts_set(o, NULL, cli_opt_key(names[c - CLI_O_METHOD], key, sizeof key), arg,
                             &err) == COR_OK)
        return 1;
    cli_error(cmd, "--%s: %s", names[c - CLI_O_METHOD], err.msg);
    return -1;
}

/* The name of argv[i] when it is --NAME or --NAME=VALUE of names, else NULL; *eq: the '=' */
static const char *match(const char *arg, const char *const *names, const char **eq)
{
    if (strncmp(arg, "--", 2) != 0)
        return NULL;
    for (size_t k = 0; names[k]; k++) {
        size_t len = strlen(names[k]);
        if (strncmp(arg + 2, names[k], len) == 0 && (arg[2 + len] == '=' || !arg[2 + len])) {
            *eq = arg[2 + len] ? arg + 2 + len : NULL;
            return names[k];
        }
    }
    return NULL;
}

int cli_take_opts(const char *cmd, int *argc, char **argv, const char *const *names,
                  int (*set)(void *ctx, const char *name, const char *value), void *ctx)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        const char *eq, *name = match(argv[i], names, &eq);
        if (!name) {
            argv[out++] = argv[i];
            continue;
        }
        if (!eq && i + 1 == *argc)
            return cli_error(cmd, "--%s: expected a value, found none", name), EXIT_USAGE;
        if (!set(ctx, name, eq ? eq + 1 : argv[++i]))
            return EXIT_USAGE;
    }
    argv[out] = NULL;
    *argc = out;
    return -1;
}
