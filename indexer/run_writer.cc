#include "indexer/run_writer.h"

#include <algorithm>
#include <map>
#include <thread>
#include <utility>

#include "indexer/change_set.h"
#include "storage/keys.h"
#include "storage/posting_codec.h"

namespace sagasu {

namespace {

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

// The state of one commit.
struct RunWriter::Run {
  explicit Run(Batch b) : batch(std::move(b)) {}
  std::vector<std::unique_ptr<Accumulator>> accs;
  DocNum base = 0;
  // Every document, numbered base + index.
  std::vector<const PendingDoc*> docs;
  // Whether docs[k] keeps its id (else it is superseded: written deleted).
  std::vector<bool> live;
  // id -> index into docs of the document that holds it in this run.
  std::unordered_map<std::string_view, std::size_t> in_run;
  // Versions to mark deleted, with their DocInfo when at hand.
  std::vector<std::pair<DocNum, const DocInfo*>> doomed;
  std::vector<DocInfo> infos;  // of docs, in order
  Batch batch;
  std::uint64_t added = 0, updated = 0, removed = 0;
};

// Every term of every accumulator, in term order; within a term the
// accumulators in order, so that documents stay ascending.
struct RunWriter::TermRefs {
  struct Ref {
    std::string_view term;
    std::uint32_t acc;
    std::uint32_t index;
  };
  std::vector<Ref> refs;
  // refs[starts[g], starts[g+1]) hold one term.
  std::vector<std::size_t> starts;
  // The DocNum of each accumulator's local document 0.
  std::vector<DocNum> acc_base;
  std::size_t groups() const { return starts.size() - 1; }
};

RunWriter::RunWriter(const IndexDb* db, bool sync, IndexStats stats, Roaring deleted, std::uint64_t table_bytes)
    : db_(db), sync_(sync), table_bytes_(table_bytes), stats_(stats), deleted_(std::move(deleted)) {}

Status RunWriter::Commit(std::vector<std::unique_ptr<Accumulator>> accs, const std::vector<Removal>& removals,
                         const ChangeSet* changes, IndexPathsReport* report, std::vector<CommitTiming>* timings,
                         const std::function<void(Batch*)>& also) {
  if (pending_) SAGASU_RETURN_IF_ERROR(RecoverPendingRun());
  Run run(db_->NewBatch());
  run.accs = std::move(accs);
  // The batch takes about what the accumulators hold (encoded postings and
  // stored documents).
  std::uint64_t held = 0;
  for (const auto& a : run.accs) held += a->memory();
  run.batch.Reserve(static_cast<std::size_t>(held));
  for (const auto& a : run.accs)
    for (const auto& d : a->docs()) run.docs.push_back(&d);
  if (static_cast<std::uint64_t>(stats_.next_doc) + run.docs.size() >= kNoDoc) {
    return Status::NotSupported("index is full: more than 4 billion document versions");
  }
  run.base = stats_.next_doc;
  // Roll back the in-memory state if a step or the write fails.
  const IndexStats saved_stats = stats_;
  const Roaring saved_deleted = deleted_;
  CommitTiming timing;
  if (Status s = CommitSteps(removals, changes, &run, &timing, also); !s.ok()) {
    stats_ = saved_stats;
    deleted_ = saved_deleted;
    return s;
  }
  if (report) {
    report->added += run.added;
    report->updated += run.updated;
    report->removed += run.removed;
    ++report->commits;
  }
  if (timings) timings->push_back(timing);
  return Status::OK();
}

Status RunWriter::CommitSteps(const std::vector<Removal>& removals, const ChangeSet* changes, Run* run,
                              CommitTiming* timing, const std::function<void(Batch*)>& also) {
  const auto t_start = Clock::now();
  SAGASU_RETURN_IF_ERROR(ResolveIds(changes, run));
  WriteDocuments(run);
  for (const auto& a : run->accs) a->ReleaseStored();
  const TermRefs terms = SortTerms(*run);
  const auto t_postings = Clock::now();
  SAGASU_RETURN_IF_ERROR(WritePostings(terms, run));
  SAGASU_RETURN_IF_ERROR(ResolveRemovals(removals, run));
  SAGASU_RETURN_IF_ERROR(WriteStats(run));
  if (also) also(&run->batch);
  // The batch holds the postings and stored documents now: free the
  // accumulators' copies before RocksDB copies the batch into its memtables.
  for (const auto& a : run->accs) a->ReleasePayload();
  const auto t_write = Clock::now();
  timing->batch_bytes = run->batch.bytes();
  SAGASU_RETURN_IF_ERROR(db_->Write(&run->batch, sync_));
  pending_ = false;
  timing->docs = run->docs.size();
  timing->documents_seconds = Seconds(t_start, t_postings);
  timing->postings_seconds = Seconds(t_postings, t_write);
  timing->write_seconds = Seconds(t_write, Clock::now());
  return Status::OK();
}

Status RunWriter::ResolveIds(const ChangeSet* changes, Run* run) {
  const std::size_t n = run->docs.size();
  run->live.assign(n, true);
  // The stored version of each id: known from the worker's lookup unless
  // another input of the run claimed the id too (a commit since may have
  // replaced it); the rest are read here, all at once.
  std::vector<DocNum> current(n, kNoDoc);
  std::vector<std::size_t> unknown;
  std::vector<std::string_view> unknown_ids;
  for (std::size_t k = 0; k < n; ++k) {
    const PendingDoc& d = *run->docs[k];
    if (changes && changes->Superseded(d.id, d.seq)) {
      run->live[k] = false;
    } else if (d.current_known && !(changes && changes->Contested(d.id))) {
      current[k] = d.current;
    } else {
      unknown.push_back(k);
      unknown_ids.emplace_back(d.id);
    }
  }
  std::vector<IdRecord> records;
  std::vector<bool> found;
  SAGASU_RETURN_IF_ERROR(db_->GetIds(unknown_ids, &records, &found));
  for (std::size_t i = 0; i < unknown.size(); ++i) {
    if (found[i]) current[unknown[i]] = records[i].doc;
  }

  for (std::size_t k = 0; k < n; ++k) {
    const PendingDoc& d = *run->docs[k];
    const DocNum doc = run->base + static_cast<DocNum>(k);
    if (!run->live[k]) {
      // Its number is taken (runs are contiguous) but it is born deleted.
      run->doomed.emplace_back(doc, &d.info);
    } else if (auto it = run->in_run.find(d.id); it != run->in_run.end()) {
      // The same id twice in one run: the later one wins.
      run->doomed.emplace_back(run->base + static_cast<DocNum>(it->second), &run->docs[it->second]->info);
      it->second = k;
    } else {
      run->in_run.emplace(d.id, k);
      if (current[k] != kNoDoc) {
        run->doomed.emplace_back(current[k], nullptr);
        ++run->updated;
      } else {
        ++run->added;
      }
    }
  }
  return Status::OK();
}

void RunWriter::WriteDocuments(Run* run) {
  std::map<std::pair<char, std::string_view>, Roaring> facets;
  run->infos.reserve(run->docs.size());
  for (std::size_t k = 0; k < run->docs.size(); ++k) {
    const PendingDoc& d = *run->docs[k];
    const DocNum doc = run->base + static_cast<DocNum>(k);
    run->batch.PutDocument(doc, d.stored);
    run->infos.push_back(d.info);
    ++stats_.live_docs;
    for (std::size_t f = 0; f < format::kFieldCount; ++f) stats_.total_len[f] += d.info.len[f];
    if (!run->live[k]) continue;
    run->batch.PutId(d.id, IdRecord{doc, d.content_hash, d.root, d.path});
    for (const auto& t : d.tags) facets[{keys::kFacetTag, t}].add(doc);
    for (const auto& c : d.categories) facets[{keys::kFacetCategory, c}].add(doc);
    if (!d.author.empty()) facets[{keys::kFacetAuthor, d.author}].add(doc);
  }
  if (!run->docs.empty()) run->batch.PutDocInfoRun(run->base, run->infos);
  for (auto& [k, bitmap] : facets) {
    run->batch.PutFacetRun(keys::FacetPrefix(static_cast<keys::FacetKind>(k.first), k.second), run->base, bitmap);
  }
}

RunWriter::TermRefs RunWriter::SortTerms(const Run& run) const {
  TermRefs t;
  std::size_t total_terms = 0;
  for (const auto& a : run.accs) total_terms += a->term_count();
  t.refs.reserve(total_terms);
  t.acc_base.resize(run.accs.size());
  DocNum b = run.base;
  for (std::size_t a = 0; a < run.accs.size(); ++a) {
    t.acc_base[a] = b;
    b += static_cast<DocNum>(run.accs[a]->size());
    for (std::size_t i = 0; i < run.accs[a]->term_count(); ++i) {
      t.refs.push_back({run.accs[a]->name(i), static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(i)});
    }
  }
  std::sort(t.refs.begin(), t.refs.end(), [](const TermRefs::Ref& x, const TermRefs::Ref& y) {
    if (int c = x.term.compare(y.term); c != 0) return c < 0;
    return x.acc < y.acc;
  });
  for (std::size_t i = 0; i < t.refs.size(); ++i) {
    if (i == 0 || t.refs[i].term != t.refs[i - 1].term) t.starts.push_back(i);
  }
  t.starts.push_back(t.refs.size());
  return t;
}

Status RunWriter::WritePostings(const TermRefs& terms, Run* run) {
  const std::size_t groups = terms.groups();
  // Encoding is the bulk of a commit: spread the terms over the cores (the
  // tokenizers are idle during the last commit). Each term's accumulated
  // postings are freed once encoded.
  auto encode = [&](std::size_t g, std::vector<Position>* positions) {
    PostingRunBuilder builder(run->base);
    for (std::size_t i = terms.starts[g]; i < terms.starts[g + 1]; ++i) {
      const TermRefs::Ref& ref = terms.refs[i];
      Accumulator& acc = *run->accs[ref.acc];
      AccumulatedPostingsReader reader(acc.postings(ref.index).bytes);
      std::uint32_t local;
      FieldCounts tf;
      while (reader.Next(&local, &tf, positions)) {
        const DocNum doc = terms.acc_base[ref.acc] + local;
        builder.Add(doc, tf, run->infos[doc - run->base].len, *positions);
      }
      acc.ReleasePostings(ref.index);
    }
    return builder.Finish();
  };
  // A name is the stream byte and the term: the key prefix without its 0x00.
  auto prefix = [&](std::size_t g) {
    const std::string_view name = terms.refs[terms.starts[g]].term;
    return keys::PostingsPrefix(static_cast<keys::Stream>(name[0]), name.substr(1));
  };
  const std::size_t cores = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::uint64_t total = 0;
  for (const auto& r : terms.refs) total += run->accs[r.acc]->postings(r.index).bytes.size();
  if (groups > 0 && total >= table_bytes_) {
    const std::size_t parts = cores;
    // A large commit: each encoder writes a contiguous range of terms into
    // a table file of its own, added to the index before the batch.
    std::vector<std::unique_ptr<PostingsTable>> tables(parts);
    for (auto& t : tables) SAGASU_RETURN_IF_ERROR(db_->NewPostingsTable(&t));
    // Contiguous ranges of about equal accumulated bytes: a common gram's
    // postings outweigh thousands of rare words'.
    std::vector<std::size_t> cut(parts + 1, groups);
    cut[0] = 0;
    {
      std::uint64_t sum = 0;
      std::size_t p = 1;
      for (std::size_t g = 0; g < groups && p < parts; ++g) {
        for (std::size_t i = terms.starts[g]; i < terms.starts[g + 1]; ++i) {
          sum += run->accs[terms.refs[i].acc]->postings(terms.refs[i].index).bytes.size();
        }
        while (p < parts && sum * parts >= total * p) cut[p++] = g + 1;
      }
    }
    std::vector<Status> status(parts);
    auto write = [&](std::size_t p) {
      std::vector<Position> positions;
      for (std::size_t g = cut[p]; g < cut[p + 1] && status[p].ok(); ++g) {
        status[p] = tables[p]->Add(prefix(g), run->base, encode(g, &positions));
      }
    };
    std::vector<std::thread> encoders;
    for (std::size_t p = 1; p < parts; ++p) encoders.emplace_back(write, p);
    write(0);
    for (auto& t : encoders) t.join();
    for (const auto& s : status) SAGASU_RETURN_IF_ERROR(s);
    // Readers skip runs at or above next_doc until the batch lands; should
    // it never land, RecoverPendingRun turns those numbers into deleted
    // documents, so the runs never reach another commit's documents.
    SAGASU_RETURN_IF_ERROR(db_->MarkPendingRun(run->base, static_cast<DocNum>(run->docs.size())));
    pending_ = true;
    run->batch.ClearPendingRun();
    SAGASU_RETURN_IF_ERROR(db_->IngestPostings(&tables));
    return after_tables_ ? after_tables_() : Status::OK();
  }
  // Into the batch: the terms go in slices, each encoded on all cores and
  // then added in order, and each encoding is freed once in the batch, so
  // a commit holds the accumulators, the batch and one slice's encodings.
  constexpr std::size_t kSlice = 1 << 16;
  const std::size_t parts = groups < 4096 ? 1 : cores;
  std::vector<std::string> encoded;
  auto encode_range = [&](std::size_t slice_begin, std::size_t g_begin, std::size_t g_end) {
    std::vector<Position> positions;
    for (std::size_t g = g_begin; g < g_end; ++g) encoded[g - slice_begin] = encode(g, &positions);
  };
  for (std::size_t begin = 0; begin < groups; begin += kSlice) {
    const std::size_t end = std::min(groups, begin + kSlice);
    const std::size_t n = end - begin;
    encoded.resize(n);
    std::vector<std::thread> encoders;
    for (std::size_t p = 1; p < parts; ++p) {
      encoders.emplace_back(encode_range, begin, begin + n * p / parts, begin + n * (p + 1) / parts);
    }
    encode_range(begin, begin, begin + n / parts);
    for (auto& t : encoders) t.join();
    for (std::size_t g = begin; g < end; ++g) {
      run->batch.PutPostingsRun(prefix(g), run->base, encoded[g - begin]);
      std::string().swap(encoded[g - begin]);
    }
  }
  return Status::OK();
}

Status RunWriter::RecoverPendingRun() {
  bool present = false;
  DocNum first = 0, count = 0;
  SAGASU_RETURN_IF_ERROR(db_->ReadPendingRun(&present, &first, &count));
  if (!present) {
    pending_ = false;
    return Status::OK();
  }
  Batch batch = db_->NewBatch();
  batch.ClearPendingRun();
  if (first != stats_.next_doc || static_cast<std::uint64_t>(first) + count >= kNoDoc) {
    return Status::Corruption("a commit of documents " + std::to_string(first) + " to " +
                              std::to_string(static_cast<std::uint64_t>(first) + count) +
                              " was interrupted, but the index counts " + std::to_string(stats_.next_doc) +
                              " document versions");
  }
  // The interrupted commit's documents: numbered, deleted, empty.
  const IndexStats saved_stats = stats_;
  const Roaring saved_deleted = deleted_;
  if (count > 0) {
    batch.PutDocInfoRun(first, std::vector<DocInfo>(count));
    deleted_.addRange(first, static_cast<std::uint64_t>(first) + count);
  }
  stats_.next_doc = first + count;
  ++stats_.commits;
  batch.PutStats(stats_);
  batch.PutDeleted(deleted_);
  if (Status s = db_->Write(&batch, /*sync=*/true); !s.ok()) {
    stats_ = saved_stats;
    deleted_ = saved_deleted;
    pending_ = true;
    return s;
  }
  pending_ = false;
  return Status::OK();
}

Status RunWriter::ResolveRemovals(const std::vector<Removal>& removals, Run* run) {
  // Ids whose version is not known are read all at once.
  std::vector<std::string_view> unknown_ids;
  for (const auto& r : removals) {
    if (r.doc == kNoDoc) unknown_ids.emplace_back(r.id);
  }
  std::vector<IdRecord> records;
  std::vector<bool> found;
  SAGASU_RETURN_IF_ERROR(db_->GetIds(unknown_ids, &records, &found));
  std::size_t u = 0;
  for (const auto& r : removals) {
    DocNum doc = r.doc;
    if (doc == kNoDoc) {
      const std::size_t i = u++;
      if (!found[i]) continue;
      doc = records[i].doc;
    }
    if (run->in_run.count(r.id)) continue;  // re-added in this very run
    run->doomed.emplace_back(doc, nullptr);
    run->batch.DeleteId(r.id);
    ++run->removed;
  }
  return Status::OK();
}

Status RunWriter::WriteStats(Run* run) {
  for (const auto& [doc, info] : run->doomed) SAGASU_RETURN_IF_ERROR(MarkDeleted(doc, info));
  stats_.next_doc = run->base + static_cast<DocNum>(run->docs.size());
  ++stats_.commits;
  run->batch.PutStats(stats_);
  run->batch.PutDeleted(deleted_);
  return Status::OK();
}

Status RunWriter::MarkDeleted(DocNum doc, const DocInfo* info) {
  if (deleted_.contains(doc)) return Status::OK();
  DocInfo read;
  if (!info) {
    SAGASU_RETURN_IF_ERROR(db_->FindDocInfo(doc, &read));
    info = &read;
  }
  deleted_.add(doc);
  if (stats_.live_docs > 0) --stats_.live_docs;
  for (std::size_t f = 0; f < format::kFieldCount; ++f) {
    stats_.total_len[f] -= std::min<std::uint64_t>(stats_.total_len[f], info->len[f]);
  }
  return Status::OK();
}

}  // namespace sagasu
