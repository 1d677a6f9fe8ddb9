#include "store/store_lock.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::TempDir;

TEST_CASE("one holder at a time; released on destruction") {
  TempDir tmp;
  auto first = StoreLock::Acquire(tmp.path());
  REQUIRE(first.ok());
  CHECK(first->held());
  auto second = StoreLock::Acquire(tmp.path());
  CHECK(second.status().IsBusy());
  CHECK(second.status().message() ==
        "store " + tmp.path() + " is being written by pid " +
            std::to_string(getpid()));
  *first = StoreLock();
  CHECK(StoreLock::Acquire(tmp.path()).ok());
}

TEST_CASE("another process holding the lock is named; its death frees it") {
  TempDir tmp;
  int to_parent[2];
  int to_child[2];
  REQUIRE(pipe(to_parent) == 0);
  REQUIRE(pipe(to_child) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    auto lock = StoreLock::Acquire(tmp.path());
    const char c = lock.ok() ? 'y' : 'n';
    if (write(to_parent[1], &c, 1) != 1) _exit(2);
    char wait_for;
    if (read(to_child[0], &wait_for, 1) < 0) _exit(3);
    _exit(0);
  }
  char c = 0;
  REQUIRE(read(to_parent[0], &c, 1) == 1);
  REQUIRE(c == 'y');
  auto busy = StoreLock::Acquire(tmp.path());
  CHECK(busy.status().IsBusy());
  CHECK(busy.status().message().find("pid " + std::to_string(child)) !=
        std::string::npos);
  close(to_child[1]);  // the child exits
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(StoreLock::Acquire(tmp.path()).ok());
  close(to_parent[0]);
  close(to_parent[1]);
  close(to_child[0]);
}

TEST_CASE("a lock in a missing directory is an error, not a crash") {
  TempDir tmp;
  CHECK(StoreLock::Acquire(tmp.File("missing/dir")).status().IsNotFound());
}

}  // namespace
}  // namespace newscrawl
