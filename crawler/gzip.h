// Bounded gunzip for gzipped sitemaps and feeds (zlib).  Refuses output
// beyond a limit, so a decompression bomb costs at most `max_output` bytes
// of memory and the time to inflate them.
#ifndef NEWSCRAWL_CRAWLER_GZIP_H_
#define NEWSCRAWL_CRAWLER_GZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "config/result.h"

namespace newscrawl {

// True if `data` starts with the gzip magic bytes 1f 8b.
bool LooksGzipped(std::string_view data);

// Inflates gzip (or zlib) data, including concatenated gzip members.
// Errors: TooLarge if the output would exceed `max_output` bytes,
// Corruption for bad or truncated data.
Result<std::string> Gunzip(std::string_view data, std::size_t max_output);

// For parsers of documents that may come gzipped (sitemaps, feeds): if
// `*bytes` is gzip data, inflates it into `*storage` and points `*bytes` at
// it; then TooLarge if `*bytes` exceeds `max_bytes`.  `what` names the
// document in messages ("sitemap").
Status InflateIfGzipped(std::string_view what, std::size_t max_bytes,
                        std::string_view* bytes, std::string* storage);

// Compresses `data` into one gzip member (used for tests and fixtures).
Result<std::string> Gzip(std::string_view data, int level = 6);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_GZIP_H_
