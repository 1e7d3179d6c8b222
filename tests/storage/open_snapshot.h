// Opens a Snapshot of an index built with the default analyzer (the way the
// Searcher does: the analyzer gives the fingerprint the index must carry).
#pragma once

#include <memory>
#include <string>

#include "common/analyzer/analyzer.h"
#include "storage/snapshot.h"

namespace sagasu::testing {

inline Status OpenSnapshot(const std::string& dir, std::unique_ptr<Snapshot>* out) {
  static const std::string fingerprint = [] {
    std::unique_ptr<Analyzer> analyzer;
    Status s = Analyzer::Open(AnalyzerOptions{}, &analyzer);
    return s.ok() ? analyzer->Fingerprint() : std::string("(no analyzer: " + s.ToString() + ")");
  }();
  return Snapshot::Open(dir, fingerprint, out);
}

}  // namespace sagasu::testing
