/* Options shared by the commands that route: route, assign, compare. */
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

int cli_route_num(const char *cmd, const char *opt, const char *s, cor_route_opts *o)
{
    cor_err err;
    if (cor_route_opts_set(o, opt + 2, s, &err) != COR_OK) {
        cli_error(cmd, "%s: %s", opt, err.msg);
        return 0;
    }
    return 1;
}

int cli_parse_status(const char *cmd, const char *s, unsigned *mask)
{
    int level = cor_status_parse(s);
    if (level >= 0 && !strchr(s, ',')) {
        *mask = 0;
        for (int i = 0; i <= level; i++)
            *mask |= COR_STATUS_BIT(i);
        return 1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    *mask = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        int st = cor_status_parse(w);
        if (st < 0) {
            cli_error(cmd, "--status: expected operating, construction, planned or closed, "
                               "found \"%s\"", w);
            return 0;
        }
        *mask |= COR_STATUS_BIT(st);
    }
    if (!*mask) {
        cli_error(cmd, "--status: expected at least one status");
        return 0;
    }
    return 1;
}

static int parse_modes(const char *cmd, const char *s, unsigned *mask)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    *mask = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        int m = cor_mode_parse(w);
        if (m < 0 || !(COR_TRANSPORT_MODES & COR_MODE_BIT(m))) {
            cli_error(cmd, "--modes: expected rail, road, sea or ferry, found \"%s\"", w);
            return 0;
        }
        *mask |= COR_MODE_BIT(m);
    }
    if (!*mask) {
        cli_error(cmd, "--modes: expected at least one mode");
        return 0;
    }
    return 1;
}

static int parse_avoid(const char *cmd, const char *s, cor_route_opts *o)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (strlen(w) != 2 || !isalpha((unsigned char)w[0]) || !isalpha((unsigned char)w[1])) {
            cli_error(cmd, "--avoid: expected two-letter country codes such as GE, found "
                               "\"%s\"", w);
            return 0;
        }
        if (o->n_avoid == COR_ROUTE_MAX_AVOID) {
            cli_error(cmd, "--avoid: at most %d countries", COR_ROUTE_MAX_AVOID);
            return 0;
        }
        char *cc = o->avoid[o->n_avoid++];
        cc[0] = (char)toupper((unsigned char)w[0]);
        cc[1] = (char)toupper((unsigned char)w[1]);
        cc[2] = '\0';
    }
    return 1;
}

/* Every avoided country must exist in the network: a typo would silently avoid nothing. */
int cli_check_avoid(const char *cmd, const cor_net *net, const cor_route_opts *o)
{
    for (size_t i = 0; i < o->n_avoid; i++) {
        int found = 0;
        for (uint32_t v = 0; v < cor_net_node_count(net) && !found; v++)
            found = strcmp(cor_net_node(net, v)->country, o->avoid[i]) == 0;
        if (!found) {
            cli_error(cmd, "--avoid: no node of the network is in country %s", o->avoid[i]);
            return 0;
        }
    }
    return 1;
}

int cli_route_opt(const char *cmd, int c, const char *arg, cor_route_opts *o)
{
    switch (c) {
    case CLI_O_MINIMIZE:
        if (strcmp(arg, "time") == 0)
            o->minimize = COR_MIN_TIME;
        else if (strcmp(arg, "cost") == 0)
            o->minimize = COR_MIN_COST;
        else if (strcmp(arg, "distance") == 0)
            o->minimize = COR_MIN_DISTANCE;
        else if (strcmp(arg, "generalized") == 0)
            o->minimize = COR_MIN_GENERALIZED;
        else {
            cli_error(cmd, "--minimize: expected time, cost, distance or generalized, found "
                           "\"%s\"", arg);
            return -1;
        }
        return 1;
    case CLI_O_VOT:
        return cli_route_num(cmd, "--vot", arg, o) ? 1 : -1;
    case CLI_O_TONNES:
        return cli_route_num(cmd, "--tonnes", arg, o) ? 1 : -1;
    case CLI_O_MODES: return parse_modes(cmd, arg, &o->modes) ? 1 : -1;
    case CLI_O_AVOID: return parse_avoid(cmd, arg, o) ? 1 : -1;
    case CLI_O_STATUS: return cli_parse_status(cmd, arg, &o->statuses) ? 1 : -1;
    case CLI_O_OVERLAP:
        return cli_route_num(cmd, "--overlap", arg, o) ? 1 : -1;
    case CLI_O_DWELL:
        if (strcmp(arg, "mean") == 0)
            o->dwell = COR_DWELL_MEAN;
        else if (strcmp(arg, "p95") == 0)
            o->dwell = COR_DWELL_P95;
        else {
            cli_error(cmd, "--dwell: expected mean or p95, found \"%s\"", arg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}
