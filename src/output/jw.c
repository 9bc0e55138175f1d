/* The streaming JSON writer (jw.h): the bytes of jansson's json_dumps(JSON_COMPACT |
 * JSON_REAL_PRECISION(p)) without building a tree, and reals without snprintf in the common
 * case. tests/unit/test_jw.c compares it with jansson on random values. */
#include "output/jw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cor_jw_init(cor_jw *w, int prec)
{
    memset(w, 0, sizeof *w);
    w->prec = prec < 1 ? 17 : prec > 17 ? 17 : prec;
}

void cor_jw_free(cor_jw *w)
{
    free(w->buf);
    int prec = w->prec;
    cor_jw_init(w, prec);
}

char *cor_jw_finish(cor_jw *w)
{
    char *s = NULL;
    if (!w->failed && w->buf) {
        s = w->buf;
        s[w->len] = '\0'; /* room() always keeps a byte for it */
    } else if (!w->failed) {
        s = calloc(1, 1);
    } else {
        free(w->buf);
    }
    w->buf = NULL;
    cor_jw_free(w);
    return s;
}

void cor_jw_reopen(cor_jw *w, char *json)
{
    size_t len = json ? strlen(json) : 0;
    if (w->failed || w->buf || len < 2 || json[0] != '{' || json[len - 1] != '}') {
        free(json);
        w->failed = 1;
        return;
    }
    w->buf = json;
    w->cap = len + 1;
    w->len = len - 1;
    w->comma = len > 2; /* "{}": the first key needs no comma */
}

/* Makes room for n more bytes and the final NUL by growing the buffer; 0 on failure. */
static int grow(cor_jw *w, size_t n)
{
    if (w->failed)
        return 0;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap < w->len + n + 1) {
        if (cap > SIZE_MAX / 2) {
            w->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    char *b = realloc(w->buf, cap);
    if (!b) {
        w->failed = 1;
        return 0;
    }
    w->buf = b;
    w->cap = cap;
    return 1;
}

/* Room for n more bytes and the final NUL; 0 when the writer has failed. */
static inline int room(cor_jw *w, size_t n)
{
    return (w->len + n + 1 <= w->cap && !w->failed) || grow(w, n);
}

static void put(cor_jw *w, const char *s, size_t n)
{
    if (!room(w, n))
        return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void put_c(cor_jw *w, char c)
{
    if (!room(w, 1))
        return;
    w->buf[w->len++] = c;
}

/* A value or key begins: a comma if one was written before it at this level. */
static void begin(cor_jw *w)
{
    if (w->comma)
        put_c(w, ',');
}

void cor_jw_obj(cor_jw *w)
{
    begin(w);
    put_c(w, '{');
    w->comma = 0;
}

void cor_jw_obj_end(cor_jw *w)
{
    put_c(w, '}');
    w->comma = 1;
}

void cor_jw_arr(cor_jw *w)
{
    begin(w);
    put_c(w, '[');
    w->comma = 0;
}

void cor_jw_arr_end(cor_jw *w)
{
    put_c(w, ']');
    w->comma = 1;
}

/* Length of the UTF-8 sequence at s as jansson accepts it (no overlong forms, surrogates or
 * code points above U+10FFFF), 0 if it is not one. s is NUL-terminated. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    if ((s[1] & 0xC0) != 0x80)
        return 0;
    if (c < 0xE0)
        return 2;
    if ((s[2] & 0xC0) != 0x80)
        return 0;
    if (c < 0xF0) {
        unsigned cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : 3;
    }
    if ((s[3] & 0xC0) != 0x80)
        return 0;
    unsigned cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
                  (s[3] & 0x3Fu);
    return cp < 0x10000 || cp > 0x10FFFF ? 0 : 4;
}

static const char hex[] = "0123456789ABCDEF";

/* the bytes a string cannot hold as they are: NUL (its end), control characters, '"', '\\',
 * and the bytes of UTF-8 sequences, which are checked */
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char special[256] = {
    R16(1), R16(1), 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, R16(0), R16(0),
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, R16(0), R16(0),
    R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1)};
#undef R16

/* "s", escaped as jansson's dump_string() without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH.
 * Room for the longest escape (6 bytes a byte) is made once, then bytes are stored directly. */
static void put_string(cor_jw *w, const char *str)
{
    if (!str) { /* as json_pack's "s" with NULL */
        w->failed = 1;
        return;
    }
    size_t len = strlen(str);
    if (len > (SIZE_MAX - 2) / 6 || !room(w, 6 * len + 2))
        return;
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    char *p = w->buf + w->len;
    *p++ = '"';
    for (;;) {
        /* eight plain bytes at a time: none below 0x20, '"', '\\' or from 0x80 (the tests
         * for a zero byte of Hacker's Delight 6-1, which may flag a plain byte after a special
         * one: the byte loop below then decides) */
        while (end - s >= 8) {
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t x, q, b;
            memcpy(&x, s, 8);
            q = x ^ (ones * '"');
            b = x ^ (ones * '\\');
            if (((x - ones * 0x20) & ~x & high) | ((q - ones) & ~q & high) |
                ((b - ones) & ~b & high) | (x & high))
                break;
            memcpy(p, s, 8);
            p += 8;
            s += 8;
        }
        unsigned c = *s;
        if (!special[c]) {
            *p++ = (char)c;
            s++;
            continue;
        }
        if (c == 0)
            break;
        if (c >= 0x80) {
            int n = utf8_len(s);
            if (!n) {
                w->failed = 1;
                return;
            }
            memcpy(p, s, (size_t)n);
            p += n;
            s += n;
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            memcpy(p, "u00", 3);
            p[3] = hex[c >> 4];
            p[4] = hex[c & 15];
            p += 5;
        }
        s++;
    }
    *p++ = '"';
    w->len = (size_t)(p - w->buf);
}

void cor_jw_key(cor_jw *w, const char *key)
{
    begin(w);
    put_string(w, key);
    put_c(w, ':');
    w->comma = 0;
}

void cor_jw_key_lit(cor_jw *w, const char *quoted, size_t len)
{
    if (!room(w, len + 1))
        return;
    if (w->comma)
        w->buf[w->len++] = ',';
    memcpy(w->buf + w->len, quoted, len);
    w->len += len;
    w->comma = 0;
}

void cor_jw_str(cor_jw *w, const char *s)
{
    begin(w);
    put_string(w, s);
    w->comma = 1;
}

void cor_jw_str_or_null(cor_jw *w, const char *s)
{
    if (s)
        cor_jw_str(w, s);
    else
        cor_jw_null(w);
}

/* jansson's jsonp_dtostr(): "%.*g", then ".0" when there is neither '.' nor 'e', then the
 * exponent without '+' and leading zeros. */
static int format_slow(char *buf, double x, int prec)
{
    int n = snprintf(buf, 32, "%.*g", prec, x);
    if (n < 0 || n >= 29)
        return -1;
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        buf[n++] = '.';
        buf[n++] = '0';
        buf[n] = '\0';
    }
    char *e = strchr(buf, 'e');
    if (e) {
        char *start = e + 1, *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(n - (end - buf)) + 1);
            n -= (int)(end - start);
        }
    }
    return n;
}

static const double pow10_tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* "%.{prec}g" for 1e-4 <= |x| < 10^prec (fixed notation), prec <= 15, without snprintf:
 * x scaled to prec digits by one multiplication or division by an exact power of ten, so the
 * scaled value is within 2^-53 (relative) of the exact one; it is rounded here only when that
 * error cannot reach a halfway point, else -1 (format_slow() decides, as glibc rounds the exact
 * binary value). */
static int format_fast(char *buf, double x, int prec)
{
    double a = fabs(x);
    if (!(a >= 1e-4) || prec > 15 || a >= pow10_tab[prec])
        return -1;
    int e = 0; /* 10^e <= a < 10^(e+1) */
    if (a >= 1) {
        while (e + 1 < prec && a >= pow10_tab[e + 1])
            e++;
    } else {
        e = -1;
        while (a * pow10_tab[-e] < 1) /* exact comparison is not needed: rounding checks it */
            e--;
    }
    int k = prec - 1 - e;
    double s = k >= 0 ? a * pow10_tab[k] : a / pow10_tab[-k];
    double r = floor(s), f = s - r;
    double eps = pow10_tab[prec] * 2.3e-16;
    if (fabs(f - 0.5) <= eps)
        return -1;
    uint64_t m = (uint64_t)r + (f > 0.5);
    uint64_t top = (uint64_t)pow10_tab[prec], low = (uint64_t)pow10_tab[prec - 1];
    if (m >= top) {
        m /= 10;
        e++;
    } else if (m < low) /* a was just below 10^(e+1) or the guess of e was off: let snprintf */
        return -1;
    if (e >= prec || e < -4)
        return -1;
    char dig[20];
    for (int i = prec - 1; i >= 0; i--) {
        dig[i] = (char)('0' + m % 10);
        m /= 10;
    }
    int nd = prec; /* significant digits after trailing zeros of the fraction are dropped */
    int n = 0;
    if (x < 0)
        buf[n++] = '-';
    if (e >= 0) {
        int ip = e + 1; /* digits before the point */
        while (nd > ip && dig[nd - 1] == '0')
            nd--;
        memcpy(buf + n, dig, (size_t)ip);
        n += ip;
        buf[n++] = '.';
        if (nd > ip) {
            memcpy(buf + n, dig + ip, (size_t)(nd - ip));
            n += nd - ip;
        } else
            buf[n++] = '0'; /* jansson's ".0" */
    } else {
        while (nd > 1 && dig[nd - 1] == '0')
            nd--;
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = 0; i < -e - 1; i++)
            buf[n++] = '0';
        memcpy(buf + n, dig, (size_t)nd);
        n += nd;
    }
    buf[n] = '\0';
    return n;
}

/* x as jansson writes it into buf (at least 32 bytes): its length, or -1 for NaN and
 * infinities */
static int format_real(char *buf, double x, int prec)
{
    if (!isfinite(x))
        return -1;
    if (x == 0) {
        strcpy(buf, signbit(x) ? "-0.0" : "0.0");
        return signbit(x) ? 4 : 3;
    }
    int n = format_fast(buf, x, prec);
    return n >= 0 ? n : format_slow(buf, x, prec);
}

void cor_jw_real(cor_jw *w, double x)
{
    char b[32];
    int n = format_real(b, x, w->prec);
    if (n < 0) {
        w->failed = 1;
        return;
    }
    begin(w);
    put(w, b, (size_t)n);
    w->comma = 1;
}

void cor_jw_int(cor_jw *w, long long x)
{
    char b[24], *p = b + sizeof b;
    unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (x < 0)
        *--p = '-';
    begin(w);
    put(w, p, (size_t)(b + sizeof b - p));
    w->comma = 1;
}

void cor_jw_bool(cor_jw *w, int b)
{
    begin(w);
    if (b)
        put(w, "true", 4);
    else
        put(w, "false", 5);
    w->comma = 1;
}

void cor_jw_null(cor_jw *w)
{
    begin(w);
    put(w, "null", 4);
    w->comma = 1;
}

void cor_jw_raw(cor_jw *w, const char *json, size_t len)
{
    begin(w);
    put(w, json, len);
    w->comma = 1;
}
