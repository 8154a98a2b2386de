// scrisk._core's module definition, run() and stress(): compile and simulate without the GIL; progress callbacks,
// Ctrl-C and exceptions raised by callbacks are handled on the calling thread.
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <thread>

#include "common.hpp"
#include "results.hpp"
#include "scrisk/assess/stress.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/engine/engine.hpp"
#include "scrisk/io/outage_file.hpp"
#include "scrisk/report/report.hpp"
#include "scrisk/version.hpp"

namespace scrisk::python {
namespace {

/// Compiles on a helper thread while this (the calling) thread checks for signals every
/// 0.1 s, as the run does: compiling a large supply network takes seconds, and Ctrl-C must
/// stop it. A signal's KeyboardInterrupt is raised once the compile has stopped.
engine::Plan compile(const model::Model& model) {
  std::atomic<bool> stop{false};
  engine::CompileOptions options;
  options.cancelled = [&stop] { return stop.load(std::memory_order_relaxed); };
  std::optional<engine::Plan> plan;
  std::exception_ptr failure;
  std::optional<py::error_already_set> interrupted;
  {
    py::gil_scoped_release release;
    std::promise<void> finished;
    std::future<void> done = finished.get_future();
    std::thread worker([&] {
      try {
        plan.emplace(model, options);  // validates: ModelError listing every problem
      } catch (...) {
        failure = std::current_exception();
      }
      finished.set_value();
    });
    while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) {
        interrupted.emplace();
        stop = true;
        break;
      }
    }
    worker.join();
  }
  if (interrupted) throw std::move(*interrupted);
  if (failure) std::rethrow_exception(failure);
  return std::move(*plan);
}

}  // namespace

void bind_run(py::module_& m) {
  m.def(
      "run",
      [](py::handle model, std::uint64_t trials, std::uint64_t seed, int threads, std::uint64_t first_trial,
         py::object progress) {
        auto results = std::make_shared<PyResults>();
        const model::Model converted = model_from_python(model);
        const engine::Plan plan = compile(converted);
        results->plan = plan;
        results->model = std::make_shared<const model::Model>(converted);
        engine::RunConfig config;
        config.trials = trials;
        config.seed = seed;
        config.threads = threads;
        config.first_trial = first_trial;
        // The engine calls this on this (the calling) thread about ten times a second, so
        // Ctrl-C is noticed within 0.1 s even without a Python callback. A Python error (the
        // KeyboardInterrupt of a signal, or one the callback raised) is kept and re-raised
        // once the engine has stopped its threads.
        std::optional<py::error_already_set> pending;
        config.progress = [&](std::uint64_t done, std::uint64_t total) -> bool {
          py::gil_scoped_acquire gil;
          if (pending) return false;
          if (PyErr_CheckSignals() != 0) {
            pending.emplace();
            return false;
          }
          if (progress.is_none()) return true;
          try {
            const py::object answer = progress(done, total);
            return answer.is_none() || PyObject_IsTrue(answer.ptr()) != 0;
          } catch (py::error_already_set& error) {
            pending.emplace(std::move(error));
            return false;
          }
        };
        try {
          py::gil_scoped_release release;
          results->results = engine::run(plan, config);
        } catch (const Cancelled&) {
          if (pending) {
            py::error_already_set error = std::move(*pending);
            pending.reset();
            throw error;
          }
          throw;
        }
        if (pending) {  // raised by the final progress call: the run is complete but the error wins
          py::error_already_set error = std::move(*pending);
          pending.reset();
          throw error;
        }
        return results;
      },
      py::arg("model"), py::arg("trials"), py::arg("seed"), py::arg("threads"), py::arg("first_trial"), py::arg("progress"));
}

/// The stress test's JSON (docs/stress.md), compiled and priced without the GIL.
std::string stress_json(const model::Model& model, const std::vector<model::Outage>& outages) {
  const engine::Plan plan = compile(model);
  py::gil_scoped_release release;
  return report::to_json(assess::stress(plan, outages), -1);
}

void bind_stress(py::module_& m) {
  m.def(
      "stress",
      [](py::handle model, const std::string& content, const std::string& source) {
        const model::Model converted = model_from_python(model);
        return stress_json(converted, io::parse_outages(content, io::Format::kJson, converted, source));
      },
      py::arg("model"), py::arg("content"), py::arg("source"),
      "The stress test's JSON of a JSON scenario (a stress.proto Outages message).");
  m.def(
      "stress_file",
      [](py::handle model, const std::string& path) {
        const model::Model converted = model_from_python(model);
        return stress_json(converted, io::load_outages(path, converted));
      },
      py::arg("model"), py::arg("path"), "The stress test's JSON of a scenario file (format from its extension).");
}

}  // namespace scrisk::python

PYBIND11_MODULE(_core, m) {
  m.doc() = "scrisk's C++ library: model conversion and files, validation, the Monte Carlo run, results.";
  m.attr("__version__") = std::string(scrisk::kVersion);
  scrisk::python::bind_model(m);
  scrisk::python::bind_results(m);
  scrisk::python::bind_run(m);
  scrisk::python::bind_stress(m);
}
