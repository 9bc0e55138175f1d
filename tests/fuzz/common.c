/* Helpers shared by the fuzz targets: scratch files, input splitting and the invariants a
 * route answer must satisfy whatever the input. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

_Noreturn void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
    abort();
}

/* The only mutable state of a target: the scratch directory of this process. */
static char tmpdir[256];

void fuzz_clear(void)
{
    DIR *d = tmpdir[0] ? opendir(tmpdir) : NULL;
    if (d) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
}

static void remove_tmpdir(void)
{
    fuzz_clear();
    rmdir(tmpdir);
}

const char *fuzz_tmpdir(void)
{
    if (!tmpdir[0]) {
        struct stat st;
        const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm"
                           : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(tmpdir, sizeof tmpdir, "%s/corridor-fuzz.XXXXXX", base);
        if (!mkdtemp(tmpdir)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(remove_tmpdir);
    }
    return tmpdir;
}

void fuzz_write(const char *name, const uint8_t *data, size_t len, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", fuzz_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

void fuzz_remove(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
    unlink(path);
}

int fuzz_split(const uint8_t **data, size_t *size, const uint8_t **part, size_t *len)
{
    if (!*data)
        return 0;
    const uint8_t *p = *data, *end = p + *size;
    *part = p;
    for (const uint8_t *q = p; q < end; q++) {
        /* a separator is a whole line "%%" */
        if ((q == p || q[-1] == '\n') && end - q >= 2 && q[0] == '%' && q[1] == '%' &&
            (end - q == 2 || q[2] == '\n')) {
            *len = (size_t)(q - p);
            size_t skip = end - q == 2 ? 2 : 3;
            *data = q + skip;
            *size = (size_t)(end - q) - skip;
            return 1;
        }
    }
    *len = *size;
    *data = NULL;
    *size = 0;
    return 1;
}

uint8_t fuzz_u8(fuzz_bytes *b)
{
    if (!b->n)
        return 0;
    b->n--;
    return *b->p++;
}

uint32_t fuzz_u32(fuzz_bytes *b)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = v << 8 | fuzz_u8(b);
    return v;
}

double fuzz_double(fuzz_bytes *b)
{
    static const double special[] = {0, -1, 1e-300, 1e300, 1.7976931348623157e308, NAN,
                                     INFINITY, -INFINITY, 5e-324, 1e6, 1e9, 1e12};
    uint8_t how = fuzz_u8(b);
    switch (how % 4) {
    case 0: return fuzz_u8(b);                        /* 0..255 */
    case 1: return fuzz_u32(b) / 65536.0;             /* 0..65536, fractions */
    case 2: return special[fuzz_u8(b) % (sizeof special / sizeof *special)];
    default: {
        uint64_t bits = (uint64_t)fuzz_u32(b) << 32 | fuzz_u32(b);
        double v;
        memcpy(&v, &bits, sizeof v);
        return v;
    }
    }
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static int visits_avoided(const cor_net *net, const cor_route_opts *o, uint32_t v)
{
    for (size_t i = 0; i < o->n_avoid; i++)
        if (strcmp(cor_net_node(net, v)->country, o->avoid[i]) == 0)
            return 1;
    return 0;
}

static void check_route(const cor_net *net, uint32_t from, uint32_t to, const cor_route_opts *o,
                        const cor_route *r)
{
    uint32_t at = from;
    size_t next_via = 0;
    double km = 0, h = 0, usd = 0, move_h = 0, border_h = 0, border_usd = 0, xfer_h = 0,
           xfer_usd = 0;
    size_t n_links = 0, n_borders = 0, n_transfers = 0;
    FUZZ_CHECK(r->n_steps > 0);
    FUZZ_CHECK(!visits_avoided(net, o, from));
    for (size_t i = 0; i < r->n_steps; i++) {
        const cor_step *s = &r->steps[i];
        FUZZ_CHECK(isfinite(s->km) && isfinite(s->hours) && isfinite(s->usd));
        FUZZ_CHECK(s->km >= 0 && s->hours >= 0 && s->usd >= 0);
        km += s->km;
        h += s->hours;
        usd += s->usd;
        switch (s->kind) {
        case COR_STEP_LINK: {
            FUZZ_CHECK(s->index < cor_net_link_count(net));
            const cor_link *k = cor_net_link(net, s->index);
            FUZZ_CHECK(s->from == at);
            FUZZ_CHECK((k->from == s->from && k->to == s->to) ||
                       (k->both_ways && k->to == s->from && k->from == s->to));
            FUZZ_CHECK(o->modes & COR_MODE_BIT(k->mode));
            FUZZ_CHECK(o->statuses & COR_STATUS_BIT(k->status));
            FUZZ_CHECK(!visits_avoided(net, o, s->to));
            FUZZ_CHECK(close_to(s->km, k->length_km));
            move_h += s->hours;
            at = s->to;
            n_links++;
            /* the same via node twice in a row is one visit (router.c next_phase) */
            while (next_via < o->n_via && at == o->via[next_via])
                next_via++;
            break;
        }
        case COR_STEP_BORDER:
            /* a crossing follows the link that crosses */
            FUZZ_CHECK(i > 0 && r->steps[i - 1].kind == COR_STEP_LINK);
            FUZZ_CHECK(s->from == r->steps[i - 1].from && s->to == r->steps[i - 1].to);
            FUZZ_CHECK(s->index < cor_net_border_count(net));
            FUZZ_CHECK(s->km == 0);
            border_h += s->hours;
            border_usd += s->usd;
            n_borders++;
            break;
        case COR_STEP_TRANSFER:
            FUZZ_CHECK(s->from == at && s->to == at);
            FUZZ_CHECK(s->index < cor_net_transfer_count(net));
            FUZZ_CHECK(cor_net_transfer(net, s->index)->node == at);
            FUZZ_CHECK(s->km == 0);
            /* a transfer precedes the link it changes to */
            FUZZ_CHECK(i + 1 < r->n_steps && r->steps[i + 1].kind == COR_STEP_LINK);
            xfer_h += s->hours;
            xfer_usd += s->usd;
            n_transfers++;
            break;
        default: FUZZ_CHECK(!"a known step kind");
        }
    }
    FUZZ_CHECK(at == to);
    FUZZ_CHECK(next_via == o->n_via);
    FUZZ_CHECK(n_links > 0);
    FUZZ_CHECK(n_borders == r->n_borders && n_transfers == r->n_transfers);
    FUZZ_CHECK(close_to(km, r->km));
    FUZZ_CHECK(close_to(h, r->hours));
    FUZZ_CHECK(close_to(usd, r->usd));
    FUZZ_CHECK(close_to(move_h, r->move_hours));
    FUZZ_CHECK(close_to(border_h, r->border_hours) && close_to(border_usd, r->border_usd));
    FUZZ_CHECK(close_to(xfer_h, r->transfer_hours) && close_to(xfer_usd, r->transfer_usd));
    /* the objective is the minimized figure of the totals (docs/routing.md) */
    double obj = o->minimize == COR_MIN_TIME       ? h
                 : o->minimize == COR_MIN_COST     ? usd
                 : o->minimize == COR_MIN_DISTANCE ? km
                                                   : usd + o->vot_usd_per_t_h * o->tonnes * h;
    FUZZ_CHECK(isfinite(r->objective));
    FUZZ_CHECK(close_to(obj, r->objective));
    FUZZ_CHECK(r->overlap_with_best >= 0 && r->overlap_with_best <= 1 + 1e-9);
    FUZZ_CHECK(r->n_countries >= 1);
    FUZZ_CHECK(strcmp(r->countries[0], cor_net_node(net, from)->country) == 0);
    FUZZ_CHECK(strcmp(r->countries[r->n_countries - 1], cor_net_node(net, to)->country) == 0);
}

void fuzz_check_routes(const cor_net *net, uint32_t from, uint32_t to,
                       const cor_route_opts *o, const cor_route_set *set)
{
    FUZZ_CHECK(set && set->n >= 1 && set->n <= o->alternatives);
    for (size_t i = 0; i < set->n; i++) {
        check_route(net, from, to, o, &set->routes[i]);
        if (i > 0) {
            const cor_route *a = &set->routes[i - 1], *b = &set->routes[i];
            FUZZ_CHECK(a->objective <= b->objective + 1e-9 * fmax(1.0, fabs(b->objective)));
            FUZZ_CHECK(b->overlap_with_best <= o->max_overlap + 1e-9);
        }
    }
    FUZZ_CHECK(set->routes[0].overlap_with_best == 0);
}

void fuzz_check_diags(const cor_diags *d, int failed)
{
    FUZZ_CHECK(!failed || cor_diags_errors(d) > 0);
    for (size_t i = 0; i < cor_diags_count(d); i++) {
        const cor_diag *it = cor_diags_get(d, i);
        FUZZ_CHECK(it->file && it->msg && it->msg[0]);
        char buf[2048];
        cor_diag_format(it, buf, sizeof buf);
        FUZZ_CHECK(buf[0]);
    }
}
