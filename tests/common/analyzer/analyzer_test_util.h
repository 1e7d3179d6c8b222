// Helpers for the analyzer tests: one Analyzer (real MeCab + IPAdic + the
// built user dictionary) shared by the whole binary.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/analyzer/analyzer.h"

namespace sagasu::testing {

inline const Analyzer& DefaultAnalyzer() {
  static const Analyzer* analyzer = [] {
    std::unique_ptr<Analyzer> a;
    const Status s = Analyzer::Open(AnalyzerOptions(), &a);
    if (!s.ok()) {
      std::fprintf(stderr, "cannot open the default analyzer: %s\n", s.ToString().c_str());
      std::abort();
    }
    return a.release();
  }();
  return *analyzer;
}

inline std::vector<Term> AnalyzeWith(const Analyzer& analyzer, std::string_view text, bool with_offsets = true) {
  std::vector<Term> terms;
  analyzer.NewSession()->Analyze(text, 0, with_offsets, &terms);
  return terms;
}

inline std::vector<Term> Analyze(std::string_view text, bool with_offsets = true) {
  return AnalyzeWith(DefaultAnalyzer(), text, with_offsets);
}

inline std::vector<std::string> TermTexts(const std::vector<Term>& terms) {
  std::vector<std::string> out;
  for (const Term& t : terms) out.push_back(t.text);
  return out;
}

inline std::vector<std::pair<std::string, Position>> TermsWithPositions(const std::vector<Term>& terms) {
  std::vector<std::pair<std::string, Position>> out;
  for (const Term& t : terms) out.emplace_back(t.text, t.position);
  return out;
}

}  // namespace sagasu::testing
