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
  auto p = l->second.find(record.path);
  if (p == l->second.end()) return StoredChange::kFileMissing;
  if (!p->second.empty() && p->second != id) return StoredChange::kIdChanged;
  return StoredChange::kKept;
}

void ChangeSet::AddRoot(const std::string& root) {
  std::lock_guard lock(mu_);
  listing_.listed[root];
}

void ChangeSet::AddListed(const std::string& root, const std::string& path) {
  if (root.empty() || path.empty()) return;
  std::lock_guard lock(mu_);
  auto& paths = listing_.listed[root];
  if (!paths.count(path)) paths.emplace(arena_.Copy(path), std::string_view());
}

bool ChangeSet::Claim(const std::string& id, const IdClaim& claim, const std::string& root, const std::string& path,
                      std::string* duplicate) {
  duplicate->clear();
  std::lock_guard lock(mu_);
  auto it = holders_.find(id);
  const bool first = it == holders_.end();
  if (first) it = holders_.emplace(arena_.Copy(id), Holder{claim.seq, arena_.Copy(claim.origin), false}).first;
  if (!root.empty()) {
    // Only a listed path can be classified (ClassifyStored): one not listed
    // needs no record of what it produced.
    if (auto l = listing_.listed.find(root); l != listing_.listed.end()) {
      if (auto p = l->second.find(path); p != l->second.end()) p->second = it->first;
    }
  }
  if (first) return true;
  Holder& holder = it->second;
  DuplicateVerdict v = ResolveDuplicate(id, IdClaim{holder.seq, std::string(holder.origin)}, claim);
  *duplicate = std::move(v.message);
  holder.contested = true;
  if (v.incoming_wins) {
    holder.seq = claim.seq;
    holder.origin = arena_.Copy(claim.origin);
  }
  return v.incoming_wins;
}

bool ChangeSet::Superseded(std::string_view id, std::uint64_t seq) const {
  std::lock_guard lock(mu_);
  auto it = holders_.find(id);
  return it != holders_.end() && it->second.seq != seq;
}

bool ChangeSet::Contested(std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = holders_.find(id);
  return it != holders_.end() && it->second.contested;
}

bool ChangeSet::has_roots() const {
  std::lock_guard lock(mu_);
  return !listing_.listed.empty();
}

bool ChangeSet::Produced(std::string_view id) const {
  std::lock_guard lock(mu_);
  return holders_.count(id) > 0;
}

std::string ChangeSet::ClaimUrl(const std::string& url, const std::string& origin) {
  std::lock_guard lock(mu_);
  if (auto it = urls_.find(url); it != urls_.end()) return std::string(it->second);
  urls_.emplace(arena_.Copy(url), arena_.Copy(origin));
  return std::string();
}

void ChangeSet::Withdraw(const std::string& id) {
  std::lock_guard lock(mu_);
  if (!withdrawn_.count(id)) withdrawn_.insert(arena_.Copy(id));
}

bool ChangeSet::Withdrawn(std::string_view id) const {
  std::lock_guard lock(mu_);
  return withdrawn_.count(id) > 0;
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
