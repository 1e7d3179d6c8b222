#include "common/analyzer/user_dic_entries.h"

#include <xxhash.h>

#include <cstring>
#include <fstream>

#include "common/coding.h"

namespace sagasu {

namespace {

// MeCab's dictionary file (dictionary.cpp): the magic number is this id
// xor the file size.
constexpr std::uint32_t kDictionaryMagicId = 0xef718f77u;
constexpr std::size_t kHeaderBytes = 10 * 4 + 32;  // ten uint32 fields, then the charset
constexpr std::size_t kTokenBytes = 16;            // lcAttr, rcAttr, posid, wcost (u16 each), feature, compound (u32)
constexpr std::size_t kUnitBytes = 8;              // Darts unit: int32 base, uint32 check

std::uint32_t U32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);  // MeCab writes host order; Debian's MeCab and ours agree
  return v;
}

// Walks the double array of one dictionary file.
class DicReader {
 public:
  DicReader(const std::string& path, std::string_view file) : path_(path), file_(file) {}

  Status Read(UserDicEntries* out) {
    if (file_.size() < kHeaderBytes) return Bad("shorter than a MeCab dictionary header");
    if ((U32(file_.data()) ^ kDictionaryMagicId) != file_.size()) return Bad("not a MeCab dictionary (bad magic)");
    const std::uint32_t dsize = U32(file_.data() + 6 * 4);
    const std::uint32_t tsize = U32(file_.data() + 7 * 4);
    const std::uint32_t fsize = U32(file_.data() + 8 * 4);
    if (std::uint64_t{kHeaderBytes} + dsize + tsize + fsize > file_.size() || dsize % kUnitBytes != 0 ||
        tsize % kTokenBytes != 0) {
      return Bad("section sizes exceed the file");
    }
    units_ = file_.substr(kHeaderBytes, dsize);
    tokens_ = file_.substr(kHeaderBytes + dsize, tsize);
    features_ = file_.substr(kHeaderBytes + dsize + tsize, fsize);
    if (units_.empty()) return Status::OK();
    std::string key;
    return Walk(Base(0), &key, 0, out);
  }

 private:
  Status Bad(const std::string& what) const { return Status::Corruption("[user dic] " + path_ + ": " + what); }
  std::size_t units() const { return units_.size() / kUnitBytes; }
  std::int32_t Base(std::size_t i) const { return static_cast<std::int32_t>(U32(units_.data() + i * kUnitBytes)); }
  std::uint32_t Check(std::size_t i) const { return U32(units_.data() + i * kUnitBytes + 4); }

  // Darts: from a node whose base is b, byte c leads to unit b + c + 1 when
  // that unit's check is b; the key ends at the node when unit b has check
  // b and a negative base, -(value) - 1.
  Status Walk(std::int32_t b, std::string* key, int depth, UserDicEntries* out) {
    if (depth > 1024) return Bad("a key longer than 1024 bytes");
    if (b < 0) return Status::OK();
    const std::size_t ub = static_cast<std::size_t>(b);
    if (ub < units() && Check(ub) == static_cast<std::uint32_t>(b) && Base(ub) < 0 && !key->empty()) {
      SAGASU_RETURN_IF_ERROR(AddEntry(*key, static_cast<std::uint32_t>(-Base(ub) - 1), out));
    }
    for (std::size_t c = 1; c < 256; ++c) {
      const std::size_t p = ub + c + 1;
      if (p >= units()) break;
      if (Check(p) != static_cast<std::uint32_t>(b)) continue;
      key->push_back(static_cast<char>(c));
      SAGASU_RETURN_IF_ERROR(Walk(Base(p), key, depth + 1, out));
      key->pop_back();
    }
    return Status::OK();
  }

  // A value names tokens [value >> 8, (value >> 8) + (value & 0xff)).
  Status AddEntry(const std::string& surface, std::uint32_t value, UserDicEntries* out) {
    const std::size_t first = value >> 8, count = value & 0xff;
    if ((first + count) * kTokenBytes > tokens_.size()) return Bad("a token index past the token table");
    XXH3_state_t* st = XXH3_createState();
    XXH3_64bits_reset(st);
    auto it = out->find(surface);
    if (it != out->end()) XXH3_64bits_update(st, &it->second, sizeof(it->second));
    for (std::size_t k = first; k < first + count; ++k) {
      const char* t = tokens_.data() + k * kTokenBytes;
      XXH3_64bits_update(st, t, 8);  // context ids, POS id, cost
      const std::uint32_t feature = U32(t + 8);
      if (feature < features_.size()) {
        const std::string_view f = features_.substr(feature);
        const std::string_view one = f.substr(0, std::min(f.find('\0'), f.size()));
        XXH3_64bits_update(st, one.data(), one.size());
      }
      XXH3_64bits_update(st, "\n", 1);
    }
    (*out)[surface] = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return Status::OK();
  }

  const std::string& path_;
  std::string_view file_;
  std::string_view units_, tokens_, features_;
};

}  // namespace

Status ReadUserDicEntries(const std::string& path, UserDicEntries* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("[user dic] cannot read " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("[user dic] read error in " + path);
  return DicReader(path, bytes).Read(out);
}

std::string EncodeUserDicEntries(const UserDicEntries& entries) {
  std::string out;
  PutVarint32(&out, static_cast<std::uint32_t>(entries.size()));
  for (const auto& [surface, hash] : entries) {
    PutLengthPrefixed(&out, surface);
    PutFixed64(&out, hash);
  }
  return out;
}

Status DecodeUserDicEntries(std::string_view bytes, UserDicEntries* out) {
  out->clear();
  Decoder d(bytes.data(), bytes.data() + bytes.size());
  std::uint32_t n = 0;
  if (!d.GetVarint32(&n)) return Status::Corruption("[user dic] recorded entries: bad count");
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string_view surface;
    std::uint64_t hash = 0;
    if (!d.GetLengthPrefixed(&surface) || !d.GetFixed64(&hash)) {
      return Status::Corruption("[user dic] recorded entries: cut short at entry " + std::to_string(i));
    }
    out->emplace(std::string(surface), hash);
  }
  return Status::OK();
}

std::vector<std::string> ChangedSurfaces(const UserDicEntries& before, const UserDicEntries& after) {
  std::vector<std::string> changed;
  auto a = before.begin();
  auto b = after.begin();
  while (a != before.end() || b != after.end()) {
    if (b == after.end() || (a != before.end() && a->first < b->first)) {
      changed.push_back((a++)->first);  // removed
    } else if (a == before.end() || b->first < a->first) {
      changed.push_back((b++)->first);  // added
    } else {
      if (a->second != b->second) changed.push_back(a->first);  // changed
      ++a;
      ++b;
    }
  }
  return changed;
}

}  // namespace sagasu
