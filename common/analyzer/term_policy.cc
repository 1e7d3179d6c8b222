#include "common/analyzer/term_policy.h"

#include <unicode/uchar.h>
#include <xxhash.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/analyzer/fold.h"
#include "common/analyzer/normalizer.h"
#include "common/text/ascii.h"
#include "common/text/kana.h"
#include "common/text/utf8.h"

namespace sagasu {

StopWords StopWords::Parse(std::string_view text, const FoldOptions& fold) {
  StopWords sw;
  const Normalizer& normalizer = Normalizer::Get();
  std::string normalized;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = TrimAscii(line);
    if (line.empty()) continue;
    normalizer.Normalize(line, &normalized, nullptr, fold);
    sw.words_.insert(normalized);
  }
  return sw;
}

Status StopWords::Load(const std::string& option, StopWords* out, const FoldOptions& fold) {
  if (option.empty()) {
    *out = Parse(kBuiltinStopwords, fold);
    return Status::OK();
  }
  if (option == "-") {
    *out = StopWords();
    return Status::OK();
  }
  std::ifstream in(option, std::ios::binary);
  if (!in) return Status::IOError("[analyzer][stopwords] cannot read " + option);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError("[analyzer][stopwords] read error in " + option);
  *out = Parse(ss.str(), fold);
  return Status::OK();
}

std::uint64_t StopWords::Hash() const {
  std::vector<std::string_view> sorted(words_.begin(), words_.end());
  std::sort(sorted.begin(), sorted.end());
  std::string joined;
  for (std::string_view w : sorted) {
    joined.append(w);
    joined.push_back('\n');
  }
  return XXH3_64bits(joined.data(), joined.size());
}

namespace {

bool AllAsciiAlnum(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiAlnum(c)) return false;
  }
  return true;
}

// Whether `s` has a letter or digit (kana, kanji, Latin, ...).
bool HasWordChar(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0;
  while (i < s.size()) {
    if (p[i] < 0x80) {
      if (IsAsciiAlnum(static_cast<char>(p[i]))) return true;
      ++i;
      continue;
    }
    char32_t c;
    const int len = DecodeUtf8(p + i, s.size() - i, &c);
    if (len <= 0) {
      ++i;
      continue;
    }
    if (c >= 0x3041 && c <= 0x9FFF && c != 0x30FB) return true;  // kana, CJK (fast path)
    if (u_isalnum(static_cast<UChar32>(c))) return true;
    i += static_cast<std::size_t>(len);
  }
  return false;
}

bool IsSingleHiragana(std::string_view s) {
  if (s.size() != 3) return false;
  char32_t c;
  return DecodeUtf8(reinterpret_cast<const unsigned char*>(s.data()), 3, &c) == 3 && IsHiragana(c);
}

bool In(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

}  // namespace

std::string_view StemKatakana(std::string_view term) {
  constexpr std::string_view kLong = "\xE3\x83\xBC";  // ー
  if (term.size() < 4 * 3 || term.substr(term.size() - 3) != kLong) return term;
  const auto* p = reinterpret_cast<const unsigned char*>(term.data());
  std::size_t chars = 0;
  for (std::size_t i = 0; i < term.size();) {
    char32_t c;
    const int len = DecodeUtf8(p + i, term.size() - i, &c);
    if (len <= 0 || !IsKatakanaWordChar(c)) return term;
    i += static_cast<std::size_t>(len);
    ++chars;
  }
  if (chars < 4) return term;
  return term.substr(0, term.size() - 3);
}

PosDecision ClassifyPos(const Features& f, bool unknown) {
  const std::string_view pos1 = f[kPos1];
  if (pos1 == "記号") return {PosClass::kSymbol, {}, {}};
  if (unknown) return {PosClass::kSurface, {}, {}};
  const std::string_view pos2 = f[kPos2];
  if (pos1 == "名詞") {
    if (In(pos2, {"非自立", "代名詞", "特殊", "動詞非自立的"})) return {PosClass::kDropped, {}, {}};
    if (pos2 == "接尾" && In(f[kPos3], {"特殊", "助動詞語幹"})) return {PosClass::kDropped, {}, {}};
    return {PosClass::kSurface, {}, f[kReading]};
  }
  if (pos1 == "動詞" || pos1 == "形容詞") {
    if (pos2 != "自立") return {PosClass::kDropped, {}, {}};
    const std::string_view base = f[kBase];
    if (!base.empty() && base != "*") return {PosClass::kBase, base, {}};
    return {PosClass::kSurface, {}, {}};
  }
  if (pos1 == "副詞") return {PosClass::kSurface, {}, f[kReading]};
  // 助詞, 助動詞, 接続詞, 連体詞, 感動詞, 接頭詞, フィラー, その他.
  return {PosClass::kDropped, {}, {}};
}

TokenDecision DecideToken(const PosDecision& pos, std::string_view surface, std::string_view* term) {
  if (pos.cls == PosClass::kSymbol || !HasWordChar(surface)) return TokenDecision::kSymbol;
  if (pos.cls == PosClass::kDropped) return TokenDecision::kDropped;
  *term = pos.cls == PosClass::kBase ? pos.base : surface;
  return TokenDecision::kTerm;
}

TokenDecision ClassifyToken(const Features& f, bool unknown, std::string_view surface, std::string_view* term) {
  return DecideToken(ClassifyPos(f, unknown), surface, term);
}

const PosDecision& TermBuilder::CachedPos(const RawToken& token) {
  // MeCab's feature strings live in the mmapped dictionaries, one per
  // distinct feature, so the pointer identifies the POS decision. Reading
  // the feature costs a cache miss per token; this cache avoids most.
  const auto key = reinterpret_cast<std::uintptr_t>(token.feature);
  PosCacheEntry& e = pos_cache_[(key * 0x9E3779B97F4A7C15ull) >> (64 - kPosCacheBits)];
  if (e.feature != token.feature || e.unknown != token.unknown) {
    ParseFeatures(token.feature, &features_);
    e.feature = token.feature;
    e.unknown = token.unknown;
    e.decision = ClassifyPos(features_, token.unknown);
  }
  return e.decision;
}

void TermBuilder::Reset(std::string_view normalized, Position first_position, std::vector<Term>* out,
                        std::vector<Source>* sources) {
  text_ = normalized;
  out_ = out;
  sources_ = sources;
  next_position_ = first_position;
  ordinal_ = 0;
  last_end_ = 0;
  group_open_ = false;
  group_text_.clear();
  sep_pending_ = false;
}

void TermBuilder::Emit(std::string_view text, std::uint32_t begin, std::uint32_t end, Position position,
                       std::uint32_t first_token, std::uint32_t last_token, bool base_form,
                       std::string_view reading) {
  if (IsSingleHiragana(text) || stop_words_->Contains(text)) return;
  if (fold_->okurigana && !reading.empty()) {
    if (std::string key = OkuriganaKey(text, reading); !key.empty()) {
      folded_ = std::move(key);
      text = folded_;
    }
  }
  if (fold_->kana && !base_form && IsHiraganaWord(text)) {
    folded_.assign(text);
    FoldHiraganaToKatakana(&folded_);
    text = folded_;
  }
  if (fold_->digits && !text.empty() && IsAsciiDigit(text.front())) {
    if (std::string plain = UngroupDigits(text); !plain.empty()) {
      folded_ = std::move(plain);
      text = folded_;
    }
  }
  text = StemKatakana(text);
  Term& t = out_->emplace_back();
  t.text.assign(text);
  t.position = position;
  t.begin = begin;
  t.end = end;
  if (sources_ != nullptr) sources_->push_back(Source{first_token, last_token});
}

void TermBuilder::Flush() {
  if (group_open_) {
    group_open_ = false;
    Emit(group_text_, group_begin_, group_end_, next_position_++, group_first_, group_last_);
  }
  if (sep_pending_) {
    sep_pending_ = false;
    AddSingle(sep_token_, sep_ordinal_);
  }
}

void TermBuilder::Add(const RawToken& token) {
  const std::uint32_t ordinal = ordinal_++;
  const bool gap = token.begin != last_end_;
  last_end_ = token.end;
  const std::string_view surface = text_.substr(token.begin, token.end - token.begin);

  if (AllAsciiAlnum(surface)) {
    if (group_open_ && !gap && (!sep_pending_ || IsAsciiDigit(surface.front()))) {
      if (sep_pending_) {  // 1 . 4 -> 1.4
        group_text_.append(text_.substr(sep_token_.begin, sep_token_.end - sep_token_.begin));
        sep_pending_ = false;
      }
      group_text_.append(surface);
      group_end_ = token.end;
      group_last_ = ordinal;
      return;
    }
    Flush();
    group_open_ = true;
    group_text_.assign(surface);
    group_begin_ = token.begin;
    group_end_ = token.end;
    group_first_ = group_last_ = ordinal;
    return;
  }
  if (group_open_ && !sep_pending_ && !gap && (surface == "." || surface == ",") && IsAsciiDigit(group_text_.back())) {
    sep_pending_ = true;
    sep_token_ = token;
    sep_ordinal_ = ordinal;
    return;
  }
  Flush();
  AddSingle(token, ordinal);
}

void TermBuilder::AddSingle(const RawToken& token, std::uint32_t ordinal) {
  const std::string_view surface = text_.substr(token.begin, token.end - token.begin);
  std::string_view term;
  const PosDecision& pos = CachedPos(token);
  switch (DecideToken(pos, surface, &term)) {
    case TokenDecision::kSymbol:
      return;
    case TokenDecision::kDropped:
      ++next_position_;
      return;
    case TokenDecision::kTerm:
      Emit(term, token.begin, token.end, next_position_++, ordinal, ordinal, pos.cls == PosClass::kBase,
           pos.cls == PosClass::kSurface ? pos.reading : std::string_view());
      return;
  }
}

Position TermBuilder::Finish() {
  Flush();
  return next_position_;
}

}  // namespace sagasu
