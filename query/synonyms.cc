#include "query/synonyms.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/text/utf8.h"

namespace sagasu {

namespace {

// The key of a term sequence: its terms and offsets, so that a run of query
// terms matches a form only at the same relative positions.
std::string KeyOf(const TermSequence& s) {
  std::string key;
  for (std::size_t i = 0; i < s.terms.size(); ++i) {
    if (i > 0) key += '\x1f' + std::to_string(s.offsets[i]) + '\x1f';
    key += s.terms[i];
  }
  return key;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits one rule line at unescaped `sep` (',' or the '=>' arrow), keeping
// the escapes (Unescape removes them once a form is cut out).
std::vector<std::string_view> Split(std::string_view line, std::string_view sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] == '\\') {
      i += 2;
      continue;
    }
    if (line.compare(i, sep.size(), sep) == 0) {
      out.push_back(line.substr(start, i - start));
      i += sep.size();
      start = i;
      continue;
    }
    ++i;
  }
  out.push_back(line.substr(std::min(start, line.size())));
  return out;
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

}  // namespace

Status SynonymSet::Parse(std::string_view text, std::string_view name, AnalyzerSession* session,
                         std::shared_ptr<const SynonymSet>* out) {
  const std::string where(name);
  if (text.size() > kMaxSynonymFileBytes) {
    return Status::InvalidArgument(where + ": " + std::to_string(text.size()) + " bytes; the limit is " +
                                   std::to_string(kMaxSynonymFileBytes));
  }
  std::shared_ptr<SynonymSet> set(new SynonymSet());
  std::vector<Term> terms;
  std::size_t line_no = 0;
  for (std::size_t at = 0; at <= text.size();) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = Trim(text.substr(at, nl - at));
    at = nl + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const std::string here = where + ":" + std::to_string(line_no) + ": ";
    if (auto bad = FindInvalidUtf8(line)) {
      return Status::InvalidArgument(here + "invalid UTF-8 (byte " + std::to_string(*bad) + " of the line)");
    }
    const std::vector<std::string_view> sides = Split(line, "=>");
    if (sides.size() > 2) return Status::InvalidArgument(here + "more than one '=>'");
    // Each side's forms, analyzed.
    std::vector<TermSequence> side_forms[2];
    for (std::size_t s = 0; s < sides.size(); ++s) {
      for (std::string_view piece : Split(sides[s], ",")) {
        const std::string form = Unescape(Trim(piece));
        if (form.empty()) {
          return Status::InvalidArgument(here + "an empty form (two commas, or nothing " +
                                         (sides.size() == 2 ? "beside '=>')" : "before or after a comma)"));
        }
        terms.clear();
        session->Analyze(form, 0, /*with_offsets=*/false, &terms);
        // A chunk MeCab could not tag is not a form to search for.
        for (const Status& e : session->TakeChunkErrors()) return Status::InvalidArgument(here + e.ToString());
        if (terms.empty()) {
          return Status::InvalidArgument(here + "'" + form + "' has no searchable terms (particles or stop words only?)");
        }
        if (terms.size() > kMaxQueryTerms) {
          return Status::InvalidArgument(here + "'" + form + "' has " + std::to_string(terms.size()) +
                                         " terms; the limit is " + std::to_string(kMaxQueryTerms));
        }
        TermSequence seq;
        seq.source = form;
        for (const Term& t : terms) {
          seq.terms.push_back(t.text);
          seq.offsets.push_back(t.position - terms[0].position);
        }
        auto& forms = side_forms[s];
        if (std::find(forms.begin(), forms.end(), seq) == forms.end()) forms.push_back(std::move(seq));
      }
    }
    // Equivalence: every form maps to all; one-way: each left form to itself
    // and every right form.
    const std::vector<TermSequence>& targets_all = side_forms[sides.size() - 1];
    for (const TermSequence& from : side_forms[0]) {
      std::vector<TermSequence>& group = set->groups_[KeyOf(from)];
      auto add = [&](const TermSequence& f) {
        if (std::find(group.begin(), group.end(), f) == group.end()) group.push_back(f);
      };
      add(from);  // the query's own form first
      if (sides.size() == 1) {
        for (const TermSequence& f : side_forms[0]) add(f);
      } else {
        for (const TermSequence& f : targets_all) add(f);
      }
      if (group.size() > kMaxSynonymForms) {
        return Status::InvalidArgument(here + "'" + from.source + "' has more than " +
                                       std::to_string(kMaxSynonymForms) + " synonyms");
      }
      set->first_terms_.insert(from.terms[0]);
      set->longest_ = std::max(set->longest_, from.terms.size());
    }
    ++set->rule_count_;
  }
  // A form alone in its group (a line `a` or `a => a`) is no synonym.
  std::erase_if(set->groups_, [](const auto& g) { return g.second.size() < 2; });
  *out = std::move(set);
  return Status::OK();
}

Status SynonymSet::Load(const std::string& path, AnalyzerSession* session, std::shared_ptr<const SynonymSet>* out) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("synonyms file " + path + ": cannot read it");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError("synonyms file " + path + ": read error");
  return Parse(ss.str(), path, session, out);
}

const std::vector<TermSequence>* SynonymSet::Find(const TermSequence& key) const {
  auto it = groups_.find(KeyOf(key));
  return it == groups_.end() ? nullptr : &it->second;
}

void SynonymSet::Expand(ParsedQuery* query) const {
  if (groups_.empty()) return;
  for (Clause& c : query->clauses) ExpandClause(&c);
}

void SynonymSet::ExpandClause(Clause* clause) const {
  std::vector<QueryTerm>& terms = clause->terms;
  if (std::none_of(terms.begin(), terms.end(), [&](const QueryTerm& t) { return first_terms_.contains(t.text); })) {
    return;
  }
  std::vector<QueryTerm> out;
  TermSequence key;
  for (std::size_t i = 0; i < terms.size();) {
    const std::vector<TermSequence>* group = nullptr;
    std::size_t len = 0;
    if (first_terms_.contains(terms[i].text)) {
      // The longest run from i that is a form, at the same relative positions.
      for (std::size_t n = std::min(longest_, terms.size() - i); n >= 1 && !group; --n) {
        key.terms.clear();
        key.offsets.clear();
        for (std::size_t j = i; j < i + n; ++j) {
          if (terms[j].position < terms[i].position) break;
          key.terms.push_back(terms[j].text);
          key.offsets.push_back(terms[j].position - terms[i].position);
        }
        if (key.terms.size() != n) continue;
        if ((group = Find(key))) len = n;
      }
    }
    if (!group) {
      out.push_back(std::move(terms[i]));
      ++i;
      continue;
    }
    QueryTerm g;
    g.position = terms[i].position;
    for (std::size_t j = i; j < i + len; ++j) g.text += (j > i ? " " : "") + terms[j].text;
    g.synonyms = *group;
    out.push_back(std::move(g));
    i += len;
  }
  terms = std::move(out);
  // A phrase of one group alone has nothing to be adjacent to.
  if (clause->phrase && terms.size() == 1) clause->phrase = false;
}

SynonymSource::Stamp SynonymSource::StampOf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Stamp{};
  return Stamp{static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
               static_cast<std::int64_t>(st.st_size), static_cast<std::uint64_t>(st.st_ino)};
}

Status SynonymSource::Open(const Options& options, const Analyzer& analyzer, std::unique_ptr<SynonymSource>* out) {
  std::unique_ptr<SynonymSource> source(new SynonymSource(options, analyzer));
  auto session = analyzer.NewSession();
  if (options.file.empty()) {
    SAGASU_RETURN_IF_ERROR(SynonymSet::Parse(kBuiltinSynonyms, "dicts/synonyms.txt (built in)", session.get(),
                                             &source->set_));
  } else if (options.file == "-") {
    SAGASU_RETURN_IF_ERROR(SynonymSet::Parse("", "-", session.get(), &source->set_));
  } else {
    source->stamp_ = StampOf(options.file);
    SAGASU_RETURN_IF_ERROR(SynonymSet::Load(options.file, session.get(), &source->set_));
    source->checked_ = std::chrono::steady_clock::now();
  }
  *out = std::move(source);
  return Status::OK();
}

std::shared_ptr<const SynonymSet> SynonymSource::Current(std::vector<std::string>* warnings) const {
  const bool watched = !options_.file.empty() && options_.file != "-";
  std::lock_guard lock(mu_);
  if (watched) {
    const auto now = std::chrono::steady_clock::now();
    if (now - checked_ >= options_.check_interval) {
      checked_ = now;
      const Stamp stamp = StampOf(options_.file);
      if (!(stamp == stamp_)) {
        stamp_ = stamp;
        std::shared_ptr<const SynonymSet> fresh;
        auto session = analyzer_.NewSession();
        const Status s = SynonymSet::Load(options_.file, session.get(), &fresh);
        if (s.ok()) {
          set_ = std::move(fresh);
          error_.clear();
        } else {
          error_ = s.message();
        }
      }
    }
    if (!error_.empty() && warnings) {
      warnings->push_back("synonyms not reloaded, the previous ones stay in use: " + error_);
    }
  }
  return set_;
}

}  // namespace sagasu
