// newscrawl's main(): process-wide library setup, then the CLI.
#include <curl/curl.h>

#include <cstdio>
#include <exception>

#include "config/cli.h"
#include "config/commands.h"

int main(int argc, char** argv) {
  // curl_global_init is not thread-safe and must run before any thread
  // starts; it and its cleanup belong here and nowhere else.
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::fputs("newscrawl: cannot initialise libcurl\n", stderr);
    return newscrawl::kExitFailure;
  }
  int code = newscrawl::kExitFailure;
  try {
    code = newscrawl::RunCli(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "newscrawl: internal error: %s\n", e.what());
  }
  curl_global_cleanup();
  return code;
}
