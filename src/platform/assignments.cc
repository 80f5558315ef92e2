#include "platform/assignments.h"

#include <algorithm>

#include "platform/errors.h"
#include "platform/frameworks.h"
#include "platform/internal.h"

namespace govscore::platform {

namespace {

void AddSubtree(const framework::Indicator& ind, std::set<std::string>& out) {
  out.insert(ind.id);
  for (const framework::Indicator& c : ind.children) AddSubtree(c, out);
}

std::vector<std::string> AssignedIndicators(store::Store& store, store::Id campaign_id,
                                            store::Id user_id) {
  for (const store::ReviewerIndicators& r : store.ListReviewerIndicators(campaign_id))
    if (r.user_id == user_id) return r.indicator_ids;
  return {};
}

}  // namespace

std::set<std::string> WithDescendants(const framework::Framework& fw,
                                      const std::vector<std::string>& ids) {
  std::set<std::string> out;
  for (const std::string& id : ids)
    if (const framework::Indicator* ind = fw.Find(id)) AddSubtree(*ind, out);
  return out;
}

JudgeScope ScopeFor(store::Store& store, const store::Actor& actor, store::Id campaign_id) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  JudgeScope scope;
  if (!actor.user_id) return scope;
  auto user = store.FindUser(*actor.user_id);
  if (!user || user->disabled) throw Forbidden("用户不存在或已停用", actor.name);
  switch (user->role) {
    case store::Role::kAdmin:
    case store::Role::kOrganiser:
      return scope;
    case store::Role::kWebmaster:
      throw Forbidden("单位网站管理员不能进行人工评分", actor.name);
    case store::Role::kReviewer:
      break;
  }
  scope.all_units = false;
  scope.units.insert(user->unit_ids.begin(), user->unit_ids.end());
  const std::vector<std::string> assigned = AssignedIndicators(store, campaign_id, user->id);
  if (!assigned.empty())
    scope.indicators =
        WithDescendants(LoadFrameworkVersion(store, c.framework_version_id), assigned);
  return scope;
}

void RequireMayJudge(store::Store& store, const store::Actor& actor,
                     const store::JudgmentKey& key) {
  const JudgeScope scope = ScopeFor(store, actor, key.campaign_id);
  if (!scope.AllowsUnit(key.unit_id))
    throw Forbidden("该评估对象未分配给您评分", "unit " + std::to_string(key.unit_id));
  if (!scope.Allows(key.unit_id, key.indicator_id))
    throw Forbidden("该指标未分配给您评分", "indicator " + key.indicator_id);
}

std::vector<ReviewerAssignment> CampaignReviewers(store::Store& store, store::Id campaign_id) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  const std::vector<store::ReviewerIndicators> assigned = store.ListReviewerIndicators(c.id);
  std::vector<ReviewerAssignment> out;
  for (const store::User& u : store.ListUsers()) {
    if (u.role != store::Role::kReviewer || u.disabled) continue;
    ReviewerAssignment a;
    a.user = u;
    for (store::Id id : u.unit_ids)
      if (std::binary_search(c.unit_ids.begin(), c.unit_ids.end(), id)) a.unit_ids.push_back(id);
    for (const auto& r : assigned)
      if (r.user_id == u.id) a.indicator_ids = r.indicator_ids;
    out.push_back(std::move(a));
  }
  return out;
}

ReviewerAssignment AssignReviewer(store::Store& store, const store::Actor& actor,
                                  store::Id campaign_id, store::Id user_id,
                                  const std::optional<std::vector<store::Id>>& unit_ids,
                                  const std::vector<std::string>& indicator_ids) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  const framework::Framework fw = LoadFrameworkVersion(store, c.framework_version_id);
  for (const std::string& id : indicator_ids)
    if (!fw.Find(id)) throw InvalidInput("指标体系中没有这个指标", "indicator " + id);
  // The units and the indicators change together or not at all: a reviewer
  // must never hold new units under old indicator limits (or the reverse).
  store.InTransaction([&] {
    auto user = store.FindUser(user_id);
    if (!user) throw NotFound("没有这个用户", "user " + std::to_string(user_id));
    if (user->role != store::Role::kReviewer)
      throw InvalidInput("只能给评审人员分配评分任务", user->username);
    if (unit_ids) {
      for (store::Id id : *unit_ids)
        if (!std::binary_search(c.unit_ids.begin(), c.unit_ids.end(), id))
          throw InvalidInput("该评估任务不包含这个评估对象", "unit " + std::to_string(id));
      std::set<store::Id> units;
      for (store::Id id : user->unit_ids)
        if (!std::binary_search(c.unit_ids.begin(), c.unit_ids.end(), id)) units.insert(id);
      units.insert(unit_ids->begin(), unit_ids->end());
      const std::vector<store::Id> next(units.begin(), units.end());
      if (next != user->unit_ids)
        store.UpdateUser(actor, user->id, user->display_name, user->role, next);
    }
    store.SetReviewerIndicators(actor, c.id, user->id, indicator_ids);
  });
  for (ReviewerAssignment& a : CampaignReviewers(store, c.id))
    if (a.user.id == user_id) return a;
  throw NotFound("没有这个评审人员", "user " + std::to_string(user_id));  // disabled meanwhile
}

}  // namespace govscore::platform
