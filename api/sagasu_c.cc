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

#include "common/document.h"
#include "indexer/sources/source.h"
#include "query/query_parser.h"
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

Status Number(const json& v, const char* what, const std::string& key, double lo, double hi, double* out) {
  if (!v.is_number()) return Bad(what, key, "a number");
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi)) {
    return Status::InvalidArgument(std::string("[sagasu] ") + what + ": \"" + key + "\" out of range: " + v.dump());
  }
  *out = d;
  return Status::OK();
}

Status Bool(const json& v, const char* what, const std::string& key, bool* out) {
  if (!v.is_boolean()) return Bad(what, key, "true or false");
  *out = v.get<bool>();
  return Status::OK();
}

Status ParseOptions(const char* text, sagasu::IndexOptions* o) {
  if (text == nullptr || *text == '\0') return Status::OK();
  static const char* kWhat = "open: options";
  json j;
  SAGASU_RETURN_IF_ERROR(ParseObject(text, kWhat, &j));
  for (const auto& [key, v] : j.items()) {
    double d = 0;
    if (key == "dicdir" || key == "user_dic") {
      if (!v.is_string()) return Bad(kWhat, key, "a string");
      (key == "dicdir" ? o->dicdir : o->user_dic) = v.get<std::string>();
    } else if (key == "use_builtin_user_dic") {
      SAGASU_RETURN_IF_ERROR(Bool(v, kWhat, key, &o->use_builtin_user_dic));
    } else if (key == "extra_user_dics") {
      SAGASU_RETURN_IF_ERROR(StringList(v, kWhat, key, &o->extra_user_dics));
    } else if (key == "threads") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 0, 1024, &d));
      o->threads = static_cast<int>(d);
    } else if (key == "memory_budget") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 1 << 20, 1e15, &d));
      o->memory_budget = static_cast<std::uint64_t>(d);
    } else if (key == "sync") {
      SAGASU_RETURN_IF_ERROR(Bool(v, kWhat, key, &o->sync));
    } else if (key == "k1") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 0, 100, &d));
      o->ranking.k1 = static_cast<float>(d);
    } else if (key == "b") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 0, 1, &d));
      o->ranking.b_body = static_cast<float>(d);
    } else if (key == "b_title") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 0, 1, &d));
      o->ranking.b_title = static_cast<float>(d);
    } else if (key == "title_weight") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 0, 100, &d));
      o->ranking.title_weight = static_cast<float>(d);
    } else {
      return Status::InvalidArgument(std::string("[sagasu] ") + kWhat + ": unknown key \"" + key + "\"");
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
  sagasu::Result<std::int64_t> t = sagasu::ParseDateBound(v.get<std::string>(), until, key);
  if (!t.ok()) return t.status();
  *out = *t;
  return Status::OK();
}

Status ParseRequest(const char* text, sagasu::SearchQuery* q) {
  static const char* kWhat = "search";
  json j;
  SAGASU_RETURN_IF_ERROR(ParseObject(text, kWhat, &j));
  for (const auto& [key, v] : j.items()) {
    double d = 0;
    if (key == "q" || key == "query") {
      if (!v.is_string()) return Bad(kWhat, key, "a string");
      q->text = v.get<std::string>();
    } else if (key == "tags" || key == "tag") {
      SAGASU_RETURN_IF_ERROR(StringList(v, kWhat, key, &q->tags));
    } else if (key == "tag_mode") {
      const std::string m = v.is_string() ? v.get<std::string>() : "";
      if (m != "all" && m != "any") return Bad(kWhat, key, "\"all\" or \"any\"");
      q->tags_any = m == "any";
    } else if (key == "categories" || key == "category") {
      SAGASU_RETURN_IF_ERROR(StringList(v, kWhat, key, &q->categories));
    } else if (key == "authors" || key == "author") {
      SAGASU_RETURN_IF_ERROR(StringList(v, kWhat, key, &q->authors));
    } else if (key == "since" || key == "until") {
      SAGASU_RETURN_IF_ERROR(DateBound(v, key == "until", key, key == "since" ? &q->since : &q->until));
    } else if (key == "sort") {
      const std::string s = v.is_string() ? v.get<std::string>() : "";
      if (s == "score") q->sort = sagasu::SearchQuery::Sort::kScore;
      else if (s == "date") q->sort = sagasu::SearchQuery::Sort::kDateDesc;
      else if (s == "date-asc") q->sort = sagasu::SearchQuery::Sort::kDateAsc;
      else return Bad(kWhat, key, "\"score\", \"date\" or \"date-asc\"");
    } else if (key == "offset") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 0, 1000000, &d));
      q->offset = static_cast<std::size_t>(d);
    } else if (key == "limit") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 0, 10000, &d));
      q->limit = static_cast<std::size_t>(d);
    } else if (key == "snippets") {
      SAGASU_RETURN_IF_ERROR(Bool(v, kWhat, key, &q->snippets));
    } else if (key == "snippet_chars") {
      SAGASU_RETURN_IF_ERROR(Number(v, kWhat, key, 10, 10000, &d));
      q->snippet_chars = static_cast<std::size_t>(d);
    } else if (key == "facets") {
      SAGASU_RETURN_IF_ERROR(Bool(v, kWhat, key, &q->facets));
    } else {
      return Status::InvalidArgument(std::string("[sagasu] search: unknown key \"") + key + "\"");
    }
  }
  return Status::OK();
}

json FacetsJson(const std::vector<sagasu::Facet>& f) {
  json j = json::array();
  for (const auto& c : f) j.push_back({{"value", c.value}, {"count", c.count}});
  return j;
}

// The shape of `sagasu search --json` (cli/search_cmd.cc).
json ResponseJson(const sagasu::SearchQuery& q, const sagasu::SearchResponse& r) {
  json j;
  j["query"] = q.text;
  j["terms"] = r.query_terms;
  j["total"] = r.total;
  j["offset"] = q.offset;
  j["took_ms"] = r.seconds * 1000;
  j["hits"] = json::array();
  for (std::size_t i = 0; i < r.hits.size(); ++i) {
    const sagasu::SearchHit& h = r.hits[i];
    j["hits"].push_back({{"rank", q.offset + i + 1},
                         {"id", h.id},
                         {"title", h.title},
                         {"url", h.url},
                         {"date", h.date ? json(sagasu::FormatDate(*h.date)) : json(nullptr)},
                         {"tags", h.tags},
                         {"categories", h.categories},
                         {"author", h.author},
                         {"score", h.score},
                         {"title_highlighted", h.title_highlighted.html},
                         {"snippet", h.snippet.html}});
  }
  j["facets"] = {{"tags", FacetsJson(r.tag_facets)}, {"categories", FacetsJson(r.category_facets)}};
  if (!r.warnings.empty()) j["warnings"] = r.warnings;
  return j;
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
    sagasu::Result<sagasu::Article> doc = sagasu::ParseJsonLine(document_json, "[sagasu] add: document");
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
      json j{{"added", r.added},         {"updated", r.updated}, {"unchanged", r.unchanged},
             {"removed", r.removed},     {"failed", r.failed},   {"commits", r.commits},
             {"seconds", r.seconds},     {"errors", errors}};
      *report_json = Dup(j.dump(-1, ' ', false, json::error_handler_t::replace));
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
    const std::string out = ResponseJson(q, *r).dump(-1, ' ', false, json::error_handler_t::replace);
    *result_json = Dup(out);
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

void sagasu_free(void* ptr) { std::free(ptr); }

}  // extern "C"
