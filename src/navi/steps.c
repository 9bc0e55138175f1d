/* Turn-by-turn steps from the pieces of a route (OSRM v5's RouteStep and StepManeuver), the
 * line simplification of overview=simplified (Douglas-Peucker) and bearings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "navi/navi_int.h"

#define DEG_M 111195.0          /* metres per degree of latitude (R = 6371 km) */
#define TURN_DEG 30.0           /* a change of direction this big at a junction is a maneuver */
#define MERCATOR_M_PER_PX 156543.03392 /* metres per pixel at zoom 0, equator, 256-px tiles */

double cor_bearing_deg(double lat1, double lon1, double lat2, double lon2)
{
    double p1 = lat1 * M_PI / 180, p2 = lat2 * M_PI / 180, dl = (lon2 - lon1) * M_PI / 180;
    double y = sin(dl) * cos(p2), x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl);
    double b = atan2(y, x) * 180 / M_PI;
    return b < 0 ? b + 360 : b;
}

/* Distance in metres from point p to segment a-b, in the plane of the equirectangular
 * projection at the segment's mean latitude. */
static double seg_dist_m(double plat, double plon, double alat, double alon, double blat,
                         double blon)
{
    double c = cos((alat + blat) / 2 * M_PI / 180);
    double ax = alon * c, bx = blon * c, px = plon * c, dx = bx - ax, dy = blat - alat;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (plat - alat) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = ax + t * dx - px, ey = alat + t * dy - plat;
    return sqrt(ex * ex + ey * ey) * DEG_M;
}

size_t cor_simplify(const double *lat, const double *lon, size_t n, double tol_m,
                    unsigned char *keep)
{
    if (n == 0)
        return 0;
    memset(keep, 0, n);
    keep[0] = keep[n - 1] = 1;
    if (n <= 2)
        return n;
    /* an explicit stack of ranges instead of recursion: at most n ranges are open */
    size_t *stack = malloc(2 * n * sizeof *stack), sp = 0;
    if (!stack) { /* keep everything: still a correct (unsimplified) line */
        memset(keep, 1, n);
        return n;
    }
    stack[sp++] = 0;
    stack[sp++] = n - 1;
    while (sp) {
        size_t b = stack[--sp], a = stack[--sp];
        double worst = -1;
        size_t at = a;
        for (size_t i = a + 1; i < b; i++) {
            double d = seg_dist_m(lat[i], lon[i], lat[a], lon[a], lat[b], lon[b]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        if (worst > tol_m) {
            keep[at] = 1;
            stack[sp++] = a;
            stack[sp++] = at;
            stack[sp++] = at;
            stack[sp++] = b;
        }
    }
    free(stack);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        kept += keep[i];
    return kept;
}

static double merc_y(double lat)
{
    double s = sin(fmax(fmin(lat, 85.05), -85.05) * M_PI / 180);
    return 0.5 - log((1 + s) / (1 - s)) / (4 * M_PI);
}

double cor_simplify_tolerance_m(const double *lat, const double *lon, size_t n)
{
    if (n == 0)
        return 0;
    double la0 = lat[0], la1 = lat[0], lo0 = lon[0], lo1 = lon[0];
    for (size_t i = 1; i < n; i++) {
        la0 = fmin(la0, lat[i]);
        la1 = fmax(la1, lat[i]);
        lo0 = fmin(lo0, lon[i]);
        lo1 = fmax(lo1, lon[i]);
    }
    int z = 18;
    for (; z > 0; z--) {
        double world = 256 * pow(2, z);
        double w = (lo1 - lo0) / 360 * world, h = (merc_y(la0) - merc_y(la1)) * world;
        if (w <= 512 && h <= 512)
            break;
    }
    return MERCATOR_M_PER_PX * cos((la0 + la1) / 2 * M_PI / 180) / pow(2, z);
}

/* ---- steps ---- */

static const char *modifier_of(double turn)
{
    double a = fabs(turn);
    if (a < 20)
        return "straight";
    if (a > 170)
        return "uturn";
    if (turn > 0)
        return a < 60 ? "slight right" : a < 140 ? "right" : "sharp right";
    return a < 60 ? "slight left" : a < 140 ? "left" : "sharp left";
}

/* Bearing of the segment ending at point j (0 when there is none), and of the one leaving it. */
static double bearing_into(const cor_shape *s, size_t j)
{
    return j > 0 ? cor_bearing_deg(s->lat[j - 1], s->lon[j - 1], s->lat[j], s->lon[j]) : 0;
}

static double bearing_out(const cor_shape *s, size_t j)
{
    return j + 1 < s->n ? cor_bearing_deg(s->lat[j], s->lon[j], s->lat[j + 1], s->lon[j + 1])
                        : 0;
}

static int round_bearing(double b)
{
    int r = (int)lround(b);
    return r >= 360 ? r - 360 : r;
}

static double turn_at(const cor_shape *s, size_t j)
{
    return fmod(bearing_out(s, j) - bearing_into(s, j) + 540, 360) - 180;
}

/* A roundabout under way (the step that entered it) and the exits passed since. */
typedef struct round_state {
    cor_step_out *step;
    unsigned passed;
} round_state;

/* Piece i of a roundabout, or the first piece after one: opens, extends or closes the
 * roundabout step and says whether the piece is dealt with (1), or starts an ordinary step (0:
 * not a roundabout matter). */
static int roundabout_piece(const cor_shape *s, const cor_piece *p, size_t i, cor_step_out *st,
                            size_t *n, cor_step_out **cur, round_state *rs)
{
    size_t first = i ? s->piece_end[i - 1] : 0, last = s->piece_end[i];
    if (p->roundabout && rs->step) { /* inside: count the ways out passed */
        rs->passed += p->exits;
        (*cur)->last_pt = last;
        (*cur)->distance_m += p->distance_m;
        (*cur)->duration_s += p->duration_s;
        return 1;
    }
    int named = p->name[0] != '\0';
    cor_step_out step = {NULL, modifier_of(turn_at(s, first)), s->lat[first], s->lon[first],
                         round_bearing(bearing_into(s, first)),
                         round_bearing(bearing_out(s, first)), first, last, p->distance_m,
                         p->duration_s, p->name, p->mode, i, 0, NULL};
    if (p->roundabout && *cur) { /* entering */
        step.type = named ? "rotary" : "roundabout";
        st[*n] = step;
        *cur = rs->step = &st[(*n)++];
        rs->passed = 0;
        return 1;
    }
    if (!rs->step)
        return 0;
    /* leaving: the exit taken, the modifier of the whole turn, and a step of its own */
    cor_step_out *r = rs->step;
    size_t entry = r->first_pt;
    r->exit = rs->passed + 1;
    if (strcmp(r->type, "rotary") == 0)
        r->rotary_name = r->name;
    r->name = p->name; /* OSRM names a roundabout step after the road it leaves by */
    r->modifier = modifier_of(fmod(bearing_out(s, first) - bearing_into(s, entry) + 540, 360) -
                              180);
    step.type = strcmp(r->type, "rotary") == 0 ? "exit rotary" : "exit roundabout";
    step.exit = r->exit;
    st[*n] = step;
    *cur = &st[(*n)++];
    rs->step = NULL;
    return 1;
}

cor_status cor_steps_build(const cor_shape *s, const cor_piece *pieces, size_t n_pieces,
                           cor_step_out **out, size_t *n_out, cor_err *err)
{
    *out = NULL;
    *n_out = 0;
    if (s->n == 0 || n_pieces == 0 || s->n_pieces != n_pieces)
        return cor_err_set(err, COR_ERR_INPUT, "a route needs points and pieces");
    cor_step_out *st = calloc(2 * n_pieces + 2, sizeof *st);
    if (!st)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    size_t n = 0;
    cor_step_out *cur = NULL; /* the step that moving pieces extend */
    const char *last_name = NULL; /* of the last moving piece, across stops */
    round_state rs = {NULL, 0};
    for (size_t i = 0; i < n_pieces; i++) {
        const cor_piece *p = &pieces[i];
        size_t first = i ? s->piece_end[i - 1] : 0, last = s->piece_end[i];
        if (p->kind != COR_PIECE_MOVE) {
            double b = bearing_into(s, first);
            st[n++] = (cor_step_out){"notification", "straight", s->lat[first], s->lon[first],
                                     round_bearing(b), round_bearing(b), first, first, 0,
                                     p->duration_s, p->name, p->mode, i, 0, NULL};
            cur = NULL;
            rs.step = NULL;
            continue;
        }
        const char *prev_name = last_name;
        last_name = p->name;
        if (roundabout_piece(s, p, i, st, &n, &cur, &rs))
            continue;
        if (cur) {
            double before = bearing_into(s, first), after = bearing_out(s, first);
            double turn = fmod(after - before + 540, 360) - 180;
            int new_step = strcmp(p->name, cur->name) != 0 || p->mode != cur->mode ||
                           (p->choice && fabs(turn) > TURN_DEG);
            if (!new_step) {
                cur->last_pt = last;
                cur->distance_m += p->distance_m;
                cur->duration_s += p->duration_s;
                continue;
            }
        }
        const char *type, *mod = NULL;
        int bb = 0, ba = round_bearing(bearing_out(s, first));
        if (n == 0) {
            type = "depart";
        } else {
            double before = bearing_into(s, first), after = bearing_out(s, first);
            double turn = fmod(after - before + 540, 360) - 180;
            mod = modifier_of(turn);
            bb = round_bearing(before);
            int same_name = prev_name && strcmp(p->name, prev_name) == 0;
            type = strcmp(mod, "straight") ? "turn" : same_name ? "continue" : "new name";
        }
        st[n] = (cor_step_out){type, mod, s->lat[first], s->lon[first], bb, ba, first, last,
                               p->distance_m, p->duration_s, p->name, p->mode, i, 0, NULL};
        cur = &st[n++];
    }
    if (n == 0 || strcmp(st[0].type, "depart") != 0) { /* began with a stop: depart first */
        memmove(st + 1, st, n * sizeof *st);
        st[0] = (cor_step_out){"depart", NULL, s->lat[0], s->lon[0], 0,
                               round_bearing(bearing_out(s, 0)), 0, 0, 0, 0,
                               pieces[0].name, pieces[0].mode, 0, 0, NULL};
        n++;
    }
    size_t z = s->n - 1;
    st[n++] = (cor_step_out){"arrive", NULL, s->lat[z], s->lon[z], round_bearing(bearing_into(s, z)),
                             0, z, z, 0, 0, pieces[n_pieces - 1].name, pieces[n_pieces - 1].mode,
                             n_pieces - 1, 0, NULL};
    *out = st;
    *n_out = n;
    return COR_OK;
}
