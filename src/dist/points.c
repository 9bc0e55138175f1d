/* The points of a distance table (`corridor table --coords FILE`, or --sources and --targets)
 * read from CSV files: lat, lon and an optional id a row, each checked with its file and line,
 * into the one array of sources then targets that cor_table_snap() takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/dist.h"
#include "load/csvfile.h"

/* The room a point's generated id ("1", "2", ... in file order) takes, NUL included. */
enum { ID_ROOM = 24 };

/* A points file read and checked: its rows and the columns id (-1: none), lat and lon. */
typedef struct points_file {
    cor_csv *csv;
    int id, lat, lon;
} points_file;

/* text as a number from lo to hi into *out; 0 when it is not one */
static int coordinate(const char *text, double lo, double hi, double *out)
{
    char *end;
    *out = strtod(text, &end);
    return end != text && !*end && *out >= lo && *out <= hi;
}

/* Reads path into f and checks it: the columns, at least one row, every coordinate (the first
 * problem goes to d). COR_OK, or the reader's failure or COR_ERR_INPUT (f->csv then NULL). */
static cor_status read_file(const char *path, points_file *f, cor_diags *d)
{
    size_t errors = cor_diags_errors(d);
    cor_status st = cor_csv_read(path, path, &f->csv, d);
    if (st == COR_OK && cor_diags_errors(d) > errors)
        st = COR_ERR_INPUT;
    const cor_csv *c = f->csv;
    if (st == COR_OK) {
        f->id = cor_csv_col(c, "id");
        f->lat = cor_csv_col(c, "lat");
        f->lon = cor_csv_col(c, "lon");
        st = COR_ERR_INPUT;
        if (f->lat < 0 || f->lon < 0)
            cor_diags_add(d, COR_ERROR, path, 1, f->lat < 0 ? "lat" : "lon",
                          "expected a column named \"%s\" in the header, found none",
                          f->lat < 0 ? "lat" : "lon");
        else if (c->n_rows == 0)
            cor_diags_add(d, COR_ERROR, path, 2, NULL, "expected at least one point, found none");
        else
            st = COR_OK;
    }
    for (size_t r = 0; st == COR_OK && r < c->n_rows; r++) {
        const cor_csv_row *row = &c->rows[r];
        double v;
        int lat_ok = coordinate(row->fields[f->lat], -90, 90, &v);
        if (!lat_ok || !coordinate(row->fields[f->lon], -180, 180, &v)) {
            cor_diags_add(d, COR_ERROR, path, row->line, lat_ok ? "lon" : "lat",
                          "expected a number in [%d, %d], found \"%s\"", lat_ok ? -180 : -90,
                          lat_ok ? 180 : 90, row->fields[lat_ok ? f->lon : f->lat]);
            st = COR_ERR_INPUT;
        }
    }
    if (st != COR_OK) {
        cor_csv_free(f->csv);
        f->csv = NULL;
    }
    return st;
}

/* The room f's ids take. */
static size_t id_room(const points_file *f)
{
    size_t text = 0;
    for (size_t r = 0; r < f->csv->n_rows; r++)
        text += f->id >= 0 ? strlen(f->csv->rows[r].fields[f->id]) + 1 : ID_ROOM;
    return text;
}

/* f's points into p, their ids from *id on; returns the end of the ids written. */
static char *fill(const points_file *f, cor_table_point *p, char *id)
{
    for (size_t r = 0; r < f->csv->n_rows; r++) {
        const cor_csv_row *row = &f->csv->rows[r];
        p[r].id = id;
        if (f->id >= 0)
            id += strlen(strcpy(id, row->fields[f->id])) + 1;
        else
            id += snprintf(id, ID_ROOM, "%zu", r + 1) + 1;
        p[r].lat = strtod(row->fields[f->lat], NULL);
        p[r].lon = strtod(row->fields[f->lon], NULL);
    }
    return id;
}

cor_status cor_table_points_read(const char *sources, const char *targets,
                                 cor_table_point **pts, size_t *n_src, size_t *n_dst,
                                 cor_diags *d)
{
    *pts = NULL;
    *n_src = *n_dst = 0;
    points_file f[2] = {{0}, {0}};
    cor_status st = read_file(sources, &f[0], d);
    if (st == COR_OK && targets)
        st = read_file(targets, &f[1], d);
    const points_file *dst = targets ? &f[1] : &f[0];
    if (st == COR_OK) {
        size_t ns = f[0].csv->n_rows, nt = dst->csv->n_rows;
        cor_table_point *p = calloc(1, (ns + nt) * sizeof *p + id_room(&f[0]) + id_room(dst));
        if (!p)
            st = COR_ERR_NOMEM;
        else {
            fill(dst, p + ns, fill(&f[0], p, (char *)(p + ns + nt)));
            *pts = p;
            *n_src = ns;
            *n_dst = nt;
        }
    }
    cor_csv_free(f[0].csv);
    cor_csv_free(f[1].csv);
    return st;
}
