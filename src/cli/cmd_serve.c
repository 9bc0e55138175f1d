/* `corridor serve`: parses options, starts the HTTP server of src/server/, waits for SIGINT or
 * SIGTERM and stops it gracefully. */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#ifndef COR_DATADIR
#define COR_DATADIR "/usr/local/share/corridor"
#endif

int cmd_serve(int argc, char **argv)
{
    /* in the order of longopts: option c is longopts[c - O_NET] */
    enum { O_NET = 256, O_PORT, O_BIND, O_THREADS, O_WEB, O_VENDOR, O_DEMAND, O_MAXCONN,
           O_TIMEOUT, O_ALLOW_HOST, O_CORS, O_MAXASSIGN, O_HELP };
    static const struct option longopts[] = {
        {"net", required_argument, NULL, O_NET},
        {"port", required_argument, NULL, O_PORT},
        {"bind", required_argument, NULL, O_BIND},
        {"threads", required_argument, NULL, O_THREADS},
        {"web", required_argument, NULL, O_WEB},
        {"vendor", required_argument, NULL, O_VENDOR},
        {"demand", required_argument, NULL, O_DEMAND},
        {"max-connections", required_argument, NULL, O_MAXCONN},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"allow-host", required_argument, NULL, O_ALLOW_HOST},
        {"cors", required_argument, NULL, O_CORS},
        {"max-assign", required_argument, NULL, O_MAXASSIGN},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    cor_server_opts o;
    cor_server_opts_default(&o);
    const char *net_dir = NULL;
    char web[PATH_MAX];
    int c, web_given = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_NET: net_dir = optarg; break;
        case O_BIND: o.bind_addr = optarg; break;
        case O_WEB: o.web_dir = optarg; web_given = 1; break;
        case O_VENDOR: o.vendor_dir = optarg; break;
        case O_DEMAND: o.demand_path = optarg; break;
        case O_PORT:
        case O_THREADS:
        case O_MAXCONN:
        case O_TIMEOUT:
        case O_ALLOW_HOST:
        case O_CORS:
        case O_MAXASSIGN: {
            char key[32];
            const char *name = longopts[c - O_NET].name;
            cor_err err;
            if (cor_server_opts_set(&o, cli_opt_key(name, key, sizeof key), optarg, &err) !=
                COR_OK) {
                cli_error("serve", "--%s: %s", name, err.msg);
                return EXIT_USAGE;
            }
            break;
        }
        case O_HELP: fputs(cli_help_serve, stdout); return EXIT_OK;
        default:
            cli_error("serve", "unknown or incomplete option \"%s\" (see corridor serve --help)",
                      argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 0) {
        cli_error("serve", "expected no arguments, found %d (see corridor serve --help)",
                  argc - optind);
        return EXIT_USAGE;
    }
    if (!web_given)
        o.web_dir = cli_web_dir(web);
    o.net_dir = cli_network_dir(net_dir);
    /* the signals go to sigwait() below, never to a worker thread: block them before any
     * thread starts (threads inherit the mask) */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    cor_diags *d = cor_diags_new();
    cor_server *s = NULL;
    if (!d) {
        cli_error("serve", "out of memory");
        return EXIT_FAIL;
    }
    cor_status st = cor_server_new(&o, &s, d);
    cli_print_diags(d, 1);
    cor_diags_free(d);
    if (st != COR_OK) {
        cli_error("serve", "cannot start: the network in %s, one of its scenarios or the demand "
                           "has the problems above", o.net_dir);
        return EXIT_FAIL;
    }
    cor_err err;
    if (cor_server_start(s, &err) != COR_OK) {
        cli_error("serve", "%s", err.msg);
        cor_server_free(s);
        return err.status == COR_ERR_INPUT ? EXIT_USAGE : EXIT_FAIL;
    }
    int v6 = strchr(o.bind_addr, ':') != NULL;
    fprintf(stderr, "corridor serve: listening on http://%s%s%s:%u/ (%s, %zu scenarios, %u "
                    "threads%s)\n",
            v6 ? "[" : "", o.bind_addr, v6 ? "]" : "", cor_server_port(s), o.net_dir,
            cor_server_scenario_count(s), o.threads, o.web_dir ? "" : ", no map page");
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "corridor serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    cor_server_stop(s, 10);
    cor_server_free(s);
    return EXIT_OK;
}
