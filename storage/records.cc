#include "storage/records.h"

#include <xxhash.h>

#include "common/coding.h"

namespace sagasu {

std::string IdRecord::Encode() const {
  std::string out;
  PutVarint32(&out, doc);
  PutFixed64(&out, content_hash);
  PutLengthPrefixed(&out, root);
  PutLengthPrefixed(&out, path);
  return out;
}

Status IdRecord::Decode(std::string_view in, IdRecord* out) {
  Decoder d(in);
  std::string_view root, path;
  if (!d.GetVarint32(&out->doc) || !d.GetFixed64(&out->content_hash) || !d.GetLengthPrefixed(&root) ||
      !d.GetLengthPrefixed(&path)) {
    return Status::Corruption("ids: malformed record");
  }
  out->root.assign(root);
  out->path.assign(path);
  return Status::OK();
}

namespace {
// Field order of a stored document. Persistent.
void PutStrings(std::string* out, const std::vector<std::string>& v) {
  PutVarint32(out, static_cast<std::uint32_t>(v.size()));
  for (const auto& s : v) PutLengthPrefixed(out, s);
}
bool GetStrings(Decoder* d, std::vector<std::string>* v) {
  std::uint32_t n;
  if (!d->GetVarint32(&n) || n > d->remaining()) return false;
  v->clear();
  v->reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string_view s;
    if (!d->GetLengthPrefixed(&s)) return false;
    v->emplace_back(s);
  }
  return true;
}
}  // namespace

std::string EncodeStoredDoc(const Article& doc) {
  std::string out;
  out.reserve(doc.body.size() + doc.title.size() + 128);
  PutLengthPrefixed(&out, doc.id);
  PutLengthPrefixed(&out, doc.title);
  PutLengthPrefixed(&out, doc.url);
  PutLengthPrefixed(&out, doc.author);
  PutLengthPrefixed(&out, doc.excerpt);
  out.push_back(doc.date ? 1 : 0);
  if (doc.date) PutVarsint64(&out, *doc.date);
  PutStrings(&out, doc.tags);
  PutStrings(&out, doc.categories);
  PutLengthPrefixed(&out, doc.body);
  return out;
}

Status DecodeStoredDoc(std::string_view in, Article* out) {
  Decoder d(in);
  std::string_view id, title, url, author, excerpt, body;
  if (!d.GetLengthPrefixed(&id) || !d.GetLengthPrefixed(&title) || !d.GetLengthPrefixed(&url) ||
      !d.GetLengthPrefixed(&author) || !d.GetLengthPrefixed(&excerpt) || d.empty()) {
    return Status::Corruption("docs: malformed record");
  }
  const bool has_date = *d.data() != 0;
  (void)d.Skip(1);
  out->date.reset();
  if (has_date) {
    std::int64_t date;
    if (!d.GetVarsint64(&date)) return Status::Corruption("docs: malformed date");
    out->date = date;
  }
  if (!GetStrings(&d, &out->tags) || !GetStrings(&d, &out->categories) || !d.GetLengthPrefixed(&body)) {
    return Status::Corruption("docs: malformed record");
  }
  out->id.assign(id);
  out->title.assign(title);
  out->url.assign(url);
  out->author.assign(author);
  out->excerpt.assign(excerpt);
  out->body.assign(body);
  return Status::OK();
}

std::string EncodeDocInfoRun(const std::vector<DocInfo>& infos) {
  std::string out;
  out.reserve(infos.size() * 8 + 5);
  PutVarint32(&out, static_cast<std::uint32_t>(infos.size()));
  for (const auto& i : infos) {
    for (std::uint32_t len : i.len) PutVarint32(&out, len);
    PutVarsint64(&out, i.date);
  }
  return out;
}

Status DecodeDocInfoRun(std::string_view in, std::vector<DocInfo>* out) {
  Decoder d(in);
  std::uint32_t n;
  if (!d.GetVarint32(&n) || n > d.remaining()) return Status::Corruption("docinfo: bad count");
  out->resize(n);
  for (auto& i : *out) {
    for (std::uint32_t& len : i.len) {
      if (!d.GetVarint32(&len)) return Status::Corruption("docinfo: truncated");
    }
    if (!d.GetVarsint64(&i.date)) return Status::Corruption("docinfo: truncated");
  }
  return Status::OK();
}

std::string IndexStats::Encode() const {
  std::string out;
  PutVarint32(&out, next_doc);
  PutVarint64(&out, live_docs);
  for (std::uint64_t len : total_len) PutVarint64(&out, len);
  PutVarint64(&out, commits);
  PutVarint64(&out, purged);
  PutVarint32(&out, merged_upto);
  return out;
}

Status IndexStats::Decode(std::string_view in, IndexStats* out) {
  Decoder d(in);
  bool ok = d.GetVarint32(&out->next_doc) && d.GetVarint64(&out->live_docs);
  for (std::uint64_t& len : out->total_len) ok = ok && d.GetVarint64(&len);
  if (!ok || !d.GetVarint64(&out->commits) || !d.GetVarint64(&out->purged) || !d.GetVarint32(&out->merged_upto)) {
    return Status::Corruption("meta/stats: malformed");
  }
  return Status::OK();
}

std::string CommitRecord::Encode() const {
  std::string out;
  PutFixed64(&out, generation);
  PutFixed64(&out, live_docs);
  PutFixed32BE(&out, next_doc);
  PutFixed64(&out, XXH3_64bits(out.data(), out.size()));
  return out;
}

Status CommitRecord::Decode(std::string_view in, CommitRecord* out) {
  constexpr std::size_t kBody = 8 + 8 + 4;
  if (in.size() != kBody + 8) return Status::Corruption("commit record: " + std::to_string(in.size()) + " bytes, not 28");
  if (XXH3_64bits(in.data(), kBody) != DecodeFixed64(in.data() + kBody)) {
    return Status::Corruption("commit record: checksum mismatch");
  }
  out->generation = DecodeFixed64(in.data());
  out->live_docs = DecodeFixed64(in.data() + 8);
  out->next_doc = DecodeFixed32BE(in.data() + 16);
  return Status::OK();
}

std::string EncodeBitmap(Roaring& bitmap) {
  bitmap.runOptimize();
  std::string out(bitmap.getSizeInBytes(/*portable=*/true), '\0');
  bitmap.write(out.data(), /*portable=*/true);
  return out;
}

Status DecodeBitmap(std::string_view in, Roaring* out) {
  try {
    *out = Roaring::readSafe(in.data(), in.size());
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("bad bitmap: ") + e.what());
  }
  return Status::OK();
}

}  // namespace sagasu
