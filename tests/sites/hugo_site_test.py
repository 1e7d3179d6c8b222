"""The Hugo recipe (examples/hugo/README.md) on a real site: tests/sites/hugo
with the shipped partial and web/search.js, web/search.css in static/sagasu/,
built with Debian's `hugo`, then `sagasu index` on the site root. Checks that
searches return the posts with URLs Hugo wrote files for, that the draft is
absent, that a re-run after an edit re-indexes only that post, and that the
partial rendered into the search page.

Run by tests/sites/hugo.sh (ctest site_hugo): python3 hugo_site_test.py SAGASU_EXE SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

SAGASU = sys.argv[1] if len(sys.argv) > 1 else "sagasu"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
BASE_PATH = "/notes"

# Each post: the word only it holds, its id, and the URL Hugo 0.111 gives it
# (permalinks posts = "/:year/:month/:slug/", front matter slug and url).
POSTS = [
    ("麹", "posts/miso", "/notes/2025/02/temae-miso/", ["発酵", "味噌"], ["台所"], "川村 はるか"),
    # no slug: the title, which Hugo keeps in Japanese (percent-encoded in the URL)
    ("書斎", "posts/soseki", "/notes/2025/05/" + urllib.parse.quote("漱石の猫を読み返す") + "/",
     ["読書", "夏目漱石"], ["本棚"], ""),
    ("氷砂糖", "posts/umeshu", "/notes/umeshu-2025/", ["梅", "果実酒"], ["台所"], ""),
]


class HugoRecipeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sagasu-hugo-")
        self.site = os.path.join(self.tmp, "site")
        self.db = os.path.join(self.tmp, "search.db")
        shutil.copytree(os.path.join(SOURCE, "tests/sites/hugo"), self.site)
        # The recipe's two copy steps.
        os.makedirs(os.path.join(self.site, "layouts/partials"))
        shutil.copy(os.path.join(SOURCE, "examples/hugo/layouts/partials/sagasu-search.html"),
                    os.path.join(self.site, "layouts/partials"))
        os.makedirs(os.path.join(self.site, "static/sagasu"))
        for name in ("search.js", "search.css"):
            shutil.copy(os.path.join(SOURCE, "web", name), os.path.join(self.site, "static/sagasu"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def run_ok(self, *args):
        proc = subprocess.run(args, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stdout}{proc.stderr}")
        return proc.stdout

    def build_and_index(self):
        """The post-build step: hugo, then sagasu index on the site root."""
        self.run_ok("hugo", "--quiet", "--source", self.site)
        out = self.run_ok(SAGASU, "index", "--db", self.db, "--quiet", "--json", "--exclude", "search.md", self.site)
        return json.loads(out)

    def search(self, query):
        return json.loads(self.run_ok(SAGASU, "search", "--db", self.db, "--json", query))

    def built_file(self, url):
        self.assertTrue(url.startswith(BASE_PATH + "/"), url)
        path = urllib.parse.unquote(url[len(BASE_PATH):])
        if path.endswith("/"):
            path += "index.html"
        return os.path.join(self.site, "public", path.lstrip("/"))

    def test_search_returns_the_posts_at_the_urls_hugo_wrote(self):
        report = self.build_and_index()
        self.assertEqual((report["added"], report["failed"]), (3, 0), report)
        self.assertEqual(report["unpublished"], 1, report)  # the draft
        for word, doc_id, url, tags, categories, author in POSTS:
            with self.subTest(word=word):
                result = self.search(word)
                self.assertEqual(result["total"], 1, result["hits"])
                hit = result["hits"][0]
                self.assertEqual(hit["id"], doc_id)
                self.assertEqual(hit["url"], url)
                self.assertTrue(os.path.isfile(self.built_file(hit["url"])), f"hugo wrote no {hit['url']}")
                self.assertEqual(hit["tags"], tags)
                self.assertEqual(hit["categories"], categories)
                self.assertEqual(hit["author"], author)
                self.assertIn(f"<mark>{word}</mark>", hit["snippet"])
        # The draft is neither built nor indexed; the search page is excluded.
        self.assertEqual(self.search("鶏肉")["total"], 0)
        self.assertFalse(os.path.exists(os.path.join(self.site, "public/posts/shiokoji")))
        self.assertEqual(self.search("検索")["total"], 0)

    def test_rerun_after_an_edit_reindexes_only_that_post(self):
        self.build_and_index()
        again = self.build_and_index()
        self.assertEqual((again["added"], again["updated"], again["unchanged"]), (0, 0, 3), again)
        path = os.path.join(self.site, "content/posts/umeshu.md")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("氷砂糖", "黒糖"))
        edited = self.build_and_index()
        self.assertEqual((edited["added"], edited["updated"], edited["unchanged"]), (0, 1, 2), edited)
        self.assertEqual(self.search("氷砂糖")["total"], 0)
        self.assertEqual([h["id"] for h in self.search("黒糖")["hits"]], ["posts/umeshu"])
        os.remove(os.path.join(self.site, "content/posts/soseki.md"))
        removed = self.build_and_index()
        self.assertEqual(removed["removed"], 1, removed)
        self.assertEqual(self.search("書斎")["total"], 0)

    def test_partial_renders_the_search_block(self):
        self.build_and_index()
        with open(os.path.join(self.site, "public/search/index.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertIn('data-sagasu-api="/notes/search"', page)
        self.assertIn('data-sagasu-page-size="20"', page)
        self.assertNotIn("data-sagasu-time-zone", page)
        self.assertIn('<script src="/notes/sagasu/search.js" defer></script>', page)
        self.assertIn('<link rel="stylesheet" href="/notes/sagasu/search.css">', page)
        for name in ("search.js", "search.css"):
            with open(os.path.join(self.site, "public/sagasu", name), "rb") as built, \
                    open(os.path.join(SOURCE, "web", name), "rb") as web:
                self.assertEqual(built.read(), web.read(), name)
        # The block is an empty data-sagasu element, as in web/index.html:
        # search.js builds the widget inside it.
        with open(os.path.join(SOURCE, "web/index.html"), encoding="utf-8") as f:
            web = f.read()
        self.assertRegex(web, r'<div id="sagasu" data-sagasu data-sagasu-api="[^"]*"></div>')
        self.assertRegex(page, r'<div data-sagasu data-sagasu-api="[^"]*"[^>]*></div>')


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
