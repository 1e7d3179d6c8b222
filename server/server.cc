#include "server/server.h"

#include <httplib.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sagasu/json.h"
#include "server/event_server.h"
#include "server/index_watcher.h"
#include "server/search_params.h"
#include "server/web_assets.h"

namespace sagasu {

namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";
// The body of every 500: what failed is in the server's log, not in the response.
constexpr const char* kInternalError = "internal error (the server's log has the details)";

std::string Dump(const nlohmann::json& j) {
  // Stored text is valid UTF-8, but never let one bad byte turn into a 500.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void SetJson(httplib::Response& res, int status, const nlohmann::json& j) {
  res.status = status;
  res.set_content(Dump(j), kJsonType);
}

void SetError(httplib::Response& res, int status, const std::string& message) {
  SetJson(res, status, {{"error", message}});
}

const char* ContentType(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".json")) return kJsonType;
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

// A file name the page may ask for: one path segment, no dot files.
bool IsAssetName(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
  });
}

// Reads the regular file `name` (one path component, IsAssetName) of the
// web root. A symlink is refused (O_NOFOLLOW), so that a link in the root
// cannot serve a file from outside it; so are FIFOs and devices (O_NONBLOCK
// keeps a FIFO from blocking the open, fstat refuses it).
bool ReadWebRootFile(const std::string& root, const std::string& name, std::string* out) {
  const std::string path = root + "/" + name;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return false;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  out->clear();
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out->append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

class SearchServer::Impl {
 public:
  explicit Impl(const ServerOptions& options) : options_(options), svr_(Limits(options)) {
    for (const auto& a : EmbeddedWebAssets()) assets_.emplace(a.name, a.data);
  }

  Status Init() {
    SAGASU_RETURN_IF_ERROR(IndexWatcher::Open(options_.db, options_.index, options_.reload_interval, &watcher_));
    // Timeouts, keep-alive, threads and size limits: EventHttpServer.
    svr_.set_tcp_nodelay(true);
    // httplib's default adds SO_REUSEPORT, which lets a second server bind
    // the same port and silently take half of the connections. Only
    // SO_REUSEADDR: a restart need not wait for TIME_WAIT, a busy port fails.
    svr_.set_socket_options([](auto sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });

    AddRoutes();
    if (options_.port == 0) {
      port_ = svr_.bind_to_any_port(options_.host);
      if (port_ <= 0) return Status::IOError("cannot bind to " + options_.host + " (any port)");
    } else {
      if (!svr_.bind_to_port(options_.host, options_.port)) {
        return Status::IOError("cannot bind to " + options_.host + ":" + std::to_string(options_.port) +
                               " (in use, or not an address of this machine)");
      }
      port_ = options_.port;
    }
    return Status::OK();
  }

  Status Run() {
    const bool ok = svr_.Serve();
    if (!ok && !stopped_) return Status::IOError("the server stopped unexpectedly");
    return Status::OK();
  }

  void Stop() {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopped_ = true;
    svr_.Shutdown();
  }

  int port() const { return port_; }
  const IndexWatcher& watcher() const { return *watcher_; }

 private:
  static ConnectionLimits Limits(const ServerOptions& o) {
    ConnectionLimits l;
    l.threads = static_cast<std::size_t>(std::max(1, o.threads));
    l.max_connections = std::max<std::size_t>(1, o.max_connections);
    l.max_header_bytes = o.max_header_bytes;
    l.max_headers = o.max_headers;
    l.request_timeout = o.request_timeout;
    l.idle_timeout = o.idle_timeout;
    l.write_timeout = o.write_timeout;
    return l;
  }

  // Handlers for /search, /health and the page; JSON errors; the access log.
  void AddRoutes() {
    svr_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      return PreRoute(req, res);
    });
    svr_.Get("/search", [this](const httplib::Request& req, httplib::Response& res) { HandleSearch(req, res); });
    svr_.Get("/health", [this](const httplib::Request& req, httplib::Response& res) { HandleHealth(req, res); });
    svr_.Get(R"(/([^/]*))", [this](const httplib::Request& req, httplib::Response& res) { HandleAsset(req, res); });
    svr_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      switch (res.status) {
        case 404: SetError(res, 404, "not found: " + req.path); break;
        case 413: SetError(res, 413, "request too large"); break;
        case 431: SetError(res, 431, "request headers too large"); break;
        case 414: SetError(res, 414, "request URI too long"); break;
        default: SetError(res, res.status, "bad request (HTTP " + std::to_string(res.status) + ")"); break;
      }
    });
    svr_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      std::fprintf(stderr, "sagasu: %s %s: internal error: %s\n", req.method.c_str(), req.path.c_str(), what.c_str());
      SetError(res, 500, kInternalError);
    });
    if (options_.access_log) {
      svr_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::fprintf(stderr, "%s %s %d %zu\n", req.method.c_str(), req.target.c_str(), res.status, res.body.size());
      });
    }
  }

  httplib::Server::HandlerResponse PreRoute(const httplib::Request& req, httplib::Response& res) {
    using R = httplib::Server::HandlerResponse;
    const std::string origin = req.get_header_value("Origin");
    const bool cors = !origin.empty() && AllowedOrigin(origin);
    if (cors) {
      const bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
                       options_.cors_origins.end();
      res.set_header("Access-Control-Allow-Origin", any ? "*" : origin);
    }
    if (!options_.cors_origins.empty()) res.set_header("Vary", "Origin");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (req.method == "GET" || req.method == "HEAD") return R::Unhandled;
    if (req.method == "OPTIONS") {
      res.status = 204;
      res.set_header("Allow", "GET, HEAD, OPTIONS");
      if (cors) {
        res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        const std::string asked = req.get_header_value("Access-Control-Request-Headers");
        if (!asked.empty()) res.set_header("Access-Control-Allow-Headers", asked);
        res.set_header("Access-Control-Max-Age", "86400");
      }
      return R::Handled;
    }
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    SetError(res, 405, "method " + req.method + " not allowed: this server is read-only (GET, HEAD, OPTIONS)");
    return R::Handled;
  }

  bool AllowedOrigin(const std::string& origin) const {
    for (const auto& o : options_.cors_origins) {
      if (o == "*" || o == origin) return true;
    }
    return false;
  }

  // Runs the query on the current view; when that fails with an I/O error
  // and the directory changed meanwhile, once more on a fresh view (a
  // re-index may have merged away files the old view had not opened yet).
  Result<SearchResponse> Search(const SearchQuery& query, std::shared_ptr<const IndexSnapshot>* snap) {
    *snap = watcher_->Current();
    Result<SearchResponse> result = watcher_->index().Search(query);
    if (!result.ok() && (result.status().IsIOError() || result.status().IsCorruption())) {
      auto fresh = watcher_->ReloadIfChanged((*snap)->generation);
      if (fresh != *snap) {
        *snap = fresh;
        result = watcher_->index().Search(query);
      }
    }
    return result;
  }

  void HandleSearch(const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    res.set_header("Cache-Control", "no-cache");
    Result<SearchParams> params = ParseSearchParams(req.params, options_.max_query_bytes);
    if (!params.ok()) {
      SetError(res, 400, params.status().message());
      return;
    }
    std::shared_ptr<const IndexSnapshot> snap;
    Result<SearchResponse> result = Search(params->query, &snap);
    if (!result.ok()) {
      const Status& s = result.status();
      if (s.IsInvalidArgument()) {
        SetError(res, 400, "parameter 'q': " + s.message());
      } else {
        // The details (paths, RocksDB's words) go to the log, never to the client.
        std::fprintf(stderr, "sagasu: search %s: %s\n", req.target.c_str(), s.ToString().c_str());
        SetError(res, 500, kInternalError);
      }
      return;
    }
    SearchResponse& r = *result;
    // took_ms: the whole request, parameters and JSON included.
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    SearchJsonOptions o;
    o.query = params->query.text;
    o.offset = params->query.offset;
    o.page_size = params->size;
    o.generation = snap->generation;
    res.status = 200;
    res.set_content(SearchResponseToJson(r, o), kJsonType);
  }

  void HandleHealth(const httplib::Request&, httplib::Response& res) {
    auto snap = watcher_->Current();
    res.set_header("Cache-Control", "no-store");
    SetJson(res, 200, {{"status", "ok"}, {"documents", snap->documents}, {"generation", snap->generation}});
  }

  void HandleAsset(const httplib::Request& req, httplib::Response& res) {
    std::string name = req.matches.size() > 1 ? req.matches[1].str() : "";
    if (name.empty()) name = "index.html";
    if (!IsAssetName(name)) {
      SetError(res, 404, "not found: " + req.path);
      return;
    }
    if (!options_.web_root.empty()) {
      // Development: read the file on every request.
      std::string content;
      if (!ReadWebRootFile(options_.web_root, name, &content)) {
        SetError(res, 404, "not found: " + req.path);
        return;
      }
      res.set_header("Cache-Control", "no-cache");
      res.set_content(std::move(content), ContentType(name));
      return;
    }
    auto it = assets_.find(name);
    if (it == assets_.end()) {
      SetError(res, 404, "not found: " + req.path);
      return;
    }
    // The page is small; revalidating every few minutes keeps upgrades visible.
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_content(std::string(it->second), ContentType(name));
  }

  const ServerOptions options_;
  std::map<std::string, std::string_view, std::less<>> assets_;
  std::unique_ptr<IndexWatcher> watcher_;
  EventHttpServer svr_;
  int port_ = 0;
  std::mutex stop_mu_;
  std::atomic<bool> stopped_{false};
};

SearchServer::SearchServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SearchServer::~SearchServer() {
  if (impl_) impl_->Stop();
}

Status SearchServer::Create(const ServerOptions& options, std::unique_ptr<SearchServer>* out) {
  if (options.db.empty()) return Status::InvalidArgument("no index directory given");
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("port " + std::to_string(options.port) + " is out of range");
  }
  if (!options.web_root.empty() && !std::filesystem::is_directory(options.web_root)) {
    return Status::InvalidArgument("web root " + options.web_root + " is not a directory");
  }
  auto impl = std::make_unique<Impl>(options);
  SAGASU_RETURN_IF_ERROR(impl->Init());
  out->reset(new SearchServer(std::move(impl)));
  return Status::OK();
}

int SearchServer::port() const { return impl_->port(); }
Status SearchServer::Run() { return impl_->Run(); }
void SearchServer::Stop() { impl_->Stop(); }
std::uint64_t SearchServer::document_count() const { return impl_->watcher().Current()->documents; }
std::uint64_t SearchServer::generation() const { return impl_->watcher().Current()->generation; }

}  // namespace sagasu
