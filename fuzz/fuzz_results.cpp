// Fuzz target: decoding a results file (io::decode_results), then what a decoded file is
// used for: the assessment and every report.
#include "fuzz_target.hpp"
#include "scrisk/assess/assessment.hpp"
#include "scrisk/io/results_file.hpp"
#include "scrisk/report/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return scrisk::fuzz::run_one(data, size, [](std::string_view input) {
    const scrisk::io::SavedRun run = scrisk::io::decode_results(input, "<fuzz>");
    const scrisk::assess::Assessment assessment = scrisk::assess::evaluate(run.model, run.results);
    (void)scrisk::report::to_json(assessment);
    (void)scrisk::report::to_csv(assessment);
    (void)scrisk::report::to_text(assessment);
  });
}
