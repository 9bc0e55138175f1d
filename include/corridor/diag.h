/*
 * corridor: status codes, single errors and diagnostic lists.
 * A failing call returns a non-zero cor_status and, where it takes one, fills a cor_err
 * with a message that says what failed first ("no route from Baku to Kars avoiding GE").
 */
#ifndef CORRIDOR_DIAG_H
#define CORRIDOR_DIAG_H

#include <stddef.h>
#include <stdint.h>

typedef enum cor_status {
    COR_OK = 0,
    COR_ERR_INPUT,    /* bad input: a file, an argument, a name */
    COR_ERR_NOMEM,    /* out of memory */
    COR_ERR_IO,       /* a file could not be read or written */
    COR_ERR_NOTFOUND, /* an unknown node or name */
    COR_ERR_NOROUTE,  /* the query has no answer under its constraints */
    COR_ERR_CANCELLED /* the caller's cancel callback stopped the work */
} cor_status;

typedef struct cor_err {
    cor_status status;
    char msg[1024];
} cor_err;

/* Sets err (when not NULL) and returns status, so that callers can write
 * `return cor_err_set(err, COR_ERR_INPUT, "...")`. */
cor_status cor_err_set(cor_err *err, cor_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses text as the number of an option or a query parameter, as network files are read:
 * plain decimals only (no hex, inf or nan, nothing around it), from min to max, and a whole
 * number when whole. COR_OK with *out set; else COR_ERR_INPUT with err's message "expected a
 * number from MIN to MAX, found \"TEXT\"" (or "a whole number"; ">= MIN" when max is
 * INFINITY), to which the caller puts
 * the option's name in front (the CLI "--tonnes: ", the server "tonnes: "). */
cor_status cor_number_parse(const char *text, double min, double max, int whole, double *out,
                            cor_err *err);
/* Parses text as a random seed: decimal digits only, 0 to 2^64 - 1 (more than a double holds
 * exactly). COR_OK with *out set; else COR_ERR_INPUT with err's message "expected a whole
 * number >= 0, found \"TEXT\"". */
cor_status cor_seed_parse(const char *text, uint64_t *out, cor_err *err);

typedef enum cor_severity { COR_WARNING, COR_ERROR } cor_severity;

/* One finding about an input file. line is 1-based (the header is line 1); 0 means the
 * file as a whole. field may be NULL. */
typedef struct cor_diag {
    cor_severity severity;
    char *file;
    long line;
    char *field;
    char *msg;
} cor_diag;

/* A growing list of findings, so that a loader can report every problem in one run. */
typedef struct cor_diags cor_diags;

cor_diags *cor_diags_new(void);                /* NULL when out of memory */
void cor_diags_free(cor_diags *d);             /* cor_diags_free(NULL) does nothing */
size_t cor_diags_count(const cor_diags *d);
size_t cor_diags_errors(const cor_diags *d);   /* how many have severity COR_ERROR */
const cor_diag *cor_diags_get(const cor_diags *d, size_t i);

/* Appends a finding. Returns COR_OK or COR_ERR_NOMEM (the list is then unchanged).
 * d may be NULL: the finding is dropped but still counts as a failure for the caller. */
cor_status cor_diags_add(cor_diags *d, cor_severity sev, const char *file, long line,
                         const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Formats one finding as "file:line: field: msg" (errors) or
 * "file:line: warning: field: msg" (warnings) into buf, always NUL-terminated. */
void cor_diag_format(const cor_diag *item, char *buf, size_t size);

#endif
