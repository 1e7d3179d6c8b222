# frozen_string_literal: true

# The sagasu Jekyll plugin (bindings/ruby/lib/sagasu/jekyll.rb) on a real
# `jekyll build` of the fixture site tests/sites/jekyll: what it indexes,
# with which URLs, what a rebuild re-indexes, and the include and assets it
# puts into the site. Run by tests/sites/jekyll.sh (ctest site_jekyll) with
# SAGASU_LIBRARY, RUBYLIB (bindings/ruby/lib) and SAGASU_SOURCE_DIR set.
require "minitest/autorun"
require "tmpdir"
require "fileutils"
require "json"
require "open3"
require "uri"
require "sagasu"

SOURCE_DIR = ENV.fetch("SAGASU_SOURCE_DIR")
FIXTURE = File.join(SOURCE_DIR, "tests/sites/jekyll")

class JekyllSiteTest < Minitest::Test
  BASEURL = "/diary"

  def setup
    @dir = Dir.mktmpdir("sagasu-jekyll-")
    @site = File.join(@dir, "site")
    FileUtils.cp_r(FIXTURE, @site)
    @db = File.join(@site, ".sagasu/index")
  end

  def teardown
    FileUtils.rm_rf(@dir)
  end

  # Runs Debian's `jekyll build` on the copy; returns its output.
  def jekyll_build(*args)
    out, status = Open3.capture2e("jekyll", "build", "--source", @site, "--destination", File.join(@site, "_site"),
                                  *args)
    assert status.success?, "jekyll build failed:\n#{out}"
    out
  end

  def manifest
    JSON.parse(File.read("#{@db}.jekyll.json"))
  end

  def search(query, **params)
    Sagasu::Index.open(@db) { |index| index.search(query, **params) }
  end

  # The file Jekyll wrote for a URL of the index: the baseurl taken off, a
  # directory URL served by its index.html.
  def built_file(url)
    assert url.start_with?("#{BASEURL}/"), "#{url} lacks the baseurl"
    path = URI.decode_www_form_component(url.delete_prefix(BASEURL))
    path = File.join(path, "index.html") if path.end_with?("/")
    File.join(@site, "_site", path)
  end

  def post_id(stem)
    "_posts/#{stem}"
  end

  # Every post, with the word only it holds, its URL as Jekyll writes it,
  # tags and categories from its front matter.
  POSTS = [
    { stem: "2025-03-14-onomichi-sakamichi", word: "千光寺", url: "/diary/travel/2025/03/14/onomichi-sakamichi/",
      tags: %w[尾道 散歩], categories: %w[travel], author: "坂本 みどり" },
    # a Japanese category: percent-encoded in the URL, as Jekyll writes it
    { stem: "2025-04-02-sakura-zensen", word: "弘前城", url: "/diary/%E5%AD%A3%E7%AF%80/2025/04/02/sakura-zensen/",
      tags: %w[桜 季節], categories: %w[季節], author: "" },
    # front matter permalink: /ajisai/
    { stem: "2025-06-10-kamakura-ajisai", word: "明月院", url: "/diary/ajisai/",
      tags: %w[鎌倉 花], categories: %w[travel], author: "" },
    { stem: "2025-07-01-kakigori", word: "黒蜜", url: "/diary/food/2025/07/01/kakigori/",
      tags: %w[食べ物 夏], categories: %w[food], author: "坂本 みどり" }
  ].freeze

  def test_build_indexes_the_published_posts_with_the_urls_jekyll_wrote
    out = jekyll_build
    assert_match(/sagasu:.*5 added, 0 updated, 0 unchanged, 0 removed/, out)
    POSTS.each do |post|
      result = search(post[:word])
      assert_equal 1, result["total"], "#{post[:word]}: #{result['hits'].map { |h| h['id'] }}"
      hit = result["hits"].first
      assert_equal post_id(post[:stem]), hit["id"]
      assert_equal post[:url], hit["url"]
      assert File.file?(built_file(hit["url"])), "no file Jekyll wrote at #{hit['url']}"
      assert_equal post[:tags], hit["tags"]
      assert_equal post[:categories], hit["categories"]
      assert_equal post[:author], hit["author"]
      assert_includes hit["snippet"], "<mark>#{post[:word]}</mark>"
      refute_empty hit["excerpt"]
    end
    # Markdown is indexed as its text: ** gone, the bold word searchable.
    assert_equal 1, search("弘前城", tags: ["桜"])["total"]
    refute_match(/\*\*/, search("弘前城")["hits"].first["snippet"])
    # The date in the site's time zone (Asia/Tokyo): midnight of the file name's day.
    assert_equal "2025-03-13T15:00:00Z", search("千光寺")["hits"].first["date"]
  end

  def test_drafts_and_opted_out_pages_are_absent_and_pages_are_indexed
    jekyll_build
    assert_equal 0, search("花火")["total"], "the draft in _drafts/ was indexed"
    assert_equal 0, search("隅田川")["total"]
    about = search("記録")["hits"].map { |h| [h["id"], h["url"]] }
    assert_equal [["about", "/diary/about/"]], about
    assert File.file?(built_file("/diary/about/"))
    # search.html says `sagasu: false`; 4 posts + about.
    assert_equal 5, Sagasu::Index.open(@db, &:document_count)
    # Category facets from front matter: 石段 is in two travel posts.
    facets = search("石段")["facets"]["categories"].to_h { |f| [f["value"], f["count"]] }
    assert_equal({ "travel" => 2 }, facets)
  end

  def test_rebuild_reindexes_only_the_edited_post_and_removes_a_deleted_one
    jekyll_build
    assert_equal 5, manifest["last_build"]["added"]

    out = jekyll_build
    assert_match(/0 added, 0 updated, 5 unchanged, 0 removed/, out)
    assert_empty manifest["last_build"]["indexed"]

    edited = File.join(@site, "_posts/2025-07-01-kakigori.md")
    File.write(edited, File.read(edited).sub("黒蜜", "練乳"))
    out = jekyll_build
    assert_match(/0 added, 1 updated, 4 unchanged, 0 removed/, out)
    assert_equal [post_id("2025-07-01-kakigori")], manifest["last_build"]["indexed"]
    assert_equal 0, search("黒蜜")["total"]
    assert_equal [post_id("2025-07-01-kakigori")], search("練乳")["hits"].map { |h| h["id"] }

    File.delete(File.join(@site, "_posts/2025-04-02-sakura-zensen.md"))
    out = jekyll_build
    assert_match(/0 added, 0 updated, 4 unchanged, 1 removed/, out)
    assert_equal [post_id("2025-04-02-sakura-zensen")], manifest["last_build"]["removed_ids"]
    assert_equal 0, search("弘前城")["total"]
    assert_equal 4, Sagasu::Index.open(@db, &:document_count)

    # A manifest that disagrees with the index: everything is indexed again.
    FileUtils.rm_rf(@db)
    out = jekyll_build
    assert_match(/4 added, 0 updated, 0 unchanged, 0 removed/, out)
    assert_equal 1, search("練乳")["total"]

    # A manifest that does not parse: a warning naming it, everything again.
    File.write("#{@db}.jekyll.json", "{")
    out = jekyll_build
    assert_match(/index\.jekyll\.json does not parse/, out)
    assert_match(/4 added, 0 updated, 0 unchanged, 0 removed/, out)
    assert_equal 4, Sagasu::Index.open(@db, &:document_count)
    assert_match(/0 added, 0 updated, 4 unchanged/, jekyll_build)
  end

  def test_drafts_build_indexes_the_draft_and_a_normal_build_removes_it_again
    jekyll_build("--drafts")
    hit = search("花火")["hits"].first
    refute_nil hit, "jekyll build --drafts publishes the draft"
    assert_equal "_drafts/natsu-matsuri", hit["id"]
    assert File.file?(built_file(hit["url"])), "no file at #{hit['url']}"
    out = jekyll_build
    assert_match(/1 removed/, out)
    assert_equal 0, search("花火")["total"]
  end

  def test_include_and_assets_are_in_the_built_site
    jekyll_build
    page = File.read(File.join(@site, "_site/search/index.html"), encoding: "UTF-8")
    assert_includes page, 'data-sagasu-api="/diary/search"'
    assert_includes page, 'data-sagasu-page-size="20"'
    refute_includes page, "data-sagasu-time-zone"
    assert_includes page, '<script src="/diary/assets/sagasu/search.js" defer></script>'
    assert_includes page, '<link rel="stylesheet" href="/diary/assets/sagasu/search.css">'
    %w[search.js search.css].each do |name|
      built = File.join(@site, "_site/assets/sagasu", name)
      assert File.file?(built), "#{name} not copied"
      assert_equal File.binread(File.join(SOURCE_DIR, "web", name)), File.binread(built)
    end
    # The block is an empty data-sagasu element, as in web/index.html:
    # search.js builds the widget inside it.
    web = File.read(File.join(SOURCE_DIR, "web/index.html"), encoding: "UTF-8")
    assert_match(/<div id="sagasu" data-sagasu data-sagasu-api="[^"]*"><\/div>/, web)
    assert_match(/<div data-sagasu data-sagasu-api="[^"]*"[^>]*><\/div>/, page)
  end

  # The plugin gives each page the id and URL `sagasu index` gives the same
  # file when it reads the site root itself.
  def test_ids_and_urls_match_what_sagasu_index_reads_from_the_site
    jekyll_build
    cli_db = File.join(@dir, "cli.db")
    out, status = Open3.capture2e(ENV.fetch("SAGASU_EXE"), "index", "--db", cli_db, "--quiet", @site)
    assert status.success?, out
    urls = lambda do |db|
      Sagasu::Index.open(db) do |index|
        hits = %w[坂道 桜 紫陽花 かき氷 記録].flat_map { |q| index.search(q)["hits"] }
        hits.map { |h| [h["id"], h["url"]] }.uniq.sort
      end
    end
    plugin = urls.call(@db)
    assert_equal 5, plugin.size, plugin.inspect
    assert_equal urls.call(cli_db), plugin
  end

  def test_pages_are_left_out_by_default_and_enabled_false_turns_the_plugin_off
    config = File.join(@site, "_config.yml")
    original = File.read(config)
    File.write(config, original.sub("  pages: true\n", ""))
    jekyll_build
    assert_equal 4, Sagasu::Index.open(@db, &:document_count)
    assert_equal 0, search("記録")["total"], "about.md indexed without pages: true"

    FileUtils.rm_rf([File.join(@site, ".sagasu"), File.join(@site, "_site")])
    File.write(config, original.sub("  pages: true\n", "  enabled: false\n"))
    jekyll_build
    refute File.exist?(File.join(@site, ".sagasu")), "enabled: false still indexed"
    refute File.exist?(File.join(@site, "_site/assets/sagasu")), "enabled: false still wrote the assets"
    # The include is still there for the site's pages.
    assert_includes File.read(File.join(@site, "_site/search/index.html")), "data-sagasu-api"
  end

  def test_a_bad_setting_fails_the_build_naming_the_key
    config = File.join(@site, "_config.yml")
    File.write(config, File.read(config).sub("  pages: true\n", "  pages: true\n  colections: [posts]\n"))
    out, status = Open3.capture2e("jekyll", "build", "--source", @site, "--destination", File.join(@site, "_site"))
    refute status.success?
    assert_match(/sagasu\.colections/, out)
  end
end
