// Fuzz target: a stress scenario read against the importer example and priced
// (io::parse_outages: the reader, the bounds, the checks; assess::stress: the exact pricer
// and the customers' split). What prices must be a finite, non-negative value that the
// customers add up to. The first byte picks the format: '{' JSON, anything else text.
#include <cmath>

#include "fuzz_target.hpp"
#include "scrisk/assess/stress.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/io/outage_file.hpp"

namespace {

const scrisk::engine::Plan& importer() {
  static const scrisk::model::Model model = scrisk::io::load(SCRISK_SOURCE_DIR "/examples/importer.textproto");
  static const scrisk::engine::Plan plan(model);
  return plan;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const scrisk::engine::Plan& plan = importer();
  return scrisk::fuzz::run_one(data, size, [&](std::string_view input) {
    const auto format = !input.empty() && input[0] == '{' ? scrisk::io::Format::kJson : scrisk::io::Format::kText;
    const auto outages = scrisk::io::parse_outages(input, format, plan.model(), "<fuzz>");
    const scrisk::assess::StressTest test = scrisk::assess::stress(plan, outages);
    double customers = 0;
    for (const auto& customer : test.customers) customers += customer.lost_sales;
    if (!(std::isfinite(test.lost_sales) && test.lost_sales >= 0)) std::abort();
    if (!(std::fabs(customers - test.lost_sales) <= 1e-6 * std::max(1.0, test.lost_sales))) std::abort();
  });
}
