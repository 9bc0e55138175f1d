/* Small string helpers shared by the library (internal). */
#ifndef COR_UTIL_STRUTIL_H
#define COR_UTIL_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif
