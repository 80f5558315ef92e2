// The HTML report's section on the issue-7 site facts (政策解读关联、信息来源、
// 功能入口、政府信息公开、年度报告、网站地图、站内搜索、IPv6), in Chinese.
#pragma once

#include <string>

#include "checks/site_facts.h"
#include "core/date.h"

namespace govscore {

// One <section> (self-contained markup, styles of scan_html.cc).
std::string SiteFactsHtmlSection(const SiteFacts& facts, Date as_of);

}  // namespace govscore
