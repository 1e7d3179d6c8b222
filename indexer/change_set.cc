#include "indexer/change_set.h"

#include <xxhash.h>

namespace sagasu {

std::uint64_t ContentHash(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

InputChange ClassifyInput(const IdRecord* current, std::uint64_t hash, std::string_view root, std::string_view path) {
  if (!current) return InputChange::kAdded;
  if (current->content_hash == hash && current->root == root && current->path == path) return InputChange::kUnchanged;
  return InputChange::kReplaced;
}

DuplicateVerdict ResolveDuplicate(std::string_view id, const IdClaim& holder, const IdClaim& incoming) {
  DuplicateVerdict v;
  v.incoming_wins = incoming.seq > holder.seq;
  const std::string& loser = v.incoming_wins ? holder.origin : incoming.origin;
  const std::string& keeper = v.incoming_wins ? incoming.origin : holder.origin;
  v.message = loser + ": duplicate id '" + std::string(id) + "' (also in " + keeper + ", which is kept)";
  return v;
}

StoredChange ClassifyStored(std::string_view id, const IdRecord& record, const DirectoryListing& listing) {
  auto l = listing.listed.find(record.root);
  if (l == listing.listed.end()) return StoredChange::kKept;
  if (!l->second.count(record.path)) return StoredChange::kFileMissing;
  auto p = listing.produced.find({record.root, record.path});
  if (p != listing.produced.end() && p->second != id) return StoredChange::kIdChanged;
  return StoredChange::kKept;
}

void ChangeSet::AddRoot(const std::string& root) {
  std::lock_guard lock(mu_);
  listing_.listed[root];
}

void ChangeSet::AddListed(const std::string& root, const std::string& path) {
  if (root.empty() || path.empty()) return;
  std::lock_guard lock(mu_);
  listing_.listed[root].insert(path);
}

bool ChangeSet::Claim(const std::string& id, const IdClaim& claim, const std::string& root, const std::string& path,
                      std::string* duplicate) {
  duplicate->clear();
  std::lock_guard lock(mu_);
  if (!root.empty()) listing_.produced[{root, path}] = id;
  auto [it, inserted] = holders_.try_emplace(id, Holder{claim, false});
  if (inserted) return true;
  DuplicateVerdict v = ResolveDuplicate(id, it->second.claim, claim);
  *duplicate = std::move(v.message);
  it->second.contested = true;
  if (v.incoming_wins) it->second.claim = claim;
  return v.incoming_wins;
}

bool ChangeSet::Superseded(std::string_view id, std::uint64_t seq) const {
  std::lock_guard lock(mu_);
  auto it = holders_.find(std::string(id));
  return it != holders_.end() && it->second.claim.seq != seq;
}

bool ChangeSet::Contested(std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = holders_.find(std::string(id));
  return it != holders_.end() && it->second.contested;
}

bool ChangeSet::has_roots() const {
  std::lock_guard lock(mu_);
  return !listing_.listed.empty();
}

bool ChangeSet::Produced(std::string_view id) const {
  std::lock_guard lock(mu_);
  return holders_.count(std::string(id)) > 0;
}

std::string ChangeSet::ClaimUrl(const std::string& url, const std::string& origin) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = urls_.try_emplace(url, origin);
  return inserted ? std::string() : it->second;
}

void ChangeSet::Withdraw(const std::string& id) {
  std::lock_guard lock(mu_);
  withdrawn_.insert(id);
}

bool ChangeSet::Withdrawn(std::string_view id) const {
  std::lock_guard lock(mu_);
  return withdrawn_.count(std::string(id)) > 0;
}

bool ChangeSet::has_withdrawn() const {
  std::lock_guard lock(mu_);
  return !withdrawn_.empty();
}

StoredChange ChangeSet::Classify(std::string_view id, const IdRecord& record) const {
  std::lock_guard lock(mu_);
  return ClassifyStored(id, record, listing_);
}

}  // namespace sagasu
