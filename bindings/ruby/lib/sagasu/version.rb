# frozen_string_literal: true

module Sagasu
  # The binding's version; Sagasu.version is the loaded library's.
  VERSION = "0.1.0"
end
