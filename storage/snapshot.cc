#include "storage/snapshot.h"

#include <algorithm>

#include "storage/db.h"
#include "storage/keys.h"

namespace sagasu {

namespace {

int FacetSlot(format::FacetKind kind) {
  switch (kind) {
    case format::kFacetTag: return 0;
    case format::kFacetCategory: return 1;
    case format::kFacetAuthor: return 2;
  }
  return 0;
}

}  // namespace

Snapshot::~Snapshot() = default;

Status Snapshot::Open(const std::string& dir, const std::string& fingerprint, std::unique_ptr<Snapshot>* out) {
  std::unique_ptr<Snapshot> r(new Snapshot());
  r->dir_ = dir;
  SAGASU_RETURN_IF_ERROR(IndexDb::Open(dir, IndexDb::Mode::kReadOnly, fingerprint, /*analyzer_description=*/"", &r->db_));
  SAGASU_RETURN_IF_ERROR(r->Load());
  *out = std::move(r);
  return Status::OK();
}

Status Snapshot::Load() {
  SAGASU_RETURN_IF_ERROR(db_->ReadStats(&stats_, &deleted_));
  analyzer_description_ = db_->AnalyzerDescription();
  const DocNum limit = stats_.next_doc;
  live_.assign((std::size_t{limit} + 63) / 64, 0);
  lens_.assign(limit, format::FieldCounts{});
  dates_.assign(limit, DocInfo::kNoDate);

  // Doc-info runs give field lengths and dates; a doc is live when a run
  // holds it and it is not in the deleted set.
  SAGASU_RETURN_IF_ERROR(db_->ForEachDocInfoRun([&](DocNum first, std::vector<DocInfo>& run) {
    if (std::uint64_t{first} + run.size() > limit) return Status::OK();  // written after the committed stats
    for (std::size_t i = 0; i < run.size(); ++i) {
      const DocNum d = first + static_cast<DocNum>(i);
      lens_[d] = run[i].len;
      dates_[d] = run[i].date;
      if (!deleted_.contains(d)) live_[d >> 6] |= std::uint64_t{1} << (d & 63);
    }
    return Status::OK();
  }));
  return LoadFacets();
}

// Facets: union of each value's runs, live documents only.
Status Snapshot::LoadFacets() {
  SAGASU_RETURN_IF_ERROR(db_->ForEachFacet(stats_.next_doc, [&](std::string_view prefix, std::vector<RunValue>& runs) {
    Roaring docs;
    for (const auto& run : runs) {
      Roaring bitmap;
      SAGASU_RETURN_IF_ERROR(DecodeBitmap(run.value, &bitmap).WithContext("facets of " + dir_));
      docs |= bitmap;
    }
    docs -= deleted_;
    if (docs.isEmpty()) return Status::OK();
    docs.runOptimize();
    // prefix = kind byte, value, 0x00; keys sort by kind, then value.
    const auto kind = static_cast<format::FacetKind>(prefix[0]);
    facets_[FacetSlot(kind)].push_back(FacetValue{std::string(prefix.substr(1, prefix.size() - 2)), std::move(docs)});
    return Status::OK();
  }));
  return Status::OK();
}

double Snapshot::avg_len(format::Field field) const {
  return stats_.live_docs ? static_cast<double>(stats_.total_len[field]) / stats_.live_docs : 0.0;
}

std::shared_ptr<PostingsScan> Snapshot::NewPostingsScan() const { return db_->NewPostingsScan(); }

Status Snapshot::ReadTerm(format::Stream stream, std::string_view term,
                          std::vector<std::unique_ptr<TermRun>>* runs, const std::shared_ptr<PostingsScan>& scan) const {
  runs->clear();
  std::vector<RunView> values;
  std::shared_ptr<const void> pin;
  SAGASU_RETURN_IF_ERROR(db_->ReadPostings(keys::PostingsPrefix(stream, term), stats_.next_doc, &values, &pin, scan)
                             .WithContext("term '" + std::string(term) + "'"));
  for (const auto& v : values) {
    auto run = std::make_unique<TermRun>();
    run->pin = pin;
    SAGASU_RETURN_IF_ERROR(run->reader.Init(v.value, v.first).WithContext("term '" + std::string(term) + "'"));
    runs->push_back(std::move(run));
  }
  return Status::OK();
}

Status Snapshot::ExpandPrefix(format::Stream stream, std::string_view prefix, std::size_t max_terms,
                              std::size_t max_runs, std::vector<std::string>* terms, bool* truncated) const {
  std::vector<std::pair<std::string, std::uint64_t>> found;  // term, df, in key order
  SAGASU_RETURN_IF_ERROR(db_->ScanTermPrefix(
      stream, prefix, stats_.next_doc, max_runs,
      [&](std::string_view term, std::uint32_t docs) {
        if (found.empty() || found.back().first != term) found.emplace_back(std::string(term), 0);
        found.back().second += docs;
      },
      truncated));
  if (found.size() > max_terms) {
    *truncated = true;
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    found.resize(max_terms);
  }
  terms->clear();
  for (auto& f : found) terms->push_back(std::move(f.first));
  return Status::OK();
}

Status Snapshot::GetDocument(DocNum doc, Article* out) const {
  if (!IsLive(doc)) return Status::NotFound("document " + std::to_string(doc) + " is not in the index");
  return db_->GetDocument(doc, out);
}

Status Snapshot::Lookup(std::string_view id, DocNum* doc) const {
  IdRecord rec;
  SAGASU_RETURN_IF_ERROR(db_->GetId(id, &rec));
  if (!IsLive(rec.doc)) return Status::NotFound("no document with id '" + std::string(id) + "'");
  *doc = rec.doc;
  return Status::OK();
}

const std::vector<FacetValue>& Snapshot::facets(format::FacetKind kind) const { return facets_[FacetSlot(kind)]; }

const Roaring* Snapshot::FacetDocs(format::FacetKind kind, std::string_view value) const {
  const auto& values = facets_[FacetSlot(kind)];
  auto it = std::lower_bound(values.begin(), values.end(), value,
                             [](const FacetValue& f, std::string_view v) { return f.value < v; });
  return it != values.end() && it->value == value ? &it->docs : nullptr;
}

Status Snapshot::ForEachId(const std::function<void(std::string_view, DocNum)>& fn) const {
  return db_->ForEachId([&](std::string_view id, const IdRecord& rec) {
    if (IsLive(rec.doc)) fn(id, rec.doc);
    return Status::OK();
  });
}

Status Snapshot::ComputeSizes(Sizes* out) const {
  *out = Sizes();
  SAGASU_RETURN_IF_ERROR(db_->FamilySizes(&out->family_bytes, &out->total_bytes));
  std::map<format::Stream, IndexDb::StreamCounts> streams;
  SAGASU_RETURN_IF_ERROR(db_->CountPostings(&streams));
  for (const auto& [stream, c] : streams) {
    out->distinct_terms += c.terms;
    out->postings += c.postings;
    out->streams.push_back({stream, c.terms, c.postings, c.value_bytes, c.disk_bytes});
  }
  return Status::OK();
}

}  // namespace sagasu
