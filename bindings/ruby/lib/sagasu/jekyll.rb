# frozen_string_literal: true

# The sagasu Jekyll plugin: indexes what `jekyll build` and `jekyll serve`
# publish into a sagasu index, with the URLs Jekyll assigned, and puts the
# search block into the site. Load it with `plugins: [jekyll-sagasu]` in
# _config.yml (lib/jekyll-sagasu.rb requires this file).
#
# Settings, all optional, under `sagasu:` in _config.yml:
#
#   sagasu:
#     db: .sagasu/index       # the index directory, relative to the site source
#     collections: [posts]    # collections whose output documents are indexed
#     pages: false            # also index HTML pages (about.md, ...)
#     assets: assets/sagasu   # where search.js and search.css go in the built site
#     web_dir:                # where to copy them from (default: the gem's web/)
#     api: /search            # data-sagasu-api of the include
#     options: {}             # sagasu_open options ("user_dic", "threads", ...)
#     enabled: true           # false: no indexing, no assets
#
# A document or page with `sagasu: false` in its front matter is left out.
#
# Incremental: next to the index the plugin keeps a manifest
# (<db>.jekyll.json) of the id and SHA-256 of every document it indexed. A
# build adds only documents whose digest changed, deletes those Jekyll no
# longer publishes (removed posts, posts turned into drafts), and commits
# once. When the manifest is missing or does not match the index (its count
# differs from the index's), every document is indexed again.
#
# The include `{% include sagasu-search.html %}` comes from the gem
# (jekyll/_includes): the plugin adds that folder to the site's include path
# after the site's own _includes, so a site can override it.
require "digest"
require "fileutils"
require "json"
require "jekyll"
require "kramdown"
require "pathname"
require_relative "../sagasu"

module Sagasu
  module Jekyll
    GEM_ROOT = File.expand_path("../..", __dir__)
    INCLUDES_DIR = File.join(GEM_ROOT, "jekyll", "_includes")
    # The gem's copy of web/search.js and web/search.css (filled by `gem
    # build`), then the checkout's web/ for a gem used from the source tree.
    WEB_DIRS = [File.join(GEM_ROOT, "web"), File.expand_path("../../web", GEM_ROOT)].freeze
    ASSETS = %w[search.js search.css].freeze
    MANIFEST_VERSION = 1

    DEFAULTS = {
      "db" => ".sagasu/index",
      "collections" => ["posts"],
      "pages" => false,
      "assets" => "assets/sagasu",
      "web_dir" => nil,
      "api" => "/search",
      "options" => nil,
      "enabled" => true
    }.freeze

    # The site's `sagasu:` settings merged over DEFAULTS. Raises
    # Jekyll::Errors::FatalException naming the key for a value of the
    # wrong type.
    def self.config(site)
      given = site.config["sagasu"] || {}
      raise ::Jekyll::Errors::FatalException, "sagasu: _config.yml `sagasu` must be a mapping" unless given.is_a?(Hash)

      unknown = given.keys - DEFAULTS.keys - %w[page_size time_zone]
      unless unknown.empty?
        raise ::Jekyll::Errors::FatalException,
              "sagasu: unknown key `sagasu.#{unknown.first}` in _config.yml (known: #{DEFAULTS.keys.join(', ')})"
      end
      cfg = DEFAULTS.merge(given)
      cfg["collections"] = Array(cfg["collections"]).map(&:to_s)
      { "db" => String, "assets" => String, "api" => String }.each do |key, type|
        next if cfg[key].is_a?(type) && !cfg[key].empty?

        raise ::Jekyll::Errors::FatalException, "sagasu: `sagasu.#{key}` in _config.yml must be a non-empty string"
      end
      if cfg["options"] && !cfg["options"].is_a?(Hash)
        raise ::Jekyll::Errors::FatalException, "sagasu: `sagasu.options` in _config.yml must be a mapping"
      end
      cfg
    end

    def self.enabled?(cfg)
      cfg["enabled"] != false
    end

    # The index directory: `db` relative to the site source.
    def self.db_path(site, cfg)
      File.expand_path(cfg["db"], site.source)
    end

    def self.manifest_path(db)
      "#{db}.jekyll.json"
    end

    # The plain text of an HTML fragment (a rendered post without its
    # layout), parsed with kramdown's HTML parser: text, code and entities
    # kept, <script> and <style> dropped, a line break after each block.
    def self.html_text(html)
      return "" if html.nil? || html.empty?

      out = +""
      append_text(Kramdown::Document.new(html, input: "html").root, out)
      out.gsub(/[ \t]*\n[ \t\n]*/, "\n").strip
    end

    BLOCK_TYPES = %i[p li dt dd header codeblock blockquote tr table hr br].freeze
    BLOCK_HTML = %w[p div li dt dd h1 h2 h3 h4 h5 h6 pre blockquote tr table section article br figure
                    figcaption].freeze
    SKIP_HTML = %w[script style template].freeze

    def self.append_text(element, out)
      case element.type
      when :text, :codespan, :codeblock, :raw
        out << element.value.to_s unless element.type == :raw && element.options[:category] == :block
      when :entity
        out << element.value.char
      when :smart_quote
        out << (element.value.to_s.start_with?("l") ? "‘" : "’")
      when :typographic_sym
        out << { mdash: "—", ndash: "–", hellip: "…", laquo: "«", raquo: "»" }.fetch(element.value, " ")
      when :html_element
        return if SKIP_HTML.include?(element.value)
      when :xml_comment, :comment
        return
      end
      element.children.each { |child| append_text(child, out) }
      block = BLOCK_TYPES.include?(element.type) ||
              (element.type == :html_element && BLOCK_HTML.include?(element.value))
      out << "\n" if block
    end

    # The id sagasu's own site reader gives the same file (README "Sites"):
    # the path from the site source without the extension.
    def self.document_id(item)
      item.relative_path.sub(/\.[^.\/]*\z/, "")
    end

    # The URL the page is served at: the site's baseurl joined to Jekyll's
    # url, as the relative_url filter does.
    def self.document_url(site, item)
      base = site.config["baseurl"].to_s.chomp("/")
      base = "/#{base}" unless base.empty? || base.start_with?("/")
      path = item.url.to_s
      path = "/#{path}" unless path.start_with?("/")
      "#{base}#{path}"
    end

    def self.strings(value)
      Array(value).flatten.compact.map(&:to_s).reject(&:empty?)
    end

    def self.author(value)
      case value
      when Hash then value["name"].to_s
      when Array then value.map { |a| author(a) }.reject(&:empty?).join(", ")
      else value.to_s
      end
    end

    # The converted HTML of `item` (without layout). A document Jekyll did
    # not render in this build (`jekyll build --incremental` skips unchanged
    # ones) is converted here.
    def self.rendered(site, item)
      return item.content.to_s unless item.output.nil?

      ::Jekyll::Renderer.new(site, item).convert(item.content.to_s)
    end

    # The C API's document JSON for a post or page.
    def self.document(site, item)
      data = item.data
      html = rendered(site, item)
      doc = {
        "id" => document_id(item),
        "title" => data["title"].to_s,
        "body" => html_text(html),
        "url" => document_url(site, item),
        "tags" => strings(data["tags"]),
        "categories" => strings(data["categories"])
      }
      date = data["date"] || (item.respond_to?(:date) ? item.date : nil)
      if date.respond_to?(:iso8601)
        doc["date"] = date.iso8601
      elsif date.is_a?(String) && !date.strip.empty?
        doc["date"] = date.strip # the C API parses "2025-06-10", "2025-06-10T09:00:00+09:00", ...
      end
      author = author(data["author"])
      doc["author"] = author unless author.empty?
      excerpt = excerpt(data)
      doc["excerpt"] = excerpt unless excerpt.empty?
      doc
    end

    # Front matter `description`, else Jekyll's excerpt, as plain text.
    def self.excerpt(data)
      return data["description"].to_s.strip if data["description"].is_a?(String) && !data["description"].strip.empty?

      excerpt = data["excerpt"]
      return "" if excerpt.nil?

      html = excerpt.respond_to?(:output) && excerpt.output ? excerpt.output : excerpt.to_s
      html_text(html)[0, 300]
    end

    # What this build publishes that sagasu should index: output documents
    # of the configured collections, and HTML pages when `pages` is on;
    # never anything with `sagasu: false`.
    def self.items(site, cfg)
      docs = cfg["collections"].flat_map do |name|
        collection = site.collections[name]
        collection ? collection.docs.select(&:write?) : []
      end
      pages = cfg["pages"] ? site.pages.select { |p| p.html? && p.url && !p.url.empty? } : []
      (docs + pages).reject { |item| item.data["sagasu"] == false }
    end

    # Indexes the site into its configured db: adds new and changed
    # documents, deletes gone ones, commits, writes the manifest. Returns
    # the run's report Hash ("added", "updated", "unchanged", "removed",
    # "indexed" ids, "removed_ids").
    def self.index_site(site, cfg = config(site))
      db = db_path(site, cfg)
      manifest_file = manifest_path(db)
      FileUtils.mkdir_p(File.dirname(db))
      documents = {}
      items(site, cfg).each do |item|
        doc = document(site, item)
        documents[doc["id"]] = doc
      end

      report = { "added" => 0, "updated" => 0, "unchanged" => 0, "removed" => 0, "indexed" => [], "removed_ids" => [] }
      Sagasu::Index.open(db, writable: true, options: cfg["options"]) do |index|
        known = read_manifest(manifest_file, index)
        digests = {}
        documents.each do |id, doc|
          digest = Digest::SHA256.hexdigest(JSON.generate(doc))
          digests[id] = digest
          if known[id] == digest
            report["unchanged"] += 1
            next
          end
          index.add(doc)
          report[known[id] ? "updated" : "added"] += 1
          report["indexed"] << id
        end
        (known.keys - documents.keys).each do |id|
          begin
            index.delete(id)
          rescue Sagasu::NotFoundError
            next
          end
          report["removed"] += 1
          report["removed_ids"] << id
        end
        index.commit
        write_manifest(manifest_file, digests, report)
      end
      report
    end

    # id => digest from the manifest, or {} (index everything again) when
    # it is missing, unreadable, of another version, or does not match the
    # index's document count.
    def self.read_manifest(path, index)
      return {} unless File.file?(path)

      data = JSON.parse(File.read(path, encoding: "UTF-8"))
      docs = data["documents"]
      return {} unless data["version"] == MANIFEST_VERSION && docs.is_a?(Hash)

      if docs.size != index.document_count
        ::Jekyll.logger.warn "sagasu:", "#{path} lists #{docs.size} documents, the index holds " \
                                        "#{index.document_count}: indexing every document again"
        # Ids the index may still hold are deleted if Jekyll no longer publishes them.
        return docs.transform_values { nil }
      end
      docs
    rescue JSON::ParserError => e
      ::Jekyll.logger.warn "sagasu:",
                           "#{path} does not parse (#{e.message.lines.first.strip}): indexing every document again"
      {}
    end

    def self.write_manifest(path, digests, report)
      tmp = "#{path}.tmp"
      File.write(tmp, JSON.pretty_generate("version" => MANIFEST_VERSION, "documents" => digests.sort.to_h,
                                           "last_build" => report))
      File.rename(tmp, path)
    end

    # The folder search.js and search.css are copied from.
    def self.web_dir(site, cfg)
      if cfg["web_dir"]
        dir = File.expand_path(cfg["web_dir"].to_s, site.source)
        missing = ASSETS.reject { |f| File.file?(File.join(dir, f)) }
        return dir if missing.empty?

        raise ::Jekyll::Errors::FatalException, "sagasu: `sagasu.web_dir` #{dir} has no #{missing.join(', ')}"
      end
      found = WEB_DIRS.find { |dir| ASSETS.all? { |f| File.file?(File.join(dir, f)) } }
      return found if found

      raise ::Jekyll::Errors::FatalException,
            "sagasu: search.js and search.css not found in #{WEB_DIRS.join(' or ')}; " \
            "set `sagasu.web_dir` to a folder holding them (web/ of the sagasu source)"
    end

    # search.js or search.css, written into the built site like the site's
    # own static files (kept by Jekyll's cleaner, copied when changed).
    class AssetFile < ::Jekyll::StaticFile
      def initialize(site, source_path, dir, name)
        super(site, site.source, dir, name)
        @source_path = source_path
      end

      def path
        @source_path
      end
    end

    # Adds search.js and search.css to the site's static files.
    class AssetGenerator < ::Jekyll::Generator
      safe true
      priority :lowest

      def generate(site)
        cfg = Sagasu::Jekyll.config(site)
        return unless Sagasu::Jekyll.enabled?(cfg)

        web = Sagasu::Jekyll.web_dir(site, cfg)
        dir = "/#{cfg['assets'].delete_prefix('/').chomp('/')}"
        ASSETS.each { |name| site.static_files << AssetFile.new(site, File.join(web, name), dir, name) }
      end
    end
  end
end

# The gem's include folder after the site's own; the index folder left out of
# what Jekyll reads and `jekyll serve` watches (else writing the index would
# trigger another build). The exclude Array is the one the watcher reads.
Jekyll::Hooks.register :site, :after_init do |site|
  cfg = Sagasu::Jekyll.config(site)
  includes = Sagasu::Jekyll::INCLUDES_DIR
  site.includes_load_paths << includes unless site.includes_load_paths.include?(includes)
  next unless Sagasu::Jekyll.enabled?(cfg)

  db = Sagasu::Jekyll.db_path(site, cfg)
  relative = Pathname.new(db).relative_path_from(Pathname.new(site.source)).to_s
  unless relative.start_with?("..")
    top = relative.split("/").first
    site.config["exclude"] ||= []
    site.config["exclude"] << top unless site.config["exclude"].include?(top)
    site.exclude = site.config["exclude"]
  end
end

Jekyll::Hooks.register :site, :post_write do |site|
  cfg = Sagasu::Jekyll.config(site)
  next unless Sagasu::Jekyll.enabled?(cfg)

  started = Time.now
  db = Sagasu::Jekyll.db_path(site, cfg)
  begin
    r = Sagasu::Jekyll.index_site(site, cfg)
  rescue Sagasu::Error, LoadError => e
    raise Jekyll::Errors::FatalException, "sagasu: indexing #{db} failed: #{e.message}"
  end
  Jekyll.logger.info "sagasu:", format("%<db>s: %<a>d added, %<u>d updated, %<s>d unchanged, %<r>d removed in %<t>.2fs",
                                       db: cfg["db"], a: r["added"], u: r["updated"], s: r["unchanged"],
                                       r: r["removed"], t: Time.now - started)
end
