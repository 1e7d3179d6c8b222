// MatchSpecFor: what one hit matched in one field, from the query plan, for
// the highlights (query/highlight.h). The one place that decides what is
// marked: the prefix and n-gram matches fill MatchSpec::prefixes and
// MatchSpec::sequences here.
#pragma once

#include "query/candidate.h"
#include "query/highlight.h"
#include "query/plan.h"
#include "storage/format.h"

namespace sagasu {

// Today: the plan's scoring terms (QueryPlan::term_texts) in every field,
// except in a field other than the title the terms that only a title:
// clause asked for (title:京都 matches 京都 in the title; the 京都 of the
// body did not match, so it is not marked). `c` is the hit.
MatchSpec MatchSpecFor(const QueryPlan& plan, const Candidate& c, format::Field field);

}  // namespace sagasu
