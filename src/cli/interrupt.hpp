// Ctrl-C: the first one asks the running command to stop cleanly (no half-written file;
// exit 130), a second one ends the process at once.
#pragma once

namespace scrisk::cli {

/// Installs the SIGINT handler (once, from main).
void catch_interrupts();
/// True once Ctrl-C was pressed.
[[nodiscard]] bool interrupted() noexcept;

}  // namespace scrisk::cli
