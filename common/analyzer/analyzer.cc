#include "common/analyzer/analyzer.h"

#include <unicode/uchar.h>
#include <xxhash.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <utility>

#include "common/analyzer/mecab_tokenizer.h"
#include "common/analyzer/normalizer.h"
#include "common/analyzer/reading.h"
#include "common/analyzer/term_policy.h"

namespace sagasu {

namespace {

namespace fs = std::filesystem;

std::string Hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Reads up to `limit` bytes of `path` into *out.
Status ReadPrefix(const std::string& path, std::size_t limit, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("[analyzer] cannot read " + path);
  out->assign(limit, '\0');
  in.read(out->data(), static_cast<std::streamsize>(limit));
  out->resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return Status::IOError("[analyzer] read error in " + path);
  return Status::OK();
}

// Identifies the system dictionary by content, not by path (an index stays
// valid when the same dictionary is installed elsewhere): sys.dic size and
// header (which holds its version, charset and table sizes), dicrc, unk.dic,
// char.bin, matrix.bin size.
Status HashSystemDictionary(const std::string& dicdir, std::uint64_t* out) {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  std::string buf;
  Status status;
  for (const char* name : {"sys.dic", "matrix.bin", "dicrc", "unk.dic", "char.bin"}) {
    const std::string path = (fs::path(dicdir) / name).string();
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) {
      status = Status::IOError("[analyzer] cannot stat " + path + ": " + ec.message());
      break;
    }
    const std::string head = std::string(name) + ":" + std::to_string(size) + ";";
    XXH3_64bits_update(st, head.data(), head.size());
    const bool whole = std::string_view(name) != "sys.dic" && std::string_view(name) != "matrix.bin";
    status = ReadPrefix(path, whole ? static_cast<std::size_t>(size) : 64 * 1024, &buf);
    if (!status.ok()) break;
    XXH3_64bits_update(st, buf.data(), buf.size());
  }
  *out = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  return status;
}

Status HashFile(const std::string& path, std::uint64_t* out) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return Status::IOError("[analyzer] cannot stat " + path + ": " + ec.message());
  std::string buf;
  SAGASU_RETURN_IF_ERROR(ReadPrefix(path, static_cast<std::size_t>(size), &buf));
  *out = XXH3_64bits(buf.data(), buf.size());
  return Status::OK();
}

// Bump when normalization, tokenization, term or reading rules change how
// text is cut. 2: the folding rules (fold.h); 3: the reading stream
// (common/analyzer/reading.h).
constexpr int kAnalyzerVersion = 3;

class AnalyzerImpl;

class SessionImpl final : public AnalyzerSession {
 public:
  explicit SessionImpl(const AnalyzerImpl* analyzer);
  Position Analyze(std::string_view text, Position first_position, bool with_offsets,
                   std::vector<Term>* out) override;
  Position AnalyzeWithReading(std::string_view text, Position first_position, bool with_offsets,
                              std::vector<Term>* out, ReadingText* reading) override;
  std::vector<TokenInfo> Tokens(std::string_view text) override;
  std::vector<Status> TakeChunkErrors() override { return std::exchange(chunk_errors_, {}); }
  std::string_view normalized() const override { return grams_text_.empty() ? normalized_ : grams_text_; }
  const FoldOptions& fold() const override { return fold_; }

 private:
  // Normalizes `text` into normalized_ (and the gram text).
  void Normalize(std::string_view text, OffsetMap* map);

  // Tokenizes normalized_ chunk by chunk, calling `fn(const RawToken&)`;
  // a chunk MeCab fails on is skipped and its error kept in chunk_errors_.
  template <typename Fn>
  void ForEachToken(Fn&& fn);

  const FoldOptions fold_;
  MecabTokenizer tokenizer_;
  TermBuilder builder_;
  ReadingBuilder readings_;
  std::string normalized_;
  std::string grams_text_;  // normalized_ with hiragana folded (kana rule), else empty
  OffsetMap map_;
  std::vector<RawToken> tokens_;
  std::vector<TermBuilder::Source> sources_;
  std::vector<Status> chunk_errors_;
};

class AnalyzerImpl final : public Analyzer {
 public:
  const std::string& Fingerprint() const override { return fingerprint_; }
  std::string Describe() const override { return description_; }
  const FoldOptions& fold() const override { return fold_; }
  const std::vector<std::string>& user_dics() const override { return user_dics_; }
  std::unique_ptr<AnalyzerSession> NewSession() const override { return std::make_unique<SessionImpl>(this); }

  std::unique_ptr<MecabModel> model_;
  StopWords stop_words_;
  FoldOptions fold_;
  std::vector<std::string> user_dics_;
  std::string fingerprint_;
  std::string description_;
};

SessionImpl::SessionImpl(const AnalyzerImpl* analyzer)
    : fold_(analyzer->fold_), tokenizer_(*analyzer->model_), builder_(&analyzer->stop_words_, &fold_), readings_(&fold_) {}

void SessionImpl::Normalize(std::string_view text, OffsetMap* map) {
  Normalizer::Get().Normalize(text, &normalized_, map, fold_);
  grams_text_.clear();
  if (fold_.kana) {
    grams_text_ = normalized_;
    FoldHiraganaToKatakana(&grams_text_);
  }
}

template <typename Fn>
void SessionImpl::ForEachToken(Fn&& fn) {
  const std::string_view text = normalized_;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = NextChunkEnd(text, pos);
    const Status status = tokenizer_.Tokenize(text.substr(pos, end - pos), static_cast<std::uint32_t>(pos), &tokens_);
    if (!status.ok()) {
      // The chunk is left out rather than failing the whole text; the caller
      // sees why through TakeChunkErrors().
      chunk_errors_.push_back(status);
    } else {
      for (const RawToken& t : tokens_) fn(t);
    }
    pos = end;
  }
}

Position SessionImpl::Analyze(std::string_view text, Position first_position, bool with_offsets,
                              std::vector<Term>* out) {
  return AnalyzeWithReading(text, first_position, with_offsets, out, nullptr);
}

Position SessionImpl::AnalyzeWithReading(std::string_view text, Position first_position, bool with_offsets,
                                         std::vector<Term>* out, ReadingText* reading) {
  Normalize(text, with_offsets ? &map_ : nullptr);
  const std::size_t first_new = out->size();
  builder_.Reset(normalized_, first_position, out, nullptr);
  if (reading == nullptr) {
    ForEachToken([this](const RawToken& t) { builder_.Add(t); });
  } else {
    readings_.Reset(normalized_, reading);
    ForEachToken([&](const RawToken& t) {
      builder_.Add(t);
      if (with_offsets) {
        readings_.Add(t, map_.Begin(t.begin), map_.End(t.end));
      } else {
        readings_.Add(t, 0, 0);
      }
    });
  }
  const Position next = builder_.Finish();
  for (std::size_t i = first_new; i < out->size(); ++i) {
    Term& t = (*out)[i];
    if (with_offsets) {
      const ByteOffset b = map_.Begin(t.begin);
      t.end = map_.End(t.end);
      t.begin = b;
    } else {
      t.begin = t.end = 0;
    }
  }
  return next;
}

std::vector<TokenInfo> SessionImpl::Tokens(std::string_view text) {
  Normalize(text, &map_);
  std::vector<TokenInfo> infos;
  std::vector<Term> terms;
  sources_.clear();
  builder_.Reset(normalized_, 0, &terms, &sources_);
  Features f;
  ForEachToken([&](const RawToken& t) {
    builder_.Add(t);
    ParseFeatures(t.feature, &f);
    TokenInfo& info = infos.emplace_back();
    info.surface.assign(normalized_, t.begin, t.end - t.begin);
    info.base = f[kBase].empty() ? "*" : std::string(f[kBase]);
    for (IpadicColumn c : {kPos1, kPos2, kPos3, kPos4}) {
      if (f[c].empty() || f[c] == "*") break;
      if (!info.pos.empty()) info.pos += ',';
      info.pos += f[c];
    }
    if (!f[kReading].empty() && f[kReading] != "*") info.reading = f[kReading];
    info.begin = map_.Begin(t.begin);
    info.end = map_.End(t.end);
    info.is_term = false;
  });
  builder_.Finish();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    for (std::uint32_t k = sources_[i].first_token; k <= sources_[i].last_token && k < infos.size(); ++k) {
      infos[k].is_term = true;
      infos[k].term = terms[i].text;
    }
  }
  return infos;
}

}  // namespace

Position AnalyzerSession::AnalyzeWithReading(std::string_view text, Position first_position, bool with_offsets,
                                             std::vector<Term>* out, ReadingText* reading) {
  if (reading != nullptr) reading->clear();
  return Analyze(text, first_position, with_offsets, out);
}

Analyzer::~Analyzer() = default;

Status Analyzer::Open(const AnalyzerOptions& options, std::unique_ptr<Analyzer>* out) {
  auto a = std::make_unique<AnalyzerImpl>();
  const std::string dicdir = options.dicdir.empty() ? DefaultDicdir() : options.dicdir;

  std::vector<std::string> user_dics;
  if (options.use_builtin_user_dic) {
    std::string builtin;
    SAGASU_RETURN_IF_ERROR(BuiltinUserDicPath(&builtin));
    user_dics.push_back(builtin);
  }
  user_dics.insert(user_dics.end(), options.user_dics.begin(), options.user_dics.end());

  SAGASU_RETURN_IF_ERROR(MecabModel::Open(dicdir, user_dics, &a->model_));
  SAGASU_RETURN_IF_ERROR(StopWords::Load(options.stopwords_file, &a->stop_words_, options.fold));
  a->fold_ = options.fold;
  a->user_dics_ = user_dics;

  // Fingerprint: version; Unicode version (NFKC data); dictionaries by
  // content; stop words.
  std::uint64_t sys_hash = 0;
  SAGASU_RETURN_IF_ERROR(HashSystemDictionary(dicdir, &sys_hash));
  UVersionInfo uv;
  u_getUnicodeVersion(uv);
  std::string fp = "sagasu-analyzer/" + std::to_string(kAnalyzerVersion) + " unicode=" + std::to_string(uv[0]) +
                   "." + std::to_string(uv[1]) + " sys=" + Hex64(sys_hash) + " user=";
  for (std::size_t i = 0; i < user_dics.size(); ++i) {
    std::uint64_t h = 0;
    SAGASU_RETURN_IF_ERROR(HashFile(user_dics[i], &h));
    fp += (i ? "," : "") + Hex64(h);
  }
  if (user_dics.empty()) fp += "none";
  fp += " stop=" + Hex64(a->stop_words_.Hash());
  // The folding rules by name, and the variant table by content.
  fp += " fold=" + options.fold.Describe();
  if (options.fold.kanji) fp += " variants=" + Hex64(XXH3_64bits(kBuiltinKanjiVariants.data(), kBuiltinKanjiVariants.size()));
  a->fingerprint_ = std::move(fp);

  a->description_ = "dicdir: " + dicdir + "\n" + a->model_->Describe() + "\nstop words: " +
                    (options.stopwords_file.empty() ? std::string("built-in (dicts/stopwords.txt)")
                     : options.stopwords_file == "-" ? std::string("none")
                                                     : options.stopwords_file) +
                    ", " + std::to_string(a->stop_words_.size()) + " words\nfolding rules: " + options.fold.Describe() +
                    "\nfingerprint: " + a->fingerprint_;
  *out = std::move(a);
  return Status::OK();
}

}  // namespace sagasu
