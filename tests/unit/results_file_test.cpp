// Results files: the round trip is exact, merged parts are one run's bytes, and whatever is
// done to a file's bytes (truncated anywhere, any byte changed) it decodes to what a run
// could have written or fails with IoError, and what decodes assesses and reports safely.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <random>
#include <string>

#include "scrisk/scrisk.hpp"
#include "support/scratch_dir.hpp"

namespace scrisk {
namespace {

using ::testing::HasSubstr;

const std::string kExamples = std::string(SCRISK_SOURCE_DIR) + "/examples/";

engine::Results run(const engine::Plan& plan, std::uint64_t first, std::uint64_t trials) {
  engine::RunConfig config;
  config.first_trial = first;
  config.trials = trials;
  config.seed = 31;
  return engine::run(plan, config);
}

TEST(ResultsFile, RoundTripIsExact) {
  for (const char* name : {"minimal.textproto", "network.textproto", "protected_site.textproto"}) {
    SCOPED_TRACE(name);
    const model::Model model = io::load(kExamples + name);
    const engine::Plan plan(model);
    const engine::Results results = run(plan, 0, 1500);
    const std::string bytes = io::encode_results(model, results);
    const io::SavedRun back = io::decode_results(bytes);
    EXPECT_TRUE(back.results == results);
    EXPECT_EQ(io::encode_results(back.model, back.results), bytes);
    EXPECT_EQ(report::to_json(assess::evaluate(back.model, back.results)), report::to_json(assess::evaluate(plan, results)));
  }
}

TEST(ResultsFile, MergedPartsAreTheBytesOfOneRun) {
  const model::Model model = io::load(kExamples + "importer.textproto");
  const engine::Plan plan(model);
  const io::SavedRun merged = io::merge_runs({{model, run(plan, 1777, 1223)}, {model, run(plan, 0, 1777)}});
  EXPECT_EQ(io::encode_results(merged.model, merged.results), io::encode_results(model, run(plan, 0, 3000)));
}

TEST(ResultsFile, MergeRefusesWhatDoesNotBelongTogether) {
  const model::Model model = io::load(kExamples + "minimal.textproto");
  const engine::Plan plan(model);
  model::Model renamed = model;
  renamed.name = "another";
  EXPECT_THROW((void)io::merge_runs({{model, run(plan, 0, 500)}, {renamed, run(plan, 500, 500)}}), ResultsMismatch);
  EXPECT_THROW((void)io::merge_runs({{model, run(plan, 0, 500)}, {model, run(plan, 600, 500)}}), ResultsMismatch);
  EXPECT_THROW((void)io::merge_runs({}), UsageError);
}

/// Decoding must end in a run's results or an IoError; what decodes must assess and report.
void expect_safe(const std::string& bytes) {
  try {
    const io::SavedRun run = io::decode_results(bytes, "<mutated>");
    const assess::Assessment assessment = assess::evaluate(run.model, run.results);
    (void)report::to_json(assessment);
    (void)report::to_text(assessment);
  } catch (const IoError& error) {
    EXPECT_THAT(error.what(), HasSubstr("<mutated>"));
  }
}

TEST(ResultsFile, EveryTruncationIsRefused) {
  const model::Model model = io::load(kExamples + "minimal.textproto");
  const std::string bytes = io::encode_results(model, run(engine::Plan(model), 0, 40));
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    try {
      (void)io::decode_results(bytes.substr(0, length), "<truncated>");
      ADD_FAILURE() << "a file cut at byte " << length << " of " << bytes.size() << " decoded";
    } catch (const IoError& error) {
      EXPECT_THAT(error.what(), HasSubstr("<truncated>"));
    }
  }
}

TEST(ResultsFile, ChangedBytesNeverCrash) {
  // One changed byte in a pickled Results decoded and then crashed to_json() (one random
  // 1-4 byte mutation in six did): every field is now checked against what a run writes.
  const model::Model model = io::load(kExamples + "protected_site.textproto");
  const std::string bytes = io::encode_results(model, run(engine::Plan(model), 0, 64));
  std::mt19937_64 random(20261203);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string mutated = bytes;
    const int changes = 1 + int(random() % 4);
    for (int c = 0; c < changes; ++c) mutated[random() % mutated.size()] = char(random());
    expect_safe(mutated);
  }
}

TEST(ResultsFile, FilesThatAreNotResultsAreIoErrors) {
  const testing::ScratchDir scratch;
  EXPECT_THROW((void)io::load_results(scratch.path() / "missing.results"), IoError);
  EXPECT_THROW((void)io::load_results(scratch.path()), IoError);
  EXPECT_THROW((void)io::load_results(scratch.write("model.textproto", "name: \"x\"")), IoError);
  try {
    (void)io::decode_results(std::string("SCRSKRES") + std::string("\x07\0\0\0", 4), "old.results");
    FAIL() << "decoded";
  } catch (const IoError& error) {
    EXPECT_THAT(error.what(), HasSubstr("format version 7"));
  }
}

TEST(AtomicFile, WritesWholeOrLeavesThePreviousFile) {
  const testing::ScratchDir scratch;
  const auto target = scratch.write("report.json", "previous");
  {
    io::AtomicFile file(target);
    file.write("half of the new");
    // Destroyed uncommitted (an exception, Ctrl-C): the previous file stays, no stray file.
  }
  EXPECT_EQ(std::filesystem::file_size(target), 8u);
  io::write_file_atomically(target, "the new one");
  EXPECT_EQ(std::filesystem::file_size(target), 11u);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(scratch.path())) ++files;
  EXPECT_EQ(files, 1u) << "a temporary file was left behind";
}

TEST(AtomicFile, AnUnwritablePlaceFailsAtOnceNamingThePath) {
  const testing::ScratchDir scratch;
  try {
    io::AtomicFile file(scratch.path() / "no" / "such" / "folder" / "out.json");
    FAIL() << "created";
  } catch (const IoError& error) {
    EXPECT_THAT(error.path(), HasSubstr("out.json"));
  }
  EXPECT_THROW(io::AtomicFile(scratch.path()), IoError);  // a directory
}

}  // namespace
}  // namespace scrisk

namespace scrisk {
namespace {

TEST(JsonReport, RisksWrittenOneAtATimeAreTheWholeDocumentsDump) {
  // to_json streams the risks array; for every indent it must print what one dump of the
  // whole document prints.
  const model::Model model = io::load(kExamples + "importer.textproto");
  const engine::Plan plan(model);
  const assess::Assessment assessment = assess::evaluate(plan, run(plan, 0, 500));
  const auto whole = nlohmann::ordered_json::parse(report::to_json(assessment, 2));
  for (const int indent : {-1, 0, 1, 2, 4})
    EXPECT_EQ(report::to_json(assessment, indent), whole.dump(indent) + "\n") << "indent " << indent;
}

}  // namespace
}  // namespace scrisk
