// MeCab tokenization, the second stage of the analysis pipeline.
//
// MecabModel is the one shared MeCab::Model (system + user dictionaries);
// MecabTokenizer is the per-session tagger and lattice. MeCab headers stay in
// mecab_tokenizer.cc. Input is normalized text (see normalizer.h); all
// offsets here are bytes of the normalized text.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace MeCab {
class Model;
class Tagger;
class Lattice;
}  // namespace MeCab

namespace sagasu {

// IPAdic feature columns, 0-based, in MeCab's comma-separated feature string
// ("名詞,固有名詞,組織,*,*,*,openai,オープンエーアイ,オープンエーアイ").
// This is the ONLY place that knows the column layout; UniDic would differ.
// Unknown words carry only the first 7 columns (no reading/pronunciation).
enum IpadicColumn : int {
  kPos1 = 0,           // 名詞, 動詞, 助詞, 記号, ...
  kPos2 = 1,           // 一般, 固有名詞, 自立, 非自立, ...
  kPos3 = 2,
  kPos4 = 3,
  kConjType = 4,       // 活用型
  kConjForm = 5,       // 活用形
  kBase = 6,           // 原形 (base form), "*" when unknown
  kReading = 7,        // 読み, katakana
  kPronunciation = 8,  // 発音
  kIpadicColumnCount = 9,
};

// A parsed feature string. Missing columns are empty; quotes around a CSV
// field (possible in user dictionaries) are removed. Views point into the
// feature string.
struct Features {
  std::array<std::string_view, kIpadicColumnCount> col;
  std::string_view operator[](IpadicColumn c) const { return col[c]; }
};
void ParseFeatures(const char* feature, Features* out);

// One MeCab node.
struct RawToken {
  std::uint32_t begin;  // byte range in the normalized text
  std::uint32_t end;
  const char* feature;  // NUL-terminated; valid while the MecabModel lives
  bool unknown;         // MeCab's unknown-word node (not in any dictionary)
};

// The system dictionary used when AnalyzerOptions::dicdir is empty: the
// build's SAGASU_MECAB_DICDIR (default /var/lib/mecab/dic/ipadic-utf8).
std::string DefaultDicdir();

// sagasu's own user dictionary (built from dicts/*.csv): $SAGASU_USER_DIC
// when set (IOError if that file is missing), else
// <program prefix>/share/sagasu/sagasu-user.dic (the prefix the running
// program is installed in), else the same beside the prefix libsagasu.so was
// loaded from (the Python and Ruby bindings), else the build tree's
// SAGASU_BUILD_USER_DIC, else
// the configured install prefix's SAGASU_INSTALL_USER_DIC.
// Returns NotFound listing the places tried.
Status BuiltinUserDicPath(std::string* out);

// The MeCab command line sagasu opens a model with: system dictionary
// `dicdir`, its own dicrc as the rc file (never /etc/mecabrc), and
// `user_dics` joined with ',' (so no path may contain ','). argv[0] is
// "sagasu".
std::vector<std::string> MecabArguments(const std::string& dicdir, const std::vector<std::string>& user_dics);

// MeCab::createModel on MecabArguments(dicdir, user_dics). Returns the new
// model (the caller deletes it), or nullptr with MeCab's message in *error.
// For code that drives MeCab directly (the benchmarks); the engine uses
// MecabModel::Open, which checks the files first.
MeCab::Model* CreateMecabModel(const std::string& dicdir, const std::vector<std::string>& user_dics,
                               std::string* error);

// The shared MeCab model. Thread-safe.
class MecabModel {
 public:
  // Opens MeCab on system dictionary `dicdir` plus `user_dics` (paths to
  // .dic files), without reading any mecabrc: the rc file is `dicdir`/dicrc.
  // Returns IOError naming the dictionary when a file is missing or MeCab
  // refuses it, InvalidArgument when a dictionary is not UTF-8.
  static Status Open(const std::string& dicdir, const std::vector<std::string>& user_dics,
                     std::unique_ptr<MecabModel>* out);
  ~MecabModel();
  MecabModel(const MecabModel&) = delete;
  MecabModel& operator=(const MecabModel&) = delete;

  // One line per dictionary: file, charset, entry count.
  std::string Describe() const;

 private:
  friend class MecabTokenizer;
  MecabModel() = default;
  MeCab::Model* model_ = nullptr;
};

// Per-session tagger and lattice. Not thread-safe.
class MecabTokenizer {
 public:
  // REQUIRES: `model` outlives this tokenizer.
  explicit MecabTokenizer(const MecabModel& model);
  ~MecabTokenizer();
  MecabTokenizer(const MecabTokenizer&) = delete;
  MecabTokenizer& operator=(const MecabTokenizer&) = delete;

  // Tags `chunk`, which starts at byte `base` of the whole normalized text,
  // and replaces *out with its nodes (offsets relative to the whole text).
  // Whitespace between nodes shows as a gap between one end and the next
  // begin. Returns Aborted with MeCab's message if tagging fails.
  Status Tokenize(std::string_view chunk, std::uint32_t base, std::vector<RawToken>* out);

 private:
  MeCab::Tagger* tagger_ = nullptr;
  MeCab::Lattice* lattice_ = nullptr;
};

// Long inputs are tagged in chunks so that MeCab's lattice stays small.
// Default chunk limit in bytes.
inline constexpr std::size_t kMaxChunkBytes = 4096;

// A run of one character class (ASCII letters, digits, hiragana, katakana,
// kanji...) longer than this ends a chunk (see NextChunkEnd).
inline constexpr std::size_t kMaxRunBytes = 256;

// Returns the end of the chunk that starts at `pos`. The window is the next
// `max_bytes`, or less: up to where a run of one character class reaches
// kMaxRunBytes (MeCab's cost grows with the square of such a run). The chunk
// is all of the rest when it fits in the window, else it ends just after the
// last sentence end (。 ! ? \n) in the window, else after the last space or
// tab, else at the last UTF-8 character boundary. Always > pos when
// pos < text.size().
// REQUIRES: max_bytes >= 4.
std::size_t NextChunkEnd(std::string_view text, std::size_t pos, std::size_t max_bytes = kMaxChunkBytes);

}  // namespace sagasu
