// Fuzz target: loading and validating a model in text format (io::parse: the reader, the
// conversion, the bounds and every check of validation).
#include "fuzz_target.hpp"
#include "scrisk/io/model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return scrisk::fuzz::run_one(data, size, [](std::string_view input) {
    const scrisk::model::Model model = scrisk::io::parse(input, scrisk::io::Format::kText, "<fuzz>");
    // What loads must serialize and load again to an equal model.
    for (const auto format : {scrisk::io::Format::kText, scrisk::io::Format::kJson, scrisk::io::Format::kBinary})
      if (scrisk::io::serialize(scrisk::io::parse(scrisk::io::serialize(model, format), format), scrisk::io::Format::kBinary) !=
          scrisk::io::serialize(model, scrisk::io::Format::kBinary))
        std::abort();
  });
}
