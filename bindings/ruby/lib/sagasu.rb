# frozen_string_literal: true

# sagasu: full-text search for Japanese article archives.
#
# A thin layer over the C API of libsagasu.so (<sagasu/sagasu_c.h>) on
# Fiddle: requests and results are the C API's JSON, parsed into Hashes with
# string keys; every error the library reports is raised as a Sagasu::Error
# carrying its code and message.
#
#   require "sagasu"
#   Sagasu::Index.open("site.db", writable: true) do |index|
#     index.index_paths(["_posts"])
#     index.search("東京", tags: ["旅行"])["hits"].each { |h| puts h["title"] }
#   end
#
# The library is looked up in $SAGASU_LIBRARY, then as libsagasu.so.0 and
# libsagasu.so on the loader's path.
require "fiddle"
require "json"
require_relative "sagasu/version"

module Sagasu
  # An error the C API reported: code (sagasu_code_t), code_name
  # ("InvalidArgument", ...) and the library's message, naming the
  # parameter or file.
  class Error < StandardError
    attr_reader :code, :code_name

    def initialize(code, code_name, message)
      super(message)
      @code = code
      @code_name = code_name
    end
  end

  class NotFoundError < Error; end        # no index at the path; no article with that id
  class InvalidArgumentError < Error; end # bad JSON, option, parameter or query
  class CorruptionError < Error; end      # the index is damaged
  class IOError < Error; end              # cannot read or write; another process is writing
  class NotSupportedError < Error; end    # e.g. writing through a read-only index
  class InternalError < Error; end        # unexpected failure inside the library

  ERRORS = { 1 => NotFoundError, 2 => InvalidArgumentError, 3 => CorruptionError, 4 => IOError,
             5 => NotSupportedError, 6 => InternalError }.freeze

  # The Fiddle declarations of <sagasu/sagasu_c.h>.
  module C
    P = Fiddle::TYPE_VOIDP
    I = Fiddle::TYPE_INT
    SIGNATURES = {
      sagasu_version: [[], P],
      sagasu_code_name: [[I], P],
      sagasu_open: [[P, I, P, P, P], I],
      sagasu_close: [[P], Fiddle::TYPE_VOID],
      sagasu_add_json: [[P, P, P], I],
      sagasu_delete: [[P, P, P], I],
      sagasu_commit: [[P, P], I],
      sagasu_index_paths: [[P, P, Fiddle::TYPE_SIZE_T, P, P], I],
      sagasu_search_json: [[P, P, P, P], I],
      sagasu_document_count: [[P], Fiddle::TYPE_LONG_LONG],
      sagasu_reopen: [[P, P], I],
      sagasu_free: [[P], Fiddle::TYPE_VOID]
    }.freeze

    class << self
      attr_reader :path

      def load
        return @functions if @functions

        env = ENV["SAGASU_LIBRARY"]
        candidates = env && !env.empty? ? [env] : ["libsagasu.so.0", "libsagasu.so"]
        errors = []
        candidates.each do |name|
          handle = begin
            Fiddle.dlopen(name)
          rescue Fiddle::DLError => e
            errors << e.message
            next
          end
          @functions = SIGNATURES.to_h do |fn, (args, ret)|
            [fn, Fiddle::Function.new(handle[fn.to_s], args, ret)]
          end
          @path = name
          return @functions
        end
        where = env && !env.empty? ? "SAGASU_LIBRARY=#{env}" : "the loader's path (set SAGASU_LIBRARY to libsagasu.so)"
        raise LoadError, "sagasu: cannot load libsagasu from #{where}: #{errors.join('; ')}"
      end

      def call(fn, *args)
        load.fetch(fn).call(*args)
      end

      # A char** out-parameter, freed by Ruby's GC.
      def out_pointer
        Fiddle::Pointer.malloc(Fiddle::SIZEOF_VOIDP, Fiddle::RUBY_FREE)
      end

      # The library-allocated string *out points to, as UTF-8; frees it.
      def take(out)
        ptr = out.ptr
        return nil if ptr.null?

        begin
          ptr.to_s.force_encoding(Encoding::UTF_8)
        ensure
          call(:sagasu_free, ptr)
        end
      end

      def check(code, errmsg)
        message = take(errmsg)
        return if code.zero?

        name = call(:sagasu_code_name, code).to_s
        raise ERRORS.fetch(code, Error).new(code, name, message || "")
      end

      # A NUL-terminated UTF-8 copy of a string argument.
      def cstr(value, what)
        raise TypeError, "sagasu: #{what} must be a String, not #{value.class}" unless value.is_a?(String)

        "#{value.encode(Encoding::UTF_8)}\0"
      end
    end
  end

  # The loaded library's version, e.g. "0.1.0".
  def self.version
    C.call(:sagasu_version).to_s
  end

  # The name or path libsagasu was loaded from.
  def self.library_path
    C.load
    C.path
  end

  # An open index (sagasu_index_t). Searches may run from several threads;
  # close must not overlap other calls. Uncommitted adds and deletes are
  # dropped on close.
  class Index
    # Opens the index directory `path`: read-only (the index must exist) or
    # writable (created when missing). `options` is a Hash of the C API's
    # open options ("user_dic", "threads", "k1", ...). With a block, yields
    # the index and closes it afterwards.
    def self.open(path, writable: false, options: nil)
      index = new(path, writable: writable, options: options)
      return index unless block_given?

      begin
        yield index
      ensure
        index.close
      end
    end

    def initialize(path, writable: false, options: nil)
      out = C.out_pointer
      errmsg = C.out_pointer
      opts = options.nil? ? nil : C.cstr(JSON.generate(options), "options")
      code = C.call(:sagasu_open, C.cstr(path.to_s, "path"), writable ? 1 : 0, opts, out, errmsg)
      C.check(code, errmsg)
      @handle = out.ptr
      # An index dropped without close is closed by the GC. The finalizer
      # holds the handle in a cell close empties, never the Index itself.
      @cell = [@handle]
      ObjectSpace.define_finalizer(self, self.class.finalizer(@cell))
    end

    def self.finalizer(cell)
      proc { C.call(:sagasu_close, cell[0]) unless cell[0].nil? }
    end

    def close
      return if @handle.nil?

      C.call(:sagasu_close, @handle)
      @handle = nil
      @cell[0] = nil
    end

    def closed?
      @handle.nil?
    end

    # Adds (or replaces) one article: a Hash with "id" and any of "title",
    # "body", "tags", "categories", "date", "url", "author", "excerpt".
    # Visible to searches after commit.
    def add(document)
      invoke(:sagasu_add_json, C.cstr(JSON.generate(document), "document"))
    end

    # Deletes the article at the next commit; NotFoundError when the last
    # commit has no such article.
    def delete(id)
      invoke(:sagasu_delete, C.cstr(id, "id"))
    end

    # Commits pending adds and deletes atomically.
    def commit
      invoke(:sagasu_commit)
    end

    # Indexes directories of Markdown posts, post files and .jsonl files and
    # commits, like `sagasu index`. Returns the report Hash ("added",
    # "updated", "failed", "errors", ...); inputs that fail are listed there,
    # not raised.
    def index_paths(paths)
      paths = [paths] unless paths.is_a?(Array)
      strings = paths.map { |p| C.cstr(p.to_s, "path") }
      array = Fiddle::Pointer.malloc([strings.size, 1].max * Fiddle::SIZEOF_VOIDP, Fiddle::RUBY_FREE)
      pointers = strings.map { |s| Fiddle::Pointer[s] }
      array[0, pointers.size * Fiddle::SIZEOF_VOIDP] = pointers.map(&:to_i).pack("J*") unless pointers.empty?
      report = C.out_pointer
      errmsg = C.out_pointer
      code = C.call(:sagasu_index_paths, handle, array, strings.size, report, errmsg)
      text = C.take(report)
      C.check(code, errmsg)
      JSON.parse(text)
    end

    # Runs a search; `params` are the C API's request keys (tags:, tag_mode:,
    # categories:, authors:, since:, until:, sort:, offset:, limit:,
    # snippets:, snippet_chars:, facets:, explain:). Returns the result Hash
    # ("total", "hits", "facets", ...). An unknown key or a bad value raises
    # InvalidArgumentError naming it.
    def search(query = nil, **params)
      request = params.transform_keys(&:to_s)
      request["q"] = query unless query.nil?
      result = C.out_pointer
      errmsg = C.out_pointer
      code = C.call(:sagasu_search_json, handle, C.cstr(JSON.generate(request), "request"), result, errmsg)
      text = C.take(result)
      C.check(code, errmsg)
      JSON.parse(text)
    end

    # Live articles as of the last commit searches see.
    def document_count
      C.call(:sagasu_document_count, handle)
    end

    # Makes searches see the latest commit, including other processes'.
    def reopen
      invoke(:sagasu_reopen)
    end

    private

    def handle
      raise Sagasu::Error.new(5, "NotSupported", "sagasu: the index is closed") if @handle.nil?

      @handle
    end

    def invoke(fn, *args)
      errmsg = C.out_pointer
      code = C.call(fn, handle, *args, errmsg)
      C.check(code, errmsg)
      nil
    end
  end
end
