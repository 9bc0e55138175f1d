/* corridor: the whole public API of the library. */
#ifndef CORRIDOR_CORRIDOR_H
#define CORRIDOR_CORRIDOR_H

#include "corridor/ch.h"
#include "corridor/diag.h"
#include "corridor/import.h"
#include "corridor/net.h"
#include "corridor/report.h"
#include "corridor/route.h"

#define CORRIDOR_VERSION "0.1.0"

#endif
