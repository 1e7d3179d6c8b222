/* End-to-end test of the C API (include/sagasu/sagasu_c.h), written in C so
 * that the header is checked to be valid C and the library to be linkable
 * from C. Runs under AddressSanitizer (see tests/CMakeLists.txt): leaks of
 * returned strings and misuse of the handle show up as failures.
 *
 * Prints one line per failed check and a final "capi: N passed, M failed". */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sagasu/sagasu_c.h"

static int passed = 0;
static int failed = 0;

#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (cond) {                                            \
      ++passed;                                            \
    } else {                                               \
      ++failed;                                            \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                        \
      fputc('\n', stderr);                                 \
    }                                                      \
  } while (0)

static const char* Msg(const char* m) { return m != NULL ? m : "(no message)"; }

static int RemoveEntry(const char* path, const struct stat* sb, int flag, struct FTW* ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static const char* kDocs[] = {
    "{\"id\": \"2024-06-18-hokkaido\", \"title\": \"梅雨のない北海道へ逃げてみた\","
    " \"body\": \"そこで今年は思い切って、梅雨がないと言われる北海道へ五日間だけ避難しました。札幌は涼しかった。\","
    " \"tags\": [\"旅行\", \"北海道\"], \"categories\": \"日記\", \"date\": \"2024-06-18\","
    " \"url\": \"/2024/06/18/hokkaido/\", \"author\": \"yamada\"}",
    "{\"id\": \"2024-07-01-ramen\", \"title\": \"東京のラーメン屋めぐり\","
    " \"body\": \"新宿と池袋で醤油ラーメンを食べ比べた。スープは東京らしい味だった。\","
    " \"tags\": [\"グルメ\"], \"categories\": [\"日記\"], \"date\": \"2024-07-01T12:00:00+09:00\"}",
    "{\"id\": 42, \"title\": \"京都の紅葉\", \"body\": \"秋の京都は紅葉が美しい。嵐山と東福寺を歩いた。\","
    " \"tags\": [\"旅行\", \"京都\"], \"date\": 1700000000}",
};

int main(void) {
  char* err = NULL;
  char* json = NULL;
  sagasu_index_t* index = NULL;
  sagasu_code_t rc;

  const char* version = sagasu_version();
  CHECK(version != NULL && version[0] != '\0', "sagasu_version returned nothing");
  CHECK(strcmp(sagasu_code_name(SAGASU_NOT_FOUND), "NotFound") == 0, "code name %s",
        sagasu_code_name(SAGASU_NOT_FOUND));

  const char* tmp = getenv("TMPDIR");
  char dir[512];
  snprintf(dir, sizeof dir, "%s/sagasu-capi-XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return 2;
  }
  char db[600];
  snprintf(db, sizeof db, "%s/index", dir);

  /* Error path: a missing index opened read-only is NOT_FOUND with a message, and *out is untouched. */
  sagasu_index_t* untouched = (sagasu_index_t*)&passed;
  rc = sagasu_open(db, SAGASU_READ_ONLY, NULL, &untouched, &err);
  CHECK(rc == SAGASU_NOT_FOUND, "open missing read-only: %s (%s)", sagasu_code_name(rc), Msg(err));
  CHECK(err != NULL && strlen(err) > 0, "no message for a missing index");
  CHECK(untouched == (sagasu_index_t*)&passed, "out changed on failure");
  sagasu_free(err);
  err = NULL;

  /* Bad options are INVALID_ARGUMENT. */
  rc = sagasu_open(db, SAGASU_READ_WRITE, "{\"k1\": \"high\"}", &index, &err);
  CHECK(rc == SAGASU_INVALID_ARGUMENT && err != NULL, "bad options: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;

  /* Out of range (<sagasu/limits.h>): the message names the key. */
  rc = sagasu_open(db, SAGASU_READ_WRITE, "{\"rerank_depth\": 0}", &index, &err);
  CHECK(rc == SAGASU_INVALID_ARGUMENT && err != NULL && strstr(err, "rerank_depth") != NULL,
        "rerank_depth out of range: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;

  rc = sagasu_open(db, SAGASU_READ_WRITE,
                   "{\"sync\": false, \"threads\": 1, \"proximity_weight\": 0.8, \"rerank_depth\": 20}", &index,
                   &err);
  CHECK(rc == SAGASU_OK && index != NULL && err == NULL, "open read-write: %s (%s)", sagasu_code_name(rc), Msg(err));
  if (rc != SAGASU_OK) {
    sagasu_free(err);
    printf("capi: %d passed, %d failed\n", passed, failed + 1);
    return 1;
  }

  for (size_t i = 0; i < sizeof kDocs / sizeof kDocs[0]; ++i) {
    rc = sagasu_add_json(index, kDocs[i], &err);
    CHECK(rc == SAGASU_OK, "add doc %zu: %s (%s)", i, sagasu_code_name(rc), Msg(err));
    sagasu_free(err);
    err = NULL;
  }
  const char* tags[] = {"旅行", "沖縄"};
  sagasu_document_t doc = {0};
  doc.id = "okinawa";
  doc.title = "沖縄の海";
  doc.body = "那覇から船で離島へ渡った。海の青さに驚いた。";
  doc.tags = tags;
  doc.tag_count = 2;
  doc.has_date = 1;
  doc.date = 1717200000;
  rc = sagasu_add(index, &doc, &err);
  CHECK(rc == SAGASU_OK, "add struct: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;

  /* Error paths: invalid JSON, a document without an id. */
  rc = sagasu_add_json(index, "{\"id\": \"broken\", \"title\": ", &err);
  CHECK(rc == SAGASU_INVALID_ARGUMENT && err != NULL && strlen(err) > 0, "invalid JSON: %s (%s)",
        sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;
  rc = sagasu_add_json(index, "{\"title\": \"no id\"}", &err);
  CHECK(rc == SAGASU_INVALID_ARGUMENT && err != NULL, "no id: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;

  rc = sagasu_commit(index, &err);
  CHECK(rc == SAGASU_OK, "commit: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;
  CHECK(sagasu_document_count(index) == 4, "document count %llu", (unsigned long long)sagasu_document_count(index));

  /* A writer's commits are visible to its own searches right after Commit. */
  rc = sagasu_search_json(index, "{\"q\": \"北海道 梅雨\", \"limit\": 5}", &json, &err);
  CHECK(rc == SAGASU_OK && json != NULL, "search: %s (%s)", sagasu_code_name(rc), Msg(err));
  if (json != NULL) {
    CHECK(strstr(json, "\"id\":\"2024-06-18-hokkaido\"") != NULL, "expected hit missing: %s", json);
    CHECK(strstr(json, "<mark>北海道</mark>") != NULL, "no <mark> highlight: %s", json);
    CHECK(strstr(json, "\"total\":1") != NULL, "total: %s", json);
    CHECK(strstr(json, "\"date\":\"2024-06-18T00:00:00Z\"") != NULL, "date: %s", json);
    CHECK(strstr(json, "\"facets\":{") != NULL, "facets: %s", json);
    CHECK(strstr(json, "\"page\":1") != NULL && strstr(json, "\"size\":5") != NULL, "paging: %s", json);
  }
  sagasu_free(json);
  json = NULL;
  sagasu_free(err);
  err = NULL;

  /* Filters: tag 旅行 with date sort; newest first. */
  rc = sagasu_search_json(index, "{\"tags\": [\"旅行\"], \"sort\": \"date\", \"since\": \"2024\"}", &json, &err);
  CHECK(rc == SAGASU_OK && json != NULL, "filter search: %s (%s)", sagasu_code_name(rc), Msg(err));
  if (json != NULL) {
    const char* a = strstr(json, "\"id\":\"2024-06-18-hokkaido\"");
    const char* b = strstr(json, "\"id\":\"okinawa\"");
    CHECK(a != NULL && b != NULL && a < b && strstr(json, "\"id\":\"42\"") == NULL && strstr(json, "\"total\":2"),
          "filter results: %s", json);
  }
  sagasu_free(json);
  json = NULL;
  sagasu_free(err);
  err = NULL;

  /* HTTP's names (issue 15, one vocabulary): page 2 of size 1 is the second of the two, okinawa. */
  rc = sagasu_search_json(index, "{\"tag\": \"旅行\", \"sort\": \"date\", \"since\": \"2024\", \"page\": 2, \"size\": 1}",
                          &json, &err);
  CHECK(rc == SAGASU_OK && json != NULL, "page/size search: %s (%s)", sagasu_code_name(rc), Msg(err));
  if (json != NULL) {
    CHECK(strstr(json, "\"id\":\"okinawa\"") != NULL && strstr(json, "\"id\":\"2024-06-18-hokkaido\"") == NULL &&
              strstr(json, "\"page\":2") != NULL && strstr(json, "\"offset\":1") != NULL &&
              strstr(json, "\"version\":1") != NULL,
          "page/size results: %s", json);
  }
  sagasu_free(json);
  json = NULL;
  sagasu_free(err);
  err = NULL;

  /* explain adds a per-term breakdown to each hit. */
  rc = sagasu_search_json(index, "{\"q\": \"北海道 梅雨\", \"explain\": true}", &json, &err);
  CHECK(rc == SAGASU_OK && json != NULL && strstr(json, "\"explain\":[{") != NULL, "explain: %s (%s)",
        sagasu_code_name(rc), json != NULL ? json : Msg(err));
  sagasu_free(json);
  json = NULL;

  /* Error paths of search: bad JSON, unknown key, bad date, out of range. No result is returned. */
  const char* bad_requests[] = {"not json", "{\"q\": \"x\", \"colour\": 1}", "{\"since\": \"yesterday\"}",
                                "[1, 2]", "{\"limit\": 10001}", "{\"sort\": \"relevance\"}",
                                "{\"page\": 0}", "{\"limit\": 5, \"size\": 5}", "{\"prefix\": \"first\"}"};
  for (size_t i = 0; i < sizeof bad_requests / sizeof bad_requests[0]; ++i) {
    json = (char*)"sentinel";
    rc = sagasu_search_json(index, bad_requests[i], &json, &err);
    CHECK(rc == SAGASU_INVALID_ARGUMENT && json == NULL && err != NULL, "bad request %zu: %s (%s)", i,
          sagasu_code_name(rc), Msg(err));
    sagasu_free(err);
    err = NULL;
    json = NULL;
  }

  /* A second writer is refused while this one is open. */
  sagasu_index_t* second = NULL;
  rc = sagasu_open(db, SAGASU_READ_WRITE, NULL, &second, &err);
  CHECK(rc == SAGASU_IO_ERROR && second == NULL, "second writer: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;
  sagasu_close(second);

  /* Delete, commit, search again. */
  rc = sagasu_delete(index, "2024-06-18-hokkaido", &err);
  CHECK(rc == SAGASU_OK, "delete: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;
  rc = sagasu_delete(index, "no-such-id", &err);
  CHECK(rc == SAGASU_NOT_FOUND && err != NULL, "delete missing: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;
  rc = sagasu_commit(index, NULL);
  CHECK(rc == SAGASU_OK, "commit after delete: %s", sagasu_code_name(rc));
  rc = sagasu_search_json(index, "{\"q\": \"北海道\"}", &json, &err);
  CHECK(rc == SAGASU_OK && json != NULL, "search after delete: %s (%s)", sagasu_code_name(rc), Msg(err));
  if (json != NULL) {
    CHECK(strstr(json, "2024-06-18-hokkaido") == NULL && strstr(json, "\"total\":0") != NULL,
          "deleted document still found: %s", json);
  }
  sagasu_free(json);
  json = NULL;
  sagasu_free(err);
  err = NULL;
  sagasu_close(index);
  index = NULL;

  /* Read-only: sees the committed state; writing is NOT_SUPPORTED. */
  rc = sagasu_open(db, SAGASU_READ_ONLY, NULL, &index, &err);
  CHECK(rc == SAGASU_OK, "open read-only: %s (%s)", sagasu_code_name(rc), Msg(err));
  sagasu_free(err);
  err = NULL;
  if (rc == SAGASU_OK) {
    CHECK(sagasu_document_count(index) == 3, "read-only count %llu",
          (unsigned long long)sagasu_document_count(index));
    rc = sagasu_search_json(index, "{\"q\": \"京都 紅葉\", \"snippets\": false}", &json, &err);
    CHECK(rc == SAGASU_OK && json != NULL && strstr(json, "\"id\":\"42\"") != NULL, "read-only search: %s %s",
          sagasu_code_name(rc), json != NULL ? json : Msg(err));
    sagasu_free(json);
    json = NULL;
    sagasu_free(err);
    err = NULL;
    rc = sagasu_add_json(index, kDocs[0], &err);
    CHECK(rc == SAGASU_NOT_SUPPORTED && err != NULL, "add read-only: %s (%s)", sagasu_code_name(rc), Msg(err));
    sagasu_free(err);
    err = NULL;
    sagasu_close(index);
  }

  /* NULL arguments are errors, not crashes. */
  rc = sagasu_commit(NULL, &err);
  CHECK(rc == SAGASU_INVALID_ARGUMENT, "commit NULL: %s", sagasu_code_name(rc));
  sagasu_free(err);
  sagasu_free(NULL);

  nftw(dir, RemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
  printf("capi: %d passed, %d failed\n", passed, failed);
  fflush(stdout); /* before LeakSanitizer's exit-time check, which exits without flushing */
  return failed == 0 ? 0 : 1;
}
