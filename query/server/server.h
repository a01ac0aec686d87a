// The query daemon: the CLI's answers over HTTP/1.1 as JSON, for a team, a
// notebook, an editor plugin or a browser (cpp-httplib from Debian).
//
// GET /                            the search page (server/web_assets.h), no token needed
// GET /v1/health                    {"status": "ok"}, or "partial" with "warnings" (a shard left
//                                   out by --allow-partial); 503 while the index cannot be opened
// GET /v1/stats                     corpus figures, versions, shards, uptime, requests and latency
// GET /v1/search?q=&by=&within=&limit=&offset=     as `grappe search --format json`
// GET /v1/documents?q=              as `grappe list --format json` (all documents without q)
// GET /v1/documents/{id}            as `grappe show ID --format json`
// GET /v1/documents/{id}/pages/{label}?mark=   as `grappe show ID --page LABEL [--mark QUERY] --format json`
// GET /v1/concepts                  as `grappe concepts --format json`
// GET /v1/concepts/{id}             as `grappe concepts ID --format json`
// GET /v1/timeline?ids=a,b&axis=&bin=&smooth=&from=&to=&where=&format=&lang=   as `grappe timeline --format json|csv|svg` (lang=fr: the chart's words in French)
// GET /v1/genealogy?ids=&top=       as `grappe genealogy --format json`
// GET /v1/export?q=&format=&by=&within=&style=&cite=&limit=   as `grappe export` (format's content type; 10,000 rows at most)
// GET /v1/kwic?q=&width=&sort=&limit=&format=   as `grappe kwic --format json` (json by default; 10,000 lines at most)
// GET /v1/cli?command=&arg=...      a `--server` client's command line, run here (cli/remote.h)
// Parameters are named as the commands' options; the positional argument is
// `q` (search) or `ids` (comma-separated concept or family ids). Each answer
// is the JSON the command prints, byte for byte.
//
// Errors, everywhere one envelope with its status:
//   {"error": {"code": "bad_query", "message": "unclosed quote", "param": "q", "column": 9}}
//   400 bad_query / bad_parameter, 401 unauthorized (a token is set and the
//   request lacks it), 404 not_found (route, document, concept), 405
//   method_not_allowed, 413/414 too_long, 503 index_unavailable,
//   shard_unavailable (a remote shard does not answer; the message names
//   it) or time_limit (a search past --time-limit). Messages never
//   name a path of the server's disk.
//
// Several databases (ServerOptions::index, search/shards.h): the shards of
// one index, local or served by xapian-tcpsrv, answered as one; a shard
// that stops answering fails the requests that need it with 503
// shard_unavailable, unless --allow-partial, which answers from the others
// with a warning (in search's "warnings" and /v1/health) and asks the
// missing shard again every few seconds.
//
// Each worker thread keeps its own Searcher (its own Xapian::Database) and
// refreshes it before each request, so a re-index beside the daemon is
// served without a restart; a read that races a commit is retried once.
// Answers are kept (up to --cache-mb) with the revision of the index they
// were made on, and served again only on that revision.
// Binds to loopback unless a token is given; compares tokens in constant
// time; limits query length, result window and time per connection.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "search/shards.h"

namespace grappe {

struct ServerOptions {
    IndexSource index;  // a folder, or the shards of one index
    std::string host = "127.0.0.1";
    int port = 7700;        // 0: any free port
    std::string token;      // "" for none (loopback only)
    std::size_t threads = 0;  // 0: four per core, at least 16 (a kept-alive connection holds one)
    long time_limit_ms = 10000;  // per search, export or concordance (503 time_limit past it)
    std::size_t cache_bytes = 64u << 20;  // answers kept for their index revision; 0: none
};

// Refuses a non-loopback address without a token (returns the reason).
[[nodiscard]] std::string check_server_options(const ServerOptions& options);

// How serve() ended.
enum class ServeEnd {
    stopped,           // `stop` became true; the requests in flight were answered
    cannot_bind,       // the address is in use or not one of this machine
    listening_failed,  // accept() failed for good (e.g. no memory): nothing more is served
};

// Serves until `stop` becomes true (checked several times a second), then
// drains the requests in flight. `on_listening` gets the port bound.
ServeEnd serve(const ServerOptions& options, const std::atomic<bool>& stop, const std::function<void(int port)>& on_listening);

}  // namespace grappe
