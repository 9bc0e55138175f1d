/* Small string helpers shared by the library (internal). */
#ifndef COR_UTIL_STRUTIL_H
#define COR_UTIL_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>

char *cor_strdup(const char *s);              /* NULL when out of memory */
int cor_strcasecmp_ascii(const char *a, const char *b);
/* Parses a whole field as a finite double (surrounding blanks allowed). */
bool cor_parse_double(const char *s, double *out);
/* Parses a whole field as a long in [min, max]. */
bool cor_parse_long(const char *s, long min, long max, long *out);
bool cor_is_blank(const char *s);
/* Edit distance between two strings, compared without regard to ASCII case, capped at cap. */
size_t cor_edit_distance(const char *a, const char *b, size_t cap);

#endif
