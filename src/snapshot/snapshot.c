/* Binary snapshots of a cor_graph and its contraction hierarchies (docs/ch.md "Snapshot
 * format"): a checked header and section index, then the flat arrays, 8-byte aligned, derived
 * ones included. Opening maps the file and points the graph into it; the checksum of the whole
 * payload is verified on writing and by cor_graph_verify (`corridor check`). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ch/graph_int.h"
#include "snapshot/snapshot_int.h"
#include "util/afile.h"

#define SNAP_MAGIC "CORGRAPH"
#define SNAP_VERSION 4u /* 2: link names; 3: hierarchies in rank order, arcs as (head, w);
                           4: mapped, section index; border crossings (dwell in the time weight, fees) */
#define SNAP_ENDIAN 0x01020304u
#define SNAP_HEADER 256u
#define OFF_HEADER_CRC (SNAP_HEADER - 4) /* the header's last 4 bytes */
#define MAX_COUNT 0xFFFFFFF0ull
#define MAX_SECTIONS 64

typedef struct header {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t n, m, n_links, n_shape_pts, id_chars, link_chars, name_chars;
    uint64_t flags;                       /* bit 0: time hierarchy, 1: OSM data, 2: distance hierarchy */
    uint64_t n_fwd[COR_METRIC_COUNT], n_bwd[COR_METRIC_COUNT], n_sc[COR_METRIC_COUNT];
    uint64_t n_cross;                     /* border crossing arcs */
    uint64_t grid_n;
    uint32_t grid_w, grid_h;
    double grid_x0, grid_y0, grid_cell, grid_cos;
    uint32_t n_sections, payload_crc;
} header;

_Static_assert(sizeof(header) <= OFF_HEADER_CRC, "header fits its slot");

/* One entry of the section index: where a section starts and its length, in bytes. */
typedef struct index_entry {
    uint64_t offset, bytes;
} index_entry;

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

/* Where the payload (the sections) starts: after the header and the index. */
static uint64_t payload_start(uint32_t n_sections)
{
    return SNAP_HEADER + (uint64_t)n_sections * sizeof(index_entry);
}

/* The CRC of the header's first 252 bytes and the index that follows it. */
static uint32_t header_crc(const unsigned char *image, uint32_t n_sections)
{
    crc32_ctx crc;
    crc_init(&crc);
    crc_add(&crc, image, OFF_HEADER_CRC);
    crc_add(&crc, image + SNAP_HEADER, (size_t)(payload_start(n_sections) - SNAP_HEADER));
    return crc_end(&crc);
}

static uint32_t payload_crc(const unsigned char *image, uint64_t start, uint64_t size)
{
    crc32_ctx crc;
    crc_init(&crc);
    crc_add(&crc, image + start, (size_t)(size - start));
    return crc_end(&crc);
}

int cor_snapshot_reseal(void *buf, size_t len)
{
    if (len < SNAP_HEADER)
        return -1;
    unsigned char *b = buf;
    header h;
    memcpy(&h, b, sizeof h);
    if (h.n_sections > MAX_SECTIONS || payload_start(h.n_sections) > len)
        return -1;
    h.payload_crc = payload_crc(b, payload_start(h.n_sections), len);
    memcpy(b + offsetof(header, payload_crc), &h.payload_crc, sizeof h.payload_crc);
    uint32_t hc = header_crc(b, h.n_sections);
    memcpy(b + OFF_HEADER_CRC, &hc, sizeof hc);
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
    SEC(g->out_first, h->n + 1);
    SEC(g->out_arc, h->m);
    SEC(g->in_first, h->n + 1);
    SEC(g->in_arc, h->m);
    SEC(g->grid_first, (uint64_t)h->grid_w * h->grid_h + 1);
    SEC(g->grid_node, h->grid_n);
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

/* The index of the sections s[0..ns): each at the first 8-byte boundary after the one before,
 * the first right after the index. The file size, or 0 when a size overflows. */
static uint64_t layout(const section *s, size_t ns, index_entry *idx)
{
    uint64_t off = payload_start((uint32_t)ns);
    for (size_t i = 0; i < ns; i++) {
        if (s[i].count > (UINT64_MAX / 4) / s[i].elem)
            return 0;
        uint64_t bytes = s[i].count * s[i].elem;
        if (off > UINT64_MAX / 2 - bytes - 8)
            return 0;
        idx[i] = (index_entry){off, bytes};
        off += (bytes + 7) & ~(uint64_t)7;
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
    h->grid_n = g->grid_n;
    h->grid_w = g->grid_w;
    h->grid_h = g->grid_h;
    h->grid_x0 = g->grid_x0;
    h->grid_y0 = g->grid_y0;
    h->grid_cell = g->grid_cell;
    h->grid_cos = g->grid_cos;
}

/* Reads the file back from the start of its payload and compares its CRC with the one that was
 * written (a.f flushed first). 0; -1 with errno set; -2 when the bytes read back differ. */
static int read_back(cor_afile *a, uint64_t start, uint64_t size, uint32_t want)
{
    if (fflush(a->f) != 0)
        return -1;
    if (a->direct) /* a device or a FIFO: nothing to read back */
        return 0;
    int fd = open(a->tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    crc32_ctx crc;
    crc_init(&crc);
    unsigned char buf[1 << 16];
    uint64_t at = start;
    while (at < size) {
        size_t want_n = size - at < sizeof buf ? (size_t)(size - at) : sizeof buf;
        ssize_t r = pread(fd, buf, want_n, (off_t)at);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        crc_add(&crc, buf, (size_t)r);
        at += (uint64_t)r;
    }
    close(fd);
    return at == size && crc_end(&crc) == want ? 0 : -2;
}

cor_status cor_graph_write(const cor_graph *g, const char *path, cor_err *err)
{
    header h;
    fill_header(g, &h);
    section s[MAX_SECTIONS];
    index_entry idx[MAX_SECTIONS];
    cor_graph tmpg = *g; /* sections() wants non-const slots; nothing is written through them */
    size_t ns = sections(&tmpg, &h, s);
    h.n_sections = (uint32_t)ns;
    h.file_size = layout(s, ns, idx);
    if (!h.file_size)
        return cor_err_set(err, COR_ERR_INPUT, "graph too large for a snapshot");
    static const unsigned char zeros[8] = {0};
    crc32_ctx crc;
    crc_init(&crc);
    for (size_t i = 0; i < ns; i++) {
        size_t bytes = (size_t)idx[i].bytes;
        crc_add(&crc, *s[i].ptr, bytes);
        crc_add(&crc, zeros, (8 - bytes % 8) % 8);
    }
    h.payload_crc = crc_end(&crc);
    unsigned char hbuf[SNAP_HEADER + MAX_SECTIONS * sizeof(index_entry)] = {0};
    size_t hlen = (size_t)payload_start(h.n_sections);
    memcpy(hbuf, &h, sizeof h);
    memcpy(hbuf + SNAP_HEADER, idx, ns * sizeof *idx);
    uint32_t hc = header_crc(hbuf, h.n_sections);
    memcpy(hbuf + OFF_HEADER_CRC, &hc, sizeof hc);

    cor_afile a;
    if (cor_afile_open(&a, path) != 0)
        return cor_err_set(err, COR_ERR_IO, "cannot create a temporary file beside %s: %s", path,
                           strerror(errno));
    int ok = fwrite(hbuf, 1, hlen, a.f) == hlen;
    for (size_t i = 0; i < ns && ok; i++) {
        size_t bytes = (size_t)idx[i].bytes;
        ok = fwrite(*s[i].ptr, 1, bytes, a.f) == bytes &&
             fwrite(zeros, 1, (8 - bytes % 8) % 8, a.f) == (8 - bytes % 8) % 8;
    }
    int back = ok ? read_back(&a, hlen, h.file_size, h.payload_crc) : -1;
    if (back != 0 || cor_afile_commit(&a) != 0) {
        const char *why = back == -2 ? "the file read back differs from what was written "
                                       "(checksum)" : strerror(errno);
        cor_afile_abort(&a);
        return cor_err_set(err, COR_ERR_IO, "cannot write %s: %s", path, why);
    }
    return COR_OK;
}

/* ---- reading ---- */

/* Reads the rest of a stream whose first SNAP_HEADER bytes are in hbuf: at most the size its
 * header claims, plus one byte to tell a longer stream. */
static cor_status read_stream(int fd, const unsigned char *hbuf, unsigned char **buf,
                              uint64_t *size, const char *path, cor_err *err)
{
    header h;
    memcpy(&h, hbuf, sizeof h);
    uint64_t cap = h.file_size >= SNAP_HEADER && h.file_size < SIZE_MAX / 2 ? h.file_size + 1
                                                                            : SNAP_HEADER;
    if (!(*buf = malloc((size_t)cap)))
        return cor_err_set(err, COR_ERR_NOMEM, "%s: out of memory for %llu bytes", path,
                           (unsigned long long)cap);
    memcpy(*buf, hbuf, SNAP_HEADER);
    uint64_t got = SNAP_HEADER;
    while (got < cap) {
        ssize_t r = read(fd, *buf + got, (size_t)(cap - got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(*buf);
            *buf = NULL;
            return cor_err_set(err, COR_ERR_IO, "%s: read error: %s", path, strerror(errno));
        }
        if (r == 0)
            break;
        got += (uint64_t)r;
    }
    *size = got;
    return COR_OK;
}

/* The file at path, mapped read-only (*mapped = 1), or read into memory when it cannot be
 * mapped (a pipe). At least the header, else "truncated". */
static cor_status load_file(const char *path, unsigned char **buf, uint64_t *size, int *mapped,
                            cor_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cor_err_set(err, COR_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat sb;
    unsigned char hbuf[SNAP_HEADER];
    size_t got = 0;
    cor_status st = COR_OK;
    *mapped = 0;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size >= SNAP_HEADER &&
        (uint64_t)sb.st_size < SIZE_MAX / 2) {
        void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            *buf = p;
            *size = (uint64_t)sb.st_size;
            *mapped = 1;
            close(fd);
            return COR_OK;
        }
    }
    while (got < SNAP_HEADER) {
        ssize_t r = read(fd, hbuf + got, SNAP_HEADER - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    if (got < SNAP_HEADER)
        st = cor_err_set(err, COR_ERR_INPUT, "%s: truncated snapshot: %zu bytes, shorter than "
                         "the %u-byte header", path, got, SNAP_HEADER);
    else
        st = read_stream(fd, hbuf, buf, size, path, err);
    close(fd);
    return st;
}

/* The header's own checks, in order: magic, byte order, version, index size, header CRC,
 * counts, file size. */
static cor_status check_header(const unsigned char *buf, uint64_t size, header *h,
                               const char *path, cor_err *err)
{
    memcpy(h, buf, sizeof *h);
    if (memcmp(h->magic, SNAP_MAGIC, 8) != 0)
        return cor_err_set(err, COR_ERR_INPUT, "%s: not a corridor snapshot: expected magic "
                           "\"%s\" (corridor build makes one)", path, SNAP_MAGIC);
    if (h->endian != SNAP_ENDIAN)
        return cor_err_set(err, COR_ERR_INPUT, "%s: snapshot written on a machine of another "
                           "byte order", path);
    if (h->version != SNAP_VERSION)
        return cor_err_set(err, COR_ERR_INPUT, "%s: snapshot format version %u, this corridor "
                           "reads version %u only: rebuild it with corridor build", path,
                           h->version, SNAP_VERSION);
    if (h->n_sections > MAX_SECTIONS || payload_start(h->n_sections) > size)
        return cor_err_set(err, COR_ERR_INPUT, "%s: %s snapshot: %llu bytes, too short for its "
                           "section index", path, h->n_sections > MAX_SECTIONS ? "corrupt"
                           : "truncated", (unsigned long long)size);
    uint32_t hc;
    memcpy(&hc, buf + OFF_HEADER_CRC, sizeof hc);
    if (header_crc(buf, h->n_sections) != hc)
        return cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: header checksum mismatch",
                           path);
    int bad = h->n > MAX_COUNT || h->m > MAX_COUNT || h->n_links > MAX_COUNT ||
              h->n_shape_pts > MAX_COUNT / 2 || h->id_chars > MAX_COUNT ||
              h->link_chars > MAX_COUNT || h->name_chars > MAX_COUNT || h->flags > 7 ||
              h->n_cross > h->m || h->grid_n > h->n ||
              (uint64_t)h->grid_w * h->grid_h > MAX_COUNT;
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++)
        bad |= h->n_fwd[mt] > MAX_COUNT || h->n_bwd[mt] > MAX_COUNT || h->n_sc[mt] > MAX_COUNT;
    if (bad)
        return cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: sizes out of range", path);
    if (size != h->file_size)
        return cor_err_set(err, COR_ERR_INPUT, "%s: %s snapshot: %llu bytes, the header says "
                           "%llu", path, size < h->file_size ? "truncated" : "corrupt",
                           (unsigned long long)size, (unsigned long long)h->file_size);
    return COR_OK;
}

/* Points g's arrays into buf through the section index, each section checked: the one the
 * header's counts call for (so many bytes), 8-byte aligned, after the one before, inside the
 * file. */
static cor_status place_sections(cor_graph *g, const header *h, unsigned char *buf,
                                 const char *path, cor_err *err)
{
    section s[MAX_SECTIONS];
    index_entry idx[MAX_SECTIONS], want[MAX_SECTIONS];
    size_t ns = sections(g, h, s);
    if (ns != h->n_sections || !layout(s, ns, want))
        return cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: %u sections, the header's "
                           "counts call for %zu", path, h->n_sections, ns);
    memcpy(idx, buf + SNAP_HEADER, ns * sizeof *idx);
    uint64_t end = payload_start(h->n_sections);
    for (size_t i = 0; i < ns; i++) {
        if (idx[i].bytes != want[i].bytes || idx[i].offset % 8 || idx[i].offset < end ||
            idx[i].offset > h->file_size || idx[i].bytes > h->file_size - idx[i].offset)
            return cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: section %zu at %llu, "
                               "%llu bytes: expected %llu bytes, 8-byte aligned, inside the "
                               "%llu-byte file after the section before", path, i,
                               (unsigned long long)idx[i].offset,
                               (unsigned long long)idx[i].bytes,
                               (unsigned long long)want[i].bytes,
                               (unsigned long long)h->file_size);
        *s[i].ptr = buf + idx[i].offset;
        end = idx[i].offset + idx[i].bytes;
    }
    return COR_OK;
}

static void take_counts(cor_graph *g, const header *h)
{
    g->n = h->n;
    g->m = h->m;
    g->n_links = h->n_links;
    g->n_shape_pts = h->n_shape_pts;
    g->id_chars = h->id_chars;
    g->link_chars = h->link_chars;
    g->name_chars = h->name_chars;
    g->n_cross = h->n_cross;
    g->has_ch = (unsigned)((h->flags & 1) | ((h->flags >> 1) & 2));
    g->osm = (int)((h->flags >> 1) & 1);
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++) {
        if (!((g->has_ch >> mt) & 1))
            continue;
        g->ch[mt].n_fwd = h->n_fwd[mt];
        g->ch[mt].n_bwd = h->n_bwd[mt];
        g->ch[mt].n_sc = h->n_sc[mt];
    }
    g->grid_n = h->grid_n;
    g->grid_w = h->grid_w;
    g->grid_h = h->grid_h;
    g->grid_x0 = h->grid_x0;
    g->grid_y0 = h->grid_y0;
    g->grid_cell = h->grid_cell;
    g->grid_cos = h->grid_cos;
}

cor_status cor_graph_read(const char *path, cor_graph **out, cor_err *err)
{
    *out = NULL;
    unsigned char *buf = NULL;
    uint64_t size = 0;
    int mapped = 0;
    cor_status st = load_file(path, &buf, &size, &mapped, err);
    if (st != COR_OK)
        return st;
    header h;
    cor_graph *g = NULL;
    if ((st = check_header(buf, size, &h, path, err)) != COR_OK)
        goto fail;
    if (!(g = calloc(1, sizeof *g))) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto fail;
    }
    take_counts(g, &h);
    if ((st = place_sections(g, &h, buf, path, err)) != COR_OK)
        goto fail;
    if (!cor_graph_grid_ok(g) || g->grid_first[(uint64_t)g->grid_w * g->grid_h] != g->grid_n) {
        st = cor_err_set(err, COR_ERR_INPUT, "%s: corrupt snapshot: invalid grid parameters",
                         path);
        goto fail;
    }
    g->blob = buf;
    g->blob_size = (size_t)size;
    g->blob_mapped = mapped;
    *out = g;
    return COR_OK;
fail:
    free(g);
    if (mapped)
        munmap(buf, (size_t)size);
    else
        free(buf);
    return st;
}

cor_status cor_graph_verify(cor_graph *g, cor_err *err)
{
    if (g->blob) {
        header h;
        memcpy(&h, g->blob, sizeof h);
        if (payload_crc(g->blob, payload_start(h.n_sections), g->blob_size) != h.payload_crc)
            return cor_err_set(err, COR_ERR_INPUT, "corrupt snapshot: checksum mismatch");
    }
    int nomem = 0;
    const char *bad = cor_snapshot_validate(g, &nomem);
    if (nomem)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    if (bad)
        return cor_err_set(err, COR_ERR_INPUT, "corrupt snapshot: invalid %s", bad);
    g->verified = 1;
    return COR_OK;
}
