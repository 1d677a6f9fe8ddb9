#include "crawler/map_trimmer.h"

#include <unistd.h>

#include <cstdio>

#include "store/store.h"

namespace newscrawl {

MapTrimmer::MapTrimmer(Store* store, std::uint64_t budget)
    : store_(store), budget_(budget), baseline_(ResidentSharedBytes()) {}

std::uint64_t MapTrimmer::ResidentSharedBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "re");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0, shared = 0;
  const int n = std::fscanf(f, "%llu %llu %llu", &size, &resident, &shared);
  std::fclose(f);
  if (n != 3) return 0;
  const long page = ::sysconf(_SC_PAGESIZE);
  return shared * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

Status MapTrimmer::Check() {
  const std::uint64_t now = ResidentSharedBytes();
  if (now == 0 || now < baseline_ + budget_) {
    if (now < baseline_) baseline_ = now;  // the kernel reclaimed some
    return Status::Ok();
  }
  return Release();
}

Status MapTrimmer::Release() {
  NEWSCRAWL_RETURN_IF_ERROR(store_->ReleaseMappedPages());
  ++releases_;
  baseline_ = ResidentSharedBytes();
  return Status::Ok();
}

}  // namespace newscrawl
