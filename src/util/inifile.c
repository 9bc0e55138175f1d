/* INI parsing with line numbers: libinih fed one line at a time by a counting reader. */
#include "util/inifile.h"

#include <ini.h>
#include <stdio.h>
#include <string.h>

#include "util/afile.h"
#include "util/strutil.h"

typedef struct reader {
    const char *path;
    FILE *f;
    long line, bytes;
    int too_big;
    cor_diags *diags;
    cor_ini_entry fn;
    void *user;
    cor_status stopped;
} reader;

/* libinih's reader: one line into str (at most num - 1 bytes), counting lines and bytes. It
 * reads byte by byte rather than with fgets so that a NUL byte cannot hide the rest of a line,
 * and an endless file (a FIFO, /dev/zero) stops at the size limit instead of looping for ever.
 * Values end up in JSON, which must be UTF-8: other bytes are an error. */
static char *read_line(char *str, int num, void *stream)
{
    reader *r = stream;
    if (r->too_big)
        return NULL;
    int c = EOF, n = 0, nul = 0, over = 0;
    while ((c = getc(r->f)) != EOF) {
        if (++r->bytes > COR_INI_MAX_BYTES)
            break;
        if (c == '\0')
            nul = 1;
        else if (n < num - 1)
            str[n++] = (char)c;
        else
            over = 1;
        if (c == '\n')
            break;
    }
    if (c == EOF && n == 0 && !nul && !over)
        return NULL;
    str[n] = '\0';
    r->line++;
    if (r->bytes > COR_INI_MAX_BYTES) {
        cor_diags_add(r->diags, COR_ERROR, r->path, r->line, NULL,
                      "expected a file of at most %ld bytes, found more", COR_INI_MAX_BYTES);
        r->too_big = 1;
        return NULL;
    }
    int utf8 = nul || over || cor_utf8_valid(str, (size_t)n);
    if (nul)
        cor_diags_add(r->diags, COR_ERROR, r->path, r->line, NULL,
                      "expected text, found a NUL byte");
    else if (over)
        cor_diags_add(r->diags, COR_ERROR, r->path, r->line, NULL,
                      "line longer than %d characters; continue a long value on indented lines",
                      COR_INI_MAX_LINE);
    else if (!utf8)
        cor_diags_add(r->diags, COR_ERROR, r->path, r->line, NULL,
                      "expected UTF-8 text, found invalid bytes");
    if (nul || over || !utf8)
        str[0] = '\0';
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
    FILE *f = cor_fopen_read(path); /* a FIFO without a writer must not block */
    if (!f)
        return COR_ERR_IO;
    reader r = {path, f, 0, 0, 0, diags, fn, user, COR_OK};
    int rc = ini_parse_stream(read_line, &r, on_entry, &r);
    fclose(f);
    if (r.stopped != COR_OK)
        return r.stopped;
    if (rc > 0 && !r.too_big)
        cor_diags_add(diags, COR_ERROR, path, rc, NULL,
                      "expected [section], key = value, or a comment, found something else");
    return COR_OK;
}
