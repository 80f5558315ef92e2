// libFuzzer target: the HTML extraction (ExtractPage) on any bytes, after the
// fetch stage's charset detection and conversion, as a crawled page goes.
// Contract under test: never crashes, never throws, results stay consistent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/page.h"
#include "fetch/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks the Content-Type header the page came with.
  static constexpr std::string_view kTypes[] = {
      "text/html", "text/html; charset=utf-8", "text/html; charset=gb2312",
      "text/html; charset=big5", "text/html; charset=x-bogus"};
  const std::string_view type = size > 0 ? kTypes[data[0] % 5] : kTypes[0];
  const std::string charset = govscore::DetectCharset(type, bytes);
  const std::string utf8 = govscore::ToUtf8(bytes, charset);
  if (!govscore::IsValidUtf8(utf8)) std::abort();  // ToUtf8 promises UTF-8
  govscore::ExtractOptions options;
  options.as_of = govscore::Date::FromYmd(2024, 6, 30);
  options.keep_text = true;
  options.max_links = 2000;
  const govscore::PageFacts facts =
      govscore::ExtractPage(utf8, "http://www.example.gov.cn/col/a/index.html", options);
  if (facts.links.size() > options.max_links) std::abort();
  (void)govscore::FindPersonalData(facts.text, options.as_of);
  return 0;
}
