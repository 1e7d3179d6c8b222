// Document sources: Markdown posts with front matter, and JSON Lines.
//
// Reading is split in two so that parsing runs on the worker threads:
// InputReader walks PATHs sequentially and yields RawInput items (a file's
// bytes or one JSONL line); ParseRawInput turns one into a Document.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/document.h"
#include "common/status.h"
#include "indexer/sources/publication.h"
#include "indexer/sources/site.h"
#include "sagasu/types.h"

namespace sagasu {

struct SourceOptions {
  // File name patterns (fnmatch) taken from directories. Default: *.md, *.markdown.
  std::vector<std::string> patterns = {"*.md", "*.markdown"};
  // Entries under an indexed directory to leave out (fnmatch): a pattern
  // without '/' matches a file or folder name at any depth ("drafts",
  // "*.tmp.md"); one with '/' matches the path relative to the directory
  // ("notes/*.md", "2019/*"). Folders whose names start with '.' are always
  // left out. Default: DefaultExcludes() (sagasu/types.h); a PATH named
  // directly is never excluded.
  std::vector<std::string> exclude = DefaultExcludes();
  // For sites (site.h): the time zone of dates without an offset when the
  // site's config names none (an IANA name; "" = the machine's), and the
  // base of every URL instead of the config's baseurl/baseURL when set.
  std::string time_zone;
  std::optional<std::string> base_url;
  // Which posts count as published (indexer/sources/publication.h); `now`
  // is set by the pipeline at the start of each run.
  PublishOptions publish;
  // Files (and JSONL lines) larger than this are rejected with an error.
  // Default: 16 MiB.
  std::uint64_t max_file_bytes = 16u << 20;
  // Where the PATH "-" reads JSON Lines from; not owned. Default: nullptr,
  // meaning std::cin.
  std::istream* stdin_stream = nullptr;
};

struct RawInput {
  enum class Kind { kPost, kJsonLine };
  Kind kind = Kind::kPost;
  // Where it came from, for messages: "posts/2024/a.md", "feed.jsonl:12" or
  // "<stdin>:3".
  std::string origin;
  // The indexed directory this post was found under (absolute, normalized),
  // or "" for a file named directly, a .jsonl file or stdin. Documents found
  // under a directory and missing on a later run of the same directory are
  // removed from the index.
  std::string root;
  // Default id of a post: its path relative to `root` (or to its own folder
  // when named directly) without extension, '/' separated.
  std::string default_id;
  // A post file's modification time (seconds since the epoch), when known:
  // Jekyll dates a draft without a date by it.
  std::optional<std::int64_t> modified;
  // Hugo: the leaf bundle folder ("posts/bundle", relative to `root`) the
  // post lies in when it is not that bundle's index: a page resource, not
  // a page (site.h IsHugoLeafIndex). "" otherwise.
  std::string leaf_bundle;
  std::string bytes;
  // The Jekyll or Hugo site the post belongs to (site.h), when its PATH was
  // a site root; null otherwise.
  std::shared_ptr<const SiteConfig> site;
};

// Turns one input into a Document. Errors (invalid UTF-8, binary, empty,
// broken front matter, JSON that does not parse, missing id, too large) are
// InvalidArgument with a message naming origin (and line) and the reason.
// These functions keep no state: safe to call from many threads at once.
Result<Article> ParseRawInput(const RawInput& input, const SourceOptions& options = {});
// The same, also filling *meta (when not null) from a post's front matter.
Result<Article> ParseRawInput(const RawInput& input, const SourceOptions& options, PostMeta* meta);

// Parses a Markdown post: optional front matter (YAML between `---` lines,
// TOML between `+++` lines, or a JSON object at the start), then a Markdown
// body converted to plain text (see front_matter.h for formats and keys).
// The whole input must be valid UTF-8 without NUL bytes; a leading BOM is
// ignored. Without a title in the front matter the first heading is the
// title. Without a date, a Jekyll file name ("2024-06-01-slug") gives the
// date. Errors name `origin` and, for front matter, the line in the file:
// "posts/a.md:3: front matter: ...".
Result<Article> ParsePost(std::string_view bytes, std::string_view default_id, std::string_view origin);
// The same, also filling *meta (when not null) with the front matter's
// publication fields (draft, published, publishDate, ...).
struct PostMeta;
Result<Article> ParsePost(std::string_view bytes, std::string_view default_id, std::string_view origin,
                          PostMeta* meta);

// Parses one JSON Lines record: an object with "id" (string or integer,
// required, non-empty), "title", "body" (plain text, kept as is), "tags" and
// "categories" (array of strings or one string), "date" (string ParseDate
// accepts, or integer seconds since the epoch), "url", "author", "excerpt".
// "category", "description" and "permalink" stand in for categories,
// excerpt and url. Other keys are ignored. A blank line is an error here;
// InputReader skips blank lines before they get this far.
Result<Article> ParseJsonLine(std::string_view line, std::string_view origin);

// Markdown to plain text with cmark: keeps the text of headings, emphasis,
// lists, links (not their URLs), image alt text, tables and code; drops
// markup, raw HTML tags and Liquid `{% %}` / `{{ }}`. Blocks are separated
// by newlines. Soft line breaks join without a space when both neighbouring
// characters are non-ASCII (Japanese), with one space otherwise. Details in
// markdown_text.h.
std::string MarkdownToText(std::string_view markdown);

// Walks PATH arguments in order: a directory (recursive, matching
// options.patterns, in sorted order), a single post file, a `.jsonl` file, or
// "-" for JSON Lines on stdin. Not thread-safe.
//
// Directories: entries whose names start with '.' (.git, .obsidian) are
// skipped; symlinks are followed, but no directory is entered twice, so
// loops end. A matching `*.jsonl` / `*.ndjson` file found there is read as
// JSON Lines. Files are listed (names and sizes) when the reader opens and
// read one at a time by Next; JSON Lines are read line by line, and a line
// longer than max_file_bytes is reported and skipped without being held in
// memory. Blank JSONL lines are skipped silently.
class InputReader {
 public:
  // Lists the PATHs. Returns NotFound for a PATH that does not exist and
  // InvalidArgument for "-" given twice; otherwise OK and sets *out.
  // Problems with single files inside directories are reported by Next.
  static Status Open(const std::vector<std::string>& paths, const SourceOptions& options,
                     std::unique_ptr<InputReader>* out);
  virtual ~InputReader() = default;
  // Produces the next item. Returns false at the end. When an item cannot be
  // read (unreadable file, too large), *error is set non-OK and *out is
  // unspecified; the caller reports it and calls Next again.
  virtual bool Next(RawInput* out, Status* error) = 0;
  // Directory roots among the PATHs (absolute, normalized, symlinks
  // resolved, no trailing '/'), for removal of documents whose files
  // disappeared.
  virtual const std::vector<std::string>& DirectoryRoots() const = 0;
  // Total bytes of the files to be read (JSONL on stdin: unknown, 0), for progress.
  virtual std::uint64_t TotalBytes() const = 0;
};

}  // namespace sagasu
