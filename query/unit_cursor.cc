#include "query/unit_cursor.h"

#include <algorithm>

namespace sagasu {

namespace {

std::vector<std::unique_ptr<TermCursor>> Open(const std::vector<std::shared_ptr<const TermRuns>>& runs) {
  std::vector<std::unique_ptr<TermCursor>> out;
  for (const auto& r : runs) out.push_back(std::make_unique<TermCursor>(r, 0.0f, nullptr));
  return out;
}

}  // namespace

UnitCursor::UnitCursor(const UnitRuns& runs) : grams_(Open(runs.any_gram)), words_(Open(runs.any_word)) {
  for (const auto& s : runs.phrase) {
    steps_.push_back(std::make_unique<TermCursor>(s.runs, 0.0f, nullptr));
    offsets_.push_back(s.offset);
  }
  if (!steps_.empty()) PhraseGEQ(0);
  AnyGEQ(grams_, 0, &grams_doc_, &grams_tf_);
  AnyGEQ(words_, 0, &words_doc_, &words_tf_);
  Settle();
}

void UnitCursor::NextGEQ(DocNum target) {
  if (doc_ == kNoDoc || target <= doc_) return;
  if (phrase_doc_ < target) PhraseGEQ(target);
  if (grams_doc_ < target) AnyGEQ(grams_, target, &grams_doc_, &grams_tf_);
  if (words_doc_ < target) AnyGEQ(words_, target, &words_doc_, &words_tf_);
  Settle();
}

void UnitCursor::Settle() {
  doc_ = std::min({phrase_doc_, grams_doc_, words_doc_});
  tf_ = {};
  if (doc_ == kNoDoc) return;
  for (std::size_t f = 0; f < format::kFieldCount; ++f) {
    std::uint32_t n = 0;
    if (phrase_doc_ == doc_) n = std::max(n, phrase_tf_[f]);
    if (grams_doc_ == doc_) n = std::max(n, grams_tf_[f]);
    if (words_doc_ == doc_) n = std::max(n, words_tf_[f]);
    tf_[f] = n;
  }
}

void UnitCursor::PhraseGEQ(DocNum target) {
  for (;;) {
    // Leapfrog: every step on one document >= target.
    DocNum d = target;
    bool aligned = false;
    while (!aligned) {
      aligned = true;
      for (auto& c : steps_) {
        c->NextGEQ(d);
        if (c->doc() == kNoDoc) {
          phrase_doc_ = kNoDoc;
          return;
        }
        if (c->doc() != d) {
          d = c->doc();
          aligned = false;
        }
      }
    }
    if (PhraseOccurrences(&phrase_tf_)) {
      phrase_doc_ = d;
      return;
    }
    target = d + 1;
  }
}

bool UnitCursor::PhraseOccurrences(format::FieldCounts* tf) {
  *tf = {};
  TermCursor& first = *steps_[0];
  const Position* b = first.positions_begin();
  const Position* e = first.positions_end();
  // Positions run field by field: the first tf(title) are the title's.
  std::size_t field = 0;
  std::uint32_t left = first.tf(format::kFieldTitle);
  bool any = false;
  for (const Position* p = b; p != e; ++p) {
    while (left == 0 && field + 1 < format::kFieldCount) left = first.tf(static_cast<format::Field>(++field));
    --left;
    bool all = true;
    for (std::size_t i = 1; i < steps_.size() && all; ++i) {
      const Position want = *p + offsets_[i] - offsets_[0];
      all = std::binary_search(steps_[i]->positions_begin(), steps_[i]->positions_end(), want);
    }
    if (all) {
      ++(*tf)[field];
      any = true;
    }
  }
  return any;
}

void UnitCursor::AnyGEQ(std::vector<std::unique_ptr<TermCursor>>& cursors, DocNum target, DocNum* doc,
                        format::FieldCounts* tf) {
  *doc = kNoDoc;
  for (auto& c : cursors) {
    c->NextGEQ(target);
    *doc = std::min(*doc, c->doc());
  }
  *tf = {};
  if (*doc == kNoDoc) return;
  for (auto& c : cursors) {
    if (c->doc() != *doc) continue;
    for (std::size_t f = 0; f < format::kFieldCount; ++f) (*tf)[f] += c->tf(static_cast<format::Field>(f));
  }
}

Status UnitCursor::status() const {
  for (const auto* part : {&steps_, &grams_, &words_}) {
    for (const auto& c : *part) SAGASU_RETURN_IF_ERROR(c->status());
  }
  return Status::OK();
}

}  // namespace sagasu
