# frozen_string_literal: true

require "fileutils"
require_relative "lib/sagasu/version"

# The Jekyll plugin copies the search page's script and stylesheet into a
# site: a gem built from the checkout carries a copy of web/search.js and
# web/search.css in web/ (git-ignored).
checkout_web = File.expand_path("../../web", __dir__)
if File.directory?(checkout_web)
  FileUtils.mkdir_p(File.join(__dir__, "web"))
  %w[search.js search.css].each { |f| FileUtils.cp(File.join(checkout_web, f), File.join(__dir__, "web", f)) }
end

Gem::Specification.new do |spec|
  spec.name = "sagasu"
  spec.version = Sagasu::VERSION
  spec.summary = "Ruby binding of sagasu, full-text search for Japanese article archives"
  spec.description = "A thin Fiddle layer over the C API of libsagasu.so (<sagasu/sagasu_c.h>): " \
                     "open an index, index posts, search with filters; errors as Sagasu::Error. " \
                     "Includes jekyll-sagasu, a Jekyll plugin that indexes a site on every build."
  spec.authors = ["sagasu contributors"]
  spec.license = "Nonstandard"
  spec.files = Dir["lib/**/*.rb"] + Dir["jekyll/_includes/*.html"] + Dir["web/search.{js,css}"] + ["README.md"]
  spec.require_paths = ["lib"]
  spec.required_ruby_version = ">= 2.7"
  # Fiddle is part of Ruby's standard library.
end
