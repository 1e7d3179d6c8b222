// MatchSpecFor: what one hit matched in one field, from the query plan, for
// the highlights (query/highlight.h). The one place that decides what is
// marked: the prefix and n-gram matches fill MatchSpec::prefixes and
// MatchSpec::sequences here.
#pragma once

#include <string_view>

#include "common/status.h"
#include "query/candidate.h"
#include "query/highlight.h"
#include "query/plan.h"
#include "storage/format.h"

namespace sagasu {

// A whole-word hit (tier 0): the plan's scoring terms in every field, except
// in a field other than the title the terms that only a title: clause asked
// for (title:京都 matches 京都 in the title; the 京都 of the body did not
// match, so it is not marked), and the units of required clauses. A hit of
// the second tier (retrieval/fallback.cc): its units only, the sequences,
// the readings and the words a prefix expanded to. `c` is the hit.
MatchSpec MatchSpecFor(const QueryPlan& plan, const Candidate& c, format::Field field);

// Fills spec->token_counts (query/highlight.h) for the terms of a whole-word
// hit `c`: each term's tf in `field` from its postings, less its
// occurrences in `beside`, the part of the field that is not highlighted
// (the excerpt indexed in the body field beside the body). So the
// highlighter can settle those terms without the analyzer. A tier-1 hit's
// terms (a prefix's words) are left unknown.
Status CountTokens(const QueryPlan& plan, const Candidate& c, format::Field field, std::string_view beside,
                   MatchSpec* spec);

}  // namespace sagasu
