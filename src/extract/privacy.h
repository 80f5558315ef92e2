// Personal data detectors (REFERENCE.md §2.9). Only masked values leave here.
//   Resident ID (GB 11643): 17 digits + check character (digit or X/x) with a
//     valid ISO 7064 MOD 11-2 check, birth date YYYYMMDD in 1900-01-01..as_of,
//     region code starting with 1-8; not inside a longer run of digits or letters.
//     Masked as first 6 (region) + 8 '*' (birth date and sequence) + last 4:
//     "450102********1239" (the scan output and the sample's ground truth agree).
//   Mobile: 1[3-9] + 9 digits, not inside a longer digit run. Masked "138****5678".
// 15-digit (pre-1999) IDs and landlines are deliberately not reported: too many
// false positives in statistics tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "extract/page.h"

namespace govscore {

// True when `id` (exactly 18 characters) passes checksum, birth date and region rules.
bool IsValidResidentId(std::string_view id, Date as_of);
std::string MaskResidentId(std::string_view id);
std::string MaskMobile(std::string_view mobile);

// Declared in page.h: FindPersonalData(text, as_of). Hits are in text order;
// each context holds up to 20 code points either side with all hits masked.

}  // namespace govscore
