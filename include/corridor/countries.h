/*
 * corridor: country names for the ISO 3166-1 alpha-2 codes the networks use, from the
 * iso-codes package's iso_3166-1.json (Debian: /usr/share/iso-codes/json/), so that reports and
 * the map page say "Armenia" where the data says "AM".
 */
#ifndef CORRIDOR_COUNTRIES_H
#define CORRIDOR_COUNTRIES_H

#include "corridor/diag.h"

/* Where Debian's iso-codes package puts the table. */
#define COR_ISO_3166_PATH "/usr/share/iso-codes/json/iso_3166-1.json"

typedef struct cor_countries cor_countries;

/* Reads an iso_3166-1.json file ({"3166-1": [{"alpha_2", "name", "common_name"?}, ...]}).
 * Problems go to diags. Returns COR_OK with *out, or COR_ERR_IO / COR_ERR_INPUT /
 * COR_ERR_NOMEM with *out NULL. */
cor_status cor_countries_load(const char *path, cor_countries **out, cor_diags *diags);
void cor_countries_free(cor_countries *c);

/* The short name of an alpha-2 code (the common name where the table has one: "Iran", not
 * "Iran, Islamic Republic of"), or NULL when the code is not in the table (c may be NULL). */
const char *cor_country_name(const cor_countries *c, const char *code);

#endif
