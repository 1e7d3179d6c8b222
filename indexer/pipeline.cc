#include "indexer/pipeline.h"

#include <algorithm>
#include <filesystem>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "storage/db.h"
#include "storage/records.h"

// gperftools' tcmalloc, when the program is linked with it (else null).
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace sagasu {

namespace {

std::size_t WorkerThreads(const IndexWriterOptions& options) {
  const int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  return static_cast<std::size_t>(std::max(1, threads));
}

// Gives the memory of the committed accumulators back to the system once
// the last commit is written. Their postings are millions of small strings
// in the workers' malloc arenas; freed, glibc keeps those pages for the
// process, and a merge after the run would add its own memory on top.
// Not after each commit: the next accumulator would fault the same pages
// in again (tried: a 10x build took 15-25% longer, in system time).
// With tcmalloc (the programs link it: CMake's SAGASU_TCMALLOC) the pages
// are its own, returned through gperftools' call; malloc_trim sees glibc's.
void ReturnFreedMemory() {
  if (MallocExtension_ReleaseFreeMemory != nullptr) MallocExtension_ReleaseFreeMemory();
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

void Pipeline::Queue::Push(Item item) {
  std::unique_lock lock(mu_);
  not_full_.wait(lock, [&] { return items_.size() < capacity_; });
  items_.push_back(std::move(item));
  not_empty_.notify_one();
}

bool Pipeline::Queue::Pop(Item* out) {
  std::unique_lock lock(mu_);
  not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
  if (items_.empty()) return false;
  *out = std::move(items_.front());
  items_.pop_front();
  not_full_.notify_one();
  return true;
}

void Pipeline::Queue::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  not_empty_.notify_all();
}

Pipeline::Pipeline(const IndexDb& db, const Analyzer& analyzer, const IndexWriterOptions& options, RunWriter* writer)
    : db_(db),
      analyzer_(analyzer),
      options_(options),
      writer_(writer),
      threads_(WorkerThreads(options)),
      share_(std::max<std::uint64_t>(options.memory_budget / (threads_ + 2), 1 << 20)),
      queue_(threads_ * 16) {}

Pipeline::~Pipeline() = default;

Status Pipeline::Run(InputReader* reader, const ErrorFn& on_error, const ProgressFn& on_progress,
                     Clock::time_point start, IndexPathsReport* report, IndexTimings* timings) {
  reader_ = reader;
  on_error_ = &on_error;
  on_progress_ = &on_progress;
  start_ = start;
  publish_ = options_.source.publish;
  publish_.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  report_ = report;
  timings_ = timings;
  final_accs_.resize(threads_);

  flusher_ = std::thread(&Pipeline::FlushLoop, this);
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < threads_; ++w) workers.emplace_back(&Pipeline::WorkLoop, this, w);
  ReadInputs();
  for (auto& t : workers) t.join();
  const auto workers_done = Clock::now();
  StopFlusher();
  ReportProgress();
  SAGASU_RETURN_IF_ERROR(flush_status_);
  SAGASU_RETURN_IF_ERROR(CommitFinal());
  ReturnFreedMemory();  // before a merge, which needs memory of its own
  timings->tokenize_seconds = std::chrono::duration<double>(workers_done - start).count();
  timings->last_commit_seconds = std::chrono::duration<double>(Clock::now() - workers_done).count();
  return Status::OK();
}

void Pipeline::AddCounts(IndexPathsReport* report) const {
  report->unchanged += unchanged_.load();
  report->unpublished += unpublished_.load();
  report->failed += failed_.load();
  report->bytes += bytes_read_;
}

void Pipeline::ReadInputs() {
  for (const auto& root : reader_->DirectoryRoots()) changes_.AddRoot(root);
  auto last_progress = Clock::now();
  RawInput in;
  std::uint64_t seq = 0;
  Status read_error;
  while (reader_->Next(&in, &read_error)) {
    changes_.AddListed(in.root, in.default_id);
    if (!read_error.ok()) {
      done_.fetch_add(1, std::memory_order_relaxed);
      ReportError(read_error);
      read_error = Status::OK();
      in = RawInput();
      continue;
    }
    bytes_read_ += in.bytes.size();
    queue_.Push(Item{seq++, std::move(in)});
    in = RawInput();
    if (Clock::now() - last_progress > std::chrono::milliseconds(200)) {
      ReportProgress();
      last_progress = Clock::now();
    }
  }
  queue_.Close();
}

void Pipeline::ReportProgress() const {
  if (!*on_progress_) return;
  IndexProgress p;
  p.inputs_done = done_.load();
  p.bytes_done = bytes_done_.load();
  p.bytes_total = reader_->TotalBytes();
  p.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  (*on_progress_)(p);
}

void Pipeline::ReportError(const Status& s) {
  failed_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(error_mu_);
  if (*on_error_) (*on_error_)(s);
}

void Pipeline::ReportWarning(const Status& s) {
  std::lock_guard lock(error_mu_);
  if (*on_error_) (*on_error_)(s);
}

void Pipeline::WorkLoop(std::size_t w) {
  Worker worker{analyzer_.NewSession(), std::make_unique<Accumulator>(), {}};
  Item item;
  while (queue_.Pop(&item)) Process(item, &worker);
  final_accs_[w] = std::move(worker.acc);
}

void Pipeline::Process(Item& item, Worker* worker) {
  const RawInput& in = item.in;
  const std::uint64_t hash = ContentHash(in.bytes);
  PostMeta meta;
  Result<Article> parsed = ParseRawInput(in, options_.source, &meta);
  bytes_done_.fetch_add(in.bytes.size(), std::memory_order_relaxed);
  done_.fetch_add(1, std::memory_order_relaxed);
  if (!parsed.ok()) {
    ReportError(parsed.status());
    return;
  }
  if (in.site) {
    const std::string file_name = std::filesystem::path(in.origin).filename().string();
    if (Status s = ApplySite(*in.site, in.default_id, file_name, in.modified, meta, &parsed.value()); !s.ok()) {
      ReportError(s.WithContext(in.origin));
      return;
    }
  }
  if (!Published(in, *parsed, meta)) return;
  if (in.site && !parsed->url.empty()) {
    // The generator would write one over the other; both stay searchable.
    const std::string other = changes_.ClaimUrl(parsed->url, in.origin);
    if (!other.empty()) {
      ReportWarning(Status::InvalidArgument(in.origin + ": URL " + parsed->url + " is also the URL of " + other +
                                            " (the site generator writes only one of them)"));
    }
  }
  std::string duplicate;
  const bool keep = changes_.Claim(parsed->id, IdClaim{item.seq, in.origin}, in.root, in.default_id, &duplicate);
  if (!duplicate.empty()) ReportError(Status::InvalidArgument(duplicate));
  if (!keep) return;

  // The one lookup of the id's version; the commit reuses it.
  IdRecord current;
  const Status found = db_.GetId(parsed->id, &current);
  if (ClassifyInput(found.ok() ? &current : nullptr, hash, in.root, in.default_id) == InputChange::kUnchanged) {
    unchanged_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  PendingDoc pending;
  pending.id = parsed->id;
  pending.root = in.root;
  pending.path = in.default_id;
  pending.content_hash = hash;
  pending.seq = item.seq;
  pending.current_known = found.ok() || found.IsNotFound();  // else the commit reads it (and reports the error)
  if (found.ok()) pending.current = current.doc;
  pending.stored = EncodeStoredDoc(*parsed);
  const Status analyzed = AnalyzeAndAdd(worker->session.get(), std::move(parsed).value(), std::move(pending),
                                        &worker->terms, worker->acc.get());
  if (!analyzed.ok()) ReportWarning(analyzed.WithContext(in.origin));
  if (worker->acc->memory() > share_) {
    Submit(std::move(worker->acc));
    worker->acc = std::make_unique<Accumulator>();
  }
}

void Pipeline::FlushLoop() {
  for (;;) {
    std::vector<std::unique_ptr<Accumulator>> accs;
    {
      std::unique_lock lock(flush_mu_);
      flush_cv_.wait(lock, [&] { return flush_slot_ || flush_stop_; });
      if (!flush_slot_) return;
      accs.push_back(std::move(flush_slot_));
      flush_cv_.notify_all();
    }
    // After a failed commit the rest are dropped: Run reports the failure.
    Status s = flush_status_.ok() ? writer_->Commit(std::move(accs), {}, &changes_, report_, &timings_->commits) : Status::OK();
    std::lock_guard lock(flush_mu_);
    if (!s.ok() && flush_status_.ok()) flush_status_ = s;
  }
}

void Pipeline::Submit(std::unique_ptr<Accumulator> acc) {
  std::unique_lock lock(flush_mu_);
  flush_cv_.wait(lock, [&] { return !flush_slot_; });
  flush_slot_ = std::move(acc);
  flush_cv_.notify_all();
}

void Pipeline::StopFlusher() {
  {
    std::lock_guard lock(flush_mu_);
    flush_stop_ = true;
    flush_cv_.notify_all();
  }
  flusher_.join();
}

Status Pipeline::CommitFinal() {
  std::vector<Removal> gone;
  SAGASU_RETURN_IF_ERROR(CollectGone(&gone));
  std::vector<std::unique_ptr<Accumulator>> rest;
  for (auto& a : final_accs_)
    if (a && !a->empty()) rest.push_back(std::move(a));
  // A first run writes its (maybe empty) commit so that the index exists.
  if (rest.empty() && gone.empty() && writer_->stats().commits > 0) return Status::OK();
  return writer_->Commit(std::move(rest), gone, &changes_, report_, &timings_->commits);
}

Status Pipeline::CollectGone(std::vector<Removal>* gone) {
  const bool prune = PruneAllowed();
  if (!prune && !changes_.has_roots() && !changes_.has_withdrawn()) return Status::OK();
  // Nothing commits during the scan, so the records read are current.
  return db_.ForEachId([&](std::string_view id, const IdRecord& rec) {
    const bool removed = changes_.Classify(id, rec) != StoredChange::kKept ||
                         ((prune || changes_.Withdrawn(id)) && !changes_.Produced(id));
    if (removed) {
      gone->push_back(Removal{std::string(id), rec.doc});
    }
    return Status::OK();
  });
}

bool Pipeline::Published(const RawInput& in, const Article& post, const PostMeta& meta) {
  if (in.kind != RawInput::Kind::kPost) return true;
  PublishOptions publish = publish_;
  if (in.site) {
    publish.rules = in.site->generator == SiteConfig::Generator::kJekyll ? PublishOptions::Rules::kJekyll
                                                                         : PublishOptions::Rules::kHugo;
    publish.drafts |= in.site->drafts;
    publish.unpublished |= in.site->unpublished;
    publish.future |= in.site->future;
    publish.expired |= in.site->expired;
  }
  std::string why = in.site ? SiteSkipReason(*in.site, in.default_id, in.leaf_bundle, meta) : "";
  if (Status s = why.empty() ? CheckPublished(post, meta, in.default_id, publish, &why) : Status::OK(); !s.ok()) {
    ReportError(s.WithContext(in.origin));
    return false;
  }
  if (why.empty()) return true;
  unpublished_.fetch_add(1, std::memory_order_relaxed);
  changes_.Withdraw(post.id);
  return false;
}

// Pruning removes what no input produced; an input that failed produced
// nothing this time, and its stored document must not be lost for it.
bool Pipeline::PruneAllowed() {
  if (!options_.prune) return false;
  const std::uint64_t failed = failed_.load();
  if (failed == 0) return true;
  ReportWarning(Status::Aborted("--prune skipped: " + std::to_string(failed) +
                                " input(s) failed, and the documents they hold would be removed; fix them and run again"));
  return false;
}

}  // namespace sagasu
