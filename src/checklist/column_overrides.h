// Per-site corrections of the column classification (栏目分类), kept by the
// user in a file so that every category rule hits the right columns:
//
//   schema: govscore.column-categories/1
//   columns:
//     - {url: http://www.example.gov.cn/zwgk/tzgg/, category: 通知公告, top: true}
//     - {name: 工作简报, category: 动态}        # by column name
//     - {name: 历史专题, category: ""}          # no category: no freshness rule
//
// `url` matches as a prefix of the column's list-page URL (the longest wins);
// `top` marks a first-level column (一级栏目) where the automatic guess is wrong.
#pragma once

#include <string>
#include <string_view>

#include "checks/columns.h"

namespace govscore::checklist {

// Parses the file and appends its entries to rules.overrides. Throws
// govscore::Error naming file:line for an unknown category (the known ones are
// listed), an entry with neither url nor name, or unknown keys.
void LoadColumnOverrides(const std::string& path, ColumnRules& rules);
void ParseColumnOverrides(std::string_view yaml, const std::string& where, ColumnRules& rules);

}  // namespace govscore::checklist
