/*
 * `corridor sweep`: runs every run of a sweep spec, in this process or, in the corridor-mpi
 * build (make mpi), spread over MPI ranks with dynamic load balancing: rank 0 hands out chunks
 * of runs (guided self-scheduling) and executes single runs itself between messages.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#ifdef COR_WITH_MPI
#include <mpi.h>
#endif

static const char help[] =
    "usage: corridor sweep SPEC [-o DB] [--csv FILE] [--net DIR]\n"
    "       mpirun -np N corridor-mpi sweep SPEC [...]\n"
    "\n"
    "Runs a scenario sweep (docs/sweep.md): every combination of the spec's scenarios and\n"
    "demand growth factors, each for N Monte Carlo draws of the random border dwell and fee\n"
    "factors, assigned with the spec's method. Prints p5/p50/p95 of each country's transit\n"
    "tonnes and fees and the routes chosen in some draws only; -o writes every run to an\n"
    "SQLite database, --csv the summary. Results do not depend on the number of processes.\n"
    "\n"
    "options:\n"
    "  -o, --output DB      write all runs and the summary to the SQLite database DB\n"
    "  --csv FILE           write the summary table as CSV\n"
    "  --quiet              print nothing but errors\n"
    "  --net DIR            network, when the spec names none (default: the bundled one)\n";

enum { TAG_RESULT = 1, TAG_WORK = 2, TAG_READY = 3 };

/* Runs run i and stores its result; 0 when out of memory. */
static int do_run(cor_sweep_ctx *ctx, size_t i, char **results)
{
    results[i] = cor_sweep_run(ctx, i);
    return results[i] != NULL;
}

#ifdef COR_WITH_MPI
/* The test suite's way to make a rank die mid-sweep: CORRIDOR_SWEEP_CRASH_RANK=R aborts rank R
 * after its first run, so that the failure can be seen to be reported rather than hang. */
static void maybe_crash(int rank)
{
    const char *r = getenv("CORRIDOR_SWEEP_CRASH_RANK");
    if (r && atoi(r) == rank) {
        fprintf(stderr, "corridor: sweep: rank %d stopping on purpose (CORRIDOR_SWEEP_CRASH_RANK)\n",
                rank);
        abort();
    }
}

/* The next chunk of runs for a rank that asks: guided self-scheduling (Polychronopoulos & Kuck
 * 1987), large chunks first and single runs at the end, so a rank waits for rank 0 at most once
 * per chunk and all ranks finish together. */
static long long chunk(size_t next, size_t n, int size)
{
    size_t left = n - next, c = left / (2 * (size_t)size);
    return (long long)(c ? c : left ? 1 : 0);
}

/* Rank 0: hands out chunks of runs, collects the results, and runs single runs itself between
 * messages. */
static int master(cor_sweep_ctx *ctx, size_t n, char **results, int size)
{
    size_t next = 0;
    int active = size - 1;
    while (active > 0 || next < n) {
        int flag = 0;
        MPI_Status status;
        if (active > 0)
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
        if (!flag && next < n) {
            if (!do_run(ctx, next++, results))
                return 0;
            continue;
        }
        if (!flag)
            MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        int len;
        MPI_Get_count(&status, MPI_CHAR, &len);
        char *buf = malloc((size_t)len + 1);
        if (!buf)
            return 0;
        MPI_Recv(buf, len, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        buf[len] = '\0';
        if (status.MPI_TAG == TAG_RESULT) {
            /* "INDEX RESULT" */
            char *space = strchr(buf, ' ');
            long long idx = atoll(buf);
            if (space && idx >= 0 && (size_t)idx < n && !results[idx] &&
                !(results[idx] = strdup(space + 1))) {
                free(buf);
                return 0;
            }
        } else { /* TAG_READY: a rank wants work */
            long long work[2] = {(long long)next, chunk(next, n, size)};
            next += (size_t)work[1];
            if (!work[1])
                active--;
            MPI_Send(work, 2, MPI_LONG_LONG, status.MPI_SOURCE, TAG_WORK, MPI_COMM_WORLD);
        }
        free(buf);
    }
    return 1;
}

static int worker(cor_sweep_ctx *ctx, int rank)
{
    for (int chunks = 0;; chunks++) {
        char ready = 0;
        MPI_Send(&ready, 0, MPI_CHAR, 0, TAG_READY, MPI_COMM_WORLD);
        long long work[2];
        MPI_Recv(work, 2, MPI_LONG_LONG, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (work[1] == 0)
            return 1;
        if (chunks == 1)
            maybe_crash(rank);
        for (long long idx = work[0]; idx < work[0] + work[1]; idx++) {
            char *text = cor_sweep_run(ctx, (size_t)idx);
            if (!text)
                return 0;
            size_t len = strlen(text) + 32;
            char *msg = malloc(len);
            if (!msg) {
                free(text);
                return 0;
            }
            int m = snprintf(msg, len, "%lld %s", idx, text);
            free(text);
            MPI_Send(msg, m, MPI_CHAR, 0, TAG_RESULT, MPI_COMM_WORLD);
            free(msg);
        }
    }
}
#endif

int cmd_sweep(int argc, char **argv)
{
    enum { O_CSV = 256, O_QUIET, O_NET, O_HELP };
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"csv", required_argument, NULL, O_CSV},
                                             {"quiet", no_argument, NULL, O_QUIET},
                                             {"net", required_argument, NULL, O_NET},
                                             {"help", no_argument, NULL, O_HELP},
                                             {NULL, 0, NULL, 0}};
    const char *db = NULL, *csv = NULL, *net = NULL;
    int quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': db = optarg; break;
        case O_CSV: csv = optarg; break;
        case O_QUIET: quiet = 1; break;
        case O_NET: net = optarg; break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_error("sweep", "unknown or incomplete option \"%s\"", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_error("sweep", "expected one sweep spec, found %d argument%s", argc - optind,
                  argc - optind == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    int rank = 0;
#ifdef COR_WITH_MPI
    int size = 1;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#endif
    cor_diags *d = cor_diags_new();
    cor_sweep *s = NULL;
    cor_sweep_ctx *ctx = NULL;
    char **results = NULL;
    int rc = EXIT_FAIL;
    if (!d)
        goto out;
    /* every rank reads the spec and the network: a bad spec is reported by rank 0 and ends
     * every rank the same way, without a message exchange */
    if (cor_sweep_load(argv[optind], cli_network_dir(net), &s, d) != COR_OK ||
        cor_sweep_ctx_new(s, &ctx, d) != COR_OK) {
        if (rank == 0) {
            cli_print_diags(d, 0);
            cli_error("sweep", "cannot run %s", argv[optind]);
        }
        goto out;
    }
    size_t n = cor_sweep_run_count(s);
    int ok = 1;
    if (rank == 0 && !(results = calloc(n, sizeof *results)))
        ok = 0;
#ifdef COR_WITH_MPI
    if (ok && size > 1)
        ok = rank == 0 ? master(ctx, n, results, size) : worker(ctx, rank);
    else
#endif
        for (size_t i = 0; ok && i < n; i++)
            ok = do_run(ctx, i, results);
    if (!ok) {
        cli_error("sweep", "out of memory");
        goto out;
    }
    if (rank != 0) {
        rc = EXIT_OK;
        goto out;
    }
    cor_err err;
    if (cor_sweep_write(s, results, db, csv, quiet ? NULL : stdout, &err) != COR_OK) {
        cli_error("sweep", "%s", err.msg);
        goto out;
    }
    rc = EXIT_OK;
out:
    for (size_t i = 0; results && s && i < cor_sweep_run_count(s); i++)
        free(results[i]);
    free(results);
    cor_sweep_ctx_free(ctx);
    cor_sweep_free(s);
    cor_diags_free(d);
#ifdef COR_WITH_MPI
    MPI_Finalize();
#endif
    return rc;
}
