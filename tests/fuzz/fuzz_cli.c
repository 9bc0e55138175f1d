/*
 * Fuzz target: the command line. The input's first part is a command and its arguments, one
 * per line; a second and third part become the files in.csv and in.ini that the arguments
 * may name. The commands run on tests/data/tiny in a scratch working directory (arguments
 * containing '/' are dropped, so that nothing outside it is read or written) and must end
 * with exit status 0, 1 or 2.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fuzz.h"

#define MAX_ARGS 32

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"route", cmd_route},         {"check", cmd_check},
    {"info", cmd_info},           {"scenarios", cmd_scenarios},
    {"assign", cmd_assign},         {"compare", cmd_compare},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    /* the commands print their answers: keep them out of the fuzzer's log */
    if (!freopen("/dev/null", "w", stdout) || chdir(fuzz_tmpdir()) != 0)
        fuzz_fail(__FILE__, __LINE__, "cannot set up the scratch directory");
    return 0;
}

/* glibc's getopt keeps a pointer into the previous argv; optind = 0 makes it start afresh
 * (the CLI proper parses one argv per process and never needs this). */
static void reset_getopt(void)
{
    char *none[] = {"x", NULL};
    optind = 0;
    opterr = 0;
    while (getopt(1, none, "") != -1)
        ;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part;
    size_t len;
    char path[512];
    if (!fuzz_split(&data, &size, &part, &len))
        return 0;
    char *args = malloc(len + 1);
    FUZZ_CHECK(args);
    memcpy(args, part, len);
    args[len] = '\0';
    static const char *const files[] = {"in.csv", "in.ini"};
    for (int i = 0; i < 2; i++) {
        const uint8_t *p;
        size_t l;
        if (fuzz_split(&data, &size, &p, &l))
            fuzz_write(files[i], p, l, path, sizeof path);
    }

    char *argv[MAX_ARGS + 4];
    int argc = 0;
    char *save = NULL;
    for (char *w = strtok_r(args, "\n", &save); w && argc < MAX_ARGS;
         w = strtok_r(NULL, "\n", &save))
        if (!strchr(w, '/'))
            argv[argc++] = w;
    int rc = -1;
    if (argc > 0) {
        char net_opt[] = "--net", tiny[] = FUZZ_TINY;
        argv[argc++] = net_opt; /* last, so that it wins over any --net of the input */
        argv[argc++] = tiny;
        argv[argc] = NULL;
        for (size_t c = 0; c < sizeof commands / sizeof *commands; c++) {
            if (strcmp(argv[0], commands[c].name) != 0)
                continue;
            reset_getopt();
            rc = commands[c].run(argc, argv);
            FUZZ_CHECK(rc == EXIT_OK || rc == EXIT_FAIL || rc == EXIT_USAGE);
        }
    }
    free(args);
    fuzz_clear();
    return 0;
}
