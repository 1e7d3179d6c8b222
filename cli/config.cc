// Where the index is when --db is not given: $SAGASU_DB, else the `db` of
// the nearest .sagasu.toml from the current directory up (as git finds its
// repository), so a site's own directory needs no --db.
#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "cli/cli_common.h"

namespace sagasu::cli {

namespace {

namespace fs = std::filesystem;

// The config file's `db`, relative to the file's directory; InvalidArgument
// naming the file (and line) for anything else in it.
Status ReadConfigDb(const fs::path& file, std::string* db) {
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  for (const auto& [key, value] : table) {
    if (key.str() != "db") {
      return Status::InvalidArgument(file.string() + ":" + std::to_string(value.source().begin.line) +
                                     ": unknown key '" + std::string(key.str()) + "' (known: db)");
    }
  }
  const toml::node* node = table.get("db");
  if (node == nullptr) return Status::InvalidArgument(file.string() + ": no 'db' key (db = \"DIR\")");
  const std::optional<std::string> value = node->value_exact<std::string>();
  if (!value || value->empty()) {
    return Status::InvalidArgument(file.string() + ":" + std::to_string(node->source().begin.line) +
                                   ": db must be a non-empty string (a directory)");
  }
  const fs::path p(*value);
  *db = p.is_absolute() ? p.string() : (file.parent_path() / p).lexically_normal().string();
  return Status::OK();
}

}  // namespace

Status ResolveDb(std::string* db, std::string* source) {
  if (!db->empty()) {
    if (source) *source = "--db";
    return Status::OK();
  }
  if (const char* env = std::getenv("SAGASU_DB"); env != nullptr && *env != '\0') {
    *db = env;
    if (source) *source = "SAGASU_DB";
    return Status::OK();
  }
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return Status::InvalidArgument("no index given (--db DIR), and the current directory is unreadable");
  for (;;) {
    const fs::path file = dir / kConfigFileName;
    if (fs::is_regular_file(file, ec)) {
      if (source) *source = file.string();
      return ReadConfigDb(file, db);
    }
    if (!dir.has_relative_path()) break;  // the root
    dir = dir.parent_path();
  }
  return Status::InvalidArgument(std::string("no index given: pass --db DIR, set SAGASU_DB, or write db = \"DIR\" "
                                             "in a ") + kConfigFileName + " in this directory or one above it");
}

int RunWithDb(std::string* db, const std::function<int()>& run) {
  std::string source;
  if (Status s = ResolveDb(db, &source); !s.ok()) {
    return source.empty() ? ReportErrorAs(s, "missing_parameter", "db") : ReportErrorAs(s, "invalid_parameter", "db");
  }
  return run();
}

}  // namespace sagasu::cli
