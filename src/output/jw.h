/* A streaming JSON writer for the hot answers (route, table, OSRM; issue 20): appends straight
 * into one growing buffer, no tree, and writes exactly the bytes jansson's json_dumps writes
 * with JSON_COMPACT | JSON_REAL_PRECISION(prec), so the two can be used side by side (internal). */
#ifndef COR_OUTPUT_JW_H
#define COR_OUTPUT_JW_H

#include <stddef.h>

/* The writer. Fill with cor_jw_init(); every call after the first failure does nothing, and
 * cor_jw_finish() then returns NULL. Commas are placed by the writer: after a key comes one
 * value; inside an array, values one after another. */
typedef struct {
    char *buf;      /* the text so far (NUL-terminated by cor_jw_finish) */
    size_t len, cap;
    int prec;       /* significant digits of reals, as JSON_REAL_PRECISION (1-17) */
    int comma;      /* a value was written at this level: the next one needs a comma */
    int failed;     /* out of memory, a string that is not UTF-8, or a non-finite real */
} cor_jw;

/* An empty writer with `prec` significant digits for reals (10 in docs/json.md; 17 as
 * jansson without JSON_REAL_PRECISION). Allocates nothing until the first write. */
void cor_jw_init(cor_jw *w, int prec);

/* The text (NUL-terminated; the caller frees it), or NULL when a call failed: out of memory,
 * a string or key that is not valid UTF-8 (which jansson refuses too), or a NaN or infinite
 * real (which jansson cannot hold). The writer is empty afterwards. */
char *cor_jw_finish(cor_jw *w);

/* Continues an object already written as compact JSON text (by cor_jw_finish() or jansson's
 * json_dumps(); the writer takes the malloc'd text over): its closing '}' is taken off, so
 * that keys can be added, then cor_jw_obj_end() and cor_jw_finish() as usual. The bytes are
 * those jansson writes after json_loads(), json_object_set_new() of the new keys and
 * json_dumps() with the same flags, without parsing anything. Text that does not end in '}'
 * (or NULL) fails the writer. */
void cor_jw_reopen(cor_jw *w, char *json);

/* Frees what the writer holds (after a failure, or to give up). */
void cor_jw_free(cor_jw *w);

void cor_jw_obj(cor_jw *w);    /* { */
void cor_jw_obj_end(cor_jw *w); /* } */
void cor_jw_arr(cor_jw *w);    /* [ */
void cor_jw_arr_end(cor_jw *w); /* ] */
/* An object's key, escaped as a string; the next call writes its value. */
void cor_jw_key(cor_jw *w, const char *key);

/* A key that is a string literal needing no escape (letters, digits, '_'), written as it is:
 * COR_JW_KEY(w, "km"). */
#define COR_JW_KEY(w, lit) cor_jw_key_lit((w), "\"" lit "\":", sizeof("\"" lit "\":") - 1)
void cor_jw_key_lit(cor_jw *w, const char *quoted, size_t len);
/* ... with its value */
#define COR_JW_KSTR(w, lit, s) (COR_JW_KEY(w, lit), cor_jw_str((w), (s)))
#define COR_JW_KREAL(w, lit, x) (COR_JW_KEY(w, lit), cor_jw_real((w), (x)))
#define COR_JW_KINT(w, lit, x) (COR_JW_KEY(w, lit), cor_jw_int((w), (x)))
#define COR_JW_KBOOL(w, lit, b) (COR_JW_KEY(w, lit), cor_jw_bool((w), (b)))

/* Values. A string is escaped as jansson does: \" \\ \b \f \n \r \t, other control characters
 * as \u00XX (upper-case hex), everything else (UTF-8, '/', DEL) as it is. A NULL string or
 * key fails the writer, as json_pack() fails on it. */
void cor_jw_str(cor_jw *w, const char *s);
void cor_jw_str_or_null(cor_jw *w, const char *s); /* null when s is NULL */
void cor_jw_real(cor_jw *w, double x);             /* as jansson: "%.{prec}g", ".0" added
                                                       to an integer, exponent without '+'
                                                       or leading zeros (1e20, 1e-5) */
void cor_jw_int(cor_jw *w, long long x);
void cor_jw_bool(cor_jw *w, int b);
void cor_jw_null(cor_jw *w);
/* A value already written as JSON (compact), copied as it is. */
void cor_jw_raw(cor_jw *w, const char *json, size_t len);

#endif
