/* Binary snapshots of a cor_graph and its contraction hierarchies (docs/ch.md "Snapshot
 * format"): a checked header, then the flat arrays, 8-byte aligned, protected by CRC-32.
 * Reading never trusts the file: sizes are overflow-checked and every index is validated. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ch/graph_int.h"
#include "load/csvfile.h"
#include "snapshot/snapshot_int.h"
#include "util/afile.h"

#define SNAP_MAGIC "CORGRAPH"
#define SNAP_VERSION 4u /* 2: link names; 3: hierarchies in rank order, arcs as (head, w);
                           4: border crossings (dwell in the time weight, fees) */
#define SNAP_ENDIAN 0x01020304u
#define SNAP_HEADER 160u
#define MAX_COUNT 0xFFFFFFF0ull

typedef struct header {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t n, m, n_links, n_shape_pts, id_chars, link_chars, name_chars;
    uint64_t flags;                       /* bit 0: time hierarchy, 1: OSM data, 2: distance hierarchy */
    uint64_t n_fwd[COR_METRIC_COUNT], n_bwd[COR_METRIC_COUNT], n_sc[COR_METRIC_COUNT];
    uint64_t n_cross;                     /* border crossing arcs */
    uint32_t payload_crc, header_crc;
} header;

_Static_assert(sizeof(header) <= SNAP_HEADER, "header fits its slot");

/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table built per call: no globals. */
typedef struct crc32_ctx {
    uint32_t table[256];
    uint32_t crc;
} crc32_ctx;

static void crc_init(crc32_ctx *c)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t x = i;
        for (int k = 0; k < 8; k++)
            x = (x >> 1) ^ (0xEDB88320u & (0u - (x & 1)));
        c->table[i] = x;
    }
    c->crc = 0xFFFFFFFFu;
}

static void crc_add(crc32_ctx *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t x = c->crc;
    for (size_t i = 0; i < n; i++)
        x = c->table[(x ^ p[i]) & 0xFF] ^ (x >> 8);
    c->crc = x;
}

static uint32_t crc_end(const crc32_ctx *c) { return c->crc ^ 0xFFFFFFFFu; }

int cor_snapshot_reseal(void *buf, size_t len)
{
    if (len < SNAP_HEADER)
        return -1;
    unsigned char *b = buf;
    header h;
    memcpy(&h, b, sizeof h);
    crc32_ctx crc;
    crc_init(&crc);
    crc_add(&crc, b + SNAP_HEADER, len - SNAP_HEADER);
    h.payload_crc = crc_end(&crc);
    crc_init(&crc);
    crc_add(&crc, &h, offsetof(header, header_crc));
    h.header_crc = crc_end(&crc);
    memcpy(b + offsetof(header, payload_crc), &h.payload_crc, sizeof h.payload_crc);
    memcpy(b + offsetof(header, header_crc), &h.header_crc, sizeof h.header_crc);
    return 0;
}

/* The arrays in file order: pointer slot, element size, count. */
typedef struct section {
    void **ptr;
    size_t elem;
    uint64_t count;
} section;

static size_t sections(cor_graph *g, const header *h, section *s)
{
    size_t k = 0;
#define SEC(p, cnt) (s[k++] = (section){(void **)&(p), sizeof *(p), (cnt)})
    SEC(g->lat_e7, h->n);
    SEC(g->lon_e7, h->n);
    SEC(g->country, 2 * h->n);
    SEC(g->kinds, h->n);
    SEC(g->id_off, h->n + 1);
    SEC(g->ids, h->id_chars);
    SEC(g->arc_from, h->m);
    SEC(g->arc_to, h->m);
    SEC(g->arc_len_dm, h->m);
    SEC(g->arc_time_ms, h->m);
    SEC(g->arc_mode, h->m);
    SEC(g->arc_usd_tkm, h->m);
    SEC(g->arc_usd_t, h->m);
    SEC(g->arc_link, h->m);
    SEC(g->link_id_off, h->n_links + 1);
    SEC(g->link_ids, h->link_chars);
    SEC(g->link_name_off, h->n_links + 1);
    SEC(g->link_names, h->name_chars);
    SEC(g->shape_off, h->n_links + 1);
    SEC(g->shape, 2 * h->n_shape_pts);
    SEC(g->cross_arc, h->n_cross);
    SEC(g->cross_dwell_ms, h->n_cross);
    SEC(g->cross_usd_t, h->n_cross);
    SEC(g->cross_usd_veh, h->n_cross);
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++) {
        if (h->flags & (mt == COR_METRIC_TIME ? 1u : 4u)) {
            ch_data *c = &g->ch[mt];
            SEC(c->rank, h->n);
            SEC(c->fwd_first, h->n + 1);
            SEC(c->fwd, h->n_fwd[mt]);
            SEC(c->fwd_rec, h->n_fwd[mt]);
            SEC(c->bwd_first, h->n + 1);
            SEC(c->bwd, h->n_bwd[mt]);
            SEC(c->bwd_rec, h->n_bwd[mt]);
            SEC(c->sc_a, h->n_sc[mt]);
            SEC(c->sc_b, h->n_sc[mt]);
        }
    }
#undef SEC
    return k;
}

#define MAX_SECTIONS 64

/* Total file size for the counts in h, or 0 when a size overflows. */
static uint64_t file_size(const section *s, size_t ns)
{
    uint64_t off = SNAP_HEADER;
    for (size_t i = 0; i < ns; i++) {
        if (s[i].count > (UINT64_MAX / 4) / s[i].elem)
            return 0;
        uint64_t bytes = s[i].count * s[i].elem;
        bytes = (bytes + 7) & ~(uint64_t)7;
        if (off > UINT64_MAX / 2 - bytes)
            return 0;
        off += bytes;
    }
    return off;
}

static void fill_header(const cor_graph *g, header *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, SNAP_MAGIC, 8);
    h->version = SNAP_VERSION;
    h->endian = SNAP_ENDIAN;
    h->n = g->n;
    h->m = g->m;
    h->n_links = g->n_links;
    h->n_shape_pts = g->n_shape_pts;
    h->id_chars = g->id_chars;
    h->link_chars = g->link_chars;
    h->name_chars = g->name_chars;
    h->n_cross = g->n_cross;
    h->flags = (uint64_t)(g->has_ch & 1) | (uint64_t)(g->osm ? 2 : 0) |
               (uint64_t)((g->has_ch & 2) << 1);
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++) {
        if (!((g->has_ch >> mt) & 1))
            continue;
        h->n_fwd[mt] = g->ch[mt].n_fwd;
        h->n_bwd[mt] = g->ch[mt].n_bwd;
        h->n_sc[mt] = g->ch[mt].n_sc;
    }
}

cor_status cor_graph_write(const cor_graph *g, const char *path, cor_err *err)
{
    header h;
    fill_header(g, &h);
    section s[MAX_SECTIONS];
    cor_graph tmpg = *g; /* sections() wants non-const slots; nothing is written through them */
    size_t ns = sections(&tmpg, &h, s);
    h.file_size = file_size(s, ns);
    if (!h.file_size)
        return cor_err_set(err, COR_ERR_INPUT, "graph too large for a snapshot");
    static const unsigned char zeros[8] = {0};
    crc32_ctx crc;
    crc_init(&crc);
    for (size_t i = 0; i < ns; i++) {
        size_t bytes = (size_t)(s[i].count * s[i].elem);
        crc_add(&crc, *s[i].ptr, bytes);
        crc_add(&crc, zeros, (8 - bytes % 8) % 8);
    }
    h.payload_crc = crc_end(&crc);
    crc_init(&crc);
    crc_add(&crc, &h, offsetof(header, header_crc));
    h.header_crc = crc_end(&crc);

    cor_afile a;
    if (cor_afile_open(&a, path) != 0)
        return cor_err_set(err, COR_ERR_IO, "cannot create a temporary file beside %s: %s", path,
                           strerror(errno));
    unsigned char hbuf[SNAP_HEADER] = {0};
    memcpy(hbuf, &h, sizeof h);
    int ok = fwrite(hbuf, 1, SNAP_HEADER, a.f) == SNAP_HEADER;
    for (size_t i = 0; i < ns && ok; i++) {
        size_t bytes = (size_t)(s[i].count * s[i].elem);
        ok = fwrite(*s[i].ptr, 1, bytes, a.f) == bytes &&
             fwrite(zeros, 1, (8 - bytes % 8) % 8, a.f) == (8 - bytes % 8) % 8;
    }
    if (!ok || cor_afile_commit(&a) != 0) {
        cor_afile_abort(&a);
        return cor_err_set(err, COR_ERR_IO, "cannot write %s: %s", path, strerror(errno));
    }
    return COR_OK;
}

/* ---- reading ---- */

static int monotone(const uint32_t *a, uint64_t n, uint64_t last)
{
    if (a[0] != 0 || a[n] != last)
        return 0;
    for (uint64_t i = 0; i < n; i++)
        if (a[i] > a[i + 1])
            return 0;
    return 1;
}

/* Ids as the CSV reader gives them: each one UTF-8 text ending with its only NUL, non-empty
 * unless empty is allowed (the outputs write them into JSON, which refuses anything else). */
static int strings_ok(const uint32_t *off, uint64_t n, const char *chars, int empty)
{
    for (uint64_t i = 0; i < n; i++) {
        const char *s = chars + off[i];
        size_t len = off[i + 1] - off[i]; /* the offsets are monotone */
        if (len < (empty ? 1u : 2u) || s[len - 1] != '\0' || memchr(s, '\0', len - 1) ||
            !cor_utf8_valid(s, len - 1))
            return 0;
    }
    return 1;
}

/* The ends and the weight of record rec: an arc, or a shortcut whose ends and weight were
 * put in sc (3 per shortcut) when it was checked. */
static void rec_ends(const cor_graph *g, cor_metric mt, const uint32_t *sc, uint32_t rec,
                     uint32_t *from, uint32_t *to, uint32_t *w)
{
    if (rec < g->m) {
        *from = g->arc_from[rec];
        *to = g->arc_to[rec];
        *w = cor_graph_arc_weight(g, rec, mt);
    } else {
        const uint32_t *e = sc + 3 * (size_t)(rec - g->m);
        *from = e[0];
        *to = e[1];
        *w = e[2];
    }
}

/* Checks what the indices alone do not (docs/ch.md): ranks are a permutation, and every arc's
 * record runs between the arc's two ends (the nodes of its two ranks) with the arc's weight,
 * a shortcut's record being its two halves joined end to start, weights summed (and capped
 * as contract.c caps them). Then a CH answer is the length of a real path and its unpacking
 * is contiguous. Linear in the size of the hierarchy; sets *nomem when scratch memory runs
 * out. */
static const char *check_hierarchy(const cor_graph *g, cor_metric mt, int *nomem)
{
    const ch_data *c = &g->ch[mt];
    uint32_t *node_of = malloc(g->n ? (size_t)g->n * sizeof *node_of : 1);
    uint32_t *sc = malloc(c->n_sc ? 3 * (size_t)c->n_sc * sizeof *sc : 1);
    const char *bad = NULL;
    if (!node_of || !sc) {
        *nomem = 1;
        goto done;
    }
    memset(node_of, 0xFF, (size_t)g->n * sizeof *node_of);
    for (uint64_t v = 0; v < g->n && !bad; v++) {
        if (node_of[c->rank[v]] != UINT32_MAX)
            bad = "hierarchy ranks";
        node_of[c->rank[v]] = (uint32_t)v;
    }
    for (uint64_t k = 0; k < c->n_sc && !bad; k++) {
        uint32_t fa, ta, wa, fb, tb, wb;
        rec_ends(g, mt, sc, c->sc_a[k], &fa, &ta, &wa);
        rec_ends(g, mt, sc, c->sc_b[k], &fb, &tb, &wb);
        uint64_t w = (uint64_t)wa + wb;
        if (ta != fb)
            bad = "shortcuts";
        sc[3 * k] = fa;
        sc[3 * k + 1] = tb;
        sc[3 * k + 2] = w > COR_CH_WEIGHT_CAP ? COR_CH_WEIGHT_CAP : (uint32_t)w;
    }
    for (int k = 0; k < 2 && !bad; k++) {
        /* at rank r: forward arcs r -> head, backward arcs head -> r */
        const uint32_t *first = k ? c->bwd_first : c->fwd_first;
        const ch_arc *arc = k ? c->bwd : c->fwd;
        const uint32_t *rec = k ? c->bwd_rec : c->fwd_rec;
        for (uint64_t r = 0; r < g->n && !bad; r++)
            for (uint32_t i = first[r]; i < first[r + 1] && !bad; i++) {
                uint32_t from, to, w, u = node_of[r], x = node_of[arc[i].head];
                rec_ends(g, mt, sc, rec[i], &from, &to, &w);
                if (w != arc[i].w || (k ? from != x || to != u : from != u || to != x))
                    bad = "hierarchy arcs";
            }
    }
done:
    free(node_of);
    free(sc);
    return bad;
}

/* Crossings: increasing arcs, each between two countries, its dwell less than its time
 * weight (the move takes at least 1 ms), fees finite, >= 0 and within the loader's ranges. */
static const char *check_crossings(const cor_graph *g)
{
    for (uint64_t k = 0; k < g->n_cross; k++) {
        uint32_t a = g->cross_arc[k];
        if (a >= g->m || (k && a <= g->cross_arc[k - 1]) ||
            memcmp(g->country + 2 * (size_t)g->arc_from[a], g->country + 2 * (size_t)g->arc_to[a],
                   2) == 0 ||
            g->cross_dwell_ms[k] >= g->arc_time_ms[a] ||
            !(g->cross_usd_t[k] >= 0 && g->cross_usd_t[k] <= 1e7f) ||
            !(g->cross_usd_veh[k] >= 0 && g->cross_usd_veh[k] <= 1e7f))
            return "border crossings";
    }
    return NULL;
}

static const char *validate(const cor_graph *g, int *nomem)
{
    if (!monotone(g->id_off, g->n, g->id_chars) || !strings_ok(g->id_off, g->n, g->ids, 0))
        return "node ids";
    if (!monotone(g->link_id_off, g->n_links, g->link_chars) ||
        !strings_ok(g->link_id_off, g->n_links, g->link_ids, 0))
        return "link ids";
    if (!monotone(g->link_name_off, g->n_links, g->name_chars) ||
        !strings_ok(g->link_name_off, g->n_links, g->link_names, 1))
        return "link names";
    if (!monotone(g->shape_off, g->n_links, g->n_shape_pts))
        return "link shapes";
    for (uint64_t v = 0; v < g->n; v++) {
        if (g->lat_e7[v] < -900000000 || g->lat_e7[v] > 900000000 ||
            g->lon_e7[v] < -1800000000 || g->lon_e7[v] > 1800000000)
            return "node coordinates";
        char a = g->country[2 * v], b = g->country[2 * v + 1];
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
            return "node countries";
    }
    for (uint64_t i = 0; i < 2 * g->n_shape_pts; i += 2)
        if (g->shape[i] < -900000000 || g->shape[i] > 900000000 ||
            g->shape[i + 1] < -1800000000 || g->shape[i + 1] > 1800000000)
            return "shape coordinates";
    for (uint64_t a = 0; a < g->m; a++) {
        if (g->arc_from[a] >= g->n || g->arc_to[a] >= g->n || !g->arc_len_dm[a] ||
            !g->arc_time_ms[a] || (g->arc_mode[a] & COR_ARC_MODE_MASK) >= COR_MODE_COUNT ||
            (g->arc_link[a] != COR_NO_LINK && g->arc_link[a] >= g->n_links) ||
            !(g->arc_usd_tkm[a] >= 0 && g->arc_usd_tkm[a] < 1e7f) ||
            !(g->arc_usd_t[a] >= 0 && g->arc_usd_t[a] < 1e10f))
            return "arcs";
    }
    const char *bad = check_crossings(g);
    if (bad)
        return bad;
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++) {
        const ch_data *c = &g->ch[mt];
        if (!((g->has_ch >> mt) & 1))
            continue;
        uint64_t recs = g->m + c->n_sc;
        if (recs > MAX_COUNT)
            return "hierarchy sizes";
        for (uint64_t v = 0; v < g->n; v++)
            if (c->rank[v] >= g->n)
                return "hierarchy ranks";
        if (!monotone(c->fwd_first, g->n, c->n_fwd) || !monotone(c->bwd_first, g->n, c->n_bwd))
            return "hierarchy offsets";
        /* stored in rank order: every arc at rank r leads up, to a rank in (r, n) */
        for (int k = 0; k < 2; k++) {
            const uint32_t *first = k ? c->bwd_first : c->fwd_first;
            const ch_arc *arc = k ? c->bwd : c->fwd;
            const uint32_t *rec = k ? c->bwd_rec : c->fwd_rec;
            for (uint64_t r = 0; r < g->n; r++)
                for (uint32_t i = first[r]; i < first[r + 1]; i++)
                    if (arc[i].head <= r || arc[i].head >= g->n || rec[i] >= recs)
                        return "hierarchy arcs";
        }
        /* the halves of shortcut k come before it, so unpacking always terminates */
        for (uint64_t k = 0; k < c->n_sc; k++)
            if (c->sc_a[k] >= g->m + k || c->sc_b[k] >= g->m + k)
                return "shortcuts";
        bad = check_hierarchy(g, (cor_metric)mt, nomem);
        if (bad || *nomem)
            return bad;
    }
    return NULL;
}

/* The whole file at path into *buf (malloc'd) of *size bytes, at least the header. */
static cor_status read_whole(const char *path, unsigned char **buf, uint64_t *size, cor_err *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return cor_err_set(err, COR_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat sb;
    cor_status st = COR_OK;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        st = cor_err_set(err, COR_ERR_IO, "%s: not a regular file", path);
    else if ((uint64_t)sb.st_size < SNAP_HEADER)
        st = cor_err_set(err, COR_ERR_INPUT, "%s: truncated snapshot: %llu bytes, shorter than "
                         "the %u-byte header", path, (unsigned long long)sb.st_size, SNAP_HEADER);
    else if ((uint64_t)sb.st_size > SIZE_MAX / 2)
        st = cor_err_set(err, COR_ERR_INPUT, "%s: file too large", path);
    else if (!(*buf = malloc((size_t)sb.st_size)))
        st = cor_err_set(err, COR_ERR_NOMEM, "%s: out of memory for %llu bytes", path,
                         (unsigned long long)sb.st_size);
    if (st != COR_OK) {
        close(fd);
        return st;
    }
    *size = (uint64_t)sb.st_size;
    size_t got = 0;
    while (got < *size) {
        ssize_t r = read(fd, *buf + got, (size_t)(*size - got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != *size) {
        free(*buf);
        *buf = NULL;
        return cor_err_set(err, COR_ERR_IO, "%s: read error", path);
    }
    return COR_OK;
}

cor_status cor_graph_read(const char *path, cor_graph **out, cor_err *err)
{
    *out = NULL;
    unsigned char *buf = NULL;
    uint64_t size = 0;
    cor_status st = read_whole(path, &buf, &size, err);
    if (st != COR_OK)
        return st;
    cor_graph *g = NULL;
    header h;
    memcpy(&h, buf, sizeof h);
    if (memcmp(h.magic, SNAP_MAGIC, 8) != 0) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: not a corridor snapshot: expected magic "
                         "\"%s\" (corridor build makes one)", path, SNAP_MAGIC);
        goto fail;
    }
    if (h.endian != SNAP_ENDIAN) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: snapshot written on a machine of another byte "
                         "order", path);
        goto fail;
    }
    if (h.version != SNAP_VERSION) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: snapshot format version %u, this corridor "
                         "reads version %u only: rebuild it with corridor build", path, h.version,
                         SNAP_VERSION);
        goto fail;
    }
    crc32_ctx crc;
    crc_init(&crc);
    crc_add(&crc, &h, offsetof(header, header_crc));
    if (crc_end(&crc) != h.header_crc) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: header checksum mismatch",
                         path);
        goto fail;
    }
    if (h.n > MAX_COUNT || h.m > MAX_COUNT || h.n_links > MAX_COUNT ||
        h.n_shape_pts > MAX_COUNT / 2 || h.id_chars > MAX_COUNT || h.link_chars > MAX_COUNT ||
        h.name_chars > MAX_COUNT || h.n_cross > h.m ||
        h.flags > 7) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: sizes out of range", path);
        goto fail;
    }
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++)
        if (h.n_fwd[mt] > MAX_COUNT || h.n_bwd[mt] > MAX_COUNT || h.n_sc[mt] > MAX_COUNT) {
            st = cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: sizes out of range", path);
            goto fail;
        }
    g = calloc(1, sizeof *g);
    if (!g) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto fail;
    }
    section s[MAX_SECTIONS];
    size_t ns = sections(g, &h, s);
    uint64_t want = file_size(s, ns);
    if (size != h.file_size) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: %s snapshot: %llu bytes, the header says %llu",
                         path, size < h.file_size ? "truncated" : "corrupt",
                         (unsigned long long)size, (unsigned long long)h.file_size);
        goto fail;
    }
    if (!want || want != h.file_size) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: the counts in the header "
                         "give %llu bytes, the header says %llu", path, (unsigned long long)want,
                         (unsigned long long)h.file_size);
        goto fail;
    }
    crc_init(&crc);
    crc_add(&crc, buf + SNAP_HEADER, (size_t)(size - SNAP_HEADER));
    if (crc_end(&crc) != h.payload_crc) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: checksum mismatch", path);
        goto fail;
    }
    uint64_t off = SNAP_HEADER;
    for (size_t i = 0; i < ns; i++) {
        *s[i].ptr = buf + off;
        off += (s[i].count * s[i].elem + 7) & ~(uint64_t)7;
    }
    g->blob = buf;
    buf = NULL;
    g->n = h.n;
    g->m = h.m;
    g->n_links = h.n_links;
    g->n_shape_pts = h.n_shape_pts;
    g->id_chars = h.id_chars;
    g->link_chars = h.link_chars;
    g->name_chars = h.name_chars;
    g->n_cross = h.n_cross;
    g->has_ch = (unsigned)((h.flags & 1) | ((h.flags >> 1) & 2));
    g->osm = (int)((h.flags >> 1) & 1);
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++) {
        if (!((g->has_ch >> mt) & 1))
            continue;
        g->ch[mt].n_fwd = h.n_fwd[mt];
        g->ch[mt].n_bwd = h.n_bwd[mt];
        g->ch[mt].n_sc = h.n_sc[mt];
    }
    int nomem = 0;
    const char *bad = validate(g, &nomem);
    if (nomem) {
        st = cor_err_set(err, COR_ERR_NOMEM, "%s: out of memory", path);
        goto fail;
    }
    if (bad) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: invalid %s", path, bad);
        goto fail;
    }
    st = cor_graph_finish(g, err);
    if (st)
        goto fail;
    *out = g;
    return COR_OK;
fail:
    free(buf);
    cor_graph_free(g);
    return st;
}
