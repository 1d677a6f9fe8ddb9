#include "tests/support/child_http_server.h"

#include <sys/wait.h>
#include <unistd.h>

namespace newscrawl::testing {

ChildHttpServer::ChildHttpServer(
    const std::function<void(HttpTestServer&)>& setup) {
  int port_pipe[2];
  int quit_pipe[2];
  if (pipe(port_pipe) != 0) return;
  if (pipe(quit_pipe) != 0) {
    close(port_pipe[0]);
    close(port_pipe[1]);
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {  // the child: serve until the parent closes its end
    close(port_pipe[0]);
    close(quit_pipe[1]);
    HttpTestServer server;
    server.set_logging(false);
    setup(server);
    const std::uint16_t port = server.port();
    if (write(port_pipe[1], &port, sizeof port) != sizeof port) _exit(1);
    char c;
    while (read(quit_pipe[0], &c, 1) > 0) {
    }
    server.Stop();
    _exit(0);
  }
  close(port_pipe[1]);
  close(quit_pipe[0]);
  quit_fd_ = quit_pipe[1];
  if (pid_ > 0 &&
      read(port_pipe[0], &port_, sizeof port_) != sizeof port_) {
    port_ = 0;
  }
  close(port_pipe[0]);
}

ChildHttpServer::~ChildHttpServer() {
  if (quit_fd_ >= 0) close(quit_fd_);
  if (pid_ > 0) waitpid(pid_, nullptr, 0);
}

std::string ChildHttpServer::Url(std::string_view path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(port_) +
         std::string(path_and_query);
}

}  // namespace newscrawl::testing
