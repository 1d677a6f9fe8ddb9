// TempDir: a fresh directory under $TMPDIR (or /tmp), removed with all its
// contents when the object dies.  For tests that need real files (LMDB
// stores, config files, extracted output).
#ifndef NEWSCRAWL_TESTS_SUPPORT_TEMP_DIR_H_
#define NEWSCRAWL_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>
#include <string_view>

namespace newscrawl::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string File(std::string_view name) const;
  // Writes `content` to File(name) and returns that path.
  std::string Write(std::string_view name, std::string_view content) const;

 private:
  std::string path_;
};

// Reads a whole file; "" if it cannot be read.
std::string ReadFile(const std::string& path);

// The path of a fixture under tests/fixtures.
std::string FixturePath(std::string_view relative);

// The path of a file of the source tree ("config/sites.toml").
std::string SourcePath(std::string_view relative);

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_TEMP_DIR_H_
