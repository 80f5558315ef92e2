// Findings (问题) over time: first seen, last seen, and the rectification states
// open → fixed_claimed (webmaster) → confirmed_fixed (next scan no longer sees
// it) or reopened (next scan sees it again).
#include <map>
#include <set>

#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kFindingCols =
    "SELECT id, unit_id, finding_key, kind, url, detail, state, first_seen_scan_id, "
    "last_seen_scan_id, first_seen_at, last_seen_at FROM findings ";

Finding LoadFinding(const Row& r) {
  return {
      r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), ParseFindingState(r.Text(6)),
      r.Int(7), r.Int(8), r.Int(9),  r.Int(10)};
}

}  // namespace

void SqlStore::AddTransition(Id finding_id, std::optional<FindingState> from, FindingState to,
                             std::optional<Id> scan_id, const std::string& actor,
                             const std::string& note, Millis at) {
  db_->Query(
      "INSERT INTO finding_transitions (finding_id, from_state, to_state, scan_id, actor, note, "
      "at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {finding_id, from ? ToString(*from) : "", ToString(to), scan_id, actor, note, at});
}

FindingsUpdate SqlStore::RecordScanFindings(const Actor& actor, Id scan_id,
                                            const std::vector<ObservedFinding>& seen) {
  const std::string where = "scan " + std::to_string(scan_id);
  for (const auto& f : seen) {
    Require(!f.key.empty(), "finding without key", where);
    Require(!f.kind.empty(), "finding without kind", where + " finding " + f.key);
  }
  Transaction tx(*db_);
  Rows scan = db_->Query("SELECT unit_id, site_url FROM scans WHERE id = ?", {scan_id});
  Require(!scan.empty(), "no scan with id " + std::to_string(scan_id), "scan");
  const Id unit_id = scan[0].Int(0);
  const std::string site = scan[0].Text(1);
  const Millis now = Now();

  struct Known {
    Id id;
    FindingState state;
    bool same_site;  // last seen by a scan of this scan's website
  };
  std::map<std::string, Known> known;
  for (const Row& r : db_->Query("SELECT f.id, f.finding_key, f.state, s.site_url FROM findings f "
                                 "JOIN scans s ON s.id = f.last_seen_scan_id WHERE f.unit_id = ?",
                                 {unit_id}))
    known.emplace(r.Text(1), Known{r.Int(0), ParseFindingState(r.Text(2)), r.Text(3) == site});

  FindingsUpdate update;
  std::set<std::string> seen_keys;
  for (const ObservedFinding& f : seen) {
    if (!seen_keys.insert(f.key).second) continue;  // reported twice: once is enough
    auto it = known.find(f.key);
    if (it == known.end()) {
      Id id = InsertReturningId(
          "INSERT INTO findings (unit_id, finding_key, kind, url, detail, state, "
          "first_seen_scan_id, last_seen_scan_id, first_seen_at, last_seen_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)",
          {unit_id, f.key, f.kind, f.url, f.detail, scan_id, scan_id, now, now, now});
      AddTransition(id, std::nullopt, FindingState::kOpen, scan_id, actor.name, "", now);
      ++update.opened;
      continue;
    }
    FindingState next = it->second.state;
    if (next == FindingState::kFixedClaimed || next == FindingState::kConfirmedFixed) {
      next = FindingState::kReopened;
      AddTransition(it->second.id, it->second.state, next, scan_id, actor.name, "", now);
      ++update.reopened;
    } else {
      ++update.still_open;
    }
    db_->Query(
        "UPDATE findings SET kind = ?, url = ?, detail = ?, state = ?, last_seen_scan_id = ?, "
        "last_seen_at = ?, updated_at = ? WHERE id = ?",
        {f.kind, f.url, f.detail, ToString(next), scan_id, now, now, it->second.id});
  }
  for (const auto& [key, k] : known) {
    // Only this website's findings: a unit's other websites are not looked at.
    if (seen_keys.count(key) || k.state == FindingState::kConfirmedFixed || !k.same_site) continue;
    db_->Query("UPDATE findings SET state = 'confirmed_fixed', updated_at = ? WHERE id = ?",
               {now, k.id});
    AddTransition(k.id, k.state, FindingState::kConfirmedFixed, scan_id, actor.name, "", now);
    ++update.confirmed_fixed;
  }
  Audit(actor, "findings.record", "scan", scan_id, nullptr,
        {{"unit_id", unit_id},
         {"seen", seen_keys.size()},
         {"opened", update.opened},
         {"still_open", update.still_open},
         {"reopened", update.reopened},
         {"confirmed_fixed", update.confirmed_fixed}});
  tx.Commit();
  return update;
}

void SqlStore::ClaimFindingFixed(const Actor& actor, Id finding_id, const std::string& note) {
  Transaction tx(*db_);
  Rows r = db_->Query("SELECT state FROM findings WHERE id = ?", {finding_id});
  const std::string where = "finding " + std::to_string(finding_id);
  Require(!r.empty(), "no such finding", where);
  const FindingState before = ParseFindingState(r[0].Text(0));
  Require(before == FindingState::kOpen || before == FindingState::kReopened,
          std::string("a fix can be claimed only for an open or reopened finding (it is ") +
              ToString(before) + ")",
          where);
  const Millis now = Now();
  db_->Query("UPDATE findings SET state = 'fixed_claimed', updated_at = ? WHERE id = ?",
             {now, finding_id});
  AddTransition(finding_id, before, FindingState::kFixedClaimed, std::nullopt, actor.name, note,
                now);
  Audit(actor, "finding.claim_fixed", "finding", finding_id, {{"state", ToString(before)}},
        {{"state", "fixed_claimed"}, {"note", note}});
  tx.Commit();
}

std::optional<Finding> SqlStore::FindFinding(Id id) {
  Rows r = db_->Query(std::string(kFindingCols) + "WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return LoadFinding(r[0]);
}

std::vector<Finding> SqlStore::ListFindings(Id unit_id) {
  std::vector<Finding> out;
  for (const Row& r :
       db_->Query(std::string(kFindingCols) + "WHERE unit_id = ? ORDER BY id", {unit_id}))
    out.push_back(LoadFinding(r));
  return out;
}

std::vector<FindingTransition> SqlStore::FindingHistory(Id finding_id) {
  std::vector<FindingTransition> out;
  for (const Row& r :
       db_->Query("SELECT from_state, to_state, scan_id, actor, note, at FROM finding_transitions "
                  "WHERE finding_id = ? ORDER BY id",
                  {finding_id})) {
    FindingTransition t;
    if (!r.Text(0).empty()) t.from = ParseFindingState(r.Text(0));
    t.to = ParseFindingState(r.Text(1));
    t.scan_id = r.OptInt(2);
    t.actor = r.Text(3);
    t.note = r.Text(4);
    t.at = r.Int(5);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace govscore::store
