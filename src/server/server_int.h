/* Private parts of the HTTP server shared by its files: the loaded networks, a request as the
 * handlers see it, and the answer they fill in (internal). */
#ifndef COR_SERVER_SERVER_INT_H
#define COR_SERVER_SERVER_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "corridor/corridor.h"
#include "corridor/import.h" /* COR_OSM_ATTRIBUTION */
#include "corridor/server.h"

/* Snap indexes per OSRM profile family. */
enum { SRV_SNAP_ROAD, SRV_SNAP_RAIL, SRV_SNAP_ANY, SRV_SNAP_COUNT };

typedef struct srv_net {
    char *name;                  /* scenario name, NULL for the network as it is */
    cor_net *net;
    cor_snap *snap[SRV_SNAP_COUNT];
} srv_net;

typedef struct srv_cache_entry {
    char *key, *body;
} srv_cache_entry;

/* The simulated dwell of one network and stage scenario (cor_sim_route_dwell()), made on
 * first use and kept: stage scenarios are those of the stage file, so the list stays short. */
typedef struct srv_dwell {
    const cor_net *net;
    char *stage_scenario;        /* NULL: base */
    double *dwell_h;
} srv_dwell;

struct cor_server {
    cor_server_opts o;
    char *net_dir, *web_dir, *vendor_dir, *bind_addr, *demand_path;
    char *allow_hosts, *cors_origin;  /* copies of the options (NULL when not given) */
    int loopback;                     /* bound to a loopback address */
    srv_net plain;               /* no scenario (a snapshot: no net, no snap indexes) */
    cor_graph *graph;            /* served from a snapshot: its graph, else NULL */
    cor_navi *navi;              /* and its segment index */
    unsigned fingerprint;        /* of the network, in hints */
    int osm;                     /* built from OpenStreetMap: answers carry the attribution */
    srv_net *scen;               /* every scenario of the network, sorted by name */
    size_t n_scen;
    cor_demand *demand;          /* NULL when there is no demand file */
    cor_emissions *em;           /* NET/emissions.csv, NULL when there is none */
    cor_countries *countries;    /* iso-codes' country names, NULL when the system lacks them */
    cor_projects *projects;      /* NET/projects.csv, NULL when there is none */
    char *scenarios_json;        /* what `corridor scenarios --json` prints, made at start */
    struct MHD_Daemon *daemon;
    unsigned port;
    atomic_int connections, in_flight;
    atomic_int assigning;        /* assign/compare computations running */
    pthread_mutex_t cache_lock;
    srv_cache_entry *cache;      /* o.cache_entries slots, replaced oldest first */
    size_t cache_next;
    pthread_mutex_t dwell_lock;
    srv_dwell *dwell;            /* simulated dwell made so far */
    size_t n_dwell;
};

/* A query parameter, percent-decoded; value NULL for a bare "key" (no '='). */
typedef struct srv_kv {
    const char *key, *value;
} srv_kv;

typedef struct srv_req {
    cor_server *s;
    void *conn;                  /* struct MHD_Connection *; NULL outside libmicrohttpd */
    const char *path;            /* percent-decoded, valid UTF-8 */
    const srv_kv *args;          /* the query parameters in the order sent */
    size_t n_args;
} srv_req;

typedef struct srv_resp {
    unsigned status;
    char *body;                  /* malloc'ed */
    const char *type;            /* content type */
    char *file;                  /* malloc'ed path of a file to send instead of body */
    const char *cache;           /* "hit" or "miss" for cached endpoints, else NULL */
    int preflight;               /* an OPTIONS request: 204 with the CORS preflight headers */
} srv_resp;

/* A query parameter, percent-decoded (NULL when absent). */
const char *srv_arg(const srv_req *r, const char *key);
/* 400 naming the first parameter not in allowed (NULL-terminated); returns 0 then. */
int srv_only_args(const srv_req *r, const char *const *allowed, srv_resp *out);
/* Fills out with {"code": code, "message": ...} and the HTTP status. */
void srv_error(srv_resp *out, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* 200 with a JSON body we own (NULL: 500 out of memory). */
void srv_json(srv_resp *out, char *body);
/* The network of a scenario (NULL or "": as loaded); NULL after a 404. */
const srv_net *srv_net_of(const cor_server *s, const char *scenario, srv_resp *out);

/* Reads minimize, vot, tonnes, modes, avoid, status, overlap, via and dwell into o (left as
 * they are when absent); 0 after a 400 or 404 naming the parameter. dwell=simulated (with
 * stage_scenario, as `corridor route --dwell simulated --stage-scenario`) is taken only with
 * simulated_ok (o->border_dwell_h then points into the server's own copy), else a 400. */
int srv_route_opts(const srv_req *r, const cor_net *net, int simulated_ok, cor_route_opts *o,
                   srv_resp *resp);

/* The simulated dwell of net with the rows of stage_scenario (NULL: base), made once (one
 * simulation at a time) and kept until the server is freed; NULL after a 400 (no stage file,
 * an unknown stage scenario) or 500. */
const double *srv_sim_dwell(cor_server *s, const cor_net *net, const char *stage_scenario,
                            srv_resp *out);

/* Takes one of the o.max_assign slots for an assign/compare computation: 1, or 0 after a 503
 * when all are taken. srv_assign_leave() gives it back. */
int srv_assign_enter(cor_server *s, srv_resp *out);
void srv_assign_leave(cor_server *s);

/* A cor_freight_opts.cancelled callback for r's connection (ctx: the srv_req): 1 once the
 * client has closed it or it failed, so that no computation runs on (and keeps its slot) for
 * nobody. */
int srv_client_gone(void *req);

char *srv_cache_get(cor_server *s, const char *key);    /* a copy, or NULL */
void srv_cache_put(cor_server *s, const char *key, const char *body);

/* A request as libmicrohttpd has read it, whose framing and size are checked. */
typedef struct srv_http {
    const char *method;
    const char *host;            /* the Host header, NULL when none */
    const char *path;            /* percent-decoded */
    const srv_kv *args;
    size_t n_args;
    int busy;                    /* more open connections than o.max_connections */
    int nul;                     /* a %00 in the path (1) or in parameter nul_name (2) */
    const char *nul_name;
    void *conn;                  /* struct MHD_Connection *, NULL when there is none */
} srv_http;

/* Answers h: the method (OPTIONS: the CORS preflight; else GET or HEAD, or 405), the Host
 * (403 for a name this server does not answer to), busy (503), NUL bytes and UTF-8 of the
 * path and parameters (400), then the endpoint of the path. Needs no connection, so that it
 * is tested without sockets. out gets the status and a body or a file to send (both freed
 * by the caller). */
void srv_handle(cor_server *s, const srv_http *h, srv_resp *out);

void srv_corridor(const srv_req *r, srv_resp *out);     /* /corridor/v1/... */
void srv_osrm(const srv_req *r, srv_resp *out);         /* /route, /table, /nearest, /trip, /match */

#endif
