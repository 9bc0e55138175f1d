/*
 * Files and directories replaced whole (src/util/afile.c): what is in place after a commit, an
 * abort and a process that dies before its commit, and that no temporary name is left behind.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/afile.h"

typedef struct fixture {
    char root[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->root, sizeof f->root, "/tmp/cor-afile-XXXXXX");
    if (!mkdtemp(f->root))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* the content of path, "" when it cannot be read (a static buffer) */
static const char *get(const char *path)
{
    static char buf[256];
    buf[0] = '\0';
    FILE *fp = fopen(path, "r");
    if (fp) {
        size_t n = fread(buf, 1, sizeof buf - 1, fp);
        buf[n] = '\0';
        fclose(fp);
    }
    return buf;
}

/* the names in dir, sorted, joined by spaces (a static buffer) */
static const char *listing(const char *dir)
{
    static char out[1024];
    char *names[64];
    size_t n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, names[i]);
        free(names[i]);
    }
    return out;
}

static void test_file_commit_abort(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.json", f->root);
    put(path, "old");
    cor_afile a;
    assert_int_equal(cor_afile_open(&a, path), 0);
    fputs("new", a.f);
    assert_string_equal(get(path), "old"); /* nothing changes before the commit */
    assert_int_equal(cor_afile_commit(&a), 0);
    assert_string_equal(get(path), "new");
    assert_string_equal(listing(f->root), "out.json");
    /* an aborted write leaves the old file and no temporary */
    assert_int_equal(cor_afile_open(&a, path), 0);
    fputs("half", a.f);
    cor_afile_abort(&a);
    cor_afile_abort(&a); /* twice is harmless */
    assert_string_equal(get(path), "new");
    assert_string_equal(listing(f->root), "out.json");
    /* a missing directory fails at the open, with errno */
    snprintf(path, sizeof path, "%s/no/such/out.json", f->root);
    errno = 0;
    assert_int_equal(cor_afile_open(&a, path), -1);
    assert_int_equal(errno, ENOENT);
}

/* A writer that dies before its commit (here _exit, as a kill would) leaves the old file. */
static void test_file_death_before_commit(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.csv", f->root);
    put(path, "old");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        cor_afile a;
        if (cor_afile_open(&a, path) != 0)
            _exit(1);
        fputs("new but never committed", a.f);
        fflush(a.f);
        _exit(42);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(WEXITSTATUS(status), 42);
    assert_string_equal(get(path), "old");
    /* its temporary file stays (nothing can remove it), named after the destination */
    const char *names = listing(f->root);
    assert_int_equal(strncmp(names, "out.csv out.csv.tmp.", 20), 0);
}

static void test_dir_new(void **state)
{
    fixture *f = *state;
    char dir[128], path[160];
    snprintf(dir, sizeof dir, "%s/net/", f->root); /* a trailing slash is the same directory */
    cor_adir d;
    assert_int_equal(cor_adir_open(&d, dir), 0);
    FILE *fp = cor_adir_fopen(&d, "nodes.csv");
    assert_non_null(fp);
    fputs("nodes", fp);
    assert_int_equal(fclose(fp), 0);
    snprintf(path, sizeof path, "%s/net", f->root);
    assert_string_equal(listing(f->root), strrchr(d.stage, '/') + 1); /* only the stage yet */
    assert_int_equal(cor_adir_commit(&d), 0);
    assert_string_equal(listing(f->root), "net");
    assert_string_equal(listing(path), "nodes.csv");
    snprintf(path, sizeof path, "%s/net/nodes.csv", f->root);
    assert_string_equal(get(path), "nodes");
}

/* Over an existing directory: the new files replace the old ones, and what only the old one
 * had (scenarios/, a README) is kept. */
static void test_dir_replace_keeps_others(void **state)
{
    fixture *f = *state;
    char dir[128], path[192];
    snprintf(dir, sizeof dir, "%s/net", f->root);
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(path, sizeof path, "%s/scenarios", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s/scenarios/tripp.ini", dir);
    put(path, "[scenario]");
    snprintf(path, sizeof path, "%s/README.md", dir);
    put(path, "readme");
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    put(path, "old nodes");
    snprintf(path, sizeof path, "%s/links.csv", dir);
    put(path, "old links");
    cor_adir d;
    assert_int_equal(cor_adir_open(&d, dir), 0);
    const char *names[] = {"nodes.csv", "links.csv"};
    for (int i = 0; i < 2; i++) {
        FILE *fp = cor_adir_fopen(&d, names[i]);
        assert_non_null(fp);
        fprintf(fp, "new %s", names[i]);
        assert_int_equal(fclose(fp), 0);
    }
    /* before the commit the directory is the old one */
    assert_string_equal(get(path), "old links");
    assert_int_equal(cor_adir_commit(&d), 0);
    assert_string_equal(listing(f->root), "net");
    assert_string_equal(listing(dir), "README.md links.csv nodes.csv scenarios");
    assert_string_equal(get(path), "new links.csv");
    snprintf(path, sizeof path, "%s/scenarios/tripp.ini", dir);
    assert_string_equal(get(path), "[scenario]");
    snprintf(path, sizeof path, "%s/README.md", dir);
    assert_string_equal(get(path), "readme");
}

/* cor_adir_others(): what a network directory written to dir would not replace */
static void test_dir_others(void **state)
{
    fixture *f = *state;
    char dir[128], path[192], buf[64];
    const char *none[] = {NULL}, *net[] = {"nodes.csv", "links.csv", NULL};
    snprintf(dir, sizeof dir, "%s/net", f->root);
    assert_int_equal(cor_adir_others(dir, none, buf, sizeof buf), 0); /* missing: none */
    assert_string_equal(buf, "");
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_int_equal(cor_adir_others(dir, none, buf, sizeof buf), 0);
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    put(path, "id");
    assert_int_equal(cor_adir_others(dir, net, buf, sizeof buf), 0);
    assert_int_equal(cor_adir_others(dir, none, buf, sizeof buf), 1);
    assert_string_equal(buf, "nodes.csv");
    snprintf(path, sizeof path, "%s/scenarios", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    assert_int_equal(cor_adir_others(dir, net, buf, sizeof buf), 1);
    assert_string_equal(buf, "scenarios");
    assert_int_equal(cor_adir_others(dir, none, buf, sizeof buf), 2);
    assert_true(strcmp(buf, "nodes.csv, scenarios") == 0 ||
                strcmp(buf, "scenarios, nodes.csv") == 0);
    assert_int_equal(cor_adir_others(dir, none, buf, 5), 2); /* cut, still counted */
    assert_int_equal(strlen(buf), 4);
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    assert_int_equal(cor_adir_others(path, none, buf, sizeof buf), -1);
    assert_int_equal(errno, ENOTDIR);
}

static void test_dir_abort_and_errors(void **state)
{
    fixture *f = *state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/net", f->root);
    cor_adir d;
    assert_int_equal(cor_adir_open(&d, dir), 0);
    FILE *fp = cor_adir_fopen(&d, "nodes.csv");
    assert_non_null(fp);
    fclose(fp);
    cor_adir_abort(&d);
    assert_string_equal(listing(f->root), "");
    /* the destination is a file: ENOTDIR, the file untouched, no stage left */
    put(dir, "a file");
    assert_int_equal(cor_adir_open(&d, dir), 0);
    errno = 0;
    assert_int_equal(cor_adir_commit(&d), -1);
    assert_int_equal(errno, ENOTDIR);
    assert_string_equal(get(dir), "a file");
    assert_string_equal(listing(f->root), "net");
}

/* Issue 17 row 4: a replaced file keeps its permissions, and so does a replaced directory. */
static void test_permissions_kept(void **state)
{
    fixture *f = *state;
    char path[128], dir[128];
    snprintf(path, sizeof path, "%s/private.csv", f->root);
    put(path, "old");
    assert_int_equal(chmod(path, 0600), 0);
    cor_afile a;
    assert_int_equal(cor_afile_open(&a, path), 0);
    fputs("new", a.f);
    assert_int_equal(cor_afile_commit(&a), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_string_equal(get(path), "new");
    snprintf(dir, sizeof dir, "%s/net", f->root);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(chmod(dir, 0700), 0);
    cor_adir d;
    assert_int_equal(cor_adir_open(&d, dir), 0);
    FILE *fp = cor_adir_fopen(&d, "nodes.csv");
    assert_non_null(fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(cor_adir_commit(&d), 0);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0700);
}

/* Issue 17 row 1: a symbolic link stays a link (the file it names is replaced); a FIFO, a
 * device are written directly, never renamed over. */
static void test_not_regular_destinations(void **state)
{
    fixture *f = *state;
    char target[128], link[128], fifo[128];
    snprintf(target, sizeof target, "%s/target.txt", f->root);
    snprintf(link, sizeof link, "%s/link.txt", f->root);
    put(target, "old");
    assert_int_equal(symlink("target.txt", link), 0);
    cor_afile a;
    assert_int_equal(cor_afile_open(&a, link), 0);
    assert_int_equal(a.direct, 0);
    fputs("via link", a.f);
    assert_int_equal(cor_afile_commit(&a), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(get(target), "via link");
    assert_string_equal(listing(f->root), "link.txt target.txt");
    /* a dangling link: refused, nothing created */
    assert_int_equal(unlink(target), 0);
    errno = 0;
    assert_int_equal(cor_afile_open(&a, link), -1);
    assert_int_equal(errno, ENOENT);
    assert_string_equal(listing(f->root), "link.txt");
    /* a FIFO with a reader gets the text through the FIFO; it stays a FIFO */
    snprintf(fifo, sizeof fifo, "%s/fifo", f->root);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    errno = 0;
    assert_int_equal(cor_afile_open(&a, fifo), -1); /* no reader: ENXIO, not a hang */
    assert_int_equal(errno, ENXIO);
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);
    assert_true(rd >= 0);
    assert_int_equal(cor_afile_open(&a, fifo), 0);
    assert_int_equal(a.direct, 1);
    fputs("through", a.f);
    assert_int_equal(cor_afile_commit(&a), 0);
    char buf[16] = {0};
    assert_int_equal(read(rd, buf, sizeof buf - 1), 7);
    assert_string_equal(buf, "through");
    close(rd);
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_string_equal(listing(f->root), "fifo link.txt");
    /* a character device: /dev/null stays the device */
    assert_int_equal(cor_afile_open(&a, "/dev/null"), 0);
    assert_int_equal(a.direct, 1);
    fputs("gone", a.f);
    assert_int_equal(cor_afile_commit(&a), 0);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    /* a write error of a device is the commit's failure: /dev/full */
    if (cor_afile_open(&a, "/dev/full") == 0) {
        fputs("no room", a.f);
        errno = 0;
        assert_int_equal(cor_afile_commit(&a), -1);
        assert_int_equal(errno, ENOSPC);
    }
    /* a directory is refused */
    errno = 0;
    assert_int_equal(cor_afile_open(&a, f->root), -1);
    assert_int_equal(errno, EISDIR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_file_commit_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_death_before_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_replace_keeps_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_abort_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permissions_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_regular_destinations, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
