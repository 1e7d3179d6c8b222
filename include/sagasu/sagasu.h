// sagasu: full-text search for Japanese article archives, as a library.
//
//   #include <sagasu/sagasu.h>
//
//   sagasu::IndexOptions options;
//   options.mode = sagasu::IndexOptions::Mode::kReadWrite;
//   std::unique_ptr<sagasu::Index> index;
//   sagasu::Status s = sagasu::Index::Open(options, "/var/lib/blog/search", &index);
//   if (!s.ok()) ...
//   sagasu::Article a;
//   a.id = "2024-06-18-tsuyu";  a.title = "梅雨のない北海道へ";  a.body = "...";
//   s = index->Add(a);
//   s = index->Commit();
//   sagasu::SearchQuery q;
//   q.text = "北海道 梅雨";
//   sagasu::Result<sagasu::SearchResponse> r = index->Search(q);
//   if (r.ok()) for (const sagasu::SearchHit& h : r->hits) puts(h.snippet.html.c_str());
//
// Errors are reported as Status / Result<T> (<sagasu/status.h>); no
// exception leaves this API (an unexpected internal failure, such as running
// out of memory, becomes Status::Aborted). Mapping for a web handler:
// InvalidArgument -> 400, NotFound -> 404, everything else -> 500.
//
// Text is UTF-8 throughout. Byte offsets count bytes, not characters.
//
// The data types (Article, SearchQuery, SearchHit...) are in
// <sagasu/types.h>: the engine uses the same definitions internally.
//
// Standard library only: no RocksDB, MeCab or ICU header is needed to use it.
// C++17 or later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sagasu/status.h"
#include "sagasu/types.h"

namespace sagasu {

struct IndexOptions {
  enum class Mode {
    // Search only; the index must exist. Several processes may open one
    // index read-only, also while another process writes it (they see the
    // commits that existed when they opened it, or when Reopen() ran).
    kReadOnly,
    // Search and write; the index is created when missing. One writing
    // process per index: a second one gets IOError.
    kReadWrite,
  };
  // Default: kReadOnly.
  Mode mode = Mode::kReadOnly;

  // ---- Analyzer. Must be the same for every opener of one index: an index
  // records a fingerprint of its dictionaries, and opening it with others
  // fails with InvalidArgument.

  // MeCab system dictionary directory (IPAdic, UTF-8). Default: "" = the
  // directory named at build time (/var/lib/mecab/dic/ipadic-utf8).
  std::string dicdir;
  // Path of sagasu's own user dictionary (share/sagasu/sagasu-user.dic).
  // Default: "" = look it up: $SAGASU_USER_DIC, the build tree, then
  // <dir of the running program>/../share/sagasu/, then the install prefix
  // configured at build time. Set it when the program runs from anywhere
  // else; the CMake package defines SAGASU_INSTALLED_USER_DIC (a string
  // literal) for this.
  std::string user_dic;
  // Whether to load sagasu's user dictionary at all. Default: true.
  bool use_builtin_user_dic = true;
  // Extra MeCab user dictionaries (.dic built with mecab-dict-index), loaded
  // after sagasu's. Default: none.
  std::vector<std::string> extra_user_dics;
  // Folding rules turned off, comma-separated: kana (りんご = リンゴ), vu
  // (ヴァ = バ), iteration (佐々木 = 佐佐木), kanji (髙 = 高), digits
  // (1,000 = 1000), okurigana (打ち合わせ = 打合せ), or "all". Part of the
  // fingerprint, like the dictionaries. Default: "" = every rule on.
  std::string no_fold;

  // Bytes of uncompressed index blocks kept in memory for searches: the
  // block cache, one per process and shared by every index it opens (the
  // first open sets it, a later one may only raise it). A block read from disk is decompressed
  // once and then served from here until pushed out; an archive whose
  // postings do not fit reads and decompresses them on every query that
  // touches them (on the 10x benchmark archive, 694 MB on disk, a keyword
  // query took twice as long with 256 MiB as with 1 GiB). Memory is taken
  // only as blocks are read. Default: 0 = for kReadOnly a quarter of the
  // memory the process may use (physical memory, or a cgroup limit below
  // it), at least 256 MiB and at most 8 GiB; for kReadWrite 256 MiB (a
  // writer reads little through it, and its memory is the budget's).
  std::uint64_t cache_size = 0;

  // ---- Writing (kReadWrite only).

  // Tokenizer threads for IndexPaths. Default: 0 = all cores.
  int threads = 0;
  // Postings held in memory by IndexPaths before a run is written and
  // committed. Default: 512 MiB; peak memory stays below about twice this.
  // (Add() buffers until Commit(), whatever the budget.) Optimize() writes
  // its merge in batches of an eighth of it (at most 16 MiB).
  std::uint64_t memory_budget = 512ull << 20;
  // fsync every commit. Default: true.
  bool sync = true;
  // File name patterns (fnmatch) IndexPaths takes from directories.
  // Default: *.md, *.markdown.
  std::vector<std::string> patterns = {"*.md", "*.markdown"};
  // Entries of indexed directories IndexPaths leaves out (fnmatch): a
  // pattern without '/' matches a file or folder name at any depth, one
  // with '/' the path relative to the directory. Default: DefaultExcludes().
  std::vector<std::string> exclude = DefaultExcludes();
  // IndexPaths removes every stored document that none of its inputs
  // produced, so that a whole feed (JSON Lines) or archive can be
  // re-indexed and what left it leaves the index. Skipped, with an error
  // passed to on_error, when some input failed: its document would be lost.
  // Default: false.
  bool prune = false;
  // What a kReadWrite Open does with an index built with another analyzer
  // (README "Dictionary and folding-rule changes"): kChanged re-analyzes,
  // from the stored text, the documents a user dictionary or folding rule
  // change can affect (those whose text holds a changed entry's surface, or
  // a character a toggled rule folds) and commits them with the new
  // analyzer in one commit; kAll re-analyzes every stored document, for any
  // change (another system dictionary too); kNever fails with
  // InvalidArgument. See Index::Reanalysis(). Default: kChanged.
  enum class Reanalyze { kNever, kChanged, kAll };
  Reanalyze reanalyze = Reanalyze::kChanged;
  // Called from Open while it re-analyzes, every 256 documents: documents
  // scanned, of the index's total. Default: none.
  std::function<void(std::uint64_t scanned, std::uint64_t total)> on_reanalyze_progress;
  // IndexPaths indexes only what the site generator would publish: not
  // drafts (Jekyll's _drafts/; Hugo's draft: true or published: false), not
  // Jekyll's `published: false` posts, not posts dated (or with
  // publishDate) in the future, not posts past their expiryDate, not Hugo
  // section pages (_index.md) or headless bundles. A plain folder follows
  // every one of these rules. These include them again, as `jekyll build
  // --drafts --unpublished --future` and `hugo -D -F -E` do. Default: false.
  bool drafts = false;
  bool unpublished = false;
  bool future = false;
  bool expired = false;
  // For site roots: the time zone of dates without an offset when the
  // site's config names none ("Asia/Tokyo"; default "": the machine's), and
  // the base of every URL instead of the config's baseurl/baseURL
  // ("/blog", "https://example.com/blog/"; default: unset).
  std::string time_zone;
  std::optional<std::string> base_url;
  // IndexPaths rejects larger files (and JSON Lines records) with an error
  // passed to on_error. Default: 16 MiB.
  std::uint64_t max_file_bytes = 16u << 20;

  // ---- Searching. Each field within its range in <sagasu/limits.h>.
  RankingOptions ranking;
  // Query-time synonyms in the Solr synonym format ("サーバー, server",
  // "a => b"; README "Synonyms"): "" = the built-in set (dicts/synonyms.txt,
  // compiled in), "-" = none, else the path of a synonyms file. The file is
  // read again when its modification time or size changes (looked at once
  // a second at most, when searching): no re-index, no reopen. A bad file
  // fails a read-only Open with InvalidArgument naming the file and line
  // (a read-write Index: its first Search); a file that later changes into
  // a bad one leaves the previous synonyms in use, with a warning in
  // SearchResponse::warnings. Default: "".
  std::string synonyms_file;
};

// The callbacks and outputs of Index::IndexPaths.
struct IndexPathsOptions {
  // Called once per input that fails (bad UTF-8, broken front matter, too
  // large...), with a message naming it; the rest goes on. Called from
  // worker threads, one call at a time. Default: none.
  std::function<void(const Status&)> on_error;
  // Called from the calling thread about five times a second. Default: none.
  std::function<void(const IndexProgress&)> on_progress;
  // When not null, receives where the time went (also for the commits made
  // before an error). Default: null.
  IndexTimings* timings = nullptr;
};

// A handle to one index directory.
//
// Thread safety: an Index may be shared between threads. Search(),
// DocumentCount() and Reopen() may run concurrently with each other and with
// the writing methods; the writing methods (Add, Delete, Commit, IndexPaths,
// Optimize) are serialized by an internal lock, so one write runs at a time.
// Adds and deletes of all threads go into the same pending batch, which the
// next Commit() from any thread commits.
//
// Visibility: Search() sees the index as of the last Commit() made through
// this handle (a writable Index reopens its reader lazily on the first Search
// after a commit; should that reopen fail, the search uses the previous view
// and the next search tries again). Commits made by another process become
// visible after Reopen().
class Index {
 public:
  // Opens the index at `path` (a directory). On success stores the handle in
  // *out and returns OK. Errors, with *out left untouched:
  //   NotFound         kReadOnly and there is no index at `path`; or a
  //                    dictionary file is missing
  //   InvalidArgument  the index was built with other dictionaries or an
  //                    incompatible format; bad options (a RankingOptions,
  //                    threads or memory_budget value outside its range in
  //                    <sagasu/limits.h>, named in the message)
  //   IOError          kReadWrite and another process is writing the index;
  //                    the directory cannot be created or read
  //   Corruption       the index is damaged
  static Status Open(const IndexOptions& options, std::string_view path, std::unique_ptr<Index>* out);

  // Checks the index at `path` without opening it for search: the commit
  // records against every column family and the commit file, every table
  // file's block checksums, and the stored counts against the data (reads
  // the whole index). OK with report->whole false when it is damaged;
  // NotFound when there is no index; IOError when it cannot be read at all.
  // The analyzer options are not used.
  static Status Check(std::string_view path, IndexCheckReport* report);

  // Copies the index at `path` as of its latest commit into the new
  // directory `dest`, consistent and whole: it opens as an index of its own
  // and passes Check (a RocksDB checkpoint: table files are hard-linked when
  // `dest` is on the same file system, copied otherwise; sagasu's commit
  // file is written for the copy). `dest` appears complete or not at all.
  // Opens `path` for writing for the time of the copy, so it fails with
  // IOError while another process writes the index; a process that writes
  // takes snapshots through its own handle (the member Snapshot below).
  // Errors: NotFound (no index at `path`), InvalidArgument (`dest` exists and
  // is not an empty directory, or its parent is missing), Corruption (the
  // index is damaged), IOError. `report` may be null.
  static Status Snapshot(std::string_view path, std::string_view dest, SnapshotReport* report);

  // Closes the index. Pending adds and deletes that were not committed are
  // dropped; the index stays at its last commit.
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // ---- Writing. All return NotSupported on an Index opened kReadOnly.

  // Adds `article`, replacing the article with the same id if there is one.
  // Buffered in memory until Commit(). InvalidArgument for an empty id or
  // text that is not UTF-8. Aborted when MeCab could not tag part of the
  // text (it fails only when it cannot allocate): the article is added
  // without that part.
  Status Add(const Article& article);

  // Deletes the article `id` at the next Commit(). NotFound when the last
  // commit holds no article `id` (an Add() not yet committed does not count);
  // nothing changes then.
  Status Delete(std::string_view id);

  // Writes the pending adds and deletes as one atomic commit; readers see
  // all of it or none of it, also after a crash. OK (and no write) when
  // nothing is pending. IOError when the index could not be written: it
  // then stays at its previous commit and the pending changes are dropped.
  Status Commit();

  // Indexes files and commits, as `sagasu index` does: each path is a
  // directory of Markdown posts (*.md, *.markdown, recursive), a post file or
  // a .jsonl file. Unchanged posts are skipped; posts that disappeared from
  // an indexed directory are removed. An input that fails (bad UTF-8, broken
  // front matter...) is passed to `on_error` (may be empty; called from
  // worker threads, one at a time) and counted; the rest goes on. Commits
  // pending Add/Delete first. Returns OK when the index was written (even if
  // some inputs failed; see report->failed), IOError when it could not be.
  // `report` may be null.
  Status IndexPaths(const std::vector<std::string>& paths, const std::function<void(const Status&)>& on_error,
                    IndexPathsReport* report);
  // The same with a progress callback and timings (`sagasu index`). A path
  // "-" reads JSON Lines from standard input.
  Status IndexPaths(const std::vector<std::string>& paths, const IndexPathsOptions& options,
                    IndexPathsReport* report);

  // Rewrites postings into one run per term and drops deleted versions:
  // smaller index, faster queries. Worth running after many deletes or
  // updates (IndexPaths does it by itself when needed). Commits pending
  // changes first.
  Status Optimize();
  // The same, reporting what was merged in *report (may be null).
  Status Optimize(MergeReport* report);

  // Copies this index as of its last commit into `dest`, as the static
  // Snapshot does. Through a kReadWrite handle it runs beside writes: a
  // commit made while the copy is taken (Commit, IndexPaths, Optimize from
  // another thread) is either all in the copy or not at all; commits wait
  // for the copy, which takes about as long as hard-linking the files. A
  // kReadOnly handle opens the directory for writing as the static Snapshot
  // does (IOError while another process writes it). Pending adds and
  // deletes are not committed and not in the copy.
  Status Snapshot(std::string_view dest, SnapshotReport* report) const;

  // What a kReadWrite Open re-analyzed to bring the index to its analyzer
  // (IndexOptions::reanalyze): done is false when nothing had to be.
  const ReanalysisReport& Reanalysis() const;

  // ---- Reading.

  // Runs `query`. An empty result is OK with no hits, not NotFound.
  // InvalidArgument when the query does not parse (unknown field, bad date,
  // invalid UTF-8), or when text length, limit, offset or snippet_chars is
  // outside its range in <sagasu/limits.h> (the message names the field). IOError or Corruption when the index cannot be
  // read.
  Result<SearchResponse> Search(const SearchQuery& query) const;

  // Live articles as of the last commit Search() sees.
  std::uint64_t DocumentCount() const;

  // What the index holds as of its last commit, as `sagasu stats` prints it.
  // Scans every term's postings: takes about as long as reading the
  // postings once. IOError or Corruption when the index cannot be read.
  Result<IndexStatistics> Statistics() const;

  // Makes Search() see the latest commit, including commits by another
  // process. Retries a few times when a concurrent merge removed a file
  // between listing and opening. OK on success; on error Search() keeps
  // using the previous view. Servers call it when the index directory
  // changed (server/index_watcher.h).
  Status Reopen();

  class Impl;

 private:
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The analyzer an index uses, on its own: shows how a text (a document or a
// query) is cut into terms, as `sagasu analyze` prints it.
//
// Thread safety: Analyze() may run on several threads at once.
class TextAnalyzer {
 public:
  // Loads MeCab with the dictionaries named in `options` (its analyzer
  // fields; the rest is ignored). NotFound or InvalidArgument naming the
  // dictionary when one is missing or not UTF-8. *out untouched on error.
  static Status Open(const IndexOptions& options, std::unique_ptr<TextAnalyzer>* out);
  ~TextAnalyzer();
  TextAnalyzer(const TextAnalyzer&) = delete;
  TextAnalyzer& operator=(const TextAnalyzer&) = delete;

  // Analyzes `text` (invalid UTF-8 is replaced, never an error): its
  // normalized form and terms with positions and byte offsets into `text`,
  // and with `tokens` every MeCab token as well.
  Result<TextAnalysis> Analyze(std::string_view text, bool tokens) const;

  class Impl;

 private:
  explicit TextAnalyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Parses one JSON Lines record as IndexPaths reads .jsonl files: "id"
// (string or integer, required), "title", "body", "tags" and "categories"
// (array of strings or one string), "date" (ISO 8601 forms or integer
// seconds since the epoch), "url", "author", "excerpt". InvalidArgument
// "<origin>: ..." when it does not parse, lacks an id or is not UTF-8.
Result<Article> ParseArticleJson(std::string_view json, std::string_view origin);

}  // namespace sagasu
