// RunCommand: runs a program with arguments (no shell), feeding `input` on
// standard input and capturing standard output, standard error and the exit
// code.  Used by the CLI tests to run the real `newscrawl` binary.
#ifndef NEWSCRAWL_TESTS_SUPPORT_RUN_COMMAND_H_
#define NEWSCRAWL_TESTS_SUPPORT_RUN_COMMAND_H_

#include <string>
#include <vector>

namespace newscrawl::testing {

struct CommandResult {
  int exit_code = -1;  // 128 + signal if killed by a signal
  std::string out;
  std::string err;
};

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input = {},
                         const std::string& working_dir = {});

// RunCommand({NEWSCRAWL_BIN, args...}).
CommandResult RunNewscrawl(const std::vector<std::string>& args,
                           const std::string& input = {},
                           const std::string& working_dir = {});

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_RUN_COMMAND_H_
