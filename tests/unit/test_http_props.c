#define _GNU_SOURCE /* strcasestr */
/*
 * A bounded property campaign over the HTTP request line and headers (issue 17 row 13): a real
 * cor_server on tests/data/tiny gets requests built from seeds (the row's cases: targets of
 * 16,060-16,203 bytes, two Content-Lengths, HTTP/1.1 without Host, malformed and repeated Hosts,
 * an absolute-form target, Transfer-Encoding identity or "gzip, chunked") and from random
 * mutations of them (seeded, so a failure repeats). The expected status comes from the rules
 * of RFC 9110/9112 written out here, not from the server: every request gets a whole answer
 * (never a silent close or a wait for the idle timeout), an ambiguous framing 400, a request
 * over the 16 KiB limit 414 or 431, a foreign Host 403, the rest 200; /health answers after
 * each. The campaign stops after 20000 requests or 40 s, whichever comes first.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"
#include "corridor/server.h"

#define LIMIT (16 * 1024)

typedef struct header {
    char name[32];
    char value[128];
} header;

typedef struct request {
    char version[16];
    char *target;          /* malloc'ed */
    header h[12];
    int n;
    int chunked_body;      /* send "3\r\nabc\r\n0\r\n\r\n" */
    size_t body;           /* else this many bytes of body */
} request;

static unsigned port;

/* ---- what the rules say ---- */

static int count(const request *r, const char *name, const char **last)
{
    int n = 0;
    for (int i = 0; i < r->n; i++)
        if (strcasecmp(r->h[i].name, name) == 0) {
            n++;
            if (last)
                *last = r->h[i].value;
        }
    return n;
}

/* host[:port], RFC 9110 7.2 (reg-name restricted to letters, digits, '-' and '.') */
static int host_ok(const char *h)
{
    const char *end;
    if (h[0] == '[') {
        end = strchr(h, ']');
        if (!end)
            return 0;
        char v6[64];
        size_t n = (size_t)(end - h - 1);
        if (n >= sizeof v6)
            return 0;
        memcpy(v6, h + 1, n);
        v6[n] = '\0';
        struct in6_addr a;
        if (inet_pton(AF_INET6, v6, &a) != 1)
            return 0;
        end++;
    } else {
        end = h + strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");
        if (end == h)
            return 0;
    }
    if (!*end)
        return 1;
    size_t d = strspn(end + 1, "0123456789");
    return *end == ':' && d >= 1 && d <= 5 && !end[1 + d];
}

static int loopback_host(const char *h)
{
    return strncmp(h, "127.", 4) == 0 || strncasecmp(h, "localhost", 9) == 0 ||
           strncmp(h, "[::1]", 5) == 0;
}

/* The status the request must get; *size_class 1 when it is over the limit (414 or 431). */
static unsigned expected(const request *r, int *over)
{
    size_t bytes = strlen(r->target);
    for (int i = 0; i < r->n; i++)
        bytes += strlen(r->h[i].name) + strlen(r->h[i].value) + 4;
    *over = bytes > LIMIT;
    if (*over)
        return 414;
    const char *host = NULL, *te = NULL, *cl = NULL;
    int hosts = count(r, "Host", &host), tes = count(r, "Transfer-Encoding", &te);
    int cls = 0, differ = 0;
    for (int i = 0; i < r->n; i++)
        if (strcasecmp(r->h[i].name, "Content-Length") == 0) {
            differ |= cls && strcmp(cl, r->h[i].value) != 0;
            cl = r->h[i].value;
            cls++;
        }
    if (r->target[0] != '/' || hosts > 1 || (hosts == 0 && strcmp(r->version, "HTTP/1.0")) ||
        (hosts && !host_ok(host)) || differ || (tes && cls) || tes > 1 ||
        (tes && strcasecmp(te, "chunked") != 0))
        return 400;
    if (hosts && !loopback_host(host))
        return 403;
    return 200;
}

/* ---- sending ---- */

typedef struct answer {
    unsigned status;
    int whole;             /* status line, headers and the body Content-Length announced */
} answer;

static answer send_request(const char *raw, size_t n)
{
    answer a = {0, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    size_t off = 0;
    while (off < n) {
        ssize_t w = send(fd, raw + off, n - off, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* answered and closed before all was sent: the answer is read below */
        off += (size_t)w;
    }
    static char buf[1 << 16];
    size_t got = 0;
    ssize_t k;
    while (got < sizeof buf - 1 && (k = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0)
        got += (size_t)k;
    buf[got] = '\0';
    close(fd);
    if (sscanf(buf, "HTTP/1.%*d %u", &a.status) != 1)
        return a;
    const char *end = strstr(buf, "\r\n\r\n");
    const char *len = strcasestr(buf, "\r\nContent-Length:");
    a.whole = end && (!len || len > end ||
                      (size_t)atol(len + 17) == got - (size_t)(end + 4 - buf));
    return a;
}

static char *serialize(const request *r, size_t *n)
{
    size_t cap = strlen(r->target) + 4096;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t len = (size_t)snprintf(s, cap, "GET %s %s\r\n", r->target, r->version);
    for (int i = 0; i < r->n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s: %s\r\n", r->h[i].name, r->h[i].value);
    len += (size_t)snprintf(s + len, cap - len, "Connection: close\r\n\r\n");
    if (r->chunked_body)
        len += (size_t)snprintf(s + len, cap - len, "3\r\nabc\r\n0\r\n\r\n");
    for (size_t i = 0; i < r->body; i++)
        s[len++] = 'b';
    *n = len;
    return s;
}

/* ---- seeds and mutations ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned pick(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void add(request *r, const char *name, const char *value)
{
    if (r->n == 12)
        return;
    snprintf(r->h[r->n].name, sizeof r->h[r->n].name, "%s", name);
    snprintf(r->h[r->n].value, sizeof r->h[r->n].value, "%s", value);
    r->n++;
}

static void set_target(request *r, const char *t, size_t pad)
{
    free(r->target);
    size_t n = strlen(t);
    r->target = malloc(n + pad + 4);
    assert_non_null(r->target);
    memcpy(r->target, t, n);
    if (pad) {
        memcpy(r->target + n, "?x=", 3);
        memset(r->target + n + 3, 'a', pad);
        n += 3 + pad;
    }
    r->target[n] = '\0';
}

static const char *const hosts[] = {
    "127.0.0.1", "localhost", "[::1]", "127.0.0.1:8080", "[::1]:80", "localhost:1",
    "[::1]evil", "localhost:evil", "127.0.0.1:abc", "evil.example", "", "127.0.0.1:123456",
    "a b", "[::1", "LOCALHOST", "127.0.0.1:"};
static const char *const encodings[] = {"chunked", "identity", "gzip, chunked", "Chunked",
                                        "chunked, chunked", "x"};
static const char *const targets[] = {"/health", "http://x/health", "*", "health",
                                      "/health?x=1"};

/* The row's cases, each a request the server got wrong. */
static void seed(request *r, unsigned k)
{
    memset(r, 0, sizeof *r);
    snprintf(r->version, sizeof r->version, "HTTP/1.1");
    set_target(r, "/health", 0);
    switch (k) {
    case 0: add(r, "Host", "127.0.0.1"); break;                      /* plain */
    case 1: add(r, "Host", "127.0.0.1"); set_target(r, "/health", 16060 + pick(144)); break;
    case 2: add(r, "Host", "127.0.0.1"); add(r, "Content-Length", "3");
            add(r, "Content-Length", "5"); r->body = 5; break;
    case 3: break;                                                    /* HTTP/1.1, no Host */
    case 4: add(r, "Host", "[::1]evil"); break;
    case 5: add(r, "Host", "localhost:evil"); break;
    case 6: add(r, "Host", "127.0.0.1:abc"); break;
    case 7: add(r, "Host", "127.0.0.1"); add(r, "Host", "evil.example"); break;
    case 8: add(r, "Host", "127.0.0.1"); set_target(r, "http://x/health", 0); break;
    case 9: add(r, "Host", "127.0.0.1"); add(r, "Transfer-Encoding", "identity"); break;
    default: add(r, "Host", "127.0.0.1"); add(r, "Transfer-Encoding", "gzip, chunked"); break;
    }
}
#define SEEDS 11

static void mutate(request *r)
{
    switch (pick(8)) {
    case 0: /* a header again */
        if (r->n) {
            header copy = r->h[pick((unsigned)r->n)];
            add(r, copy.name, copy.value);
        }
        break;
    case 1: /* a header less */
        if (r->n) {
            unsigned i = pick((unsigned)r->n);
            r->n--;
            r->h[i] = r->h[r->n];
        }
        break;
    case 2: snprintf(r->version, sizeof r->version, pick(2) ? "HTTP/1.0" : "HTTP/1.1"); break;
    case 3: add(r, "Host", hosts[pick(sizeof hosts / sizeof *hosts)]); break;
    case 4: {
        char v[16];
        snprintf(v, sizeof v, "%u", pick(40));
        add(r, "Content-Length", v);
        break;
    }
    case 5: add(r, "Transfer-Encoding", encodings[pick(sizeof encodings / sizeof *encodings)]); break;
    case 6: {
        /* lengths on both sides of the limit, but never within 200 bytes of it (the exact
         * edge depends on how header bytes are counted) nor near libmicrohttpd's own buffer
         * (twice the limit), where it closes without an answer (docs/security.md) */
        size_t pad = pick(2) ? 15000 + pick(900) : 16700 + pick(1500);
        set_target(r, "/health", pad);
        break;
    }
    default: set_target(r, targets[pick(sizeof targets / sizeof *targets)], 0); break;
    }
}

static int setup(void **state)
{
    cor_server_opts o;
    cor_server_opts_default(&o);
    o.net_dir = "tests/data/tiny";
    o.port = 0;
    o.threads = 2;
    o.timeout_s = 20;
    cor_diags *d = cor_diags_new();
    cor_server *s = NULL;
    cor_err err;
    if (!d || cor_server_new(&o, &s, d) != COR_OK || cor_server_start(s, &err) != COR_OK) {
        cor_diags_free(d);
        cor_server_free(s);
        return -1;
    }
    cor_diags_free(d);
    port = cor_server_port(s);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    cor_server_free(*state);
    return 0;
}

static void check(const request *r, const char *what)
{
    size_t n;
    char *raw = serialize(r, &n);
    int over;
    unsigned want = expected(r, &over);
    answer a = send_request(raw, n);
    if (!a.status || !a.whole || (over ? a.status != 414 && a.status != 431 : a.status != want)) {
        /* the request as sent, for the report (the target shortened) */
        fprintf(stderr, "%s: expected %u%s, found %u (%s); request: GET %.60s%s %s", what, want,
                over ? " or 431" : "", a.status, a.whole ? "whole" : "no whole answer",
                r->target, strlen(r->target) > 60 ? "..." : "", r->version);
        for (int i = 0; i < r->n; i++)
            fprintf(stderr, " | %s: %s", r->h[i].name, r->h[i].value);
        fprintf(stderr, " | body %zu%s\n", r->body, r->chunked_body ? " chunked" : "");
        free(raw);
        fail();
    }
    free(raw);
    static const char health[] = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    answer h = send_request(health, sizeof health - 1);
    assert_int_equal(h.status, 200);
}

static void test_row13_seeds(void **state)
{
    (void)state;
    for (unsigned k = 0; k < SEEDS; k++) {
        request r;
        seed(&r, k);
        char what[32];
        snprintf(what, sizeof what, "seed %u", k);
        check(&r, what);
        free(r.target);
    }
}

static void test_mutations(void **state)
{
    (void)state;
    time_t start = time(NULL);
    unsigned done = 0;
    for (; done < 20000 && time(NULL) - start < 40; done++) {
        request r;
        seed(&r, pick(SEEDS));
        for (unsigned m = 1 + pick(3); m; m--)
            mutate(&r);
        /* the body its framing announces (the longest of several lengths), so that a
         * request the rules accept arrives whole */
        const char *te = NULL;
        r.body = 0;
        r.chunked_body = 0;
        for (int i = 0; i < r.n; i++)
            if (strcasecmp(r.h[i].name, "Content-Length") == 0 &&
                (size_t)atoi(r.h[i].value) > r.body)
                r.body = (size_t)atoi(r.h[i].value);
        if (count(&r, "Transfer-Encoding", &te) == 1 && strcasecmp(te, "chunked") == 0 &&
            !count(&r, "Content-Length", NULL))
            r.chunked_body = 1;
        char what[32];
        snprintf(what, sizeof what, "mutation %u", done);
        check(&r, what);
        free(r.target);
    }
    printf("http property campaign: %u mutated requests in %ld s\n", done,
           (long)(time(NULL) - start));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row13_seeds),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
