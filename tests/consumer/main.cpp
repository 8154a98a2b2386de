// Loads a model, runs it and prints the current ALE: proof that the installed headers,
// library and CMake package are complete.
#include <scrisk/scrisk.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer MODEL\n";
    return 2;
  }
  const scrisk::model::Model model = scrisk::io::load(argv[1]);
  scrisk::engine::RunConfig config;
  config.trials = 2000;
  const scrisk::engine::Plan plan(model);
  const auto assessment = scrisk::assess::evaluate(plan, scrisk::engine::run(plan, config));
  std::cout << "current ALE " << assessment.total[scrisk::engine::State::kCurrent].loss.ale << '\n';
  return assessment.total[scrisk::engine::State::kCurrent].loss.ale > 0 ? 0 : 1;
}
