/* INI parsing with line numbers: libinih fed one line at a time by a counting reader. */
#include "util/inifile.h"

#include <ini.h>
#include <stdio.h>
#include <string.h>

typedef struct reader {
    const char *path;
    FILE *f;
    long line;
    cor_diags *diags;
    cor_ini_entry fn;
    void *user;
    cor_status stopped;
} reader;

static char *read_line(char *str, int num, void *stream)
{
    reader *r = stream;
    if (!fgets(str, num, r->f))
        return NULL;
    r->line++;
    size_t len = strlen(str);
    if (len && str[len - 1] != '\n' && !feof(r->f)) {
        /* the rest of an over-long line: skip it and say so */
        int c;
        while ((c = fgetc(r->f)) != EOF && c != '\n')
            ;
        cor_diags_add(r->diags, COR_ERROR, r->path, r->line, NULL,
                      "line longer than %d characters; continue a long value on indented lines",
                      COR_INI_MAX_LINE);
        str[0] = '\0';
    }
    return str;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    reader *r = user;
    r->stopped = r->fn(r->user, r->line, section, name, value);
    return r->stopped == COR_OK;
}

cor_status cor_ini_parse(const char *path, cor_ini_entry fn, void *user, cor_diags *diags)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return COR_ERR_IO;
    reader r = {path, f, 0, diags, fn, user, COR_OK};
    int rc = ini_parse_stream(read_line, &r, on_entry, &r);
    fclose(f);
    if (r.stopped != COR_OK)
        return r.stopped;
    if (rc > 0)
        cor_diags_add(diags, COR_ERROR, path, rc, NULL,
                      "expected [section], key = value, or a comment, found something else");
    return COR_OK;
}
