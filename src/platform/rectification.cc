#include "platform/rectification.h"

#include <algorithm>

#include "platform/errors.h"
#include "platform/internal.h"

namespace govscore::platform {

namespace {

bool Mentions(const std::vector<std::string>& list, const std::string& url) {
  return std::find(list.begin(), list.end(), url) != list.end();
}

// Leaves naming `url` among their evidence or charged findings.
void Charge(const std::vector<scoring::IndicatorScore>& nodes, const std::string& url,
            RectificationItem& item) {
  for (const scoring::IndicatorScore& s : nodes) {
    if (s.children.empty()) {
      if (Mentions(s.charged, url) || Mentions(s.evidence, url)) {
        item.indicators.push_back(s.id + " " + s.name);
        item.points_lost += s.lost;
      }
    } else {
      Charge(s.children, url, item);
    }
  }
}

int Order(store::FindingState s) {
  switch (s) {
    case store::FindingState::kReopened:
      return 0;
    case store::FindingState::kOpen:
      return 1;
    case store::FindingState::kFixedClaimed:
      return 2;
    case store::FindingState::kConfirmedFixed:
      return 3;
  }
  return 4;
}

}  // namespace

std::vector<RectificationItem> RectificationList(store::Store& store, store::Id unit_id,
                                                 const scoring::ScoreSheet* sheet, bool open_only) {
  const store::Unit unit = internal::RequireUnit(store, unit_id);
  const scoring::UnitScore* score = nullptr;
  if (sheet)
    for (const scoring::UnitScore& u : sheet->units)
      if (u.unit.id == unit.code) score = &u;
  std::vector<RectificationItem> out;
  for (store::Finding& f : store.ListFindings(unit_id)) {
    if (open_only && f.state == store::FindingState::kConfirmedFixed) continue;
    RectificationItem item;
    if (score && !f.url.empty()) Charge(score->indicators, f.url, item);
    item.finding = std::move(f);
    out.push_back(std::move(item));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RectificationItem& a, const RectificationItem& b) {
                     if (Order(a.finding.state) != Order(b.finding.state))
                       return Order(a.finding.state) < Order(b.finding.state);
                     return a.finding.first_seen_at < b.finding.first_seen_at;
                   });
  return out;
}

void ClaimFindingFixed(store::Store& store, const store::Actor& actor, store::Id finding_id,
                       const std::string& note, std::optional<store::Id> unit_id) {
  auto f = store.FindFinding(finding_id);
  const std::string where = "finding " + std::to_string(finding_id);
  if (!f || (unit_id && f->unit_id != *unit_id)) throw NotFound("没有这个问题", where);
  if (internal::Trim(note).empty())
    throw InvalidInput("say what was done to fix it (整改说明)", where);
  if (note.size() > 5000) throw InvalidInput("整改说明超过 5000 字节", where);
  if (f->state != store::FindingState::kOpen && f->state != store::FindingState::kReopened)
    throw Conflict(std::string("only an open or reopened finding can be claimed fixed; it is ") +
                       ToString(f->state),
                   where);
  store.ClaimFindingFixed(actor, finding_id, internal::Trim(note));
}

std::vector<store::FindingTransition> FindingHistory(store::Store& store, store::Id finding_id) {
  if (!store.FindFinding(finding_id))
    throw NotFound("没有这个问题", "finding " + std::to_string(finding_id));
  return store.FindingHistory(finding_id);
}

}  // namespace govscore::platform
