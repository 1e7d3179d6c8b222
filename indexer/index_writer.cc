#include "indexer/index_writer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <roaring/roaring.hh>
#include <xxhash.h>

#include "storage/keys.h"
#include "indexer/accumulator.h"
#include "storage/db.h"
#include "storage/records.h"
#include "storage/posting_codec.h"
#include "indexer/run_merger.h"

namespace sagasu {

namespace {

using Clock = std::chrono::steady_clock;

// A bounded blocking queue between the reader and the workers.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}
  void Push(T item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  bool Pop(T* out) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return false;
    *out = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  std::size_t capacity_;
  bool closed_ = false;
};

}  // namespace

class IndexWriter::Impl {
 public:
  Status Init(const std::string& dir, const AnalyzerOptions& aopts, const IndexWriterOptions& options) {
    options_ = options;
    SAGASU_RETURN_IF_ERROR(Analyzer::Open(aopts, &analyzer_));
    SAGASU_RETURN_IF_ERROR(
        IndexDb::Open(dir, IndexDb::Mode::kReadWrite, analyzer_->Fingerprint(), analyzer_->Describe(), &db_));
    SAGASU_RETURN_IF_ERROR(db_->ReadStats(&stats_, &deleted_));
    session_ = analyzer_->NewSession();
    return Status::OK();
  }

  const Analyzer& analyzer() const { return *analyzer_; }

  Status IndexPaths(const std::vector<std::string>& paths, const std::function<void(const Status&)>& on_error,
                    const std::function<void(const IndexProgress&)>& on_progress, IndexPathsReport* report);
  Status Add(const Article& doc);
  Status Delete(const std::vector<std::string>& ids, std::vector<std::string>* not_found);
  Status Commit();
  Status Optimize(MergeReport* report) {
    SAGASU_RETURN_IF_ERROR(MergeRuns(*db_, stats_, deleted_, options_.sync, report));
    IndexStats next = stats_;
    next.purged = deleted_.cardinality();
    next.merged_upto = stats_.next_doc;
    Batch batch = db_->NewBatch();
    batch.PutStats(next);
    SAGASU_RETURN_IF_ERROR(db_->Write(&batch, options_.sync));
    stats_ = next;
    return Status::OK();
  }
  // Merges runs when there are many or many deleted versions.
  Status MaybeMerge(IndexPathsReport* report) {
    std::uint64_t runs = 0;
    SAGASU_RETURN_IF_ERROR(db_->CountRuns(stats_.merged_upto, &runs));
    const std::uint64_t unpurged = deleted_.cardinality() - std::min(stats_.purged, deleted_.cardinality());
    if (runs <= IndexWriter::kAutoMergeRuns && unpurged * 4 <= stats_.next_doc) return Status::OK();
    if (report) report->merged = true;
    return Optimize(nullptr);
  }

 private:
  // Writes `accs` as one run (documents numbered in order), applies
  // `delete_ids`, and commits everything in one WriteBatch.
  // `superseded` (may be null) tells documents that lost to another file
  // with the same id in this IndexPaths run: they are written deleted.
  Status CommitRun(std::vector<std::unique_ptr<Accumulator>> accs, const std::vector<std::string>& delete_ids,
                   IndexPathsReport* report, const std::function<bool(const PendingDoc&)>* superseded = nullptr);
  // Marks `doc` deleted and takes it out of the statistics. `info` is its
  // DocInfo if known, else it is read from the index.
  Status MarkDeleted(DocNum doc, const DocInfo* info);
  // Analyzes and appends one parsed document to `acc`.
  void Accumulate(AnalyzerSession* session, Article doc, std::uint64_t hash, std::uint64_t seq,
                  const std::string& root, const std::string& path, std::vector<Term>* terms, Accumulator* acc);

  IndexWriterOptions options_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<IndexDb> db_;
  IndexStats stats_;
  Roaring deleted_;
  // Buffered by Add()/Delete() until Commit().
  std::unique_ptr<AnalyzerSession> session_;
  std::unique_ptr<Accumulator> pending_;
  std::vector<std::string> pending_deletes_;
  std::vector<Term> terms_;
};

void IndexWriter::Impl::Accumulate(AnalyzerSession* session, Article doc, std::uint64_t hash, std::uint64_t seq,
                                   const std::string& root, const std::string& path, std::vector<Term>* terms,
                                   Accumulator* acc) {
  terms->clear();
  const Position title_end = session->Analyze(doc.title, 0, /*with_offsets=*/false, terms);
  const Position body_start = title_end + kFieldGap;
  session->Analyze(doc.body, body_start, /*with_offsets=*/false, terms);
  PendingDoc pd;
  pd.id = doc.id;
  pd.root = root;
  pd.path = path;
  pd.content_hash = hash;
  pd.seq = seq;
  pd.info.date = doc.date ? *doc.date : DocInfo::kNoDate;
  pd.stored = EncodeStoredDoc(doc);
  pd.tags = std::move(doc.tags);
  pd.categories = std::move(doc.categories);
  pd.author = std::move(doc.author);
  acc->Add(std::move(pd), *terms, body_start);
}

Status IndexWriter::Impl::MarkDeleted(DocNum doc, const DocInfo* info) {
  if (deleted_.contains(doc)) return Status::OK();
  DocInfo read;
  if (!info) {
    SAGASU_RETURN_IF_ERROR(db_->FindDocInfo(doc, &read));
    info = &read;
  }
  deleted_.add(doc);
  if (stats_.live_docs > 0) --stats_.live_docs;
  stats_.total_title_len -= std::min<std::uint64_t>(stats_.total_title_len, info->title_len);
  stats_.total_body_len -= std::min<std::uint64_t>(stats_.total_body_len, info->body_len);
  return Status::OK();
}

Status IndexWriter::Impl::CommitRun(std::vector<std::unique_ptr<Accumulator>> accs,
                                    const std::vector<std::string>& delete_ids, IndexPathsReport* report,
                                    const std::function<bool(const PendingDoc&)>* superseded) {
  const auto t_start = Clock::now();
  // Roll back in-memory state if the write fails.
  const IndexStats saved_stats = stats_;
  const Roaring saved_deleted = deleted_;
  auto fail = [&](Status s) {
    stats_ = saved_stats;
    deleted_ = saved_deleted;
    return s;
  };

  std::size_t n = 0;
  for (const auto& a : accs) n += a->size();
  if (static_cast<std::uint64_t>(stats_.next_doc) + n >= kNoDoc) {
    return Status::NotSupported("index is full: more than 4 billion document versions");
  }
  const DocNum base = stats_.next_doc;
  Batch batch = db_->NewBatch();

  // Ids: look up the current version of every id at once.
  std::vector<const PendingDoc*> docs;
  docs.reserve(n);
  for (const auto& a : accs)
    for (const auto& d : a->docs()) docs.push_back(&d);
  std::vector<std::string_view> id_keys;
  id_keys.reserve(docs.size());
  for (const auto* d : docs) id_keys.emplace_back(d->id);
  std::vector<IdRecord> current;
  std::vector<bool> found;
  if (Status s = db_->GetIds(id_keys, &current, &found); !s.ok()) return fail(s);
  std::unordered_map<std::string_view, std::size_t> in_run;  // id -> index into docs
  std::vector<DocInfo> infos;
  infos.reserve(n);
  std::map<std::pair<char, std::string_view>, Roaring> facets;
  std::uint64_t added = 0, updated = 0;
  for (std::size_t k = 0; k < docs.size(); ++k) {
    const PendingDoc& d = *docs[k];
    const DocNum doc = base + static_cast<DocNum>(k);
    if (superseded && (*superseded)(d)) {
      // Its number is taken (runs are contiguous) but it is born deleted.
      batch.PutDocument(doc, d.stored);
      infos.push_back(d.info);
      ++stats_.live_docs;
      stats_.total_title_len += d.info.title_len;
      stats_.total_body_len += d.info.body_len;
      if (Status s = MarkDeleted(doc, &d.info); !s.ok()) return fail(s);
      continue;
    }
    if (auto it = in_run.find(d.id); it != in_run.end()) {
      // The same id twice in one run: the later one wins.
      if (Status s = MarkDeleted(base + static_cast<DocNum>(it->second), &infos[it->second]); !s.ok()) return fail(s);
      it->second = k;
    } else {
      in_run.emplace(d.id, k);
      if (found[k]) {
        if (Status s = MarkDeleted(current[k].doc, nullptr); !s.ok()) return fail(s);
        ++updated;
      } else {
        ++added;
      }
    }
    IdRecord rec{doc, d.content_hash, d.root, d.path};
    batch.PutId(d.id, rec);
    batch.PutDocument(doc, d.stored);
    infos.push_back(d.info);
    ++stats_.live_docs;
    stats_.total_title_len += d.info.title_len;
    stats_.total_body_len += d.info.body_len;
    for (const auto& t : d.tags) facets[{keys::kFacetTag, t}].add(doc);
    for (const auto& c : d.categories) facets[{keys::kFacetCategory, c}].add(doc);
    if (!d.author.empty()) facets[{keys::kFacetAuthor, d.author}].add(doc);
  }
  if (n > 0) batch.PutDocInfoRun(base, infos);
  for (auto& [k, bitmap] : facets) {
    batch.PutFacetRun(keys::FacetPrefix(static_cast<keys::FacetKind>(k.first), k.second), base, bitmap);
  }

  // Postings: every term of every accumulator, in term order; within a term,
  // accumulators in order, so documents stay ascending.
  struct Ref {
    std::string_view term;
    std::uint32_t acc;
    std::uint32_t index;
  };
  std::vector<Ref> refs;
  std::size_t total_terms = 0;
  for (const auto& a : accs) total_terms += a->term_count();
  refs.reserve(total_terms);
  std::vector<DocNum> acc_base(accs.size());
  {
    DocNum b = base;
    for (std::size_t a = 0; a < accs.size(); ++a) {
      acc_base[a] = b;
      b += static_cast<DocNum>(accs[a]->size());
      for (std::size_t i = 0; i < accs[a]->term_count(); ++i) {
        refs.push_back({accs[a]->term_text(i), static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(i)});
      }
    }
  }
  std::sort(refs.begin(), refs.end(), [](const Ref& x, const Ref& y) {
    if (int c = x.term.compare(y.term); c != 0) return c < 0;
    return x.acc < y.acc;
  });
  const auto t_postings = Clock::now();
  // Group boundaries: refs[starts[g], starts[g+1]) hold one term.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (i == 0 || refs[i].term != refs[i - 1].term) starts.push_back(i);
  }
  const std::size_t groups = starts.size();
  starts.push_back(refs.size());
  // Encoding is the bulk of a commit: spread the terms over the cores (the
  // tokenizers are idle during the last commit), then add them in order.
  std::vector<std::string> encoded(groups);
  auto encode = [&](std::size_t g_begin, std::size_t g_end) {
    std::vector<Position> positions;
    for (std::size_t g = g_begin; g < g_end; ++g) {
      PostingRunBuilder builder(base);
      for (std::size_t i = starts[g]; i < starts[g + 1]; ++i) {
        AccumulatedPostingsReader reader(accs[refs[i].acc]->postings(refs[i].index).bytes);
        std::uint32_t local, tf_title, tf_body;
        while (reader.Next(&local, &tf_title, &tf_body, &positions)) {
          const DocNum doc = acc_base[refs[i].acc] + local;
          const DocInfo& info = infos[doc - base];
          builder.Add(doc, tf_title, tf_body, info.title_len, info.body_len, positions);
        }
      }
      encoded[g] = builder.Finish();
    }
  };
  const std::size_t parts =
      groups < 4096 ? 1 : std::max<std::size_t>(1, std::min<std::size_t>(4, std::thread::hardware_concurrency()));
  {
    std::vector<std::thread> encoders;
    for (std::size_t p = 1; p < parts; ++p) encoders.emplace_back(encode, groups * p / parts, groups * (p + 1) / parts);
    encode(0, groups / parts);
    for (auto& t : encoders) t.join();
  }
  for (std::size_t g = 0; g < groups; ++g) {
    batch.PutPostingsRun(keys::PostingsPrefix(keys::kStreamWords, refs[starts[g]].term), base, encoded[g]);
    std::string().swap(encoded[g]);
  }

  std::uint64_t removed = 0;
  for (const auto& id : delete_ids) {
    IdRecord old;
    Status s = db_->GetId(id, &old);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return fail(s);
    if (in_run.count(id)) continue;  // re-added in this very run
    if (Status st = MarkDeleted(old.doc, nullptr); !st.ok()) return fail(st);
    batch.DeleteId(id);
    ++removed;
  }

  stats_.next_doc = base + static_cast<DocNum>(n);
  ++stats_.commits;
  batch.PutStats(stats_);
  batch.PutDeleted(deleted_);
  const auto t_write = Clock::now();
  const std::size_t batch_bytes = batch.bytes();
  if (Status s = db_->Write(&batch, options_.sync); !s.ok()) return fail(s);
  if (std::getenv("SAGASU_DEBUG_TIMING")) {
    auto secs = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
    std::fprintf(stderr, "sagasu: timing: commit of %zu docs: documents %.3fs, postings %.3fs, write %.3fs (%.1f MB)\n",
                 n, secs(t_start, t_postings), secs(t_postings, t_write), secs(t_write, Clock::now()),
                 batch_bytes / 1e6);
  }
  if (report) {
    report->added += added;
    report->updated += updated;
    report->removed += removed;
    ++report->commits;
  }
  return Status::OK();
}

Status IndexWriter::Impl::IndexPaths(const std::vector<std::string>& paths,
                                     const std::function<void(const Status&)>& on_error,
                                     const std::function<void(const IndexProgress&)>& on_progress,
                                     IndexPathsReport* report) {
  const auto start = Clock::now();
  IndexPathsReport local_report;
  if (!report) report = &local_report;

  std::unique_ptr<InputReader> reader;
  SAGASU_RETURN_IF_ERROR(InputReader::Open(paths, options_.source, &reader));

  int threads = options_.threads > 0 ? options_.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, threads);
  const std::uint64_t share = std::max<std::uint64_t>(options_.memory_budget / (threads + 2), 1 << 20);

  std::mutex error_mu;
  std::atomic<std::uint64_t> done{0}, failed{0}, unchanged{0}, bytes_done{0};
  // (root, path) -> the id the post at that path has now. A stored id whose
  // file now carries another id (front matter `id:` changed) is gone too.
  std::mutex produced_mu;
  std::map<std::pair<std::string, std::string>, std::string> produced;
  // id -> (input sequence number, origin) of the last file seen with it.
  std::unordered_map<std::string, std::pair<std::uint64_t, std::string>> first_seen;
  const std::function<bool(const PendingDoc&)> superseded = [&](const PendingDoc& d) {
    std::lock_guard lock(produced_mu);
    auto it = first_seen.find(d.id);
    return it != first_seen.end() && it->second.first != d.seq;
  };
  auto report_error = [&](const Status& s) {
    failed.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(error_mu);
    if (on_error) on_error(s);
  };

  // Flusher: commits accumulators that outgrew their share while the workers
  // go on tokenizing. Holds at most one waiting accumulator (memory bound).
  std::mutex flush_mu;
  std::condition_variable flush_cv;
  std::unique_ptr<Accumulator> flush_slot;
  bool flush_stop = false;
  Status flush_status;
  std::thread flusher([&] {
    for (;;) {
      std::unique_ptr<Accumulator> acc;
      {
        std::unique_lock lock(flush_mu);
        flush_cv.wait(lock, [&] { return flush_slot || flush_stop; });
        if (!flush_slot) return;
        acc = std::move(flush_slot);
        flush_cv.notify_all();
      }
      std::vector<std::unique_ptr<Accumulator>> accs;
      accs.push_back(std::move(acc));
      Status s = flush_status.ok() ? CommitRun(std::move(accs), {}, report, &superseded) : Status::OK();
      std::lock_guard lock(flush_mu);
      if (!s.ok() && flush_status.ok()) flush_status = s;
    }
  });
  auto submit = [&](std::unique_ptr<Accumulator> acc) {
    std::unique_lock lock(flush_mu);
    flush_cv.wait(lock, [&] { return !flush_slot; });
    flush_slot = std::move(acc);
    flush_cv.notify_all();
  };

  struct Item {
    std::uint64_t seq = 0;
    RawInput in;
  };
  BoundedQueue<Item> queue(static_cast<std::size_t>(threads) * 16);
  std::vector<std::unique_ptr<Accumulator>> final_accs(threads);
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([&, w] {
      auto session = analyzer_->NewSession();
      auto acc = std::make_unique<Accumulator>();
      std::vector<Term> terms;
      Item item;
      while (queue.Pop(&item)) {
        RawInput& in = item.in;
        const std::uint64_t hash = XXH3_64bits(in.bytes.data(), in.bytes.size());
        Result<Article> parsed = ParseRawInput(in, options_.source);
        bytes_done.fetch_add(in.bytes.size(), std::memory_order_relaxed);
        done.fetch_add(1, std::memory_order_relaxed);
        if (!parsed.ok()) {
          report_error(parsed.status());
          continue;
        }
        std::string duplicate;  // message when another file has the same id
        bool skip = false;
        {
          std::lock_guard lock(produced_mu);
          if (!in.root.empty()) produced[{in.root, in.default_id}] = parsed->id;
          // The last file in input order keeps an id (as a site generator would
          // overwrite the page); the others are reported and skipped.
          auto [it, inserted] = first_seen.try_emplace(parsed->id, item.seq, in.origin);
          if (!inserted) {
            const bool ours = item.seq > it->second.first;
            const std::string& loser = ours ? it->second.second : in.origin;
            const std::string& keeper = ours ? in.origin : it->second.second;
            duplicate = loser + ": duplicate id '" + parsed->id + "' (also in " + keeper + ", which is kept)";
            if (ours) {
              it->second = {item.seq, in.origin};
            } else {
              skip = true;
            }
          }
        }
        if (!duplicate.empty()) report_error(Status::InvalidArgument(duplicate));
        if (skip) continue;
        IdRecord rec;
        if (db_->GetId(parsed->id, &rec).ok() && rec.content_hash == hash && rec.root == in.root &&
            rec.path == in.default_id) {
          unchanged.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        Accumulate(session.get(), std::move(parsed).value(), hash, item.seq, in.root, in.default_id, &terms,
                   acc.get());
        if (acc->memory() > share) {
          submit(std::move(acc));
          acc = std::make_unique<Accumulator>();
        }
      }
      final_accs[w] = std::move(acc);
    });
  }

  // The calling thread reads inputs and reports progress.
  std::map<std::string, std::unordered_set<std::string>> listed;  // root -> paths seen
  for (const auto& root : reader->DirectoryRoots()) listed[root];
  auto last_progress = Clock::now();
  auto progress = [&] {
    if (!on_progress) return;
    IndexProgress p;
    p.inputs_done = done.load();
    p.bytes_done = bytes_done.load();
    p.bytes_total = reader->TotalBytes();
    p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    on_progress(p);
  };
  RawInput in;
  std::uint64_t seq = 0;
  Status read_error;
  std::uint64_t bytes_read = 0;
  while (reader->Next(&in, &read_error)) {
    if (!in.root.empty() && !in.default_id.empty()) listed[in.root].insert(in.default_id);
    if (!read_error.ok()) {
      done.fetch_add(1, std::memory_order_relaxed);
      report_error(read_error);
      read_error = Status::OK();
      in = RawInput();
      continue;
    }
    bytes_read += in.bytes.size();
    queue.Push(Item{seq++, std::move(in)});
    in = RawInput();
    if (Clock::now() - last_progress > std::chrono::milliseconds(200)) {
      progress();
      last_progress = Clock::now();
    }
  }
  queue.Close();
  for (auto& t : workers) t.join();
  const auto workers_done = Clock::now();
  {
    std::lock_guard lock(flush_mu);
    flush_stop = true;
    flush_cv.notify_all();
  }
  flusher.join();
  progress();
  SAGASU_RETURN_IF_ERROR(flush_status);

  // Documents whose files disappeared from an indexed directory.
  std::vector<std::string> gone;
  if (!listed.empty()) {
    SAGASU_RETURN_IF_ERROR(db_->ForEachId([&](std::string_view id, const IdRecord& rec) {
      auto l = listed.find(rec.root);
      if (l == listed.end()) return Status::OK();
      bool is_gone = !l->second.count(rec.path);
      if (!is_gone) {
        auto p = produced.find({rec.root, rec.path});
        is_gone = p != produced.end() && p->second != id;
      }
      if (is_gone) gone.emplace_back(id);
      return Status::OK();
    }));
  }
  std::vector<std::unique_ptr<Accumulator>> rest;
  for (auto& a : final_accs)
    if (a && !a->empty()) rest.push_back(std::move(a));
  if (!rest.empty() || !gone.empty() || stats_.commits == 0) {
    SAGASU_RETURN_IF_ERROR(CommitRun(std::move(rest), gone, report, &superseded));
  }
  const auto committed = Clock::now();
  SAGASU_RETURN_IF_ERROR(db_->FlushAll());
  const auto flushed = Clock::now();
  SAGASU_RETURN_IF_ERROR(MaybeMerge(report));
  if (std::getenv("SAGASU_DEBUG_TIMING")) {
    auto secs = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
    std::fprintf(stderr, "sagasu: timing: tokenize %.3fs, last commit %.3fs, flush %.3fs, merge %.3fs\n",
                 secs(start, workers_done), secs(workers_done, committed), secs(committed, flushed),
                 secs(flushed, Clock::now()));
  }
  report->unchanged += unchanged.load();
  report->failed += failed.load();
  report->bytes += bytes_read;
  report->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return Status::OK();
}

Status IndexWriter::Impl::Add(const Article& doc) {
  if (doc.id.empty()) return Status::InvalidArgument("document has an empty id");
  if (!pending_) pending_ = std::make_unique<Accumulator>();
  std::string stored = EncodeStoredDoc(doc);
  const std::uint64_t hash = XXH3_64bits(stored.data(), stored.size());
  Accumulate(session_.get(), doc, hash, 0, "", "", &terms_, pending_.get());
  return Status::OK();
}

Status IndexWriter::Impl::Delete(const std::vector<std::string>& ids, std::vector<std::string>* not_found) {
  for (const auto& id : ids) {
    IdRecord rec;
    Status s = db_->GetId(id, &rec);
    if (s.IsNotFound()) {
      if (not_found) not_found->push_back(id);
      continue;
    }
    SAGASU_RETURN_IF_ERROR(s);
    pending_deletes_.push_back(id);
  }
  return Status::OK();
}

Status IndexWriter::Impl::Commit() {
  std::vector<std::unique_ptr<Accumulator>> accs;
  if (pending_ && !pending_->empty()) accs.push_back(std::move(pending_));
  pending_.reset();
  std::vector<std::string> deletes = std::move(pending_deletes_);
  pending_deletes_.clear();
  if (accs.empty() && deletes.empty()) return Status::OK();
  SAGASU_RETURN_IF_ERROR(CommitRun(std::move(accs), deletes, nullptr));
  return db_->FlushAll();
}

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() = default;

Status IndexWriter::Open(const std::string& dir, const AnalyzerOptions& analyzer_options,
                         const IndexWriterOptions& options, std::unique_ptr<IndexWriter>* out) {
  auto impl = std::make_unique<Impl>();
  SAGASU_RETURN_IF_ERROR(impl->Init(dir, analyzer_options, options));
  out->reset(new IndexWriter(std::move(impl)));
  return Status::OK();
}

Status IndexWriter::IndexPaths(const std::vector<std::string>& paths,
                               const std::function<void(const Status&)>& on_error,
                               const std::function<void(const IndexProgress&)>& on_progress, IndexPathsReport* report) {
  return impl_->IndexPaths(paths, on_error, on_progress, report);
}
Status IndexWriter::Add(const Article& doc) { return impl_->Add(doc); }
Status IndexWriter::Delete(const std::vector<std::string>& ids, std::vector<std::string>* not_found) {
  return impl_->Delete(ids, not_found);
}
Status IndexWriter::Commit() { return impl_->Commit(); }
Status IndexWriter::Optimize(MergeReport* report) { return impl_->Optimize(report); }
const Analyzer& IndexWriter::analyzer() const { return impl_->analyzer(); }

}  // namespace sagasu
