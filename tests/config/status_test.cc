#include "config/status.h"

#include <doctest/doctest.h>

#include <cerrno>

#include "config/result.h"

namespace newscrawl {
namespace {

TEST_CASE("an OK status has no message and prints as OK") {
  Status ok;
  CHECK(ok.ok());
  CHECK(ok.code() == Status::Code::kOk);
  CHECK(ok.message().empty());
  CHECK(ok.ToString() == "OK");
}

TEST_CASE("error statuses carry code and message, and copy deeply") {
  Status s = Status::NotFound("no such article");
  CHECK_FALSE(s.ok());
  CHECK(s.IsNotFound());
  CHECK(s.ToString() == "NotFound: no such article");
  Status copy = s;
  CHECK(copy.ToString() == s.ToString());
  Status moved = std::move(copy);
  CHECK(moved.IsNotFound());
  CHECK(s.WithContext("show 42").ToString() ==
        "NotFound: show 42: no such article");
  CHECK(Status().WithContext("x").ok());
}

TEST_CASE("PosixError translates errno in one place") {
  CHECK(PosixError("open a", ENOENT).IsNotFound());
  CHECK(PosixError("write b", ENOSPC).IsIOError());
  CHECK(PosixError("lock c", EWOULDBLOCK).IsBusy());
  const Status s = PosixError("open /x", EACCES);
  CHECK(s.IsIOError());
  CHECK(s.message() == "open /x: Permission denied");
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  NEWSCRAWL_ASSIGN_OR_RETURN(int half, Half(x));
  NEWSCRAWL_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST_CASE("Result holds a value or the error that prevented it") {
  CHECK(*Half(8) == 4);
  CHECK(Half(3).status().IsInvalidArgument());
  CHECK(*Quarter(8) == 2);
  CHECK_FALSE(Quarter(6).ok());  // 6/2 = 3 is odd
  CHECK(Quarter(6).status().message() == "odd");
  CHECK(Half(3).value_or(-1) == -1);
  Result<int> from_ok = Status::Ok();  // a bug, reported as one
  CHECK_FALSE(from_ok.ok());
  CHECK(from_ok.status().code() == Status::Code::kInternal);
}

}  // namespace
}  // namespace newscrawl
