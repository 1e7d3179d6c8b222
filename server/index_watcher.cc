#include "server/index_watcher.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

namespace sagasu {

namespace fs = std::filesystem;

std::string IndexWatcher::Fingerprint(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    // RocksDB's info log and lock file change when anyone opens the
    // database, readers included; they say nothing about the data.
    if (name == "LOCK" || name.rfind("LOG", 0) == 0) continue;
    std::error_code e1, e2;
    const auto size = it->file_size(e1);
    const auto mtime = it->last_write_time(e2);
    if (e1 || e2) continue;  // removed while listing
    entries.push_back(name + ":" + std::to_string(size) + ":" +
                      std::to_string(mtime.time_since_epoch().count()));
  }
  if (ec) return "";
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const auto& e : entries) out += e + "\n";
  return out;
}

std::string IndexWatcher::Target(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::canonical(dir, ec);
  return ec ? "" : p.string();
}

bool IndexWatcher::Differs(const IndexSnapshot& snap, const std::string& fingerprint, const std::string& target) {
  if (fingerprint.empty()) return false;  // unreadable now: keep serving what is open
  return fingerprint != snap.fingerprint || (!target.empty() && target != snap.target);
}

IndexWatcher::IndexWatcher(std::string dir, std::chrono::milliseconds interval)
    : dir_(std::move(dir)), interval_(interval) {}

Status IndexWatcher::Open(const std::string& dir, const IndexOptions& options, std::chrono::milliseconds interval,
                          std::unique_ptr<IndexWatcher>* out) {
  std::unique_ptr<IndexWatcher> w(new IndexWatcher(dir, interval));
  IndexOptions read_only = options;
  read_only.mode = IndexOptions::Mode::kReadOnly;
  // The fingerprint before the open: a commit in between is seen as a
  // change at the next check.
  const std::string target = Target(dir);
  const std::string fingerprint = Fingerprint(dir);
  SAGASU_RETURN_IF_ERROR(Index::Open(read_only, dir, &w->index_));
  auto snap = std::make_shared<IndexSnapshot>();
  snap->generation = 1;
  snap->documents = w->index_->DocumentCount();
  snap->fingerprint = fingerprint;
  snap->target = target;
  w->current_.store(std::move(snap));
  if (interval.count() > 0) w->thread_ = std::thread([p = w.get()] { p->Loop(); });
  *out = std::move(w);
  return Status::OK();
}

IndexWatcher::~IndexWatcher() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const IndexSnapshot> IndexWatcher::Current() const { return current_.load(); }

Status IndexWatcher::Reopen(const std::string& fingerprint, const std::string& target) {
  // The Index reopens `dir_`, so a link swapped during the reopen is read
  // through again; its fingerprint then differs from the one recorded here
  // and the next check reopens once more.
  SAGASU_RETURN_IF_ERROR(index_->Reopen());
  auto snap = std::make_shared<IndexSnapshot>();
  snap->documents = index_->DocumentCount();
  snap->fingerprint = fingerprint;
  snap->target = target;
  auto old = current_.load();
  snap->generation = old ? old->generation + 1 : 1;
  current_.store(std::move(snap));
  return Status::OK();
}

std::shared_ptr<const IndexSnapshot> IndexWatcher::ReloadIfChanged(std::uint64_t seen_generation) {
  std::lock_guard<std::mutex> lock(reload_mu_);
  auto cur = current_.load();
  if (cur->generation != seen_generation) return cur;  // someone else reopened meanwhile
  const std::string target = Target(dir_);
  const std::string fp = Fingerprint(dir_);
  if (!Differs(*cur, fp, target)) return cur;
  if (Status s = Reopen(fp, target); !s.ok()) {
    std::fprintf(stderr, "sagasu: reopening %s failed, still serving generation %llu: %s\n", dir_.c_str(),
                 static_cast<unsigned long long>(cur->generation), s.ToString().c_str());
  }
  return current_.load();
}

void IndexWatcher::Loop() {
  std::string last_seen = current_.load()->target + "\n" + current_.load()->fingerprint;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(stop_mu_);
      if (stop_cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
    }
    const std::string target = Target(dir_);
    const std::string fp = Fingerprint(dir_);
    const std::string seen = target + "\n" + fp;
    const bool stable = seen == last_seen;
    last_seen = seen;
    if (fp.empty() || !stable) continue;
    std::lock_guard<std::mutex> lock(reload_mu_);
    auto cur = current_.load();
    if (!Differs(*cur, fp, target)) continue;
    const bool swapped = !target.empty() && target != cur->target;
    if (Status s = Reopen(fp, target); s.ok()) {
      auto now = current_.load();
      std::fprintf(stderr, "sagasu: index changed%s%s; now serving generation %llu (%llu documents)\n",
                   swapped ? ": " : "", swapped ? (dir_ + " -> " + target).c_str() : "",
                   static_cast<unsigned long long>(now->generation),
                   static_cast<unsigned long long>(now->documents));
    } else {
      std::fprintf(stderr, "sagasu: reopening %s failed, still serving generation %llu: %s\n", dir_.c_str(),
                   static_cast<unsigned long long>(cur->generation), s.ToString().c_str());
      // Retry at the next check even if nothing else changes.
      last_seen.clear();
    }
  }
}

}  // namespace sagasu
