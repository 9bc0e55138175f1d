/* Reads a CSV file with libcsv, fed one line at a time so that every row knows its line, within
 * the limits of csvfile.h so that no file can make the reader use unbounded memory or time. */
#include "load/csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/afile.h"
#include "util/strutil.h"

typedef struct reader {
    cor_csv *csv;
    cor_diags *diags;
    long line;          /* line being fed */
    long row_line;      /* line where the current record's first field ended */
    char **fields;      /* fields of the current record */
    size_t n_fields, cap_fields;
    int bad;            /* the current record has a problem and is dropped */
    int nomem;
    int stop;           /* a limit was reached: read no further */
    long max_rows;
} reader;

static void free_fields(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(fields[i]);
}

static void on_field(void *data, size_t len, void *arg)
{
    reader *r = arg;
    if (r->nomem || r->stop)
        return;
    if (r->n_fields == 0)
        r->row_line = r->line;
    if (r->n_fields == COR_CSV_MAX_FIELDS) {
        /* a line of commas would otherwise cost a pointer and an allocation per byte */
        cor_diags_add(r->diags, COR_ERROR, r->csv->name, r->line, NULL,
                      "expected at most %d fields in a row, found more", COR_CSV_MAX_FIELDS);
        r->stop = 1;
        return;
    }
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields ? 2 * r->cap_fields : 32;
        char **f = realloc(r->fields, cap * sizeof *f);
        if (!f) {
            r->nomem = 1;
            return;
        }
        r->fields = f;
        r->cap_fields = cap;
    }
    if (len > COR_CSV_MAX_FIELD_BYTES) {
        if (!r->bad)
            cor_diags_add(r->diags, COR_ERROR, r->csv->name, r->line, NULL,
                          "field %zu is %zu bytes long, expected at most %d", r->n_fields + 1,
                          len, COR_CSV_MAX_FIELD_BYTES);
        r->bad = 1;
        len = 0;
    } else if (len && memchr(data, '\0', len)) {
        /* C strings would silently end at it: "68.0<NUL>999" must not load as 68.0 */
        if (!r->bad)
            cor_diags_add(r->diags, COR_ERROR, r->csv->name, r->line, NULL,
                          "field %zu: expected text, found a NUL byte", r->n_fields + 1);
        r->bad = 1;
    } else if (!cor_utf8_valid(data, len)) {
        if (!r->bad)
            cor_diags_add(r->diags, COR_ERROR, r->csv->name, r->line, NULL,
                          "field %zu: expected UTF-8 text, found invalid bytes", r->n_fields + 1);
        r->bad = 1;
    }
    char *s = malloc(len + 1);
    if (!s) {
        r->nomem = 1;
        return;
    }
    if (len)
        memcpy(s, data, len);
    s[len] = '\0';
    r->fields[r->n_fields++] = s;
}

static void on_row(int term, void *arg)
{
    reader *r = arg;
    cor_csv *csv = r->csv;
    (void)term;
    if (r->nomem || r->stop)
        goto done;
    if (!csv->header) {
        csv->header = r->fields;
        csv->n_cols = r->n_fields;
        r->fields = NULL;
        r->n_fields = r->cap_fields = 0;
        if (r->bad)
            cor_diags_add(r->diags, COR_ERROR, csv->name, r->row_line, NULL,
                          "the header row is unreadable");
        /* a column named twice: which one a loader reads would be an accident */
        for (size_t i = 0; !r->bad && i < csv->n_cols; i++)
            for (size_t j = 0; j < i; j++)
                if (*csv->header[i] && strcmp(csv->header[i], csv->header[j]) == 0) {
                    cor_diags_add(r->diags, COR_ERROR, csv->name, r->row_line, csv->header[i],
                                  "expected each column once in the header, found \"%s\" as "
                                  "columns %zu and %zu", csv->header[i], j + 1, i + 1);
                    break;
                }
        r->bad = 0;
        return;
    }
    if (!r->bad && r->n_fields != csv->n_cols) {
        cor_diags_add(r->diags, COR_ERROR, csv->name, r->row_line, NULL,
                      "expected %zu fields as in the header, found %zu", csv->n_cols,
                      r->n_fields);
        r->bad = 1;
    }
    if (!r->bad && csv->n_rows == (size_t)r->max_rows) {
        cor_diags_add(r->diags, COR_ERROR, csv->name, r->row_line, NULL,
                      "expected at most %ld rows, found more", r->max_rows);
        r->stop = 1;
        goto done;
    }
    if (!r->bad) {
        if (csv->n_rows % 64 == 0) {
            cor_csv_row *rows = realloc(csv->rows, (csv->n_rows + 64) * sizeof *rows);
            if (!rows) {
                r->nomem = 1;
                goto done;
            }
            csv->rows = rows;
        }
        /* one block per row: the array of pointers, then the strings */
        size_t bytes = r->n_fields * sizeof(char *);
        for (size_t i = 0; i < r->n_fields; i++)
            bytes += strlen(r->fields[i]) + 1;
        char **fields = malloc(bytes);
        if (!fields) {
            r->nomem = 1;
            goto done;
        }
        char *text = (char *)(fields + r->n_fields);
        for (size_t i = 0; i < r->n_fields; i++) {
            size_t len = strlen(r->fields[i]) + 1;
            memcpy(text, r->fields[i], len);
            fields[i] = text;
            text += len;
        }
        csv->rows[csv->n_rows].line = r->row_line;
        csv->rows[csv->n_rows].fields = fields;
        csv->n_rows++;
    }
done:
    free_fields(r->fields, r->n_fields);
    r->n_fields = 0;
    r->bad = 0;
}

void cor_csv_free(cor_csv *csv)
{
    if (!csv)
        return;
    for (size_t i = 0; i < csv->n_rows; i++)
        free(csv->rows[i].fields);
    free(csv->rows);
    if (csv->header)
        free_fields(csv->header, csv->n_cols);
    free(csv->header);
    free(csv->name);
    free(csv);
}

int cor_csv_col(const cor_csv *csv, const char *name)
{
    for (size_t i = 0; i < csv->n_cols; i++)
        if (strcmp(csv->header[i], name) == 0)
            return (int)i;
    return -1;
}

cor_status cor_csv_read(const char *path, const char *name, cor_csv **out, cor_diags *diags)
{
    return cor_csv_read_limited(path, name, NULL, out, diags);
}

cor_status cor_csv_read_limited(const char *path, const char *name, const cor_net_limits *lim,
                                cor_csv **out, cor_diags *diags)
{
    cor_net_limits def;
    if (!lim) {
        cor_net_limits_default(&def);
        lim = &def;
    }
    const long long max_bytes = lim->max_file_bytes;
    *out = NULL;
    FILE *f = cor_fopen_read(path);
    if (!f) {
        cor_diags_add(diags, COR_ERROR, name, 0, NULL, "cannot open: %s", strerror(errno));
        return COR_ERR_IO;
    }
    cor_csv *csv = calloc(1, sizeof *csv);
    struct csv_parser p;
    if (!csv || !(csv->name = cor_strdup(name)) || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) {
        fclose(f);
        cor_csv_free(csv);
        return COR_ERR_NOMEM;
    }
    reader r = {.csv = csv, .diags = diags, .line = 1, .max_rows = lim->max_rows};
    int parse_error = 0;
    struct stat st;
    if (fstat(fileno(f), &st) != 0)
        st.st_mode = 0;
    if (S_ISREG(st.st_mode) && st.st_size > max_bytes) {
        cor_diags_add(diags, COR_ERROR, name, 0, NULL,
                      "expected a file of at most %lld bytes, found %lld bytes", max_bytes,
                      (long long)st.st_size);
        parse_error = 1;
    }
    /* read in blocks (never a whole line at once: a file without newlines would be read into
     * memory entire) and feed libcsv up to each newline, counting lines */
    static const size_t block = 64 * 1024;
    char *buf = malloc(block);
    if (!buf)
        r.nomem = 1;
    long long total = 0;
    long line_len = 0;
    size_t n;
    while (!parse_error && !r.nomem && !r.stop && (n = fread(buf, 1, block, f)) > 0) {
        size_t off = 0;
        if (total == 0 && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
            off = 3; /* a UTF-8 byte order mark, as spreadsheets write */
        total += (long long)n;
        if (total > max_bytes) {
            cor_diags_add(diags, COR_ERROR, name, r.line, NULL,
                          "expected a file of at most %lld bytes, found more", max_bytes);
            parse_error = 1;
            break;
        }
        while (off < n && !r.nomem && !r.stop) {
            char *nl = memchr(buf + off, '\n', n - off);
            size_t len = nl ? (size_t)(nl - (buf + off)) + 1 : n - off;
            line_len += (long)len;
            if (line_len > COR_CSV_MAX_LINE_BYTES) {
                cor_diags_add(diags, COR_ERROR, name, r.line, NULL,
                              "expected a line of at most %ld bytes, found a longer one",
                              COR_CSV_MAX_LINE_BYTES);
                parse_error = 1;
                break;
            }
            if (csv_parse(&p, buf + off, len, on_field, on_row, &r) != len) {
                cor_diags_add(diags, COR_ERROR, name, r.line, NULL, "malformed CSV: %s",
                              csv_strerror(csv_error(&p)));
                parse_error = 1;
                break;
            }
            if (p.entry_pos > (size_t)COR_CSV_MAX_LINE_BYTES) {
                /* a quoted field over many lines, which libcsv keeps in memory */
                cor_diags_add(diags, COR_ERROR, name, r.line, NULL,
                              "expected a field of at most %d bytes, found a quoted field "
                              "longer than %ld bytes", COR_CSV_MAX_FIELD_BYTES,
                              COR_CSV_MAX_LINE_BYTES);
                parse_error = 1;
                break;
            }
            off += len;
            if (nl) {
                r.line++;
                line_len = 0;
            }
        }
    }
    if (line_len > 0)
        r.line++; /* a last line without a newline */
    if (!parse_error && !r.nomem && !r.stop && ferror(f))
        cor_diags_add(diags, COR_ERROR, name, 0, NULL, "read error: %s", strerror(errno));
    if (!parse_error && !r.nomem && !r.stop && csv_fini(&p, on_field, on_row, &r) != 0)
        cor_diags_add(diags, COR_ERROR, name, r.line - 1, NULL,
                      "malformed CSV: a quoted field is not closed at the end of the file");
    free(buf);
    csv_free(&p);
    free_fields(r.fields, r.n_fields);
    free(r.fields);
    fclose(f);
    if (r.nomem) {
        cor_csv_free(csv);
        return COR_ERR_NOMEM;
    }
    if (!csv->header && !parse_error && !r.stop)
        cor_diags_add(diags, COR_ERROR, name, 1, NULL, "expected a header row, found %s",
                      S_ISFIFO(st.st_mode) ? "an empty FIFO (no process writes it)"
                                           : "an empty file");
    *out = csv;
    return COR_OK;
}

void cor_csv_put(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int cor_csv_columns(const cor_csv *csv, const char *const *names, size_t n, int *idx,
                    cor_diags *diags)
{
    if (!csv->header) {
        cor_diags_add(diags, COR_ERROR, csv->name, 1, NULL, "expected a header line, found none");
        return 0;
    }
    int ok = 1;
    for (size_t c = 0; c < n; c++)
        if ((idx[c] = cor_csv_col(csv, names[c])) < 0) {
            cor_diags_add(diags, COR_ERROR, csv->name, 1, names[c],
                          "expected a column named \"%s\" in the header, found none", names[c]);
            ok = 0;
        }
    return ok;
}
