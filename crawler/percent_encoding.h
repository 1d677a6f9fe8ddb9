// Percent-encoding normalisation shared by URL canonicalisation and
// robots.txt matching (RFC 3986 section 6.2.2.2, RFC 9309 section 2.2.2).
#ifndef NEWSCRAWL_CRAWLER_PERCENT_ENCODING_H_
#define NEWSCRAWL_CRAWLER_PERCENT_ENCODING_H_

#include <string>
#include <string_view>

namespace newscrawl {

// Decodes escapes of unreserved characters ("%7E" -> "~"), upper-cases the
// hex of other escapes ("%2f" -> "%2F"), and escapes bytes that may not
// appear raw: controls, space, non-ASCII (so invalid UTF-8 too),
// "\"<>\\^`{|}#", and a '%' that starts no valid escape ("%" -> "%25").
// Other reserved characters ('/', '?', '&', '=', '*', '$', ...) are left
// alone.  Idempotent.
std::string NormalizePercentEncoding(std::string_view in);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_PERCENT_ENCODING_H_
