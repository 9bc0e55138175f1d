/* Reads a CSV file with libcsv, fed one line at a time so that every row knows its line. */
#include "load/csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
} reader;

int cor_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        size_t n;
        unsigned min;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, min = 0x10000, c &= 0x07;
        } else {
            return 0;
        }
        if ((size_t)(end - p) <= n)
            return 0;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

static void free_fields(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(fields[i]);
}

static void on_field(void *data, size_t len, void *arg)
{
    reader *r = arg;
    if (r->nomem)
        return;
    if (r->n_fields == 0)
        r->row_line = r->line;
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
    if (r->nomem)
        goto done;
    if (!csv->header) {
        csv->header = r->fields;
        csv->n_cols = r->n_fields;
        r->fields = NULL;
        r->n_fields = r->cap_fields = 0;
        if (r->bad)
            cor_diags_add(r->diags, COR_ERROR, csv->name, r->row_line, NULL,
                          "the header row is unreadable");
        r->bad = 0;
        return;
    }
    if (!r->bad && r->n_fields != csv->n_cols) {
        cor_diags_add(r->diags, COR_ERROR, csv->name, r->row_line, NULL,
                      "expected %zu fields as in the header, found %zu", csv->n_cols,
                      r->n_fields);
        r->bad = 1;
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
        char **fields = malloc(r->n_fields * sizeof *fields);
        if (!fields) {
            r->nomem = 1;
            goto done;
        }
        memcpy(fields, r->fields, r->n_fields * sizeof *fields);
        csv->rows[csv->n_rows].line = r->row_line;
        csv->rows[csv->n_rows].fields = fields;
        csv->n_rows++;
        r->n_fields = 0;
        return;
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
    for (size_t i = 0; i < csv->n_rows; i++) {
        free_fields(csv->rows[i].fields, csv->n_cols);
        free(csv->rows[i].fields);
    }
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
    *out = NULL;
    FILE *f = fopen(path, "rb");
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
    reader r = {.csv = csv, .diags = diags, .line = 1};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long total = 0;
    int parse_error = 0;
    while (!parse_error && !r.nomem && (len = getline(&line, &cap, f)) != -1) {
        char *data = line;
        total += len;
        if (total > COR_CSV_MAX_FILE_BYTES) {
            cor_diags_add(diags, COR_ERROR, name, r.line, NULL,
                          "file is larger than %ld bytes; expected a smaller network file",
                          COR_CSV_MAX_FILE_BYTES);
            parse_error = 1;
            break;
        }
        if (r.line == 1 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            data += 3, len -= 3; /* a UTF-8 byte order mark, as spreadsheets write */
        if (csv_parse(&p, data, (size_t)len, on_field, on_row, &r) != (size_t)len) {
            cor_diags_add(diags, COR_ERROR, name, r.line, NULL, "malformed CSV: %s",
                          csv_strerror(csv_error(&p)));
            parse_error = 1;
        }
        r.line++;
    }
    if (!parse_error && !r.nomem && ferror(f))
        cor_diags_add(diags, COR_ERROR, name, 0, NULL, "read error: %s", strerror(errno));
    if (!parse_error && !r.nomem && csv_fini(&p, on_field, on_row, &r) != 0)
        cor_diags_add(diags, COR_ERROR, name, r.line - 1, NULL,
                      "malformed CSV: a quoted field is not closed at the end of the file");
    csv_free(&p);
    free(line);
    free_fields(r.fields, r.n_fields);
    free(r.fields);
    fclose(f);
    if (r.nomem) {
        cor_csv_free(csv);
        return COR_ERR_NOMEM;
    }
    if (!csv->header)
        cor_diags_add(diags, COR_ERROR, name, 1, NULL, "expected a header row, found an empty file");
    *out = csv;
    return COR_OK;
}
