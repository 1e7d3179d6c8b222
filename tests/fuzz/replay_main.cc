// A main() for the fuzz targets when they are not built with libFuzzer (the
// GCC test build): runs LLVMFuzzerTestOneInput on every file of the corpus
// directories or files given, then on mutations of them (byte flips,
// insertions, deletions, splices, with a fixed random seed) until
// -max_total_time=SECONDS or -runs=N is reached. It accepts libFuzzer's
// command line for those two flags and ignores its other -flags, so ctest
// calls both builds the same way. A failed invariant aborts (fuzz_check.h);
// the driver then writes the input to ./replay-crash-input (ctest runs in
// build/tests/fuzz/) and says where it came from, so it can become a seed.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

const std::string* g_current = nullptr;
const char* g_origin = "";

void OnAbort(int) {
  if (g_current != nullptr) {
    std::ofstream out("replay-crash-input", std::ios::binary);
    out.write(g_current->data(), static_cast<std::streamsize>(g_current->size()));
    std::fprintf(stderr, "replay: failing input (%zu bytes, from %s) written to ./replay-crash-input\n",
                 g_current->size(), g_origin);
  }
  std::signal(SIGABRT, SIG_DFL);
  std::abort();
}

void Run(const std::string& input, const char* origin) {
  g_current = &input;
  g_origin = origin;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  g_current = nullptr;
}

std::string Mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  std::string s = corpus[rng() % corpus.size()];
  int edits = 1 + static_cast<int>(rng() % 8);
  static const char* const kTokens[] = {"\n", "---\n", "+++\n", "{", "}", "\"", ":", "[", "]", "&", "=", "%",
                                        "\\u", "#", "*", "`", "<", ">", "tag:", "title:", "since:", "-", "+",
                                        "ｻｰﾊﾞｰ", "㍻", "\xEF\xBB\xBF", "\xE2\x80\x8B", "\xF0\x9F\x98\x80", "\xC3",
                                        "\xED\xA0\x80", "0", "9999999999999999999", "null", "true", ","};
  for (int i = 0; i < edits; ++i) {
    std::size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0:  // flip a byte
        if (!s.empty()) s[std::min(pos, s.size() - 1)] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:  // random byte
        s.insert(pos, 1, static_cast<char>(rng() & 0xFF));
        break;
      case 2:  // delete a range
        if (!s.empty()) s.erase(std::min(pos, s.size() - 1), 1 + rng() % 16);
        break;
      case 3:  // syntax token
        s.insert(pos, kTokens[rng() % std::size(kTokens)]);
        break;
      case 4: {  // splice another input's piece
        const std::string& o = corpus[rng() % corpus.size()];
        if (!o.empty()) {
          std::size_t b = rng() % o.size();
          s.insert(pos, o.substr(b, 1 + rng() % 64));
        }
        break;
      }
      case 5:  // duplicate a range
        if (!s.empty()) {
          std::size_t b = std::min(pos, s.size() - 1);
          s.insert(b, s.substr(b, 1 + rng() % 32));
        }
        break;
    }
  }
  if (s.size() > 64 * 1024) s.resize(64 * 1024);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double max_seconds = 0;
  long long max_runs = -1;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("-max_total_time=", 0) == 0) {
      max_seconds = std::atof(a.c_str() + 16);
    } else if (a.rfind("-runs=", 0) == 0) {
      max_runs = std::atoll(a.c_str() + 6);
    } else if (!a.empty() && a[0] == '-') {
      // another libFuzzer flag: not for this driver
    } else {
      inputs.emplace_back(a);
    }
  }
  std::signal(SIGABRT, OnAbort);

  std::vector<std::filesystem::path> files;
  for (const auto& p : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else if (std::filesystem::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "replay: no such corpus: %s\n", p.c_str());
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> corpus;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    Run(corpus.back(), f.c_str());
  }
  if (corpus.empty()) corpus.emplace_back();
  std::printf("replay: %zu corpus inputs passed\n", files.size());

  auto start = std::chrono::steady_clock::now();
  std::mt19937_64 rng(20241204);
  long long runs = 0;
  const long long limit = max_runs >= 0 ? max_runs : (max_seconds > 0 ? -1 : 0);
  while (limit < 0 || runs < limit) {
    if (max_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= max_seconds) {
      break;
    }
    std::string s = Mutate(corpus, rng);
    Run(s, "a mutation");
    ++runs;
  }
  std::printf("replay: %lld mutated inputs passed\n", runs);
  return 0;
}
