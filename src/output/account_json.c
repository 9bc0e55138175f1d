/* Country accounts as JSON (docs/json.md), for assign, compare and the saved runs. */
#include "output/account_json.h"

#include <string.h>

static const char *const role_names[COR_ROLE_COUNT] = {"origin", "destination", "transit"};

double cor_account_fees(const cor_country_account *a)
{
    return a->fees_usd[0] + a->fees_usd[1] + a->fees_usd[2];
}

json_t *cor_account_json(const cor_country_account *a)
{
    json_t *j = json_pack("{s:s, s:f, s:f}", "country", a->country, "transit_tonnes",
                          a->tonnes[COR_ROLE_TRANSIT], "fees_usd", cor_account_fees(a));
    for (int role = 0; j && role < COR_ROLE_COUNT; role++)
        json_object_set_new(j, role_names[role],
                            json_pack("{s:f, s:f, s:f}", "tonnes", a->tonnes[role], "tonne_km",
                                      a->tonne_km[role], "fees_usd", a->fees_usd[role]));
    return j;
}

json_t *cor_compare_countries_json(const cor_country_account *a, size_t n_a,
                                   const cor_country_account *b, size_t n_b)
{
    json_t *countries = json_array();
    for (size_t i = 0; i < n_b; i++) {
        const cor_country_account *y = &b[i], *x = NULL;
        for (size_t k = 0; k < n_a && !x; k++)
            if (strcmp(a[k].country, y->country) == 0)
                x = &a[k];
        double ta = x ? x->tonnes[COR_ROLE_TRANSIT] : 0, tb = y->tonnes[COR_ROLE_TRANSIT];
        double fa = x ? cor_account_fees(x) : 0, fb = cor_account_fees(y);
        double tfa = x ? x->fees_usd[COR_ROLE_TRANSIT] : 0, tfb = y->fees_usd[COR_ROLE_TRANSIT];
        json_array_append_new(
            countries,
            json_pack("{s:s, s:{s:f, s:f, s:f}, s:{s:f, s:f, s:f}, s:f, s:f}", "country",
                      y->country, "a", "transit_tonnes", ta, "fees_usd", fa, "transit_fees_usd",
                      tfa, "b", "transit_tonnes", tb, "fees_usd", fb, "transit_fees_usd", tfb,
                      "transit_tonnes_change", tb - ta, "fees_usd_change", fb - fa));
    }
    return countries;
}
