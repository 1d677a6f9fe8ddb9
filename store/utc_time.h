// UTC time formats used by dumps and imports: ISO 8601 with a Z
// ("2025-10-22T01:00:00Z", the WARC-Date form) and plain dates
// ("2025-10-22", the --since/--until form).
#ifndef NEWSCRAWL_STORE_UTC_TIME_H_
#define NEWSCRAWL_STORE_UTC_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "config/result.h"

namespace newscrawl {

// "2025-10-22T01:00:00Z".
std::string FormatUtcTime(std::int64_t unix_seconds);

// "2025-10-22".
std::string FormatUtcDate(std::int64_t unix_seconds);

// Parses "YYYY-MM-DDThh:mm:ss" with optional fractional seconds and a "Z"
// or "+hh:mm"/"-hh:mm" offset (WARC 1.0 and 1.1 dates; "YYYY-MM-DD" alone
// is midnight UTC).  InvalidArgument otherwise.
Result<std::int64_t> ParseUtcTime(std::string_view text);

// True for a valid calendar date "YYYY-MM-DD".
bool IsValidDate(std::string_view date);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_UTC_TIME_H_
