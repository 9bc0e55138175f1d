/* Country accounts as JSON, shared by the assignment output and the run history (internal). */
#ifndef COR_OUTPUT_ACCOUNT_JSON_H
#define COR_OUTPUT_ACCOUNT_JSON_H

#include <jansson.h>

#include "corridor/freight.h"

/* All fees of an account, every role. */
double cor_account_fees(const cor_country_account *a);

/* {"country", "transit_tonnes", "fees_usd", "origin"|"destination"|"transit": {...}} */
json_t *cor_account_json(const cor_country_account *a);

/* compare's "countries": for every country of b, its transit tonnes and fees under a and b
 * and the changes (docs/json.md). */
json_t *cor_compare_countries_json(const cor_country_account *a, size_t n_a,
                                   const cor_country_account *b, size_t n_b);

#endif
