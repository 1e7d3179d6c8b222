#include "common/analyzer/reading.h"

#include <cstring>

#include "common/text/kana.h"
#include "common/text/utf8.h"

namespace sagasu {

namespace {

constexpr char32_t kSmallA = 0x30A1, kSmallI = 0x30A3, kSmallE = 0x30A7, kSmallO = 0x30A9;
constexpr char32_t kVu = 0x30F4;

// Hiragana to katakana: ぁ..ゖ (U+3041..U+3096) and ゝ ゞ sit 0x60 below
// their katakana.
char32_t ToKatakana(char32_t c) {
  if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E) return c + 0x60;
  return c;
}

// The バ-row letter ヴ followed by small `next` folds to, or 0.
char32_t VuWith(char32_t next) {
  switch (next) {
    case kSmallA: return 0x30D0;  // バ
    case kSmallI: return 0x30D3;  // ビ
    case kSmallE: return 0x30D9;  // ベ
    case kSmallO: return 0x30DC;  // ボ
    default: return 0;
  }
}

}  // namespace

void FoldKana(std::string_view kana, const FoldOptions& fold, std::string* out) {
  bool vu = false;  // a ヴ waiting for the letter after it
  ForEachCodePoint(kana, [&](char32_t c) {
    if (fold.kana) c = ToKatakana(c);
    if (!fold.vu) {
      AppendUtf8(c, out);
      return;
    }
    if (vu) {
      vu = false;
      if (const char32_t folded = VuWith(c)) {
        AppendUtf8(folded, out);
        return;
      }
      AppendUtf8(0x30D6, out);  // ブ
    }
    if (c == kVu) {
      vu = true;
      return;
    }
    AppendUtf8(c, out);
  });
  if (vu) AppendUtf8(0x30D6, out);
}

bool IsKanaText(std::string_view normalized) {
  if (normalized.empty()) return false;
  bool all = true;
  ForEachCodePoint(normalized, [&](char32_t c) {
    all = all && ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E || IsKatakanaWordChar(c));
  });
  return all;
}

std::string ReadingText::Display() const {
  std::string out;
  for (const Token& t : tokens) {
    if (t.run_start && !out.empty()) out.push_back(' ');
    out.append(text, t.begin, t.end - t.begin);
  }
  return out;
}

void ReadingBuilder::Reset(std::string_view normalized, ReadingText* out) {
  text_ = normalized;
  out_ = out;
  out_->clear();
  broken_ = true;
}

const ReadingBuilder::Entry& ReadingBuilder::Cached(const RawToken& token) {
  // One feature string per dictionary entry (and per unknown-word class),
  // so the pointer names the entry's reading; unknown words have none.
  const auto key = reinterpret_cast<std::uintptr_t>(token.feature);
  Entry& e = cache_[(key * 0x9E3779B97F4A7C15ull) >> (64 - kCacheBits)];
  if (e.feature != token.feature) {
    ParseFeatures(token.feature, &features_);
    e.feature = token.feature;
    e.symbol = features_[kPos1] == "記号";
    const std::string_view r = features_[kReading];
    e.has_reading = !r.empty() && r != "*";
    e.reading.clear();
    if (e.has_reading) FoldKana(r, *fold_, &e.reading);
  }
  return e;
}

void ReadingBuilder::Add(const RawToken& token, ByteOffset source_begin, ByteOffset source_end) {
  const Entry& e = Cached(token);
  const std::string_view surface = text_.substr(token.begin, token.end - token.begin);
  if (e.symbol) {
    broken_ = true;
    return;
  }
  const std::size_t begin = out_->text.size();
  if (e.has_reading) {
    out_->text.append(e.reading);
  } else if (IsKanaText(surface)) {
    FoldKana(surface, *fold_, &out_->text);
  } else {
    broken_ = true;  // ASCII, digits, an unknown kanji word: no reading
    return;
  }
  if (out_->text.size() == begin) return;
  ReadingText::Token& t = out_->tokens.emplace_back();
  t.begin = static_cast<std::uint32_t>(begin);
  t.end = static_cast<std::uint32_t>(out_->text.size());
  t.source_begin = source_begin;
  t.source_end = source_end;
  t.run_start = broken_;
  broken_ = false;
}

Position AppendReadingGrams(const ReadingText& reading, Position first, std::vector<Gram>* out) {
  Position pos = first;
  const auto* bytes = reinterpret_cast<const unsigned char*>(reading.text.data());
  // The previous character of the run, waiting to begin a bigram.
  std::size_t prev_begin = 0, prev_len = 0;
  bool have_prev = false;
  auto emit = [&](std::string_view a, std::string_view b, Position p) {
    Gram g;
    if (a.size() + b.size() > sizeof g.bytes) return;  // no reading character is that long
    std::memcpy(g.bytes, a.data(), a.size());
    std::memcpy(g.bytes + a.size(), b.data(), b.size());
    g.size = static_cast<std::uint8_t>(a.size() + b.size());
    g.position = p;
    out->push_back(g);
  };
  const std::string_view marker(&kReadingBoundary, 1);
  for (const ReadingText::Token& t : reading.tokens) {
    if (t.run_start) {
      if (pos != first) ++pos;  // a break: no bigram spans it
      have_prev = false;
    }
    for (std::size_t i = t.begin; i < t.end;) {
      char32_t c;
      const int n = DecodeUtf8(bytes + i, t.end - i, &c);
      const std::size_t len = static_cast<std::size_t>(n > 0 ? n : -n);
      const std::string_view ch(reading.text.data() + i, len);
      if (i == t.begin) emit(marker, ch, pos);
      if (have_prev) emit(std::string_view(reading.text.data() + prev_begin, prev_len), ch, pos - 1);
      if (i + len == t.end) emit(ch, marker, pos);
      prev_begin = i;
      prev_len = len;
      have_prev = true;
      i += len;
      ++pos;
    }
  }
  return pos;
}

std::vector<GramStep> ReadingPhrase(std::string_view reading, bool prefix) {
  std::vector<GramStep> steps;
  std::vector<std::string_view> cps;
  const auto* bytes = reinterpret_cast<const unsigned char*>(reading.data());
  for (std::size_t i = 0; i < reading.size();) {
    char32_t c;
    const int n = DecodeUtf8(bytes + i, reading.size() - i, &c);
    const std::size_t len = static_cast<std::size_t>(n > 0 ? n : -n);
    cps.push_back(reading.substr(i, len));
    i += len;
  }
  if (cps.empty()) return steps;
  steps.push_back({std::string(1, kReadingBoundary) + std::string(cps.front()), 0});
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
    steps.push_back({std::string(cps[i]) + std::string(cps[i + 1]), static_cast<Position>(i)});
  }
  if (!prefix) {
    steps.push_back({std::string(cps.back()) + kReadingBoundary, static_cast<Position>(cps.size() - 1)});
  }
  return steps;
}

}  // namespace sagasu
