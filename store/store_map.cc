// Store::ReleaseMappedPages (declared in store/store.h).
//
// LMDB reads through a shared, read-only map of data.mdb and (without
// MDB_WRITEMAP) writes with pwrite, so the pages a process has read stay
// mapped, and count in its resident memory, until the map is gone.  On
// kernels that keep the page cache in large folios a read fault maps the
// whole folio (up to 2 MiB) around the page read: a writer whose B-tree
// descents touch a leaf here and there ends up with most of data.mdb
// resident, whatever its transactions need.  madvise(MADV_DONTNEED) on a
// shared file map only removes this process's page-table entries: the
// pages stay in the page cache, nothing is written or lost, and the next
// read maps them again (a minor fault).
//
// LMDB does not tell where its map is (MDB_envinfo::me_mapaddr is only set
// with MDB_FIXEDMAP), so the ranges are found in /proc/self/maps by the
// device and inode of data.mdb.
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "config/status.h"
#include "store/store.h"
#include "store/store_env.h"

namespace newscrawl {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Unmaps the pages of `dir`/data.mdb mapped in this process.  The caller
// keeps the map from moving meanwhile.
Status UnmapDataPages(const std::string& dir) {
  const std::string path = dir + "/data.mdb";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return PosixError("stat " + path, errno);
  }
  std::unique_ptr<std::FILE, FileCloser> maps(
      std::fopen("/proc/self/maps", "re"));
  if (!maps) return Status::Ok();  // no procfs: nothing to do
  char line[512];
  while (std::fgets(line, sizeof line, maps.get()) != nullptr) {
    std::uintmax_t start = 0, end = 0, offset = 0, inode = 0;
    unsigned major_id = 0, minor_id = 0;
    if (std::sscanf(line, "%" SCNxMAX "-%" SCNxMAX " %*4s %" SCNxMAX
                          " %x:%x %" SCNuMAX,
                    &start, &end, &offset, &major_id, &minor_id,
                    &inode) != 6) {
      continue;
    }
    if (inode != st.st_ino || major_id != major(st.st_dev) ||
        minor_id != minor(st.st_dev) || end <= start) {
      continue;
    }
    if (madvise(reinterpret_cast<void*>(start),
                static_cast<std::size_t>(end - start), MADV_DONTNEED) != 0) {
      return PosixError("release the pages of " + path, errno);
    }
  }
  return Status::Ok();
}

}  // namespace

Status Store::ReleaseMappedPages() {
  // Inside a read transaction: a map resize (which waits for every
  // transaction of this process) cannot move the map meanwhile.
  return env_->Read([&](LmdbTxn&) { return UnmapDataPages(env_->dir()); });
}

Status Store::ReleaseMappedPagesInTxn() {
  // The caller's transaction keeps the map from moving.
  return UnmapDataPages(env_->dir());
}

}  // namespace newscrawl
