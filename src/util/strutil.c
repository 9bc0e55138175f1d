/* Small string helpers shared by the library. */
#include "util/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

char *cor_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int cor_strcasecmp_ascii(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}

bool cor_is_blank(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return *s == '\0';
}

bool cor_parse_double(const char *s, double *out)
{
    char *end;
    if (cor_is_blank(s))
        return false;
    errno = 0;
    double v = strtod(s, &end);
    if (errno == ERANGE || end == s || !cor_is_blank(end) || !isfinite(v))
        return false;
    /* strtod accepts hex floats, "inf" and "nan"; a network file has decimals only */
    for (const char *p = s; p < end; p++)
        if (!(isdigit((unsigned char)*p) || strchr("+-.eE \t", *p)))
            return false;
    *out = v;
    return true;
}

bool cor_parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    if (cor_is_blank(s))
        return false;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno == ERANGE || end == s || !cor_is_blank(end) || v < min || v > max)
        return false;
    *out = v;
    return true;
}

size_t cor_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return cap;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t v = diag + !same;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best >= cap)
            return cap;
    }
    return row[lb] < cap ? row[lb] : cap;
}
