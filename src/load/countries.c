/* Country names from iso-codes' iso_3166-1.json (jansson). */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/countries.h"
#include "util/afile.h" /* cor_fopen_read */
#include "util/strutil.h"

struct cor_countries {
    char *name[26 * 26]; /* by code: (first letter - 'A') * 26 + second letter - 'A' */
};

static int slot(const char *code)
{
    if (!code || strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' ||
        code[1] > 'Z')
        return -1;
    return (code[0] - 'A') * 26 + (code[1] - 'A');
}

void cor_countries_free(cor_countries *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < 26 * 26; i++)
        free(c->name[i]);
    free(c);
}

const char *cor_country_name(const cor_countries *c, const char *code)
{
    int i = slot(code);
    return c && i >= 0 ? c->name[i] : NULL;
}

cor_status cor_countries_load(const char *path, cor_countries **out, cor_diags *diags)
{
    *out = NULL;
    FILE *f = cor_fopen_read(path);
    if (!f) {
        cor_diags_add(diags, COR_ERROR, path, 0, NULL, "cannot open: %s", strerror(errno));
        return COR_ERR_IO;
    }
    json_error_t je;
    json_t *root = json_loadf(f, 0, &je);
    fclose(f);
    if (!root) {
        cor_diags_add(diags, COR_ERROR, path, je.line, NULL, "expected JSON, found %s", je.text);
        return COR_ERR_INPUT;
    }
    json_t *list = json_object_get(root, "3166-1");
    if (!json_is_array(list)) {
        cor_diags_add(diags, COR_ERROR, path, 0, "3166-1",
                      "expected an array of countries under \"3166-1\", found none");
        json_decref(root);
        return COR_ERR_INPUT;
    }
    cor_countries *c = calloc(1, sizeof *c);
    cor_status st = c ? COR_OK : COR_ERR_NOMEM;
    for (size_t i = 0; st == COR_OK && i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        const char *code = json_string_value(json_object_get(e, "alpha_2"));
        const char *name = json_string_value(json_object_get(e, "common_name"));
        if (!name)
            name = json_string_value(json_object_get(e, "name"));
        int k = slot(code);
        if (k < 0 || !name || !cor_utf8_valid(name, strlen(name))) {
            cor_diags_add(diags, COR_ERROR, path, 0, "3166-1",
                          "entry %zu: expected alpha_2 (two capital letters) and a name", i);
            st = COR_ERR_INPUT;
        } else if (!c->name[k] && !(c->name[k] = cor_strdup(name))) {
            st = COR_ERR_NOMEM;
        }
    }
    json_decref(root);
    if (st != COR_OK) {
        cor_countries_free(c);
        return st;
    }
    *out = c;
    return COR_OK;
}
