// SearchServer: the HTTP front of an index (a read-only sagasu::Index), for
// embedding search in a site. Sits on the public API (include/sagasu/) alone.
//
//   GET /search?q=&tag=&category=&author=&since=&until=&sort=&page=&size=
//                      JSON results (server/search_params.h: parameters and limits)
//   GET /health        {"status":"ok","documents":N,"generation":G}
//   GET /, /search.js, /search.css ...
//                      the search page (web/), compiled into the binary, or
//                      read from ServerOptions::web_root for development
//
// Read-only: GET, HEAD and OPTIONS (CORS preflight); any other method is 405.
// Every error is {"error":{"code":...,"param":...,"message":...}} (README,
// "Errors"). Answers are compressed (gzip, br) when the client accepts it;
// /search carries a weak ETag of the index's state and the canonical
// parameters, and the page's files a strong ETag of their content, so that
// If-None-Match is answered 304 (server/http_util.h). An optional access
// log takes one line per request (server/access_log.h).
// Connections are read by one event thread; a request that has arrived in
// full, within the limits of ServerOptions, runs on a fixed pool of threads
// (server/event_server.h), so slow or idle clients hold no thread. The index is watched
// (server/index_watcher.h): after a re-index, the Index is reopened
// (Index::Reopen); requests in flight finish on the old view.
//
// Thread safety: Stop() may be called from any thread (not from a signal
// handler); everything else from the owning thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "sagasu/sagasu.h"

namespace sagasu {

struct ServerOptions {
  // Index directory (required).
  std::string db;
  // Analyzer and ranking, as for `sagasu search` (mode is ignored: the
  // server opens the index read-only).
  IndexOptions index;
  // Address to bind. Default: loopback only; put a reverse proxy in front
  // for the public.
  std::string host = "127.0.0.1";
  // TCP port; 0 lets the kernel choose (see SearchServer::port()).
  int port = 8080;
  // Request threads. A connection holds one only while a request it has
  // sent in full runs (server/event_server.h); idle and slow connections
  // wait on one event thread. Default 16.
  int threads = 16;
  // Open connections; more are answered 503. Default 1024 (keep it under
  // the process's descriptor limit, `ulimit -n`).
  std::size_t max_connections = 1024;
  // Request line plus headers, in bytes, and header lines per request;
  // more is answered 431 and the connection closed. Defaults 16 KiB, 100.
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_headers = 100;
  // From a request's first byte to its last (headers and body): slower is
  // answered 408 and closed, however steadily the client sends. Default 10 s.
  std::chrono::milliseconds request_timeout{10000};
  // Keep-alive: a connection without a request for this long is closed.
  // Default 5 s.
  std::chrono::milliseconds idle_timeout{5000};
  // A response the client does not read: the connection is closed when the
  // socket has taken none of it for this long. The rest waits in a buffer,
  // not in a request thread. Default 10 s.
  std::chrono::milliseconds write_timeout{10000};
  // Origins answered with Access-Control-Allow-Origin ("https://example.com",
  // or "*" for any). Empty: no CORS headers (same-origin use only).
  std::vector<std::string> cors_origins;
  // Serve the page from this directory instead of the compiled-in copy.
  std::string web_root;
  // Longest accepted q, in bytes; within limits::kServerQueryBytes.
  std::size_t max_query_bytes = 1024;
  // How often the index directory is checked for a new commit; zero never.
  std::chrono::milliseconds reload_interval{2000};
  // max-age of Cache-Control on /search answers, in seconds (a CDN or
  // browser may reuse an answer this long without asking); 0 sends
  // no-cache (every reuse revalidates with the ETag). Default 10.
  int cache_max_age = 10;
  // Access log (server/access_log.h: Combined Log Format plus latency):
  // a file to append to, "-" for stderr, "" for none. Default: none.
  std::string access_log;
};

class SearchServer {
 public:
  // Opens the index and binds the port. NotFound/InvalidArgument as
  // Index::Open; IOError when the address cannot be bound (in use).
  static Status Create(const ServerOptions& options, std::unique_ptr<SearchServer>* out);
  ~SearchServer();  // Stops and joins.
  SearchServer(const SearchServer&) = delete;
  SearchServer& operator=(const SearchServer&) = delete;

  // The bound port.
  int port() const;

  // Serves until Stop(). Returns OK after a Stop(), IOError when the server
  // could not run. Requests in flight when Stop() is called are finished.
  Status Run();

  // Stops accepting connections and makes Run() return once in-flight
  // requests are done. Idempotent.
  void Stop();

  // Opens the access log file again by its name (after it was moved for
  // rotation); OK without a log or with stderr. IOError naming the file
  // when it cannot be opened (the old one stays in use).
  Status ReopenAccessLog();

  // Live documents and generation (1 at start, +1 per reload) of the
  // index view now in use.
  std::uint64_t document_count() const;
  std::uint64_t generation() const;

 private:
  class Impl;
  explicit SearchServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagasu
