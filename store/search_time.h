// Times as the search index keeps them: seconds since 1970 of the
// article's own wall-clock time (the UTC offset is ignored), so that a
// day filter matches the date printed in the article, as the store's
// by-date index does (ArticleRecord::IndexDate).
#ifndef NEWSCRAWL_STORE_SEARCH_TIME_H_
#define NEWSCRAWL_STORE_SEARCH_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newscrawl {

// "YYYY-MM-DD", optionally followed by "THH:MM[:SS]" and anything else
// (fractions, offsets: ignored).  nullopt if the date part is malformed.
std::optional<int64_t> ParseSearchTime(std::string_view iso);

// "YYYY-MM-DD" of a ParseSearchTime value.
std::string FormatSearchDate(int64_t seconds);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_TIME_H_
