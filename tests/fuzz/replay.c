/*
 * Replays fuzz inputs without libFuzzer: feeds every file given (or every file of every
 * directory given) to the target's entry point, so that the normal and ASan builds run the
 * seed corpus and every regression. Prints "NAME: N passed, 0 failed"; a failed invariant
 * aborts with the file's name printed first.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 0;
    }
    size_t cap = 4096, len = 0, n;
    uint8_t *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        return 0;
    }
    fprintf(stderr, "replay %s\n", path);
    /* an exact-size copy, so that ASan catches a read one past the input */
    uint8_t *exact = malloc(len ? len : 1);
    if (exact && len)
        memcpy(exact, buf, len);
    free(buf);
    if (!exact)
        return 0;
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the files of dir in name order; returns how many. */
static int replay_dir(const char *dir, int *failed)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* a target may have no regressions yet */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
            continue;
        if (n == cap) {
            char **v = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *v);
            if (!v)
                break;
            names = v;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len)))
            break;
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(names[i]))
                count++;
            else
                (*failed)++;
        }
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    /* absolute paths first: a target may change directory as it initialises */
    char **paths = calloc((size_t)argc, sizeof *paths);
    for (int i = 1; paths && i < argc; i++)
        paths[i] = realpath(argv[i], NULL); /* NULL: absent, e.g. no regressions yet */
    if (!paths) {
        fprintf(stderr, "%s: out of memory\n", name);
        return 1;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int passed = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (!paths[i] || stat(paths[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            passed += replay_dir(paths[i], &failed);
        else if (replay_file(paths[i]))
            passed++;
        else
            failed++;
        free(paths[i]);
    }
    free(paths);
    fprintf(stderr, "%s: %d passed, %d failed\n", name, passed, failed);
    return failed ? 1 : 0;
}
