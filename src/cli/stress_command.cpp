// `scrisk stress MODEL --outages FILE [--format json|text] [--out F]`: a written-down
// disruption scenario priced on the model's supply network.
#include "cli/commands.hpp"
#include "cli/model_input.hpp"
#include "cli/output.hpp"
#include "scrisk/assess/stress.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/io/outage_file.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::cli {

int stress_command(const StressOptions& options) {
  const model::Model model = load_model(options.model_path);
  if (!model.supply_network)
    throw ModelError({{"supply_network", "missing: a stress test prices outages of the supply network's facilities and links"}},
                     source_name(options.model_path));
  const std::vector<model::Outage> outages = io::load_outages(options.outages_path, model);
  const engine::Plan plan = compile(model, options.model_path);
  Output out(options.report.out_path, "--out", {options.model_path, options.outages_path});
  const assess::StressTest test = assess::stress(plan, outages);
  const std::string format = choose_format(options.report.format, options.report.out_path);
  out.write(format == "json" ? report::to_json(test) : report::to_text(test));
  return 0;
}

}  // namespace scrisk::cli
