// 整改通知 (rectification notice) of a unit: issued from its open findings
// with a deadline, stored (number 整改〔YYYY〕N号, the findings it lists), and
// rendered as HTML (to print or mail) or DOCX (Office Open XML written with
// libzip: opens in Word and WPS).
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace govscore::monitor {

// Issues a notice listing the unit's open and reopened findings (a finding
// whose fix is claimed waits for the next scan and is not listed). Throws
// Error when the unit is unknown, has no open finding, or the deadline is not
// after today (China time of the store's clock is the caller's: `today`).
store::RectificationNotice IssueUnitNotice(store::Store& store, const store::Actor& actor,
                                           store::Id unit_id, const Date& deadline,
                                           const Date& today);

// Everything a notice shows.
struct NoticeDocument {
  store::RectificationNotice notice;
  store::Unit unit;
  std::vector<store::Finding> findings;     // in the notice's order
  std::string issuer = "政府网站监管单位";  // who signs it
};

// Loads a stored notice with its unit and findings; throws Error when missing.
NoticeDocument LoadNotice(store::Store& store, store::Id notice_id, const std::string& issuer = {});

// The Chinese name of a finding kind (broken_link → 链接不可用, …).
std::string FindingKindName(const std::string& kind);

std::string RenderNoticeHtml(const NoticeDocument& doc);
// The .docx bytes.
std::string RenderNoticeDocx(const NoticeDocument& doc);

}  // namespace govscore::monitor
