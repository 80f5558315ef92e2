#include "platform/evidence.h"

#include <algorithm>

#include "platform/errors.h"
#include "platform/frameworks.h"
#include "platform/internal.h"

namespace govscore::platform {

namespace {

// Forbidden unless the actor may add materials to the unit.
void RequireMayUpload(store::Store& store, const store::Actor& actor, store::Id unit_id) {
  if (!actor.user_id) return;  // a process (demo, CLI)
  auto user = store.FindUser(*actor.user_id);
  if (!user || user->disabled) throw Forbidden("用户不存在或已停用", actor.name);
  if (user->role == store::Role::kAdmin || user->role == store::Role::kOrganiser) return;
  if (std::find(user->unit_ids.begin(), user->unit_ids.end(), unit_id) == user->unit_ids.end())
    throw Forbidden("只能为本单位上传佐证材料", "unit " + std::to_string(unit_id));
}

}  // namespace

store::EvidenceFile UploadEvidence(store::Store& store, const store::Actor& actor,
                                   const EvidenceStore& files, const EvidenceTarget& target,
                                   std::string_view bytes, const std::string& uploaded_name) {
  internal::RequireUnit(store, target.unit_id);
  RequireMayUpload(store, actor, target.unit_id);
  if (!target.indicator_id.empty() && !target.campaign_id)
    throw InvalidInput("按指标上传佐证材料时须指定评估任务", "indicator_id");
  if (target.campaign_id) {
    const store::Campaign c = internal::RequireCampaign(store, *target.campaign_id);
    if (!std::binary_search(c.unit_ids.begin(), c.unit_ids.end(), target.unit_id))
      throw InvalidInput("该评估任务不包含这个评估对象", "campaign_id");
    if (!target.indicator_id.empty() &&
        !LoadFrameworkVersion(store, c.framework_version_id).Find(target.indicator_id))
      throw InvalidInput("指标体系中没有这个指标", "indicator_id");
  }
  if (target.note.size() > 2000) throw InvalidInput("说明超过 2000 字节", "note");
  const store::JudgmentEvidence saved = files.Save(bytes, uploaded_name);
  store::EvidenceFile f;
  f.stored_name = saved.stored_name;
  f.unit_id = target.unit_id;
  f.campaign_id = target.campaign_id;
  f.indicator_id = target.indicator_id;
  f.file_name = saved.file_name.empty() ? "upload" : saved.file_name;
  f.content_type = saved.content_type;
  f.size_bytes = saved.size_bytes;
  f.sha256 = saved.sha256;
  f.note = target.note;
  try {
    store.AddEvidenceFile(actor, f);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(files.PathOf(f.stored_name), ec);
    throw;
  }
  auto stored = store.FindEvidenceFile(f.stored_name);
  if (!stored) throw Error("evidence row missing after insert", f.stored_name);
  return *stored;
}

std::vector<store::EvidenceFile> UnitEvidence(store::Store& store, store::Id unit_id,
                                              std::optional<store::Id> campaign_id,
                                              const std::string& indicator_id) {
  internal::RequireUnit(store, unit_id);
  std::vector<store::EvidenceFile> out;
  for (store::EvidenceFile& f : store.ListEvidenceFiles(unit_id)) {
    if (campaign_id && f.campaign_id && *f.campaign_id != *campaign_id) continue;
    if (!indicator_id.empty() && !f.indicator_id.empty() && f.indicator_id != indicator_id)
      continue;
    out.push_back(std::move(f));
  }
  return out;
}

store::JudgmentEvidence AsJudgmentEvidence(const store::EvidenceFile& file) {
  store::JudgmentEvidence e;
  e.kind = store::JudgmentEvidence::Kind::kFile;
  e.file_name = file.file_name;
  e.stored_name = file.stored_name;
  e.content_type = file.content_type;
  e.size_bytes = file.size_bytes;
  e.sha256 = file.sha256;
  return e;
}

}  // namespace govscore::platform
