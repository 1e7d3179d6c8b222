// Reanalyzer: brings an index to a changed analyzer without its sources.
// An index records the fingerprint of the analyzer it was built with
// (storage/keys.h kMetaAnalyzer) and the entries of its user dictionaries
// (kMetaUserDicEntries, common/analyzer/user_dic_entries.h). When a writer
// opens it with another analyzer that differs only by user dictionaries or
// folding rules (common/analyzer/fold.h), the documents the change can
// affect are read back from the stored text, analyzed again and written as
// new versions of themselves, in ONE commit that also records the new
// fingerprint: a process killed before that commit leaves the old index
// whole (readers with the old analyzer keep reading it), one killed after
// leaves the new one. IndexWriter then merges the runs (run_merger.h), as
// a term's document frequency counts replaced versions until a merge drops
// them: after it, every score equals that of a rebuild with the new analyzer.
//
// Which documents a change affects, on the text of every analyzed field
// (title, body, excerpt, tags, categories, author) as the analyzer
// normalizes it:
//   user dictionary  the text contains the surface of an entry that was
//                    added, removed or changed (MeCab only puts an entry in
//                    a lattice where its surface occurs, so any other text
//                    is cut as before);
//   vu, iteration,   the text (NFKC, no rule applied) contains a character
//   kanji            the rule folds (ヴ row; 々 ゝ ゞ ヽ ヾ; a variant kanji of
//                    dicts/kanji_variants.txt);
//   digits           a digit, a comma and a digit;
//   kana, okurigana  any hiragana (both rules rewrite terms holding it; the
//                    kana rule also the grams): nearly every Japanese text.
// Every stored document is read and normalized once (a scan of the stored
// text; the n-gram stream is not used to narrow it down, see README).
//
// A different system dictionary, analyzer version, Unicode version or stop
// word list affects any document: only ReanalyzeMode::kAll takes those.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/analyzer/analyzer.h"
#include "common/status.h"
#include "sagasu/types.h"

namespace sagasu {

class IndexDb;
class RunWriter;

enum class ReanalyzeMode {
  kNever,    // another analyzer is an error (InvalidArgument)
  kChanged,  // re-analyze what a user dictionary or folding rule change affects
  kAll,      // re-analyze every document (also forced when nothing changed)
};

// Brings the index in `db` (opened with a stored fingerprint
// `stored_fingerprint`) to `analyzer`, committing through `runs`. Does
// nothing when the fingerprints agree (unless kAll). InvalidArgument, the
// index untouched, when the change needs kAll and mode is kChanged, or any
// change with kNever. `on_progress(scanned, total)` (may be null) is called
// every 256 documents. Fills *report.
Status Reanalyze(IndexDb* db, RunWriter* runs, const Analyzer& analyzer, const AnalyzerOptions& analyzer_options,
                 const std::string& stored_fingerprint, ReanalyzeMode mode, bool sync,
                 const std::function<void(std::uint64_t, std::uint64_t)>& on_progress, ReanalysisReport* report);

// The user dictionary entries of `analyzer`, encoded for the index meta.
Status EncodedUserDicEntries(const Analyzer& analyzer, std::string* out);

}  // namespace sagasu
