/*
 * corridor: scenarios. A scenario is a small INI file in NET/scenarios/NAME.ini that changes a
 * network as it loads: opens or closes links, corridors, countries or border pairs, scales
 * border dwell and fees, link capacities, speeds and tariffs. Format: docs/scenarios.md.
 */
#ifndef CORRIDOR_SCENARIO_H
#define CORRIDOR_SCENARIO_H

#include <stddef.h>

#include "corridor/diag.h"
#include "corridor/net.h"

typedef struct cor_scenario cor_scenario;

/* Reads a scenario and, first, the scenarios it inherits from. `name` is a scenario name
 * (read from dir/scenarios/NAME.ini) or a path to an .ini file. Problems are added to diags as
 * `file:line: field: message`. Returns COR_OK with *out set, or COR_ERR_INPUT / COR_ERR_IO /
 * COR_ERR_NOMEM with *out NULL. Free with cor_scenario_free(). */
cor_status cor_scenario_load(const char *dir, const char *name, cor_scenario **out,
                             cor_diags *diags);
void cor_scenario_free(cor_scenario *sc);

const char *cor_scenario_name(const cor_scenario *sc);
const char *cor_scenario_description(const cor_scenario *sc); /* "" when none */
/* The chain of scenarios applied, oldest ancestor first, e.g. "base > tripp > tripp-kars". */
const char *cor_scenario_chain(const cor_scenario *sc);

/* An empty scenario named `name` (NULL when out of memory), to build changes in code. */
cor_scenario *cor_scenario_new(const char *name);

/* A copy of sc (NULL when out of memory), to add changes to without touching sc. */
cor_scenario *cor_scenario_copy(const cor_scenario *sc);

/* Appends the change `selector = value` of [section], as if it stood at file:line (which
 * error messages name). Returns COR_OK, COR_ERR_INPUT (the problem is in diags) or
 * COR_ERR_NOMEM; sc is unchanged on failure. */
cor_status cor_scenario_add(cor_scenario *sc, const char *section, const char *selector,
                            const char *value, const char *file, long line, cor_diags *diags);

/* Loads the network in dir with sc applied (sc may be NULL). As cor_net_load_scenario(). */
cor_status cor_net_load_with(const char *dir, const cor_scenario *sc, cor_net **out,
                             cor_diags *diags);

/* The network base with sc applied (sc may be NULL: a copy), without reading any file: the
 * same network as cor_net_load_with(cor_net_dir(base), sc, ...) when base was loaded without
 * a scenario. The result shares base's strings: base must outlive it. Returns COR_OK,
 * COR_ERR_INPUT (a selector that matches nothing, a figure out of range; in diags) or
 * COR_ERR_NOMEM. */
cor_status cor_net_derive(const cor_net *base, const cor_scenario *sc, cor_net **out,
                          cor_diags *diags);

/* The files the scenario was read from: the named one first, then the ones it inherits from.
 * Paths as opened (dir/scenarios/NAME.ini, or as given); i < cor_scenario_file_count(). */
size_t cor_scenario_file_count(const cor_scenario *sc);
const char *cor_scenario_file(const cor_scenario *sc, size_t i);

/* {"name", "chain", "description"} as JSON text; NULL when out of memory. free() it. */
char *cor_scenario_json(const cor_scenario *sc);

/* Loads the network in dir with scenario `name` applied (NULL: no scenario). Selectors that
 * match nothing in the network are errors (a typo never silently changes nothing). Returns
 * what cor_net_load() returns. */
cor_status cor_net_load_scenario(const char *dir, const char *name, cor_net **out,
                                 cor_diags *diags);

/* Names of the scenarios in dir/scenarios (sorted), or an empty list. *names is an array of
 * *n strings; free it with cor_scenario_names_free(). */
cor_status cor_scenario_list(const char *dir, char ***names, size_t *n);
void cor_scenario_names_free(char **names, size_t n);

#endif
