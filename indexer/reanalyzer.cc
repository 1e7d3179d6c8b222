#include "indexer/reanalyzer.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "common/analyzer/fold.h"
#include "common/analyzer/normalizer.h"
#include "common/analyzer/term_policy.h"
#include "common/analyzer/user_dic_entries.h"
#include "common/text/utf8.h"
#include "indexer/accumulator.h"
#include "indexer/run_writer.h"
#include "storage/db.h"
#include "storage/records.h"

namespace sagasu {

namespace {

// The fingerprint (analyzer.cc) as key -> value: "sagasu-analyzer/2" is a
// key of its own, the rest are key=value.
std::map<std::string, std::string> ParseFingerprint(std::string_view fp) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < fp.size()) {
    std::size_t end = fp.find(' ', pos);
    if (end == std::string_view::npos) end = fp.size();
    const std::string_view item = fp.substr(pos, end - pos);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) out[std::string(item)] = "";
    else out[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
    pos = end + 1;
  }
  return out;
}

// The rules named by FoldOptions::Describe().
FoldOptions FoldFromDescription(const std::string& list) {
  FoldOptions f;
  const std::string padded = "," + list + ",";
  for (const char* name : kFoldRuleNames) {
    if (padded.find("," + std::string(name) + ",") == std::string::npos) f.Disable(name).PermitUnchecked();
  }
  return f;
}

// The rules on in one set and off in the other.
FoldOptions Toggled(const FoldOptions& a, const FoldOptions& b) {
  FoldOptions t;
  t.kana = a.kana != b.kana;
  t.vu = a.vu != b.vu;
  t.iteration = a.iteration != b.iteration;
  t.kanji = a.kanji != b.kanji;
  t.digits = a.digits != b.digits;
  t.okurigana = a.okurigana != b.okurigana;
  return t;
}

bool AnyRule(const FoldOptions& f) { return f.kana || f.vu || f.iteration || f.kanji || f.digits || f.okurigana; }

// Finds changed surfaces in normalized text: the surfaces bucketed by their
// first byte, tried at every character start (a text costs its length times
// the surfaces sharing a first byte, never all of them).
class SurfaceMatcher {
 public:
  explicit SurfaceMatcher(const std::vector<std::string>& surfaces) {
    for (const std::string& s : surfaces)
      if (!s.empty()) by_first_[static_cast<unsigned char>(s[0])].push_back(s);
  }
  bool empty() const { return by_first_.empty(); }
  bool Matches(std::string_view text) const {
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto it = by_first_.find(static_cast<unsigned char>(text[i]));
      if (it == by_first_.end()) continue;
      for (const std::string& s : it->second)
        if (text.compare(i, s.size(), s) == 0) return true;
    }
    return false;
  }

 private:
  std::unordered_map<unsigned char, std::vector<std::string>> by_first_;
};

// Whether `raw` (NFKC text, no folding rule applied) holds a character one
// of the `toggled` rules folds.
bool TouchedByRules(const FoldOptions& toggled, std::string_view raw) {
  bool prev_digit = false, comma_after_digit = false;
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  for (std::size_t i = 0; i < raw.size();) {
    char32_t c = 0;
    const int len = DecodeUtf8(p + i, raw.size() - i, &c);
    i += static_cast<std::size_t>(len > 0 ? len : -len);
    if ((toggled.kana || toggled.okurigana) && c >= 0x3041 && c <= 0x309F) return true;
    if (toggled.vu && (c == 0x30F4 || (c >= 0x30F7 && c <= 0x30FA) || c == 0x3094)) return true;
    if (toggled.iteration && (c == 0x3005 || c == 0x309D || c == 0x309E || c == 0x30FD || c == 0x30FE)) return true;
    if (toggled.kanji && c >= 0x2E80 && FoldKanjiVariant(c) != c) return true;
    if (toggled.digits) {
      const bool digit = c >= '0' && c <= '9';
      if (digit && comma_after_digit) return true;
      comma_after_digit = c == ',' && prev_digit;
      prev_digit = digit;
    }
  }
  return false;
}

// The texts of a document that are analyzed (accumulator.cc LayOutFields).
template <typename Fn>
bool AnyField(const Article& a, Fn&& fn) {
  if (fn(a.title) || fn(a.body) || fn(a.excerpt) || fn(a.author)) return true;
  for (const std::string& t : a.tags)
    if (fn(t)) return true;
  for (const std::string& c : a.categories)
    if (fn(c)) return true;
  return false;
}

}  // namespace

Status EncodedUserDicEntries(const Analyzer& analyzer, std::string* out) {
  UserDicEntries entries;
  for (const std::string& path : analyzer.user_dics()) SAGASU_RETURN_IF_ERROR(ReadUserDicEntries(path, &entries));
  *out = EncodeUserDicEntries(entries);
  return Status::OK();
}

Status Reanalyze(IndexDb* db, RunWriter* runs, const Analyzer& analyzer, const AnalyzerOptions& analyzer_options,
                 const std::string& stored_fingerprint, ReanalyzeMode mode, bool sync,
                 const std::function<void(std::uint64_t, std::uint64_t)>& on_progress, ReanalysisReport* report) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  *report = ReanalysisReport{};
  const std::string& fingerprint = analyzer.Fingerprint();
  if (stored_fingerprint == fingerprint && mode != ReanalyzeMode::kAll) {
    // An index built before the entries were recorded records them now,
    // so that its next dictionary change needs no full re-analysis.
    std::string recorded;
    Status rs = db->ReadUserDicEntries(&recorded);
    if (!rs.IsNotFound()) return rs;
    std::string entries;
    SAGASU_RETURN_IF_ERROR(EncodedUserDicEntries(analyzer, &entries));
    Batch batch = db->NewBatch();
    batch.PutAnalyzer(fingerprint, analyzer.Describe(), entries);
    return db->Write(&batch, sync);
  }
  const std::string refused = "index " + db->dir() + " was built with another analyzer (" + stored_fingerprint +
                              "; now " + fingerprint + ")";
  if (mode == ReanalyzeMode::kNever) {
    return Status::InvalidArgument(refused + "; open it with the same dictionaries and folding rules, or let it be "
                                             "re-analyzed (--reanalyze changed or all)");
  }

  // What changed.
  auto before = ParseFingerprint(stored_fingerprint);
  auto after = ParseFingerprint(fingerprint);
  const FoldOptions old_fold = FoldFromDescription(before["fold"]);
  FoldOptions toggled = Toggled(old_fold, analyzer.fold());
  // The variant table is compiled in: another table is a kanji rule change.
  if (before["variants"] != after["variants"] && old_fold.kanji && analyzer.fold().kanji) toggled.kanji = true;
  // Stop words are folded by the rules: compare them under the old rules.
  bool stop_changed = before["stop"] != after["stop"];
  if (stop_changed && AnyRule(toggled)) {
    StopWords old_rules_stop;
    SAGASU_RETURN_IF_ERROR(StopWords::Load(analyzer_options.stopwords_file, &old_rules_stop, old_fold));
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(old_rules_stop.Hash()));
    stop_changed = before["stop"] != hex;
  }
  std::string needs_all;
  for (const auto& [key, value] : after) {
    if (key == "user" || key == "fold" || key == "variants" || key == "stop") continue;
    if (before.count(key) == 0 || before[key] != value) needs_all += (needs_all.empty() ? "" : ", ") + key;
  }
  for (const auto& [key, value] : before)
    if (after.count(key) == 0) needs_all += (needs_all.empty() ? "" : ", ") + key;
  if (stop_changed) needs_all += std::string(needs_all.empty() ? "" : ", ") + "stop words";

  std::vector<std::string> changed_surfaces;
  const bool dic_changed = before["user"] != after["user"];
  std::string new_entries;
  SAGASU_RETURN_IF_ERROR(EncodedUserDicEntries(analyzer, &new_entries));
  if (dic_changed) {
    std::string recorded;
    Status rs = db->ReadUserDicEntries(&recorded);
    if (rs.IsNotFound() || (rs.ok() && recorded.empty())) {
      needs_all += std::string(needs_all.empty() ? "" : ", ") + "user dictionary (this index records no entries)";
    } else {
      SAGASU_RETURN_IF_ERROR(rs);
      UserDicEntries old_entries, new_table;
      SAGASU_RETURN_IF_ERROR(DecodeUserDicEntries(recorded, &old_entries).WithContext("index " + db->dir()));
      SAGASU_RETURN_IF_ERROR(DecodeUserDicEntries(new_entries, &new_table));
      changed_surfaces = ChangedSurfaces(old_entries, new_table);
    }
  }

  const bool all = mode == ReanalyzeMode::kAll;
  if (!needs_all.empty() && !all) {
    return Status::InvalidArgument(refused + "; it differs by " + needs_all +
                                   ", which can change how any document is cut: re-analyze every stored document "
                                   "with --reanalyze all (IndexOptions::reanalyze = kAll), or rebuild it");
  }
  if (all) {
    report->reason = "every document (--reanalyze all)";
  } else {
    if (dic_changed) {
      report->reason = "user dictionary: " + std::to_string(changed_surfaces.size()) + " entries added, removed or changed";
    }
    if (AnyRule(toggled)) {
      if (!report->reason.empty()) report->reason += "; ";
      report->reason += "folding rules: " + toggled.Describe();
    }
  }
  report->all = all;
  report->changed_surfaces = changed_surfaces;

  // Find the affected documents and analyze them again, into one run.
  IndexStats stats;
  SAGASU_RETURN_IF_ERROR(db->ReadStats(&stats, nullptr));
  report->documents = stats.live_docs;
  const SurfaceMatcher matcher(changed_surfaces);
  const Normalizer& normalizer = Normalizer::Get();
  FoldOptions no_rules;
  no_rules.Disable("all").PermitUnchecked();
  auto acc = std::make_unique<Accumulator>();
  std::unique_ptr<AnalyzerSession> session = analyzer.NewSession();
  AnalyzedDoc scratch;
  std::string normalized;
  std::uint64_t scanned = 0;
  Status lost;  // the first document the analyzer left text out of (reported, not fatal)
  SAGASU_RETURN_IF_ERROR(db->ForEachId([&](std::string_view id, const IdRecord& rec) -> Status {
    if (on_progress && ++scanned % 256 == 0) on_progress(scanned, report->documents);
    Article article;
    SAGASU_RETURN_IF_ERROR(db->GetDocument(rec.doc, &article).WithContext(std::string(id)));
    bool affected = all;
    if (!affected && !matcher.empty()) {
      affected = AnyField(article, [&](const std::string& text) {
        normalizer.Normalize(text, &normalized, nullptr, analyzer.fold());
        return matcher.Matches(normalized);
      });
    }
    if (!affected && AnyRule(toggled)) {
      affected = AnyField(article, [&](const std::string& text) {
        normalizer.Normalize(text, &normalized, nullptr, no_rules);
        return TouchedByRules(toggled, normalized);
      });
    }
    if (!affected) return Status::OK();
    report->ids.emplace_back(id);
    PendingDoc pending;
    pending.id = std::string(id);
    pending.root = rec.root;
    pending.path = rec.path;
    pending.content_hash = rec.content_hash;
    pending.current_known = true;
    pending.current = rec.doc;
    pending.stored = EncodeStoredDoc(article);
    Status s = AnalyzeAndAdd(session.get(), std::move(article), std::move(pending), &scratch, acc.get());
    if (!s.ok() && lost.ok()) lost = s.WithContext(std::string(id));
    return Status::OK();
  }));
  if (on_progress) on_progress(report->documents, report->documents);
  report->reanalyzed = report->ids.size();

  // One commit: the documents' new versions and the new analyzer.
  std::string description = analyzer.Describe();
  auto put_analyzer = [&](Batch* b) { b->PutAnalyzer(fingerprint, description, new_entries); };
  if (acc->empty()) {
    Batch batch = db->NewBatch();
    put_analyzer(&batch);
    SAGASU_RETURN_IF_ERROR(db->Write(&batch, sync));
  } else {
    std::vector<std::unique_ptr<Accumulator>> accs;
    accs.push_back(std::move(acc));
    SAGASU_RETURN_IF_ERROR(runs->Commit(std::move(accs), {}, nullptr, nullptr, nullptr, put_analyzer));
  }
  SAGASU_RETURN_IF_ERROR(db->FlushAll());
  report->done = true;
  report->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return Status::OK();
}

}  // namespace sagasu
