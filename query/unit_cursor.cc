#include "query/unit_cursor.h"

#include <algorithm>
#include <functional>

namespace sagasu {

UnitAnyPart::UnitAnyPart(const std::vector<std::shared_ptr<const TermRuns>>& runs, UnitMerge merge) {
  for (const auto& r : runs) {
    cursors_.push_back(std::make_unique<TermCursor>(r, 0.0f, nullptr));
    on_doc_.push_back(cursors_.size() - 1);  // NextGEQ(0) places them
  }
  windowed_ = cursors_.size() > merge.heap_cursors;
  if (windowed_) {
    on_doc_.clear();
    window_size_ = std::max<DocNum>(1, merge.window);
    window_.resize(window_size_);
  }
  NextGEQ(0);
}

bool UnitAnyPart::FillWindow(DocNum base) {
  for (;;) {
    std::fill(window_.begin(), window_.end(), format::FieldCounts{});
    window_base_ = base;
    window_filled_ = true;
    const DocNum end = base >= kNoDoc - window_size_ ? kNoDoc : base + window_size_;
    DocNum next = kNoDoc;  // the first document of any cursor past the window
    bool any = false;
    for (auto& c : cursors_) {
      c->NextGEQ(base);
      for (; c->doc() < end; c->Next()) {
        format::FieldCounts& slot = window_[c->doc() - base];
        for (std::size_t f = 0; f < format::kFieldCount; ++f) slot[f] += c->tf(static_cast<format::Field>(f));
        any = true;
      }
      next = std::min(next, c->doc());
    }
    if (any) return true;
    if (next == kNoDoc) return false;
    base = next - next % window_size_;
  }
}

void UnitAnyPart::Push(std::size_t i) {
  if (cursors_[i]->doc() == kNoDoc) return;
  heap_.emplace_back(cursors_[i]->doc(), i);
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

void UnitAnyPart::NextGEQ(DocNum target) {
  if (target <= doc_ && doc_ != kNoDoc) return;
  if (windowed_) {
    for (DocNum d = target;;) {
      if (!window_filled_ || d >= window_base_ + window_size_ || d < window_base_) {
        if (!FillWindow(d - d % window_size_)) {
          doc_ = kNoDoc;
          tf_ = {};
          return;
        }
        d = std::max(d, window_base_);
      }
      for (; d < window_base_ + window_size_; ++d) {
        const format::FieldCounts& slot = window_[d - window_base_];
        if ((slot[0] | slot[1] | slot[2]) != 0) {
          doc_ = d;
          tf_ = slot;
          return;
        }
      }
    }
  }
  for (std::size_t i : on_doc_) {
    cursors_[i]->NextGEQ(target);
    Push(i);
  }
  on_doc_.clear();
  while (!heap_.empty() && heap_.front().first < target) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const std::size_t i = heap_.back().second;
    heap_.pop_back();
    cursors_[i]->NextGEQ(target);
    Push(i);
  }
  tf_ = {};
  doc_ = heap_.empty() ? kNoDoc : heap_.front().first;
  while (!heap_.empty() && heap_.front().first == doc_) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const std::size_t i = heap_.back().second;
    heap_.pop_back();
    on_doc_.push_back(i);
    for (std::size_t f = 0; f < format::kFieldCount; ++f) tf_[f] += cursors_[i]->tf(static_cast<format::Field>(f));
  }
}

Status UnitAnyPart::status() const {
  for (const auto& c : cursors_) SAGASU_RETURN_IF_ERROR(c->status());
  return Status::OK();
}

UnitPhrase::UnitPhrase(const UnitRuns& runs) {
  for (const auto& s : runs.phrase) {
    steps.push_back(std::make_unique<TermCursor>(s.runs, 0.0f, nullptr));
    offsets.push_back(s.offset);
    if (s.pin) pins.push_back(steps.size() - 1);
  }
  if (pins.empty()) {  // none pinned: look every step up
    for (std::size_t i = 0; i < steps.size(); ++i) pins.push_back(i);
  }
  for (std::size_t i = 0; i < steps.size(); ++i) rarest_first.push_back(i);
  std::stable_sort(rarest_first.begin(), rarest_first.end(),
                   [&](std::size_t a, std::size_t b) { return steps[a]->df() < steps[b]->df(); });
}

std::size_t UnitPhrase::Anchor() const {
  std::size_t anchor = pins.front();
  std::uint64_t fewest = ~std::uint64_t{0};
  for (std::size_t i : pins) {
    const FieldCounts n = steps[i]->tf();
    const std::uint64_t total = std::uint64_t{n[0]} + n[1] + n[2];
    if (total < fewest) {
      fewest = total;
      anchor = i;
    }
  }
  return anchor;
}

bool UnitPhrase::OccursAt(std::size_t anchor, Position p, Position* start) {
  *start = p - offsets[anchor] + offsets[0];  // the first step's position
  for (std::size_t i : pins) {
    if (i == anchor) continue;
    if (!std::binary_search(steps[i]->positions_begin(), steps[i]->positions_end(), *start + offsets[i] - offsets[0])) {
      return false;
    }
  }
  return true;
}

bool UnitPhrase::Occurrences(format::FieldCounts* tf) {
  *tf = {};
  // Anchored on the step with the fewest positions here: each of its
  // positions is looked up in the others. An occurrence counts in the field
  // of its first step's position, as the title's positions come first.
  const std::size_t anchor = Anchor();
  const Position* b = steps[anchor]->positions_begin();
  const Position* e = steps[anchor]->positions_end();
  bool any = false;
  for (const Position* p = b; p != e; ++p) {
    Position start;
    if (!OccursAt(anchor, *p, &start)) continue;
    TermCursor& first = *steps[0];
    std::uint64_t index = std::lower_bound(first.positions_begin(), first.positions_end(), start) - first.positions_begin();
    std::size_t field = 0;
    while (field + 1 < format::kFieldCount && index >= first.tf(static_cast<format::Field>(field))) {
      index -= first.tf(static_cast<format::Field>(field++));
    }
    ++(*tf)[field];
    any = true;
  }
  return any;
}

bool UnitPhrase::Occurs() {
  const std::size_t anchor = Anchor();
  const Position* e = steps[anchor]->positions_end();
  for (const Position* p = steps[anchor]->positions_begin(); p != e; ++p) {
    Position start;
    if (OccursAt(anchor, *p, &start)) return true;
  }
  return false;
}

Status UnitPhrase::status() const {
  for (const auto& c : steps) SAGASU_RETURN_IF_ERROR(c->status());
  return Status::OK();
}

UnitCursor::UnitCursor(const UnitRuns& runs, UnitMerge merge)
    : phrase_(runs), grams_(runs.any_gram, merge), words_(runs.any_word, merge) {
  if (!phrase_.steps.empty()) PhraseGEQ(0);
  Settle();
}

void UnitCursor::NextGEQ(DocNum target) {
  if (doc_ == kNoDoc || target <= doc_) return;
  if (phrase_doc_ < target) PhraseGEQ(target);
  if (grams_.doc() < target) grams_.NextGEQ(target);
  if (words_.doc() < target) words_.NextGEQ(target);
  Settle();
}

// A document's count is the most of any part's (see the header comment).
static void MostOf(const format::FieldCounts& part, format::FieldCounts* tf) {
  for (std::size_t f = 0; f < format::kFieldCount; ++f) (*tf)[f] = std::max((*tf)[f], part[f]);
}

void UnitCursor::Settle() {
  doc_ = std::min({phrase_doc_, grams_.doc(), words_.doc()});
  tf_ = {};
  if (doc_ == kNoDoc) return;
  if (phrase_doc_ == doc_) MostOf(phrase_tf_, &tf_);
  if (grams_.doc() == doc_) MostOf(grams_.tf(), &tf_);
  if (words_.doc() == doc_) MostOf(words_.tf(), &tf_);
}

void UnitCursor::PhraseGEQ(DocNum target) {
  for (;;) {
    // Leapfrog: every step on one document >= target.
    DocNum d = target;
    bool aligned = false;
    while (!aligned) {
      aligned = true;
      for (std::size_t i : phrase_.rarest_first) {
        TermCursor* c = phrase_.steps[i].get();
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
    if (phrase_.Occurrences(&phrase_tf_)) {
      phrase_doc_ = d;
      return;
    }
    target = d + 1;
  }
}

Status UnitCursor::status() const {
  SAGASU_RETURN_IF_ERROR(phrase_.status());
  SAGASU_RETURN_IF_ERROR(grams_.status());
  return words_.status();
}

UnitProbe::UnitProbe(const UnitRuns& runs, UnitMerge merge)
    : phrase_(runs), grams_(runs.any_gram, merge), words_(runs.any_word, merge) {}

bool UnitProbe::PhraseOn(DocNum d) {
  // A step past d settles it, the rarest most often.
  for (std::size_t i : phrase_.rarest_first) {
    TermCursor* c = phrase_.steps[i].get();
    c->NextGEQ(d);
    if (c->doc() != d) return false;
  }
  return true;
}

const format::FieldCounts& UnitProbe::At(DocNum d) {
  tf_ = {};
  if (!phrase_.steps.empty()) {
    // Positions are read only when every step holds d.
    format::FieldCounts phrase_tf{};
    if (PhraseOn(d) && phrase_.Occurrences(&phrase_tf)) MostOf(phrase_tf, &tf_);
  }
  grams_.NextGEQ(d);
  if (grams_.doc() == d) MostOf(grams_.tf(), &tf_);
  words_.NextGEQ(d);
  if (words_.doc() == d) MostOf(words_.tf(), &tf_);
  return tf_;
}

bool UnitProbe::Matches(DocNum d, bool title_only) {
  if (title_only) return At(d)[format::kFieldTitle] > 0;
  grams_.NextGEQ(d);
  if (grams_.doc() == d) return true;
  words_.NextGEQ(d);
  if (words_.doc() == d) return true;
  return !phrase_.steps.empty() && PhraseOn(d) && phrase_.Occurs();
}

const format::FieldCounts& UnitProbe::Bound(DocNum d) {
  tf_ = {};
  if (!phrase_.steps.empty() && PhraseOn(d)) {
    std::uint32_t fewest = ~std::uint32_t{0};
    for (const auto& step : phrase_.steps) {
      const format::FieldCounts n = step->tf();
      fewest = std::min(fewest, n[0] + n[1] + n[2]);
    }
    const format::FieldCounts first = phrase_.steps[0]->tf();
    format::FieldCounts bound;
    for (std::size_t f = 0; f < format::kFieldCount; ++f) bound[f] = std::min(first[f], fewest);
    MostOf(bound, &tf_);
  }
  grams_.NextGEQ(d);
  if (grams_.doc() == d) MostOf(grams_.tf(), &tf_);
  words_.NextGEQ(d);
  if (words_.doc() == d) MostOf(words_.tf(), &tf_);
  return tf_;
}

Status UnitProbe::status() const {
  SAGASU_RETURN_IF_ERROR(phrase_.status());
  SAGASU_RETURN_IF_ERROR(grams_.status());
  return words_.status();
}

}  // namespace sagasu
