// Fuzz target: the JSON the C API reads (include/sagasu/sagasu_c.h): the
// request of sagasu_search_json, the document of sagasu_add_json and the
// options of sagasu_open, each given the input as a C string. The index is a
// small one in a temporary directory, opened once per process, holding a few
// articles so that searches have hits to snippet and facet.
// Invariants: no crash, sanitizer error or leak; no call returns
// SAGASU_INTERNAL (an exception caught at the boundary); errors are
// INVALID_ARGUMENT with a message, and OK has none; a search's result is a
// JSON object whose "hits" are at most "size" and at most "total" when
// total_exact; adds commit; options never open the missing path.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "sagasu/sagasu_c.h"

namespace {

std::string Message(char* errmsg) {
  std::string m = errmsg == nullptr ? "(null)" : errmsg;
  sagasu_free(errmsg);
  return m;
}

std::filesystem::path& Dir() {
  static std::filesystem::path dir;
  return dir;
}

void RemoveDir() {
  std::error_code ec;
  if (!Dir().empty()) std::filesystem::remove_all(Dir(), ec);
}

sagasu_index_t* Index() {
  static sagasu_index_t* index = nullptr;
  if (index != nullptr) return index;
  char tmpl[] = "/tmp/sagasu-capi-fuzz-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) std::abort();
  Dir() = tmpl;
  std::atexit(RemoveDir);
  char* err = nullptr;
  std::string opts = R"({"sync": false, "threads": 1})";
  if (sagasu_open((Dir() / "index").c_str(), SAGASU_READ_WRITE, opts.c_str(), &index, &err) != SAGASU_OK) {
    std::fprintf(stderr, "capi_json_fuzz: open: %s\n", Message(err).c_str());
    std::exit(2);
  }
  const char* docs[] = {
      R"({"id":"a","title":"梅雨の北海道","body":"梅雨のない北海道で涼しい夏を過ごす。","tags":["旅行","北海道"],"categories":"日記","date":"2024-06-18"})",
      R"({"id":"b","title":"液浸冷却","body":"データセンターの液浸冷却と生成AI。kubernetes の話も。","tags":["技術"],"author":"山田","date":1719000000})",
      R"({"id":3,"title":"ラーメン","body":"札幌のラーメンを巡る。味噌、塩、醤油。","excerpt":"札幌","url":"/r/"})",
  };
  for (const char* d : docs) {
    if (sagasu_add_json(index, d, &err) != SAGASU_OK) {
      std::fprintf(stderr, "capi_json_fuzz: add: %s\n", Message(err).c_str());
      std::exit(2);
    }
  }
  if (sagasu_commit(index, &err) != SAGASU_OK) {
    std::fprintf(stderr, "capi_json_fuzz: commit: %s\n", Message(err).c_str());
    std::exit(2);
  }
  return index;
}

void CheckError(sagasu_code_t code, char* errmsg, const char* what) {
  std::string m = Message(errmsg);
  FUZZ_CHECK(code == SAGASU_INVALID_ARGUMENT, std::string(what) + ": " + sagasu_code_name(code) + ": " + m);
  FUZZ_CHECK(m != "(null)" && !m.empty(), std::string(what) + ": error without a message");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return 0;
  FuzzNoThrow("C API", [&] {
    sagasu_index_t* index = Index();
    const std::string input(AsText(data, size));  // a C string: stops at the first NUL

    char* result = nullptr;
    char* err = nullptr;
    sagasu_code_t code = sagasu_search_json(index, input.c_str(), &result, &err);
    if (code == SAGASU_OK) {
      FUZZ_CHECK(err == nullptr, "OK with a message");
      FUZZ_CHECK(result != nullptr, "OK without a result");
      nlohmann::json j = nlohmann::json::parse(result, nullptr, /*allow_exceptions=*/false);
      sagasu_free(result);
      FUZZ_CHECK(j.is_object() && j["hits"].is_array(), "result is not a search response");
      const std::size_t hits = j["hits"].size();
      FUZZ_CHECK(hits <= j["size"].get<std::size_t>(), "more hits than size");
      if (j["total_exact"].get<bool>()) FUZZ_CHECK(hits <= j["total"].get<std::size_t>(), "hits over total");
    } else {
      FUZZ_CHECK(result == nullptr, "error with a result");
      CheckError(code, err, "search");
    }

    static int pending = 0;
    err = nullptr;
    code = sagasu_add_json(index, input.c_str(), &err);
    if (code == SAGASU_OK) {
      FUZZ_CHECK(err == nullptr, "add: OK with a message");
      if (++pending == 64) {
        pending = 0;
        code = sagasu_commit(index, &err);
        FUZZ_CHECK(code == SAGASU_OK, "commit: " + Message(err));
      }
    } else {
      CheckError(code, err, "add");
    }

    // Options only: the path does not exist, so a read-only open that gets
    // past the options is NOT_FOUND.
    sagasu_index_t* other = nullptr;
    err = nullptr;
    code = sagasu_open((Dir() / "missing").c_str(), SAGASU_READ_ONLY, input.c_str(), &other, &err);
    FUZZ_CHECK(other == nullptr && code != SAGASU_OK, "opened a missing index");
    if (code == SAGASU_NOT_FOUND) {
      sagasu_free(err);
    } else {
      CheckError(code, err, "open");
    }
  });
  return 0;
}
