// Bad input, one tiny file per failure mode (in the style of SCRAM's input tests): each must
// be rejected with a ModelError naming the offending field and, for text input, its line and
// column. Files live in tests/data/bad; files that cannot be committed (binary garbage, a
// directory in place of a file) are written at run time into a scratch directory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scrisk/core/error.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/model/validate.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kBadDir = fs::path(SCRISK_SOURCE_DIR) / "tests" / "data" / "bad";

/// The ModelError that loading `path` throws; empty (and a test failure) when it loads.
std::optional<scrisk::ModelError> load_error(const fs::path& path) {
  try {
    (void)scrisk::io::load(path);
  } catch (const scrisk::ModelError& error) {
    return error;
  }
  ADD_FAILURE() << path << " loaded without error";
  return std::nullopt;
}

std::optional<scrisk::ModelError> parse_error(const std::string& content, scrisk::io::Format format) {
  try {
    (void)scrisk::io::parse(content, format, "<memory>");
  } catch (const scrisk::ModelError& error) {
    return error;
  }
  ADD_FAILURE() << "parsed without error: " << content;
  return std::nullopt;
}

/// The first problem with this path whose message contains `message`.
const scrisk::Problem* find(const std::vector<scrisk::Problem>& problems, const std::string& path, const std::string& message) {
  for (const scrisk::Problem& problem : problems)
    if (problem.path == path && problem.message.find(message) != std::string::npos) return &problem;
  return nullptr;
}

std::string describe(const std::vector<scrisk::Problem>& problems) {
  std::string text;
  for (const scrisk::Problem& problem : problems) text += "\n  " + problem.to_string();
  return text;
}

using scrisk::testing::ScratchDir;

// --- one file per failure mode --------------------------------------------------------------

struct BadFile {
  const char* file;     ///< under tests/data/bad
  const char* path;     ///< expected Problem::path; "" for whole-file and syntax problems
  const char* message;  ///< expected part of Problem::message
  int line;             ///< expected line; 0 for JSON and whole-file problems
  int column;           ///< expected column; 0 with line 0
};

void PrintTo(const BadFile& c, std::ostream* out) { *out << c.file; }

// Text files: line and column of the offending field (of the message holding a missing one).
const BadFile kBadFiles[] = {
    // Malformed text.
    {"malformed.textproto", "", "Expected double", 5, 34},
    {"unknown_enum.textproto", "", "PLANTT", 2, 32},   // column of the bad value
    {"unknown_field.textproto", "", "colour", 3, 36},  // column of the unknown name
    // Dangling and duplicate ids.
    {"unknown_target_facility.textproto", "threats[0].targets[0].facility", "unknown facility id \"warehouse\"", 6, 13},
    {"unknown_link_endpoint.textproto", "links[0].from", "unknown facility id \"nowhere\"", 3, 21},
    {"unknown_control_threat.textproto", "controls[0].applies_to[0].threat", "unknown threat id \"fire\"", 10, 16},
    {"duplicate_id.textproto", "facilities[1].id", "duplicate id \"plant\"", 3, 14},
    {"duplicate_id_facility_link.textproto", "links[0].id", "duplicate id \"plant\" (already used by facilities[0])", 4, 9},
    {"link_self_loop.textproto", "links[0].to", "cannot start and end at \"plant\"", 3, 34},
    {"applies_to_untargeted.textproto", "controls[0].applies_to[0]", "threat \"theft\" does not target \"port\"", 11, 3},
    // Out-of-range numbers.
    {"probability_above_one.textproto", "threats[0].vulnerability", "probability in [0, 1], got 1.5", 7, 3},
    {"probability_negative.textproto", "controls[0].effectiveness", "probability in [0, 1], got -0.25", 11, 3},
    {"negative_rate.textproto", "threats[0].rate_per_year.fixed.value", "must be >= 0, got -2", 5, 27},
    {"negative_loss.textproto", "threats[0].loss.uniform.low", "must be >= 0, got -100", 7, 20},
    {"negative_daily_value.textproto", "facilities[0].daily_value", "must be >= 0, got -1000", 4, 3},
    {"low_above_high.textproto", "threats[0].loss.uniform.low", "must be <= high (500 > 100)", 7, 20},
    {"nan.textproto", "facilities[0].asset_value", "finite number, got nan", 4, 3},
    {"infinite.textproto", "threats[0].loss.fixed.value", "finite number, got inf", 7, 18},
    {"overflow.textproto", "threats[0].downtime_days.fixed.value", "finite number, got inf", 7, 27},
    // Distributions.
    {"missing_distribution_kind.textproto", "threats[0].rate_per_year", "no distribution given", 5, 3},
    {"empirical_weights_mismatch.textproto", "threats[0].loss.empirical.weights", "one weight per value (2 weights, 3 values)", 7,
     46},
    {"triangular_mode_outside.textproto", "threats[0].downtime_days.triangular.mode", "must be <= high (5 > 4)", 7, 39},
    {"pert_lambda_zero.textproto", "threats[0].rate_per_year.pert.lambda", "must be > 0, got 0", 5, 49},
    {"pert_lambda_negative.textproto", "threats[0].loss.pert.lambda", "must be > 0, got -1", 7, 43},
    {"pert_lambda_huge.textproto", "threats[0].rate_per_year.pert.lambda", "must be at most 1e+09, got 1e+300", 6, 49},
    // Enumerations.
    {"unknown_enum_number.textproto", "threats[0].category", "unknown enum value 42", 5, 3},
    // Criteria.
    {"bands_not_ascending.textproto", "criteria.likelihood_bands_per_year[2]", "greater than the previous threshold 1", 9, 3},
    {"bands_not_ascending_repeated.textproto", "criteria.impact_bands[2]", "greater than the previous threshold 100000", 11, 3},
    {"ale_thresholds_inverted.textproto", "criteria.broadly_acceptable_ale", "must be <= intolerable_ale", 10, 3},
    {"total_ale_thresholds_inverted.textproto", "criteria.total_broadly_acceptable_ale", "must be <= total_intolerable_ale", 10,
     3},
    // Physical protection.
    {"protection_negative_delay_sd.textproto", "facilities[0].protection.elements[0].delay_sd_seconds", "must be >= 0, got -5", 7,
     39},
    {"protection_upgrade_existing.textproto", "controls[0].protection_upgrade", "only a PROPOSED control", 19, 3},
    {"protection_upgrade_unprotected.textproto", "controls[0].applies_to[0].facility", "\"site\" has none", 10, 16},
    {"protection_upgrade_unknown_element.textproto", "controls[0].protection_upgrade.element_changes[0].element",
     "unknown protection element id \"window\"", 19, 42},
    // Supply network.
    {"network_unknown_facility.textproto", "supply_network.facilities[1].facility", "unknown facility id \"plnat\"", 12, 16},
    {"network_negative_inventory.textproto", "supply_network.facilities[1].inventory_units", "must be >= 0, got -50", 12, 34},
    // Common-cause threats.
    {"common_cause_not_positive_definite.textproto", "threats[0].common_cause.severity_correlation", "not positive definite", 12,
     5},
    {"common_cause_not_symmetric.textproto", "threats[0].common_cause.severity_correlation[2]",
     "must equal severity_correlation[1] (0.5): the matrix must be symmetric, got 0.4", 9, 18},
    {"common_cause_wrong_size.textproto", "threats[0].common_cause.severity_correlation",
     "needs 4 values, a row of 2 per target, got 3", 9, 18},
    {"damage_probability_without_common_cause.textproto", "threats[0].targets[0].damage_probability",
     "only the targets of a common-cause threat", 6, 27},
    // Empty models.
    {"empty.textproto", "", "the model is empty", 0, 0},
    {"header_only.textproto", "", "the model is empty", 0, 0},
    {"no_threats.textproto", "threats", "no threats", 0, 0},
    // JSON: line and column from our own pass over the text (json_locations.cpp).
    {"malformed.json", "", "syntax error while parsing object - unexpected string literal", 2, 40},
    {"truncated.json", "", "unexpected end of input", 4, 1},
    {"unknown_field.json", "facilities[0].colour", "unknown field \"colour\"", 2, 71},
    {"unknown_field_brackets.json", "(])r3y", "unknown field \"(])r3y\"", 2, 1},  // a fuzzer's: the walk up its path hung
    {"unknown_enum.json", "facilities[0].kind", "invalid value \"PLANTT\"", 2, 36},
    {"wrong_type.json", "facilities[0].asset_value", "invalid value \"lots\"", 2, 71},
    {"not_an_object.json", "", "a JSON model is one object", 1, 1},
    {"nan.json", "facilities[0].asset_value", "finite number, got nan", 2, 71},
    {"probability.json", "threats[0].vulnerability", "probability in [0, 1], got 1.01", 6, 18},
    {"unknown_id.json", "threats[0].targets[1].link", "unknown link id \"truck\"", 5, 58},
    {"empty.json", "", "the model is empty", 1, 1},
    {"nested_array.json", "facilities[0]", "a list inside a list", 1, 17},
    {"duplicate_key.json", "name", "\"name\" is given twice", 4, 3},
    {"duplicate_key_json_name.json", "threats[0].rate_per_year", "\"ratePerYear\" is given twice", 5, 18},
    {"number_overflow.json", "facilities[0].asset_value", "beyond a double's range", 2, 86},
    // Bounds (model/limits.hpp): the work a file may cause, and numbers the LP can take.
    {"invalid_utf8_id.textproto", "facilities[0].id", "is not UTF-8 text", 1, 14},
    {"long_id.textproto", "facilities[0].id", "at most 256 are allowed", 1, 14},
    {"rate_normal_huge_sd.textproto", "threats[0].rate_per_year", "normal allows 4.75342e+300 attempts per year", 4, 3},
    // Found by fuzz_model_binary: Boost's incomplete gamma overflowed on a subnormal shape.
    {"gamma_shape_subnormal.textproto", "threats[0].rate_per_year.gamma.shape", "must be in [1e-300, 1e+09], got 5.28971e-310", 4,
     27},
    {"gamma_shape_huge.textproto", "threats[0].rate_per_year.gamma.shape", "must be in [1e-300, 1e+09], got 1e+15", 4, 27},
    // Found by fuzz_model_binary: the Poisson quantile's incomplete gamma gave up on a huge mean.
    {"poisson_mean_huge.textproto", "threats[0].rate_per_year.poisson.mean", "must be in [0, 1e+09], got 3e+31", 4, 29},
    {"network_demand_huge.textproto", "supply_network.facilities[1].demand_per_day", "must be at most 1e+09, got 1e+100", 12, 33},
    {"network_value_huge.textproto", "supply_network.facilities[1].lost_sale_value_per_unit", "must be at most 1e+09, got 1e+21",
     12, 52},
    {"network_rate_huge.textproto", "threats[0].rate_per_year", "at most 1000 are supported for a threat on the supply network",
     6, 3},
};

class BadInputFile : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadInputFile, IsRejectedNamingTheField) {
  const BadFile& c = GetParam();
  const fs::path file = kBadDir / c.file;
  ASSERT_TRUE(fs::is_regular_file(file)) << file;
  const auto error = load_error(file);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->source(), file.string());
  const scrisk::Problem* problem = find(error->problems(), c.path, c.message);
  ASSERT_NE(problem, nullptr) << "no problem at path \"" << c.path << "\" with message containing \"" << c.message
                              << "\"; got:" << describe(error->problems());
  EXPECT_EQ(problem->line, c.line) << problem->to_string();
  EXPECT_EQ(problem->column, c.column) << problem->to_string();
  // The summary (what callers show) names the file, the field and, for text, line:column.
  EXPECT_THAT(error->what(), HasSubstr(file.string()));
  EXPECT_THAT(error->what(), HasSubstr(c.path));
  if (c.line > 0) {
    EXPECT_THAT(error->what(), HasSubstr(file.string() + ":" + std::to_string(c.line) + ":" + std::to_string(c.column)));
  }
}

std::string case_name(const ::testing::TestParamInfo<BadFile>& info) {
  std::string name = info.param.file;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(BadInput, BadInputFile, ::testing::ValuesIn(kBadFiles), case_name);

// Every committed bad file is in the table above (a new file without an expectation is a mistake).
TEST(BadInput, EveryBadFileHasAnExpectation) {
  std::set<std::string> listed;
  for (const BadFile& c : kBadFiles) listed.insert(c.file);
  listed.insert("several_problems.textproto");  // BadInput.SeveralProblemsAreListedAtOnce
  listed.insert("unclosed_brace.textproto");    // BadInput.UnclosedBraceSaysTheFileEndsEarly
  for (const auto& entry : fs::directory_iterator(kBadDir))
    EXPECT_TRUE(listed.count(entry.path().filename().string())) << entry.path() << " is not tested";
}

TEST(BadInput, SeveralProblemsAreListedAtOnce) {
  const fs::path file = kBadDir / "several_problems.textproto";
  const auto error = load_error(file);
  ASSERT_TRUE(error);
  struct Expected {
    const char* path;
    const char* message;
    int line, column;
  };
  const Expected expected[] = {
      {"facilities[0].daily_value", "must be >= 0, got -5", 2, 51},
      {"links[0].to", "unknown facility id \"dock\"", 3, 35},
      {"threats[0].rate_per_year.uniform.low", "must be <= high (4 > 2)", 6, 29},
      {"threats[0].vulnerability", "probability in [0, 1], got 2", 8, 3},
      {"controls[0].availability", "probability in [0, 1], got nan", 13, 3},
  };
  ASSERT_EQ(error->problems().size(), std::size(expected)) << describe(error->problems());
  for (const Expected& e : expected) {
    const scrisk::Problem* problem = find(error->problems(), e.path, e.message);
    ASSERT_NE(problem, nullptr) << e.path << describe(error->problems());
    EXPECT_EQ(problem->line, e.line) << e.path;
    EXPECT_EQ(problem->column, e.column) << e.path;
    EXPECT_THAT(error->what(),
                HasSubstr(file.string() + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.path));
  }
  EXPECT_THAT(error->what(), HasSubstr("5 problems"));
}

// Protobuf reports an unclosed message as "Expected identifier, got: " (an empty token) at the
// end of the file; the user should be told the file ended inside a message.
TEST(BadInput, UnclosedBraceSaysTheFileEndsEarly) {
  const auto error = load_error(kBadDir / "unclosed_brace.textproto");
  ASSERT_TRUE(error);
  ASSERT_EQ(error->problems().size(), 1u) << describe(error->problems());
  const scrisk::Problem& problem = error->problems().front();
  EXPECT_EQ(problem.line, 7);  // just past the last line
  EXPECT_THAT(problem.message, HasSubstr("end of")) << problem.message;
}

// One clear error per offending field: a field that cannot be read must not also be reported
// as missing, and a mistake in a field the user wrote must not be reported again for a field
// that merely defaults to it.
TEST(BadInput, OneProblemPerOffendingField) {
  for (const auto& [file, path] : {std::pair{"missing_distribution_kind.textproto", "threats[0].rate_per_year"},
                                   std::pair{"unknown_enum_number.textproto", "threats[0].category"},
                                   std::pair{"ale_thresholds_inverted.textproto", "criteria.broadly_acceptable_ale"},
                                   std::pair{"negative_rate.textproto", "threats[0].rate_per_year.fixed.value"}}) {
    const auto error = load_error(kBadDir / file);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->problems().size(), 1u) << file << ":" << describe(error->problems());
    int count = 0;
    for (const scrisk::Problem& problem : error->problems()) count += problem.path == path ? 1 : 0;
    EXPECT_EQ(count, 1) << file << ":" << describe(error->problems());
  }
}

// --- files that are not committed -------------------------------------------------------------

TEST(BadInput, MissingFile) {
  const fs::path file = kBadDir / "no_such_model.textproto";
  const auto error = load_error(file);
  ASSERT_TRUE(error);
  ASSERT_EQ(error->problems().size(), 1u);
  EXPECT_EQ(error->problems().front().path, "");
  EXPECT_THAT(error->problems().front().message, HasSubstr("no such file"));
  EXPECT_EQ(error->source(), file.string());
  EXPECT_THAT(error->what(), HasSubstr(file.string()));
}

TEST(BadInput, DirectoryInsteadOfFile) {
  const ScratchDir scratch;
  const fs::path directory = scratch.path() / "model.textproto";
  fs::create_directory(directory);
  for (const fs::path& path : {directory, kBadDir}) {
    const auto error = load_error(path);
    ASSERT_TRUE(error);
    ASSERT_EQ(error->problems().size(), 1u) << describe(error->problems());
    EXPECT_THAT(error->problems().front().message, HasSubstr("directory")) << path;
    EXPECT_EQ(error->source(), path.string());
  }
}

TEST(BadInput, BinaryGarbage) {
  const ScratchDir scratch;
  const std::string valid =
      scrisk::io::serialize(scrisk::io::load(SCRISK_SOURCE_DIR "/examples/minimal.textproto"), scrisk::io::Format::kBinary);
  std::string noise;
  std::uint32_t state = 12345;
  for (int i = 0; i < 512; ++i) {
    state = state * 1664525u + 1013904223u;
    noise += char(state >> 24);
  }
  const std::pair<const char*, std::string> cases[] = {
      {"length_overflow.pb", std::string("\x0a\xff\xff\xff\xff\x0f", 6)},  // name with a 4 GiB length
      {"text_in_binary.pb", "name: \"minimal\"\n"},                        // wire type 6 does not exist
      {"noise.bin", noise},
      {"truncated.binpb", valid.substr(0, valid.size() - 1)},
  };
  for (const auto& [name, content] : cases) {
    const auto error = load_error(scratch.write(name, content));
    ASSERT_TRUE(error) << name;
    ASSERT_EQ(error->problems().size(), 1u) << name << describe(error->problems());
    EXPECT_THAT(error->problems().front().message, HasSubstr("not a valid binary scrisk model")) << name;
    EXPECT_EQ(error->problems().front().line, 0) << name;
  }
}

// A well-formed binary message can still hold values the schema's enums do not define.
TEST(BadInput, BinaryUnknownEnumNumber) {
  const ScratchDir scratch;
  // facilities { id: "p" kind: 99 segment: OWN }
  const std::string bytes("\x1a\x07\x0a\x01p\x10\x63\x18\x02", 9);
  const auto error = load_error(scratch.write("enum.pb", bytes));
  ASSERT_TRUE(error);
  const scrisk::Problem* problem = find(error->problems(), "facilities[0].kind", "unknown enum value 99");
  ASSERT_NE(problem, nullptr) << describe(error->problems());
  EXPECT_EQ(problem->line, 0);
}

TEST(BadInput, InMemoryContent) {
  using scrisk::io::Format;
  struct Case {
    std::string content;
    Format format;
    const char* path;
    const char* message;
  };
  const Case cases[] = {
      {"", Format::kText, "", "the model is empty"},
      {"", Format::kJson, "", "invalid JSON"},
      {"", Format::kBinary, "", "the model is empty"},  // the empty message is valid binary
      {"{", Format::kJson, "", "invalid JSON"},
      {"facilities {", Format::kText, "", ""},
      {"facilities { id: \"a\" id: \"b\" }", Format::kText, "", "\"id\""},  // set twice
      {"threats { targets { facility: \"a\" link: \"b\" } }", Format::kText, "", "oneof"},
      {"\xff\xfe", Format::kText, "", ""},
  };
  for (const Case& c : cases) {
    const auto error = parse_error(c.content, c.format);
    ASSERT_TRUE(error) << c.content;
    EXPECT_NE(find(error->problems(), c.path, c.message), nullptr) << c.content << describe(error->problems());
    EXPECT_EQ(error->source(), "<memory>");
  }
}

// --- in-memory models through model::find_problems ---------------------------------------------

scrisk::model::Model valid_model() {
  using namespace scrisk::model;
  Model model;
  model.name = "in memory";
  model.facilities = {{"plant", FacilityKind::kPlant, Segment::kOwn, 1e6, 1e4, ""},
                      {"port", FacilityKind::kPort, Segment::kDownstream, 0, 1e4, ""}};
  model.links = {{"truck", "plant", "port", LinkMode::kRoad, 1, std::nullopt, ""}};
  Threat theft;
  theft.id = "theft";
  theft.category = ThreatCategory::kPhysical;
  theft.rate_per_year = scrisk::Pert{0.5, 2, 6};
  theft.targets = {{"", "truck", 3}, {"port", "", 1}};
  theft.vulnerability = 0.6;
  theft.loss = scrisk::Lognormal90{2e4, 8e5};
  theft.downtime_days = scrisk::Triangular{0, 1, 4};
  model.threats = {theft};
  Control gps;
  gps.id = "gps";
  gps.status = ControlStatus::kExisting;
  gps.applies_to = {{"theft", "", "truck"}};
  gps.effectiveness = 0.5;
  gps.annual_cost = 12000;
  model.controls = {gps};
  return model;
}

struct BadModel {
  const char* name;
  std::function<void(scrisk::model::Model&)> mutate;
  const char* path;
  const char* message;
};

void PrintTo(const BadModel& c, std::ostream* out) { *out << c.name; }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

const BadModel kBadModels[] = {
    {"facility_asset_nan", [](auto& m) { m.facilities[0].asset_value = kNaN; }, "facilities[0].asset_value",
     "finite number, got nan"},
    {"facility_daily_inf", [](auto& m) { m.facilities[1].daily_value = kInf; }, "facilities[1].daily_value",
     "finite number, got inf"},
    {"link_transit_minus_inf", [](auto& m) { m.links[0].transit_days = -kInf; }, "links[0].transit_days",
     "finite number, got -inf"},
    {"link_daily_nan", [](auto& m) { m.links[0].daily_value = kNaN; }, "links[0].daily_value", "finite number, got nan"},
    {"vulnerability_nan", [](auto& m) { m.threats[0].vulnerability = kNaN; }, "threats[0].vulnerability",
     "probability in [0, 1], got nan"},
    {"target_weight_inf", [](auto& m) { m.threats[0].targets[0].weight = kInf; }, "threats[0].targets[0].weight", "got inf"},
    {"target_weight_zero", [](auto& m) { m.threats[0].targets[1].weight = 0; }, "threats[0].targets[1].weight", "> 0, got 0"},
    {"rate_pert_mode_nan",
     [](auto& m) {
       m.threats[0].rate_per_year = scrisk::Pert{0, kNaN, 1};
     },
     "threats[0].rate_per_year.pert.mode", "finite number, got nan"},
    {"rate_normal_mean_inf",
     [](auto& m) {
       m.threats[0].rate_per_year = scrisk::Normal{kInf, 1};
     },
     "threats[0].rate_per_year.normal.mean", "finite number, got inf"},
    {"rate_poisson_nan", [](auto& m) { m.threats[0].rate_per_year = scrisk::Poisson{kNaN}; },
     "threats[0].rate_per_year.poisson.mean", "finite number, got nan"},
    {"rate_gamma_shape_nan",
     [](auto& m) {
       m.threats[0].rate_per_year = scrisk::Gamma{kNaN, 1};
     },
     "threats[0].rate_per_year.gamma.shape", "finite number, got nan"},
    {"rate_missing", [](auto& m) { m.threats[0].rate_per_year.reset(); }, "threats[0].rate_per_year", "missing"},
    {"loss_lognormal_mu_inf",
     [](auto& m) {
       m.threats[0].loss = scrisk::Lognormal{kInf, 1};
     },
     "threats[0].loss.lognormal.mu", "finite number, got inf"},
    {"loss_lognormal90_high_nan",
     [](auto& m) {
       m.threats[0].loss = scrisk::Lognormal90{1, kNaN};
     },
     "threats[0].loss.lognormal_90.high", "finite number, got nan"},
    {"loss_uniform_high_inf",
     [](auto& m) {
       m.threats[0].loss = scrisk::Uniform{0, kInf};
     },
     "threats[0].loss.uniform.high", "finite number, got inf"},
    {"loss_beta_alpha_inf",
     [](auto& m) {
       m.threats[0].loss = scrisk::Beta{kInf, 1};
     },
     "threats[0].loss.beta.alpha", "finite number, got inf"},
    {"loss_empirical_value_nan",
     [](auto& m) {
       m.threats[0].loss = scrisk::Empirical{{1, kNaN}, {}};
     },
     "threats[0].loss.empirical.values[1]", "finite number, got nan"},
    {"loss_empirical_weight_inf",
     [](auto& m) {
       m.threats[0].loss = scrisk::Empirical{{1, 2}, {1, kInf}};
     },
     "threats[0].loss.empirical.weights[1]", "finite number, got inf"},
    {"loss_empirical_no_values", [](auto& m) { m.threats[0].loss = scrisk::Empirical{}; }, "threats[0].loss.empirical.values",
     "at least one value"},
    {"loss_empirical_zero_weights",
     [](auto& m) {
       m.threats[0].loss = scrisk::Empirical{{1, 2}, {0, 0}};
     },
     "threats[0].loss.empirical.weights", "at least one positive weight"},
    {"downtime_fixed_nan", [](auto& m) { m.threats[0].downtime_days = scrisk::Fixed{kNaN}; },
     "threats[0].downtime_days.fixed.value", "finite number, got nan"},
    {"downtime_triangular_flat",
     [](auto& m) {
       m.threats[0].downtime_days = scrisk::Triangular{2, 2, 2};
     },
     "threats[0].downtime_days.triangular.high", "no width"},
    {"target_both", [](auto& m) { m.threats[0].targets[0].facility = "plant"; }, "threats[0].targets[0]",
     "exactly one of facility and link"},
    {"target_duplicate",
     [](auto& m) {
       m.threats[0].targets[1] = {"", "truck", 1};
     },
     "threats[0].targets[1]", "already a target"},
    {"target_kind_mismatch",
     [](auto& m) {
       m.threats[0].targets[0] = {"truck", "", 1};
     },
     "threats[0].targets[0].facility", "\"truck\" is a link, not a facility"},
    {"effectiveness_nan", [](auto& m) { m.controls[0].effectiveness = kNaN; }, "controls[0].effectiveness",
     "probability in [0, 1], got nan"},
    {"availability_inf", [](auto& m) { m.controls[0].availability = kInf; }, "controls[0].availability",
     "probability in [0, 1], got inf"},
    {"deterrence_above_one", [](auto& m) { m.controls[0].deterrence = 1.0000001; }, "controls[0].deterrence",
     "probability in [0, 1]"},
    {"annual_cost_minus_inf", [](auto& m) { m.controls[0].annual_cost = -kInf; }, "controls[0].annual_cost",
     "finite number, got -inf"},
    {"applies_to_both_targets", [](auto& m) { m.controls[0].applies_to[0].facility = "port"; }, "controls[0].applies_to[0]",
     "at most one of facility and link"},
    {"applies_to_nothing", [](auto& m) { m.controls[0].applies_to[0] = {}; }, "controls[0].applies_to[0]", "must name a threat"},
    {"control_status_missing", [](auto& m) { m.controls[0].status = scrisk::model::ControlStatus::kUnspecified; },
     "controls[0].status", "missing"},
    {"intolerable_nan", [](auto& m) { m.criteria.intolerable_ale = kNaN; }, "criteria.intolerable_ale", "finite number, got nan"},
    {"acceptable_inf", [](auto& m) { m.criteria.broadly_acceptable_ale = kInf; }, "criteria.broadly_acceptable_ale",
     "finite number, got inf"},
    {"impact_band_nan", [](auto& m) { m.criteria.impact_bands[1] = kNaN; }, "criteria.impact_bands[1]",
     "finite number > 0, got nan"},
    {"likelihood_bands_three",
     [](auto& m) {
       m.criteria.likelihood_bands_per_year = {1, 2, 3};
     },
     "criteria.likelihood_bands_per_year", "got 3"},
    {"empty_model", [](auto& m) { m = {}; }, "", "the model is empty"},
};

class BadInputModel : public ::testing::TestWithParam<BadModel> {};

TEST_P(BadInputModel, FindProblemsNamesTheField) {
  const BadModel& c = GetParam();
  scrisk::model::Model model = valid_model();
  ASSERT_THAT(scrisk::model::find_problems(model), ::testing::IsEmpty()) << describe(scrisk::model::find_problems(model));
  c.mutate(model);
  const std::vector<scrisk::Problem> problems = scrisk::model::find_problems(model);
  const scrisk::Problem* problem = find(problems, c.path, c.message);
  ASSERT_NE(problem, nullptr) << "no problem at \"" << c.path << "\" containing \"" << c.message
                              << "\"; got:" << describe(problems);
  EXPECT_EQ(problem->line, 0);
  try {
    scrisk::model::validate(model);
    ADD_FAILURE() << "validate accepted the model";
  } catch (const scrisk::ModelError& error) {
    EXPECT_EQ(error.problems().size(), problems.size());
    EXPECT_THAT(error.what(), HasSubstr(c.path));
  }
}

INSTANTIATE_TEST_SUITE_P(BadInput, BadInputModel, ::testing::ValuesIn(kBadModels),
                         [](const ::testing::TestParamInfo<BadModel>& param_info) { return std::string(param_info.param.name); });

// Serializing a model with NaN must not produce a file that loads as something else.
TEST(BadInput, NaNSurvivesEveryFormat) {
  scrisk::model::Model model = valid_model();
  model.facilities[0].asset_value = kNaN;
  model.controls[0].annual_cost = kInf;
  for (const auto format : {scrisk::io::Format::kText, scrisk::io::Format::kJson, scrisk::io::Format::kBinary}) {
    const auto error = parse_error(scrisk::io::serialize(model, format), format);
    ASSERT_TRUE(error);
    EXPECT_NE(find(error->problems(), "facilities[0].asset_value", "got nan"), nullptr) << describe(error->problems());
    EXPECT_NE(find(error->problems(), "controls[0].annual_cost", "got inf"), nullptr) << describe(error->problems());
  }
}

}  // namespace
