# frozen_string_literal: true

require_relative "lib/sagasu/version"

Gem::Specification.new do |spec|
  spec.name = "sagasu"
  spec.version = Sagasu::VERSION
  spec.summary = "Ruby binding of sagasu, full-text search for Japanese article archives"
  spec.description = "A thin Fiddle layer over the C API of libsagasu.so (<sagasu/sagasu_c.h>): " \
                     "open an index, index posts, search with filters; errors as Sagasu::Error."
  spec.authors = ["sagasu contributors"]
  spec.license = "Nonstandard"
  spec.files = Dir["lib/**/*.rb"] + ["README.md"]
  spec.require_paths = ["lib"]
  spec.required_ruby_version = ">= 2.7"
  # Fiddle is part of Ruby's standard library.
end
