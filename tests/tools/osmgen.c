/*
 * osmgen: writes a synthetic, extract-like OpenStreetMap PBF for tests and benchmarks: a
 * perturbed street lattice cut into ways of 5-20 nodes with highway tags, ~5% unused POI nodes,
 * optionally two or three countries (admin_level=2 boundary relations). Same seed, same bytes.
 * The PBF encoding (OSM wiki, "PBF Format": BlobHeader/Blob, zlib, DenseNodes) is written here.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char usage[] =
    "usage: osmgen -n NODES [--seed S] [--countries 0|2|3] -o FILE.osm.pbf\n"
    "\n"
    "Writes an extract-like OSM PBF of about NODES nodes (at least 1000): a street lattice\n"
    "(a junction every 4 grid steps, 3 shape points between junctions, jittered by up to a\n"
    "third of a step of ~30 m) cut into ways of 5 to 20 nodes tagged highway=residential,\n"
    "tertiary (every 4th line), secondary (every 16th) or primary (every 64th), some one-way,\n"
    "plus 5% POI nodes (amenity=*) that no way uses. With --countries K (2 or 3) the area is\n"
    "split into K vertical strips XA, XB, XC, each an admin_level=2 boundary relation.\n"
    "The same NODES, seed and countries give the same file, byte for byte.\n"
    "Prints: nodes ways relations lattice_nodes poi_nodes side.\n";

/* ---- deterministic random numbers (splitmix64) ---- */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}
/* A uniform number in [0, 1) from (seed, a, b): positions do not depend on the write order. */
static double unit(uint64_t seed, uint64_t a, uint64_t b)
{
    return (double)(mix(seed ^ mix(a * 0x100000001b3u + b)) >> 11) / 9007199254740992.0;
}

/* ---- protobuf encoding into growing buffers ---- */
typedef struct buf {
    unsigned char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) {
            fputs("osmgen: out of memory\n", stderr);
            exit(1);
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void varint(buf *b, uint64_t v)
{
    unsigned char t[10];
    size_t n = 0;
    do {
        t[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    put(b, t, n);
}
static void svarint(buf *b, int64_t v) { varint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63)); }
static void key(buf *b, unsigned field, unsigned wire) { varint(b, (uint64_t)field << 3 | wire); }
static void field_bytes(buf *b, unsigned field, const void *d, size_t n)
{
    key(b, field, 2);
    varint(b, n);
    put(b, d, n);
}
static void field_buf(buf *b, unsigned field, const buf *inner) { field_bytes(b, field, inner->p, inner->n); }
static void field_varint(buf *b, unsigned field, uint64_t v)
{
    key(b, field, 0);
    varint(b, v);
}

/* ---- the string table of one block (entry 0 is the empty string; entries are copies) ---- */
#define MAX_STR 64
typedef struct strtab {
    char *s[MAX_STR];
    size_t n;
} strtab;
static void strtab_reset(strtab *t)
{
    for (size_t i = 1; i < t->n; i++)
        free(t->s[i]);
    t->s[0] = "";
    t->n = 1;
}
static uint32_t sid(strtab *t, const char *s)
{
    for (size_t i = 1; i < t->n; i++)
        if (strcmp(t->s[i], s) == 0)
            return (uint32_t)i;
    if (t->n == MAX_STR) {
        fputs("osmgen: string table full\n", stderr);
        exit(1);
    }
    if (!(t->s[t->n] = strdup(s))) {
        fputs("osmgen: out of memory\n", stderr);
        exit(1);
    }
    return (uint32_t)t->n++;
}

/* Writes one blob (type "OSMHeader" or "OSMData") with its header, zlib-compressed. */
static void write_blob(FILE *f, const char *type, const buf *raw)
{
    uLongf zn = compressBound((uLong)raw->n);
    unsigned char *z = malloc(zn);
    if (!z || compress2(z, &zn, raw->p, (uLong)raw->n, 6) != Z_OK) {
        fputs("osmgen: zlib failed\n", stderr);
        exit(1);
    }
    buf blob = {0}, hdr = {0};
    field_varint(&blob, 2, raw->n);
    field_bytes(&blob, 3, z, zn);
    free(z);
    field_bytes(&hdr, 1, type, strlen(type));
    field_varint(&hdr, 3, blob.n);
    unsigned char len[4] = {(unsigned char)(hdr.n >> 24), (unsigned char)(hdr.n >> 16),
                            (unsigned char)(hdr.n >> 8), (unsigned char)hdr.n};
    fwrite(len, 1, 4, f);
    fwrite(hdr.p, 1, hdr.n, f);
    fwrite(blob.p, 1, blob.n, f);
    free(blob.p);
    free(hdr.p);
}

/* A primitive block: string table, one group, granularity 100 nanodegrees (the default). */
static void write_block(FILE *f, const strtab *t, const buf *group)
{
    buf st = {0}, blk = {0};
    for (size_t i = 0; i < t->n; i++)
        field_bytes(&st, 1, t->s[i], strlen(t->s[i]));
    field_buf(&blk, 1, &st);
    field_buf(&blk, 2, group);
    write_blob(f, "OSMData", &blk);
    free(st.p);
    free(blk.p);
}

/* ---- the lattice: positions (r, c) in [0, 4S]^2 with r % 4 == 0 or c % 4 == 0 ---- */
typedef struct lattice {
    uint64_t seed;
    int64_t side;       /* S: blocks per side */
    int64_t n_lattice;  /* lattice nodes, ids 1..n_lattice */
    int64_t n_poi;      /* POI nodes, ids after the lattice */
    double lat0, lon0, step_deg_lat, step_deg_lon;
} lattice;

/* Id of the lattice node at (r, c): rows in order, full rows every 4th. */
static int64_t node_id(const lattice *L, int64_t r, int64_t c)
{
    int64_t full = r / 4 + (r % 4 ? 1 : 0), part = r - full; /* rows before r of each kind */
    int64_t before = full * (4 * L->side + 1) + part * (L->side + 1);
    return 1 + before + (r % 4 == 0 ? c : c / 4);
}
static void position(const lattice *L, int64_t r, int64_t c, int64_t *lat_e7, int64_t *lon_e7)
{
    double jr = (unit(L->seed, (uint64_t)r, (uint64_t)c * 2) - 0.5) * 0.66;
    double jc = (unit(L->seed, (uint64_t)r, (uint64_t)c * 2 + 1) - 0.5) * 0.66;
    double lat = L->lat0 + ((double)r + jr) * L->step_deg_lat;
    double lon = L->lon0 + ((double)c + jc) * L->step_deg_lon;
    *lat_e7 = (int64_t)(lat * 1e7 + (lat >= 0 ? 0.5 : -0.5));
    *lon_e7 = (int64_t)(lon * 1e7 + (lon >= 0 ? 0.5 : -0.5));
}

/* Dense nodes, `per_block` at a time: the lattice row by row, then the POIs, then the
 * boundary corners (ids given by the caller). */
typedef struct dense {
    buf ids, lats, lons, kv;
    int64_t last_id, last_lat, last_lon;
    size_t count;
    strtab t;
} dense;

static void dense_reset(dense *d)
{
    d->ids.n = d->lats.n = d->lons.n = d->kv.n = 0;
    d->last_id = d->last_lat = d->last_lon = 0;
    d->count = 0;
    strtab_reset(&d->t);
}
static void dense_flush(FILE *f, dense *d)
{
    if (!d->count)
        return;
    buf dn = {0}, grp = {0};
    field_buf(&dn, 1, &d->ids);
    field_buf(&dn, 8, &d->lats);
    field_buf(&dn, 9, &d->lons);
    field_buf(&dn, 10, &d->kv);
    field_buf(&grp, 2, &dn);
    write_block(f, &d->t, &grp);
    free(dn.p);
    free(grp.p);
    dense_reset(d);
}
static void dense_add(FILE *f, dense *d, int64_t id, int64_t lat, int64_t lon, const char *k,
                      const char *v)
{
    /* granularity 100: coordinates in 1e-7 degrees are stored as such */
    svarint(&d->ids, id - d->last_id);
    svarint(&d->lats, lat - d->last_lat);
    svarint(&d->lons, lon - d->last_lon);
    d->last_id = id;
    d->last_lat = lat;
    d->last_lon = lon;
    if (k) {
        varint(&d->kv, sid(&d->t, k));
        varint(&d->kv, sid(&d->t, v));
    }
    varint(&d->kv, 0);
    if (++d->count == 8000)
        dense_flush(f, d);
}

typedef struct ways {
    buf grp;
    size_t count;
    strtab t;
} ways;

static void ways_flush(FILE *f, ways *w)
{
    if (!w->count)
        return;
    write_block(f, &w->t, &w->grp);
    w->grp.n = 0;
    w->count = 0;
    strtab_reset(&w->t);
}
/* One way: tags as k, v pairs (n_tags of them), node refs. */
static void way_add(FILE *f, ways *w, int64_t id, const char *const *tags, size_t n_tags,
                    const int64_t *refs, size_t n_refs)
{
    buf way = {0}, ks = {0}, vs = {0}, rs = {0};
    for (size_t i = 0; i < n_tags; i++) {
        varint(&ks, sid(&w->t, tags[2 * i]));
        varint(&vs, sid(&w->t, tags[2 * i + 1]));
    }
    int64_t last = 0;
    for (size_t i = 0; i < n_refs; i++) {
        svarint(&rs, refs[i] - last);
        last = refs[i];
    }
    field_varint(&way, 1, (uint64_t)id);
    field_buf(&way, 2, &ks);
    field_buf(&way, 3, &vs);
    field_buf(&way, 8, &rs);
    field_buf(&w->grp, 3, &way);
    free(way.p);
    free(ks.p);
    free(vs.p);
    free(rs.p);
    if (++w->count == 8000 || w->t.n > MAX_STR - 8)
        ways_flush(f, w);
}

static const char *line_class(int64_t line_no)
{
    if (line_no % 64 == 0)
        return "primary";
    if (line_no % 16 == 0)
        return "secondary";
    if (line_no % 4 == 0)
        return "tertiary";
    return "residential";
}

/* Cuts one lattice line (horizontal when horiz, at index k = r or c) into ways of 5-20
 * nodes; consecutive ways share their end node. */
static int64_t emit_line(FILE *f, ways *w, const lattice *L, int horiz, int64_t k, int64_t way_id,
                         size_t *n_ways)
{
    int64_t len = 4 * L->side + 1, pos = 0;
    int64_t refs[20];
    const char *cls = line_class(k / 4);
    char name[32];
    snprintf(name, sizeof name, "%s %" PRId64, horiz ? "Row" : "Column", k / 4);
    /* one residential line in 8 is one-way, alternating direction */
    int oneway = strcmp(cls, "residential") == 0 && (k / 4) % 8 == 3;
    while (pos < len - 1) {
        int64_t want = 5 + (int64_t)(unit(L->seed ^ 0x77, (uint64_t)(horiz * 2 + 1) << 40 | (uint64_t)k,
                                          (uint64_t)pos) * 16);
        int64_t n = len - pos < want ? len - pos : want;
        if (len - (pos + n - 1) < 5 && len - pos <= 20)
            n = len - pos; /* no stub shorter than 5 nodes at the end of a line */
        for (int64_t i = 0; i < n; i++)
            refs[i] = horiz ? node_id(L, k, pos + i) : node_id(L, pos + i, k);
        const char *tags[] = {"highway", cls, "name", name, "oneway", "yes"};
        way_add(f, w, way_id++, tags, oneway ? 3 : 2, refs, (size_t)n);
        (*n_ways)++;
        pos += n - 1;
    }
    return way_id;
}

int main(int argc, char **argv)
{
    long long n_nodes = 0;
    unsigned long long seed = 1;
    int countries = 0;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (i + 1 >= argc)
            break;
        char *end;
        errno = 0;
        if (strcmp(argv[i], "-n") == 0)
            n_nodes = strtoll(argv[++i], &end, 10);
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], &end, 10);
        else if (strcmp(argv[i], "--countries") == 0)
            countries = (int)strtol(argv[++i], &end, 10);
        else if (strcmp(argv[i], "-o") == 0) {
            out = argv[++i];
            continue;
        } else
            break;
        if (*end || errno) {
            fprintf(stderr, "osmgen: %s: expected an integer, found \"%s\"\n", argv[i - 1], argv[i]);
            return 2;
        }
    }
    if (n_nodes < 1000 || n_nodes > 2000000000 || !out || countries == 1 || countries < 0 ||
        countries > 3) {
        fputs(usage, stderr);
        return 2;
    }
    lattice L = {.seed = seed, .lat0 = 40.0, .lon0 = 44.0};
    /* a block (4 x 4 steps) holds 7 lattice nodes; 95% of the nodes are on the lattice */
    L.side = 1;
    while (7 * (L.side + 1) * (L.side + 1) <= n_nodes * 95 / 100)
        L.side++;
    L.n_lattice = node_id(&L, 4 * L.side, 4 * L.side);
    L.n_poi = L.n_lattice / 19; /* 5% of the total */
    L.step_deg_lat = 30.0 / 111195.0;
    L.step_deg_lon = L.step_deg_lat / 0.766; /* cos 40 degrees */

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "osmgen: %s: %s\n", tmp, strerror(errno));
        return 1;
    }
    buf hb = {0}, bbox = {0};
    int64_t lat_lo, lon_lo, lat_hi, lon_hi;
    position(&L, -2, -2, &lat_lo, &lon_lo);
    position(&L, 4 * L.side + 2, 4 * L.side + 2, &lat_hi, &lon_hi);
    /* HeaderBBox in nanodegrees: left, right, top, bottom */
    svarint((key(&bbox, 1, 0), &bbox), lon_lo * 100);
    svarint((key(&bbox, 2, 0), &bbox), lon_hi * 100);
    svarint((key(&bbox, 3, 0), &bbox), lat_hi * 100);
    svarint((key(&bbox, 4, 0), &bbox), lat_lo * 100);
    field_buf(&hb, 1, &bbox);
    field_bytes(&hb, 4, "OsmSchema-V0.6", 14);
    field_bytes(&hb, 4, "DenseNodes", 10);
    field_bytes(&hb, 16, "corridor osmgen", 15);
    write_blob(f, "OSMHeader", &hb);
    free(hb.p);
    free(bbox.p);

    static const char *const amenities[] = {"cafe", "school", "pharmacy", "fuel", "bank"};
    dense d = {0};
    d.t.n = 1;
    dense_reset(&d);
    size_t n_written = 0;
    for (int64_t r = 0; r <= 4 * L.side; r++)
        for (int64_t c = 0; c <= 4 * L.side; c += (r % 4 == 0 ? 1 : 4)) {
            int64_t la, lo;
            position(&L, r, c, &la, &lo);
            dense_add(f, &d, node_id(&L, r, c), la, lo, NULL, NULL);
            n_written++;
        }
    for (int64_t i = 0; i < L.n_poi; i++) {
        /* inside a block, away from the streets */
        double u = unit(seed ^ 0x5151, (uint64_t)i, 0), v = unit(seed ^ 0x5151, (uint64_t)i, 1);
        int64_t la, lo;
        position(&L, (int64_t)(u * (double)L.side) * 4 + 2, (int64_t)(v * (double)L.side) * 4 + 2,
                 &la, &lo);
        dense_add(f, &d, L.n_lattice + 1 + i, la, lo, "amenity", amenities[i % 5]);
        n_written++;
    }
    /* boundary rings: strip s spans columns [s*W, (s+1)*W] of the lattice, plus a margin */
    int64_t corner0 = L.n_lattice + L.n_poi + 1;
    int64_t cols = 4 * L.side;
    for (int s = 0; s <= countries && countries; s++) {
        int64_t c = s == countries ? cols + 2 : s == 0 ? -2 : cols * s / countries;
        /* two corners per divide: bottom, top; the divides fall between lattice columns */
        int64_t lo = (int64_t)((L.lon0 + ((double)c + (s && s < countries ? 0.5 : 0)) * L.step_deg_lon) * 1e7);
        dense_add(f, &d, corner0 + 2 * s, (int64_t)((L.lat0 - 2 * L.step_deg_lat) * 1e7), lo, NULL, NULL);
        dense_add(f, &d, corner0 + 2 * s + 1,
                  (int64_t)((L.lat0 + (double)(4 * L.side + 2) * L.step_deg_lat) * 1e7), lo, NULL, NULL);
        n_written += 2;
    }
    dense_flush(f, &d);
    free(d.ids.p);
    free(d.lats.p);
    free(d.lons.p);
    free(d.kv.p);

    ways w = {0};
    w.t.n = 1;
    strtab_reset(&w.t);
    size_t n_ways = 0;
    int64_t way_id = 1;
    for (int64_t k = 0; k <= 4 * L.side; k += 4)
        way_id = emit_line(f, &w, &L, 1, k, way_id, &n_ways);
    for (int64_t k = 0; k <= 4 * L.side; k += 4)
        way_id = emit_line(f, &w, &L, 0, k, way_id, &n_ways);
    /* boundary ways: the divides (vertical) and the bottom and top edges of each strip */
    int64_t divide0 = way_id;
    for (int s = 0; s <= countries && countries; s++) {
        int64_t refs[2] = {corner0 + 2 * s, corner0 + 2 * s + 1};
        const char *tags[] = {"boundary", "administrative", "admin_level", "2"};
        way_add(f, &w, way_id++, tags, 2, refs, 2);
        n_ways++;
    }
    int64_t edge0 = way_id;
    for (int s = 0; s < countries; s++)
        for (int top = 0; top < 2; top++) {
            int64_t refs[2] = {corner0 + 2 * s + top, corner0 + 2 * (s + 1) + top};
            const char *tags[] = {"boundary", "administrative", "admin_level", "2"};
            way_add(f, &w, way_id++, tags, 2, refs, 2);
            n_ways++;
        }
    ways_flush(f, &w);
    free(w.grp.p);

    size_t n_rel = 0;
    if (countries) {
        static const char *const codes[] = {"XA", "XB", "XC"};
        static const char *const names[] = {"Country A", "Country B", "Country C"};
        strtab t = {.n = 1};
        strtab_reset(&t);
        buf grp = {0};
        for (int s = 0; s < countries; s++) {
            buf rel = {0}, ks = {0}, vs = {0}, roles = {0}, mids = {0}, types = {0};
            const char *tags[] = {"type", "boundary", "boundary", "administrative", "admin_level",
                                  "2", "ISO3166-1", codes[s], "name", names[s]};
            for (size_t i = 0; i < 5; i++) {
                varint(&ks, sid(&t, tags[2 * i]));
                varint(&vs, sid(&t, tags[2 * i + 1]));
            }
            /* ring: left divide, bottom edge, right divide, top edge */
            int64_t m[4] = {divide0 + s, edge0 + 2 * s, divide0 + s + 1, edge0 + 2 * s + 1};
            int64_t last = 0;
            for (int i = 0; i < 4; i++) {
                varint(&roles, sid(&t, "outer"));
                svarint(&mids, m[i] - last);
                last = m[i];
                varint(&types, 1); /* WAY */
            }
            field_varint(&rel, 1, (uint64_t)(s + 1));
            field_buf(&rel, 2, &ks);
            field_buf(&rel, 3, &vs);
            field_buf(&rel, 8, &roles);
            field_buf(&rel, 9, &mids);
            field_buf(&rel, 10, &types);
            field_buf(&grp, 4, &rel);
            free(rel.p);
            free(ks.p);
            free(vs.p);
            free(roles.p);
            free(mids.p);
            free(types.p);
            n_rel++;
        }
        write_block(f, &t, &grp);
        strtab_reset(&t);
        free(grp.p);
    }
    if (fclose(f) != 0 || rename(tmp, out) != 0) {
        fprintf(stderr, "osmgen: %s: %s\n", out, strerror(errno));
        remove(tmp);
        return 1;
    }
    printf("nodes %zu ways %zu relations %zu lattice_nodes %" PRId64 " poi_nodes %" PRId64
           " side %" PRId64 "\n",
           n_written, n_ways, n_rel, L.n_lattice, L.n_poi, L.side);
    return 0;
}
