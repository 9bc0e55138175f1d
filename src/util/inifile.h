/* INI files read with libinih through a line-counting reader, so every entry knows its line
 * (internal). */
#ifndef COR_UTIL_INIFILE_H
#define COR_UTIL_INIFILE_H

#include "corridor/diag.h"

#define COR_INI_MAX_LINE 199 /* libinih as built by Debian reads lines of up to 200 bytes */
#define COR_INI_MAX_BYTES (1L << 20) /* a scenario or sweep spec is a page of text */

/* Called for every `name = value` entry; returns 0 to go on, or a failure status to stop
 * (COR_ERR_NOMEM). Problems with the entry go to the caller's diagnostics, not here. */
typedef cor_status (*cor_ini_entry)(void *user, long line, const char *section,
                                    const char *name, const char *value);

/* Parses the INI file at path. Over-long lines and syntax errors are added to diags as
 * `path:line: ...`. Returns COR_OK (entries may still have had problems), COR_ERR_IO when the
 * file cannot be opened (nothing is added to diags; errno says why), or the status the
 * handler stopped with. */
cor_status cor_ini_parse(const char *path, cor_ini_entry fn, void *user, cor_diags *diags);

#endif
