// `scrisk validate MODEL [--format text|json]`.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/model_input.hpp"
#include "cli/output.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::cli {
namespace {

std::string count_of(std::size_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace

int validate_command(const ValidateOptions& options) {
  const bool json = options.format == "json";
  try {
    const model::Model model = load_model(options.model_path);
    (void)compile(model, options.model_path);
    Output out("", "", {});
    if (json) {
      out.write(report::problems_to_json(ModelError({}, source_name(options.model_path))));
    } else {
      out.write(report::printable(source_name(options.model_path)) + ": valid (" +
                count_of(model.facilities.size(), "facility", "facilities") + ", " +
                count_of(model.links.size(), "link", "links") + ", " + count_of(model.threats.size(), "threat", "threats") +
                ", " + count_of(model.controls.size(), "control", "controls") + ")\n");
    }
    return kSuccess;
  } catch (const ModelError& error) {
    if (!json) throw;
    // For editors and scripts: the same problems as text, on standard output.
    Output("", "", {}).write(report::problems_to_json(error));
    return kBadInput;
  }
}

}  // namespace scrisk::cli
