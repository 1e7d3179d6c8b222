// The entries of MeCab user dictionaries, for re-analysis after a
// dictionary change (indexer/reanalyzer.h): an index records, per surface
// form, a hash of the dictionary's tokens for it; a later analyzer with
// other user dictionaries compares its own table with the recorded one and
// re-analyzes only the documents that contain a surface whose entry was
// added, removed or changed. MeCab only ever puts an entry in a lattice
// where its surface occurs in the text, so a document without any changed
// surface is cut exactly as before.
//
// The table is read from the compiled .dic files (no source CSV is needed):
// a MeCab dictionary file is a header, a double array (Darts) keyed by
// surface whose values name a range of tokens, the tokens and their feature
// strings (MeCab's dictionary.cpp writes it; mecab-dict-index builds it).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sagasu {

// surface -> XXH3 of its tokens (left/right context ids, POS id, cost,
// feature string) in every dictionary that has it, in dictionary order.
using UserDicEntries = std::map<std::string, std::uint64_t, std::less<>>;

// Adds the entries of the compiled MeCab dictionary `path` to *out (a
// surface already there gets the hash of both). Corruption naming the file
// when it is not a MeCab dictionary or is cut short; IOError when it cannot
// be read.
Status ReadUserDicEntries(const std::string& path, UserDicEntries* out);

// The persistent encoding (an index's meta "user_dic_entries"): varint32
// count, then per entry in surface order a length-prefixed surface and a
// fixed64 hash. Do not change: persistent.
std::string EncodeUserDicEntries(const UserDicEntries& entries);
// Corruption when `bytes` is not such an encoding.
Status DecodeUserDicEntries(std::string_view bytes, UserDicEntries* out);

// The surfaces added, removed or changed between `before` and `after`, in
// surface order.
std::vector<std::string> ChangedSurfaces(const UserDicEntries& before, const UserDicEntries& after);

}  // namespace sagasu
