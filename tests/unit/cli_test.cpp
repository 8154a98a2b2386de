// The `scrisk` command line, run as a separate process (SCRISK_CLI is its path): exit codes,
// error listing, and the JSON / CSV results contract.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include "support/cli_runner.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

const fs::path kExample = fs::path(SCRISK_SOURCE_DIR) / "examples" / "minimal.textproto";
const fs::path kBadDir = fs::path(SCRISK_SOURCE_DIR) / "tests" / "data" / "bad";
const fs::path kHangDir = fs::path(SCRISK_SOURCE_DIR) / "tests" / "data" / "hang";

using scrisk::testing::Outcome;
using scrisk::testing::read;
using scrisk::testing::ScratchDir;
using scrisk::testing::scrisk_cli;
using scrisk::testing::show;
constexpr int kTimedOut = scrisk::testing::kTimedOut;

// --- validate -----------------------------------------------------------------------------------

TEST(Cli, ValidateExampleExitsZero) {
  const ScratchDir scratch;
  const Outcome o = scrisk_cli({"validate", kExample.string()}, scratch);
  EXPECT_EQ(o.exit_code, 0) << show(o);
  EXPECT_THAT(o.out, HasSubstr("valid")) << show(o);
  EXPECT_EQ(o.err, "");
}

struct BadValidate {
  const char* file;
  const char* location;  ///< ":line:col" after the file name; "" when there is none
  const char* path;      ///< the field path printed after it
  const char* message;
};

void PrintTo(const BadValidate& c, std::ostream* out) { *out << c.file; }

const BadValidate kBadValidate[] = {
    {"probability_above_one.textproto", ":7:3", "threats[0].vulnerability", "probability"},
    {"unknown_target_facility.textproto", ":6:13", "threats[0].targets[0].facility", "warehouse"},
    {"duplicate_id_facility_link.textproto", ":4:9", "links[0].id", "duplicate id"},
    {"negative_rate.textproto", ":5:27", "threats[0].rate_per_year.fixed.value", ">= 0"},
    {"pert_lambda_zero.textproto", ":5:49", "threats[0].rate_per_year.pert.lambda", "> 0"},
    {"nan.textproto", ":4:3", "facilities[0].asset_value", "nan"},
    {"missing_distribution_kind.textproto", ":5:3", "threats[0].rate_per_year", "no distribution"},
    {"malformed.textproto", ":5:34", "", "Expected double"},
    {"unknown_enum_number.textproto", ":5:3", "threats[0].category", "unknown enum value 42"},
    {"empty.textproto", "", "", "the model is empty"},
    {"unknown_id.json", ":5:58", "threats[0].targets[1].link", "truck"},
    {"unknown_field.json", ":2:71", "facilities[0].colour", "colour"},
};

class CliValidateBad : public ::testing::TestWithParam<BadValidate> {};

TEST_P(CliValidateBad, ExitsTwoListingTheProblem) {
  const BadValidate& c = GetParam();
  const ScratchDir scratch;
  const std::string file = (kBadDir / c.file).string();
  const Outcome o = scrisk_cli({"validate", file}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_EQ(o.out, "") << show(o);
  std::string expected = file + c.location + ": ";
  if (*c.path != '\0') expected += std::string(c.path) + ": ";
  EXPECT_THAT(o.err, HasSubstr(expected)) << show(o);
  EXPECT_THAT(o.err, HasSubstr(c.message)) << show(o);
  EXPECT_THAT(o.err, HasSubstr("error:")) << show(o);
}

INSTANTIATE_TEST_SUITE_P(Cli, CliValidateBad, ::testing::ValuesIn(kBadValidate),
                         [](const ::testing::TestParamInfo<BadValidate>& param_info) {
                           std::string name = param_info.param.file;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(Cli, ValidateListsEveryProblem) {
  const ScratchDir scratch;
  const std::string file = (kBadDir / "several_problems.textproto").string();
  const Outcome o = scrisk_cli({"validate", file}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_THAT(o.err, HasSubstr("5 problems")) << show(o);
  for (const char* line :
       {":2:51: facilities[0].daily_value: ", ":3:35: links[0].to: ", ":6:29: threats[0].rate_per_year.uniform.low: ",
        ":8:3: threats[0].vulnerability: ", ":13:3: controls[0].availability: "})
    EXPECT_THAT(o.err, HasSubstr(file + line)) << show(o);
}

TEST(Cli, ValidateSolvesTheSupplyNetwork) {
  // Loading cannot tell that the network cannot meet its demand; compiling the plan can.
  const ScratchDir scratch;
  const std::string file = SCRISK_SOURCE_DIR "/tests/data/network_cannot_meet_demand.textproto";
  const Outcome o = scrisk_cli({"validate", file}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_THAT(o.err, HasSubstr(file + ": supply_network: ")) << show(o);
  EXPECT_THAT(o.err, HasSubstr("plant")) << show(o);
}

TEST(Cli, ValidateMissingFileExitsTwo) {
  const ScratchDir scratch;
  const std::string file = (scratch.path() / "does_not_exist.textproto").string();
  for (const char* command : {"validate", "run"}) {
    const Outcome o = scrisk_cli({command, file}, scratch);
    EXPECT_EQ(o.exit_code, 2) << command << show(o);
    EXPECT_THAT(o.err, HasSubstr(file)) << show(o);
    EXPECT_THAT(o.err, HasSubstr("no such file")) << show(o);
  }
}

TEST(Cli, ValidateDirectoryExitsTwoSayingSo) {
  const ScratchDir scratch;
  const Outcome o = scrisk_cli({"validate", scratch.path().string()}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_THAT(o.err, HasSubstr("directory")) << show(o);
}

TEST(Cli, ValidateBinaryGarbageExitsTwo) {
  const ScratchDir scratch;
  const fs::path file = scratch.path() / "garbage.pb";
  std::ofstream(file, std::ios::binary) << std::string("\x0a\xff\xff\xff\xff\x0f\x00\x01", 8);
  const Outcome o = scrisk_cli({"validate", file.string()}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_THAT(o.err, HasSubstr("not a valid binary scrisk model")) << show(o);
}

TEST(Cli, RunBadModelExitsTwo) {
  const ScratchDir scratch;
  const std::string file = (kBadDir / "link_self_loop.textproto").string();
  const Outcome o = scrisk_cli({"run", file, "--trials", "100", "--format", "json"}, scratch);
  EXPECT_EQ(o.exit_code, 2) << show(o);
  EXPECT_EQ(o.out, "") << show(o);
  EXPECT_THAT(o.err, HasSubstr(file + ":3:34: links[0].to: ")) << show(o);
}

// A model the validator accepts must not make `run` hang or report nonsense: a rate of 1e18
// attempts a year (simulated one attempt at a time) or 1e300 (no Poisson count represents it).
TEST(Cli, RunAbsurdRatesDoesNotHang) {
  const ScratchDir scratch;
  for (const char* name : {"huge_rate.textproto", "absurd_rate.textproto"}) {
    const Outcome o = scrisk_cli({"run", (kHangDir / name).string(), "--trials", "1", "--threads", "1", "--quiet"}, scratch, 10);
    EXPECT_NE(o.exit_code, kTimedOut) << name << ": still running after 10 s";
    EXPECT_EQ(o.exit_code, 2) << name << show(o);
    EXPECT_THAT(o.err, HasSubstr("threats[0].rate_per_year")) << name << show(o);
  }
}

// --- run: flags ---------------------------------------------------------------------------------

TEST(Cli, BadFlagValuesExitNonZeroWithoutCrashing) {
  const ScratchDir scratch;
  const std::vector<std::vector<std::string>> cases = {
      {"run", kExample.string(), "--trials", "0"},
      {"run", kExample.string(), "--trials", "-5"},
      {"run", kExample.string(), "--trials", "many"},
      {"run", kExample.string(), "--trials", "99999999999999999999999"},
      {"run", kExample.string(), "--format", "xml"},
      {"run", kExample.string(), "--threads", "-1"},
      {"run", kExample.string(), "--threads", "lots"},
      {"run", kExample.string(), "--trials", "10", "--seed", "seven"},
      {"run", kExample.string(), "--trials", "10", "--seed", "18446744073709551616"},  // 2^64 does not fit
      {"run", kExample.string(), "--trials", "10", "--bogus"},
      {"run"},
      {"validate"},
      {"simulate", kExample.string()},
      {},
  };
  for (const auto& args : cases) {
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    const Outcome o = scrisk_cli(args, scratch);
    EXPECT_NE(o.exit_code, 0) << joined << show(o);
    EXPECT_LT(o.exit_code, 100) << joined << " crashed or hung: " << show(o);  // not a signal, not a timeout
    EXPECT_NE(o.err, "") << joined;
    EXPECT_EQ(o.out.find("\"trials\""), std::string::npos) << joined << ": ran anyway";
  }
}

TEST(Cli, HelpAndVersionExitZero) {
  const ScratchDir scratch;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"}, {"--version"}, {"run", "--help"}}) {
    const Outcome o = scrisk_cli(args, scratch);
    EXPECT_EQ(o.exit_code, 0) << args.front() << show(o);
    EXPECT_NE(o.out, "");
  }
}

// --- run: JSON results contract -------------------------------------------------------------------

const char* const kStates[] = {"inherent", "current", "residual"};

void expect_number(const json& object, const std::string& key, const std::string& where) {
  ASSERT_TRUE(object.contains(key)) << where << " has no \"" << key << "\"";
  EXPECT_TRUE(object[key].is_number()) << where << "." << key << " is " << object[key].type_name();
}

void expect_loss(const json& loss, const std::string& where) {
  ASSERT_TRUE(loss.is_object()) << where;
  for (const char* key : {"ale", "ale_stderr", "sd", "events_per_year", "prob_any"}) expect_number(loss, key, where);
  ASSERT_TRUE(loss.contains("quantiles") && loss["quantiles"].is_object()) << where;
  for (const char* key : {"p50", "p90", "p95", "p99", "p99.9"}) expect_number(loss["quantiles"], key, where + ".quantiles");
  ASSERT_TRUE(loss.contains("tvar") && loss["tvar"].is_object()) << where;
  for (const char* key : {"p95", "p99"}) expect_number(loss["tvar"], key, where + ".tvar");
  ASSERT_TRUE(loss.contains("lec") && loss["lec"].is_array()) << where;
  double previous_loss = -1, previous_probability = 2;
  for (const json& point : loss["lec"]) {
    ASSERT_TRUE(point.is_array() && point.size() == 2) << where << ".lec: " << point;
    ASSERT_TRUE(point[0].is_number() && point[1].is_number()) << where << ".lec: " << point;
    const double amount = point[0].get<double>(), probability = point[1].get<double>();
    EXPECT_GT(amount, previous_loss) << where << ".lec losses ascend";
    EXPECT_LE(probability, previous_probability) << where << ".lec exceedance probabilities descend";
    EXPECT_GE(probability, 0);
    EXPECT_LE(probability, 1);
    previous_loss = amount;
    previous_probability = probability;
  }
  const double p = loss["prob_any"].get<double>();
  EXPECT_GE(p, 0) << where;
  EXPECT_LE(p, 1) << where;
  EXPECT_GE(loss["ale"].get<double>(), 0) << where;
  EXPECT_LE(loss["quantiles"]["p50"].get<double>(), loss["quantiles"]["p99.9"].get<double>()) << where;
}

void expect_risk(const json& risk, const std::string& where) {
  ASSERT_TRUE(risk.is_object()) << where;
  for (const char* state : kStates) expect_loss(risk[state], where + "." + state);
  for (const char* key : {"level", "tolerability"}) {
    ASSERT_TRUE(risk.contains(key) && risk[key].is_object()) << where << " has no object \"" << key << "\"";
    for (const char* state : kStates) EXPECT_TRUE(risk[key].contains(state)) << where << "." << key << "." << state;
  }
  for (const char* state : kStates) {
    const json& tolerability = risk["tolerability"][state];
    ASSERT_TRUE(tolerability.is_string()) << where;
    EXPECT_THAT((std::vector<std::string>{"ACCEPTABLE", "ALARP", "INTOLERABLE"}),
                ::testing::Contains(tolerability.get<std::string>()));
    EXPECT_TRUE(risk["level"][state].is_object()) << where << ".level." << state;
  }
}

class CliRun : public ::testing::Test {
 protected:
  ScratchDir scratch_;

  Outcome run(std::vector<std::string> extra) {
    std::vector<std::string> args = {"run", kExample.string(), "--trials", "2000", "--seed", "7", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return scrisk_cli(args, scratch_);
  }
};

TEST_F(CliRun, JsonHasEveryContractKey) {
  const Outcome o = run({"--format", "json"});
  ASSERT_EQ(o.exit_code, 0) << show(o);
  json doc;
  ASSERT_NO_THROW(doc = json::parse(o.out)) << o.out.substr(0, 500);
  ASSERT_TRUE(doc.is_object());
  ASSERT_TRUE(doc.contains("trials") && doc["trials"].is_number_integer());
  EXPECT_EQ(doc["trials"].get<std::uint64_t>(), 2000u);
  ASSERT_TRUE(doc.contains("seed") && doc["seed"].is_number_integer());
  EXPECT_EQ(doc["seed"].get<std::uint64_t>(), 7u);
  ASSERT_TRUE(doc.contains("currency") && doc["currency"].is_string());
  EXPECT_EQ(doc["currency"], "EUR");

  ASSERT_TRUE(doc.contains("total"));
  expect_risk(doc["total"], "total");

  ASSERT_TRUE(doc.contains("risks") && doc["risks"].is_array());
  ASSERT_EQ(doc["risks"].size(), 2u);  // cargo_theft x {truck, port}
  std::vector<std::string> targets;
  for (std::size_t i = 0; i < doc["risks"].size(); ++i) {
    const json& risk = doc["risks"][i];
    const std::string where = "risks[" + std::to_string(i) + "]";
    ASSERT_TRUE(risk.contains("threat") && risk["threat"].is_string()) << where;
    ASSERT_TRUE(risk.contains("target") && risk["target"].is_string()) << where;
    EXPECT_EQ(risk["threat"], "cargo_theft");
    targets.push_back(risk["target"].get<std::string>());
    expect_risk(risk, where);
  }
  EXPECT_THAT(targets, ::testing::UnorderedElementsAre("truck", "port"));

  ASSERT_TRUE(doc.contains("controls") && doc["controls"].is_array());
  ASSERT_EQ(doc["controls"].size(), 2u);
  for (std::size_t i = 0; i < doc["controls"].size(); ++i) {
    const json& control = doc["controls"][i];
    const std::string where = "controls[" + std::to_string(i) + "]";
    ASSERT_TRUE(control.contains("id") && control["id"].is_string()) << where;
    ASSERT_TRUE(control.contains("status") && control["status"].is_string()) << where;
    expect_number(control, "ale_reduction", where);
    expect_number(control, "annual_cost", where);
    ASSERT_TRUE(control.contains("rosi")) << where;
    EXPECT_TRUE(control["rosi"].is_number()) << where << ".rosi: both controls cost money";
  }
  EXPECT_EQ(doc["controls"][0]["id"], "gps_tracking");
  EXPECT_EQ(doc["controls"][0]["status"], "EXISTING");
  EXPECT_EQ(doc["controls"][0]["annual_cost"].get<double>(), 12000);
  EXPECT_EQ(doc["controls"][1]["id"], "escorted_convoys");
  EXPECT_EQ(doc["controls"][1]["status"], "PROPOSED");

  // The model's facts, seen through the report: the existing control lowers the ALE.
  const json& total = doc["total"];
  EXPECT_LT(total["current"]["ale"].get<double>(), total["inherent"]["ale"].get<double>());
  EXPECT_LE(total["residual"]["ale"].get<double>(), total["current"]["ale"].get<double>());
}

TEST_F(CliRun, SameSeedGivesIdenticalJson) {
  const Outcome first = run({"--format", "json"});
  const Outcome again = run({"--format", "json"});
  const Outcome one_thread = run({"--format", "json", "--threads", "1"});
  const Outcome two_threads = run({"--format", "json", "--threads", "2"});
  for (const Outcome* o : {&first, &again, &one_thread, &two_threads}) ASSERT_EQ(o->exit_code, 0) << show(*o);
  ASSERT_FALSE(first.out.empty());
  EXPECT_EQ(first.out, again.out);
  EXPECT_EQ(first.out, one_thread.out);
  EXPECT_EQ(one_thread.out, two_threads.out);
  const Outcome other_seed =
      scrisk_cli({"run", kExample.string(), "--trials", "2000", "--seed", "8", "--quiet", "--format", "json"}, scratch_);
  ASSERT_EQ(other_seed.exit_code, 0) << show(other_seed);
  EXPECT_NE(first.out, other_seed.out);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

// The same model in another file format gives the same bits.
TEST_F(CliRun, EveryInputFormatGivesTheSameJson) {
  const Outcome text = run({"--format", "json"});
  ASSERT_EQ(text.exit_code, 0) << show(text);
  for (const char* name : {"minimal_proto_names.json", "minimal_camel_case.json"}) {
    const fs::path model = fs::path(SCRISK_SOURCE_DIR) / "tests" / "data" / "good" / name;
    const Outcome o =
        scrisk_cli({"run", model.string(), "--trials", "2000", "--seed", "7", "--quiet", "--format", "json"}, scratch_);
    ASSERT_EQ(o.exit_code, 0) << name << show(o);
    EXPECT_EQ(o.out, text.out) << name;
  }
}

TEST_F(CliRun, CsvHasAHeaderAndOneRowPerRiskAndState) {
  const Outcome o = run({"--format", "csv"});
  ASSERT_EQ(o.exit_code, 0) << show(o);
  const std::vector<std::string> lines = split_lines(o.out);
  ASSERT_EQ(lines.size(), 1u + 3u + 2u * 3u) << o.out;  // header, total x 3 states, 2 risks x 3 states
  const std::vector<std::string> header = split_fields(lines[0]);
  ASSERT_GE(header.size(), 8u);
  EXPECT_EQ(header[0], "threat");
  EXPECT_EQ(header[1], "target");
  EXPECT_EQ(header[2], "state");
  EXPECT_THAT(header, ::testing::IsSupersetOf({"ale", "ale_stderr", "sd", "events_per_year", "prob_any", "p50", "p99.9"}));
  std::vector<std::string> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> fields = split_fields(lines[i]);
    ASSERT_EQ(fields.size(), header.size()) << lines[i];
    rows.push_back(fields[0] + "/" + fields[1] + "/" + fields[2]);
    const std::size_t ale = std::size_t(std::find(header.begin(), header.end(), "ale") - header.begin());
    EXPECT_NO_THROW((void)std::stod(fields[ale])) << lines[i];
  }
  EXPECT_THAT(rows, ::testing::UnorderedElementsAre("TOTAL//inherent", "TOTAL//current", "TOTAL//residual",
                                                    "cargo_theft/truck/inherent", "cargo_theft/truck/current",
                                                    "cargo_theft/truck/residual", "cargo_theft/port/inherent",
                                                    "cargo_theft/port/current", "cargo_theft/port/residual"));
}

TEST_F(CliRun, OutFileGetsJsonFromItsExtension) {
  const fs::path file = scratch_.path() / "results.json";
  const Outcome o = run({"--out", file.string()});
  ASSERT_EQ(o.exit_code, 0) << show(o);
  EXPECT_EQ(o.out, "") << "the report goes to the file, not to standard output";
  ASSERT_TRUE(fs::exists(file));
  const std::string written = read(file);
  json doc;
  ASSERT_NO_THROW(doc = json::parse(written)) << written.substr(0, 500);
  EXPECT_EQ(doc["trials"].get<std::uint64_t>(), 2000u);
  EXPECT_EQ(doc["seed"].get<std::uint64_t>(), 7u);
  const Outcome stdout_json = run({"--format", "json"});
  EXPECT_EQ(written, stdout_json.out);
}

TEST_F(CliRun, OutFileInAMissingDirectoryFails) {
  const Outcome o = run({"--format", "json", "--out", (scratch_.path() / "no" / "such" / "dir.json").string()});
  EXPECT_NE(o.exit_code, 0) << show(o);
  EXPECT_LT(o.exit_code, 100) << show(o);
  EXPECT_THAT(o.err, HasSubstr("cannot write")) << show(o);
}

TEST_F(CliRun, TextFormatIsTheDefault) {
  const Outcome o = run({});
  ASSERT_EQ(o.exit_code, 0) << show(o);
  EXPECT_FALSE(o.out.empty());
  json parsed;
  EXPECT_THROW(parsed = json::parse(o.out), json::parse_error);
}

}  // namespace
