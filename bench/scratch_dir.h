// The directory a benchmark writes its stores in: the --dir it was given,
// or else a new one under /tmp (which the benchmark may remove at the end).
// Header-only; shared by the *_bench.cc files.
#ifndef NEWSCRAWL_BENCH_SCRATCH_DIR_H_
#define NEWSCRAWL_BENCH_SCRATCH_DIR_H_

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace newscrawl::bench {

inline std::string ScratchDir(const std::string& dir, const std::string& name) {
  if (!dir.empty()) return dir;
  std::string pattern = "/tmp/" + name + ".XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::exit(1);
  }
  return pattern;
}

}  // namespace newscrawl::bench

#endif  // NEWSCRAWL_BENCH_SCRATCH_DIR_H_
