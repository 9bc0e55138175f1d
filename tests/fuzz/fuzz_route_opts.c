/*
 * Fuzz target: route options by name (cor_route_opts_set(), the parser the CLI and the server
 * share). The first byte picks the option and whether the network is given; the rest is the
 * value. A refused value must leave the options as they were and say why; an accepted one must
 * be within the documented limits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static cor_net *net; /* tests/data/tiny, loaded once */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (cor_net_load(FUZZ_TINY, &net, NULL) != COR_OK)
        fuzz_fail(__FILE__, __LINE__, FUZZ_TINY);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"minimize", "vot",   "tonnes", "overlap",
                                        "alternatives", "modes", "status", "avoid",
                                        "via",      "dwell", "speed"};
    if (size < 1)
        return 0;
    const char *name = names[(data[0] & 0x7f) % (sizeof names / sizeof *names)];
    const cor_net *with = data[0] & 0x80 ? net : NULL;
    char *value = malloc(size);
    if (!value)
        return 0;
    memcpy(value, data + 1, size - 1);
    value[size - 1] = '\0';
    cor_route_opts o, before;
    cor_route_opts_default(&o);
    before = o;
    cor_err err = {0};
    cor_status st = cor_route_opts_set(&o, with, name, value, &err);
    if (st != COR_OK) {
        FUZZ_CHECK(memcmp(&o, &before, sizeof o) == 0);
        FUZZ_CHECK(err.msg[0] != '\0');
    } else {
        FUZZ_CHECK(o.vot_usd_per_t_h >= 0 && o.vot_usd_per_t_h <= COR_ROUTE_MAX_VOT);
        FUZZ_CHECK(o.tonnes >= 1e-6 && o.tonnes <= COR_ROUTE_MAX_TONNES);
        FUZZ_CHECK(o.max_overlap >= 0 && o.max_overlap <= 1);
        FUZZ_CHECK(o.alternatives >= 1 && o.alternatives <= COR_ROUTE_MAX_ALTERNATIVES);
        FUZZ_CHECK(o.modes && !(o.modes & ~COR_TRANSPORT_MODES));
        FUZZ_CHECK(o.statuses && o.statuses < COR_STATUS_BIT(COR_STATUS_COUNT));
        FUZZ_CHECK(o.n_avoid <= COR_ROUTE_MAX_AVOID && o.n_via <= COR_ROUTE_MAX_VIA);
        FUZZ_CHECK(with || o.n_via == 0);
        for (size_t i = 0; i < o.n_avoid; i++)
            FUZZ_CHECK(strlen(o.avoid[i]) == 2);
        for (size_t i = 0; i < o.n_via; i++)
            FUZZ_CHECK(o.via[i] < cor_net_node_count(net));
    }
    free(value);
    return 0;
}
