/* Run history internals shared by the files of src/store/ (not part of the public API). */
#ifndef COR_STORE_STORE_INT_H
#define COR_STORE_STORE_INT_H

#include <sqlite3.h>

#include "corridor/store.h"

sqlite3 *cor_store_db(cor_store *s);

#endif
