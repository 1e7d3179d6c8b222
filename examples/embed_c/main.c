/* Embedding sagasu from C, built with pkg-config:
 *
 *   cc main.c $(pkg-config --cflags --libs sagasu) -o embed_c && ./embed_c /tmp/idx
 *
 * A program that does not run from <prefix>/bin passes the user dictionary's
 * path in the open options ("user_dic"); this one takes it at build time
 * with -DSAGASU_INSTALLED_USER_DIC="\"$(pkg-config --variable=user_dic sagasu)\""
 * or at run time from $SAGASU_USER_DIC.
 *
 * Indexes two posts given as JSON, searches and prints the result JSON. */
#include <stdio.h>
#include <stdlib.h>

#include <sagasu/sagasu_c.h>

static int Fail(const char* what, sagasu_code_t rc, char* err) {
  fprintf(stderr, "embed_c: %s: %s: %s\n", what, sagasu_code_name(rc), err != NULL ? err : "");
  sagasu_free(err);
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: embed_c INDEX_DIR\n");
    return 2;
  }
  char options[1024] = "{}";
#ifdef SAGASU_INSTALLED_USER_DIC
  if (getenv("SAGASU_USER_DIC") == NULL) snprintf(options, sizeof options, "{\"user_dic\": \"%s\"}", SAGASU_INSTALLED_USER_DIC);
#endif
  sagasu_index_t* index = NULL;
  char* err = NULL;
  sagasu_code_t rc = sagasu_open(argv[1], SAGASU_READ_WRITE, options, &index, &err);
  if (rc != SAGASU_OK) return Fail("open", rc, err);
  const char* docs[] = {
      "{\"id\": \"tsuyu\", \"title\": \"梅雨のない北海道へ\", \"body\": \"梅雨がないと言われる北海道へ避難した。\", \"tags\": [\"旅行\"]}",
      "{\"id\": \"kyoto\", \"title\": \"秋の京都\", \"body\": \"紅葉の京都を歩いた。\", \"tags\": [\"旅行\"]}",
  };
  for (int i = 0; i < 2; ++i) {
    if ((rc = sagasu_add_json(index, docs[i], &err)) != SAGASU_OK) return Fail("add", rc, err);
  }
  if ((rc = sagasu_commit(index, &err)) != SAGASU_OK) return Fail("commit", rc, err);
  char* result = NULL;
  rc = sagasu_search_json(index, "{\"q\": \"北海道\", \"limit\": 3}", &result, &err);
  if (rc != SAGASU_OK) return Fail("search", rc, err);
  printf("%s\n", result);
  sagasu_free(result);
  sagasu_close(index);
  return 0;
}
