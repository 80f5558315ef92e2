// 底部功能区 identity items (REFERENCE.md §2.3, §2.4) from page text and links.
// Values are returned as shown on the page, whitespace collapsed.
#pragma once

#include <string>
#include <string_view>

#include "extract/page.h"

namespace govscore {

// Fills site_code, icp, police_record, sponsor, organizer and contact.
// `footer_text` is the text of the footer region (may be empty); `page_text` the
// whole visible text with '\n' between blocks. Unambiguous items (标识码, ICP,
// 公网安备) are looked up in the footer first, then in the whole page; labelled
// items (主办, 承办, 联系) only in the footer, or, when the page has no footer
// region, in the neighbourhood of the last ICP/标识码/公网安备 mention.
void ParseFooterText(std::string_view footer_text, std::string_view page_text,
                     FooterIdentity* footer);

// Records link-borne items: a bszs.conac.cn anchor or dcs.conac.cn script
// (党政机关网站标识), a zfwzgl.www.gov.cn/exposure/jiucuo link or jiucuo.js
// script (我为政府网站找错). `sitecode_attr` is the script's sitecode attribute.
void NoteFooterLink(std::string_view href, std::string_view anchor_text, bool is_script,
                    std::string_view sitecode_attr, FooterIdentity* footer);

// True for "4100000001" and "bm01000001" (REFERENCE.md §2.4 pattern).
bool IsSiteCode(std::string_view code);

}  // namespace govscore
