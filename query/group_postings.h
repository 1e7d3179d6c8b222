// GroupPostings: the postings of a synonym group (query/synonyms.h) as ONE
// term's, so that BM25F and every stage after the plan (retrieval,
// required and excluded clauses, phrases, proximity, explain) treat the
// group as one term without knowing about synonyms.
#pragma once

#include <memory>
#include <vector>

#include "common/status.h"
#include "query/query_parser.h"
#include "query/term_cursor.h"
#include "storage/snapshot.h"

namespace sagasu {

// Reads the postings of every form of `forms` (word stream) and merges them
// into one in-memory run over the live documents: a document is in it when
// any form occurs in it (a form of several terms: as a phrase, at its
// terms' relative positions), and its positions in each field are the
// distinct positions where a form begins. So its tf counts an occurrence
// once whichever forms match there, and its df is the number of documents
// any form is in. When only one form occurs in the index and it is one
// term, that term's own runs are returned as they are (no merge). When
// every form is one term, the merged run holds documents and counts only
// and its TermRun names the forms as its PositionSource: a cursor asking
// for a document's positions gets the same merged positions, looked up
// then (building them for every document cost a query on a common word
// with synonyms a third of its time).
// Errors are those of reading postings (Corruption, IOError).
Status GroupPostings(const Snapshot& snapshot, const std::vector<TermSequence>& forms,
                     std::shared_ptr<const TermRuns>* out, const std::shared_ptr<PostingsScan>& scan = nullptr);

}  // namespace sagasu
