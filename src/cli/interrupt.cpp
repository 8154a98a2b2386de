#include "cli/interrupt.hpp"

#include <unistd.h>

#include <csignal>

#include "cli/exit_codes.hpp"

namespace scrisk::cli {
namespace {

// The one piece of process-wide state of the command: a signal handler can reach nothing else.
volatile std::sig_atomic_t interrupt_count = 0;

extern "C" void on_interrupt(int) {
  if (interrupt_count > 0) ::_exit(kCancelled);
  interrupt_count = 1;
}

}  // namespace

void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
}

bool interrupted() noexcept { return interrupt_count != 0; }

}  // namespace scrisk::cli
