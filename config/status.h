// Status: the outcome of an operation that can fail, in the style of
// leveldb's Status.  An OK status is cheap (no allocation); an error carries a
// code and a human-readable message that already names what failed ("open
// store ./x: Permission denied").
//
// Each C library's error codes are translated into a Status in exactly one
// function: PosixError() (errno, here), CurlError()/CurlMultiError()
// (crawler/curl_error.h) and LmdbError() (store/lmdb_error.h).
//
// Expected outcomes are values, not errors: "not found" is a Status code that
// callers branch on.  Exceptions are used only at the CLI boundary.
//
// Thread safety: a Status is a value; distinct objects may be used from
// distinct threads.
#ifndef NEWSCRAWL_CONFIG_STATUS_H_
#define NEWSCRAWL_CONFIG_STATUS_H_

#include <memory>
#include <string>
#include <string_view>

namespace newscrawl {

class Status {
 public:
  enum class Code : unsigned char {
    kOk = 0,
    kNotFound,         // a key, file or URL that does not exist
    kInvalidArgument,  // bad input from the user: config, CLI, a query
    kCorruption,       // stored data that fails its checks
    kIOError,          // the OS refused a read or write (disk full, EACCES)
    kNetwork,          // a transfer failed: DNS, connect, TLS, reset
    kTimeout,          // a time limit ran out
    kTooLarge,         // an input exceeded its size limit
    kBusy,             // a resource is held by someone else (store lock)
    kAborted,          // stopped on request (SIGINT, --max-time)
    kUnsupported,      // a feature, format or version this build cannot handle
    kInternal,         // a bug: a broken invariant
  };

  Status() noexcept = default;  // OK
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status Ok() { return Status(); }
  static Status NotFound(std::string_view msg) { return {Code::kNotFound, msg}; }
  static Status InvalidArgument(std::string_view msg) {
    return {Code::kInvalidArgument, msg};
  }
  static Status Corruption(std::string_view msg) {
    return {Code::kCorruption, msg};
  }
  static Status IOError(std::string_view msg) { return {Code::kIOError, msg}; }
  static Status Network(std::string_view msg) { return {Code::kNetwork, msg}; }
  static Status Timeout(std::string_view msg) { return {Code::kTimeout, msg}; }
  static Status TooLarge(std::string_view msg) { return {Code::kTooLarge, msg}; }
  static Status Busy(std::string_view msg) { return {Code::kBusy, msg}; }
  static Status Aborted(std::string_view msg) { return {Code::kAborted, msg}; }
  static Status Unsupported(std::string_view msg) {
    return {Code::kUnsupported, msg};
  }
  static Status Internal(std::string_view msg) { return {Code::kInternal, msg}; }

  bool ok() const noexcept { return state_ == nullptr; }
  Code code() const noexcept { return state_ ? state_->code : Code::kOk; }
  bool IsNotFound() const noexcept { return code() == Code::kNotFound; }
  bool IsInvalidArgument() const noexcept {
    return code() == Code::kInvalidArgument;
  }
  bool IsCorruption() const noexcept { return code() == Code::kCorruption; }
  bool IsIOError() const noexcept { return code() == Code::kIOError; }
  bool IsNetwork() const noexcept { return code() == Code::kNetwork; }
  bool IsTimeout() const noexcept { return code() == Code::kTimeout; }
  bool IsTooLarge() const noexcept { return code() == Code::kTooLarge; }
  bool IsBusy() const noexcept { return code() == Code::kBusy; }
  bool IsAborted() const noexcept { return code() == Code::kAborted; }
  bool IsUnsupported() const noexcept { return code() == Code::kUnsupported; }

  // The message alone ("" for OK).
  const std::string& message() const noexcept;

  // "OK", or "<code name>: <message>", e.g. "NotFound: no such article".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context`: "ctx: message".
  // OK stays OK.
  Status WithContext(std::string_view context) const;

  static std::string_view CodeName(Code code) noexcept;

 private:
  struct State {
    Code code;
    std::string message;
  };
  Status(Code code, std::string_view msg);

  std::unique_ptr<State> state_;  // null means OK
};

// Translates an errno value into a Status, naming `context` (usually the
// operation and the path).  ENOENT becomes NotFound, ENOSPC/EDQUOT/EIO and
// the rest IOError.  The only place errno is interpreted.
Status PosixError(std::string_view context, int error_number);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_STATUS_H_
