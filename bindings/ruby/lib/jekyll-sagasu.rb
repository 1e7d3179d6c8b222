# frozen_string_literal: true

# Entry point of the sagasu Jekyll plugin: `plugins: [jekyll-sagasu]` in a
# site's _config.yml, or `gem "sagasu", require: "jekyll-sagasu"` in its
# Gemfile's :jekyll_plugins group. See lib/sagasu/jekyll.rb and README.md.
require_relative "sagasu"
require_relative "sagasu/jekyll"
