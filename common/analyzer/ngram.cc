#include "common/analyzer/ngram.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "common/text/utf8.h"

namespace sagasu {

namespace {

// Code points of a text with their byte ranges, one at a time.
class CodePoints {
 public:
  explicit CodePoints(std::string_view s) : s_(s) {}
  // Reads the next code point; false at the end.
  bool Next(char32_t* c, std::size_t* begin, std::size_t* len) {
    if (i_ >= s_.size()) return false;
    const int n = DecodeUtf8(reinterpret_cast<const unsigned char*>(s_.data()) + i_, s_.size() - i_, c);
    *begin = i_;
    *len = static_cast<std::size_t>(n > 0 ? n : -n);
    if (n <= 0) *c = 0xFFFD;
    i_ += *len;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

Position AppendGrams(std::string_view normalized, Position first, std::vector<Gram>* out) {
  CodePoints cps(normalized);
  char32_t c;
  std::size_t begin, len;
  Position pos = first;
  // The previous gram character, waiting for its successor to make a bigram.
  bool pending = false;
  std::size_t pending_begin = 0, pending_len = 0;
  auto emit = [&](std::size_t b, std::size_t n, Position p) {
    Gram g;
    std::memcpy(g.bytes, normalized.data() + b, n);
    g.size = static_cast<std::uint8_t>(n);
    g.position = p;
    out->push_back(g);
  };
  while (cps.Next(&c, &begin, &len)) {
    const bool gram = IsGramChar(c);
    if (pending) {
      // A bigram when this character continues the run, else the run's
      // last character alone.
      emit(pending_begin, gram ? pending_len + len : pending_len, pos - 1);
    }
    pending = gram;
    pending_begin = begin;
    pending_len = len;
    ++pos;
  }
  if (pending) emit(pending_begin, pending_len, pos - 1);
  return pos;
}

bool IsGramText(std::string_view normalized) {
  if (normalized.empty()) return false;
  bool all = true;
  ForEachCodePoint(normalized, [&](char32_t c) { all = all && IsGramChar(c); });
  return all;
}

std::vector<GramStep> GramPhrase(std::string_view normalized) {
  std::vector<GramStep> steps;
  std::vector<std::pair<std::size_t, std::size_t>> cps;  // byte begin, length
  CodePoints it(normalized);
  char32_t c;
  std::size_t begin, len;
  while (it.Next(&c, &begin, &len)) cps.emplace_back(begin, len);
  if (cps.size() == 1) {
    steps.push_back({std::string(normalized), 0});
    return steps;
  }
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
    steps.push_back({std::string(normalized.substr(cps[i].first, cps[i].second + cps[i + 1].second)),
                     static_cast<Position>(i)});
  }
  return steps;
}

bool IsBigramStep(const GramStep& step) {
  int n = 0;
  bool letters = true;
  ForEachCodePoint(step.gram, [&](char32_t c) {
    ++n;
    letters = letters && IsGramChar(c);
  });
  return n == 2 && letters;
}

std::vector<bool> PinningSteps(const std::vector<GramStep>& steps, std::size_t anchor) {
  std::vector<bool> bigram(steps.size());
  std::optional<Position> first, last;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    bigram[i] = IsBigramStep(steps[i]);
    if (!bigram[i]) continue;
    first = std::min(first.value_or(steps[i].offset), steps[i].offset);
    last = std::max(last.value_or(steps[i].offset), steps[i].offset);
  }
  std::vector<bool> keep(steps.size(), true);
  const Position a = steps[anchor].offset;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Position o = steps[i].offset;
    if (bigram[i] && o != *first && o != *last && (o > a ? o - a : a - o) % 2 == 1) keep[i] = false;
  }
  return keep;
}

std::size_t CodePointCount(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char b : s) n += !IsUtf8Continuation(b);
  return n;
}

}  // namespace sagasu
