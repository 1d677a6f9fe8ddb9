// The newscrawl command line (CLI11): global options, subcommands, exit
// codes.  Parses arguments into the option structs of config/commands.h,
// loads the config where a command needs it, and calls the subsystem that
// runs the command.  CLI11 and config exceptions stop here: RunCli returns an
// exit code and never throws.
#ifndef NEWSCRAWL_CONFIG_CLI_H_
#define NEWSCRAWL_CONFIG_CLI_H_

namespace newscrawl {

// Runs newscrawl with the process arguments; returns the exit code
// (see ExitCode in config/commands.h).
int RunCli(int argc, char** argv);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_CLI_H_
