/* Status codes, error records and diagnostic lists (see corridor/diag.h). */
#include "corridor/diag.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/strutil.h"

struct cor_diags {
    cor_diag *items;
    size_t n, cap, errors;
};

cor_status cor_err_set(cor_err *err, cor_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

cor_diags *cor_diags_new(void)
{
    return calloc(1, sizeof(cor_diags));
}

void cor_diags_free(cor_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].field);
        free(d->items[i].msg);
    }
    free(d->items);
    free(d);
}

size_t cor_diags_count(const cor_diags *d) { return d ? d->n : 0; }
size_t cor_diags_errors(const cor_diags *d) { return d ? d->errors : 0; }

const cor_diag *cor_diags_get(const cor_diags *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

cor_status cor_diags_add(cor_diags *d, cor_severity sev, const char *file, long line,
                         const char *field, const char *fmt, ...)
{
    if (!d)
        return COR_OK;
    if (!cor_grow(&d->items, d->n, &d->cap, sizeof *d->items))
        return COR_ERR_NOMEM;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cor_diag it = {sev, cor_strdup(file ? file : ""), line, field ? cor_strdup(field) : NULL,
                   cor_strdup(msg)};
    if (!it.file || !it.msg || (field && !it.field)) {
        free(it.file);
        free(it.field);
        free(it.msg);
        return COR_ERR_NOMEM;
    }
    d->items[d->n++] = it;
    if (sev == COR_ERROR)
        d->errors++;
    return COR_OK;
}

void cor_diag_format(const cor_diag *it, char *buf, size_t size)
{
    char where[512];
    if (it->line > 0)
        snprintf(where, sizeof where, "%s:%ld", it->file, it->line);
    else
        snprintf(where, sizeof where, "%s", it->file);
    snprintf(buf, size, "%s: %s%s%s%s", where, it->severity == COR_WARNING ? "warning: " : "",
             it->field ? it->field : "", it->field ? ": " : "", it->msg);
}

cor_status cor_number_parse(const char *text, double min, double max, int whole, double *out,
                            cor_err *err)
{
    /* [+-] digits [. digits] [(e|E) [+-] digits]: what strtod reads beyond that (hex, inf,
     * nan, blanks) is refused, as in network files */
    const char *p = text;
    int digits = 0;
    if (*p == '+' || *p == '-')
        p++;
    for (; isdigit((unsigned char)*p); p++)
        digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (digits && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            digits = 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    double v = digits && !*p ? strtod(text, NULL) : NAN;
    if (!isfinite(v) || v < min || v > max || (whole && v != floor(v))) {
        const char *what = whole ? "a whole number" : "a number";
        if (isinf(max))
            return cor_err_set(err, COR_ERR_INPUT, "expected %s >= %g, found \"%.64s\"", what,
                               min, text);
        return cor_err_set(err, COR_ERR_INPUT, "expected %s from %g to %g, found \"%.64s\"",
                           what, min, max, text);
    }
    *out = v;
    return COR_OK;
}

cor_status cor_seed_parse(const char *text, uint64_t *out, cor_err *err)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (!isdigit((unsigned char)text[0]) || *end || errno)
        return cor_err_set(err, COR_ERR_INPUT, "expected a whole number >= 0, found \"%.64s\"",
                           text);
    *out = v;
    return COR_OK;
}
