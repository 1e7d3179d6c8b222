// The public C++ facade (include/sagasu/sagasu.h) over IndexWriter and
// Searcher. The engine takes and returns the public structs
// (include/sagasu/types.h) as they are; this layer checks options, reopens
// readers after commits and keeps exceptions from leaving the library.
#include "sagasu/sagasu.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/normalizer.h"
#include "common/analyzer/reading.h"
#include "common/document.h"
#include "common/status.h"
#include "common/text/utf8.h"
#include "indexer/index_writer.h"
#include "indexer/run_merger.h"
#include "indexer/sources/source.h"
#include "query/query_parser.h"
#include "query/searcher.h"
#include "sagasu/limits.h"
#include "storage/db.h"
#include "storage/format.h"
#include "storage/snapshot.h"

#ifndef SAGASU_VERSION_STRING
#define SAGASU_VERSION_STRING "0.0.0"
#endif

namespace sagasu {

const char* Version() { return SAGASU_VERSION_STRING; }

namespace {

// Runs `fn`, turning an exception into Aborted: the engine reports errors as
// Status, so an exception here means running out of memory or a bug.
template <typename Fn>
auto Guard(const char* what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return Status::Aborted(std::string("[sagasu] ") + what + ": out of memory");
  } catch (const std::exception& e) {
    return Status::Aborted(std::string("[sagasu] ") + what + ": internal error: " + e.what());
  } catch (...) {
    return Status::Aborted(std::string("[sagasu] ") + what + ": internal error");
  }
}

Status ToAnalyzerOptions(const IndexOptions& in, AnalyzerOptions* out) {
  out->dicdir = in.dicdir;
  out->use_builtin_user_dic = in.use_builtin_user_dic;
  out->user_dics.clear();
  if (in.use_builtin_user_dic && !in.user_dic.empty()) {
    // Same dictionary list (and so the same index fingerprint) as the
    // built-in lookup: sagasu's dictionary first, then the extra ones.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(in.user_dic, ec)) {
      return Status::NotFound("[sagasu] IndexOptions::user_dic names a missing file: " + in.user_dic);
    }
    out->use_builtin_user_dic = false;
    out->user_dics.push_back(in.user_dic);
  }
  out->user_dics.insert(out->user_dics.end(), in.extra_user_dics.begin(), in.extra_user_dics.end());
  out->fold = FoldOptions();
  if (!in.no_fold.empty()) {
    const Status s = out->fold.Disable(in.no_fold);
    if (!s.ok()) return Status::InvalidArgument("[sagasu] IndexOptions::no_fold: " + std::string(s.message()));
  }
  return Status::OK();
}


static_assert(limits::kQueryBytes.max == kMaxQueryBytes, "the limits table and the query parser disagree");

Status CheckRanking(const RankingOptions& r) {
  const std::pair<const ParamLimit*, double> values[] = {
      {&limits::kK1, r.k1},
      {&limits::kBBody, r.b_body},
      {&limits::kBTitle, r.b_title},
      {&limits::kTitleWeight, r.title_weight},
      {&limits::kMetaWeight, r.meta_weight},
      {&limits::kBMeta, r.b_meta},
      {&limits::kProximityWeight, r.proximity_weight},
      {&limits::kRerankDepth, static_cast<double>(r.rerank_depth)},
  };
  for (const auto& [limit, value] : values) {
    SAGASU_RETURN_IF_ERROR(CheckLimit(*limit, value, "[sagasu] RankingOptions::" + std::string(limit->name)));
  }
  return Status::OK();
}

Status CheckQuery(const SearchQuery& q) {
  const std::pair<const ParamLimit*, double> values[] = {
      {&limits::kLimit, static_cast<double>(q.limit)},
      {&limits::kOffset, static_cast<double>(q.offset)},
      {&limits::kSnippetChars, static_cast<double>(q.snippet_chars)},
      {&limits::kQueryBytes, static_cast<double>(q.text.size())},
  };
  for (const auto& [limit, value] : values) {
    SAGASU_RETURN_IF_ERROR(CheckLimit(*limit, value, "[sagasu] SearchQuery::" + std::string(limit->name)));
  }
  // Filter values are compared with stored (valid UTF-8) values and echoed
  // in errors and facets; the query text is checked by the query parser.
  const std::pair<const char*, const std::vector<std::string>*> filters[] = {
      {"tags", &q.tags}, {"categories", &q.categories}, {"authors", &q.authors}};
  for (const auto& [name, list] : filters) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (auto bad = FindInvalidUtf8((*list)[i])) {
        return Status::InvalidArgument("[sagasu] SearchQuery::" + std::string(name) + "[" + std::to_string(i) +
                                       "]: invalid UTF-8 at byte " + std::to_string(*bad));
      }
    }
  }
  return Status::OK();
}

Status CheckWriting(const IndexOptions& o) {
  SAGASU_RETURN_IF_ERROR(CheckLimit(limits::kThreads, o.threads, "[sagasu] IndexOptions::threads"));
  return CheckLimit(limits::kMemoryBudget, static_cast<double>(o.memory_budget), "[sagasu] IndexOptions::memory_budget");
}

Status CheckUtf8(std::string_view text, std::string_view id, const char* field) {
  if (auto bad = FindInvalidUtf8(text)) {
    return Status::InvalidArgument("[sagasu] article " + std::string(id) + ": " + field +
                                   ": invalid UTF-8 at byte " + std::to_string(*bad));
  }
  return Status::OK();
}

Status CheckArticle(const Article& a) {
  if (a.id.empty()) return Status::InvalidArgument("[sagasu] article has an empty id");
  SAGASU_RETURN_IF_ERROR(CheckUtf8(a.id, "", "id"));
  const std::pair<const char*, const std::string*> fields[] = {
      {"title", &a.title}, {"body", &a.body}, {"author", &a.author}, {"excerpt", &a.excerpt}, {"url", &a.url}};
  for (const auto& [name, value] : fields) SAGASU_RETURN_IF_ERROR(CheckUtf8(*value, a.id, name));
  for (const auto& t : a.tags) SAGASU_RETURN_IF_ERROR(CheckUtf8(t, a.id, "tags"));
  for (const auto& c : a.categories) SAGASU_RETURN_IF_ERROR(CheckUtf8(c, a.id, "categories"));
  return Status::OK();
}

}  // namespace

class Index::Impl {
 public:
  std::string dir;
  SearchOptions search_options;
  std::unique_ptr<IndexWriter> writer;  // null when read-only

  // Serializes writes (and guards `writer`).
  std::mutex write_mu;
  // Bumped by each commit through this handle; Search reopens when its
  // reader is older.
  std::atomic<std::uint64_t> generation{0};

  // Guards the reader pointer and its generation. Searches copy the pointer
  // and run without the lock, so an old reader lives until its last search
  // ends.
  mutable std::mutex read_mu;
  mutable std::shared_ptr<const Searcher> searcher;
  mutable std::uint64_t searcher_generation = 0;

  Status OpenSearcher(std::uint64_t gen) const {
    std::unique_ptr<Searcher> s;
    SAGASU_RETURN_IF_ERROR(Searcher::Open(dir, search_options, &s));
    searcher = std::move(s);
    searcher_generation = gen;
    return Status::OK();
  }

  // Opens a reader, retrying transient failures. A read-only RocksDB open
  // lists the live files from the MANIFEST and then opens them; when the
  // writer's background compaction deletes one in between, the open fails
  // with Corruption or IOError ("Can't access 000035.sst") and succeeds
  // once retried against the new MANIFEST. When a flush moves the writer's
  // log into a table between those steps, the open can even miss the
  // index's metadata and report NotFound; through a writable handle the
  // index exists (the writer created it), so that is retried too.
  Status OpenSearcherWithRetry(std::uint64_t gen) const {
    Status s;
    for (int attempt = 0; attempt < 6; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
      s = OpenSearcher(gen);
      if (s.ok() || s.IsInvalidArgument() || (s.IsNotFound() && !writer)) return s;
    }
    return s;
  }

  // The reader to use, reopened first when a commit made it stale. When
  // reopening fails and there is a previous reader, that one is used and the
  // reopen is tried again by the next search.
  Result<std::shared_ptr<const Searcher>> Current() const {
    std::lock_guard<std::mutex> lock(read_mu);
    const std::uint64_t gen = generation.load();
    if (!searcher || searcher_generation != gen) {
      Status s = OpenSearcherWithRetry(gen);
      if (!s.ok() && !searcher) return s;
    }
    return searcher;
  }

  Status Writable() const {
    if (!writer) return Status::NotSupported("[sagasu] index " + dir + " was opened read-only");
    return Status::OK();
  }

  Status CommitLocked() {
    Status s = writer->Commit();
    // Even a failed commit may have changed nothing or everything the
    // reader could see; let the next search reopen either way.
    generation.fetch_add(1);
    return s;
  }
};

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;

Status Index::Open(const IndexOptions& options, std::string_view path, std::unique_ptr<Index>* out) {
  return Guard("open", [&]() -> Status {
    if (path.empty()) return Status::InvalidArgument("[sagasu] open: empty index path");
    SAGASU_RETURN_IF_ERROR(CheckRanking(options.ranking));
    // A writing process reads little through the cache (id look-ups; merges
    // bypass it): 256 MiB unless asked, so that its memory stays the budget's.
    constexpr std::uint64_t kWritingCache = 256ull << 20;
    IndexDb::ReserveBlockCache(options.cache_size != 0                           ? options.cache_size
                               : options.mode == IndexOptions::Mode::kReadWrite ? kWritingCache
                                                                                 : 0);
    auto impl = std::make_unique<Impl>();
    impl->dir = std::string(path);
    SAGASU_RETURN_IF_ERROR(ToAnalyzerOptions(options, &impl->search_options.analyzer));
    impl->search_options.bm25 = options.ranking;
    impl->search_options.synonyms_file = options.synonyms_file;
    if (options.mode == IndexOptions::Mode::kReadWrite) {
      SAGASU_RETURN_IF_ERROR(CheckWriting(options));
      IndexWriterOptions wo;
      wo.threads = options.threads;
      wo.memory_budget = options.memory_budget;
      wo.sync = options.sync;
      wo.source.patterns = options.patterns;
      wo.source.max_file_bytes = options.max_file_bytes;
      wo.source.exclude = options.exclude;
      wo.prune = options.prune;
      wo.source.time_zone = options.time_zone;
      wo.source.base_url = options.base_url;
      wo.source.publish.drafts = options.drafts;
      wo.source.publish.unpublished = options.unpublished;
      wo.source.publish.future = options.future;
      wo.source.publish.expired = options.expired;
      wo.reanalyze = options.reanalyze == IndexOptions::Reanalyze::kAll       ? ReanalyzeMode::kAll
                     : options.reanalyze == IndexOptions::Reanalyze::kNever ? ReanalyzeMode::kNever
                                                                            : ReanalyzeMode::kChanged;
      wo.on_reanalyze_progress = options.on_reanalyze_progress;
      SAGASU_RETURN_IF_ERROR(IndexWriter::Open(impl->dir, impl->search_options.analyzer, wo, &impl->writer));
    } else {
      // Open the reader now: a read-only open reports a missing or
      // incompatible index here rather than at the first search. (A
      // writable index was checked by the writer; its reader opens at the
      // first search, so `sagasu index` does not load it.)
      SAGASU_RETURN_IF_ERROR(impl->OpenSearcher(0));
    }
    *out = std::unique_ptr<Index>(new Index(std::move(impl)));
    return Status::OK();
  });
}

Status Index::Add(const Article& article) {
  return Guard("add", [&]() -> Status {
    std::lock_guard<std::mutex> lock(impl_->write_mu);
    SAGASU_RETURN_IF_ERROR(impl_->Writable());
    SAGASU_RETURN_IF_ERROR(CheckArticle(article));
    return impl_->writer->Add(article);
  });
}

Status Index::Delete(std::string_view id) {
  return Guard("delete", [&]() -> Status {
    std::lock_guard<std::mutex> lock(impl_->write_mu);
    SAGASU_RETURN_IF_ERROR(impl_->Writable());
    if (id.empty()) return Status::InvalidArgument("[sagasu] delete: empty id");
    std::vector<std::string> not_found;
    SAGASU_RETURN_IF_ERROR(impl_->writer->Delete({std::string(id)}, &not_found));
    if (!not_found.empty()) return Status::NotFound("[sagasu] delete: no article with id " + std::string(id));
    return Status::OK();
  });
}

Status Index::Commit() {
  return Guard("commit", [&]() -> Status {
    std::lock_guard<std::mutex> lock(impl_->write_mu);
    SAGASU_RETURN_IF_ERROR(impl_->Writable());
    return impl_->CommitLocked();
  });
}

Status Index::IndexPaths(const std::vector<std::string>& paths, const std::function<void(const Status&)>& on_error,
                         IndexPathsReport* report) {
  IndexPathsOptions options;
  options.on_error = on_error;
  return IndexPaths(paths, options, report);
}

Status Index::IndexPaths(const std::vector<std::string>& paths, const IndexPathsOptions& options,
                         IndexPathsReport* report) {
  return Guard("index paths", [&]() -> Status {
    std::lock_guard<std::mutex> lock(impl_->write_mu);
    SAGASU_RETURN_IF_ERROR(impl_->Writable());
    SAGASU_RETURN_IF_ERROR(impl_->CommitLocked());
    std::function<void(const Status&)> errors = options.on_error ? options.on_error : [](const Status&) {};
    Status s = impl_->writer->IndexPaths(paths, errors, options.on_progress, report, options.timings);
    impl_->generation.fetch_add(1);
    return s;
  });
}

Status Index::Optimize() { return Optimize(nullptr); }

Status Index::Optimize(MergeReport* report) {
  return Guard("optimize", [&]() -> Status {
    std::lock_guard<std::mutex> lock(impl_->write_mu);
    SAGASU_RETURN_IF_ERROR(impl_->Writable());
    SAGASU_RETURN_IF_ERROR(impl_->CommitLocked());
    MergeReport local;
    Status s = impl_->writer->Optimize(report != nullptr ? report : &local);
    impl_->generation.fetch_add(1);
    return s;
  });
}

Result<SearchResponse> Index::Search(const SearchQuery& query) const {
  try {
    SAGASU_RETURN_IF_ERROR(CheckQuery(query));
    Result<std::shared_ptr<const Searcher>> searcher = impl_->Current();
    if (!searcher.ok()) return searcher.status();
    return (*searcher)->Search(query);
  } catch (const std::bad_alloc&) {
    return Status::Aborted("[sagasu] search: out of memory");
  } catch (const std::exception& e) {
    return Status::Aborted(std::string("[sagasu] search: internal error: ") + e.what());
  } catch (...) {
    return Status::Aborted("[sagasu] search: internal error");
  }
}

const ReanalysisReport& Index::Reanalysis() const {
  static const ReanalysisReport kNone;
  return impl_->writer ? impl_->writer->reanalysis() : kNone;
}

std::uint64_t Index::DocumentCount() const {
  try {
    Result<std::shared_ptr<const Searcher>> searcher = impl_->Current();
    return searcher.ok() ? (*searcher)->document_count() : 0;
  } catch (...) {
    return 0;
  }
}

Result<IndexStatistics> Index::Statistics() const {
  return Guard("statistics", [&]() -> Result<IndexStatistics> {
    std::unique_ptr<Analyzer> analyzer;
    SAGASU_RETURN_IF_ERROR(Analyzer::Open(impl_->search_options.analyzer, &analyzer));
    // sagasu::Snapshot, the storage view (Index::Snapshot makes copies).
    std::unique_ptr<sagasu::Snapshot> snapshot;
    SAGASU_RETURN_IF_ERROR(sagasu::Snapshot::Open(impl_->dir, analyzer->Fingerprint(), &snapshot));
    sagasu::Snapshot::Sizes sizes;
    SAGASU_RETURN_IF_ERROR(snapshot->ComputeSizes(&sizes));
    IndexStatistics out;
    out.path = impl_->dir;
    out.documents = snapshot->stats().live_docs;
    out.document_versions = snapshot->stats().next_doc;
    out.commits = snapshot->stats().commits;
    out.distinct_terms = sizes.distinct_terms;
    out.postings = sizes.postings;
    out.avg_title_terms = snapshot->avg_len(format::kFieldTitle);
    out.avg_body_terms = snapshot->avg_len(format::kFieldBody);
    out.avg_meta_terms = snapshot->avg_len(format::kFieldMeta);
    out.tags = snapshot->facets(format::kFacetTag).size();
    out.categories = snapshot->facets(format::kFacetCategory).size();
    out.bytes = sizes.total_bytes;
    out.column_family_bytes = sizes.family_bytes;
    for (const auto& st : sizes.streams) {
      const char* name = st.stream == format::kStreamWords     ? "words"
                         : st.stream == format::kStreamNgram   ? "ngram"
                         : st.stream == format::kStreamReading ? "reading"
                                                               : "other";
      out.streams.push_back({name, st.terms, st.postings, st.value_bytes, st.disk_bytes});
    }
    out.analyzer = snapshot->analyzer_description();
    return out;
  });
}

Status Index::Check(std::string_view path, IndexCheckReport* report) {
  return Guard("check", [&]() -> Status {
    *report = IndexCheckReport();
    report->path = std::string(path);
    std::unique_ptr<IndexDb> db;
    Status s = IndexDb::Open(report->path, IndexDb::Mode::kInspect, "", "", &db);
    if (s.IsCorruption()) {  // RocksDB itself cannot read it back
      report->problems.push_back(s.message());
      return Status::OK();
    }
    SAGASU_RETURN_IF_ERROR(s);
    IntegrityReport r;
    SAGASU_RETURN_IF_ERROR(db->Verify(/*full=*/true, &r));
    report->whole = r.whole;
    report->problems = std::move(r.problems);
    report->generation = r.commit.generation;
    report->recorded_generation = r.recorded_generation;
    report->documents = r.commit.live_docs;
    report->ids = r.ids;
    report->stored_documents = r.documents;
    report->table_files = r.table_files;
    report->table_bytes = r.table_bytes;
    report->stray_files = r.stray_files;
    report->stray_bytes = r.stray_bytes;
    report->checksums_verified = r.checksums_verified;
    return Status::OK();
  });
}

namespace {

Status FillSnapshotReport(std::string_view dest, const CommitRecord& at, SnapshotReport* report) {
  if (!report) return Status::OK();
  *report = SnapshotReport();
  report->path = std::string(dest);
  report->generation = at.generation;
  report->documents = at.live_docs;
  return Status::OK();
}

}  // namespace

Status Index::Snapshot(std::string_view path, std::string_view dest, SnapshotReport* report) {
  return Guard("snapshot", [&]() -> Status {
    if (path.empty()) return Status::InvalidArgument("[sagasu] snapshot: empty index path");
    if (dest.empty()) return Status::InvalidArgument("[sagasu] snapshot: empty destination path");
    const std::string dir(path);
    // A writable open would create an index where there is none.
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) {
      return Status::NotFound("no index at " + dir);
    }
    // Any analyzer: the copy is of the files, not of the text.
    std::unique_ptr<IndexDb> db;
    std::string stored_fingerprint;
    SAGASU_RETURN_IF_ERROR(
        IndexDb::Open(dir, IndexDb::Mode::kReadWrite, "", "", &db, {}, &stored_fingerprint));
    CommitRecord at;
    SAGASU_RETURN_IF_ERROR(db->Checkpoint(std::string(dest), &at));
    return FillSnapshotReport(dest, at, report);
  });
}

Status Index::Snapshot(std::string_view dest, SnapshotReport* report) const {
  return Guard("snapshot", [&]() -> Status {
    if (dest.empty()) return Status::InvalidArgument("[sagasu] snapshot: empty destination path");
    if (!impl_->writer) return Index::Snapshot(impl_->dir, dest, report);
    // Not under write_mu: IndexDb::Checkpoint waits for the commit in
    // progress only, not for a whole IndexPaths run.
    CommitRecord at;
    SAGASU_RETURN_IF_ERROR(impl_->writer->Checkpoint(std::string(dest), &at));
    return FillSnapshotReport(dest, at, report);
  });
}

Status Index::Reopen() {
  return Guard("reopen", [&]() -> Status {
    std::lock_guard<std::mutex> lock(impl_->read_mu);
    return impl_->OpenSearcherWithRetry(impl_->generation.load());
  });
}

// ---- TextAnalyzer

class TextAnalyzer::Impl {
 public:
  std::unique_ptr<Analyzer> analyzer;
};

TextAnalyzer::TextAnalyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextAnalyzer::~TextAnalyzer() = default;

Status TextAnalyzer::Open(const IndexOptions& options, std::unique_ptr<TextAnalyzer>* out) {
  return Guard("analyzer", [&]() -> Status {
    AnalyzerOptions analyzer_options;
    SAGASU_RETURN_IF_ERROR(ToAnalyzerOptions(options, &analyzer_options));
    auto impl = std::make_unique<Impl>();
    SAGASU_RETURN_IF_ERROR(Analyzer::Open(analyzer_options, &impl->analyzer));
    *out = std::unique_ptr<TextAnalyzer>(new TextAnalyzer(std::move(impl)));
    return Status::OK();
  });
}

namespace {

AnalyzedToken ToPublic(TokenInfo t) {
  AnalyzedToken out;
  out.surface = std::move(t.surface);
  out.base = std::move(t.base);
  out.pos = std::move(t.pos);
  out.reading = std::move(t.reading);
  out.begin = t.begin;
  out.end = t.end;
  out.is_term = t.is_term;
  out.term = std::move(t.term);
  return out;
}

}  // namespace

Result<TextAnalysis> TextAnalyzer::Analyze(std::string_view text, bool tokens) const {
  return Guard("analyze", [&]() -> Result<TextAnalysis> {
    std::unique_ptr<AnalyzerSession> session = impl_->analyzer->NewSession();
    TextAnalysis out;
    out.text = std::string(text);
    out.normalized = Normalizer::Get().Normalize(text, impl_->analyzer->fold());
    std::vector<Term> terms;
    ReadingText reading;
    session->AnalyzeWithReading(text, 0, /*with_offsets=*/true, &terms, &reading);
    for (Term& t : terms) out.terms.push_back(AnalyzedTerm{std::move(t.text), t.position, t.begin, t.end});
    out.reading = reading.Display();
    if (tokens) {
      for (TokenInfo& t : session->Tokens(text)) out.tokens.push_back(ToPublic(std::move(t)));
    }
    // Chunks MeCab could not tag are left out; say so rather than hide it.
    // (With `tokens` the text is tagged twice; a chunk that failed is named once.)
    for (const Status& e : session->TakeChunkErrors()) {
      std::string w = e.ToString();
      if (std::find(out.warnings.begin(), out.warnings.end(), w) == out.warnings.end()) out.warnings.push_back(w);
    }
    return out;
  });
}

// ---- Parsers the front-ends share

Result<Article> ParseArticleJson(std::string_view json, std::string_view origin) {
  return Guard("parse article", [&]() -> Result<Article> { return ParseJsonLine(json, origin); });
}

Result<std::int64_t> ParseDateFilter(std::string_view text, bool until, std::string_view what) {
  return Guard("parse date", [&]() -> Result<std::int64_t> { return ParseDateBound(text, until, what); });
}

}  // namespace sagasu
