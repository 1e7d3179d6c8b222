#include "indexer/index_reader.h"

#include <algorithm>
#include <filesystem>

#include <rocksdb/db.h>

#include "common/analyzer/normalizer.h"
#include "indexer/index_db.h"

namespace sagasu {

namespace {

int FacetSlot(keys::FacetKind kind) {
  switch (kind) {
    case keys::kFacetTag: return 0;
    case keys::kFacetCategory: return 1;
    case keys::kFacetAuthor: return 2;
  }
  return 0;
}

// Facet values match across case and width (ＡＩ, ai and AI are one tag).
std::string Fold(std::string_view s) { return Normalizer::Get().Normalize(s); }

}  // namespace

IndexReader::~IndexReader() = default;

Status IndexReader::Open(const std::string& dir, const AnalyzerOptions& analyzer_options,
                         std::unique_ptr<IndexReader>* out) {
  std::unique_ptr<IndexReader> r(new IndexReader());
  r->dir_ = dir;
  SAGASU_RETURN_IF_ERROR(Analyzer::Open(analyzer_options, &r->analyzer_));
  SAGASU_RETURN_IF_ERROR(IndexDb::Open(dir, IndexDb::Mode::kReadOnly, r->analyzer_->Fingerprint(),
                                       r->analyzer_->Describe(), &r->db_));
  SAGASU_RETURN_IF_ERROR(r->Load());
  *out = std::move(r);
  return Status::OK();
}

Status IndexReader::Load() {
  std::string deleted;
  SAGASU_RETURN_IF_ERROR(db_->ReadStats(nullptr, &stats_, &deleted));
  db_->db()
      ->Get(rocksdb::ReadOptions(), db_->cf(Family::kMeta), std::string(keys::kMetaAnalyzerDescription),
            &analyzer_description_)
      .PermitUncheckedError();  // informative only
  if (!deleted.empty()) {
    try {
      deleted_ = Roaring::readSafe(deleted.data(), deleted.size());
    } catch (const std::exception& e) {
      return Status::Corruption("index " + dir_ + ": deleted set: " + e.what());
    }
  }
  const DocNum limit = stats_.next_doc;
  live_.assign((std::size_t{limit} + 63) / 64, 0);
  infos_.assign(limit, DocInfo{});

  // Doc-info runs give field lengths and dates; a doc is live when a run
  // holds it and it is not in the deleted set.
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf(Family::kDocInfo)));
  std::vector<DocInfo> run;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 4) return Status::Corruption("docinfo: bad key in " + dir_);
    const DocNum first = DecodeFixed32BE(it->key().data());
    SAGASU_RETURN_IF_ERROR(DecodeDocInfoRun(std::string_view(it->value().data(), it->value().size()), &run));
    if (std::uint64_t{first} + run.size() > limit) break;  // written after the committed stats: not ours
    for (std::size_t i = 0; i < run.size(); ++i) {
      const DocNum d = first + static_cast<DocNum>(i);
      infos_[d] = run[i];
      if (!deleted_.contains(d)) live_[d >> 6] |= std::uint64_t{1} << (d & 63);
    }
  }
  SAGASU_RETURN_IF_ERROR(FromRocks(it->status(), "read docinfo of " + dir_));

  // Facets: union of the runs, live documents only.
  std::unique_ptr<rocksdb::Iterator> fit(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf(Family::kFacets)));
  std::map<std::string, Roaring> by_key[3];
  for (fit->SeekToFirst(); fit->Valid(); fit->Next()) {
    char tag;
    std::string_view value;
    DocNum first;
    const std::string_view key(fit->key().data(), fit->key().size());
    if (!keys::SplitRunKey(key, &tag, &value, &first)) return Status::Corruption("facets: bad key in " + dir_);
    if (first >= limit) continue;
    Roaring bitmap;
    try {
      bitmap = Roaring::readSafe(fit->value().data(), fit->value().size());
    } catch (const std::exception& e) {
      return Status::Corruption("facets: bad bitmap in " + dir_ + ": " + e.what());
    }
    by_key[FacetSlot(static_cast<keys::FacetKind>(tag))][std::string(value)] |= bitmap;
  }
  SAGASU_RETURN_IF_ERROR(FromRocks(fit->status(), "read facets of " + dir_));
  for (int k = 0; k < 3; ++k) {
    for (auto& [value, bitmap] : by_key[k]) {
      bitmap -= deleted_;
      if (bitmap.isEmpty()) continue;
      bitmap.runOptimize();
      facets_[k].push_back(FacetValue{value, std::move(bitmap)});
    }
  }
  return Status::OK();
}

double IndexReader::avg_title_len() const {
  return stats_.live_docs ? static_cast<double>(stats_.total_title_len) / stats_.live_docs : 0.0;
}
double IndexReader::avg_body_len() const {
  return stats_.live_docs ? static_cast<double>(stats_.total_body_len) / stats_.live_docs : 0.0;
}

Status IndexReader::ReadTerm(keys::Stream stream, std::string_view term,
                             std::vector<std::unique_ptr<TermRun>>* runs) const {
  runs->clear();
  const std::string prefix = keys::PostingsPrefix(stream, term);
  rocksdb::ReadOptions ro;
  std::string upper = prefix;
  upper.back() = '\x01';  // prefix ends in 0x00: the next byte bounds the scan
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(ro, db_->cf(Family::kPostings)));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    if (k.size() != prefix.size() + 4) break;
    const DocNum base = DecodeFixed32BE(k.data() + prefix.size());
    if (base >= stats_.next_doc) continue;  // not committed
    auto run = std::make_unique<TermRun>();
    run->value.assign(it->value().data(), it->value().size());
    run->base = base;
    SAGASU_RETURN_IF_ERROR(run->reader.Init(run->value, base).WithContext("term '" + std::string(term) + "'"));
    runs->push_back(std::move(run));
  }
  return FromRocks(it->status(), "read postings of '" + std::string(term) + "'");
}

Status IndexReader::GetDocument(DocNum doc, Document* out) const {
  if (!IsLive(doc)) return Status::NotFound("document " + std::to_string(doc) + " is not in the index");
  std::string v;
  SAGASU_RETURN_IF_ERROR(
      FromRocks(db_->db()->Get(rocksdb::ReadOptions(), db_->cf(Family::kDocs), keys::DocKey(doc), &v),
                "read document " + std::to_string(doc)));
  return DecodeStoredDoc(v, out);
}

Status IndexReader::Lookup(std::string_view id, DocNum* doc) const {
  std::string v;
  rocksdb::Status s = db_->db()->Get(rocksdb::ReadOptions(), db_->cf(Family::kIds), rocksdb::Slice(id.data(), id.size()), &v);
  if (s.IsNotFound()) return Status::NotFound("no document with id '" + std::string(id) + "'");
  SAGASU_RETURN_IF_ERROR(FromRocks(s, "look up id"));
  IdRecord rec;
  SAGASU_RETURN_IF_ERROR(IdRecord::Decode(v, &rec));
  if (!IsLive(rec.doc)) return Status::NotFound("no document with id '" + std::string(id) + "'");
  *doc = rec.doc;
  return Status::OK();
}

const std::vector<FacetValue>& IndexReader::facets(keys::FacetKind kind) const { return facets_[FacetSlot(kind)]; }

Roaring IndexReader::FacetDocs(keys::FacetKind kind, std::string_view value) const {
  const auto& values = facets_[FacetSlot(kind)];
  auto it = std::lower_bound(values.begin(), values.end(), value,
                             [](const FacetValue& f, std::string_view v) { return f.value < v; });
  if (it != values.end() && it->value == value) return it->docs;
  Roaring out;
  const std::string folded = Fold(value);
  for (const auto& f : values) {
    if (Fold(f.value) == folded) out |= f.docs;
  }
  return out;
}

Status IndexReader::ForEachId(const std::function<void(std::string_view, DocNum)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf(Family::kIds)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    IdRecord rec;
    SAGASU_RETURN_IF_ERROR(IdRecord::Decode(std::string_view(it->value().data(), it->value().size()), &rec));
    if (IsLive(rec.doc)) fn(std::string_view(it->key().data(), it->key().size()), rec.doc);
  }
  return FromRocks(it->status(), "scan ids");
}

Status IndexReader::ComputeSizes(Sizes* out) const {
  *out = Sizes();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
    if (entry.is_regular_file()) out->total_bytes += entry.file_size();
  }
  for (int i = 0; i < static_cast<int>(Family::kCount); ++i) {
    rocksdb::ColumnFamilyMetaData meta;
    db_->db()->GetColumnFamilyMetaData(db_->cf(static_cast<Family>(i)), &meta);
    out->family_bytes[IndexDb::FamilyName(static_cast<Family>(i))] = meta.size;
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf(Family::kPostings)));
  std::string last;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    if (key.size() < 5) continue;
    const std::string_view prefix = key.substr(0, key.size() - 4);
    if (prefix != last) {
      ++out->distinct_terms;
      last.assign(prefix);
    }
    Decoder d(it->value().data(), it->value().data() + it->value().size());
    std::uint32_t n = 0;
    if (d.GetVarint32(&n)) out->postings += n;
  }
  return FromRocks(it->status(), "scan postings");
}

}  // namespace sagasu
