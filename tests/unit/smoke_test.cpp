#include <gtest/gtest.h>

#include "scrisk/scrisk.hpp"

TEST(Smoke, MinimalExampleRuns) {
  const auto model = scrisk::io::load(SCRISK_SOURCE_DIR "/examples/minimal.textproto");
  scrisk::engine::RunConfig config;
  config.trials = 5000;
  const auto results = scrisk::engine::run(scrisk::engine::Plan(model), config);
  const auto assessment = scrisk::assess::evaluate(model, results);
  EXPECT_GT(assessment.total[scrisk::engine::State::kInherent].loss.ale, 0);
}
