// Byte encodings used by the on-disk format: LEB128 varints, fixed-width
// little-endian integers and big-endian keys (big-endian so that RocksDB's
// bytewise order equals numeric order).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sagasu {

inline void PutVarint32(std::string* dst, std::uint32_t v) {
  char buf[5];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}

inline void PutVarint64(std::string* dst, std::uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}

// Zig-zag signed varint.
inline void PutVarsint64(std::string* dst, std::int64_t v) {
  PutVarint64(dst, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

inline void PutLengthPrefixed(std::string* dst, std::string_view s) {
  PutVarint32(dst, static_cast<std::uint32_t>(s.size()));
  dst->append(s.data(), s.size());
}

inline void PutFixed32BE(std::string* dst, std::uint32_t v) {
  char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                 static_cast<char>(v)};
  dst->append(buf, 4);
}

inline std::uint32_t DecodeFixed32BE(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) | u[3];
}

inline void PutFixed64(std::string* dst, std::uint64_t v) {
  char buf[8];
  std::memcpy(buf, &v, 8);  // little-endian hosts only (x86-64, aarch64)
  dst->append(buf, 8);
}

inline std::uint64_t DecodeFixed64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Reads from a byte range; every Get* returns false on truncated or
// malformed input and leaves the reader in a failed state.
class Decoder {
 public:
  Decoder() = default;
  explicit Decoder(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}
  Decoder(const char* p, const char* end) : p_(p), end_(end) {}

  bool GetVarint32(std::uint32_t* v) {
    std::uint32_t result = 0;
    for (int shift = 0; shift <= 28 && p_ < end_; shift += 7) {
      std::uint32_t byte = static_cast<unsigned char>(*p_++);
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) {
        *v = result;
        return true;
      }
    }
    return Fail();
  }
  // `n` varints into out[0, n), as n calls of GetVarint32 would read them.
  // Postings are mostly one-byte varints (document gaps, frequencies, gaps
  // of positions), so eight bytes without a continuation bit are taken at
  // once.
  bool GetVarint32Array(std::uint32_t* out, std::size_t n) {
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    std::size_t i = 0;
    while (i < n) {
      if constexpr (std::endian::native == std::endian::little) {
        if (n - i >= 8 && end_ - p_ >= 8) {
          std::uint64_t w;
          std::memcpy(&w, p_, 8);
          if ((w & kHigh) == 0) {
            for (int k = 0; k < 8; ++k) out[i + k] = static_cast<std::uint32_t>((w >> (8 * k)) & 0xff);
            i += 8;
            p_ += 8;
            continue;
          }
        }
      }
      if (!GetVarint32(&out[i])) return false;
      ++i;
    }
    return true;
  }
  // Unchecked fast path for trusted, already validated blocks.
  std::uint32_t Varint32Fast() {
    std::uint32_t byte = static_cast<unsigned char>(*p_++);
    if (byte < 0x80) return byte;
    std::uint32_t result = byte & 0x7f;
    for (int shift = 7;; shift += 7) {
      byte = static_cast<unsigned char>(*p_++);
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  }
  bool GetVarint64(std::uint64_t* v) {
    std::uint64_t result = 0;
    for (int shift = 0; shift <= 63 && p_ < end_; shift += 7) {
      std::uint64_t byte = static_cast<unsigned char>(*p_++);
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) {
        *v = result;
        return true;
      }
    }
    return Fail();
  }
  bool GetVarsint64(std::int64_t* v) {
    std::uint64_t u;
    if (!GetVarint64(&u)) return false;
    *v = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  bool GetLengthPrefixed(std::string_view* s) {
    std::uint32_t n;
    if (!GetVarint32(&n)) return false;
    if (static_cast<std::size_t>(end_ - p_) < n) return Fail();
    *s = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  bool GetByte(std::uint8_t* v) {
    if (p_ >= end_) return Fail();
    *v = static_cast<std::uint8_t>(*p_++);
    return true;
  }
  bool GetFixed64(std::uint64_t* v) {
    if (end_ - p_ < 8) return Fail();
    *v = DecodeFixed64(p_);
    p_ += 8;
    return true;
  }
  bool Skip(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) return Fail();
    p_ += n;
    return true;
  }

  const char* data() const { return p_; }
  const char* end() const { return end_; }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  bool empty() const { return p_ == end_; }

 private:
  bool Fail() {
    p_ = end_;
    return false;
  }
  const char* p_ = nullptr;
  const char* end_ = nullptr;
};

}  // namespace sagasu
