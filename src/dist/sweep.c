/* A sweep's runs over ranks with dynamic load balancing: rank 0 hands out chunks of runs
 * (guided self-scheduling) and executes single runs itself between messages; the others ask
 * for a chunk, run it and send each result back as "INDEX RESULT". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/dist.h"
#include "corridor/sweep.h"

enum { TAG_RESULT = 1, TAG_WORK = 2, TAG_READY = 3 };

/* The size of the next chunk for a rank that asks (Polychronopoulos & Kuck 1987): large chunks
 * first and single runs at the end, so a rank waits for rank 0 at most once per chunk and all
 * ranks finish together. 0 when no run is left. */
static long long chunk(size_t next, size_t n, int size)
{
    size_t left = n - next, c = left / (2 * (size_t)size);
    return (long long)(c ? c : left ? 1 : 0);
}

/* A worker's "INDEX RESULT" into results; 0 when out of memory. */
static int take_result(const char *msg, size_t n, char **results)
{
    const char *space = strchr(msg, ' ');
    long long idx = atoll(msg);
    return !(space && idx >= 0 && (size_t)idx < n && !results[idx] &&
             !(results[idx] = strdup(space + 1)));
}

static cor_status master(cor_sweep_ctx *ctx, size_t n, char **results, const cor_transport *t,
                         cor_err *err)
{
    size_t next = 0;
    int active = t->size - 1;
    while (active > 0 || next < n) {
        int from, tag, got = 1;
        char *msg = NULL;
        size_t len;
        if (active > 0 && (got = t->recv(t->ctx, 0, &from, &tag, &msg, &len)) < 0)
            return cor_err_set(err, COR_ERR_IO, "cannot receive from the ranks");
        if (got == 1 && next < n) {
            if (!(results[next] = cor_sweep_run(ctx, next)))
                return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
            next++;
            continue;
        }
        if (got == 1 && t->recv(t->ctx, 1, &from, &tag, &msg, &len) != 0)
            return cor_err_set(err, COR_ERR_IO, "cannot receive from the ranks");
        int ok = 1;
        if (tag == TAG_RESULT) {
            ok = take_result(msg, n, results);
        } else { /* TAG_READY: a rank wants work */
            long long work[2] = {(long long)next, chunk(next, n, t->size)};
            next += (size_t)work[1];
            if (!work[1])
                active--;
            if (t->send(t->ctx, from, TAG_WORK, work, sizeof work) != 0) {
                free(msg);
                return cor_err_set(err, COR_ERR_IO, "cannot send to rank %d", from);
            }
        }
        free(msg);
        if (!ok)
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    return COR_OK;
}

/* Sends run idx's result to rank 0 as "INDEX RESULT". */
static cor_status send_run(cor_sweep_ctx *ctx, long long idx, const cor_transport *t,
                           cor_err *err)
{
    char *text = cor_sweep_run(ctx, (size_t)idx);
    size_t len = text ? strlen(text) + 32 : 0;
    char *msg = text ? malloc(len) : NULL;
    if (!msg) {
        free(text);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    int m = snprintf(msg, len, "%lld %s", idx, text);
    free(text);
    int sent = t->send(t->ctx, 0, TAG_RESULT, msg, (size_t)m);
    free(msg);
    return sent == 0 ? COR_OK : cor_err_set(err, COR_ERR_IO, "cannot send to rank 0");
}

static cor_status worker(cor_sweep_ctx *ctx, const cor_transport *t,
                         void (*on_chunk)(int rank, int chunk), cor_err *err)
{
    for (int chunks = 0;; chunks++) {
        int from, tag;
        char *msg = NULL;
        size_t len;
        long long work[2];
        if (on_chunk)
            on_chunk(t->rank, chunks);
        if (t->send(t->ctx, 0, TAG_READY, "", 0) != 0 ||
            t->recv(t->ctx, 1, &from, &tag, &msg, &len) != 0)
            return cor_err_set(err, COR_ERR_IO, "cannot reach rank 0");
        int good = tag == TAG_WORK && len == sizeof work;
        if (good)
            memcpy(work, msg, sizeof work);
        free(msg);
        if (!good)
            return cor_err_set(err, COR_ERR_IO, "rank 0 sent no work");
        if (work[1] == 0)
            return COR_OK;
        for (long long idx = work[0]; idx < work[0] + work[1]; idx++) {
            cor_status st = send_run(ctx, idx, t, err);
            if (st != COR_OK)
                return st;
        }
    }
}

cor_status cor_dist_sweep(cor_sweep_ctx *ctx, size_t n, char **results, const cor_transport *t,
                          void (*on_chunk)(int rank, int chunk), cor_err *err)
{
    if (t->size <= 1) {
        for (size_t i = 0; i < n; i++)
            if (!(results[i] = cor_sweep_run(ctx, i)))
                return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        return COR_OK;
    }
    return t->rank == 0 ? master(ctx, n, results, t, err) : worker(ctx, t, on_chunk, err);
}
