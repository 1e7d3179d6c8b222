// Status and Result<T>: how sagasu reports errors without exceptions.
//
// Public header (installed as <sagasu/status.h>); the engine uses the same
// types internally through common/status.h. Standard library only.
//
// A Status is OK or carries a code and a message that says where and on what
// input the failure happened ("posts/a.md:3: front matter: ..."). Result<T>
// holds either a value or a non-OK Status. Both are [[nodiscard]]: drop one on
// purpose only with a comment saying why.
//
// Mapping for embedders: InvalidArgument -> 400, NotFound -> 404,
// Corruption / IOError -> 500, Aborted (an internal failure) -> 500.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sagasu {

class [[nodiscard]] Status {
 public:
  // Persistent in nothing; safe to reorder. Keep in sync with CodeName().
  enum class Code { kOk, kNotFound, kInvalidArgument, kCorruption, kIOError, kNotSupported, kAborted };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status NotSupported(std::string msg) { return Status(Code::kNotSupported, std::move(msg)); }
  static Status Aborted(std::string msg) { return Status(Code::kAborted, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsNotSupported() const { return code_ == Code::kNotSupported; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "InvalidArgument: <message>", or "OK".
  std::string ToString() const;
  static std::string_view CodeName(Code code);

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(std::string_view context) const;

  // Marks a status as deliberately ignored.
  void PermitUnchecked() const {}

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                 // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {           // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result needs a value or a non-OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sagasu

// Returns early from the enclosing function (returning Status or Result<T>)
// when `expr` yields a non-OK Status.
#define SAGASU_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::sagasu::Status _st = (expr);              \
    if (!_st.ok()) return _st;                  \
  } while (0)
