#include "query/query_lexer.h"

#include "common/text/ascii.h"

namespace sagasu {

namespace {

// Whitespace: ASCII space/tab/newline and the ideographic space U+3000.
std::size_t SpaceLen(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (s.compare(i, 3, "\u3000") == 0) return 3;
  return 0;
}

// Quote length at i (", ＂, “, ”), or 0.
std::size_t QuoteLen(std::string_view s, std::size_t i) {
  if (s[i] == '"') return 1;
  if (s.compare(i, 3, "\uFF02") == 0 || s.compare(i, 3, "\u201C") == 0 || s.compare(i, 3, "\u201D") == 0) return 3;
  return 0;
}

bool IsFieldChar(char c) { return IsAsciiAlpha(c) || c == '_'; }

// One pass over the text; each Read* consumes its part of a token at i_.
class Lexer {
 public:
  Lexer(std::string_view text, std::vector<std::string>* warnings) : s_(text), warnings_(warnings) {}

  std::vector<QueryToken> Run() {
    std::vector<QueryToken> tokens;
    while (i_ < s_.size()) {
      if (std::size_t sp = SpaceLen(s_, i_)) {
        i_ += sp;
        continue;
      }
      QueryToken t;
      t.modifier = ReadModifier();
      t.field = ReadField();
      ReadValue(&t);
      if (!t.value.empty()) tokens.push_back(std::move(t));
    }
    return tokens;
  }

 private:
  // True when i is inside the text and not at whitespace.
  bool NonSpaceAt(std::size_t i) const { return i < s_.size() && !SpaceLen(s_, i); }

  QueryToken::Modifier ReadModifier() {
    if ((s_[i_] != '-' && s_[i_] != '+') || !NonSpaceAt(i_ + 1)) return QueryToken::Modifier::kNone;
    return s_[i_++] == '-' ? QueryToken::Modifier::kMinus : QueryToken::Modifier::kPlus;
  }

  std::string ReadField() {
    std::size_t j = i_;
    while (j < s_.size() && IsFieldChar(s_[j])) ++j;
    if (j == i_ || j >= s_.size() || s_[j] != ':' || !NonSpaceAt(j + 1)) return {};
    std::string field = ToLowerAscii(s_.substr(i_, j - i_));
    i_ = j + 1;
    return field;
  }

  void ReadValue(QueryToken* t) {
    if (std::size_t open = QuoteLen(s_, i_)) {
      ReadQuoted(open, t);
      return;
    }
    const std::size_t start = i_;
    while (i_ < s_.size() && !SpaceLen(s_, i_) && !QuoteLen(s_, i_)) ++i_;
    t->value = s_.substr(start, i_ - start);
    // A trailing * (or ＊) makes a prefix; a value of stars alone is none.
    for (std::string_view star : {std::string_view("*"), std::string_view("\uFF0A")}) {
      if (t->value.size() > star.size() && t->value.ends_with(star)) {
        t->value.remove_suffix(star.size());
        t->prefix = true;
        break;
      }
    }
    while (t->value.ends_with('*')) t->value.remove_suffix(1);
  }

  // The value from after the opening quote (`open` bytes) to the next quote.
  void ReadQuoted(std::size_t open, QueryToken* t) {
    t->quoted = true;
    const std::size_t start = i_ + open;
    for (std::size_t j = start; j < s_.size(); ++j) {
      if (std::size_t close = QuoteLen(s_, j)) {
        t->value = s_.substr(start, j - start);
        i_ = j + close;
        return;
      }
    }
    warnings_->push_back("unbalanced quote: the phrase runs to the end of the query");
    t->value = s_.substr(start);
    i_ = s_.size();
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<std::string>* warnings_;
};

}  // namespace

std::vector<QueryToken> LexQuery(std::string_view text, std::vector<std::string>* warnings) {
  return Lexer(text, warnings).Run();
}

}  // namespace sagasu
