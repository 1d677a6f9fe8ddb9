#include "config/status.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace newscrawl {

Status::Status(Code code, std::string_view msg)
    : state_(std::make_unique<State>(State{code, std::string(msg)})) {}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) {
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  }
  return *this;
}

const std::string& Status::message() const noexcept {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string_view Status::CodeName(Code code) noexcept {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kNotFound: return "NotFound";
    case Code::kInvalidArgument: return "InvalidArgument";
    case Code::kCorruption: return "Corruption";
    case Code::kIOError: return "IOError";
    case Code::kNetwork: return "Network";
    case Code::kTimeout: return "Timeout";
    case Code::kTooLarge: return "TooLarge";
    case Code::kBusy: return "Busy";
    case Code::kAborted: return "Aborted";
    case Code::kUnsupported: return "Unsupported";
    case Code::kInternal: return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(CodeName(state_->code));
  out += ": ";
  out += state_->message;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return Status();
  std::string msg(context);
  msg += ": ";
  msg += state_->message;
  return Status(state_->code, msg);
}

Status PosixError(std::string_view context, int error_number) {
  // strerror_r comes in two flavours; std::strerror is fine here because the
  // message is copied at once and errno strings are static in glibc.
  std::string msg(context);
  msg += ": ";
  msg += std::strerror(error_number);
  switch (error_number) {
    case ENOENT:
      return Status::NotFound(msg);
    case EWOULDBLOCK:
    case EBUSY:
      return Status::Busy(msg);
    case EINVAL:
      return Status::InvalidArgument(msg);
    case ETIMEDOUT:
      return Status::Timeout(msg);
    case EFBIG:
      return Status::TooLarge(msg);
    case EINTR:
      return Status::Aborted(msg);
    default:
      return Status::IOError(msg);
  }
}

}  // namespace newscrawl
