// Cooperative interruption: SIGINT and SIGTERM set a process-wide flag that
// long-running commands poll between units of work (a page, a batch), so
// they can finish and commit what is in flight and exit 130.  A second
// signal restores the default action, so a user can always kill a stuck
// process with another Ctrl-C.
//
// Thread safety: the flag is a lock-free atomic; any thread may poll it.
#ifndef NEWSCRAWL_CONFIG_INTERRUPT_H_
#define NEWSCRAWL_CONFIG_INTERRUPT_H_

namespace newscrawl {

// Installs the SIGINT/SIGTERM handlers.  Call once from the main thread
// before starting other threads.
void InstallInterruptHandlers();

// True once SIGINT or SIGTERM arrived (or RequestInterrupt was called).
bool InterruptRequested() noexcept;

// The signal that interrupted us (0 if none or requested programmatically).
int InterruptSignal() noexcept;

// Sets the flag from code (tests, --max-time budgets).
void RequestInterrupt() noexcept;

// Clears the flag (tests only).
void ResetInterrupt() noexcept;

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_INTERRUPT_H_
