#include "indexer/sources/input_check.h"

#include <cstdio>
#include <string>

#include "common/text/ascii.h"
#include "common/text/utf8.h"

namespace sagasu {

Status CheckText(std::string_view bytes, std::string_view origin) {
  const std::string where(origin);
  if (bytes.find_first_not_of(kAsciiSpace) == std::string_view::npos) {
    return Status::InvalidArgument(where + (bytes.empty() ? ": empty file" : ": empty file (only whitespace)"));
  }
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    return Status::InvalidArgument(where + ": binary data (NUL byte at offset " + std::to_string(nul) + ")");
  }
  if (auto bad = FindInvalidUtf8(bytes)) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02X", static_cast<unsigned char>(bytes[*bad]));
    return Status::InvalidArgument(where + ": invalid UTF-8 at byte offset " + std::to_string(*bad) + " (byte " +
                                   hex + ")");
  }
  return Status::OK();
}

std::string_view StripBom(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

}  // namespace sagasu
