// HTML and attachment rendering for a generated site. Every function is pure:
// the same model gives the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "sample/model.h"

namespace govscore::sample {

// The fixed identity of the sample site (footer, meta labels).
FooterTruth SiteIdentity();

std::string RenderHome(const Site::Model& model, const SiteOptions& options);
// `page` is 0-based (page 0 is index.html).
std::string RenderList(const Site::Model& model, int column, int page);
// UTF-8 HTML; for GBK articles the <meta> already declares gbk (convert with ToGbk).
std::string RenderArticle(const Site::Model& model, int article);
std::string RenderAttachment(const Article& article, const Attachment& attachment);

// Simple pages: "privacy", "accessibility", "sitemap", "guide", "flaky",
// "busy", "private", "search", "soft404", "notfound", "special".
std::string RenderSimplePage(const Site::Model& model, std::string_view which);
// The result page of the site search for `query` (UTF-8): the first ten
// articles whose title contains it, newest column order; none when `broken`.
std::string RenderSearchResults(const Site::Model& model, const std::string& query, bool broken);
// The calendar trap page for a day: links to the previous and next day.
std::string RenderCalendar(const Site::Model& model, Date day);
// The nginx SSI variant of the calendar (query explosion instead of dates).
std::string RenderCalendarSsi(const Site::Model& model);

// Converts UTF-8 to GBK; throws govscore::Error on a character GBK lacks.
std::string ToGbk(std::string_view utf8);

// A list date in one of the forms of PlantedColumn::date_form.
std::string FormatListDate(Date date, std::string_view form);

// A valid one-page PDF (correct cross-reference table) showing `ascii_text` in
// Helvetica — the sample's .pdf attachments, and test input for PDF text extraction.
std::string MinimalPdf(const std::string& ascii_text);

}  // namespace govscore::sample
