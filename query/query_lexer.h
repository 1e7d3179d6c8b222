// The first stage of query parsing: the query text cut into tokens, before
// any meaning is given to them or any text is analyzed (query_parser.h gives
// the syntax and the meaning).
//
// A token is an optional modifier, an optional field and a value:
//
//   [+|-][field:]value   or   [+|-][field:]"quoted value"
//
// Tokens are separated by whitespace: ASCII space, tab, CR, LF and the
// ideographic space U+3000. A quote also ends an unquoted value.
//   - '+' or '-' is a modifier only when a non-space follows; a lone '-' is
//     a value of its own.
//   - A field is ASCII letters and '_' followed by ':' and a non-space, so
//     "tag:" at the end or before a space is a plain value, and
//     "http://example.com" is field "http" with value "//example.com".
//   - Quotes may be ASCII " or full-width ＂ “ ”; any of them closes a quoted
//     value. An unbalanced quote runs to the end of the text, with a warning.
//   - An unquoted value ending in * (or ＊) is a prefix (`kube*`, `ベンチ*`):
//     the star is dropped and QueryToken::prefix set; a value of stars
//     alone is dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sagasu {

struct QueryToken {
  enum class Modifier { kNone, kPlus, kMinus };
  Modifier modifier = Modifier::kNone;
  std::string field;       // lowercased ASCII; empty when there is none
  std::string_view value;  // into the lexed text, without quotes; never empty
  bool quoted = false;
  bool prefix = false;     // the value ended in *: match words it begins
};

// Cuts `text` into tokens, in order. Tokens whose value is empty (`""`,
// `tag:""`) are dropped. Appends a warning for an unbalanced quote.
std::vector<QueryToken> LexQuery(std::string_view text, std::vector<std::string>* warnings);

}  // namespace sagasu
