/*
 * corridor: the HTTP server (docs/server.md). It loads a network and every scenario of it once,
 * read-only, and answers OSRM-compatible (/route/v1, /table/v1) and corridor (/corridor/v1/...)
 * requests from a thread pool (libmicrohttpd), each request with its own router.
 */
#ifndef CORRIDOR_SERVER_H
#define CORRIDOR_SERVER_H

#include <stddef.h>

#include "corridor/diag.h"

typedef struct cor_server_opts {
    const char *net_dir;      /* the network directory (required) */
    const char *demand_path;  /* OD demand for assign/compare; NULL: net_dir/demand.csv if it
                                 exists, else those endpoints answer 404 */
    const char *web_dir;      /* static files served at / (NULL: no page) */
    const char *vendor_dir;   /* served under /vendor/ (NULL: web_dir/../node_modules) */
    const char *bind_addr;    /* numeric IPv4 or IPv6 address, default 127.0.0.1 */
    unsigned port;            /* 0: any free port (see cor_server_port()) */
    unsigned threads;         /* worker threads, >= 1 */
    unsigned max_connections; /* beyond this many open connections requests get 503 */
    unsigned timeout_s;       /* idle connection timeout */
    size_t max_header_bytes;  /* request line + headers; beyond it 414 or 431 */
    size_t max_body_bytes;    /* beyond it 413 */
    size_t cache_entries;     /* assign/compare answers kept */
    unsigned max_assign;      /* assign/compare computations at once (answers from the cache
                                 do not count); beyond it 503. 0: half the threads, at least 1,
                                 so that other queries keep threads of their own */
    const char *allow_hosts;  /* ","-separated names accepted in the Host header ("*": any).
                                 Bound to a loopback address, the server accepts the loopback
                                 names (localhost, 127.x.x.x, [::1]) and these; bound elsewhere,
                                 any Host unless this is set, then only these (DNS rebinding) */
    const char *cors_origin;  /* sent as Access-Control-Allow-Origin; NULL: no such header, so
                                 pages of other origins cannot read the answers */
} cor_server_opts;

/* Defaults: 127.0.0.1:8080, 4 threads, 256 connections, 30 s timeout, 16 KiB of request line
 * and headers, 64 KiB of body, 32 cached answers, assign/compare on half the threads. */
void cor_server_opts_default(cor_server_opts *o);
/* Sets the option name to value as `corridor serve --NAME VALUE` (with '_' for '-'): port (0 to
 * 65535), threads (1 to 256), max_connections (1 to 60000), timeout (seconds, 1 to 3600),
 * max_assign (1 to 256), all whole numbers; allow_host and cors (kept, not copied: a value
 * without blanks or line breaks, as it goes into HTTP headers). COR_ERR_INPUT with err's
 * message "expected ..., found \"VALUE\"" (the caller puts the option's name in front),
 * COR_ERR_NOTFOUND for another name; o is then unchanged. */
cor_status cor_server_opts_set(cor_server_opts *o, const char *name, const char *value,
                               cor_err *err);

typedef struct cor_server cor_server;

/* Loads the network, every scenario in net_dir/scenarios and the demand. Every problem goes to
 * diags. Returns COR_OK with *out set, or the loader's failure status with *out NULL. */
cor_status cor_server_new(const cor_server_opts *o, cor_server **out, cor_diags *diags);

/* Starts listening. COR_ERR_IO when the address cannot be bound (err says why). */
cor_status cor_server_start(cor_server *s, cor_err *err);

/* The port listened on (useful with port 0), 0 before start. */
unsigned cor_server_port(const cor_server *s);

/* How many scenarios were loaded. */
size_t cor_server_scenario_count(const cor_server *s);

/* Stops accepting connections, waits up to grace_s seconds for requests in progress to be
 * answered, then closes every connection and stops the threads. Safe to call twice. */
void cor_server_stop(cor_server *s, unsigned grace_s);

/* Stops the server if running and frees everything. NULL does nothing. */
void cor_server_free(cor_server *s);

/* Encoded polyline (Google's algorithm, as OSRM's geometries=polyline|polyline6) of n points,
 * precision 5 or 6 decimal digits. NULL when out of memory; free() it. */
char *cor_polyline_encode(const double *lat, const double *lon, size_t n, int precision);
/* Decodes len characters of an encoded polyline into at most max points. Returns how many,
 * max + 1 when there are more, (size_t)-1 when the text is not a polyline. */
size_t cor_polyline_decode(const char *s, size_t len, int precision, double *lat, double *lon,
                           size_t max);

#endif
