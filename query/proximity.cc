#include "query/proximity.h"

#include <algorithm>
#include <numeric>

namespace sagasu {

float PairProximity(const std::vector<Position>& a, const std::vector<Position>& b) {
  float sum = 0;
  std::size_t i = 0, j = 0;
  // Walk both lists in order; each step looks at the nearest occurrence of
  // the other term that precedes the current one.
  bool last_is_a = false;
  Position last = 0;
  bool have_last = false;
  while (i < a.size() || j < b.size()) {
    const bool take_a = j >= b.size() || (i < a.size() && a[i] <= b[j]);
    const Position p = take_a ? a[i++] : b[j++];
    if (have_last && last_is_a != take_a) {
      const Position d = p - last;
      if (d > 0 && d <= kProximityWindow) sum += 1.0f / static_cast<float>(d * d);
    }
    last = p;
    last_is_a = take_a;
    have_last = true;
  }
  return sum;
}

namespace {

// The proximity bonus of one document, given each term's positions in it
// (empty where the term is absent): every pair, weighted by the rarer
// term's idf and saturated like a term frequency.
float DocumentProximity(const std::vector<std::vector<Position>>& pos,
                        const std::vector<std::unique_ptr<TermCursor>>& cur, const RankingOptions& p) {
  float prox = 0;
  const std::size_t m = pos.size();
  for (std::size_t i = 0; i < m; ++i) {
    if (pos[i].empty()) continue;
    for (std::size_t j = i + 1; j < m; ++j) {
      if (pos[j].empty()) continue;
      const float tp = PairProximity(pos[i], pos[j]);
      if (tp > 0) prox += std::min(cur[i]->idf(), cur[j]->idf()) * tp * (p.k1 + 1.0f) / (tp + p.k1);
    }
  }
  return prox;
}

}  // namespace

Status AddProximity(const QueryPlan& plan, std::vector<Candidate>* cands) {
  const RankingOptions& p = plan.scorer().params();
  // Cursors move forward only: visit the candidates in DocNum order.
  std::vector<std::size_t> order(cands->size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return (*cands)[a].doc < (*cands)[b].doc; });
  std::vector<std::unique_ptr<TermCursor>> cur = plan.OpenScoringAll();
  std::vector<std::vector<Position>> pos(cur.size());
  for (std::size_t idx : order) {
    Candidate& c = (*cands)[idx];
    for (std::size_t i = 0; i < cur.size(); ++i) {
      cur[i]->NextGEQ(c.doc);
      if (cur[i]->doc() == c.doc) {
        pos[i].assign(cur[i]->positions_begin(), cur[i]->positions_end());
      } else {
        pos[i].clear();
      }
    }
    c.proximity = p.proximity_weight * DocumentProximity(pos, cur, p);
    c.score += c.proximity;
  }
  for (const auto& c : cur) SAGASU_RETURN_IF_ERROR(c->status());
  return Status::OK();
}

}  // namespace sagasu
