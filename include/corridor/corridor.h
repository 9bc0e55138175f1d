/* corridor: the whole public API of libcorridor (`pkg-config --cflags --libs corridor`).
 * server.h, store.h, export.h, import.h and sweep.h declare the modules that need
 * libmicrohttpd, SQLite, libpq or libreadosm: plugins of the CLI, not part of libcorridor. */
#ifndef CORRIDOR_CORRIDOR_H
#define CORRIDOR_CORRIDOR_H

#include "corridor/appraise.h"
#include "corridor/assign.h"
#include "corridor/calib.h"
#include "corridor/cch.h"
#include "corridor/ch.h"
#include "corridor/countries.h"
#include "corridor/diag.h"
#include "corridor/dist.h"
#include "corridor/flow.h"
#include "corridor/freight.h"
#include "corridor/navi.h"
#include "corridor/net.h"
#include "corridor/outlines.h"
#include "corridor/report.h"
#include "corridor/rng.h"
#include "corridor/route.h"
#include "corridor/scenario.h"
#include "corridor/sim.h"
#include "corridor/snap.h"
#include "corridor/version.h"

#endif
