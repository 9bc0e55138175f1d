/* Simulation internals shared by the files of src/sim: service-time sampling and the plan's
 * layout (internal). */
#ifndef COR_SIM_SIM_INT_H
#define COR_SIM_SIM_INT_H

#include "corridor/sim.h"

struct cor_sim_plan {
    char *path;              /* the stage file, for messages about its posts */
    char *scenario;
    cor_sim_post *posts;
    size_t n;
    cor_sim_stage *stages;   /* every post's stages, in post order */
    char **strings;          /* scenario names and sources the posts point to */
    size_t n_strings;
};

/* One service time of stage s, hours. */
double cor_sim_sample(const cor_sim_stage *s, cor_rng *r);

#endif
