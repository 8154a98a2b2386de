// The commands around a run: validate --format json and standard input, run --first-trial
// and --save, merge, report; exit codes per kind of error; files that survive faults (a full
// disk, kill -9, Ctrl-C).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "support/cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using scrisk::testing::Outcome;
using scrisk::testing::quote;
using scrisk::testing::read;
using scrisk::testing::ScratchDir;
using scrisk::testing::scrisk_cli;
using scrisk::testing::show;
using ::testing::HasSubstr;

const std::string kExamples = std::string(SCRISK_SOURCE_DIR) + "/examples/";
const std::string kMinimal = kExamples + "minimal.textproto";

/// `sh -c SCRIPT` in `scratch`, with SCRISK set to the command; its exit status.
int shell(const std::string& script, const ScratchDir& scratch) {
  const std::string command =
      "cd " + quote(scratch.path().string()) + " && SCRISK=" + quote(SCRISK_CLI) + " sh -c " + quote(script) + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CliValidate, JsonListsEveryProblemWithItsPosition) {
  const ScratchDir scratch;
  const std::string bad = (fs::path(SCRISK_SOURCE_DIR) / "tests/data/bad/several_problems.textproto").string();
  const Outcome o = scrisk_cli({"validate", bad, "--format", "json"}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  const json doc = json::parse(o.out);
  EXPECT_FALSE(doc.at("valid").get<bool>());
  ASSERT_EQ(doc.at("problems").size(), 5u);
  const json& first = doc["problems"][0];
  EXPECT_EQ(first.at("file"), bad);
  EXPECT_EQ(first.at("line"), 2);
  EXPECT_EQ(first.at("column"), 51);
  EXPECT_EQ(first.at("field"), "facilities[0].daily_value");
  EXPECT_THAT(first.at("message").get<std::string>(), HasSubstr("must be >= 0"));

  const Outcome good = scrisk_cli({"validate", kMinimal, "--format", "json"}, scratch);
  EXPECT_EQ(good.exit_code, 0) << show(good);
  EXPECT_EQ(json::parse(good.out), json::parse(R"({"valid": true, "problems": []})"));

  // A binary model has no positions: line and column are null.
  const auto binary = scratch.write("bad.pb", std::string("\x0a\x03\xff\xfe\xfd", 5));
  const json none = json::parse(scrisk_cli({"validate", binary.string(), "--format", "json"}, scratch).out);
  EXPECT_TRUE(none["problems"][0].at("line").is_null());
  EXPECT_TRUE(none["problems"][0].at("column").is_null());
}

TEST(CliValidate, ReadsTheModelFromStandardInput) {
  const ScratchDir scratch;
  for (const std::string name : {"minimal.textproto", "minimal.json"}) {
    const Outcome o = scrisk_cli({"validate", "-"}, scratch, 60, kExamples + name);
    EXPECT_EQ(o.exit_code, 0) << name << show(o);
    EXPECT_THAT(o.out, HasSubstr("<stdin>: valid")) << show(o);
  }
  const Outcome run = scrisk_cli({"run", "-", "-n", "500", "-f", "json"}, scratch, 60, kMinimal);
  EXPECT_EQ(run.exit_code, 0) << show(run);
  EXPECT_EQ(json::parse(run.out)["trials"], 500);
}

TEST(CliMerge, PartsSavedApartMergeIntoTheBytesOfOneRun) {
  const ScratchDir scratch;
  const std::string a = (scratch.path() / "a.results").string(), b = (scratch.path() / "b.results").string();
  const std::string merged = (scratch.path() / "merged.results").string(), whole = (scratch.path() / "whole.results").string();
  ASSERT_EQ(scrisk_cli({"run", kMinimal, "-n", "1300", "-s", "5", "--save", a, "-o", "/dev/null"}, scratch).exit_code, 0);
  ASSERT_EQ(
      scrisk_cli({"run", kMinimal, "-n", "700", "-s", "5", "--first-trial", "1300", "--save", b, "-o", "/dev/null"}, scratch)
          .exit_code,
      0);
  ASSERT_EQ(scrisk_cli({"run", kMinimal, "-n", "2000", "-s", "5", "--save", whole, "-o", "/dev/null"}, scratch).exit_code, 0);
  const Outcome m = scrisk_cli({"merge", b, a, "--out", merged}, scratch);
  ASSERT_EQ(m.exit_code, 0) << show(m);
  EXPECT_EQ(read(merged), read(whole));
  const Outcome report = scrisk_cli({"report", merged, "--format", "json"}, scratch);
  const Outcome direct = scrisk_cli({"run", kMinimal, "-n", "2000", "-s", "5", "--format", "json"}, scratch);
  EXPECT_EQ(report.out, direct.out);
}

TEST(CliMerge, RefusesPartsThatDoNotBelongTogether) {
  const ScratchDir scratch;
  const std::string a = (scratch.path() / "a.results").string(), b = (scratch.path() / "b.results").string();
  ASSERT_EQ(scrisk_cli({"run", kMinimal, "-n", "100", "-s", "1", "--save", a, "-o", "/dev/null"}, scratch).exit_code, 0);
  ASSERT_EQ(scrisk_cli({"run", kMinimal, "-n", "100", "-s", "2", "--first-trial", "100", "--save", b, "-o", "/dev/null"}, scratch)
                .exit_code,
            0);
  const Outcome o = scrisk_cli({"merge", a, b, "--out", (scratch.path() / "m.results").string()}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_THAT(o.err, HasSubstr("different seeds")) << show(o);
  EXPECT_FALSE(fs::exists(scratch.path() / "m.results"));
  // Another model under --model: it would not simulate the same.
  const Outcome other = scrisk_cli({"report", a, "--model", kExamples + "protected_site.textproto"}, scratch);
  EXPECT_EQ(other.exit_code, 2) << show(other);
  EXPECT_THAT(other.err, HasSubstr("not this plan's")) << show(other);
}

TEST(CliReport, ACorruptResultsFileIsAnIoError) {
  const ScratchDir scratch;
  const auto junk = scratch.write("junk.results", "SCRSKRES and then nothing a run writes");
  const Outcome o = scrisk_cli({"report", junk.string()}, scratch);
  EXPECT_EQ(o.exit_code, 1) << show(o);
  EXPECT_THAT(o.err, HasSubstr(junk.string() + ": not a scrisk results file")) << show(o);
}

TEST(CliFaults, AFullDiskLeavesThePreviousFileAndNamesThePath) {
  const ScratchDir scratch;
  (void)scratch.write("out.json", "previous");
  // A file size limit of 1 block: the write fails (EFBIG) as on a full disk (ENOSPC).
  const int status =
      shell("ulimit -f 1; trap '' XFSZ; exec \"$SCRISK\" run " + quote(kMinimal) + " -n 2000 -q -f json -o out.json 2>err.txt",
            scratch);
  EXPECT_EQ(status, 1);
  EXPECT_THAT(read(scratch.path() / "err.txt"), HasSubstr("out.json: cannot write"));
  EXPECT_EQ(read(scratch.path() / "out.json"), "previous");
}

TEST(CliFaults, KillDashNineLeavesThePreviousFileOrTheWholeNewOne) {
  const ScratchDir scratch;
  (void)scratch.write("out.json", "previous");
  shell("\"$SCRISK\" run " + quote(kMinimal) + " -n 30000000 -q -f json -o out.json & sleep 0.5; kill -9 $!; wait", scratch);
  const std::string after = read(scratch.path() / "out.json");
  EXPECT_TRUE(after == "previous" || json::accept(after)) << after.substr(0, 200);
}

TEST(CliFaults, CtrlCStopsTheRunWithExit130AndNoFile) {
  const ScratchDir scratch;
  (void)scratch.write("out.json", "previous");
  const int status = shell("\"$SCRISK\" run " + quote(kMinimal) +
                               " -n 60000000 -q -f json -o out.json & sleep 0.5; kill -INT $!; wait $!; echo $? > code",
                           scratch);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(read(scratch.path() / "code"), "130\n");
  EXPECT_EQ(read(scratch.path() / "out.json"), "previous");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch.path())) ++files;
  EXPECT_EQ(files, 2u) << "a temporary file was left behind";  // out.json and code
}

TEST(CliFaults, AnUnwritableOutFailsBeforeTheRun) {
  const ScratchDir scratch;
  const Outcome o =
      scrisk_cli({"run", kMinimal, "-n", "100000000", "-o", (scratch.path() / "no" / "dir" / "out.json").string()}, scratch, 10);
  EXPECT_EQ(o.exit_code, 1) << show(o);
  EXPECT_THAT(o.err, HasSubstr("out.json: cannot write here")) << show(o);
}

TEST(CliErrors, EachKindHasItsExitCode) {
  const ScratchDir scratch;
  EXPECT_EQ(scrisk_cli({"run", kMinimal, "-n", "1e6"}, scratch).exit_code, 2);                 // a bad flag
  EXPECT_EQ(scrisk_cli({"validate", "/no/such/model.textproto"}, scratch).exit_code, 2);       // a model that cannot be read
  EXPECT_EQ(scrisk_cli({"run", kMinimal, "-n", "10", "-o", kMinimal}, scratch).exit_code, 2);  // --out the model itself
  EXPECT_EQ(scrisk_cli({"report", "/no/such.results"}, scratch).exit_code, 1);                 // IoError
  const Outcome stdout_full = scrisk_cli({"run", kMinimal, "-n", "10", "-o", "/dev/full"}, scratch);
  EXPECT_EQ(stdout_full.exit_code, 1) << show(stdout_full);
  EXPECT_THAT(stdout_full.err, HasSubstr("No space left on device")) << show(stdout_full);
}

TEST(CliFaults, AModelFileWithoutAnEndIsRefusedAtItsLimit) {
  const ScratchDir scratch;
  fs::create_symlink("/dev/zero", scratch.path() / "zero.json");
  const Outcome o = scrisk_cli({"validate", (scratch.path() / "zero.json").string()}, scratch, 20);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_THAT(o.err, HasSubstr("larger than 64 MiB")) << show(o);
}

TEST(CliFaults, ANetworkThreatAtTheRateLimitFinishes) {
  const ScratchDir scratch;
  const std::string model = std::string(SCRISK_SOURCE_DIR) + "/tests/data/network_at_the_rate_limit.textproto";
  const Outcome o = scrisk_cli({"run", model, "-n", "20", "-q", "-f", "csv"}, scratch, 30);
  EXPECT_EQ(o.exit_code, 0) << show(o);
}

TEST(CliVersion, IsTheVersionFile) {
  const ScratchDir scratch;
  std::string version = read(fs::path(SCRISK_SOURCE_DIR) / "VERSION");
  const Outcome o = scrisk_cli({"--version"}, scratch);
  EXPECT_EQ(o.out, version);
}

}  // namespace
