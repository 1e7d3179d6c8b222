"""Tests of the Python binding on the demo site's Japanese posts
(examples/demo/_posts). Run with SAGASU_LIBRARY set to the built
libsagasu.so (ctest does: tests/bindings/python.sh)."""

import os
import re
import shutil
import tempfile
import unittest

import sagasu

HERE = os.path.dirname(os.path.abspath(__file__))
POSTS = os.environ.get("SAGASU_DEMO_POSTS") or os.path.join(HERE, "..", "..", "..", "examples", "demo", "_posts")


def published_posts():
    """File stem -> text of the demo posts, without those whose front matter
    says `published: false` (Jekyll leaves them out, and so does sagasu)."""
    posts = {}
    for name in os.listdir(POSTS):
        with open(os.path.join(POSTS, name), encoding="utf-8") as f:
            text = f.read()
        front_matter = text.split("---")[1]
        if not re.search(r"^published:\s*false\s*$", front_matter, re.M):
            posts[os.path.splitext(name)[0]] = text
    return posts


def posts_containing(word):
    """File stems of the published demo posts whose text holds `word`."""
    return {name for name, text in published_posts().items() if word in text}


class IndexTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sagasu-python-")
        self.db = os.path.join(self.dir, "db")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def open_demo(self):
        index = sagasu.Index.open(self.db, writable=True)
        report = index.index_paths([POSTS])
        self.assertEqual(report["failed"], 0, report["errors"])
        self.assertEqual(report["added"], len(published_posts()))
        self.assertEqual(report["added"] + report["unpublished"], len(os.listdir(POSTS)))
        return index

    def test_version(self):
        self.assertRegex(sagasu.version(), r"^\d+\.\d+\.\d+$")

    def test_search_tokyo_finds_the_posts_that_mention_it(self):
        with self.open_demo() as index:
            self.assertEqual(index.document_count(), len(published_posts()))
            result = index.search("東京")
            expected = posts_containing("東京")
            self.assertTrue(expected, "the demo posts should mention 東京")
            ids = {hit["id"] for hit in result["hits"]}
            self.assertEqual(result["total"], len(expected))
            self.assertEqual(len(ids), len(expected))
            for hit in result["hits"]:
                self.assertTrue(any(hit["id"].endswith(e) or e.endswith(hit["id"]) for e in expected), hit["id"])
                self.assertIn("<mark>東京</mark>", hit["snippet"] + hit["title_highlighted"])
                self.assertGreater(hit["score"], 0)
            scores = [hit["score"] for hit in result["hits"]]
            self.assertEqual(scores, sorted(scores, reverse=True))

    def test_tag_filter_narrows_to_tagged_posts(self):
        with self.open_demo() as index:
            everything = index.search("北海道", limit=100)
            tagged = index.search("北海道", tags=["技術"], limit=100)
            self.assertGreater(tagged["total"], 0)
            self.assertLess(tagged["total"], everything["total"])
            for hit in tagged["hits"]:
                self.assertIn("技術", hit["tags"])
            expected = {h["id"] for h in everything["hits"] if "技術" in h["tags"]}
            self.assertEqual({h["id"] for h in tagged["hits"]}, expected)
            # Facets count the tags of all matches.
            facet = {f["value"]: f["count"] for f in everything["facets"]["tags"]}
            self.assertEqual(facet.get("技術"), tagged["total"])

    def test_searches_from_several_threads(self):
        import threading
        with self.open_demo() as index:
            queries = ["東京", "北海道", "ラーメン", "紅葉"]
            expected = {q: [h["id"] for h in index.search(q)["hits"]] for q in queries}
            results, errors = [], []

            def worker(q):
                try:
                    for _ in range(10):
                        results.append((q, [h["id"] for h in index.search(q)["hits"]]))
                except Exception as e:  # reported below
                    errors.append(e)

            threads = [threading.Thread(target=worker, args=(q,)) for q in queries * 2]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            self.assertEqual(len(results), 80)
            for q, ids in results:
                self.assertEqual(ids, expected[q])

    def test_add_commit_delete(self):
        with sagasu.Index.open(self.db, writable=True) as index:
            index.add({"id": "tokyo-tower", "title": "東京タワーに登った", "body": "展望台から富士山が見えた。",
                       "tags": ["旅行", "東京"], "date": "2024-05-03"})
            self.assertEqual(index.search("東京タワー")["total"], 0)  # not yet committed
            index.commit()
            result = index.search("富士山")
            self.assertEqual([h["id"] for h in result["hits"]], ["tokyo-tower"])
            self.assertEqual(result["hits"][0]["date"][:10], "2024-05-03")
            index.delete("tokyo-tower")
            index.commit()
            self.assertEqual(index.document_count(), 0)
            with self.assertRaises(sagasu.NotFoundError) as ctx:
                index.delete("tokyo-tower")
            self.assertIn("tokyo-tower", ctx.exception.message)

    def test_bad_parameter_raises_naming_it(self):
        with self.open_demo() as index:
            with self.assertRaises(sagasu.InvalidArgumentError) as ctx:
                index.search("東京", limit=100000)
            self.assertEqual(ctx.exception.code, 2)
            self.assertEqual(ctx.exception.code_name, "InvalidArgument")
            self.assertIn("limit", str(ctx.exception))
            with self.assertRaises(sagasu.InvalidArgumentError) as ctx:
                index.search("東京", colour="red")
            self.assertIn("colour", str(ctx.exception))

    def test_bad_open_option_and_missing_index(self):
        with self.assertRaises(sagasu.InvalidArgumentError) as ctx:
            sagasu.Index.open(self.db, writable=True, options={"k1": 1000})
        self.assertIn("k1", ctx.exception.message)
        with self.assertRaises(sagasu.NotFoundError):
            sagasu.Index.open(os.path.join(self.dir, "missing"))

    def test_read_only_index_refuses_writes(self):
        self.open_demo().close()
        with sagasu.Index.open(self.db) as index:
            self.assertGreater(index.search("東京")["total"], 0)
            with self.assertRaises(sagasu.NotSupportedError):
                index.add({"id": "x", "body": "東京"})

    def test_dropped_index_releases_the_writer_lock(self):
        import gc
        index = sagasu.Index.open(self.db, writable=True)
        with self.assertRaises(sagasu.IOError_):  # one writer per index
            sagasu.Index.open(self.db, writable=True)
        del index
        gc.collect()
        sagasu.Index.open(self.db, writable=True).close()

    def test_closed_index(self):
        index = sagasu.Index.open(self.db, writable=True)
        index.close()
        index.close()  # twice is fine
        with self.assertRaises(ValueError):
            index.search("東京")


if __name__ == "__main__":
    unittest.main()
