/* corridor: command line entry point; dispatches to the subcommands. */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* One row per subcommand: adding a command is adding a row (and a line to cli_help and a help
 * text in src/cli/help.c). */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"route", cmd_route},
    {"simulate", cmd_simulate},
    {"check", cmd_check},
    {"info", cmd_info},
    {"scenarios", cmd_scenarios},
    {"assign", cmd_assign},
    {"compare", cmd_compare},
    {"validate", cmd_validate},
    {"calibrate", cmd_calibrate},
    {"appraise", cmd_appraise},
    {"sweep", cmd_sweep},
    {"report", cmd_report},
    {"serve", cmd_serve},
    {"runs", cmd_runs},
    {"export", cmd_export},
    {"import", cmd_import},
    {"build", cmd_build},
    {"table", cmd_table},
    {"flow", cmd_flow},
    {"resilience", cmd_resilience},
    {"diverse", cmd_diverse},
};

/* serve, runs, export, import and sweep live in plugins (src/cli/plugin.c) and are loaded when
 * they run; where they are linked in (corridor-mpi links every command) they are called as is */
#pragma weak cmd_serve
#pragma weak cmd_runs
#pragma weak cmd_export
#pragma weak cmd_import
#pragma weak cmd_sweep

/* a command's function, NULL after printing why its plugin cannot be loaded */
static int (*command_run(const struct command *c))(int argc, char **argv)
{
    return c->run ? c->run : cli_plugin_command(c->name);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Text for a terminal: a control character in a name, an argument or a file (ESC, BEL, CR,
 * C1 controls) would be obeyed by the terminal (escape injection: clearing the screen,
 * rewriting lines, setting the window title), so every one but the line break and tab is shown
 * as \xHH (\u0080-\u009F for C1). Output to files and pipes is left as it is. */
static ssize_t tty_write(void *cookie, const char *buf, size_t n)
{
    int fd = (int)(intptr_t)cookie;
    char out[4096];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (len + 8 > sizeof out) {
            if (write(fd, out, len) != (ssize_t)len)
                return -1;
            len = 0;
        }
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            len += (size_t)snprintf(out + len, sizeof out - len, "\\x%02X", c);
        else if (c == 0xC2 && i + 1 < n && (unsigned char)buf[i + 1] >= 0x80 &&
                 (unsigned char)buf[i + 1] <= 0x9F)
            len += (size_t)snprintf(out + len, sizeof out - len, "\\u%04X",
                                    (unsigned char)buf[++i]);
        else
            out[len++] = (char)c;
    }
    if (len && write(fd, out, len) != (ssize_t)len)
        return -1;
    return (ssize_t)n;
}

static FILE *tty_stream(FILE *f, int fd, int mode)
{
    if (!isatty(fd))
        return f;
    FILE *t = fopencookie((void *)(intptr_t)fd, "w",
                          (cookie_io_functions_t){.write = tty_write});
    if (!t)
        return f;
    setvbuf(t, NULL, mode, 0);
    return t;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(cli_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    const struct command *c = find_command(cmd);
    if (c) {
        /* -h is --help for every command (no command has a short option -h) */
        for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
            if (strcmp(argv[i], "-h") == 0)
                argv[i] = "--help";
        int (*fn)(int, char **) = command_run(c);
        return fn ? fn(argc - 1, argv + 1) : EXIT_FAIL;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("corridor %s\n", CORRIDOR_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        if (argc > 3) {
            cli_error("help", "expected at most one command, found %d arguments", argc - 2);
            return EXIT_USAGE;
        }
        if (argc == 3 && !(c = find_command(argv[2]))) {
            cli_error("help", "unknown command \"%s\" (`corridor help` lists them)", argv[2]);
            return EXIT_USAGE;
        }
        if (c) {
            char *args[] = {argv[2], "--help", NULL};
            int (*fn)(int, char **) = command_run(c);
            return fn ? fn(2, args) : EXIT_FAIL;
        }
        fputs(cli_help, stdout);
        return EXIT_OK;
    }
    cli_error(NULL, "unknown command \"%s\"", cmd);
    fputs(cli_help, stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    stdout = tty_stream(stdout, STDOUT_FILENO, _IOLBF);
    stderr = tty_stream(stderr, STDERR_FILENO, _IONBF);
    int rc = run(argc, argv);
    /* text goes to stdout through its buffer: a full disk or /dev/full shows only here, and a
     * command that wrote nothing must not say it succeeded (the --json forms check their own
     * write and have already said why) */
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK) {
        cli_error(NULL, "cannot write to standard output: %s",
                  errno ? strerror(errno) : "write error");
        rc = EXIT_FAIL;
    }
    return rc;
}
