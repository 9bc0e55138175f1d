/* corridor-mpi (make mpi): the MPI transport of the library's distributed drivers
 * (corridor/dist.h) over MPI_COMM_WORLD; the plain build has no MPI and runs on one rank. */
#include <limits.h>
#include <stdlib.h>

#include "cli/cli.h"

#ifdef COR_WITH_MPI
#include <mpi.h>

static int mpi_send(void *ctx, int to, int tag, const void *data, size_t n)
{
    (void)ctx;
    if (n > INT_MAX)
        return -1;
    return MPI_Send(data, (int)n, MPI_CHAR, to, tag, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

static int mpi_recv(void *ctx, int wait, int *from, int *tag, char **data, size_t *n)
{
    (void)ctx;
    MPI_Status status;
    int flag = 1, len;
    if (!wait && MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status) !=
                     MPI_SUCCESS)
        return -1;
    if (!flag)
        return 1;
    if ((wait && MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status) != MPI_SUCCESS) ||
        MPI_Get_count(&status, MPI_CHAR, &len) != MPI_SUCCESS || len < 0)
        return -1;
    char *buf = malloc((size_t)len + 1);
    if (!buf)
        return -1;
    if (MPI_Recv(buf, len, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE) != MPI_SUCCESS) {
        free(buf);
        return -1;
    }
    buf[len] = '\0';
    *from = status.MPI_SOURCE;
    *tag = status.MPI_TAG;
    *data = buf;
    *n = (size_t)len;
    return 0;
}
#endif

void cli_dist_start(int *argc, char ***argv, cor_transport *t)
{
    *t = (cor_transport){.rank = 0, .size = 1};
#ifdef COR_WITH_MPI
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &t->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &t->size);
    t->send = mpi_send;
    t->recv = mpi_recv;
#else
    (void)argc;
    (void)argv;
#endif
}

void cli_dist_end(void)
{
#ifdef COR_WITH_MPI
    MPI_Finalize();
#endif
}
