// The data model of sagasu: the articles it indexes, the queries it takes
// and the results it returns. These are the only definitions: the engine,
// the command line, the HTTP server and the C API all use them.
//
// Standard library only. C++17 or later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sagasu {

// "0.1.0": the version of the library this program is linked with.
const char* Version();

// Formats seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ" (UTC), the
// form dates take in JSON output.
std::string FormatDate(std::int64_t unix_seconds);

// What IndexPaths leaves out of a directory by default: the output,
// dependency and cache folders of Jekyll and Hugo sites (_site, public,
// resources, vendor/bundle, node_modules). Folders starting with '.' (.git,
// .jekyll-cache) are always left out.
inline std::vector<std::string> DefaultExcludes() { return {"_site", "public", "resources", "vendor", "node_modules"}; }

// Ranking: BM25F over the title, the body (with the excerpt) and the meta
// field of tags, categories and the author (Robertson & Zaragoza, "The
// Probabilistic Relevance Framework: BM25 and Beyond", 2009, eq. 3.19-3.20).
// Scores change with these; matches and filters do not. Ranges and defaults
// are those of <sagasu/limits.h> (limits::kK1...); Index::Open rejects a
// value outside them with InvalidArgument naming the field.
struct RankingOptions {
  // Term-frequency saturation, in [0, 100]. Default: 1.2 (0 = binary).
  float k1 = 1.2f;
  // Length normalization of the body, in [0, 1]. Default: 0.75.
  float b_body = 0.75f;
  // Length normalization of the title, in [0, 1]. Default: 0.5.
  float b_title = 0.5f;
  // Weight of a title occurrence relative to a body occurrence, in [0, 100].
  // Default: 2.5.
  float title_weight = 2.5f;
  // Weight of a tag, category or author occurrence relative to a body
  // occurrence, in [0, 100]; 0: they add nothing to a score. Default: 1.5
  // (below the title: a label names the topic less precisely than a title).
  float meta_weight = 1.5f;
  // Length normalization of the meta field, in [0, 1]. Default: 0.3 (a post
  // with many tags is not about each of them much less).
  float b_meta = 0.3f;
  // Term proximity (BM25TP, Rasolofo & Savoy, "Term Proximity Scoring for
  // Keyword-Based Retrieval Systems", ECIR 2003): documents among the best by
  // BM25F gain, for each pair of query terms, a saturated sum of 1/d^2 over
  // occurrences d <= 5 positions apart, times the smaller idf of the pair.
  // In [0, 100]; 0 turns it off. Default: 0.5.
  float proximity_weight = 0.5f;
  // The proximity stage reorders the best this-many documents by BM25F;
  // ranks below keep BM25F order. In [1, 10000]. Default: 10 (on the
  // JSQuAD evaluation, deeper reranking gave the same MRR@10 at a higher
  // cost).
  std::uint32_t rerank_depth = 10;
};

// One article to index. Text fields must be valid UTF-8.
struct Article {
  // Unique external id. Required, non-empty. Sources take front matter
  // `id`, else `permalink`, else the path relative to the archive root
  // without extension; JSON Lines' `id`.
  std::string id;
  std::string title;
  // Plain text (not Markdown): it is indexed and snippets are cut from it
  // as is. Sources strip Markdown markup, raw HTML and Liquid tags.
  std::string body;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  std::string author;
  std::string excerpt;
  std::string url;
  // Publication time in seconds since the Unix epoch, UTC. Default: none.
  // A date without a time means 00:00 UTC of that day.
  std::optional<std::int64_t> date;
};

struct SearchQuery {
  // Query text: plain words (ranked with BM25F, none required), "exact
  // phrase", +required, -excluded, a OR b, title:word, tag:T, category:C,
  // author:A, since:2024-01, until:2024-12-31. May be empty when a filter
  // below is given.
  std::string text;
  // Filters, in addition to those in the text; they narrow the matches and
  // never change scores. Tags: a document must carry all of them, or any of
  // them with tags_any. Categories and authors: any of them.
  std::vector<std::string> tags;
  bool tags_any = false;
  std::vector<std::string> categories;
  std::vector<std::string> authors;
  // Publication time bounds, inclusive, seconds since the epoch.
  std::optional<std::int64_t> since;
  std::optional<std::int64_t> until;
  enum class Sort { kScore, kDateDesc, kDateAsc };
  // Default: kScore.
  Sort sort = Sort::kScore;
  // Paging: hits [offset, offset + limit) of the sorted matches.
  // Default: 0 and 10; at most 1000000 and 10000 (<sagasu/limits.h>).
  std::size_t offset = 0;
  std::size_t limit = 10;
  // Cut a snippet from the body and highlight title and snippet.
  // Default: true, about 120 characters (10 to 10000).
  bool snippets = true;
  std::size_t snippet_chars = 120;
  // Count every match (SearchResponse::total exact) and count facets over
  // all of them. Costs a pass over all matches. Default: true.
  bool count_total = true;
  bool facets = true;
  // Fill SearchHit::explanation (per-term score breakdown). Default: false.
  bool explain = false;
  // Load stored fields of hits (title, url, tags...). Default: true.
  bool load_documents = true;
  // Score every candidate instead of pruning; same results, slower (for
  // tests and debugging). Default: false.
  bool exhaustive = false;
  // Search as the user types: the last word of `text` is a prefix (as if
  // it ended in *), unless the text ends in a space or the word is quoted
  // or a filter. Default: false (the HTTP API and the search page turn it on).
  bool prefix_last = false;
  // Let words match inside longer words and across MeCab's boundaries
  // through the character n-gram stream, and prefixes through it too,
  // ranked below every whole-word match; and kana words through their
  // reading (ほっかいどう → 北海道), below those. Default: true.
  bool fallback = true;
};

// Text with highlighted byte ranges.
struct HighlightedText {
  // Plain text (a snippet: a window of the original with newlines as spaces).
  std::string text;
  // Byte ranges [first, second) within `text`, ascending and disjoint.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
  bool cut_before = false;  // text starts inside the original
  bool cut_after = false;   // text ends inside the original
  // `text` HTML-escaped, ranges wrapped in <mark>...</mark>, "…" at cuts.
  // Ready to insert into a page.
  std::string html;

  // Renders `text` with `open`/`close` around each range and "…" at cuts;
  // HTML-escaped when `escape_html`.
  std::string Render(std::string_view open, std::string_view close, bool escape_html) const;
};

// One query term's part in a hit's score (SearchQuery::explain).
struct TermExplanation {
  std::string term;
  double df = 0;  // documents holding the term (deleted versions included until merged)
  float idf = 0;
  std::uint32_t tf_title = 0, tf_body = 0, tf_meta = 0;
  std::uint32_t title_len = 0, body_len = 0, meta_len = 0;  // in terms
  float score = 0;  // this term's contribution
  // How it matched: "words" (a whole MeCab term), "ngram" (a character
  // sequence inside or across words: the hit is below every whole-word
  // match), "prefix" (a word the query's prefix begins, or the prefix's
  // characters), "reading" (a kana word's reading: ほっかいどう in 北海道;
  // the hit is below every match on the written form).
  std::string stream = "words";
  // A synonym group's forms (the query's own first), each as written in
  // the synonym file: the term matched through any of them, scored as one
  // term. Empty for a term without synonyms.
  std::vector<std::string> synonyms;
};

struct SearchHit {
  std::string id;
  std::string title;
  std::string url;
  std::string author;
  std::optional<std::int64_t> date;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  // The front matter's excerpt (or description), as written; "" when none.
  std::string excerpt;
  double score = 0;  // BM25F plus proximity; 0 for filter-only queries
  double proximity = 0;  // the term-proximity part of score
  HighlightedText title_highlighted;  // empty unless SearchQuery::snippets
  HighlightedText snippet;            // empty unless SearchQuery::snippets
  std::vector<TermExplanation> explanation;  // empty unless SearchQuery::explain
};

struct Facet {
  std::string value;
  std::uint64_t count = 0;
};

struct SearchResponse {
  // Matching documents after filters: exact with count_total, else a lower
  // bound.
  std::uint64_t total = 0;
  bool total_exact = false;
  std::vector<SearchHit> hits;
  std::vector<Facet> tag_facets;  // by count descending, then value
  std::vector<Facet> category_facets;
  std::vector<std::string> warnings;     // e.g. "unbalanced quote"
  std::vector<std::string> query_terms;  // the analyzed terms
  double seconds = 0;
};

// What IndexPaths did.
struct IndexPathsReport {
  std::uint64_t added = 0;      // new ids
  std::uint64_t updated = 0;    // ids whose content changed
  std::uint64_t unchanged = 0;  // skipped: same content
  std::uint64_t unpublished = 0;  // skipped: drafts, future or expired posts (IndexOptions::drafts...)
  std::uint64_t removed = 0;    // files gone from an indexed directory, or deleted
  std::uint64_t failed = 0;     // inputs passed to on_error
  std::uint64_t bytes = 0;      // input bytes read
  std::uint64_t commits = 0;
  bool merged = false;          // runs were merged at the end (see Index::Optimize)
  double seconds = 0;
};

// What opening an index for writing did to bring it to a changed analyzer
// (IndexOptions::reanalyze): the documents it analyzed again from their
// stored text, and why.
struct ReanalysisReport {
  bool done = false;  // the index was brought to the analyzer it was opened with
  bool all = false;   // every document was re-analyzed
  // What changed: "user dictionary: 1 entries added, removed or changed",
  // "folding rules: kana", "forced (--reanalyze all)"; "" when nothing.
  std::string reason;
  std::vector<std::string> changed_surfaces;  // user dictionary surfaces that changed
  std::uint64_t documents = 0;                // live documents in the index
  std::uint64_t reanalyzed = 0;               // of them, analyzed again
  std::vector<std::string> ids;               // their ids, in id order
  double seconds = 0;                         // in all, merge included
  double merge_seconds = 0;                   // merging the runs afterwards
};

// Where the time of one commit of IndexPaths went.
struct CommitTiming {
  std::uint64_t docs = 0;         // documents in the run
  double documents_seconds = 0;   // ids, stored documents, doc info, facets, term order
  double postings_seconds = 0;    // encoding the postings into the batch
  double write_seconds = 0;       // writing the batch (synced WAL)
  std::uint64_t batch_bytes = 0;
};

// Where the time of one IndexPaths run went (`sagasu index` prints it when
// SAGASU_DEBUG_TIMING is set).
struct IndexTimings {
  double tokenize_seconds = 0;     // from the start until the last worker finished
  double last_commit_seconds = 0;  // the final run, and waiting for the flusher
  double flush_seconds = 0;        // memtables to SST files
  double merge_seconds = 0;        // the automatic merge, if any
  std::vector<CommitTiming> commits;  // every commit, in order
};

// What Index::Optimize (a merge of postings runs) did.
struct MergeReport {
  std::uint64_t terms_rewritten = 0;
  std::uint64_t runs_before = 0;       // postings values before
  std::uint64_t runs_after = 0;
  std::uint64_t postings_dropped = 0;  // postings of deleted documents removed
  std::uint64_t documents_purged = 0;  // stored documents of deleted versions removed
  double seconds = 0;
};

// What an index holds (Index::Statistics, `sagasu stats`).
// One postings stream of an index (IndexStatistics::streams).
struct StreamStatistics {
  std::string name;             // "words" (MeCab terms), "ngram" (character grams),
                                // "reading" (reading grams)
  std::uint64_t terms = 0;      // distinct terms (grams)
  std::uint64_t postings = 0;   // (term, document version) pairs
  std::uint64_t bytes = 0;      // encoded postings, before RocksDB's compression
  std::uint64_t disk_bytes = 0; // in table files on disk (RocksDB's estimate)
};

struct IndexStatistics {
  std::string path;                     // the index directory
  std::uint64_t documents = 0;          // live articles
  std::uint64_t document_versions = 0;  // versions ever written (updates add one)
  std::uint64_t commits = 0;
  std::uint64_t distinct_terms = 0;
  std::uint64_t postings = 0;           // (term, document version) pairs stored
  double avg_title_terms = 0;
  double avg_body_terms = 0;
  double avg_meta_terms = 0;            // tags, categories and author
  std::uint64_t tags = 0;               // distinct tag values
  std::uint64_t categories = 0;         // distinct category values
  std::uint64_t bytes = 0;              // on disk, approximate
  std::map<std::string, std::uint64_t> column_family_bytes;  // by RocksDB column family
  std::vector<StreamStatistics> streams;  // the postings family by stream
  std::string analyzer;                 // the dictionaries the index was built with
};

// What Index::Check found (`sagasu check`).
struct IndexCheckReport {
  std::string path;                      // the index directory
  bool whole = false;                    // true when nothing below is wrong
  std::vector<std::string> problems;     // one sentence each: what disagrees with what
  std::uint64_t generation = 0;          // the last write the index holds
  std::uint64_t recorded_generation = 0; // the last flushed write its commit file records (0: none)
  std::uint64_t documents = 0;           // live articles, as the commit record counts them
  std::uint64_t ids = 0;                 // ids found
  std::uint64_t stored_documents = 0;    // stored texts found (deleted versions not yet merged included)
  std::uint64_t table_files = 0, table_bytes = 0;  // table files of the index
  std::uint64_t stray_files = 0, stray_bytes = 0;  // table files in the directory it does not list
  bool checksums_verified = false;       // every block of every table file was read and checked
};

// What Index::Snapshot copied (`sagasu snapshot`).
struct SnapshotReport {
  std::string path;              // the new index directory
  std::uint64_t generation = 0;  // the commit it holds (IndexCheckReport::generation)
  std::uint64_t documents = 0;   // live articles in it
};

// One index term cut from a text (TextAnalyzer, `sagasu analyze`).
struct AnalyzedTerm {
  std::string term;            // normalized, as stored in the index
  std::uint32_t position = 0;  // token ordinal (0-based); particles take one too
  std::uint32_t begin = 0;     // byte range in the original text
  std::uint32_t end = 0;
};

// One MeCab token (`sagasu analyze --tokens`).
struct AnalyzedToken {
  std::string surface;  // normalized surface
  std::string base;     // base form ("*" if none)
  std::string pos;      // part of speech, e.g. "名詞,固有名詞,組織"
  std::string reading;  // katakana reading ("" if unknown)
  std::uint32_t begin = 0;  // byte range in the original text
  std::uint32_t end = 0;
  bool is_term = false;  // whether it became an index term
  std::string term;      // the term it became (if is_term)
};

// How a text is cut into index terms: what documents and queries go through.
struct TextAnalysis {
  std::string text;        // the input
  std::string normalized;  // after NFKC, case and variant folding
  std::vector<AnalyzedTerm> terms;
  // The reading sequence the reading stream indexes: the folded katakana
  // readings of the tokens, a space where a symbol or a token without a
  // reading breaks it ("ホッカイドウ ヘ イク" for 北海道へ、行く).
  std::string reading;
  std::vector<AnalyzedToken> tokens;  // only when asked for
  // Parts of the text the tokenizer could not tag (left out); usually none.
  std::vector<std::string> warnings;
};

// How far IndexPaths has come; passed to its progress callback.
struct IndexProgress {
  std::uint64_t inputs_done = 0;  // documents parsed (indexed, unchanged or failed)
  std::uint64_t bytes_done = 0;   // input bytes consumed
  std::uint64_t bytes_total = 0;  // 0 when unknown (stdin)
  double seconds = 0;
};

}  // namespace sagasu
