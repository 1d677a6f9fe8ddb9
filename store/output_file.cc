#include "store/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <utility>

namespace newscrawl {
namespace {

constexpr std::size_t kBufferSize = 1 << 20;

// Distinguishes temporary files of one process (text dumps open many).
std::atomic<std::uint64_t> temp_counter{0};

std::string TempPathFor(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(temp_counter.fetch_add(1));
}

}  // namespace

Result<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("output path is empty");
  if (path == "-") {
    return std::unique_ptr<OutputFile>(new OutputFile(path, "", STDOUT_FILENO, false));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      return Status::InvalidArgument("output " + path + " is a directory");
    }
    // A device or a pipe: there is nothing to rename, write in place.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return PosixError("open " + path, errno);
    return std::unique_ptr<OutputFile>(new OutputFile(path, "", fd, true));
  }
  std::string temp = TempPathFor(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return PosixError("create " + path, errno);
  return std::unique_ptr<OutputFile>(new OutputFile(path, std::move(temp), fd, true));
}

OutputFile::OutputFile(std::string path, std::string temp_path, int fd,
                       bool owns_fd)
    : path_(std::move(path)),
      temp_path_(std::move(temp_path)),
      fd_(fd),
      owns_fd_(owns_fd) {
  buffer_.reserve(kBufferSize);
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

Status OutputFile::Fail(Status status) {
  if (error_.ok()) error_ = std::move(status);
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  return error_;
}

Status OutputFile::Append(std::string_view data) {
  if (!error_.ok()) return error_;
  if (committed_) return Status::Internal("write " + path_ + " after commit");
  bytes_written_ += data.size();
  if (buffer_.size() + data.size() <= kBufferSize) {
    buffer_.append(data);
    return Status::Ok();
  }
  NEWSCRAWL_RETURN_IF_ERROR(Flush());
  if (data.size() >= kBufferSize) {
    buffer_.assign(data);  // one large write; the buffer shrinks back below
    Status s = Flush();
    buffer_.shrink_to_fit();
    buffer_.reserve(kBufferSize);
    return s;
  }
  buffer_.append(data);
  return Status::Ok();
}

Status OutputFile::Flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(PosixError("write " + path_, errno));
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
  return Status::Ok();
}

Status OutputFile::Commit() {
  if (!error_.ok()) return error_;
  if (committed_) return Status::Internal("commit " + path_ + " twice");
  NEWSCRAWL_RETURN_IF_ERROR(Flush());
  if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Fail(PosixError("close " + path_, errno));
  }
  if (!temp_path_.empty() &&
      ::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return Fail(PosixError("rename to " + path_, errno));
  }
  committed_ = true;
  return Status::Ok();
}

}  // namespace newscrawl
