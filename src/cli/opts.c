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

int cli_freight_set(const char *cmd, const char *opt, const char *s, cor_freight_opts *o)
{
    char name[32];
    snprintf(name, sizeof name, "%s", opt);
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_'; /* --max-iter: max_iter */
    cor_err err;
    if (cor_freight_opts_set(o, NULL, name, s, &err) != COR_OK) {
        cli_error(cmd, "--%s: %s", opt, err.msg);
        return 0;
    }
    return 1;
}
