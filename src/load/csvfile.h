/* Reads a whole RFC 4180 CSV file (libcsv) into rows of strings, remembering each row's line. */
#ifndef COR_LOAD_CSVFILE_H
#define COR_LOAD_CSVFILE_H

#include <stddef.h>
#include <stdio.h>

#include "corridor/diag.h"
#include "corridor/net.h"
#include "util/strutil.h" /* cor_utf8_valid */

/* Limits of a CSV file (docs/security.md). With them a file of N bytes needs at most a few
 * times N bytes of memory, whatever its content: rows are stored in one block each, and a
 * line, a field or a row with too many fields stops the reading with an error. The file size
 * and row count are the defaults of cor_net_limits (adjustable); the others are fixed. */
#define COR_CSV_MAX_FILE_BYTES ((long)COR_NET_DEFAULT_FILE_MB * 1024 * 1024)
#define COR_CSV_MAX_LINE_BYTES (1L << 20)
#define COR_CSV_MAX_FIELD_BYTES 4096
#define COR_CSV_MAX_FIELDS 256
#define COR_CSV_MAX_ROWS 4000000L

typedef struct cor_csv_row {
    long line;      /* line on which the row starts (the header is line 1) */
    char **fields;  /* exactly n_cols fields, each NUL-terminated (one block with the array) */
} cor_csv_row;

typedef struct cor_csv {
    char *name;     /* file name as shown in messages */
    size_t n_cols;
    char **header;
    size_t n_rows;
    cor_csv_row *rows;
} cor_csv;

/* Reads path. Problems (a missing file, malformed quoting, invalid UTF-8, a row with the wrong
 * number of fields, an over-long field, a file over the limits above) are added to diags as errors under the name `name`;
 * rows with problems are left out. Returns COR_OK with *out set (possibly with errors in diags),
 * COR_ERR_IO when the file cannot be read at all (*out is NULL), or COR_ERR_NOMEM.
 * The caller frees *out with cor_csv_free(). */
cor_status cor_csv_read(const char *path, const char *name, cor_csv **out, cor_diags *diags);
/* cor_csv_read() with the file size and row caps of lim (NULL: the defaults). */
cor_status cor_csv_read_limited(const char *path, const char *name, const cor_net_limits *lim,
                                cor_csv **out, cor_diags *diags);
void cor_csv_free(cor_csv *csv);

/* Index of the column named `name`, or -1. */
int cor_csv_col(const cor_csv *csv, const char *name);

/* The indices of the n columns named in names, into idx. Returns 1 when the header has them
 * all; otherwise adds an error at line 1 for a missing header or for each missing column, and
 * returns 0. */
int cor_csv_columns(const cor_csv *csv, const char *const *names, size_t n, int *idx,
                    cor_diags *diags);

/* Writes s as one CSV field: as it is, or quoted (quotes doubled) when it holds a comma, a quote
 * or a line break (RFC 4180), so that cor_csv_read() gives it back. */
void cor_csv_put(FILE *f, const char *s);

#endif
