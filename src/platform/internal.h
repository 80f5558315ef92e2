// Helpers shared by the platform services; not part of the public interface.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "framework/framework.h"
#include "platform/judgments.h"
#include "store/store.h"

namespace govscore::platform::internal {

// Chinese names of states for messages (as the web UI names them).
const char* StateLabel(store::CampaignState s);  // 草稿 数据采集中 评审中 已发布 已归档
const char* StateLabel(store::JudgmentState s);  // 草稿 已提交 已复核
const char* StateLabel(store::FindingState s);  // 待整改 已申报整改 已确认整改 重新出现

// The actor's user (nullopt for a process, which is not restricted);
// Forbidden for a disabled or vanished user.
std::optional<store::User> UserOf(store::Store& store, const store::Actor& actor);
// Admins, organisers and processes; Forbidden(`message`, `where`) for others.
void RequireOrganiser(store::Store& store, const store::Actor& actor, const std::string& message,
                      const std::string& where);

// The campaign, or NotFound.
store::Campaign RequireCampaign(store::Store& store, store::Id campaign_id);
// The unit, or NotFound.
store::Unit RequireUnit(store::Store& store, store::Id unit_id);

// Runs `write(path)` on a fresh temporary file and returns the file's bytes
// (writers that only write to paths, such as libxlsxwriter). The file is
// removed afterwards.
std::string BytesWrittenTo(const std::function<void(const std::string& path)>& write,
                           const std::string& suffix);

// Surrounding ASCII and full-width spaces removed.
std::string Trim(std::string_view s);
// Splits on ';' '；' and newlines; trims; drops empty pieces.
std::vector<std::string> SplitList(std::string_view s);
// True for http(s)://host… without spaces or control characters.
bool IsHttpUrl(std::string_view url);
// One CSV field (RFC 4180 quoting when needed).
std::string CsvField(std::string_view s);

// The rows of an uploaded sheet: the first worksheet of an xlsx (recognised by
// its zip magic bytes), else csv (UTF-8 with or without BOM, UTF-16 with BOM,
// else GB18030 as Excel saves it). ImportError (row 0) for an unreadable file.
std::vector<std::vector<std::string>> ReadSheetRows(std::string_view bytes,
                                                    const std::string& file_name);

// Every judgment slot of `fw` for one unit (ReviewItem without the unit's
// fields and judgment filled), in framework order. Indicators that do not
// exist for the unit's kind are left out.
std::vector<ReviewItem> JudgmentSlots(const framework::Framework& fw, const store::Unit& unit,
                                      store::Id campaign_id);
// The confirmation slots of `fw` for one unit: one (indicator, "", "") per
// assisted leaf whose coverage `fill`s an imported measure (docs/scoring.md
// "Proposals"), input "confirm" — a `{"value":"confirm"}` judgment accepts the
// filled value. Not part of JudgmentSlots: they never block publishing (the
// leaf is simply 待评 while neither the measure nor a confirmation exists).
std::vector<ReviewItem> ConfirmSlots(const framework::Framework& fw, const store::Unit& unit,
                                     store::Id campaign_id);

// The unit's channels as scoring understands them: 网站 when it has a website,
// then its accounts' channels, each once.
std::vector<std::string> UnitChannels(const store::Unit& unit);

// The campaign's judgments by (unit, indicator, criterion, channel).
using JudgmentIndex =
    std::map<std::tuple<store::Id, std::string, std::string, std::string>, store::Judgment>;
JudgmentIndex JudgmentsByKey(store::Store& store, store::Id campaign_id);
// The judgment of `key`'s slot in `index`, or nullptr.
const store::Judgment* Lookup(const JudgmentIndex& index, const store::JudgmentKey& key);

// Whether a judgment counts for scoring / publishing: submitted, or checked
// when the campaign asks for a second review.
bool JudgmentFinal(const store::Judgment& j, bool second_review);

}  // namespace govscore::platform::internal
