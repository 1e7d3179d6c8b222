#include "server/server.h"

#include <httplib.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

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
#include "server/access_log.h"
#include "server/event_server.h"
#include "server/http_util.h"
#include "server/index_watcher.h"
#include "server/search_params.h"
#include "server/web_assets.h"

namespace sagasu {

namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";
// The body of every 500: what failed is in the server's log, not in the response.
constexpr const char* kInternalError = "internal error (the server's log has the details)";
// Bodies shorter than this are not worth compressing.
constexpr std::size_t kMinCompressBytes = 1024;
// Where a handler leaves the Content-Type until FinishResponse: httplib
// compresses text/* by itself (see server/http_util.h) when it sees one.
constexpr const char* kPendingType = "X-Sagasu-Pending-Content-Type";

std::string Dump(const nlohmann::json& j) {
  // Stored text is valid UTF-8, but never let one bad byte turn into a 500.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The body and its type; FinishResponse sets Content-Type and the coding.
void SetBody(httplib::Response& res, int status, std::string body, const char* type) {
  res.status = status;
  res.body = std::move(body);
  res.headers.erase(kPendingType);
  res.set_header(kPendingType, type);
}

void SetJson(httplib::Response& res, int status, const nlohmann::json& j) { SetBody(res, status, Dump(j), kJsonType); }

// An error answer (README, "Errors"); `param` empty when no parameter is at
// fault. Errors are never cached.
void SetError(httplib::Response& res, int status, const char* code, const std::string& param,
              const std::string& message) {
  SetBody(res, status, ErrorJson(code, param, message), kJsonType);
  res.headers.erase("Cache-Control");
  res.headers.erase("ETag");
  res.set_header("Cache-Control", "no-store");
}

// Adds `token` to the response's Vary header (one header, comma-separated).
void AddVary(httplib::Response& res, std::string_view token) {
  std::string vary = res.get_header_value("Vary");
  if (vary.find(token) != std::string::npos) return;
  vary = vary.empty() ? std::string(token) : vary + ", " + std::string(token);
  res.headers.erase("Vary");
  res.set_header("Vary", vary);
}

// 304 Not Modified: the validators and caching headers stay, the body and
// its description go (RFC 9110 15.4.5).
void SetNotModified(httplib::Response& res) {
  res.status = 304;
  res.body.clear();
  for (const char* h : {"Content-Type", "Content-Length", "Content-Encoding", kPendingType}) res.headers.erase(h);
}

// What a request's answer depends on besides the index: the options that
// change ranking, analysis or synonyms.
std::string ConfigKey(const ServerOptions& o) {
  const RankingOptions& r = o.index.ranking;
  std::string key;
  for (float f : {r.k1, r.b_body, r.b_title, r.title_weight, r.meta_weight, r.b_meta, r.proximity_weight}) {
    key += std::to_string(f) + ",";
  }
  key += std::to_string(r.rerank_depth) + "\n" + o.index.no_fold + "\n" + o.index.synonyms_file + "\n" +
         o.index.dicdir + "\n" + o.index.user_dic + "\n" + (o.index.use_builtin_user_dic ? "1" : "0");
  for (const auto& d : o.index.extra_user_dics) key += "\n" + d;
  return key;
}

// The synonyms file's size and modification time ("" for the built-in set or
// none): the index reads the file again when they change.
std::string SynonymsStamp(const std::string& file) {
  if (file.empty() || file == "-") return "";
  struct stat st;
  if (::stat(file.c_str(), &st) != 0) return "?";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
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
  explicit Impl(const ServerOptions& options)
      : options_(options), config_key_(ConfigKey(options)), svr_(Limits(options)) {
    for (const auto& a : EmbeddedWebAssets()) assets_.emplace(a.name, Asset{a.data, ContentETag(a.data)});
  }

  Status Init() {
    if (!options_.access_log.empty()) SAGASU_RETURN_IF_ERROR(AccessLog::Open(options_.access_log, &access_log_));
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
  Status ReopenAccessLog() { return access_log_ ? access_log_->Reopen() : Status::OK(); }

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
    svr_.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      FinishResponse(req, res);
    });
    // httplib's own errors (no route, a request it cannot parse).
    svr_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      switch (res.status) {
        case 404: SetError(res, 404, "not_found", "", "not found: " + req.path); break;
        case 413: SetError(res, 413, "payload_too_large", "", "request too large"); break;
        case 431: SetError(res, 431, "headers_too_large", "", "request headers too large"); break;
        case 414: SetError(res, 414, "uri_too_long", "", "request URI too long"); break;
        case 416: SetError(res, 416, "range_not_satisfiable", "", "range not satisfiable"); break;
        default:
          SetError(res, res.status, res.status >= 500 ? "internal" : "bad_request", "",
                   "bad request (HTTP " + std::to_string(res.status) + ")");
          break;
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
      SetError(res, 500, "internal", "", kInternalError);
    });
    if (access_log_) {
      svr_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        const EventHttpServer::Arrival arrival = EventHttpServer::ThisRequestArrival();
        AccessLogEntry e;
        e.remote_addr = req.remote_addr;
        e.time = arrival.wall;
        e.method = req.method;
        e.target = req.target;
        e.version = req.version;
        e.status = res.status;
        e.body_bytes = req.method == "HEAD" ? 0 : res.body.size();
        const std::string referer = req.get_header_value("Referer");
        const std::string agent = req.get_header_value("User-Agent");
        e.referer = referer;
        e.user_agent = agent;
        e.seconds = std::chrono::duration<double>(EventHttpServer::Clock::now() - arrival.steady).count();
        access_log_->Write(e);
      });
      svr_.set_rejection_logger([this](const EventHttpServer::Rejection& r) {
        AccessLogEntry e;
        e.remote_addr = std::string(r.remote_ip);
        e.time = r.arrival.wall;
        e.request_line = r.request_line;
        e.status = r.status;
        e.body_bytes = r.body_bytes;
        e.seconds = std::chrono::duration<double>(EventHttpServer::Clock::now() - r.arrival.steady).count();
        access_log_->Write(e);
      });
    }
  }

  // After every handler (and httplib's own range and length steps): the
  // Content-Type, the content coding, the ETag of the coded body and 304.
  void FinishResponse(const httplib::Request& req, httplib::Response& res) {
    if (res.has_header(kPendingType)) {
      const std::string type = res.get_header_value(kPendingType);
      res.headers.erase(kPendingType);
      res.headers.erase("Content-Type");
      res.set_header("Content-Type", type);
    }
    if (res.status == 304) {
      SetNotModified(res);
      return;
    }
    if (res.body.empty()) return;
    const std::string type = res.get_header_value("Content-Type");
    // A range (206) is a slice of the identity body; leave it so.
    if (IsCompressibleType(type) && res.status != 206 && !res.has_header("Content-Encoding")) {
      AddVary(res, "Accept-Encoding");
      const ContentCoding coding = ChooseCoding(ParseAcceptEncoding(req.get_header_value("Accept-Encoding")),
                                                /*brotli=*/true, res.body.size(), kMinCompressBytes);
      std::optional<std::string> coded;
      if (coding == ContentCoding::kGzip) coded = GzipCompress(res.body);
      if (coding == ContentCoding::kBrotli) coded = BrotliCompress(res.body);
      if (coded) {
        res.body = std::move(*coded);
        res.set_header("Content-Encoding", ContentCodingName(coding));
        res.headers.erase("Content-Length");
        res.set_header("Content-Length", std::to_string(res.body.size()));
        // A strong tag names one representation: each coding has its own.
        std::string etag = res.get_header_value("ETag");
        if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
          etag.insert(etag.size() - 1, std::string("-") + ContentCodingName(coding));
          res.headers.erase("ETag");
          res.set_header("ETag", etag);
        }
      }
    }
    if (res.status == 200 && res.has_header("ETag") && req.has_header("If-None-Match") &&
        IfNoneMatchMatches(req.get_header_value("If-None-Match"), res.get_header_value("ETag"))) {
      SetNotModified(res);
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
    SetError(res, 405, "method_not_allowed", "",
             "method " + req.method + " not allowed: this server is read-only (GET, HEAD, OPTIONS)");
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

  // The weak ETag of a /search answer: the index's files as the view was
  // opened (names, sizes, times: IndexWatcher::Fingerprint), the synonyms
  // file, the options that change answers, and the canonical parameters.
  // Weak: two answers with one tag differ in took_ms (and in "generation",
  // a counter of this process), never in hits or facets.
  std::string SearchETag(const IndexSnapshot& snap, const httplib::Request& req) const {
    XXH3_state_t* st = XXH3_createState();
    XXH3_128bits_reset(st);
    const std::string stamp = SynonymsStamp(options_.index.synonyms_file);
    const std::string params = CanonicalSearchParams(req.params);
    // Without a fingerprint (the directory could not be listed), the view is
    // named by this process and its generation: safe, if not shared.
    const std::string index = !snap.fingerprint.empty()
                                  ? snap.fingerprint
                                  : "process " + std::to_string(process_nonce_) + " generation " +
                                        std::to_string(snap.generation);
    for (const std::string* part : {&index, &stamp, &config_key_, &params}) {
      const std::uint64_t n = part->size();
      XXH3_128bits_update(st, &n, sizeof(n));
      XXH3_128bits_update(st, part->data(), part->size());
    }
    const XXH128_hash_t h = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    char buf[48];
    std::snprintf(buf, sizeof(buf), "W/\"%016llx%016llx\"", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return buf;
  }

  // Cache-Control of /search answers.
  std::string SearchCacheControl() const {
    if (options_.cache_max_age <= 0) return "no-cache";
    return "public, max-age=" + std::to_string(options_.cache_max_age);
  }

  void HandleSearch(const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    ParamFault fault;
    Result<SearchParams> params = ParseSearchParams(req.params, options_.max_query_bytes, &fault);
    if (!params.ok()) {
      SetError(res, 400, fault.code.c_str(), fault.param, params.status().message());
      return;
    }
    // A client (or CDN) holding this answer already: no search at all.
    std::shared_ptr<const IndexSnapshot> snap = watcher_->Current();
    std::string etag = SearchETag(*snap, req);
    res.set_header("Cache-Control", SearchCacheControl());
    AddVary(res, "Accept-Encoding");
    if (req.has_header("If-None-Match") && IfNoneMatchMatches(req.get_header_value("If-None-Match"), etag)) {
      res.set_header("ETag", etag);
      res.status = 304;
      return;
    }
    Result<SearchResponse> result = Search(params->query, &snap);
    if (!result.ok()) {
      const Status& s = result.status();
      if (s.IsInvalidArgument()) {
        SetError(res, 400, "invalid_parameter", "q", "parameter 'q': " + s.message());
      } else {
        // The details (paths, RocksDB's words) go to the log, never to the client.
        std::fprintf(stderr, "sagasu: search %s: %s\n", req.target.c_str(), s.ToString().c_str());
        if (s.IsCorruption()) {
          SetError(res, 500, "index_corrupt", "", "the index is damaged (the server's log has the details)");
        } else if (s.IsIOError()) {
          SetError(res, 503, "index_unavailable", "",
                   "the index cannot be read now (the server's log has the details)");
          res.set_header("Retry-After", "2");
        } else {
          SetError(res, 500, "internal", "", kInternalError);
        }
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
    // The view may have been reopened meanwhile (Search retries on a new one).
    res.set_header("ETag", SearchETag(*snap, req));
    SetBody(res, 200, SearchResponseToJson(r, o), kJsonType);
  }

  void HandleHealth(const httplib::Request&, httplib::Response& res) {
    auto snap = watcher_->Current();
    res.set_header("Cache-Control", "no-store");
    SetJson(res, 200, {{"status", "ok"}, {"documents", snap->documents}, {"generation", snap->generation}});
  }

  // The page's files carry a strong ETag of their content (with the coding
  // appended when compressed: FinishResponse).
  void HandleAsset(const httplib::Request& req, httplib::Response& res) {
    std::string name = req.matches.size() > 1 ? req.matches[1].str() : "";
    if (name.empty()) name = "index.html";
    if (!IsAssetName(name)) {
      SetError(res, 404, "not_found", "", "not found: " + req.path);
      return;
    }
    if (!options_.web_root.empty()) {
      // Development: read the file on every request; revalidate every use.
      std::string content;
      if (!ReadWebRootFile(options_.web_root, name, &content)) {
        SetError(res, 404, "not_found", "", "not found: " + req.path);
        return;
      }
      res.set_header("Cache-Control", "no-cache");
      res.set_header("ETag", ContentETag(content));
      SetBody(res, 200, std::move(content), ContentType(name));
      return;
    }
    auto it = assets_.find(name);
    if (it == assets_.end()) {
      SetError(res, 404, "not_found", "", "not found: " + req.path);
      return;
    }
    // The page is small; revalidating every few minutes keeps upgrades visible.
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_header("ETag", it->second.etag);
    SetBody(res, 200, std::string(it->second.data), ContentType(name));
  }

  struct Asset {
    std::string_view data;
    std::string etag;
  };

  const ServerOptions options_;
  const std::string config_key_;  // ConfigKey(options_)
  // Tells this process's generations from another's (SearchETag).
  const std::uint64_t process_nonce_ =
      static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) ^
      static_cast<std::uint64_t>(::getpid());
  std::map<std::string, Asset, std::less<>> assets_;
  std::unique_ptr<AccessLog> access_log_;
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
Status SearchServer::ReopenAccessLog() { return impl_->ReopenAccessLog(); }
std::uint64_t SearchServer::document_count() const { return impl_->watcher().Current()->documents; }
std::uint64_t SearchServer::generation() const { return impl_->watcher().Current()->generation; }

}  // namespace sagasu
