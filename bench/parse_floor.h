// The peer of the extractor benchmarks: a plain Gumbo parse of every page,
// timed.  Header-only; shared by the *_bench.cc files.
#ifndef NEWSCRAWL_BENCH_PARSE_FLOOR_H_
#define NEWSCRAWL_BENCH_PARSE_FLOOR_H_

#include <gumbo.h>

#include <chrono>
#include <string>
#include <vector>

namespace newscrawl::bench {

// Seconds to parse (and free) every page of `pages` with default options.
inline double GumboParseSeconds(const std::vector<std::string>& pages) {
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& page : pages) {
    GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions,
                                                page.data(), page.size());
    gumbo_destroy_output(&kGumboDefaultOptions, out);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace newscrawl::bench

#endif  // NEWSCRAWL_BENCH_PARSE_FLOOR_H_
