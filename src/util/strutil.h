/* Small string helpers shared by the library (internal). */
#ifndef COR_UTIL_STRUTIL_H
#define COR_UTIL_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"

char *cor_strdup(const char *s);              /* NULL when out of memory */
int cor_strcasecmp_ascii(const char *a, const char *b);
/* Simple Unicode case folding of one code point (Latin, Greek, Cyrillic, Armenian, Georgian). */
uint32_t cor_fold_cp(uint32_t c);
/* Compares UTF-8 strings without regard to case (each code point folded by cor_fold_cp()):
 * < 0, 0, > 0 as strcmp, a total order (invalid bytes compare as themselves). */
int cor_strcasecmp_utf8(const char *a, const char *b);
/* Parses a whole field as a finite double (surrounding blanks allowed). */
bool cor_parse_double(const char *s, double *out);
/* Parses a whole field as a long in [min, max]. */
bool cor_parse_long(const char *s, long min, long max, long *out);
bool cor_is_blank(const char *s);
/* True if s (len bytes) is well-formed UTF-8 (no overlong forms, surrogates or values over
 * U+10FFFF). */
int cor_utf8_valid(const char *s, size_t len);
/* Edit distance between two strings, compared without regard to ASCII case, capped at cap. */
size_t cor_edit_distance(const char *a, const char *b, size_t cap);
/* Option words, with the messages the option parsers share (route, flow and freight options):
 * cor_pick_word() sets *out to the index of s in names (NULL-terminated), else fails with
 * COR_ERR_INPUT "expected LIST, found \"S\"". cor_each_word() calls f on each word of the
 * ","-separated list s and returns its first failure; an empty word is COR_ERR_INPUT ("via=,,,"
 * is not "no via"), COR_ERR_NOMEM when out of memory. */
cor_status cor_pick_word(const char *s, const char *const *names, const char *list, int *out,
                         cor_err *err);
cor_status cor_each_word(const char *s, cor_status (*f)(const char *w, void *ctx), void *ctx,
                         cor_err *err);

#endif
