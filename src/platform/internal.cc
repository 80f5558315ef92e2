#include "platform/internal.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/page.h"
#include "platform/errors.h"
#include "scoring/inputs.h"
#include "store/password.h"

namespace govscore::platform::internal {

const char* StateLabel(store::CampaignState s) {
  switch (s) {
    case store::CampaignState::kDraft:
      return "草稿";
    case store::CampaignState::kCollecting:
      return "数据采集中";
    case store::CampaignState::kReviewing:
      return "评审中";
    case store::CampaignState::kPublished:
      return "已发布";
    case store::CampaignState::kArchived:
      return "已归档";
  }
  return "未知状态";
}

const char* StateLabel(store::JudgmentState s) {
  switch (s) {
    case store::JudgmentState::kDraft:
      return "草稿";
    case store::JudgmentState::kSubmitted:
      return "已提交";
    case store::JudgmentState::kChecked:
      return "已复核";
  }
  return "未知状态";
}

const char* StateLabel(store::FindingState s) {
  switch (s) {
    case store::FindingState::kOpen:
      return "待整改";
    case store::FindingState::kFixedClaimed:
      return "已申报整改";
    case store::FindingState::kConfirmedFixed:
      return "已确认整改";
    case store::FindingState::kReopened:
      return "重新出现";
  }
  return "未知状态";
}

store::Campaign RequireCampaign(store::Store& store, store::Id campaign_id) {
  auto c = store.FindCampaign(campaign_id);
  if (!c)
    throw NotFound("没有这个评估任务（编号 " + std::to_string(campaign_id) + "）", "campaign");
  return std::move(*c);
}

store::Unit RequireUnit(store::Store& store, store::Id unit_id) {
  auto u = store.FindUnit(unit_id);
  if (!u) throw NotFound("没有这个评估对象（编号 " + std::to_string(unit_id) + "）", "unit");
  return std::move(*u);
}

std::string BytesWrittenTo(const std::function<void(const std::string& path)>& write,
                           const std::string& suffix) {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("govscore-" + std::to_string(getpid()) + "-" +
                                                     store::RandomHex(8) + suffix);
  struct Remove {
    fs::path p;
    ~Remove() {
      std::error_code ec;
      fs::remove(p, ec);
    }
  } remove{path};
  write(path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the written file back", path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::vector<std::string>> ReadSheetRows(std::string_view bytes,
                                                    const std::string& file_name) {
  try {
    if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4))
      return ReadXlsxRows(bytes, file_name, 200000);
    // csv: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (Excel's Chinese default).
    return scoring::ParseCsv(ExtractAttachmentText(bytes, "sheet.csv", 64 << 20));
  } catch (const Error& e) {
    throw ImportError(file_name, {{0, "", std::string("无法读取文件：") + e.what()}});
  }
}

std::string Trim(std::string_view s) {
  auto strip = [&](bool front) {
    for (;;) {
      if (s.empty()) return;
      if (front ? (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')
                : (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        front ? s.remove_prefix(1) : s.remove_suffix(1);
        continue;
      }
      constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
      if (front && s.substr(0, 3) == kIdeographicSpace) {
        s.remove_prefix(3);
        continue;
      }
      if (!front && s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) {
        s.remove_suffix(3);
        continue;
      }
      return;
    }
  };
  strip(true);
  strip(false);
  return std::string(s);
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::string piece;
  auto flush = [&] {
    std::string t = Trim(piece);
    if (!t.empty()) out.push_back(std::move(t));
    piece.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ';' || s[i] == '\n') {
      flush();
    } else if (s.substr(i, 3) == "\xEF\xBC\x9B") {  // ；
      flush();
      i += 2;
    } else {
      piece += s[i];
    }
  }
  flush();
  return out;
}

bool IsHttpUrl(std::string_view url) {
  size_t start;
  if (url.rfind("http://", 0) == 0)
    start = 7;
  else if (url.rfind("https://", 0) == 0)
    start = 8;
  else
    return false;
  if (url.size() <= start || url[start] == '/' || url[start] == ':' || url.size() > 2048)
    return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>')
      return false;
  return true;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> UnitChannels(const store::Unit& unit) {
  std::vector<std::string> out;
  auto add = [&](const std::string& c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  if (!unit.websites.empty()) add("网站");
  for (const auto& a : unit.accounts) add(a.channel);
  return out;
}

JudgmentIndex JudgmentsByKey(store::Store& store, store::Id campaign_id) {
  JudgmentIndex index;
  for (store::Judgment& j : store.ListJudgments(campaign_id)) {
    auto key = std::make_tuple(j.key.unit_id, j.key.indicator_id, j.key.criterion, j.key.channel);
    index.emplace(std::move(key), std::move(j));
  }
  return index;
}

const store::Judgment* Lookup(const JudgmentIndex& index, const store::JudgmentKey& key) {
  auto it = index.find(std::make_tuple(key.unit_id, key.indicator_id, key.criterion, key.channel));
  return it == index.end() ? nullptr : &it->second;
}

bool JudgmentFinal(const store::Judgment& j, bool second_review) {
  return second_review ? j.state == store::JudgmentState::kChecked
                       : j.state != store::JudgmentState::kDraft;
}

std::optional<store::User> UserOf(store::Store& store, const store::Actor& actor) {
  if (!actor.user_id) return std::nullopt;
  auto user = store.FindUser(*actor.user_id);
  if (!user || user->disabled) throw Forbidden("用户不存在或已停用", actor.name);
  return user;
}

void RequireOrganiser(store::Store& store, const store::Actor& actor, const std::string& message,
                      const std::string& where) {
  const std::optional<store::User> user = UserOf(store, actor);
  if (user && user->role != store::Role::kAdmin && user->role != store::Role::kOrganiser)
    throw Forbidden(message, where);
}

}  // namespace govscore::platform::internal
