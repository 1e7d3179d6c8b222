// Top-k retrieval by MaxScore (Turtle & Flood 1995) with block-max checks
// (Ding & Suel 2011; Chakrabarti et al. 2011). Cursors are kept in
// ascending order of their score bound; the shortest prefix whose bounds
// sum to at most the k-th best score is "non-essential": a document found
// only there cannot enter the top k, so candidates come from the essential
// cursors alone and non-essential ones are probed only while the document
// can still make it.
//
// A document's score is summed in query-term order, as the exhaustive
// scorer does: float addition is not associative, and an order that
// followed the pruning state would give exact copies of a document
// different last bits, breaking the DocNum tie-break. term_of_[i] is the
// query-term index of cursors_[i]; contrib_ holds the current document's
// term scores by that index (absent terms 0, which adds exactly).
#include <algorithm>

#include "query/collector.h"
#include "query/retrieval.h"

namespace sagasu {

namespace {

class MaxScore {
 public:
  MaxScore(const QueryPlan& plan, std::size_t k) : plan_(plan), matcher_(plan), top_(k) { OrderByBound(); }

  Status Run(std::vector<Candidate>* out) {
    while (first_essential_ < m_) {
      const DocNum d = NextEssential();
      if (d == kNoDoc) break;
      if (top_.full()) {
        const SkipResult skip = SkipBlocks(d);
        if (skip == SkipResult::kEnd) break;
        if (skip == SkipResult::kSkipped) continue;
      }
      Score(d);
    }
    *out = top_.Take();
    for (const auto& c : cursors_) SAGASU_RETURN_IF_ERROR(c->status());
    return matcher_.status();
  }

 private:
  enum class SkipResult { kNone, kSkipped, kEnd };

  void OrderByBound() {
    std::vector<std::unique_ptr<TermCursor>> cursors = plan_.OpenScoringAll();
    m_ = cursors.size();
    term_of_.resize(m_);
    for (std::size_t i = 0; i < m_; ++i) term_of_[i] = i;
    std::stable_sort(term_of_.begin(), term_of_.end(),
                     [&](std::size_t a, std::size_t b) { return cursors[a]->max_score() < cursors[b]->max_score(); });
    for (std::size_t t : term_of_) cursors_.push_back(std::move(cursors[t]));
    contrib_.resize(m_);
    prefix_.resize(m_);
    float sum = 0;
    for (std::size_t i = 0; i < m_; ++i) prefix_[i] = (sum += cursors_[i]->max_score());
  }

  DocNum NextEssential() const {
    DocNum d = kNoDoc;
    for (std::size_t i = first_essential_; i < m_; ++i) d = std::min(d, cursors_[i]->doc());
    return d;
  }

  // Block skipping on the essential lists: every document from d up to the
  // first end of their current blocks scores at most the blocks' maxima
  // plus the non-essential bounds; if that cannot beat the k-th score, jump
  // past those blocks without decoding a document.
  SkipResult SkipBlocks(DocNum d) {
    float ub = first_essential_ > 0 ? prefix_[first_essential_ - 1] : 0.0f;
    DocNum until = kNoDoc;
    for (std::size_t i = first_essential_; i < m_; ++i) {
      DocNum last;
      ub += cursors_[i]->ShallowBound(d, &last);
      until = std::min(until, last);
    }
    if (ub > theta_) return SkipResult::kNone;
    if (until == kNoDoc) return SkipResult::kEnd;
    for (std::size_t i = first_essential_; i < m_; ++i) cursors_[i]->NextGEQ(until + 1);
    return SkipResult::kSkipped;
  }

  // Scores d from the essential cursors (advancing them past d), then probes
  // the non-essential ones while d can still enter the top k.
  void Score(DocNum d) {
    const bool pass = plan_.PassesFilters(d);
    float score = 0;
    std::fill(contrib_.begin(), contrib_.end(), 0.0f);
    for (std::size_t i = first_essential_; i < m_; ++i) {
      if (cursors_[i]->doc() == d) {
        if (pass) score += (contrib_[term_of_[i]] = plan_.ScoreAt(*cursors_[i], d));
        cursors_[i]->Next();
      }
    }
    if (!pass) return;
    // Block-max check: the non-essential terms can add at most the maxima
    // of their blocks that would hold d; if even that cannot lift d into
    // the top k, skip d without decoding those blocks.
    if (first_essential_ > 0 && top_.full()) {
      float bound = score;
      for (std::size_t i = 0; i < first_essential_; ++i) bound += cursors_[i]->ShallowBound(d);
      if (bound <= theta_) return;
    }
    for (std::size_t i = first_essential_; i-- > 0;) {
      if (score + prefix_[i] <= theta_) return;
      cursors_[i]->NextGEQ(d);
      if (cursors_[i]->doc() == d) score += (contrib_[term_of_[i]] = plan_.ScoreAt(*cursors_[i], d));
    }
    score = 0;
    for (float c : contrib_) score += c;
    if (top_.full() && score <= theta_) return;
    if (!matcher_.Accept(d)) return;
    Collect({score, d});
  }

  // Keeps d and, once k are kept, raises the score to beat and drops the
  // cursors that can no longer make a document on their own.
  void Collect(const Candidate& c) {
    top_.Push(c);
    if (!top_.full()) return;
    theta_ = top_.threshold();
    while (first_essential_ < m_ && prefix_[first_essential_] <= theta_) ++first_essential_;
  }

  const QueryPlan& plan_;
  Matcher matcher_;
  TopK top_;
  std::size_t m_ = 0;
  std::vector<std::unique_ptr<TermCursor>> cursors_;  // ascending max_score
  std::vector<std::size_t> term_of_;
  std::vector<float> contrib_;
  std::vector<float> prefix_;  // prefix_[i]: sum of the bounds of cursors 0..i
  float theta_ = -1.0f;        // k-th best score once TopK is full
  std::size_t first_essential_ = 0;
};

}  // namespace

Status RetrieveMaxScore(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out) {
  // With k == 0 there is nothing to rank (and no k-th score to beat).
  if (k == 0 || plan.terms().empty()) return Status::OK();
  return MaxScore(plan, k).Run(out);
}

Status RetrieveTopK(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out) {
  // Units alone (a kana query): the first tier is empty, the second keeps its own top k.
  if (plan.terms().empty()) {
    out->clear();
    return Status::OK();
  }
  if (IsConjunctive(plan)) return RetrieveConjunctive(plan, k, out);
  return RetrieveMaxScore(plan, k, out);
}

}  // namespace sagasu
