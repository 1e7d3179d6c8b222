// Query-time synonyms. A synonym file in the Solr synonym format is parsed
// into a SynonymSet; the query parser's output is expanded with it
// (ExpandSynonyms), so a query word matches through every form of its group.
// Applied at query time only: changing the file needs no re-index.
//
// The format (Solr's SolrSynonymParser, with expand=true):
//
//   # a comment: a line whose first non-blank character is '#'
//   サーバー, server              equivalence: each form finds every form
//   スマホ, スマートフォン, smartphone
//   スーパーマーケット => スーパー   one-way: the left forms also find the right
//   a, b => c, d                  one-way with several forms on each side
//   1\,000, thousand              '\' escapes the next character (',' '=>' '#' '\')
//
// Blank lines are ignored; spaces around forms are trimmed. Each form is
// analyzed with the same Analyzer as queries (and documents), so サーバー and
// サーバ are one form, and a form that analyzes into several terms (machine
// learning, 深層 学習) matches as a phrase, never as scattered words.
//
// One-way rules keep the original: Solr replaces the left side by the right
// one (a => b searches b only); sagasu searches a OR b, so a word a document
// actually contains is never lost. Write `a => b` for "a should also find b".
//
// A group scores as ONE term for BM25F (query/group_postings.h): its tf in a
// document counts the distinct positions where any form matched, its df the
// documents any form is in. So a post saying both サーバー and server is not
// counted twice, and a rare spelling does not outweigh a common one.
//
// Limits (each an InvalidArgument naming the file and line): a file of at
// most kMaxSynonymFileBytes, a form of at most kMaxQueryTerms terms, a group
// of at most kMaxSynonymForms forms.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/status.h"
#include "query/query_parser.h"

namespace sagasu {

inline constexpr std::size_t kMaxSynonymFileBytes = 4u << 20;
inline constexpr std::size_t kMaxSynonymForms = 32;

// dicts/synonyms.txt, compiled in (generated at build time).
extern const std::string_view kBuiltinSynonyms;

// The parsed rules. Immutable, so thread-safe; shared between searches.
class SynonymSet {
 public:
  // Parses `text`. `name` names it in errors: "synonyms.txt:12: ...".
  // InvalidArgument for a line that is not a rule (an empty form, two '=>',
  // a form with no searchable terms, invalid UTF-8) and for the limits above.
  static Status Parse(std::string_view text, std::string_view name, AnalyzerSession* session,
                      std::shared_ptr<const SynonymSet>* out);
  // Reads and parses the file at `path`. IOError (or NotFound) when it
  // cannot be read; errors of Parse otherwise.
  static Status Load(const std::string& path, AnalyzerSession* session, std::shared_ptr<const SynonymSet>* out);

  // The rules as read (a line with several forms is one rule).
  std::size_t rule_count() const { return rule_count_; }
  bool empty() const { return groups_.empty(); }

  // The forms the term sequence `key` (a form's terms) matches through, its
  // own form first; null when it has no synonyms.
  const std::vector<TermSequence>* Find(const TermSequence& key) const;

  // Replaces each clause term (or run of terms equal to a multi-term form,
  // at the same relative positions, the longest first) that has synonyms by
  // one group term (QueryTerm::synonyms). Every clause is expanded, excluded
  // ones too (-server also excludes サーバー). Costs one hash lookup per
  // term when no term has synonyms.
  void Expand(ParsedQuery* query) const;

 private:
  SynonymSet() = default;
  void ExpandClause(Clause* clause) const;

  std::size_t rule_count_ = 0;
  std::size_t longest_ = 1;  // the most terms in one key
  // Key: a form's terms joined by '\x1f' with their offsets.
  std::unordered_map<std::string, std::vector<TermSequence>> groups_;
  std::unordered_set<std::string> first_terms_;  // each key's first term
};

// Where the synonyms of a Searcher come from: the built-in set, none, or a
// file that is read again when it changes. Thread-safe.
class SynonymSource {
 public:
  struct Options {
    // "" = the built-in set (dicts/synonyms.txt), "-" = none, else a path.
    std::string file;
    // How often, at most, Current() looks at the file's mtime and size.
    std::chrono::steady_clock::duration check_interval = std::chrono::seconds(1);
  };
  // Loads the set. Errors of SynonymSet::Load or Parse (naming the file and
  // line): a bad file is refused when opening, not kept for later.
  static Status Open(const Options& options, const Analyzer& analyzer, std::unique_ptr<SynonymSource>* out);
  SynonymSource(const SynonymSource&) = delete;
  SynonymSource& operator=(const SynonymSource&) = delete;

  // The set to use now. For a file, first reloads it when its modification
  // time, size or inode changed since it was last read (looked at no more
  // often than check_interval). When the changed file does not load, the
  // previous set stays in use and a warning naming the file and line is
  // appended to *warnings, on every call until the file is fixed.
  std::shared_ptr<const SynonymSet> Current(std::vector<std::string>* warnings) const;

  const std::string& file() const { return options_.file; }

 private:
  struct Stamp {
    std::int64_t mtime_ns = -1;
    std::int64_t size = -1;
    std::uint64_t inode = 0;
    bool operator==(const Stamp&) const = default;
  };
  SynonymSource(const Options& options, const Analyzer& analyzer) : options_(options), analyzer_(analyzer) {}
  static Stamp StampOf(const std::string& path);

  Options options_;
  const Analyzer& analyzer_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const SynonymSet> set_;
  mutable Stamp stamp_;  // of the file last read, good or bad
  mutable std::string error_;  // why the file last read was refused; "" when it loaded
  mutable std::chrono::steady_clock::time_point checked_{};
};

}  // namespace sagasu
