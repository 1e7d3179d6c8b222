// InputReader (walks PATHs, yields files and JSONL lines) and ParseRawInput.
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "common/string_arena.h"
#include "indexer/sources/source.h"

namespace sagasu {

namespace fs = std::filesystem;

namespace {

std::string TooLarge(std::string_view origin, std::uint64_t size, std::uint64_t limit, std::string_view what) {
  return std::string(origin) + ": " + std::string(what) + " too large (" + std::to_string(size) +
         " bytes; the limit is max_file_bytes = " + std::to_string(limit) + ")";
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsJsonLinesName(std::string_view name) { return EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson"); }

// "a/b.md" -> "a/b"; the extension is removed from the last component only.
std::string WithoutExtension(std::string_view rel) {
  const size_t slash = rel.rfind('/');
  const size_t dot = rel.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash) ||
      dot == (slash == std::string_view::npos ? 0 : slash + 1)) {
    return std::string(rel);
  }
  return std::string(rel.substr(0, dot));
}

// The modification time of `entry` in seconds since the epoch, when it can be read.
std::optional<std::int64_t> ModifiedSeconds(const fs::directory_entry& entry) {
  std::error_code ec;
  const fs::file_time_type t = entry.last_write_time(ec);
  if (ec) return std::nullopt;
  const auto since_epoch = std::chrono::file_clock::to_sys(t).time_since_epoch();
  return std::chrono::floor<std::chrono::seconds>(since_epoch).count();
}

// Reads a whole regular file of at most `limit` bytes. The size is checked
// with fstat before anything is read. O_NONBLOCK keeps a FIFO from blocking
// open(); fstat then rejects it.
Status ReadSmallFile(const std::string& path, std::string_view origin, std::uint64_t limit, std::string* out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::IOError(std::string(origin) + ": cannot open: " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::IOError(std::string(origin) + ": cannot stat: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(std::string(origin) + ": not a regular file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > limit) return Status::InvalidArgument(TooLarge(origin, size, limit, "file"));
  // Exactly the size fstat gave: growing the string past its capacity would
  // double it (a 2 GB file took 4.2 GB).
  out->clear();
  out->shrink_to_fit();
  out->resize(size);
  size_t done = 0;
  while (done < out->size()) {
    const ssize_t n = ::read(fd, out->data() + done, out->size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(std::string(origin) + ": read failed: " + std::strerror(errno));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  out->resize(done);  // shrank since fstat: what is there
  // Grown since fstat: read on, up to the limit (rare, so appending is fine).
  char more[65536];
  for (;;) {
    const ssize_t n = ::read(fd, more, sizeof(more));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(std::string(origin) + ": read failed: " + std::strerror(errno));
    }
    if (n == 0) break;
    if (out->size() + static_cast<size_t>(n) > limit) {
      return Status::InvalidArgument(TooLarge(origin, out->size() + static_cast<size_t>(n), limit, "file"));
    }
    out->append(more, static_cast<size_t>(n));
  }
  return Status::OK();
}

// Why `st` (the status of a path the user named or a walk found) is not a
// file to read, or "" when it is a regular file. A FIFO would block the run
// until a writer appears, a device could be endless.
std::string NotRegularReason(const fs::file_status& st) {
  switch (st.type()) {
    case fs::file_type::regular:
      return "";
    case fs::file_type::fifo:
      return "not a regular file (a FIFO)";
    case fs::file_type::socket:
      return "not a regular file (a socket)";
    case fs::file_type::block:
    case fs::file_type::character:
      return "not a regular file (a device)";
    default:
      return "not a regular file";
  }
}

// Reads '\n'-terminated lines through a fixed buffer, so that one huge line
// costs at most `max` bytes of memory.
class LineReader {
 public:
  explicit LineReader(std::istream* in) : in_(in), buf_(1 << 16) {}

  // Reads the next line without its "\n" / "\r\n". Returns false at the end
  // of input. A line longer than `max` bytes is skipped: *too_long is set and
  // *line is cleared.
  bool ReadLine(std::string* line, size_t max, bool* too_long) {
    line->clear();
    *too_long = false;
    bool any = false;
    for (;;) {
      if (pos_ == len_) {
        in_->read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        len_ = static_cast<size_t>(in_->gcount());
        pos_ = 0;
        if (len_ == 0) break;
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
      const size_t n = nl != nullptr ? static_cast<size_t>(nl - start) : len_ - pos_;
      if (!*too_long) {
        if (line->size() + n > max + 1) {  // +1: room for a '\r' that is stripped below
          *too_long = true;
          line->clear();
        } else {
          line->append(start, n);
        }
      }
      pos_ += n;
      if (nl != nullptr) {
        ++pos_;
        break;
      }
    }
    if (!line->empty() && line->back() == '\r') line->pop_back();
    if (!*too_long && line->size() > max) {
      *too_long = true;
      line->clear();
    }
    return any;
  }

  bool failed() const { return in_->bad(); }

 private:
  std::istream* in_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t len_ = 0;
};

// One input the reader will yield, listed when it opens: a 100x archive
// lists 736,700 files, so an entry is kept small. Its strings are views into
// the reader's StringArena, its root, site and error indexes into the
// reader's vectors.
struct Entry {
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};
  enum class Type : std::uint8_t { kPost, kJsonLines, kStdin, kError };
  Type type = Type::kPost;
  bool has_modified = false;
  std::uint32_t root = kNone;   // roots_; kPost under a directory
  std::uint32_t site = kNone;   // sites_; kPost of a site
  std::uint32_t error = kNone;  // errors_; kError
  std::int64_t modified = 0;    // kPost, when has_modified
  std::string_view origin;      // what to open (but "<stdin>"), and what messages name
  std::string_view default_id;  // kPost
  std::string_view leaf_bundle; // kPost
};

class InputReaderImpl : public InputReader {
 public:
  explicit InputReaderImpl(const SourceOptions& options) : options_(options) {}

  Status Add(const std::string& path) {
    if (path == "-") {
      if (has_stdin_) return Status::InvalidArgument("'-' (standard input) given more than once");
      has_stdin_ = true;
      Entry e;
      e.type = Entry::Type::kStdin;
      e.origin = "<stdin>";
      entries_.push_back(e);
      return Status::OK();
    }
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      if (ec == std::errc::no_such_file_or_directory || !fs::exists(st)) {
        return Status::NotFound(path + ": no such file or directory");
      }
      return Status::IOError(path + ": " + ec.message());
    }
    if (fs::is_directory(st)) {
      fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
      if (ec) return Status::IOError(path + ": cannot resolve: " + ec.message());
      std::string root = abs.lexically_normal().string();
      while (root.size() > 1 && root.back() == '/') root.pop_back();
      return AddDirectory(path, root);
    }
    if (const std::string why = NotRegularReason(st); !why.empty()) {
      AddError(Status::InvalidArgument(path + ": " + why));
      return Status::OK();
    }
    const std::string name = fs::path(path).filename().string();
    Entry e;
    e.type = IsJsonLinesName(name) ? Entry::Type::kJsonLines : Entry::Type::kPost;
    e.origin = names_.Copy(path);
    e.default_id = names_.Copy(WithoutExtension(name));
    SetModified(ModifiedSeconds(fs::directory_entry(path, ec)), &e);
    entries_.push_back(e);
    const auto size = fs::file_size(path, ec);
    if (!ec) total_bytes_ += size;
    return Status::OK();
  }

  // A directory PATH: a site root is read as its generator reads it (its
  // content folder, its excludes); a bad site config is reported and the
  // folder read as a plain one.
  Status AddDirectory(const std::string& path, std::string root) {
    std::optional<SiteConfig> site;
    if (Status s = ReadSiteConfig(root, &site); !s.ok()) AddError(s);
    std::string prefix;  // `root` within an enclosing site's content, "" or ending in '/'
    if (!site) EnclosingSite(root, &site, &prefix);
    if (site && !prefix.empty()) {
      // A folder inside a site (its _posts/, a Hugo section): the site's
      // rules apply and ids stay paths from its content root, the same as
      // when the site root is given.
      SAGASU_RETURN_IF_ERROR(SiteFromOptions(&*site));
      site_excludes_.clear();
      site_ = std::make_shared<const SiteConfig>(std::move(*site));
      WalkRoot(fs::path(path), prefix, root);
      site_.reset();
      return Status::OK();
    }
    site_.reset();
    site_excludes_.clear();
    if (!site) {
      WalkRoot(fs::path(path).lexically_normal(), "", root);
      return Status::OK();
    }
    SAGASU_RETURN_IF_ERROR(SiteFromOptions(&*site));
    for (std::string pattern : site->exclude) {
      while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
      site_excludes_.push_back(std::move(pattern));
    }
    // Each content folder (a Hugo language's own contentDir too) is a root.
    for (SiteConfig& content : SiteContentRoots(*site)) {
      const fs::path shown = (fs::path(path) / fs::path(content.content_dir).lexically_relative(root)).lexically_normal();
      const std::string content_root = content.content_dir;
      site_ = std::make_shared<const SiteConfig>(std::move(content));
      WalkRoot(shown, "", content_root);
    }
    site_.reset();
    return Status::OK();
  }

  void WalkRoot(const fs::path& shown, const std::string& prefix, const std::string& root) {
    auto r = std::find(roots_.begin(), roots_.end(), root);
    if (r == roots_.end()) r = roots_.insert(r, root);
    walk_root_ = static_cast<std::uint32_t>(r - roots_.begin());
    walk_site_ = Entry::kNone;
    if (site_) {
      sites_.push_back(site_);
      walk_site_ = static_cast<std::uint32_t>(sites_.size() - 1);
    }
    std::set<std::string> visited{root};
    Walk(shown, prefix, root, "", &visited);
  }

  static void SetModified(const std::optional<std::int64_t>& t, Entry* e) {
    e->has_modified = t.has_value();
    e->modified = t.value_or(0);
  }

  // SourceOptions::time_zone and base_url over the site's own settings.
  Status SiteFromOptions(SiteConfig* site) const {
    if (!site->zone_from_config && !options_.time_zone.empty()) {
      Result<TimeZone> zone = TimeZone::Named(options_.time_zone);
      if (!zone.ok()) return Status::InvalidArgument("--timezone: " + zone.status().message());
      site->zone = *zone;
    }
    if (options_.base_url) site->base_path = SiteBasePath(*options_.base_url);
    return Status::OK();
  }

  // The nearest site folder above `dir` whose content holds `dir` (the
  // deepest of its content folders that does), and `dir`'s path within that
  // content ("_posts/").
  void EnclosingSite(const std::string& dir, std::optional<SiteConfig>* site, std::string* prefix) {
    fs::path p = fs::path(dir);
    for (int up = 0; up < 32 && p.has_relative_path(); ++up) {
      p = p.parent_path();
      std::optional<SiteConfig> found;
      if (Status s = ReadSiteConfig(p.string(), &found); !s.ok()) AddError(s);
      if (!found) continue;
      for (SiteConfig& content : SiteContentRoots(*found)) {
        const fs::path rel = fs::path(dir).lexically_relative(content.content_dir);
        if (rel.empty() || *rel.begin() == "..") continue;  // beside the content (Hugo's themes/, public/)
        std::string in_content = rel.generic_string() + "/";
        if (*site && in_content.size() >= prefix->size()) continue;
        *prefix = std::move(in_content);
        *site = std::move(content);
      }
      return;
    }
  }

  bool Next(RawInput* out, Status* error) override {
    while (next_ < entries_.size()) {
      Entry& e = entries_[next_];
      switch (e.type) {
        case Entry::Type::kError:
          ++next_;
          *error = errors_[e.error];
          return true;
        case Entry::Type::kPost: {
          ++next_;
          *error = ReadSmallFile(std::string(e.origin), e.origin, options_.max_file_bytes, &out->bytes);
          if (!error->ok()) return true;
          out->kind = RawInput::Kind::kPost;
          out->origin = e.origin;
          out->root = e.root == Entry::kNone ? std::string_view() : std::string_view(roots_[e.root]);
          out->default_id = e.default_id;
          out->modified = e.has_modified ? std::optional<std::int64_t>(e.modified) : std::nullopt;
          out->leaf_bundle = e.leaf_bundle;
          out->site = e.site == Entry::kNone ? nullptr : sites_[e.site];
          return true;
        }
        case Entry::Type::kJsonLines:
        case Entry::Type::kStdin:
          if (NextLine(e, out, error)) return true;
          break;
      }
    }
    return false;
  }

  const std::vector<std::string>& DirectoryRoots() const override { return roots_; }
  std::uint64_t TotalBytes() const override { return total_bytes_; }

 private:
  // Whether `dir` (under a Hugo site's content, `rel` not "") is a leaf
  // bundle: it holds an index file.
  bool IsLeafBundle(const std::string& rel, const std::vector<fs::directory_entry>& children) const {
    if (!site_ || site_->generator != SiteConfig::Generator::kHugo || rel.empty()) return false;
    std::error_code ec;
    for (const fs::directory_entry& child : children) {
      if (IsHugoLeafIndex(*site_, child.path().filename().string()) && child.is_regular_file(ec)) return true;
    }
    return false;
  }

  // Appends the matching files under `dir` (shown as `dir` in origins) in
  // name order. `rel` is dir relative to the root, "" or ending in '/';
  // `bundle` the Hugo leaf bundle it lies in ("posts/b"), "" for none.
  void Walk(const fs::path& dir, const std::string& rel, const std::string& root, std::string bundle,
            std::set<std::string>* visited) {
    std::error_code ec;
    std::vector<fs::directory_entry> children;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      children.push_back(*it);
    }
    if (ec) {
      AddError(Status::IOError(dir.string() + ": cannot read directory: " + ec.message()));
      return;
    }
    std::sort(children.begin(), children.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
      return a.path().filename().string() < b.path().filename().string();
    });
    const bool bundle_here = bundle.empty() && IsLeafBundle(rel, children);
    if (bundle_here) bundle = rel.substr(0, rel.size() - 1);
    for (const fs::directory_entry& child : children) {
      const std::string name = child.path().filename().string();
      if (name.empty() || name[0] == '.') continue;  // .git, .obsidian, .jekyll-cache, editor backups
      if (Excluded(name, rel + name)) continue;
      const fs::path shown = dir / name;
      const fs::file_status st = child.status(ec);  // follows symlinks
      if (ec || !fs::exists(st)) {
        if (Matches(name)) AddError(Status::IOError(shown.string() + ": cannot stat (broken symlink?)"));
        continue;
      }
      if (fs::is_directory(st)) {
        const std::string canonical = fs::canonical(child.path(), ec).string();
        if (ec) {
          AddError(Status::IOError(shown.string() + ": cannot resolve: " + ec.message()));
          continue;
        }
        if (!visited->insert(canonical).second) continue;  // symlink loop or second link to the same folder
        Walk(shown, rel + name + "/", root, bundle, visited);
        continue;
      }
      if (!Matches(name)) continue;
      if (const std::string why = NotRegularReason(st); !why.empty()) {
        AddError(Status::InvalidArgument(shown.string() + ": " + why));
        continue;
      }
      Entry e;
      e.origin = names_.Copy(shown.string());
      if (IsJsonLinesName(name)) {
        e.type = Entry::Type::kJsonLines;  // its documents carry their own ids; no root
      } else {
        e.type = Entry::Type::kPost;
        e.root = walk_root_;
        // The id is the origin's tail (less the extension) when the folder
        // was given as the root: then it takes no copy of its own.
        const std::string rel_name = rel + name;
        const std::string id = WithoutExtension(rel_name);
        if (EndsWith(e.origin, rel_name)) {
          e.default_id = e.origin.substr(e.origin.size() - rel_name.size(), id.size());
        } else {
          e.default_id = names_.Copy(id);
        }
        SetModified(ModifiedSeconds(child), &e);
        e.site = walk_site_;
        if (!(bundle_here && IsHugoLeafIndex(*site_, name))) e.leaf_bundle = names_.Copy(bundle);
      }
      const auto size = child.file_size(ec);
      if (!ec) total_bytes_ += size;
      entries_.push_back(e);
    }
  }

  // SourceOptions::exclude: a name pattern anywhere, a path pattern from the root.
  bool Excluded(const std::string& name, const std::string& rel_path) const {
    if (MatchesAny(options_.exclude, name, rel_path)) return true;
    // Jekyll's exclude: paths from the site root ("vendor/", "notes/*.md").
    for (const std::string& pattern : site_excludes_) {
      if (::fnmatch(pattern.c_str(), rel_path.c_str(), FNM_PATHNAME) == 0) return true;
    }
    return false;
  }

  static bool MatchesAny(const std::vector<std::string>& patterns, const std::string& name, const std::string& rel_path) {
    for (const std::string& pattern : patterns) {
      const bool by_path = pattern.find('/') != std::string::npos;
      const std::string& subject = by_path ? rel_path : name;
      if (::fnmatch(pattern.c_str(), subject.c_str(), by_path ? FNM_PATHNAME : 0) == 0) return true;
    }
    return false;
  }

  bool Matches(const std::string& name) const {
    for (const std::string& pattern : options_.patterns) {
      if (::fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
    }
    return false;
  }

  void AddError(Status s) {
    Entry e;
    e.type = Entry::Type::kError;
    e.error = static_cast<std::uint32_t>(errors_.size());
    errors_.push_back(std::move(s));
    entries_.push_back(e);
  }

  // Produces the next non-blank line of the JSON Lines entry `e`. Returns
  // false (and advances to the next entry) at its end.
  bool NextLine(Entry& e, RawInput* out, Status* error) {
    if (!lines_) {
      std::istream* in = nullptr;
      if (e.type == Entry::Type::kStdin) {
        in = options_.stdin_stream != nullptr ? options_.stdin_stream : &std::cin;
      } else {
        // Checked again at opening: the path may have become a FIFO since
        // the walk, and an ifstream would block on it.
        std::error_code ec;
        const std::string path(e.origin);
        if (const std::string why = NotRegularReason(fs::status(path, ec)); !ec && !why.empty()) {
          ++next_;
          *error = Status::InvalidArgument(path + ": " + why);
          return true;
        }
        file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
        if (!*file_) {
          const int err = errno;
          file_.reset();
          ++next_;
          *error = Status::IOError(path + ": cannot open: " + std::strerror(err));
          return true;
        }
        in = file_.get();
      }
      lines_ = std::make_unique<LineReader>(in);
      line_no_ = 0;
    }
    std::string line;
    bool too_long = false;
    while (lines_->ReadLine(&line, options_.max_file_bytes, &too_long)) {
      ++line_no_;
      const std::string origin = std::string(e.origin) + ":" + std::to_string(line_no_);
      if (too_long) {
        *error = Status::InvalidArgument(origin + ": line too long (more than max_file_bytes = " +
                                         std::to_string(options_.max_file_bytes) + " bytes)");
        return true;
      }
      if (line_no_ == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
      if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are allowed
      out->kind = RawInput::Kind::kJsonLine;
      out->origin = origin;
      out->root.clear();
      out->default_id.clear();
      out->modified.reset();
      out->leaf_bundle.clear();
      out->bytes = std::move(line);
      *error = Status::OK();
      return true;
    }
    const bool failed = lines_->failed();
    lines_.reset();
    file_.reset();
    ++next_;
    if (failed) {
      *error = Status::IOError(std::string(e.origin) + ": read failed after line " + std::to_string(line_no_));
      return true;
    }
    return false;
  }

  SourceOptions options_;
  std::deque<Entry> entries_;  // a deque: no copy of them all as it grows
  StringArena names_;          // the entries' strings
  std::vector<Status> errors_;
  std::vector<std::shared_ptr<const SiteConfig>> sites_;
  size_t next_ = 0;
  std::vector<std::string> roots_;
  // Where the walk is: its root's and site's indexes.
  std::uint32_t walk_root_ = Entry::kNone;
  std::uint32_t walk_site_ = Entry::kNone;
  std::uint64_t total_bytes_ = 0;
  bool has_stdin_ = false;
  // The site being walked (AddDirectory), and its own excludes.
  std::shared_ptr<const SiteConfig> site_;
  std::vector<std::string> site_excludes_;
  // The JSON Lines entry being read.
  std::unique_ptr<std::ifstream> file_;
  std::unique_ptr<LineReader> lines_;
  std::uint64_t line_no_ = 0;
};

}  // namespace

Status InputReader::Open(const std::vector<std::string>& paths, const SourceOptions& options,
                         std::unique_ptr<InputReader>* out) {
  auto reader = std::make_unique<InputReaderImpl>(options);
  for (const std::string& path : paths) SAGASU_RETURN_IF_ERROR(reader->Add(path));
  *out = std::move(reader);
  return Status::OK();
}

Result<Article> ParseRawInput(const RawInput& input, const SourceOptions& options) {
  return ParseRawInput(input, options, nullptr);
}

Result<Article> ParseRawInput(const RawInput& input, const SourceOptions& options, PostMeta* meta) {
  if (input.bytes.size() > options.max_file_bytes) {
    return Status::InvalidArgument(TooLarge(input.origin, input.bytes.size(), options.max_file_bytes,
                                            input.kind == RawInput::Kind::kPost ? "file" : "line"));
  }
  switch (input.kind) {
    case RawInput::Kind::kPost:
      return ParsePost(input.bytes, input.default_id, input.origin, meta);
    case RawInput::Kind::kJsonLine:
      return ParseJsonLine(input.bytes, input.origin);
  }
  return Status::InvalidArgument(input.origin + ": unknown input kind");
}

}  // namespace sagasu
