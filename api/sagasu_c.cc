// The C API (include/sagasu/sagasu_c.h) over the C++ facade. Every entry
// point catches everything: no exception crosses into C.
#include "sagasu/sagasu_c.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>

#include <nlohmann/json.hpp>

#include "sagasu/json.h"
#include "sagasu/limits.h"
#include "sagasu/sagasu.h"

struct sagasu_index_t {
  std::unique_ptr<sagasu::Index> index;
};

namespace {

using nlohmann::json;
using sagasu::Status;

// malloc'd copy for the caller to sagasu_free(); null when out of memory.
char* Dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

sagasu_code_t ToCode(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk: return SAGASU_OK;
    case Status::Code::kNotFound: return SAGASU_NOT_FOUND;
    case Status::Code::kInvalidArgument: return SAGASU_INVALID_ARGUMENT;
    case Status::Code::kCorruption: return SAGASU_CORRUPTION;
    case Status::Code::kIOError: return SAGASU_IO_ERROR;
    case Status::Code::kNotSupported: return SAGASU_NOT_SUPPORTED;
    case Status::Code::kAborted: return SAGASU_INTERNAL;
  }
  return SAGASU_INTERNAL;
}

sagasu_code_t Report(const Status& s, char** errmsg) {
  if (errmsg != nullptr) *errmsg = s.ok() ? nullptr : Dup(s.message());
  return ToCode(s);
}

// Runs `fn` (returning Status) and reports its outcome; exceptions become
// SAGASU_INTERNAL.
template <typename Fn>
sagasu_code_t Boundary(const char* what, char** errmsg, Fn&& fn) noexcept {
  try {
    return Report(fn(), errmsg);
  } catch (const std::bad_alloc&) {
    if (errmsg != nullptr) *errmsg = Dup(std::string("[sagasu] ") + what + ": out of memory");
  } catch (const std::exception& e) {
    try {
      if (errmsg != nullptr) *errmsg = Dup(std::string("[sagasu] ") + what + ": internal error: " + e.what());
    } catch (...) {
      if (errmsg != nullptr) *errmsg = nullptr;
    }
  } catch (...) {
    if (errmsg != nullptr) *errmsg = Dup(std::string("[sagasu] ") + what + ": internal error");
  }
  return SAGASU_INTERNAL;
}

Status ParseObject(const char* text, const char* what, json* out) {
  if (text == nullptr) return Status::InvalidArgument(std::string("[sagasu] ") + what + ": NULL JSON");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument(std::string("[sagasu] ") + what + ": not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument(std::string("[sagasu] ") + what + ": expected a JSON object");
  *out = std::move(j);
  return Status::OK();
}

Status Bad(const char* what, const std::string& key, const char* expected) {
  return Status::InvalidArgument(std::string("[sagasu] ") + what + ": \"" + key + "\" must be " + expected);
}

// One string or an array of strings.
Status StringList(const json& v, const char* what, const std::string& key, std::vector<std::string>* out) {
  if (v.is_string()) {
    out->push_back(v.get<std::string>());
    return Status::OK();
  }
  if (!v.is_array()) return Bad(what, key, "a string or an array of strings");
  for (const auto& e : v) {
    if (!e.is_string()) return Bad(what, key, "a string or an array of strings");
    out->push_back(e.get<std::string>());
  }
  return Status::OK();
}

// A number within `limit`; the message names `key`.
Status Number(const json& v, const char* what, const std::string& key, const sagasu::ParamLimit& limit, double* out) {
  if (!v.is_number()) return Bad(what, key, "a number");
  const double d = v.get<double>();
  SAGASU_RETURN_IF_ERROR(sagasu::CheckLimit(limit, d, std::string("[sagasu] ") + what + ": \"" + key + "\""));
  *out = d;
  return Status::OK();
}

Status Bool(const json& v, const char* what, const std::string& key, bool* out) {
  if (!v.is_boolean()) return Bad(what, key, "true or false");
  *out = v.get<bool>();
  return Status::OK();
}

Status String(const json& v, const char* what, const std::string& key, std::string* out) {
  if (!v.is_string()) return Bad(what, key, "a string");
  *out = v.get<std::string>();
  return Status::OK();
}

Status UnknownKey(const char* what, const std::string& key) {
  return Status::InvalidArgument(std::string("[sagasu] ") + what + ": unknown key \"" + key + "\"");
}

// The RankingOptions field a key of the options JSON names, with its limit.
struct RankingKey {
  const char* key;
  const sagasu::ParamLimit* limit;
  float sagasu::RankingOptions::*field;  // null for rerank_depth (an integer)
};
constexpr RankingKey kRankingKeys[] = {
    {"k1", &sagasu::limits::kK1, &sagasu::RankingOptions::k1},
    {"b", &sagasu::limits::kBBody, &sagasu::RankingOptions::b_body},
    {"b_title", &sagasu::limits::kBTitle, &sagasu::RankingOptions::b_title},
    {"title_weight", &sagasu::limits::kTitleWeight, &sagasu::RankingOptions::title_weight},
    {"meta_weight", &sagasu::limits::kMetaWeight, &sagasu::RankingOptions::meta_weight},
    {"b_meta", &sagasu::limits::kBMeta, &sagasu::RankingOptions::b_meta},
    {"proximity_weight", &sagasu::limits::kProximityWeight, &sagasu::RankingOptions::proximity_weight},
    {"proximity", &sagasu::limits::kProximityWeight, &sagasu::RankingOptions::proximity_weight},  // the CLI's name
    {"rerank_depth", &sagasu::limits::kRerankDepth, nullptr},
};

// Sets *handled when `key` is a ranking key.
Status RankingOption(const std::string& key, const json& v, sagasu::RankingOptions* r, bool* handled) {
  static const char* kWhat = "open: options";
  for (const RankingKey& k : kRankingKeys) {
    if (key != k.key) continue;
    *handled = true;
    double d = 0;
    SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, *k.limit, &d));
    if (k.field != nullptr) {
      r->*k.field = static_cast<float>(d);
    } else {
      r->rerank_depth = static_cast<std::uint32_t>(d);
    }
    return Status::OK();
  }
  *handled = false;
  return Status::OK();
}

Status ParseOptions(const char* text, sagasu::IndexOptions* o) {
  if (text == nullptr || *text == '\0') return Status::OK();
  static const char* kWhat = "open: options";
  json j;
  SAGASU_RETURN_IF_ERROR(ParseObject(text, kWhat, &j));
  for (const auto& [key, v] : j.items()) {
    bool ranking = false;
    SAGASU_RETURN_IF_ERROR(RankingOption(key, v, &o->ranking, &ranking));
    if (ranking) continue;
    double d = 0;
    if (key == "dicdir") {
      SAGASU_RETURN_IF_ERROR(String(v, kWhat, key, &o->dicdir));
    } else if (key == "user_dic") {
      SAGASU_RETURN_IF_ERROR(String(v, kWhat, key, &o->user_dic));
    } else if (key == "use_builtin_user_dic") {
      SAGASU_RETURN_IF_ERROR(Bool(v, kWhat, key, &o->use_builtin_user_dic));
    } else if (key == "no_fold") {
      SAGASU_RETURN_IF_ERROR(String(v, kWhat, key, &o->no_fold));
    } else if (key == "extra_user_dics") {
      SAGASU_RETURN_IF_ERROR(StringList(v, kWhat, key, &o->extra_user_dics));
    } else if (key == "reanalyze") {
      std::string mode;
      SAGASU_RETURN_IF_ERROR(String(v, kWhat, key, &mode));
      if (mode == "changed") {
        o->reanalyze = sagasu::IndexOptions::Reanalyze::kChanged;
      } else if (mode == "all") {
        o->reanalyze = sagasu::IndexOptions::Reanalyze::kAll;
      } else if (mode == "never") {
        o->reanalyze = sagasu::IndexOptions::Reanalyze::kNever;
      } else {
        return Status::InvalidArgument(std::string(kWhat) + ": \"reanalyze\" must be \"changed\", \"all\" or "
                                       "\"never\", not \"" + mode + "\"");
      }
    } else if (key == "synonyms") {
      SAGASU_RETURN_IF_ERROR(String(v, kWhat, key, &o->synonyms_file));
    } else if (key == "threads") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, sagasu::limits::kThreads, &d));
      o->threads = static_cast<int>(d);
    } else if (key == "memory_budget") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, sagasu::limits::kMemoryBudget, &d));
      o->memory_budget = static_cast<std::uint64_t>(d);
    } else if (key == "cache_size") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, sagasu::limits::kCacheSize, &d));
      o->cache_size = static_cast<std::uint64_t>(d);
    } else if (key == "sync") {
      SAGASU_RETURN_IF_ERROR(Bool(v, kWhat, key, &o->sync));
    } else {
      return UnknownKey(kWhat, key);
    }
  }
  return Status::OK();
}

Status DateBound(const json& v, bool until, const std::string& key, std::optional<std::int64_t>* out) {
  static const char* kWhat = "search";
  if (v.is_number_integer()) {
    *out = v.get<std::int64_t>();
    return Status::OK();
  }
  if (!v.is_string()) return Bad(kWhat, key, "a date string or integer seconds since the epoch");
  sagasu::Result<std::int64_t> t = sagasu::ParseDateFilter(v.get<std::string>(), until, key);
  if (!t.ok()) return t.status();
  *out = *t;
  return Status::OK();
}

// The keys of a search request that are filters; sets *handled for them.
Status FilterKey(const std::string& key, const json& v, sagasu::SearchQuery* q, bool* handled) {
  static const char* kWhat = "search";
  *handled = true;
  if (key == "tags" || key == "tag") return StringList(v, kWhat, key, &q->tags);
  if (key == "categories" || key == "category") return StringList(v, kWhat, key, &q->categories);
  if (key == "authors" || key == "author") return StringList(v, kWhat, key, &q->authors);
  if (key == "since" || key == "until") return DateBound(v, key == "until", key, key == "since" ? &q->since : &q->until);
  if (key == "tag_mode") {
    const std::string m = v.is_string() ? v.get<std::string>() : "";
    if (m != "all" && m != "any") return Bad(kWhat, key, "\"all\" or \"any\"");
    q->tags_any = m == "any";
    return Status::OK();
  }
  *handled = false;
  return Status::OK();
}

// A count within `limit` into *out.
Status Count(const json& v, const std::string& key, const sagasu::ParamLimit& limit, std::size_t* out) {
  double d = 0;
  SAGASU_RETURN_IF_ERROR(Number(v, "search", key, limit, &d));
  *out = static_cast<std::size_t>(d);
  return Status::OK();
}

Status ParseRequest(const char* text, sagasu::SearchQuery* q) {
  static const char* kWhat = "search";
  json j;
  SAGASU_RETURN_IF_ERROR(ParseObject(text, kWhat, &j));
  // "page" and "size", HTTP's names, apply once "limit" is known.
  std::size_t page = 0;
  for (const char* pair : {"limit", "offset"}) {
    const char* alias = pair[0] == 'l' ? "size" : "page";
    if (j.contains(pair) && j.contains(alias)) {
      return Status::InvalidArgument(std::string("[sagasu] ") + kWhat + ": give \"" + pair + "\" or \"" + alias +
                                     "\", not both");
    }
  }
  for (const auto& [key, v] : j.items()) {
    bool filter = false;
    SAGASU_RETURN_IF_ERROR(FilterKey(key, v, q, &filter));
    if (filter) continue;
    if (key == "q" || key == "query") {
      SAGASU_RETURN_IF_ERROR(String(v, kWhat, key, &q->text));
    } else if (key == "sort") {
      const auto sort = sagasu::ParseSortName(v.is_string() ? v.get<std::string>() : "");
      if (!sort) return Bad(kWhat, key, "\"score\", \"date\" or \"date-asc\"");
      q->sort = *sort;
    } else if (key == "offset") {
      SAGASU_RETURN_IF_ERROR(Count(v, key, sagasu::limits::kOffset, &q->offset));
    } else if (key == "limit" || key == "size") {
      SAGASU_RETURN_IF_ERROR(Count(v, key, sagasu::limits::kLimit, &q->limit));
    } else if (key == "page") {
      SAGASU_RETURN_IF_ERROR(Count(v, key, sagasu::limits::kOffset, &page));
      if (page == 0) return Bad(kWhat, key, "a page number from 1");
    } else if (key == "prefix") {
      const std::string m = v.is_string() ? v.get<std::string>() : "";
      if (m != "last" && m != "none") return Bad(kWhat, key, "\"last\" or \"none\"");
      q->prefix_last = m == "last";
    } else if (key == "snippet_chars") {
      SAGASU_RETURN_IF_ERROR(Count(v, key, sagasu::limits::kSnippetChars, &q->snippet_chars));
    } else if (key == "snippets" || key == "facets" || key == "explain") {
      bool* flag = key == "snippets" ? &q->snippets : key == "facets" ? &q->facets : &q->explain;
      SAGASU_RETURN_IF_ERROR(Bool(v, kWhat, key, flag));
    } else {
      return UnknownKey(kWhat, key);
    }
  }
  if (page > 0) {
    const double offset = static_cast<double>(page - 1) * static_cast<double>(q->limit);
    SAGASU_RETURN_IF_ERROR(sagasu::CheckLimit(sagasu::limits::kOffset, offset,
                                              std::string("[sagasu] ") + kWhat + ": \"page\" x \"limit\""));
    q->offset = static_cast<std::size_t>(offset);
  }
  return Status::OK();
}

Status NeedIndex(const void* index, const char* what) {
  if (index == nullptr) return Status::InvalidArgument(std::string("[sagasu] ") + what + ": NULL index");
  return Status::OK();
}

std::string Str(const char* s) { return s == nullptr ? std::string() : std::string(s); }

}  // namespace

extern "C" {

const char* sagasu_version(void) { return sagasu::Version(); }

const char* sagasu_code_name(sagasu_code_t code) {
  switch (code) {
    case SAGASU_OK: return "OK";
    case SAGASU_NOT_FOUND: return "NotFound";
    case SAGASU_INVALID_ARGUMENT: return "InvalidArgument";
    case SAGASU_CORRUPTION: return "Corruption";
    case SAGASU_IO_ERROR: return "IOError";
    case SAGASU_NOT_SUPPORTED: return "NotSupported";
    case SAGASU_INTERNAL: return "Internal";
  }
  return "Unknown";
}

sagasu_code_t sagasu_open(const char* path, sagasu_mode_t mode, const char* options_json, sagasu_index_t** out,
                          char** errmsg) {
  return Boundary("open", errmsg, [&]() -> Status {
    if (path == nullptr || out == nullptr) return Status::InvalidArgument("[sagasu] open: NULL path or out");
    if (mode != SAGASU_READ_ONLY && mode != SAGASU_READ_WRITE) {
      return Status::InvalidArgument("[sagasu] open: mode must be SAGASU_READ_ONLY or SAGASU_READ_WRITE");
    }
    sagasu::IndexOptions options;
    SAGASU_RETURN_IF_ERROR(ParseOptions(options_json, &options));
    options.mode = mode == SAGASU_READ_WRITE ? sagasu::IndexOptions::Mode::kReadWrite
                                             : sagasu::IndexOptions::Mode::kReadOnly;
    auto handle = std::make_unique<sagasu_index_t>();
    SAGASU_RETURN_IF_ERROR(sagasu::Index::Open(options, path, &handle->index));
    *out = handle.release();
    return Status::OK();
  });
}

void sagasu_close(sagasu_index_t* index) {
  try {
    delete index;
  } catch (...) {  // destructors do not throw; belt and braces at the C boundary
  }
}

sagasu_code_t sagasu_add_json(sagasu_index_t* index, const char* document_json, char** errmsg) {
  return Boundary("add", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "add"));
    if (document_json == nullptr) return Status::InvalidArgument("[sagasu] add: NULL document");
    sagasu::Result<sagasu::Article> doc = sagasu::ParseArticleJson(document_json, "[sagasu] add: document");
    if (!doc.ok()) return doc.status();
    return index->index->Add((std::move(doc).value()));
  });
}

sagasu_code_t sagasu_add(sagasu_index_t* index, const sagasu_document_t* d, char** errmsg) {
  return Boundary("add", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "add"));
    if (d == nullptr) return Status::InvalidArgument("[sagasu] add: NULL document");
    sagasu::Article a;
    a.id = Str(d->id);
    a.title = Str(d->title);
    a.body = Str(d->body);
    a.url = Str(d->url);
    a.author = Str(d->author);
    a.excerpt = Str(d->excerpt);
    if (d->tag_count > 0 && d->tags == nullptr) return Status::InvalidArgument("[sagasu] add: tags is NULL");
    if (d->category_count > 0 && d->categories == nullptr) {
      return Status::InvalidArgument("[sagasu] add: categories is NULL");
    }
    for (std::size_t i = 0; i < d->tag_count; ++i) a.tags.push_back(Str(d->tags[i]));
    for (std::size_t i = 0; i < d->category_count; ++i) a.categories.push_back(Str(d->categories[i]));
    if (d->has_date) a.date = d->date;
    return index->index->Add(a);
  });
}

sagasu_code_t sagasu_delete(sagasu_index_t* index, const char* id, char** errmsg) {
  return Boundary("delete", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "delete"));
    if (id == nullptr) return Status::InvalidArgument("[sagasu] delete: NULL id");
    return index->index->Delete(id);
  });
}

sagasu_code_t sagasu_commit(sagasu_index_t* index, char** errmsg) {
  return Boundary("commit", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "commit"));
    return index->index->Commit();
  });
}

sagasu_code_t sagasu_index_paths(sagasu_index_t* index, const char* const* paths, size_t count, char** report_json,
                                 char** errmsg) {
  if (report_json != nullptr) *report_json = nullptr;
  return Boundary("index paths", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "index paths"));
    if (count > 0 && paths == nullptr) return Status::InvalidArgument("[sagasu] index paths: NULL paths");
    std::vector<std::string> p;
    for (std::size_t i = 0; i < count; ++i) {
      if (paths[i] == nullptr) return Status::InvalidArgument("[sagasu] index paths: NULL path");
      p.emplace_back(paths[i]);
    }
    std::mutex mu;
    std::vector<std::string> errors;
    sagasu::IndexPathsReport r;
    Status s = index->index->IndexPaths(
        p,
        [&](const Status& e) {
          std::lock_guard<std::mutex> lock(mu);
          if (errors.size() < 1000) errors.push_back(e.ToString());
        },
        &r);
    if (!s.ok()) return s;
    if (report_json != nullptr) {
      *report_json = Dup(sagasu::IndexPathsReportToJson(r, "", &errors));
      if (*report_json == nullptr) throw std::bad_alloc();
    }
    return Status::OK();
  });
}

sagasu_code_t sagasu_search_json(const sagasu_index_t* index, const char* request_json, char** result_json,
                                 char** errmsg) {
  if (result_json != nullptr) *result_json = nullptr;
  return Boundary("search", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "search"));
    if (result_json == nullptr) return Status::InvalidArgument("[sagasu] search: NULL result_json");
    sagasu::SearchQuery q;
    SAGASU_RETURN_IF_ERROR(ParseRequest(request_json, &q));
    sagasu::Result<sagasu::SearchResponse> r = index->index->Search(q);
    if (!r.ok()) return r.status();
    sagasu::SearchJsonOptions jo;
    jo.query = q.text;
    jo.offset = q.offset;
    jo.page_size = q.limit;
    jo.explain = q.explain;
    *result_json = Dup(sagasu::SearchResponseToJson(*r, jo));
    if (*result_json == nullptr) throw std::bad_alloc();
    return Status::OK();
  });
}

uint64_t sagasu_document_count(const sagasu_index_t* index) {
  if (index == nullptr) return 0;
  return index->index->DocumentCount();  // noexcept in practice: the facade catches
}

sagasu_code_t sagasu_reopen(sagasu_index_t* index, char** errmsg) {
  return Boundary("reopen", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "reopen"));
    return index->index->Reopen();
  });
}

sagasu_code_t sagasu_snapshot(const sagasu_index_t* index, const char* dest, char** errmsg) {
  return Boundary("snapshot", errmsg, [&]() -> Status {
    SAGASU_RETURN_IF_ERROR(NeedIndex(index, "snapshot"));
    if (!dest) return Status::InvalidArgument("[sagasu] snapshot: dest is NULL");
    return index->index->Snapshot(dest, nullptr);
  });
}

void sagasu_free(void* ptr) { std::free(ptr); }

}  // extern "C"
