/* The points of a distance table (`corridor table --coords FILE`) read from a CSV file: lat,
 * lon and an optional id a row, each checked with its file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/dist.h"
#include "load/csvfile.h"

/* The room a point's generated id ("1", "2", ... in file order) takes, NUL included. */
enum { ID_ROOM = 24 };

/* text as a number from lo to hi into *out; 0 when it is not one */
static int coordinate(const char *text, double lo, double hi, double *out)
{
    char *end;
    *out = strtod(text, &end);
    return end != text && !*end && *out >= lo && *out <= hi;
}

/* The rows of c as points (columns ci, or -1 for none, cla and clo) in one block: the points
 * then their ids. COR_ERR_INPUT at the first bad coordinate, after adding it to d. */
static cor_status points_of(const cor_csv *c, const char *path, int ci, int cla, int clo,
                            cor_table_point **out, cor_diags *d)
{
    size_t text = 0;
    for (size_t r = 0; r < c->n_rows; r++)
        text += ci >= 0 ? strlen(c->rows[r].fields[ci]) + 1 : ID_ROOM;
    cor_table_point *p = calloc(1, c->n_rows * sizeof *p + text);
    if (!p)
        return COR_ERR_NOMEM;
    char *id = (char *)(p + c->n_rows);
    for (size_t r = 0; r < c->n_rows; r++) {
        const cor_csv_row *row = &c->rows[r];
        p[r].id = id;
        if (ci >= 0)
            id += strlen(strcpy(id, row->fields[ci])) + 1;
        else
            id += snprintf(id, ID_ROOM, "%zu", r + 1) + 1;
        int lat_ok = coordinate(row->fields[cla], -90, 90, &p[r].lat);
        if (!lat_ok || !coordinate(row->fields[clo], -180, 180, &p[r].lon)) {
            cor_diags_add(d, COR_ERROR, path, row->line, lat_ok ? "lon" : "lat",
                          "expected a number in [%d, %d], found \"%s\"", lat_ok ? -180 : -90,
                          lat_ok ? 180 : 90, row->fields[lat_ok ? clo : cla]);
            free(p);
            return COR_ERR_INPUT;
        }
    }
    *out = p;
    return COR_OK;
}

cor_status cor_table_points_read(const char *path, cor_table_point **pts, size_t *n,
                                 cor_diags *d)
{
    *pts = NULL;
    *n = 0;
    size_t errors = cor_diags_errors(d);
    cor_csv *c = NULL;
    cor_status st = cor_csv_read(path, path, &c, d);
    if (st == COR_OK && cor_diags_errors(d) > errors)
        st = COR_ERR_INPUT;
    if (st != COR_OK) {
        cor_csv_free(c);
        return st;
    }
    int ci = cor_csv_col(c, "id"), cla = cor_csv_col(c, "lat"), clo = cor_csv_col(c, "lon");
    st = COR_ERR_INPUT;
    if (cla < 0 || clo < 0)
        cor_diags_add(d, COR_ERROR, path, 1, cla < 0 ? "lat" : "lon",
                      "expected a column named \"%s\" in the header, found none",
                      cla < 0 ? "lat" : "lon");
    else if (c->n_rows == 0)
        cor_diags_add(d, COR_ERROR, path, 2, NULL, "expected at least one point, found none");
    else if ((st = points_of(c, path, ci, cla, clo, pts, d)) == COR_OK)
        *n = c->n_rows;
    cor_csv_free(c);
    return st;
}
