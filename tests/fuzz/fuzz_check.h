// Helpers for the fuzz targets (tests/fuzz/*_fuzz.cc).
//
// A target is a libFuzzer entry point, LLVMFuzzerTestOneInput, that checks
// invariants and aborts when one fails: FUZZ_CHECK prints the condition and
// the input's size, then calls abort(), which libFuzzer reports as a crash
// and saves the input; replay_main.cc (the plain driver) reports the file.
// Exceptions are checked the same way: every target wraps its body in
// FUZZ_NO_THROW, since the engine reports errors as Status and an exception
// escaping it is a bug.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "common/text/utf8.h"
#include "sagasu/types.h"

#define FUZZ_CHECK(cond, what)                                                                   \
  do {                                                                                           \
    if (!(cond)) {                                                                               \
      std::fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n  (%s)\n", __FILE__, __LINE__,    \
                   #cond, std::string(what).c_str());                                            \
      std::abort();                                                                              \
    }                                                                                            \
  } while (0)

// Runs `body` (a lambda); an exception escaping it fails the target.
template <typename Fn>
void FuzzNoThrow(const char* what, Fn&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: exception escaped %s: %s\n", what, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz: non-standard exception escaped %s\n", what);
    std::abort();
  }
}

inline std::string_view AsText(const unsigned char* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Whether two parses of a post agree on every field a source fills.
inline bool SameArticle(const sagasu::Article& a, const sagasu::Article& b) {
  return a.id == b.id && a.title == b.title && a.body == b.body && a.tags == b.tags &&
         a.categories == b.categories && a.author == b.author && a.excerpt == b.excerpt && a.url == b.url &&
         a.date == b.date;
}
