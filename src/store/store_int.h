/* Run history internals shared by the files of src/store/ (not part of the public API). */
#ifndef COR_STORE_STORE_INT_H
#define COR_STORE_STORE_INT_H

#include <sqlite3.h>

#include "corridor/store.h"

sqlite3 *cor_store_db(cor_store *s);

/* Checks what corridor stored for run id in the tables it reads (a database may have been
 * changed by other programs): every text well-formed UTF-8, every number finite. COR_OK, or
 * COR_ERR_INPUT naming the run, table and column (or COR_ERR_IO). */
cor_status cor_store_check_run(cor_store *s, int64_t id, int all_tables, cor_err *err);

#endif
