# frozen_string_literal: true

# Tests of the Ruby binding on the demo site's Japanese posts
# (examples/demo/_posts). Run with SAGASU_LIBRARY set to the built
# libsagasu.so (ctest does: tests/bindings/ruby.sh).
require "minitest/autorun"
require "tmpdir"
require "fileutils"
require "sagasu"

POSTS = ENV.fetch("SAGASU_DEMO_POSTS") { File.expand_path("../../../examples/demo/_posts", __dir__) }

class SagasuTest < Minitest::Test
  def setup
    @dir = Dir.mktmpdir("sagasu-ruby-")
    @db = File.join(@dir, "db")
  end

  def teardown
    FileUtils.rm_rf(@dir)
  end

  # File stem => text of the demo posts, without those whose front matter
  # says `published: false` (Jekyll leaves them out, and so does sagasu).
  def published_posts
    Dir.children(POSTS).to_h { |n| [File.basename(n, ".*"), File.read(File.join(POSTS, n), encoding: "UTF-8")] }
       .reject { |_, text| text.split("---")[1].match?(/^published:\s*false\s*$/) }
  end

  def post_count
    published_posts.size
  end

  # File stems of the published demo posts whose text holds `word`.
  def posts_containing(word)
    published_posts.select { |_, text| text.include?(word) }.keys
  end

  def open_demo
    index = Sagasu::Index.open(@db, writable: true)
    report = index.index_paths([POSTS])
    assert_equal 0, report["failed"], report["errors"].inspect
    assert_equal post_count, report["added"]
    assert_equal Dir.children(POSTS).size, report["added"] + report["unpublished"]
    index
  end

  def test_version
    assert_match(/\A\d+\.\d+\.\d+\z/, Sagasu.version)
  end

  def test_search_tokyo_finds_the_posts_that_mention_it
    index = open_demo
    assert_equal post_count, index.document_count
    result = index.search("東京")
    expected = posts_containing("東京")
    refute_empty expected, "the demo posts should mention 東京"
    assert_equal expected.size, result["total"]
    assert_equal expected.size, result["hits"].map { |h| h["id"] }.uniq.size
    result["hits"].each do |hit|
      assert(expected.any? { |e| e.end_with?(hit["id"]) || hit["id"].end_with?(e) }, hit["id"])
      assert_includes hit["snippet"] + hit["title_highlighted"], "<mark>東京</mark>"
      assert_operator hit["score"], :>, 0
    end
    scores = result["hits"].map { |h| h["score"] }
    assert_equal scores.sort.reverse, scores
  ensure
    index&.close
  end

  def test_tag_filter_narrows_to_tagged_posts
    index = open_demo
    everything = index.search("北海道", limit: 100)
    tagged = index.search("北海道", tags: ["技術"], limit: 100)
    assert_operator tagged["total"], :>, 0
    assert_operator tagged["total"], :<, everything["total"]
    tagged["hits"].each { |hit| assert_includes hit["tags"], "技術" }
    expected = everything["hits"].select { |h| h["tags"].include?("技術") }.map { |h| h["id"] }
    assert_equal expected.sort, tagged["hits"].map { |h| h["id"] }.sort
    facet = everything["facets"]["tags"].to_h { |f| [f["value"], f["count"]] }
    assert_equal tagged["total"], facet["技術"]
  ensure
    index&.close
  end

  def test_searches_from_several_threads
    index = open_demo
    queries = %w[東京 北海道 ラーメン 紅葉]
    expected = queries.to_h { |q| [q, index.search(q)["hits"].map { |h| h["id"] }] }
    threads = (queries * 2).map do |q|
      Thread.new { Array.new(10) { [q, index.search(q)["hits"].map { |h| h["id"] }] } }
    end
    results = threads.flat_map(&:value)
    assert_equal 80, results.size
    results.each { |q, ids| assert_equal expected[q], ids }
  ensure
    index&.close
  end

  def test_add_commit_delete
    Sagasu::Index.open(@db, writable: true) do |index|
      index.add("id" => "tokyo-tower", "title" => "東京タワーに登った", "body" => "展望台から富士山が見えた。",
                "tags" => %w[旅行 東京], "date" => "2024-05-03")
      assert_equal 0, index.search("東京タワー")["total"] # not yet committed
      index.commit
      result = index.search("富士山")
      assert_equal ["tokyo-tower"], result["hits"].map { |h| h["id"] }
      assert_equal "2024-05-03", result["hits"][0]["date"][0, 10]
      index.delete("tokyo-tower")
      index.commit
      assert_equal 0, index.document_count
      error = assert_raises(Sagasu::NotFoundError) { index.delete("tokyo-tower") }
      assert_includes error.message, "tokyo-tower"
    end
  end

  def test_bad_parameter_raises_naming_it
    index = open_demo
    error = assert_raises(Sagasu::InvalidArgumentError) { index.search("東京", limit: 100_000) }
    assert_equal 2, error.code
    assert_equal "InvalidArgument", error.code_name
    assert_includes error.message, "limit"
    error = assert_raises(Sagasu::InvalidArgumentError) { index.search("東京", colour: "red") }
    assert_includes error.message, "colour"
  ensure
    index&.close
  end

  def test_bad_open_option_and_missing_index
    error = assert_raises(Sagasu::InvalidArgumentError) do
      Sagasu::Index.open(@db, writable: true, options: { "k1" => 1000 })
    end
    assert_includes error.message, "k1"
    assert_raises(Sagasu::NotFoundError) { Sagasu::Index.open(File.join(@dir, "missing")) }
  end

  def test_read_only_index_refuses_writes
    open_demo.close
    Sagasu::Index.open(@db) do |index|
      assert_operator index.search("東京")["total"], :>, 0
      assert_raises(Sagasu::NotSupportedError) { index.add("id" => "x", "body" => "東京") }
    end
  end

  def test_close_releases_the_writer_lock
    index = Sagasu::Index.open(@db, writable: true)
    assert_raises(Sagasu::IOError) { Sagasu::Index.open(@db, writable: true) } # one writer per index
    index.close
    Sagasu::Index.open(@db, writable: true).close
  end

  def test_closed_index
    index = Sagasu::Index.open(@db, writable: true)
    index.close
    index.close # twice is fine
    assert index.closed?
    assert_raises(Sagasu::Error) { index.search("東京") }
  end
end
