#include "common/analyzer/mecab_tokenizer.h"

#include <dlfcn.h>
#include <mecab.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "common/text/ascii.h"
#include "common/text/utf8.h"

#ifndef SAGASU_BUILD_USER_DIC
#define SAGASU_BUILD_USER_DIC ""
#endif
#ifndef SAGASU_INSTALL_USER_DIC
#define SAGASU_INSTALL_USER_DIC ""
#endif
#ifndef SAGASU_DEFAULT_DICDIR
#define SAGASU_DEFAULT_DICDIR "/var/lib/mecab/dic/ipadic-utf8"
#endif

namespace sagasu {

std::string DefaultDicdir() { return SAGASU_DEFAULT_DICDIR; }

Status BuiltinUserDicPath(std::string* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("SAGASU_USER_DIC"); env != nullptr && *env != '\0') {
    if (!fs::is_regular_file(env, ec)) {
      return Status::IOError(std::string("[analyzer] SAGASU_USER_DIC names a missing file: ") + env);
    }
    *out = env;
    return Status::OK();
  }
  // An installed program finds the dictionary relative to itself
  // (<prefix>/bin/x -> <prefix>/share/sagasu/) first, so that an install
  // with `cmake --install --prefix P` works when P differs from the prefix
  // configured at build time, and uses its own copy while the build tree
  // still exists.
  std::string beside_exe;
  if (fs::path exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
    beside_exe = (exe.parent_path().parent_path() / "share" / "sagasu" / "sagasu-user.dic").string();
  }
  // A program that loads libsagasu.so (Python, Ruby) finds it relative to
  // the library: <prefix>/lib/libsagasu.so.0 (or lib/<multiarch>/) ->
  // <prefix>/share/sagasu/. Linked statically, this is the program itself.
  std::string beside_lib;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&BuiltinUserDicPath), &info) != 0 && info.dli_fname != nullptr) {
    fs::path libdir = fs::absolute(info.dli_fname, ec).parent_path();
    for (const fs::path& prefix : {libdir.parent_path(), libdir.parent_path().parent_path()}) {
      fs::path candidate = prefix / "share" / "sagasu" / "sagasu-user.dic";
      if (fs::is_regular_file(candidate, ec)) {
        beside_lib = candidate.string();
        break;
      }
    }
  }
  for (const char* candidate :
       {beside_exe.c_str(), beside_lib.c_str(), SAGASU_BUILD_USER_DIC, SAGASU_INSTALL_USER_DIC}) {
    if (*candidate != '\0' && fs::is_regular_file(candidate, ec)) {
      *out = candidate;
      return Status::OK();
    }
  }
  return Status::NotFound(std::string("[analyzer] sagasu user dictionary not found (tried $SAGASU_USER_DIC, ") +
                          beside_exe + ", <libsagasu.so's prefix>/share/sagasu/sagasu-user.dic, " +
                          SAGASU_BUILD_USER_DIC + ", " + SAGASU_INSTALL_USER_DIC +
                          "); build target sagasu_user_dic or set use_builtin_user_dic=false");
}

void ParseFeatures(const char* feature, Features* out) {
  out->col.fill(std::string_view());
  if (feature == nullptr) return;
  const char* p = feature;
  for (int c = 0; c < kIpadicColumnCount && *p; ++c) {
    if (*p == '"') {  // quoted CSV field; "" inside stands for one quote (kept as is)
      const char* start = ++p;
      while (*p && !(*p == '"' && p[1] != '"')) p += (*p == '"') ? 2 : 1;
      out->col[c] = std::string_view(start, static_cast<std::size_t>(p - start));
      if (*p == '"') ++p;
    } else {
      const char* start = p;
      while (*p && *p != ',') ++p;
      out->col[c] = std::string_view(start, static_cast<std::size_t>(p - start));
    }
    if (*p != ',') break;
    ++p;
  }
}

std::vector<std::string> MecabArguments(const std::string& dicdir, const std::vector<std::string>& user_dics) {
  // "-r dicrc": MeCab insists on an rc file; the dictionary's own dicrc is
  // one, and /etc/mecabrc (which names the system default dictionary) is
  // never read.
  std::vector<std::string> args = {"sagasu", "-d", dicdir, "-r", (std::filesystem::path(dicdir) / "dicrc").string()};
  std::string user_arg;
  for (const std::string& u : user_dics) {
    if (!user_arg.empty()) user_arg += ',';
    user_arg += u;
  }
  if (!user_arg.empty()) {
    args.push_back("-u");
    args.push_back(user_arg);
  }
  return args;
}

MeCab::Model* CreateMecabModel(const std::string& dicdir, const std::vector<std::string>& user_dics,
                               std::string* error) {
  // argv form, so that paths with spaces survive.
  std::vector<std::string> args = MecabArguments(dicdir, user_dics);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  MeCab::Model* model = MeCab::createModel(static_cast<int>(args.size()), argv.data());
  if (model == nullptr) {
    const char* err = MeCab::getLastError();
    *error = err ? err : "unknown error";
  }
  return model;
}

namespace {

bool IsUtf8Charset(std::string_view charset) {
  std::string s;
  for (char ch : charset) {
    if (ch != '-' && ch != '_') s.push_back(ToLowerAscii(ch));
  }
  return s == "utf8";
}

const char* DicType(int type) {
  switch (type) {
    case MECAB_SYS_DIC: return "system";
    case MECAB_USR_DIC: return "user";
    case MECAB_UNK_DIC: return "unknown-word";
    default: return "?";
  }
}

}  // namespace

Status MecabModel::Open(const std::string& dicdir, const std::vector<std::string>& user_dics,
                        std::unique_ptr<MecabModel>* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string sys_dic = (fs::path(dicdir) / "sys.dic").string();
  const std::string dicrc = (fs::path(dicdir) / "dicrc").string();
  if (!fs::is_regular_file(sys_dic, ec)) {
    return Status::IOError("[analyzer][mecab] no system dictionary in dicdir=" + dicdir + " (missing " + sys_dic + ")");
  }
  if (!fs::is_regular_file(dicrc, ec)) {
    return Status::IOError("[analyzer][mecab] no dicrc in dicdir=" + dicdir + " (missing " + dicrc + ")");
  }
  for (const std::string& u : user_dics) {
    if (!fs::is_regular_file(u, ec)) {
      return Status::IOError("[analyzer][mecab] user dictionary not found: " + u);
    }
    if (u.find(',') != std::string::npos) {
      return Status::InvalidArgument("[analyzer][mecab] user dictionary path contains ',': " + u);
    }
  }
  std::string error;
  MeCab::Model* model = CreateMecabModel(dicdir, user_dics, &error);
  if (model == nullptr) {
    std::string user_arg;
    for (const std::string& u : user_dics) user_arg += (user_arg.empty() ? "" : ",") + u;
    return Status::IOError("[analyzer][mecab] cannot open dicdir=" + dicdir +
                           (user_arg.empty() ? "" : " userdic=" + user_arg) + ": " + error);
  }
  std::unique_ptr<MecabModel> m(new MecabModel());
  m->model_ = model;
  for (const MeCab::DictionaryInfo* info = model->dictionary_info(); info != nullptr; info = info->next) {
    const std::string_view charset = info->charset ? info->charset : "";
    if (!IsUtf8Charset(charset)) {
      return Status::InvalidArgument("[analyzer][mecab] dictionary " + std::string(info->filename ? info->filename : "?") +
                                     " (dicdir=" + dicdir + ") has charset " + std::string(charset) +
                                     "; sagasu needs UTF-8 (e.g. /var/lib/mecab/dic/ipadic-utf8)");
    }
  }
  *out = std::move(m);
  return Status::OK();
}

MecabModel::~MecabModel() { delete model_; }

std::string MecabModel::Describe() const {
  std::string s;
  for (const MeCab::DictionaryInfo* info = model_->dictionary_info(); info != nullptr; info = info->next) {
    if (!s.empty()) s += '\n';
    s += std::string(DicType(info->type)) + " dictionary " + (info->filename ? info->filename : "?") + " (" +
         (info->charset ? info->charset : "?") + ", " + std::to_string(info->size) + " entries)";
  }
  return s;
}

MecabTokenizer::MecabTokenizer(const MecabModel& model)
    : tagger_(model.model_->createTagger()), lattice_(model.model_->createLattice()) {}

MecabTokenizer::~MecabTokenizer() {
  delete lattice_;
  delete tagger_;
}

Status MecabTokenizer::Tokenize(std::string_view chunk, std::uint32_t base, std::vector<RawToken>* out) {
  out->clear();
  if (chunk.empty()) return Status::OK();
  if (tagger_ == nullptr || lattice_ == nullptr) {
    return Status::Aborted("[analyzer][mecab] no tagger or lattice");
  }
  lattice_->set_sentence(chunk.data(), chunk.size());
  if (!tagger_->parse(lattice_)) {
    const char* what = lattice_->what();
    return Status::Aborted("[analyzer][mecab][chunk] parse failed: offset=" + std::to_string(base) +
                           " len=" + std::to_string(chunk.size()) + " err=" + (what ? what : "?"));
  }
  for (const MeCab::Node* node = lattice_->bos_node(); node != nullptr; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
    if (node->length == 0) continue;
    const auto begin = base + static_cast<std::uint32_t>(node->surface - chunk.data());
    out->push_back(RawToken{begin, begin + node->length, node->feature, node->stat == MECAB_UNK_NODE});
  }
  return Status::OK();
}

namespace {

// A rough character class, after the classes of MeCab's char.def: runs of
// one class are what its unknown-word grouping scans. Sets *len to the
// bytes of the character at s[0].
std::uint32_t RoughClass(const unsigned char* s, std::size_t avail, std::size_t* len) {
  if (s[0] < 0x80) {
    *len = 1;
    const char c = static_cast<char>(s[0]);
    return IsAsciiAlpha(c) ? 1 : IsAsciiDigit(c) ? 2 : 3;
  }
  char32_t c = 0;
  const int n = DecodeUtf8(s, avail, &c);
  *len = n > 0 ? static_cast<std::size_t>(n) : static_cast<std::size_t>(-n);
  if (n <= 0) return 4;
  if (c >= 0x3040 && c <= 0x309F) return 5;                                             // hiragana
  if ((c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF)) return 6;           // katakana
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return 7;           // kanji
  return 0x100 + (c >> 8);
}

// The offset in [pos, end] at which a run of one rough class has reached
// kMaxRunBytes (at a character boundary), or `end` when none does.
std::size_t LongRunCut(const unsigned char* s, std::size_t pos, std::size_t end, std::size_t size) {
  std::size_t run_start = pos;
  std::uint32_t run_class = 0xFFFFFFFF;
  for (std::size_t k = pos; k < end;) {
    std::size_t len = 1;
    const std::uint32_t c = RoughClass(s + k, size - k, &len);
    if (c != run_class) {
      run_class = c;
      run_start = k;
    } else if (k - run_start >= kMaxRunBytes && k > pos) {
      return k;
    }
    k += len;
  }
  return end;
}

}  // namespace

std::size_t NextChunkEnd(std::string_view text, std::size_t pos, std::size_t max_bytes) {
  const std::size_t n = text.size();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  // A long run of one character class ends the window: MeCab's unknown-word
  // grouping scans the rest of such a run from each of its characters, so a
  // chunk costs the square of its longest run (10 MB of one letter took 35 s
  // in 4096-byte chunks). Prose has no such runs; blobs and "wwww…" do.
  const std::size_t run_cut = LongRunCut(s, pos, std::min(n, pos + max_bytes), n);
  if (run_cut == n) return n;
  const std::size_t window_end = run_cut;
  // Sentence ends: 。 (E3 80 82), ! ? and newline (full-width ！？ are ASCII
  // after normalization).
  for (std::size_t k = window_end; k > pos + 1; --k) {
    const unsigned char b = s[k - 1];
    if (b == '\n' || b == '!' || b == '?') return k;
    if (b == 0x82 && k - pos >= 3 && s[k - 2] == 0x80 && s[k - 3] == 0xE3) return k;
  }
  for (std::size_t k = window_end; k > pos + 1; --k) {
    if (s[k - 1] == ' ' || s[k - 1] == '\t') return k;
  }
  std::size_t k = window_end;
  while (k > pos + 1 && IsUtf8Continuation(s[k])) --k;
  return k;
}

}  // namespace sagasu
