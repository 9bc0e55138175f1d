/*
 * Fuzz target: the HTTP server (src/server/, docs/server.md). A real cor_server over
 * data/caucasus, with a demand of one OD pair, listens on 127.0.0.1 once; each
 * input is sent over a new TCP connection and the first answer read and checked: a whole
 * HTTP/1.x response with a documented status; a JSON body that parses, errors with a "code" that
 * fits the status and a "message"; no 500; routes from and to the requested nodes; a static
 * file only from the page's directory. The server must then still answer /health.
 *
 * Input: a first byte of flags, then
 *  - flags & 1: raw request bytes, sent as they are;
 *  - otherwise parts separated by lines "%%": the request target (path and query, raw bytes:
 *    invalid UTF-8, percent escapes, anything), the method (default GET), extra header lines,
 *    and a body (the rest of the input). The request is "METHOD TARGET HTTP/1.1", Host,
 *    Connection: close, the extra headers, then the body with Content-Length, or chunked when
 *    flags & 2 (in 1 + (flags >> 6) chunks). flags & 4 repeats the body to 64 KiB - 8 +
 *    (flags >> 4 & 15) bytes (around the 64 KiB limit); flags & 8 pads the target past the
 *    16 KiB request buffer.
 * When no answer comes within 20 ms of sending, the harness shuts its write side, so that a
 * request waiting for more bytes ends at once instead of at the server's idle timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fuzz.h"

#define NET_DIR COR_SOURCE_DIR "/data/caucasus"
#define WEB_DIR COR_SOURCE_DIR "/web"
/* assign and compare on one OD pair: each pair costs up to 20 routes (Yen, up to the router's
 * work limit) per side; /corridor/v1/compare?method=logit&routes=20 takes 0.84 s at -O2 on the
 * 8 pairs of tests/data/caucasus/demand.csv (some 20 s in the instrumented build), 0.5 s
 * instrumented on this one */
static const char demand_csv[] = "from,to,commodity,tonnes_per_year,source\n"
                                 "Baku,Nakhchivan,general,400000,fuzz_http\n";
#define BODY_LIMIT (64 * 1024)
#define HEADER_LIMIT (16 * 1024)
/* a server that has not answered after this long is stuck: below libFuzzer's -timeout=30, and
 * a failure rather than a hang in the replay, which has no timeout of its own */
#define RECV_TIMEOUT_S 25
#define MAX_ANSWER_BYTES (64u << 20)

static cor_server *server;
static unsigned port;
static cor_net *net; /* the harness's own copy, to resolve node names as the server does */
static struct {
    const char *name;
    char *text;
    size_t len;
} web[] = {{"index.html", NULL, 0}, {"app.js", NULL, 0}, {"style.css", NULL, 0}};

/* ---- bytes ---- */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void buf_add(buf *b, const void *data, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        FUZZ_CHECK(p);
        b->p = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->p + b->n, data, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void buf_str(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    buf b = {0};
    char chunk[4096];
    size_t n;
    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&b, chunk, n);
    fclose(f);
    buf_add(&b, "", 0);
    *len = b.n;
    return b.p;
}

/* ---- the server ---- */

static void stop_server(void)
{
    cor_server_free(server);
    cor_net_free(net);
    for (size_t i = 0; i < sizeof web / sizeof *web; i++)
        free(web[i].text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    signal(SIGPIPE, SIG_IGN); /* the server may close while a request is still being sent */
    cor_server_opts o;
    cor_server_opts_default(&o);
    o.net_dir = NET_DIR;
    char demand[512];
    fuzz_write("demand.csv", (const uint8_t *)demand_csv, sizeof demand_csv - 1, demand,
               sizeof demand);
    o.demand_path = demand;
    /* the same root for the page and /vendor/: every file the server may send is known */
    o.web_dir = WEB_DIR;
    o.vendor_dir = WEB_DIR;
    o.port = 0;
    o.threads = 2;
    o.max_connections = 16;
    o.timeout_s = 2; /* the worst case of a request that libmicrohttpd leaves waiting */
    cor_diags *d = cor_diags_new();
    cor_err err;
    if (!d || cor_server_new(&o, &server, d) != COR_OK || cor_server_start(server, &err) != COR_OK)
        fuzz_fail(__FILE__, __LINE__, "the server starts over data/caucasus");
    cor_diags_free(d);
    port = cor_server_port(server);
    if (cor_net_load(NET_DIR, &net, NULL) != COR_OK)
        fuzz_fail(__FILE__, __LINE__, NET_DIR);
    for (size_t i = 0; i < sizeof web / sizeof *web; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", WEB_DIR, web[i].name);
        if (!(web[i].text = read_file(path, &web[i].len)))
            fuzz_fail(__FILE__, __LINE__, path);
    }
    atexit(stop_server);
    return 0;
}

typedef struct answer {
    unsigned status;
    char type[128];      /* Content-Type, "" when absent */
    int allow;           /* has "Allow: GET, HEAD, OPTIONS" */
    int retry_after;     /* has Retry-After */
    const char *body;
    size_t body_len;
} answer;
static int parse_answer(const char *p, size_t n, int head, answer *a);

/* Sends req on a new connection and reads the answer into out, up to the
 * end of the first complete answer (a request without "Connection: close" keeps the connection
 * open until the idle timeout) or until the server closes. Returns 0, or 1 when the server
 * closed the connection before taking the whole request (a refused request: the answer may
 * then be cut off by the reset). */
static int exchange(const char *req, size_t len, int head, buf *out)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    FUZZ_CHECK(fd >= 0);
    struct timeval tv = {RECV_TIMEOUT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    /* from 127.0.1.0 to 127.0.1.255 in turn: the ephemeral ports of one address ran out after
     * 185000 inputs (TIME-WAITs of the connections the harness ends first, and other loopback
     * traffic on the machine); each source address has ports of its own */
    static unsigned next_src;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(0x7F000100u | (next_src++ & 0xFF));
    int one = 1;
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    FUZZ_CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = connect(fd, (struct sockaddr *)&a, sizeof a);
    if (rc != 0 && errno == EINTR) { /* libFuzzer's timer: the connection goes on */
        struct pollfd w = {fd, POLLOUT, 0};
        int e = 0;
        socklen_t el = sizeof e;
        rc = poll(&w, 1, RECV_TIMEOUT_S * 1000) == 1 &&
                     getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && e == 0
                 ? 0
                 : -1;
        errno = e ? e : ETIMEDOUT;
    }
    if (rc != 0) {
        char what[128];
        snprintf(what, sizeof what, "connect to the server: %s", strerror(errno));
        fuzz_fail(__FILE__, __LINE__, what);
    }
    int cut = 0;
    for (size_t sent = 0; sent < len;) {
        ssize_t n = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            FUZZ_CHECK(errno == EPIPE || errno == ECONNRESET); /* not a timeout: stuck */
            cut = 1;
            break;
        }
        sent += (size_t)n;
    }
    /* a request that waits for more bytes must end at once, not at the idle timeout: the
     * write side is shut when no answer comes within 20 ms. Not at once: libmicrohttpd
     * (edge-triggered epoll) misses a close that arrives with the last bytes of a request and
     * then waits for the timeout */
    struct pollfd pfd = {fd, POLLIN, 0};
    if (poll(&pfd, 1, 20) == 0)
        shutdown(fd, SHUT_WR);
    char chunk[16384];
    for (;;) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == ECONNRESET) {
            cut = 1;
            break;
        }
        if (n < 0)
            fuzz_fail(__FILE__, __LINE__, "the server answers within 25 s");
        if (n == 0)
            break;
        buf_add(out, chunk, (size_t)n);
        FUZZ_CHECK(out->n <= MAX_ANSWER_BYTES);
        answer first;
        if (parse_answer(out->p, out->n, head, &first))
            break;
    }
    /* close with a reset: a connection the harness closes first would otherwise wait in
     * TIME-WAIT for a minute, and two per input use up the ephemeral ports in a minute */
    struct linger lg = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    buf_add(out, "", 0);
    return cut;
}

/* ---- the answer ---- */


static const char *find_bytes(const char *p, size_t n, const char *what)
{
    size_t w = strlen(what);
    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(p + i, what, w) == 0)
            return p + i;
    return NULL;
}

/* Parses the first final response in p[0, n) (skipping 100 Continue); a complete status line,
 * headers and as many body bytes as Content-Length says (none for HEAD). Returns 0 when it is
 * not a complete HTTP/1.x response. */
static int parse_answer(const char *p, size_t n, int head, answer *a)
{
    memset(a, 0, sizeof *a);
    for (;;) {
        if (n < 13 || (memcmp(p, "HTTP/1.1 ", 9) && memcmp(p, "HTTP/1.0 ", 9)))
            return 0;
        const char *end = find_bytes(p, n, "\r\n\r\n");
        if (!end)
            return 0;
        unsigned st = 0;
        for (int i = 9; i < 12; i++) {
            if (p[i] < '0' || p[i] > '9')
                return 0;
            st = st * 10 + (unsigned)(p[i] - '0');
        }
        if (st >= 100 && st < 200) { /* interim */
            n -= (size_t)(end + 4 - p);
            p = end + 4;
            continue;
        }
        a->status = st;
        long long clen = -1;
        for (const char *line = memchr(p, '\n', (size_t)(end - p)) + 1; line < end;) {
            const char *eol = memchr(line, '\r', (size_t)(end + 2 - line));
            size_t ll = (size_t)(eol - line);
            if (ll > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
                size_t off = 13 + (line[13] == ' ');
                snprintf(a->type, sizeof a->type, "%.*s", (int)(ll - off), line + off);
            } else if (ll > 15 && strncasecmp(line, "Content-Length:", 15) == 0) {
                clen = strtoll(line + 15, NULL, 10);
            } else if (ll == 25 && strncasecmp(line, "Allow: GET, HEAD, OPTIONS", 25) == 0) {
                a->allow = 1;
            } else if (ll > 12 && strncasecmp(line, "Retry-After:", 12) == 0) {
                a->retry_after = 1;
            } else if (ll > 18 && strncasecmp(line, "Transfer-Encoding:", 18) == 0) {
                return 0; /* every answer has a known length */
            }
            line = eol + 2;
        }
        a->body = end + 4;
        size_t rest = n - (size_t)(a->body - p);
        if (head || st == 204) { /* no body, and a 204 no Content-Length (RFC 9110, 8.6) */
            a->body_len = 0;
            return 1;
        }
        if (clen < 0 || (size_t)clen > rest)
            return 0;
        a->body_len = (size_t)clen;
        return 1;
    }
}

static int is_json_type(const char *t)
{
    return strcmp(t, "application/json") == 0 || strcmp(t, "application/geo+json") == 0;
}

/* ---- what was asked (for the answers that can be checked against the request) ---- */

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decodes s[0, n) into out as libmicrohttpd does (a query also turns '+' into ' ');
 * an invalid escape stays as it is; the result ends at a decoded NUL, as a C string does. */
static void unescape(const char *s, size_t n, int plus, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = plus && s[i] == '+' ? ' ' : s[i];
        }
    }
    out[o] = '\0';
}

/* The first value of key in the query (decoded into out); 0 when absent or without '='. The
 * name is compared without case, as libmicrohttpd looks parameters up. */
static int query_arg(const char *query, const char *key, char *out, size_t size)
{
    for (const char *p = query; p && *p;) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        char k[256];
        unescape(p, (size_t)((eq ? eq : end) - p), 1, k, sizeof k);
        if (strcasecmp(k, key) == 0) {
            if (!eq)
                return 0;
            unescape(eq + 1, (size_t)(end - eq - 1), 1, out, size);
            return 1;
        }
        p = amp ? amp + 1 : NULL;
    }
    return 0;
}

/* ---- checks ---- */

static double num(const json_t *j) { return json_number_value(j); }

static int near(double a, double b, double tol) { return fabs(a - b) <= tol * fmax(1, fabs(b)); }

/* A route of /corridor/v1/route: its legs join up from node from to node to. */
static void check_corridor_legs(const json_t *r, const char *from, const char *to)
{
    const json_t *legs = json_object_get(r, "legs");
    size_t n = json_array_size(legs);
    FUZZ_CHECK(n > 0);
    const char *at = from;
    for (size_t i = 0; i < n; i++) {
        const json_t *leg = json_array_get(legs, i);
        const char *a = json_string_value(json_object_get(leg, "from_id"));
        const char *b = json_string_value(json_object_get(leg, "to_id"));
        FUZZ_CHECK(a && b && strcmp(a, at) == 0);
        at = b;
    }
    FUZZ_CHECK(strcmp(at, to) == 0);
}

/* from and to are the requested nodes; the best route and every alternative (which carry no
 * from and to of their own) go from one to the other. */
static void check_route_answer(const json_t *j, const char *query)
{
    char name[1024];
    uint32_t v;
    /* the server found both nodes; so must the same lookup here */
    FUZZ_CHECK(query_arg(query, "from", name, sizeof name));
    FUZZ_CHECK(cor_net_find_node(net, name, &v, NULL) == COR_OK);
    const char *from = cor_net_node(net, v)->id;
    FUZZ_CHECK(query_arg(query, "to", name, sizeof name));
    FUZZ_CHECK(cor_net_find_node(net, name, &v, NULL) == COR_OK);
    const char *to = cor_net_node(net, v)->id;
    const char *f = json_string_value(json_object_get(json_object_get(j, "from"), "id"));
    const char *t = json_string_value(json_object_get(json_object_get(j, "to"), "id"));
    FUZZ_CHECK(f && strcmp(f, from) == 0);
    FUZZ_CHECK(t && strcmp(t, to) == 0);
    check_corridor_legs(j, from, to);
    const json_t *alts = json_object_get(j, "alternatives");
    for (size_t i = 0; i < json_array_size(alts); i++)
        check_corridor_legs(json_array_get(alts, i), from, to);
}

/* Decodes an encoded polyline's first and last points. */
static int polyline_ends(const char *s, double f, double first[2], double last[2])
{
    long long v[2] = {0, 0};
    size_t count = 0;
    while (*s) {
        for (int k = 0; k < 2; k++) {
            unsigned long long u = 0;
            int shift = 0, c;
            do {
                if (!*s || shift > 60)
                    return 0;
                c = *s++ - 63;
                u |= (unsigned long long)(c & 0x1f) << shift;
                shift += 5;
            } while (c >= 0x20);
            v[k] += (u & 1) ? ~(long long)(u >> 1) : (long long)(u >> 1);
        }
        if (count++ == 0) {
            first[0] = v[0] / f;
            first[1] = v[1] / f;
        }
        last[0] = v[0] / f;
        last[1] = v[1] / f;
    }
    return count > 0;
}

/* /route/v1/PROFILE/COORDS: a waypoint per coordinate, a leg between each two, distances that
 * add up, a geometry from the first waypoint to the last. */
static void check_osrm_route(const json_t *j, const char *coords, const char *query)
{
    size_t n = 1;
    for (const char *p = coords; *p; p++)
        n += *p == ';';
    const json_t *wp = json_object_get(j, "waypoints"), *routes = json_object_get(j, "routes");
    FUZZ_CHECK(json_array_size(wp) == n);
    FUZZ_CHECK(json_array_size(routes) >= 1);
    const json_t *l0 = json_object_get(json_array_get(wp, 0), "location");
    const json_t *l1 = json_object_get(json_array_get(wp, n - 1), "location");
    for (size_t i = 0; i < n; i++) {
        const json_t *w = json_array_get(wp, i);
        uint32_t v;
        const char *id = json_string_value(json_object_get(w, "node"));
        FUZZ_CHECK(id && cor_net_find_node(net, id, &v, NULL) == COR_OK);
        FUZZ_CHECK(num(json_object_get(w, "distance")) >= 0);
    }
    char geometries[64] = "polyline";
    query_arg(query, "geometries", geometries, sizeof geometries);
    for (size_t k = 0; k < json_array_size(routes); k++) {
        const json_t *r = json_array_get(routes, k), *legs = json_object_get(r, "legs");
        FUZZ_CHECK(json_array_size(legs) == n - 1);
        double km = 0;
        for (size_t i = 0; i < n - 1; i++)
            km += num(json_object_get(json_array_get(legs, i), "distance"));
        FUZZ_CHECK(near(km, num(json_object_get(r, "distance")), 1e-9));
        const json_t *g = json_object_get(r, "geometry");
        double first[2] = {0, 0}, last[2] = {0, 0};
        if (json_is_object(g)) {
            const json_t *c = json_object_get(g, "coordinates");
            size_t m = json_array_size(c);
            FUZZ_CHECK(m >= 1);
            for (int x = 0; x < 2; x++) {
                first[x] = num(json_array_get(json_array_get(c, 0), (size_t)x));
                last[x] = num(json_array_get(json_array_get(c, m - 1), (size_t)x));
            }
        } else if (json_is_string(g)) {
            double f = strcmp(geometries, "polyline6") == 0 ? 1e6 : 1e5;
            double lat_lon[2][2] = {{0, 0}, {0, 0}};
            FUZZ_CHECK(polyline_ends(json_string_value(g), f, lat_lon[0], lat_lon[1]));
            first[0] = lat_lon[0][1], first[1] = lat_lon[0][0];
            last[0] = lat_lon[1][1], last[1] = lat_lon[1][0];
        } else {
            FUZZ_CHECK(!g); /* overview=false */
            continue;
        }
        for (int x = 0; x < 2; x++) {
            FUZZ_CHECK(fabs(first[x] - num(json_array_get(l0, (size_t)x))) <= 1e-5);
            FUZZ_CHECK(fabs(last[x] - num(json_array_get(l1, (size_t)x))) <= 1e-5);
        }
    }
}

static void check_osrm_table(const json_t *j)
{
    size_t ns = json_array_size(json_object_get(j, "sources"));
    size_t nd = json_array_size(json_object_get(j, "destinations"));
    FUZZ_CHECK(ns >= 1 && nd >= 1);
    const char *keys[2] = {"durations", "distances"};
    for (int k = 0; k < 2; k++) {
        const json_t *m = json_object_get(j, keys[k]);
        if (!m)
            continue;
        FUZZ_CHECK(json_array_size(m) == ns);
        for (size_t i = 0; i < ns; i++) {
            const json_t *row = json_array_get(m, i);
            FUZZ_CHECK(json_array_size(row) == nd);
            for (size_t c = 0; c < nd; c++) {
                const json_t *x = json_array_get(row, c);
                FUZZ_CHECK(json_is_null(x) || (json_is_number(x) && num(x) >= 0));
            }
        }
    }
}

/* The error codes each status may carry (docs/server.md, Errors). */
static int code_fits(unsigned status, const char *code)
{
    static const char *const bad_request[] = {"InvalidQuery", "InvalidOptions", "InvalidUrl",
                                              "InvalidRequest", "NoSegment", "TooBig",
                                              "NotImplemented", "NoRoute", NULL};
    switch (status) {
    case 400:
        for (size_t i = 0; bad_request[i]; i++)
            if (strcmp(code, bad_request[i]) == 0)
                return 1;
        return 0;
    case 404: return strcmp(code, "NotFound") == 0 || strcmp(code, "NoRoute") == 0;
    case 403: return strcmp(code, "Forbidden") == 0;
    case 405: return strcmp(code, "MethodNotAllowed") == 0;
    case 413:
    case 414:
    case 431: return strcmp(code, "TooBig") == 0;
    case 500: return strcmp(code, "InternalError") == 0;
    case 503: return strcmp(code, "Busy") == 0;
    default: return 0;
    }
}

/* What the request was, when the harness wrote it: the raw target and whether it is HEAD. */
typedef struct asked {
    const char *target; /* NUL-terminated copy, NULL for raw requests */
    int head;
    int options;        /* an OPTIONS request (a CORS preflight: 204, no body) */
    int clean;          /* a target the harness reads as the server does: no byte that ends
                           or splits the request line (NUL, space, control), no fragment */
    int strict;         /* a well-formed request: it must get a whole answer */
    int chunked;        /* the request says "chunked" somewhere (a chunked body) */
} asked;

static void check_json(const answer *a, const asked *q)
{
    json_error_t jerr;
    json_t *j = json_loadb(a->body, a->body_len, 0, &jerr);
    FUZZ_CHECK(j); /* an object, but the scenario list is an array, as the CLI's */
    if (a->status != 200) {
        FUZZ_CHECK(json_is_object(j));
        const char *code = json_string_value(json_object_get(j, "code"));
        const char *msg = json_string_value(json_object_get(j, "message"));
        FUZZ_CHECK(code && msg && msg[0]);
        FUZZ_CHECK(code_fits(a->status, code));
        /* a 500 only when memory runs out, which it does not here */
        FUZZ_CHECK(a->status != 500);
        json_decref(j);
        return;
    }
    if (q->clean) {
        const char *qm = strchr(q->target, '?');
        const char *query = qm ? qm + 1 : "";
        char path[HEADER_LIMIT];
        unescape(q->target, qm ? (size_t)(qm - q->target) : strlen(q->target), 0, path,
                 sizeof path);
        if (strcmp(path, "/corridor/v1/route") == 0)
            check_route_answer(j, query);
        else if (strncmp(path, "/route/v1/", 10) == 0 && strchr(path + 10, '/'))
            check_osrm_route(j, strchr(path + 10, '/') + 1, query);
        else if (strncmp(path, "/table/v1/", 10) == 0)
            check_osrm_table(j);
    }
    json_decref(j);
}

static void check_answer(const answer *a, const asked *q)
{
    if (is_json_type(a->type)) {
        /* the server's own answers: the documented statuses (the code is checked with the
         * body) */
        FUZZ_CHECK(a->status == 200 || a->status == 400 || a->status == 403 ||
                   a->status == 404 || a->status == 405 || a->status == 413 ||
                   a->status == 414 || a->status == 431 || a->status == 500 ||
                   a->status == 503 || (a->status == 204 && q->options));
        FUZZ_CHECK(a->status != 405 || a->allow);
        FUZZ_CHECK(a->status != 204 || (a->allow && a->body_len == 0));
        FUZZ_CHECK(a->status != 503 || a->retry_after);
        if (a->status == 204)
            return;
        if (!q->head)
            check_json(a, q);
        else
            FUZZ_CHECK(a->body_len == 0);
        return;
    }
    if (a->status == 200) { /* a static file: one of the page's, never anything else */
        int known = q->head;
        for (size_t i = 0; !known && i < sizeof web / sizeof *web; i++)
            known = web[i].len == a->body_len && memcmp(web[i].text, a->body, a->body_len) == 0;
        FUZZ_CHECK(known);
        return;
    }
    /* libmicrohttpd's own refusals, before the request reaches the server's code; and its 500
     * (its page "about connection management and blocking") for a chunk-size line that does
     * not fit in its 16 KiB buffer: it cannot go on, although the handler took every byte */
    FUZZ_CHECK(a->status == 400 || a->status == 413 || a->status == 414 || a->status == 431 ||
               a->status == 505 || (a->status == 500 && q->chunked));
}

static void check_health(void)
{
    static const char req[] = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    buf out = {0};
    answer a;
    FUZZ_CHECK(exchange(req, sizeof req - 1, 0, &out) == 0);
    FUZZ_CHECK(parse_answer(out.p, out.n, 0, &a));
    FUZZ_CHECK(a.status == 200 && a.body_len == 13 && memcmp(a.body, "{\"code\":\"Ok\"}", 13) == 0);
    free(out.p);
}

/* ---- the request ---- */

static void build_request(uint8_t flags, const uint8_t *data, size_t size, buf *req, asked *q)
{
    const uint8_t *part[3] = {NULL, NULL, NULL};
    size_t plen[3] = {0, 0, 0};
    for (int i = 0; i < 3 && fuzz_split(&data, &size, &part[i], &plen[i]); i++)
        if (data && plen[i] && part[i][plen[i] - 1] == '\n')
            plen[i]--; /* the newline before the separator line */
    const uint8_t *target = part[0], *method = part[1], *headers = part[2], *body = data;
    size_t tl = plen[0], ml = plen[1], hl = plen[2], bl = data ? size : 0;
    /* a request line that libmicrohttpd can read, and no framing of the fuzzer's own: then
     * an answer must come (otherwise libmicrohttpd may close without one) */
    q->clean = 1;
    for (size_t i = 0; i < tl; i++)
        q->clean &= target[i] > ' ' && target[i] < 0x7f && target[i] != '#';
    q->strict = !hl && q->clean;
    for (size_t i = 0; i < ml; i++)
        q->strict &= (method[i] >= 'A' && method[i] <= 'Z') || (method[i] >= 'a' && method[i] <= 'z');
    /* libmicrohttpd keeps each query parameter in a record of some 56 bytes from the same
     * 16 KiB as the request: when they do not fit, it closes without an answer (not even its
     * 431), e.g. for 300 parameters in a request line of 350 bytes (docs/server.md) */
    size_t params = 1;
    for (size_t i = 0; i < tl; i++)
        params += target[i] == '&';
    if (!(flags & 8))
        q->strict &= tl + ml + 64 * params + 1024 <= HEADER_LIMIT;

    if (ml)
        buf_add(req, method, ml);
    else
        buf_str(req, "GET");
    buf_str(req, " ");
    size_t at = req->n;
    buf_add(req, target, tl);
    if (flags & 8)
        while (req->n - at < HEADER_LIMIT + 64)
            buf_str(req, "a");
    char *t = malloc(req->n - at + 1);
    FUZZ_CHECK(t);
    memcpy(t, req->p + at, req->n - at);
    t[req->n - at] = '\0';
    q->target = t;
    buf_str(req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if (hl) {
        buf_add(req, headers, hl);
        buf_str(req, "\r\n");
    }

    buf content = {0};
    if (flags & 4) {
        size_t want = BODY_LIMIT - 8 + (flags >> 4 & 15);
        while (content.n < want)
            buf_add(&content, bl ? (const char *)body : "x",
                    bl && bl < want - content.n ? bl : bl ? want - content.n : 1);
    } else if (bl) {
        buf_add(&content, body, bl);
    }
    char line[64];
    if (flags & 2) {
        buf_str(req, "Transfer-Encoding: chunked\r\n\r\n");
        size_t chunks = 1 + (flags >> 6), step = content.n / chunks + 1;
        for (size_t off = 0; off < content.n; off += step) {
            size_t n = content.n - off < step ? content.n - off : step;
            snprintf(line, sizeof line, "%zx\r\n", n);
            buf_str(req, line);
            buf_add(req, content.p + off, n);
            buf_str(req, "\r\n");
        }
        buf_str(req, "0\r\n\r\n");
    } else {
        if (content.n) {
            snprintf(line, sizeof line, "Content-Length: %zu\r\n", content.n);
            buf_str(req, line);
        }
        buf_str(req, "\r\n");
        buf_add(req, content.p, content.n);
    }
    free(content.p);
}

/* Whether "chunked" (any case) occurs in the request. */
static int says_chunked(const char *p, size_t n)
{
    for (size_t i = 0; i + 7 <= n; i++)
        if (strncasecmp(p + i, "chunked", 7) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    buf req = {0}, out = {0};
    asked q = {0};
    if (flags & 1) {
        buf_add(&req, data + 1, size - 1);
    } else {
        build_request(flags, data + 1, size - 1, &req, &q);
    }
    /* libmicrohttpd's method is the request's first word: "HEAD x /y HTTP/1.1" is a HEAD of
     * "x /y", and "head" is another method (answered with a body) */
    /* empty lines before the request line are skipped (RFC 9112, 2.2); libmicrohttpd reads a
     * line as a C string, so a line that starts with a NUL byte is empty too */
    size_t lead = 0;
    while (lead < req.n) {
        if (req.p[lead] == '\r' || req.p[lead] == '\n') {
            lead++;
        } else if (req.p[lead] == '\0') {
            const char *nl = memchr(req.p + lead, '\n', req.n - lead);
            if (!nl)
                break;
            lead = (size_t)(nl - req.p) + 1;
        } else {
            break;
        }
    }
    q.head = req.n - lead >= 5 && memcmp(req.p + lead, "HEAD ", 5) == 0;
    q.options = req.n - lead >= 8 && memcmp(req.p + lead, "OPTIONS ", 8) == 0;
    q.chunked = says_chunked(req.p, req.n);
    int cut = exchange(req.p, req.n, q.head, &out);
    answer a;
    if (parse_answer(out.p, out.n, q.head, &a))
        check_answer(&a, &q);
    else
        /* a well-formed request gets a whole answer, unless the server refused it before
         * reading all of it; another one may be cut short and get none */
        FUZZ_CHECK(q.strict ? cut : out.n == 0 || cut);
    free(out.p);
    free(req.p);
    free((char *)q.target);
    check_health();
    return 0;
}
