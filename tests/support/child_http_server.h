// ChildHttpServer: an HttpTestServer running in a forked child process, for
// benchmarks whose CPU and memory figures must be the client's alone.
//
//   ChildHttpServer server([](HttpTestServer& s) {
//     s.Route("/page/*", ...);  // runs in the child
//   });
//   if (!server.ok()) return 1;
//   ... fetch server.Url("/page/1") ...
//
// Construct it before the process starts any thread: fork() copies only
// the calling thread.  The child serves until the object dies (the
// destructor closes the child's pipe and waits for it).
#ifndef NEWSCRAWL_TESTS_SUPPORT_CHILD_HTTP_SERVER_H_
#define NEWSCRAWL_TESTS_SUPPORT_CHILD_HTTP_SERVER_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "tests/support/http_test_server.h"

namespace newscrawl::testing {

class ChildHttpServer {
 public:
  // `setup` runs in the child on its server (request log off), before the
  // port is reported.
  explicit ChildHttpServer(const std::function<void(HttpTestServer&)>& setup);
  ~ChildHttpServer();
  ChildHttpServer(const ChildHttpServer&) = delete;
  ChildHttpServer& operator=(const ChildHttpServer&) = delete;

  // False if the child could not be started or reported no port.
  bool ok() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port>" + path_and_query.
  std::string Url(std::string_view path_and_query) const;

 private:
  pid_t pid_ = -1;
  int quit_fd_ = -1;  // the child serves until this closes
  std::uint16_t port_ = 0;
};

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_CHILD_HTTP_SERVER_H_
