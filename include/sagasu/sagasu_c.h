/* sagasu C API: full-text search for Japanese article archives.
 *
 * A thin C layer over the C++ API in <sagasu/sagasu.h>, for embedding from C
 * and from languages with a C FFI (Python ctypes, Ruby FFI, PHP FFI, Go cgo).
 *
 * Conventions
 * - Strings are NUL-terminated UTF-8.
 * - Every fallible function returns a sagasu_code_t. When `errmsg` is not
 *   NULL, *errmsg is set to NULL on success, and on failure to a message
 *   ("where: what", e.g. "[sagasu] delete: no article with id x") that the
 *   caller frees with sagasu_free().
 * - Strings returned through out-parameters (result JSON, messages) are
 *   allocated by the library; free them with sagasu_free(), never free().
 * - No C++ exception leaves these functions: an unexpected internal failure
 *   (out of memory, a bug) returns SAGASU_INTERNAL.
 * - Thread safety: a sagasu_index_t may be used from several threads at once
 *   (searches run concurrently; writes are serialized inside the library),
 *   except sagasu_close(), which must not overlap any other call on it.
 *
 * Mapping for a web handler: SAGASU_INVALID_ARGUMENT -> 400,
 * SAGASU_NOT_FOUND -> 404, the rest -> 500.
 */
#ifndef SAGASU_SAGASU_C_H_
#define SAGASU_SAGASU_C_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sagasu_code_t {
  SAGASU_OK = 0,
  SAGASU_NOT_FOUND = 1,        /* no index at the path; no article with that id */
  SAGASU_INVALID_ARGUMENT = 2, /* bad JSON, options, query; index built with other dictionaries */
  SAGASU_CORRUPTION = 3,       /* the index is damaged */
  SAGASU_IO_ERROR = 4,         /* cannot read or write; another process is writing the index */
  SAGASU_NOT_SUPPORTED = 5,    /* e.g. writing through an index opened read-only */
  SAGASU_INTERNAL = 6          /* unexpected failure inside the library */
} sagasu_code_t;

typedef enum sagasu_mode_t {
  SAGASU_READ_ONLY = 0,  /* search only; the index must exist */
  SAGASU_READ_WRITE = 1  /* search and write; created when missing; one writing process per index */
} sagasu_mode_t;

/* An open index. Opaque. */
typedef struct sagasu_index_t sagasu_index_t;

/* One article, for sagasu_add(). NULL strings count as empty. */
typedef struct sagasu_document_t {
  const char* id; /* required, non-empty */
  const char* title;
  const char* body; /* plain text */
  const char* url;
  const char* author;
  const char* excerpt;
  const char* const* tags; /* tag_count strings */
  size_t tag_count;
  const char* const* categories; /* category_count strings */
  size_t category_count;
  int has_date; /* non-zero when `date` is set */
  int64_t date; /* seconds since the Unix epoch, UTC */
} sagasu_document_t;

/* "0.1.0". Static storage; do not free. */
const char* sagasu_version(void);

/* "OK", "NotFound", "InvalidArgument", ... Static storage; do not free. */
const char* sagasu_code_name(sagasu_code_t code);

/* Opens the index directory `path`.
 * `options_json` may be NULL or a JSON object with any of (defaults in ()):
 *   "dicdir": MeCab IPAdic UTF-8 directory (the one named at build time)
 *   "user_dic": path of sagasu-user.dic (looked up: $SAGASU_USER_DIC, ...)
 *   "use_builtin_user_dic": bool (true)
 *   "extra_user_dics": [paths] ([])
 *   "no_fold": folding rules turned off, "kana,vu,iteration,kanji,digits,
 *              okurigana" or "all" ("" = all on; part of the fingerprint)
 *   "reanalyze": "changed", "all" or "never" ("changed"): what a read-write
 *              open does with an index built with other dictionaries or
 *              folding rules (IndexOptions::reanalyze)
 *   "synonyms": synonyms file ("" = built in, "-" = none; IndexOptions::synonyms_file)
 *   "threads": tokenizer threads for sagasu_index_paths (0 = all cores)
 *   "memory_budget": bytes (536870912)
 *   "sync": fsync every commit (true)
 *   "cache_size": bytes of index blocks kept in memory for searches, shared
 *              by the process (0 = a quarter of memory, 256 MiB to 8 GiB;
 *              IndexOptions::cache_size)
 *   "k1" (1.2), "b" (0.75), "b_title" (0.5), "title_weight" (2.5),
 *   "meta_weight" (1.5), "b_meta" (0.3): BM25F
 *   "proximity_weight" (0.5; 0 = off; also "proximity", the CLI's name),
 *   "rerank_depth" (10): term proximity
 * Numbers must lie in the ranges of <sagasu/limits.h> (k1 0-100, b 0-1, ...).
 * Unknown keys and values out of range are InvalidArgument, naming the key.
 * On success stores a handle in *out (close it with sagasu_close) and returns
 * SAGASU_OK. Errors (*out untouched): NOT_FOUND (read-only and no index at
 * `path`, or a dictionary is missing), INVALID_ARGUMENT (bad options; index
 * built with other dictionaries), IO_ERROR (another process is writing it),
 * CORRUPTION. */
sagasu_code_t sagasu_open(const char* path, sagasu_mode_t mode, const char* options_json, sagasu_index_t** out,
                          char** errmsg);

/* Closes the index and frees the handle. Uncommitted adds and deletes are
 * dropped. NULL is a no-op. */
void sagasu_close(sagasu_index_t* index);

/* Adds one article given as a JSON object with the fields of a JSON Lines
 * record: "id" (string or integer, required), "title", "body", "tags" and
 * "categories" (array of strings or one string), "date" ("2024-06-18",
 * "2024-06-18T09:00:00+09:00", ... or integer seconds since the epoch),
 * "url", "author", "excerpt". Replaces the article with the same id. Visible
 * to searches after sagasu_commit(). INVALID_ARGUMENT when the JSON does not
 * parse, lacks an id, or is not UTF-8; NOT_SUPPORTED when read-only. */
sagasu_code_t sagasu_add_json(sagasu_index_t* index, const char* document_json, char** errmsg);

/* Same as sagasu_add_json() from a struct. */
sagasu_code_t sagasu_add(sagasu_index_t* index, const sagasu_document_t* document, char** errmsg);

/* Deletes the article `id` at the next commit. NOT_FOUND when the last
 * commit has no such article (a pending add does not count). */
sagasu_code_t sagasu_delete(sagasu_index_t* index, const char* id, char** errmsg);

/* Commits pending adds and deletes atomically. SAGASU_OK when nothing is
 * pending. IO_ERROR when the index could not be written (it stays at its
 * previous commit). */
sagasu_code_t sagasu_commit(sagasu_index_t* index, char** errmsg);

/* Indexes `count` paths (directories of Markdown posts, post files, .jsonl
 * files) and commits, like `sagasu index`. Inputs that fail are listed in the
 * report, not an error. When report_json is not NULL, *report_json receives
 * {"added","updated","unchanged","removed","failed","bytes","commits","merged",
 * "seconds","mb_per_second","version","errors":[messages]} (free with sagasu_free; the
 * shape of `sagasu index --json`, <sagasu/json.h>). */
sagasu_code_t sagasu_index_paths(sagasu_index_t* index, const char* const* paths, size_t count, char** report_json,
                                 char** errmsg);

/* Runs a search. `request_json` is a JSON object with any of:
 *   "q": query text (same syntax as `sagasu search`)
 *   "tags": [..] or "tag", "tag_mode": "all" (default) or "any"
 *   "categories", "authors": [..] or one string (any of them)
 *   "since", "until": "2024", "2024-06", "2024-06-18", a date-time, or
 *                     integer seconds since the epoch (inclusive)
 *   "sort": "score" (default), "date" (newest first), "date-asc"
 *   "offset" (0, at most 1000000), "limit" (10, at most 10000); or HTTP's
 *   "page" (from 1: offset (page - 1) x limit) and "size" (= limit)
 *   "prefix": "none" (default) or "last": the last word of q is also a prefix
 *   "snippets": bool (true), "snippet_chars" (120, 10-10000), "facets": bool (true)
 *   "explain": bool (false): per-term score breakdown in each hit
 * On success *result_json receives (free with sagasu_free) the same shape as
 * `sagasu search --json` and GET /search (<sagasu/json.h>):
 *   {"version":1,"query","terms":[..],"total","total_exact","offset","page","size","pages",
 *    "hits":[{"rank","id","title","title_highlighted","url",
 *             "date"(ISO 8601 or null),"tags","categories","author","excerpt","score",
 *             "snippet"}],
 *    "facets":{"tags":[{"value","count"}],"categories":[..]},
 *    "warnings":[..] (only when there are any),"took_ms"}
 * where snippet and title_highlighted are HTML-escaped with <mark> around
 * matches. No match is SAGASU_OK with "hits": []. INVALID_ARGUMENT for bad
 * JSON, unknown keys or a query that does not parse. */
sagasu_code_t sagasu_search_json(const sagasu_index_t* index, const char* request_json, char** result_json,
                                 char** errmsg);

/* Live articles as of the last commit searches see; 0 on error. */
uint64_t sagasu_document_count(const sagasu_index_t* index);

/* Makes searches see the latest commit, including other processes'. */
sagasu_code_t sagasu_reopen(sagasu_index_t* index, char** errmsg);

/* Copies the index as of its last commit into the new directory `dest`
 * (Index::Snapshot in <sagasu/sagasu.h>): a consistent, whole index of its
 * own, table files hard-linked when on the same file system. Through a
 * SAGASU_READ_WRITE handle it runs beside writes from other threads; a
 * SAGASU_READ_ONLY handle fails with SAGASU_IO_ERROR while another process
 * writes the index. INVALID_ARGUMENT when `dest` exists and is not an empty
 * directory. */
sagasu_code_t sagasu_snapshot(const sagasu_index_t* index, const char* dest, char** errmsg);

/* Frees a string returned by this library. NULL is a no-op. */
void sagasu_free(void* ptr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SAGASU_SAGASU_C_H_ */
