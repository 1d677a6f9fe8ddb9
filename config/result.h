// Result<T>: a value or the Status that explains why there is none.
//
//   Result<Config> r = LoadConfig(path);
//   if (!r.ok()) return r.status();
//   Config& config = *r;
//
// A Result built from an OK Status is a bug; it is turned into an Internal
// error so that `ok()` never lies about having a value.
#ifndef NEWSCRAWL_CONFIG_RESULT_H_
#define NEWSCRAWL_CONFIG_RESULT_H_

#include <optional>
#include <utility>

#include "config/status.h"

namespace newscrawl {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit
    if (status_.ok()) status_ = Status::Internal("Result built from OK status");
  }

  bool ok() const noexcept { return value_.has_value(); }
  const Status& status() const noexcept { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }

  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

  template <typename U>
  T value_or(U&& fallback) const& {
    return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::optional<T> value_;
  Status status_;  // OK when value_ is set
};

}  // namespace newscrawl

// Returns the Status of `expr` from the enclosing function if it is an error.
#define NEWSCRAWL_RETURN_IF_ERROR(expr)                  \
  do {                                                   \
    ::newscrawl::Status newscrawl_status_ = (expr);      \
    if (!newscrawl_status_.ok()) return newscrawl_status_; \
  } while (0)

#define NEWSCRAWL_CONCAT_INNER_(a, b) a##b
#define NEWSCRAWL_CONCAT_(a, b) NEWSCRAWL_CONCAT_INNER_(a, b)
#define NEWSCRAWL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                     \
  if (!tmp.ok()) return tmp.status();                    \
  lhs = std::move(*tmp)

// Evaluates `expr` (a Result<T>); on error returns its Status, otherwise
// assigns the value to `lhs` (which may be a declaration: `auto x`).
#define NEWSCRAWL_ASSIGN_OR_RETURN(lhs, expr) \
  NEWSCRAWL_ASSIGN_OR_RETURN_IMPL_(           \
      NEWSCRAWL_CONCAT_(newscrawl_result_, __LINE__), lhs, expr)

#endif  // NEWSCRAWL_CONFIG_RESULT_H_
