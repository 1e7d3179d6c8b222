// `sagasu serve`: the JSON search API and the search page over HTTP.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/cli_common.h"
#include "server/server.h"

namespace sagasu::cli {

namespace {

struct ServeArgs {
  ServerOptions server;
  double reload_seconds = 2.0;
  double request_timeout_seconds = 10.0;
  double idle_timeout_seconds = 5.0;
  double write_timeout_seconds = 10.0;
  RankingFlags ranking;
  AnalyzerFlags analyzer;
  SynonymFlags synonyms;
  CacheFlags cache;
};

void AddServeFlags(CLI::App* cmd, ServeArgs* a) {
  cmd->add_option("--db", a->server.db, kDbHelp);
  cmd->add_option("--host", a->server.host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port,-p", a->server.port, "TCP port (default 8080)")->check(CLI::Range(1, 65535));
  cmd->add_option("--threads", a->server.threads,
                  "Request threads; a connection holds one only while its request runs (default 16)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--max-connections", a->server.max_connections,
                  "Open connections at most; more are answered 503 (default 1024)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--request-timeout", a->request_timeout_seconds,
                  "Seconds from a request's first byte to its last (headers and body); slower is answered 408 "
                  "(default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--idle-timeout", a->idle_timeout_seconds,
                  "Seconds a keep-alive connection may wait for its next request (default 5)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--write-timeout", a->write_timeout_seconds,
                  "Seconds a client may leave its answer unread before it is dropped (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--max-headers", a->server.max_headers,
                  "Header lines per request; more are answered 431 (default 100)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--max-header-bytes", a->server.max_header_bytes,
                  "Request line and headers, in bytes; more is answered 431 (default 16384)")
      ->check(CLI::Range(1024, 1024 * 1024));
  cmd->add_option("--cors-origin", a->server.cors_origins,
                  "Origin allowed to call the API from a browser (e.g. https://blog.example.com), or * for any; "
                  "may repeat. Default: none (same origin only)")
      ->allow_extra_args(false);
  cmd->add_option("--web-root", a->server.web_root,
                  "Serve the search page from this directory instead of the built-in copy (for development)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--max-query-bytes", a->server.max_query_bytes,
                  WithDefault("Longest accepted q parameter, in bytes", limits::kServerQueryBytes))
      ->check(InRange(limits::kServerQueryBytes));
  cmd->add_option("--reload-interval", a->reload_seconds,
                  "Seconds between checks of the index for a new commit; 0 never reloads (default 2)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--access-log", a->server.access_log,
                  "Append one line per request to FILE (- for stderr): Combined Log Format plus the seconds taken "
                  "(default: no log)")
      ->type_name("FILE");
  cmd->add_option("--cache-max-age", a->server.cache_max_age,
                  "Seconds browsers and CDNs may reuse a /search answer without asking (Cache-Control max-age); "
                  "0 makes them revalidate with the ETag every time (default 10)")
      ->check(CLI::Range(0, 31536000));
  a->ranking.Add(cmd);
  a->analyzer.Add(cmd);
  a->synonyms.Add(cmd);
  a->cache.Add(cmd);
}

int RunServe(const ServeArgs& args) {
  ServerOptions options = args.server;
  args.analyzer.Apply(&options.index);
  options.index.ranking = args.ranking.ranking;
  args.synonyms.Apply(&options.index);
  if (Status s = args.cache.Apply(&options.index); !s.ok()) return ReportError(s);
  options.reload_interval = std::chrono::milliseconds(static_cast<long long>(args.reload_seconds * 1000));
  options.request_timeout = std::chrono::milliseconds(static_cast<long long>(args.request_timeout_seconds * 1000));
  options.idle_timeout = std::chrono::milliseconds(static_cast<long long>(args.idle_timeout_seconds * 1000));
  options.write_timeout = std::chrono::milliseconds(static_cast<long long>(args.write_timeout_seconds * 1000));

  // Every connection is a descriptor: allow as many as the hard limit does.
  if (rlimit lim; ::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }

  // Signals go to one thread that asks the server to stop (or, for SIGHUP,
  // to reopen the access log after rotation); every other thread (created
  // below, so inheriting the mask) leaves them alone.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<SearchServer> server;
  if (Status s = SearchServer::Create(options, &server); !s.ok()) return ReportError(s);
  std::fprintf(stderr, "sagasu: serving %s (%llu documents) at http://%s:%d/\n", options.db.c_str(),
               static_cast<unsigned long long>(server->document_count()),
               options.host.find(':') != std::string::npos ? ("[" + options.host + "]").c_str() : options.host.c_str(),
               server->port());
  std::thread waiter([&server, &stop_signals] {
    for (;;) {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      if (sig != SIGHUP) break;
      if (Status s = server->ReopenAccessLog(); !s.ok()) {
        std::fprintf(stderr, "sagasu: %s\n", s.message().c_str());
      }
    }
    server->Stop();
  });
  const Status run = server->Run();
  // Wake the waiter if the server ended by itself.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!run.ok()) return ReportError(run);
  std::fprintf(stderr, "sagasu: stopped\n");
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve an index over HTTP: GET /search?q=... (JSON), GET /health, and a search page at /.\n"
      "Read-only. A re-indexed database is picked up without a restart. SIGTERM or SIGINT stops\n"
      "accepting connections, finishes the requests in flight and exits 0; SIGHUP reopens the\n"
      "--access-log file (after logrotate moved it).");
  AddServeFlags(cmd, args.get());
  cmd->callback([args, exit_code] { *exit_code = RunWithDb(&args->server.db, [&] { return RunServe(*args); }); });
}

}  // namespace sagasu::cli
