// The search page (web/*.html, *.js, *.css), compiled into the binary at
// build time by server/embed_web.cmake, so an installed `sagasu serve` needs
// no web directory.
#pragma once

#include <span>
#include <string_view>

namespace sagasu {

struct WebAsset {
  std::string_view name;  // file name within web/, e.g. "search.js"
  std::string_view data;
};

// Every embedded file, in name order.
std::span<const WebAsset> EmbeddedWebAssets();

}  // namespace sagasu
