// `sagasu serve`: the JSON search API and the search page over HTTP.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/cli_common.h"
#include "server/server.h"

namespace sagasu::cli {

void AddServeCommand(CLI::App& app, int* exit_code) {
  struct Args {
    ServerOptions server;
    double reload_seconds = 2.0;
    RankingOptions bm25;
    AnalyzerFlags analyzer;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve an index over HTTP: GET /search?q=... (JSON), GET /health, and a search page at /.\n"
      "Read-only. A re-indexed database is picked up without a restart. SIGTERM or SIGINT stops\n"
      "accepting connections, finishes the requests in flight and exits 0.");
  cmd->add_option("--db", args->server.db, "Index directory")->required();
  cmd->add_option("--host", args->server.host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port,-p", args->server.port, "TCP port (default 8080)")->check(CLI::Range(1, 65535));
  cmd->add_option("--threads", args->server.threads, "Request threads; each open connection holds one while it is open (default 16)")->check(CLI::Range(1, 256));
  cmd->add_option("--cors-origin", args->server.cors_origins,
                  "Origin allowed to call the API from a browser (e.g. https://blog.example.com), or * for any; "
                  "may repeat. Default: none (same origin only)")
      ->allow_extra_args(false);
  cmd->add_option("--web-root", args->server.web_root,
                  "Serve the search page from this directory instead of the built-in copy (for development)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--max-query-bytes", args->server.max_query_bytes, "Longest accepted q parameter (default 1024)")
      ->check(CLI::Range(1, 16 * 1024));
  cmd->add_option("--reload-interval", args->reload_seconds,
                  "Seconds between checks of the index for a new commit; 0 never reloads (default 2)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_flag("--access-log", args->server.access_log, "Log every request to stderr");
  cmd->add_option("--k1", args->bm25.k1, "BM25 term-frequency saturation (default 1.2)")->group("Ranking")->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--b", args->bm25.b_body, "BM25 body length normalization, 0..1 (default 0.75)")->group("Ranking")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--title-weight", args->bm25.title_weight, "Weight of title matches vs body (default 2.5)")->group("Ranking")->check(CLI::Range(0.0, 100.0));
  args->analyzer.Add(cmd);

  cmd->callback([args, exit_code] {
    ServerOptions options = args->server;
    options.search.analyzer = args->analyzer.ToOptions();
    options.search.bm25 = args->bm25;
    options.reload_interval = std::chrono::milliseconds(static_cast<long long>(args->reload_seconds * 1000));

    // Signals go to one thread that asks the server to stop; every other
    // thread (created below, so inheriting the mask) leaves them alone.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    std::unique_ptr<SearchServer> server;
    if (Status s = SearchServer::Create(options, &server); !s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    std::fprintf(stderr, "sagasu: serving %s (%llu documents) at http://%s:%d/\n", options.db.c_str(),
                 static_cast<unsigned long long>(server->document_count()),
                 options.host.find(':') != std::string::npos ? ("[" + options.host + "]").c_str() : options.host.c_str(),
                 server->port());
    std::thread waiter([&server, &stop_signals] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      server->Stop();
    });
    const Status run = server->Run();
    // Wake the waiter if the server ended by itself.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!run.ok()) {
      *exit_code = ReportError(run);
      return;
    }
    std::fprintf(stderr, "sagasu: stopped\n");
  });
}

}  // namespace sagasu::cli
