/* Private layout of cor_assign_net, shared by the assignment module's files (not installed). */
#ifndef COR_ASSIGN_ASSIGN_INT_H
#define COR_ASSIGN_ASSIGN_INT_H

#include "corridor/assign.h"

/* One demand entry as given; entries for the same pair are summed when a run starts. */
typedef struct cor_assign_od {
    uint32_t origin, dest;
    double trips;
} cor_assign_od;

struct cor_assign_net {
    uint32_t n_nodes, n_zones, first_thru;
    cor_assign_link *links;
    size_t n_links, cap_links;
    cor_assign_od *od;
    size_t n_od, cap_od;
    double total_demand;
};

#endif
