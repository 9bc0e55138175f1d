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

/* Simple case folding (Unicode CaseFolding.txt, status C and S) of the scripts the corridor's
 * countries write names in: Latin (Basic, Latin-1, Extended-A, and Ə/ə of Azerbaijani), Greek,
 * Cyrillic, Armenian, Georgian (Asomtavruli and Mtavruli fold to Mkhedruli); İ folds to i as
 * in Azerbaijani and Turkish. Other code points are returned as they are. */
uint32_t cor_fold_cp(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c == 0xB5)
        return 0x3BC; /* micro sign -> mu */
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130)
            return 'i'; /* İ -> i, the Turkic folding: Azerbaijani and Turkish names (ŞƏKİ is
                           Şəki); dotless ı stays itself */
        if (c == 0x131 || c == 0x138 || c == 0x149)
            return c; /* dotless i, kra, 'n: no simple folding */
        if (c == 0x178)
            return 0xFF;
        if (c == 0x17F)
            return 's';
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return c & 1 ? c + 1 : c; /* odd capitals */
        return c & 1 ? c : c + 1;    /* even capitals */
    }
    if (c == 0x18F)
        return 0x259; /* Ə -> ə (Azerbaijani) */
    /* Greek */
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB))
        return c + 32;
    if (c == 0x3C2)
        return 0x3C3; /* final sigma */
    /* Cyrillic */
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F))
        return c & 1 ? c : c + 1;
    if (c == 0x4C0)
        return 0x4CF;
    if (c >= 0x4C1 && c <= 0x4CE)
        return c & 1 ? c + 1 : c;
    /* Armenian */
    if (c >= 0x531 && c <= 0x556)
        return c + 48;
    /* Georgian */
    if ((c >= 0x10A0 && c <= 0x10C5) || c == 0x10C7 || c == 0x10CD)
        return c - 0x10A0 + 0x2D00;
    if ((c >= 0x1C90 && c <= 0x1CBA) || (c >= 0x1CBD && c <= 0x1CBF))
        return c - 0x1C90 + 0x10D0;
    return c;
}

/* The code point at *s (advancing s); a byte that starts no valid sequence stands for itself
 * (as 0x110000 + byte, above every code point), so any bytes compare. */
static uint32_t next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t c = *p;
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n > 0) {
        c &= 0x3F >> n;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) {
                n = -1;
                break;
            }
            c = (c << 6) | (p[i] & 0x3F);
        }
    }
    if (n < 0) {
        *s = p + 1;
        return 0x110000u + *p;
    }
    *s = p + n + 1;
    return c;
}

int cor_strcasecmp_utf8(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    for (;;) {
        uint32_t ca = *p ? cor_fold_cp(next_cp(&p)) : 0, cb = *q ? cor_fold_cp(next_cp(&q)) : 0;
        if (ca != cb || !ca)
            return ca < cb ? -1 : ca > cb;
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

cor_status cor_pick_word(const char *s, const char *const *names, const char *list, int *out,
                         cor_err *err)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return COR_OK;
        }
    return cor_err_set(err, COR_ERR_INPUT, "expected %s, found \"%.80s\"", list, s);
}

cor_status cor_each_word(const char *s, cor_status (*f)(const char *w, void *ctx), void *ctx,
                         cor_err *err)
{
    if (*s && (s[0] == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,")))
        return cor_err_set(err, COR_ERR_INPUT, "expected names separated by single commas, "
                                               "found an empty one in \"%.80s\"", s);
    char *buf = cor_strdup(s);
    if (!buf)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    cor_status st = COR_OK;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w && st == COR_OK; w = strtok_r(NULL, ",", &save))
        st = f(w, ctx);
    free(buf);
    return st;
}
