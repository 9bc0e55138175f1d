/* Shared internals of the freight assignment methods (not public). */
#ifndef COR_FREIGHT_FREIGHT_INT_H
#define COR_FREIGHT_FREIGHT_INT_H

#include "corridor/freight.h"

/* A result with its arrays allocated, its country list filled and nothing booked; NULL when
 * out of memory. */
cor_freight_result *cor_freight_result_new(const cor_net *net, const cor_demand *demand);

/* Adds `tonnes` per year moving on route rt (costed for shipments of shipment_t tonnes) to the
 * link volumes and the country accounts of r. */
void cor_freight_book(cor_freight_result *r, const cor_net *net, const cor_od *od,
                      const cor_route *rt, double tonnes, double shipment_t);

/* Frank-Wolfe user equilibrium (equilibrium.c). */
cor_status cor_freight_equilibrium(const cor_net *net, const cor_demand *demand,
                                   const cor_freight_opts *o, cor_freight_result *r,
                                   cor_err *err);

#endif
